"""The site builds the same with ProperDocs, the maintained continuation of
MkDocs 1.x, as with MkDocs itself: MkDocs 1.x is unmaintained and MkDocs 2.0
drops plugins, so ProperDocs is where the site goes next."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.site


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_properdocs_builds_the_same_site_as_mkdocs(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "properdocs-site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    ours, theirs = _files(site), _files(out)
    assert sorted(ours) == sorted(theirs)
    # Pages, downloads and data alike: the engine leaves no trace in the output.
    differ = [name for name in ours if ours[name] != theirs[name]]
    assert differ == []
    assert any(name.startswith("downloads/") for name in ours)
    assert "data/catalog.json" in ours
