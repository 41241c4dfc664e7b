"""load_catalog pauses the cycle collector while it loads and leaves it as it found it."""

from __future__ import annotations

import gc
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.catalog import documents
from generator.catalog.loader import load_catalog
from generator.errors import InvalidInput, Problem
from tests.conftest import MIN_CATALOG


@pytest.fixture
def collector() -> Iterator[None]:
    was = gc.isenabled()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


@pytest.mark.usefixtures("collector")
@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_left_as_it_was(enabled: bool) -> None:
    gc.enable() if enabled else gc.disable()
    load_catalog(MIN_CATALOG)
    assert gc.isenabled() is enabled


@pytest.mark.usefixtures("collector")
def test_the_collector_runs_again_after_a_catalog_with_problems(tmp_path: Path) -> None:
    gc.enable()
    shutil.copytree(MIN_CATALOG, tmp_path / "c")
    (tmp_path / "c" / "catalog.yaml").write_text("version: [\n", encoding="utf-8")
    with pytest.raises(InvalidInput):
        load_catalog(tmp_path / "c")
    assert gc.isenabled()


@pytest.mark.usefixtures("collector")
def test_the_collector_is_paused_while_files_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    read = documents.read

    def spy(doc: documents.Doc) -> list[Problem]:
        seen.append(gc.isenabled())
        return read(doc)

    monkeypatch.setattr(documents, "read", spy)
    gc.enable()
    load_catalog(MIN_CATALOG)
    assert seen and not any(seen)
