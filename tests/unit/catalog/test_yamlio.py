from __future__ import annotations

from pathlib import Path

from generator.catalog import yamlio


def test_valid_document_loads() -> None:
    data, problems = yamlio.load("a: 1\nb: [x, y]\n", "f.yaml")
    assert data == {"a": 1, "b": ["x", "y"]} and problems == []


def test_duplicate_keys_are_reported_with_line() -> None:
    _, problems = yamlio.load("a: 1\nb: 2\na: 3\n", "f.yaml")
    assert [str(p) for p in problems] == ["f.yaml:3: duplicate key 'a'; each key may appear once"]


def test_alias_bomb_is_refused() -> None:
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"
    _, problems = yamlio.load(bomb, "f.yaml")
    assert problems and all("anchors and aliases" in p.message for p in problems)


def test_python_tag_is_refused_without_running_it() -> None:
    data, problems = yamlio.load("x: !!python/object/apply:os.system ['exit 3']\n", "f.yaml")
    assert data is None
    assert [str(p) for p in problems] == [
        "f.yaml:1: YAML tag '!!python/object/apply:os.system' is not allowed; write plain values"
    ]


def test_oversized_file_is_refused(tmp_path: Path, monkeypatch: object) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("a: " + "x" * 100 + "\n")
    import pytest

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(yamlio, "MAX_BYTES", 50)
        text, problems = yamlio.read_text(big, "big.yaml")
    assert text is None
    assert str(problems[0]) == "big.yaml: file is 104 bytes; the limit is 50"


def test_nul_byte_is_not_text(tmp_path: Path) -> None:
    f = tmp_path / "f.yaml"
    f.write_bytes(b"a: 1\nb: \x00\n")
    text, problems = yamlio.read_text(f, "f.yaml")
    assert (
        text is None
        and str(problems[0]) == "f.yaml:2: contains a NUL byte; this is not a text file"
    )


def test_locator_finds_nested_lines() -> None:
    text = "items:\n  - id: A\n    title:\n      nb: x\n      en: y\n"
    loc = yamlio.Locator(text)
    assert loc.line(["items", 0, "title", "en"]) == 5
    assert loc.key_line(["items", 0, "title"]) == 3
    assert loc.line(["items", 7]) == 2  # an unknown index falls back to the list itself
