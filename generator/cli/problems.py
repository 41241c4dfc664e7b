"""Problems as output: the one-line text form, JSON, and GitHub Actions annotations.

Text goes to stderr as it always has. JSON and annotations go to stdout, for a
program or the Actions runner to read.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import TextIO

from generator.errors import Problem

FORMATS = ("text", "json", "github")


def as_text(problems: Sequence[Problem]) -> str:
    count = len(problems)
    lines = [str(p) for p in problems]
    lines.append(f"{count} problem{'s' if count != 1 else ''} found")
    return "\n".join(lines) + "\n"


def as_data(problem: Problem) -> dict[str, object]:
    return {
        "code": problem.code,
        "file": problem.file,
        "line": problem.line,
        "sheet": problem.sheet,
        "item": problem.item,
        "message": problem.message,
        "allowed": list(problem.allowed),
    }


def as_json(problems: Sequence[Problem]) -> str:
    data = {"problems": [as_data(p) for p in problems], "count": len(problems)}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# Escaping as in @actions/core (packages/core/src/command.ts): escapeData for
# the message, escapeProperty for property values.
def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, message: str, file: str = "", line: int = 0, title: str = "") -> str:
    """One workflow command, e.g. ::error file=F,line=L,title=T::MESSAGE."""
    props = []
    if file:
        props.append(f"file={escape_property(file)}")
    if line:
        props.append(f"line={line}")
    if title:
        props.append(f"title={escape_property(title)}")
    head = f"::{level}" + (" " + ",".join(props) if props else "")
    return f"{head}::{escape_data(message)}"


def as_github(problems: Sequence[Problem]) -> str:
    lines = []
    for p in problems:
        message = f"{p.item}: {p.message}" if p.item else p.message
        line = p.line
        if p.sheet:
            # A row of a sheet is no line of the file: it goes into the message.
            message = f"{p.sheet}{f':{p.line}' if p.line else ''}: {message}"
            line = 0
        lines.append(annotation("error", message, p.file, line, p.code))
    return "\n".join(lines) + "\n" if lines else ""


def report(
    problems: Sequence[Problem],
    fmt: str,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> None:
    """Print problems in the format asked for (one of FORMATS)."""
    out = out or sys.stdout
    err = err or sys.stderr
    if fmt == "json":
        out.write(as_json(problems))
    elif fmt == "github":
        out.write(as_github(problems))
        count = len(problems)
        err.write(f"{count} problem{'s' if count != 1 else ''} found\n")
    else:
        err.write(as_text(problems))
