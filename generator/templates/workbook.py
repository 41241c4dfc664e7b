"""The filled template as an Excel workbook, for a steering group to fill in and print.

Written with XlsxWriter, whose output its authors test against files that Excel
saved; openpyxl reads the workbooks back (generator/filled/workbook.py). Four
sheets: the overview (profile, owners, readiness per gate and per area with a
chart), the checklist, the effect goals (with a chart) and the decision log.

- Editable where people write (name, description, owners, goals, measured
  values, status, evidence, due date, comment, decisions), locked where IDs and
  formulas live. The protection allows sorting, filtering and changing row
  heights, and inserting rows on the goals and decision sheets.
- Print-ready: A4 landscape, one page wide, the header row on every page, a
  header and footer with the use case, the sheet and "page X of Y". Rows are
  as tall as their wrapped text (no spreadsheet grows them when a file opens).
- Safe: text is always written as a string cell, never as a formula, whatever
  its first character, and text XlsxWriter would take for its own rich-text
  markup is written as a rich string of plain runs; numbers must be finite and
  text fit in a cell, or the writer refuses.
- Stable: the same input gives the same bytes on every run, dated with the
  catalog's release date.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from generator.model import (
    AI_TYPES,
    DECISIONS,
    RISK_CLASSES,
    STATUSES,
    USER_GROUPS,
    Basis,
    Catalog,
    Item,
)
from generator.model import Profile as _Profile
from generator.text import needs_quote_prefix
from generator.words import LABELS, REPORT, label, status_label

# Column layout of the checklist sheet; the reader in the check command uses it too.
CHECKLIST_COLUMNS = (
    "id", "gate", "area", "level", "item", "done_when",
    "owner_role", "owner_name", "status", "evidence", "due", "comment",
)  # fmt: skip
INPUT_COLUMNS = {"owner_name", "status", "evidence", "due", "comment"}
# Widths in characters of the default font (Arial 10). Their sum (169) is what lets
# LibreOffice fit the sheet to one A4 landscape page wide at 80 % or more (text
# printed at 8 pt; LibreOffice's columns come out a little wider than Excel's); the widest
# column goes to the text that makes a row tall ("done when"), and no header word
# breaks. Every other sheet is at most as wide, so it prints at least as large.
WIDTHS = {"id": 8, "gate": 5, "area": 11, "level": 5, "item": 19.5, "done_when": 54.5,
          "owner_role": 10, "owner_name": 12.5, "status": 10, "evidence": 13, "due": 10.5,
          "comment": 10}  # fmt: skip
GOAL_COLUMNS = ("kpi", "unit", "baseline", "target", "direction", "measured_by", "measured")
GOAL_WIDTHS = (34, 11, 11, 11, 11, 44, 11, 12)
# The basis (what playbook recorded a decision was made on) comes last, in a hidden,
# locked column outside the print area: written by playbook, read back, never typed.
DECISION_COLUMNS = (
    "gate", "question", "date", "decision", "decided_by", "conditions", "exception_reason",
    "review_date", "basis",
)  # fmt: skip
DECISION_WIDTHS = (6, 34, 11, 15, 20, 40, 30, 13, 30)
DECISION_PRINTED = DECISION_COLUMNS.index("basis")  # the columns before it print
EMPTY_GOAL_ROWS = 5  # room for more goals in every template, blank ones included
EMPTY_DECISION_ROWS = 3  # room for a second decision at a gate
MAX_CELL_TEXT = 32_767  # Excel's limit, in UTF-16 code units
DATE_FORMAT = "yyyy-mm-dd"

FONT = {"font_name": "Arial", "font_size": 10}
LINE_PT = 12.75  # the height of one line of Arial 10, as Excel lays it out
# Excel shows n wrapped lines in n * LINE_PT; one pixel more keeps a descender clear.
ROW_PAD = 0.75
# Inches. Narrow (5 mm at the sides), but inside what office printers reach (about
# 4 mm): every point of paper is a line of the checklist. LibreOffice finds its
# fit-to-width scale by a halving search over whole percents, which may stop a step
# or two below the largest that fits; at these widths it still ends at 80 % or more.
MARGINS = {"left": 0.2, "right": 0.2, "top": 0.35, "bottom": 0.35}
HEADER_MARGIN = 0.15  # from the paper's edge to the page header and footer
HEADER_FILL = "#1F3864"
INPUT_FILL = "#FFFDE7"  # a pale yellow marks where people write
STATUS_FILLS = {
    "in-progress": "#FFEB9C",
    "done": "#C6EFCE",
    "n/a": "#E7E6E6",
}  # "open" stays neutral
OVERDUE = {"bg_color": "#FFC7CE", "font_color": "#9C0006", "bold": True}


@dataclass(frozen=True)
class ProfileField:
    """A profile field the overview shows: its key, its row label and its values."""

    name: str
    label: str  # LABELS key of the row label
    codes: tuple[str, ...] = ()  # allowed values; () for yes/no
    prefix: str = ""  # LABELS key prefix of each value's label
    # A list of values in one cell, separated by semicolons: a label may hold a comma.
    many: bool = False


# The profile fields of the overview, in order. A field the model does not (yet)
# have, or whose label is missing, is left out: a new field needs one line here.
PROFILE_FIELDS = (
    ProfileField("ai_type", "ai_type", AI_TYPES),
    ProfileField("risk_class", "risk_class_long", RISK_CLASSES),
    ProfileField("actor", "actor", ("provider", "deployer", "both"), "actor_"),
    ProfileField("public_service", "public_service"),
    ProfileField(
        "sector", "sector", ("", "state", "municipal", "finance", "health", "other"), "sector_"
    ),
    ProfileField(
        "annex_iii",
        "annex_iii",
        ("", "1", "2", "3", "4", "5a", "5b", "5c", "5d", "6", "7", "8"),
        "annex_iii_",
    ),
    ProfileField(
        "art50",
        "art50",
        ("emotion-recognition", "biometric-categorisation", "deepfake", "public-interest-text"),
        "art50_",
        many=True,
    ),
    ProfileField("personal_data", "personal_data"),
    ProfileField("users", "users", USER_GROUPS),
)


def profile_fields() -> tuple[ProfileField, ...]:
    """The fields this model and this table of words both know."""
    known = {f.name for f in fields(_Profile)}
    return tuple(
        f
        for f in PROFILE_FIELDS
        if f.name in known
        and all(f.label in words for words in LABELS.values())
        and all(f.prefix + c in words or not c for c in f.codes for words in LABELS.values())
    )


def value_label(lang: str, f: ProfileField, code: str) -> str:
    if not code:
        return ""
    return LABELS[lang][f.prefix + code]


def capital(text: str) -> str:
    """A label as a row or a cell starts it: "personopplysninger" -> "Personopplysninger"."""
    return text[:1].upper() + text[1:]


def field_text(lang: str, f: ProfileField, value: Any) -> str:
    if not f.codes:
        return capital(label(lang, "yes" if value else "no"))
    if f.many:
        return "; ".join(value_label(lang, f, c) for c in value)
    return value_label(lang, f, str(value))


def title_of(profile: _Profile, lang: str) -> str:
    """The title line; a blank template's name already starts with the prefix."""
    prefix = f"{label(lang, 'template_title')}: "
    if profile.name.startswith(prefix):
        return profile.name
    return prefix + (profile.name or label(lang, "blank_name"))


