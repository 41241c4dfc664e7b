"""Semantic rules the JSON Schema cannot express: references resolve, IDs are
unique and match their area, versions are coherent, text is plain text.

Rules see only the parts of each file that passed the schema, so they can
index into the data without defensive checks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from generator.catalog.documents import Doc, Finding, visible
from generator.catalog.schema import dotted
from generator.model import LANGS

# One scan per text on the valid path; details are worked out only on a hit.
_SUSPECT = re.compile(r"<[A-Za-z!/?]|&#?[A-Za-z0-9]+;|\b(?:TODO|FIXME|TBD|XXX)\b")
_HTML = re.compile(r"<[A-Za-z!/?][^<>\s]{0,20}>?|&#?[A-Za-z0-9]+;")
TEXT_FIELDS = ("title", "why", "done_when")
_NONE: frozenset[str] = frozenset()


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


_FULL_DATE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
_PARTIAL_DATE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")


def date_problem(value: str, *, partial: bool = False) -> str | None:
    """Why text is not a date YYYY-MM-DD (or, with partial, YYYY-MM or YYYY) that
    exists on the calendar; None when it is one."""
    match = (_PARTIAL_DATE if partial else _FULL_DATE).match(value)
    if not match:
        return "is not a whole day" if _PARTIAL_DATE.match(value) else "is not a date"
    year, month, day = (int(g) if g else 1 for g in match.groups())
    try:
        date(year, month, day)
    except ValueError:
        return "is not a date that exists"
    return None


# What a text needs to hold for _SUSPECT to match it: substrings a file's text
# is searched for once (each search is as fast as copying it), so that a file
# with none of them needs no search per text. A value holds what the file's text
# holds, with line breaks folded (which makes none of these) or escaped, after a
# backslash.
_SUSPECT_PARTS = ("<", "&", "TODO", "FIXME", "TBD", "XXX", "\\")


def markup_free(text: str | None) -> bool:
    """Whether no value read from this file's text can fail text_problem."""
    return text is not None and not any(part in text for part in _SUSPECT_PARTS)


def text_problem(text: str) -> tuple[str, str] | None:
    """(code, why) a catalog text is not plain text, or None when it is fine."""
    if not _SUSPECT.search(text):
        return None
    match = _HTML.search(text)
    if match:
        return "text-html", f"contains HTML ('{match.group(0)}'); write plain text without markup"
    return "text-placeholder", "contains placeholder text (TODO/FIXME/TBD/XXX); write the real text"


def check(docs: list[Doc]) -> list[Finding]:
    meta, sources, item_docs = docs[0], docs[1], docs[2:]
    out = list(_check_meta(meta)) if meta.ok else []
    source_keys: set[str] = set()
    if sources.ok:
        source_keys = set()
        free = markup_free(sources.text)  # once per file: each search reads all of it
        out += _check_dates(
            sources,
            [
                (("sources", i, "date"), True)
                for i, src in enumerate(sources.data["sources"])
                if "date" in src
            ],
        )
        for i, src in enumerate(sources.data["sources"]):
            if src["key"] in source_keys:
                out.append(
                    Finding(
                        sources,
                        ("sources", i, "key"),
                        "",
                        f"source key '{src['key']}' is used twice; keys must be unique",
                        code="duplicate-source-key",
                    )
                )
            source_keys.add(src["key"])
            if "note" in src and not free:
                out += _texts(sources, ("sources", i), "", {"note": src["note"]})
    out += _check_items(meta if meta.ok else None, source_keys if sources.ok else None, item_docs)
    return out


def _check_dates(doc: Doc, fields: Sequence[tuple[Sequence[str | int], bool]]) -> Iterator[Finding]:
    """Each date must exist; the release date and the changes' dates are whole
    days (the site and the workbooks date themselves by them)."""
    for path, partial in fields:
        value: Any = doc.data
        for step in path:
            value = value[step]
        why = date_problem(value, partial=partial)
        if why:
            allowed = "a date YYYY-MM-DD, YYYY-MM or YYYY" if partial else "a date YYYY-MM-DD"
            yield Finding(
                doc,
                tuple(path),
                "",
                f"{dotted(path)}: '{value}' {why}; allowed: {allowed} that exists (quoted or not)",
                code="date-invalid",
            )


