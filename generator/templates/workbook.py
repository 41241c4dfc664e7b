"""The filled template as an Excel workbook, for a steering group.

Safe and stable by construction (see generator/xlsx_write.py): every text cell
is a string cell, never a formula, whatever its first character; input cells
are unlocked and formula cells protected; the bytes are the same on every run,
dated with the catalog's release date.
"""

from __future__ import annotations

from datetime import datetime

from generator.model import STATUSES, Catalog, Item, Profile
from generator.templates.xlsx_write import (
    COLUMNS,
    Book,
    Formula,
    ListValidation,
    Sheet,
    Style,
    Value,
)
from generator.words import label, status_label

# Column layout of the checklist sheet; the reader in the check command uses it too.
CHECKLIST_COLUMNS = (
    "id", "gate", "area", "level", "item", "done_when",
    "owner_role", "owner_name", "status", "evidence", "due", "comment",
)  # fmt: skip
INPUT_COLUMNS = {"owner_name", "status", "evidence", "due", "comment"}
WIDTHS = {"id": 10, "gate": 7, "area": 22, "level": 8, "item": 50, "done_when": 60,
          "owner_role": 22, "owner_name": 24, "status": 15, "evidence": 40, "due": 12, "comment": 40}  # fmt: skip
STATUS_FILLS = {"done": "C6EFCE", "in-progress": "FFEB9C", "open": "FFC7CE", "n/a": "E7E6E6"}
TEXT = Style(wrap=True)
INPUT = Style(wrap=True, unlocked=True)
BOLD = Style(wrap=True, bold=True)
TITLE = Style(wrap=True, bold=True, size=14)
HEADER = Style(wrap=True, bold=True, color="FFFFFF", fill="1F3864")
PERCENT = Style(number_format="0%")


def sheet_ref(sheet: Sheet) -> str:
    return "'" + sheet.name.replace("'", "''") + "'"


def render_xlsx(
    catalog: Catalog, profile: Profile, items: list[Item], lang: str, source: str
) -> bytes:
    book = Book(created=datetime.strptime(catalog.released, "%Y-%m-%d"), author="playbook")
    overview = book.sheet(label(lang, "sheet_overview"))
    checklist = book.sheet(label(lang, "sheet_checklist"))
    goals = book.sheet(label(lang, "sheet_goals"))
    decisions = book.sheet(label(lang, "sheet_decisions"))
    last = _checklist(book, checklist, catalog, profile, items, lang)
    _overview(book, overview, checklist, catalog, profile, lang, source, last)
    _goals(book, goals, profile, lang)
    _decisions(book, decisions, catalog, profile, lang)
    return book.save()


def _header(book: Book, sheet: Sheet, row: int, names: list[str]) -> None:
    sheet.row(row, list(names), [book.style(HEADER)] * len(names))


def _checklist(book: Book, sheet: Sheet, catalog: Catalog, profile: Profile, items: list[Item],
               lang: str) -> int:  # fmt: skip
    _header(book, sheet, 1, [label(lang, c) for c in CHECKLIST_COLUMNS])
    styles = [book.style(INPUT if c in INPUT_COLUMNS else TEXT) for c in CHECKLIST_COLUMNS]
    for row, item in enumerate(items, start=2):
        a = profile.answer(item.id)
        values: list[Value | Formula] = [
            item.id,
            item.gate,
            catalog.area(item.area).title[lang],
            label(lang, item.level),
            item.title[lang],
            item.done_when[lang],
            catalog.role(item.owner).title[lang],
            profile.owners.get(item.owner, ""),
            status_label(lang, a.status),
            a.evidence,
            a.due,
            a.comment,
        ]
        sheet.row(row, values, styles)
    last = max(len(items) + 1, 2)
    width = COLUMNS[len(CHECKLIST_COLUMNS) - 1]
    status = COLUMNS[CHECKLIST_COLUMNS.index("status")]
    choices = tuple(status_label(lang, s) for s in STATUSES)
    sheet.validations.append(
        ListValidation(
            f"{status}2:{status}{last}",
            choices,
            allow_blank=False,
            error_title=label(lang, "status"),
            error=",".join(choices),
        )
    )
    for state, colour in STATUS_FILLS.items():
        sheet.fills.append(
            (f"A2:{width}{last}", f'${status}2="{status_label(lang, state)}"', colour)
        )
    sheet.frozen = (1, 1)
    sheet.autofilter = f"A1:{width}{last}"
    sheet.widths = [WIDTHS[name] for name in CHECKLIST_COLUMNS]
    sheet.protected = True
    sheet.allow = ("formatColumns", "sort", "autoFilter")
    return last