def is_blank(profile: _Profile, lang: str) -> bool:
    return profile.name.startswith(f"{label(lang, 'template_title')}: ")


def header_text(text: str) -> str:
    """User text in a page header or footer: & starts a code there, && is one &."""
    return text.replace("&", "&&")


# Row heights: Excel and LibreOffice keep a stored height when a file opens, so
# each row gets the height of its tallest wrapped cell. Widths are Arial's, in
# thousandths of an em, rounded up a little, so that an estimate errs on the tall side.
_ARIAL = {
    **dict.fromkeys("ijl.,:;!'|", 230), **dict.fromkeys("ftI ()[]-/\\", 280), "r": 340,
    **dict.fromkeys("cksvxyzJ\"", 500), **dict.fromkeys("mM", 840), **dict.fromkeys("wW%æ", 950),
    **dict.fromkeys("ABCDEGHKNOPQRSTUVXYZÅØ", 730), "F": 620, "L": 560, "Æ": 1000,
}  # fmt: skip


def _em(ch: str) -> int:
    return _ARIAL.get(ch, 560)


def text_lines(text: str, width: float, size: float = 10, bold: bool = False) -> int:
    """How many lines `text` wraps to in a column `width` characters wide."""
    if not text:
        return 1
    room = (int(width * 7 + 0.5) + 5 - 6) * 1000  # pixels inside the cell, times 1000
    scale = size * 96 / 72 * (1.1 if bold else 1.04)
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0
        for word in paragraph.split(" "):
            w = sum(_em(c) for c in word) * scale
            space = _em(" ") * scale if used else 0.0
            if used and used + space + w > room:
                lines += 1
                used = 0.0
                space = 0.0
            while w > room:  # a word longer than the column breaks anywhere
                lines += 1
                w -= room
            used += space + w
    return lines


