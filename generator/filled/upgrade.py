"""Carry a filled template's answers over to the current catalog.

Nothing disappears silently: every answer is kept on its item, moved to the
item that replaced it, or listed in the report with what it said.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from generator.catalog.tailor import applicable
from generator.model import Answer, Catalog, Item, Profile
from generator.text import one_line


@dataclass(frozen=True)
class UpgradeReport:
    from_version: str | None
    to_version: str
    kept: tuple[str, ...]
    moved: tuple[tuple[str, str], ...]  # (deprecated ID, replacement ID)
    added: tuple[str, ...]  # applicable items that had no answer; they arrive open
    # answers with no item to carry them: (ID, why, the answer as it was)
    dropped: tuple[tuple[str, str, Answer], ...]


def _successor(catalog: Catalog, item_id: str) -> str | None:
    """Follow replaced_by until an item in use; None when the chain ends without one."""
    ids = {i.id: i for i in catalog.items}
    seen = set()
    current = item_id
    while current in ids and not ids[current].active and current not in seen:
        seen.add(current)
        dep = ids[current].deprecated
        if dep is None or dep.replaced_by is None:
            return None
        current = dep.replaced_by
    return current if current in ids and ids[current].active else None


def upgrade(catalog: Catalog, profile: Profile) -> tuple[Profile, UpgradeReport]:
    ids = {i.id: i for i in catalog.items}
    answers: dict[str, Answer] = {}
    kept, moved, dropped = [], [], []
    for item_id, answer in sorted(profile.answers.items()):
        if item_id in ids and ids[item_id].active:
            answers[item_id] = answer
            kept.append(item_id)
    for item_id, answer in sorted(profile.answers.items()):
        # An untouched answer (open, nothing written) on the replacement gives way.
        if item_id in ids and ids[item_id].active:
            continue
        if item_id not in ids:
            dropped.append((item_id, f"not in catalog {catalog.version}", answer))
            continue
        target = _successor(catalog, item_id)
        if target is None:
            dropped.append((item_id, "deprecated with no replacement", answer))
        elif target in answers and answers[target] != Answer():
            dropped.append((item_id, f"replaced by {target}, which has its own answer", answer))
        else:
            if target in answers:  # untouched: report it rather than overwrite it silently
                kept.remove(target)
                dropped.append(
                    (
                        target,
                        f"empty answer replaced by the one moved from {item_id}",
                        answers[target],
                    )
                )
            answers[target] = answer
            moved.append((item_id, target))
    added = tuple(i.id for i in applicable(catalog, profile) if i.id not in answers)
    report = UpgradeReport(
        profile.catalog_version, catalog.version, tuple(kept), tuple(moved), added, tuple(dropped)
    )
    return replace(profile, answers=answers, catalog_version=catalog.version), report


def items_to_write(catalog: Catalog, profile: Profile) -> list[Item]:
    """Applicable items plus any other answered item in use, in catalog order."""
    chosen = {i.id for i in applicable(catalog, profile)} | set(profile.answers)
    return [i for i in catalog.active_items if i.id in chosen]


def describe(report: UpgradeReport) -> list[str]:
    lines = [
        f"upgraded from catalog {report.from_version or 'unknown'} to {report.to_version}: {len(report.kept)} answers kept"
    ]
    lines += [f"moved: {old} -> {new} (deprecated, replaced)" for old, new in report.moved]
    if report.added:
        lines.append(f"new items, now open: {', '.join(report.added)}")
    for item_id, why, a in report.dropped:
        # Quoted as typed (one line each), not as Python would write them.
        lines.append(
            one_line(
                f"not carried over: {item_id} ({why}); it said status={a.status}"
                f" evidence='{a.evidence}' due='{a.due}' comment='{a.comment}'"
            )
        )
    return lines
