"""Safe YAML loading: cheap on the valid path, precise locations on the error path.

Parsing uses PyYAML's C parser when it is available. The node tree it composes
is turned into data by a short builder of our own (PyYAML's constructor, built
for every YAML feature, took longer than the parse), and then dropped: line
numbers for schema or semantic problems are found afterwards, by composing the
file a second time, once per file and only for files that have a problem to
report.

YAML types some plain values by itself. Dates are the one kind we never want
typed: every date in our files is text (YYYY-MM-DD), and a person typing
`due: 2027-03-01` means the text, so plain scalars that look like timestamps
stay strings here and the rules judge them as dates. Numbers stay numbers; the
schema and the rules say where a number is wrong.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

from generator.errors import Problem

# A filled template or a profile is hand-written text; anything bigger is a
# mistake or an attack. README.md ("Limits") documents these, and
# benchmarks/bounds.py shows that any such file within them is checked in
# bounded time and memory. A catalog file is reviewed content with a larger limit.
MAX_BYTES = 256 * 1024
MAX_CATALOG_FILE_BYTES = 1024 * 1024

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
# The plain scalars the builder makes itself; every other tag (merge keys, the
# refused ones, unknown ones) goes to PyYAML's constructor, which says what is
# wrong as it always did.
_SCALARS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("int", "float", "bool", "null"))
_REFUSED_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("binary", "set", "omap", "pairs", "timestamp")
)

Path_ = Sequence[str | int]


class _BadValue(yaml.constructor.ConstructorError):
    """A plain scalar that YAML reads as a date or number but cannot build."""

    def __init__(self, node: yaml.Node, exc: Exception) -> None:
        value = str(node.value)
        shown = value if len(value) <= 40 else value[:37] + "..."
        super().__init__(
            None,
            None,
            f"'{shown}' cannot be read as a number ({_why(value, exc)}); allowed: a number "
            "with at most 15 digits, or text in quotes",
            node.start_mark,
        )


def _why(value: str, exc: Exception) -> str:
    digits = sum(c.isdigit() for c in value)
    if digits > 15:
        return f"it has {digits} digits"
    # Not Python's own words: they name Python functions.
    return "it is not a number YAML can read"


class _Loader(_BaseLoader):
    """SafeLoader that also notes duplicate keys and refuses aliases.

    PyYAML keeps the last of duplicate keys silently; aliases allow "billion
    laughs" expansion. Both checks ride on work the constructor does anyway.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.findings: list[tuple[int, str, str]] = []  # (line, code, message)
        # The C composer calls these two for every node. A SafeLoader has no
        # path resolvers, so PyYAML's own do nothing, at the price of a Python
        # call each (a sixth of composing a catalog): builtins that take the
        # same arguments and do nothing that matters are far cheaper to call.
        self.descend_resolver = slice  # type: ignore[method-assign,assignment]
        self.ascend_resolver = tuple  # type: ignore[method-assign,assignment]

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        """PyYAML's resolve without the path resolvers a SafeLoader never has."""
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in _IMPLICIT.get(value[:1], ()):
                    if regexp.match(value):
                        return str(tag)
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node.tag in _REFUSED_TAGS:
            # Standard tags that build what no field of ours holds (bytes, sets,
            # ordered pairs, dates): refused as every other tag but the plain ones.
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"could not determine a constructor for the tag {node.tag}",
                node.start_mark,
            )
        if node in self.constructed_objects:
            self.findings.append(
                (
                    node.start_mark.line + 1,
                    "yaml-alias",
                    "anchors and aliases (&, *) are not allowed",
                )
            )
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError) as exc:
            # PyYAML lets these escape unlocated: an unquoted 2026-02-30 is a
            # date that does not exist, a 5000-digit number is too long to read.
            raise _BadValue(node, exc) from None

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        mapping = super().construct_mapping(node, deep)
        if len(mapping) != len(node.value):
            self._duplicates(node)
        return mapping

    def _duplicates(self, node: yaml.Node) -> None:
        seen: set[object] = set()
        for key_node, _ in node.value:
            key = key_node.value
            if key in seen:
                self.findings.append(
                    (
                        key_node.start_mark.line + 1,
                        "yaml-duplicate-key",
                        f"duplicate key '{key}'; each key may appear once",
                    )
                )
            seen.add(key)

    def build(self, node: yaml.Node, watch: Watch | None) -> Any:
        """The data of a node tree, as PyYAML's constructor makes it.

        Only for a text with no alias in it (no "*"): the builder makes each
        node's value anew. It handles maps, lists and the plain scalar types;
        anything else raises _Unusual, and the caller uses the constructor.
        With a watch, it also notes (in self.suspect) whether some value could
        fail a check of text_errors (documents.py), which then runs; else it
        need not.
        """
        watch = watch or _UNWATCHED
        multiline, transparent = watch.multiline, watch.transparent
        max_text, max_number = watch.max_text, watch.max_number
        scalars = self.yaml_constructors
        suspect = False

        # One closure with everything it needs in local variables, and a text
        # value in a mapping (most values) built without a call of its own:
        # this runs for every node of the catalog.
        def scalar(node: yaml.Node, name: str) -> Any:
            nonlocal suspect
            tag = node.tag
            if tag == _STR:
                value = node.value
                if len(value) > max_text or ("\n" in value and name not in multiline):
                    suspect = True
                return value
            if tag not in _SCALARS:
                raise _Unusual
            try:
                value = scalars[tag](self, node)
            except (ValueError, OverflowError):
                raise _Unusual from None  # the constructor says which value, located
            if (
                isinstance(value, int | float)
                and not isinstance(value, bool)
                and not (math.isfinite(value) and abs(value) < max_number)
            ):
                suspect = True
            return value

        def build(node: yaml.Node, name: str) -> Any:
            nonlocal suspect
            cls, tag = node.__class__, node.tag
            if cls is _ScalarNode:
                return scalar(node, name)
            if cls is _SequenceNode and tag == _SEQ:
                return [build(child, name) for child in node.value]
            if cls is not _MappingNode or tag != _MAP:
                raise _Unusual
            out: dict[Hashable, Any] = {}
            for key_node, value_node in node.value:
                if key_node.__class__ is not _ScalarNode:
                    raise _Unusual  # a list or mapping as a key: the constructor refuses it
                if key_node.tag == _STR:
                    key = key_node.value
                    field = name if key in transparent else key
                    if value_node.__class__ is _ScalarNode and value_node.tag == _STR:
                        value = value_node.value
                        if len(value) > max_text or ("\n" in value and field not in multiline):
                            suspect = True
                        out[key] = value
                    else:
                        out[key] = build(value_node, field)
                else:
                    out[scalar(key_node, name)] = build(value_node, name)
            if len(out) != len(node.value):
                self._duplicates(node)
            return out

        try:
            data = build(node, "")
        except RecursionError:
            # Nesting near libyaml's depth limit (1,000); PyYAML's constructor
            # does not recurse.
            raise _Unusual from None
        self.suspect = suspect
        return data


