"""Exit codes: the CLI's policy, documented in README.md under "Exit codes".

The core raises errors of a kind (a class) and gives verdicts; only this module
turns them into numbers.
"""

from __future__ import annotations

from generator.errors import InvalidInput, OutputExists, PlaybookError, UsageError
from generator.gate.evaluate import GO, GO_WITH_CONDITIONS, NO_GO

EXIT_OK = 0  # success; for `check`: GO
EXIT_INVALID = 1  # invalid input; for `check`: NO-GO
EXIT_USAGE = 2  # usage error or unusable input
EXIT_CONDITIONS = 3  # `check` only: GO WITH CONDITIONS
EXIT_INTERRUPTED = 130  # Ctrl-C

VERDICT_EXIT = {GO: EXIT_OK, GO_WITH_CONDITIONS: EXIT_CONDITIONS, NO_GO: EXIT_INVALID}


def for_verdict(verdict: str) -> int:
    return VERDICT_EXIT[verdict]


def for_error(exc: PlaybookError, invalid_input: int = EXIT_INVALID) -> int:
    """The exit code for an error. invalid_input is EXIT_USAGE for the commands
    (`check`, `upgrade`) where 1 already means something else (NO-GO)."""
    if isinstance(exc, UsageError | OutputExists):
        return EXIT_USAGE
    if isinstance(exc, InvalidInput):
        return invalid_input
    return EXIT_INVALID
