"""The template downloads the site offers: every example profile and a blank
template per AI type and risk class, in every format and language."""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from generator import fileio, templates
from generator.catalog.loader import load_catalog
from generator.catalog.tailor import applicable
from generator.filled.profile import load_profile
from generator.model import AI_TYPES, LANGS, RISK_CLASSES, Catalog, Profile
from generator.words import label


@dataclass(frozen=True)
class Entry:
    stem: str
    profile: Profile
    blank: bool


def blank_profile(ai_type: str, risk_class: str, lang: str) -> Profile:
    """A form to fill: assumes personal data, external users and a public service, the
    widest set of items; the AI Act role is left for the reader to answer."""
    name = f"{label(lang, 'template_title')}: {label(lang, ai_type)}, {label(lang, risk_class)}"
    return Profile(name=name, description="", ai_type=ai_type, risk_class=risk_class,
                   personal_data=True, users="external", owners={}, effect_goals=(), lang=lang,
                   actor="", public_service=True)  # fmt: skip


def entries(catalog: Catalog, examples: Path) -> list[Entry]:
    found = [
        Entry(p.stem, load_profile(p, catalog), False) for p in sorted(examples.glob("*.yaml"))
    ]
    found += [
        Entry(f"blank-{ai}-{risk}", blank_profile(ai, risk, "nb"), True)
        for ai in AI_TYPES
        for risk in RISK_CLASSES
    ]
    return found


def files(catalog: Catalog, examples: Path) -> dict[str, bytes]:
    """Relative path under downloads/ -> bytes, for every download."""
    out: dict[str, bytes] = {}
    for entry in entries(catalog, examples):
        for lang in LANGS:
            profile = (
                blank_profile(entry.profile.ai_type, entry.profile.risk_class, lang)
                if entry.blank
                else entry.profile
            )
            for fmt in templates.FORMATS:
                out[f"{entry.stem}.{lang}.{fmt}"] = templates.render(
                    catalog, profile, fmt, lang, f"{entry.stem}.yaml"
                )
    return out


GENERATOR = Path(__file__).resolve().parents[1]
MANIFEST = "manifest.json"


def source_key(catalog_dir: Path, examples: Path) -> str:
    """A hash of everything the downloads are made from: the catalog's files, the
    example profiles, the generator's own code and the workbook writer's version.

    The generator's code is hashed rather than its version number, so that a
    change in a working copy that has not been released yet cannot serve stale
    templates.
    """
    digest = hashlib.sha256(f"xlsxwriter {version('XlsxWriter')}\n".encode())
    for root, pattern in ((catalog_dir, "**/*"), (examples, "*.yaml"), (GENERATOR, "**/*.py")):
        for path in sorted(p for p in root.glob(pattern) if p.is_file()):
            name = f"{root.name}/{path.relative_to(root).as_posix()}"
            digest.update(name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _read_cache(folder: Path) -> dict[str, bytes] | None:
    """The files kept in folder, or None when the folder is missing, incomplete or altered."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        out = {name: (folder / name).read_bytes() for name in manifest}
        intact = all(hashlib.sha256(data).hexdigest() == manifest[n] for n, data in out.items())
    except (OSError, ValueError, TypeError):
        return None
    return out if intact else None


def _write_cache(folder: Path, made: dict[str, bytes]) -> None:
    """Keep made in folder, the manifest last, so that an interrupted write is
    never read as complete; other keys' folders go, so the cache holds one set."""
    with contextlib.suppress(OSError):
        for old in folder.parent.iterdir() if folder.parent.is_dir() else ():
            if old.is_dir() and old != folder:
                shutil.rmtree(old, ignore_errors=True)
    with contextlib.suppress(OSError):  # fileio.OutputFailed is one
        fileio.write_all([(folder / name, data) for name, data in made.items()], force=True)
        manifest = {name: hashlib.sha256(data).hexdigest() for name, data in made.items()}
        text = json.dumps(manifest, indent=0, sort_keys=True) + "\n"
        fileio.atomic_write(folder / MANIFEST, text.encode(), force=True)


def cached_files(
    catalog: Catalog, catalog_dir: Path, examples: Path, cache: Path | None
) -> dict[str, bytes]:
    """files(), kept in cache under a hash of its sources: a `mkdocs serve` reload
    after a page edit renders no workbook. A cache that cannot be written is
    skipped: the downloads are made as without one."""
    if cache is None:
        return files(catalog, examples)
    folder = cache / "downloads" / source_key(catalog_dir, examples)
    kept = _read_cache(folder)
    if kept is not None:
        return kept
    made = files(catalog, examples)
    _write_cache(folder, made)
    return made


def counts_per_gate(catalog: Catalog, profile: Profile) -> dict[str, int]:
    items = applicable(catalog, profile)
    return {g.id: sum(1 for i in items if i.gate == g.id) for g in catalog.gates}


def main() -> None:  # pragma: no cover - a convenience for maintainers
    catalog = load_catalog()
    for entry in entries(catalog, Path("examples")):
        print(entry.stem, counts_per_gate(catalog, entry.profile))
