"""The hand-written pages: every page in both languages, with the same outline."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

DOCS = ROOT / "docs"
FILES = sorted(p for p in DOCS.rglob("*.md") if "includes" not in p.parts)


def outline(path: Path) -> list[int]:
    text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.S)
    return [len(m.group(1)) for m in re.finditer(r"^(#{1,6}) ", text, re.M)]


@pytest.mark.parametrize(
    "path", sorted(DOCS.rglob("*.nb.md")), ids=lambda p: str(p.relative_to(DOCS))
)
def test_page_exists_in_both_languages_with_the_same_outline(path: Path) -> None:
    twin = path.with_name(path.name.replace(".nb.md", ".en.md"))
    assert twin.exists(), f"{twin.name} is missing"
    assert outline(path) == outline(twin)


def test_no_page_is_left_without_a_norwegian_version() -> None:
    for path in DOCS.rglob("*.en.md"):
        assert path.with_name(path.name.replace(".en.md", ".nb.md")).exists(), path


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(DOCS)))
def test_no_placeholder_text(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"\b(TODO|FIXME|TBD|XXX|lorem ipsum)\b", text, re.I)
    assert "{%" not in text, "pages use macros only through {{ ... }} calls"


def test_every_page_is_in_the_nav() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for path in DOCS.rglob("*.nb.md"):
        rel = path.relative_to(DOCS).as_posix().replace(".nb.md", ".md")
        assert f": {rel}" in config, rel
