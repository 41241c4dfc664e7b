"""User-facing errors: each carries problems that print as one line apiece.

The CLI turns these into messages and exit codes; nothing here prints.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from generator.text import one_line

# Exit codes, documented in README.md.
EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one input, located as precisely as we can."""

    file: str
    line: int  # 1-based line, or row in a sheet; 0 when the problem concerns the whole file
    item: str  # item ID, or "" when the problem is not about one item
    message: str
    sheet: str = ""  # worksheet name, for problems in a workbook

    def __str__(self) -> str:
        where = self.file
        if self.sheet:
            where += f":{self.sheet}"
        if self.line:
            where += f":{self.line}"
        who = f" {self.item}:" if self.item else ""
        return one_line(f"{where}:{who} {self.message}")


class PlaybookError(Exception):
    """Base of every error a user can cause. Never shown as a traceback."""

    exit_code = EXIT_INVALID


class UsageError(PlaybookError):
    """The command line itself is wrong (missing path, bad option value)."""

    exit_code = EXIT_USAGE


class InvalidInput(PlaybookError):
    """An input file is malformed; carries every problem found in one run."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class OutputExists(PlaybookError):
    """Refuse to overwrite a user's file without --force."""

    exit_code = EXIT_USAGE
