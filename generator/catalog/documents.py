"""An input file as the checks see it, and the turning of findings (paths into
the data) into located problems (file:line). Shared by every loader.

Line numbers cost a second parse, so they are computed only in locate(), which
runs only when there is something to report.
"""

from __future__ import annotations

from dataclasses import KW_ONLY, dataclass, field
from pathlib import Path
from typing import Any

from generator.catalog import schema, yamlio
from generator.errors import Problem


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
    doc.ok = -1 not in doc.bad_items
    return findings


def locate(pending: list[Finding]) -> list[Problem]:
    """Turn data paths into line numbers."""
    locators: dict[str, yamlio.Locator] = {}
    out = []
    for f in pending:
        doc = f.doc
        if doc.text is None:
            line = 0
        else:
            loc = locators.setdefault(doc.shown, yamlio.Locator(doc.text))
            line = loc.key_line(f.path) if f.on_key else loc.line(f.path)
        out.append(Problem(doc.shown, line, f.item, f.message, code=f.code, allowed=f.allowed))
    return out


def shown_path(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read(doc: Doc) -> list[Problem]:
    """Read and parse one file into doc; returns problems that stop further checks."""
    if not doc.path.is_file():
        return [Problem(doc.shown, 0, "", "file is missing", code="file-missing")]
    doc.text, problems = yamlio.read_text(doc.path, doc.shown)
    if doc.text is None:
        return problems
    doc.data, problems = yamlio.load(doc.text, doc.shown)
    if doc.data is None and not problems:
        problems = [Problem(doc.shown, 0, "", "file is empty", code="file-empty")]
    return problems
