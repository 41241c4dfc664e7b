"""Pins the build date so that two builds of the same tree give the same bytes.

MkDocs stamps every page, the sitemap and the sitemap's gzip header with the
build date unless SOURCE_DATE_EPOCH is set. Left alone, the same tree builds
differently on different days. We use the catalog's release date: it is part of
the tree and says when the content last changed in a way readers care about.

Loaded as a second mkdocs-macros module: define_env runs in on_config, before
MkDocs creates the pages that read the date.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from generator.site.macros import cached_catalog


def epoch_of(day: str) -> int:
    return int(datetime.strptime(day, "%Y-%m-%d").replace(tzinfo=UTC).timestamp())


def define_env(env: Any) -> None:
    # A packager's own SOURCE_DATE_EPOCH wins: that is what the variable is for.
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return
    config_dir = Path(env.conf["config_file_path"]).parent
    root = config_dir / env.conf["extra"].get("catalog_dir", "checklists")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch_of(cached_catalog(root).released))
