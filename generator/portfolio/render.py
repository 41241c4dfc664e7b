"""The portfolio as a page, as CSV and as JSON, and every use case's gate report.

The page follows the gate report's rules (generator/gate/document.py): one
self-contained HTML file, every text escaped, inline CSS and SVG, nothing
fetched, the same bytes for the same input, printable. A small script of its
own sorts and filters the table; without it the page shows everything.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
from collections import Counter
from importlib import resources
from typing import Any
from urllib.parse import quote

from generator.gate import document
from generator.gate.evaluate import GO, GO_WITH_CONDITIONS, LENIENCY, NO_GO
from generator.gate.report import decision_words, verdict_words
from generator.model import Catalog
from generator.portfolio.collect import Flag, Portfolio, UseCase
from generator.text import cell, esc
from generator.words import PORTFOLIO, format_date, label, say

JSON_SCHEMA_VERSION = 1
VERDICTS = (GO, GO_WITH_CONDITIONS, NO_GO)
FILL = {GO: "#0b6b2e", GO_WITH_CONDITIONS: "#7a4d00", NO_GO: "#a1121b"}
# Folder names under the output folder.
PAGE, CSV_NAME, JSON_NAME, REPORTS = "index.html", "portfolio.csv", "portfolio.json", "reports"
# How many item IDs a sentence on the page names before it says how many more.
SHOWN_IDS = 6

CSS = (
    document.CSS.replace(
        "@page { size: A4; margin: 12mm 14mm 14mm; }", "@page { size: A4 landscape; margin: 10mm; }"
    ).replace("main { max-width: 182mm;", "main { max-width: 1400px;")
    + """
[hidden] { display: none !important; }
.wrap { overflow-x: auto; }
table.pf th, table.pf td { font-size: 8.5pt; overflow-wrap: normal; hyphens: auto; }
table.pf td:first-child { min-width: 10em; } table.pf td:nth-child(8) { min-width: 18em; }
table.pf td ul { margin: 0; padding-left: 1.1em; }
table.pf th button { font: inherit; font-weight: 600; background: none; border: 0; padding: 0;
  text-align: left; cursor: pointer; color: inherit; text-decoration: underline dotted; }
