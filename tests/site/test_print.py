"""The built site's printable edition, print stylesheet, edit links and last-updated dates.

The `site` fixture (tests/conftest.py) is the session's one build of the repository.
"""

from __future__ import annotations

import re
import subprocess
from html import unescape
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from generator.model import Catalog
from tests.conftest import ROOT, commit, copy_site_project, mkdocs_build

LANG_PREFIX = {"nb": "", "en": "en/"}
DOCS = ROOT / "docs"


def nav_pages() -> list[str]:
    """Source names in nav order, read from mkdocs.yml as written ("gates/g1.md")."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = config[config.index("\nnav:") :]
    return re.findall(r":\s+(\S+\.md)\s*$", nav, re.M)


def interactive(name: str) -> bool:
    """A page that works only on screen (front matter `print: false`)."""
    source = (DOCS / name.replace(".md", ".nb.md")).read_text(encoding="utf-8")
    return bool(re.match(r"---\n(?:.*\n)*?print: false\n(?:.*\n)*?---\n", source))


# The project's pages, printed after the main text (mkdocs.yml, print_appendix).
APPENDIX = ["ci.md", "contributing.md", "changelog.md", "data.md"]
PRINTED = [p for p in nav_pages() if p != "print.md" and not interactive(p)]
# The order on paper: the main text in nav order, then the appendix in nav order.
CHAPTERS = [p for p in PRINTED if p not in APPENDIX] + [p for p in PRINTED if p in APPENDIX]


def test_only_the_template_builder_stays_out_of_print() -> None:
    assert [p for p in nav_pages() if interactive(p)] == ["builder.md"]


def url_of(name: str) -> str:
    stem = name.removesuffix(".md")
    return "" if stem == "index" else stem + "/"


def html_of(site: Path, lang: str, name: str) -> str:
    return (site / LANG_PREFIX[lang] / url_of(name) / "index.html").read_text(encoding="utf-8")


def text(fragment: str) -> str:
    fragment = re.sub(r'<a class="headerlink".*?</a>', "", fragment, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def test_every_page_in_the_nav_but_the_edition_itself_is_a_chapter() -> None:
    pages = nav_pages()
    assert pages.count("print.md") == 1
    assert len(CHAPTERS) >= 18 and CHAPTERS[0] == "index.md"
    assert set(APPENDIX) <= set(PRINTED)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_project_pages_are_an_appendix_after_the_main_text(site: Path, lang: str) -> None:
    edition = html_of(site, lang, "print.md")
    appendix = edition[edition.index('<div class="pb-print-appendix">') :]
    keys = re.findall(
        r'<section class="pb-print-chapter pb-print-appendix-chapter" id="([^"]+)"', appendix
    )
    assert keys == [a.removesuffix(".md") for a in APPENDIX]
    main = edition[: edition.index('<div class="pb-print-appendix">')]
    assert not any(f'id="{k}"' in main for k in keys)
    # A link into the appendix says so; a link between chapters names the chapter.
    see = {"nb": ("se vedlegg", "se kapittel"), "en": ("see appendix", "see chapter")}[lang]
    assert re.search(rf'<span class="pb-print-ref"> \({see[0]} [A-D]\)</span>', edition)
    assert re.search(rf'<span class="pb-print-ref"> \({see[1]} \d+\)</span>', edition)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_cover_carries_the_playbooks_title(site: Path, lang: str) -> None:
    edition = html_of(site, lang, "print.md")
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", edition, re.S)
    title = {"nb": "Fra KI-pilot til produksjon", "en": "From AI pilot to production"}[lang]
    assert h1 and text(h1.group(1)) == title
    assert f"@top-left {{ content: {title!r}".replace("'", '"') in edition


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_chapter_is_printed_in_nav_order_under_its_own_title(site: Path, lang: str) -> None:
    edition = html_of(site, lang, "print.md")
    sections = re.findall(
        r'<section class="pb-print-chapter[^"]*" id="([^"]+)"[^>]*>(.*?)</section>', edition, re.S
    )
    assert [key for key, _ in sections] == [
        c.removesuffix(".md").replace("/", "-") for c in CHAPTERS
    ]
    for (key, body), name in zip(sections, CHAPTERS, strict=True):
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html_of(site, lang, name), re.S)
        assert h1, name
        first = re.search(r"<h2[^>]*>(.*?)</h2>", body, re.S)
        assert first and text(first.group(1)) == text(h1.group(1)), key
    # The edition's own title is the only h1 on the page.
    assert len(re.findall(r"<h1\b", edition)) == 1


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_active_item_is_a_row_of_the_printed_catalog(
    site: Path, catalog: Catalog, lang: str
) -> None:
    edition = html_of(site, lang, "print.md")
    rows = set(re.findall(r'class="pb-item-title" id="catalog--([a-z]{3}-[0-9]{3})"', edition))
    assert rows == {i.id.lower() for i in catalog.active_items}
    for gate in ("g1", "g2", "g3"):
        expected = {i.id.lower() for i in catalog.active_items if i.gate == gate.upper()}
        found = re.findall(
            rf'class="pb-item-title" id="gates-{gate}--([a-z]{{3}}-[0-9]{{3}})"', edition
        )
        assert set(found) == expected


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_ids_are_unique_and_every_link_on_the_print_page_resolves(site: Path, lang: str) -> None:
    edition = html_of(site, lang, "print.md")
    ids = re.findall(r'\sid="([^"]*)"', edition)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    base = "http://x/" + LANG_PREFIX[lang] + "print/"
    for href in re.findall(r'\s(?:href|src)="([^"]*)"', edition):
        href = unescape(href)
        if href.startswith("#"):
            assert href[1:] in ids, href
            continue
        if urlsplit(href).scheme in ("http", "https", "mailto"):
            continue
        path = urlsplit(urljoin(base, href)).path.removeprefix("/")
        target = site / path
        assert (target / "index.html").is_file() or target.is_file(), href


def media_print_rules(css: str) -> list[tuple[str, str]]:
    """(selectors, declarations) of every rule inside @media print blocks."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    rules = []
    for start in (m.end() for m in re.finditer(r"@media\s+print\s*\{", css)):
        depth, i = 1, start
        while depth:
            depth += {"{": 1, "}": -1}.get(css[i], 0)
            i += 1
        rules += re.findall(r"([^{}]+)\{([^{}]*)\}", css[start : i - 1])
    return [(" ".join(sel.split()), " ".join(body.split())) for sel, body in rules]


