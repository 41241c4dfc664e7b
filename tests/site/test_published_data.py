"""The published data (data/ on the built site) and the changelog page."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator

from generator.catalog.loader import load_catalog
from generator.filled.profile import load_profile
from generator.model import LANGS, Catalog, Item
from generator.site import html as render
from generator.site import publish
from generator.text import esc
from generator.words import LABELS
from tests.conftest import DATA, MIN_CATALOG, ROOT

BOM = b"\xef\xbb\xbf"
LIVE = re.compile(r"^[=+\-@\x00-\x1f\x7f]")


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def csv_rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(BOM), "Excel needs the BOM to read UTF-8"
    return list(csv.DictReader(io.StringIO(data[len(BOM) :].decode("utf-8"), newline="")))


def assert_same_item(record: dict[str, Any], item: Item) -> None:
    for name in ("title", "why", "done_when"):
        assert record[name] == {lang: getattr(item, name)[lang] for lang in LANGS}, item.id
    assert (record["area"], record["owner"], record["gate"], record["level"]) == (
        item.area,
        item.owner,
        item.gate,
        item.level,
    )
    assert record["sources"] == list(item.sources)
    assert record["since"] == item.since
    assert record["applies_when"] == {
        k: v if isinstance(v, bool) else list(v)  # type: ignore[call-overload]
        for k, v in item.applies_when.items()
    }
    assert record["mappings"] == {k: list(v) for k, v in item.mappings.items()}
    if item.deprecated is None:
        assert (record["status"], record["deprecated"]) == ("active", None)
    else:
        assert record["status"] == "deprecated"
        assert record["deprecated"] == {
            "since": item.deprecated.since,
            "replaced_by": item.deprecated.replaced_by,
            "reason": dict(item.deprecated.reason),
        }


def test_the_site_serves_every_data_file(site: Path) -> None:
    data = site / "data"
    inputs = sorted(p.name for p in (ROOT / "generator" / "schemas").glob("*.json"))
    assert sorted(p.name for p in (data / "schemas").iterdir()) == inputs
    for name in ("catalog.json", "catalog.csv", "catalog.schema.json"):
        assert (data / name).is_file(), name


def test_catalog_json_validates_against_its_published_schema(site: Path) -> None:
    schema = read_json(site / "data" / "catalog.schema.json")
    Draft7Validator.check_schema(schema)
    errors = list(Draft7Validator(schema).iter_errors(read_json(site / "data" / "catalog.json")))
    assert errors == [], [e.message for e in errors[:5]]


def test_catalog_json_round_trips(site: Path, catalog: Catalog) -> None:
    data = read_json(site / "data" / "catalog.json")
    assert data["catalog_version"] == catalog.version
    assert data["schema"].endswith("catalog.schema.json")
    assert [r["id"] for r in data["items"]] == [i.id for i in catalog.items]
    for record, item in zip(data["items"], catalog.items, strict=True):
        assert_same_item(record, item)
    assert [g["id"] for g in data["gates"]] == [g.id for g in catalog.gates]
    assert [a["prefix"] for a in data["areas"]] == [a.prefix for a in catalog.areas]
    assert [r["scope"]["nb"] for r in data["roles"]] == [r.scope["nb"] for r in catalog.roles]
    assert [s["url"] for s in data["sources"]] == [s.url for s in catalog.sources]
    assert [c["version"] for c in data["changes"]] == [c.version for c in catalog.changes]


def test_deprecated_items_are_published_too() -> None:
    # The real catalog may have none yet; the minimal one has DAT-002.
    small = load_catalog(MIN_CATALOG)
    data = json.loads(publish.catalog_json(small))
    schema = json.loads(publish.schema_files(small)["catalog.schema.json"])
    assert list(Draft7Validator(schema).iter_errors(data)) == []
    by_id = {r["id"]: r for r in data["items"]}
    assert sorted(by_id) == ["DAT-001", "DAT-002", "VAL-001", "VAL-002"]
    assert_same_item(by_id["DAT-002"], small.item("DAT-002"))
    assert by_id["DAT-002"]["deprecated"]["replaced_by"] == "DAT-001"
    assert [s["date"] for s in data["sources"]] == ["2017", None]


def test_csv_has_one_row_per_item_and_language_and_no_live_formula(
    site: Path, catalog: Catalog
) -> None:
    rows = csv_rows((site / "data" / "catalog.csv").read_bytes())
    assert [(r["id"], r["lang"]) for r in rows] == [
        (i.id, lang) for i in catalog.items for lang in LANGS
    ]
    for row in rows:
        for column, cell in row.items():
            assert not LIVE.match(cell), (row["id"], column, cell)
        item = catalog.item(row["id"])
        assert row["title"].removeprefix("'") == item.title[row["lang"]]
        assert row["done_when"].removeprefix("'") == item.done_when[row["lang"]]


def test_csv_cells_that_look_like_formulas_are_neutralised(in_tmp: Path) -> None:
    shutil.copytree(MIN_CATALOG, in_tmp / "cat")
    path = in_tmp / "cat" / "items" / "value.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in (
        ("en: Effect goals are agreed", 'en: "=HYPERLINK(\\"https://example.org\\")"'),
        ("nb: Effektmål er avtalt", 'nb: "+47 effektmål er avtalt"'),
        ("en: No goals, no decision.", 'en: "-1 goal is no goal"'),
        ("nb: Uten mål ingen beslutning.", 'nb: "@SUM(A1:A9)"'),
        ("en: The charter lists three effect goals.", 'en: "\\t=1+1"'),
    ):
        assert old in text
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    rows = csv_rows(publish.catalog_csv(load_catalog(in_tmp / "cat")))
    first = {r["lang"]: r for r in rows if r["id"] == "VAL-001"}
    assert first["en"]["title"] == '\'=HYPERLINK("https://example.org")'
    assert first["nb"]["title"] == "'+47 effektmål er avtalt"
    assert first["en"]["why"] == "'-1 goal is no goal"
    assert first["nb"]["why"] == "'@SUM(A1:A9)"
    assert first["en"]["done_when"] == "'\t=1+1"
    assert first["nb"]["done_when"] == "Mandatet lister tre effektmål."


def test_published_input_schemas_are_the_originals_stamped_with_the_version(
    site: Path, catalog: Catalog
) -> None:
    for original in sorted((ROOT / "generator" / "schemas").glob("*.json")):
        published = read_json(site / "data" / "schemas" / original.name)
        assert catalog.version in published.pop("$comment")
        assert published == read_json(original), original.name
    own = read_json(site / "data" / "catalog.schema.json")
    assert catalog.version in own["$comment"]


def test_the_same_catalog_gives_the_same_bytes() -> None:
    first = publish.files(load_catalog(ROOT / "checklists"))
    second = publish.files(load_catalog(ROOT / "checklists"))
    assert first == second
    assert not re.search(rb"20\d\d-\d\d-\d\dT\d\d:", first["catalog.json"]), "no timestamps"


def test_labels_json_carries_the_template_words_and_the_condition_order(site: Path) -> None:
    data = json.loads((site / "data" / "labels.json").read_bytes())
    assert data["labels"] == LABELS
    assert data["condition_keys"] == [
        "ai_type", "risk_class", "actor", "public_service", "annex_iii", "art50", "sector",
        "personal_data", "users",
    ]  # fmt: skip
    assert data["catalog_version"] == load_catalog(ROOT / "checklists").version
    # The order covers every condition an item may name, per the item schema
    # (any_of is not a condition of its own but holds a choice of them).
    schema = json.loads((ROOT / "generator" / "schemas" / "items.schema.json").read_bytes())
    conditions = schema["definitions"]["item"]["properties"]["applies_when"]["properties"]
    assert set(data["condition_keys"]) == set(conditions) - {"any_of"}
    assert set(conditions["any_of"]["items"]["properties"]) == set(data["condition_keys"])


def test_examples_json_holds_the_example_profiles_in_the_pickers_order(site: Path) -> None:
    data = json.loads((site / "data" / "examples.json").read_bytes())
    files = sorted((ROOT / "examples").glob("*.yaml"))
    catalog = load_catalog(ROOT / "checklists")
    expected = [load_profile(f, catalog) for f in files]
    assert [d["name"] for d in data] == [p.name for p in expected]
    assert [len(d["effect_goals"]) for d in data] == [len(p.effect_goals) for p in expected]
    assert data[0]["effect_goals"][0]["baseline"] == expected[0].effect_goals[0].baseline
    for page in (site / "builder" / "index.html", site / "en" / "builder" / "index.html"):
        html = page.read_text(encoding="utf-8")
        # The picker names them in that order; the profiles come by fetch, not inline.
        picker = re.search(r'<select id="pb-b-example".*?</select>', html, re.S)
        assert picker, page
        options = re.findall(r'<option value="(\d+)">([^<]*)</option>', picker.group(0))
        assert [name for _, name in options] == [esc(p.name) for p in expected]
        assert 'data-examples="' in html and expected[0].description not in html


def test_data_page_links_point_at_published_files(site: Path) -> None:
    for page in (site / "data" / "index.html", site / "en" / "data" / "index.html"):
        html = page.read_text(encoding="utf-8")
        links = re.findall(r'href="([^"]+\.(?:json|csv))"', html)
        data = site / "data"
        # Every file under data/ but the data page itself (data/index.html).
        published = [
            f.relative_to(data).as_posix() for f in data.rglob("*") if f.suffix in (".json", ".csv")
        ]
        assert sorted({link.split("data/", 1)[1] for link in links}) == sorted(published), page
        assert set(publish.files(load_catalog(ROOT / "checklists"))) == set(published)
        for link in links:
            assert (page.parent / link).resolve().is_file(), (page, link)


def changelog_sections(markdown: str) -> dict[str, dict[str, list[str]]]:
    """version -> {"added": [ids], "deprecated": [ids]} from the macro's Markdown."""
    out: dict[str, dict[str, list[str]]] = {}
    version = kind = ""
    for line in markdown.splitlines():
        head = re.match(r"## ([\d.]+) – ", line)
        if head:
            version = head.group(1)
            out[version] = {"added": [], "deprecated": []}
        elif line.startswith("???"):
            kind = "added" if "New" in line else "deprecated"
        elif line.startswith("    - "):
            out[version][kind].append(re.findall(r"[A-Z]{3}-\d{3}", line)[0])
    return out


