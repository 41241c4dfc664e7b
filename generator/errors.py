"""User-facing errors: each carries problems that print as one line apiece.

Every problem has a stable code from CODES, so that tools can act on problems
without parsing messages. The CLI turns errors into output and exit codes
(generator/cli/); nothing here prints or decides an exit code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import KW_ONLY, dataclass

from generator.text import one_line

# Every problem code, with what it means. README.md shows this table under
# "Problem codes"; tests keep the two equal and every code in use.
CODES: dict[str, str] = {
    # Reading a file
    "file-missing": "a file the input needs is not there",
    "file-empty": "the file holds no data",
    "file-too-large": "the file is bigger than the limit for its kind",
    "file-unreadable": "the file cannot be read (permissions, a folder, an I/O error)",
    "not-utf8": "the file is not UTF-8 text",
    "nul-byte": "the file contains a NUL byte, so it is not a text file",
    "no-item-files": "the catalog has no items/*.yaml file",
    "file-outside-catalog": "a catalog file is a link that leads outside the catalog folder",
    # YAML
    "yaml-syntax": "the file is not valid YAML",
    "yaml-error": "the YAML parser refused the file for another reason",
    "yaml-tag": "the file uses a YAML tag (!!python/..., !custom); only plain values are allowed",
    "yaml-alias": "the file uses anchors and aliases (&, *), which are not allowed",
    "yaml-duplicate-key": "a mapping has the same key twice",
    "yaml-bad-value": "an unquoted value reads as a date or number that cannot exist",
    "yaml-control-character": "the file contains a control character that YAML does not allow",
    # JSON Schema
    "schema-required": "a required field is missing",
    "schema-unknown-field": "a field the schema does not know",
    "schema-enum": "a value that is not one of the allowed values",
    "schema-type": "a value of the wrong type (text, number, list, mapping, true/false)",
    "schema-empty": "a text that must not be empty is empty",
    "schema-pattern": "a text that does not have the expected form",
    "schema-too-long": "a text longer than allowed",
    "schema-too-few": "a list with fewer entries than required",
    "schema-duplicate-value": "a list that names the same value twice",
    "schema-empty-mapping": "a mapping that must have at least one entry is empty",
    "schema-other": "any other schema violation",
    # Every text and number, whatever the schema says of it
    "text-control-character": "a text holds a control character, or a line break in a one-line field",
    "text-invisible": "a text holds nothing but invisible characters (zero-width spaces, U+FEFF)",
    "number-out-of-range": "a number that is not finite (.inf, .nan) or has more than 15 digits",
    # Catalog rules
    "duplicate-id": "an item ID used by two items",
    "duplicate-entry": "a gate, area, prefix or role ID used twice in catalog.yaml",
    "duplicate-source-key": "a source key used twice in sources.yaml",
    "duplicate-title": "two items with the same title in one language",
    "id-prefix-mismatch": "an item ID whose prefix is not its area's",
    "area-unknown": "an item file for an area catalog.yaml does not have",
    "area-wrong-file": "an area's items in a file not named after the area",
    "owner-unknown": "an owner that is not a role in catalog.yaml",
    "gate-unknown": "a gate that is not a gate in catalog.yaml",
    "source-unknown": "a source key that is not in sources.yaml",
    "since-too-new": "an item's since is newer than the catalog version",
    "deprecated-since-out-of-range": "deprecated.since is before the item's since or after the catalog version",
    "replaced-by-self": "replaced_by names the item itself",
    "replaced-by-unknown": "replaced_by names an item the catalog does not have",
    "replaced-by-deprecated": "replaced_by names an item that is itself deprecated",
    "version-not-in-changes": "the newest changes entry is not for the catalog version",
    "changes-out-of-order": "changes are not newest first with distinct versions",
    "text-html": "a text contains HTML markup",
    "text-placeholder": "a text contains placeholder text (TODO, FIXME, TBD, XXX)",
    "date-invalid": "a catalog date that does not exist, or is not a whole day where one is needed",
    # Profiles and filled templates
    "risk-class-prohibited": "the use case is an AI practice prohibited by the EU AI Act",
    "owner-missing": "a role has no named owner",
    "goal-target-equals-baseline": "an effect goal's target equals its baseline",
    "goal-direction-contradicts": "an effect goal's direction does not match its baseline and target",
    "answer-unknown-item": "an answer for an item the catalog does not have",
    "due-not-a-date": "an answer's due date is not a YYYY-MM-DD date",
    "decision-date-not-a-date": "a decision's date is not a YYYY-MM-DD date",
    "condition-due-not-a-date": "a decision condition's due date is not a YYYY-MM-DD date",
    "condition-item-unknown": "a decision condition names an item the catalog does not have",
    # Workbooks
    "xlsx-not-a-zip": "the workbook is not a zip archive, so not an .xlsx file",
    "xlsx-unreadable": "the workbook cannot be opened as an .xlsx file",
    "xlsx-zip-bomb": "the workbook unpacks to more than the limit",
    "xlsx-damaged": "an entry of the workbook fails its checksum",
    "xlsx-doctype": "a part of the workbook declares a DOCTYPE or XML entities",
    "xlsx-sheets": "the workbook does not have the sheets of a readiness template",
    "xlsx-extra-sheet": "the workbook has a sheet a readiness template does not have",
    "xlsx-column-moved": "a column heading is not the one the template wrote there",
    "xlsx-label-missing": "a row label of the overview sheet is missing",
    "xlsx-not-allowed": "a cell holds a value that is not in its list",
    "xlsx-not-a-number": "a cell that needs a number holds something else",
    "xlsx-goal-incomplete": "an effect goal lacks its baseline or target",
    "xlsx-row-without-id": "a checklist row has answers but no item ID",
    "xlsx-duplicate-row": "an item appears in two checklist rows",
    "xlsx-not-an-id": "column A holds something that is not an item ID",
    "xlsx-not-a-date": "a date cell holds something that is not a date",
    "xlsx-too-many-rows": "a sheet has more rows than a filled template can have",
}


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one input, located as precisely as we can."""

    file: str
    line: int  # 1-based line, or row in a sheet; 0 when the problem concerns the whole file
    item: str  # item ID, or "" when the problem is not about one item
    message: str
    sheet: str = ""  # worksheet name, for problems in a workbook
    _: KW_ONLY
    code: str  # a key of CODES
    allowed: tuple[str, ...] = ()  # the allowed values, when the message names them

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


class UsageError(PlaybookError):
    """The command line itself is wrong (missing path, bad option value)."""


class InvalidInput(PlaybookError):
    """An input file is malformed; carries every problem found in one run."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class OutputExists(PlaybookError):
    """Refuse to overwrite a user's file without --force."""


class OutputFailed(UsageError, OSError):
    """An output cannot be written (a folder that is a file, no permission, a
    full disk, a name too long); nothing was written. Also an OSError, which
    it is, for callers that catch those."""
