"""What changed between two versions of the catalog, item by item.

Both sides are Catalog objects from the one loader, so a diff never sees a
catalog the validator would refuse.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.catalog.rules import TEXT_FIELDS, version_key
from generator.model import LANGS, Catalog, Change, Item


@dataclass(frozen=True)
class Changed:
    id: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class CatalogDiff:
    old: Catalog
    new: Catalog
    added: tuple[Item, ...]
    changed: tuple[Changed, ...]
    deprecated: tuple[Item, ...]  # deprecated in new, in use in old; items as in new
    removed: tuple[Item, ...]  # items as in old
    changes: tuple[Change, ...]  # change entries in new that old does not have


# Fields compared one by one, in the order they are reported. Text fields are
# compared per language so that a reviewer sees "title.en", not just "title".
_FIELDS: tuple[tuple[str, Callable[[Item], Any]], ...] = (
    ("area", lambda i: i.area),
    *(
        (f"{name}.{lang}", lambda i, n=name, lg=lang: getattr(i, n)[lg])
        for name in TEXT_FIELDS
        for lang in LANGS
    ),
    ("owner", lambda i: i.owner),
    ("gate", lambda i: i.gate),
    ("level", lambda i: i.level),
    ("sources", lambda i: i.sources),
    ("applies_when", lambda i: dict(i.applies_when)),
    ("mappings", lambda i: dict(i.mappings)),
    ("since", lambda i: i.since),
)


def changed_fields(old: Item, new: Item) -> tuple[str, ...]:
    fields = [name for name, get in _FIELDS if get(old) != get(new)]
    # A first deprecation is reported on its own; any later edit of it, or
    # taking an item back into use, is a change of the field.
    if old.deprecated is not None and old.deprecated != new.deprecated:
        fields.append("deprecated")
    return tuple(fields)


def compare(old: Catalog, new: Catalog) -> CatalogDiff:
    before = {i.id: i for i in old.items}
    after = {i.id: i for i in new.items}
    known = {c.version for c in old.changes}
    changed = []
    for item in new.items:
        if item.id in before:
            fields = changed_fields(before[item.id], item)
            if fields:
                changed.append(Changed(item.id, fields))
    return CatalogDiff(
        old=old,
        new=new,
        added=tuple(i for i in new.items if i.id not in before),
        changed=tuple(changed),
        deprecated=tuple(
            i
            for i in new.items
            if i.deprecated is not None and i.id in before and before[i.id].deprecated is None
        ),
        removed=tuple(i for i in old.items if i.id not in after),
        changes=tuple(
            sorted(
                (c for c in new.changes if c.version not in known),
                key=lambda c: version_key(c.version),
                reverse=True,
            )
        ),
    )


def as_json(diff: CatalogDiff, old_label: str, new_label: str) -> dict[str, Any]:
    def brief(item: Item) -> dict[str, Any]:
        return {"id": item.id, "area": item.area, "title": dict(item.title)}

    return {
        "old": {"source": old_label, "version": diff.old.version},
        "new": {"source": new_label, "version": diff.new.version},
        "changes": [
            {"version": c.version, "date": c.date, "summary": dict(c.summary)} for c in diff.changes
        ],
        "added": [brief(i) for i in diff.added],
        "changed": [{"id": c.id, "fields": list(c.fields)} for c in diff.changed],
        "deprecated": [
            {
                **brief(i),
                "since": i.deprecated.since,
                "replaced_by": i.deprecated.replaced_by,
            }
            for i in diff.deprecated
            if i.deprecated is not None
        ],
        "removed": [brief(i) for i in diff.removed],
    }


def as_text(diff: CatalogDiff, old_label: str, new_label: str, lang: str = "en") -> str:
    out = [
        f"catalog {diff.old.version} ({old_label}) -> {diff.new.version} ({new_label})",
    ]
    for change in diff.changes:
        out.append(f"  {change.version} ({change.date}): {change.summary[lang]}")

    def section(name: str, rows: list[str]) -> None:
        out.append("")
        out.append(f"{name} ({len(rows)})" + (":" if rows else ""))
        out.extend(f"  {row}" for row in rows)

    section("added", [f"{i.id}  {i.title[lang]}" for i in diff.added])
    section("changed", [f"{c.id}  {', '.join(c.fields)}" for c in diff.changed])
    rows = []
    for item in diff.deprecated:
        dep = item.deprecated
        if dep is not None:
            by = f", replaced by {dep.replaced_by}" if dep.replaced_by else ""
            rows.append(f"{item.id}  since {dep.since}{by}  {item.title[lang]}")
    section("deprecated", rows)
    section("removed", [f"{i.id}  {i.title[lang]}" for i in diff.removed])
    return "\n".join(out) + "\n"
