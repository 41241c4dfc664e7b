"""Search in the browser (Norwegian stemming, English), the template downloads
as a reader gets them, and the printable edition."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Browser

from generator.catalog.loader import load_catalog
from generator.filled.profile import load_profile
from tests.browser.conftest import LANG_PREFIX, SEARCH_ANSWERED, Tab, doc_pages, open_tab
from tests.conftest import ROOT

CATALOG = load_catalog(ROOT / "checklists")


def search(tab: Tab, query: str) -> list[str]:
    """Enter a query into the search box; the result links, in order."""
    # Material searches on keyup: fill the box, then one key sends the whole query.
    tab.page.fill("input.md-search__input", query)
    tab.page.press("input.md-search__input", "End")
    tab.page.wait_for_function(SEARCH_ANSWERED)
    links: list[str] = tab.page.eval_on_selector_all(
        ".md-search-result__item a[href]", "links => links.map(a => a.href)"
    )
    return links


def section_under(tab: Tab, link: str) -> tuple[set[str], str]:
    """Follow a search result to its section: the IDs of its checklist items, and its text."""
    # From the catalog page itself this is a jump within the page (no response).
    tab.page.goto(link)
    fragment = link.split("#", 1)[1]
    ids, text = tab.page.evaluate(
        """fragment => {
          const heading = document.getElementById(decodeURIComponent(fragment));
          // A checklist item is a section of its own: the result lands on its heading.
          if (heading.matches(".pb-item-title")) {
            return [[heading.id], heading.closest("tr").textContent];
          }
          const ids = [];
          let text = heading.textContent;
          for (let e = heading.nextElementSibling; e && !/^H[1-3]$/.test(e.tagName);
               e = e.nextElementSibling) {
            e.querySelectorAll(".pb-item-title[id]").forEach(h => ids.push(h.id));
            text += " " + e.textContent;
          }
          return [ids, text];
        }""",
        fragment,
    )
    return {i.upper() for i in ids}, str(text).lower()


@pytest.mark.parametrize(
    ("lang", "query", "word", "item_id"),
    [
        ("nb", "effektmålet", "effektmål", "VAL-001"),
        ("nb", "effektmålene", "effektmål", "VAL-001"),
        ("en", "rolling", "rolled", "TEC-004"),
    ],
)
def test_search_finds_a_catalog_item_by_another_form_of_a_word(
    tab: Tab, base_url: str, lang: str, query: str, word: str, item_id: str
) -> None:
    assert word in CATALOG.item(item_id).title[lang]
    tab.goto(base_url + LANG_PREFIX[lang])
    catalog_hits = [
        link
        for link in search(tab, query)
        if f"/{LANG_PREFIX[lang]}catalog/" in link and "#" in link
    ]
    assert catalog_hits, f"no result in the {lang} catalog for {query!r}"
    sections = [section_under(tab, link) for link in catalog_hits]
    found = [text for ids, text in sections if item_id in ids]
    assert found, f"{item_id} is in none of the sections found: {catalog_hits}"
    # The section holds the item but not the word as typed: another form found it.
    assert query not in found[0]
    assert tab.problems == []


# Records what reaches the search worker's setup, under our wrapper (an init
# script runs before any script of the page).
RECORD_SETUP = """(() => {
  const post = Worker.prototype.postMessage;
  window.pbSetups = [];
  Worker.prototype.postMessage = function (message) {
    if (message && message.type === 0 && message.data && message.data.docs) {
      window.pbSetups.push(message.data.docs.map((doc) => doc.location));
    }
    return post.apply(this, arguments);
  };
})();"""


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_index_reaches_the_search_worker_once_the_search_box_has_focus(
    browser: Browser, base_url: str, lang: str
) -> None:
    tab = open_tab(browser, init_script=RECORD_SETUP)
    try:
        tab.goto(base_url + LANG_PREFIX[lang] + "gates/g2/")
        tab.page.wait_for_timeout(300)  # the index is in; a page load hands it on to nobody
        assert tab.page.evaluate("window.pbSetups.length") == 0
        # Typing before the worker is ready still gets the query answered.
        links = search(tab, "RSK-006")
        assert links and all(f"/{LANG_PREFIX[lang]}" in link for link in links), links[:3]
        setups: list[list[str]] = tab.page.evaluate("window.pbSetups")
        assert len(setups) == 1, len(setups)
        english = [loc for loc in setups[0] if loc.startswith("en/")]
        assert setups[0] and len(english) == (len(setups[0]) if lang == "en" else 0)
        assert tab.problems == []
    finally:
        tab.page.context.close()


def test_search_for_nonsense_finds_nothing(tab: Tab, base_url: str) -> None:
    tab.goto(base_url)
    assert search(tab, "qxzvwkjh") == []


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_download_on_the_templates_page_opens(
    tab: Tab, base_url: str, lang: str, tmp_path: Path
) -> None:
    tab.goto(base_url + LANG_PREFIX[lang] + "templates/")
    links: list[str] = tab.page.eval_on_selector_all(
        "article a[download][href]", "links => links.map(a => a.href)"
    )
    formats = {link.rsplit(".", 1)[-1] for link in links}
    assert formats == {"md", "xlsx", "yaml"} and len(links) >= 3 * 13
    for link in links:
        response = tab.page.request.get(link)
        assert response.ok, link
        body = response.body()
        name = link.rsplit("/", 1)[-1]
        assert f".{lang}." in name, link
        if name.endswith(".xlsx"):
            book = openpyxl.load_workbook(io.BytesIO(body))
            assert len(book.sheetnames) >= 3, name
        elif name.endswith(".yaml"):
            text = body.decode("utf-8")
            if not name.startswith("blank-"):
                (tmp_path / name).write_bytes(body)
                assert load_profile(tmp_path / name, CATALOG).catalog_version == CATALOG.version
            else:
                assert text.strip(), name
        else:
            assert body.decode("utf-8").startswith("# "), name
    # A real click saves the file under its own name.
    with tab.page.expect_download() as download:
        tab.page.click("article a[download][href$='.xlsx']")
    assert download.value.suggested_filename.endswith(f".{lang}.xlsx")
    assert tab.problems == []


def chapter_key(path: str) -> str:
    return path.rstrip("/").replace("/", "-") or "index"


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_printable_edition_lays_out_every_chapter(tab: Tab, base_url: str, lang: str) -> None:
    tab.goto(base_url + LANG_PREFIX[lang])
    menu = tab.page.eval_on_selector_all(
        "nav.md-nav--primary a.md-nav__link[href]", "links => links.map(a => a.href)"
    )
    order: list[str] = []
    for href in menu:
        key = chapter_key(href.split("#")[0].removeprefix(base_url + LANG_PREFIX[lang]))
        # The edition itself, and the builder form, which works only on screen.
        if key not in order and key not in ("print", "builder"):
            order.append(key)
    assert len(order) == len(doc_pages()) - 2
    # The project's pages come after the main text, as an appendix.
    appendix = ["ci", "contributing", "changelog", "data"]
    order = [k for k in order if k not in appendix] + [k for k in order if k in appendix]

    tab.goto(base_url + LANG_PREFIX[lang] + "print/")
    page = tab.page
    sections = page.eval_on_selector_all("section.pb-print-chapter", "s => s.map(e => e.id)")
    assert sections == order
    # Each chapter brings its content: its own heading, and the catalog all its rows.
    for key in order:
        assert page.locator(f"section#{key} h2").count() >= 1, key
    rows = page.eval_on_selector_all("section#catalog .pb-item-title[id]", "r => r.length")
    assert rows == len(CATALOG.active_items)

    page.emulate_media(media="print")
    breaks = page.eval_on_selector_all(
        "section.pb-print-chapter", "s => s.map(e => getComputedStyle(e).breakBefore)"
    )
    assert set(breaks) == {"page"}
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer"):
        assert not page.locator(chrome).first.is_visible(), chrome
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert pages >= len(order)
    assert tab.problems == []
