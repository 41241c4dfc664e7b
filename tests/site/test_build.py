"""A real `mkdocs build` of the site, in both languages, checked on its HTML."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.model import Catalog
from generator.site import downloads
from tests.conftest import ROOT, copy_site_project, mkdocs_build

GATE_PAGES = {"G1": "gates/g1", "G2": "gates/g2", "G3": "gates/g3"}
DOD_PAGES = {"G1": "dod-pilot", "G2": "dod-production", "G3": "ready-to-scale"}
LANG_PREFIX = {"nb": "", "en": "en/"}


def page(site: Path, lang: str, name: str) -> str:
    path = site / LANG_PREFIX[lang] / ("" if name == "index" else name) / "index.html"
    return path.read_text(encoding="utf-8")


def row_ids(html: str) -> set[str]:
    """The items of a page's checklists: each one's anchor is on its heading."""
    return set(re.findall(r'<h[2-6] class="pb-item-title" id="([a-z]{3}-[0-9]{3})"', html))


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_language_versions_exist(site: Path, lang: str) -> None:
    html = page(site, lang, "index")
    assert f'<html lang="{lang}"' in html


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_item_is_on_its_gate_pages_and_the_full_catalog(
    site: Path, catalog: Catalog, lang: str
) -> None:
    full = row_ids(page(site, lang, "catalog"))
    assert full == {i.id.lower() for i in catalog.active_items}
    for gate, name in {**GATE_PAGES}.items():
        expected = {i.id.lower() for i in catalog.active_items if i.gate == gate}
        assert row_ids(page(site, lang, name)) == expected, name
        assert row_ids(page(site, lang, DOD_PAGES[gate])) == expected, DOD_PAGES[gate]


def test_catalog_text_appears_in_the_right_language(site: Path, catalog: Catalog) -> None:
    item = catalog.active_items[0]
    from html import escape

    assert escape(item.title["nb"], quote=True) in page(site, "nb", "catalog")
    assert escape(item.title["en"], quote=True) in page(site, "en", "catalog")
    assert escape(item.title["en"], quote=True) not in page(site, "nb", "catalog")


def test_language_switch_links_to_the_same_page(site: Path) -> None:
    html = page(site, "nb", "gates/g2")
    assert re.search(r'href="[./]*en/gates/g2/"[^>]*hreflang="en"', html), (
        "switch to en keeps the page"
    )


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    return copy_site_project(project)


def test_jinja_in_catalog_text_is_shown_literally(tmp_path: Path) -> None:
    project = _project(tmp_path)
    items = project / "checklists" / "items" / "value.yaml"
    text = items.read_text(encoding="utf-8")
    first_title = re.search(r"\n      en: (.+)\n", text)
    assert first_title
    text = text.replace(
        first_title.group(0), '\n      en: "Seven times seven is {{ 7*7 }} {% raw %}"\n', 1
    )
    items.write_text(text, encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "en" / "catalog" / "index.html").read_text(encoding="utf-8")
    assert "Seven times seven is {{ 7*7 }} {% raw %}" in html
    assert "Seven times seven is 49" not in html


def test_invalid_catalog_fails_the_build_with_the_validator_message(tmp_path: Path) -> None:
    project = _project(tmp_path)
    items = project / "checklists" / "items" / "value.yaml"
    text = items.read_text(encoding="utf-8")
    items.write_text(text.replace("owner: product", "owner: boss", 1), encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert re.search(
        r"checklists/items/value\.yaml:\d+: VAL-\d{3}: owner 'boss' is not a role", result.stderr
    )
    assert not (tmp_path / "site" / "en" / "catalog" / "index.html").exists()


def test_shipped_config_keeps_the_safety_settings() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "on_error_fail: true" in config and "on_undefined: strict" in config
    assert 'lang: ["no", "en"]' in config


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_download_link_resolves_to_a_file_that_opens(
    site: Path, catalog: Catalog, lang: str
) -> None:
    import io
    from urllib.parse import urljoin

    import openpyxl

    from generator.filled.profile import load_profile

    html = page(site, lang, "templates")
    links = re.findall(r'href="([^"]*downloads/[^"]+)"', html)
    assert len(links) >= (4 + 9) * 3
    base = f"http://x/{LANG_PREFIX[lang]}templates/"
    for link in links:
        target = site / urljoin(base, link).removeprefix("http://x/")
        assert target.is_file(), link
        if target.suffix == ".xlsx":
            assert openpyxl.load_workbook(io.BytesIO(target.read_bytes())).sheetnames
        elif target.suffix == ".yaml" and not target.name.startswith("blank-"):
            assert load_profile(target, catalog).catalog_version == catalog.version
        else:
            assert target.read_text(encoding="utf-8").startswith("# ") or target.suffix == ".yaml"


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_sources_and_crosswalks_are_generated(site: Path, catalog: Catalog, lang: str) -> None:
    sources = page(site, lang, "sources")
    for src in catalog.sources:
        assert f'id="{src.key}"' in sources, src.key
    crosswalks = page(site, lang, "crosswalks")
    art12 = [i.id for i in catalog.active_items if "Art. 12" in i.mappings.get("ai_act", ())]
    assert art12 and 'id="ai-act-art-12"' in crosswalks
    for item_id in art12:
        assert f"catalog/#{item_id.lower()}" in crosswalks


def test_the_kept_downloads_are_the_published_ones(site: Path) -> None:
    """The build keeps its downloads under a hash of their sources (the cache
    that a `mkdocs serve` reload reads); what is kept is what the site serves."""
    key = downloads.source_key(ROOT / "checklists", ROOT / "examples")
    kept = ROOT / ".cache" / "plugin" / "playbook" / "downloads" / key
    names = json.loads((kept / downloads.MANIFEST).read_text(encoding="utf-8"))
    published = sorted(p.name for p in (site / "downloads").iterdir())
    assert sorted(names) == published
    for name in names:
        assert (kept / name).read_bytes() == (site / "downloads" / name).read_bytes(), name


def test_the_search_index_holds_each_item_once_per_language_on_the_catalog_page(
    site: Path, catalog: Catalog
) -> None:
    """The gate, definition-of-done and area pages repeat the catalog's items;
    the search finds each item once, where the whole catalog is."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    where: dict[str, list[str]] = {}
    for doc in index["docs"]:
        page, _, anchor = doc["location"].partition("#")
        if re.fullmatch(r"[a-z]{3}-[0-9]{3}", anchor):
            where.setdefault(anchor, []).append(page)
    assert sorted(where) == sorted(i.id.lower() for i in catalog.items)
    for anchor, pages in where.items():
        assert sorted(pages) == ["catalog/", "en/catalog/"], anchor
