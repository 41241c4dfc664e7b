"""action.yml: its shape, and its check step run for real with the runner's files faked."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.words import say
from tests.conftest import ROOT

ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
FILLED = ROOT / "examples" / "filled"


def test_action_declares_inputs_outputs_and_a_composite_run() -> None:
    assert set(ACTION["inputs"]) >= {"file", "gate"}
    assert ACTION["inputs"]["file"]["required"] is True
    assert ACTION["outputs"]["verdict"]["value"] == "${{ steps.check.outputs.verdict }}"
    assert ACTION["runs"]["using"] == "composite"
    assert all(step.get("shell") == "bash" for step in ACTION["runs"]["steps"] if "run" in step)


def _run_check_step(
    tmp_path: Path, file: Path, gate: str, allow: str = "true"
) -> tuple[int, str, str]:
    step = next(s for s in ACTION["runs"]["steps"] if s.get("id") == "check")
    summary, output = tmp_path / "summary.md", tmp_path / "output.txt"
    bindir = tmp_path / "bin"
    bindir.mkdir(exist_ok=True)
    shim = bindir / "playbook"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m generator.cli "$@"\n')
    shim.chmod(0o755)
    env = {
        **os.environ,
        "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}",
        "FILE": str(file),
        "GATE": gate,
        "ALLOW_CONDITIONS": allow,
        "RUNNER_TEMP": str(tmp_path),
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_OUTPUT": str(output),
    }
    bash = shutil.which("bash")
    assert bash
    result = subprocess.run(
        [bash, "-c", step["run"]], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    return (
        result.returncode,
        summary.read_text(encoding="utf-8"),
        output.read_text(encoding="utf-8"),
    )


@pytest.mark.parametrize(
    ("example", "gate", "allow", "code", "verdict"),
    [
        ("internal-knowledge-assistant", "G2", "true", 0, "GO"),
        ("invoice-agent", "G3", "true", 0, "GO WITH CONDITIONS"),
        ("invoice-agent", "G3", "false", 3, "GO WITH CONDITIONS"),
        ("credit-scoring", "G2", "true", 1, "NO-GO"),
    ],
)
def test_check_step_sets_verdict_summary_and_exit(
    tmp_path: Path, example: str, gate: str, allow: str, code: int, verdict: str
) -> None:
    rc, summary, output = _run_check_step(tmp_path, FILLED / f"{example}.filled.yaml", gate, allow)
    assert rc == code
    assert output == f"verdict={verdict}\n"
    # The summary is for people: the verdict in the template's language (all examples are nb).
    assert summary.startswith("## ") and say("nb", f"verdict_{verdict}") in summary.splitlines()[0]


def test_check_step_reports_an_unreadable_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: [unclosed\n")
    rc, summary, output = _run_check_step(tmp_path, broken, "G1")
    assert rc == 2
    assert output == "verdict=ERROR\n"
    assert "### The template could not be read" in summary and "YAML syntax error" in summary
