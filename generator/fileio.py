"""Writing outputs without ever leaving a half-written or clobbered file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from generator.errors import OutputExists


def atomic_write(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write data to path via a temporary file in the same folder and a rename.

    An existing file is replaced only with force; a failure leaves no partial file.
    """
    if path.exists() and not force:
        raise OutputExists(f"{path} exists; use --force to overwrite it")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
