"""Malformed workbooks: each gives its problems (place and code) and exit code 2,
never a traceback.

YAML filled templates live in tests/corpus/filled/ and run in tests/test_corpora.py.
Workbook cases are made here from a generated workbook, since binary files are
not committed. Their wording is asserted in tests/corpus/messages.txt.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from generator import templates
from generator.catalog.loader import load_catalog
from generator.cli import main
from generator.filled import workbook as xlsx_read
from generator.filled.profile import load_profile
from tests.conftest import DATA, MIN_CATALOG
from tests.test_corpora import CORPUS, Run, parse_json, place

MINI = load_catalog(MIN_CATALOG)


def _workbook() -> bytes:
    profile = load_profile(DATA / "profile_min.yaml", MINI)
    return templates.render(MINI, profile, "xlsx", "en", "x")


def _edit(change: Callable[[openpyxl.Workbook], None]) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        wb = openpyxl.load_workbook(io.BytesIO(_workbook()))
        change(wb)
        wb.save(path)

    return write


def _raw(data: Callable[[], bytes]) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.write_bytes(data())

    return write


def _set(sheet: str, cell: str, value: object) -> Callable[[openpyxl.Workbook], None]:
    def change(wb: openpyxl.Workbook) -> None:
        wb[sheet][cell] = value

    return change


def _zip_with_huge_entry() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", b"0" * 5_000_000)
    return buf.getvalue()


def _clear_label(sheet: str, label: str) -> Callable[[openpyxl.Workbook], None]:
    def change(wb: openpyxl.Workbook) -> None:
        for row in wb[sheet].iter_rows(max_col=1):
            if row[0].value == label:
                row[0].value = None

    return change


def _not_a_workbook() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "a zip archive, but no workbook")
    return buf.getvalue()


def _damaged() -> bytes:
    raw = bytearray(_workbook())
    # Flip one byte inside the first entry's compressed data: its CRC no longer matches.
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as z:
        info = z.infolist()[0]
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    raw[start + info.compress_size // 2] ^= 0xFF
    return bytes(raw)


def _with_doctype() -> bytes:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets>&lol2;</sheets></workbook>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_workbook())) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            zout.writestr(
                info.filename,
                bomb if info.filename == "xl/workbook.xml" else zin.read(info.filename),
            )
    return out.getvalue()


def _replaced(name: str, change: Callable[[bytes], bytes]) -> Callable[[], bytes]:
    """The workbook with one of its parts changed as raw bytes."""

    def make() -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(_workbook())) as zin, zipfile.ZipFile(out, "w") as zout:
            for info in zin.infolist():
                data = zin.read(info.filename)
                zout.writestr(info.filename, change(data) if info.filename == name else data)
        return out.getvalue()

    return make


def _ods_renamed() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", '<?xml version="1.0"?><office:document-content/>')
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest:manifest/>')
    return out.getvalue()


def _late_doctype(data: bytes) -> bytes:
    """A DOCTYPE after more than 2 kB of prolog (comments), past any fixed head."""
    body = data.split(b"?>", 1)[1]
    prolog = b'<?xml version="1.0"?>' + b"<!-- " + b"x" * 4000 + b" -->"
    return prolog + b'<!DOCTYPE x [<!ENTITY a "a">]>' + body


def _bad_shared_string(data: bytes) -> bytes:
    """A text cell that points past the shared-string table."""
    return re.sub(rb'(<c r="A2"[^>]*t="s"[^>]*><v>)\d+(</v>)', rb"\g<1>999999\g<2>", data, count=1)


# case -> (how to make book.xlsx, the problems as PLACE [ITEM] CODE)
XLSX_CASES: dict[str, tuple[Callable[[Path], None], list[str]]] = {
    "truncated": (_raw(lambda: _workbook()[:3000]), ["book.xlsx xlsx-not-a-zip"]),
    "text-renamed-to-xlsx": (
        _raw(lambda: b"ID;Status\nVAL-001;Done\n"),
        ["book.xlsx xlsx-not-a-zip"],
    ),
    "zip-but-not-a-workbook": (_raw(_not_a_workbook), ["book.xlsx xlsx-unreadable"]),
    "damaged-entry": (_raw(_damaged), ["book.xlsx xlsx-damaged"]),
    "xml-entities": (_raw(_with_doctype), ["book.xlsx xlsx-doctype"]),
    "doctype-after-a-long-prolog": (
        _raw(_replaced("xl/workbook.xml", _late_doctype)),
        ["book.xlsx xlsx-doctype"],
    ),
    "ods-renamed-to-xlsx": (_raw(_ods_renamed), ["book.xlsx xlsx-unreadable"]),
    "shared-string-index-past-the-table": (
        _raw(_replaced("xl/worksheets/sheet2.xml", _bad_shared_string)),
        ["book.xlsx xlsx-unreadable"],
    ),
    "measured-is-infinite": (
        _edit(_set("Effect goals", "G3", "inf")),
        ["book.xlsx:Effect goals:3 xlsx-not-a-number"],
    ),
    "extra-sheet": (
        _edit(lambda wb: wb.create_sheet("Notes")),
        ["book.xlsx:Notes xlsx-extra-sheet"],
    ),
    "missing-sheet": (_edit(lambda wb: wb.remove(wb["Decision log"])), ["book.xlsx xlsx-sheets"]),
    "moved-columns": (
        _edit(lambda wb: wb["Checklist"].insert_cols(5)),
        ["book.xlsx:Checklist:1 xlsx-column-moved"],
    ),
    "overview-label-edited": (
        _edit(_clear_label("Overview", "AI type")),
        ["book.xlsx:Overview xlsx-label-missing"],
    ),
    "status-not-in-list": (
        _edit(_set("Checklist", "I2", "Maybe")),
        ["book.xlsx:Checklist:2 VAL-001 xlsx-not-allowed"],
    ),
    "unknown-item-id": (
        _edit(_set("Checklist", "A3", "VAL-999")),
        ["book.xlsx:Checklist:3 VAL-999 answer-unknown-item"],
    ),
    "not-an-item-id": (
        _edit(_set("Checklist", "A3", "hello")),
        ["book.xlsx:Checklist:3 hello xlsx-not-an-id"],
    ),
    "measured-not-a-number": (
        _edit(_set("Effect goals", "G3", "about ten")),
        ["book.xlsx:Effect goals:3 xlsx-not-a-number"],
    ),
    "baseline-empty": (
        _edit(_set("Effect goals", "C2", None)),
        ["book.xlsx:Effect goals:2 xlsx-goal-incomplete"],
    ),
    "direction-unknown": (
        _edit(_set("Effect goals", "E2", "sideways")),
        ["book.xlsx:Effect goals:2 xlsx-not-allowed"],
    ),
    "duplicate-item-row": (
        _edit(_set("Checklist", "A3", "VAL-001")),
        ["book.xlsx:Checklist:3 VAL-001 xlsx-duplicate-row"],
    ),
    "bad-decision": (
        _edit(_set("Decision log", "D3", "Perhaps")),
        ["book.xlsx:Decision log:3 xlsx-not-allowed"],
    ),
    "unknown-gate-in-decision-log": (
        _edit(_set("Decision log", "A3", "G9")),
        ["book.xlsx:Decision log:3 gate-unknown"],
    ),
    "answer-without-id": (
        _edit(_set("Checklist", "J10", "evidence with no item")),
        ["book.xlsx:Checklist:10 xlsx-row-without-id"],
    ),
    "ai-type-edited": (
        _edit(_set("Overview", "B5", "robot")),
        ["book.xlsx:Overview:5 xlsx-not-allowed"],
    ),
    "due-typed-as-words": (
        _edit(_set("Checklist", "K2", "next week")),
        ["book.xlsx:Checklist:2 VAL-001 xlsx-not-a-date"],
    ),
    "decision-date-not-a-date": (
        _edit(_set("Decision log", "C2", "31/02/2026")),
        ["book.xlsx:Decision log:2 xlsx-not-a-date"],
    ),
    "decision-without-gate": (
        _edit(_set("Decision log", "D6", "Go")),
        ["book.xlsx:Decision log:6 gate-unknown"],
    ),
    "extra-goal-row-without-target": (
        _edit(_set("Effect goals", "A6", "Cost per case")),
        ["book.xlsx:Effect goals:6 xlsx-not-allowed"],
    ),
    "cell-in-the-last-row": (
        _edit(_set("Checklist", "A1048576", "x")),
        ["book.xlsx:Checklist xlsx-too-many-rows"],
    ),
}


def run_xlsx(case: str, fmt: str) -> tuple[int, str, str]:
    """Make the case's book.xlsx in the working directory and check it."""
    XLSX_CASES[case][0](Path("book.xlsx"))
    out, err = io.StringIO(), io.StringIO()
    args = ["check", "book.xlsx", "--gate", "G2", "--catalog", str(MIN_CATALOG), "--format", fmt]
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("case", sorted(XLSX_CASES))
def test_malformed_workbook(case: str, in_tmp: Path) -> None:
    code, out, err = run_xlsx(case, "json")
    assert code == 2
    assert "Traceback" not in out + err and err == ""
    assert [place(p) for p in parse_json(Run(code, out, err))] == XLSX_CASES[case][1]


