"""Reporters for a gate check: terminal text, JSON, JUnit XML and Markdown.

Every word is the reader's: the template's language unless --lang says
otherwise, from generator/words.py. The JSON structure is documented in
docs/ci.*.md and versioned by "schema_version"; keys, codes and statuses
stay English.
"""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree as ET

from generator.gate.evaluate import GO, GO_WITH_CONDITIONS, NO_GO, GoalResult, ItemResult, Report
from generator.model import Catalog, Profile
from generator.text import md, one_line, xml_text
from generator.words import count, label, number, say

JSON_SCHEMA_VERSION = 2
COLOURS = {GO: "\033[32m", GO_WITH_CONDITIONS: "\033[33m", NO_GO: "\033[31m"}
RESET = "\033[0m"


def verdict_words(verdict: str, lang: str) -> str:
    return say(lang, f"verdict_{verdict}")


def reason_words(r: ItemResult, lang: str) -> str:
    return say(lang, f"reason_{r.reason}") if r.reason else ""


def decision_words(decision: str, lang: str) -> str:
    return label(lang, f"decision_{decision}") if decision else say(lang, "no_decision")


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
        "reason_code": r.reason,
        "reason": reason_words(r, lang),
        "evidence": r.answer.evidence,
        "due": r.answer.due,
        "comment": r.answer.comment,
    }


def _decision_json(report: Report) -> dict[str, Any] | None:
    d = report.decision
    if d is None:
        return None
    return {
        "decision": d.decision.decision,
        "date": d.decision.date,
        "decided_by": d.decision.decided_by,
        "exception": d.exception,
        "exception_reason": d.decision.exception_reason,
        "missing_reason": d.missing_reason,
        "uncovered": list(d.uncovered),
        "conditions": [
            {"text": c.text, "owner": c.owner, "due": c.due, "item": c.item}
            for c in d.decision.conditions
        ],
        "conditions_text": d.decision.conditions_text,
    }


