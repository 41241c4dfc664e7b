"""mkdocs-macros entry point: exposes the renderers to the pages.

The catalog is loaded once per change of its files, not once per page or per
language build, and an invalid catalog stops the build with the validator's
own messages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from generator.site import downloads
from generator.site import print_edition
from generator.site import publish
from generator.site import html as render
from generator.catalog.loader import load_catalog
from generator.errors import InvalidInput, PlaybookError
from generator.model import Catalog
from generator.site.page_env import page_language, site_prefix

_cache: dict[Path, tuple[tuple[tuple[str, int, int], ...], Catalog]] = {}


def _signature(root: Path) -> tuple[tuple[str, int, int], ...]:
    files = sorted(p for p in root.rglob("*.yaml"))
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)


def cached_catalog(root: Path) -> Catalog:
    root = root.resolve()
    sig = _signature(root)
    hit = _cache.get(root)
    if hit and hit[0] == sig:
        return hit[1]
    try:
        catalog = load_catalog(root)
    except InvalidInput as exc:
        raise PluginError("the checklist catalog is invalid:\n" + str(exc)) from None
    except PlaybookError as exc:
        raise PluginError(str(exc)) from None
    _cache[root] = (sig, catalog)
    return catalog


def define_env(env: Any) -> None:
    config_dir = Path(env.conf["config_file_path"]).parent
    root = config_dir / env.conf["extra"].get("catalog_dir", "checklists")
    catalog = cached_catalog(root)

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
        return render.md_inline(text)

    def item_count(
        gate: str | None = None, area: str | None = None, owner: str | None = None
    ) -> int:
        return len(render.select(catalog, gate=gate, area=area, owner=owner))

    examples = config_dir / env.conf["extra"].get("examples_dir", "examples")

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
        return render.downloads_table(catalog, rows, lang_, page_prefix())

    def bibliography() -> str:
        return render.bibliography(catalog, lang())

    def crosswalk(framework: str) -> str:
        if framework not in ("ai_act", "nist_ai_rmf", "ml_test_score", "aws_mlops"):
            raise ValueError(f"crosswalk(): unknown framework {framework!r}")
        return render.crosswalk(catalog, lang(), framework)

    def print_edition_() -> str:
        """Where the printable edition goes; the `playbook` plugin fills it in."""
        return print_edition.MARKER

    def changelog() -> str:
        return render.changelog(catalog, lang())

    def data_link(path: str) -> str:
        """A link to a published data file (under data/ at the site root)."""
        if path not in _data_files(catalog, env.conf.get("site_url")):
            raise ValueError(f"data_link(): no published file {path!r}")
        href = f"{page_prefix()}data/{path}"
        return f'<a href="{render.esc(href)}"><code>data/{render.esc(path)}</code></a>'

    for macro in (
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
    env.variables["catalog_version"] = catalog.version


_written: dict[Path, tuple[object, dict[str, bytes]]] = {}
_published: dict[str | None, tuple[Catalog, dict[str, bytes]]] = {}


def _data_files(catalog: Catalog, site_url: str | None) -> dict[str, bytes]:
    """The published data, made once per catalog (not once per page or language build)."""
    hit = _published.get(site_url)
    if hit is None or hit[0] is not catalog:
        hit = (catalog, publish.files(catalog, site_url))
        _published[site_url] = hit
    return hit[1]


def on_post_build(env: Any) -> None:
    """Write the template downloads and the published data once, at the site root
    (each made once per catalog).

    Runs after every language build; each write is idempotent.
    """
    config_dir = Path(env.conf["config_file_path"]).parent
    root = (config_dir / env.conf["extra"].get("catalog_dir", "checklists")).resolve()
    examples = config_dir / env.conf["extra"].get("examples_dir", "examples")
    catalog = cached_catalog(root)
    hit = _written.get(root)
    if hit is None or hit[0] is not catalog:
        hit = (catalog, downloads.files(catalog, examples))
        _written[root] = hit
    site = Path(env.conf["site_dir"])
    for folder, files in (
        ("downloads", hit[1]),
        ("data", _data_files(catalog, env.conf.get("site_url"))),
    ):
        for name, data in files.items():
            path = site / folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
