"""`playbook portfolio` as a user runs it: what it writes, what it says, its exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT
from tests.unit.portfolio.conftest import make_folder


def playbook(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args, "--catalog", str(ROOT / "checklists")],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def test_unreadable_files_give_exit_1_and_one_line_each(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "templates")
    run = playbook("portfolio", str(folder), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert run.returncode == 1, run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("broken.yaml: not read: ")
    assert lines[1].startswith("team-a/not-a-workbook.xlsx: not read: ")
    out = tmp_path / "out"
    data = json.loads((out / "portfolio.json").read_text(encoding="utf-8"))
    assert len(data["use_cases"]) == 5
    assert (out / "index.html").is_file() and (out / "portfolio.csv").is_file()
    assert (out / "reports" / "team-a" / "chat-answers.nb.yaml.html").is_file()


def test_every_file_read_gives_0_and_the_same_bytes_twice(tmp_path: Path) -> None:
    demo = ROOT / "examples" / "portfolio" / "en"
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        run = playbook("portfolio", str(demo), "--out", str(out), "--lang", "en", cwd=tmp_path)
        assert run.returncode == 0, run.stderr
        assert run.stderr == ""
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files
    for rel in files:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel


def test_existing_output_needs_force_and_bad_options_are_usage_errors(tmp_path: Path) -> None:
    demo = ROOT / "examples" / "portfolio" / "en"
    out = tmp_path / "out"
    assert playbook("portfolio", str(demo), "--out", str(out), cwd=tmp_path).returncode == 0
    again = playbook("portfolio", str(demo), "--out", str(out), cwd=tmp_path)
    assert again.returncode == 2 and "--force" in again.stderr
    assert (
        playbook("portfolio", str(demo), "--out", str(out), "--force", cwd=tmp_path).returncode == 0
    )
    assert playbook("portfolio", str(tmp_path / "none"), cwd=tmp_path).returncode == 2
    bad = playbook("portfolio", str(demo), "--today", "2026-02-30", cwd=tmp_path)
    assert bad.returncode == 2 and "--today" in bad.stderr


def test_today_decides_what_is_overdue(tmp_path: Path) -> None:
    demo = ROOT / "examples" / "portfolio" / "en"
    out = tmp_path / "out"
    run = playbook("portfolio", str(demo), "--out", str(out), "--today", "2026-01-01", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    data = json.loads((out / "portfolio.json").read_text(encoding="utf-8"))
    assert data["today"] == "2026-01-01"
    assert not any(
        f["kind"] in ("overdue", "review") for c in data["use_cases"] for f in c["flags"]
    )
