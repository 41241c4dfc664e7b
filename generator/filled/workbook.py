"""Read a readiness workbook back (after a person filled it in Excel or
LibreOffice) into the same data a YAML filled template holds.

The workbook is untrusted: its size and its unpacked size are limited before
openpyxl sees it (zip bombs), and openpyxl parses XML with defusedxml, a
declared dependency, so entity expansion is refused. Time and memory stay
bounded: openpyxl reads in read-only mode, streaming each sheet; a sheet whose
dimension says it has more than MAX_ROWS rows is refused before it is read,
and no row past MAX_ROWS + 1 or column past the template's is materialised.
Every problem names the sheet and row.

A person may add goal rows and decision rows; a gate decided twice keeps the
decision in the lower row (the later one). Dates may be date cells, ISO text
(2026-05-31) or Norwegian text (31.05.2026).
"""

from __future__ import annotations

import io
import math
import re
import zipfile
import zlib
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from generator.errors import InvalidInput, Problem
from generator.model import AI_TYPES, RISK_CLASSES, USER_GROUPS, Catalog
from generator.templates.workbook import (
    CHECKLIST_COLUMNS,
    DECISION_COLUMNS,
    GOAL_COLUMNS,
    ProfileField,
    profile_fields,
    value_label,
)
from generator.words import LABELS, decision_from_label, status_from_label

_ITEM_ID = re.compile(r"^[A-Z]{3}-[0-9]{3}$")
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ROWS = 5_000  # per sheet; a readiness template has a few hundred at most
UNREADABLE = (
    "not a readable .xlsx workbook: a part of it is missing or damaged (an .ods or other"
    " file renamed .xlsx, or a workbook another program broke); open it in Excel or"
    " LibreOffice and save it again as .xlsx"
)
SHEETS = ("sheet_overview", "sheet_checklist", "sheet_goals", "sheet_decisions")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_NB_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


class _Reader:
    def __init__(self, shown: str, catalog: Catalog) -> None:
        self.shown = shown
        self.catalog = catalog
        self.problems: list[Problem] = []
        self.template_version = ""  # from the overview, read first

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


def _declares_doctype(z: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    tail = b""
    with z.open(info) as part:
        while chunk := part.read(1 << 16):
            window = tail + chunk
            if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                return True
            tail = window[-16:]
    return False


def _first_broken(z: zipfile.ZipFile) -> str | None:
    """The first entry that fails its checksum or cannot be decompressed, if any."""
    for info in z.infolist():
        try:
            with z.open(info) as part:
                while part.read(1 << 20):
                    pass
        except (zipfile.BadZipFile, zlib.error):
            return info.filename
    return None


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
            broken = _first_broken(z) if unpacked <= MAX_UNPACKED_BYTES else None
    except (zipfile.BadZipFile, OSError, EOFError):
        return [Problem(shown, 0, "", UNREADABLE, code="xlsx-unreadable")]
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
            # Workbooks written by Excel, LibreOffice or XlsxWriter never carry a
            # DOCTYPE, and entities are how XML bombs work. The whole part is read
            # (in chunks, within the unpacked limit): a prolog can be longer than
            # any fixed head.
            if _declares_doctype(z, info):
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
        wb = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many types for broken files
        raise InvalidInput(
            [
                Problem(
                    shown,
                    0,
                    "",
                    UNREADABLE,
                    code="xlsx-unreadable",
                )
            ]
        ) from None
    try:
        return _read(wb, shown, catalog)
    except (KeyError, IndexError, ValueError, TypeError, zipfile.BadZipFile, EOFError):
        # A damaged part found while reading (a shared-string index past the
        # table, a part missing): the same one line, never the library's text.
        raise InvalidInput([Problem(shown, 0, "", UNREADABLE, code="xlsx-unreadable")]) from None
    finally:
        wb.close()


def _read(wb: Any, shown: str, catalog: Catalog) -> dict[str, Any]:
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


def _rows(ws: Any, columns: int, reader: _Reader) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(row number, the first `columns` values) for each row, within MAX_ROWS."""
    declared = ws.max_row
    if declared is not None and declared > MAX_ROWS:
        reader.fail(
            ws.title,
            0,
            "",
            f"the sheet has {declared} rows; a filled template has at most {MAX_ROWS}",
            code="xlsx-too-many-rows",
        )
        return
    for number, values in enumerate(
        ws.iter_rows(min_row=1, max_row=MAX_ROWS + 1, max_col=columns, values_only=True), start=1
    ):
        if number > MAX_ROWS:
            if any(v is not None for v in values):
                reader.fail(
                    ws.title,
                    0,
                    "",
                    f"the sheet has more than {MAX_ROWS} rows; a filled template has at most {MAX_ROWS}",
                    code="xlsx-too-many-rows",
                )
            return
        yield number, tuple(values) + (None,) * (columns - len(values))


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
    number = (
        value
        if isinstance(value, int | float)
        else float(str(value).strip().replace("\u00a0", "").replace(" ", "").replace(",", "."))
    )
    if not math.isfinite(number):
        raise ValueError  # "inf", "nan": a KPI is a finite number
    return number


def _date(value: Any) -> str | None:
    """A date cell or a date typed as text, as YYYY-MM-DD; "" when empty, None when not a date."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, int | float) and not isinstance(value, bool):
        # A date cell that lost its format holds Excel's day number (1900 system).
        if 1 <= value < 2_958_466:
            return (datetime(1899, 12, 30) + timedelta(days=int(value))).strftime("%Y-%m-%d")
        return None
    text = str(value).strip()
    iso, nb = _ISO_DATE.match(text), _NB_DATE.match(text)
    parts = (iso.group(1), iso.group(2), iso.group(3)) if iso else None
    if nb:
        parts = (nb.group(3), nb.group(2), nb.group(1))
    if parts is None:
        return None
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2])).isoformat()
    except ValueError:
        return None


