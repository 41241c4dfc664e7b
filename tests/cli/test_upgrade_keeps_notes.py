"""A note written beside the template's columns in a workbook is never lost by
`upgrade`: it refuses, names the cells, and writes nothing."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from generator import templates
from generator.cli import main
from generator.filled.profile import load_profile
from generator.model import Catalog
from tests.conftest import ROOT


def workbook(catalog: Catalog, path: Path, notes: dict[str, str]) -> Path:
    profile = load_profile(ROOT / "examples" / "filled" / "invoice-agent.filled.yaml", catalog)
    wb = openpyxl.load_workbook(io.BytesIO(templates.render(catalog, profile, "xlsx", "nb", "x")))
    for ref, text in notes.items():
        sheet, cell = ref.split("!")
        wb[sheet][cell] = text
    wb.save(path)
    return path


@pytest.mark.parametrize("in_place", [True, False])
def test_notes_outside_the_columns_stop_the_upgrade(
    catalog: Catalog, tmp_path: Path, capsys: pytest.CaptureFixture[str], in_place: bool
) -> None:
    book = workbook(catalog, tmp_path / "book.xlsx",
                    {"Sjekkliste!M5": "Spør Ola om dette", "Effektmål!K3": "usikkert tall"})  # fmt: skip
    before = book.read_bytes()
    args = ["upgrade", str(book)] + (
        ["--in-place"] if in_place else ["--out", str(tmp_path / "new.xlsx")]
    )
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "Sjekkliste!M5" in err and "Effektmål!K3" in err
    assert "Traceback" not in err
    assert book.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.xlsx"]


def test_a_workbook_without_notes_outside_upgrades(
    catalog: Catalog, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = workbook(catalog, tmp_path / "book.xlsx", {"Sjekkliste!L5": "en kommentar"})
    assert main(["upgrade", str(book), "--out", str(tmp_path / "new.xlsx")]) == 0
    assert (tmp_path / "new.xlsx").exists()
