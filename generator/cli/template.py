from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from generator import templates
from generator.catalog.documents import shown_path
from generator.catalog.loader import load_catalog
from generator.cli.exits import EXIT_OK
from generator.cli.options import add_catalog
from generator.errors import UsageError
from generator.filled.profile import load_profile


def register(sub: Any) -> None:
    p = sub.add_parser("template", help="write a readiness template tailored to a use-case profile")
    p.add_argument("profile", type=Path, help="use-case profile (YAML)")
    p.add_argument("--lang", choices=["nb", "en", "all"], default=None,
                   help="language of the template (default: the profile's lang, else nb)")  # fmt: skip
    p.add_argument("--format", choices=["md", "xlsx", "yaml", "all"], default="all",
                   help="output format (default: all three)")  # fmt: skip
    p.add_argument("--out", type=Path, default=Path("."), help="output directory (default: .)")
    p.add_argument("--force", action="store_true", help="overwrite existing files")
    add_catalog(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:

    catalog = load_catalog(args.catalog)
    if not args.profile.is_file():
        raise UsageError(f"{args.profile}: profile not found")
    profile = load_profile(args.profile, catalog)
    langs = ["nb", "en"] if args.lang == "all" else [args.lang or profile.lang]
    formats = list(templates.FORMATS) if args.format == "all" else [args.format]
    outputs = templates.build(
        catalog, profile, args.profile.stem, formats, langs, args.profile.name
    )
    for path in templates.write(outputs, args.out, force=args.force):
        print(f"wrote {shown_path(path)}")
    return EXIT_OK
