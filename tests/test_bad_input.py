"""Bad input beyond the committed corpus: files over the size limit (made here,
never committed) and property-based fuzzing of the loaders. Whatever the bytes,
a loader either succeeds or raises a PlaybookError whose every line names the
file; nothing else may escape."""

from __future__ import annotations

import copy
import functools
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.catalog import schema, yamlio
from generator.catalog.loader import load_catalog
from generator.cli import main
from generator.errors import CODES, InvalidInput, PlaybookError
from generator.filled.profile import load_profile
from generator.model import Catalog
from tests.conftest import DATA, MIN_CATALOG

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def oversize(path: Path, limit: int = yamlio.MAX_BYTES) -> int:
    """Make `path` one byte over the limit without writing it all (a sparse file)."""
    size = limit + 1
    with path.open("r+b" if path.exists() else "wb") as f:
        f.truncate(size)
    return size


def test_catalog_file_over_the_size_limit(
    min_catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    size = oversize(min_catalog / "items" / "value.yaml", yamlio.MAX_CATALOG_FILE_BYTES)
    assert main(["validate", "checklists"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"checklists/items/value.yaml: file is {size} bytes; the limit is {yamlio.MAX_CATALOG_FILE_BYTES}",
        "1 problem found",
    ]
    assert main(["validate", "checklists", "--format", "json"]) == 1
    (problem,) = json.loads(capsys.readouterr().out)["problems"]
    assert (problem["code"], problem["file"], problem["line"]) == (
        "file-too-large",
        "checklists/items/value.yaml",
        0,
    )


def test_profile_over_the_size_limit(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    profile = in_tmp / "huge.yaml"
    shutil.copy(DATA / "profile_min.yaml", profile)
    size = oversize(profile)
    code = main(["template", "huge.yaml", "--catalog", str(MIN_CATALOG), "--out", "out"])
    assert code == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"huge.yaml: file is {size} bytes; the limit is {yamlio.MAX_BYTES}"
    assert not (in_tmp / "out").exists() or not any((in_tmp / "out").iterdir())


# --- fuzzing -------------------------------------------------------------------

VALID_ITEMS = (MIN_CATALOG / "items" / "value.yaml").read_text(encoding="utf-8")
VALID_PROFILE = (DATA / "profile_min.yaml").read_text(encoding="utf-8")

# Pieces that mean something to YAML, so random text reaches the parser's corners.
YAML_BITS = st.sampled_from(
    [": ", "- ", "? ", "&a ", "*a", "!!python/object:os.system ", "!tag ", "%YAML 1.1\n",
     "---\n", "...\n", "{", "}", "[", "]", "'", '"', "|\n", ">-\n", "#", "\t", "\n  ", "\\",
     "\x00", "\ufeff", "<<: ", "~", "yes", "no", "1e309", "0x1F", "2026-13-45", ".inf"]
)  # fmt: skip
TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(YAML_BITS, st.text(max_size=12)), max_size=40).map("".join),
)

# Well-formed YAML with values of every kind, so the schema and rules see wrong
# types and shapes at every depth.
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
    st.text(max_size=20), st.sampled_from(["VAL-001", "G1", "product", "1.0.0", "nb", "en"]),
)  # fmt: skip
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.one_of(st.text(max_size=10), st.sampled_from(["id", "title", "nb", "en", "items"])),
            inner,
            max_size=4,
        ),
    ),
    max_leaves=20,
)
ITEM_KEYS = ["id", "title", "why", "done_when", "owner", "gate", "level", "sources", "since",
             "applies_when", "mappings", "deprecated"]  # fmt: skip


def mutate(text: str, data: st.DataObject) -> str:
    """The valid file with a few characters replaced, inserted or deleted."""
    chars = list(text)
    for _ in range(data.draw(st.integers(1, 6))):
        at = data.draw(st.integers(0, len(chars) - 1))
        op = data.draw(st.sampled_from(["replace", "insert", "delete"]))
        piece = data.draw(st.one_of(YAML_BITS, st.characters()))
        if op == "replace":
            chars[at] = piece
        elif op == "insert":
            chars.insert(at, piece)
        else:
            del chars[at]
    return "".join(chars)


def reshape(data: st.DataObject) -> str:
    """An item file whose items have the right keys with values of any shape."""
    items = data.draw(
        st.lists(st.dictionaries(st.sampled_from(ITEM_KEYS), VALUES, max_size=12), max_size=3)
    )
    top: dict[str, Any] = {"area": data.draw(st.sampled_from(["value", "data", "x", 1])),
                           "items": items}  # fmt: skip
    return yaml.safe_dump(top, allow_unicode=True)


