"""Problems as data: the table of codes, their wording, and the three output forms.

The corpora (tests/test_corpora.py) assert which code each broken input gives
and where. The wording of each code is asserted here, once, against
tests/corpus/messages.txt: one full text line per code, `CODE TEXT`.
"""

from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from generator.catalog import yamlio
from generator.catalog.loader import load_catalog
from generator.cli import main
from generator.cli.problems import annotation, as_github, escape_data, escape_property
from generator.errors import CODES, InvalidInput, Problem
from generator.filled import workbook
from generator.filled.profile import load_profile
from tests.conftest import MIN_CATALOG, ROOT
from tests.test_corpora import CASES, CORPUS, parse_json, run
from tests.test_filled_corpus import XLSX_CASES, _zip_with_huge_entry, run_xlsx

MESSAGES = CORPUS / "messages.txt"
README = ROOT / "README.md"
CORPUS_PROFILE = CORPUS / "profile" / "bad-status.yaml"


def _messages() -> dict[str, str]:
    out: dict[str, str] = {}
    for line in MESSAGES.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        code, text = line.split(" ", 1)
        assert code not in out, f"{code} twice in messages.txt"
        out[code] = text
    return out


def _problems_of(call: object) -> list[Problem]:
    try:
        call()  # type: ignore[operator]
    except InvalidInput as exc:
        return exc.problems
    raise AssertionError("expected InvalidInput")


def _made(tmp: Path, monkeypatch: pytest.MonkeyPatch) -> list[Problem]:
    """Problems that no corpus file can give: limits, unreadable files, parser failures."""
    mini = load_catalog(MIN_CATALOG)
    made: list[Problem] = []
    with monkeypatch.context() as m:
        m.setattr(yamlio, "MAX_BYTES", 100)
        made += _problems_of(lambda: load_profile(CORPUS_PROFILE.relative_to(ROOT), mini))
    made += yamlio.read_text(tmp, "folder.yaml")[1]

    def boom(self: object) -> None:
        raise yaml.YAMLError("something the parser could not say more precisely")

    with monkeypatch.context() as m:
        m.setattr(yamlio._Loader, "get_single_node", boom)
        made += yamlio.load("a: 1\n", "profile.yaml")[1]
    with monkeypatch.context() as m:
        m.setattr(workbook, "MAX_UNPACKED_BYTES", 1_000_000)
        made += workbook._guard(_zip_with_huge_entry(), "bomb.xlsx")
    return made


@pytest.fixture(scope="module")
def produced(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[str]]:
    """Every code the corpora give, with the text lines it was printed as."""
    by_code: dict[str, set[str]] = defaultdict(set)
    old = Path.cwd()
    monkeypatch = pytest.MonkeyPatch()
    try:
        for case in CASES:
            text = run(case, "text", tmp_path_factory.mktemp("text"))
            found = parse_json(run(case, "json", tmp_path_factory.mktemp("json")))
            lines = text.err.splitlines()[:-1]
            assert len(lines) == len(found), case.id
            for line, problem in zip(lines, found, strict=True):
                by_code[str(problem["code"])].add(line)
        for name in XLSX_CASES:
            os.chdir(tmp_path_factory.mktemp("xlsx"))
            lines = run_xlsx(name, "text")[2].splitlines()[:-1]
            _, out, _ = run_xlsx(name, "json")
            codes = [p["code"] for p in json.loads(out)["problems"]]
            for line, code in zip(lines, codes, strict=True):
                by_code[code].add(line)
        os.chdir(ROOT)
        for made in _made(tmp_path_factory.mktemp("made"), monkeypatch):
            by_code[made.code].add(str(made))
    finally:
        os.chdir(old)
        monkeypatch.undo()
    return by_code


def test_every_code_given_is_in_the_table(produced: dict[str, set[str]]) -> None:
    assert sorted(set(produced) - set(CODES)) == []


def test_every_code_written_in_the_source_is_in_the_table() -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "generator").rglob("*.py"))
    written = set(re.findall(r'\bcode="([a-z0-9-]+)"', source))
    assert sorted(written - set(CODES)) == []


def test_every_code_in_the_table_is_used_in_the_source() -> None:
    source = "\n".join(
        p.read_text(encoding="utf-8")
        for p in (ROOT / "generator").rglob("*.py")
        if p != ROOT / "generator" / "errors.py"
    )
    unused = [code for code in CODES if f'"{code}"' not in source]
    assert unused == []


def test_codes_are_kebab_case_with_one_line_descriptions() -> None:
    for code, description in CODES.items():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code), code
        assert description and "\n" not in description and "|" not in description, code


def test_every_code_is_in_a_corpus_case_or_in_messages(produced: dict[str, set[str]]) -> None:
    in_corpus = set()
    for case in CASES:
        for line in case.expected_file.read_text(encoding="utf-8").splitlines()[1:]:
            in_corpus.add(line.rsplit(" ", 1)[1])
    for _, places in XLSX_CASES.values():
        in_corpus.update(p.rsplit(" ", 1)[1] for p in places)
    assert sorted(set(CODES) - in_corpus - set(_messages())) == []


