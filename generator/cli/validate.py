from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from generator.catalog.loader import load_catalog
from generator.cli import problems
from generator.cli.exits import EXIT_OK


def register(sub: Any) -> None:
    p = sub.add_parser("validate", help="check the catalog against its schema and rules")
    p.add_argument(
        "catalog",
        nargs="?",
        type=Path,
        default=None,
        help="catalog directory (default: checklists/)",
    )
    p.add_argument(
        "--format",
        choices=problems.FORMATS,
        default="text",
        help="how to print problems: text lines, JSON on stdout, or GitHub Actions annotations",
    )
    p.set_defaults(handler=run, problem_formats=True)


def run(args: argparse.Namespace) -> int:

    start = time.perf_counter()
    catalog = load_catalog(args.catalog)
    elapsed = time.perf_counter() - start
    if args.format == "json":
        # stdout under json is always the problems document, here with none in it.
        print(problems.as_json([]), end="")
        return EXIT_OK
    active = catalog.active_items
    print(
        f"ok: catalog {catalog.version} is valid: {len(active)} items in use"
        f" ({len(catalog.items) - len(active)} deprecated), {len(catalog.gates)} gates,"
        f" {len(catalog.areas)} areas, {len(catalog.sources)} sources ({elapsed * 1000:.0f} ms)"
    )
    return EXIT_OK
