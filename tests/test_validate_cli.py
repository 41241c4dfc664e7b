from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.catalog.loader import load_catalog
from generator.cli import main
from tests.conftest import ROOT


def test_min_catalog_is_valid(min_catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "checklists"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ok: catalog 1.1.0 is valid: 3 items in use (1 deprecated)")


def test_default_directory_is_checklists(
    min_catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate"]) == 0
    assert "catalog 1.1.0" in capsys.readouterr().out


def test_missing_directory_is_a_usage_error(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "nowhere"]) == 2
    err = capsys.readouterr().err
    assert err == "playbook: error: nowhere: catalog directory not found\n"


def test_unknown_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["validate", "--frobnicate"])
    assert exc.value.code == 2
    assert "unrecognized arguments: --frobnicate" in capsys.readouterr().err


def test_console_script_runs_on_real_catalog() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "validate", "checklists"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: catalog ")


def test_problems_go_to_stderr_with_exit_1(min_catalog: Path) -> None:
    (min_catalog / "items" / "data.yaml").write_text("area: data\nitems: []\n")
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "validate", "checklists"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "checklists/items/data.yaml:2: items: needs at least 1 entry",
        "1 problem found",
    ]


def test_loaded_model_matches_files(min_catalog: Path) -> None:
    catalog = load_catalog("checklists")
    assert [i.id for i in catalog.items] == ["VAL-001", "VAL-002", "DAT-001", "DAT-002"]
    assert [i.id for i in catalog.active_items] == ["VAL-001", "VAL-002", "DAT-001"]
    dat2 = catalog.item("DAT-002")
    assert dat2.deprecated is not None and dat2.deprecated.replaced_by == "DAT-001"
    assert catalog.item("VAL-002").applies_when == {"risk_class": ["high"]}
    assert catalog.item("DAT-001").mappings == {"ml_test_score": ("Data 1",)}


def test_unknown_format_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["validate", "--format", "xml"])
    assert exc.value.code == 2
    assert "invalid choice: 'xml'" in capsys.readouterr().err


def test_valid_catalog_under_each_format(
    min_catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for fmt in ("text", "github"):
        assert main(["validate", "checklists", "--format", fmt]) == 0
        out, err = capsys.readouterr()
        assert out.startswith("ok: catalog 1.1.0 is valid") and err == "", fmt
    assert main(["validate", "checklists", "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out) == {"problems": [], "count": 0} and err == ""


@pytest.mark.parametrize("command", ["template", "check", "upgrade", "new-item"])
def test_catalog_option_is_the_shared_one(command: str) -> None:
    from generator.cli import build_parser

    sub = next(
        a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)
    ).choices[command]
    (option,) = [a for a in sub._actions if "--catalog" in a.option_strings]
    assert option.type is Path and option.default is None
    assert option.help == "catalog directory (default: checklists/)"


def test_development_install_finds_its_catalog_outside_the_checkout(tmp_path: Path) -> None:
    """The editable install (this venv's) run from a folder with no checklists/:
    it uses the checkout it was installed from, not …/generator/catalog."""
    script = Path(sys.executable).parent / "playbook"
    if not script.exists():
        pytest.skip("no console script in this environment")
    result = subprocess.run(
        [str(script), "validate"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: catalog ")
    assert "not found" not in result.stderr
