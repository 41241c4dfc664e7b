from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from generator.catalog.documents import shown_path
from generator.cli.exits import EXIT_OK, EXIT_USAGE
from generator.cli.options import add_catalog
from generator.errors import OutputExists, OutputFailed, UsageError
from generator.fileio import is_stdio, mode_of, why, write_all
from generator.filled.reader import STDIN_NAME, load_with_catalog
from generator.filled.upgrade import describe, items_to_write, upgrade
from generator.filled.workbook import cells_outside_the_template
from generator.gate.report import profile_lines
from generator.templates.workbook import render_xlsx
from generator.templates.yaml_text import render_yaml


def register(sub: Any) -> None:
    p = sub.add_parser(
        "upgrade", help="carry a filled template's answers over to the current catalog"
    )
    p.add_argument(
        "filled",
        type=Path,
        help="filled template (.yaml or .xlsx; - reads YAML from standard input)",
    )
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

    if is_stdio(args.filled) and args.in_place:
        raise UsageError(
            "--in-place needs a file; standard input (-) can only be upgraded --out FILE"
        )
    catalog, profile = load_with_catalog(args.filled, args.catalog)
    if not is_stdio(args.filled) and args.filled.suffix.lower() == ".xlsx":
        outside = cells_outside_the_template(args.filled)
        if outside:
            shown = ", ".join(outside[:10]) + (
                f" and {len(outside) - 10} more" if len(outside) > 10 else ""
            )
            raise UsageError(
                f"{shown_path(args.filled)}: cells outside the template's columns would be lost"
                f" in the upgraded workbook: {shown}; move what they hold into the comment column"
                " (or the goals' and decisions' own columns) and upgrade again"
            )
    upgraded, report = upgrade(catalog, profile)
    for line in describe(report):
        print(line)
    # A field the old catalog did not ask for is left unanswered: say so, and how.
    for line in profile_lines(upgraded, "en"):  # as describe(): upgrade speaks English
        print(f"needs an answer: {line}")
    target = args.filled if args.in_place else args.out
    if target is None:
        print("dry run: nothing written; use --out FILE or --in-place", file=sys.stderr)
        return EXIT_OK
    suffix = ".yaml" if is_stdio(args.filled) else args.filled.suffix.lower()
    if target.suffix.lower() not in (
        (".yaml", ".yml") if suffix in (".yaml", ".yml") else (suffix,)
    ):
        raise UsageError(f"{target}: the upgraded template keeps the input's format ({suffix})")
    items = items_to_write(catalog, upgraded)
    source = STDIN_NAME if is_stdio(args.filled) else args.filled.name
    if suffix == ".xlsx":
        data = render_xlsx(catalog, upgraded, items, upgraded.lang, source)
    else:
        data = render_yaml(catalog, upgraded, items, upgraded.lang).encode("utf-8")
    if not args.in_place:
        write_all([(target, data)], force=args.force)
        print(f"wrote {shown_path(target)}")
        return EXIT_OK
    backup = args.filled.with_name(args.filled.name + ".bak")
    if os.path.lexists(backup) and not args.force:
        raise OutputExists(f"{backup} exists; use --force to replace the backup")
    try:
        original, mode = args.filled.read_bytes(), mode_of(args.filled)
    except OSError as exc:
        raise OutputFailed(
            f"{args.filled}: cannot read it again for the backup: {why(exc)}"
        ) from None
    # The backup and the upgraded file together, or neither; both keep the original's mode.
    write_all([(backup, original), (target, data)], force=True, modes={backup: mode, target: mode})
    print(f"backup: {shown_path(backup)}")
    print(f"wrote {shown_path(target)}")
    return EXIT_OK
