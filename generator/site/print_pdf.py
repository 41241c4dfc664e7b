"""The printable edition as an A4 PDF per language, with page numbers in its contents.

Run as ``python -m generator.site.print_pdf SITE_DIR OUT_DIR`` on a built site:
it writes OUT_DIR/playbook.nb.pdf and OUT_DIR/playbook.en.pdf.

Chromium prints the edition's running header and page numbers (@page margin
boxes), but has no target-counter(), so it cannot put a chapter's page in the
contents by itself. This module prints in passes instead:

1. print the edition to PDF;
2. read on which page each chapter starts: Chromium writes a named destination
   for every element a link points to, and the contents link to every chapter
   (poppler's ``pdfinfo -dests`` lists them with their pages);
3. write those pages into the contents and print again;
4. stop when a pass finds every chapter where the contents say it is (a page
   number that makes an entry wrap could move what follows), at most
   ``MAX_PASSES`` passes.

The PDF's creation and modification dates are set to the edition's "last
updated" date, so the same site gives the same bytes with the same Chromium.
What still varies: the PDF's Creator and Producer name the Chromium version, and
another Chromium (or other system fonts) may break lines and pages elsewhere.

When OUT_DIR lies inside SITE_DIR, each language's print page gets a link to
its PDF (where print_edition.PDF_MARKER stands), so the site links a PDF only
when one was made. Playwright is imported only here, when the PDF is made: the
generator and the site build do not need it.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from generator.model import LANGS
from generator.site.html import file_size
from generator.site.print_edition import PDF_MARKER, TOC_PAGE
from generator.text import esc
from generator.words import UPDATED, label

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

MAX_PASSES = 4
# The print page of each language, below the site root.
PRINT_PAGE = {"nb": "print/index.html", "en": "en/print/index.html"}
SYSTEM_CHROMIUM = Path("/usr/bin/chromium")
# Without the networking flags Chromium keeps calling home at start, and on a
# closed network those connections are refused. The browser tests and the
# benchmarks launch it with these too.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
_DEST = re.compile(r'^\s*(\d+)\s+\[[^\]]*\]\s+"(.*)"\s*$', re.M)
_PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \((D:[^)]*)\)")
_PDF_LINK = re.compile(r'<p class="pb-print-pdf pb-screen-only">.*?</p>', re.S)

# The contents' entries: (the chapter's id, its <li>) in the order printed.
_ENTRIES = """() => Array.from(document.querySelectorAll('.pb-print-toc li > a[href^="#"]'))
  .map(a => a.getAttribute('href').slice(1))"""
# Writes each entry's page after its link; an entry without a page gets none.
_WRITE_PAGES = """([pages, css]) => {
  for (const a of document.querySelectorAll('.pb-print-toc li > a[href^="#"]')) {
    const li = a.parentElement;
    let span = li.querySelector(':scope > .' + css);
    if (!span) {
      span = document.createElement('span');
      span.className = css;
      li.insertBefore(span, a);
    }
    span.textContent = pages[a.getAttribute('href').slice(1)] ?? '';
  }
}"""


class PrintError(Exception):
    """The PDF could not be made: what is missing, in one line."""


@dataclass(frozen=True)
class Edition:
    lang: str
    path: Path
    pages: int
    passes: int
    starts: Mapping[str, int]  # chapter id -> the page it starts on, in contents order


def chromium_path() -> str | None:
    """The browser to drive: $PLAYBOOK_CHROMIUM, Debian's Chromium, else Playwright's own."""
    chosen = os.environ.get("PLAYBOOK_CHROMIUM")
    if chosen:
        return chosen
    return str(SYSTEM_CHROMIUM) if SYSTEM_CHROMIUM.exists() else None


def read_pdf(pdf: bytes) -> tuple[int, dict[str, int]]:
    """(its pages, named destination -> its page from 1), as poppler's pdfinfo reads them."""
    if shutil.which("pdfinfo") is None:
        raise PrintError("pdfinfo (poppler-utils) is not installed: apt-get install poppler-utils")
    with tempfile.TemporaryDirectory(prefix="playbook-pdf-") as tmp:
        path = Path(tmp) / "pass.pdf"
        path.write_bytes(pdf)
        info, dests = (
            subprocess.run(
                ["pdfinfo", *flags, str(path)], capture_output=True, text=True, check=False
            )
            for flags in ([], ["-dests"])
        )
    for result in (info, dests):
        if result.returncode != 0:
            raise PrintError(f"pdfinfo could not read the printed PDF: {result.stderr.strip()}")
    pages = re.search(r"^Pages:\s+(\d+)$", info.stdout, re.M)
    if pages is None:
        raise PrintError("pdfinfo found no page count in the printed PDF")
    return int(pages[1]), {unquote(name): int(n) for n, name in _DEST.findall(dests.stdout)}


def fixed_dates(pdf: bytes, date: tuple[str, str, str]) -> bytes:
    """The PDF with its creation and modification dates set to `date` (midnight, UTC).

    Only a date of the same length is written, so every byte offset in the
    cross-reference table stays right; another form of date is left as it is.
    """
    year, month, day = date

    def fix(m: re.Match[bytes]) -> bytes:
        new = f"D:{year}{month}{day}000000+00'00'".encode("ascii")
        if len(new) != len(m[2]):
            return m[0]
        return b"/" + m[1] + b" (" + new + b")"

    return _PDF_DATE.sub(fix, pdf)


