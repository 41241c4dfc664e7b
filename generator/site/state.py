"""What one site build knows: its options, the catalog and everything made from it.

One SiteState per build owns every cache. The `playbook` plugin creates it from
its typed options; the macros ask the plugin for it. mkdocs-static-i18n runs the
build once per language on the same plugin, so the catalog is loaded, and the
downloads and data files are made, once per build and not once per language.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from generator.catalog.loader import load_catalog
from generator.errors import InvalidInput, PlaybookError
from generator.filled.profile import load_profile
from generator.gate import document
from generator.gate.evaluate import Report, evaluate
from generator.model import LANGS, Catalog, Profile
from generator.portfolio import collect
from generator.portfolio import render as portfolio_render
from generator.portfolio.collect import Portfolio
from generator.site import downloads, publish


@dataclass(frozen=True)
class SiteOptions:
    project: Path  # the folder of mkdocs.yml
    catalog_dir: str = "checklists"
    examples_dir: str = "examples"
    worked_dir: str = "examples/worked"
    portfolio_dir: str = "examples/portfolio"
    default_lang: str = "nb"
    site_url: str | None = None
    cache_dir: str | None = ".cache/plugin/playbook"  # None: no cache

    @property
    def catalog_path(self) -> Path:
        return (self.project / self.catalog_dir).resolve()

    @property
    def examples_path(self) -> Path:
        return self.project / self.examples_dir

    @property
    def worked_path(self) -> Path:
        return self.project / self.worked_dir

    def portfolio_path(self, lang: str) -> Path:
        """The folder of one language's portfolio: its own subfolder when there is one."""
        folder = self.project / self.portfolio_dir
        return folder / lang if (folder / lang).is_dir() else folder


@dataclass(frozen=True)
class WorkedReport:
    """A worked example: a filled template as it stood at one gate, and its report."""

    stem: str  # customer-service-assistant.G1.nb
    gate: str
    lang: str
    profile: Profile
    report: Report


@dataclass
class SiteState:
    options: SiteOptions
    _data: dict[str, bytes] | None = field(default=None, repr=False)

    @cached_property
    def catalog(self) -> Catalog:
        try:
            return load_catalog(self.options.catalog_path)
        except InvalidInput as exc:
            raise PluginError("the checklist catalog is invalid:\n" + str(exc)) from None
        except PlaybookError as exc:
            raise PluginError(str(exc)) from None

    @cached_property
    def examples(self) -> list[Profile]:
        folder = self.options.examples_path
        try:
            return [load_profile(p, self.catalog) for p in sorted(folder.glob("*.yaml"))]
        except InvalidInput as exc:
            raise PluginError("an example profile is invalid:\n" + str(exc)) from None

    @cached_property
    def worked(self) -> list[WorkedReport]:
        """The worked examples (NAME.Gn.LANG.yaml), each judged at its own gate."""
        out = []
        for path in sorted(self.options.worked_path.glob("*.G[0-9].*.yaml")):
            gate = path.name.split(".")[-3]
            try:
                profile = load_profile(path, self.catalog)
            except InvalidInput as exc:
                raise PluginError("a worked example is invalid:\n" + str(exc)) from None
            if gate not in {g.id for g in self.catalog.gates}:
                raise PluginError(f"{path}: {gate} is not a gate of the catalog")
            report = evaluate(self.catalog, profile, gate)
            out.append(WorkedReport(path.stem, gate, profile.lang, profile, report))
        return out

    @cached_property
    def reports(self) -> dict[str, bytes]:
        """Relative path under reports/ -> bytes: each worked example's gate report."""
        out = {}
        for w in self.worked:
            source = f"{w.stem}.yaml"
            out[f"{w.stem}.html"] = document.render_html(
                self.catalog, w.profile, w.report, w.lang, source
            ).encode("utf-8")
            out[f"{w.stem}.md"] = document.render_markdown(
                self.catalog, w.profile, w.report, w.lang, source
            ).encode("utf-8")
        return out

    @cached_property
    def portfolios(self) -> dict[str, Portfolio]:
        """Language -> the portfolio built from the configured folder, once per build."""
        out = {}
        for lang in LANGS:
            folder = self.options.portfolio_path(lang)
            portfolio = collect.collect(folder, self.catalog) if folder.is_dir() else None
            if portfolio is not None:
                out[lang] = replace(
                    portfolio, folder=folder.relative_to(self.options.project).as_posix()
                )
        return out

    @cached_property
    def portfolio(self) -> dict[str, bytes]:
        """Relative path under portfolio/ -> bytes: per language the page, its CSV, JSON
        and gate reports; the JSON Schema once."""
        out = {
            f"{lang}/{name}": data
            for lang, portfolio in self.portfolios.items()
            for name, data in portfolio_render.outputs(portfolio, lang).items()
        }
        if out:
            out["portfolio.schema.json"] = portfolio_render.schema_bytes(self.catalog)
        return out

    @cached_property
    def downloads(self) -> dict[str, bytes]:
        """Relative path under downloads/ -> bytes."""
        cache = self.options.cache_dir
        return downloads.cached_files(
            self.catalog,
            self.options.catalog_path,
            self.options.examples_path,
            self.options.project / cache if cache else None,
        )

    @cached_property
    def data_files(self) -> dict[str, bytes]:
        """Relative path under data/ -> bytes."""
        return publish.files(self.catalog, self.options.site_url, self.examples)

    def write_outputs(self, site_dir: Path) -> None:
        """Write the downloads and the data files at the site root, once for both languages.

        A file whose bytes are already there is left alone, so that a reload of
        `mkdocs serve` after a page edit rewrites none of them.
        """
        outputs = (
            ("downloads", self.downloads),
            ("data", self.data_files),
            ("reports", self.reports),
            ("portfolio", self.portfolio),
        )
        for folder, files in outputs:
            for name, data in files.items():
                path = site_dir / folder / name
                try:
                    if path.read_bytes() == data:
                        continue
                except OSError:
                    pass
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)


def state_of(config: Any) -> SiteState:
    """The build's state, owned by the `playbook` plugin.

    An engine that runs the macros but not MkDocs plugins (Zensical) hands the
    plugin's options over as plain data: then a state made from them serves
    this one call.
    """
    plugins = config.get("plugins") or {}
    plugin = plugins.get("playbook") if hasattr(plugins, "get") else None
    if hasattr(plugin, "state"):
        return plugin.state(config)  # type: ignore[union-attr, no-any-return]
    options = plugin if isinstance(plugin, dict) else {}
    config_file = config.get("config_file_path")
    return SiteState(
        SiteOptions(
            project=Path(config_file).parent if config_file else Path.cwd(),
            catalog_dir=str(options.get("catalog_dir", "checklists")),
            examples_dir=str(options.get("examples_dir", "examples")),
            worked_dir=str(options.get("worked_dir", "examples/worked")),
            portfolio_dir=str(options.get("portfolio_dir", "examples/portfolio")),
            default_lang=str(options.get("default_lang", "nb")),
            site_url=config.get("site_url"),
            cache_dir=(
                str(options.get("cache_dir", ".cache/plugin/playbook"))
                if options.get("cache", True)
                else None
            ),
        )
    )
