"""One runner for every corpus of broken input under tests/corpus/.

- catalog/<case>/: files that overlay the minimal valid catalog (and delete.txt,
  files to remove from it; links.txt, `LINK TARGET` per line, symbolic links to
  make in it; outside/, files next to the catalog, never to be shown); run as
  `playbook validate`.
- filled/<case>.yaml: a broken filled template; run as `playbook check`.
- profile/<case>.yaml: a broken use-case profile; run as `playbook template`.

Each case states what must come out: `exit N`, then one line per problem,
`PLACE [ITEM] CODE`, where PLACE is file, file:line or file:sheet:row, as in
the text form. The wording of each code is asserted once, in
tests/corpus/messages.txt (tests/test_problems.py).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from generator.catalog.loader import load_catalog
from generator.cli import main, problems
from generator.errors import InvalidInput, Problem
from generator.filled.profile import load_profile
from tests.conftest import MIN_CATALOG, ROOT

CORPUS = ROOT / "tests" / "corpus"


@dataclass(frozen=True)
class Case:
    kind: str  # catalog | filled | profile
    name: str

    @property
    def id(self) -> str:
        return f"{self.kind}/{self.name}"

    @property
    def expected_file(self) -> Path:
        if self.kind == "catalog":
            return CORPUS / "catalog" / self.name / "expected.txt"
        if self.kind == "filled":
            return CORPUS / "filled" / f"{self.name}.expected"
        # profile/<case>.expected holds the old full text lines, still read by
        # tests/unit/templates/test_templates.py; the codes are in .codes.
        return CORPUS / "profile" / f"{self.name}.codes"


def all_cases() -> list[Case]:
    out = [Case("catalog", p.name) for p in sorted((CORPUS / "catalog").iterdir()) if p.is_dir()]
    out += [Case("filled", p.stem) for p in sorted((CORPUS / "filled").glob("*.yaml"))]
    out += [Case("profile", p.stem) for p in sorted((CORPUS / "profile").glob("*.yaml"))]
    return out


CASES = all_cases()


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


@contextlib.contextmanager
def _cwd(path: Path) -> Iterator[None]:
    old = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def _main(argv: list[str]) -> Run:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return Run(code, out.getvalue(), err.getvalue())


def run(case: Case, fmt: str, scratch: Path) -> Run:
    """Run the case's command; fmt is text or json (the problems' format)."""
    if case.kind == "catalog":
        source = CORPUS / "catalog" / case.name
        target = scratch / "checklists"
        shutil.copytree(MIN_CATALOG, target)
        if (source / "checklists").exists():
            shutil.copytree(source / "checklists", target, dirs_exist_ok=True)
        delete = source / "delete.txt"
        if delete.exists():
            for name in delete.read_text().split():
                (target / name).unlink()
        if (source / "outside").exists():
            shutil.copytree(source / "outside", scratch / "outside")
        links = source / "links.txt"
        if links.exists():
            for line in links.read_text().splitlines():
                link, to = line.split()
                (target / link).unlink(missing_ok=True)
                (target / link).symlink_to(to)
        with _cwd(scratch):
            return _main(["validate", "checklists", "--format", fmt])
    path = str((CORPUS / case.kind / f"{case.name}.yaml").relative_to(ROOT))
    with _cwd(ROOT):
        if case.kind == "filled":
            args = ["check", path, "--gate", "G1", "--catalog", str(MIN_CATALOG)]
            return _main([*args, "--format", fmt])
        text = _main(["template", path, "--catalog", str(MIN_CATALOG), "--out", str(scratch)])
        if fmt == "text":
            return text
        # `template` has --format for its output files, not for problems: take
        # the same problems from the core and print them as the CLI would.
        try:
            load_profile(path, load_catalog(MIN_CATALOG))
        except InvalidInput as exc:
            return Run(text.code, problems.as_json(exc.problems), "")
        return Run(text.code, problems.as_json([]), "")


def place(p: Problem | dict[str, object]) -> str:
    """PLACE [ITEM] CODE: where the problem is, which item, which code."""
    d = problems.as_data(p) if isinstance(p, Problem) else p
    where = str(d["file"])
    if d["sheet"]:
        where += f":{d['sheet']}"
    if d["line"]:
        where += f":{d['line']}"
    item = f" {d['item']}" if d["item"] else ""
    return f"{where}{item} {d['code']}"


def parse_json(result: Run) -> list[dict[str, object]]:
    data = json.loads(result.out)
    assert data["count"] == len(data["problems"])
    found: list[dict[str, object]] = data["problems"]
    return found


def test_corpus_is_large_enough() -> None:
    kinds = [c.kind for c in CASES]
    assert kinds.count("catalog") >= 15
    assert kinds.count("filled") >= 10
    assert kinds.count("profile") >= 15


def _secrets(case: Case) -> list[str]:
    """The lines of the files a case keeps outside the catalog: never to be printed."""
    outside = CORPUS / case.kind / case.name / "outside"
    if case.kind != "catalog" or not outside.exists():
        return []
    return [
        line
        for p in outside.rglob("*")
        if p.is_file()
        for line in p.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_case(case: Case, tmp_path: Path) -> None:
    expected = case.expected_file.read_text(encoding="utf-8").splitlines()
    result = run(case, "json", tmp_path)
    assert "Traceback" not in result.out + result.err
    for secret in _secrets(case):
        assert secret not in result.out + result.err
    assert result.err == ""
    found = parse_json(result)
    assert [f"exit {result.code}", *[place(p) for p in found]] == expected
    assert found, "a corpus case must find at least one problem"
    if case.kind == "profile":
        assert list(tmp_path.iterdir()) == [], "a refused profile writes nothing"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_case_text_has_one_line_per_problem(case: Case, tmp_path: Path) -> None:
    expected = case.expected_file.read_text(encoding="utf-8").splitlines()
    result = run(case, "text", tmp_path)
    assert "Traceback" not in result.out + result.err
    assert result.out == ""
    assert f"exit {result.code}" == expected[0]
    lines = result.err.splitlines()
    count = len(expected) - 1
    assert lines[-1] == f"{count} problem{'s' if count != 1 else ''} found"
    # Each text line starts with the place and item its expected line gives.
    for line, want in zip(lines[:-1], expected[1:], strict=True):
        where, *item, _code = want.split(" ")
        assert line.startswith(f"{where}: {item[0]}: " if item else f"{where}: "), (line, want)


# Raw control characters no output line may hold (tab aside): they would move
# a terminal's cursor, or make a JUnit or JSON file unreadable.
_RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def _run_format(case: Case, fmt: str, scratch: Path) -> Run:
    """The case's command with its problems printed as fmt (text, json, github, junit)."""
    if case.kind == "profile" or (case.kind == "catalog" and fmt == "junit"):
        return run(case, "text" if fmt in ("github", "junit") else fmt, scratch)
    if case.kind == "catalog":
        target = scratch / "checklists"
        if not target.exists():
            run(case, "text", scratch)  # lays the catalog out
        with _cwd(scratch):
            return _main(["validate", "checklists", "--format", fmt])
    path = str((CORPUS / case.kind / f"{case.name}.yaml").relative_to(ROOT))
    with _cwd(ROOT):
        return _main(
            ["check", path, "--gate", "G1", "--catalog", str(MIN_CATALOG), "--format", fmt]
        )


@pytest.mark.parametrize("fmt", ["text", "json", "github", "junit"])
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_every_output_of_every_case_is_well_formed(case: Case, fmt: str, tmp_path: Path) -> None:
    """No traceback, no raw control character, JSON that parses, JUnit that parses,
    one GitHub annotation per problem: whatever the input held."""
    result = _run_format(case, fmt, tmp_path)
    both = result.out + result.err
    assert "Traceback" not in both
    assert not _RAW_CONTROL.search(both), _RAW_CONTROL.search(both)
    count = len(case.expected_file.read_text(encoding="utf-8").splitlines()) - 1
    if fmt == "json":
        assert json.loads(result.out)["count"] == count
    elif fmt == "junit" and case.kind == "filled":
        root = ET.fromstring(result.out)
        assert root.tag == "testsuites" and root.get("errors") == str(count)
    elif fmt == "github" and case.kind != "profile":
        lines = result.out.splitlines()
        assert len(lines) == count
        assert all(line.startswith("::error ") for line in lines)
    for line in result.err.splitlines():
        assert not line.lstrip().startswith("::"), line
