"""The gate report ("beslutningsgrunnlag"): the document a steering group reads
before the gate meeting and decides on.

One self-contained HTML file (inline CSS and SVG, no request to anything
outside, no script), printable on A4 from any browser; or the same content as
Markdown for a pull-request comment. Every text from the template or the
catalog is escaped; the same input gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from generator.gate.evaluate import (
    GO,
    GO_WITH_CONDITIONS,
    NO_GO,
    GoalResult,
    ItemResult,
    Report,
    Tally,
)
from generator.gate.report import (
    decision_words,
    grouped,
    profile_lines,
    reason_words,
    summary_line,
    verdict_words,
    version_lines,
)
from generator.model import Catalog, Condition, Profile
from generator.text import esc, md
from generator.words import format_date, label, number, say

CSS = """
@page { size: A4; margin: 12mm 14mm 14mm; }
* { box-sizing: border-box; }
body { font: 10.5pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  color: #1b1b1f; margin: 0; background: #fff; }
main { max-width: 182mm; margin: 0 auto; padding: 12px; }
h1 { font-size: 17pt; margin: 0 0 4px; }
h2 { font-size: 13pt; margin: 14px 0 4px; border-bottom: 1px solid #c9c9d1; padding-bottom: 2px;
  break-after: avoid; }
h3 { font-size: 11pt; margin: 12px 0 4px; break-after: avoid; }
p { margin: 4px 0; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; }
th, td { border: 1px solid #c9c9d1; padding: 2px 4px; text-align: left; vertical-align: top;
  overflow-wrap: anywhere; font-size: 8.5pt; line-height: 1.3; }
th { background: #eef0f6; font-weight: 600; }
tr { break-inside: avoid; }
.meta th { width: 32%; }
.verdict { display: inline-block; padding: 4px 10px; border-radius: 4px; font-weight: 700;
  border: 2px solid currentColor; }
.v-go { color: #0b6b2e; } .v-conditions { color: #7a4d00; } .v-no-go { color: #a1121b; }
.flag { border-left: 4px solid #a1121b; padding: 4px 8px; background: #fdf0f0; margin: 6px 0; }
.ok { border-left: 4px solid #0b6b2e; padding: 4px 8px; background: #eff8f1; margin: 6px 0; }
.rule { font-size: 9.5pt; background: #f6f6f9; padding: 6px 10px; border-radius: 4px; }
.rule dt { font-weight: 700; } .rule dd { margin: 0 0 4px 0; }
.id { white-space: nowrap; font-variant-numeric: tabular-nums; width: 5.5em; }
.date { white-space: nowrap; }
.state { width: 7.5em; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
/* Free text may break anywhere (a long address must not widen the table); numbers,
   units and headings break between words only, so "Nullpunkt" never reads "Null punk t". */
th, .num, .unit { overflow-wrap: normal; }
figure { margin: 6px 0; break-inside: avoid; }
figcaption { font-size: 9pt; color: #4a4a55; }
svg { max-width: 100%; height: auto; }
.sign td { height: 12mm; }
footer { margin-top: 18px; font-size: 8.5pt; color: #4a4a55; }
@media print { a { color: inherit; text-decoration: none; } main { padding: 0; } }
""".strip()

VERDICT_CLASS = {GO: "v-go", GO_WITH_CONDITIONS: "v-conditions", NO_GO: "v-no-go"}
_COLOURS = {"baseline": "#6b6b78", "target": "#1f4fa3", "measured": "#0b6b2e", "miss": "#a1121b"}


def _day(iso: str, lang: str) -> str:
    """A date as the reader writes it (6. mai 2026), "–" when there is none. The
    profile's dates are checked ISO dates; anything else is shown as it stands."""
    if not iso:
        return "–"
    try:
        return format_date(iso, lang)
    except (ValueError, IndexError):
        return iso


def _previous_gate(catalog: Catalog, gate: str) -> str | None:
    index = catalog.gate_index(gate)
    return catalog.gates[index - 1].id if index > 0 else None


def _condition_state(c: Condition, profile: Profile, today: str, lang: str) -> str:
    if c.item and profile.answer(c.item).status in ("done", "n/a"):
        return say(lang, "condition_met")
    if c.due and today and c.due < today:
        return say(lang, "condition_overdue")
    return say(lang, "condition_open") if c.item else say(lang, "condition_free")


def _deciding(report: Report) -> tuple[str, list[ItemResult], list[GoalResult]]:
    """The sentence that explains the verdict, and the items and goals behind it."""
    if report.verdict == GO:
        return "why_go", [], []
    if report.verdict == GO_WITH_CONDITIONS:
        return "why_conditions", list(report.conditions), []
    return "why_no_go", list(report.blocking), [g for g in report.goals if g.state != "met"]


# ---- SVG, drawn here: a few shapes, escaped text, no script, same bytes every time.


def _f(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def goal_svg(g: GoalResult, lang: str, index: int) -> str:
    """Baseline, target and measured value of one goal on one scale."""
    goal = g.goal
    values = [goal.baseline, goal.target] + ([goal.measured] if goal.measured is not None else [])
    low, high = min(values), max(values)
    span = (high - low) or abs(high) or 1.0
    low, high = low - span * 0.1, high + span * 0.1
    width, left, right = 520.0, 10.0, 510.0

    def x(value: float) -> float:
        return left + (value - low) / (high - low) * (right - left)

    met = g.state == "met"
    summary = _goal_summary(g, lang)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_f(width)} 64" width="{_f(width)}"'
        f' height="64" role="img" aria-labelledby="goal-{index}-t">',
        f'<title id="goal-{index}-t">{esc(summary)}</title>',
        f'<line x1="{_f(left)}" y1="30" x2="{_f(right)}" y2="30" stroke="#c9c9d1" stroke-width="2"/>',
    ]
    # The stretch from the baseline to the target: the change the goal asks for.
    a, b = sorted((x(goal.baseline), x(goal.target)))
    parts.append(
        f'<rect x="{_f(a)}" y="24" width="{_f(max(b - a, 1))}" height="12" fill="#dfe6f5"/>'
    )
    for key, value, shape in (("baseline", goal.baseline, "bar"), ("target", goal.target, "bar")):
        cx = x(value)
        parts.append(
            f'<line x1="{_f(cx)}" y1="18" x2="{_f(cx)}" y2="42" stroke="{_COLOURS[key]}"'
            f' stroke-width="3"/>'
        )
        anchor = _anchor(cx)
        parts.append(
            f'<text x="{_f(cx)}" y="13" font-size="10" text-anchor="{anchor}" fill="#1b1b1f">'
            f"{esc(say(lang, 'baseline') if key == 'baseline' else label(lang, 'target'))}"
            f" {esc(number(value, lang))}</text>"
        )
        del shape
    if goal.measured is not None:
        cx = x(goal.measured)
        colour = _COLOURS["measured"] if met else _COLOURS["miss"]
        parts.append(f'<circle cx="{_f(cx)}" cy="30" r="6" fill="{colour}"/>')
        parts.append(
            f'<text x="{_f(cx)}" y="58" font-size="10" text-anchor="{_anchor(cx)}" fill="{colour}">'
            f"{esc(say(lang, 'measured'))} {esc(number(goal.measured, lang))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _anchor(x: float) -> str:
    """Labels near an edge of the chart grow inwards, so none is cut off."""
    return "start" if x < 70 else "end" if x > 450 else "middle"


def _goal_summary(g: GoalResult, lang: str) -> str:
    goal = g.goal
    measured = (
        number(goal.measured, lang) if goal.measured is not None else say(lang, "not_measured")
    )
    direction = say(lang, f"direction_{goal.direction}")
    return (
        f"{goal.kpi}: {say(lang, 'baseline')} {number(goal.baseline, lang)}, "
        f"{label(lang, 'target')} {number(goal.target, lang)}, {say(lang, 'measured')} {measured}"
        f" {goal.unit} ({direction}): {say(lang, f'goal_{g.state}')}"
    )


def bars_svg(rows: list[tuple[str, Tally]], caption: str, lang: str, key: str) -> str:
    """Share of items that hold, one bar per row."""
    height = 22 * len(rows) + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 560 {height}" width="560"'
        f' height="{height}" role="img" aria-labelledby="{key}-t">',
        f'<title id="{key}-t">{esc(caption)}: '
        + esc("; ".join(f"{name} {say(lang, 'percent', n=t.percent)}" for name, t in rows))
        + "</title>",
    ]
    for n, (name, tally) in enumerate(rows):
        y = 4 + 22 * n
        width = 260 * tally.percent / 100
        colour = "#0b6b2e" if tally.percent == 100 else "#1f4fa3"
        parts += [
            f'<text x="0" y="{y + 14}" font-size="10.5" fill="#1b1b1f">{esc(name)}</text>',
            f'<rect x="200" y="{y + 3}" width="260" height="14" fill="#eef0f6"/>',
            f'<rect x="200" y="{y + 3}" width="{_f(width)}" height="14" fill="{colour}"/>',
            f'<text x="466" y="{y + 14}" font-size="10.5" fill="#1b1b1f">'
            f"{tally.holding}/{tally.total} · {esc(say(lang, 'percent', n=tally.percent))}</text>",
        ]
    parts.append("</svg>")
    return "".join(parts)


# ---- The document


def render_html(catalog: Catalog, profile: Profile, report: Report, lang: str, source: str) -> str:
    def s(key: str, **values: object) -> str:
        return esc(say(lang, key, **values))

    gate = catalog.gate(report.gate)
    title = f"{say(lang, 'report_title')}: {gate.title[lang]} – {profile.name}"
    out: list[str] = [
        "<!DOCTYPE html>",
        f'<html lang="{esc(lang)}">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title>",
        f"<style>{CSS}</style></head>",
        "<body><main>",
        f"<h1>{s('report_title')}: {esc(gate.title[lang])}</h1>",
        f"<p><strong>{esc(profile.name)}</strong></p>",
    ]
    if profile.description:
        out.append(f"<p>{esc(profile.description)}</p>")
    out.append(f"<p><em>{esc(gate.question[lang])}</em></p>")
    out += _meta_table(catalog, profile, lang, source)

    # The verdict and why, with the rule beside it.
    out += [
        f"<h2>{s('verdict')}</h2>",
        f'<p><span class="verdict {VERDICT_CLASS[report.verdict]}">'
        f"{esc(verdict_words(report.verdict, lang))}</span> {esc(summary_line(report, lang))}</p>",
    ]
    notes = version_lines(report, lang) + profile_lines(profile, lang)
    out += [f'<p class="flag">{esc(line)}</p>' for line in notes]
    key, items, goals = _deciding(report)
    out += [f"<h3>{s('why_verdict')}</h3>", f"<p>{s(key)}</p>"]
    if items or goals:
        out.append("<ul>")
        out += [
            f"<li>{esc(r.item.id)} {esc(r.item.title[lang])} ({esc(reason_words(r, lang))})</li>"
            for r in items
        ]
        out += [f"<li>{esc(_goal_summary(g, lang))}</li>" for g in goals]
        out.append("</ul>")
    out.append(rule_html(lang, heading_level=3))

    out += _decision_section(catalog, profile, report, lang)

    # What blocks, what is a condition, what was set aside.
    out.append(f"<h2>{s('blocking_by_owner')}</h2>")
    if report.blocking:
        for who, rows in grouped(report.blocking, catalog, profile, lang):
            out.append(f"<h3>{esc(who)}</h3>")
            out += _item_table(rows, lang)
    else:
        out.append(f"<p>{s('none')}</p>")
    out.append(f"<h2>{s('conditions_should')}</h2>")
    out += (
        _item_table(list(report.conditions), lang) if report.conditions else [f"<p>{s('none')}</p>"]
    )
    na = [r for r in report.items if r.state == "n/a"]
    out.append(f"<h2>{s('not_applicable')}</h2>")
    if na:
        out += [
            "<table>",
            f'<thead><tr><th class="id">{esc(label(lang, "id"))}</th>'
            f"<th>{s('item')}</th><th>{s('justification')}</th></tr></thead><tbody>",
        ]
        out += [
            f'<tr><td class="id">{esc(r.item.id)}</td><td>{esc(r.item.title[lang])}</td>'
            f"<td>{esc(r.answer.comment)}</td></tr>"
            for r in na
        ]
        out.append("</tbody></table>")
    else:
        out.append(f"<p>{s('none')}</p>")

    # Effect goals: a chart each, and the same numbers as a table.
    out.append(f"<h2>{esc(label(lang, 'effect_goals'))}</h2>")
    if report.goals:
        for n, g in enumerate(report.goals, start=1):
            out.append(
                f"<figure>{goal_svg(g, lang, n)}<figcaption>{esc(_goal_summary(g, lang))}"
                "</figcaption></figure>"
            )
        out += _goal_table(report.goals, lang)
    else:
        out.append(f"<p>{s('goals_not_judged')}</p>")
        if profile.effect_goals:
            out += _goal_table(
                tuple(GoalResult(goal, "missing") for goal in profile.effect_goals),
                lang,
                judged=False,
            )

    # Readiness by area and by owner.
    areas = [(catalog.area(k).title[lang], t) for k, t in report.by_area.items()]
    owners = [(catalog.role(k).title[lang], t) for k, t in report.by_owner.items()]
    out += [
        f"<h2>{s('readiness_area')}</h2>",
        f"<figure>{bars_svg(areas, say(lang, 'readiness_area'), lang, 'areas')}</figure>",
        f"<h2>{s('readiness_owner')}</h2>",
        f"<figure>{bars_svg(owners, say(lang, 'readiness_owner'), lang, 'owners')}</figure>",
    ]

    out += _previous_section(catalog, profile, report, lang)
    out += _sign_section(lang)
    out += [
        f"<footer>{s('generated', version=catalog.version)}</footer>",
        "</main></body></html>",
    ]
    return "\n".join(out) + "\n"


def rule_html(lang: str, heading_level: int = 0) -> str:
    """The decision rule, from the one place it is written (words.py).

    heading_level 0 gives the title as bold text, for a page whose own
    headings make its table of contents.
    """
    title = esc(say(lang, "rule_title"))
    head = (
        f"<h{heading_level}>{title}</h{heading_level}>"
        if heading_level
        else f'<p class="pb-rule-title"><strong>{title}</strong></p>'
    )
    return "".join(
        [
            f'<div class="rule pb-rule" data-search-exclude>{head}',
            f"<p>{esc(say(lang, 'rule_intro'))}</p><dl>",
            f"<dt>{esc(say(lang, 'verdict_GO'))}</dt><dd>{esc(say(lang, 'rule_go'))}</dd>",
            f"<dt>{esc(say(lang, 'verdict_GO WITH CONDITIONS'))}</dt>"
            f"<dd>{esc(say(lang, 'rule_conditions'))}</dd>",
            f"<dt>{esc(say(lang, 'verdict_NO-GO'))}</dt><dd>{esc(say(lang, 'rule_no_go'))}</dd>",
            "</dl>",
            f"<p>{esc(say(lang, 'rule_effect_gates'))}</p>",
            f"<p>{esc(say(lang, 'rule_people'))}</p>",
            f"<p>{esc(say(lang, 'rule_exception'))}</p></div>",
        ]
    )


def _meta_table(catalog: Catalog, profile: Profile, lang: str, source: str) -> list[str]:
    rows = [
        (say(lang, "template"), source),
        (say(lang, "catalog"), f"{catalog.version}"),
        (say(lang, "template_catalog"), profile.catalog_version or "–"),
        (label(lang, "ai_type"), label(lang, profile.ai_type)),
        (label(lang, "risk_class_long"), label(lang, profile.risk_class)),
    ]
    rows += [
        (f"{say(lang, 'owner')}: {role.title[lang]}", profile.owners.get(role.id, "–"))
        for role in catalog.roles
    ]
    return (
        ['<table class="meta"><tbody>']
        + [f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in rows]
        + ["</tbody></table>"]
    )


def _item_table(rows: Iterable[ItemResult], lang: str) -> list[str]:
    """ID, item, status with due date, and the evidence and comment in one cell:
    four columns keep a long gate on few pages."""

    def s(key: str) -> str:
        return esc(say(lang, key))

    out = [
        "<table>",
        f'<thead><tr><th class="id">{esc(label(lang, "id"))}</th><th>{s("item")}</th>'
        f'<th class="state">{esc(label(lang, "status"))}</th>'
        f"<th>{s('evidence')} · {s('comment')}</th></tr></thead><tbody>",
    ]
    for r in rows:
        state = esc(reason_words(r, lang))
        if r.answer.due:
            state += f"<br>{s('due')} {esc(_day(r.answer.due, lang))}"
        notes = "<br>".join(esc(x) for x in (r.answer.evidence, r.answer.comment) if x)
        out.append(
            f'<tr><td class="id">{esc(r.item.id)}</td><td>{esc(r.item.title[lang])}</td>'
            f'<td class="state">{state}</td><td>{notes}</td></tr>'
        )
    out.append("</tbody></table>")
    return out


def _goal_table(goals: Iterable[GoalResult], lang: str, judged: bool = True) -> list[str]:
    out = [
        "<table>",
        f"<thead><tr><th>{esc(label(lang, 'kpi'))}</th><th>{esc(label(lang, 'unit'))}</th>"
        f'<th class="num">{esc(say(lang, "baseline"))}</th>'
        f'<th class="num">{esc(label(lang, "target"))}</th>'
        f'<th class="num">{esc(say(lang, "measured"))}</th>'
        f"<th>{esc(label(lang, 'measured_by'))}</th>"
        + (f"<th>{esc(label(lang, 'status'))}</th>" if judged else "")
        + "</tr></thead><tbody>",
    ]
    for g in goals:
        goal = g.goal
        measured = number(goal.measured, lang) if goal.measured is not None else "–"
        out.append(
            f'<tr><td>{esc(goal.kpi)}</td><td class="unit">{esc(goal.unit)}</td>'
            f'<td class="num">{esc(number(goal.baseline, lang))}</td>'
            f'<td class="num">{esc(number(goal.target, lang))}</td>'
            f'<td class="num">{esc(measured)}</td><td>{esc(goal.measured_by)}</td>'
            + (f"<td>{esc(say(lang, f'goal_{g.state}'))}</td>" if judged else "")
            + "</tr>"
        )
    out.append("</tbody></table>")
    return out


def _conditions_table(
    conditions: Iterable[Condition], lang: str, state: Callable[[Condition], str] | None = None
) -> list[str]:
    def s(key: str) -> str:
        return esc(say(lang, key))

    out = [
        "<table>",
        f"<thead><tr><th>{s('condition')}</th><th>{s('owner')}</th><th>{s('due')}</th>"
        f'<th class="id">{s("item")}</th>'
        + (f"<th>{esc(label(lang, 'status'))}</th>" if state else "")
        + "</tr></thead><tbody>",
    ]
    for c in conditions:
        out.append(
            f'<tr><td>{esc(c.text)}</td><td>{esc(c.owner)}</td><td class="date">{esc(_day(c.due, lang))}</td>'
            f'<td class="id">{esc(c.item)}</td>'
            + (f"<td>{esc(state(c))}</td>" if state else "")
            + "</tr>"
        )
    out.append("</tbody></table>")
    return out


def _decision_section(catalog: Catalog, profile: Profile, report: Report, lang: str) -> list[str]:
    def s(key: str, **values: object) -> str:
        return esc(say(lang, key, **values))

    out = [f"<h2>{s('recorded_decision')}</h2>"]
    d = report.decision
    if d is None:
        out.append(f"<p>{s('no_decision')}</p>")
        return out
    rec = d.decision
    out.append(
        f"<p><strong>{esc(decision_words(rec.decision, lang))}</strong>, "
        f"{s('decided_on', date=_day(rec.date, lang), who=rec.decided_by or '–')}</p>"
    )
    if d.exception:
        out.append(f'<p class="flag"><strong>{s("exception")}:</strong> {s("exception_flag")}</p>')
        if rec.exception_reason:
            out.append(
                f"<p><strong>{s('exception_reason')}:</strong> {esc(rec.exception_reason)}</p>"
            )
        if d.missing_reason:
            out.append(f'<p class="flag">{s("exception_no_reason")}</p>')
        if d.uncovered:
            out.append(
                f'<p class="flag">{s("exception_uncovered", ids=", ".join(d.uncovered))}</p>'
            )
    else:
        out.append(f'<p class="ok">{s("exception_none")}</p>')
    if rec.conditions:
        out += _conditions_table(rec.conditions, lang)
    elif rec.conditions_text:
        out.append(
            f"<p><strong>{esc(label(lang, 'conditions'))}:</strong> {esc(rec.conditions_text)}</p>"
        )
    return out


def _previous_section(catalog: Catalog, profile: Profile, report: Report, lang: str) -> list[str]:
    out = [f"<h2>{esc(say(lang, 'previous_gate'))}</h2>"]
    previous = _previous_gate(catalog, report.gate)
    rec = profile.decision(previous) if previous else None
    if rec is None or not rec.decision:
        out.append(f"<p>{esc(say(lang, 'previous_none'))}</p>")
        return out
    today = profile.decision(report.gate).date
    assert previous is not None
    out.append(
        "<p>"
        + esc(
            say(
                lang,
                "previous_decision",
                gate=catalog.gate(previous).title[lang],
                decision=decision_words(rec.decision, lang),
                date=_day(rec.date, lang),
            )
        )
        + "</p>"
    )
    if rec.exception_reason:
        out.append(
            f"<p><strong>{esc(say(lang, 'exception_reason'))}:</strong> {esc(rec.exception_reason)}</p>"
        )
    if rec.conditions:
        out += _conditions_table(
            rec.conditions, lang, lambda c: _condition_state(c, profile, today, lang)
        )
    elif rec.conditions_text:
        out.append(f"<p>{esc(rec.conditions_text)}</p>")
    return out


def _sign_section(lang: str) -> list[str]:
    def s(key: str) -> str:
        return esc(say(lang, key))

    return [
        f"<h2>{s('decision_record')}</h2>",
        '<table class="sign"><tbody>',
        f"<tr><th>{esc(label(lang, 'decision'))}</th><td>"
        + " ☐ ".join(
            [""]
            + [esc(label(lang, f"decision_{k}")) for k in ("go", "go-with-conditions", "no-go")]
        ).strip()
        + "</td></tr>",
        f"<tr><th>{esc(label(lang, 'conditions'))}</th><td></td></tr>",
        f"<tr><th>{s('exception_reason')}</th><td></td></tr>",
        f"<tr><th>{s('sign_decided_by')}</th><td></td></tr>",
        f"<tr><th>{s('sign_date')}</th><td></td></tr>",
        f"<tr><th>{s('sign_signature')}</th><td></td></tr>",
        "</tbody></table>",
    ]


def render_markdown(
    catalog: Catalog, profile: Profile, report: Report, lang: str, source: str
) -> str:
    """The same content as the HTML, without the charts."""
    gate = catalog.gate(report.gate)
    out = [
        f"# {md(say(lang, 'report_title'))}: {md(gate.title[lang])}",
        "",
        f"**{md(profile.name)}**",
        "",
    ]
    if profile.description:
        out += [md(profile.description), ""]
    out += [
        f"*{md(gate.question[lang])}*",
        "",
        "| | |",
        "|---|---|",
        f"| {md(say(lang, 'template'))} | {md(source)} |",
        f"| {md(say(lang, 'catalog'))} | {md(catalog.version)} |",
        f"| {md(say(lang, 'template_catalog'))} | {md(profile.catalog_version or '–')} |",
        f"| {md(label(lang, 'ai_type'))} | {md(label(lang, profile.ai_type))} |",
        f"| {md(label(lang, 'risk_class_long'))} | {md(label(lang, profile.risk_class))} |",
    ]
    out += [
        f"| {md(say(lang, 'owner'))}: {md(role.title[lang])} | {md(profile.owners.get(role.id, '–'))} |"
        for role in catalog.roles
    ]
    out += [
        "",
        f"## {md(say(lang, 'verdict'))}: {md(verdict_words(report.verdict, lang))}",
        "",
        md(summary_line(report, lang)),
        "",
    ]
    out += [f"> {md(line)}" for line in version_lines(report, lang) + profile_lines(profile, lang)]
    key, items, goals = _deciding(report)
    out += [f"### {md(say(lang, 'why_verdict'))}", "", md(say(lang, key)), ""]
    out += [
        f"- `{r.item.id}` {md(r.item.title[lang])} ({md(reason_words(r, lang))})" for r in items
    ]
    out += [f"- {md(_goal_summary(g, lang))}" for g in goals]
    out += [
        "",
        f"### {md(say(lang, 'rule_title'))}",
        "",
        md(say(lang, "rule_intro")),
        "",
        f"- **{md(say(lang, 'verdict_GO'))}**: {md(say(lang, 'rule_go'))}",
        f"- **{md(say(lang, 'verdict_GO WITH CONDITIONS'))}**: {md(say(lang, 'rule_conditions'))}",
        f"- **{md(say(lang, 'verdict_NO-GO'))}**: {md(say(lang, 'rule_no_go'))}",
        "",
        md(say(lang, "rule_people")),
        "",
        f"## {md(say(lang, 'recorded_decision'))}",
        "",
    ]
    d = report.decision
    if d is None:
        out.append(md(say(lang, "no_decision")))
    else:
        rec = d.decision
        out.append(
            f"**{md(decision_words(rec.decision, lang))}**, "
            + md(say(lang, "decided_on", date=_day(rec.date, lang), who=rec.decided_by or "–"))
        )
        if d.exception:
            out += ["", f"**{md(say(lang, 'exception'))}:** {md(say(lang, 'exception_flag'))}"]
            if rec.exception_reason:
                out += ["", f"**{md(say(lang, 'exception_reason'))}:** {md(rec.exception_reason)}"]
            if d.missing_reason:
                out += ["", md(say(lang, "exception_no_reason"))]
            if d.uncovered:
                out += ["", md(say(lang, "exception_uncovered", ids=", ".join(d.uncovered)))]
        if rec.conditions:
            out += [
                "",
                f"| {md(say(lang, 'condition'))} | {md(say(lang, 'owner'))} | {md(say(lang, 'due'))} | {md(say(lang, 'item'))} |",
                "|---|---|---|---|",
            ]
            out += [
                f"| {md(c.text)} | {md(c.owner)} | {md(_day(c.due, lang))} | {md(c.item)} |"
                for c in rec.conditions
            ]
        elif rec.conditions_text:
            out += ["", f"**{md(label(lang, 'conditions'))}:** {md(rec.conditions_text)}"]
    out += ["", f"## {md(say(lang, 'blocking_by_owner'))}", ""]
    if not report.blocking:
        out.append(md(say(lang, "none")))
    for who, rows in grouped(report.blocking, catalog, profile, lang):
        out += [f"### {md(who)}", ""]
        out += _md_items(rows, lang)
        out.append("")
    out += ["", f"## {md(say(lang, 'conditions_should'))}", ""]
    out += (
        _md_items(list(report.conditions), lang) if report.conditions else [md(say(lang, "none"))]
    )
    na = [r for r in report.items if r.state == "n/a"]
    out += ["", f"## {md(say(lang, 'not_applicable'))}", ""]
    out += [f"- `{r.item.id}` {md(r.item.title[lang])}: {md(r.answer.comment)}" for r in na] or [
        md(say(lang, "none"))
    ]
    out += ["", f"## {md(label(lang, 'effect_goals'))}", ""]
    if report.goals:
        out += [
            f"| {md(label(lang, 'kpi'))} | {md(say(lang, 'baseline'))} | {md(label(lang, 'target'))} | {md(say(lang, 'measured'))} | {md(label(lang, 'status'))} |",
            "|---|---|---|---|---|",
        ]
        for g in report.goals:
            measured = number(g.goal.measured, lang) if g.goal.measured is not None else "–"
            out.append(
                f"| {md(g.goal.kpi)} ({md(g.goal.unit)}) | {number(g.goal.baseline, lang)} "
                f"| {number(g.goal.target, lang)} | {measured} | {md(say(lang, f'goal_{g.state}'))} |"
            )
    else:
        out.append(md(say(lang, "goals_not_judged")))
    readiness: list[tuple[str, list[tuple[str, Tally]]]] = [
        ("readiness_area", [(catalog.area(k).title[lang], t) for k, t in report.by_area.items()]),
        ("readiness_owner", [(catalog.role(k).title[lang], t) for k, t in report.by_owner.items()]),
    ]
    for heading, tallies in readiness:
        out += [
            "",
            f"## {md(say(lang, heading))}",
            "",
            f"| | {md(say(lang, 'holding'))} | % |",
            "|---|---|---|",
        ]
        out += [
            f"| {md(name)} | {t.holding}/{t.total} | {md(say(lang, 'percent', n=t.percent))} |"
            for name, t in tallies
        ]
    out += ["", f"## {md(say(lang, 'previous_gate'))}", ""]
    previous = _previous_gate(catalog, report.gate)
    rec_prev = profile.decision(previous) if previous else None
    if rec_prev is None or not rec_prev.decision or previous is None:
        out.append(md(say(lang, "previous_none")))
    else:
        today = profile.decision(report.gate).date
        out.append(
            md(
                say(
                    lang,
                    "previous_decision",
                    gate=catalog.gate(previous).title[lang],
                    decision=decision_words(rec_prev.decision, lang),
                    date=_day(rec_prev.date, lang),
                )
            )
        )
        out += [""] + [
            "- "
            + md(
                say(
                    lang,
                    "previous_condition_state",
                    text=c.text,
                    owner=c.owner or "–",
                    due=_day(c.due, lang),
                    state=_condition_state(c, profile, today, lang),
                )
            )
            for c in rec_prev.conditions
        ]
    out += ["", "---", "", md(say(lang, "generated", version=catalog.version)), ""]
    return "\n".join(out)


def _md_items(rows: Iterable[ItemResult], lang: str) -> list[str]:
    out = []
    for r in rows:
        extra = "; ".join(
            x
            for x in (
                f"{say(lang, 'evidence')}: {r.answer.evidence}" if r.answer.evidence else "",
                f"{say(lang, 'due')}: {_day(r.answer.due, lang)}" if r.answer.due else "",
                f"{say(lang, 'comment')}: {r.answer.comment}" if r.answer.comment else "",
            )
            if x
        )
        out.append(
            f"- [ ] `{r.item.id}` {md(r.item.title[lang])} ({md(reason_words(r, lang))})"
            + (f" – {md(extra)}" if extra else "")
        )
    return out
