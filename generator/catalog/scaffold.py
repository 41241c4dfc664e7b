"""A new checklist item, appended to its area file as a stub to fill in.

The stub is valid YAML that the validator refuses until every TODO is replaced,
so an unfinished item can never reach the site. The area file is extended as
text: the contributor's comments and layout stay exactly as they were.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from generator.catalog.loader import load_catalog
from generator.errors import InvalidInput, PlaybookError, UsageError
from generator.fileio import atomic_write
from generator.model import LEVELS, Catalog

# The stub's placeholder texts. Each names the item so that two stubs added in
# a row do not also trip the duplicate-title rule.
STUB_TEXT = {
    "title": {
        "nb": "TODO {id}: kort tittel på bokmål, skrevet som noe som er oppfylt",
        "en": "TODO {id}: short title in English, written as something that holds",
    },
    "why": {
        "nb": "TODO {id}: hvorfor dette betyr noe, og hva som går galt uten det",
        "en": "TODO {id}: why it matters, and what goes wrong without it",
    },
    "done_when": {
        "nb": "TODO {id}: et kriterium en kontrollør kan etterprøve, med dokumentasjonen som viser det",
        "en": "TODO {id}: a criterion a reviewer can verify, naming the evidence that shows it",
    },
}
SOURCE_PLACEHOLDER = "TODO"
# The weaker level: a contributor who forgets to confirm it blocks no gate.
DEFAULT_LEVEL = "should"
MAX_NUMBER = 999  # IDs are PREFIX-NNN


class ScaffoldError(PlaybookError):
    """The new item cannot be added safely (no free ID, unexpected file layout)."""


@dataclass(frozen=True)
class NewItem:
    id: str
    area: str
    path: Path
    line: int  # 1-based line of "- id:" in the new file
    owner: str
    gate: str
    level: str
    since: str
    text: str  # the whole area file after the append


def next_id(catalog: Catalog, area: str, area_text: str = "") -> str:
    """The number after the highest one ever used in the area; gaps are never filled.

    Deprecated items count; so does any ID of the area written in the file
    (a comment about a removed item, say), so a number is never handed out twice.
    """
    prefix = catalog.area(area).prefix
    numbers = [int(i.id[4:]) for i in catalog.items if i.id.startswith(prefix + "-")]
    numbers += [int(n) for n in re.findall(rf"\b{prefix}-([0-9]{{3}})\b", area_text)]
    number = max(numbers, default=0) + 1
    if number > MAX_NUMBER:
        raise ScaffoldError(f"area '{area}' has used every ID up to {prefix}-{MAX_NUMBER}")
    return f"{prefix}-{number:03d}"


def _most_common(values: list[str], order: list[str]) -> str:
    """The most frequent value, ties broken by the catalog's own order."""
    counts = Counter(values)
    return max(order, key=lambda v: (counts[v], -order.index(v)))


def _block(catalog: Catalog, item_id: str, owner: str, gate: str, indent: str) -> list[str]:
    roles = ", ".join(r.id for r in catalog.roles)
    gates = ", ".join(g.id for g in catalog.gates)
    inner = indent + "  "
    lines = [f"{indent}- id: {item_id}"]
    for name, texts in STUB_TEXT.items():
        lines.append(f"{inner}{name}:")
        for lang, text in texts.items():
            lines.append(f'{inner}  {lang}: "{text.format(id=item_id)}"')
    lines += [
        f"{inner}owner: {owner}  # confirm; one of: {roles}",
        f"{inner}gate: {gate}  # confirm; one of: {gates}",
        f"{inner}level: {DEFAULT_LEVEL}  # confirm; one of: {', '.join(LEVELS)}",
        f"{inner}sources: [{SOURCE_PLACEHOLDER}]  # keys from sources.yaml",
        f'{inner}since: "{catalog.version}"',
    ]
    return lines


def plan(root: Path, area: str) -> NewItem:
    """Work out the new item and the area file's new text; writes nothing."""
    catalog = load_catalog(root)
    known = [a.id for a in catalog.areas]
    if area not in known:
        raise UsageError(f"unknown area '{area}'; allowed: {', '.join(known)}")
    path = root / "items" / f"{area}.yaml"
    # Bytes, not read_text(): universal newlines would rewrite a CRLF file.
    old = path.read_bytes().decode("utf-8") if path.is_file() else ""
    nl = "\r\n" if "\r\n" in old else "\n"
    item_id = next_id(catalog, area, old)
    in_area = [i for i in catalog.active_items if i.area == area]
    owner = _most_common([i.owner for i in in_area], [r.id for r in catalog.roles])
    gate = _most_common([i.gate for i in in_area], [g.id for g in catalog.gates])
    if old:
        ids = list(re.finditer(r"^( *)- id:", old, re.M))
        if not ids:
            raise ScaffoldError(
                f"{path}: no block-style item list ('- id:' lines) to append to;"
                " write items as in the other area files"
            )
        last = ids[-1]
        indent = last.group(1)
        spaced = old[: last.start()].endswith(nl + nl)
        head = old if old.endswith("\n") else old + nl
        if spaced:
            head += nl
    else:
        indent, head = (
            "  ",
            (
                "# yaml-language-server: $schema=../../generator/schemas/items.schema.json\n"
                f"area: {area}\nitems:\n"
            ),
        )
    line = head.count("\n") + 1
    text = head + nl.join(_block(catalog, item_id, owner, gate, indent)) + nl
    new = NewItem(item_id, area, path, line, owner, gate, DEFAULT_LEVEL, catalog.version, text)
    _check_only_the_stub_is_refused(root, new)
    return new


def _check_only_the_stub_is_refused(root: Path, new: NewItem) -> None:
    """Validate the result on a scratch copy: every problem must be the new item's own.

    This catches a layout the plain append would break (a key after the item
    list, odd indentation) before the contributor's file is touched.
    """
    with tempfile.TemporaryDirectory(prefix="playbook-new-item-") as scratch:
        copy = Path(scratch) / "catalog"
        shutil.copytree(root, copy)
        (copy / "items" / new.path.name).write_bytes(new.text.encode("utf-8"))
        try:
            load_catalog(copy)
        except InvalidInput as exc:
            others = [p for p in exc.problems if p.item != new.id]
            if others:
                raise ScaffoldError(
                    f"{new.path}: appending {new.id} would not give a clean stub"
                    f" ({others[0].message}); add the item by hand"
                ) from None
            return
    raise ScaffoldError(f"{new.path}: the stub for {new.id} unexpectedly validated")


def add_item(root: Path, area: str) -> NewItem:
    new = plan(root, area)
    # The old bytes are kept as they were and the stub follows; force=True only
    # because the file being replaced is the one we just read and extended.
    atomic_write(new.path, new.text.encode("utf-8"), force=True)
    return new
