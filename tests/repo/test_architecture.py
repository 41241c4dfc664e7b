"""Imports in generator/ run one way (the contract in pyproject.toml), and the
contract does catch an import that runs the other way."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

LINT = Path(sys.executable).parent / "lint-imports"


def lint(project: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(project)}
    return subprocess.run(
        [str(LINT), "--no-cache", "--config", str(project / "pyproject.toml")],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def copy(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "generator", tmp_path / "generator",
                    ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_tree_keeps_the_contract(tmp_path: Path) -> None:
    result = lint(copy(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_an_upward_import_breaks_it(tmp_path: Path) -> None:
    project = copy(tmp_path)
    tailor = project / "generator" / "catalog" / "tailor.py"
    # The catalog reaching up into the site renderer: the kind of cycle the layers forbid.
    tailor.write_text(tailor.read_text() + "\nfrom generator.site import html  # noqa\n")
    result = lint(project)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
    assert "generator.catalog.tailor -> generator.site.html" in result.stdout
