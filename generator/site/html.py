"""Catalog -> site markup. Pure functions; the macros module only wires them in.

Everything taken from the catalog is escaped: the output goes into the page as
raw HTML that neither Markdown nor Jinja touches again, so a contributor's
"<script>" or "{{ ... }}" shows up as the characters they typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from generator.catalog.tailor import conditions
from generator.gate.report import decision_words, verdict_words
from generator.model import Catalog, Item
from generator.text import esc, md_inline
from generator.words import label, say

if TYPE_CHECKING:
    from generator.site.state import WorkedReport


def anchor(item_id: str) -> str:
    return item_id.lower()


def select(
    catalog: Catalog,
    *,
    gate: str | None = None,
    area: str | None = None,
    owner: str | None = None,
    level: str | None = None,
) -> list[Item]:
    return [
        i
        for i in catalog.active_items
        if (gate is None or i.gate == gate)
        and (area is None or i.area == area)
        and (owner is None or i.owner == owner)
        and (level is None or i.level == level)
    ]


def table(
    catalog: Catalog,
    items: Iterable[Item],
    lang: str,
    *,
    show_gate: bool = True,
    show_owner: bool = True,
    show_area: bool = False,
    heading_level: int = 4,
    searchable: bool = True,
) -> str:
    """A checklist: one row per item, every column fitting the text column.

    The first column carries the item: its ID (a link to the item's own anchor)
    and title as a heading, why, conditions, references, sources and "done when"
    folded in a <details>. Owner, gate and level follow as small badges. On a
    narrow screen the stylesheet turns every row into a card (data-label names
    a badge once the column headings are gone).

    The heading carries the anchor, so that the search index (Material's, which
    starts a section at every heading with an id) finds an item by its ID and
    lands on it. Whitespace separates every element, so that text taken out of
    the markup (the search index) reads as words with spaces.
    """
    items = list(items)
    if not items:
        return f'<p class="pb-empty">{esc(label(lang, "none"))}</p>'
    level = min(max(heading_level, 2), 6)
    columns = [("item", label(lang, "item"))]
    if show_area:
        columns.append(("area", label(lang, "area")))
    if show_owner:
        columns.append(("owner", label(lang, "owner")))
    if show_gate:
        columns.append(("gate", label(lang, "gate")))
    columns.append(("level", label(lang, "level")))
    head = "\n".join(
        f'<th scope="col" class="pb-col-{key}">{esc(text)}</th>' for key, text in columns
    )
    rows = [
        '<table class="pb-checklist">',
        f"<thead>\n<tr>\n{head}\n</tr>\n</thead>",
        "<tbody>",
    ]
    for item in items:
        cells = [
            f'<td class="pb-item">\n{_item_cell(catalog, item, lang, level, searchable)}\n</td>'
        ]
        if show_area:
            cells.append(_badge("area", lang, catalog.area(item.area).title[lang]))
        if show_owner:
            cells.append(_badge("owner", lang, catalog.role(item.owner).title[lang]))
        if show_gate:
            cells.append(_badge("gate", lang, item.gate))
        cells.append(
            _badge("level", lang, label(lang, item.level), f"pb-level pb-{esc(item.level)}")
        )
        rows.append(
            f'<tr class="pb-row pb-row-{esc(item.level)}">\n' + "\n".join(cells) + "\n</tr>"
        )
    rows += ["</tbody>", "</table>"]
    return "\n".join(rows)


def _badge(key: str, lang: str, text: str, css: str = "pb-badge") -> str:
    return (
        f'<td class="pb-meta pb-col-{key}" data-label="{esc(label(lang, key))}">'
        f'<span class="{css}">{esc(text)}</span></td>'
    )


def _item_cell(
    catalog: Catalog, item: Item, lang: str, level: int = 4, searchable: bool = True
) -> str:
    key = anchor(item.id)
    # Material's search leaves out a section whose heading carries this attribute.
    skip = "" if searchable else " data-search-exclude"
    parts = [
        f'<h{level} class="pb-item-title" id="{esc(key)}"{skip}>'
        f'<a class="pb-id" href="#{esc(key)}">{esc(item.id)}</a> '
        f'<span class="pb-title">{esc(item.title[lang])}</span></h{level}>',
        f'<p class="pb-why">{esc(item.why[lang])}</p>',
    ]
    cond = conditions(item, lang)
    if cond:
        parts.append(f'<p class="pb-applies">{esc(label(lang, "applies"))}: {esc(cond)}</p>')
    refs = []
    for name in ("ai_act", "nist_ai_rmf", "ml_test_score", "iso_42001"):
        for value in item.mappings.get(name, ()):
            refs.append(f"{label(lang, name)} {value}")
    if refs:
        parts.append(f'<p class="pb-refs">{esc(", ".join(refs))}</p>')
    links = ", ".join(
        f'<a href="{esc(catalog.source(k).url)}">{esc(catalog.source(k).short)}</a>'
        for k in item.sources
    )
    parts.append(f'<p class="pb-sources">{esc(label(lang, "sources"))}: {links}</p>')
    parts.append(
        f'<details class="pb-done">\n<summary>{esc(label(lang, "done_when"))}</summary>\n'
        f"<p>{esc(item.done_when[lang])}</p>\n</details>"
    )
    # Lines to write on, on paper only (the stylesheet hides them on screen);
    # out of the search index and of what a screen reader reads.
    fill = "".join(f"<span>{esc(label(lang, key))}</span>" for key in _FILL)
    parts.append(f'<div class="pb-fill" data-search-exclude aria-hidden="true">{fill}</div>')
    return "\n".join(parts)


# The lines under a printed checklist item, in this order.
_FILL = ("fill_responsible", "fill_date", "fill_note")


def checklist(
    catalog: Catalog,
    lang: str,
    *,
    gate: str | None = None,
    area: str | None = None,
    owner: str | None = None,
    group_by: str | None = None,
    heading_level: int = 3,
) -> str:
    """A checklist as Markdown: optional headings per group, an HTML table each."""
    items = select(catalog, gate=gate, area=area, owner=owner)
    show = {"show_gate": gate is None, "show_owner": owner is None}
    # An item is found once, on the catalog page: the gate, definition-of-done
    # and area pages repeat it, and would triple the hits and the search index.
    searchable = gate is None and area is None and owner is None
    if group_by is None:
        # Without group headings the items sit at the level the page asked for.
        return table(
            catalog, items, lang, **show, heading_level=heading_level, searchable=searchable
        )
    if group_by == "area":
        groups = [(a.id, a.title[lang]) for a in catalog.areas]
    elif group_by == "owner":
        show["show_owner"] = False
        groups = [(r.id, r.title[lang]) for r in catalog.roles]
    elif group_by == "gate":
        show["show_gate"] = False
        groups = [(g.id, g.title[lang]) for g in catalog.gates]
    else:
        raise ValueError(f"group_by must be area, owner or gate, not {group_by!r}")
    out = []
    for key, title in groups:
        chosen = [i for i in items if getattr(i, group_by) == key]
        if chosen:
            out.append(f"{'#' * heading_level} {md_inline(title)}")
            out.append("")
            level = heading_level + 1
            out.append(
                table(catalog, chosen, lang, **show, heading_level=level, searchable=searchable)
            )
            out.append("")
    return "\n".join(out) if out else table(catalog, [], lang)


def roles_table(catalog: Catalog, lang: str) -> str:
    head = [label(lang, "role"), label(lang, "owns"), label(lang, "scope"), label(lang, "items")]
    rows = [
        '<table class="pb-roles">',
        "<thead><tr>" + "".join(f'<th scope="col">{esc(h)}</th>' for h in head) + "</tr></thead>",
        "<tbody>",
    ]
    for role in catalog.roles:
        count = len(select(catalog, owner=role.id))
        rows.append(
            f"<tr><td>{esc(role.title[lang])}</td><td>{esc(role.owns[lang])}</td>"
            f"<td>{esc(role.scope[lang])}</td><td>{count}</td></tr>"
        )
    rows += ["</tbody>", "</table>"]
    return "\n".join(rows)


def file_size(size: int, lang: str) -> str:
    """A download's size as the language writes it: "980 B", "4,2 kB" / "4.2 kB", "31 kB",
    "2,1 MB" / "2.1 MB" (the printed edition)."""
    if size < 1000:
        return f"{size}\u00a0B"
    if size >= 1_000_000:
        text = f"{size / 1_000_000:.1f}"
        return (text.replace(".", ",") if lang == "nb" else text) + "\u00a0MB"
    kb = size / 1000
    text = f"{kb:.1f}" if kb < 10 else f"{kb:.0f}"
    return (text.replace(".", ",") if lang == "nb" else text) + "\u00a0kB"


def downloads_table(catalog: Catalog, entries: list[tuple[str, str, str, dict[str, int]]], lang: str,
                    prefix: str, sizes: Mapping[str, int]) -> str:  # fmt: skip
    """A card per use case (stem, name, description, items per gate): what it
    holds, and a link per format with its language, format and size.

    `sizes` maps a download's file name to its length in bytes."""
    cards = []
    for stem, name, description, counts in entries:
        per_gate = " · ".join(f"{esc(g.id)}&nbsp;{counts[g.id]}" for g in catalog.gates)
        files = []
        for fmt in ("md", "xlsx", "yaml"):
            file = f"{stem}.{lang}.{fmt}"
            href = f"{prefix}downloads/{file}"
            files.append(
                f'<li><a href="{esc(href)}" download>{esc(label(lang, "format_" + fmt))}</a> '
                f'<span class="pb-file-meta">{esc(label(lang, "card_" + fmt))} · '
                f"{esc(label(lang, 'card_language'))} · "
                f".{esc(fmt)} · {esc(file_size(sizes[file], lang))}</span></li>"
            )
        parts = [
            "<li>",
            f'<p class="pb-download-name"><strong>{esc(name)}</strong></p>',
        ]
        if description:
            parts.append(f'<p class="pb-download-about">{esc(description)}</p>')
        parts += [
            f'<p class="pb-download-counts">{esc(label(lang, "card_per_gate"))}: {per_gate}</p>',
            '<ul class="pb-download-files">',
            *files,
            "</ul>",
            "</li>",
        ]
        cards.append("\n".join(parts))
    return '<div class="grid cards pb-downloads">\n<ul>\n' + "\n".join(cards) + "\n</ul>\n</div>"


def _natural(text: str) -> list[object]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def item_link(item: Item, page: str) -> str:
    return f"[{item.id}]({page}#{anchor(item.id)})"


def bibliography(catalog: Catalog, lang: str, catalog_page: str = "catalog.md") -> str:
    """One entry per source, each with the items that cite it (as checked Markdown links)."""
    out = []
    for src in catalog.sources:
        citing = [i for i in catalog.active_items if src.key in i.sources]
        date = f", {md_inline(src.date)}" if src.date else ""
        out += [
            f"## {md_inline(src.short)} {{#{src.key}}}",
            "",
            f"{md_inline(src.author)}. *{md_inline(src.title)}*. {md_inline(src.publisher)}{date}. "
            f"<{src.url}>"
            if re.fullmatch(r"https://[\w./%#?=&:~+-]+", src.url)
            else md_inline(src.url),
            "",
        ]
        if src.note:
            out += [f"*{md_inline(src.note[lang])}*", ""]
        cited = ", ".join(item_link(i, catalog_page) for i in citing) or "–"
        out += [f"{md_inline(label(lang, 'items'))}: {cited}", ""]
    return "\n".join(out)


def crosswalk(catalog: Catalog, lang: str, framework: str, catalog_page: str = "catalog.md") -> str:
    """Framework reference -> the items mapped to it, as a Markdown table."""
    refs: dict[str, list[Item]] = {}
    for item in catalog.active_items:
        for ref in item.mappings.get(framework, ()):
            refs.setdefault(ref, []).append(item)
    if not refs:
        return md_inline(label(lang, "none"))
    lines = [
        f"| {md_inline(label(lang, framework))} | {md_inline(label(lang, 'items'))} |",
        "|---|---|",
    ]
    for ref in sorted(refs, key=_natural):
        items = ", ".join(
            f"{item_link(i, catalog_page)} {md_inline(i.title[lang])}" for i in refs[ref]
        )
        lines.append(f"| {md_inline(ref)} {{#{_slug(framework, ref)}}} | {items} |")
    return "\n".join(lines)


def _slug(framework: str, ref: str) -> str:
    return framework.replace("_", "-") + "-" + re.sub(r"[^a-z0-9]+", "-", ref.lower()).strip("-")


# Longer lists start folded, so that a first edition does not bury the later versions.
_FOLD_AFTER = 10


def changelog(
    catalog: Catalog, lang: str, catalog_page: str = "catalog.md", heading_level: int = 2
) -> str:
    """Each recorded version with its date and summary, and the items that were
    added (their since) and deprecated (their deprecated.since) in it."""
    out: list[str] = []

    def ref(item: Item) -> str:
        # Deprecated items are not in the catalog tables, so there is no anchor to link to.
        return item_link(item, catalog_page) if item.active else f"`{item.id}`"

    def block(title: str, lines: list[str]) -> None:
        if not lines:
            return
        marker = "???" if len(lines) > _FOLD_AFTER else "???+"
        out.extend([f'{marker} note "{title} ({len(lines)})"', ""])
        out.extend(f"    - {line}" for line in lines)
        out.append("")

    for change in catalog.changes:
        slug = "v" + change.version.replace(".", "-")
        out += [
            f"{'#' * heading_level} {md_inline(change.version)} – {md_inline(change.date)} {{#{slug}}}",
            "",
            md_inline(change.summary[lang]),
            "",
        ]
        added = [i for i in catalog.items if i.since == change.version]
        block(label(lang, "added_in"), [f"{ref(i)} {md_inline(i.title[lang])}" for i in added])
        lines = []
        for item in catalog.items:
            dep = item.deprecated
            if dep is None or dep.since != change.version:
                continue
            line = f"{ref(item)} {md_inline(item.title[lang])}"
            if dep.replaced_by:
                line += f" – {md_inline(label(lang, 'replaced_by'))} {ref(catalog.item(dep.replaced_by))}"
            lines.append(line)
        block(label(lang, "deprecated_in"), lines)
    return "\n".join(out)


def worked_table(catalog: Catalog, rows: Sequence[WorkedReport], lang: str, prefix: str) -> str:
    """Gate, recommendation, recorded decision and links to the gate report, one row per example."""
    head = (
        f"<tr><th>{esc(label(lang, 'gate'))}</th><th>{esc(say(lang, 'verdict'))}</th>"
        f"<th>{esc(say(lang, 'recorded_decision'))}</th><th>{esc(say(lang, 'report_title'))}</th></tr>"
    )
    body = []
    for w in rows:
        decision = w.profile.decision(w.gate)
        shown = decision_words(decision.decision, lang)
        if w.report.decision is not None and w.report.decision.exception:
            shown += f" ({say(lang, 'exception').lower()})"
        href = f"{prefix}reports/{w.stem}"
        body.append(
            f"<tr><td>{esc(catalog.gate(w.gate).title[lang])}</td>"
            f"<td>{esc(verdict_words(w.report.verdict, lang))}</td><td>{esc(shown)}</td>"
            f'<td><a href="{esc(href)}.html">{esc(label(lang, "format_html"))}</a> · '
            f'<a href="{esc(href)}.md">{esc(label(lang, "format_md"))}</a></td></tr>'
        )
    return (
        '<table class="pb-worked"><thead>'
        + head
        + "</thead><tbody>"
        + "".join(body)
        + "</tbody></table>"
    )
