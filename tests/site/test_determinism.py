"""Two full builds of the same tree give the same bytes in every file, and a
build needs no network: one of the two runs with sockets refused."""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from generator.catalog.loader import load_catalog
from tests.conftest import copy_site_project

# Every way out of the process: any attempt is printed, so a plugin that
# swallowed the error would still be caught.
OFFLINE_BUILD = """
import socket, sys
def refuse(*args, **kwargs):
    print(f"NETWORK ATTEMPT {args!r}", file=sys.stderr, flush=True)
    raise OSError("network is disabled for this build")
socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
from mkdocs.__main__ import cli
sys.argv = ["mkdocs", "build", "--strict", "--site-dir", sys.argv[1]]
cli()
"""


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


# Not today: a build that took the clock's date instead would show it.
RELEASED = "2024-02-29"


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    project = copy_site_project(tmp_path_factory.mktemp("project"))
    catalog_file = project / "checklists" / "catalog.yaml"
    text = catalog_file.read_text(encoding="utf-8")
    text, count = re.subn(r'(?m)^released: "[0-9-]+"$', f'released: "{RELEASED}"', text)
    assert count == 1
    catalog_file.write_text(text, encoding="utf-8")
    assert load_catalog(project / "checklists").released == RELEASED

    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    sites = []
    for name, command in (
        ("online", ["-m", "mkdocs", "build", "--strict", "--site-dir"]),
        ("offline", ["-c", OFFLINE_BUILD]),
    ):
        # Each build makes its downloads afresh: the kept ones would hide a render
        # that differs from one run to the next.
        shutil.rmtree(project / ".cache", ignore_errors=True)
        site = tmp_path_factory.mktemp(name)
        result = subprocess.run(
            [sys.executable, *command, str(site)],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert "NETWORK ATTEMPT" not in result.stderr
        sites.append(site)
    return sites[0], sites[1]


def test_every_file_is_byte_identical(builds: tuple[Path, Path]) -> None:
    one, two = (files(b) for b in builds)
    assert sorted(one) == sorted(two)
    kinds = {Path(name).suffix for name in one}
    assert {".html", ".json", ".xml", ".gz", ".xlsx", ".csv", ".yaml", ".md"} <= kinds
    differ = [name for name in one if one[name] != two[name]]
    assert differ == []


def test_dates_come_from_the_catalog_not_the_clock(builds: tuple[Path, Path]) -> None:
    released = RELEASED
    site = builds[0]
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap)) == {released}
    raw = (site / "sitemap.xml.gz").read_bytes()
    assert gzip.decompress(raw).decode("utf-8") == sitemap
    mtime = int.from_bytes(raw[4:8], "little")  # the gzip header's MTIME field
    assert datetime.fromtimestamp(mtime, UTC).strftime("%Y-%m-%d") == released


def test_pages_load_nothing_from_other_hosts(builds: tuple[Path, Path]) -> None:
    external = re.compile(
        r"<(?:script|img|iframe)\b[^>]*\bsrc=\"(?:https?:)?//"
        r"|<link\b[^>]*\bhref=\"(?:https?:)?//[^\"]*\"[^>]*>"
    )
    pages = list(builds[0].rglob("*.html"))
    assert len(pages) > 20
    found = {
        p.relative_to(builds[0]).as_posix(): m
        for p in pages
        for m in external.findall(p.read_text(encoding="utf-8"))
        if 'rel="canonical"' not in m
    }
    assert found == {}