def print_once(page: Page) -> bytes:
    return page.pdf(format="A4", print_background=True, prefer_css_page_size=True, outline=True)


def print_edition(page: Page, url: str) -> tuple[bytes, int, dict[str, int], int]:
    """(the PDF, its pages, each chapter's first page, passes): printed until the
    contents are right."""
    page.goto(url, wait_until="load")
    page.evaluate("() => document.fonts.ready.then(() => true)")
    keys: list[str] = page.evaluate(_ENTRIES)
    if not keys:
        raise PrintError(f"{url} has no contents to number: is it the printable edition?")
    shown: dict[str, int] = {}
    for passes in range(1, MAX_PASSES + 1):
        pdf = print_once(page)
        pages, dests = read_pdf(pdf)
        missing = [k for k in keys if k not in dests]
        if missing:
            raise PrintError(f"the PDF has no destination for chapter(s) {', '.join(missing)}")
        found = {k: dests[k] for k in keys}
        if found == shown:
            return pdf, pages, found, passes
        shown = found
        page.evaluate(_WRITE_PAGES, [{k: str(v) for k, v in shown.items()}, TOC_PAGE])
    raise PrintError(f"the contents' page numbers did not settle in {MAX_PASSES} passes")


def _link(lang: str, pdf: Path, print_page: Path, pages: int) -> str:
    href = os.path.relpath(pdf, print_page.parent).replace(os.sep, "/")
    meta = label(lang, "print_pdf_meta").format(
        pages=pages, size=file_size(pdf.stat().st_size, lang)
    )
    return (
        f'<p class="pb-print-pdf pb-screen-only"><a href="{esc(href)}" download>'
        f"{esc(label(lang, 'print_pdf_link'))}</a> ({esc(meta)})</p>"
    )


def link_from_print_page(lang: str, site: Path, edition: Edition) -> bool:
    """Puts the link to the PDF on the language's print page; False if it has no place for one."""
    print_page = site / PRINT_PAGE[lang]
    html = print_page.read_text(encoding="utf-8")
    link = _link(lang, edition.path, print_page, edition.pages)
    if PDF_MARKER in html:
        new = html.replace(PDF_MARKER, link, 1)
    elif _PDF_LINK.search(html):
        new = _PDF_LINK.sub(lambda _m: link, html, count=1)
    else:
        return False
    print_page.write_text(new, encoding="utf-8")
    return True


def print_all(browser: Browser, site: Path, out: Path, langs: Sequence[str]) -> list[Edition]:
    """Prints each language's edition into OUT/playbook.LANG.pdf with `browser`."""
    for lang in langs:
        if not (site / PRINT_PAGE[lang]).is_file():
            raise PrintError(f"{site / PRINT_PAGE[lang]} does not exist: build the site first")
    out.mkdir(parents=True, exist_ok=True)
    editions = []
    for lang in langs:
        source = site / PRINT_PAGE[lang]
        page = browser.new_page()
        try:
            pdf, pages, starts, passes = print_edition(page, source.resolve().as_uri())
        finally:
            page.close()
        updated = re.search(
            re.escape(UPDATED[lang]) + r' <time datetime="(\d{4})-(\d{2})-(\d{2})">',
            source.read_text(encoding="utf-8"),
        )
        if updated:
            pdf = fixed_dates(pdf, (updated[1], updated[2], updated[3]))
        path = out / f"playbook.{lang}.pdf"
        path.write_bytes(pdf)
        editions.append(Edition(lang, path, pages, passes, starts))
    return editions


def make(
    site: Path, out: Path, langs: Sequence[str] = LANGS, *, chromium: str | None = None
) -> list[Edition]:
    """Starts Chromium (`chromium`, or Playwright's own) and prints every language."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise PrintError("playwright is not installed: pip install -e '.[dev]'") from None
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=list(CHROMIUM_ARGS))
        try:
            return print_all(browser, site, out, langs)
        finally:
            browser.close()


def publish(site: Path, out: Path, editions: Sequence[Edition]) -> list[bool]:
    """Links each PDF from its print page when OUT lies inside the site; whether it did."""
    inside = out.resolve().is_relative_to(site.resolve())
    return [inside and link_from_print_page(e.lang, site, e) for e in editions]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m generator.site.print_pdf",
        description="Print the built site's printable edition to PDF, one per language.",
    )
    parser.add_argument("site", type=Path, help="the built site (mkdocs build --site-dir)")
    parser.add_argument("out", type=Path, help="where playbook.LANG.pdf are written")
    parser.add_argument("--lang", choices=LANGS, action="append", help="only this language")
    args = parser.parse_args(argv)
    try:
        editions = make(args.site, args.out, args.lang or LANGS, chromium=chromium_path())
    except PrintError as exc:
        print(f"print_pdf: {exc}", file=sys.stderr)
        return 1
    for edition, linked in zip(editions, publish(args.site, args.out, editions), strict=True):
        print(
            f"{edition.path}: {edition.pages} pages, {edition.passes} passes"
            + (", linked from the print page" if linked else "")
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
