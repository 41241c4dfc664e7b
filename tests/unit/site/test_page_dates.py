"""Last-updated dates from git history, on a throwaway repository with fixed dates."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from generator.site.page_dates import date_of, git_dates, latest, updated_html
from generator.words import format_date
from tests.conftest import commit

GIT = shutil.which("git")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    assert GIT, "git is needed to test dates from history"
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    commit(tmp_path, "2025-01-10", {"docs/a.nb.md": "a", "docs/b.nb.md": "b", "cat/x.yaml": "x"})
    commit(tmp_path, "2025-03-05", {"docs/b.nb.md": "b2", "other.txt": "o"})
    commit(tmp_path, "2025-06-30", {"cat/x.yaml": "x2"})
    return tmp_path


def test_each_file_gets_the_date_of_its_last_commit(repo: Path) -> None:
    assert git_dates(repo, ["docs", "cat"]) == {
        "docs/a.nb.md": "2025-01-10",
        "docs/b.nb.md": "2025-03-05",
        "cat/x.yaml": "2025-06-30",
    }


def test_paths_are_relative_to_a_project_inside_the_repository(repo: Path) -> None:
    commit(repo, "2025-08-01", {"site/docs/c.md": "c"})
    assert git_dates(repo / "site", ["docs"]) == {"docs/c.md": "2025-08-01"}


def test_uncommitted_edits_do_not_change_the_date(repo: Path) -> None:
    (repo / "docs" / "a.nb.md").write_text("edited", encoding="utf-8")
    (repo / "docs" / "new.nb.md").write_text("new", encoding="utf-8")
    dates = git_dates(repo, ["docs"])
    assert dates["docs/a.nb.md"] == "2025-01-10"
    assert "docs/new.nb.md" not in dates


def test_outside_git_there_are_no_dates(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text("a", encoding="utf-8")
    assert git_dates(tmp_path, ["docs"]) == {}


def test_a_folder_counts_as_its_newest_file_and_unknown_paths_as_the_fallback() -> None:
    dates = {"docs/a.md": "2025-01-10", "cat/x.yaml": "2025-06-30", "cat/y.yaml": "2025-02-01"}
    assert date_of(dates, "cat", "2020-01-01") == "2025-06-30"
    assert date_of(dates, "docs/new.md", "2020-01-01") == "2020-01-01"
    assert date_of(dates, "nothing", "2020-01-01") == "2020-01-01"
    assert latest(dates, ["docs/a.md", "cat"], "2020-01-01") == "2025-06-30"
    assert latest(dates, ["docs/a.md", "docs/new.md"], "2026-01-01") == "2026-01-01"
    assert latest({}, ["docs/a.md"], "2026-11-25") == "2026-11-25"


def test_dates_are_written_out_per_language() -> None:
    assert format_date("2026-03-01", "nb") == "1. mars 2026"
    assert format_date("2026-03-01", "en") == "1 March 2026"
    assert format_date("2025-12-24", "nb") == "24. desember 2025"
    assert updated_html("2025-05-17", "nb") == (
        'Sist oppdatert <time datetime="2025-05-17">17. mai 2025</time>'
    )
    assert updated_html("2025-05-17", "en") == (
        'Last updated <time datetime="2025-05-17">17 May 2025</time>'
    )
