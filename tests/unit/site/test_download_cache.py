"""The downloads are kept under a hash of what they are made from, so that a
`mkdocs serve` reload after a page edit renders no workbook; what the cache
serves is what a fresh render makes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.catalog.loader import load_catalog
from generator.model import Catalog
from generator.site import downloads
from generator.site.state import SiteOptions, SiteState
from tests.conftest import ROOT


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the catalog and the examples that a test may change."""
    shutil.copytree(ROOT / "checklists", tmp_path / "checklists")
    (tmp_path / "examples").mkdir()
    for path in sorted((ROOT / "examples").glob("*.yaml"))[:2]:
        shutil.copy(path, tmp_path / "examples" / path.name)
    return tmp_path


def _made(project: Path, catalog: Catalog) -> dict[str, bytes]:
    return downloads.cached_files(
        catalog, project / "checklists", project / "examples", project / ".cache"
    )


def _refuse(*_: object) -> dict[str, bytes]:
    raise AssertionError("rendered again although nothing it is made from changed")


def test_a_second_build_takes_the_kept_files_and_they_are_a_fresh_render(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = load_catalog(project / "checklists")
    first = _made(project, catalog)
    fresh = downloads.files(catalog, project / "examples")
    assert first == fresh and any(name.endswith(".xlsx") for name in fresh)
    monkeypatch.setattr(downloads, "files", _refuse)
    assert _made(project, catalog) == fresh


@pytest.mark.parametrize("change", ["example", "catalog", "new example"])
def test_a_change_in_a_source_makes_them_again(project: Path, change: str) -> None:
    catalog = load_catalog(project / "checklists")
    before = _made(project, catalog)
    example = sorted((project / "examples").glob("*.yaml"))[0]
    if change == "example":
        text = example.read_text(encoding="utf-8")
        example.write_text(text.replace("name: ", "name: Endret ", 1), encoding="utf-8")
    elif change == "catalog":
        area = sorted((project / "checklists").rglob("*.yaml"))[-1]
        area.write_text(area.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    else:
        shutil.copy(example, project / "examples" / "zz-copy.yaml")
    after = _made(project, load_catalog(project / "checklists"))
    assert after == downloads.files(load_catalog(project / "checklists"), project / "examples")
    if change != "catalog":  # a comment changes the key, not the bytes
        assert after != before
    # One set is kept: the old key's folder is gone.
    assert len(list((project / ".cache" / "downloads").iterdir())) == 1


def test_an_altered_or_half_written_cache_is_not_served(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = load_catalog(project / "checklists")
    fresh = _made(project, catalog)
    (folder,) = (project / ".cache" / "downloads").iterdir()
    victim = sorted(folder.glob("*.xlsx"))[0]
    victim.write_bytes(victim.read_bytes()[:100])
    assert _made(project, catalog) == fresh
    (folder / downloads.MANIFEST).unlink()
    assert _made(project, catalog) == fresh
    (folder / downloads.MANIFEST).write_text("[1, 2", encoding="utf-8")
    assert _made(project, catalog) == fresh


def test_a_cache_that_cannot_be_written_is_skipped(project: Path) -> None:
    catalog = load_catalog(project / "checklists")
    (project / ".cache").write_text("a file where the folder would be", encoding="utf-8")
    assert _made(project, catalog) == downloads.files(catalog, project / "examples")


def test_writing_the_outputs_again_rewrites_none(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    options = SiteOptions(project=project, worked_dir="none", portfolio_dir="none")
    SiteState(options).write_outputs(site)
    stamps = {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}
    assert any(p.suffix == ".xlsx" for p in stamps)
    for p in stamps:
        p.touch()  # a rewrite would give a newer time than this
    stamps = {p: p.stat().st_mtime_ns for p in stamps}
    SiteState(options).write_outputs(site)
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps
