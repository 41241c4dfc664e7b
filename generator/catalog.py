"""The one loader of the catalog. The site, the templates and the checks all call
load_catalog(); nothing else reads catalog YAML.

Loading is validation: schema checks, then the rules in rules.py, and every
problem of every file is collected before anything is raised.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from generator import rules, schema, yamlio
from generator.errors import InvalidInput, Problem, UsageError
from generator.model import Area, Catalog, Change, Deprecation, Gate, Item, Role, Source


@dataclass
class Doc:
    """One catalog file as read, with what the checks found in it."""

    path: Path
    shown: str
    kind: str  # schema name: catalog, sources or items
    text: str | None = None
    data: Any = None
    ok: bool = False  # parsed and passed the schema as a whole
    # item index -> top-level fields that failed the schema ('*' for the whole item)
    bad_items: dict[int, set[str]] = field(default_factory=dict)


def default_dir() -> Path:
    """checklists/ in the working directory, else the copy inside the package."""
    local = Path("checklists")
    if (local / "catalog.yaml").is_file():
        return local
    return Path(str(resources.files("generator") / "catalog"))


def shown_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_docs(root: Path) -> list[Doc]:
    if not root.is_dir():
        raise UsageError(f"{root}: catalog directory not found")
    docs = [Doc(root / "catalog.yaml", "", "catalog"), Doc(root / "sources.yaml", "", "sources")]
    docs += [Doc(p, "", "items") for p in sorted((root / "items").glob("*.yaml"))]
    for doc in docs:
        doc.shown = shown_path(doc.path)
    return docs


def load_catalog(directory: Path | str | None = None) -> Catalog:
    root = Path(directory) if directory is not None else default_dir()
    docs = read_docs(root)
    problems: list[Problem] = []
    pending: list[rules.Finding] = []
    for doc in docs:
        if not doc.path.is_file():
            problems.append(Problem(doc.shown, 0, "", "file is missing"))
            continue
        doc.text, found = yamlio.read_text(doc.path, doc.shown)
        problems += found
        if doc.text is None:
            continue
        doc.data, found = yamlio.load(doc.text, doc.shown)
        problems += found
        if doc.data is None and not found:
            problems.append(Problem(doc.shown, 0, "", "file is empty"))
        if doc.data is None:
            continue
        pending += _schema_findings(doc)
    if not [d for d in docs if d.kind == "items" and d.data is not None] and not problems:
        problems.append(
            Problem(shown_path(root / "items"), 0, "", "no item files (items/*.yaml) found")
        )
    pending += rules.check(docs)
    if problems or pending:
        raise InvalidInput(problems + _locate(docs, pending))
    return _build(docs)


def _schema_findings(doc: Doc) -> list[rules.Finding]:
    findings = []
    for path, message in schema.errors(doc.kind, doc.data):
        item = ""
        if (
            doc.kind == "items"
            and len(path) >= 2
            and path[0] == "items"
            and isinstance(path[1], int)
        ):
            field_name = str(path[2]) if len(path) > 2 else "*"
            doc.bad_items.setdefault(path[1], set()).add(field_name)
            item = rules.item_id(doc.data, path[1])
            # The item ID already says which item; name fields relative to it.
            prefix = schema.dotted(path[:2])
            message = message.removeprefix(prefix + ".").removeprefix(prefix + ": ")
        else:
            doc.bad_items.setdefault(-1, set()).add("*")
        findings.append(rules.Finding(doc, tuple(path), item, message))
    doc.ok = -1 not in doc.bad_items
    return findings


def _locate(docs: list[Doc], pending: list[rules.Finding]) -> list[Problem]:
    """Turn data paths into line numbers; runs only when there is something to report."""
    locators: dict[str, yamlio.Locator] = {}
    out = []
    for f in pending:
        doc = f.doc
        if doc.text is None:
            out.append(Problem(doc.shown, 0, f.item, f.message))
            continue
        loc = locators.setdefault(doc.shown, yamlio.Locator(doc.text))
        line = loc.key_line(f.path) if f.on_key else loc.line(f.path)
        out.append(Problem(doc.shown, line, f.item, f.message))
    return out


def _text(value: dict[str, str]) -> MappingProxyType[str, str]:
    return MappingProxyType(dict(value))


def _build(docs: list[Doc]) -> Catalog:
    meta = docs[0].data
    sources = docs[1].data["sources"]
    items: list[Item] = []
    area_order = [a["id"] for a in meta["areas"]]
    for doc in sorted(docs[2:], key=lambda d: area_order.index(d.data["area"])):
        area = doc.data["area"]
        for raw in doc.data["items"]:
            dep = raw.get("deprecated")
            items.append(
                Item(
                    id=raw["id"],
                    area=area,
                    title=_text(raw["title"]),
                    why=_text(raw["why"]),
                    done_when=_text(raw["done_when"]),
                    owner=raw["owner"],
                    gate=raw["gate"],
                    level=raw["level"],
                    sources=tuple(raw["sources"]),
                    since=raw["since"],
                    applies_when=MappingProxyType(dict(raw.get("applies_when", {}))),
                    mappings=MappingProxyType(
                        {k: tuple(v) for k, v in raw.get("mappings", {}).items()}
                    ),
                    deprecated=Deprecation(
                        dep["since"], _text(dep["reason"]), dep.get("replaced_by")
                    )
                    if dep
                    else None,
                )
            )
    return Catalog(
        version=meta["version"],
        released=meta["released"],
        changes=tuple(
            Change(c["version"], c["date"], _text(c["summary"])) for c in meta["changes"]
        ),
        gates=tuple(Gate(g["id"], _text(g["title"]), _text(g["question"])) for g in meta["gates"]),
        areas=tuple(Area(a["id"], a["prefix"], _text(a["title"])) for a in meta["areas"]),
        roles=tuple(
            Role(r["id"], _text(r["title"]), _text(r["owns"]), _text(r["scope"]))
            for r in meta["roles"]
        ),
        sources=tuple(
            Source(
                key=s["key"],
                short=s["short"],
                author=s["author"],
                title=s["title"],
                publisher=s["publisher"],
                url=s["url"],
                date=s.get("date", ""),
                note=_text(s["note"]) if "note" in s else None,
            )
            for s in sources
        ),
        items=tuple(sorted(items, key=lambda i: (area_order.index(i.area), i.id))),
    )
