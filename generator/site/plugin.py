"""MkDocs plugin `playbook`: "last updated" dates and the printable edition.

Registered as an entry point (see pyproject.toml), so a copy of the site
project builds the same way as the repository, as long as the package is
installed, which the macros module needs anyway.
"""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin

from generator.model import LANGS
from generator.site import page_dates as revision_dates
from generator.site import print_edition
from generator.site.state import SiteOptions, SiteState
from generator.words import CONTENTS

log = logging.getLogger("mkdocs.plugins.playbook")


def epoch_of(day: str) -> int:
    return int(datetime.strptime(day, "%Y-%m-%d").replace(tzinfo=UTC).timestamp())


# The ignores: __init_subclass__ of mkdocs' Config and BasePlugin carry no annotations.
class PlaybookOptions(Config):  # type: ignore[no-untyped-call]
    """The site's own settings, read here and nowhere else (mkdocs.yml, `- playbook:`)."""

    catalog_dir = c.Type(str, default="checklists")
    examples_dir = c.Type(str, default="examples")
    worked_dir = c.Type(str, default="examples/worked")
    # The filled templates the portfolio page is built from (a folder per language, or one).
    portfolio_dir = c.Type(str, default="examples/portfolio")
    default_lang = c.Choice(LANGS, default="nb")
    # Pages printed after the main text, as the printable edition's appendix
    # (their source names without language: "changelog.md").
    print_appendix = c.ListOfItems(c.Type(str), default=[])
    # As mkdocs-material's plugins do: made files are kept under cache_dir, keyed
    # by a hash of their sources, so a `mkdocs serve` reload does not make them again.
    cache = c.Type(bool, default=True)
    cache_dir = c.Type(str, default=".cache/plugin/playbook")


class PlaybookPlugin(BasePlugin[PlaybookOptions]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self._state: SiteState | None = None
        self._dates: dict[str, str] = {}
        self._docs = ""

    def state(self, config: Any) -> SiteState:
        """The build's state; the same object for every language build of one build."""
        options = SiteOptions(
            project=Path(config["config_file_path"]).resolve().parent,
            catalog_dir=self.config.catalog_dir,
            examples_dir=self.config.examples_dir,
            worked_dir=self.config.worked_dir,
            portfolio_dir=self.config.portfolio_dir,
            default_lang=self.config.default_lang,
            site_url=config.get("site_url"),
            cache_dir=self.config.cache_dir if self.config.cache else None,
        )
        if self._state is None or self._state.options != options:
            self._state = SiteState(options)
        return self._state

    def on_config(self, config: Any) -> Any:
        state = self.state(config)
        # repo_url comes from REPO_URL (mkdocs.yml) and is unset by default. Without
        # it there is nothing to edit on: no "edit this page" link, and no warning
        # from MkDocs about an edit link that is not a URL.
        if not config.get("repo_url"):
            config["edit_uri"] = None
            config["edit_uri_template"] = None
        # MkDocs stamps every page, the sitemap and its gzip header with the build
        # date unless SOURCE_DATE_EPOCH is set. The catalog's release date is part
        # of the tree, so the same tree builds the same bytes on any day. A
        # packager's own SOURCE_DATE_EPOCH wins: that is what the variable is for.
        if not os.environ.get("SOURCE_DATE_EPOCH"):
            os.environ["SOURCE_DATE_EPOCH"] = str(epoch_of(state.catalog.released))
        return config

    def on_pre_build(self, *, config: Any) -> None:
        state = self.state(config)
        project = state.options.project
        self._docs = Path(config["docs_dir"]).resolve().relative_to(project).as_posix()
        if not self._dates:
            self._dates = revision_dates.git_dates(project, [self._docs, state.options.catalog_dir])
            if not self._dates:
                log.info(
                    "playbook: no git history for %s; pages show the catalog release date %s",
                    self._docs,
                    state.catalog.released,
                )

    def _lang(self, page: Any) -> str:
        locale = getattr(page.file, "locale", None)
        return str(locale) if locale in LANGS else self.config.default_lang

    def on_page_markdown(self, markdown: str, *, page: Any, config: Any, files: Any) -> str:
        docs = Path(config["docs_dir"])
        # The source as written: the macros plugin has already rendered `markdown`.
        source = Path(page.file.abs_src_path).read_text(encoding="utf-8")
        lang = self._lang(page)
        if print_edition.MACRO in source:
            # The edition is as new as its newest chapter in its language (or shared include).
            sources = [
                f"{self._docs}/{p.relative_to(docs).as_posix()}"
                for p in sorted(docs.rglob("*.md"))
                if revision_dates.page_language(p.name) in (lang, None)
            ]
        else:
            sources = [f"{self._docs}/{page.file.src_uri}"]
        if "{{" in source:
            # The page shows catalog content, which changes without the page changing.
            sources.append(self.state(config).options.catalog_dir)
        # A missing history falls back to the catalog's release date: fixed in
        # the repository, unlike the build date.
        released = self.state(config).catalog.released
        date = revision_dates.latest(self._dates, sources, released)
        page.meta["revision_date"] = revision_dates.updated_html(date, lang)
        return markdown

    def on_page_context(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        if print_edition.MARKER not in (page.content or ""):
            return context
        appendix = {print_edition.chapter_key(name) for name in self.config.print_appendix}
        chapters = [
            print_edition.Chapter(
                key=print_edition.chapter_key(p.file.src_uri),
                url=p.url,
                title=str(p.title),
                html=p.content or "",
                appendix=print_edition.chapter_key(p.file.src_uri) in appendix,
            )
            for p in nav.pages
            if p is not page
            and print_edition.MARKER not in (p.content or "")
            # A form that works only on screen (the template builder) has nothing to print.
            and p.meta.get("print", True) is not False
        ]
        lang = self._lang(page)
        body = print_edition.compose(
            chapters, page.url, CONTENTS[lang], lang=lang, running_title=str(config["site_name"])
        )
        page.content = page.content.replace(print_edition.MARKER, body)
        return context
