"""The `playbook` command: a thin layer that parses arguments, calls the core
and turns PlaybookError into one-line messages and documented exit codes.

Exit codes: 0 ok (GO for `check`), 1 invalid input (NO-GO for `check`),
2 usage error or unusable input, 3 GO WITH CONDITIONS (`check` only).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

from generator.errors import EXIT_USAGE, InvalidInput, PlaybookError

Handler = Callable[[argparse.Namespace], int]

# One module per subcommand in this package, each with register(subparsers);
# the order here is the order in `playbook --help`.
COMMANDS = ("validate", "template", "check", "upgrade", "new-item", "diff")


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
    for name in COMMANDS:
        importlib.import_module(f"generator.cli.{name.replace('-', '_')}").register(sub)
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