def fuzzed_file(data: st.DataObject, valid: str) -> bytes:
    kind = data.draw(st.sampled_from(["text", "mutated", "reshaped", "bytes"]))
    if kind == "text":
        return data.draw(TEXT).encode("utf-8", "surrogatepass")
    if kind == "mutated":
        return mutate(valid, data).encode("utf-8", "surrogatepass")
    if kind == "reshaped":
        return reshape(data).encode("utf-8")
    return data.draw(st.binary(max_size=200))


def assert_well_reported(exc: PlaybookError, shown: str) -> None:
    lines = str(exc).splitlines()
    assert lines, "an error with no message"
    if isinstance(exc, InvalidInput):
        assert len(lines) == len(exc.problems), "one line per problem"
        for line in lines:
            assert line.startswith(shown), line
            assert "Traceback" not in line
        for problem in exc.problems:
            assert problem.code in CODES, problem
            assert all(isinstance(v, str) for v in problem.allowed), problem


@FUZZ
@given(text=TEXT)
def test_yaml_loader_never_raises(text: str) -> None:
    _data, problems = yamlio.load(text, "fuzz.yaml")
    for problem in problems:
        assert problem.file == "fuzz.yaml" and problem.message
        assert problem.code in CODES, problem
        assert len(str(problem).splitlines()) == 1, str(problem)


@FUZZ
@given(data=st.data())
def test_catalog_loader_fails_only_with_playbook_errors(data: st.DataObject) -> None:
    content = fuzzed_file(data, VALID_ITEMS)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "checklists"
        shutil.copytree(MIN_CATALOG, root)
        target = root / "items" / "value.yaml"
        target.write_bytes(content)
        try:
            catalog = load_catalog(root)
        except PlaybookError as exc:
            assert_well_reported(exc, str(root))
        else:
            assert catalog.items


@pytest.fixture(scope="module")
def mini() -> Catalog:
    return load_catalog(MIN_CATALOG)


@FUZZ
@given(data=st.data())
def test_profile_loader_fails_only_with_playbook_errors(mini: Catalog, data: st.DataObject) -> None:
    content = fuzzed_file(data, VALID_PROFILE)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "profile.yaml"
        path.write_bytes(content)
        try:
            profile = load_profile(path, mini)
        except PlaybookError as exc:
            assert_well_reported(exc, str(path))
        else:
            assert profile.name


# --- the compiled schema check agrees with jsonschema ------------------------------


def parsed(path: Path) -> Any:
    data, problems = yamlio.load_file(path, str(path))
    assert not problems
    return data


VALID_DOCS = {
    "items": parsed(MIN_CATALOG / "items" / "value.yaml"),
    "catalog": parsed(MIN_CATALOG / "catalog.yaml"),
    "sources": parsed(MIN_CATALOG / "sources.yaml"),
    "profile": parsed(DATA / "profile_min.yaml"),
}


def paths(node: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [at]
    if isinstance(node, dict):
        for key, value in node.items():
            found += paths(value, (*at, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += paths(value, (*at, i))
    return found


def damage(doc: Any, data: st.DataObject) -> Any:
    """A valid document with a few values replaced, keys dropped or keys added."""
    doc = copy.deepcopy(doc)
    for _ in range(data.draw(st.integers(0, 3))):
        places = paths(doc)[1:]
        if not places:  # everything was dropped
            break
        where = data.draw(st.sampled_from(places))
        parent = functools.reduce(lambda node, step: node[step], where[:-1], doc)
        action = data.draw(st.sampled_from(["replace", "drop", "add"]))
        if action == "replace":
            parent[where[-1]] = data.draw(VALUES)
        elif action == "drop" and isinstance(parent, dict):
            del parent[where[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[data.draw(st.text(max_size=8))] = data.draw(VALUES)
    return doc


@FUZZ
@given(kind=st.sampled_from(sorted(VALID_DOCS)), data=st.data())
def test_compiled_schema_check_agrees_with_jsonschema(kind: str, data: st.DataObject) -> None:
    """The compiled check decides which files jsonschema explains; were it to
    pass a file that jsonschema rejects, a problem would go unreported."""
    doc = damage(VALID_DOCS[kind], data)
    full = not any(True for _ in schema.validator(kind).iter_errors(doc))
    assert schema.is_valid(kind, doc) == full
