"""The workbook writer: stable bytes, XlsxWriter's traps guarded, print setup,
protection, the template's words, charts."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from dataclasses import replace

import openpyxl
import pytest

from generator import templates
from generator.catalog.tailor import applicable
from generator.filled.profile import load_profile
from generator.model import Answer, Basis, Catalog, Decision, EffectGoal, Profile
from generator.site.downloads import blank_profile
from generator.templates import workbook
from generator.words import LABELS
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "credit-scoring.yaml"


@pytest.fixture(scope="module")
def profile(catalog: Catalog) -> Profile:
    return load_profile(EXAMPLE, catalog)


def _book(catalog: Catalog, profile: Profile, lang: str = "en") -> openpyxl.Workbook:
    data = templates.render(catalog, profile, "xlsx", lang, "x.yaml")
    return openpyxl.load_workbook(io.BytesIO(data))


_HASHES = """
import hashlib, sys
from generator import templates
from generator.catalog.loader import load_catalog
from generator.filled.profile import load_profile
from generator.site.downloads import blank_profile
c = load_catalog("checklists")
p = load_profile("examples/credit-scoring.yaml", c)
for lang in ("nb", "en"):
    for prof in (p, blank_profile("agentic", "high", lang)):
        print(hashlib.sha256(templates.render(c, prof, "xlsx", lang, "x")).hexdigest())
"""


def test_same_bytes_across_time_zones_and_hash_seeds() -> None:
    runs = set()
    for tz, seed in (("UTC", "0"), ("Pacific/Kiritimati", "1"), ("America/Adak", "random")):
        env = {**os.environ, "TZ": tz, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", _HASHES], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert out.returncode == 0, out.stderr
        runs.add(out.stdout)
    assert len(runs) == 1
    assert len(runs.pop().split()) == 4


def test_created_date_is_the_release_date(catalog: Catalog) -> None:
    data = templates.render(catalog, load_profile(EXAMPLE, catalog), "xlsx", "en", "x")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        core = z.read("docProps/core.xml").decode()
        stamps = {i.date_time for i in z.infolist()}
    assert f"{catalog.released}T00:00:00Z" in core
    assert stamps == {(1980, 1, 1, 0, 0, 0)}  # XlsxWriter's fixed entry date in memory mode


RICH = "<r><rPr><b/></rPr><t>bold</t></r>"


def test_text_that_looks_like_rich_text_markup_stays_text(
    catalog: Catalog, profile: Profile
) -> None:
    p = replace(profile, answers={"VAL-001": Answer("done", comment=RICH, evidence="<r></r>")})
    data = templates.render(catalog, p, "xlsx", "en", "x")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        strings = z.read("xl/sharedStrings.xml").decode()
    assert RICH not in strings and "&gt;&lt;rPr&gt;&lt;b/&gt;" in strings
    ws = openpyxl.load_workbook(io.BytesIO(data))["Checklist"]
    assert ws["L2"].value == RICH and ws["J2"].value == "<r></r>"


def test_formula_like_text_is_a_string_with_the_quote_prefix(
    catalog: Catalog, profile: Profile
) -> None:
    texts = ["=1+1", "+SUM(A1)", "-Ola", "@Kari", "\tweekly"]
    p = replace(profile, answers={"VAL-001": Answer("done", evidence=texts[0], comment=texts[1])})
    p = replace(p, owners={**p.owners, "product": texts[2]}, description=texts[3])
    wb = _book(catalog, p)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    risky = [c for c in cells if isinstance(c.value, str) and c.value in texts]
    assert {c.value for c in risky} >= set(texts[:4])
    assert all(c.data_type == "s" and c.quotePrefix for c in risky)


@pytest.mark.parametrize("bad", [float("nan"), float("inf")])
def test_a_number_that_is_not_finite_is_refused(
    catalog: Catalog, profile: Profile, bad: float
) -> None:
    goal = replace(profile.effect_goals[0], measured=bad)
    with pytest.raises(ValueError, match="is not a number"):
        templates.render(catalog, replace(profile, effect_goals=(goal,)), "xlsx", "en", "x")


def test_text_longer_than_a_cell_is_refused(catalog: Catalog, profile: Profile) -> None:
    p = replace(profile, description="x" * 32_768)
    with pytest.raises(ValueError, match="a cell holds at most 32767"):
        templates.render(catalog, p, "xlsx", "en", "x")
    templates.render(catalog, replace(profile, description="x" * 32_767), "xlsx", "en", "x")


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_sheet_is_print_ready(catalog: Catalog, lang: str) -> None:
    p = replace(load_profile(EXAMPLE, catalog), name="R&D & <scoring>")
    wb = _book(catalog, p, lang)
    page = "side &P av &N" if lang == "nb" else "page &P of &N"
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert (ws.page_setup.fitToWidth or 1, ws.page_setup.fitToHeight) == (
            1,
            0,
        )  # 1 is the default
        assert ws.print_area, ws.title
        assert "R&&D && <scoring>" in ws.oddHeader.left.text and ws.oddHeader.right.text == "&A"
        assert page in ws.oddFooter.right.text
        if ws.title != wb.sheetnames[0]:
            assert ws.print_title_rows in ("1:1", "$1:$1")


def test_checklist_rows_are_as_tall_as_their_text(catalog: Catalog) -> None:
    p = load_profile(EXAMPLE, catalog)
    items = applicable(catalog, p)
    ws = _book(catalog, p, "nb")["Sjekkliste"]
    for row, item in enumerate(items, start=2):
        height = ws.row_dimensions[row].height
        lines = workbook.text_lines(item.done_when["nb"], workbook.WIDTHS["done_when"])
        assert height >= lines * workbook.LINE_PT, item.id


def test_text_lines_grow_with_text_and_shrink_with_width() -> None:
    text = "ord " * 60
    assert workbook.text_lines("", 10) == 1
    assert workbook.text_lines(text, 20) > workbook.text_lines(text, 40) > 1
    assert workbook.text_lines("a\nb\nc", 40) == 3
    assert workbook.text_lines("x" * 200, 10) >= 3  # a long word breaks anywhere


def test_printed_text_is_at_least_8_pt_in_excel() -> None:
    # fit to one page wide: the scale is the printable width over the columns' width.
    # LibreOffice's columns come out wider: tests/site/test_workbooks_libreoffice.py
    # measures its scale on the printed page.
    pixels = sum(int(w * 7 + 0.5) + 5 for w in workbook.WIDTHS.values())
    margins = workbook.MARGINS["left"] + workbook.MARGINS["right"]
    printable = (297 / 25.4 - margins) * 96  # A4 landscape less the left and right margins
    assert 10 * min(1.0, printable / pixels) >= 8


def test_no_sheet_prints_wider_than_the_checklist(catalog: Catalog, profile: Profile) -> None:
    """Fit to one page wide: a sheet no wider than the checklist prints its text at
    least as large as the checklist's, which the LibreOffice test measures."""
    wb = _book(catalog, profile)

    def printed_width(ws: openpyxl.worksheet.worksheet.Worksheet) -> float:
        from openpyxl.utils import column_index_from_string

        area = str(ws.print_area).split("!")[-1].replace("$", "")
        first, last = (column_index_from_string(c.rstrip("0123456789")) for c in area.split(":"))
        letters = [openpyxl.utils.get_column_letter(i) for i in range(first, last + 1)]
        return float(sum(ws.column_dimensions[c].width for c in letters))

    checklist = printed_width(wb["Checklist"])
    # XlsxWriter stores each width with the cell padding added (under a character).
    assert 0 < checklist - sum(workbook.WIDTHS.values()) < len(workbook.WIDTHS)
    for ws in wb.worksheets:
        assert printed_width(ws) <= checklist, ws.title


