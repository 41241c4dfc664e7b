"""Each template's verdicts and decisions over time, from the git history of its folder.

One `git log` per run lists every commit that touched the folder and the files
it touched; one `git cat-file --batch` then reads those files at those commits.
No git, or a folder outside a repository, gives no history and no error.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

# The newest revisions kept per file: a timeline, not an archive.
MAX_REVISIONS = 20
_TIMEOUT = 120


@dataclass(frozen=True)
class Revision:
    commit: str  # the full hash
    date: str  # committer date, YYYY-MM-DD
    path: str  # relative to the folder, with / separators


def _git(root: Path, args: list[str], data: bytes | None = None) -> bytes | None:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        run = subprocess.run(
            ["git", *args],
            cwd=root,
            input=data,
            capture_output=True,
            env=env,
            timeout=_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return run.stdout if run.returncode == 0 else None


def revisions(root: Path, wanted: Callable[[str], bool]) -> dict[str, list[Revision]]:
    """Path -> its revisions, newest first, for every path `wanted` accepts."""
    out = _git(
        root,
        [
            "log",
            "-z",
            "--format=%x01%H %cs",
            "--name-only",
            "--no-renames",
            "--relative",
            "--",
            ".",
        ],
    )
    found: dict[str, list[Revision]] = {}
    if not out:
        return found
    for chunk in out.split(b"\x01")[1:]:
        head, _, names = chunk.partition(b"\0")
        commit, _, date = head.decode("ascii", "replace").partition(" ")
        for raw in names.lstrip(b"\n").split(b"\0"):
            path = raw.decode("utf-8", "surrogateescape")
            if path and wanted(path):
                revs = found.setdefault(path, [])
                if len(revs) < MAX_REVISIONS:
                    revs.append(Revision(commit, date, path))
    return found


def contents(root: Path, revs: Mapping[str, list[Revision]]) -> dict[Revision, bytes]:
    """The bytes of each revision that exists (a commit that deleted a file has none)."""
    order = [r for path in sorted(revs) for r in revs[path]]
    if not order:
        return {}
    request = b"".join(f"{r.commit}:./{r.path}\n".encode("utf-8", "surrogateescape") for r in order)
    out = _git(root, ["cat-file", "--batch"], request)
    found: dict[Revision, bytes] = {}
    if out is None:
        return found
    at = 0
    for rev in order:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        at = end + 1
        if len(header) != 3:  # "<name> missing"
            continue
        size = int(header[2])
        if header[1] == b"blob":
            found[rev] = out[at : at + size]
        at += size + 1
    return found


def as_file(data: bytes, suffix: str) -> Path:
    """A revision's bytes in a temporary file, for the readers that need a path.
    The caller removes it."""
    fd, name = tempfile.mkstemp(prefix="playbook-history-", suffix=suffix)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    return Path(name)
