"""The whole site built from a catalog whose every text is hostile, in a real
browser: nothing in it runs, and every text shows as the characters typed.

The validator refuses markup in catalog text (tests/corpus covers that), so the
hostile text here is what it lets through: template syntax, Markdown and
javascript: links, attribute-breaking quotes, spreadsheet formulas, "<" with a
space, bidirectional controls, joiners, emoji, combining marks and one very
long word.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Browser

from generator.catalog import yamlio
from generator.catalog.loader import load_catalog
from generator.model import Catalog
from tests.browser.conftest import LANG_PREFIX, Tab, build_site, doc_pages, open_tab, serve
from tests.conftest import copy_site_project

PWNED = "window.__pwned=1"
HOSTILE = [
    "{{ 7*7 }} {% raw %} {# x #} {{ config }}",
    '=HYPERLINK("javascript:window.__pwned=1","klikk")',
    "+1+1 cmd|' /C calc'!A0",
    "-2+3 og @SUM(1+1)",
    "@import url(javascript:window.__pwned=1)",
    "[klikk](javascript:window.__pwned=1) ![bilde](javascript:window.__pwned=1)",
    '" onmouseover="window.__pwned=1" data-x="',
    "' onfocus='window.__pwned=1' autofocus='",
    "< script >window.__pwned=1< /script > 1 <2 og 3 > 2",
    "**fet** _kursiv_ `kode` # ikke overskrift | rør | --- ~~~",
    "\u202edesrever\u202c \u200f\u05e2\u05d1\u05e8\u05d9\u05ea\u200f \u2066isolert\u2069 slutt",
    "👩\u200d💻 🇳🇴 👨\u200d👩\u200d👧\u200d👦 e\u0301 n\u0303 Z\u0351\u0352a\u035cl\u0360g\u0361o",
    "Langt ord: " + "a" * 3000,
    "javascript:window.__pwned=1",
]
TRAP = "Object.defineProperty(window, '__pwned', {set() { window.__tripped = true; }, get() { return undefined; }});"


def is_localized(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"nb", "en"}


def poison(data: Any, texts: Iterator[str]) -> Any:
    """Every localized text and every source string field, replaced by hostile text."""
    if is_localized(data):
        return {lang: next(texts) for lang in ("nb", "en")}
    if isinstance(data, dict):
        out = {}
        for key, value in data.items():
            if key in ("short", "author", "title", "publisher") and isinstance(value, str):
                text = next(texts)
                # A source's short label has a 40-character limit; keep its counter.
                out[key] = text[:28] + text[text.rindex(" ·") :] if key == "short" else text
            else:
                out[key] = poison(value, texts)
        return out
    if isinstance(data, list):
        return [poison(v, texts) for v in data]
    return data


def hostile_texts() -> Iterator[str]:
    # The counter keeps titles unique, which the validator requires; it goes
    # last so that texts still start with =, +, - and @.
    for n, text in enumerate(itertools.cycle(HOSTILE)):
        yield f"{text} ·{n}"


def rewrite(path: Path, texts: Iterator[str], poisoner: Any = poison) -> None:
    data, problems = yamlio.load_file(path, str(path))
    assert not problems, problems
    path.write_text(
        yaml.safe_dump(poisoner(data, texts), allow_unicode=True, sort_keys=False, width=10_000),
        encoding="utf-8",
    )


def poison_profile(data: Any, texts: Iterator[str]) -> Any:
    data["name"] = "=" + next(texts)
    data["description"] = "+" + next(texts)
    data["owners"] = {role: "@" + next(texts) for role in data["owners"]}
    for goal in data["effect_goals"]:
        goal["kpi"] = "-" + next(texts)
        goal["measured_by"] = next(texts)
    return data


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Catalog]:
    project = copy_site_project(tmp_path_factory.mktemp("hostile-project"))
    texts = hostile_texts()
    checklists = project / "checklists"
    for path in sorted(checklists.rglob("*.yaml")):
        rewrite(path, texts)
    for path in sorted((project / "examples").glob("*.yaml")):
        rewrite(path, texts, poison_profile)
    catalog = load_catalog(checklists)  # the validator lets all of it through
    # The pages link to area sections by their heading's slug, which follows the
    # (now hostile) area title; those links may dangle here, nothing else may.
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\n  anchors: warn\n" in text
    config.write_text(text.replace("\n  anchors: warn\n", "\n  anchors: info\n"), encoding="utf-8")
    site = build_site(project, tmp_path_factory.mktemp("hostile-site"))
    return site, catalog


@pytest.fixture(scope="module")
def hostile_url(hostile: tuple[Path, Catalog]) -> Iterator[str]:
    with serve(hostile[0]) as url:
        yield url


@pytest.fixture
def trapped(browser: Browser) -> Iterator[Tab]:
    tab = open_tab(browser, init_script=TRAP)
    yield tab
    tab.page.context.close()


INJECTED = """() => {
  const found = [];
  for (const e of document.querySelectorAll("*")) {
    for (const a of e.attributes) {
      if (/^on/i.test(a.name)) found.push(`${e.tagName} ${a.name}`);
      if (/^\\s*javascript:/i.test(a.value)) found.push(`${e.tagName} ${a.name}=${a.value}`);
    }
  }
  for (const s of document.scripts) {
    // Data for a page's script (type application/json) never runs; it must stay valid JSON.
    if (s.type === "application/json") {
      try { JSON.parse(s.textContent); } catch (e) { found.push("broken data script: " + s.id); }
    } else if (s.textContent.includes("__pwned")) {
      found.push("script: " + s.textContent.slice(0, 60));
    }
  }
  return found;
}"""


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("path", doc_pages(), ids=lambda p: p or "home")
def test_nothing_runs_on_any_page(trapped: Tab, hostile_url: str, lang: str, path: str) -> None:
    trapped.goto(hostile_url + LANG_PREFIX[lang] + path)
    page = trapped.page
    # Focus and hover everything that could carry an injected handler.
    page.mouse.move(10, 10)
    page.keyboard.press("Tab")
    assert page.evaluate("() => [window.__pwned, window.__tripped]") == [None, None]
    assert page.evaluate(INJECTED) == []
    assert trapped.dialogs == []
    assert trapped.problems == []


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_catalog_text_shows_as_typed(
    trapped: Tab, hostile_url: str, hostile: tuple[Path, Catalog], lang: str
) -> None:
    catalog = hostile[1]
    trapped.goto(hostile_url + LANG_PREFIX[lang] + "catalog/")
    page = trapped.page
    for item in catalog.active_items:
        row = page.locator(f"tr:has(#{item.id.lower()})")
        assert row.locator(".pb-title").text_content() == item.title[lang], item.id
        assert row.locator(".pb-why").text_content() == item.why[lang], item.id
        assert row.locator(".pb-done > p").text_content() == item.done_when[lang], item.id
    headings = page.eval_on_selector_all(
        "article h2", "hs => hs.map(h => h.firstChild.textContent)"
    )
    for area in catalog.areas:
        assert area.title[lang] in headings, area.id
    # The long word wraps or scrolls inside its table; the page itself does not widen.
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], width
    assert page.evaluate("() => window.__tripped") is None

    # The gate question goes into Markdown (an admonition), not into HTML.
    trapped.goto(hostile_url + LANG_PREFIX[lang] + "gates/g1/")
    shown = page.locator(".admonition.question p:not(.admonition-title)").text_content()
    assert shown == catalog.gate("G1").question[lang]


def test_template_names_show_as_typed(trapped: Tab, hostile_url: str) -> None:
    trapped.goto(hostile_url + "templates/")
    names = trapped.page.eval_on_selector_all(
        ".pb-downloads .pb-download-name", "cells => cells.map(c => c.textContent)"
    )
    hostile_names = [n for n in names if n.startswith("=")]
    assert len(hostile_names) >= 4, names
    assert all(re.search(r" ·\d+$", n) for n in hostile_names), hostile_names


def test_published_csv_has_no_live_formula(
    hostile: tuple[Path, Catalog], trapped: Tab, hostile_url: str
) -> None:
    site, catalog = hostile
    csv_path = site / "data" / "catalog.csv"
    assert csv_path.is_file(), "the site publishes data/catalog.csv"
    rows = list(csv.reader(io.StringIO(csv_path.read_bytes().decode("utf-8-sig"))))
    starts = [t for item in catalog.items for t in item.title.values() if t[0] in "=+-@"]
    assert starts, "the hostile catalog has titles that start like a formula"
    cells = [cell for row in rows for cell in row]
    live = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert live == []
    for title in starts:
        assert any(title in cell for cell in cells), title
