"""Every escaping rule in one place: text from the catalog or a user, made safe
for the output it lands in.

Each function takes text as typed and returns text that the target shows as
typed: no markup, no formula, no control character acts on its own.
"""

from __future__ import annotations

import re
from html import escape

# Python-Markdown's backslash-escapable characters (with tables: |). Not "~": no
# enabled extension gives it a meaning, and "\~" would show its backslash.
_MD_SITE = re.compile(r"([\\`*_{}\[\]()#+!|-])")
# The characters that make markup in a Markdown document read outside the site
# (a repository, a wiki, a pull-request comment).
_MD_DOC = re.compile(r"([\\`*_\[\]<>|#])")
# Characters that would break a one-line message (str.splitlines splits on all
# of these) or hide in it, shown escaped: a key "a\nb" prints as a\nb.
_ONE_LINE = {
    c: chr(c).encode("unicode_escape").decode("ascii")
    for c in [*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, 0xFFFE, 0xFFFF]
}
# Bidirectional overrides and isolates reorder what a terminal shows (a name
# could show one text and hold another): shown escaped too.
_ONE_LINE.update({c: f"\\u{c:04x}" for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]})
# A spreadsheet reads a cell that starts with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@")


# C0 and C1 control characters (and DEL), which an HTML page would show as
# nothing at all, shown escaped like the terminal shows them; tab and line
# breaks stay, and so does every other character, as typed.
_HTML_CONTROLS = {
    c: v for c, v in _ONE_LINE.items() if (c < 0x20 or 0x7F <= c < 0xA0) and chr(c) not in "\t\n\r"
}


def esc(text: str) -> str:
    """Text for an HTML context (element content or a quoted attribute)."""
    return escape(text, quote=True).translate(_HTML_CONTROLS)


def md_inline(text: str) -> str:
    """Text inside a site page's Markdown: HTML first, then Markdown syntax."""
    return _MD_SITE.sub(r"\\\1", escape(text, quote=False))


def md(text: str) -> str:
    """Plain text for a Markdown document: markup characters escaped, line breaks
    folded, control characters shown escaped."""
    return _MD_DOC.sub(r"\\\1", " ".join(text.split())).translate(_ONE_LINE) if text else ""


def one_line(text: str) -> str:
    """Text for one line of a terminal or log: control characters shown escaped,
    and never a GitHub Actions workflow command (a line that starts with ::)."""
    out = text.translate(_ONE_LINE)
    if out.lstrip().startswith("::"):
        at = out.index("::")
        out = out[:at] + "\\" + out[at:]
    return out


# XML 1.0 allows no C0 controls but tab, newline and carriage return, and no
# U+FFFE/U+FFFF; ElementTree would write them and make the file unreadable.
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text an XML 1.0 document can hold: characters it forbids shown as \\xNN."""
    return _XML_BAD.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def needs_quote_prefix(value: str) -> bool:
    """Whether a spreadsheet would read this text as a formula or a control."""
    return bool(value) and (value.startswith(FORMULA_START) or value[0] < " " or value[0] == "\x7f")


def cell(value: str) -> str:
    """Text for a CSV cell that a spreadsheet shows as typed: never a formula."""
    return "'" + value if needs_quote_prefix(value) else value
