"""MkDocs plugin `playbook`: "last updated" dates and the printable edition.

Registered as an entry point (see pyproject.toml), so a copy of the site
project builds the same way as the repository, as long as the package is
installed, which the macros module needs anyway.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin

from generator.site import print_edition
from generator.site import page_dates as revision_dates
from generator.site.macros import cached_catalog

log = logging.getLogger("mkdocs.plugins.playbook")

CONTENTS = {"nb": "Innhold", "en": "Contents"}


# The ignores: __init_subclass__ of mkdocs' Config and BasePlugin carry no annotations.
class PlaybookOptions(Config):  # type: ignore[no-untyped-call]
    """The plugin takes no options; it reads `extra` like the macros module does."""


class PlaybookPlugin(BasePlugin[PlaybookOptions]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self._dates: dict[str, str] = {}
        self._fallback = ""
        self._project = Path()
        self._docs = ""
        self._catalog = ""
        self._default_lang = "nb"

    def on_pre_build(self, *, config: Any) -> None:
        self._project = Path(config["config_file_path"]).resolve().parent
        self._docs = Path(config["docs_dir"]).resolve().relative_to(self._project).as_posix()
        extra = config["extra"]
        self._catalog = str(extra.get("catalog_dir", "checklists"))
        self._default_lang = str(extra.get("default_lang", "nb"))
        # A missing history falls back to the catalog's release date: fixed in
        # the repository, unlike the build date.
        self._fallback = cached_catalog(self._project / self._catalog).released
        self._dates = revision_dates.git_dates(self._project, [self._docs, self._catalog])
        if not self._dates:
            log.info(
                "playbook: no git history for %s; pages show the catalog release date %s",
                self._docs,
                self._fallback,
            )

    def _lang(self, page: Any) -> str:
        locale = getattr(page.file, "locale", None)
        return str(locale) if locale in revision_dates.UPDATED else self._default_lang

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
            sources.append(self._catalog)
        date = revision_dates.latest(self._dates, sources, self._fallback)
        page.meta["revision_date"] = revision_dates.updated_html(date, lang)
        return markdown

    def on_page_context(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        if print_edition.MARKER not in (page.content or ""):
            return context
        chapters = [
            print_edition.Chapter(
                key=print_edition.chapter_key(p.file.src_uri),
                url=p.url,
                title=str(p.title),
                html=p.content or "",
            )
            for p in nav.pages
            if p is not page
            and print_edition.MARKER not in (p.content or "")
            # A form that works only on screen (the template builder) has nothing to print.
            and p.meta.get("print", True) is not False
        ]
        lang = self._lang(page)
        body = print_edition.compose(chapters, page.url, CONTENTS[lang])
        page.content = page.content.replace(print_edition.MARKER, body)
        return context
