from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from generator.catalog.documents import shown_path
from generator.cli import exits
from generator.cli.options import add_catalog, add_filled_and_gate
from generator.fileio import atomic_write
from generator.filled.reader import load_with_catalog
from generator.gate import document
from generator.gate.evaluate import evaluate


def register(sub: Any) -> None:
    p = sub.add_parser(
        "report",
        help="write the gate report a steering group decides on (HTML or Markdown)",
    )
    add_filled_and_gate(p)
    p.add_argument("--format", choices=["html", "md"], default="html")
    p.add_argument(
        "--out", type=Path, default=None, help="file to write (default: standard output)"
    )
    p.add_argument("--force", action="store_true", help="overwrite an existing --out file")
    add_catalog(p)
    # Unusable input exits with 2, as for `check`: the report's exit code is its verdict's.
    p.set_defaults(handler=run, invalid_input_exit=exits.EXIT_USAGE)


def run(args: argparse.Namespace) -> int:
    catalog, profile = load_with_catalog(args.filled, args.catalog)
    lang = args.lang or profile.lang
    report = evaluate(catalog, profile, args.gate)
    render = document.render_html if args.format == "html" else document.render_markdown
    text = render(catalog, profile, report, lang, Path(profile.source).name)
    if args.out is None:
        sys.stdout.write(text)
    else:
        atomic_write(args.out, text.encode("utf-8"), force=args.force)
        print(f"wrote {shown_path(args.out)}")
    return exits.for_verdict(report.verdict)
