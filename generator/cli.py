"""The `playbook` command: a thin layer that parses arguments, calls the core
and turns PlaybookError into one-line messages and documented exit codes.

Exit codes: 0 ok, 1 invalid input (or NO-GO for `check`), 2 usage error or
unusable input, 3 GO WITH CONDITIONS (`check` only).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from generator.errors import EXIT_OK, EXIT_USAGE, InvalidInput, PlaybookError, UsageError

Handler = Callable[[argparse.Namespace], int]


def _validate(args: argparse.Namespace) -> int:
    from generator.catalog import load_catalog

    start = time.perf_counter()
    catalog = load_catalog(args.catalog)
    elapsed = time.perf_counter() - start
    active = catalog.active_items
    print(
        f"ok: catalog {catalog.version} is valid: {len(active)} items in use"
        f" ({len(catalog.items) - len(active)} deprecated), {len(catalog.gates)} gates,"
        f" {len(catalog.areas)} areas, {len(catalog.sources)} sources ({elapsed * 1000:.0f} ms)"
    )
    return EXIT_OK


def _template(args: argparse.Namespace) -> int:
    from generator import templates
    from generator.catalog import load_catalog
    from generator.documents import shown_path
    from generator.profile import load_profile

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


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"playbook: error: {message}\n")
        sys.exit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="playbook", description="Checklists for taking AI from pilot to production."
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    p = sub.add_parser("validate", help="check the catalog against its schema and rules")
    p.add_argument(
        "catalog",
        nargs="?",
        type=Path,
        default=None,
        help="catalog directory (default: checklists/)",
    )
    p.set_defaults(handler=_validate)

    p = sub.add_parser("template", help="write a readiness template tailored to a use-case profile")
    p.add_argument("profile", type=Path, help="use-case profile (YAML)")
    p.add_argument(
        "--lang",
        choices=["nb", "en", "all"],
        default=None,
        help="language of the template (default: the profile's lang, else nb)",
    )
    p.add_argument(
        "--format",
        choices=["md", "xlsx", "yaml", "all"],
        default="all",
        help="output format (default: all three)",
    )
    p.add_argument("--out", type=Path, default=Path("."), help="output directory (default: .)")
    p.add_argument("--force", action="store_true", help="overwrite existing files")
    p.add_argument(
        "--catalog", type=Path, default=None, help="catalog directory (default: checklists/)"
    )
    p.set_defaults(handler=_template)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except InvalidInput as exc:
        for problem in exc.problems:
            print(str(problem), file=sys.stderr)
        count = len(exc.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found", file=sys.stderr)
        return exc.exit_code
    except PlaybookError as exc:
        print(f"playbook: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
