from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from generator.catalog.documents import shown_path
from generator.catalog.loader import load_catalog
from generator.catalog.rules import date_problem
from generator.cli import exits
from generator.cli.options import add_catalog
from generator.errors import OutputExists, UsageError
from generator.fileio import atomic_write
from generator.portfolio import collect, render


def register(sub: Any) -> None:
    p = sub.add_parser(
        "portfolio",
        help="one page for every filled template in a folder: next gate, what blocks, what is "
        "overdue, what to reassess (HTML, CSV, JSON); exit 1 when a file could not be read",
    )
    p.add_argument(
        "folder", type=Path, help="folder of filled templates (.yaml, .xlsx), read recursively"
    )
    p.add_argument(
        "--out", type=Path, default=Path("portfolio"), help="output folder (default: portfolio/)"
    )
    p.add_argument(
        "--lang", choices=["nb", "en"], default="nb", help="language of the page (default: nb)"
    )
    p.add_argument(
        "--today",
        default=None,
        help="the date due dates and reviews are judged against, YYYY-MM-DD "
        "(default: the newest decision date in the portfolio; never the clock)",
    )
    p.add_argument("--no-history", action="store_true", help="do not read the folder's git history")
    p.add_argument("--force", action="store_true", help="overwrite files in the output folder")
    add_catalog(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if not args.folder.is_dir():
        raise UsageError(f"{args.folder}: not a folder")
    if args.today is not None and date_problem(args.today):
        raise UsageError(f"--today {args.today!r}: {date_problem(args.today)}; allowed: YYYY-MM-DD")
    catalog = load_catalog(args.catalog)
    portfolio = collect.collect(args.folder, catalog, args.today, with_history=not args.no_history)
    files = render.outputs(portfolio, args.lang)
    targets = [args.out / name for name in files]
    existing = [t for t in targets if t.exists()]
    if existing and not args.force:
        raise OutputExists(f"{shown_path(existing[0])} exists; use --force to overwrite it")
    for target, data in zip(targets, files.values(), strict=True):
        atomic_write(target, data, force=args.force)
    for u in portfolio.unreadable:
        print(u.line(), file=sys.stderr)
    print(
        f"wrote {shown_path(args.out)}/: {len(portfolio.use_cases)} use cases, "
        f"{len(portfolio.unreadable)} unreadable files"
    )
    return exits.EXIT_INVALID if portfolio.unreadable else exits.EXIT_OK
