"""Use-case profiles and filled templates (one format): load, validate, model.

A profile names the use case, its AI type and risk class, its owners and
effect goals. A filled template is the same document with `catalog_version`
and `answers` (status per item) and `decisions` (per gate) filled in.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from generator.catalog import documents, rules, schema
from generator.catalog.documents import Doc, Finding, shown_path
from generator.catalog.rules import version_key
from generator.errors import InvalidInput
from generator.model import (
    RISK_CLASSES,
    Answer,
    Basis,
    Catalog,
    Condition,
    Decision,
    EffectGoal,
    Profile,
)
from generator.words import decision_from_label, status_from_label

_DIGITS8 = re.compile(r"^[0-9]{8}$")
# How people write "a practice the AI Act prohibits" (Art. 5), in any case, in
# English and Norwegian: each such risk_class gets the explanation, not a bare
# "not allowed". Matched as word stems after folding case and separators.
_PROHIBITED_STEMS = (
    "prohibit",
    "forbid",
    "unaccept",
    "banned",
    "illegal",
    "forbud",
    "forbode",
    "uakseptab",
    "ikke tillat",
    "ulovlig",
    "art 5",
    "article 5",
    "artikkel 5",
)
# The names of the date fields of a filled template.
_DATE_FIELDS = ("due", "date")


def load_profile(path: Path | str, catalog: Catalog, text: str | None = None) -> Profile:
    """Load a profile or filled template; text, when given, is the file's content
    (standard input), and path only names it."""
    path = Path(path)
    doc = Doc(path, shown_path(path) if text is None else str(path), "profile")
    problems = documents.read(doc) if text is None else documents.parse(doc, text)
    if problems:
        raise InvalidInput(problems)
    return profile_from_data(doc, catalog)


def profile_from_data(doc: Doc, catalog: Catalog) -> Profile:
    """Validate parsed data (from YAML or from a workbook) and build the model.

    The rules run only when the data passed the schema, and only on values that
    passed it."""
    _labels_to_codes(doc.data)
    _unasked_before(doc.data)
    prohibited = _prohibited(doc)
    pending = prohibited + [
        _date_type(doc, f)
        for f in documents.schema_findings(doc)
        if f.path != ("risk_class",) or not prohibited
    ]
    if doc.ok:
        pending += list(_rules(doc, catalog))
    if pending:
        raise InvalidInput(documents.locate(pending))
    return _build(doc.data, doc.shown)


# Fields a template made from an older catalog could not hold, with the version
# that asked for them. Such a template reads with the field unanswered ("" or
# None), never with a guess; `check` says so and `upgrade` asks for the answer.
ASKED_SINCE = {"actor": ("1.1.0", ""), "public_service": ("1.1.0", None)}


def _unasked_before(data: Any) -> None:
    if not isinstance(data, dict) or not isinstance(data.get("catalog_version"), str):
        return
    try:
        made_from = version_key(data["catalog_version"])
    except ValueError:
        return  # not a version: the schema says so
    for key, (since, unanswered) in ASKED_SINCE.items():
        if key not in data and made_from < version_key(since):
            data[key] = unanswered


def _labels_to_codes(data: Any) -> None:
    """One rule for YAML and workbooks alike: a status or a decision may be written
    as its code or as its label in either language, in any case (done, DONE,
    ferdig, "go med vilkår"); it is read as the code."""
    if not isinstance(data, dict):
        return
    answers = data.get("answers")
    for answer in answers.values() if isinstance(answers, dict) else ():
        if isinstance(answer, dict) and isinstance(answer.get("status"), str):
            answer["status"] = status_from_label(answer["status"]) or answer["status"]
    decisions = data.get("decisions")
    for decision in decisions.values() if isinstance(decisions, dict) else ():
        if isinstance(decision, dict) and isinstance(decision.get("decision"), str):
            code = decision_from_label(decision["decision"])
            decision["decision"] = decision["decision"] if code is None else code


def is_prohibited(value: object) -> bool:
    """Whether a risk_class names a practice the AI Act prohibits, however it is spelt."""
    if not isinstance(value, str):
        return False
    folded = " ".join(re.sub(r"[-_.:/()]", " ", documents.visible(value)).split())
    return any(stem in folded for stem in _PROHIBITED_STEMS)


def _prohibited(doc: Doc) -> list[Finding]:
    value = doc.data.get("risk_class") if isinstance(doc.data, dict) else None
    if not is_prohibited(value):
        return []
    return [
        Finding(
            doc,
            ("risk_class",),
            "",
            f"risk_class: {schema.show(value)} cannot be made ready for production: AI practices "
            "prohibited by Art. 5 of the EU AI Act may not be placed on the market or used; "
            f"allowed: {', '.join(RISK_CLASSES)}",
            code="risk-class-prohibited",
            allowed=RISK_CLASSES,
        )
    ]


def date_problem(value: str) -> str | None:
    """Why a date field's text is not a date, or None when it is one (or empty)."""
    return rules.date_problem(value) if value else None


