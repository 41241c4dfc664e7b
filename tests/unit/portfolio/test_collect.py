from __future__ import annotations

from pathlib import Path

from generator.model import Catalog
from generator.portfolio import collect
from generator.words import PORTFOLIO


def by_path(folder: Path, catalog: Catalog, today: str | None = None) -> collect.Portfolio:
    return collect.collect(folder, catalog, today, with_history=False)


def test_every_table_of_words_has_the_same_keys() -> None:
    assert set(PORTFOLIO["nb"]) == set(PORTFOLIO["en"])


def test_finds_templates_but_not_hidden_files_or_excel_locks(folder: Path) -> None:
    assert collect.find(folder) == [
        "broken.yaml",
        "customer-service-assistant.G1.nb.yaml",
        "customer-service-assistant.G3.nb.yaml",
        "no-reason.yaml",
        "team-a/billing-drafts.nb.yaml",
        "team-a/chat-answers.nb.yaml",
        "team-a/not-a-workbook.xlsx",
    ]


def test_unreadable_files_are_listed_with_their_own_problems(
    folder: Path, catalog: Catalog
) -> None:
    p = by_path(folder, catalog)
    assert [u.path for u in p.unreadable] == ["broken.yaml", "team-a/not-a-workbook.xlsx"]
    assert "yaml-syntax" in p.unreadable[0].codes
    assert p.unreadable[0].line().startswith("broken.yaml: not read: ")
    assert "\n" not in p.unreadable[1].line()
    assert len(p.use_cases) == 5


def test_each_use_case_is_judged_at_its_next_gate(folder: Path, catalog: Catalog) -> None:
    cases = {c.path: c for c in by_path(folder, catalog).use_cases}
    assert cases["customer-service-assistant.G1.nb.yaml"].gate == "G2"
    assert cases["customer-service-assistant.G1.nb.yaml"].last_gate == "G1"
    assert cases["no-reason.yaml"].gate == "G3"
    # Every gate decided: the last gate, checked again.
    assert cases["customer-service-assistant.G3.nb.yaml"].gate == "G3"
    assert cases["customer-service-assistant.G3.nb.yaml"].review_date == "2027-07-02"
    assert cases["customer-service-assistant.G3.nb.yaml"].review_default
    for c in cases.values():
        assert sum(c.blocking.values()) == len(c.report.blocking)


def test_today_is_the_newest_decision_unless_given(folder: Path, catalog: Catalog) -> None:
    assert by_path(folder, catalog).today == "2026-07-02"
    assert by_path(folder, catalog, "2026-01-01").today == "2026-01-01"


def test_a_changed_profile_asks_for_reassessment(folder: Path, catalog: Catalog) -> None:
    cases = {c.path: c for c in by_path(folder, catalog).use_cases}
    flags = cases["team-a/chat-answers.nb.yaml"].flags
    profile = next(f for f in flags if f.why == "why_profile")
    assert profile.kind == "reassess"
    assert profile.values["changes"] == (("users", "internal", "external"),)
    assert profile.values["gate"] == "G2"


def test_overdue_condition_and_review(folder: Path, catalog: Catalog) -> None:
    case = next(
        c for c in by_path(folder, catalog).use_cases if c.path.endswith("billing-drafts.nb.yaml")
    )
    kinds = {f.kind for f in case.flags}
    assert {"review", "overdue"} <= kinds
    states = {c.condition.due: c.state for c in case.conditions}
    assert states == {"2026-07-02": "open", "2026-05-15": "overdue"}
    # A later "today" makes the other condition overdue too; an earlier one neither.
    late = by_path(folder, catalog, "2026-08-01")
    case = next(c for c in late.use_cases if c.path.endswith("billing-drafts.nb.yaml"))
    assert {c.state for c in case.conditions} == {"overdue"}
    early = by_path(folder, catalog, "2026-05-01")
    case = next(c for c in early.use_cases if c.path.endswith("billing-drafts.nb.yaml"))
    assert not case.flags or {f.kind for f in case.flags} <= {"reassess", "exception"}


def test_an_exception_without_reason_is_flagged(folder: Path, catalog: Catalog) -> None:
    case = next(c for c in by_path(folder, catalog).use_cases if c.path == "no-reason.yaml")
    assert any(f.why == "exception_no_reason" and f.values["gate"] == "G2" for f in case.flags)
    assert [e.gate for e in case.exceptions][-1] == "G2"


def test_a_year_after() -> None:
    assert collect.a_year_after("2026-07-02") == "2027-07-02"
    assert collect.a_year_after("2028-02-29") == "2029-02-28"
