"""A real Chromium against the built site, served on 127.0.0.1.

The site is built once per session into a temporary directory and served by
http.server from a thread. Chromium is Debian's /usr/bin/chromium where it
exists (make test installs it), else Playwright's own build. A browser that
does not start fails these tests: it never skips them.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, sync_playwright

from generator.site import print_pdf
from tests.conftest import ROOT, mkdocs_build

# The same Chromium and flags as the print PDF (generator/site/print_pdf.py).
CHROMIUM_ARGS = list(print_pdf.CHROMIUM_ARGS)
SYSTEM_CHROMIUM = print_pdf.SYSTEM_CHROMIUM
LANG_PREFIX = {"nb": "", "en": "en/"}
# The last request a page makes: Material fetching search_index.json. The
# index goes to the search worker only once the search box has focus
# (overrides/partials/search-lang.html), so "initializing" stays until then.
INDEX_FETCHED = """() => !document.querySelector(".md-search") ||
  performance.getEntriesByType("resource").some(
    (entry) => entry.name.endsWith("/search/search_index.json") && entry.responseEnd > 0)"""
# The search worker has its index (only after the box had focus).
SEARCH_READY = """() => !/Starter søk|Initializing search/.test(
  document.querySelector(".md-search-result__meta").textContent)"""
# A query answered: neither the prompt to type nor "initializing" is shown.
SEARCH_ANSWERED = """() => {
  const meta = document.querySelector(".md-search-result__meta");
  return !/Skriv søkeord|Type to start searching|Starter søk|Initializing search/.test(
    meta.textContent);
}"""


def chromium_path() -> str | None:
    """The browser to drive; None means Playwright's own download."""
    chosen = os.environ.get("PLAYBOOK_CHROMIUM")
    if chosen:
        return chosen
    return str(SYSTEM_CHROMIUM) if SYSTEM_CHROMIUM.exists() else None


def doc_pages() -> list[str]:
    """Every page of the site as a path below a language root ('' is the home page)."""
    names = sorted(
        p.relative_to(ROOT / "docs").as_posix().removesuffix(".nb.md")
        for p in (ROOT / "docs").rglob("*.nb.md")
        if "includes" not in p.parts
    )
    return ["" if n == "index" else f"{n}/" for n in names]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve a directory on a free loopback port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def build_site(project: Path, out: Path) -> Path:
    result = mkdocs_build(project, out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def site_dir(site: Path) -> Path:
    """The session's one build of the real site (tests/conftest.py)."""
    return site


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    with serve(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    try:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
    except Exception as exc:  # a browser that cannot start is a failure, never a skip
        pytest.fail(f"Chromium did not start ({chromium_path() or 'Playwright build'}): {exc}")
    yield browser
    browser.close()


@dataclass
class Tab:
    """A page and everything it complained about: console errors, script
    errors, failed requests, error responses and dialogs."""

    page: Page
    problems: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def goto(self, url: str) -> None:
        response = self.page.goto(url, wait_until="load")
        assert response is not None and response.ok, f"{url}: {response and response.status}"
        # Once the search index is in, every request of the page has been made.
        self.page.wait_for_function(INDEX_FETCHED)


def open_tab(browser: Browser, *, init_script: str | None = None) -> Tab:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nb-NO")
    page = context.new_page()
    tab = Tab(page)
    if init_script:
        page.add_init_script(init_script)

    def on_console(msg: ConsoleMessage) -> None:
        if msg.type in ("error", "assert"):
            tab.problems.append(f"console {msg.type}: {msg.text} ({msg.location.get('url')})")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: tab.problems.append(f"script error: {exc}"))
    page.on(
        "requestfailed",
        lambda req: tab.problems.append(f"request failed: {req.url} {req.failure}"),
    )
    page.on(
        "response",
        lambda res: (
            tab.problems.append(f"HTTP {res.status}: {res.url}") if res.status >= 400 else None
        ),
    )

    def on_dialog(dialog: Any) -> None:
        tab.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return tab


@pytest.fixture
def tab(browser: Browser) -> Iterator[Tab]:
    t = open_tab(browser)
    yield t
    t.page.context.close()


def axe_script() -> str:
    """axe-core as shipped inside the axe-playwright-python wheel."""
    return (resources.files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


def axe_violations(page: Page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    page.evaluate(axe_script())
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    out = []
    for violation in result["violations"]:
        if violation["impact"] in impacts:
            targets = [" ".join(map(str, n["target"])) for n in violation["nodes"][:3]]
            out.append(
                f"{violation['id']} ({violation['impact']}, {len(violation['nodes'])} nodes): "
                f"{violation['help']} at {targets}"
            )
    return out
