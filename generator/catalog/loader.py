"""The one loader of the catalog. The site, the templates and the checks all call
load_catalog(); nothing else reads catalog YAML.

Loading is validation: schema checks, then the rules in rules.py, and every
problem of every file is collected before anything is raised.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from generator.catalog import documents, rules
from generator.catalog.documents import Doc, shown_path
from generator.errors import InvalidInput, Problem, UsageError
from generator.model import (
    Area,
    Catalog,
    Change,
    Deprecation,
    Gate,
    Item,
    Milestone,
    Role,
    Source,
)


def default_dir() -> Path:
    """checklists/ in the working directory, else the catalog that came with the package.

    A wheel carries the catalog inside the package (generator/bundled/); an
    editable install has none there and uses the checkout it was installed from.
    """
    local = Path("checklists")
    if (local / "catalog.yaml").is_file():
        return local
    bundled = Path(str(resources.files("generator"))) / "bundled" / "checklists"
    if (bundled / "catalog.yaml").is_file():
        return bundled
    return Path(__file__).resolve().parents[2] / "checklists"


# A whole catalog: every file of it together (README.md, "Limits").
MAX_CATALOG_BYTES = 16 * 1024 * 1024
# items/*.yaml: one file per area.
MAX_ITEM_FILES = 100


def read_docs(root: Path) -> list[Doc]:
    if not root.is_dir():
        raise UsageError(f"{root}: catalog directory not found")
    docs = [Doc(root / "catalog.yaml", "", "catalog"), Doc(root / "sources.yaml", "", "sources")]
    docs += [Doc(p, "", "items") for p in sorted((root / "items").glob("*.yaml"))]
    for doc in docs:
        doc.shown = shown_path(doc.path)
    return docs


def _outside(root: Path, path: Path) -> bool:
    """Whether path, with every link in it followed, leaves the catalog folder."""
    try:
        return not path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a loop of links
        return True


def _guard(root: Path, docs: list[Doc]) -> list[Problem]:
    """Refuse, before reading anything, what a catalog may not be: a file that is a
    link out of the catalog (a pull request could point one at a secret of the
    runner, and the problems would print its first line), more files or bytes
    than the limits."""
    problems = [
        Problem(
            doc.shown,
            0,
            "",
            "is a link to a file outside the catalog folder; catalog files must lie inside it",
            code="file-outside-catalog",
        )
        for doc in docs
        if _outside(root, doc.path)
    ]
    if problems:
        return problems
    items = len(docs) - 2
    if items > MAX_ITEM_FILES:
        return [
            Problem(
                shown_path(root / "items"),
                0,
                "",
                f"holds {items} item files; the limit is {MAX_ITEM_FILES}",
                code="file-too-large",
            )
        ]
    total = 0
    for doc in docs:
        try:
            total += doc.path.stat().st_size if doc.path.is_file() else 0
        except OSError:
            continue
    if total > MAX_CATALOG_BYTES:
        return [
            Problem(
                shown_path(root),
                0,
                "",
                f"the catalog's files hold {total} bytes together; the limit is {MAX_CATALOG_BYTES}",
                code="file-too-large",
            )
        ]
    return []


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused, then resumed as it was.

    Loading makes a million objects (YAML nodes, then the data) and no cycles
    worth collecting. The collector runs every few hundred new objects and, now
    and then, walks every object alive: left running, it took longer than
    parsing itself. Whatever garbage there is goes at the next collection.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def load_catalog(directory: Path | str | None = None) -> Catalog:
    with _collector_paused():
        return _load(directory)


def _load(directory: Path | str | None) -> Catalog:
    root = Path(directory) if directory is not None else default_dir()
    docs = read_docs(root)
    guarded = _guard(root, docs)
    if guarded:
        raise InvalidInput(guarded)
    problems: list[Problem] = []
    pending: list[documents.Finding] = []
    for doc in docs:
        problems += documents.read(doc)
        if doc.data is not None:
            pending += documents.schema_findings(doc)
    if not [d for d in docs if d.kind == "items" and d.data is not None] and not problems:
        problems.append(
            Problem(
                shown_path(root / "items"),
                0,
                "",
                "no item files (items/*.yaml) found",
                code="no-item-files",
            )
        )
    pending += rules.check(docs)
    if problems or pending:
        raise InvalidInput(problems + documents.locate(pending))
    return _build(docs)


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
        milestones=tuple(
            Milestone(
                date=m["date"],
                what=_text(m["what"]),
                sources=tuple(m["sources"]),
                articles=tuple(m.get("articles", ())),
                scope=_text(m["scope"]) if "scope" in m else None,
            )
            for m in meta.get("milestones", [])
        ),
    )
