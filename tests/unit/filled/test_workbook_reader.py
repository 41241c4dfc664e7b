"""Reading workbooks back: everything a person can enter, every example equal to
its YAML, and bounded time on a hostile sheet."""

from __future__ import annotations

import io
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from generator import templates
from generator.catalog.tailor import applicable
from generator.errors import InvalidInput
from generator.filled.profile import load_profile
from generator.filled.reader import load_filled
from generator.model import Answer, Catalog, Decision, Profile
from generator.site.downloads import blank_profile
from generator.words import LABELS
from tests.conftest import ROOT

EXAMPLES = sorted(
    [
        *ROOT.glob("examples/*.yaml"),
        *ROOT.glob("examples/filled/*.yaml"),
        *ROOT.glob("examples/worked/*.yaml"),
        # Decisions with a review date and a basis.
        *ROOT.glob("examples/portfolio/*/*.yaml"),
    ]
)


def _expected(catalog: Catalog, p: Profile, lang: str) -> Profile:
    """What a workbook holds of a profile: answers for the items it lists, conditions as text."""
    items = [i.id for i in applicable(catalog, p)]
    decisions = {
        g.id: Decision(
            d.date,
            d.decision,
            d.decided_by,
            (),
            d.conditions_summary,
            d.exception_reason,
            d.review_date,
            d.basis,
        )
        for g in catalog.gates
        for d in [p.decision(g.id)]
    }
    return replace(
        p,
        lang=lang,
        answers={i: p.answer(i) for i in items},
        decisions=decisions,
        catalog_version=catalog.version,
        description=p.description or "-",
        source="",
    )


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_example_reads_back_as_its_yaml(
    catalog: Catalog, path: Path, lang: str, tmp_path: Path
) -> None:
    p = load_profile(path, catalog)
    book = tmp_path / "book.xlsx"
    book.write_bytes(templates.render(catalog, p, "xlsx", lang, path.name))
    again = replace(load_filled(book, catalog), source="")
    assert again == _expected(catalog, p, lang)


def _unlocked_write(ws: openpyxl.worksheet.worksheet.Worksheet, ref: str, value: object) -> None:
    """Type into a cell as a person in a protected sheet can: unlocked cells only."""
    assert ws[ref].protection.locked is False, f"{ws.title}!{ref} is locked"
    ws[ref] = value


def test_a_person_fills_a_blank_template(catalog: Catalog, tmp_path: Path) -> None:
    blank = blank_profile("generative", "limited", "en")
    path = tmp_path / "blank.xlsx"
    path.write_bytes(templates.render(catalog, blank, "xlsx", "en", "blank.yaml"))
    wb = openpyxl.load_workbook(path)
    overview, checklist, goals, decisions = wb.worksheets
    rows = {r[0].value: r[0].row for r in overview.iter_rows() if r[0].value}
    _unlocked_write(overview, f"B{rows['Use case']}", "Chat helper")
    _unlocked_write(overview, f"B{rows['Description']}", "Answers staff questions")
    actor = LABELS["en"].get("actor")
    if actor and overview[f"B{rows[actor]}"].value is None:  # unanswered in a blank template
        _unlocked_write(overview, f"B{rows[actor]}", LABELS["en"]["actor_deployer"])
    for role in catalog.roles:
        _unlocked_write(overview, f"C{rows[role.title['en']]}", f"Owner of {role.id}")
    for n, row in enumerate(range(2, 6)):  # four goals: one more than the three required
        for col, value in zip(
            "ABCDEFG", [f"KPI {n}", "%", 10, 20 + n, "higher", "survey", 15 + n], strict=True
        ):
            _unlocked_write(goals, f"{col}{row}", value)
    _unlocked_write(checklist, "I2", "Done")
    _unlocked_write(checklist, "K2", datetime(2026, 5, 31))
    _unlocked_write(checklist, "I3", "In progress")
    _unlocked_write(checklist, "K3", "31.12.2026")
    _unlocked_write(decisions, "C2", datetime(2026, 2, 1))
    _unlocked_write(decisions, "D2", "GO WITH CONDITIONS")
    _unlocked_write(decisions, "E2", "Steering group")
    _unlocked_write(decisions, "F2", "Fix the logging by March")
    _unlocked_write(decisions, "G2", "Launch date set by law")
    # A second decision at G1, in an empty row: the lower row is the later decision.
    _unlocked_write(decisions, "A5", "G1")
    _unlocked_write(decisions, "C5", "2026-03-01")
    _unlocked_write(decisions, "D5", "GO")
    wb.save(path)
    p = load_filled(path, catalog)
    assert p.name == "Chat helper" and p.description == "Answers staff questions"
    assert dict(p.owners) == {r.id: f"Owner of {r.id}" for r in catalog.roles}
    assert [g.kpi for g in p.effect_goals] == ["KPI 0", "KPI 1", "KPI 2", "KPI 3"]
    assert p.effect_goals[3].measured == 18
    first, second = (i.id for i in applicable(catalog, blank)[:2])
    assert p.answers[first] == Answer("done", due="2026-05-31")
    assert p.answers[second] == Answer("in-progress", due="2026-12-31")
    assert p.decision("G1") == Decision("2026-03-01", "go", "", (), "", "")
    wb = openpyxl.load_workbook(path)
    wb["Decision log"].delete_rows(5)
    wb.save(path)
    assert load_filled(path, catalog).decision("G1") == Decision(
        "2026-02-01",
        "go-with-conditions",
        "Steering group",
        conditions_text="Fix the logging by March",
        exception_reason="Launch date set by law",
    )


