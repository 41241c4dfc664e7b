"""A person fills a blank template in LibreOffice Calc, through its user
interface's own commands (tests/site/lo_person.py, over UNO): every goal field,
a goal row of their own, the owners, an item's status and due date, and a
decision. The sheet protection holds where IDs and formulas live, and `playbook`
reads back what they typed from the copy Calc saved."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest

from generator import templates
from generator.catalog.tailor import applicable
from generator.filled.reader import load_filled
from generator.model import Answer, Catalog, Profile
from generator.site.downloads import blank_profile
from generator.words import LABELS
from tests.conftest import ROOT

SYSTEM_PYTHON = "/usr/bin/python3"


def _has_uno() -> bool:
    if not (shutil.which("soffice") and Path(SYSTEM_PYTHON).exists()):
        return False
    found = subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True, check=False)
    return found.returncode == 0


pytestmark = pytest.mark.skipif(
    not _has_uno(), reason="LibreOffice with python3-uno not installed (make test installs it)"
)
OVERVIEW, CHECKLIST, GOALS, DECISIONS = range(4)
W = LABELS["nb"]
GOAL_ROWS = [  # KPI, unit, baseline, target, direction, how it is measured, measured
    [
        "Saker løst uten saksbehandler",
        "%",
        "40",
        "60",
        W["higher"],
        "Uttrekk fra saksystemet",
        "52",
    ],
    ["Svartid", "sekunder", "90", "30", W["lower"], "Logg fra chatten", "25"],
    ["Klager på svar", "antall per måned", "12", "6", W["lower"], "Klageregisteret", ""],
    ["Fornøyde brukere", "%", "70", "80", W["higher"], "Spørreundersøkelse", "81"],
]
OWN_GOAL = ["Feil henvisning", "%", "8", "3", W["lower"], "Stikkprøver hver uke", "2"]


@dataclass(frozen=True)
class Filled:
    checks: list[object]  # the results of the last nine steps: what a person cannot do
    profile: Profile  # what playbook reads from the copy Calc saved
    blank: Profile  # the template the person started from


@pytest.fixture(scope="module")
def filled(catalog: Catalog, tmp_path_factory: pytest.TempPathFactory) -> Filled:
    folder = tmp_path_factory.mktemp("person")
    blank = blank_profile("generative", "limited", "nb")
    book = folder / "blank.nb.xlsx"
    book.write_bytes(templates.render(catalog, blank, "xlsx", "nb", "blank.yaml"))
    wb = openpyxl.load_workbook(book, read_only=True)
    labels = {
        row[0].value: row[0].row for row in wb.worksheets[OVERVIEW].iter_rows() if row[0].value
    }
    wb.close()

    steps: list[list[object]] = [
        ["type", OVERVIEW, f"B{labels[W['use_case']]}", "Chatbot for innbyggere"],
        ["type", OVERVIEW, f"B{labels[W['description']]}", "Svarer på spørsmål om byggesak"],
        ["type", OVERVIEW, f"B{labels[W['actor']]}", W["actor_deployer"]],
    ]
    steps += [
        ["type", OVERVIEW, f"C{labels[r.title['nb']]}", f"Eier {r.id}"] for r in catalog.roles
    ]
    # Four goals in the empty rows, then a row inserted between the first two for one more.
    for row, values in enumerate(GOAL_ROWS, start=2):
        steps += [
            ["type", GOALS, f"{col}{row}", v] for col, v in zip("ABCDEFG", values, strict=True) if v
        ]
    steps.append(["insert_row", GOALS, "A3"])
    steps += [["type", GOALS, f"{col}3", v] for col, v in zip("ABCDEFG", OWN_GOAL, strict=True)]
    steps += [
        ["type", CHECKLIST, "I2", W["status_done"]],
        ["type", CHECKLIST, "K2", "2026-12-31"],
        ["type", DECISIONS, "C2", "2026-11-30"],
        ["type", DECISIONS, "D2", W["decision_go-with-conditions"]],
        ["type", DECISIONS, "E2", "Styringsgruppen"],
        ["type", DECISIONS, "F2", "Logging på plass innen mars"],
        ["type", DECISIONS, "G2", "Lovpålagt oppstartsdato"],
        ["type", DECISIONS, "H2", "2027-11-30"],
        # What a person cannot do: insert a row in the overview, or change an ID, a
        # header or a formula (read as locked in a protected sheet, as Calc sees it).
        ["read", OVERVIEW, "A5"],
        ["insert_row", OVERVIEW, "A5"],
        ["read", OVERVIEW, "A5"],
        ["locked", CHECKLIST, "A2"],
        ["locked", GOALS, "A1"],
        ["locked", GOALS, "H2"],
        ["locked", DECISIONS, "A2"],
        ["locked", GOALS, "A3"],
        ["locked", DECISIONS, "C5"],
    ]
    spec = folder / "steps.json"
    out = folder / "saved.xlsx"
    spec.write_text(
        json.dumps({"book": str(book), "out": str(out), "profile": str(folder / "lo-profile"),
                    "steps": steps}),
        encoding="utf-8",
    )  # fmt: skip
    run = subprocess.run(
        [SYSTEM_PYTHON, str(ROOT / "tests" / "site" / "lo_person.py"), str(spec)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    results = json.loads(run.stdout.strip().splitlines()[-1])
    return Filled(results[-9:], load_filled(out, catalog), blank)


def test_what_the_person_typed_reads_back(filled: Filled, catalog: Catalog) -> None:
    p = filled.profile
    assert p.name == "Chatbot for innbyggere"
    assert p.description == "Svarer på spørsmål om byggesak"
    assert p.actor == "deployer"
    assert dict(p.owners) == {r.id: f"Eier {r.id}" for r in catalog.roles}
    goals = p.effect_goals
    expected = [GOAL_ROWS[0], OWN_GOAL, *GOAL_ROWS[1:]]
    assert [g.kpi for g in goals] == [row[0] for row in expected]
    own = goals[1]
    assert (own.unit, own.baseline, own.target, own.direction, own.measured_by, own.measured) == (
        "%",
        8,
        3,
        "lower",
        "Stikkprøver hver uke",
        2,
    )
    assert [g.measured for g in goals] == [52, 2, 25, None, 81]
    first = applicable(catalog, filled.blank)[0]
    assert p.answers[first.id] == Answer("done", due="2026-12-31")
    decision = p.decision("G1")
    assert (decision.date, decision.decision, decision.decided_by) == (
        "2026-11-30",
        "go-with-conditions",
        "Styringsgruppen",
    )
    assert "Logging på plass innen mars" in decision.conditions_summary
    assert decision.exception_reason == "Lovpålagt oppstartsdato"
    assert decision.review_date == "2027-11-30"


def test_protection_holds_where_ids_and_formulas_live(filled: Filled) -> None:
    before, inserted, after, *locked = filled.checks
    assert inserted is None and before == after == W["ai_type"]
    # ID, goal header, goal formula, gate of a decision: locked; a person's rows: open.
    assert locked == [True, True, True, True, False, False]
