"""Every page in both languages, in a real browser: it loads without console
errors, failed requests or dialogs; axe-core finds no serious or critical
accessibility violation; its language switch points at the same page in the
other language. Plus real clicks and keyboard-only use of the switch and search."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import (
    LANG_PREFIX,
    SEARCH_READY,
    Tab,
    axe_violations,
    doc_pages,
    open_tab,
)

PAGES = doc_pages()
OTHER = {"nb": "en", "en": "nb"}


def site_path(url: str, base_url: str) -> str:
    return urlsplit(url).path.removeprefix(urlsplit(base_url).path)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_menu_lists_every_page(tab: Tab, base_url: str, lang: str) -> None:
    tab.goto(base_url + LANG_PREFIX[lang])
    hrefs = tab.page.eval_on_selector_all(
        "nav.md-nav--primary a.md-nav__link[href]", "links => links.map(a => a.href)"
    )
    listed = {site_path(h.split("#")[0], base_url) for h in hrefs}
    assert listed == {LANG_PREFIX[lang] + p for p in PAGES}


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "home")
def test_page_is_clean_and_accessible(tab: Tab, base_url: str, lang: str, path: str) -> None:
    tab.goto(base_url + LANG_PREFIX[lang] + path)
    page = tab.page
    assert page.get_attribute("html", "lang") == lang
    assert page.locator("article h1").count() == 1
    switch = page.eval_on_selector(
        f".md-select a.md-select__link[hreflang={OTHER[lang]}]", "a => a.href"
    )
    failures = {
        "console, network and script errors": tab.problems,
        "dialogs": tab.dialogs,
        "serious or critical axe violations": axe_violations(page),
        "language switch target": []
        if site_path(switch, base_url) == LANG_PREFIX[OTHER[lang]] + path
        else [switch],
    }
    assert {k: v for k, v in failures.items() if v} == {}


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("path", ["", "gates/g2/", "catalog/"], ids=lambda p: p or "home")
def test_clicking_the_language_switch_keeps_the_page(
    tab: Tab, base_url: str, lang: str, path: str
) -> None:
    tab.goto(base_url + LANG_PREFIX[lang] + path)
    tab.page.hover(".md-header .md-select")
    with tab.page.expect_navigation():
        tab.page.click(f".md-select a.md-select__link[hreflang={OTHER[lang]}]")
    assert site_path(tab.page.url, base_url) == LANG_PREFIX[OTHER[lang]] + path
    assert tab.page.get_attribute("html", "lang") == OTHER[lang]
    assert tab.problems == []


FOCUSED = """() => {
  const e = document.activeElement;
  if (e.matches("input.md-search__input")) return "search";
  if (e.matches("a.md-select__link")) return "lang:" + e.hreflang;
  return e.tagName.toLowerCase() + (e.className ? "." + e.className.split(" ")[0] : "");
}"""


def test_keyboard_alone_reaches_search_and_language_switch(browser: Browser, base_url: str) -> None:
    tab = open_tab(browser)
    page = tab.page
    try:
        tab.goto(base_url + "gates/g2/")
        reached: list[str] = []
        for _ in range(40):
            page.keyboard.press("Tab")
            reached.append(page.evaluate(FOCUSED))
            if "search" in reached and "lang:en" in reached:
                break
        assert "search" in reached and "lang:en" in reached, reached
        # The box had focus, so the worker is loading its index and lunr's
        # Norwegian stemmer; leaving before it is done would cancel that request.
        page.wait_for_function(SEARCH_READY)

        # Back to the switch with Shift+Tab, and follow it with Enter.
        for _ in range(40):
            page.keyboard.press("Shift+Tab")
            if page.evaluate(FOCUSED) == "lang:en":
                break
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert site_path(page.url, base_url) == "en/gates/g2/"

        # On the English page, Tab to the search field and type a query.
        for _ in range(40):
            page.keyboard.press("Tab")
            if page.evaluate(FOCUSED) == "search":
                break
        page.keyboard.type("rollback")
        assert page.input_value("input.md-search__input") == "rollback"
        page.wait_for_selector(".md-search-result__item")
        assert tab.problems == []
    finally:
        page.context.close()
