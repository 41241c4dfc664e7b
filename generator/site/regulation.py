"""The AI Act's dates, from the catalog's milestones: the table on the
regulation page and the "applies from" note next to an item.

Both are written from checklists/catalog.yaml (milestones), so a date changed
there changes everywhere it is shown.
"""

from __future__ import annotations

from generator.model import Catalog, Item
from generator.text import esc, md_inline
from generator.words import ai_act_dates, format_date, say


def dates_table(catalog: Catalog, lang: str) -> str:
    """A Markdown table: date, what applies from it, the source (linked to the Sources page)."""
    rows = [
        f"| {say(lang, 'date_col')} | {say(lang, 'applies_col')} | {say(lang, 'source_col')} |",
        "|---|---|---|",
    ]
    for m in catalog.milestones:
        sources = ", ".join(
            f"[{md_inline(catalog.source(key).short)}](sources.md#{key})" for key in m.sources
        )
        rows.append(
            f"| {md_inline(format_date(m.date, lang))} | {md_inline(m.what[lang])} | {sources} |"
        )
    return "\n".join(rows)


def applies_from(catalog: Catalog, item: Item, lang: str) -> str:
    """The dates the item's AI Act articles apply from, as a phrase, or ''."""
    found = catalog.milestones_for(item)
    return ai_act_dates([(m.date, m.scope) for m in found], lang) if found else ""


def applies_from_html(catalog: Catalog, item: Item, lang: str) -> str:
    text = applies_from(catalog, item, lang)
    return f'<span class="pb-applies-from">{esc(text)}</span>' if text else ""