def row_height(cells: Sequence[tuple[str, float]], size: float = 10, bold: bool = False) -> float:
    lines = max((text_lines(t, w, size, bold) for t, w in cells), default=1)
    return round(lines * LINE_PT * size / 10 + ROW_PAD, 2)


class _Book:
    """A workbook with formats made once per distinct set of properties."""

    def __init__(self, catalog: Catalog, profile: _Profile, lang: str) -> None:
        self.buffer = io.BytesIO()
        self.wb = xlsxwriter.Workbook(
            self.buffer,
            {"in_memory": True, "default_format_properties": dict(FONT), "default_row_height": 17},
        )
        created = datetime.strptime(catalog.released, "%Y-%m-%d")
        self.wb.set_properties(
            {"created": created, "author": "playbook", "title": title_of(profile, lang)}
        )
        self.lang = lang
        self.profile = profile
        self._formats: dict[tuple[tuple[str, Any], ...], Format] = {}
        self.run_font = self.fmt()

    def fmt(self, **props: Any) -> Format:
        key = tuple(sorted(props.items()))
        if key not in self._formats:
            self._formats[key] = self.wb.add_format({**FONT, "valign": "top", **props})
        return self._formats[key]

    def sheet(self, key: str) -> Worksheet:
        ws = self.wb.add_worksheet(label(self.lang, key))
        ws.set_paper(9)  # A4
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
        ws.set_margins(**MARGINS)
        lang = self.lang
        name = (
            self.profile.name if not is_blank(self.profile, lang) else title_of(self.profile, lang)
        )
        name = header_text(name if len(name) <= 90 else name[:89] + "…")
        ws.set_header(f"&L&9{name}&R&9&A", {"margin": HEADER_MARGIN})
        page = (
            header_text(label(lang, "wb_page_of")).replace("{page}", "&P").replace("{pages}", "&N")
        )
        ws.set_footer(
            f"&L&9{header_text(label(lang, 'template_title'))}&R&9{page}", {"margin": HEADER_MARGIN}
        )
        return ws

    def text(self, ws: Worksheet, row: int, col: int, value: str, **props: Any) -> None:
        """A string cell, whatever the text looks like."""
        if len(value.encode("utf-16-le")) // 2 > MAX_CELL_TEXT:
            raise ValueError(
                f"{ws.name}!{xl_rowcol_to_cell(row, col)}: text of {len(value)} characters; "
                f"a cell holds at most {MAX_CELL_TEXT}"
            )
        if value and needs_quote_prefix(value):
            props = {**props, "quote_prefix": True}
        cell = self.fmt(**props)
        if not value:
            ws.write_blank(row, col, None, cell)
        elif value.startswith("<r>") and value.endswith("</r>"):
            # XlsxWriter writes such a string into the file as raw rich-text XML;
            # as a rich string of plain runs it is escaped like any other text.
            f = self.run_font
            ws.write_rich_string(row, col, f, value[0], f, value[1], f, value[2:], cell)
        else:
            ws.write_string(row, col, value, cell)

    def number(self, ws: Worksheet, row: int, col: int, value: float | None, **props: Any) -> None:
        if value is None:
            ws.write_blank(row, col, None, self.fmt(**props))
            return
        if isinstance(value, bool) or not math.isfinite(value):
            raise ValueError(f"{ws.name}!{xl_rowcol_to_cell(row, col)}: {value!r} is not a number")
        ws.write_number(row, col, value, self.fmt(**props))

    def date(self, ws: Worksheet, row: int, col: int, value: str, **props: Any) -> None:
        """A date cell; text that is not a date stays text for the reader to report."""
        try:
            day = datetime.strptime(value, "%Y-%m-%d")
        except ValueError:
            self.text(ws, row, col, value, **props)
            return
        ws.write_datetime(row, col, day, self.fmt(num_format=DATE_FORMAT, **props))

    def header(
        self, ws: Worksheet, row: int, names: Sequence[str], widths: Sequence[float]
    ) -> None:
        style = {"bold": True, "text_wrap": True, "font_color": "#FFFFFF", "bg_color": HEADER_FILL,
                 "border": 1, "border_color": "#BFBFBF"}  # fmt: skip
        for col, name in enumerate(names):
            self.text(ws, row, col, name, **style)
        ws.set_row(row, row_height(list(zip(names, widths, strict=True)), bold=True))

    def save(self) -> bytes:
        self.wb.close()
        return self.buffer.getvalue()