class _Unusual(Exception):
    """A node the builder leaves to PyYAML's constructor."""


@dataclass(frozen=True)
class Watch:
    """What the builder watches for while it builds: a text longer than
    max_text, a line break in a text whose field is not in multiline (a field is
    named by its key; a key in transparent, a language, passes its parent's name
    on), a number not finite or not below max_number."""

    multiline: frozenset[str]
    transparent: frozenset[str]
    max_text: int
    max_number: float


_UNWATCHED = Watch(frozenset(), frozenset(), sys.maxsize, math.inf)
_ScalarNode, _SequenceNode, _MappingNode = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode

# Timestamps stay text (see the module's docstring).
_Loader.yaml_implicit_resolvers = {
    first: [r for r in resolvers if r[0] != _TIMESTAMP]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
# By a plain scalar's first character ("" for the empty one). A SafeLoader has
# no resolvers for every first character (None), which resolve() relies on.
assert None not in _Loader.yaml_implicit_resolvers
_IMPLICIT: dict[str, list[tuple[str, Any]]] = dict(_Loader.yaml_implicit_resolvers)


def limit(kind: str) -> int:
    """The size limit of a file of a kind (profile, catalog, sources, items)."""
    return MAX_BYTES if kind == "profile" else MAX_CATALOG_FILE_BYTES


def read_text(
    path: Path, shown: str, max_bytes: int | None = None
) -> tuple[str | None, list[Problem]]:
    """Read a file as UTF-8 text, refusing oversized and binary files."""
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return None, [
                Problem(
                    shown,
                    0,
                    "",
                    f"file is {size} bytes; the limit is {max_bytes}",
                    code="file-too-large",
                )
            ]
        with path.open("rb") as handle:
            # Read no more than the limit allows, whatever stat said (a file
            # that grows, a device, a pipe).
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        return None, [
            Problem(
                shown, 0, "", f"cannot read file: {exc.strerror or exc}", code="file-unreadable"
            )
        ]
    return decode(raw, shown, max_bytes)


def decode(
    raw: bytes, shown: str, max_bytes: int | None = None
) -> tuple[str | None, list[Problem]]:
    """Bytes (a file's, or standard input's) as UTF-8 text, refusing binary data."""
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    if len(raw) > max_bytes:
        return None, [
            Problem(
                shown,
                0,
                "",
                f"file is more than {max_bytes} bytes, the limit",
                code="file-too-large",
            )
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            Problem(shown, line, "", "not UTF-8 text; save the file as UTF-8", code="not-utf8")
        ]
    problems = check_text(text, shown)
    return (None, problems) if problems else (text, [])


def check_text(text: str, shown: str) -> list[Problem]:
    """Problems that make text no text file at all (a NUL byte), before YAML sees it."""
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return [
            Problem(
                shown, line, "", "contains a NUL byte; this is not a text file", code="nul-byte"
            )
        ]
    return []


def load(text: str, shown: str) -> tuple[Any, list[Problem]]:
    """Parse one YAML document safely. Returns (data, problems)."""
    data, problems, _ = load_watched(text, shown, None)
    return data, problems


def load_watched(text: str, shown: str, watch: Watch | None) -> tuple[Any, list[Problem], bool]:
    """Parse one YAML document safely. Returns (data, problems, suspect): suspect
    is False when no value breaks what watch watches for."""
    loader = _Loader(text)
    suspect = True
    try:
        node = loader.get_single_node()
        data = None
        if node is not None:
            try:
                if "*" in text:
                    raise _Unusual  # maybe an alias: the constructor notes each one
                data = loader.build(node, watch)
                suspect = loader.suspect
            except _Unusual:
                loader.findings.clear()
                suspect = True
                data = loader.construct_document(node)
    except yaml.YAMLError as exc:
        return None, [_problem(exc, text, shown)], True
    finally:
        loader.dispose()
    problems = [Problem(shown, line, "", msg, code=code) for line, code, msg in loader.findings]
    return data, problems, suspect


def _problem(exc: yaml.YAMLError, text: str, shown: str) -> Problem:
    """The one problem a file that YAML refused has."""
    if isinstance(exc, _BadValue):
        line = exc.problem_mark.line + 1 if exc.problem_mark else 0
        return Problem(shown, line, "", exc.problem or "", code="yaml-bad-value")
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        what = exc.problem or "invalid YAML"
        if isinstance(exc, yaml.constructor.ConstructorError) and "tag" in what:
            tag = what.rsplit("tag ", 1)[-1].replace("tag:yaml.org,2002:", "!!")
            return Problem(
                shown,
                line,
                "",
                f"YAML tag {tag} is not allowed; write plain values",
                code="yaml-tag",
            )
        return Problem(shown, line, "", f"YAML syntax error: {what}", code="yaml-syntax")
    if isinstance(exc, yaml.reader.ReaderError):
        # PyYAML's own text spans two lines and counts characters, not lines.
        line = text[: exc.position].count("\n") + 1
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        return Problem(
            shown,
            line,
            "",
            f"contains the control character U+{ord(char):04X}, which YAML does not allow; remove it",
            code="yaml-control-character",
        )
    first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return Problem(shown, 0, "", f"YAML error: {first}", code="yaml-error")


def load_file(path: Path, shown: str) -> tuple[Any, list[Problem]]:
    text, problems = read_text(path, shown)
    if text is None:
        return None, problems
    return load(text, shown)


class _Composer(_BaseLoader):
    """Builds the node tree for locating only: no tag is resolved (a line is a
    line whatever the value's type), which halves the time of composing."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        return "tag:yaml.org,2002:str"


class Locator:
    """Maps a path inside the data (keys and indexes) to a 1-based line.

    It works on the node tree the file was loaded from (or composes the text
    once); each mapping's keys are indexed the first time a path passes through
    it, so locating n problems costs no parse and O(n) steps.
    """

    def __init__(self, text: str, root: yaml.Node | None = None) -> None:
        self._root: yaml.Node | None = root
        if root is None:
            try:
                self._root = yaml.compose(text, Loader=_Composer)
            except yaml.YAMLError:
                self._root = None
        self._keys: dict[int, dict[object, tuple[yaml.Node, yaml.Node]]] = {}

    def line(self, path: Path_) -> int:
        node = self._root
        if node is None:
            return 0
        line = node.start_mark.line + 1
        for step in path:
            child = self._child(node, step)
            if child is None:
                break
            node = child[1]
            line = node.start_mark.line + 1
        return line

    def key_line(self, path: Path_) -> int:
        """Line of the key itself (for problems with a mapping's entry name)."""
        if not path:
            return self.line(path)
        parent = self._walk(path[:-1])
        if parent is not None:
            entry = self._child(parent, path[-1])
            if entry is not None and isinstance(parent, yaml.MappingNode):
                return int(entry[0].start_mark.line) + 1
        return self.line(path)

    def _walk(self, path: Path_) -> yaml.Node | None:
        node = self._root
        for step in path:
            if node is None:
                return None
            child = self._child(node, step)
            node = child[1] if child else None
        return node

    def _child(self, node: yaml.Node, step: str | int) -> tuple[yaml.Node, yaml.Node] | None:
        """(key node, value node) of a mapping's entry; (item, item) in a list."""
        if isinstance(node, yaml.MappingNode):
            keys = self._keys.get(id(node))
            if keys is None:
                keys = {}
                for key_node, value_node in node.value:
                    if isinstance(key_node, yaml.ScalarNode):
                        keys.setdefault(key_node.value, (key_node, value_node))
                self._keys[id(node)] = keys
            return keys.get(step)
        if (
            isinstance(node, yaml.SequenceNode)
            and isinstance(step, int)
            and 0 <= step < len(node.value)
        ):
            item = node.value[step]
            return item, item
        return None