def _code(text: str, lang: str, codes: tuple[str, ...]) -> str | None:
    for code in codes:
        if text.casefold() in (code, LABELS[lang][code].casefold()):
            return code
    return None


def _header(
    ws: Any,
    values: tuple[Any, ...],
    names: tuple[str, ...],
    lang: str,
    reader: _Reader,
    optional: int = 0,
) -> bool:
    """Check the heading row; the last `optional` columns may be missing (older templates)."""
    from openpyxl.utils import get_column_letter

    for col, name in enumerate(names, start=1):
        found = _text(values[col - 1])
        wanted = LABELS[lang][name]
        if found == "" and col > len(names) - optional:
            continue
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


def _first(rows: Iterator[tuple[int, tuple[Any, ...]]]) -> tuple[Any, ...] | None:
    for number, values in rows:
        if number == 1:
            return values
    return None


def _field_value(
    f: ProfileField, text: str, lang: str, sheet: str, row: int, reader: _Reader
) -> Any:
    labels = LABELS[lang]
    name = labels[f.label]
    if not f.codes:
        yes_no = {labels["yes"].casefold(): True, labels["no"].casefold(): False}
        if text.casefold() in yes_no:
            return yes_no[text.casefold()]
        allowed: tuple[str, ...] = (labels["yes"].capitalize(), labels["no"].capitalize())
    else:
        by_text = {value_label(lang, f, c).casefold(): c for c in f.codes}
        by_text.update({c: c for c in f.codes})
        parts = [p.strip() for p in text.split(";")] if f.many else [text]
        if f.many and text == "":
            return []
        codes = [by_text.get(p.casefold()) for p in parts]
        if all(c is not None for c in codes):
            return codes if f.many else codes[0]
        allowed = tuple(value_label(lang, f, c) for c in f.codes if c)
    reader.fail(
        sheet,
        row,
        "",
        f"{name}: '{text}' is not allowed; allowed: {', '.join(allowed)}",
        code="xlsx-not-allowed",
        allowed=allowed,
    )
    return None


