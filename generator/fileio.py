"""Writing outputs without ever leaving a half-written or clobbered file.

Every output is first written in full to a temporary file next to its target;
only when all of them are written are they renamed into place. A full disk, a
folder that cannot be written or a name too long leaves nothing behind, and is
one line of error, never a traceback. New files get the mode the umask gives
(as any program's would); a file that is replaced keeps its own mode.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from generator.errors import OutputExists, OutputFailed

# Standard input or output, where a command takes a file name.
STDIO = "-"
# What the errors mean for the one who asked for the file.
_WHY = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the file system is read-only",
    errno.ENAMETOOLONG: "the name is too long",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EISDIR: "it is a folder",
    errno.ELOOP: "too many levels of symbolic links",
}


def why(exc: OSError) -> str:
    """An OSError in a few words, without Python's own."""
    return _WHY.get(exc.errno or 0, exc.strerror or str(exc) or type(exc).__name__)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _mode(path: Path) -> int:
    """The mode for path: an existing file's own, else what the umask gives."""
    try:
        st = os.stat(path)
    except OSError:
        return 0o666 & ~_umask()
    return stat.S_IMODE(st.st_mode)


def check_target(path: Path, *, force: bool) -> None:
    """Refuse a target that exists (a dangling link counts) unless force, or one
    that is a folder; raise before anything is written."""
    if os.path.lexists(path):
        if path.is_dir():
            raise OutputFailed(f"{path}: cannot write: it is a folder")
        if path.exists() and not path.is_file():
            # A device, a pipe or a socket: --force replaces files, never these.
            raise OutputFailed(f"{path}: cannot write: it is not a regular file")
        if not force:
            what = "is a link to nothing" if not path.exists() else "exists"
            raise OutputExists(f"{path} {what}; use --force to overwrite it")


def _folder(path: Path) -> None:
    parent = path.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputFailed(f"{path}: cannot write: {parent} is a file, not a folder") from None
    except OSError as exc:
        raise OutputFailed(f"{path}: cannot make the folder {parent}: {why(exc)}") from None


def write_all(
    outputs: Sequence[tuple[Path, bytes]],
    *,
    force: bool = False,
    modes: dict[Path, int] | None = None,
) -> None:
    """Write every (path, data), or none: each target is checked, every file is
    written to a temporary file beside its target, and only then are they
    renamed into place. modes gives a file a mode of its own (a backup keeps
    the original's)."""
    for path, _ in outputs:
        check_target(path, force=force)
    written: list[tuple[str, Path]] = []
    try:
        for path, data in outputs:
            _folder(path)
            mode = (modes or {}).get(path, _mode(path))
            try:
                fd, tmp = tempfile.mkstemp(
                    prefix=f".{path.name[:200]}.", suffix=".tmp", dir=path.parent
                )
            except OSError as exc:
                raise OutputFailed(f"{path}: cannot write: {why(exc)}") from None
            written.append((tmp, path))
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.chmod(tmp, mode)
            except OSError as exc:
                raise OutputFailed(f"{path}: cannot write: {why(exc)}") from None
        for tmp, path in written:
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise OutputFailed(f"{path}: cannot write: {why(exc)}") from None
        written = []
    finally:
        for tmp, _ in written:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def atomic_write(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write data to path via a temporary file in the same folder and a rename.

    An existing file is replaced only with force; a failure leaves no partial file.
    """
    write_all([(path, data)], force=force)


def mode_of(path: Path) -> int:
    """A file's permission bits (for a backup that keeps them)."""
    return stat.S_IMODE(os.stat(path).st_mode)


def is_stdio(path: Path | str) -> bool:
    return str(path) == STDIO


def read_stdin(limit: int) -> bytes:
    """Standard input's bytes, at most limit + 1 (one more tells it is too long)."""
    return sys.stdin.buffer.read(limit + 1)
