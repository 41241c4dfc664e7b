"""The gate check: a filled template and a gate in, a verdict out.

GO when every must-item and effect goal holds; GO WITH CONDITIONS when only
should-items are open; NO-GO otherwise. Pure: no I/O, no formatting.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from generator.catalog.rules import version_key
from generator.catalog.tailor import applicable
from generator.model import Answer, Catalog, EffectGoal, Item, Profile

GO = "GO"
GO_WITH_CONDITIONS = "GO WITH CONDITIONS"
NO_GO = "NO-GO"
# The exit codes are the CLI's (generator/cli/exits.py decides them). This copy
# is only for the "exit_code" field that gate/report.py writes into the JSON
# report; tests/test_check.py keeps it equal to the CLI's. Remove it, and
# Report.exit_code, once to_json() is given the exit code by its caller.
EXIT_CODES = {GO: 0, GO_WITH_CONDITIONS: 3, NO_GO: 1}
# Effect goals are judged at the gates that ask about effect.
EFFECT_GATES = ("G1", "G3")


@dataclass(frozen=True)
class ItemResult:
    item: Item
    answer: Answer
    state: str  # done | n/a | open
    reason: str  # why it is open, "" when it holds

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
    added: tuple[str, ...]  # applicable items introduced after the template's version


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

    @property
    def exit_code(self) -> int:
        """For the JSON report only; the command's exit code comes from generator/cli/exits.py."""
        return EXIT_CODES[self.verdict]


def judge(item: Item, answer: Answer) -> ItemResult:
    if answer.status == "done":
        return ItemResult(item, answer, "done", "")
    if answer.status == "n/a":
        if answer.comment.strip():
            return ItemResult(item, answer, "n/a", "")
        return ItemResult(
            item,
            answer,
            "open",
            "marked not applicable without a written justification in the comment",
        )
    return ItemResult(
        item, answer, "open", "in progress" if answer.status == "in-progress" else "open"
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
    added = tuple(i.id for i in items if version_key(i.since) > version_key(old))
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


def _tally(
    results: tuple[ItemResult, ...], keys: list[str], key_of: Callable[[ItemResult], str]
) -> dict[str, Tally]:
    out = {}
    for key in keys:
        chosen = [r for r in results if key_of(r) == key]
        if chosen:
            out[key] = Tally(len(chosen), sum(r.holds for r in chosen))
    return out
