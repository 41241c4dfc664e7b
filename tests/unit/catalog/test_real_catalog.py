"""The shipped catalog: valid, big enough, and covering what the playbook promises."""

from __future__ import annotations

import re
from collections import Counter

from generator.model import Catalog
from tests.conftest import ROOT

ARTICLE_SOURCES = {
    "gartner-genai-2024",
    "gartner-agentic-2025",
    "google-rules-of-ml",
    "sculley-2015",
    "bekk-product-project",
    "ai-act-art12",
    "metier-gates",
    "aws-beyond-pilots",
    "gcp-ml-guidelines",
    "breck-2017",
    "nist-ai-rmf",
    "bekk-experimentation",
    "aws-mlops-checklist",
}


def test_has_at_least_45_items_across_all_gates_and_areas(catalog: Catalog) -> None:
    items = catalog.active_items
    assert len(items) >= 45
    per_gate = Counter(i.gate for i in items)
    assert all(per_gate[g.id] >= 10 for g in catalog.gates), per_gate
    per_area = Counter(i.area for i in items)
    assert all(per_area[a.id] >= 3 for a in catalog.areas), per_area
    assert {i.owner for i in items} == {r.id for r in catalog.roles}
    assert {i.level for i in items} == {"must", "should"}


def test_all_article_sources_are_in_the_bibliography(catalog: Catalog) -> None:
    keys = {s.key for s in catalog.sources}
    assert keys >= ARTICLE_SOURCES
    assert all(s.url.startswith("https://") for s in catalog.sources)


def test_every_source_is_cited_by_an_item_or_a_page(catalog: Catalog) -> None:
    cited = {k for i in catalog.active_items for k in i.sources}
    pages = " ".join(p.read_text(encoding="utf-8") for p in (ROOT / "docs").rglob("*.md"))
    cited |= set(re.findall(r"sources\.md#([a-z0-9-]+)", pages))
    assert {s.key for s in catalog.sources} - cited == set()


def test_conditional_items_exist_for_each_condition(catalog: Catalog) -> None:
    keys = Counter(k for i in catalog.active_items for k in i.applies_when)
    assert {"ai_type", "risk_class", "personal_data"} <= set(keys)


def test_ai_act_logging_and_oversight_are_high_risk_items(catalog: Catalog) -> None:
    def mapped(article: str) -> list[str]:
        return [i.id for i in catalog.active_items if article in i.mappings.get("ai_act", ())]

    for article in ("Art. 12", "Art. 14"):
        ids = mapped(article)
        assert ids, article
        assert all(catalog.item(i).applies_when.get("risk_class") == ["high"] for i in ids)


def test_every_yaml_file_names_an_existing_schema_in_its_modeline() -> None:
    files = [*(ROOT / "checklists").rglob("*.yaml"), *(ROOT / "examples").glob("*.yaml")]
    assert len(files) >= 10
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, f"{path}: first line must be the yaml-language-server modeline"
        assert (path.parent / match.group(1)).resolve().is_file(), (
            f"{path}: {match.group(1)} does not exist"
        )
