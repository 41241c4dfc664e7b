"""The printable edition: every chapter of one language on a single page.

It is assembled from the HTML that MkDocs already made for each page, so macros,
abbreviations and link checks have run exactly as on the chapter pages. What
changes on the way in:

- every id gets its chapter's key as prefix, so the same heading or checklist
  row in two chapters cannot clash (``val-001`` in the catalog chapter becomes
  ``catalog--val-001``);
- every link to a chapter becomes a link inside the page (``../gates/g1/#x`` ->
  ``#gates-g1--x``); other relative links are re-based on the print page's URL;
- headings move down one level, so the edition's own title is the only h1;
- a link to another chapter is followed by "(se kapittel N)" and an external
  link by its address, both shown on paper only; every <details> is open.

The project's own pages (contributing, changelog, data, CI) come after the
main text as an appendix, lettered A, B, ... Paged media rules in an inline
<style> give every sheet the playbook's title, its chapter and its page number
(Chromium prints @page margin boxes since version 131). Page numbers in the
table of contents need a second pass, which only the PDF made by
generator/site/print_pdf.py has. Every word comes from generator/words.py.
"""

from __future__ import annotations

import functools
import posixpath
import re
import string
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape, unescape
from urllib.parse import urljoin, urlsplit

from generator.words import label

MACRO = "print_edition()"
MARKER = '<div class="pb-print-edition" data-pb-print-edition></div>'
# Where generator/site/print_pdf.py links the PDF it made; a build without one shows nothing.
PDF_MARKER = "<!-- pb-print-pdf -->"
# The class of the page number print_pdf.py writes after each entry of the contents.
TOC_PAGE = "pb-print-toc-page"

_BASE = "http://site.invalid/"
_ID_ATTR = re.compile(r'(\s(?:id|for)=")([^"]*)(")')
_URL_ATTR = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
_HEADING = re.compile(r"<(/?)h([1-6])\b")


@dataclass(frozen=True)
class Chapter:
    key: str  # prefix for its ids, the same in every language: "gates-g1"
    url: str  # the page's URL relative to the site root: "" for the home page, "en/gates/g1/"
    title: str  # its title in the navigation
    html: str  # its rendered content
    appendix: bool = False  # a project page, printed after the main text


_LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S)
_HREF = re.compile(r'\shref="([^"]*)"')
_DETAILS = re.compile(r"<details\b(?![^>]*\sopen\b)")


def chapter_key(src_uri: str) -> str:
    """gates/g1.nb.md -> gates-g1: the source path without language and extension."""
    return re.sub(r"(\.[a-z]{2})?\.md$", "", src_uri).replace("/", "-")


@functools.lru_cache(maxsize=4096)
def _site_path(href: str, page_url: str) -> tuple[str, str] | None:
    """A relative href on `page_url` as (site path, fragment); None for other hrefs.

    Remembered: a chapter links to the same few pages (sources, catalog rows,
    glossary) over and over, and URL joining is the costly part of the edition.
    """
    if href.startswith("#"):
        # A link within the chapter (a checklist row, a heading; about 40 % of
        # the links) needs no URL parsing.
        return page_url, href[1:]
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith("/") or not href:
        return None
    absolute = urlsplit(urljoin(_BASE + page_url, href))
    path = absolute.path.removeprefix("/")
    if absolute.query:
        path += "?" + absolute.query
    return path, absolute.fragment


def _relative(target: str, from_url: str) -> str:
    """`target` (a site path) as a relative link from the page at `from_url`."""
    if not target:
        target_dir, name = "", ""
    elif target.endswith("/"):
        target_dir, name = target, ""
    else:
        target_dir, name = posixpath.split(target)
    from_dir = from_url if from_url.endswith("/") else posixpath.dirname(from_url)
    rel = posixpath.relpath(target_dir or ".", from_dir.rstrip("/") or ".")
    rel = "" if rel == "." else rel + "/"
    return (rel + name) or "./"


def _page_counter(phrase: str) -> str:
    """ "Side {page} av {pages}" as CSS content: its words quoted, its fields counters."""
    out = []
    for literal, field, _spec, _conv in string.Formatter().parse(phrase):
        if literal:
            out.append(_css_string(literal))
        if field is not None:
            if field not in ("page", "pages"):
                raise ValueError(f"a page phrase knows {{page}} and {{pages}}, not {{{field}}}")
            out.append(f"counter({field})")
    return " ".join(out)


def _css_string(text: str) -> str:
    """Text as a quoted CSS string that cannot end the <style> element it sits in."""
    out = "".join(c if c.isalnum() or c in " .,:;-–·()'" else f"\\{ord(c):x} " for c in text)
    return f'"{out}"'


def _annotate(html: str, own: str, names: dict[str, str], lang: str) -> str:
    """After a link to another chapter, where it is; after an external link, its address."""

    def note(m: re.Match[str]) -> str:
        found = _HREF.search(m[1])
        if not found or "headerlink" in m[1]:
            return m[0]
        href = found[1]
        if href.startswith("#"):
            target = href[1:].split("--", 1)[0]
            if target == own or target not in names:
                return m[0]
            where = label(lang, "print_see").format(where=names[target])
            return f'{m[0]}<span class="pb-print-ref"> ({escape(where)})</span>'
        if href.startswith(("http://", "https://")):
            text = " ".join(re.sub(r"<[^>]+>", "", m[2]).split())
            if unescape(text).rstrip("/") in (
                unescape(href).rstrip("/"),
                unescape(href).split("://", 1)[1].rstrip("/"),
            ):
                return m[0]
            return f'{m[0]}<span class="pb-print-url"> ({href})</span>'
        return m[0]

    return _LINK.sub(note, html)


