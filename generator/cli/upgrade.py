from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from generator.catalog.documents import shown_path
from generator.cli.exits import EXIT_OK, EXIT_USAGE
from generator.cli.options import add_catalog
from generator.errors import OutputExists, UsageError
from generator.fileio import atomic_write
from generator.filled.reader import load_with_catalog
from generator.filled.upgrade import describe, items_to_write, upgrade
from generator.templates.workbook import render_xlsx
from generator.templates.yaml_text import render_yaml


def register(sub: Any) -> None:
    p = sub.add_parser(
        "upgrade", help="carry a filled template's answers over to the current catalog"
    )
    p.add_argument("filled", type=Path, help="filled template (.yaml or .xlsx)")
    where = p.add_mutually_exclusive_group()
    where.add_argument(
        "--out", type=Path, help="write the upgraded template here (same format as the input)"
    )
    where.add_argument(
        "--in-place", action="store_true", help="replace the input, keeping a .bak copy"
    )
    p.add_argument(
        "--force", action="store_true", help="overwrite an existing --out file or .bak backup"
    )
    add_catalog(p)
    p.set_defaults(handler=run, invalid_input_exit=EXIT_USAGE)


def run(args: argparse.Namespace) -> int:

    catalog, profile = load_with_catalog(args.filled, args.catalog)
    upgraded, report = upgrade(catalog, profile)
    for line in describe(report):
        print(line)
    target = args.filled if args.in_place else args.out
    if target is None:
        print("dry run: nothing written; use --out FILE or --in-place", file=sys.stderr)
        return EXIT_OK
    if target.suffix.lower() != args.filled.suffix.lower():
        raise UsageError(
            f"{target}: the upgraded template keeps the input's format ({args.filled.suffix})"
        )
    items = items_to_write(catalog, upgraded)
    if args.filled.suffix.lower() == ".xlsx":
        data = render_xlsx(catalog, upgraded, items, upgraded.lang, args.filled.name)
    else:
        data = render_yaml(catalog, upgraded, items, upgraded.lang).encode("utf-8")
    if args.in_place:
        backup = args.filled.with_name(args.filled.name + ".bak")
        if backup.exists() and not args.force:
            raise OutputExists(f"{backup} exists; use --force to replace the backup")
        atomic_write(backup, args.filled.read_bytes(), force=True)
        print(f"backup: {shown_path(backup)}")
    atomic_write(target, data, force=args.in_place or args.force)
    print(f"wrote {shown_path(target)}")
    return EXIT_OK