table.pf th[aria-sort=ascending] button::after { content: " ▲"; }
table.pf th[aria-sort=descending] button::after { content: " ▼"; }
.file { color: #4a4a55; font-size: 8pt; }
.badge { display: inline-block; padding: 0 4px; margin: 1px 0; border-radius: 3px; font-weight: 600;
  border: 1px solid currentColor; }
.b-reassess, .b-review, .b-overdue, .b-exception, .late { color: #a1121b; }
.verdict { padding: 1px 5px; border-width: 1px; }
form.pf-filter { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: end; margin: 6px 0; }
form.pf-filter label { display: flex; flex-direction: column; font-size: 9pt; }
form.pf-filter label.check { flex-direction: row; gap: 4px; align-items: center; }
form.pf-filter input, form.pf-filter select { font: inherit; }
.charts { display: flex; flex-wrap: wrap; gap: 8px 24px; }
details summary { cursor: pointer; }
details ol { margin: 2px 0; padding-left: 1.3em; }
@media print { form.pf-filter, .hint { display: none; } .wrap { overflow: visible; } }
""".rstrip()
)

SCRIPT = """
(function () {
  var table = document.getElementById("pf-table");
  var form = document.getElementById("pf-filter");
  if (!table || !form) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var q = document.getElementById("pf-q"), gate = document.getElementById("pf-gate");
  var verdict = document.getElementById("pf-verdict"), flagged = document.getElementById("pf-flagged");
  var shown = document.getElementById("pf-shown");
  function apply() {
    var text = q.value.trim().toLowerCase(), n = 0;
    rows.forEach(function (r) {
      var ok = (!text || r.getAttribute("data-text").indexOf(text) >= 0) &&
        (!gate.value || r.getAttribute("data-gate") === gate.value) &&
        (!verdict.value || r.getAttribute("data-verdict") === verdict.value) &&
        (!flagged.checked || r.getAttribute("data-flagged") === "1");
      r.hidden = !ok;
      if (ok) n += 1;
    });
    shown.textContent = shown.getAttribute("data-words")
      .replace("{shown}", n).replace("{total}", rows.length);
  }
  function key(r, i) {
    var c = r.cells[i];
    return c.hasAttribute("data-sort") ? c.getAttribute("data-sort") : c.textContent.trim();
  }
  heads.forEach(function (th, i) {
    if (!th.hasAttribute("data-sortable")) return;
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = th.textContent;
    th.textContent = "";
    th.appendChild(button);
    button.addEventListener("click", function () {
      var up = th.getAttribute("aria-sort") !== "ascending";
      heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", up ? "ascending" : "descending");
      rows.sort(function (a, b) {
        var x = key(a, i), y = key(b, i), nx = Number(x), ny = Number(y);
        var c = x !== "" && y !== "" && !isNaN(nx) && !isNaN(ny) ? nx - ny
          : x.localeCompare(y, document.documentElement.lang);
        return up ? c : -c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) { d.open = true; });
  });
  form.hidden = false;
  document.getElementById("pf-hint").hidden = false;
  apply();
})();
""".strip()
_SCRIPT_HASH = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
# Nothing may be fetched: styles and the one script are inline, the script by its hash.
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; "
    f"script-src 'sha256-{_SCRIPT_HASH}'; base-uri 'none'; form-action 'none'"
)


def words(lang: str, key: str, **values: object) -> str:
    return PORTFOLIO[lang][key].format(**values)


def report_path(rel: str) -> str:
    """Where a use case's gate report goes, under the output folder."""
    return f"{REPORTS}/{rel}.html"


def href(path: str) -> str:
    return quote(path, safe="/")


def gate_short(gate: str, lang: str) -> str:
    return f"{label(lang, 'gate')} {gate[1:]}" if gate else "–"


def day(date: str, lang: str) -> str:
    try:
        return format_date(date, lang)
    except (ValueError, IndexError):
        return date or "–"


def _value(name: str, value: object, lang: str) -> str:
    if name == "personal_data":
        return words(lang, "yes" if value else "no")
    if name == "actor":
        return label(lang, f"actor_{value}") if value else "–"
    return label(lang, str(value))


def _ids(ids: tuple[str, ...]) -> str:
    shown = ", ".join(ids[:SHOWN_IDS])
    return shown + (f" (+{len(ids) - SHOWN_IDS})" if len(ids) > SHOWN_IDS else "")


def flag_text(flag: Flag, lang: str, full: bool = False) -> str:
    v: dict[str, Any] = dict(flag.values)
    if "gate" in v:
        v["gate"] = gate_short(str(v["gate"]), lang)
    if "date" in v:
        v["date"] = day(str(v["date"]), lang)
    if "ids" in v:
        ids = tuple(v["ids"])
        v["n"] = len(ids)
        v["ids"] = ", ".join(ids) if full else _ids(ids)
    if "changes" in v:
        v["changes"] = ", ".join(
            words(
                lang,
                "change",
                field=words(lang, f"field_{name}"),
                old=_value(name, old, lang),
                new=_value(name, new, lang),
            )
            for name, old, new in v["changes"]
        )
    return words(lang, flag.why, **v)


def _role(catalog: Catalog, case: UseCase, lang: str) -> str:
    return label(lang, f"actor_{case.profile.actor}") if case.profile.actor else "–"


def _blocking_text(catalog: Catalog, case: UseCase, lang: str) -> str:
    parts = [
        words(lang, "blocking_role", role=catalog.role(role).title[lang], n=n)
        for role, n in case.blocking.items()
        if n
    ]
    return ", ".join(parts) or words(lang, "blocking_none")


def _condition_text(c: Any, lang: str) -> str:
    return words(
        lang,
        "condition_line",
        text=c.condition.text,
        owner=c.condition.owner or "–",
        due=day(c.condition.due, lang),
        state=words(lang, f"cond_{c.state}"),
    )


def _last_text(case: UseCase, lang: str) -> str:
    d = case.last_decision
    if d is None:
        return words(lang, "no_decision")
    return words(
        lang,
        "decision_at",
        gate=gate_short(case.last_gate, lang),
        decision=decision_words(d.decision, lang),
        date=day(d.date, lang),
    )


# ---- Charts: the gate report's style, a few shapes and escaped text.


def gates_svg(portfolio: Portfolio, lang: str) -> str:
    catalog = portfolio.catalog
    counts = Counter((c.gate, c.report.verdict) for c in portfolio.use_cases)
    per_gate = {g.id: sum(counts[(g.id, v)] for v in VERDICTS) for g in catalog.gates}
    most = max(per_gate.values(), default=0) or 1
    height = 26 * len(catalog.gates) + 8
    summary = "; ".join(
        f"{gate_short(g.id, lang)}: "
        + ", ".join(f"{verdict_words(v, lang)} {counts[(g.id, v)]}" for v in VERDICTS)
        for g in catalog.gates
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 {height}" width="640"'
        f' height="{height}" role="img" aria-labelledby="chart-gates-t">',
        f'<title id="chart-gates-t">{esc(words(lang, "chart_gates"))}: {esc(summary)}</title>',
    ]
    for n, g in enumerate(catalog.gates):
        y = 4 + 26 * n
        parts.append(
            f'<text x="0" y="{y + 15}" font-size="10.5" fill="#1b1b1f">{esc(gate_short(g.id, lang))}</text>'
        )
        parts.append(f'<rect x="60" y="{y + 4}" width="240" height="14" fill="#eef0f6"/>')
        x = 60.0
        for v in VERDICTS:
            width = 240 * counts[(g.id, v)] / most
            if width:
                parts.append(
                    f'<rect x="{document._f(x)}" y="{y + 4}" width="{document._f(width)}"'
                    f' height="14" fill="{FILL[v]}"/>'
                )
            x += width
        parts.append(
            f'<text x="308" y="{y + 15}" font-size="10.5" fill="#1b1b1f">'
            + esc(" · ".join(f"{verdict_words(v, lang)} {counts[(g.id, v)]}" for v in VERDICTS))
            + "</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def blocking_svg(portfolio: Portfolio, lang: str) -> str:
    catalog = portfolio.catalog
    totals = {r.id: sum(c.blocking[r.id] for c in portfolio.use_cases) for r in catalog.roles}
    most = max(totals.values(), default=0) or 1
    height = 22 * len(catalog.roles) + 8
    summary = "; ".join(f"{catalog.role(k).title[lang]} {n}" for k, n in totals.items())
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 520 {height}" width="520"'
        f' height="{height}" role="img" aria-labelledby="chart-blocking-t">',
        f'<title id="chart-blocking-t">{esc(words(lang, "chart_blocking"))}: {esc(summary)}</title>',
    ]
    for n, (role, count) in enumerate(totals.items()):
        y = 4 + 22 * n
        width = 260 * count / most
        parts += [
            f'<text x="0" y="{y + 14}" font-size="10.5" fill="#1b1b1f">{esc(catalog.role(role).title[lang])}</text>',
            f'<rect x="160" y="{y + 3}" width="260" height="14" fill="#eef0f6"/>',
            f'<rect x="160" y="{y + 3}" width="{document._f(width)}" height="14" fill="#a1121b"/>',
            f'<text x="426" y="{y + 14}" font-size="10.5" fill="#1b1b1f">{count}</text>',
        ]
    parts.append("</svg>")
    return "".join(parts)


# ---- The page


def _row(catalog: Catalog, case: UseCase, lang: str) -> str:
    p = case.profile
    report = href(report_path(case.path))
    verdict = case.report.verdict
    kinds = sorted(
        {f.kind for f in case.flags}, key=["reassess", "review", "overdue", "exception"].index
    )
    sort_next = catalog.gate_index(case.gate) * 10 + LENIENCY[verdict]
    cells = [
        f'<td data-sort="{esc(p.name.casefold())}"><a href="{esc(report)}"'
        f' aria-label="{esc(words(lang, "report_link", name=p.name))}">{esc(p.name)}</a>'
        f'<br><span class="file">{esc(case.path)}</span></td>',
        f"<td>{esc(label(lang, p.ai_type))}</td>",
        f'<td data-sort="{["minimal", "limited", "high"].index(p.risk_class)}">{esc(label(lang, p.risk_class))}</td>',
        f"<td>{esc(_role(catalog, case, lang))}</td>",
        f'<td data-sort="{catalog.gate_index(case.last_gate) + 1 if case.last_gate else 0}">'
        f"{esc(_last_text(case, lang))}</td>",
        f'<td data-sort="{sort_next}"><span class="verdict {document.VERDICT_CLASS[verdict]}">'
        f"{esc(words(lang, 'next_at', gate=gate_short(case.gate, lang), verdict=verdict_words(verdict, lang)))}"
        "</span></td>",
        f'<td data-sort="{sum(case.blocking.values())}">{esc(_blocking_text(catalog, case, lang))}</td>',
    ]
    if case.conditions:
        items = "".join(
            f'<li class="{"late" if c.state == "overdue" else c.state}">{esc(_condition_text(c, lang))}</li>'
            for c in case.conditions
        )
        cells.append(f'<td data-sort="{len(case.conditions)}"><ul>{items}</ul></td>')
    else:
        cells.append('<td data-sort="0">–</td>')
    exceptions = ", ".join(gate_short(e.gate, lang) for e in case.exceptions)
    cells.append(f'<td data-sort="{len(case.exceptions)}">{esc(exceptions or "–")}</td>')
    if case.review_date:
        review = esc(day(case.review_date, lang))
        if case.review_default:
            review += f"<br>({esc(words(lang, 'review_default'))})"
        if any(f.kind == "review" for f in case.flags):
            review += f' <span class="late">({esc(words(lang, "review_overdue"))})</span>'
        cells.append(f'<td data-sort="{esc(case.review_date)}">{review}</td>')
    else:
        cells.append('<td data-sort="">–</td>')
    if case.flags:
        badges = " ".join(
            f'<span class="badge b-{k}">{esc(words(lang, f"flag_{k}"))}</span>' for k in kinds
        )
        reasons = "".join(f"<li>{esc(flag_text(f, lang))}</li>" for f in case.flags)
        cells.append(f'<td data-sort="{len(case.flags)}">{badges}<ul>{reasons}</ul></td>')
    else:
        cells.append('<td data-sort="0">–</td>')
    cells.append(f"<td>{_details(catalog, case, lang)}</td>")
    text = f"{p.name} {case.path}".casefold()
    return (
        f'<tr data-gate="{esc(case.gate)}" data-verdict="{esc(verdict)}"'
        f' data-flagged="{1 if case.flags else 0}" data-text="{esc(text)}">'
        + "".join(cells)
        + "</tr>"
    )


def _details(catalog: Catalog, case: UseCase, lang: str) -> str:
    out = [f"<details><summary>{esc(words(lang, 'col_details'))}</summary>"]
    out.append(
        f'<p><a href="{esc(href(report_path(case.path)))}">{esc(words(lang, "report_short"))}</a></p>'
    )
    for e in case.exceptions:
        if e.reason:
            out.append(
                f"<p>{esc(words(lang, 'exception_line', gate=gate_short(e.gate, lang), reason=e.reason))}</p>"
            )
    out.append(f"<p><strong>{esc(words(lang, 'history'))}</strong></p>")
    if case.history:
        out.append("<ol>")
        for h in case.history:
            if not h.gate:
                out.append(
                    f"<li>{esc(words(lang, 'history_unreadable', date=day(h.date, lang), commit=h.commit))}</li>"
                )
                continue
            line = words(
                lang,
                "history_point",
                date=day(h.date, lang),
                commit=h.commit,
                gate=gate_short(h.gate, lang),
                verdict=verdict_words(h.verdict, lang),
            )
            if h.decisions:
                line += "; " + words(
                    lang,
                    "history_decisions",
                    decisions=", ".join(
                        f"{gate_short(g, lang)} {decision_words(d, lang)} {day(when, lang)}"
                        for g, d, when in h.decisions
                    ),
                )
            out.append(f"<li>{esc(line)}</li>")
        out.append("</ol>")
    else:
        out.append(f"<p>{esc(words(lang, 'history_none'))}</p>")
    out.append("</details>")
    return "".join(out)


def _filter(catalog: Catalog, lang: str, total: int) -> str:
    all_ = esc(words(lang, "filter_all"))
    gates = "".join(
        f'<option value="{esc(g.id)}">{esc(gate_short(g.id, lang))}</option>' for g in catalog.gates
    )
    verdicts = "".join(
        f'<option value="{esc(v)}">{esc(verdict_words(v, lang))}</option>' for v in VERDICTS
    )
    return (
        f'<form id="pf-filter" class="pf-filter" hidden aria-label="{esc(words(lang, "filter"))}">'
        f'<label>{esc(words(lang, "filter_text"))}<input id="pf-q" type="search"></label>'
        f'<label>{esc(words(lang, "filter_gate"))}<select id="pf-gate"><option value="">{all_}</option>{gates}</select></label>'
        f'<label>{esc(words(lang, "filter_verdict"))}<select id="pf-verdict"><option value="">{all_}</option>{verdicts}</select></label>'
        f'<label class="check"><input id="pf-flagged" type="checkbox">{esc(words(lang, "filter_flagged"))}</label>'
        f'<p id="pf-shown" aria-live="polite" data-words="{esc(words(lang, "filter_shown", shown="{shown}", total="{total}"))}">'
        f"{esc(words(lang, 'filter_shown', shown=total, total=total))}</p>"
        "</form>"
    )


HEADS = (
    "col_use_case", "col_ai_type", "col_risk", "col_role", "col_last", "col_next",
    "col_blocking", "col_conditions", "col_exceptions", "col_review", "col_flags", "col_details",
)  # fmt: skip


def page_html(portfolio: Portfolio, lang: str) -> str:
    catalog = portfolio.catalog
    cases = portfolio.use_cases

    def w(key: str, **values: object) -> str:
        return esc(words(lang, key, **values))

    flagged = sum(bool(c.flags) for c in cases)
    blocking = sum(sum(c.blocking.values()) for c in cases)
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{esc(lang)}">',
        '<head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{w('title')}</title>",
        f"<style>{CSS}</style></head>",
        "<body><main>",
        f"<h1>{w('title')}</h1>",
        f"<p>{w('intro', n=len(cases), files=portfolio.files, folder=portfolio.folder)}</p>",
        f"<p>{w('today', date=day(portfolio.today, lang))} {w('today_note')}</p>",
        f"<p><strong>{w('summary', n=len(cases), flagged=flagged, blocking=blocking)}</strong></p>",
    ]
    if portfolio.unreadable:
        out.append(f'<p class="flag">{w("unreadable_count", n=len(portfolio.unreadable))}</p>')
    out.append(
        "<p>"
        + words(
            lang,
            "data_links",
            csv=f'<a href="{CSV_NAME}">{CSV_NAME}</a>',
            json=f'<a href="{JSON_NAME}">{JSON_NAME}</a>',
        )
        + "</p>"
    )
    out += [
        f"<h2>{w('charts')}</h2>",
        '<div class="charts">',
        f"<figure>{gates_svg(portfolio, lang)}<figcaption>{w('chart_gates')}</figcaption></figure>",
        f"<figure>{blocking_svg(portfolio, lang)}<figcaption>{w('chart_blocking')}</figcaption></figure>",
        "</div>",
        f"<h2>{w('table_caption')}</h2>",
        _filter(catalog, lang, len(cases)),
        f'<p id="pf-hint" class="hint" hidden>{w("sort_hint")}</p>',
        '<div class="wrap"><table id="pf-table" class="pf">',
        f"<caption>{w('table_caption')}</caption>",
        "<thead><tr>"
        + "".join(
            f'<th scope="col"{"" if key == "col_details" else " data-sortable"}>{w(key)}</th>'
            for key in HEADS
        )
        + "</tr></thead><tbody>",
    ]
    out += [_row(catalog, c, lang) for c in cases]
    out += ["</tbody></table></div>", f"<h2>{w('unreadable')}</h2>"]
    if portfolio.unreadable:
        out.append("<ul>")
        for u in portfolio.unreadable:
            out.append(
                f"<li><code>{esc(u.path)}</code><ul>"
                + "".join(f"<li>{esc(p)}</li>" for p in u.problems)
                + "</ul></li>"
            )
        out.append("</ul>")
    else:
        out.append(f"<p>{w('unreadable_none')}</p>")
    out += [
        f"<footer>{esc(say(lang, 'generated', version=catalog.version))}</footer>",
        "</main>",
        f"<script>{SCRIPT}</script>",
        "</body></html>",
    ]
    return "\n".join(out) + "\n"


# ---- Data


def _flag_json(flag: Flag, lang: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "kind": flag.kind,
        "code": flag.why,
        "text": flag_text(flag, lang, full=True),
    }
    for key, value in flag.values.items():
        if key == "changes":
            out[key] = [{"field": f, "old": o, "new": n} for f, o, n in value]  # type: ignore[attr-defined]
        elif key == "ids":
            out["items"] = list(value)  # type: ignore[call-overload]
        else:
            out[key] = value
    return out


def case_json(catalog: Catalog, case: UseCase, lang: str) -> dict[str, Any]:
    p = case.profile
    d = case.last_decision
    return {
        "file": case.path,
        "report": report_path(case.path),
        "name": p.name,
        "lang": p.lang,
        "ai_type": p.ai_type,
        "risk_class": p.risk_class,
        "actor": p.actor,
        "users": p.users,
        "personal_data": p.personal_data,
        "template_catalog_version": p.catalog_version,
        "owners": {r.id: p.owners.get(r.id, "") for r in catalog.roles},
        "last_decision": None
        if d is None
        else {
            "gate": case.last_gate,
            "decision": d.decision,
            "date": d.date,
            "decided_by": d.decided_by,
        },
        "next_gate": case.gate,
        "verdict": case.report.verdict,
        "blocking": dict(case.blocking),
        "blocking_items": [r.item.id for r in case.report.blocking],
        "conditions": [
            {
                "gate": c.gate,
                "text": c.condition.text,
                "owner": c.condition.owner,
                "due": c.condition.due,
                "item": c.condition.item,
                "state": c.state,
            }
            for c in case.conditions
        ],
        "exceptions": [
            {
                "gate": e.gate,
                "reason": e.reason,
                "missing_reason": bool(e.check and e.check.missing_reason),
                "uncovered": list(e.check.uncovered) if e.check else [],
            }
            for e in case.exceptions
        ],
        "review_date": case.review_date,
        "review_default": case.review_default,
        "flags": [_flag_json(f, lang) for f in case.flags],
        "history": [
            {
                "commit": h.commit,
                "date": h.date,
                "gate": h.gate,
                "verdict": h.verdict,
                "decisions": [
                    {"gate": g, "decision": dd, "date": when} for g, dd, when in h.decisions
                ],
            }
            for h in case.history
        ],
    }


def to_json(portfolio: Portfolio, lang: str) -> str:
    catalog = portfolio.catalog
    cases = portfolio.use_cases
    data = {
        "schema_version": JSON_SCHEMA_VERSION,
        "catalog_version": catalog.version,
        "lang": lang,
        "folder": portfolio.folder,
        "today": portfolio.today,
        "history": portfolio.with_history,
        "summary": {
            "files": portfolio.files,
            "use_cases": len(cases),
            "unreadable": len(portfolio.unreadable),
            "flagged": sum(bool(c.flags) for c in cases),
            "by_gate": {
                g.id: {
                    v: sum(c.gate == g.id and c.report.verdict == v for c in cases)
                    for v in VERDICTS
                }
                for g in catalog.gates
            },
            "blocking_by_role": {r.id: sum(c.blocking[r.id] for c in cases) for r in catalog.roles},
        },
        "use_cases": [case_json(catalog, c, lang) for c in cases],
        "unreadable": [
            {
                "file": u.path,
                "problems": [
                    {"code": c, "message": m} for c, m in zip(u.codes, u.problems, strict=True)
                ],
            }
            for u in portfolio.unreadable
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def csv_columns(catalog: Catalog) -> list[str]:
    return [
        "file", "name", "ai_type", "risk_class", "actor", "users", "personal_data",
        "last_gate", "last_decision", "last_decision_date", "next_gate", "verdict",
        *(f"blocking_{r.id}" for r in catalog.roles), "blocking_total",
        "conditions", "conditions_overdue", "exceptions", "review_date", "flags", "reasons", "report",
    ]  # fmt: skip


def to_csv(portfolio: Portfolio, lang: str) -> str:
    """One row per use case; UTF-8 with BOM, as data/catalog.csv; no cell is a formula."""
    catalog = portfolio.catalog
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(csv_columns(catalog))
    for c in portfolio.use_cases:
        p, d = c.profile, c.last_decision
        row: list[object] = [
            c.path, p.name, p.ai_type, p.risk_class, p.actor, p.users,
            "true" if p.personal_data else "false",
            c.last_gate, d.decision if d else "", d.date if d else "", c.gate, c.report.verdict,
            *(c.blocking[r.id] for r in catalog.roles), sum(c.blocking.values()),
            "; ".join(
                f"{x.gate}: {x.condition.text} ({x.condition.owner}, {x.condition.due}): {x.state}"
                for x in c.conditions
            ),
            sum(x.state == "overdue" for x in c.conditions),
            " ".join(e.gate for e in c.exceptions), c.review_date,
            " ".join(f.kind for f in c.flags), "; ".join(flag_text(f, lang, full=True) for f in c.flags),
            report_path(c.path),
        ]  # fmt: skip
        writer.writerow([cell(str(v)) for v in row])
    return "\ufeff" + buffer.getvalue()


def site_summary(portfolio: Portfolio, lang: str, base: str) -> str:
    """For a site page: what the portfolio holds, its two charts, and links to the
    page, the data and the schema, which lie under `base` (portfolio/)."""
    cases = portfolio.use_cases
    root = f"{base}{lang}/"
    links = [
        (f"{root}{PAGE}", words(lang, "site_open")),
        (f"{root}{CSV_NAME}", words(lang, "site_csv")),
        (f"{root}{JSON_NAME}", words(lang, "site_json")),
        (f"{base}portfolio.schema.json", words(lang, "site_schema")),
    ]
    return "".join(
        [
            f'<div class="pb-portfolio"><p>{esc(words(lang, "site_intro", folder=portfolio.folder, n=len(cases)))} ',
            esc(
                words(
                    lang,
                    "summary",
                    n=len(cases),
                    flagged=sum(bool(c.flags) for c in cases),
                    blocking=sum(sum(c.blocking.values()) for c in cases),
                )
            ),
            "</p><p>",
            " · ".join(f'<a href="{esc(h)}">{esc(t)}</a>' for h, t in links),
            "</p>",
            f"<figure>{gates_svg(portfolio, lang)}<figcaption>{esc(words(lang, 'chart_gates'))}</figcaption></figure>",
            f"<figure>{blocking_svg(portfolio, lang)}<figcaption>{esc(words(lang, 'chart_blocking'))}</figcaption></figure>",
            "</div>",
        ]
    )


def schema_bytes(catalog: Catalog) -> bytes:
    """The JSON Schema of portfolio.json, as published beside it."""
    text = (resources.files("generator.schemas") / "published" / "portfolio.schema.json").read_text(
        "utf-8"
    )
    data = json.loads(text)
    data["$comment"] = f"Published with catalog {catalog.version}."
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def outputs(portfolio: Portfolio, lang: str) -> dict[str, bytes]:
    """Path under the output folder -> bytes: the page, CSV, JSON and every gate report."""
    catalog = portfolio.catalog
    out = {
        PAGE: page_html(portfolio, lang).encode("utf-8"),
        CSV_NAME: to_csv(portfolio, lang).encode("utf-8"),
        JSON_NAME: to_json(portfolio, lang).encode("utf-8"),
    }
    for c in portfolio.use_cases:
        out[report_path(c.path)] = document.render_html(
            catalog, c.profile, c.report, lang, c.path
        ).encode("utf-8")
    return out
