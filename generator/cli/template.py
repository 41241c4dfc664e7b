from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from generator import templates
from generator.catalog.documents import shown_path
from generator.catalog.loader import load_catalog
from generator.cli.exits import EXIT_OK
from generator.cli.options import add_catalog
from generator.errors import OutputFailed, UsageError
from generator.fileio import is_stdio, write_all
from generator.filled.profile import load_profile
from generator.filled.reader import STDIN_NAME, read_stdin_text


def register(sub: Any) -> None:
    p = sub.add_parser("template", help="write a readiness template tailored to a use-case profile")
    p.add_argument("profile", type=Path, help="use-case profile (YAML; - reads standard input)")
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
    if is_stdio(args.profile):
        # Outputs are named after the profile's file; from standard input, "profile".
        stem, source = "profile", STDIN_NAME
        profile = load_profile(STDIN_NAME, catalog, text=read_stdin_text())
    else:
        if not args.profile.is_file():
            raise UsageError(f"{args.profile}: profile not found")
        stem, source = args.profile.stem, args.profile.name
        profile = load_profile(args.profile, catalog)
    if os.path.lexists(args.out) and not args.out.is_dir():
        raise OutputFailed(f"{args.out}: --out names a file; give a folder for the templates")
    langs = ["nb", "en"] if args.lang == "all" else [args.lang or profile.lang]
    formats = list(templates.FORMATS) if args.format == "all" else [args.format]
    outputs = templates.build(catalog, profile, stem, formats, langs, source)
    # All or nothing: every file is written before any is put in place.
    targets = [(args.out / o.name, o.data) for o in outputs]
    write_all(targets, force=args.force)
    for path, _ in targets:
        print(f"wrote {shown_path(path)}")
    return EXIT_OK