TEXT: dict[str, Any] = {"text_wrap": True}
INPUT: dict[str, Any] = {"text_wrap": True, "locked": False, "bg_color": INPUT_FILL, "border": 1,
         "border_color": "#D9D9D9"}  # fmt: skip


def _protect(ws: Worksheet, *, insert_rows: bool = False) -> None:
    ws.protect(
        "",
        {
            "sort": True,
            "autofilter": True,
            "format_rows": True,
            "format_columns": True,
            "insert_rows": insert_rows,
            "delete_rows": insert_rows,
        },
    )


def render_xlsx(
    catalog: Catalog, profile: _Profile, items: list[Item], lang: str, source: str
) -> bytes:
    book = _Book(catalog, profile, lang)
    overview = book.sheet("sheet_overview")
    checklist = book.sheet("sheet_checklist")
    goals = book.sheet("sheet_goals")
    decisions = book.sheet("sheet_decisions")
    last = _checklist(book, checklist, catalog, profile, items)
    _overview(book, overview, checklist.name, catalog, profile, items, source, last)
    _goals(book, goals, profile)
    _decisions(book, decisions, catalog, profile)
    overview.activate()
    return book.save()


def _checklist(book: _Book, ws: Worksheet, catalog: Catalog, profile: _Profile,
               items: list[Item]) -> int:  # fmt: skip
    lang = book.lang
    widths = [WIDTHS[c] for c in CHECKLIST_COLUMNS]
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    book.header(ws, 0, [label(lang, c) for c in CHECKLIST_COLUMNS], widths)
    due_col = CHECKLIST_COLUMNS.index("due")
    for row, item in enumerate(items, start=1):
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
        for col, name in enumerate(CHECKLIST_COLUMNS):
            props = INPUT if name in INPUT_COLUMNS else TEXT
            if name == "due":
                book.date(ws, row, col, values[name], **props)
            else:
                book.text(ws, row, col, values[name], **props)
        ws.set_row(row, row_height([(values[c], w) for c, w in zip(CHECKLIST_COLUMNS, widths, strict=True)]))  # fmt: skip
    last = max(len(items), 1)  # the last item row, 0-based
    status = CHECKLIST_COLUMNS.index("status")
    status_ref = xl_col_to_name(status)
    choices = [status_label(lang, s) for s in STATUSES]
    ws.data_validation(1, status, last, status, {
        "validate": "list", "source": choices, "ignore_blank": False,
        "error_title": label(lang, "status"), "error_message": ", ".join(choices),
    })  # fmt: skip
    _date_validation(book, ws, 1, due_col, last, due_col)
    width = len(CHECKLIST_COLUMNS) - 1
    for state, colour in STATUS_FILLS.items():
        ws.conditional_format(1, 0, last, width, {
            "type": "formula", "criteria": f'=${status_ref}2="{status_label(lang, state)}"',
            "format": book.wb.add_format({"bg_color": colour}),
        })  # fmt: skip
    due_ref = xl_col_to_name(due_col)
    closed = ",".join(f'${status_ref}2<>"{status_label(lang, s)}"' for s in ("done", "n/a"))
    ws.conditional_format(1, due_col, last, due_col, {
        "type": "formula", "criteria": f"=AND(ISNUMBER(${due_ref}2),${due_ref}2<TODAY(),{closed})",
        "format": book.wb.add_format(OVERDUE), "stop_if_true": True,
    })  # fmt: skip
    ws.freeze_panes(1, 1)
    ws.autofilter(0, 0, last, width)
    ws.repeat_rows(0)
    ws.print_area(0, 0, last, width)
    _protect(ws)
    return last + 1  # the last item row, 1-based


