"""Malformed filled templates: each gives its exact error and exit code 2, never a traceback.

YAML cases live in tests/corpus/filled/ (file + .expected). Workbook cases are
made here from a generated workbook, since binary files are not committed.
"""

from __future__ import annotations

import io
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
from tests.conftest import DATA, MIN_CATALOG, ROOT

CORPUS = ROOT / "tests" / "corpus" / "filled"
MINI = load_catalog(MIN_CATALOG)


@pytest.mark.parametrize("case", sorted(p.stem for p in CORPUS.glob("*.yaml")))
def test_malformed_yaml(case: str, capsys: pytest.CaptureFixture[str]) -> None:
    expected = (CORPUS / f"{case}.expected").read_text(encoding="utf-8").splitlines()
    path = (CORPUS / f"{case}.yaml").relative_to(ROOT)
    code = main(["check", str(path), "--gate", "G1", "--catalog", str(MIN_CATALOG)])
    out, err = capsys.readouterr()
    assert f"exit {code}" == expected[0]
    assert err.splitlines()[:-1] == expected[1:]
    assert out == "" and "Traceback" not in err


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


XLSX_CASES: dict[str, tuple[Callable[[Path], None], list[str]]] = {
    "truncated": (
        _raw(lambda: _workbook()[:3000]),
        [
            "book.xlsx: not an Excel workbook (.xlsx): the file is not a zip archive; it may be truncated or saved in another format"
        ],
    ),
    "text-renamed-to-xlsx": (
        _raw(lambda: b"ID;Status\nVAL-001;Done\n"),
        [
            "book.xlsx: not an Excel workbook (.xlsx): the file is not a zip archive; it may be truncated or saved in another format"
        ],
    ),
    "extra-sheet": (
        _edit(lambda wb: wb.create_sheet("Notes")),
        [
            "book.xlsx:Notes: unexpected sheet 'Notes'; a filled template has exactly the sheets Overview, Checklist, Effect goals, Decision log"
        ],
    ),
    "missing-sheet": (
        _edit(lambda wb: wb.remove(wb["Decision log"])),
        [
            "book.xlsx: sheets Overview, Checklist, Effect goals are not those of a readiness template; expected Oversikt, Sjekkliste, Effektmål, Beslutningslogg / Overview, Checklist, Effect goals, Decision log"
        ],
    ),
    "moved-columns": (
        _edit(lambda wb: wb["Checklist"].insert_cols(5)),
        [
            "book.xlsx:Checklist:1: column E is headed '' but should be 'Checklist item'; columns may not be moved, inserted or removed"
        ],
    ),
    "status-not-in-list": (
        _edit(_set("Checklist", "I2", "Maybe")),
        [
            "book.xlsx:Checklist:2: VAL-001: status 'Maybe' is not allowed; allowed: Open, In progress, Done, Not applicable"
        ],
    ),
    "measured-not-a-number": (
        _edit(_set("Effect goals", "G3", "about ten")),
        ["book.xlsx:Effect goals:3: Measured value: 'about ten' is not a number"],
    ),
    "direction-unknown": (
        _edit(_set("Effect goals", "E2", "sideways")),
        [
            "book.xlsx:Effect goals:2: Better when: 'sideways' is not allowed; allowed: higher, lower"
        ],
    ),
    "duplicate-item-row": (
        _edit(_set("Checklist", "A3", "VAL-001")),
        ["book.xlsx:Checklist:3: VAL-001: item appears twice; each item has one row"],
    ),
    "bad-decision": (
        _edit(_set("Decision log", "D3", "Perhaps")),
        [
            "book.xlsx:Decision log:3: decision 'Perhaps' is not allowed; allowed: GO, GO WITH CONDITIONS, NO-GO"
        ],
    ),
    "answer-without-id": (
        _edit(_set("Checklist", "J10", "evidence with no item")),
        ["book.xlsx:Checklist:10: row has answers but no item ID in column A"],
    ),
    "ai-type-edited": (
        _edit(_set("Overview", "B5", "robot")),
        [
            "book.xlsx:Overview:5: AI type: 'robot' is not allowed; allowed: predictive ML, generative AI/LLM, agentic AI"
        ],
    ),
}


@pytest.mark.parametrize("case", sorted(XLSX_CASES))
def test_malformed_workbook(case: str, in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make, expected = XLSX_CASES[case]
    make(in_tmp / "book.xlsx")
    code = main(["check", "book.xlsx", "--gate", "G2", "--catalog", str(MIN_CATALOG)])
    out, err = capsys.readouterr()
    assert code == 2
    assert err.splitlines()[:-1] == expected
    assert out == "" and "Traceback" not in err


def test_zip_bomb_is_refused_before_parsing(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx_read, "MAX_UNPACKED_BYTES", 1_000_000)
    (in_tmp / "bomb.xlsx").write_bytes(_zip_with_huge_entry())
    assert main(["check", "bomb.xlsx", "--gate", "G1", "--catalog", str(MIN_CATALOG)]) == 2
    assert capsys.readouterr().err.splitlines()[0] == (
        "bomb.xlsx: unpacks to 5000000 bytes; the limit is 1000000 (a zip bomb, or not a filled template)"
    )


def test_oversized_workbook_is_refused(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx_read, "MAX_FILE_BYTES", 1000)
    (in_tmp / "big.xlsx").write_bytes(_workbook())
    assert main(["check", "big.xlsx", "--gate", "G1", "--catalog", str(MIN_CATALOG)]) == 2
    assert "the limit for a workbook is 1000" in capsys.readouterr().err


def test_xml_entity_expansion_is_refused(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets>&lol2;</sheets></workbook>'
    )
    src = io.BytesIO(_workbook())
    out = io.BytesIO()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            zout.writestr(
                info.filename,
                bomb if info.filename == "xl/workbook.xml" else zin.read(info.filename),
            )
    (in_tmp / "entities.xlsx").write_bytes(out.getvalue())
    assert main(["check", "entities.xlsx", "--gate", "G1", "--catalog", str(MIN_CATALOG)]) == 2
    err = capsys.readouterr().err
    assert err.splitlines()[0] == (
        "entities.xlsx: xl/workbook.xml declares a DOCTYPE or XML entities, which a workbook never needs; refused for safety"
    )


def test_unknown_suffix_is_a_usage_error(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (in_tmp / "plan.csv").write_text("x")
    assert main(["check", "plan.csv", "--gate", "G1", "--catalog", str(MIN_CATALOG)]) == 2
    assert (
        capsys.readouterr().err
        == "playbook: error: plan.csv: expected a filled template ending in .yaml, .yml, .xlsx\n"
    )


def test_corpus_sizes() -> None:
    assert len(list(CORPUS.glob("*.yaml"))) + len(XLSX_CASES) >= 20


def test_openpyxl_parses_with_defusedxml() -> None:
    import openpyxl as lib

    assert lib.DEFUSEDXML is True  # defusedxml is a declared dependency