def _overview(book: Book, sheet: Sheet, checklist: Sheet, catalog: Catalog, profile: Profile,
              lang: str, source: str, last: int) -> None:  # fmt: skip
    text, bold, entry = book.style(TEXT), book.style(BOLD), book.style(INPUT)
    title = f"{label(lang, 'template_title')}: {profile.name or label(lang, 'blank_name')}"
    sheet.row(1, [title], [book.style(TITLE)])
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
    row = 2
    for key, value in facts:
        row += 1
        sheet.row(row, [label(lang, key), value], [bold, text])
    row += 2
    _header(book, sheet, row, [label(lang, "role"), label(lang, "owns"), label(lang, "name")])
    for role in catalog.roles:
        row += 1
        owner = profile.owners.get(role.id, "")
        sheet.row(row, [role.title[lang], role.owns[lang], owner], [text, text, entry])
    row += 2
    _header(book, sheet, row,
            [label(lang, k) for k in ("gate", "applicable", "done_count", "na_count", "share_done")])  # fmt: skip
    ref = sheet_ref(checklist)
    status = COLUMNS[CHECKLIST_COLUMNS.index("status")]
    gates = f"{ref}!$B$2:$B${last}"
    states = f"{ref}!${status}$2:${status}${last}"
    done, na = status_label(lang, "done"), status_label(lang, "n/a")
    for gate in catalog.gates:
        row += 1
        sheet.row(
            row,
            [
                gate.title[lang],
                Formula(f'=COUNTIF({gates},"{gate.id}")'),
                Formula(f'=COUNTIFS({gates},"{gate.id}",{states},"{done}")'),
                Formula(f'=COUNTIFS({gates},"{gate.id}",{states},"{na}")'),
                Formula(f"=IF(B{row}-D{row}=0,0,C{row}/(B{row}-D{row}))"),
            ],
            [text, 0, 0, 0, book.style(PERCENT)],
        )
    sheet.row(row + 2, [label(lang, "na_note")], [text])
    sheet.widths = [28, 60, 36, 14, 14]
    sheet.protected = True


def _goals(book: Book, sheet: Sheet, profile: Profile, lang: str) -> None:
    names = ["kpi", "unit", "baseline", "target", "direction", "measured_by", "measured"]
    _header(book, sheet, 1, [label(lang, n) for n in names] + [label(lang, "target") + " ✓"])
    higher = label(lang, "higher")
    text, entry = book.style(TEXT), book.style(INPUT)
    for row, g in enumerate(profile.effect_goals, start=2):
        met = f'=IF(G{row}="","",IF(E{row}="{higher}",G{row}>=D{row},G{row}<=D{row}))'
        sheet.row(
            row,
            [
                g.kpi,
                g.unit,
                g.baseline,
                g.target,
                label(lang, g.direction),
                g.measured_by,
                g.measured,
                Formula(met),
            ],
            [text] * 6 + [entry, 0],
        )
    sheet.widths = [36, 14, 11, 11, 12, 40, 14, 10]
    sheet.frozen = (1, 0)
    sheet.protected = True


def _decisions(book: Book, sheet: Sheet, catalog: Catalog, profile: Profile, lang: str) -> None:
    names = ["gate", "question", "date", "decision", "decided_by", "conditions"]
    _header(book, sheet, 1, [label(lang, n) for n in names])
    text, entry = book.style(TEXT), book.style(INPUT)
    for row, gate in enumerate(catalog.gates, start=2):
        d = profile.decision(gate.id)
        decision = label(lang, f"decision_{d.decision}") if d.decision else ""
        sheet.row(
            row,
            [gate.id, gate.question[lang], d.date, decision, d.decided_by, d.conditions_summary],
            [text, text] + [entry] * 4,
        )
    choices = tuple(label(lang, f"decision_{k}") for k in ("go", "go-with-conditions", "no-go"))
    sheet.validations.append(
        ListValidation(f"D2:D{len(catalog.gates) + 1}", choices, allow_blank=True)
    )
    sheet.widths = [7, 50, 12, 22, 24, 50]
    sheet.protected = True
