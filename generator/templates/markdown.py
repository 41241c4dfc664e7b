"""The filled template as Markdown, for a repository or a wiki.

docs/assets/builder.js renders the same Markdown in the browser: a change here
needs the same change there (tests/browser/test_builder.py compares the bytes)."""

from __future__ import annotations

from collections.abc import Callable

from generator.catalog.tailor import conditions
from generator.model import Catalog, Item, Profile
from generator.templates.yaml_text import num
from generator.text import md
from generator.words import ai_act_dates, label, say, status_label


def dash(text: str) -> str:
    return md(text) or "–"


def render_markdown(
    catalog: Catalog, profile: Profile, items: list[Item], lang: str, source: str
) -> str:
    def L(key: str) -> str:
        return label(lang, key)

    yes_no = L("yes") if profile.personal_data else L("no")
    out = [
        f"# {L('template_title')}: {md(profile.name) or L('blank_name')}",
        "",
        md(profile.description),
        "",
        f"| {L('use_case')} | |",
        "|---|---|",
        f"| {L('ai_type')} | {L(profile.ai_type)} |",
        f"| {L('risk_class_long')} | {L(profile.risk_class)} |",
        f"| {L('personal_data').capitalize()} | {yes_no} |",
        f"| {L('users').capitalize()} | {L(profile.users)} |",
        f"| {L('actor')} | {L('actor_' + profile.actor) if profile.actor else '–'} |",
        f"| {L('public_service').capitalize()} | {_yes_no(L, profile.public_service)} |",
    ]
    if profile.annex_iii:
        out.append(
            f"| {L('annex_iii')} | {L('annex_iii_' + profile.annex_iii)} ({profile.annex_iii}) |"
        )
    if profile.sector:
        out.append(f"| {L('sector')} | {L('sector_' + profile.sector)} |")
    if profile.art50:
        out.append(f"| {L('art50')} | {', '.join(L('art50_' + k) for k in profile.art50)} |")
    out += [
        f"| {L('catalog_version')} | {catalog.version} |",
        f"| {L('generated_from')} | {dash(source)} |",
        "",
        f"## {L('owners')}",
        "",
        f"| {L('role')} | {L('owns')} | {L('name')} |",
        "|---|---|---|",
    ]
    out += [
        f"| {md(r.title[lang])} | {md(r.owns[lang])} | {dash(profile.owners.get(r.id, ''))} |"
        for r in catalog.roles
    ]
    out += [
        "",
        f"## {L('effect_goals')}",
        "",
        f"| {L('kpi')} | {L('unit')} | {L('baseline')} | {L('target')} | {L('direction')} | {L('measured_by')} | {L('measured')} |",
        "|---|---|---|---|---|---|---|",
    ]
    for g in profile.effect_goals:
        measured = num(g.measured) if g.measured is not None else "–"
        out.append(
            f"| {md(g.kpi)} | {md(g.unit)} | {num(g.baseline)} | {num(g.target)} | {L(g.direction)} | {md(g.measured_by)} | {measured} |"
        )
    # Grouped in one pass: filtering the items again for every gate and area
    # made the work grow with items x areas, and a large catalog has more areas.
    grouped: dict[tuple[str, str], list[Item]] = {}
    for item in items:
        grouped.setdefault((item.gate, item.area), []).append(item)
    for gate in catalog.gates:
        out += [
            "",
            f"## {md(gate.title[lang])}",
            "",
            f"**{L('question')}:** {md(gate.question[lang])}",
        ]
        for area in catalog.areas:
            in_area = grouped.get((gate.id, area.id))
            if not in_area:
                continue
            out += ["", f"### {md(area.title[lang])}", ""]
            for item in in_area:
                out += _item(catalog, profile, item, lang)
        d = profile.decision(gate.id)
        decision = label(lang, f"decision_{d.decision}") if d.decision else ""
        out += [
            "",
            f"### {L('decision_record')}: {md(gate.title[lang])}",
            "",
            f"| {L('date')} | {L('decision')} | {L('decided_by')} | {L('conditions')} |",
            "|---|---|---|---|",
            f"| {md(d.date)} | {md(decision)} | {md(d.decided_by)} | {md(d.conditions_summary)} |",
        ]
        if d.exception_reason:
            out += ["", f"**{say(lang, 'exception_reason')}:** {md(d.exception_reason)}"]
    out += ["", f"*{L('na_note')}*", ""]
    return "\n".join(out)


def _yes_no(L: Callable[[str], str], value: bool | None) -> str:
    return "–" if value is None else L("yes") if value else L("no")


def _item(catalog: Catalog, profile: Profile, item: Item, lang: str) -> list[str]:
    a = profile.answer(item.id)
    box = "x" if a.status == "done" else " "
    role = catalog.role(item.owner).title[lang]
    owner = profile.owners.get(item.owner, "")
    cond = conditions(item, lang)
    lines = [
        f"- [{box}] **{item.id}** {md(item.title[lang])} *({label(lang, item.level)})*",
        f"    - {label(lang, 'done_when')}: {md(item.done_when[lang])}",
        f"    - {label(lang, 'owner')}: {md(role)}{' – ' + md(owner) if owner else ''}",
        f"    - {label(lang, 'status')}: {status_label(lang, a.status)}"
        f" · {label(lang, 'evidence')}: {dash(a.evidence)} · {label(lang, 'due')}: {dash(a.due)}",
    ]
    if a.comment:
        lines.append(f"    - {label(lang, 'comment')}: {md(a.comment)}")
    if cond:
        lines.append(f"    - {label(lang, 'applies')}: {md(cond)}")
    dates = catalog.milestones_for(item)
    if dates:
        lines.append(f"    - {md(ai_act_dates([(d.date, d.scope) for d in dates], lang))}")
    return lines
