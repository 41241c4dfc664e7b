"""Readiness templates for one use case: tailor the catalog to the profile and
render it in each requested format and language."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.catalog.tailor import applicable
from generator.errors import OutputExists
from generator.fileio import atomic_write
from generator.model import Catalog, Profile
from generator.templates.markdown import render_markdown
from generator.templates.workbook import render_xlsx
from generator.templates.yaml_text import render_yaml

FORMATS = ("md", "xlsx", "yaml")


@dataclass(frozen=True)
class Output:
    name: str
    data: bytes


def render(catalog: Catalog, profile: Profile, fmt: str, lang: str, source: str) -> bytes:
    items = applicable(catalog, profile)
    if fmt == "md":
        return render_markdown(catalog, profile, items, lang, source).encode("utf-8")
    if fmt == "yaml":
        return render_yaml(catalog, profile, items, lang).encode("utf-8")
    if fmt == "xlsx":
        return render_xlsx(catalog, profile, items, lang, source)
    raise ValueError(f"unknown format {fmt!r}")


def build(catalog: Catalog, profile: Profile, stem: str, formats: list[str], langs: list[str],
          source: str) -> list[Output]:  # fmt: skip
    return [
        Output(f"{stem}.{lang}.{fmt}", render(catalog, profile, fmt, lang, source))
        for lang in langs
        for fmt in formats
    ]


def write(outputs: list[Output], directory: Path, *, force: bool) -> list[Path]:
    """Write every output, or none: existing files are checked before anything is written."""
    targets = [directory / o.name for o in outputs]
    if not force:
        clashes = [str(t) for t in targets if t.exists()]
        if clashes:
            raise OutputExists(
                f"{', '.join(clashes)} already exist{'s' if len(clashes) == 1 else ''}; use --force to overwrite"
            )
    for target, output in zip(targets, outputs, strict=True):
        atomic_write(target, output.data, force=force)
    return targets