def _date_validation(book: _Book, ws: Worksheet, r1: int, c1: int, r2: int, c2: int) -> None:
    lang = book.lang
    ws.data_validation(r1, c1, r2, c2, {
        "validate": "date", "criteria": "between",
        "minimum": date(2000, 1, 1), "maximum": date(2100, 12, 31),
        "input_title": label(lang, "date"), "input_message": label(lang, "wb_date_hint"),
        "error_title": label(lang, "date"), "error_message": label(lang, "wb_date_hint"),
    })  # fmt: skip


def _overview(book: _Book, ws: Worksheet, checklist: str, catalog: Catalog, profile: _Profile,
              items: list[Item], source: str, last: int) -> None:  # fmt: skip
    lang = book.lang
    widths = (30, 70, 34, 14, 14)
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    book.text(ws, 0, 0, title_of(profile, lang), bold=True, font_size=14)
    ws.set_row(0, 22)
    bold = {"bold": True, "text_wrap": True}
    row = 2

    def fact(key: str, value: str, props: dict[str, Any]) -> None:
        nonlocal row
        book.text(ws, row, 0, capital(label(lang, key)), **bold)
        book.text(ws, row, 1, value, **props)
        ws.set_row(row, row_height([(label(lang, key), widths[0]), (value, widths[1])]))
        row += 1

    fact("use_case", "" if is_blank(profile, lang) else profile.name, INPUT)
    fact("description", profile.description, INPUT)
    for f in profile_fields():
        value = field_text(lang, f, getattr(profile, f.name))
        if value or f.many or "" in f.codes:
            fact(f.label, value, TEXT)
            continue
        # Not answered yet (a blank template): a dropdown to answer it in.
        fact(f.label, value, INPUT)
        choices = [value_label(lang, f, c) for c in f.codes] if f.codes else [
            capital(label(lang, "yes")), capital(label(lang, "no"))]  # fmt: skip
        ws.data_validation(row - 1, 1, row - 1, 1, {"validate": "list", "source": choices})
    fact("catalog_version", catalog.version, TEXT)
    fact("generated_from", source, TEXT)
    fact("language", lang, TEXT)

    row += 1
    heads = [label(lang, k) for k in ("role", "owns", "name")]
    book.header(ws, row, heads, widths[:3])
    for role in catalog.roles:
        row += 1
        cells: list[tuple[str, dict[str, Any]]] = [
            (role.title[lang], TEXT),
            (role.owns[lang], TEXT),
            (profile.owners.get(role.id, ""), INPUT),
        ]
        for col, (value, props) in enumerate(cells):
            book.text(ws, row, col, value, **props)
        ws.set_row(row, row_height([(v, w) for (v, _), w in zip(cells, widths, strict=False)]))

    ref = "'" + checklist.replace("'", "''") + "'"
    col_of = {c: xl_col_to_name(i) for i, c in enumerate(CHECKLIST_COLUMNS)}

    def rng(name: str) -> str:
        return f"{ref}!${col_of[name]}$2:${col_of[name]}${last}"

    done, na = status_label(lang, "done"), status_label(lang, "n/a")
    # By item ID: a scan of the list per member made this quadratic in the catalog.
    status_of = {i.id: profile.answer(i.id).status for i in items}

    def readiness(title_key: str, groups: list[tuple[str, str, list[Item]]], column: str) -> int:
        nonlocal row
        row += 2
        heads = [label(lang, k) for k in (title_key, "applicable", "done_count", "na_count", "share_done")]  # fmt: skip
        book.header(ws, row, heads, widths)
        first = row + 1
        for title, key, members in groups:
            row += 1
            states = [status_of[i.id] for i in members]
            n, d, x = len(members), states.count("done"), states.count("n/a")
            r = row + 1
            book.text(ws, row, 0, title, **TEXT)
            crit = f'{rng(column)},"{key}"'
            ws.write_formula(row, 1, f"=COUNTIF({crit})", book.fmt(), n)
            ws.write_formula(row, 2, f'=COUNTIFS({crit},{rng("status")},"{done}")', book.fmt(), d)
            ws.write_formula(row, 3, f'=COUNTIFS({crit},{rng("status")},"{na}")', book.fmt(), x)
            share = 0 if n - x == 0 else d / (n - x)
            ws.write_formula(row, 4, f"=IF(B{r}-D{r}=0,0,C{r}/(B{r}-D{r}))", book.fmt(num_format="0%"), share)  # fmt: skip
            ws.set_row(row, row_height([(title, widths[0])]))
        return first

    by_gate = [(g.title[lang], g.id, [i for i in items if i.gate == g.id]) for g in catalog.gates]
    readiness("gate", by_gate, "gate")
    areas = [a for a in catalog.areas if any(i.area == a.id for i in items)]
    by_area = [(a.title[lang], a.title[lang], [i for i in items if i.area == a.id]) for a in areas]
    first = readiness("area", by_area, "area")
    row += 2
    book.text(ws, row, 0, label(lang, "na_note"), italic=True)
    row += 2
    if areas:
        chart = book.wb.add_chart({"type": "bar"})
        sheet = "'" + ws.name.replace("'", "''") + "'"
        chart.add_series({
            "name": label(lang, "share_done"),
            "categories": f"={sheet}!$A${first + 1}:$A${first + len(areas)}",
            "values": f"={sheet}!$E${first + 1}:$E${first + len(areas)}",
            "fill": {"color": HEADER_FILL}, "data_labels": {"value": True, "num_format": "0%"},
        })  # fmt: skip
        chart.set_title({"name": REPORT[lang]["readiness_area"], "name_font": {"size": 11}})
        chart.set_x_axis({"min": 0, "max": 1, "num_format": "0%", "major_gridlines": {"visible": True}})  # fmt: skip
        chart.set_y_axis({"reverse": True})
        chart.set_legend({"none": True})
        chart.set_size({"width": 860, "height": 40 + 34 * len(areas)})
        ws.insert_chart(row, 0, chart, {"object_position": 1})
        row += math.ceil((40 + 34 * len(areas)) / 17) + 1
    ws.print_area(0, 0, row, len(widths) - 1)
    _protect(ws)


