from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from generator.catalog.documents import shown_path
from generator.filled.reader import load_with_catalog
from generator.gate import report as check_report
from generator.gate.evaluate import evaluate


def register(sub: Any) -> None:
    p = sub.add_parser(
        "check",
        help="decide a gate from a filled template: GO (exit 0), GO WITH CONDITIONS (3), NO-GO (1)",
    )
    p.add_argument("filled", type=Path, help="filled template (.yaml or .xlsx)")
    p.add_argument("--gate", required=True, choices=["G1", "G2", "G3"], help="the gate to decide")
    p.add_argument("--format", choices=["text", "json", "junit", "markdown"], default="text")
    p.add_argument(
        "--lang",
        choices=["nb", "en"],
        default=None,
        help="language of item titles (default: the template's)",
    )
    p.add_argument(
        "--catalog", type=Path, default=None, help="catalog directory (default: checklists/)"
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:

    catalog, profile = load_with_catalog(args.filled, args.catalog)
    lang = args.lang or profile.lang
    report = evaluate(catalog, profile, args.gate)
    if args.format == "json":
        out = check_report.to_json(report, catalog, profile, lang, shown_path(args.filled))
    elif args.format == "junit":
        out = check_report.to_junit(report, catalog, profile, lang)
    elif args.format == "markdown":
        out = check_report.to_markdown(report, catalog, profile, lang)
    else:
        colour = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        out = check_report.to_text(report, catalog, profile, lang, colour)
    sys.stdout.write(out)
    return report.exit_code
