"""The gate check: a filled template and a gate in, a verdict out.

The decision rule is stated once, for people, in generator/words.py (REPORT,
rule_*), and the pages and reports render it from there; this module is the
same rule as code. Pure: no I/O, no formatting.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from generator.catalog.rules import version_key
from generator.catalog.tailor import applicable
from generator.model import Answer, Catalog, Decision, EffectGoal, Item, Profile

GO = "GO"
GO_WITH_CONDITIONS = "GO WITH CONDITIONS"
NO_GO = "NO-GO"
# Effect goals are judged at the gates that ask about effect.
EFFECT_GATES = ("G1", "G3")


@dataclass(frozen=True)
class ItemResult:
    item: Item
    answer: Answer
    state: str  # done | n/a | open
    reason: str  # why it is open (open | in-progress | na-unjustified), "" when it holds

    @property
    def holds(self) -> bool:
        return self.state != "open"


@dataclass(frozen=True)
class GoalResult:
    goal: EffectGoal
    state: str  # met | not-met | missing


@dataclass(frozen=True)
class Tally:
    total: int
    holding: int

    @property
    def percent(self) -> int:
        return round(100 * self.holding / self.total) if self.total else 100


@dataclass(frozen=True)
class VersionNote:
    template_version: str
    catalog_version: str
    removed: tuple[str, ...]  # answered IDs the catalog no longer has
    deprecated: tuple[tuple[str, str | None], ...]  # answered IDs now deprecated, with replacement
    added: tuple[str, ...]  # applicable items introduced after the template's version, still open


# How lenient a decision or a verdict is: a decision ranked above the verdict is an exception.
LENIENCY = {"no-go": 0, NO_GO: 0, "go-with-conditions": 1, GO_WITH_CONDITIONS: 1, "go": 2, GO: 2}


@dataclass(frozen=True)
class DecisionCheck:
    """The recorded decision of a gate, set against the computed verdict."""

    decision: Decision
    exception: bool  # more lenient than the verdict
    missing_reason: bool  # an exception without a written reason
    uncovered: tuple[str, ...]  # open must-items without a condition that has owner and due date

    @property
    def holds(self) -> bool:
        return not self.missing_reason and not self.uncovered


@dataclass(frozen=True)
class Report:
    gate: str
    verdict: str
    items: tuple[ItemResult, ...]
    goals: tuple[GoalResult, ...]
    by_area: dict[str, Tally]
    by_owner: dict[str, Tally]
    version: VersionNote | None = None
    blocking: tuple[ItemResult, ...] = field(default=())
    conditions: tuple[ItemResult, ...] = field(default=())

    decision: DecisionCheck | None = None


def judge(item: Item, answer: Answer) -> ItemResult:
    if answer.status == "done":
        return ItemResult(item, answer, "done", "")
    if answer.status == "n/a":
        if answer.comment.strip():
            return ItemResult(item, answer, "n/a", "")
        return ItemResult(item, answer, "open", "na-unjustified")
    return ItemResult(
        item, answer, "open", answer.status if answer.status == "in-progress" else "open"
    )


def judge_goal(goal: EffectGoal) -> GoalResult:
    met = goal.met()
    return GoalResult(goal, "missing" if met is None else "met" if met else "not-met")


def _version_note(catalog: Catalog, profile: Profile, items: list[Item]) -> VersionNote | None:
    old = profile.catalog_version
    if old is None or old == catalog.version:
        return None

    ids = {i.id: i for i in catalog.items}
    removed = tuple(sorted(a for a in profile.answers if a not in ids))
    deprecated = tuple(
        (a, ids[a].deprecated.replaced_by)  # type: ignore[union-attr]
        for a in sorted(profile.answers)
        if a in ids and not ids[a].active
    )
    # Only the new items that are still open: one answered done (or n/a with a
    # reason) needs no one's attention, however new it is.
    added = tuple(
        i.id
        for i in items
        if version_key(i.since) > version_key(old) and not judge(i, profile.answer(i.id)).holds
    )
    return VersionNote(old, catalog.version, removed, deprecated, added)


def evaluate(catalog: Catalog, profile: Profile, gate: str) -> Report:
    items = applicable(catalog, profile, up_to_gate=gate)
    results = tuple(judge(i, profile.answer(i.id)) for i in items)
    goals = tuple(judge_goal(g) for g in profile.effect_goals) if gate in EFFECT_GATES else ()
    blocking = tuple(r for r in results if not r.holds and r.item.level == "must")
    conditions = tuple(r for r in results if not r.holds and r.item.level == "should")
    goals_hold = all(g.state == "met" for g in goals)
    if blocking or not goals_hold:
        verdict = NO_GO
    elif conditions:
        verdict = GO_WITH_CONDITIONS
    else:
        verdict = GO
    return Report(
        gate=gate,
        verdict=verdict,
        decision=check_decision(profile.decision(gate), verdict, blocking),
        items=results,
        goals=goals,
        by_area=_tally(results, [a.id for a in catalog.areas], lambda r: r.item.area),
        by_owner=_tally(results, [r.id for r in catalog.roles], lambda r: r.item.owner),
        version=_version_note(catalog, profile, items),
        blocking=tuple(
            sorted(
                blocking,
                key=lambda r: ([x.id for x in catalog.roles].index(r.item.owner), r.item.id),
            )
        ),
        conditions=conditions,
    )


def check_decision(
    decision: Decision, verdict: str, blocking: tuple[ItemResult, ...]
) -> DecisionCheck | None:
    """None while the gate has no recorded decision."""
    if not decision.decision:
        return None
    exception = LENIENCY[decision.decision] > LENIENCY[verdict]
    if not exception:
        return DecisionCheck(decision, False, False, ())
    covered = {c.item for c in decision.conditions if c.item and c.owner.strip() and c.due}
    uncovered = tuple(
        r.item.id for r in blocking if r.item.level == "must" and r.item.id not in covered
    )
    return DecisionCheck(decision, True, not decision.exception_reason.strip(), uncovered)


def _tally(
    results: tuple[ItemResult, ...], keys: list[str], key_of: Callable[[ItemResult], str]
) -> dict[str, Tally]:
    out = {}
    for key in keys:
        chosen = [r for r in results if key_of(r) == key]
        if chosen:
            out[key] = Tally(len(chosen), sum(r.holds for r in chosen))
    return out
