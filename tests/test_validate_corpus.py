"""Each broken catalog in tests/corpus/catalog/<case>/ overlays the minimal
valid catalog and states, in expected.txt, the exit code and the exact lines
the validator must print."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import ROOT

CORPUS = ROOT / "tests" / "corpus" / "catalog"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 15


@pytest.mark.parametrize("case", CASES)
def test_broken_catalog(case: str, min_catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = CORPUS / case
    shutil.copytree(source / "checklists", min_catalog, dirs_exist_ok=True) if (
        source / "checklists"
    ).exists() else None
    delete = source / "delete.txt"
    if delete.exists():
        for name in delete.read_text().split():
            (min_catalog / name).unlink()
    expected = (source / "expected.txt").read_text(encoding="utf-8").splitlines()
    code = main(["validate", "checklists"])
    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert f"exit {code}" == expected[0]
    assert lines[:-1] == expected[1:]
    count = len(expected) - 1
    assert lines[-1] == f"{count} problem{'s' if count != 1 else ''} found"
    assert "Traceback" not in out + err
    assert out == ""
