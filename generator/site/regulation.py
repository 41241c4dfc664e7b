"""The AI Act's dates, from the catalog's milestones: the table on the
regulation page and the "applies from" note next to an item.

Both are written from checklists/catalog.yaml (milestones), so a date changed
there changes everywhere it is shown.
"""

from __future__ import annotations

from generator.model import Catalog, Item
from generator.site.page_dates import format_date
from generator.text import esc, md_inline
from generator.words import say


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
    """'AI Act: applies from 2 December 2027 (high-risk systems in Annex III) ...', or ''."""
    found = catalog.milestones_for(item)
    if not found:
        return ""
    parts = [format_date(m.date, lang) + (f" ({m.scope[lang]})" if m.scope else "") for m in found]
    return say(lang, "applies_from", dates=f" {say(lang, 'or_later')} ".join(parts))


def applies_from_html(catalog: Catalog, item: Item, lang: str) -> str:
    text = applies_from(catalog, item, lang)
    return f'<span class="pb-applies-from">{esc(text)}</span>' if text else ""
