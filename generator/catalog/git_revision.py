"""A catalog named on the command line: a directory, or a git revision whose
catalog folder is exported into a scratch directory and then loaded by the one
loader like any other directory."""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path, PurePosixPath

from generator.catalog.loader import load_catalog
from generator.errors import InvalidInput, UsageError
from generator.model import Catalog


def _git(args: list[str]) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise UsageError("git is not installed, so only directories can be compared") from None


def _export(rev: str, subdir: str, target: Path) -> None:
    if _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"]).returncode != 0:
        raise UsageError(f"'{rev}' is neither a catalog directory nor a git revision here")
    # "./" makes the path relative to the working directory, as for the other commands.
    result = _git(["archive", "--format=tar", f"{rev}:./{subdir}"])
    if result.returncode != 0:
        raise UsageError(f"{rev}: there is no {subdir}/ folder at that revision")
    with tarfile.open(fileobj=io.BytesIO(result.stdout)) as tar:
        for member in tar.getmembers():
            name = PurePosixPath(member.name)
            # Only plain files, and only inside the target: an archive is input too.
            if not member.isfile() or name.is_absolute() or ".." in name.parts:
                continue
            data = tar.extractfile(member)
            if data is None:
                continue
            path = target.joinpath(*name.parts)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data.read())


@contextmanager
def catalog_dir(spec: str, subdir: str = "checklists") -> Iterator[Path]:
    """The directory spec names, or the catalog at git revision spec in a scratch copy."""
    if Path(spec).is_dir():
        yield Path(spec)
        return
    with tempfile.TemporaryDirectory(prefix="playbook-rev-") as scratch:
        root = Path(scratch)
        _export(spec, subdir, root)
        yield root


def load(spec: str, subdir: str = "checklists") -> Catalog:
    """Load the catalog spec names; problems in a revision name it as REV:path."""
    with catalog_dir(spec, subdir) as root:
        try:
            return load_catalog(root)
        except InvalidInput as exc:
            if Path(spec).is_dir():
                raise
            raise InvalidInput(
                replace(p, file=_in_revision(p.file, root, spec, subdir)) for p in exc.problems
            ) from None


def _in_revision(shown: str, root: Path, rev: str, subdir: str) -> str:
    try:
        rel = Path(shown).resolve().relative_to(root.resolve())
    except ValueError:
        return shown
    return f"{rev}:{PurePosixPath(subdir, *rel.parts)}"
