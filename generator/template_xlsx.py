"""The filled template as an Excel workbook, for a steering group.

Safe and stable by construction: every text cell is a string cell (never a
formula, whatever its first character), input cells are unlocked and formula
cells protected, and the bytes are the same on every run (openpyxl's
timestamps and the zip entry times are pinned).
"""

from __future__ import annotations

import io
import zipfile
from copy import copy
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from generator.labels import label, status_label
from generator.model import Catalog, Item
from generator.profile import STATUSES, Profile

# Column layout of the checklist sheet; the reader in the check command uses it too.
CHECKLIST_COLUMNS = (
    "id", "gate", "area", "level", "item", "done_when",
    "owner_role", "owner_name", "status", "evidence", "due", "comment",
)  # fmt: skip
INPUT_COLUMNS = {"owner_name", "status", "evidence", "due", "comment"}
WIDTHS = {"id": 10, "gate": 7, "area": 22, "level": 8, "item": 50, "done_when": 60,
          "owner_role": 22, "owner_name": 24, "status": 15, "evidence": 40, "due": 12, "comment": 40}  # fmt: skip
STATUS_FILLS = {"done": "C6EFCE", "in-progress": "FFEB9C", "open": "FFC7CE", "n/a": "E7E6E6"}
HEADER_FILL = PatternFill("solid", fgColor="1F3864")
HEADER_FONT = Font(bold=True, color="FFFFFF")
UNLOCKED = Protection(locked=False)
WRAP = Alignment(wrap_text=True, vertical="top")
FORMULA_START = ("=", "+", "-", "@")


def put(ws: Worksheet, row: int, col: int, value: Any, *, unlocked: bool = False) -> None:
    """Write a value; text always lands as text, never as a formula."""
    cell = ws.cell(row=row, column=col)
    quote = False
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
        cell.data_type = "s"
        quote = value[:1] in FORMULA_START or (bool(value) and ord(value[0]) < 32)
    else:
        cell.value = value
    _style(ws, cell, unlocked, quote)


def _style(ws: Worksheet, cell: Any, unlocked: bool, quote: bool) -> None:
    """Give the cell its style, working it out once per workbook and combination.

    Setting alignment and protection through openpyxl hashes the style objects
    on every cell, which was most of the time spent writing the site's downloads;
    copying the finished style array is cheap.
    """
    cache: dict[tuple[bool, bool], Any] = ws.parent.__dict__.setdefault("_playbook_styles", {})
    done = cache.get((unlocked, quote))
    if done is not None:
        cell._style = copy(done)
        return
    cell.alignment = WRAP
    if unlocked:
        cell.protection = UNLOCKED
    if quote:
        cell.quotePrefix = True
    cache[(unlocked, quote)] = copy(cell._style)


def header(ws: Worksheet, row: int, names: list[str]) -> None:
    for col, name in enumerate(names, start=1):
        cell = ws.cell(row=row, column=col, value=name)
        cell.fill = HEADER_FILL
        cell.font = HEADER_FONT
        cell.alignment = WRAP


def sheet_ref(ws: Worksheet) -> str:
    title: str = ws.title
    return "'" + title.replace("'", "''") + "'"


def render_xlsx(
    catalog: Catalog, profile: Profile, items: list[Item], lang: str, source: str
) -> bytes:
    wb = Workbook()
    overview = wb.active
    assert overview is not None
    overview.title = label(lang, "sheet_overview")
    checklist = wb.create_sheet(label(lang, "sheet_checklist"))
    goals = wb.create_sheet(label(lang, "sheet_goals"))
    decisions = wb.create_sheet(label(lang, "sheet_decisions"))
    last = _checklist(checklist, catalog, profile, items, lang)
    _overview(overview, checklist, catalog, profile, lang, source, last)
    _goals(goals, profile, lang)
    _decisions(decisions, catalog, profile, lang)
    stamp = datetime.strptime(catalog.released, "%Y-%m-%d")
    wb.properties.creator = "playbook"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.properties.lastModifiedBy = "playbook"
    return _save(wb, stamp)


