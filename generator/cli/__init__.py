"""The `playbook` command: a thin layer that parses arguments, calls the core
and turns PlaybookError into messages (generator/cli/problems.py) and the
documented exit codes (generator/cli/exits.py).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

from generator.cli import exits, problems
from generator.errors import InvalidInput, PlaybookError

Handler = Callable[[argparse.Namespace], int]

# One module per subcommand in this package, each with register(subparsers);
# the order here is the order in `playbook --help`.
COMMANDS = ("validate", "template", "check", "report", "portfolio", "upgrade", "new-item", "diff")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"playbook: error: {message}\n")
        sys.exit(exits.EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="playbook", description="Checklists for taking AI from pilot to production."
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name in COMMANDS:
        importlib.import_module(f"generator.cli.{name.replace('-', '_')}").register(sub)
    return parser


def problem_format(args: argparse.Namespace) -> str:
    """How this run prints problems: --format json or github for the commands that
    offer them (set_defaults(problem_formats=True)), else text."""
    fmt = getattr(args, "format", "text")
    if getattr(args, "problem_formats", False) and fmt in problems.ALL_FORMATS:
        return str(fmt)
    return "text"


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except InvalidInput as exc:
        problems.report(exc.problems, problem_format(args))
        # `check` and `upgrade` say 2 for unusable input: 1 means NO-GO there.
        return exits.for_error(exc, getattr(args, "invalid_input_exit", exits.EXIT_INVALID))
    except PlaybookError as exc:
        print(f"playbook: error: {exc}", file=sys.stderr)
        return exits.for_error(exc)
    except KeyboardInterrupt:
        return exits.EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
