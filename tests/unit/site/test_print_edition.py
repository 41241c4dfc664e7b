"""The printable edition's assembly, on small hand-written chapters."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from generator.site.print_edition import Chapter, chapter_key, compose

HOME = Chapter(
    key="index",
    url="",
    title="Home",
    html=(
        '<h1 id="welcome">Welcome</h1>\n'
        '<p>Start at <a href="gates/g1/">gate 1</a>, or see '
        '<a href="gates/g1/#who-decides">who decides</a> and '
        '<a href="#welcome">the top</a>.</p>'
    ),
)
GATE = Chapter(
    key="gates-g1",
    url="gates/g1/",
    title="Gate 1",
    html=(
        '<h1 id="welcome">Gate 1</h1>\n'
        '<h2 id="who-decides">Who decides</h2>\n'
        '<table class="pb-checklist"><tbody><tr id="val-001"><td>VAL-001</td></tr></tbody></table>\n'
        '<p><a href="../../catalog/#val-001">in the catalog</a>, '
        '<a href="../../">home</a>, '
        '<a href="../../downloads/blank.nb.xlsx">a template</a>, '
        '<img src="../../assets/logo.png" alt="">, '
        '<a href="https://example.org/a#b">a source</a>, '
        '<a href="mailto:x@example.org">mail</a>.</p>'
    ),
)
CATALOG = Chapter(
    key="catalog",
    url="catalog/",
    title="Catalog",
    html='<h1 id="catalog">Catalog</h1><table><tr id="val-001"><td>VAL-001</td></tr></table>',
)


def hrefs(html: str) -> list[str]:
    return re.findall(r'\s(?:href|src)="([^"]*)"', html)


def test_chapters_come_in_the_given_order_each_in_its_section() -> None:
    html = compose([HOME, GATE, CATALOG], "print/", "Contents")
    sections = re.findall(r'<section class="pb-print-chapter" id="([^"]+)"', html)
    assert sections == ["index", "gates-g1", "catalog"]
    assert re.findall(r'<li><a href="#([^"]+)">([^<]+)</a></li>', html) == [
        ("index", "Home"),
        ("gates-g1", "Gate 1"),
        ("catalog", "Catalog"),
    ]


def test_the_same_id_in_two_chapters_no_longer_clashes() -> None:
    html = compose([HOME, GATE, CATALOG], "print/", "Contents")
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert {"index--welcome", "gates-g1--welcome", "gates-g1--val-001", "catalog--val-001"} <= set(
        ids
    )


def test_links_between_chapters_stay_inside_the_page() -> None:
    html = compose([HOME, GATE, CATALOG], "print/", "Contents")
    links = hrefs(html)
    assert "#gates-g1" in links
    assert "#gates-g1--who-decides" in links
    assert "#index--welcome" in links
    assert "#catalog--val-001" in links
    assert "#index" in links  # ../../ from gate 1 is the home page


def test_other_links_are_rebased_on_the_print_page_and_external_ones_kept() -> None:
    links = hrefs(compose([HOME, GATE, CATALOG], "print/", "Contents"))
    assert "../downloads/blank.nb.xlsx" in links
    assert "../assets/logo.png" in links
    assert "https://example.org/a#b" in links
    assert "mailto:x@example.org" in links


def test_links_to_pages_left_out_point_at_those_pages() -> None:
    gate = replace(GATE, url="en/gates/g1/")
    links = hrefs(compose([gate], "en/print/", "Contents"))
    assert "../catalog/#val-001" in links  # ../../catalog/ from en/gates/g1/ is en/catalog/
    assert "../" in links  # the home page, which is not a chapter here


def test_without_directory_urls_links_are_rebased_from_the_file() -> None:
    gate = Chapter(
        key="gates-g1",
        url="gates/g1.html",
        title="Gate 1",
        html='<a href="../downloads/x.xlsx">x</a> <a href="../catalog.html#val-001">c</a>',
    )
    assert hrefs(compose([gate], "print.html", "Contents")) == [
        "#gates-g1",
        "downloads/x.xlsx",
        "catalog.html#val-001",
    ]


def test_headings_move_down_one_level() -> None:
    html = compose([GATE], "print/", "Contents")
    assert '<h2 id="gates-g1--welcome">Gate 1</h2>' in html
    assert '<h3 id="gates-g1--who-decides">Who decides</h3>' in html
    assert "<h1" not in html


def test_title_text_is_escaped() -> None:
    chapter = Chapter(key="x", url="x/", title="R&D <b>", html="<p>x</p>")
    assert '<li><a href="#x">R&amp;D &lt;b&gt;</a></li>' in compose([chapter], "print/", "C")


def test_two_chapters_with_one_key_are_refused() -> None:
    with pytest.raises(ValueError, match="unique"):
        compose([CATALOG, Chapter("catalog", "other/", "Other", "")], "print/", "Contents")


@pytest.mark.parametrize(
    ("src", "key"),
    [
        ("index.nb.md", "index"),
        ("index.en.md", "index"),
        ("gates/g1.nb.md", "gates-g1"),
        ("dod-pilot.md", "dod-pilot"),
    ],
)
def test_chapter_keys_do_not_depend_on_the_language(src: str, key: str) -> None:
    assert chapter_key(src) == key


def test_the_appendix_comes_after_the_main_text_lettered() -> None:
    html = compose([HOME, replace(GATE, appendix=True), CATALOG], "print/", "Contents", lang="nb")
    sections = re.findall(r'<section class="([^"]+)" id="([^"]+)" data-pb-number="([^"]+)"', html)
    assert [(k, n) for _, k, n in sections] == [("index", "1"), ("catalog", "2"), ("gates-g1", "A")]
    assert "Vedlegg: om prosjektet" in html


def test_links_to_other_chapters_say_which_and_external_links_their_address() -> None:
    html = compose([HOME, GATE, CATALOG], "print/", "Contents", lang="en")
    assert '>gate 1</a><span class="pb-print-ref"> (see chapter 2)</span>' in html
    assert '>in the catalog</a><span class="pb-print-ref"> (see chapter 3)</span>' in html
    # A link within its own chapter needs no note; an external one gets its address.
    assert '>the top</a><span class="pb-print-ref">' not in html
    assert '>a source</a><span class="pb-print-url"> (https://example.org/a#b)</span>' in html


def test_every_sheet_names_the_playbook_and_its_chapter() -> None:
    html = compose([HOME, GATE], "print/", "Innhold", lang="nb", running_title='Tittel "</style>')
    style = html[html.index("<style") : html.index("</style>")]
    assert "</style" not in style[6:]
    assert "counter(page)" in style and "counter(pages)" in style
    assert "#gates-g1 { page: pb-chapter-1; }" in style
    assert '"2 · Gate 1"' in style
