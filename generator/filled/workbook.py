"""Read a readiness workbook back (after a person filled it in Excel or
LibreOffice) into the same data a YAML filled template holds.

The workbook is untrusted: its size and its unpacked size are limited before
openpyxl sees it (zip bombs), and openpyxl parses XML with defusedxml, a
declared dependency, so entity expansion is refused. Every problem names the
sheet and row.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

from generator.errors import InvalidInput, Problem
from generator.model import AI_TYPES, RISK_CLASSES, USER_GROUPS, Catalog
from generator.templates.workbook import CHECKLIST_COLUMNS
from generator.words import LABELS, decision_from_label, status_from_label

_ITEM_ID = re.compile(r"^[A-Z]{3}-[0-9]{3}$")
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
SHEETS = ("sheet_overview", "sheet_checklist", "sheet_goals", "sheet_decisions")
GOAL_COLUMNS = ("kpi", "unit", "baseline", "target", "direction", "measured_by", "measured")
DECISION_COLUMNS = ("gate", "question", "date", "decision", "decided_by", "conditions")


class _Reader:
    def __init__(self, shown: str, catalog: Catalog) -> None:
        self.shown = shown
        self.catalog = catalog
        self.problems: list[Problem] = []

    def fail(
        self,
        sheet: str,
        row: int,
        item: str,
        message: str,
        *,
        code: str,
        allowed: tuple[str, ...] = (),
    ) -> None:
        self.problems.append(
            Problem(self.shown, row, item, message, sheet, code=code, allowed=allowed)
        )


def _guard(raw: bytes, shown: str) -> list[Problem]:
    if len(raw) > MAX_FILE_BYTES:
        return [
            Problem(
                shown,
                0,
                "",
                f"file is {len(raw)} bytes; the limit for a workbook is {MAX_FILE_BYTES}",
                code="file-too-large",
            )
        ]
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        return [
            Problem(
                shown,
                0,
                "",
                "not an Excel workbook (.xlsx): the file is not a zip archive; it may be truncated or saved in another format",
                code="xlsx-not-a-zip",
            )
        ]
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            unpacked = sum(i.file_size for i in z.infolist())
            broken = z.testzip()
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        return [Problem(shown, 0, "", f"not a readable .xlsx file: {exc}", code="xlsx-unreadable")]
    if unpacked > MAX_UNPACKED_BYTES:
        return [
            Problem(
                shown,
                0,
                "",
                f"unpacks to {unpacked} bytes; the limit is {MAX_UNPACKED_BYTES} (a zip bomb, or not a filled template)",
                code="xlsx-zip-bomb",
            )
        ]
    if broken:
        return [
            Problem(
                shown,
                0,
                "",
                f"damaged .xlsx file: entry {broken} fails its checksum",
                code="xlsx-damaged",
            )
        ]
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        for info in z.infolist():
            # A DOCTYPE can only sit in the prolog; workbooks written by Excel,
            # LibreOffice or openpyxl never carry one, and entities are how XML bombs work.
            with z.open(info) as part:
                head = part.read(2048)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                return [
                    Problem(
                        shown,
                        0,
                        "",
                        f"{info.filename} declares a DOCTYPE or XML entities, which a workbook never needs; refused for safety",
                        code="xlsx-doctype",
                    )
                ]
    return []


def read_workbook(path: Path, shown: str, catalog: Catalog) -> dict[str, Any]:
    """Return profile-shaped data; raise InvalidInput with every problem found."""
    import openpyxl  # only the xlsx path pays for this import

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(
            [
                Problem(
                    shown, 0, "", f"cannot read file: {exc.strerror or exc}", code="file-unreadable"
                )
            ]
        ) from None
    problems = _guard(raw, shown)
    if problems:
        raise InvalidInput(problems)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(raw), data_only=False)
    except Exception as exc:  # openpyxl raises many types for broken files
        raise InvalidInput(
            [
                Problem(
                    shown,
                    0,
                    "",
                    f"not a readable .xlsx workbook: {type(exc).__name__}: {exc}",
                    code="xlsx-unreadable",
                )
            ]
        ) from None
    reader = _Reader(shown, catalog)
    lang = _language(wb.sheetnames, reader)
    if lang is None:
        raise InvalidInput(reader.problems)
    names = {key: LABELS[lang][key] for key in SHEETS}
    data: dict[str, Any] = {"lang": lang}
    _overview(wb[names["sheet_overview"]], lang, data, reader)
    data["answers"] = _checklist(wb[names["sheet_checklist"]], lang, reader)
    data["effect_goals"] = _goals(wb[names["sheet_goals"]], lang, reader)
    data["decisions"] = _decisions(wb[names["sheet_decisions"]], lang, reader)
    if reader.problems:
        raise InvalidInput(reader.problems)
    return data


def _language(sheetnames: list[str], reader: _Reader) -> str | None:
    for lang, labels in LABELS.items():
        expected = [labels[k] for k in SHEETS]
        if all(name in sheetnames for name in expected):
            extra = [n for n in sheetnames if n not in expected]
            if extra:
                reader.fail(
                    extra[0],
                    0,
                    "",
                    f"unexpected sheet '{extra[0]}'; a filled template has exactly the sheets {', '.join(expected)}",
                    code="xlsx-extra-sheet",
                    allowed=tuple(expected),
                )
                return None
            return lang
    expected_any = " / ".join(", ".join(labels[k] for k in SHEETS) for labels in LABELS.values())
    reader.fail(
        "",
        0,
        "",
        f"sheets {', '.join(sheetnames)} are not those of a readiness template; expected {expected_any}",
        code="xlsx-sheets",
    )
    return None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _number(value: Any) -> float | None:
    """A number from a cell; accepts a Norwegian decimal comma typed as text."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int | float):
        return value
    return float(str(value).strip().replace("\u00a0", "").replace(" ", "").replace(",", "."))


