"""A small writer for Excel workbooks (.xlsx), with only what the readiness
templates use: text, number and formula cells, a few cell formats, column
widths, frozen panes, an autofilter, drop-down lists, formula-based fills and
sheet protection. openpyxl reads the workbooks back (generator/xlsx_read.py).

Why not a library: the site writes 26 workbooks on every build. openpyxl took
about 15 ms a workbook and XlsxWriter 6 ms, both mostly in several Python calls
per cell, first to store it and then to serialise it; that was most of the
project's share of the build (benchmarks/README.md). Here a cell is one string
format, and a workbook about 1.5 ms.

The XML is what XlsxWriter writes for the same workbook (same parts, element
order and attributes; XlsxWriter's own tests compare its files with files
that Excel saved), less the theme part, which Excel does not need. Safe and
stable by construction:

- text is always a shared-string cell, never a formula; text that a
  spreadsheet would take for a formula once edited (= + - @ or a control
  character first) also gets the quote prefix;
- characters XML cannot carry become U+FFFD, and text that looks like Excel's
  own _xHHHH_ escape is escaped so that it reads back as typed;
- the same workbook gives the same bytes: the only date, in the document
  properties and on every zip entry, is the one given.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from dataclasses import dataclass, field, replace
from datetime import datetime
from xml.sax.saxutils import escape, quoteattr

from generator.text import needs_quote_prefix

Value = str | int | float | None

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037\ufffe\uffff]")
_EXCEL_ESCAPE = re.compile(r"(_x[0-9a-fA-F]{4}_)")
# Number formats Excel knows by number; any other gets a number from 164 up.
_BUILTIN_FORMATS = {"": 0, "0": 1, "0.00": 2, "0%": 9, "0.00%": 10}
COLUMNS = [chr(65 + i) for i in range(26)]  # A..Z: the templates are narrower than that


@dataclass(frozen=True)
class Style:
    """How a cell looks; `Book.style` gives its number."""

    bold: bool = False
    size: int = 11
    color: str = ""  # font colour, RRGGBB
    fill: str = ""  # solid background, RRGGBB
    wrap: bool = False  # wrap the text, at the top of the cell
    unlocked: bool = False  # editable when the sheet is protected
    quote: bool = False  # text stays text when someone edits the cell
    number_format: str = ""


@dataclass(frozen=True)
class Formula:
    text: str  # as typed in Excel, with the leading "="


@dataclass(frozen=True)
class ListValidation:
    """A drop-down list of choices on a range."""

    ref: str
    choices: tuple[str, ...]
    allow_blank: bool
    error_title: str = ""
    error: str = ""  # when set, anything else is refused with this message


@dataclass
class Sheet:
    name: str
    widths: list[float] = field(default_factory=list)  # from column A, in characters
    frozen: tuple[int, int] = (0, 0)  # rows and columns that stay in view
    autofilter: str = ""  # "A1:L54"
    protected: bool = False
    allow: tuple[str, ...] = ()  # what people may still do when protected: "sort", ...
    validations: list[ListValidation] = field(default_factory=list)
    fills: list[tuple[str, str, str]] = field(default_factory=list)  # (range, formula, RRGGBB)
    rows: dict[int, tuple[list[Value | Formula], list[int]]] = field(default_factory=dict)

    def row(self, number: int, values: list[Value | Formula], styles: list[int]) -> None:
        """Cells from column A on, each with a style number from `Book.style`."""
        self.rows[number] = (values, styles)


class Book:
    def __init__(self, created: datetime, author: str) -> None:
        self.created = created
        self.author = author
        self.sheets: list[Sheet] = []
        self.styles: list[Style] = [Style()]
        self._style_ids: dict[Style, int] = {Style(): 0}
        self._quoted: dict[int, int] = {}

    def sheet(self, name: str) -> Sheet:
        if not 0 < len(name) <= 31 or any(c in name for c in "[]:*?/\\"):
            raise ValueError(f"Excel does not allow the sheet name {name!r}")
        made = Sheet(name)
        self.sheets.append(made)
        return made

    def style(self, style: Style) -> int:
        found = self._style_ids.get(style)
        if found is None:
            found = self._style_ids[style] = len(self.styles)
            self.styles.append(style)
        return found

    def quoted(self, style_id: int) -> int:
        """The same style with the quote prefix."""
        found = self._quoted.get(style_id)
        if found is None:
            found = self._quoted[style_id] = self.style(replace(self.styles[style_id], quote=True))
        return found

    def save(self) -> bytes:
        strings: dict[str, int] = {}
        # Sheets first: they fill the shared strings and may add quoted styles.
        sheets = [_sheet_xml(self, s, i, strings) for i, s in enumerate(self.sheets)]
        parts = [
            ("[Content_Types].xml", _content_types(len(sheets))),
            ("_rels/.rels", _ROOT_RELS),
            ("docProps/app.xml", _APP),
            ("docProps/core.xml", _core(self.author, self.created)),
            ("xl/workbook.xml", _workbook_xml(self.sheets)),
            ("xl/_rels/workbook.xml.rels", _workbook_rels(len(sheets))),
            ("xl/styles.xml", _styles_xml(self.styles, self.sheets)),
            ("xl/sharedStrings.xml", _shared_strings(strings)),
        ]
        parts += [(f"xl/worksheets/sheet{i}.xml", xml) for i, xml in enumerate(sheets, 1)]
        stamp = self.created.timetuple()[:6]
        raw = io.BytesIO()
        with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, xml in parts:
                entry = zipfile.ZipInfo(name, date_time=stamp)
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = 0o600 << 16
                archive.writestr(entry, xml.encode("utf-8"))
        return raw.getvalue()


def _sheet_xml(book: Book, sheet: Sheet, index: int, strings: dict[str, int]) -> str:
    """One worksheet. The cell loop calls no Python function except for text
    that needs the quote prefix: 17,000 cells a build, and a profiler would
    multiply the cost of each call. Joins take lists for the same reason."""
    cells: list[str] = []
    last_col = 0
    for number in sorted(sheet.rows):
        values, styles = sheet.rows[number]
        row: list[str] = []
        for col, value in enumerate(values):
            style = styles[col]
            ref = f"{COLUMNS[col]}{number}"
            if value is None or value == "":
                if style:
                    row.append(f'<c r="{ref}" s="{style}"/>')
            elif isinstance(value, str):
                if needs_quote_prefix(value):
                    style = book.quoted(style)
                try:
                    shared = strings[value]
                except KeyError:
                    shared = strings[value] = len(strings)
                row.append(f'<c r="{ref}" s="{style}" t="s"><v>{shared}</v></c>')
            elif isinstance(value, Formula):
                text = escape(value.text.removeprefix("="))
                row.append(f'<c r="{ref}" s="{style}"><f>{text}</f><v></v></c>')
            elif isinstance(value, int | float) and not isinstance(value, bool):
                # 16 significant digits, as openpyxl wrote them: 2.0 reads back as 2.
                # NaN and infinity have no form in a workbook; the cell stays empty.
                digits = f"{value:.16g}" if math.isfinite(value) else ""
                row.append(f'<c r="{ref}" s="{style}"><v>{digits}</v></c>')
            else:
                raise TypeError(f"cannot write {value!r} to a cell")
        if row:
            last_col = max(last_col, len(values))
            cells.append(f'<row r="{number}">{"".join(row)}</row>')
    first_row = min(sheet.rows, default=1)
    last_row = max(sheet.rows, default=1)
    dimension = f"A{first_row}:{COLUMNS[max(last_col, 1) - 1]}{last_row}"
    parts = [
        _DECLARATION,
        f'<worksheet xmlns="{_MAIN}" xmlns:r="{_DOC_RELS}">',
        f'<dimension ref="{dimension}"/>',
        _sheet_view(sheet.frozen, selected=index == 0),
        '<sheetFormatPr defaultRowHeight="15"/>',
    ]
    if sheet.widths:
        cols = "".join(
            [
                f'<col min="{i}" max="{i}" width="{w!r}" customWidth="1"/>'
                for i, w in enumerate(sheet.widths, 1)
            ]
        )
        parts.append(f"<cols>{cols}</cols>")
    parts.append(f"<sheetData>{''.join(cells)}</sheetData>")
    if sheet.protected:
        allowed = "".join([f' {name}="0"' for name in sheet.allow])
        parts.append(f'<sheetProtection sheet="1"{allowed}/>')
    if sheet.autofilter:
        parts.append(f'<autoFilter ref="{sheet.autofilter}"/>')
    parts += _fills_xml(sheet, _dxf_ids(book.sheets))
    if sheet.validations:
        parts.append(f'<dataValidations count="{len(sheet.validations)}">')
        parts += [_validation_xml(v) for v in sheet.validations]
        parts.append("</dataValidations>")
    parts.append(
        '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
        "</worksheet>"
    )
    return "".join(parts)


def _sheet_view(frozen: tuple[int, int], *, selected: bool) -> str:
    rows, cols = frozen
    tab = ' tabSelected="1"' if selected else ""
    if not rows and not cols:
        return f'<sheetViews><sheetView{tab} workbookViewId="0"/></sheetViews>'
    top_left = f"{COLUMNS[cols]}{rows + 1}"
    split = (f' xSplit="{cols}"' if cols else "") + (f' ySplit="{rows}"' if rows else "")
    if rows and cols:
        pane = "bottomRight"
        selections = (
            f'<selection pane="topRight" activeCell="{COLUMNS[cols]}1" sqref="{COLUMNS[cols]}1"/>'
            f'<selection pane="bottomLeft" activeCell="A{rows + 1}" sqref="A{rows + 1}"/>'
            '<selection pane="bottomRight"/>'
        )
    else:
        pane = "bottomLeft" if rows else "topRight"
        selections = f'<selection pane="{pane}"/>'
    return (
        f'<sheetViews><sheetView{tab} workbookViewId="0"><pane{split} topLeftCell="{top_left}" '
        f'activePane="{pane}" state="frozen"/>{selections}</sheetView></sheetViews>'
    )


def _dxf_ids(sheets: list[Sheet]) -> dict[str, int]:
    """One differential format per fill colour, numbered in order of first use."""
    ids: dict[str, int] = {}
    for sheet in sheets:
        for _ref, _formula, colour in sheet.fills:
            ids.setdefault(colour, len(ids))
    return ids


def _fills_xml(sheet: Sheet, dxf: dict[str, int]) -> list[str]:
    by_range: dict[str, list[str]] = {}
    for priority, (ref, formula, colour) in enumerate(sheet.fills, 1):
        by_range.setdefault(ref, []).append(
            f'<cfRule type="expression" dxfId="{dxf[colour]}" priority="{priority}">'
            f"<formula>{escape(formula.removeprefix('='))}</formula></cfRule>"
        )
    return [
        f'<conditionalFormatting sqref="{ref}">{"".join(rules)}</conditionalFormatting>'
        for ref, rules in by_range.items()
    ]


def _validation_xml(v: ListValidation) -> str:
    # Excel keeps an inline list under 255 characters.
    choices = ",".join(v.choices)
    if len(choices) >= 255 or any('"' in c or "," in c for c in v.choices):
        raise ValueError(f"not a valid inline list for a drop-down: {choices!r}")
    attributes = ' type="list"' + (' allowBlank="1"' if v.allow_blank else "")
    if v.error:
        attributes += f' showErrorMessage="1" errorTitle={quoteattr(v.error_title)} error={quoteattr(v.error)}'
    return (
        f'<dataValidation{attributes} sqref="{v.ref}">'
        f'<formula1>"{escape(choices)}"</formula1></dataValidation>'
    )


def _text_xml(text: str) -> str:
    text = escape(_ILLEGAL.sub("\ufffd", text)).replace("\r", "&#13;")
    if "_x" in text:
        text = _EXCEL_ESCAPE.sub(r"_x005F\1", text)
    if text != text.strip():
        return f'<t xml:space="preserve">{text}</t>'
    return f"<t>{text}</t>"


def _shared_strings(strings: dict[str, int]) -> str:
    items = "".join([f"<si>{_text_xml(text)}</si>" for text in strings])
    return f'{_DECLARATION}<sst xmlns="{_MAIN}" uniqueCount="{len(strings)}">{items}</sst>'


def _styles_xml(styles: list[Style], sheets: list[Sheet]) -> str:
    fonts: dict[tuple[bool, int, str], int] = {}
    fills: dict[str, int] = {"": 0, "gray125": 1}  # the two fills Excel reserves
    formats: dict[str, int] = dict(_BUILTIN_FORMATS)
    xfs = []
    for s in styles:
        font = fonts.setdefault((s.bold, s.size, s.color), len(fonts))
        fill = fills.setdefault(s.fill, len(fills))
        number = formats.setdefault(s.number_format, 164 + len(formats) - len(_BUILTIN_FORMATS))
        attributes = f'numFmtId="{number}" fontId="{font}" fillId="{fill}" borderId="0" xfId="0"'
        attributes += ' quotePrefix="1"' if s.quote else ""
        attributes += ' applyNumberFormat="1"' if number else ""
        attributes += ' applyFont="1"' if font else ""
        attributes += ' applyFill="1"' if fill else ""
        attributes += ' applyAlignment="1"' if s.wrap else ""
        attributes += ' applyProtection="1"' if s.unlocked else ""
        inner = '<alignment vertical="top" wrapText="1"/>' if s.wrap else ""
        inner += '<protection locked="0"/>' if s.unlocked else ""
        xfs.append(f"<xf {attributes}>{inner}</xf>" if inner else f"<xf {attributes}/>")
    custom = [(code, n) for code, n in formats.items() if n >= 164]
    font_xml = "".join(
        [
            "<font>"
            + ("<b/>" if bold else "")
            + f'<sz val="{size}"/>'
            + (f'<color rgb="FF{color}"/>' if color else "")
            + '<name val="Calibri"/><family val="2"/></font>'
            for bold, size, color in fonts
        ]
    )
    fill_xml = '<fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    fill_xml += "".join(
        [
            f'<fill><patternFill patternType="solid"><fgColor rgb="FF{c}"/><bgColor indexed="64"/></patternFill></fill>'
            for c in list(fills)[2:]
        ]
    )
    dxfs = "".join(
        [
            f'<dxf><fill><patternFill><fgColor rgb="FF{c}"/><bgColor rgb="FF{c}"/></patternFill></fill></dxf>'
            for c in _dxf_ids(sheets)
        ]
    )
    return "".join(
        [
            _DECLARATION,
            f'<styleSheet xmlns="{_MAIN}">',
            f'<numFmts count="{len(custom)}">'
            + "".join([f'<numFmt numFmtId="{n}" formatCode={quoteattr(c)}/>' for c, n in custom])
            + "</numFmts>"
            if custom
            else "",
            f'<fonts count="{len(fonts)}">{font_xml}</fonts>',
            f'<fills count="{len(fills)}">{fill_xml}</fills>',
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>',
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>',
            f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>',
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>',
            f'<dxfs count="{len(_dxf_ids(sheets))}">{dxfs}</dxfs>',
            '<tableStyles count="0" defaultTableStyle="TableStyleMedium9" defaultPivotStyle="PivotStyleLight16"/>',
            "</styleSheet>",
        ]
    )


def _quoted_name(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def _absolute(ref: str) -> str:
    """A1:L54 -> $A$1:$L$54"""
    return ":".join([re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", part) for part in ref.split(":")])


def _workbook_xml(sheets: list[Sheet]) -> str:
    entries = "".join(
        [
            f'<sheet name={quoteattr(s.name)} sheetId="{i}" r:id="rId{i}"/>'
            for i, s in enumerate(sheets, 1)
        ]
    )
    # Excel keeps an autofilter's range in this hidden name too, and expects it.
    names = "".join(
        [
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
            f"{escape(_quoted_name(s.name))}!{_absolute(s.autofilter)}</definedName>"
            for i, s in enumerate(sheets)
            if s.autofilter
        ]
    )
    return (
        f'{_DECLARATION}<workbook xmlns="{_MAIN}" xmlns:r="{_DOC_RELS}">'
        '<workbookPr/><bookViews><workbookView xWindow="240" yWindow="15" windowWidth="16095" '
        f'windowHeight="9660"/></bookViews><sheets>{entries}</sheets>'
        + (f"<definedNames>{names}</definedNames>" if names else "")
        # Formulas are stored without results; Excel works them out on opening.
        + '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'
    )


def _relationship(number: int, kind: str, target: str) -> str:
    return f'<Relationship Id="rId{number}" Type="{_DOC_RELS}/{kind}" Target="{target}"/>'


def _workbook_rels(count: int) -> str:
    rels = [_relationship(i, "worksheet", f"worksheets/sheet{i}.xml") for i in range(1, count + 1)]
    rels.append(_relationship(count + 1, "styles", "styles.xml"))
    rels.append(_relationship(count + 2, "sharedStrings", "sharedStrings.xml"))
    return f'{_DECLARATION}<Relationships xmlns="{_PKG_RELS}">{"".join(rels)}</Relationships>'


def _content_types(count: int) -> str:
    office = "application/vnd.openxmlformats-officedocument"
    overrides = [
        ("/docProps/app.xml", f"{office}.extended-properties+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        ("/xl/styles.xml", f"{office}.spreadsheetml.styles+xml"),
        ("/xl/workbook.xml", f"{office}.spreadsheetml.sheet.main+xml"),
    ]
    overrides += [
        (f"/xl/worksheets/sheet{i}.xml", f"{office}.spreadsheetml.worksheet+xml")
        for i in range(1, count + 1)
    ]
    overrides.append(("/xl/sharedStrings.xml", f"{office}.spreadsheetml.sharedStrings+xml"))
    return (
        f'{_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join([f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides])
        + "</Types>"
    )


_ROOT_RELS = (
    f'{_DECLARATION}<Relationships xmlns="{_PKG_RELS}">'
    f'<Relationship Id="rId1" Type="{_DOC_RELS}/officeDocument" Target="xl/workbook.xml"/>'
    f'<Relationship Id="rId2" Type="{_PKG_RELS}/metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_DOC_RELS}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)
_APP = (
    f"{_DECLARATION}<Properties "
    'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>playbook</Application></Properties>"
)


def _core(author: str, created: datetime) -> str:
    when = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    who = escape(author)
    return (
        f"{_DECLARATION}<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:creator>{who}</dc:creator><cp:lastModifiedBy>{who}</cp:lastModifiedBy>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>'
        "</cp:coreProperties>"
    )