def _check_meta(doc: Doc) -> Iterator[Finding]:
    data = doc.data
    free = markup_free(doc.text)
    yield from _check_dates(
        doc,
        [(("released",), False)]
        + [(("changes", i, "date"), False) for i in range(len(data["changes"]))]
        + [(("milestones", i, "date"), False) for i in range(len(data.get("milestones", [])))],
    )
    for section, key in (("gates", "id"), ("areas", "id"), ("areas", "prefix"), ("roles", "id")):
        seen: set[str] = set()
        for i, entry in enumerate(data[section]):
            if entry[key] in seen:
                yield Finding(
                    doc,
                    (section, i, key),
                    "",
                    f"{section}[{i}].{key} '{entry[key]}' is used twice; it must be unique",
                    code="duplicate-entry",
                )
            seen.add(entry[key])
    versions = [c["version"] for c in data["changes"]]
    if versions[0] != data["version"]:
        yield Finding(
            doc,
            ("changes", 0, "version"),
            "",
            f"the newest change entry is for {versions[0]} but the catalog version is {data['version']}; add a changes entry for {data['version']} at the top",
            code="version-not-in-changes",
        )
    for i in range(1, len(versions)):
        if version_key(versions[i]) >= version_key(versions[i - 1]):
            yield Finding(
                doc,
                ("changes", i, "version"),
                "",
                f"changes must be newest first with distinct versions; {versions[i]} comes after {versions[i - 1]}",
                code="changes-out-of-order",
            )
    for section in ("gates", "areas", "roles"):
        for i, entry in enumerate(data[section]):
            for name, value in entry.items():
                if isinstance(value, dict) and not free:
                    yield from _texts(doc, (section, i), "", {name: value})


def _texts(
    doc: Doc, base: tuple[str | int, ...], item: str, fields: dict[str, Any]
) -> Iterator[Finding]:
    for name, value in fields.items():
        for lang in LANGS:
            problem = text_problem(value[lang])
            if problem:
                code, why = problem
                # An item's ID says where; a gate, area, role or source needs its path.
                where = f"{name}.{lang}" if item else dotted((*base, name, lang))
                yield Finding(doc, (*base, name, lang), item, f"{where}: {why}", code=code)