def _goals(book: _Book, ws: Worksheet, profile: _Profile) -> None:
    lang = book.lang
    for col, width in enumerate(GOAL_WIDTHS):
        ws.set_column(col, col, width)
    names = [label(lang, n) for n in GOAL_COLUMNS] + [label(lang, "wb_goal_met")]
    book.header(ws, 0, names, GOAL_WIDTHS)
    higher, lower = label(lang, "higher"), label(lang, "lower")
    met, not_met = REPORT[lang]["goal_met"], REPORT[lang]["goal_not-met"]
    goals = list(profile.effect_goals)
    rows = len(goals) + EMPTY_GOAL_ROWS
    for row in range(1, rows + 1):
        g = goals[row - 1] if row <= len(goals) else None
        r = row + 1
        book.text(ws, row, 0, g.kpi if g else "", **INPUT)
        book.text(ws, row, 1, g.unit if g else "", **INPUT)
        book.number(ws, row, 2, g.baseline if g else None, **INPUT)
        book.number(ws, row, 3, g.target if g else None, **INPUT)
        book.text(ws, row, 4, label(lang, g.direction) if g else "", **INPUT)
        book.text(ws, row, 5, g.measured_by if g else "", **INPUT)
        book.number(ws, row, 6, g.measured if g else None, **INPUT)
        formula = (
            f'=IF(OR(G{r}="",D{r}=""),"",'
            f'IF(IF(E{r}="{higher}",G{r}>=D{r},G{r}<=D{r}),"{met}","{not_met}"))'
        )
        state = g.met() if g else None
        ws.write_formula(row, 7, formula, book.fmt(), "" if state is None else (met if state else not_met))  # fmt: skip
        cells = [(g.kpi, GOAL_WIDTHS[0]), (g.measured_by, GOAL_WIDTHS[5])] if g else []
        ws.set_row(row, max(row_height(cells), 2 * LINE_PT + ROW_PAD))
    ws.data_validation(1, 4, rows, 4, {"validate": "list", "source": [higher, lower]})
    ws.data_validation(1, 2, rows, 3, {"validate": "decimal", "criteria": "between",
                                       "minimum": -1e15, "maximum": 1e15})  # fmt: skip
    ws.data_validation(1, 6, rows, 6, {"validate": "decimal", "criteria": "between",
                                       "minimum": -1e15, "maximum": 1e15})  # fmt: skip
    chart = book.wb.add_chart({"type": "bar"})
    sheet = "'" + ws.name.replace("'", "''") + "'"
    for col, colour in ((2, "#A6A6A6"), (3, HEADER_FILL), (6, "#2E75B6")):
        letter = xl_col_to_name(col)
        chart.add_series({
            "name": [ws.name, 0, col],
            "categories": f"={sheet}!$A$2:$A${rows + 1}",
            "values": f"={sheet}!${letter}$2:${letter}${rows + 1}",
            "fill": {"color": colour},
        })  # fmt: skip
    chart.set_title({"name": REPORT[lang]["goals_chart"], "name_font": {"size": 11}})
    chart.set_y_axis({"reverse": True})
    chart.set_legend({"position": "bottom"})
    height = 70 + 26 * rows
    chart.set_size({"width": 1000, "height": height})
    chart_row = rows + 2
    ws.insert_chart(chart_row, 0, chart, {"object_position": 1})
    ws.freeze_panes(1, 0)
    ws.repeat_rows(0)
    ws.print_area(0, 0, chart_row + math.ceil(height / 17) + 1, len(GOAL_WIDTHS) - 1)
    _protect(ws, insert_rows=True)


