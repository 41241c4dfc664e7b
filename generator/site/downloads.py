"""The template downloads the site offers: every example profile and a blank
template per AI type and risk class, in every format and language."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator import templates
from generator.catalog.loader import load_catalog
from generator.catalog.tailor import applicable
from generator.filled.profile import load_profile
from generator.model import AI_TYPES, LANGS, RISK_CLASSES, Catalog, Profile
from generator.words import label


@dataclass(frozen=True)
class Entry:
    stem: str
    profile: Profile
    blank: bool


def blank_profile(ai_type: str, risk_class: str, lang: str) -> Profile:
    """A form to fill: assumes personal data, external users and a public service, the
    widest set of items; the AI Act role is left for the reader to answer."""
    name = f"{label(lang, 'template_title')}: {label(lang, ai_type)}, {label(lang, risk_class)}"
    return Profile(name=name, description="", ai_type=ai_type, risk_class=risk_class,
                   personal_data=True, users="external", owners={}, effect_goals=(), lang=lang,
                   actor="", public_service=True)  # fmt: skip


def entries(catalog: Catalog, examples: Path) -> list[Entry]:
    found = [
        Entry(p.stem, load_profile(p, catalog), False) for p in sorted(examples.glob("*.yaml"))
    ]
    found += [
        Entry(f"blank-{ai}-{risk}", blank_profile(ai, risk, "nb"), True)
        for ai in AI_TYPES
        for risk in RISK_CLASSES
    ]
    return found


def files(catalog: Catalog, examples: Path) -> dict[str, bytes]:
    """Relative path under downloads/ -> bytes, for every download."""
    out: dict[str, bytes] = {}
    for entry in entries(catalog, examples):
        for lang in LANGS:
            profile = (
                blank_profile(entry.profile.ai_type, entry.profile.risk_class, lang)
                if entry.blank
                else entry.profile
            )
            for fmt in templates.FORMATS:
                out[f"{entry.stem}.{lang}.{fmt}"] = templates.render(
                    catalog, profile, fmt, lang, f"{entry.stem}.yaml"
                )
    return out


def counts_per_gate(catalog: Catalog, profile: Profile) -> dict[str, int]:
    items = applicable(catalog, profile)
    return {g.id: sum(1 for i in items if i.gate == g.id) for g in catalog.gates}


def main() -> None:  # pragma: no cover - a convenience for maintainers
    catalog = load_catalog()
    for entry in entries(catalog, Path("examples")):
        print(entry.stem, counts_per_gate(catalog, entry.profile))
