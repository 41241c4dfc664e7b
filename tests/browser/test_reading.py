"""Reading the site on a phone and a laptop, searching it, and printing it
(issue 18): no page wider than the window, no checklist wider than the text
column, no serious accessibility violation at either size, search in the
page's language that takes an item ID straight to its item, and a printed
edition with page numbers and the project pages outside the main text."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import LANG_PREFIX, Tab, axe_violations, doc_pages, open_tab
from tests.browser.test_search_and_downloads import search

SIZES = {"phone": (390, 844), "laptop": (1366, 768)}

WIDTHS = """() => {
  const column = document.querySelector("article.md-content__inner");
  const limit = column.getBoundingClientRect().width - parseFloat(getComputedStyle(column).paddingLeft)
    - parseFloat(getComputedStyle(column).paddingRight);
  return {
    page: document.documentElement.scrollWidth,
    window: window.innerWidth,
    column: Math.round(limit),
    tables: [...document.querySelectorAll("table.pb-checklist")].map(t => Math.round(Math.max(
      t.getBoundingClientRect().width, t.scrollWidth))),
  };
}"""


def sized_tab(browser: Browser, size: str) -> Tab:
    tab = open_tab(browser)
    width, height = SIZES[size]
    tab.page.set_viewport_size({"width": width, "height": height})
    return tab


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("path", doc_pages(), ids=lambda p: p or "home")
def test_every_page_fits_its_window_and_passes_axe(
    browser: Browser, base_url: str, size: str, lang: str, path: str
) -> None:
    tab = sized_tab(browser, size)
    try:
        tab.goto(base_url + LANG_PREFIX[lang] + path)
        widths = tab.page.evaluate(WIDTHS)
        failures = {
            "page wider than the window": widths["page"] > widths["window"],
            "checklist wider than the text column": any(
                w > widths["column"] + 1 for w in widths["tables"]
            ),
            "serious or critical axe violations": axe_violations(tab.page),
            "problems": tab.problems,
        }
        assert {k: v for k, v in failures.items() if v} == {}, widths
    finally:
        tab.page.context.close()


@pytest.mark.parametrize("query", ["AI Act", "risiko", "modell"])
def test_a_norwegian_search_returns_only_norwegian_pages(
    tab: Tab, base_url: str, query: str
) -> None:
    tab.goto(base_url + "gates/g2/")
    links = search(tab, query)
    assert links, query
    english = [link for link in links if link.startswith(base_url + "en/")]
    assert english == []


def test_an_english_search_returns_only_english_pages(tab: Tab, base_url: str) -> None:
    tab.goto(base_url + "en/gates/g2/")
    links = search(tab, "AI Act")
    assert links and all(link.startswith(base_url + "en/") for link in links), links


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_an_item_id_finds_the_item_first_and_lands_on_it(
    tab: Tab, base_url: str, lang: str
) -> None:
    tab.goto(base_url + LANG_PREFIX[lang])
    links = search(tab, "RSK-006")
    # Material groups results by page: the page first, then its sections, best first.
    plain = [re.sub(r"\?h=[^#]*", "", link) for link in links]
    catalog = base_url + LANG_PREFIX[lang] + "catalog/"
    assert plain[:2] == [catalog, catalog + "#rsk-006"], plain[:5]
    # The result reads as text with spaces: ID, title and why are not run together.
    first = tab.page.locator(".md-search-result__item a[href$='#rsk-006']").first.inner_text()
    assert not re.search(r"RSK-006\S", first), first
    tab.page.locator(".md-search-result__item a[href$='#rsk-006']").first.click()
    tab.page.wait_for_url(re.compile(r"#rsk-006$"))
    heading = tab.page.locator("#rsk-006")
    assert heading.is_visible()
    box = heading.bounding_box()
    assert box is not None and 0 <= box["y"] < tab.page.viewport_size["height"]  # type: ignore[index]
    assert tab.problems == []


PDFTOTEXT = shutil.which("pdftotext")


def pdf_text(pdf: bytes, tmp_path: Path) -> list[str]:
    """The text of each page, by poppler's pdftotext."""
    assert PDFTOTEXT, "pdftotext (poppler-utils) reads the printed edition's text"
    source = tmp_path / "edition.pdf"
    source.write_bytes(pdf)
    result = subprocess.run(
        [PDFTOTEXT, "-layout", str(source), "-"], capture_output=True, check=True
    )
    return result.stdout.decode("utf-8").split("\f")[:-1]


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_printed_edition_has_page_numbers_and_the_project_pages_last(
    tab: Tab, base_url: str, lang: str, tmp_path: Path
) -> None:
    tab.goto(base_url + LANG_PREFIX[lang] + "print/")
    tab.page.emulate_media(media="print")
    pages = pdf_text(tab.page.pdf(format="A4"), tmp_path)
    words = {
        "nb": ("Fra KI-pilot til produksjon", "Side {} av {}", "Bruk i CI", "Endringslogg"),
        "en": ("From AI pilot to production", "Page {} of {}", "Use in CI", "Changelog"),
    }[lang]
    title, numbered, ci, changelog = words
    total = len(pages)
    print(f"printed edition ({lang}): {total} A4 pages")
    assert total >= 40
    # The cover carries the title and no number; every other sheet has both.
    assert title in pages[0] and not re.search(numbered.format(r"\d+", r"\d+"), pages[0])
    for n, text in enumerate(pages[1:], 2):
        assert numbered.format(n, total) in text, n
        assert title in text, n
    # The project pages start after the last page of the main text: their
    # running header names them with a letter (A · Use in CI ...).
    first_appendix = next(n for n, t in enumerate(pages) if re.search(rf"A · {ci}", t))
    assert first_appendix > total // 2
    assert not any(re.search(rf"\d+ · ({ci}|{changelog})\b", t) for t in pages)
    assert all(not re.search(r"\b\d+ · ", t) for t in pages[first_appendix:])
    assert tab.problems == []
