"""An input file as the checks see it, and the turning of findings (paths into
the data) into located problems (file:line). Shared by every loader.

Line numbers cost a second parse, so they are computed only in locate(), which
runs only when there is something to report. The text checks (text_errors) walk
every value, so they run only on a file where reading it found a value they
could fail on (see parse()).
"""

from __future__ import annotations

import math
import os
import re
import unicodedata
from collections.abc import Callable, Iterator
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
    # Reading the file showed that text_errors would find nothing in it.
    plain: bool = False
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
    said = {f.path for f in findings}
    for path, code, message in () if doc.plain else text_errors(doc.data):
        if path in said:
            continue  # the schema already said what is wrong with this value
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


# The Cf (format) characters of Unicode 14 (Python 3.11's unicodedata), as one
# character class: a per-character category test on every text cost a fifth of
# validating a catalog. tests/unit/catalog/test_documents.py keeps it equal to
# unicodedata's own list on the Python that runs the tests.
_FORMAT_BMP = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
)
FORMAT_CHARS = (
    _FORMAT_BMP + "\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
_FORMAT_CHARS = re.compile(f"[{FORMAT_CHARS}]")
_MAYBE_FORMAT = re.compile(f"[{_FORMAT_BMP}\U00010000-\U0010ffff]")


def visible(text: str) -> str:
    """Text as a reader sees it, for comparing and for judging emptiness: NFC,
    without invisible format characters (Cf: U+200B, U+FEFF, bidi marks...),
    whitespace folded, case folded."""
    if not text.isascii():
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        # The exact class is slow to search (see _RAW_SUSPECT); this one is not.
        if _MAYBE_FORMAT.search(text):
            text = _FORMAT_CHARS.sub("", text)
    return " ".join(text.split()).casefold()


def _forbidden_class(multiline: bool) -> re.Pattern[str]:
    """Characters no text of ours may hold: C0 and C1 controls and DEL (a tab
    aside: it is whitespace, and every output shows it escaped or as space),
    surrogates, noncharacters (U+FDD0-U+FDEF and the last two code points of
    every plane) and, in a one-line field, every line break."""
    planes = "".join(f"\\U{p:04X}FFFE\\U{p:04X}FFFF" for p in range(1, 17))
    newline = "" if multiline else "\\n"
    return re.compile(
        f"[\\x00-\\x08{newline}\\x0b-\\x1f\\x7f-\\x9f\\u2028\\u2029"
        f"\\ud800-\\udfff\\ufdd0-\\ufdef\\ufffe\\uffff{planes}]"
    )


_FORBIDDEN = {False: _forbidden_class(False), True: _forbidden_class(True)}
# In a file's text, a character that could make one of its values fail
# text_errors (see parse()): one it refuses (a line break aside), an invisible
# one, a backslash. Beyond the BMP every character counts, not only the
# noncharacters and Cf characters there: the regex engine tests ranges beyond
# the BMP one by one, and the exact class searched a catalog's text in half the
# time of parsing it, this one in a fifteenth.
_RAW_SUSPECT = re.compile(
    "[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\u2028\\u2029\\ud800-\\udfff\\ufdd0-\\ufdef\\ufffe\\uffff"
    f"\\\\{_FORMAT_BMP}\\U00010000-\\U0010ffff]"
)
_WATCH = yamlio.Watch(MULTILINE_FIELDS, frozenset(LANGS), MAX_TEXT, MAX_NUMBER)


def _leaves(data: Any) -> Iterator[tuple[Callable[[], tuple[str | int, ...]], str, Any]]:
    """Every text and number in the data, in document order, with its field's name
    (the last key that is not a language) and a function that makes its path:
    paths are made only for the values that have a problem."""
    parents: list[tuple[int, str | int]] = [(-1, "")]  # per container: (parent, key)

    def path_of(index: int, key: str | int) -> Callable[[], tuple[str | int, ...]]:
        def build() -> tuple[str | int, ...]:
            steps = [key]
            at = index
            while at > 0:
                at, step = parents[at]
                steps.append(step)
            return tuple(reversed(steps))

        return build

    stack: list[tuple[int, str, Any]] = [(0, "", data)]
    while stack:
        here, field_name, value = stack.pop()
        pairs = value.items() if isinstance(value, dict) else enumerate(value)
        children = []
        for key, child in pairs:
            name = key if isinstance(key, str) and key not in LANGS else field_name
            if isinstance(child, dict | list):
                parents.append((here, key))
                children.append((len(parents) - 1, name, child))
            elif isinstance(child, str | int | float) and not isinstance(child, bool):
                yield path_of(here, key), name, child
        stack.extend(reversed(children))


def text_errors(data: Any) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
    """(path, code, message) for each text the outputs could not show as typed:
    a control character, a line break in a one-line field, a text of nothing but
    invisible characters, a text longer than a spreadsheet cell; and each number
    that is not finite (.inf, .nan) or too large to keep every digit of."""
    if not isinstance(data, dict | list):
        return  # a file that is one value: the schema says what is wrong with it
    for where, name, value in _leaves(data):
        if not isinstance(value, str):
            if (isinstance(value, float) and not math.isfinite(value)) or abs(value) >= MAX_NUMBER:
                path = where()
                yield (
                    path,
                    "number-out-of-range",
                    f"{schema.dotted(path)}: {schema.show(value)} is not allowed; "
                    "allowed: a finite number with at most 15 digits",
                )
            continue
        multiline = name in MULTILINE_FIELDS
        bad = _FORBIDDEN[multiline].search(value)
        if bad is not None:
            char = bad.group()
            if char in _LINE_BREAKS and (not multiline or char == "\n"):
                what, rule = "a line break", "this field is one line of text"
            else:
                kinds = {"Cc": "a control character", "Cs": "half of a surrogate pair"}
                what = kinds.get(unicodedata.category(char), "a noncharacter")
                rule = "a text may hold no control characters or noncharacters"
            path = where()
            yield (
                path,
                "text-control-character",
                f"{schema.dotted(path)}: contains U+{ord(char):04X}, {what}; {rule}: remove it",
            )
        elif len(value) > MAX_TEXT:
            path = where()
            yield (
                path,
                "schema-too-long",
                f"{schema.dotted(path)}: is {len(value)} characters long; "
                f"at most {MAX_TEXT} allowed (what a spreadsheet cell holds)",
            )
        elif not value.isascii() and value.strip() and not visible(value):
            path = where()
            first = next(c for c in value if not c.isspace())
            yield (
                path,
                "text-invisible",
                f"{schema.dotted(path)}: holds only invisible characters "
                f"(U+{ord(first):04X}); write the text, or leave it empty where that is allowed",
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
    text, problems = yamlio.read_text(doc.path, doc.shown, yamlio.limit(doc.kind))
    if text is None:
        return problems
    return parse(doc, text)


def parse(doc: Doc, text: str) -> list[Problem]:
    """Parse text (read from doc.path, or from standard input) into doc."""
    doc.text = text
    problems = yamlio.check_text(text, doc.shown)
    if problems:
        return problems
    doc.data, problems, suspect = yamlio.load_watched(text, doc.shown, _WATCH)
    # A value holds only what its text holds, folded (a line break or an
    # indentation becomes a space or a line break) or escaped (a backslash
    # in double quotes): a character text_errors refuses, an invisible one or a
    # backslash in the text is where a value could fail. The builder watched
    # for the rest (lengths, line breaks in one-line fields, numbers). A byte
    # order mark opens many a file and is no part of any value.
    doc.plain = not suspect and not _RAW_SUSPECT.search(text, 1 if text[:1] == "\ufeff" else 0)
    if doc.data is None and not problems:
        problems = [Problem(doc.shown, 0, "", "file is empty", code="file-empty")]
    return problems