def _date_hint(value: object) -> str:
    """What is allowed in a date field, with the date the value may have meant."""
    hint = "allowed: a date YYYY-MM-DD, in quotes or not, or empty"
    text = str(value) if isinstance(value, int | str) and not isinstance(value, bool) else ""
    if _DIGITS8.match(text):
        hint += f' (for this one: "{text[:4]}-{text[4:6]}-{text[6:]}")'
    return hint


def _date_type(doc: Doc, finding: Finding) -> Finding:
    """A schema type failure in a date field, said as the date problem it is."""
    path = finding.path
    if finding.code != "schema-type" or not path or path[-1] not in _DATE_FIELDS:
        return finding
    if path[0] == "answers" and len(path) == 3:
        code, where = "due-not-a-date", "due"
    elif path[0] == "decisions" and len(path) == 3:
        code, where = "decision-date-not-a-date", schema.dotted(path)
    elif path[0] == "decisions" and len(path) == 5 and path[2] == "conditions":
        code, where = "condition-due-not-a-date", schema.dotted(path)
    else:
        return finding
    value: Any = doc.data
    for step in path:
        value = value[step]
    return replace(
        finding,
        message=f"{where}: {schema.describe(value)} is not a date; {_date_hint(value)}",
        code=code,
    )


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
                    f"owners: {schema.show(role)} is not a role; allowed: {', '.join(roles)}",
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
        if item in doc.bad_items.get(-2, set()):
            continue
        why = date_problem(answer.get("due", ""))
        if why:
            out.append(
                Finding(
                    doc,
                    ("answers", item, "due"),
                    item,
                    f"due: {schema.show(answer['due'])} {why}; {_date_hint(answer['due'])}",
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
                    f"decisions: {schema.show(gate)} is not a gate; allowed: {', '.join(gates)}",
                    on_key=True,
                    code="gate-unknown",
                    allowed=tuple(gates),
                )
            )
        why = date_problem(decision.get("date", ""))
        if why:
            out.append(
                Finding(
                    doc,
                    ("decisions", gate, "date"),
                    "",
                    f"decisions.{gate}.date: {schema.show(decision['date'])} {why}; {_date_hint(decision['date'])}",
                    code="decision-date-not-a-date",
                )
            )
        conditions = decision.get("conditions")
        if not isinstance(conditions, list):
            continue
        for n, cond in enumerate(conditions):
            where = ("decisions", gate, "conditions", n)
            why = date_problem(cond.get("due", ""))
            if why:
                out.append(
                    Finding(
                        doc,
                        (*where, "due"),
                        cond.get("item", ""),
                        f"decisions.{gate}.conditions[{n}].due: {schema.show(cond['due'])} {why}; {_date_hint(cond['due'])}",
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
        review_date=raw.get("review_date", ""),
        basis=Basis(**raw["basis"]) if isinstance(raw.get("basis"), dict) else None,
    )