def _checklist(
    ws: Worksheet, catalog: Catalog, profile: Profile, items: list[Item], lang: str
) -> int:
    header(ws, 1, [label(lang, c) for c in CHECKLIST_COLUMNS])
    for row, item in enumerate(items, start=2):
        a = profile.answer(item.id)
        values = {
            "id": item.id,
            "gate": item.gate,
            "area": catalog.area(item.area).title[lang],
            "level": label(lang, item.level),
            "item": item.title[lang],
            "done_when": item.done_when[lang],
            "owner_role": catalog.role(item.owner).title[lang],
            "owner_name": profile.owners.get(item.owner, ""),
            "status": status_label(lang, a.status),
            "evidence": a.evidence,
            "due": a.due,
            "comment": a.comment,
        }
        for col, name in enumerate(CHECKLIST_COLUMNS, start=1):
            put(ws, row, col, values[name], unlocked=name in INPUT_COLUMNS)
    last = max(len(items) + 1, 2)
    width = get_column_letter(len(CHECKLIST_COLUMNS))
    status_col = get_column_letter(CHECKLIST_COLUMNS.index("status") + 1)
    rows = f"{status_col}2:{status_col}{last}"
    choices = ",".join(status_label(lang, s) for s in STATUSES)
    # An inline list must stay under Excel's 255-character limit; ours is a few words.
    assert len(choices) < 255
    dv = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=False, showErrorMessage=True,
                        errorTitle=label(lang, "status"), error=choices)  # fmt: skip
    dv.add(rows)
    ws.add_data_validation(dv)
    for status, colour in STATUS_FILLS.items():
        rule = FormulaRule(formula=[f'${status_col}2="{status_label(lang, status)}"'],
                           fill=PatternFill("solid", fgColor=colour, bgColor=colour))  # fmt: skip
        ws.conditional_formatting.add(f"A2:{width}{last}", rule)
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{width}{last}"
    for col, name in enumerate(CHECKLIST_COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = WIDTHS[name]
    ws.protection.sheet = True
    ws.protection.autoFilter = False
    ws.protection.sort = False
    ws.protection.formatColumns = False
    return last


def _overview(ws: Worksheet, checklist: Worksheet, catalog: Catalog, profile: Profile, lang: str,
              source: str, last: int) -> None:  # fmt: skip
    put(ws, 1, 1, f"{label(lang, 'template_title')}: {profile.name or label(lang, 'blank_name')}")
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    facts = [
        ("use_case", profile.name),
        ("description", profile.description),
        ("ai_type", label(lang, profile.ai_type)),
        ("risk_class_long", label(lang, profile.risk_class)),
        ("personal_data", label(lang, "yes" if profile.personal_data else "no")),
        ("users", label(lang, profile.users)),
        ("catalog_version", catalog.version),
        ("generated_from", source),
        ("language", lang),
    ]
    row = 3
    for key, value in facts:
        put(ws, row, 1, label(lang, key))
        ws.cell(row=row, column=1).font = Font(bold=True)
        put(ws, row, 2, value)
        row += 1
    row += 1
    header(ws, row, [label(lang, "role"), label(lang, "owns"), label(lang, "name")])
    for role in catalog.roles:
        row += 1
        put(ws, row, 1, role.title[lang])
        put(ws, row, 2, role.owns[lang])
        put(ws, row, 3, profile.owners.get(role.id, ""), unlocked=True)
    row += 2
    header(
        ws,
        row,
        [label(lang, k) for k in ("gate", "applicable", "done_count", "na_count", "share_done")],
    )
    ref = sheet_ref(checklist)
    status = get_column_letter(CHECKLIST_COLUMNS.index("status") + 1)
    gates = f"{ref}!$B$2:$B${last}"
    states = f"{ref}!${status}$2:${status}${last}"
    for gate in catalog.gates:
        row += 1
        put(ws, row, 1, gate.title[lang])
        ws.cell(row=row, column=2, value=f'=COUNTIF({gates},"{gate.id}")')
        done, na = status_label(lang, "done"), status_label(lang, "n/a")
        ws.cell(row=row, column=3, value=f'=COUNTIFS({gates},"{gate.id}",{states},"{done}")')
        ws.cell(row=row, column=4, value=f'=COUNTIFS({gates},"{gate.id}",{states},"{na}")')
        share = ws.cell(row=row, column=5, value=f"=IF(B{row}-D{row}=0,0,C{row}/(B{row}-D{row}))")
        share.number_format = "0%"
    put(ws, row + 2, 1, label(lang, "na_note"))
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions["C"].width = 36
    ws.column_dimensions["D"].width = 14
    ws.column_dimensions["E"].width = 14
    ws.protection.sheet = True


def _goals(ws: Worksheet, profile: Profile, lang: str) -> None:
    names = ["kpi", "unit", "baseline", "target", "direction", "measured_by", "measured"]
    header(ws, 1, [label(lang, n) for n in names] + [label(lang, "target") + " ✓"])
    higher = label(lang, "higher")
    for row, g in enumerate(profile.effect_goals, start=2):
        for col, value in enumerate(
            [
                g.kpi,
                g.unit,
                g.baseline,
                g.target,
                label(lang, g.direction),
                g.measured_by,
                g.measured,
            ],
            start=1,
        ):
            put(ws, row, col, value, unlocked=col == 7)
        ws.cell(
            row=row,
            column=8,
            value=f'=IF(G{row}="","",IF(E{row}="{higher}",G{row}>=D{row},G{row}<=D{row}))',
        )
    for col_letter, width in zip("ABCDEFGH", (36, 14, 11, 11, 12, 40, 14, 10), strict=True):
        ws.column_dimensions[col_letter].width = width
    ws.freeze_panes = "A2"
    ws.protection.sheet = True


def _decisions(ws: Worksheet, catalog: Catalog, profile: Profile, lang: str) -> None:
    names = ["gate", "question", "date", "decision", "decided_by", "conditions"]
    header(ws, 1, [label(lang, n) for n in names])
    for row, gate in enumerate(catalog.gates, start=2):
        d = profile.decision(gate.id)
        decision = label(lang, f"decision_{d.decision}") if d.decision else ""
        for col, value in enumerate(
            [gate.id, gate.question[lang], d.date, decision, d.decided_by, d.conditions], start=1
        ):
            put(ws, row, col, value, unlocked=col >= 3)
    choices = ",".join(label(lang, f"decision_{k}") for k in ("go", "go-with-conditions", "no-go"))
    dv = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True)
    dv.add(f"D2:D{len(catalog.gates) + 1}")
    ws.add_data_validation(dv)
    for col_letter, width in zip("ABCDEF", (7, 50, 12, 22, 24, 50), strict=True):
        ws.column_dimensions[col_letter].width = width
    ws.protection.sheet = True


def _save(wb: Workbook, stamp: datetime) -> bytes:
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        # ExcelWriter, not wb.save(): save() overwrites properties.modified with now().
        ExcelWriter(wb, archive).save()
    # Zip entries carry their write time; rewrite them with a fixed one.
    fixed = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(
                info.filename, date_time=(stamp.year, stamp.month, stamp.day, 0, 0, 0)
            )
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, src.read(info.filename))
    return fixed.getvalue()