@pytest.mark.parametrize("case", sorted(XLSX_CASES))
def test_malformed_workbook_text(case: str, in_tmp: Path) -> None:
    code, out, err = run_xlsx(case, "text")
    assert code == 2 and out == "" and "Traceback" not in err
    count = len(XLSX_CASES[case][1])
    assert err.splitlines()[-1] == f"{count} problem{'s' if count != 1 else ''} found"
    assert len(err.splitlines()) == count + 1


def test_zip_bomb_is_refused_before_parsing(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx_read, "MAX_UNPACKED_BYTES", 1_000_000)
    (in_tmp / "bomb.xlsx").write_bytes(_zip_with_huge_entry())
    args = ["check", "bomb.xlsx", "--gate", "G1", "--catalog", str(MIN_CATALOG)]
    assert main([*args, "--format", "json"]) == 2
    assert [p["code"] for p in json.loads(capsys.readouterr().out)["problems"]] == ["xlsx-zip-bomb"]
    assert main(args) == 2
    assert capsys.readouterr().err.splitlines()[0] == (
        "bomb.xlsx: unpacks to 5000000 bytes; the limit is 1000000 (a zip bomb, or not a filled template)"
    )


def test_oversized_workbook_is_refused(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx_read, "MAX_FILE_BYTES", 1000)
    (in_tmp / "big.xlsx").write_bytes(_workbook())
    args = ["check", "big.xlsx", "--gate", "G1", "--catalog", str(MIN_CATALOG)]
    assert main([*args, "--format", "json"]) == 2
    assert [p["code"] for p in json.loads(capsys.readouterr().out)["problems"]] == [
        "file-too-large"
    ]
    assert main(args) == 2
    assert "the limit for a workbook is 1000" in capsys.readouterr().err


def test_unknown_suffix_is_a_usage_error(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (in_tmp / "plan.csv").write_text("x")
    assert main(["check", "plan.csv", "--gate", "G1", "--catalog", str(MIN_CATALOG)]) == 2
    assert (
        capsys.readouterr().err
        == "playbook: error: plan.csv: expected a filled template ending in .yaml, .yml, .xlsx\n"
    )


def test_corpus_sizes() -> None:
    assert len(list((CORPUS / "filled").glob("*.yaml"))) + len(XLSX_CASES) >= 20


def test_openpyxl_parses_with_defusedxml() -> None:
    import openpyxl as lib

    assert lib.DEFUSEDXML is True  # defusedxml is a declared dependency