def test_the_print_stylesheet_hides_the_chrome_and_breaks_pages_per_chapter(site: Path) -> None:
    rules = media_print_rules((site / "assets" / "playbook.css").read_text(encoding="utf-8"))
    hidden = {
        s.strip()
        for sel, body in rules
        if re.search(r"display:\s*none", body)
        for s in sel.split(",")
    }
    for chrome in (".md-header", ".md-tabs", ".md-sidebar", ".md-footer", ".md-search"):
        assert chrome in hidden, chrome
    assert any(
        ".pb-print-chapter" in sel and re.search(r"break-before:\s*page", body)
        for sel, body in rules
    )
    box = [body for sel, body in rules if "table.pb-checklist .pb-item-title::before" in sel]
    assert box and re.search(r"border:[^;]*solid", box[0]) and 'content: ""' in box[0]


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_css_on_every_page_is_the_one_with_the_print_rules(site: Path, lang: str) -> None:
    for name in ("index.md", "gates/g1.md", "print.md"):
        assert re.search(r'href="[./]*assets/playbook\.css"', html_of(site, lang, name)), name


def sources() -> list[str]:
    return sorted(
        p.relative_to(DOCS).as_posix().removesuffix(".nb.md") + ".md"
        for p in DOCS.rglob("*.nb.md")
        if "includes" not in p.parts
    )


REPO = "https://github.com/owner/ai-pilot-to-production"


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_without_a_repository_address_there_is_no_repository_or_edit_link(
    site: Path, lang: str
) -> None:
    """The session's build runs without REPO_URL: no link points at a placeholder."""
    for name in sources():
        html = html_of(site, lang, name)
        assert 'rel="edit"' not in html, name
        assert 'class="md-source"' not in html, name
        assert "github.com/example" not in html, name