def _check_items(meta: Doc | None, source_keys: set[str] | None, docs: list[Doc]) -> list[Finding]:
    out: list[Finding] = []
    areas = {a["id"]: a["prefix"] for a in meta.data["areas"]} if meta else None
    roles = [r["id"] for r in meta.data["roles"]] if meta else None
    gates = [g["id"] for g in meta.data["gates"]] if meta else None
    version = version_key(meta.data["version"]) if meta else None
    first_seen: dict[str, str] = {}
    titles: dict[tuple[str, str], str] = {}
    deprecated: set[str] = set()
    replacements: list[tuple[Doc, int, str, str]] = []
    keys: dict[str, tuple[int, ...]] = {}  # version_key, once per version

    def key_of(version: str) -> tuple[int, ...]:
        key = keys.get(version)
        if key is None:
            key = keys[version] = version_key(version)
        return key

    for doc in docs:
        if not doc.ok:
            continue
        free = markup_free(doc.text)
        area = doc.data["area"]
        if not isinstance(area, str) or not isinstance(doc.data.get("items"), list):
            continue
        prefix = None
        if areas is not None:
            if area not in areas:
                out.append(
                    Finding(
                        doc,
                        ("area",),
                        "",
                        f"area '{area}' is not in catalog.yaml; allowed: {', '.join(areas)}",
                        code="area-unknown",
                        allowed=tuple(areas),
                    )
                )
            else:
                prefix = areas[area]
                if Path(doc.path).stem != area:
                    out.append(
                        Finding(
                            doc,
                            ("area",),
                            "",
                            f"items of area '{area}' belong in items/{area}.yaml, not {Path(doc.path).name}",
                            code="area-wrong-file",
                        )
                    )
        for i, raw in enumerate(doc.data["items"]):
            bad = doc.bad_items.get(i, _NONE)
            if "*" in bad or "id" in bad:
                continue
            # The fields present that passed the schema: the rules may judge them.
            good = raw.keys() - bad if bad else raw.keys()

            iid = raw["id"]
            at = ("items", i)
            if iid in first_seen:
                out.append(
                    Finding(
                        doc,
                        (*at, "id"),
                        iid,
                        f"ID is already used in {first_seen[iid]}; IDs are unique and never reused",
                        code="duplicate-id",
                    )
                )
            else:
                first_seen[iid] = doc.shown
            if prefix and not iid.startswith(prefix + "-"):
                out.append(
                    Finding(
                        doc,
                        (*at, "id"),
                        iid,
                        f"ID prefix '{iid[:3]}' does not match area '{area}'; expected {prefix}-NNN",
                        code="id-prefix-mismatch",
                    )
                )
            if roles is not None and "owner" in good and raw["owner"] not in roles:
                out.append(
                    Finding(
                        doc,
                        (*at, "owner"),
                        iid,
                        f"owner '{raw['owner']}' is not a role in catalog.yaml; allowed: {', '.join(roles)}",
                        code="owner-unknown",
                        allowed=tuple(roles),
                    )
                )
            if gates is not None and "gate" in good and raw["gate"] not in gates:
                out.append(
                    Finding(
                        doc,
                        (*at, "gate"),
                        iid,
                        f"gate '{raw['gate']}' is not a gate in catalog.yaml; allowed: {', '.join(gates)}",
                        code="gate-unknown",
                        allowed=tuple(gates),
                    )
                )
            if source_keys is not None and "sources" in good:
                for j, key in enumerate(raw["sources"]):
                    if key not in source_keys:
                        out.append(
                            Finding(
                                doc,
                                (*at, "sources", j),
                                iid,
                                f"source '{key}' is not in sources.yaml; known keys: {', '.join(sorted(source_keys))}",
                                code="source-unknown",
                                allowed=tuple(sorted(source_keys)),
                            )
                        )
            if version is not None and "since" in good and key_of(raw["since"]) > version:
                out.append(
                    Finding(
                        doc,
                        (*at, "since"),
                        iid,
                        f"since {raw['since']} is newer than the catalog version {'.'.join(map(str, version))}",
                        code="since-too-new",
                    )
                )
            if "deprecated" in good:
                dep = raw["deprecated"]
                deprecated.add(iid)
                too_early = "since" in good and key_of(dep["since"]) < key_of(raw["since"])
                if too_early or (version is not None and key_of(dep["since"]) > version):
                    out.append(
                        Finding(
                            doc,
                            (*at, "deprecated", "since"),
                            iid,
                            f"deprecated.since {dep['since']} must lie between the item's since ({raw.get('since')}) and the catalog version",
                            code="deprecated-since-out-of-range",
                        )
                    )
                if "replaced_by" in dep:
                    replacements.append((doc, i, iid, dep["replaced_by"]))
                if not free:
                    out += _texts(doc, (*at, "deprecated"), iid, {"reason": dep["reason"]})
            elif "title" in good and "deprecated" not in bad:
                for lang in LANGS:
                    # As a reader sees it: zero-width characters and other
                    # Unicode spellings of the same text do not make a new title.
                    key = (lang, visible(raw["title"][lang]))
                    if key in titles:
                        out.append(
                            Finding(
                                doc,
                                (*at, "title", lang),
                                iid,
                                f"title.{lang} is the same as the title of {titles[key]}; each item needs its own title",
                                code="duplicate-title",
                            )
                        )
                    titles.setdefault(key, iid)
            if not free:
                out += _texts(
                    doc, at, iid, {name: raw[name] for name in TEXT_FIELDS if name in good}
                )
    for doc, i, iid, target in replacements:
        path = ("items", i, "deprecated", "replaced_by")
        if target == iid:
            out.append(
                Finding(
                    doc,
                    path,
                    iid,
                    "replaced_by points to the item itself; name the item that replaces it",
                    code="replaced-by-self",
                )
            )
        elif target not in first_seen:
            out.append(
                Finding(
                    doc,
                    path,
                    iid,
                    f"replaced_by '{target}' is not an item in the catalog",
                    code="replaced-by-unknown",
                )
            )
        elif target in deprecated:
            out.append(
                Finding(
                    doc,
                    path,
                    iid,
                    f"replaced_by '{target}' is itself deprecated; point to an item that is in use",
                    code="replaced-by-deprecated",
                )
            )
    return out
