"""The catalog as published data: JSON, CSV and the JSON Schemas, as bytes.

Pure functions: the same catalog gives the same bytes (fixed order, sorted
keys, no timestamps), so a published file only changes when the catalog does.
The paths under data/ are a promise to people who build on them; see
docs/data.*.md before renaming anything.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from importlib import resources
from typing import Any

from generator.model import CONDITION_KEYS, LANGS, Catalog, Item, Profile, Text
from generator.site import builder
from generator.text import cell
from generator.words import LABELS, MONTHS

LICENSE = "CC-BY-4.0"  # the site's content licence, see mkdocs.yml
SCHEMA_PATH = "catalog.schema.json"  # relative to data/
CSV_COLUMNS = (
    "id", "lang", "status", "area", "area_title", "gate", "owner", "level",
    "title", "why", "done_when", "sources", "applies_when", "mappings",
    "since", "deprecated_since", "replaced_by", "deprecated_reason",
)  # fmt: skip
# A cell that starts with one of these is a formula to Excel, LibreOffice and
# Google Sheets; control characters can smuggle one in after them.
_BOM = "\ufeff"


def _text(value: Text) -> dict[str, str]:
    return {lang: value[lang] for lang in LANGS}


def _dump(data: Any, *, sort_keys: bool) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=sort_keys) + "\n").encode()


def _condition(value: object) -> bool | list[str] | list[dict[str, Any]]:
    if isinstance(value, bool):
        return value
    assert isinstance(value, list | tuple), value  # the schema allows lists and booleans only
    if value and isinstance(value[0], dict):  # any_of: sets of conditions
        return [{k: _condition(v) for k, v in one.items()} for one in value]
    return [str(v) for v in value]


def item_record(item: Item, catalog: Catalog | None = None) -> dict[str, Any]:
    dep = item.deprecated
    return {
        "id": item.id,
        "area": item.area,
        "status": "active" if dep is None else "deprecated",
        "title": _text(item.title),
        "why": _text(item.why),
        "done_when": _text(item.done_when),
        "owner": item.owner,
        "gate": item.gate,
        "level": item.level,
        "sources": list(item.sources),
        "since": item.since,
        "applies_when": {k: _condition(v) for k, v in item.applies_when.items()},
        # When the AI Act duties the item maps to apply (catalog milestones).
        "ai_act_dates": [
            {"date": m.date, "scope": _text(m.scope) if m.scope else None}
            for m in (catalog.milestones_for(item) if catalog else ())
        ],
        "mappings": {k: list(v) for k, v in item.mappings.items()},
        "deprecated": None
        if dep is None
        else {"since": dep.since, "replaced_by": dep.replaced_by, "reason": _text(dep.reason)},
    }


def catalog_data(catalog: Catalog, schema_url: str = SCHEMA_PATH) -> dict[str, Any]:
    return {
        "schema": schema_url,
        "catalog_version": catalog.version,
        "released": catalog.released,
        "license": LICENSE,
        "languages": list(LANGS),
        "changes": [
            {"version": c.version, "date": c.date, "summary": _text(c.summary)}
            for c in catalog.changes
        ],
        "gates": [
            {"id": g.id, "title": _text(g.title), "question": _text(g.question)}
            for g in catalog.gates
        ],
        "areas": [{"id": a.id, "prefix": a.prefix, "title": _text(a.title)} for a in catalog.areas],
        "roles": [
            {"id": r.id, "title": _text(r.title), "owns": _text(r.owns), "scope": _text(r.scope)}
            for r in catalog.roles
        ],
        "sources": [
            {
                "key": s.key,
                "short": s.short,
                "author": s.author,
                "title": s.title,
                "publisher": s.publisher,
                "date": s.date or None,
                "url": s.url,
                "note": _text(s.note) if s.note else None,
            }
            for s in catalog.sources
        ],
        "items": [item_record(i, catalog) for i in catalog.items],
    }


def catalog_json(catalog: Catalog, schema_url: str = SCHEMA_PATH) -> bytes:
    return _dump(catalog_data(catalog, schema_url), sort_keys=True)


def labels_json(catalog: Catalog) -> bytes:
    """The words the generator writes into templates, so that a template made in
    the browser (the builder page) says exactly what `playbook template` says."""
    return _dump(
        {
            "catalog_version": catalog.version,
            "condition_keys": list(CONDITION_KEYS),
            "labels": {lang: LABELS[lang] for lang in LANGS},
            "months": {lang: list(MONTHS[lang]) for lang in LANGS},
        },
        sort_keys=True,
    )


def _pairs(mapping: dict[str, Any]) -> str:
    parts = []
    for key in sorted(mapping):
        value = mapping[key]
        if isinstance(value, bool):
            shown = str(value).lower()
        elif value and isinstance(value[0], dict):
            shown = " | ".join(f"({_pairs(one)})" for one in value)
        else:
            shown = ", ".join(value)
        parts.append(f"{key}: {shown}")
    return "; ".join(parts)


def catalog_csv(catalog: Catalog) -> bytes:
    """One row per item and language; UTF-8 with a BOM so that Excel reads the letters right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for item in catalog.items:
        record = item_record(item, catalog)
        dep = item.deprecated
        for lang in LANGS:
            row = {
                **{k: record[k] for k in ("id", "status", "area", "gate", "owner", "level")},
                "lang": lang,
                "area_title": catalog.area(item.area).title[lang],
                "title": item.title[lang],
                "why": item.why[lang],
                "done_when": item.done_when[lang],
                "sources": ", ".join(item.sources),
                "applies_when": _pairs(record["applies_when"]),
                "mappings": _pairs(record["mappings"]),
                "since": item.since,
                "deprecated_since": dep.since if dep else "",
                "replaced_by": (dep.replaced_by or "") if dep else "",
                "deprecated_reason": dep.reason[lang] if dep else "",
            }
            writer.writerow([cell(row[c]) for c in CSV_COLUMNS])
    return (_BOM + buffer.getvalue()).encode("utf-8")


def _stamped(text: str, version: str) -> bytes:
    """A schema with the catalog version it was published with, as a $comment
    (a keyword every validator accepts, unlike a custom "version")."""
    schema = json.loads(text)
    stamp = f"Published with catalog version {version}."
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key != "$comment":
            out[key] = value
        if key == "$schema":
            out["$comment"] = f"{schema['$comment']} {stamp}" if "$comment" in schema else stamp
    return _dump(out, sort_keys=False)


def schema_files(catalog: Catalog) -> dict[str, bytes]:
    """The input schemas (generator/schemas/*.json) and the schema of catalog.json."""
    folder = resources.files("generator") / "schemas"
    out = {
        f"schemas/{entry.name}": _stamped(entry.read_text("utf-8"), catalog.version)
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".json") and entry.is_file()
    }
    out[SCHEMA_PATH] = _stamped(
        (folder / "published" / "catalog.schema.json").read_text("utf-8"), catalog.version
    )
    return out


def files(
    catalog: Catalog, site_url: str | None = None, examples: Sequence[Profile] = ()
) -> dict[str, bytes]:
    """Relative path under data/ -> bytes, for every published file."""
    schema_url = f"{site_url.rstrip('/')}/data/{SCHEMA_PATH}" if site_url else SCHEMA_PATH
    return {
        "catalog.json": catalog_json(catalog, schema_url),
        "catalog.csv": catalog_csv(catalog),
        "labels.json": labels_json(catalog),
        builder.EXAMPLES_JSON: _dump([builder.example_data(p) for p in examples], sort_keys=True),
        **schema_files(catalog),
    }
