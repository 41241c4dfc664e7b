"""Which catalog items apply to a use case: the catalog's conditions against the profile."""

from __future__ import annotations

from collections.abc import Mapping

from generator.model import CONDITION_KEYS, Catalog, Item, Profile
from generator.words import label


def applies(item: Item, profile: Profile) -> bool:
    """Every condition of the item matches the profile.

    A condition lists the values it accepts. A profile whose actor is "both"
    carries the duties of either role; one whose actor is unanswered ("") gets
    every role's items, so nothing is left out while the role is open, and an
    unanswered yes/no (public_service None) keeps the item too. art50 is
    a list on the profile: one shared value is enough. any_of holds when one of
    its sets of conditions does.
    """
    return _matches(item.applies_when, profile)


def _matches(when: Mapping[str, object], profile: Profile) -> bool:
    for key, wanted in when.items():
        if key == "any_of":
            if not any(_matches(one, profile) for one in wanted):  # type: ignore[attr-defined]
                return False
            continue
        value = getattr(profile, key)
        if isinstance(wanted, bool):
            # None: not answered yet; keep the item rather than guess.
            if value is not None and value is not wanted:
                return False
        elif key == "actor":
            if value not in ("both", "") and value not in wanted:  # type: ignore[operator]
                return False
        elif key == "art50":
            if not set(value) & set(wanted):  # type: ignore[call-overload]
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


# Condition values whose label is looked up as KEY_VALUE: "5b" or "deepfake"
# alone would not say which field they belong to.
PREFIXED = ("annex_iii", "art50", "actor", "sector")


def conditions(item: Item, lang: str) -> str:
    """The item's applicability conditions as a short phrase, or ''."""
    return _phrase(item.applies_when, lang)


def _phrase(when: Mapping[str, object], lang: str) -> str:
    parts = []
    for key in CONDITION_KEYS:
        if key not in when:
            continue
        value = when[key]
        if isinstance(value, bool):
            parts.append(f"{label(lang, key)}: {label(lang, 'yes' if value else 'no')}")
        elif isinstance(value, list | tuple):
            words = [label(lang, f"{key}_{v}" if key in PREFIXED else str(v)) for v in value]
            parts.append(" / ".join(words))
    if "any_of" in when:
        options = [_phrase(one, lang) for one in when["any_of"]]  # type: ignore[attr-defined]
        parts.append(f" {label(lang, 'or')} ".join(f"({o})" for o in options))
    return "; ".join(parts)