def _code(text: str, lang: str, codes: tuple[str, ...]) -> str | None:
    for code in codes:
        if text.casefold() in (code, LABELS[lang][code].casefold()):
            return code
    return None


def _header(ws: Any, names: tuple[str, ...], lang: str, reader: _Reader) -> bool:
    from openpyxl.utils import get_column_letter

    for col, name in enumerate(names, start=1):
        found = _text(ws.cell(row=1, column=col).value)
        wanted = LABELS[lang][name]
        if found != wanted:
            reader.fail(
                ws.title,
                1,
                "",
                f"column {get_column_letter(col)} is headed '{found}' but should be '{wanted}'; columns may not be moved, inserted or removed",
                code="xlsx-column-moved",
            )
            return False
    return True


def _overview(ws: Any, lang: str, data: dict[str, Any], reader: _Reader) -> None:
    labels = LABELS[lang]
    by_label = {
        labels[k]: k
        for k in (
            "use_case",
            "description",
            "ai_type",
            "risk_class_long",
            "personal_data",
            "users",
            "catalog_version",
            "generated_from",
            "language",
        )
    }
    roles = {r.title[lang]: r.id for r in reader.catalog.roles}
    facts: dict[str, tuple[int, str]] = {}
    owners: dict[str, str] = {}
    for row in range(1, ws.max_row + 1):
        key = _text(ws.cell(row=row, column=1).value)
        if key in by_label:
            facts[by_label[key]] = (row, _text(ws.cell(row=row, column=2).value))
        elif key in roles:
            name = _text(ws.cell(row=row, column=3).value)
            if name:
                owners[roles[key]] = name
    for key in (
        "use_case",
        "ai_type",
        "risk_class_long",
        "personal_data",
        "users",
        "catalog_version",
    ):
        if key not in facts:
            reader.fail(
                ws.title,
                0,
                "",
                f"no row labelled '{labels[key]}' in column A; do not edit the labels of the overview",
                code="xlsx-label-missing",
            )
    if reader.problems:
        return
    data["name"] = facts["use_case"][1]
    data["description"] = facts.get("description", (0, ""))[1] or "-"
    data["catalog_version"] = facts["catalog_version"][1]
    for key, field, codes in (
        ("ai_type", "ai_type", AI_TYPES),
        ("risk_class_long", "risk_class", RISK_CLASSES),
        ("users", "users", USER_GROUPS),
    ):
        row, text = facts[key]
        code = _code(text, lang, codes)
        if code is None:
            reader.fail(
                ws.title,
                row,
                "",
                f"{labels[key]}: '{text}' is not allowed; allowed: {', '.join(labels[c] for c in codes)}",
                code="xlsx-not-allowed",
                allowed=tuple(labels[c] for c in codes),
            )
        data[field] = code
    row, text = facts["personal_data"]
    yes_no = {labels["yes"].casefold(): True, labels["no"].casefold(): False}
    if text.casefold() not in yes_no:
        reader.fail(
            ws.title,
            row,
            "",
            f"{labels['personal_data']}: '{text}' is not allowed; allowed: {labels['yes']}, {labels['no']}",
            code="xlsx-not-allowed",
            allowed=(labels["yes"], labels["no"]),
        )
    data["personal_data"] = yes_no.get(text.casefold(), False)
    data["owners"] = owners