@pytest.fixture(scope="module")
def site_with_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site-with-repo")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REPO_URL", REPO)
        result = mkdocs_build(ROOT, out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_with_a_repository_address_edit_links_open_the_page_in_its_own_language(
    site_with_repo: Path, lang: str
) -> None:
    for name in sources():
        html = html_of(site_with_repo, lang, name)
        links = re.findall(r'<a href="([^"]+)"[^>]*\brel="edit"', html)
        assert len(links) == 1, name
        source = name.removesuffix(".md") + f".{lang}.md"
        assert links[0] == f"{REPO}/edit/main/docs/{source}", name
        assert f'<a href="{REPO}" title=' in html, name


def git_date(*paths: str) -> str | None:
    result = subprocess.run(
        ["git", "log", "-1", "--format=%cs", "--", *paths],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip() or None if result.returncode == 0 else None


def expected_date(name: str, lang: str, fallback: str) -> str:
    """The oracle: `git log -1` per path, as a reader would ask git themselves."""
    source = (DOCS / name).with_suffix(f".{lang}.md")
    if name == "print.md":
        paths = [p for p in DOCS.rglob("*.md") if re.search(rf"(^|/)[^.]+(\.{lang})?\.md$", str(p))]
    else:
        paths = [source]
    dates = [git_date(str(p.relative_to(ROOT))) or fallback for p in paths]
    if "{{" in source.read_text(encoding="utf-8"):
        dates.append(git_date("checklists") or fallback)
    return max(dates)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_page_says_when_it_was_last_updated(site: Path, catalog: Catalog, lang: str) -> None:
    word = {"nb": "Sist oppdatert", "en": "Last updated"}[lang]
    for name in sources():
        dates = re.findall(
            rf'{word} <time datetime="(\d{{4}}-\d{{2}}-\d{{2}})">', html_of(site, lang, name)
        )
        assert dates == [expected_date(name, lang, catalog.released)], name


def test_outside_git_every_page_shows_the_catalog_release_date(
    tmp_path: Path, catalog: Catalog
) -> None:
    project = tmp_path / "project"
    project.mkdir()
    copy_site_project(project)
    out = tmp_path / "site"
    result = mkdocs_build(project, out)
    assert result.returncode == 0, result.stderr
    for lang in ("nb", "en"):
        for name in sources():
            html = html_of(out, lang, name)
            assert re.findall(r'<time datetime="([^"]+)">', html) == [catalog.released], name


def test_inside_git_each_page_shows_its_own_last_commit(tmp_path: Path) -> None:

    project = tmp_path / "project"
    project.mkdir()
    copy_site_project(project)
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    commit(project, "2025-01-10", {})
    gate = (project / "docs" / "gates" / "g1.nb.md").read_text(encoding="utf-8")
    commit(project, "2025-06-30", {"docs/gates/g1.nb.md": gate + "\nEn ny setning.\n"})
    out = tmp_path / "site"
    result = mkdocs_build(project, out)
    assert result.returncode == 0, result.stderr

    def shown(lang: str, name: str) -> list[str]:
        return re.findall(r'<time datetime="([^"]+)">', html_of(out, lang, name))

    assert shown("nb", "gates/g1.md") == ["2025-06-30"]
    assert shown("en", "gates/g1.md") == ["2025-01-10"]
    assert shown("nb", "glossary.md") == ["2025-01-10"]
    # The printable edition is as new as its newest chapter, in its own language.
    assert shown("nb", "print.md") == ["2025-06-30"]
    assert shown("en", "print.md") == ["2025-01-10"]
    assert re.search(
        r'<time datetime="2025-06-30">30\. juni 2025</time>', html_of(out, "nb", "gates/g1.md")
    )


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_sheet_says_its_page_of_all_in_the_editions_language(site: Path, lang: str) -> None:
    edition = html_of(site, lang, "print.md")
    words = {"nb": ('"Side "', '" av "'), "en": ('"Page "', '" of "')}[lang]
    expected = f"@bottom-right {{ content: {words[0]} counter(page) {words[1]} counter(pages);"
    assert expected in edition
    # The contents' page numbers and the PDF link come from generator/site/print_pdf.py,
    # after the build: the built page has only the place for the link.
    assert edition.count("<!-- pb-print-pdf -->") == 1
    assert "pb-print-toc-page" not in edition.replace(".pb-print-toc-page {", "")
