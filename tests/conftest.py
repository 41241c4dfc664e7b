from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.catalog.loader import load_catalog
from generator.model import Catalog

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
MIN_CATALOG = DATA / "catalog_min"


# The marker of each test follows its folder: `pytest -m unit` runs the fast ones.
MARKERS = {"unit": "unit", "cli": "cli", "repo": "cli", "site": "site", "browser": "browser"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        parts = Path(str(item.fspath)).relative_to(ROOT / "tests").parts
        marker = MARKERS.get(parts[0]) if len(parts) > 1 else "cli"
        if marker:
            item.add_marker(getattr(pytest.mark, marker))


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The real catalog in checklists/."""
    return load_catalog(ROOT / "checklists")


@pytest.fixture(scope="session")
def mini() -> Catalog:
    """The minimal valid catalog in tests/data/catalog_min/."""
    return load_catalog(MIN_CATALOG)


@pytest.fixture
def in_tmp(tmp_path: Path) -> Iterator[Path]:
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(old)


@pytest.fixture
def min_catalog(in_tmp: Path) -> Path:
    """A writable copy of the minimal valid catalog at ./checklists."""
    target = in_tmp / "checklists"
    shutil.copytree(MIN_CATALOG, target)
    return target


def mkdocs_build(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        # Not --quiet: it hides warnings from the count that --strict fails on.
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One real build of the site for the whole session (shared by the site tests)."""
    out = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, out)
    assert result.returncode == 0, result.stderr
    return out


def copy_site_project(dest: Path) -> Path:
    """Copy the project (minus VCS, venv and build output) so a test may alter it."""
    anywhere = shutil.ignore_patterns(".git", "__pycache__", ".*_cache", ".cache", "node_modules")
    # Build output only at the top: generator/site/ is source.
    top_only = {".venv", "site", "dist", "build"}

    def ignore(folder: str, names: list[str]) -> set[str]:
        skipped = set(anywhere(folder, names))
        if Path(folder) == ROOT:
            skipped |= top_only & set(names)
        return skipped

    shutil.copytree(ROOT, dest, ignore=ignore, dirs_exist_ok=True)
    return dest


def commit(repo: Path, day: str, files: dict[str, str]) -> None:
    """Write `files` into the git repository `repo` and commit them on `day` (UTC noon)."""
    for name, text in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    stamp = f"{day}T12:00:00+00:00"
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_DATE": stamp,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True, env=env)
    subprocess.run(["git", "commit", "-q", "-m", day], cwd=repo, check=True, env=env)
