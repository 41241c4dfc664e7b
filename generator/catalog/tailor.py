"""Which catalog items apply to a use case: the catalog's conditions against the profile."""

from __future__ import annotations

from generator.model import CONDITION_KEYS, Catalog, Item, Profile
from generator.words import label


def applies(item: Item, profile: Profile) -> bool:
    for key, wanted in item.applies_when.items():
        value = getattr(profile, key)
        if isinstance(wanted, bool):
            if value is not wanted:
                return False
        elif value not in wanted:  # type: ignore[operator]
            return False
    return True


def applicable(catalog: Catalog, profile: Profile, up_to_gate: str | None = None) -> list[Item]:
    """Active items that apply to the profile, optionally only those due by a gate."""
    limit = catalog.gate_index(up_to_gate) if up_to_gate else len(catalog.gates)
    return [
        i
        for i in catalog.active_items
        if applies(i, profile) and catalog.gate_index(i.gate) <= limit
    ]


def conditions(item: Item, lang: str) -> str:
    """The item's applicability conditions as a short phrase, or ''."""
    parts = []
    for key in CONDITION_KEYS:
        if key not in item.applies_when:
            continue
        value = item.applies_when[key]
        if isinstance(value, bool):
            parts.append(f"{label(lang, key)}: {label(lang, 'yes' if value else 'no')}")
        elif isinstance(value, list | tuple):
            parts.append(" / ".join(label(lang, str(v)) for v in value))
    return "; ".join(parts)
