"""Who gets which AI Act duty: a truth table written from the regulation
(Regulation (EU) 2024/1689 as amended by (EU) 2026/1744), not from the catalog.

Each row is a use case and the articles its template must and must not hold
(through the items' `mappings.ai_act`). A catalog change that hands a provider's
duty to a deployer, or drops one of the deployer's own, fails here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import pytest

from generator.catalog.tailor import applicable
from generator.model import Catalog, EffectGoal, Profile

GOALS = tuple(EffectGoal(f"KPI {n}", "%", 10, 20, "higher", "dashbord") for n in range(3))
BASE = Profile(name="x", description="x", ai_type="predictive", risk_class="minimal",
               personal_data=True, users="external", owners={}, effect_goals=GOALS)  # fmt: skip

# The provider's duties for a high-risk system: Art. 9-15 through Art. 16(a),
# the quality management system, conformity assessment, declaration, CE marking,
# registration, post-market monitoring and serious incidents.
PROVIDER_HIGH = ["Art. 9", "Art. 10", "Art. 11", "Art. 12", "Art. 13", "Art. 14", "Art. 15",
                 "Art. 17", "Art. 43", "Art. 47", "Art. 48", "Art. 49(1)", "Art. 72", "Art. 73"]  # fmt: skip
# The deployer's own duties for any high-risk system (Art. 26) and the right to an
# explanation it must answer (Art. 86).
DEPLOYER_HIGH = ["Art. 26(1)", "Art. 26(2)", "Art. 26(4)", "Art. 26(5)", "Art. 26(6)",
                 "Art. 26(7)", "Art. 26(11)", "Art. 86"]  # fmt: skip


@dataclass(frozen=True)
class Case:
    name: str
    profile: Profile
    must: list[str] = field(default_factory=list)
    must_not: list[str] = field(default_factory=list)


def case(name: str, must: list[str], must_not: list[str], **fields: object) -> Case:
    return Case(name, replace(BASE, **fields), must, must_not)  # type: ignore[arg-type]


CASES = [
    case(
        "public deployer of a high-risk benefits system",
        ["Art. 27", "Art. 26(2)", "Art. 26(6)", "Art. 26(11)", "Art. 49(3)", "Art. 86"],
        ["Art. 17", "Art. 43", "Art. 48", "Art. 9", "Art. 72", "Art. 73"],
        actor="deployer",
        public_service=True,
        risk_class="high",
        annex_iii="5a",
    ),
    case(
        "the same public body as provider of its own system",
        PROVIDER_HIGH,
        ["Art. 26(6)", "Art. 27", "Art. 86", "Art. 49(3)"],
        actor="provider",
        public_service=True,
        risk_class="high",
        annex_iii="5a",
    ),
    case(
        "the same public body as provider and deployer",
        PROVIDER_HIGH + DEPLOYER_HIGH + ["Art. 27", "Art. 49(3)"],
        [],
        actor="both",
        public_service=True,
        risk_class="high",
        annex_iii="5a",
    ),
    case(
        "a bank deploying a bought credit-scoring model",
        ["Art. 27", "Art. 26(2)", "Art. 26(6)", "Art. 86"],
        ["Art. 17", "Art. 43", "Art. 49(3)"],
        actor="deployer",
        public_service=False,
        risk_class="high",
        annex_iii="5b",
    ),
    case(
        "an insurer pricing life and health insurance with a bought model",
        ["Art. 27"],
        ["Art. 9", "Art. 49(3)"],
        actor="deployer",
        public_service=False,
        risk_class="high",
        annex_iii="5c",
    ),
    case(
        "a private employer screening applicants with a bought system",
        DEPLOYER_HIGH,
        ["Art. 27", "Art. 49(3)", "Art. 17"],
        actor="deployer",
        public_service=False,
        risk_class="high",
        annex_iii="4",
        users="internal",
    ),
    case(
        "a municipal chatbot bought from a vendor",
        ["Art. 50(1)"],
        ["Art. 50(2)", "Art. 27", "Art. 26(6)", "Art. 17"],
        actor="deployer",
        public_service=True,
        risk_class="limited",
        ai_type="generative",
    ),
    case(
        "a vendor's generative chatbot, as its provider",
        ["Art. 50(1)", "Art. 50(2)"],
        ["Art. 26(6)", "Art. 27", "Art. 50(3)", "Art. 50(4)"],
        actor="provider",
        risk_class="limited",
        ai_type="generative",
    ),
    case(
        "a deployer of emotion recognition",
        ["Art. 50(3)"],
        ["Art. 50(4)", "Art. 50(2)"],
        actor="deployer",
        risk_class="limited",
        art50=("emotion-recognition",),
    ),
    case(
        "a deployer publishing AI-written text on matters of public interest",
        ["Art. 50(4)"],
        ["Art. 50(3)", "Art. 50(2)"],
        actor="deployer",
        risk_class="minimal",
        ai_type="generative",
        art50=("public-interest-text",),
    ),
    case(
        "an internal predictive tool of minimal risk, bought",
        [],
        # RSK-001 (classify the system) cites Art. 50 as a whole; the duties are its paragraphs.
        [
            *["Art. 9", "Art. 26", "Art. 27", "Art. 43"],
            *["Art. 50(1)", "Art. 50(2)", "Art. 50(3)", "Art. 50(4)"],
        ],
        actor="deployer",
        risk_class="minimal",
        users="internal",
    ),
    case(
        "a provider of a high-risk agentic system",
        PROVIDER_HIGH,
        ["Art. 26(7)", "Art. 27"],
        actor="provider",
        risk_class="high",
        ai_type="agentic",
        annex_iii="5a",
    ),
    case(
        "a private deployer of a high-risk system that provides a public service",
        ["Art. 27", "Art. 26(2)"],
        ["Art. 43"],
        actor="deployer",
        public_service=True,
        risk_class="high",
        annex_iii="3",
    ),
]


def articles(catalog: Catalog, profile: Profile) -> set[str]:
    return {ref for i in applicable(catalog, profile) for ref in i.mappings.get("ai_act", ())}


def held(wanted: str, refs: set[str]) -> bool:
    """Art. 26 holds for Art. 26(6); Art. 26(6) only for Art. 26(6) itself."""
    pattern = re.compile(re.escape(wanted) + (r"(\(|$)" if "(" not in wanted else "$"))
    return any(pattern.match(ref) for ref in refs)


@pytest.mark.parametrize("row", CASES, ids=lambda c: c.name)
def test_role_truth_table(catalog: Catalog, row: Case) -> None:
    refs = articles(catalog, row.profile)
    assert [a for a in row.must if not held(a, refs)] == []
    assert [a for a in row.must_not if held(a, refs)] == []


def test_limited_risk_reaches_further_than_minimal(catalog: Catalog) -> None:
    """'limited' means Art. 50 applies: it must tailor differently from 'minimal'."""
    limited = replace(BASE, ai_type="generative", risk_class="limited", actor="deployer")
    minimal = replace(limited, risk_class="minimal")
    assert {i.id for i in applicable(catalog, limited)} > {
        i.id for i in applicable(catalog, minimal)
    }


def test_both_gets_the_union_of_the_roles(catalog: Catalog) -> None:
    high = replace(BASE, risk_class="high", annex_iii="5b")
    ids = {
        a: {i.id for i in applicable(catalog, replace(high, actor=a))}
        for a in ("provider", "deployer", "both")
    }
    assert ids["both"] == ids["provider"] | ids["deployer"]
    assert ids["provider"] != ids["deployer"]
