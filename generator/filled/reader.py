"""Read a filled readiness template, YAML or Excel, into a Profile."""

from __future__ import annotations

from pathlib import Path

from generator.catalog import yamlio
from generator.catalog.documents import Doc, shown_path
from generator.catalog.loader import load_catalog
from generator.errors import InvalidInput, UsageError
from generator.fileio import is_stdio, read_stdin
from generator.filled.profile import load_profile, profile_from_data
from generator.filled.workbook import read_workbook
from generator.model import Catalog, Profile

SUFFIXES = (".yaml", ".yml", ".xlsx")


STDIN_NAME = "<stdin>"


def read_stdin_text() -> str:
    """A YAML document from standard input (`-` as the file), within the limit."""
    text, problems = yamlio.decode(read_stdin(yamlio.MAX_BYTES), STDIN_NAME)
    if text is None:
        raise InvalidInput(problems)
    return text


def load_filled(path: Path, catalog: Catalog) -> Profile:
    if is_stdio(path):
        # Standard input is a YAML filled template; a workbook needs a file.
        return load_profile(STDIN_NAME, catalog, text=read_stdin_text())
    if not path.is_file():
        raise UsageError(f"{path}: file not found")
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageError(f"{path}: expected a filled template ending in {', '.join(SUFFIXES)}")
    if suffix != ".xlsx":
        return load_profile(path, catalog)

    shown = shown_path(path)
    data = read_workbook(path, shown, catalog)
    return profile_from_data(Doc(path, shown, "profile", data=data), catalog)


def load_with_catalog(filled: Path, catalog_dir: Path | None) -> tuple[Catalog, Profile]:
    """The catalog and a filled template, for the commands that judge or move answers."""
    catalog = load_catalog(catalog_dir)
    return catalog, load_filled(filled, catalog)
