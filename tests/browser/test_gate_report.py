"""The gate report in a real Chromium: no serious accessibility problem, nothing
requested from anywhere, and on A4 nothing wider than the page and a 50-item
gate in at most 8 pages."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from generator.catalog.tailor import applies
from generator.filled.profile import load_profile
from generator.gate import document
from generator.gate.evaluate import evaluate
from generator.model import Answer, Catalog, Profile
from tests.browser.conftest import axe_violations, open_tab
from tests.conftest import ROOT

WORKED = sorted((ROOT / "examples" / "worked").glob("*.yaml"))
# Printable width of A4 with the report's own margins (210 mm - 2 x 14 mm) in CSS pixels.
A4_CONTENT_PX = (210 - 28) / 25.4 * 96


def _gate(path: Path) -> str:
    return path.name.split(".")[-3]


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


def report_html(catalog: Catalog, profile: Profile, gate: str) -> str:
    return document.render_html(
        catalog, profile, evaluate(catalog, profile, gate), profile.lang, "x.yaml"
    )


@pytest.mark.parametrize("path", WORKED, ids=lambda p: p.name)
def test_worked_report_is_accessible_and_fits_a4(
    browser: Browser, catalog: Catalog, path: Path, tmp_path: Path
) -> None:
    profile = load_profile(path, catalog)
    file = tmp_path / "report.html"
    file.write_text(report_html(catalog, profile, _gate(path)), encoding="utf-8")
    tab = open_tab(browser)
    requests: list[str] = []
    tab.page.on("request", lambda r: requests.append(r.url))
    tab.page.goto(file.as_uri())
    assert axe_violations(tab.page) == []
    tab.page.emulate_media(media="print")
    tab.page.set_viewport_size({"width": int(A4_CONTENT_PX), "height": 1100})
    wider = tab.page.evaluate(
        """(limit) => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > limit + 1)
            .map(e => e.tagName + '.' + e.className).slice(0, 5)""",
        A4_CONTENT_PX,
    )
    assert wider == []
    pdf = tab.page.pdf(format="A4", print_background=True)
    assert 1 <= pdf_pages(pdf) <= 8
    assert requests == [file.as_uri()]
    assert tab.problems == []
    tab.page.context.close()


def test_a_fifty_item_gate_prints_on_at_most_eight_pages(
    browser: Browser, catalog: Catalog, tmp_path: Path
) -> None:
    """Fifty items, every one open with evidence, due date and comment: the worst a
    50-item gate can look."""
    base = load_profile(ROOT / "examples" / "credit-scoring.yaml", catalog)
    profile = replace(base, ai_type="agentic", actor="both", public_service=True,
                      personal_data=True, users="external")  # fmt: skip
    chosen = [i for i in catalog.active_items if applies(i, profile)][:50]
    assert len(chosen) == 50
    fifty = replace(catalog, items=tuple(chosen))
    profile = replace(
        profile,
        answers={i.id: Answer("in-progress", "Rapport v2 i dokumentarkivet", "2027-01-15",
                              "Kommentar fra teamet om hva som gjenstår.") for i in chosen},
    )  # fmt: skip
    report = evaluate(fifty, profile, "G3")
    assert len(report.items) == 50
    file = tmp_path / "big.html"
    file.write_text(document.render_html(fifty, profile, report, "nb", "x.yaml"), "utf-8")
    tab = open_tab(browser)
    tab.page.goto(file.as_uri())
    pages = pdf_pages(tab.page.pdf(format="A4", print_background=True))
    assert pages <= 8, f"{len(report.items)} items on {pages} pages"
    tab.page.context.close()


# Every word in a heading, a number or a unit cell that the browser split over two
# lines; every label of a bar chart that runs past the chart's edge.
_BROKEN_WORDS = """() => {
  const out = [];
  for (const cell of document.querySelectorAll('th, td.num, td.unit, td.date')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const re = /\\S+/g;
      for (let m = re.exec(node.data); m; m = re.exec(node.data)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size > 1) out.push(m[0]);
      }
    }
  }
  return out;
}"""
_CUT_LABELS = """() => [...document.querySelectorAll('svg')].flatMap(svg => {
  const width = svg.viewBox.baseVal.width;
  return [...svg.querySelectorAll('text')]
    .filter(t => t.getBBox().x + t.getBBox().width > width + 0.5)
    .map(t => t.textContent);
})"""


@pytest.mark.parametrize("path", WORKED, ids=lambda p: p.name)
def test_headings_numbers_and_chart_labels_are_whole_on_screen_and_on_a4(
    browser: Browser, catalog: Catalog, path: Path, tmp_path: Path
) -> None:
    """A steering group read "Null punk t" over a column of baselines, and bar labels
    cut off at "100"; words break between words only, and every label fits its chart."""
    profile = load_profile(path, catalog)
    file = tmp_path / "report.html"
    file.write_text(report_html(catalog, profile, _gate(path)), encoding="utf-8")
    tab = open_tab(browser)
    tab.page.goto(file.as_uri())
    for media, width in (("screen", 1366), ("print", int(A4_CONTENT_PX))):
        tab.page.emulate_media(media=media)  # type: ignore[arg-type]
        tab.page.set_viewport_size({"width": width, "height": 900})
        assert tab.page.evaluate(_BROKEN_WORDS) == [], (path.name, media)
        assert tab.page.evaluate(_CUT_LABELS) == [], (path.name, media)
    tab.page.context.close()
