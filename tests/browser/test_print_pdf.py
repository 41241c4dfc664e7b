"""The printable edition as a PDF (generator/site/print_pdf.py), read back with poppler.

The session's one build of the site is printed once per language by a real
Chromium; what the PDF says is then read with pdftotext and pdfinfo, not with
the module's own reading of it: every page number in the contents must be the
page on which that chapter's heading is printed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from generator.site import print_pdf
from generator.site.print_edition import PDF_MARKER

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
    reason="poppler-utils (pdftotext, pdfinfo) is not installed",
)

TITLE = {"nb": "Fra KI-pilot til produksjon", "en": "From AI pilot to production"}
CONTENTS = {"nb": "Innhold", "en": "Contents"}
FOOTER = {"nb": "Side {page} av {pages}", "en": "Page {page} of {pages}"}
PRINT_PAGE = {"nb": "print/index.html", "en": "en/print/index.html"}


@pytest.fixture(scope="module")
def pdfs(site: Path, browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("pdf")
    # The session's browser: a second Playwright in the same process cannot start.
    editions = print_pdf.print_all(browser, site, out, ["nb", "en"])
    return {e.lang: e.path for e in editions}


def pages_of(pdf: Path) -> list[str]:
    """The text of each page, laid out as printed."""
    result = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    pages = result.stdout.split("\f")
    return pages[:-1] if not pages[-1].strip() else pages


def info(pdf: Path) -> dict[str, str]:
    result = subprocess.run(
        ["pdfinfo", "-isodates", str(pdf)], capture_output=True, text=True, check=True
    )
    return dict(re.findall(r"^([^:]+):\s+(.*)$", result.stdout, re.M))


def lines(page: str) -> list[str]:
    return [line.strip() for line in page.splitlines() if line.strip()]


def flat(text: str) -> str:
    return " ".join(text.split())


def chapters_of(site: Path, lang: str) -> list[tuple[str, str, str]]:
    """(number or letter, title in the contents, heading) per chapter, from the built HTML."""
    html = (site / PRINT_PAGE[lang]).read_text(encoding="utf-8")
    toc = re.findall(r'<li><a href="#([^"]+)">([^<]+)</a></li>', html)
    out = []
    for key, title in toc:
        section = re.search(
            rf'<section class="[^"]*" id="{re.escape(key)}" data-pb-number="([^"]+)">\s*'
            r"<h2[^>]*>(.*?)</h2>",
            html,
            re.S,
        )
        assert section, key
        heading = re.sub(r'<a class="headerlink".*?</a>', "", section[2], flags=re.S)
        out.append((section[1], unescape(title), flat(unescape(re.sub(r"<[^>]+>", "", heading)))))
    return out


def contents(pages: list[str], lang: str) -> dict[str, int]:
    """Number or letter -> the page number printed beside it in the contents."""
    start = next(i for i, p in enumerate(pages) if CONTENTS[lang] in lines(p)[:3])
    found: dict[str, int] = {}
    for page in pages[start : start + 3]:
        for line in lines(page):
            m = re.fullmatch(r"(\d+|[A-Z])\.\s+(.+?)\s{2,}(\d+)", line)
            if m:
                found[m[1]] = int(m[3])
    return found


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_contents_entry_gives_the_page_its_chapter_starts_on(
    site: Path, pdfs: dict[str, Path], lang: str
) -> None:
    pages = pages_of(pdfs[lang])
    chapters = chapters_of(site, lang)
    assert len(chapters) >= 22
    printed = contents(pages, lang)
    assert sorted(printed) == sorted(n for n, _, _ in chapters)
    for number, title, heading in chapters:
        page = printed[number]
        text = lines(pages[page - 1])
        # The running header names the chapter, the heading opens the page ...
        assert text[0].endswith(f"{number} · {title}"), (number, page, text[:2])
        assert flat(" ".join(text[1:4])).startswith(f"{number}. {heading}"), (number, page)
        # ... and the page before belongs to the chapter before.
        assert f"{number} · {title}" not in lines(pages[page - 2])[0], (number, page)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_cover_has_the_title_and_every_other_page_its_number(
    pdfs: dict[str, Path], lang: str
) -> None:
    pages = pages_of(pdfs[lang])
    total = int(info(pdfs[lang])["Pages"])
    assert len(pages) == total > 150
    assert lines(pages[0])[0] == TITLE[lang]
    assert not re.search(r"\b(Side|Page) \d+", pages[0])
    for n, page in enumerate(pages[1:], 2):
        assert lines(page)[-1] == FOOTER[lang].format(page=n, pages=total), n
        assert lines(page)[0].startswith(TITLE[lang]), n


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_project_pages_come_after_the_main_text(
    site: Path, pdfs: dict[str, Path], lang: str
) -> None:
    printed = contents(pages_of(pdfs[lang]), lang)
    main = [printed[n] for n in printed if n.isdigit()]
    appendix = [printed[n] for n in sorted(printed) if n.isalpha()]
    assert len(appendix) == 4 and len(main) >= 18
    assert main == sorted(main) and appendix == sorted(appendix)
    assert min(appendix) > max(main)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_pdf_is_dated_by_the_edition_and_printed_again_byte_for_byte(
    site: Path, pdfs: dict[str, Path], browser: Browser, tmp_path: Path, lang: str
) -> None:
    html = (site / PRINT_PAGE[lang]).read_text(encoding="utf-8")
    updated = re.search(r'<time datetime="(\d{4}-\d{2}-\d{2})">', html)
    assert updated
    meta = info(pdfs[lang])
    assert meta["CreationDate"].startswith(updated[1] + "T00:00:00")
    assert meta["ModDate"].startswith(updated[1] + "T00:00:00")
    again = print_pdf.print_all(browser, site, tmp_path, [lang])
    assert again[0].path.read_bytes() == pdfs[lang].read_bytes()


def test_the_print_page_links_the_pdf_only_once_one_is_made(
    site: Path, browser: Browser, tmp_path: Path
) -> None:
    for lang in ("nb", "en"):
        built = (site / PRINT_PAGE[lang]).read_text(encoding="utf-8")
        assert PDF_MARKER in built and "pb-print-pdf" not in built.replace(PDF_MARKER, "")
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    # Run twice, as a second `make pdf` on the same site would: one link, not two.
    for _ in range(2):
        editions = print_pdf.print_all(browser, copy, copy / "print", ["en"])
        assert print_pdf.publish(copy, copy / "print", editions) == [True]
    # A PDF written outside the site is not linked from it.
    outside = print_pdf.print_all(browser, copy, tmp_path / "elsewhere", ["nb"])
    assert print_pdf.publish(copy, tmp_path / "elsewhere", outside) == [False]
    pdf = copy / "print" / "playbook.en.pdf"
    html = (copy / PRINT_PAGE["en"]).read_text(encoding="utf-8")
    links = re.findall(r'<p class="pb-print-pdf pb-screen-only"><a href="([^"]+)"[^>]*>', html)
    assert links == ["../../print/playbook.en.pdf"]
    assert (copy / "en" / "print" / links[0]).resolve() == pdf.resolve()
    assert f"(A4, {info(pdf)['Pages']} pages, " in html
    assert PDF_MARKER not in html
    # The language not printed keeps its marker and gets no link.
    assert PDF_MARKER in (copy / PRINT_PAGE["nb"]).read_text(encoding="utf-8")