def _rewrite(chapter: Chapter, keys: dict[str, str], print_url: str) -> str:
    key = chapter.key

    def fix_id(m: re.Match[str]) -> str:
        return f"{m[1]}{key}--{m[2]}{m[3]}"

    def fix_url(m: re.Match[str]) -> str:
        href = unescape(m[2])
        resolved = _site_path(href, chapter.url)
        if resolved is None:
            return m[0]
        path, fragment = resolved
        if path in keys:
            target = keys[path]
            new = f"#{target}--{fragment}" if fragment else f"#{target}"
        else:
            new = _relative(path, print_url) + (f"#{fragment}" if fragment else "")
        return f"{m[1]}{escape(new, quote=True)}{m[3]}"

    def shift(m: re.Match[str]) -> str:
        return f"<{m[1]}h{min(int(m[2]) + 1, 6)}"

    html = _ID_ATTR.sub(fix_id, chapter.html)
    html = _URL_ATTR.sub(fix_url, html)
    return _HEADING.sub(shift, html)


def compose(
    chapters: Sequence[Chapter],
    print_url: str,
    contents_title: str,
    *,
    lang: str = "en",
    running_title: str = "",
) -> str:
    """The edition's body: a table of contents, the main chapters, then the appendix."""
    keys = {c.url: c.key for c in chapters}
    if len(set(keys.values())) != len(chapters):
        raise ValueError("chapter keys and URLs must be unique: " + ", ".join(sorted(keys)))
    main = [c for c in chapters if not c.appendix]
    appendix = [c for c in chapters if c.appendix]
    numbers = {c.key: str(n) for n, c in enumerate(main, 1)}
    numbers |= {c.key: chr(ord("A") + n) for n, c in enumerate(appendix)}
    names = {c.key: label(lang, "print_chapter").format(n=numbers[c.key]) for c in main}
    names |= {c.key: label(lang, "print_appendix").format(n=numbers[c.key]) for c in appendix}

    def toc(part: Sequence[Chapter], css: str) -> str:
        entries = "".join(f'<li><a href="#{keys[c.url]}">{escape(c.title)}</a></li>' for c in part)
        return f'<ol class="{css}">{entries}</ol>'

    parts = [_page_style(chapters, numbers, lang, running_title), PDF_MARKER]
    parts += [
        '<nav class="pb-print-toc">',
        f"<h2>{escape(contents_title)}</h2>",
        toc(main, "pb-print-toc-main"),
    ]
    if appendix:
        parts += [
            f"<h3>{escape(label(lang, 'print_appendix_title'))}</h3>",
            toc(appendix, "pb-print-toc-appendix"),
        ]
    parts.append("</nav>")

    def section(chapter: Chapter, css: str) -> list[str]:
        body = _rewrite(chapter, keys, print_url)
        body = _DETAILS.sub("<details open", _annotate(body, chapter.key, names, lang))
        return [
            f'<section class="{css}" id="{keys[chapter.url]}" data-pb-number="{numbers[chapter.key]}">',
            body,
            "</section>",
        ]

    for chapter in main:
        parts += section(chapter, "pb-print-chapter")
    if appendix:
        parts.append('<div class="pb-print-appendix">')
        for chapter in appendix:
            parts += section(chapter, "pb-print-chapter pb-print-appendix-chapter")
        parts.append("</div>")
    return '<div class="pb-print-edition">\n' + "\n".join(parts) + "\n</div>"


# Margin boxes do not inherit the page's font: without this Chromium sets them
# in its default serif, unlike the text they frame.
_MARGIN_FONT = (
    "font: 8pt -apple-system, BlinkMacSystemFont, Helvetica, Arial, sans-serif; color: #444;"
)


def _page_style(chapters: Sequence[Chapter], numbers: dict[str, str], lang: str, title: str) -> str:
    """Paged media: the playbook's title and the chapter at the top of every sheet,
    the page number at the bottom; a named page per chapter carries its heading."""
    page = _page_counter(label(lang, "print_page_of"))
    rules = [
        "@media print {",
        "@page { @top-left { content: " + _css_string(title) + f"; {_MARGIN_FONT} }}"
        f" @bottom-right {{ content: {page}; {_MARGIN_FONT} }} }}",
        "@page :first { @top-left { content: none; } @bottom-right { content: none; } }",
        # Chromium has no target-counter(): print_pdf.py writes each chapter's page
        # after its entry, right-aligned on the entry's line, one entry per line.
        ".md-typeset .pb-print-toc ol { columns: auto; }",
        f".md-typeset .pb-print-toc .{TOC_PAGE} {{ float: right; padding-left: 1em; }}",
    ]
    for n, chapter in enumerate(chapters):
        name = f"pb-chapter-{n}"
        running = f"{numbers[chapter.key]} · {chapter.title}"
        rules.append(
            f"@page {name} {{ @top-right {{ content: {_css_string(running)}; {_MARGIN_FONT} }} }}"
            f" #{chapter.key} {{ page: {name}; }}"
        )
    rules.append("}")
    return '<style class="pb-print-pages">' + "\n".join(rules) + "</style>"
