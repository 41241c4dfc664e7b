"""The printable edition: every chapter of one language on a single page.

It is assembled from the HTML that MkDocs already made for each page, so macros,
abbreviations and link checks have run exactly as on the chapter pages. What
changes on the way in:

- every id gets its chapter's key as prefix, so the same heading or checklist
  row in two chapters cannot clash (``val-001`` in the catalog chapter becomes
  ``catalog--val-001``);
- every link to a chapter becomes a link inside the page (``../gates/g1/#x`` ->
  ``#gates-g1--x``); other relative links are re-based on the print page's URL;
- headings move down one level, so the edition's own title is the only h1.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape, unescape
from urllib.parse import urljoin, urlsplit

MACRO = "print_edition()"
MARKER = '<div class="pb-print-edition" data-pb-print-edition></div>'

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


def compose(chapters: Sequence[Chapter], print_url: str, contents_title: str) -> str:
    """The edition's body: a table of contents, then one section per chapter."""
    keys = {c.url: c.key for c in chapters}
    if len(set(keys.values())) != len(chapters):
        raise ValueError("chapter keys and URLs must be unique: " + ", ".join(sorted(keys)))
    toc = "".join(f'<li><a href="#{keys[c.url]}">{escape(c.title)}</a></li>' for c in chapters)
    parts = [
        '<nav class="pb-print-toc">',
        f"<h2>{escape(contents_title)}</h2>",
        f"<ol>{toc}</ol>",
        "</nav>",
    ]
    for chapter in chapters:
        parts += [
            f'<section class="pb-print-chapter" id="{keys[chapter.url]}">',
            _rewrite(chapter, keys, print_url),
            "</section>",
        ]
    return '<div class="pb-print-edition">\n' + "\n".join(parts) + "\n</div>"
