"""Norwegian duties and vendor items reach the use cases they concern, and only those.

Three profiles, written from the rules rather than from the catalog:
- a bank deploying a bought credit-scoring model (DORA Art. 5-6, 19, 28(3), 30;
  GDPR Art. 22, 28, 35 and Chapter V; AI Act Art. 13 and 26(9));
- a municipal chatbot for citizens (forvaltningsloven 1967 §§ 18, 24-25,
  arkivlova 2025 § 5, offentleglova §§ 3 and 9, universal design under
  likestillings- og diskrimineringsloven §§ 17-18). Språklova §§ 13-15 bind
  state bodies (§ 15 county authorities too), not municipalities, so the
  written-standard item must stay out;
- an internal code assistant with no personal data: none of the Norwegian
  public-law, universal design, written-standard, DORA or personal-data items.
  The contract items every purchase needs (exit, notice of model changes,
  re-testing a new version) still apply to it: it is bought from a vendor too.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from generator.catalog.tailor import applicable
from generator.model import Catalog, EffectGoal, Profile

GOALS = tuple(EffectGoal(f"KPI {n}", "%", 10, 20, "higher", "dashbord") for n in range(3))
BASE = Profile(name="x", description="x", ai_type="predictive", risk_class="minimal",
               personal_data=True, users="external", owners={}, effect_goals=GOALS)  # fmt: skip

DORA = {"OPS-010", "OPS-011", "PRC-010"}
VENDOR = {f"PRC-{n:03d}" for n in range(1, 10)}
PERSONAL_DATA = {"DAT-005", "DAT-006", "DAT-008", "PRC-002", "PRC-003"}
PUBLIC_LAW = {"GOV-007", "GOV-008", "GOV-009", "GOV-010"}
UNIVERSAL_DESIGN = {"TEC-010"}
WRITTEN_STANDARD = {"MLO-010"}
EVERY_PURCHASE = {"PRC-001", "PRC-004", "PRC-005", "PRC-006", "PRC-008", "PRC-009"}

BANK = replace(BASE, sector="finance", actor="deployer", risk_class="high", annex_iii="5b",
               personal_data=True, public_service=False)  # fmt: skip
MUNICIPAL_CHATBOT = replace(BASE, sector="municipal", public_service=True, actor="deployer",
                            ai_type="generative", users="external", risk_class="limited")  # fmt: skip
STATE_CHATBOT = replace(MUNICIPAL_CHATBOT, sector="state")
CODE_ASSISTANT = replace(BASE, actor="deployer", users="internal", personal_data=False,
                         sector="other", public_service=False, ai_type="generative")  # fmt: skip


def ids(catalog: Catalog, profile: Profile) -> set[str]:
    return {i.id for i in applicable(catalog, profile)}


def test_the_bank_gets_dora_and_every_vendor_item(catalog: Catalog) -> None:
    got = ids(catalog, BANK)
    assert DORA | VENDOR | PERSONAL_DATA | {"DAT-007"} <= got, sorted(DORA | VENDOR - got)
    assert not (PUBLIC_LAW | WRITTEN_STANDARD) & got


def test_the_municipal_chatbot_gets_public_law_and_universal_design(catalog: Catalog) -> None:
    got = ids(catalog, MUNICIPAL_CHATBOT)
    assert got >= PUBLIC_LAW | UNIVERSAL_DESIGN
    # Språklova §§ 13-15 are duties of state bodies; a municipality is not bound by them.
    assert not WRITTEN_STANDARD & got
    assert not DORA & got
    # Art. 13 instructions and Art. 26(9) concern high-risk systems; this one is limited-risk.
    assert not {"PRC-007", "DAT-007"} & got


def test_a_state_body_s_chatbot_also_gets_the_written_standard(catalog: Catalog) -> None:
    assert ids(catalog, STATE_CHATBOT) >= WRITTEN_STANDARD | PUBLIC_LAW | UNIVERSAL_DESIGN


def test_the_internal_code_assistant_gets_none_of_them(catalog: Catalog) -> None:
    got = ids(catalog, CODE_ASSISTANT)
    none_of = DORA | PERSONAL_DATA | PUBLIC_LAW | UNIVERSAL_DESIGN | WRITTEN_STANDARD
    assert not none_of & got, sorted(none_of & got)
    assert not {"PRC-007", "DAT-007"} & got
    assert got >= EVERY_PURCHASE


@pytest.mark.parametrize(
    "item_id",
    sorted(DORA | PUBLIC_LAW | UNIVERSAL_DESIGN | WRITTEN_STANDARD | VENDOR | PERSONAL_DATA),
)
def test_each_new_item_is_in_both_languages_and_cites_a_source(
    catalog: Catalog, item_id: str
) -> None:
    item = catalog.item(item_id)
    for text in (item.title, item.why, item.done_when):
        assert text["nb"].strip() and text["en"].strip()
    assert item.sources and item.since == "1.2.0"