def test_changelog_lists_added_and_deprecated_items_per_version() -> None:
    text = render.changelog(load_catalog(DATA / "catalog_min_next"), "en")
    assert changelog_sections(text) == {
        "1.2.0": {"added": ["VAL-003"], "deprecated": ["VAL-002"]},
        "1.1.0": {"added": ["VAL-002"], "deprecated": []},
        "1.0.0": {"added": ["VAL-001", "DAT-001"], "deprecated": []},
    }
    assert (
        "## 1.2.0 – 2026\\-12\\-01 {#v1-2-0}\n\nNew measurement item; old data check removed.\n"
        in text
    )
    # A deprecated item has no row in the catalog tables, so it is not linked; its replacement is.
    assert (
        "- `VAL-002` The benefit is measured in operation – replaced by [VAL-003](catalog.md#val-003)"
        in text
    )


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_changelog_page_on_the_site(site: Path, catalog: Catalog, lang: str) -> None:
    html = (site / ("en/" if lang == "en" else "") / "changelog" / "index.html").read_text(
        encoding="utf-8"
    )
    for change in catalog.changes:
        slug = "v" + change.version.replace(".", "-")
        assert re.search(rf'<h2 id="{slug}">{re.escape(change.version)} – {change.date}', html)
    first = catalog.changes[-1].version
    linked = set(re.findall(r'href="\.\./catalog/#([a-z]{3}-\d{3})"', html))
    assert {i.id.lower() for i in catalog.active_items if i.since == first} <= linked