def basis_text(basis: Basis | None) -> str:
    """A decision's basis as one line, "ai_type=generative; personal_data=true; ...",
    with the fields that were recorded; the reader parses it back."""
    if basis is None:
        return ""
    parts = []
    for f in fields(Basis):
        value = getattr(basis, f.name)
        if value in ("", None):
            continue
        parts.append(f"{f.name}={str(value).lower() if isinstance(value, bool) else value}")
    return "; ".join(parts)


def _decisions(book: _Book, ws: Worksheet, catalog: Catalog, profile: _Profile) -> None:
    lang = book.lang
    col = {name: i for i, name in enumerate(DECISION_COLUMNS)}
    for i, width in enumerate(DECISION_WIDTHS):
        ws.set_column(i, i, width, None, {"hidden": i >= DECISION_PRINTED})
    book.header(ws, 0, [label(lang, n) for n in DECISION_COLUMNS], DECISION_WIDTHS)
    rows = len(catalog.gates) + EMPTY_DECISION_ROWS
    for row in range(1, rows + 1):
        gate = catalog.gates[row - 1] if row <= len(catalog.gates) else None
        d = profile.decision(gate.id) if gate else None
        if gate and d:
            book.text(ws, row, col["gate"], gate.id, **TEXT)
            book.text(ws, row, col["question"], gate.question[lang], **TEXT)
        else:
            book.text(ws, row, col["gate"], "", **INPUT)
            book.text(ws, row, col["question"], "", **TEXT)
        book.date(ws, row, col["date"], d.date if d else "", **INPUT)
        decision = label(lang, f"decision_{d.decision}") if d and d.decision else ""
        book.text(ws, row, col["decision"], decision, **INPUT)
        book.text(ws, row, col["decided_by"], d.decided_by if d else "", **INPUT)
        book.text(ws, row, col["conditions"], d.conditions_summary if d else "", **INPUT)
        book.text(ws, row, col["exception_reason"], d.exception_reason if d else "", **INPUT)
        book.date(ws, row, col["review_date"], d.review_date if d else "", **INPUT)
        book.text(ws, row, col["basis"], basis_text(d.basis if d else None), **TEXT)
        cells = [(gate.question[lang], DECISION_WIDTHS[col["question"]])] if gate else []
        if d:
            cells += [(d.conditions_summary, DECISION_WIDTHS[col["conditions"]]),
                      (d.exception_reason, DECISION_WIDTHS[col["exception_reason"]])]  # fmt: skip
        ws.set_row(row, max(row_height(cells), 2 * LINE_PT + ROW_PAD))
    choices = [label(lang, f"decision_{k}") for k in DECISIONS]
    ws.data_validation(1, col["decision"], rows, col["decision"], {
        "validate": "list", "source": choices,
        "error_title": label(lang, "decision"), "error_message": ", ".join(choices),
    })  # fmt: skip
    ws.data_validation(len(catalog.gates) + 1, 0, rows, 0,
                       {"validate": "list", "source": [g.id for g in catalog.gates]})  # fmt: skip
    for name in ("date", "review_date"):
        _date_validation(book, ws, 1, col[name], rows, col[name])
    ws.freeze_panes(1, 0)
    ws.repeat_rows(0)
    ws.print_area(0, 0, rows, DECISION_PRINTED - 1)
    _protect(ws, insert_rows=True)
