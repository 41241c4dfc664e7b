"""Reporters for a gate check: terminal text, JSON, JUnit XML and Markdown.

The JSON structure is documented in docs/ci.*.md and versioned by
"schema_version"; fields are only ever added.
"""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree as ET

from generator.gate.evaluate import GO, GO_WITH_CONDITIONS, NO_GO, ItemResult, Report
from generator.model import Catalog, Profile
from generator.templates.yaml_text import num
from generator.text import md

JSON_SCHEMA_VERSION = 1
COLOURS = {GO: "\033[32m", GO_WITH_CONDITIONS: "\033[33m", NO_GO: "\033[31m"}
RESET = "\033[0m"


def _item(r: ItemResult, catalog: Catalog, profile: Profile, lang: str) -> dict[str, Any]:
    return {
        "id": r.item.id,
        "title": r.item.title[lang],
        "gate": r.item.gate,
        "area": r.item.area,
        "level": r.item.level,
        "owner_role": r.item.owner,
        "owner": profile.owners.get(r.item.owner, ""),
        "status": r.answer.status,
        "state": r.state,
        "reason": r.reason,
        "evidence": r.answer.evidence,
        "comment": r.answer.comment,
    }


def to_json(report: Report, catalog: Catalog, profile: Profile, lang: str, source: str) -> str:
    v = report.version
    data = {
        "schema_version": JSON_SCHEMA_VERSION,
        "file": source,
        "use_case": profile.name,
        "gate": report.gate,
        "verdict": report.verdict,
        "exit_code": report.exit_code,
        "catalog_version": catalog.version,
        "template_catalog_version": profile.catalog_version,
        "summary": {
            "items": len(report.items),
            "holding": sum(r.holds for r in report.items),
            "blocking": len(report.blocking),
            "conditions": len(report.conditions),
            "goals_total": len(report.goals),
            "goals_met": sum(g.state == "met" for g in report.goals),
        },
        "blocking": [_item(r, catalog, profile, lang) for r in report.blocking],
        "conditions": [_item(r, catalog, profile, lang) for r in report.conditions],
        "goals": [
            {
                "kpi": g.goal.kpi,
                "unit": g.goal.unit,
                "baseline": g.goal.baseline,
                "target": g.goal.target,
                "direction": g.goal.direction,
                "measured": g.goal.measured,
                "state": g.state,
            }
            for g in report.goals
        ],
        "by_area": [
            {
                "area": k,
                "title": catalog.area(k).title[lang],
                "total": t.total,
                "holding": t.holding,
                "percent": t.percent,
            }
            for k, t in report.by_area.items()
        ],
        "by_owner": [
            {
                "role": k,
                "title": catalog.role(k).title[lang],
                "owner": profile.owners.get(k, ""),
                "total": t.total,
                "holding": t.holding,
                "percent": t.percent,
            }
            for k, t in report.by_owner.items()
        ],
        "items": [_item(r, catalog, profile, lang) for r in report.items],
        "version_note": None
        if v is None
        else {
            "template_catalog_version": v.template_version,
            "catalog_version": v.catalog_version,
            "removed": list(v.removed),
            "deprecated": [{"id": i, "replaced_by": r} for i, r in v.deprecated],
            "added": list(v.added),
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _grouped(
    rows: tuple[ItemResult, ...], catalog: Catalog, profile: Profile, lang: str
) -> list[tuple[str, list[ItemResult]]]:
    out = []
    for role in catalog.roles:
        mine = [r for r in rows if r.item.owner == role.id]
        if mine:
            who = profile.owners.get(role.id, "")
            out.append((f"{role.title[lang]}" + (f" – {who}" if who else ""), mine))
    return out


def _version_lines(report: Report) -> list[str]:
    v = report.version
    if v is None:
        return []
    lines = [
        f"This template was made from catalog {v.template_version}; the current catalog is {v.catalog_version}. Run `playbook upgrade` to carry the answers over."
    ]
    if v.removed:
        lines.append(f"Answers on items no longer in the catalog: {', '.join(v.removed)}")
    if v.deprecated:
        lines.append(
            "Answers on deprecated items: "
            + ", ".join(f"{i} (replaced by {r})" if r else i for i, r in v.deprecated)
        )
    if v.added:
        lines.append(f"Items added since {v.template_version}, now open: {', '.join(v.added)}")
    return lines


def to_text(report: Report, catalog: Catalog, profile: Profile, lang: str, colour: bool) -> str:
    def paint(text: str) -> str:
        return f"{COLOURS[report.verdict]}{text}{RESET}" if colour else text

    gate = catalog.gate(report.gate)
    held = sum(r.holds for r in report.items)
    out = [
        f"{profile.name}",
        f"{gate.title[lang]}: {paint(report.verdict)}",
        f"{held} of {len(report.items)} items hold; {len(report.blocking)} blocking, {len(report.conditions)} conditions",
    ]
    out += [f"note: {line}" for line in _version_lines(report)]
    if report.blocking:
        out += ["", "Blocking (must), by owner:"]
        for who, rows in _grouped(report.blocking, catalog, profile, lang):
            out.append(f"  {who}")
            out += [f"    {r.item.id}  {r.item.title[lang]}  [{r.reason}]" for r in rows]
    if report.conditions:
        out += ["", "Conditions (should):"]
        out += [f"  {r.item.id}  {r.item.title[lang]}  [{r.reason}]" for r in report.conditions]
    if report.goals:
        out += ["", "Effect goals:"]
        for g in report.goals:
            better = ">=" if g.goal.direction == "higher" else "<="
            measured = num(g.goal.measured) if g.goal.measured is not None else "not measured"
            out.append(
                f"  {g.state:8} {g.goal.kpi}: {measured} (target {better} {num(g.goal.target)} {g.goal.unit})"
            )
    out += ["", "Readiness by area:"]
    out += [
        f"  {catalog.area(k).title[lang]:32} {t.holding:3}/{t.total:<3} {t.percent:3}%"
        for k, t in report.by_area.items()
    ]
    out += ["", "Readiness by owner:"]
    out += [
        f"  {catalog.role(k).title[lang]:32} {t.holding:3}/{t.total:<3} {t.percent:3}%"
        for k, t in report.by_owner.items()
    ]
    return "\n".join(out) + "\n"


def to_markdown(report: Report, catalog: Catalog, profile: Profile, lang: str) -> str:
    gate = catalog.gate(report.gate)
    icon = {GO: "✅", GO_WITH_CONDITIONS: "⚠️", NO_GO: "⛔"}[report.verdict]
    held = sum(r.holds for r in report.items)
    out = [
        f"## {icon} {md(gate.title[lang])}: {report.verdict}",
        "",
        f"**{md(profile.name)}** · catalog {catalog.version} · {held} of {len(report.items)} items hold",
        "",
    ]
    out += [f"> {md(line)}" for line in _version_lines(report)]
    if report.blocking:
        out += ["### Blocking", ""]
        for who, rows in _grouped(report.blocking, catalog, profile, lang):
            out += [f"**{md(who)}**", ""]
            out += [f"- [ ] `{r.item.id}` {md(r.item.title[lang])} ({md(r.reason)})" for r in rows]
            out.append("")
    if report.conditions:
        out += ["### Conditions", ""]
        out += [
            f"- [ ] `{r.item.id}` {md(r.item.title[lang])} ({md(r.reason)})"
            for r in report.conditions
        ]
        out.append("")
    if report.goals:
        out += [
            "### Effect goals",
            "",
            "| KPI | Baseline | Target | Measured | |",
            "|---|---|---|---|---|",
        ]
        for g in report.goals:
            measured = num(g.goal.measured) if g.goal.measured is not None else "–"
            mark = {"met": "✅", "not-met": "⛔", "missing": "⛔ not measured"}[g.state]
            out.append(
                f"| {md(g.goal.kpi)} | {num(g.goal.baseline)} | {num(g.goal.target)} | {measured} | {mark} |"
            )
        out.append("")
    out += ["### Readiness", "", "| Area | Holding | % |", "|---|---|---|"]
    out += [
        f"| {md(catalog.area(k).title[lang])} | {t.holding}/{t.total} | {t.percent}% |"
        for k, t in report.by_area.items()
    ]
    out += ["", "| Owner | Holding | % |", "|---|---|---|"]
    out += [
        f"| {md(catalog.role(k).title[lang])} | {t.holding}/{t.total} | {t.percent}% |"
        for k, t in report.by_owner.items()
    ]
    return "\n".join(out) + "\n"


def to_junit(report: Report, catalog: Catalog, profile: Profile, lang: str) -> str:
    failures = [r for r in report.items if not r.holds] + [
        g for g in report.goals if g.state != "met"
    ]
    tests = len(report.items) + len(report.goals)
    suites = ET.Element(
        "testsuites",
        name="playbook check",
        tests=str(tests),
        failures=str(len(failures)),
        errors="0",
        time="0",
    )
    suite = ET.SubElement(
        suites,
        "testsuite",
        name=f"{report.gate} {profile.name}",
        tests=str(tests),
        failures=str(len(failures)),
        errors="0",
        skipped="0",
        time="0",
    )
    props = ET.SubElement(suite, "properties")
    for name, value in (
        ("verdict", report.verdict),
        ("catalog_version", catalog.version),
        ("gate", report.gate),
    ):
        ET.SubElement(props, "property", name=name, value=value)
    for r in report.items:
        case = ET.SubElement(
            suite,
            "testcase",
            classname=f"{r.item.gate}.{r.item.area}",
            name=f"{r.item.id} {r.item.title[lang]}",
            time="0",
        )
        if not r.holds:
            failure = ET.SubElement(
                case, "failure", message=f"{r.item.level}: {r.reason}", type=r.item.level
            )
            failure.text = f"Done when: {r.item.done_when[lang]}\nOwner: {profile.owners.get(r.item.owner, r.item.owner)}"
        elif r.state == "n/a":
            ET.SubElement(case, "system-out").text = f"Not applicable: {r.answer.comment}"
    for g in report.goals:
        case = ET.SubElement(
            suite, "testcase", classname=f"{report.gate}.effect-goals", name=g.goal.kpi, time="0"
        )
        if g.state != "met":
            ET.SubElement(
                case, "failure", message=g.state, type="effect-goal"
            ).text = f"baseline {num(g.goal.baseline)}, target {num(g.goal.target)}, measured {num(g.goal.measured)}"
    ET.indent(suites)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
    )
