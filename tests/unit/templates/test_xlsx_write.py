"""The small Excel writer behind the templates, read back with openpyxl as
`playbook check` reads filled workbooks."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

import openpyxl
import pytest

from generator.templates.xlsx_write import Book, Formula, ListValidation, Style

WHEN = datetime(2026, 11, 25)


def _book(values: list[str]) -> bytes:
    book = Book(created=WHEN, author="playbook")
    sheet = book.sheet("Data")
    text = book.style(Style(wrap=True))
    for row, value in enumerate(values, start=1):
        sheet.row(row, [value], [text])
    return book.save()


def _read(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_text_reads_back_as_typed() -> None:
    texts = [
        "plain",
        "<b>&amp;</b>",
        "_x0041_ is not an A",
        "two\nlines",
        "carriage\r\nreturn",
        " leading and trailing ",
        "\ttab first",
        "æøå ÆØÅ ✓",
    ]
    ws = _read(_book(list(texts)))["Data"]
    assert [ws.cell(row=r, column=1).value for r in range(1, len(texts) + 1)] == texts


def test_characters_xml_cannot_carry_become_replacement_characters() -> None:
    ws = _read(_book(["a\x00b\x1fc\ufffe"]))["Data"]
    assert ws["A1"].value == "a\ufffdb\ufffdc\ufffd"


def test_formula_like_text_is_text_with_the_quote_prefix() -> None:
    texts = ["=1+1", "+SUM(A1)", "-Ola", "@Kari", "\x01x", "ordinary"]
    ws = _read(_book(list(texts)))["Data"]
    cells = [ws.cell(row=r, column=1) for r in range(1, len(texts) + 1)]
    assert all(c.data_type == "s" for c in cells)
    assert [bool(c.quotePrefix) for c in cells] == [True] * 5 + [False]
    assert all(c.alignment.wrap_text for c in cells)


def test_numbers_formulas_and_blanks() -> None:
    book = Book(created=WHEN, author="playbook")
    sheet = book.sheet("Data")
    entry = book.style(Style(unlocked=True))
    sheet.row(1, [2.0, 2.5, 48, float("nan"), None, Formula("=A1*2")], [0, 0, 0, 0, entry, 0])
    ws = _read(book.save())["Data"]
    assert [c.value for c in ws[1]] == [2, 2.5, 48, None, None, "=A1*2"]
    assert ws["E1"].protection.locked is False
    assert ws["F1"].data_type == "f"


def test_the_same_workbook_gives_the_same_bytes_dated_as_given() -> None:
    first, second = _book(["x", "=y"]), _book(["x", "=y"])
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(2026, 11, 25, 0, 0, 0)}
        assert z.namelist()[0] == "[Content_Types].xml"
        assert z.testzip() is None
    props = _read(first).properties
    assert (props.creator, props.created, props.modified) == ("playbook", WHEN, WHEN)


def test_sheet_features_read_back() -> None:
    book = Book(created=WHEN, author="playbook")
    sheet = book.sheet("It's a sheet")
    sheet.row(1, ["a", "b"], [0, 0])
    sheet.row(3, ["c"], [0])
    sheet.widths = [12, 30.5]
    sheet.frozen = (1, 1)
    sheet.autofilter = "A1:B3"
    sheet.protected = True
    sheet.allow = ("sort", "autoFilter")
    sheet.validations.append(ListValidation("B2:B3", ("Yes", "No"), allow_blank=True))
    sheet.fills.append(("A2:B3", '$B2="Yes"', "C6EFCE"))
    ws = _read(book.save())["It's a sheet"]
    assert (ws.freeze_panes, ws.auto_filter.ref, ws.max_row) == ("B2", "A1:B3", 3)
    assert (ws.column_dimensions["A"].width, ws.column_dimensions["B"].width) == (12, 30.5)
    assert ws.protection.sheet and not ws.protection.sort and not ws.protection.autoFilter
    assert ws.protection.formatCells
    (dv,) = ws.data_validations.dataValidation
    assert (dv.type, dv.formula1, str(dv.sqref), dv.allow_blank) == (
        "list",
        '"Yes,No"',
        "B2:B3",
        True,
    )
    (rule,) = [r for cf in ws.conditional_formatting for r in cf.rules]
    assert rule.formula == ['$B2="Yes"'] and rule.dxf.fill.bgColor.rgb == "FFC6EFCE"


def test_refuses_what_excel_would_not_open() -> None:
    book = Book(created=WHEN, author="playbook")
    for name in ("", "x" * 32, "a/b", "a[1]"):
        with pytest.raises(ValueError, match="sheet name"):
            book.sheet(name)
    sheet = book.sheet("Data")
    sheet.row(1, [True], [0])
    with pytest.raises(TypeError, match="cannot write True"):
        book.save()
    sheet.row(1, ["x"], [0])
    sheet.validations.append(ListValidation("A1", ('say "yes"',), allow_blank=True))
    with pytest.raises(ValueError, match="inline list"):
        book.save()
