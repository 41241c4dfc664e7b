"""mkdocs-macros entry point: the functions the pages call.

Every macro is a plain function over the build's state (generator/site/state.py);
the generation itself lives in html.py, builder.py, downloads.py and publish.py.
An invalid catalog stops the build with the validator's own messages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.gate import document
from generator.portfolio import render as portfolio_render
from generator.site import builder, downloads, print_edition, regulation
from generator.site import html as render
from generator.site.page_env import page_language, site_prefix
from generator.site.state import state_of
from generator.text import esc, md_inline


def define_env(env: Any) -> None:
    state = state_of(env.conf)
    catalog = state.catalog

    def lang() -> str:
        return page_language(env)

    def checklist(
        gate: str | None = None,
        area: str | None = None,
        owner: str | None = None,
        group_by: str | None = None,
        heading_level: int = 3,
    ) -> str:
        for value, known, name in (
            (gate, [g.id for g in catalog.gates], "gate"),
            (area, [a.id for a in catalog.areas], "area"),
            (owner, [r.id for r in catalog.roles], "owner"),
        ):
            if value is not None and value not in known:
                raise ValueError(
                    f"checklist(): unknown {name} {value!r}; known: {', '.join(known)}"
                )
        return render.checklist(
            catalog,
            lang(),
            gate=gate,
            area=area,
            owner=owner,
            group_by=group_by,
            heading_level=heading_level,
        )

    def roles_table() -> str:
        return render.roles_table(catalog, lang())

    def gate_question(gate: str) -> str:
        text: str = catalog.gate(gate).question[lang()]
        # Pages use it inside Markdown, so Markdown syntax must be escaped too:
        # HTML escaping alone let "[x](javascript:...)" become a live link.
        return md_inline(text)

    def item_count(
        gate: str | None = None, area: str | None = None, owner: str | None = None
    ) -> int:
        return len(render.select(catalog, gate=gate, area=area, owner=owner))

    examples = state.options.examples_path

    def page_prefix() -> str:
        return site_prefix(env)

    def download_list(kind: str = "examples") -> str:
        lang_ = lang()
        rows = []
        for entry in downloads.entries(catalog, examples):
            if entry.blank != (kind == "blank"):
                continue
            profile = (
                downloads.blank_profile(entry.profile.ai_type, entry.profile.risk_class, lang_)
                if entry.blank
                else entry.profile
            )
            rows.append(
                (
                    entry.stem,
                    profile.name,
                    profile.description,
                    downloads.counts_per_gate(catalog, profile),
                )
            )
        sizes = {name: len(data) for name, data in state.downloads.items()}
        return render.downloads_table(catalog, rows, lang_, page_prefix(), sizes)

    def bibliography() -> str:
        return render.bibliography(catalog, lang())

    def crosswalk(framework: str) -> str:
        if framework not in ("ai_act", "nist_ai_rmf", "ml_test_score", "aws_mlops", "iso_42001"):
            raise ValueError(f"crosswalk(): unknown framework {framework!r}")
        return render.crosswalk(catalog, lang(), framework)

    def print_edition_() -> str:
        """Where the printable edition goes; the `playbook` plugin fills it in."""
        return print_edition.MARKER

    def changelog() -> str:
        return render.changelog(catalog, lang())

    def data_link(path: str) -> str:
        """A link to a published data file (under data/ at the site root)."""
        if path not in state.data_files:
            raise ValueError(f"data_link(): no published file {path!r}")
        href = f"{page_prefix()}data/{path}"
        return f'<a href="{esc(href)}"><code>data/{esc(path)}</code></a>'

    def worked_reports(gate: str | None = None) -> str:
        """The worked examples of this page's language, with their gate reports."""
        known = [g.id for g in catalog.gates]
        if gate is not None and gate not in known:
            raise ValueError(f"worked_reports(): unknown gate {gate!r}; known: {', '.join(known)}")
        rows = [w for w in state.worked if w.lang == lang() and (gate is None or w.gate == gate)]
        if not rows:
            raise ValueError(f"worked_reports(): no worked example for {gate or 'any gate'}")
        return render.worked_table(catalog, rows, lang(), page_prefix())

    def ai_act_dates() -> str:
        """The AI Act's dates as a table, from the catalog's milestones."""
        return regulation.dates_table(catalog, lang())

    def portfolio_page() -> str:
        """The demo portfolio of this page's language: what it holds, its charts and
        the links to the page itself, its CSV, JSON and schema (under portfolio/)."""
        lang_ = lang()
        folio = state.portfolios.get(lang_)
        if folio is None:
            raise ValueError(
                f"portfolio_page(): no folder {state.options.portfolio_dir!r} for {lang_}"
            )
        return portfolio_render.site_summary(folio, lang_, f"{page_prefix()}portfolio/")

    def decision_rule() -> str:
        """The decision rule, rendered from the one place it is written."""
        return document.rule_html(lang())

    for macro in (
        ai_act_dates,
        worked_reports,
        decision_rule,
        portfolio_page,
        changelog,
        data_link,
        checklist,
        roles_table,
        gate_question,
        item_count,
        download_list,
        bibliography,
        crosswalk,
    ):
        env.macro(macro)
    env.macro(print_edition_, "print_edition")

    def template_builder() -> str:
        return builder.builder_html(catalog, lang(), page_prefix(), state.examples)

    env.macro(template_builder)
    env.variables["catalog_version"] = catalog.version


def on_post_build(env: Any) -> None:
    """Write the template downloads and the published data at the site root.

    Runs after every language build; the state makes them once per build.
    """
    state_of(env.conf).write_outputs(Path(env.conf["site_dir"]))
