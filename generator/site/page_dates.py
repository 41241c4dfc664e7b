"""When each page last changed, from git history, for the "last updated" line.

The date is the commit date of the last commit that touched the page's source
(and the catalog, for pages that render catalog content). Commit dates do not
depend on the clock or the checkout time, so two builds of the same commit
print the same dates. Where there is no history to ask (a copy outside git,
no git installed, a file not yet committed) the caller's fixed fallback is
used instead of the build date, which would differ from build to build.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable
from pathlib import Path

from generator.words import UPDATED, format_date

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def git_dates(project_dir: Path, paths: Iterable[str]) -> dict[str, str]:
    """Map each file under `paths` (relative to project_dir) to its last commit date.

    One `git log` walk for the whole build; newest commits come first, so the
    first date seen for a file is its latest. Returns {} when git cannot answer.
    """
    try:
        result = subprocess.run(
            [
                "git",
                "-c",
                "core.quotepath=off",
                "log",
                "--format=%x00%cs",
                "--name-only",
                "--relative",
                "--no-renames",
                "--",
                *paths,
            ],
            cwd=project_dir,
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    if result.returncode != 0:
        return {}
    dates: dict[str, str] = {}
    current = ""
    for line in result.stdout.splitlines():
        if line.startswith("\x00"):
            current = line[1:].strip()
            continue
        name = line.strip()
        if name and _ISO_DATE.fullmatch(current) and name not in dates:
            dates[name] = current
    return dates


def date_of(dates: dict[str, str], path: str, fallback: str) -> str:
    """The last commit date of a file, or of the newest file in a folder.

    A path git knows nothing about (not committed, or no history at all) gets
    `fallback`, so that it still counts when several dates are compared.
    """
    if path in dates:
        return dates[path]
    prefix = path.rstrip("/") + "/"
    return max((d for f, d in dates.items() if f.startswith(prefix)), default=fallback)


def latest(dates: dict[str, str], paths: Iterable[str], fallback: str) -> str:
    """The newest of `date_of` over `paths`."""
    return max((date_of(dates, p, fallback) for p in paths), default=fallback)


def page_language(name: str) -> str | None:
    """ "g1.nb.md" -> "nb"; None for a file shared by all languages."""
    match = re.search(r"\.([a-z]{2})\.md$", name)
    return match.group(1) if match else None


def updated_html(iso: str, lang: str) -> str:
    return f'{UPDATED[lang]} <time datetime="{iso}">{format_date(iso, lang)}</time>'
