"""Problems as output: the one-line text form, JSON, and GitHub Actions annotations.

Text goes to stderr as it always has. JSON and annotations go to stdout, for a
program or the Actions runner to read.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import TextIO
from xml.etree import ElementTree as ET

from generator.errors import Problem
from generator.text import one_line, xml_text

FORMATS = ("text", "json", "github")
# `check --format junit` gives its problems as a JUnit document too: a CI that
# reads the report file must get a well-formed one whatever the input was.
ALL_FORMATS = (*FORMATS, "junit")


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
    """One workflow command, e.g. ::error file=F,line=L,title=T::MESSAGE.

    Line breaks are escaped as @actions/core does, every other control character
    as one_line does (shown as \\xNN), so that
    nothing in a message can end the command or start another."""
    props = []
    if file:
        props.append(f"file={one_line(escape_property(file))}")
    if line:
        props.append(f"line={line}")
    if title:
        props.append(f"title={one_line(escape_property(title))}")
    head = f"::{level}" + (" " + ",".join(props) if props else "")
    return f"{head}::{one_line(escape_data(message))}"


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


def as_junit(problems: Sequence[Problem]) -> str:
    """The problems as a JUnit document: one test case in error per problem."""
    suites = ET.Element(
        "testsuites", name="playbook check", tests=str(len(problems)), failures="0",
        errors=str(len(problems)), time="0",
    )  # fmt: skip
    suite = ET.SubElement(
        suites, "testsuite", name="input", tests=str(len(problems)), failures="0",
        errors=str(len(problems)), skipped="0", time="0",
    )  # fmt: skip
    for p in problems:
        where = p.file + (f":{p.sheet}" if p.sheet else "") + (f":{p.line}" if p.line else "")
        case = ET.SubElement(
            suite, "testcase", classname="input", name=xml_text(f"{where} {p.code}"), time="0"
        )
        error = ET.SubElement(case, "error", message=xml_text(p.message), type=p.code)
        error.text = xml_text(str(p))
    ET.indent(suites)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
    )


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
    elif fmt == "junit":
        out.write(as_junit(problems))
        count = len(problems)
        err.write(f"{count} problem{'s' if count != 1 else ''} found\n")
    elif fmt == "github":
        out.write(as_github(problems))
        count = len(problems)
        err.write(f"{count} problem{'s' if count != 1 else ''} found\n")
    else:
        err.write(as_text(problems))