def _overview(ws: Any, lang: str, data: dict[str, Any], reader: _Reader) -> None:
    labels = LABELS[lang]
    present = profile_fields()
    plain = ("use_case", "description", "catalog_version", "generated_from", "language")
    by_label = {labels[k].casefold(): k for k in plain}
    by_label.update({labels[f.label].casefold(): f.label for f in present})
    roles = {r.title[lang]: r.id for r in reader.catalog.roles}
    facts: dict[str, tuple[int, str]] = {}
    owners: dict[str, str] = {}
    in_owners = False
    for row, (a, b, c) in _rows(ws, 3, reader):
        key = _text(a)
        if key == labels["role"]:
            in_owners = True
        elif not key:
            in_owners = False
        elif in_owners and key in roles:
            if _text(c):
                owners[roles[key]] = _text(c)
        elif key.casefold() in by_label and by_label[key.casefold()] not in facts:
            facts[by_label[key.casefold()]] = (row, _text(b))
    # Rows every template since 1.0.0 has; a newer field's row may be missing in an older one.
    required = ("use_case", "ai_type", "risk_class_long", "personal_data", "users", "catalog_version")  # fmt: skip
    for key in required:
        if key not in facts:
            reader.fail(
                ws.title,
                0,
                "",
                f"no row labelled '{labels[key][:1].upper() + labels[key][1:]}' in column A; do not edit the labels of the overview",
                code="xlsx-label-missing",
            )
    if reader.problems:
        return
    data["name"] = facts["use_case"][1]
    data["description"] = facts.get("description", (0, ""))[1] or "-"
    data["catalog_version"] = facts["catalog_version"][1]
    reader.template_version = str(data["catalog_version"])
    for f in present:
        if f.label in facts:
            row, text = facts[f.label]
            data[f.name] = _field_value(f, text, lang, ws.title, row, reader)
    data["owners"] = owners


