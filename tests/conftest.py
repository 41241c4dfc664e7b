from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
MIN_CATALOG = DATA / "catalog_min"


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


def copy_site_project(dest: Path) -> Path:
    """Copy what a site build reads (config, docs, catalog) so a test may alter it."""
    for name in ("mkdocs.yml",):
        shutil.copy2(ROOT / name, dest / name)
    shutil.copytree(ROOT / "docs", dest / "docs")
    shutil.copytree(ROOT / "checklists", dest / "checklists", symlinks=False)
    return dest