def test_a_cell_in_the_last_row_is_refused_at_once(catalog: Catalog, tmp_path: Path) -> None:
    p = load_profile(ROOT / "examples" / "invoice-agent.yaml", catalog)
    wb = openpyxl.load_workbook(io.BytesIO(templates.render(catalog, p, "xlsx", "en", "x")))
    wb["Effect goals"]["A1048576"] = "x"
    path = tmp_path / "far.xlsx"
    wb.save(path)
    assert path.stat().st_size < 40_000
    start = time.perf_counter()
    with pytest.raises(InvalidInput) as exc:
        load_filled(path, catalog)
    assert time.perf_counter() - start < 1.0
    assert [(p.sheet, p.code) for p in exc.value.problems] == [
        ("Effect goals", "xlsx-too-many-rows")
    ]


def test_a_sheet_that_hides_its_size_is_read_only_to_the_limit(
    catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.filled import workbook as reader

    monkeypatch.setattr(reader, "MAX_ROWS", 50)
    p = load_profile(ROOT / "examples" / "invoice-agent.yaml", catalog)
    wb = openpyxl.load_workbook(io.BytesIO(templates.render(catalog, p, "xlsx", "en", "x")))
    wb["Checklist"]["J60"] = "a note far down"
    path = tmp_path / "long.xlsx"
    wb.save(path)
    with pytest.raises(InvalidInput) as exc:
        load_filled(path, catalog)
    assert {(p.sheet, p.code) for p in exc.value.problems} == {("Checklist", "xlsx-too-many-rows")}


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        (datetime(2026, 5, 31), "2026-05-31"),
        ("2026-05-31", "2026-05-31"),
        ("31.05.2026", "2026-05-31"),
        ("1.5.2026", "2026-05-01"),
        (46173, "2026-05-31"),  # a date cell that lost its format
        (None, ""),
    ],
)
def test_dates_typed_as_dates_or_text(
    catalog: Catalog, tmp_path: Path, typed: object, read: str
) -> None:
    p = load_profile(ROOT / "examples" / "invoice-agent.yaml", catalog)
    wb = openpyxl.load_workbook(io.BytesIO(templates.render(catalog, p, "xlsx", "nb", "x")))
    wb["Sjekkliste"]["K2"] = typed
    wb["Beslutningslogg"]["C3"] = typed
    path = tmp_path / "dates.xlsx"
    wb.save(path)
    again = load_filled(path, catalog)
    first = applicable(catalog, p)[0].id
    assert again.answers[first].due == read
    assert again.decision("G2").date == read


def _decision_log(catalog: Catalog, tmp_path: Path, cells: dict[str, object]) -> Path:
    p = load_profile(ROOT / "examples" / "portfolio" / "nb" / "chat-answers.nb.yaml", catalog)
    wb = openpyxl.load_workbook(io.BytesIO(templates.render(catalog, p, "xlsx", "nb", "x")))
    for ref, value in cells.items():
        wb["Beslutningslogg"][ref] = value
    path = tmp_path / "log.xlsx"
    wb.save(path)
    return path


def test_a_review_date_typed_as_text_reads_and_a_bad_one_is_named_by_row(
    catalog: Catalog, tmp_path: Path
) -> None:
    again = load_filled(_decision_log(catalog, tmp_path, {"H2": "1.6.2027"}), catalog)
    assert again.decision("G1").review_date == "2027-06-01"
    with pytest.raises(InvalidInput) as exc:
        load_filled(_decision_log(catalog, tmp_path, {"H3": "til våren"}), catalog)
    assert [(p.sheet, p.line, p.code) for p in exc.value.problems] == [
        ("Beslutningslogg", 3, "xlsx-not-a-date")
    ]
    assert "Neste gjennomgang: 'til våren' is not a date" in exc.value.problems[0].message


@pytest.mark.parametrize(
    "basis",
    ["ai_type=quantum", "risk_class", "personal_data=yes", "catalog_version=1.x",
     "users=internal; users=external", "colour=blue"],
)  # fmt: skip
def test_a_basis_playbook_did_not_write_is_refused_by_row(
    catalog: Catalog, tmp_path: Path, basis: str
) -> None:
    with pytest.raises(InvalidInput) as exc:
        load_filled(_decision_log(catalog, tmp_path, {"I3": basis}), catalog)
    assert [(p.sheet, p.line, p.code) for p in exc.value.problems] == [
        ("Beslutningslogg", 3, "xlsx-not-allowed")
    ]


def test_a_cleared_basis_reads_as_none(catalog: Catalog, tmp_path: Path) -> None:
    path = _decision_log(catalog, tmp_path, {"I3": None})
    assert load_filled(path, catalog).decision("G2").basis is None


def test_a_decision_log_from_before_the_review_date_still_reads(
    catalog: Catalog, tmp_path: Path
) -> None:
    p = load_profile(ROOT / "examples" / "portfolio" / "nb" / "chat-answers.nb.yaml", catalog)
    wb = openpyxl.load_workbook(io.BytesIO(templates.render(catalog, p, "xlsx", "nb", "x")))
    wb["Beslutningslogg"].delete_cols(8, 2)
    path = tmp_path / "old.xlsx"
    wb.save(path)
    again = load_filled(path, catalog)
    assert again.decision("G2").decision == p.decision("G2").decision
    assert again.decision("G2").review_date == "" and again.decision("G2").basis is None