def _unlocked(ws: openpyxl.worksheet.worksheet.Worksheet, row: int) -> list[str]:
    return [c.column_letter for c in ws[row] if c.protection.locked is False]


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_a_blank_template_is_editable_where_people_write(catalog: Catalog, lang: str) -> None:
    blank = blank_profile("generative", "limited", lang)
    wb = _book(catalog, blank, lang)
    overview, checklist, goals, decisions = wb.worksheets
    assert overview["A1"].value == blank.name  # no doubled prefix
    by_label = {r[0].value: r[1] for r in overview.iter_rows() if r[0].value}
    use_case, description = LABELS[lang]["use_case"], LABELS[lang]["description"]
    assert by_label[use_case].protection.locked is False and by_label[use_case].value is None
    assert by_label[description].protection.locked is False
    assert _unlocked(goals, 2) == list("ABCDEFG")
    assert all(_unlocked(goals, r) == list("ABCDEFG") for r in range(2, 2 + 5))
    assert _unlocked(decisions, 2) == list("CDEFGH")
    assert _unlocked(decisions, 5) == list("ACDEFGH")  # a row for a second decision
    assert _unlocked(checklist, 2) == list("HIJKL")
    for ws in wb.worksheets:
        assert ws.protection.sheet
        assert not ws.protection.sort and not ws.protection.autoFilter
        assert not ws.protection.formatRows and not ws.protection.formatColumns
    for ws in (goals, decisions):
        assert not ws.protection.insertRows
    assert checklist.protection.insertRows


