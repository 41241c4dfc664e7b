"""The filled template as YAML: a profile with catalog_version, answers and
decisions, readable again by load_profile(). Written by hand so that item
titles can ride along as comments and the bytes are stable.

docs/assets/builder.js renders the same YAML in the browser: a change here needs
the same change there (tests/browser/test_builder.py compares the bytes)."""

from __future__ import annotations

import json

from generator.model import Catalog, Item, Profile
from generator.words import label


def q(text: str) -> str:
    """A YAML double-quoted scalar; JSON string syntax is valid YAML and escapes everything."""
    return json.dumps(text, ensure_ascii=False)


def num(value: float | None) -> str:
    if value is None:
        return "null"
    if float(value).is_integer():
        return str(int(value))
    text = repr(float(value))
    # YAML 1.1 (PyYAML) reads "5e-05" as a string; a float needs its point: "5.0e-05".
    return text.replace("e", ".0e") if "e" in text and "." not in text else text


def comment(text: str) -> str:
    return " ".join(text.split())


def render_yaml(catalog: Catalog, profile: Profile, items: list[Item], lang: str) -> str:
    out = [
        "# yaml-language-server: $schema=https://example.org/ai-pilot-to-production/schemas/profile.schema.json",
        "# " + label(lang, "yaml_head").format(name=comment(profile.name), version=catalog.version),
        "# " + label(lang, "yaml_fill"),
        "# " + label(lang, "yaml_na"),
        f"name: {q(profile.name)}",
        f"description: {q(profile.description)}",
        f"lang: {lang}",
        f'catalog_version: "{catalog.version}"',
        f"ai_type: {profile.ai_type}",
        f"risk_class: {profile.risk_class}",
        f"personal_data: {'true' if profile.personal_data else 'false'}",
        f"users: {profile.users}",
        f"actor: {q(profile.actor) if not profile.actor else profile.actor}",
        "public_service: " + {True: "true", False: "false", None: "null"}[profile.public_service],
        f"annex_iii: {q(profile.annex_iii)}",
        "art50: [" + ", ".join(profile.art50) + "]",
    ]
    # Optional: written only when given, as the builder's form does not ask for it yet.
    if profile.sector:
        out.append(f"sector: {profile.sector}")
    out += [
        "owners:",
    ]
    out += [f"  {role.id}: {q(profile.owners.get(role.id, ''))}" for role in catalog.roles]
    out.append("effect_goals:")
    for g in profile.effect_goals:
        out += [
            f"  - kpi: {q(g.kpi)}",
            f"    unit: {q(g.unit)}",
            f"    baseline: {num(g.baseline)}",
            f"    target: {num(g.target)}",
            f"    direction: {g.direction}",
            f"    measured_by: {q(g.measured_by)}",
            f"    measured: {num(g.measured)}",
        ]
    out.append("answers:")
    for item in items:
        a = profile.answer(item.id)
        out += [
            f"  # {item.gate} {label(lang, item.level)} · {comment(item.title[lang])}",
            f"  {item.id}:",
            f"    status: {a.status}",
            f"    evidence: {q(a.evidence)}",
            f"    due: {q(a.due)}",
            f"    comment: {q(a.comment)}",
        ]
    out.append("decisions:")
    for gate in catalog.gates:
        d = profile.decision(gate.id)
        out += [
            f"  {gate.id}:",
            f"    date: {q(d.date)}",
            f"    decision: {q(d.decision)}",
            f"    decided_by: {q(d.decided_by)}",
            f"    exception_reason: {q(d.exception_reason)}",
        ]
        if d.conditions_text and not d.conditions:
            out.append(f"    conditions: {q(d.conditions_text)}")
        elif not d.conditions:
            out.append("    conditions: []")
        else:
            out.append("    conditions:")
            for c in d.conditions:
                out += [
                    f"      - text: {q(c.text)}",
                    f"        owner: {q(c.owner)}",
                    f"        due: {q(c.due)}",
                    f"        item: {q(c.item)}",
                ]
    return "\n".join(out) + "\n"
