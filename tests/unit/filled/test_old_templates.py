"""A template made from catalog 1.0.0 did not ask for the AI Act role: it reads
with the role unanswered, never guessed, and the reports say what that means."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import ROOT

SOURCE = ROOT / "examples" / "filled" / "invoice-agent.filled.yaml"


def without_role(tmp_path: Path, version: str) -> Path:
    text = SOURCE.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^(actor|public_service|sector):.*\n", "", text)
    text = re.sub(r'(?m)^catalog_version: "[^"]+"$', f'catalog_version: "{version}"', text)
    path = tmp_path / "old.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_1_0_0_template_reads_with_the_role_open(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = without_role(tmp_path, "1.0.0")
    code = main(["check", str(path), "--gate", "G1", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code == data["exit_code"]
    assert len(data["notes"]) == 2
    assert "actor" in data["notes"][0] and "public_service" in data["notes"][1]
    main(["check", str(path), "--gate", "G1"])
    text = capsys.readouterr().out
    assert "Rollen etter AI Act (actor) er ikke besvart" in text


def test_a_current_template_must_say_its_role(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = without_role(tmp_path, "1.2.0")
    assert main(["check", str(path), "--gate", "G1"]) == 2
    err = capsys.readouterr().err
    assert "missing required field 'actor'" in err
    assert "missing required field 'public_service'" in err


def test_upgrading_a_1_0_0_template_says_which_answers_it_needs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = without_role(tmp_path, "1.0.0")
    out = tmp_path / "new.yaml"
    assert main(["upgrade", str(path), "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert "needs an answer: The AI Act role (actor) is not answered" in said
    assert "needs an answer: Whether you are a public body" in said
    text = out.read_text(encoding="utf-8")
    assert '\nactor: ""\n' in text and "\npublic_service: null\n" in text