def test_the_template_speaks_its_language(catalog: Catalog) -> None:
    p = load_profile(EXAMPLE, catalog)
    wb = _book(catalog, p, "nb")
    overview = wb["Oversikt"]
    facts = {r[0].value: r[1].value for r in overview.iter_rows() if r[0].value}
    assert facts["Personopplysninger"] == "Ja" and facts["Brukere"] == "eksterne"
    assert facts["KI-type"] == "prediktiv ML"
    assert "personopplysninger" not in facts
    decisions = wb["Beslutningslogg"]
    lists = [dv.formula1 for dv in decisions.data_validations.dataValidation if dv.type == "list"]
    assert '"go,go med vilkår,no-go"' in lists
    dates = [dv for dv in decisions.data_validations.dataValidation if dv.type == "date"]
    assert [str(dv.sqref) for dv in dates] == ["C2:C7", "H2:H7"]  # decided, next review


def test_status_colours_leave_open_neutral_and_overdue_stands_out(catalog: Catalog) -> None:
    p = load_profile(EXAMPLE, catalog)
    p = replace(p, answers={"VAL-001": Answer("in-progress", due="2026-01-31")})
    ws = _book(catalog, p, "nb")["Sjekkliste"]
    rules = [r.formula[0] for cf in ws.conditional_formatting for r in cf.rules]
    assert not any('"Åpen"' in r for r in rules if "TODAY" not in r)
    assert sum('$I2="' in r and "TODAY" not in r for r in rules) == 3
    (overdue,) = [r for r in rules if "TODAY()" in r]
    assert "$K2<TODAY()" in overdue
    due = ws["K2"]
    assert due.is_date and due.number_format == "yyyy-mm-dd"
    assert due.value.date().isoformat() == "2026-01-31"
    types = sorted(dv.type for dv in ws.data_validations.dataValidation)
    assert types == ["date", "list"]


def test_charts_follow_the_cells(catalog: Catalog) -> None:
    p = load_profile(EXAMPLE, catalog)
    data = templates.render(catalog, p, "xlsx", "en", "x")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        charts = sorted(n for n in z.namelist() if n.startswith("xl/charts/chart"))
        xml = "".join(z.read(n).decode() for n in charts)
    assert len(charts) == 2
    rows = len(p.effect_goals) + workbook.EMPTY_GOAL_ROWS + 1
    for col in "CDG":
        assert f"'Effect goals'!${col}$2:${col}${rows}" in xml
    assert "'Overview'!$E$" in xml and "'Overview'!$A$" in xml


def test_goals_sheet_has_the_examples_goals_and_room_for_more(catalog: Catalog) -> None:
    p = load_profile(EXAMPLE, catalog)
    goal = EffectGoal("KPI", "%", 1, 2, "higher", "log", measured=3)
    p = replace(p, effect_goals=(*p.effect_goals, goal))
    ws = _book(catalog, p, "en")["Effect goals"]
    n = len(p.effect_goals)
    assert ws.cell(row=n + 1, column=1).value == "KPI"
    assert ws.cell(row=n + 1, column=8).value.startswith("=IF(")
    assert all(ws.cell(row=r, column=1).value is None for r in range(n + 2, n + 7))


def test_decisions_carry_every_field(catalog: Catalog, profile: Profile) -> None:
    basis = Basis("agentic", "high", "deployer", "external", True, "1.1.0")
    d = Decision("2026-03-01", "go", "Board", conditions_text="fix it", exception_reason="urgent",
                 review_date="2027-03-01", basis=basis)  # fmt: skip
    ws = _book(catalog, replace(profile, decisions={"G2": d}))["Decision log"]
    row = [c.value for c in ws[3]]
    assert row[0] == "G2" and row[2].date().isoformat() == "2026-03-01"
    assert row[3:7] == ["GO", "Board", "fix it", "urgent"]
    assert ws["H1"].value == "Next review" and ws["H3"].is_date
    assert row[7].date().isoformat() == "2027-03-01"
    assert row[8] == (
        "ai_type=agentic; risk_class=high; actor=deployer; users=external; "
        "personal_data=true; catalog_version=1.1.0"
    )
    # The basis is playbook's: locked, hidden, and not printed.
    assert ws["I3"].protection.locked and ws.column_dimensions["I"].hidden
    assert not ws.column_dimensions["H"].hidden
    assert str(ws.print_area).endswith("$A$1:$H$7")
    partial = replace(d, basis=Basis(risk_class="limited", personal_data=False))
    ws = _book(catalog, replace(profile, decisions={"G2": partial}))["Decision log"]
    assert ws["I3"].value == "risk_class=limited; personal_data=false"
    ws = _book(catalog, replace(profile, decisions={"G2": replace(d, basis=None)}))["Decision log"]
    assert ws["I3"].value is None
