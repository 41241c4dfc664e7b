"""`playbook diff`: what changed between two catalogs, from folders or git revisions.

tests/data/catalog_min_next is catalog_min one release later: VAL-003 added,
VAL-001 edited (English title, level), VAL-002 deprecated in favour of VAL-003,
DAT-002 removed, version 1.1.0 -> 1.2.0 with its changes entry.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from tests.conftest import DATA, MIN_CATALOG

NEXT_CATALOG = DATA / "catalog_min_next"

EXPECTED_TEXT = """\
catalog 1.1.0 (old) -> 1.2.0 (new)
  1.2.0 (2026-12-01): New measurement item; old data check removed.

added (1):
  VAL-003  The benefit is measured within 60 days of operation

changed (1):
  VAL-001  title.en, level

deprecated (1):
  VAL-002  since 1.2.0, replaced by VAL-003  The benefit is measured in operation

removed (1):
  DAT-002  Old data check
"""


def run_json(args: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    assert main(["diff", *args, "--format", "json"]) == 0, capsys.readouterr().err
    data: dict[str, Any] = json.loads(capsys.readouterr().out)
    return data


def assert_next_release(data: dict[str, Any]) -> None:
    assert (data["old"]["version"], data["new"]["version"]) == ("1.1.0", "1.2.0")
    assert [c["version"] for c in data["changes"]] == ["1.2.0"]
    assert [i["id"] for i in data["added"]] == ["VAL-003"]
    assert data["changed"] == [{"id": "VAL-001", "fields": ["title.en", "level"]}]
    assert [(i["id"], i["since"], i["replaced_by"]) for i in data["deprecated"]] == [
        ("VAL-002", "1.2.0", "VAL-003")
    ]
    assert [i["id"] for i in data["removed"]] == ["DAT-002"]
    assert data["removed"][0]["title"] == {"nb": "Gammel datasjekk", "en": "Old data check"}


@pytest.fixture
def pair(in_tmp: Path) -> Path:
    shutil.copytree(MIN_CATALOG, in_tmp / "old")
    shutil.copytree(NEXT_CATALOG, in_tmp / "new")
    return in_tmp


def test_two_folders_as_json(pair: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(["old", "new"], capsys)
    assert (data["old"]["source"], data["new"]["source"]) == ("old", "new")
    assert_next_release(data)


def test_two_folders_as_text(pair: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "old", "new"]) == 0
    assert capsys.readouterr().out == EXPECTED_TEXT


def test_titles_in_norwegian(pair: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "old", "new", "--lang", "nb"]) == 0
    assert "  DAT-002  Gammel datasjekk\n" in capsys.readouterr().out


def test_a_catalog_against_itself_has_no_differences(
    pair: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = run_json(["new", "new"], capsys)
    assert [data[k] for k in ("changes", "added", "changed", "deprecated", "removed")] == [[]] * 5


def test_the_other_way_round(pair: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(["new", "old"], capsys)
    assert [i["id"] for i in data["added"]] == ["DAT-002"]
    assert [i["id"] for i in data["removed"]] == ["VAL-003"]
    # Taking an item back into use is a change of its deprecated field.
    assert data["changed"] == [
        {"id": "VAL-001", "fields": ["title.en", "level"]},
        {"id": "VAL-002", "fields": ["deprecated"]},
    ]
    assert data["deprecated"] == []


def git(repo: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


@pytest.fixture
def repo(in_tmp: Path) -> Path:
    """A git repository whose checklists/ is catalog_min at tag v1.1.0, then catalog_min_next."""
    git(in_tmp, "init", "-q")
    shutil.copytree(MIN_CATALOG, in_tmp / "checklists")
    git(in_tmp, "add", "-A")
    git(in_tmp, "commit", "-q", "-m", "1.1.0")
    git(in_tmp, "tag", "v1.1.0")
    shutil.rmtree(in_tmp / "checklists")
    shutil.copytree(NEXT_CATALOG, in_tmp / "checklists")
    git(in_tmp, "add", "-A")
    git(in_tmp, "commit", "-q", "-m", "1.2.0")
    return in_tmp


def test_two_git_revisions(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert_next_release(run_json(["v1.1.0", "HEAD"], capsys))
    assert_next_release(run_json(["HEAD~1", "checklists"], capsys))


def test_a_revision_with_an_invalid_catalog_names_the_revision(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = repo / "checklists" / "items" / "value.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("owner: product", "owner: boss", 1))
    git(repo, "commit", "-q", "-am", "broken")
    assert main(["diff", "HEAD~1", "HEAD"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(
        "HEAD:checklists/items/value.yaml:13: VAL-001: owner 'boss' is not a role"
    )


def test_a_name_that_is_neither_folder_nor_revision(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", "v9.9.9", "HEAD"]) == 2
    assert capsys.readouterr().err == (
        "playbook: error: 'v9.9.9' is neither a catalog directory nor a git revision here\n"
    )


def test_a_revision_without_the_catalog_folder(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", "HEAD~1", "HEAD", "--path", "elsewhere"]) == 2
    assert capsys.readouterr().err == (
        "playbook: error: HEAD~1: there is no elsewhere/ folder at that revision\n"
    )
