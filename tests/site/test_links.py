"""Every internal link and anchor in the built site leads somewhere.

`mkdocs build --strict` checks the links written in Markdown; this follows the
links in the finished HTML as well: those from the theme, the language switch,
the macros' tables and the downloads. External links are not fetched (no
network in tests).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import ROOT, mkdocs_build

LINK_ATTRS = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src"}


@dataclass
class Page:
    ids: set[str] = field(default_factory=set)
    links: list[tuple[int, str]] = field(default_factory=list)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("id", "name") if tag != "meta" else ():
            if values.get(name):
                self.page.ids.add(str(values[name]))
        target = values.get(LINK_ATTRS.get(tag, ""))
        if target is not None:
            self.page.links.append((self.getpos()[0], target))


def site_path_prefix(site: Path) -> str:
    """Where root-relative links ("/en/") start: the path of site_url, read from the
    home page's canonical link (which mkdocs writes only when site_url is set)."""
    home = (site / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<link rel="canonical" href="([^"]+)"', home)
    path = urlsplit(found.group(1)).path if found else "/"
    return path if path.endswith("/") else path + "/"


def broken_links(site: Path, prefix: str = "/") -> list[str]:
    pages: dict[Path, Page] = {}
    for html in sorted(site.rglob("*.html")):
        collector = _Collector()
        collector.feed(html.read_text(encoding="utf-8"))
        pages[html] = collector.page
    problems = []
    for html, page in pages.items():
        for line, link in page.links:
            url = urlsplit(link)
            if url.scheme or url.netloc or link in ("", "#"):
                continue
            where = f"{html.relative_to(site)}:{line}: '{link}'"
            path = unquote(url.path)
            if not path:
                target = html
            elif path.startswith("/"):
                if not path.startswith(prefix):
                    problems.append(f"{where} lies outside the site ({prefix})")
                    continue
                target = site / path[len(prefix) :]
            else:
                target = html.parent / path
            target = Path(os.path.normpath(target))
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file() or site.resolve() not in target.resolve().parents:
                problems.append(f"{where}: no such file")
            elif (
                url.fragment and target in pages and unquote(url.fragment) not in pages[target].ids
            ):
                problems.append(f"{where}: no anchor '{unquote(url.fragment)}' there")
    return problems


def test_every_internal_link_and_anchor_resolves(site: Path) -> None:
    problems = broken_links(site, site_path_prefix(site))
    assert problems == [], f"{len(problems)} broken links:\n" + "\n".join(problems[:30])


def test_links_hold_under_a_github_pages_project_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As .github/workflows/pages.yml builds it: the site lives under /<repository>/.
    monkeypatch.setenv("SITE_URL", "https://example.github.io/ai-pilot-to-production/")
    result = mkdocs_build(ROOT, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    prefix = site_path_prefix(tmp_path / "site")
    assert prefix == "/ai-pilot-to-production/"
    problems = broken_links(tmp_path / "site", prefix)
    assert problems == [], f"{len(problems)} broken links:\n" + "\n".join(problems[:30])


def test_the_checker_finds_missing_pages_anchors_and_escapes(tmp_path: Path) -> None:
    (tmp_path / "en" / "a").mkdir(parents=True)
    (tmp_path / "en" / "a" / "index.html").write_text(
        '<h2 id="here">A</h2><a href="#here">ok</a><a href="#gone">x</a>'
        '<a href="../b/">x</a><a href="../../index.html#top">ok</a>'
        '<a href="/site/en/a/#here">ok</a><a href="/elsewhere/">x</a>'
        '<a href="../../../outside.html">x</a><a href="https://example.org/#q">ok</a>',
        encoding="utf-8",
    )
    (tmp_path / "index.html").write_text('<p id="top"></p>', encoding="utf-8")
    found = broken_links(tmp_path, "/site/")
    assert [p.split(": ", 1)[1] for p in found] == [
        "'#gone': no anchor 'gone' there",
        "'../b/': no such file",
        "'/elsewhere/' lies outside the site (/site/)",
        "'../../../outside.html': no such file",
    ]


def test_site_path_prefix_comes_from_the_canonical_link(tmp_path: Path) -> None:
    home = tmp_path / "index.html"
    home.write_text("<head></head>", encoding="utf-8")
    assert site_path_prefix(tmp_path) == "/"
    home.write_text('<link rel="canonical" href="https://x.github.io/playbook">', encoding="utf-8")
    assert site_path_prefix(tmp_path) == "/playbook/"
