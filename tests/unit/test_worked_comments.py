"""The worked examples' YAML comments are in the file's own language.

A reader opens examples/worked/NAME.Gn.nb.yaml in a Norwegian team; the
template's instructions at the top and the level beside each item must read
in bokmål there, as the template writer's words (LABELS) give them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.words import LABELS
from tests.conftest import ROOT

WORKED = sorted((ROOT / "examples" / "worked").glob("*.G[0-9].*.yaml"))


def comments(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip()[1:].strip() for line in lines if line.lstrip().startswith("#")]


def test_there_are_worked_examples_in_both_languages() -> None:
    assert {p.name.split(".")[-2] for p in WORKED} == {"nb", "en"}


@pytest.mark.parametrize("path", WORKED, ids=lambda p: p.name)
def test_the_instructions_at_the_top_are_in_the_files_language(path: Path) -> None:
    lang = path.name.split(".")[-2]
    other = "en" if lang == "nb" else "nb"
    found = comments(path)
    assert LABELS[lang]["yaml_fill"] in found
    assert LABELS[lang]["yaml_na"] in found
    assert LABELS[other]["yaml_fill"] not in found
    assert LABELS[other]["yaml_na"] not in found


@pytest.mark.parametrize("path", WORKED, ids=lambda p: p.name)
def test_every_items_level_is_written_in_the_files_language(path: Path) -> None:
    lang = path.name.split(".")[-2]
    levels = re.findall(r"^G\d (\S+) · ", "\n".join(comments(path)), re.M)
    assert len(levels) >= 40
    assert set(levels) <= {LABELS[lang]["must"], LABELS[lang]["should"]}, set(levels)