def _checklist(ws: Any, lang: str, reader: _Reader) -> dict[str, dict[str, str]]:
    col = {name: i for i, name in enumerate(CHECKLIST_COLUMNS)}
    rows = _rows(ws, len(CHECKLIST_COLUMNS), reader)
    head = _first(rows)
    if head is None or not _header(ws, head, CHECKLIST_COLUMNS, lang, reader):
        return {}
    known = {i.id for i in reader.catalog.items}
    answers: dict[str, dict[str, str]] = {}
    for row, cells in rows:
        item = _text(cells[col["id"]])
        values = {n: _text(cells[col[n]]) for n in ("status", "evidence", "comment")}
        due = _date(cells[col["due"]])
        if not item:
            if any(values.values()) or due != "":
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
        if item not in known and reader.template_version == reader.catalog.version:
            # Said here, where the row is known; a template from another version
            # may name items this catalog lacks (check reports them, upgrade moves them).
            reader.fail(
                ws.title,
                row,
                item,
                f"not an item of catalog {reader.catalog.version}; remove this row or use an"
                " item ID from the catalog",
                code="answer-unknown-item",
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
        if due is None:
            _not_a_date(ws.title, row, item, "due", cells[col["due"]], lang, reader)
            continue
        answers[item] = {
            "status": status,
            "evidence": values["evidence"],
            "due": due,
            "comment": values["comment"],
        }
    return answers


def _not_a_date(sheet: str, row: int, item: str, key: str, value: Any, lang: str,
                reader: _Reader) -> None:  # fmt: skip
    reader.fail(
        sheet,
        row,
        item,
        f"{LABELS[lang][key]}: '{_text(value)}' is not a date; type a date such as 2026-05-31 or 31.05.2026",
        code="xlsx-not-a-date",
    )


def _goals(ws: Any, lang: str, reader: _Reader) -> list[dict[str, Any]]:
    rows = _rows(ws, len(GOAL_COLUMNS), reader)
    head = _first(rows)
    if head is None or not _header(ws, head, GOAL_COLUMNS, lang, reader):
        return []
    goals = []
    for row, values in rows:
        cells = dict(zip(GOAL_COLUMNS, values, strict=True))
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


def _decisions(ws: Any, lang: str, reader: _Reader) -> dict[str, dict[str, Any]]:
    rows = _rows(ws, len(DECISION_COLUMNS), reader)
    head = _first(rows)
    # Templates before the exception reason lack it, and those before the review
    # date lack that and the basis.
    if head is None or not _header(ws, head, DECISION_COLUMNS, lang, reader, optional=3):
        return {}
    gates = [g.id for g in reader.catalog.gates]
    out: dict[str, dict[str, Any]] = {}
    for row, cells in rows:
        values = dict(zip(DECISION_COLUMNS, cells, strict=True))
        gate = _text(values["gate"])
        entered = [_text(values[n]) for n in DECISION_COLUMNS[2:]]
        if not gate:
            if any(entered):
                reader.fail(
                    ws.title,
                    row,
                    "",
                    f"row has a decision but no gate in column A; allowed: {', '.join(gates)}",
                    code="gate-unknown",
                    allowed=tuple(gates),
                )
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
        decision = decision_from_label(_text(values["decision"]))
        if decision is None:
            labels = tuple(
                LABELS[lang][f"decision_{d}"] for d in ("go", "go-with-conditions", "no-go")
            )
            reader.fail(
                ws.title,
                row,
                "",
                f"decision '{_text(values['decision'])}' is not allowed; allowed: {', '.join(labels)}",
                code="xlsx-not-allowed",
                allowed=labels,
            )
            continue
        day, review = _date(values["date"]), _date(values["review_date"])
        for key, found in (("date", day), ("review_date", review)):
            if found is None:
                _not_a_date(ws.title, row, "", key, values[key], lang, reader)
        basis = _basis(_text(values["basis"]), ws.title, row, lang, reader)
        if day is None or review is None or basis is None:
            continue
        if gate in out and not any(entered):
            continue  # an empty row for a gate decided above
        record: dict[str, Any] = {
            "date": day,
            "decision": decision,
            "decided_by": _text(values["decided_by"]),
            "conditions": _text(values["conditions"]),
        }
        if _text(values["exception_reason"]):
            record["exception_reason"] = _text(values["exception_reason"])
        if review:
            record["review_date"] = review
        if basis:
            record["basis"] = basis
        out[gate] = record
    return out


_BASIS_VALUES: dict[str, tuple[str, ...]] = {
    "ai_type": AI_TYPES,
    "risk_class": RISK_CLASSES,
    "actor": ("provider", "deployer", "both"),
    "users": USER_GROUPS,
    "personal_data": ("true", "false"),
}
_VERSION = re.compile(r"^[0-9]+\.[0-9]+\.[0-9]+$")


def _basis(text: str, sheet: str, row: int, lang: str, reader: _Reader) -> dict[str, Any] | None:
    """The basis column as playbook wrote it ("ai_type=generative; ..."); {} when
    empty, None (and a problem) when it is not what playbook writes."""
    out: dict[str, Any] = {}
    for part in (p.strip() for p in text.split(";") if p.strip()):
        key, _, value = (s.strip() for s in part.partition("="))
        allowed = _BASIS_VALUES.get(key, ())
        if key in out or not (
            value in allowed or (key == "catalog_version" and _VERSION.match(value))
        ):
            reader.fail(
                sheet,
                row,
                "",
                f"{LABELS[lang]['basis']}: '{part}' is not what playbook writes there; clear the"
                " cell or write the decision again with playbook",
                code="xlsx-not-allowed",
            )
            return None
        out[key] = value == "true" if key == "personal_data" else value
    return out


def cells_outside_the_template(path: Path) -> list[str]:
    """Cells a person filled in outside the template's columns ("Sjekkliste!M5"),
    on the checklist, goals and decisions sheets: right of the last heading in
    row 1. `upgrade` writes a new workbook from what it reads, so these would be
    lost: it refuses and names them. Bounded: MAX_ROWS rows, 30 columns beyond."""
    import openpyxl  # only the xlsx path pays for this import
    from openpyxl.utils import get_column_letter

    sheets = {LABELS[lang][k] for lang in LABELS for k in SHEETS[1:]}
    found: list[str] = []
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        for name in wb.sheetnames:
            if name not in sheets:
                continue
            ws = wb[name]
            head = next(ws.iter_rows(min_row=1, max_row=1, max_col=60, values_only=True), ())
            width = max((n for n, v in enumerate(head, start=1) if v not in (None, "")), default=0)
            rows = ws.iter_rows(min_row=1, max_row=MAX_ROWS, min_col=width + 1,
                                max_col=width + 30, values_only=True)  # fmt: skip
            for row, values in enumerate(rows, start=1):
                for offset, value in enumerate(values):
                    if value is not None and str(value).strip():
                        found.append(f"{name}!{get_column_letter(width + 1 + offset)}{row}")
    finally:
        wb.close()
    return found
