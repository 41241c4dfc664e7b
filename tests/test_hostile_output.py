"""Escaping in every output, even for text the loaders would refuse.

The loaders refuse control characters and line breaks in one-line fields
(tests/corpus/); the outputs escape them anyway, so that a text that reaches
them another way (a future field, a workbook) cannot act. Here the model is
built directly, with the worst text in every field a report shows.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from types import MappingProxyType
from xml.etree import ElementTree as ET

import pytest

from generator.cli.check import gate_annotations
from generator.cli.problems import annotation, as_github, as_junit, as_text
from generator.errors import Problem
from generator.gate import report as check_report
from generator.gate.evaluate import evaluate
from generator.model import Answer, Catalog, Decision, EffectGoal, Profile
from generator.text import md, one_line

HOSTILE = "x\x1b[2J\r\n::error::pwned\x00\x7f\u2028\ufffe\u202e<b>&amp;]]>\x85"
# What no line of a terminal, log or report may hold raw.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\u202a-\u202e]")


def _hostile_catalog(mini: Catalog) -> Catalog:
    items = tuple(
        replace(i, title=MappingProxyType({"nb": HOSTILE, "en": HOSTILE})) for i in mini.items
    )
    gates = tuple(
        replace(g, title=MappingProxyType({"nb": HOSTILE, "en": HOSTILE})) for g in mini.gates
    )
    areas = tuple(
        replace(a, title=MappingProxyType({"nb": HOSTILE, "en": HOSTILE})) for a in mini.areas
    )
    roles = tuple(
        replace(r, title=MappingProxyType({"nb": HOSTILE, "en": HOSTILE})) for r in mini.roles
    )
    return replace(mini, items=items, gates=gates, areas=areas, roles=roles)


def _hostile_profile(catalog: Catalog) -> Profile:
    goal = EffectGoal(HOSTILE, HOSTILE, 1, 2, "higher", HOSTILE, None)
    return Profile(
        name=HOSTILE,
        description=HOSTILE,
        ai_type="predictive",
        risk_class="high",
        personal_data=True,
        users="external",
        owners={r.id: HOSTILE for r in catalog.roles},
        effect_goals=(goal, goal, goal),
        lang="en",
        catalog_version="0.9.0",
        answers={i.id: Answer("n/a", HOSTILE, "", HOSTILE) for i in catalog.items[:1]},
        decisions={"G1": Decision("2026-01-01", "go", HOSTILE, (), HOSTILE, HOSTILE)},
    )


@pytest.fixture
def hostile(mini: Catalog) -> tuple[Catalog, Profile]:
    catalog = _hostile_catalog(mini)
    return catalog, _hostile_profile(catalog)


def test_text_report_escapes_every_text(hostile: tuple[Catalog, Profile]) -> None:
    catalog, profile = hostile
    for colour in (False, True):
        out = check_report.to_text(evaluate(catalog, profile, "G1"), catalog, profile, "en", colour)
        for code in (*check_report.COLOURS.values(), check_report.RESET):
            out = out.replace(code, "")  # our own colour, the one escape allowed
        for line in out.splitlines():
            assert not RAW.search(line), repr(line)
            assert not line.lstrip().startswith("::"), line


def test_junit_is_well_formed_whatever_the_text(hostile: tuple[Catalog, Profile]) -> None:
    catalog, profile = hostile
    out = check_report.to_junit(evaluate(catalog, profile, "G1"), catalog, profile, "en")
    ET.fromstring(out)


def test_json_report_parses_and_keeps_the_text(hostile: tuple[Catalog, Profile]) -> None:
    catalog, profile = hostile
    out = check_report.to_json(evaluate(catalog, profile, "G1"), catalog, profile, "en", "f", 1)
    assert json.loads(out)["use_case"] == HOSTILE


def test_markdown_report_opens_no_block(hostile: tuple[Catalog, Profile]) -> None:
    catalog, profile = hostile
    out = check_report.to_markdown(evaluate(catalog, profile, "G1"), catalog, profile, "en")
    assert not RAW.search(out.replace("\n", ""))
    for line in out.splitlines():
        assert not line.startswith(("::", "???", "!!!", "<")), line


def test_annotations_are_one_command_each(hostile: tuple[Catalog, Profile]) -> None:
    catalog, profile = hostile
    report = evaluate(catalog, profile, "G1")
    out = gate_annotations(report, "en", HOSTILE)
    problems = [Problem(HOSTILE, 3, HOSTILE, HOSTILE, HOSTILE, code="schema-type")]
    out += as_github(problems)
    for line in out.splitlines():
        assert line.startswith(("::error ", "::warning ")), line
        assert not RAW.search(line), repr(line)
    assert annotation("error", "a\x1bb").endswith("::a\\x1bb")


def test_problem_forms_escape_every_text() -> None:
    problems = [Problem(HOSTILE, 3, HOSTILE, HOSTILE, HOSTILE, code="schema-type")]
    text = as_text(problems)
    assert len(text.splitlines()) == 2
    assert not RAW.search(text.replace("\n", ""))
    ET.fromstring(as_junit(problems))


def test_one_line_never_starts_a_workflow_command() -> None:
    assert one_line("::error::x") == "\\::error::x"
    assert one_line("  ::set-output name=a::b").lstrip().startswith("\\::")
    assert one_line("a::b") == "a::b"
    assert md("a\x1bb\nc") == "a\\x1bb c"
