"""Safe YAML loading: cheap on the valid path, precise locations on the error path.

Parsing uses PyYAML's C parser when it is available. Line numbers for schema or
semantic problems are found afterwards, by composing the file a second time,
and only for files that have a problem to report.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from pathlib import Path
from typing import Any

import yaml

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

from generator.errors import Problem

# A catalog file is hand-written text; anything bigger is a mistake or an attack.
MAX_BYTES = 16 * 1024 * 1024

Path_ = Sequence[str | int]


class _BadValue(yaml.constructor.ConstructorError):
    """A plain scalar that YAML reads as a date or number but cannot build."""

    def __init__(self, node: yaml.Node, exc: Exception) -> None:
        value = str(node.value)
        shown = value if len(value) <= 40 else value[:37] + "..."
        super().__init__(
            None,
            None,
            f"'{shown}' cannot be read as a date or number ({exc}); put it in quotes to keep it as text",
            node.start_mark,
        )


class _Loader(_BaseLoader):
    """SafeLoader that also notes duplicate keys and refuses aliases.

    PyYAML keeps the last of duplicate keys silently; aliases allow "billion
    laughs" expansion. Both checks ride on work the constructor does anyway.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.findings: list[tuple[int, str, str]] = []  # (line, code, message)

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
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
        return mapping


def read_text(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """Read a file as UTF-8 text, refusing oversized and binary files."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, [
                Problem(
                    shown,
                    0,
                    "",
                    f"file is {size} bytes; the limit is {MAX_BYTES}",
                    code="file-too-large",
                )
            ]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [
            Problem(
                shown, 0, "", f"cannot read file: {exc.strerror or exc}", code="file-unreadable"
            )
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            Problem(shown, line, "", "not UTF-8 text; save the file as UTF-8", code="not-utf8")
        ]
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return None, [
            Problem(
                shown, line, "", "contains a NUL byte; this is not a text file", code="nul-byte"
            )
        ]
    return text, []


def load(text: str, shown: str) -> tuple[Any, list[Problem]]:
    """Parse one YAML document safely. Returns (data, problems)."""
    loader = _Loader(text)
    try:
        data = loader.get_single_data()
    except _BadValue as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 0
        return None, [Problem(shown, line, "", exc.problem or "", code="yaml-bad-value")]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        what = exc.problem or "invalid YAML"
        if isinstance(exc, yaml.constructor.ConstructorError) and "tag" in what:
            tag = what.rsplit("tag ", 1)[-1].replace("tag:yaml.org,2002:", "!!")
            return None, [
                Problem(
                    shown,
                    line,
                    "",
                    f"YAML tag {tag} is not allowed; write plain values",
                    code="yaml-tag",
                )
            ]
        return None, [Problem(shown, line, "", f"YAML syntax error: {what}", code="yaml-syntax")]
    except yaml.reader.ReaderError as exc:
        # PyYAML's own text spans two lines and counts characters, not lines.
        line = text[: exc.position].count("\n") + 1
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        return None, [
            Problem(
                shown,
                line,
                "",
                f"contains the control character U+{ord(char):04X}, which YAML does not allow; remove it",
                code="yaml-control-character",
            )
        ]
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return None, [Problem(shown, 0, "", f"YAML error: {first}", code="yaml-error")]
    finally:
        loader.dispose()
    problems = [Problem(shown, line, "", msg, code=code) for line, code, msg in loader.findings]
    return data, problems


def load_file(path: Path, shown: str) -> tuple[Any, list[Problem]]:
    text, problems = read_text(path, shown)
    if text is None:
        return None, problems
    return load(text, shown)


class Locator:
    """Maps a path inside the data (keys and indexes) to a 1-based line."""

    def __init__(self, text: str) -> None:
        try:
            self._root: yaml.Node | None = yaml.compose(text, Loader=_BaseLoader)
        except yaml.YAMLError:
            self._root = None

    def line(self, path: Path_) -> int:
        node = self._root
        if node is None:
            return 0
        line = node.start_mark.line + 1
        for step in path:
            child = _child(node, step)
            if child is None:
                break
            node = child
            line = node.start_mark.line + 1
        return line

    def key_line(self, path: Path_) -> int:
        """Line of the key itself (for problems with a mapping's entry name)."""
        if not path:
            return self.line(path)
        parent = self._walk(path[:-1])
        if isinstance(parent, yaml.MappingNode):
            for key_node, _ in parent.value:
                if key_node.value == path[-1]:
                    return int(key_node.start_mark.line) + 1
        return self.line(path)

    def _walk(self, path: Path_) -> yaml.Node | None:
        node = self._root
        for step in path:
            if node is None:
                return None
            node = _child(node, step)
        return node


def _child(node: yaml.Node, step: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == step:
                return value_node  # type: ignore[no-any-return]
    elif (
        isinstance(node, yaml.SequenceNode)
        and isinstance(step, int)
        and 0 <= step < len(node.value)
    ):
        return node.value[step]  # type: ignore[no-any-return]
    return None