def test_messages_has_one_line_per_code_in_the_table_order() -> None:
    assert list(_messages()) == list(CODES)


def test_each_code_reads_as_messages_txt_says(produced: dict[str, set[str]]) -> None:
    """The wording, asserted in one place: each line is one the tool printed."""
    wrong = {
        code: (text, sorted(produced.get(code, set())))
        for code, text in _messages().items()
        if text not in produced.get(code, set())
    }
    assert wrong == {}


def _readme_codes() -> dict[str, str]:
    text = README.read_text(encoding="utf-8")
    section = text.split("### Problem codes", 1)[1].split("\n#", 1)[0]
    rows = re.findall(r"^\| `([^`]+)` \| (.*) \|$", section, re.M)
    return dict(rows)


def test_readme_table_equals_the_codes() -> None:
    assert list(_readme_codes().items()) == list(CODES.items())


def test_text_form_is_one_line_per_problem() -> None:
    p = Problem("book.xlsx", 3, "VAL-001", "a\nb", "Checklist", code="xlsx-duplicate-row")
    assert str(p) == "book.xlsx:Checklist:3: VAL-001: a\\nb"
    assert str(Problem("f.yaml", 0, "", "empty", code="file-empty")) == "f.yaml: empty"


def test_workflow_command_escaping_follows_actions_core() -> None:
    # @actions/core command.ts: escapeData % \r \n; escapeProperty also : and ,
    assert escape_data("100%\r\nok: a, b") == "100%25%0D%0Aok: a, b"
    assert escape_property("100%\r\nok: a, b") == "100%25%0D%0Aok%3A a%2C b"
    line = annotation("error", "50% done:\nx, y", "dir,a/b:c.yaml", 7, "yaml-syntax")
    assert line == "::error file=dir%2Ca/b%3Ac.yaml,line=7,title=yaml-syntax::50%25 done:%0Ax, y"
    assert annotation("warning", "m") == "::warning::m"


def test_github_form_omits_line_0_and_puts_sheet_rows_in_the_message() -> None:
    problems = [
        Problem("a.yaml", 0, "", "file is empty", code="file-empty"),
        Problem("b.xlsx", 2, "VAL-001", "x", "Checklist", code="xlsx-not-allowed"),
    ]
    assert as_github(problems).splitlines() == [
        "::error file=a.yaml,title=file-empty::file is empty",
        "::error file=b.xlsx,title=xlsx-not-allowed::Checklist:2: VAL-001: x",
    ]


@pytest.fixture
def broken(min_catalog: Path) -> Path:
    """A copy of the minimal catalog with two problems in one item."""
    value = min_catalog / "items" / "value.yaml"
    text = value.read_text(encoding="utf-8")
    value.write_text(
        text.replace("owner: product", "owner: boss", 1).replace("level: must", "level: maybe", 1),
        encoding="utf-8",
    )
    return min_catalog


def test_validate_github_format(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "checklists", "--format", "github"]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "::error file=checklists/items/value.yaml,line=13,title=owner-unknown::VAL-001: owner 'boss' is not a role in catalog.yaml; allowed: product, platform",
        "::error file=checklists/items/value.yaml,line=15,title=schema-enum::VAL-001: level: 'maybe' is not allowed; allowed: must, should",
    ]
    assert err == "2 problems found\n"


def test_validate_json_format(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "checklists", "--format", "json"]) == 1
    out, err = capsys.readouterr()
    assert err == ""
    data = json.loads(out)
    assert data["count"] == 2
    assert data["problems"][0] == {
        "code": "owner-unknown",
        "file": "checklists/items/value.yaml",
        "line": 13,
        "sheet": "",
        "item": "VAL-001",
        "message": "owner 'boss' is not a role in catalog.yaml; allowed: product, platform",
        "allowed": ["product", "platform"],
    }
    assert data["problems"][1]["code"] == "schema-enum"
    assert data["problems"][1]["allowed"] == ["must", "should"]


def test_validate_text_format_is_unchanged(
    broken: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "checklists"]) == main(["validate", "checklists", "--format", "text"])
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines()[:3] == [
        "checklists/items/value.yaml:13: VAL-001: owner 'boss' is not a role in catalog.yaml; allowed: product, platform",
        "checklists/items/value.yaml:15: VAL-001: level: 'maybe' is not allowed; allowed: must, should",
        "2 problems found",
    ]


def test_check_json_and_github_print_problems_with_bad_input(
    broken: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    filled = str(ROOT / "tests" / "corpus" / "filled" / "status-typo.yaml")
    args = ["check", filled, "--gate", "G1", "--catalog", "checklists"]
    assert main([*args, "--format", "json"]) == 2
    out, err = capsys.readouterr()
    assert [p["code"] for p in json.loads(out)["problems"]] == ["owner-unknown", "schema-enum"]
    assert main([*args, "--format", "github"]) == 2
    out, err = capsys.readouterr()
    assert all(
        line.startswith("::error file=checklists/items/value.yaml,line=")
        for line in out.splitlines()
    )
    # Usage errors stay one line on stderr, whatever the format.
    assert main(["validate", "nowhere", "--format", "json"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err == "playbook: error: nowhere: catalog directory not found\n"
