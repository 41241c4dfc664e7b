from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from generator.cli import exits
from generator.cli.options import add_catalog, add_filled_and_gate
from generator.cli.problems import annotation
from generator.filled.reader import load_with_catalog
from generator.gate import report as check_report
from generator.gate.evaluate import Report, evaluate


def register(sub: Any) -> None:
    p = sub.add_parser(
        "check",
        help="decide a gate from a filled template: GO (exit 0), GO WITH CONDITIONS (3), NO-GO (1)",
    )
    add_filled_and_gate(p)
    p.add_argument(
        "--format",
        choices=["text", "json", "junit", "markdown", "github"],
        default="text",
        help="the report's format; json and github also give problems with the input in that form",
    )
    add_catalog(p)
    # Unusable input exits with 2: 1 is NO-GO here.
    p.set_defaults(handler=run, problem_formats=True, invalid_input_exit=exits.EXIT_USAGE)


def run(args: argparse.Namespace) -> int:

    catalog, profile = load_with_catalog(args.filled, args.catalog)
    lang = args.lang or profile.lang
    report = evaluate(catalog, profile, args.gate)
    if args.format == "json":
        out = check_report.to_json(
            report,
            catalog,
            profile,
            lang,
            profile.source,
            exits.for_verdict(report.verdict),
        )
    elif args.format == "junit":
        out = check_report.to_junit(report, catalog, profile, lang)
    elif args.format == "markdown":
        out = check_report.to_markdown(report, catalog, profile, lang)
    else:
        colour = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        out = check_report.to_text(report, catalog, profile, lang, colour)
        if args.format == "github":
            out += gate_annotations(report, lang, profile.source)
    sys.stdout.write(out)
    return exits.for_verdict(report.verdict)


def gate_annotations(report: Report, lang: str, file: str) -> str:
    """An ::error per blocking item and a ::warning per condition, on the filled template."""
    lines = []
    for level, results, what in (
        ("error", report.blocking, "blocks"),
        ("warning", report.conditions, "is a condition for"),
    ):
        for r in results:
            title = f"{r.item.id} {what} {report.gate}"
            message = f"{r.item.id}: {r.item.title[lang]} ({check_report.reason_words(r, lang)})"
            lines.append(annotation(level, message, file, title=title))
    return "".join(line + "\n" for line in lines)
