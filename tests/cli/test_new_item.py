"""`playbook new-item`: a stub with the next free ID that the validator refuses
until a person has written it, appended without touching the rest of the file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.catalog.loader import load_catalog
from generator.cli import main
from tests.conftest import MIN_CATALOG

REAL_TEXT = {
    "title": ("Effekten er fulgt opp etter ett år", "The effect is followed up after a year"),
    "why": ("Gevinster forvitrer uten oppfølging.", "Benefits fade without follow-up."),
    "done_when": (
        "En rapport etter tolv måneder viser KPI-ene.",
        "A report after twelve months shows the KPIs.",
    ),
}


def todo_lines(text: str) -> list[int]:
    return [n for n, line in enumerate(text.splitlines(), 1) if "TODO" in line]


def test_next_id_counts_deprecated_items(
    min_catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # DAT-002, the highest number in the area, is deprecated; its number stays taken.
    before = (min_catalog / "items" / "data.yaml").read_bytes()
    assert main(["new-item", "--area", "data"]) == 0
    out = capsys.readouterr().out
    after = (min_catalog / "items" / "data.yaml").read_bytes()
    first_new_line = len(before.splitlines()) + 1
    assert out.startswith(f"added DAT-003 to checklists/items/data.yaml:{first_new_line}\n")
    assert out.rstrip().endswith("Next: playbook validate")
    assert after.startswith(before), "the existing text is kept byte for byte"
    added = after[len(before) :].decode()
    assert added.startswith("  - id: DAT-003\n")
    assert 'since: "1.1.0"' in added
    assert "owner: platform" in added  # the area's usual owner, as a placeholder


def test_the_stub_is_refused_once_per_todo_field(
    min_catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new-item", "--area", "value"]) == 0
    capsys.readouterr()
    text = (min_catalog / "items" / "value.yaml").read_text(encoding="utf-8")
    assert main(["validate"]) == 1
    err = capsys.readouterr().err.splitlines()
    expected = [f"checklists/items/value.yaml:{n}: VAL-003: " for n in todo_lines(text)]
    assert len(expected) == 7  # three texts in two languages, and the sources
    assert len(err) == len(expected) + 1
    for line, prefix in zip(err, expected, strict=False):
        assert line.startswith(prefix), (line, prefix)
    assert err[-1] == "7 problems found"
    fields = [line.split(": ")[2] for line in err[:-1]]
    assert fields[:6] == [
        "title.nb",
        "title.en",
        "why.nb",
        "why.en",
        "done_when.nb",
        "done_when.en",
    ]
    assert "source 'TODO' is not in sources.yaml" in err[6]


def test_the_filled_stub_validates(min_catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new-item", "--area", "value"]) == 0
    path = min_catalog / "items" / "value.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    field = ""
    for n, line in enumerate(lines):
        key = re.match(r"\s+(\w+):", line)
        if key and key.group(1) in REAL_TEXT:
            field = key.group(1)
        if "TODO" not in line:
            continue
        if "sources:" in line:
            lines[n] = "    sources: [nist-ai-rmf]"
        else:
            lang = line.split(":")[0].strip()
            lines[n] = f"      {lang}: {REAL_TEXT[field][0 if lang == 'nb' else 1]}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["validate"]) == 0, capsys.readouterr().err
    item = load_catalog(min_catalog).item("VAL-003")
    assert item.title["en"] == "The effect is followed up after a year"
    assert (item.owner, item.gate, item.level, item.since) == ("product", "G1", "should", "1.1.0")


def test_comments_and_crlf_line_ends_are_kept(
    min_catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = min_catalog / "items" / "value.yaml"
    original = path.read_text(encoding="utf-8").replace(
        "area: value\n", "# Value items.\narea: value\n"
    )
    data = original.replace("\n", "\r\n").encode()
    path.write_bytes(data)
    assert main(["new-item", "--area", "value"]) == 0
    after = path.read_bytes()
    assert after.startswith(data)
    assert b"\n" not in after[len(data) :].replace(b"\r\n", b"")


def test_unknown_area_lists_the_allowed_ones(
    min_catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = {p: p.read_bytes() for p in min_catalog.rglob("*.yaml")}
    assert main(["new-item", "--area", "values"]) == 2
    assert capsys.readouterr().err == (
        "playbook: error: unknown area 'values'; allowed: value, data\n"
    )
    assert before == {p: p.read_bytes() for p in min_catalog.rglob("*.yaml")}


def test_an_invalid_catalog_is_not_extended(
    min_catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = min_catalog / "items" / "value.yaml"
    broken = path.read_text(encoding="utf-8").replace("owner: product", "owner: boss", 1)
    path.write_text(broken, encoding="utf-8")
    assert main(["new-item", "--area", "value"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("new-item needs a valid catalog to start from; fix these first:\n")
    assert "VAL-001: owner 'boss' is not a role" in err
    assert path.read_text(encoding="utf-8") == broken


def test_an_area_without_a_file_gets_one(
    min_catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (min_catalog / "items" / "data.yaml").unlink()
    assert main(["new-item", "--area", "data"]) == 0
    text = (min_catalog / "items" / "data.yaml").read_text(encoding="utf-8")
    assert "area: data\nitems:\n  - id: DAT-001\n" in text
    assert text.startswith("# yaml-language-server: $schema=")


def test_an_item_list_it_cannot_extend_is_left_alone(
    min_catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = min_catalog / "items" / "value.yaml"
    # The same items, written with the title first: there is no "- id:" line to follow.
    text = path.read_text(encoding="utf-8")
    text = re.sub(
        r"  - id: (VAL-\d+)\n    title:\n      nb: (.*)\n      en: (.*)\n",
        r"  - title:\n      nb: \2\n      en: \3\n    id: \1\n",
        text,
    )
    path.write_text(text, encoding="utf-8")
    assert load_catalog(min_catalog).item("VAL-002")
    assert main(["new-item", "--area", "value"]) == 1
    assert "no block-style item list" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == text


def test_without_a_catalog_here_it_says_where_to_run(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new-item", "--area", "value"]) == 2
    assert "run from the repository root or pass --catalog DIR" in capsys.readouterr().err


def test_catalog_option(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    shutil.copytree(MIN_CATALOG, in_tmp / "cat")
    assert main(["new-item", "--area", "value", "--catalog", "cat"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("Next: playbook validate cat")
