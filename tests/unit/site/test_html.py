"""The renderer on its own: selection, grouping and escaping of hostile text."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

import pytest

from generator.model import Catalog
from generator.site import html as render


def _with_text(mini: Catalog, text: str) -> Catalog:
    """An item carrying `text` everywhere, built without the validator on purpose."""
    hostile = MappingProxyType({"nb": text, "en": text})
    item = replace(mini.item("VAL-001"), title=hostile, why=hostile, done_when=hostile)
    return replace(mini, items=(item, *mini.items[1:]))


def test_table_lists_only_the_selected_active_items(mini: Catalog) -> None:
    html = render.checklist(mini, "en", gate="G2")
    assert re.findall(r'\sid="([^"]+)"', html) == ["dat-001"]  # DAT-002 is deprecated


def test_grouping_adds_one_heading_per_nonempty_group(mini: Catalog) -> None:
    md = render.checklist(mini, "nb", group_by="area")
    assert re.findall(r"^### (.+)$", md, re.M) == ["Verdi", "Data"]
    md = render.checklist(mini, "en", group_by="gate")
    assert re.findall(r"^### (.+)$", md, re.M) == ["Gate 1", "Gate 2", "Gate 3"]


def test_labels_follow_the_language(mini: Catalog) -> None:
    assert "Ferdig når" in render.checklist(mini, "nb")
    assert "Done when" in render.checklist(mini, "en")
    assert "Applies only to: high risk" in render.checklist(mini, "en", gate="G3")


def test_empty_selection_says_so(mini: Catalog) -> None:
    assert render.checklist(mini, "en", gate="G3", owner="platform") == (
        '<p class="pb-empty">No checklist items in this selection.</p>'
    )


def test_script_tag_in_unvalidated_item_is_shown_as_text(mini: Catalog) -> None:
    html = render.checklist(_with_text(mini, '<script>alert("x")</script> & <b onclick=1>'), "en")
    assert "<script>" not in html and "<b onclick" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b onclick=1&gt;" in html


def test_jinja_syntax_passes_through_literally(mini: Catalog) -> None:
    html = render.checklist(_with_text(mini, "{{ 7*7 }} {% if x %}"), "en")
    assert "{{ 7*7 }} {% if x %}" in html


def test_headings_escape_markdown_and_html(mini: Catalog) -> None:
    area = replace(mini.areas[0], title=MappingProxyType({"nb": "x", "en": "<i>*[a](b)*</i>"}))
    md = render.checklist(replace(mini, areas=(area, *mini.areas[1:])), "en", group_by="area")
    assert r"### &lt;i&gt;\*\[a\]\(b\)\*&lt;/i&gt;" in md


def test_unknown_grouping_is_refused(mini: Catalog) -> None:
    with pytest.raises(ValueError, match="group_by must be"):
        render.checklist(mini, "en", group_by="colour")


def test_roles_table_counts_items(mini: Catalog, tmp_path: Path) -> None:
    html = render.roles_table(mini, "en")
    assert "<td>Product</td><td>why</td><td>Effect goals.</td><td>2</td>" in html
    assert "<td>Platform</td><td>how</td><td>Operations.</td><td>1</td>" in html


def test_every_item_has_an_anchor_on_its_heading_and_its_id_links_to_it(mini: Catalog) -> None:
    html = render.checklist(mini, "en", group_by="area", heading_level=2)
    headings = re.findall(
        r'<h(\d) class="pb-item-title" id="([^"]+)"><a class="pb-id" href="#([^"]+)">', html
    )
    assert headings and all(level == "3" and key == href for level, key, href in headings)
    assert {key for _, key, _ in headings} == {i.id.lower() for i in mini.active_items}


def test_done_when_folds_and_an_item_has_no_line_breaks(mini: Catalog) -> None:
    html = render.checklist(mini, "nb", gate="G2")
    assert '<details class="pb-done">\n<summary>Ferdig når</summary>' in html
    assert "<br" not in html


def test_text_taken_out_of_a_row_reads_as_words_with_spaces(mini: Catalog) -> None:
    """What a search index keeps of a row: the text, and whitespace between elements."""
    html = render.checklist(mini, "en", gate="G2")
    start = html.index("<tr class")
    row = html[start : html.index("</tr>", start)]
    text = re.sub(r"<[^>]+>", "", row)
    item = mini.item("DAT-001")
    for a, b in (("DAT-001", item.title["en"]), (item.title["en"], item.why["en"])):
        assert re.search(re.escape(a) + r"\s+" + re.escape(b), text), (a, b)


def test_badges_name_their_column_for_the_stacked_layout(mini: Catalog) -> None:
    html = render.checklist(mini, "nb", gate="G2")
    assert re.findall(r'<td class="pb-meta pb-col-(\w+)" data-label="([^"]+)">', html) == [
        ("owner", "Eier"),
        ("level", "Nivå"),
    ]
