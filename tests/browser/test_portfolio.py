"""The portfolio page in a real Chromium: no serious accessibility problem, nothing
requested from anywhere, sorting and filtering by its own script, and the rows
all there without it."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from generator.model import Catalog
from generator.portfolio import collect, render
from tests.browser.conftest import axe_violations, open_tab
from tests.conftest import ROOT


def write(catalog: Catalog, lang: str, out: Path) -> Path:
    portfolio = collect.collect(ROOT / "examples" / "portfolio" / lang, catalog)
    for name, data in render.outputs(portfolio, lang).items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
    return out / render.PAGE


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_portfolio_page_is_accessible_and_sorts_and_filters(
    browser: Browser, catalog: Catalog, lang: str, tmp_path: Path
) -> None:
    page_file = write(catalog, lang, tmp_path)
    tab = open_tab(browser)
    requests: list[str] = []
    tab.page.on("request", lambda r: requests.append(r.url))
    tab.page.goto(page_file.as_uri())
    assert axe_violations(tab.page) == []
    assert all(url.startswith("file://") for url in requests), requests
    assert tab.problems == []
    rows = tab.page.locator("#pf-table tbody tr")
    total = rows.count()
    assert total >= 5
    tab.page.check("#pf-flagged")
    flagged = tab.page.locator("#pf-table tbody tr:not([hidden])").count()
    assert 0 < flagged <= total
    tab.page.uncheck("#pf-flagged")
    tab.page.fill("#pf-q", "zzz-no-such-case")
    assert tab.page.locator("#pf-table tbody tr:not([hidden])").count() == 0
    tab.page.fill("#pf-q", "")
    tab.page.locator("#pf-table thead th").nth(9).locator("button").click()
    assert tab.page.locator("#pf-table thead th").nth(9).get_attribute("aria-sort") == "ascending"
    # Every row links to its gate report, which is there.
    for href in tab.page.eval_on_selector_all(
        "#pf-table tbody td:first-child a", "els => els.map(e => e.href)"
    ):
        assert Path(href.removeprefix("file://")).is_file()


def test_portfolio_page_without_script_shows_every_row(
    browser: Browser, catalog: Catalog, tmp_path: Path
) -> None:
    page_file = write(catalog, "nb", tmp_path)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(page_file.as_uri())
    assert (
        page.locator("#pf-table tbody tr:visible").count()
        == page.locator("#pf-table tbody tr").count()
    )
    assert page.locator("#pf-filter").is_hidden()
    context.close()