def _checklist(ws: Any, lang: str, reader: _Reader) -> dict[str, dict[str, str]]:
    if not _header(ws, CHECKLIST_COLUMNS, lang, reader):
        return {}
    col = {name: i + 1 for i, name in enumerate(CHECKLIST_COLUMNS)}
    known = {i.id for i in reader.catalog.items}
    answers: dict[str, dict[str, str]] = {}
    for row in range(2, ws.max_row + 1):
        item = _text(ws.cell(row=row, column=col["id"]).value)
        values = {
            n: _text(ws.cell(row=row, column=col[n]).value)
            for n in ("status", "evidence", "due", "comment")
        }
        if not item:
            if any(values.values()):
                reader.fail(
                    ws.title,
                    row,
                    "",
                    "row has answers but no item ID in column A",
                    code="xlsx-row-without-id",
                )
            continue
        if item in answers:
            reader.fail(
                ws.title,
                row,
                item,
                "item appears twice; each item has one row",
                code="xlsx-duplicate-row",
            )
            continue
        if item not in known and not _ITEM_ID.match(item):
            reader.fail(
                ws.title,
                row,
                item,
                "not an item ID; column A holds IDs such as VAL-001",
                code="xlsx-not-an-id",
            )
            continue
        status = status_from_label(values["status"]) if values["status"] else "open"
        if status is None:
            labels = tuple(
                LABELS[lang][f"status_{s}"] for s in ("open", "in-progress", "done", "n/a")
            )
            reader.fail(
                ws.title,
                row,
                item,
                f"status '{values['status']}' is not allowed; allowed: {', '.join(labels)}",
                code="xlsx-not-allowed",
                allowed=labels,
            )
            continue
        answers[item] = {
            "status": status,
            "evidence": values["evidence"],
            "due": values["due"],
            "comment": values["comment"],
        }
    return answers


def _goals(ws: Any, lang: str, reader: _Reader) -> list[dict[str, Any]]:
    if not _header(ws, GOAL_COLUMNS, lang, reader):
        return []
    goals = []
    for row in range(2, ws.max_row + 1):
        cells = {name: ws.cell(row=row, column=i + 1).value for i, name in enumerate(GOAL_COLUMNS)}
        if all(v is None or _text(v) == "" for v in cells.values()):
            continue
        goal: dict[str, Any] = {k: _text(cells[k]) for k in ("kpi", "unit", "measured_by")}
        for key in ("baseline", "target", "measured"):
            try:
                goal[key] = _number(cells[key])
            except ValueError:
                reader.fail(
                    ws.title,
                    row,
                    "",
                    f"{LABELS[lang][key]}: '{_text(cells[key])}' is not a number",
                    code="xlsx-not-a-number",
                )
        direction = _code(_text(cells["direction"]), lang, ("higher", "lower"))
        if direction is None:
            reader.fail(
                ws.title,
                row,
                "",
                f"{LABELS[lang]['direction']}: '{_text(cells['direction'])}' is not allowed; allowed: {LABELS[lang]['higher']}, {LABELS[lang]['lower']}",
                code="xlsx-not-allowed",
                allowed=(LABELS[lang]["higher"], LABELS[lang]["lower"]),
            )
        goal["direction"] = direction
        for key in ("baseline", "target"):
            if goal.get(key) is None and not any(
                p.sheet == ws.title and p.line == row for p in reader.problems
            ):
                reader.fail(
                    ws.title,
                    row,
                    "",
                    f"{LABELS[lang][key]} is empty; every effect goal needs a baseline and a target",
                    code="xlsx-goal-incomplete",
                )
        goals.append(goal)
    return goals


def _decisions(ws: Any, lang: str, reader: _Reader) -> dict[str, dict[str, str]]:
    if not _header(ws, DECISION_COLUMNS, lang, reader):
        return {}
    gates = [g.id for g in reader.catalog.gates]
    out: dict[str, dict[str, str]] = {}
    for row in range(2, ws.max_row + 1):
        gate = _text(ws.cell(row=row, column=1).value)
        if not gate:
            continue
        if gate not in gates:
            reader.fail(
                ws.title,
                row,
                "",
                f"gate '{gate}' is not a gate; allowed: {', '.join(gates)}",
                code="gate-unknown",
                allowed=tuple(gates),
            )
            continue
        values = {
            n: _text(ws.cell(row=row, column=i + 1).value) for i, n in enumerate(DECISION_COLUMNS)
        }
        decision = decision_from_label(values["decision"])
        if decision is None:
            labels = tuple(
                LABELS[lang][f"decision_{d}"] for d in ("go", "go-with-conditions", "no-go")
            )
            reader.fail(
                ws.title,
                row,
                "",
                f"decision '{values['decision']}' is not allowed; allowed: {', '.join(labels)}",
                code="xlsx-not-allowed",
                allowed=labels,
            )
            continue
        out[gate] = {
            "date": values["date"],
            "decision": decision,
            "decided_by": values["decided_by"],
            "conditions": values["conditions"],
        }
    return out
