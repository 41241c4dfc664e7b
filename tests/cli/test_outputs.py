"""Outputs as a user meets them: where they cannot be written, one line and
nothing half-done; modes as the umask says; links not replaced unasked;
standard input as a file."""

from __future__ import annotations

import errno
import io
import json
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.cli import main
from tests.conftest import DATA, MIN_CATALOG

PROFILE = DATA / "profile_min.yaml"
FILLED = DATA / "filled_min.yaml"
CAT = ["--catalog", str(MIN_CATALOG)]


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.chdir(tmp_path)
    yield tmp_path


def _template(out: str, *extra: str) -> list[str]:
    return ["template", str(PROFILE), *CAT, "--out", out, *extra]


def _one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def test_out_that_is_a_file(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (here / "afile").write_text("x")
    assert main(_template("afile")) == 2
    assert "names a file" in _one_error_line(capsys)


def test_out_under_a_file(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (here / "afile").write_text("x")
    assert main(_template("afile/sub")) == 2
    assert "is a file, not a folder" in _one_error_line(capsys)
    assert (here / "afile").read_text() == "x"


def test_out_with_a_name_too_long(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(_template("x" * 300)) == 2
    assert _one_error_line(capsys).endswith("the name is too long")


def test_out_that_cannot_be_written(
    here: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests may run as root, for whom no folder is read-only: the refusal is made.
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr("generator.fileio.tempfile.mkstemp", refuse)
    assert main(_template("out")) == 2
    assert _one_error_line(capsys).endswith("cannot write: permission denied")
    assert list((here / "out").iterdir()) == []


def test_a_full_disk_leaves_no_output_of_three(
    here: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = os.fsync
    calls = []

    def fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 3:  # the third file does not fit
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd)

    monkeypatch.setattr("generator.fileio.os.fsync", fsync)
    assert main(_template("out", "--lang", "en")) == 2
    assert _one_error_line(capsys).endswith("the disk is full")
    assert list((here / "out").iterdir()) == [], "no output and no temporary file"


def test_new_files_get_the_umask_mode(here: Path) -> None:
    for mask, mode in ((0o022, 0o644), (0o077, 0o600), (0o002, 0o664)):
        old = os.umask(mask)
        try:
            assert main(_template(f"out{mask}", "--lang", "en")) == 0
        finally:
            os.umask(old)
        for path in (here / f"out{mask}").iterdir():
            assert stat.S_IMODE(path.stat().st_mode) == mode, (path, oct(mask))


def test_in_place_keeps_the_mode_and_the_backup_too(here: Path) -> None:
    filled = here / "f.yaml"
    filled.write_text(FILLED.read_text().replace('"1.1.0"', '"1.0.0"'))
    filled.chmod(0o640)
    assert main(["upgrade", str(filled), *CAT, "--in-place"]) == 0
    assert stat.S_IMODE(filled.stat().st_mode) == 0o640
    assert stat.S_IMODE((here / "f.yaml.bak").stat().st_mode) == 0o640


def test_a_dangling_link_is_not_replaced_without_force(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (here / "out").mkdir()
    link = here / "out" / "profile_min.en.yaml"
    link.symlink_to(here / "nowhere")
    assert main(_template("out", "--lang", "en", "--format", "yaml")) == 2
    assert "is a link to nothing" in _one_error_line(capsys)
    assert link.is_symlink() and not (here / "nowhere").exists()
    assert main(_template("out", "--lang", "en", "--format", "yaml", "--force")) == 0
    assert not link.is_symlink() and link.is_file()


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_dash_reads_standard_input(
    here: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _stdin(monkeypatch, FILLED.read_bytes())
    assert main(["check", "-", "--gate", "G1", *CAT, "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["file"] == "<stdin>"
    _stdin(monkeypatch, PROFILE.read_bytes())
    assert main(["template", "-", *CAT, "--out", "t", "--lang", "en", "--format", "yaml"]) == 0
    assert (here / "t" / "profile.en.yaml").is_file()
    _stdin(monkeypatch, FILLED.read_bytes())
    assert main(["report", "-", "--gate", "G1", *CAT, "--format", "md"]) == 1
    _stdin(monkeypatch, FILLED.read_bytes().replace(b'"1.1.0"', b'"1.0.0"'))
    assert main(["upgrade", "-", *CAT, "--out", "up.yaml"]) == 0
    assert (here / "up.yaml").is_file()
    capsys.readouterr()
    assert main(["upgrade", "-", *CAT, "--in-place"]) == 2
    assert "--in-place needs a file" in _one_error_line(capsys)


def test_standard_input_has_the_same_limits_and_problems(
    here: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _stdin(monkeypatch, b"name: [\n")
    assert main(["check", "-", "--gate", "G1", *CAT]) == 2
    assert capsys.readouterr().err.startswith("<stdin>:2: YAML syntax error")
    _stdin(monkeypatch, b"#" * (fileio_limit() + 10))
    assert main(["check", "-", "--gate", "G1", *CAT]) == 2
    assert "the limit" in capsys.readouterr().err


def fileio_limit() -> int:
    from generator.catalog import yamlio

    return yamlio.MAX_BYTES


def test_force_never_replaces_what_is_not_a_file(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A device or a pipe at the output path (/dev/full, a FIFO) stays what it is."""
    fifo = here / "report.md"
    os.mkfifo(fifo)
    args = ["report", str(FILLED), "--gate", "G1", *CAT, "--format", "md", "--out", str(fifo)]
    assert main([*args, "--force"]) == 2
    assert _one_error_line(capsys).endswith("it is not a regular file")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
