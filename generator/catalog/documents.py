"""An input file as the checks see it, and the turning of findings (paths into
the data) into located problems (file:line). Shared by every loader.

Line numbers cost a second parse, so they are computed only in locate(), which
runs only when there is something to report.
"""

from __future__ import annotations

import math
import os
import unicodedata
from collections.abc import Iterator
from dataclasses import KW_ONLY, dataclass, field
from pathlib import Path
from typing import Any

from generator.catalog import schema, yamlio
from generator.errors import Problem
from generator.model import LANGS

# A spreadsheet cell holds at most this many characters; every text may end up in one.
MAX_TEXT = 32_767
# Beyond 15 digits a spreadsheet (and a float) no longer keeps every digit.
MAX_NUMBER = 1e15
# Fields (by their name, the language key aside) whose text may run over several
# lines: explanations, descriptions, comments. Every other text is one line
# (a title, a name, a KPI, a unit, an owner, evidence, a date, an ID) and a line
# break in it would break the line it is printed on.
MULTILINE_FIELDS = frozenset(
    {
        "why",
        "done_when",
        "reason",
        "summary",
        "owns",
        "scope",
        "what",
        "note",
        "description",
        "comment",
        "exception_reason",
        "conditions",
        "text",
    }
)
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


@dataclass
class Doc:
    """One input file as read, with what the checks found in it."""

    path: Path
    shown: str
    kind: str  # schema name: catalog, sources, items or profile
    text: str | None = None
    data: Any = None
    ok: bool = False  # parsed and passed the schema as a whole
    # item index -> top-level fields that failed the schema ('*' for the whole item)
    bad_items: dict[int, set[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Finding:
    doc: Doc
    path: tuple[str | int, ...]
    item: str
    message: str
    on_key: bool = False
    _: KW_ONLY
    code: str  # a key of generator.errors.CODES
    allowed: tuple[str, ...] = ()


def item_id(data: Any, index: int) -> str:
    try:
        value = data["items"][index]["id"]
    except (KeyError, IndexError, TypeError):
        return ""
    return value if isinstance(value, str) else ""


def schema_findings(doc: Doc) -> list[Finding]:
    findings = []
    for path, code, message, allowed in schema.errors(doc.kind, doc.data):
        item = ""
        if (
            doc.kind == "items"
            and len(path) >= 2
            and path[0] == "items"
            and isinstance(path[1], int)
        ):
            field_name = str(path[2]) if len(path) > 2 else "*"
            doc.bad_items.setdefault(path[1], set()).add(field_name)
            item = item_id(doc.data, path[1])
            # The item ID already says which item; name fields relative to it.
            prefix = schema.dotted(path[:2])
            message = message.removeprefix(prefix + ".").removeprefix(prefix + ": ")
        elif doc.kind == "profile" and len(path) >= 2 and path[0] == "answers":
            item = str(path[1])
            doc.bad_items.setdefault(-2, set()).add(item)
            prefix = schema.dotted(path[:2])
            message = message.removeprefix(prefix + ".").removeprefix(prefix + ": ")
        else:
            doc.bad_items.setdefault(-1, set()).add("*")
        findings.append(Finding(doc, tuple(path), item, message, code=code, allowed=allowed))
    for path, code, message in text_errors(doc.data):
        item = ""
        if doc.kind == "items" and len(path) >= 3 and path[0] == "items":
            doc.bad_items.setdefault(int(path[1]), set()).add(str(path[2]))
            item = item_id(doc.data, int(path[1]))
            message = message.removeprefix(schema.dotted(path[:2]) + ".")
        elif doc.kind == "profile" and len(path) >= 3 and path[0] == "answers":
            item = str(path[1])
            doc.bad_items.setdefault(-2, set()).add(item)
            message = message.removeprefix(schema.dotted(path[:2]) + ".")
        else:
            doc.bad_items.setdefault(-1, set()).add("*")
        findings.append(Finding(doc, tuple(path), item, message, code=code))
    doc.ok = -1 not in doc.bad_items
    return findings


def visible(text: str) -> str:
    """Text as a reader sees it, for comparing and for judging emptiness: NFC,
    without invisible format characters (Cf: U+200B, U+FEFF, bidi marks...),
    whitespace folded, case folded."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return " ".join(text.split()).casefold()


def _forbidden(char: str, multiline: bool) -> bool:
    """A character no text of ours may hold (or, in a one-line field, a line break).

    A tab is whitespace, not a control: every output shows it escaped or as space."""
    if char == "\t" or (char == "\n" and multiline):
        return False
    if char in _LINE_BREAKS:
        return True
    category = unicodedata.category(char)
    if category in ("Cc", "Cs"):
        return True
    cp = ord(char)
    # Noncharacters: U+FDD0..U+FDEF and the last two code points of every plane.
    return 0xFDD0 <= cp <= 0xFDEF or (cp & 0xFFFE) == 0xFFFE


def _field_name(path: tuple[str | int, ...]) -> str:
    for step in reversed(path):
        if isinstance(step, str) and step not in LANGS:
            return step
    return ""


def _leaves(data: Any) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """Every text and number in the data with its path, in document order."""
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), data)]
    while stack:
        here, value = stack.pop()
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            yield here, value
        elif isinstance(value, dict):
            stack.extend(((*here, k), v) for k, v in reversed(value.items()) if isinstance(k, str))
        elif isinstance(value, list):
            stack.extend(((*here, i), v) for i, v in reversed(list(enumerate(value))))


def text_errors(data: Any) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
    """(path, code, message) for each text the outputs could not show as typed:
    a control character, a line break in a one-line field, a text of nothing but
    invisible characters, a text longer than a spreadsheet cell; and each number
    that is not finite (.inf, .nan) or too large to keep every digit of."""
    for path, value in _leaves(data):
        at = schema.dotted(path)
        if not isinstance(value, str):
            if (isinstance(value, float) and not math.isfinite(value)) or abs(value) >= MAX_NUMBER:
                yield (
                    path,
                    "number-out-of-range",
                    f"{at}: {schema.show(value)} is not allowed; "
                    "allowed: a finite number with at most 15 digits",
                )
            continue
        multiline = _field_name(path) in MULTILINE_FIELDS
        bad = next((c for c in value if _forbidden(c, multiline)), None)
        if bad is not None:
            if bad in _LINE_BREAKS and (not multiline or bad == "\n"):
                what, rule = "a line break", "this field is one line of text"
            else:
                kind = {"Cc": "a control character", "Cs": "half of a surrogate pair"}
                what = kind.get(unicodedata.category(bad), "a noncharacter")
                rule = "a text may hold no control characters or noncharacters"
            yield (
                path,
                "text-control-character",
                f"{at}: contains U+{ord(bad):04X}, {what}; {rule}: remove it",
            )
        elif len(value) > MAX_TEXT:
            yield (
                path,
                "schema-too-long",
                f"{at}: is {len(value)} characters long; at most {MAX_TEXT} allowed (what a spreadsheet cell holds)",
            )
        elif value.strip() and not visible(value):
            first = next(c for c in value if not c.isspace())
            yield (
                path,
                "text-invisible",
                f"{at}: holds only invisible characters (U+{ord(first):04X}); write the text, or leave it empty where that is allowed",
            )


def locate(pending: list[Finding]) -> list[Problem]:
    """Turn data paths into line numbers."""
    # One Locator (one parse) per file, however many findings it has.
    locators: dict[str, yamlio.Locator] = {}
    out = []
    for f in pending:
        doc = f.doc
        if doc.text is None:
            line = 0
        else:
            loc = locators.get(doc.shown)
            if loc is None:
                loc = locators[doc.shown] = yamlio.Locator(doc.text)
            line = loc.key_line(f.path) if f.on_key else loc.line(f.path)
        out.append(Problem(doc.shown, line, f.item, f.message, code=f.code, allowed=f.allowed))
    return out


def shown_path(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    # Links are not followed: a path names the link the user gave, not where it leads.
    try:
        return str(Path(os.path.abspath(path)).relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def read(doc: Doc) -> list[Problem]:
    """Read and parse one file into doc; returns problems that stop further checks."""
    if not doc.path.is_file():
        return [Problem(doc.shown, 0, "", "file is missing", code="file-missing")]
    text, problems = yamlio.read_text(doc.path, doc.shown)
    if text is None:
        return problems
    return parse(doc, text)


def parse(doc: Doc, text: str) -> list[Problem]:
    """Parse text (read from doc.path, or from standard input) into doc."""
    doc.text = text
    problems = yamlio.check_text(text, doc.shown)
    if problems:
        return problems
    doc.data, problems = yamlio.load(text, doc.shown)
    if doc.data is None and not problems:
        problems = [Problem(doc.shown, 0, "", "file is empty", code="file-empty")]
    return problems
