"""What a macro needs to know about the page it renders on (mkdocs-macros env)."""

from __future__ import annotations

from typing import Any

from generator.model import LANGS


def page_language(env: Any) -> str:
    """The language of the page being rendered; the site's default outside a page."""
    page = env.page
    locale = getattr(getattr(page, "file", None), "locale", None) if page else None
    return str(locale) if locale in LANGS else str(env.conf["extra"].get("default_lang", "nb"))


def site_prefix(env: Any) -> str:
    """Relative path from the current page to the site root, where data/ and
    downloads/ live once for both languages."""
    parts = [p for p in (env.page.url if env.page else "").split("/") if p]
    return "../" * len(parts)