def to_json(
    report: Report, catalog: Catalog, profile: Profile, lang: str, source: str, exit_code: int
) -> str:
    v = report.version
    data = {
        "schema_version": JSON_SCHEMA_VERSION,
        "file": source,
        "lang": lang,
        "use_case": profile.name,
        "gate": report.gate,
        "verdict": report.verdict,
        "verdict_text": verdict_words(report.verdict, lang),
        "exit_code": exit_code,
        "catalog_version": catalog.version,
        "template_catalog_version": profile.catalog_version,
        "decision": _decision_json(report),
        "notes": profile_lines(profile, lang),
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
                "state_text": say(lang, f"goal_{g.state}"),
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
            "text": version_lines(report, lang),
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def grouped(
    rows: tuple[ItemResult, ...], catalog: Catalog, profile: Profile, lang: str
) -> list[tuple[str, list[ItemResult]]]:
    out = []
    for role in catalog.roles:
        mine = [r for r in rows if r.item.owner == role.id]
        if mine:
            who = profile.owners.get(role.id, "")
            out.append((f"{role.title[lang]}" + (f" – {who}" if who else ""), mine))
    return out


def version_lines(report: Report, lang: str) -> list[str]:
    v = report.version
    if v is None:
        return []
    lines = [say(lang, "version_made_from", old=v.template_version, new=v.catalog_version)]
    if v.removed:
        lines.append(say(lang, "version_removed", ids=", ".join(v.removed)))
    if v.deprecated:
        shown = [say(lang, "version_replaced", id=i, by=r) if r else i for i, r in v.deprecated]
        lines.append(say(lang, "version_deprecated", ids=", ".join(shown)))
    if v.added:
        lines.append(say(lang, "version_added", old=v.template_version, ids=", ".join(v.added)))
    return lines


def profile_lines(profile: Profile, lang: str) -> list[str]:
    """What the profile leaves unanswered, and what that does to the checklist."""
    lines = []
    if not profile.actor:
        lines.append(say(lang, "actor_unanswered"))
    if profile.public_service is None:
        lines.append(say(lang, "public_unanswered"))
    return lines


def summary_line(report: Report, lang: str) -> str:
    held = sum(r.holds for r in report.items)
    return (
        say(lang, "items_hold", held=held, total=len(report.items))
        + f"; {count(lang, 'blocking', len(report.blocking))}, "
        + count(lang, "conditions", len(report.conditions))
    )


def decision_lines(report: Report, lang: str) -> list[str]:
    """The recorded decision beside the verdict, and what an exception lacks."""
    d = report.decision
    if d is None:
        return [f"{say(lang, 'recorded_decision')}: {say(lang, 'no_decision')}"]
    rec = d.decision
    line = f"{say(lang, 'recorded_decision')}: {decision_words(rec.decision, lang)}"
    if rec.date or rec.decided_by:
        line += ", " + say(lang, "decided_on", date=rec.date or "–", who=rec.decided_by or "–")
    lines = [line]
    if d.exception:
        lines.append(f"{say(lang, 'exception')}: {say(lang, 'exception_flag')}")
        if rec.exception_reason:
            lines.append(f"{say(lang, 'exception_reason')}: {rec.exception_reason}")
        if d.missing_reason:
            lines.append(f"{say(lang, 'exception')}: {say(lang, 'exception_no_reason')}")
        if d.uncovered:
            ids = ", ".join(d.uncovered)
            lines.append(f"{say(lang, 'exception')}: {say(lang, 'exception_uncovered', ids=ids)}")
    return lines


def goal_line(g: GoalResult, lang: str) -> str:
    better = ">=" if g.goal.direction == "higher" else "<="
    measured = (
        number(g.goal.measured, lang) if g.goal.measured is not None else say(lang, "not_measured")
    )
    target = f"{say(lang, 'target')} {better} {number(g.goal.target, lang)} {g.goal.unit}"
    return f"{say(lang, f'goal_{g.state}')}: {g.goal.kpi}: {measured} ({target})"


def to_text(report: Report, catalog: Catalog, profile: Profile, lang: str, colour: bool) -> str:
    def paint(text: str) -> str:
        return f"{COLOURS[report.verdict]}{text}{RESET}" if colour else text

    # Every line goes through one_line, whatever it holds (a name, a KPI, a
    # catalog title): a control character or a line break must not move the
    # cursor, fake a line or make a workflow command. Colour is added after.
    gate = catalog.gate(report.gate)
    out = [
        profile.name,
        f"{gate.title[lang]}: \0",
        summary_line(report, lang),
    ]
    out += decision_lines(report, lang)
    out += [f"{say(lang, 'note')}: {line}" for line in version_lines(report, lang)]
    out += [f"{say(lang, 'note')}: {line}" for line in profile_lines(profile, lang)]
    if report.blocking:
        out += ["", f"{say(lang, 'blocking_by_owner')}:"]
        for who, rows in grouped(report.blocking, catalog, profile, lang):
            out.append(f"  {who}")
            out += [
                f"    {r.item.id}  {r.item.title[lang]}  [{reason_words(r, lang)}]" for r in rows
            ]
    if report.conditions:
        out += ["", f"{say(lang, 'conditions_should')}:"]
        out += [
            f"  {r.item.id}  {r.item.title[lang]}  [{reason_words(r, lang)}]"
            for r in report.conditions
        ]
    if report.goals:
        out += ["", f"{label(lang, 'effect_goals')}:"]
        out += [f"  {goal_line(g, lang)}" for g in report.goals]
    out += ["", f"{say(lang, 'readiness_area')}:"]
    out += [
        f"  {catalog.area(k).title[lang]:32} {t.holding:3}/{t.total:<3} {say(lang, 'percent', n=str(t.percent).rjust(3))}"
        for k, t in report.by_area.items()
    ]
    out += ["", f"{say(lang, 'readiness_owner')}:"]
    out += [
        f"  {catalog.role(k).title[lang]:32} {t.holding:3}/{t.total:<3} {say(lang, 'percent', n=str(t.percent).rjust(3))}"
        for k, t in report.by_owner.items()
    ]
    lines = [one_line(line) for line in out]
    # The verdict's placeholder at the end of the line (a NUL, which one_line
    # shows as \x00) becomes the verdict, in colour when asked.
    lines[1] = lines[1].removesuffix("\\x00") + paint(verdict_words(report.verdict, lang))
    return "\n".join(lines) + "\n"


def to_markdown(report: Report, catalog: Catalog, profile: Profile, lang: str) -> str:
    gate = catalog.gate(report.gate)
    icon = {GO: "✅", GO_WITH_CONDITIONS: "⚠️", NO_GO: "⛔"}[report.verdict]
    out = [
        f"## {icon} {md(gate.title[lang])}: {verdict_words(report.verdict, lang)}",
        "",
        f"**{md(profile.name)}** · {say(lang, 'catalog')} {catalog.version} · {md(summary_line(report, lang))}",
        "",
    ]
    out += [f"- {md(line)}" for line in decision_lines(report, lang)]
    out.append("")
    out += [f"> {md(line)}" for line in version_lines(report, lang) + profile_lines(profile, lang)]
    if report.blocking:
        out += [f"### {say(lang, 'blocking')}", ""]
        for who, rows in grouped(report.blocking, catalog, profile, lang):
            out += [f"**{md(who)}**", ""]
            out += [
                f"- [ ] `{r.item.id}` {md(r.item.title[lang])} ({md(reason_words(r, lang))})"
                for r in rows
            ]
            out.append("")
    if report.conditions:
        out += [f"### {say(lang, 'conditions_should')}", ""]
        out += [
            f"- [ ] `{r.item.id}` {md(r.item.title[lang])} ({md(reason_words(r, lang))})"
            for r in report.conditions
        ]
        out.append("")
    if report.goals:
        out += [
            f"### {label(lang, 'effect_goals')}",
            "",
            f"| {label(lang, 'kpi')} | {say(lang, 'baseline')} | {label(lang, 'target')} | {say(lang, 'measured')} | |",
            "|---|---|---|---|---|",
        ]
        for g in report.goals:
            measured = number(g.goal.measured, lang) if g.goal.measured is not None else "–"
            mark = {"met": "✅", "not-met": "⛔", "missing": "⛔"}[g.state]
            out.append(
                f"| {md(g.goal.kpi)} | {number(g.goal.baseline, lang)} | {number(g.goal.target, lang)} "
                f"| {measured} | {mark} {md(say(lang, f'goal_{g.state}'))} |"
            )
        out.append("")
    out += [
        f"### {say(lang, 'readiness_area')}",
        "",
        f"| {label(lang, 'area')} | {say(lang, 'holding')} | % |",
        "|---|---|---|",
    ]
    out += [
        f"| {md(catalog.area(k).title[lang])} | {t.holding}/{t.total} | {say(lang, 'percent', n=t.percent)} |"
        for k, t in report.by_area.items()
    ]
    out += [
        "",
        f"| {label(lang, 'owner')} | {say(lang, 'holding')} | % |",
        "|---|---|---|",
    ]
    out += [
        f"| {md(catalog.role(k).title[lang])} | {t.holding}/{t.total} | {say(lang, 'percent', n=t.percent)} |"
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
        name=xml_text(f"{report.gate} {profile.name}"),
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
            name=xml_text(f"{r.item.id} {r.item.title[lang]}"),
            time="0",
        )
        if not r.holds:
            failure = ET.SubElement(
                case,
                "failure",
                message=xml_text(f"{label(lang, r.item.level)}: {reason_words(r, lang)}"),
                type=r.item.level,
            )
            owner = profile.owners.get(r.item.owner, r.item.owner)
            failure.text = xml_text(
                f"{label(lang, 'done_when')}: {r.item.done_when[lang]}\n{label(lang, 'owner')}: {owner}"
            )
        elif r.state == "n/a":
            ET.SubElement(case, "system-out").text = xml_text(
                f"{label(lang, 'status_n/a')}: {r.answer.comment}"
            )
    for g in report.goals:
        case = ET.SubElement(
            suite,
            "testcase",
            classname=f"{report.gate}.effect-goals",
            name=xml_text(g.goal.kpi),
            time="0",
        )
        if g.state != "met":
            ET.SubElement(
                case, "failure", message=say(lang, f"goal_{g.state}"), type="effect-goal"
            ).text = xml_text(goal_line(g, lang))
    ET.indent(suites)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
    )
