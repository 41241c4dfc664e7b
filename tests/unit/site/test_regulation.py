"""The AI Act's dates are written once (catalog milestones) and rendered into the
regulation page's table, the items' notes in the templates and catalog.json."""

from __future__ import annotations

import json
from dataclasses import replace

from generator import templates
from generator.filled.profile import load_profile
from generator.model import Catalog
from generator.site import publish, regulation
from tests.conftest import ROOT


def moved(catalog: Catalog) -> Catalog:
    """The catalog with the Annex III date moved by a year."""
    milestones = tuple(
        replace(m, date="2028-12-02") if m.date == "2027-12-02" else m for m in catalog.milestones
    )
    return replace(catalog, milestones=milestones)


def test_the_omnibus_dates_are_the_catalogs(catalog: Catalog) -> None:
    dates = {m.date for m in catalog.milestones}
    # Regulation (EU) 2026/1744: Annex III from 2 December 2027, Annex I from 2 August 2028.
    assert {"2027-12-02", "2028-08-02", "2026-08-02", "2026-12-02"} <= dates
    assert "2027-08-02" not in dates  # the original Annex I date, replaced


def test_one_change_moves_the_page_the_templates_and_the_data(catalog: Catalog) -> None:
    other = moved(catalog)
    profile = load_profile(ROOT / "examples" / "credit-scoring.yaml", catalog)
    for lang, old, new in (("nb", "2. desember 2027", "2. desember 2028"),
                           ("en", "2 December 2027", "2 December 2028")):  # fmt: skip
        assert old in regulation.dates_table(catalog, lang)
        assert new in regulation.dates_table(other, lang) and old not in regulation.dates_table(
            other, lang
        )
        before = templates.render(catalog, profile, "md", lang, "x.yaml").decode()
        after = templates.render(other, profile, "md", lang, "x.yaml").decode()
        assert old in before and new in after and old not in after
    data = json.loads(publish.catalog_json(other))
    dates = {d["date"] for i in data["items"] for d in i["ai_act_dates"]}
    assert "2028-12-02" in dates and "2027-12-02" not in dates


def test_an_item_shows_the_dates_of_its_articles(catalog: Catalog) -> None:
    by_article = {i.id: i for i in catalog.items if "Art. 50" in str(i.mappings.get("ai_act"))}
    assert by_article
    for item in by_article.values():
        assert "2. august 2026" in regulation.applies_from(catalog, item, "nb")
