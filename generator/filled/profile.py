"""Use-case profiles and filled templates (one format): load, validate, model.

A profile names the use case, its AI type and risk class, its owners and
effect goals. A filled template is the same document with `catalog_version`
and `answers` (status per item) and `decisions` (per gate) filled in.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from generator.catalog import documents
from generator.catalog.documents import Doc, Finding, shown_path
from generator.errors import InvalidInput
from generator.model import Answer, Catalog, Condition, Decision, EffectGoal, Profile

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def load_profile(path: Path | str, catalog: Catalog) -> Profile:
    path = Path(path)
    doc = Doc(path, shown_path(path), "profile")
    problems = documents.read(doc)
    if problems:
        raise InvalidInput(problems)
    return profile_from_data(doc, catalog)


def profile_from_data(doc: Doc, catalog: Catalog) -> Profile:
    """Validate parsed data (from YAML or from a workbook) and build the model."""
    pending = _prohibited(doc) + [
        f
        for f in documents.schema_findings(doc)
        if f.path != ("risk_class",) or not _prohibited(doc)
    ]
    if doc.ok:
        pending += list(_rules(doc, catalog))
    if pending:
        raise InvalidInput(documents.locate(pending))
    return _build(doc.data, doc.shown)


def _prohibited(doc: Doc) -> list[Finding]:
    if isinstance(doc.data, dict) and doc.data.get("risk_class") == "prohibited":
        return [
            Finding(
                doc,
                ("risk_class",),
                "",
                "risk_class: 'prohibited' cannot be made ready for production: AI practices "
                "prohibited by Art. 5 of the EU AI Act may not be placed on the market or used; "
                "allowed: minimal, limited, high",
                code="risk-class-prohibited",
                allowed=("minimal", "limited", "high"),
            )
        ]
    return []


def _rules(doc: Doc, catalog: Catalog) -> list[Finding]:
    data = doc.data
    out: list[Finding] = []
    roles = [r.id for r in catalog.roles]
    for role in roles:
        if role not in data["owners"]:
            out.append(
                Finding(
                    doc,
                    ("owners",),
                    "",
                    f"owners: no name for role '{role}'; every role needs an owner: {', '.join(roles)}",
                    code="owner-missing",
                )
            )
    for role in data["owners"]:
        if role not in roles:
            out.append(
                Finding(
                    doc,
                    ("owners", role),
                    "",
                    f"owners: '{role}' is not a role; allowed: {', '.join(roles)}",
                    on_key=True,
                    code="owner-unknown",
                    allowed=tuple(roles),
                )
            )
    for i, goal in enumerate(data["effect_goals"]):
        at = ("effect_goals", i)
        if goal["baseline"] == goal["target"]:
            out.append(
                Finding(
                    doc,
                    (*at, "target"),
                    "",
                    f"effect_goals[{i}] ({goal['kpi']}): target equals baseline; an effect goal needs a change to aim for",
                    code="goal-target-equals-baseline",
                )
            )
        elif (goal["target"] > goal["baseline"]) != (goal["direction"] == "higher"):
            out.append(
                Finding(
                    doc,
                    (*at, "direction"),
                    "",
                    f"effect_goals[{i}] ({goal['kpi']}): direction is '{goal['direction']}' but the target {goal['target']} lies on the other side of the baseline {goal['baseline']}",
                    code="goal-direction-contradicts",
                )
            )
    known = {i.id for i in catalog.items}
    # A template from another catalog version may name items this one lacks;
    # `check` reports them and `upgrade` carries them over, so they are no error here.
    same_version = data.get("catalog_version") in (None, catalog.version)
    for item, answer in data.get("answers", {}).items():
        if item not in known and same_version:
            out.append(
                Finding(
                    doc,
                    ("answers", item),
                    item,
                    f"not an item of catalog {catalog.version}; remove this answer or use an item ID from the catalog",
                    on_key=True,
                    code="answer-unknown-item",
                )
            )
        if answer.get("due") and not _DATE.match(answer["due"]):
            out.append(
                Finding(
                    doc,
                    ("answers", item, "due"),
                    item,
                    f"due: '{answer['due']}' is not a date; expected YYYY-MM-DD or empty",
                    code="due-not-a-date",
                )
            )
    gates = [g.id for g in catalog.gates]
    for gate, decision in data.get("decisions", {}).items():
        if gate not in gates:
            out.append(
                Finding(
                    doc,
                    ("decisions", gate),
                    "",
                    f"decisions: '{gate}' is not a gate; allowed: {', '.join(gates)}",
                    on_key=True,
                    code="gate-unknown",
                    allowed=tuple(gates),
                )
            )
        if decision.get("date") and not _DATE.match(decision["date"]):
            out.append(
                Finding(
                    doc,
                    ("decisions", gate, "date"),
                    "",
                    f"decisions.{gate}.date: '{decision['date']}' is not a date; expected YYYY-MM-DD or empty",
                    code="decision-date-not-a-date",
                )
            )
        conditions = decision.get("conditions")
        if not isinstance(conditions, list):
            continue
        for n, cond in enumerate(conditions):
            where = ("decisions", gate, "conditions", n)
            if cond.get("due") and not _DATE.match(cond["due"]):
                out.append(
                    Finding(
                        doc,
                        (*where, "due"),
                        cond.get("item", ""),
                        f"decisions.{gate}.conditions[{n}].due: '{cond['due']}' is not a date; expected YYYY-MM-DD or empty",
                        code="condition-due-not-a-date",
                    )
                )
            if cond.get("item") and cond["item"] not in known:
                out.append(
                    Finding(
                        doc,
                        (*where, "item"),
                        cond["item"],
                        f"decisions.{gate}.conditions[{n}].item: not an item of catalog {catalog.version}; use an item ID from the catalog or leave it empty",
                        code="condition-item-unknown",
                    )
                )
    return out


def _build(data: dict[str, Any], source: str) -> Profile:
    return Profile(
        name=data["name"],
        description=data["description"],
        ai_type=data["ai_type"],
        risk_class=data["risk_class"],
        personal_data=data["personal_data"],
        users=data["users"],
        actor=data["actor"],
        public_service=data["public_service"],
        annex_iii=data.get("annex_iii", ""),
        art50=tuple(data.get("art50", [])),
        sector=data.get("sector", ""),
        owners=dict(data["owners"]),
        effect_goals=tuple(
            EffectGoal(
                kpi=g["kpi"],
                unit=g["unit"],
                baseline=g["baseline"],
                target=g["target"],
                direction=g["direction"],
                measured_by=g["measured_by"],
                measured=g.get("measured"),
            )
            for g in data["effect_goals"]
        ),
        lang=data.get("lang", "nb"),
        catalog_version=data.get("catalog_version"),
        answers={k: Answer(**v) for k, v in data.get("answers", {}).items()},
        decisions={k: _decision(v) for k, v in data.get("decisions", {}).items()},
        source=source,
    )


def _decision(raw: dict[str, Any]) -> Decision:
    conditions = raw.get("conditions", "")
    return Decision(
        date=raw.get("date", ""),
        decision=raw.get("decision", ""),
        decided_by=raw.get("decided_by", ""),
        conditions=tuple(
            Condition(c["text"], c.get("owner", ""), c.get("due", ""), c.get("item", ""))
            for c in conditions
        )
        if isinstance(conditions, list)
        else (),
        conditions_text=conditions if isinstance(conditions, str) else "",
        exception_reason=raw.get("exception_reason", ""),
    )
