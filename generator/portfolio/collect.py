"""Find and read every filled template in a folder tree, and judge each at its next gate.

A file that cannot be read is listed with its own problems and never stops the
others. "Today" is never the clock: it is given, or it is the newest decision
date in the portfolio, so that the same files give the same portfolio on any day.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.catalog.documents import shown_path
from generator.catalog.rules import version_key
from generator.catalog.tailor import applicable
from generator.errors import InvalidInput, PlaybookError, Problem
from generator.filled.profile import load_profile
from generator.filled.reader import SUFFIXES, load_filled
from generator.gate.evaluate import DecisionCheck, Report, check_decision, evaluate
from generator.model import Catalog, Condition, Decision, Profile
from generator.portfolio import history
from generator.text import one_line

PASSED = ("go", "go-with-conditions")
# The tailoring fields a decision's basis records, in the profile's order.
BASIS_FIELDS = ("ai_type", "risk_class", "actor", "users", "personal_data")


@dataclass(frozen=True)
class ConditionState:
    gate: str  # the gate that set it
    condition: Condition
    state: str  # met | open | overdue


@dataclass(frozen=True)
class Exception_:
    gate: str
    check: DecisionCheck | None  # None when the recommendation now is as strict as the decision
    reason: str


@dataclass(frozen=True)
class Flag:
    """Something that asks for a look: kind is reassess | review | overdue | exception;
    why names the sentence in words.PORTFOLIO, values fill it in (codes, not words)."""

    kind: str
    why: str
    values: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class HistoryPoint:
    commit: str  # abbreviated hash
    date: str
    gate: str  # "" when this version could not be read
    verdict: str
    decisions: tuple[tuple[str, str, str], ...]  # (gate, decision, date) recorded then


@dataclass(frozen=True)
class UseCase:
    path: str  # relative to the folder, / separated
    profile: Profile
    gate: str  # the next gate
    report: Report  # the check at the next gate
    last_gate: str  # the last gate with a recorded decision, or ""
    blocking: Mapping[str, int]  # role -> blocking items at the next gate, every role
    conditions: tuple[ConditionState, ...]
    exceptions: tuple[Exception_, ...]
    review_date: str
    review_default: bool  # the date is the default, a year after the last gate
    flags: tuple[Flag, ...]
    history: tuple[HistoryPoint, ...] = ()

    @property
    def last_decision(self) -> Decision | None:
        return self.profile.decision(self.last_gate) if self.last_gate else None


@dataclass(frozen=True)
class Unreadable:
    path: str
    problems: tuple[str, ...]  # one line each, without the file name
    codes: tuple[str, ...]

    def line(self) -> str:
        return one_line(f"{self.path}: not read: " + "; ".join(self.problems))


@dataclass(frozen=True)
class Portfolio:
    folder: str  # as the user gave it
    catalog: Catalog
    today: str
    use_cases: tuple[UseCase, ...]
    unreadable: tuple[Unreadable, ...]
    with_history: bool = False

    @property
    def files(self) -> int:
        return len(self.use_cases) + len(self.unreadable)


def find(root: Path) -> list[str]:
    """Every template below root, relative and sorted; hidden folders and files and
    the lock files Excel leaves beside an open workbook (~$name.xlsx) are skipped.
    Links to folders are not followed."""
    out = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        rel = Path(folder).relative_to(root)
        for name in sorted(names):
            if name.startswith((".", "~$")) or Path(name).suffix.lower() not in SUFFIXES:
                continue
            out.append((rel / name).as_posix())
    return sorted(out)


def _located(p: Problem) -> str:
    where = ":".join(str(x) for x in (p.sheet, p.line or "") if x)
    who = f"{p.item}: " if p.item else ""
    return f"{where}: {who}{p.message}" if where else f"{who}{p.message}"


def read(root: Path, rel: str, catalog: Catalog) -> Profile | Unreadable:
    try:
        return load_filled(root / rel, catalog)
    except InvalidInput as exc:
        return Unreadable(
            rel, tuple(_located(p) for p in exc.problems), tuple(p.code for p in exc.problems)
        )
    except PlaybookError as exc:
        return Unreadable(rel, (str(exc),), ("file-unreadable",))
    except Exception as exc:  # a reader's own failure on one file must not stop the rest
        return Unreadable(rel, (f"the reader failed: {type(exc).__name__}: {exc}",), ("reader",))


# Reading a workbook takes openpyxl 50-150 ms; from this many files on, the files are
# read by one process per core (forked, so the catalog is shared, not copied).
PARALLEL_FROM = 40
_SHARED: tuple[Path, Catalog] | None = None


def _read_shared(rel: str) -> Profile | Unreadable:
    assert _SHARED is not None
    return read(_SHARED[0], rel, _SHARED[1])


def read_all(root: Path, rels: list[str], catalog: Catalog) -> list[Profile | Unreadable]:
    """Every file read, in the order given."""
    global _SHARED
    workers = min(os.cpu_count() or 1, 4)
    if len(rels) < PARALLEL_FROM or workers < 2 or "fork" not in mp.get_all_start_methods():
        return [read(root, rel, catalog) for rel in rels]
    _SHARED = (root, catalog)
    try:
        with mp.get_context("fork").Pool(workers) as pool:
            return pool.map(_read_shared, rels, chunksize=4)
    finally:
        _SHARED = None


def next_gate(catalog: Catalog, profile: Profile) -> tuple[str, str]:
    """(the next gate, the last gate with a recorded decision or ""): the next gate is
    the first gate not decided as go or go with conditions, or else the last gate."""
    last = ""
    upcoming = ""
    for gate in catalog.gates:
        decision = profile.decision(gate.id).decision
        if decision:
            last = gate.id
        if not upcoming and decision not in PASSED:
            upcoming = gate.id
    return upcoming or catalog.gates[-1].id, last


def newest_decision(profiles: list[Profile]) -> str:
    dates = [d.date for p in profiles for d in p.decisions.values() if d.decision and d.date]
    return max(dates, default="")


def a_year_after(date: str) -> str:
    year, rest = date[:4], date[4:]
    return f"{int(year) + 1:04d}" + ("-02-28" if rest == "-02-29" else rest)


def _conditions(
    catalog: Catalog, profile: Profile, last: str, today: str
) -> tuple[ConditionState, ...]:
    """The last decision's conditions, and earlier ones whose item still does not hold:
    a later gate's decision has taken a view on the earlier free-text conditions."""
    out = []
    for gate in catalog.gates:
        decision = profile.decision(gate.id)
        if not decision.decision:
            continue
        for c in decision.conditions:
            holds = bool(c.item) and profile.answer(c.item).status in ("done", "n/a")
            if gate.id != last and (holds or not c.item):
                continue
            if holds:
                state = "met"
            elif c.due and c.due < today:
                state = "overdue"
            else:
                state = "open"
            out.append(ConditionState(gate.id, c, state))
    return tuple(out)


def _exceptions(catalog: Catalog, profile: Profile, reports: dict[str, Report]) -> list[Exception_]:
    out = []
    for gate in catalog.gates:
        decision = profile.decision(gate.id)
        if not decision.decision:
            continue
        report = reports.get(gate.id) or evaluate(catalog, profile, gate.id)
        reports[gate.id] = report
        check = check_decision(decision, report.verdict, report.blocking)
        if (check is not None and check.exception) or decision.exception_reason.strip():
            exception = check if check is not None and check.exception else None
            out.append(Exception_(gate.id, exception, decision.exception_reason))
    return out


def _basis_flags(catalog: Catalog, profile: Profile, last: str) -> list[Flag]:
    """Reassess when the profile differs from what the last decision was made on, or
    when the catalog has gained applicable must-items since."""
    if not last:
        return []
    decided = [g.id for g in catalog.gates if profile.decision(g.id).decision]
    with_basis = [g for g in decided if profile.decision(g).basis is not None]
    flags = []
    basis_gate = with_basis[-1] if with_basis else last
    decision = profile.decision(basis_gate)
    basis = decision.basis
    if basis is not None:
        changes = []
        for name in BASIS_FIELDS:
            then, now = getattr(basis, name), getattr(profile, name)
            if then not in ("", None) and then != now:
                changes.append((name, then, now))
        if changes:
            flags.append(
                Flag(
                    "reassess",
                    "why_profile",
                    {"gate": basis_gate, "date": decision.date, "changes": tuple(changes)},
                )
            )
    since = _decided_on(profile, basis_gate)
    if since and version_key(since) < version_key(catalog.version):
        new = tuple(
            i.id
            for i in applicable(catalog, profile, up_to_gate=last)
            if i.level == "must" and version_key(i.since) > version_key(since)
        )
        if new:
            flags.append(
                Flag(
                    "reassess",
                    "why_catalog",
                    {"gate": basis_gate, "since": since, "version": catalog.version, "ids": new},
                )
            )
    return flags


def _decided_on(profile: Profile, gate: str) -> str:
    """The catalog version a gate's decision was made on, as far as it is known."""
    basis = profile.decision(gate).basis
    return (basis.catalog_version if basis is not None else "") or profile.catalog_version or ""


def judge(catalog: Catalog, rel: str, profile: Profile, today: str) -> UseCase:
    gate, last = next_gate(catalog, profile)
    report = evaluate(catalog, profile, gate)
    reports = {gate: report}
    blocking = {r.id: 0 for r in catalog.roles}
    for r in report.blocking:
        blocking[r.item.owner] += 1
    conditions = _conditions(catalog, profile, last, today)
    exceptions = _exceptions(catalog, profile, reports)

    review, default = "", False
    for g in reversed(catalog.gates):
        if profile.decision(g.id).decision and profile.decision(g.id).review_date:
            review = profile.decision(g.id).review_date
            break
    final = profile.decision(catalog.gates[-1].id)
    if not review and final.decision and final.date:
        review, default = a_year_after(final.date), True

    flags = _basis_flags(catalog, profile, last)
    if review and review < today:
        review_gate = next(
            (g.id for g in reversed(catalog.gates) if profile.decision(g.id).review_date),
            catalog.gates[-1].id,
        )
        flags.append(Flag("review", "why_review", {"gate": review_gate, "date": review}))
    overdue = sum(c.state == "overdue" for c in conditions)
    if overdue:
        flags.append(
            Flag("overdue", f"why_overdue_{'one' if overdue == 1 else 'other'}", {"n": overdue})
        )
    # The last decision stands for the ones before it. Items newer than the catalog it
    # was made on are the reassess flag's, not the exception's.
    for e in exceptions:
        if e.gate != last or e.check is None:
            continue
        if e.check.missing_reason:
            flags.append(Flag("exception", "exception_no_reason", {"gate": e.gate}))
        since = _decided_on(profile, last)
        uncovered = tuple(
            i
            for i in e.check.uncovered
            if not since or version_key(catalog.item(i).since) <= version_key(since)
        )
        if uncovered:
            flags.append(
                Flag("exception", "exception_uncovered", {"gate": e.gate, "ids": uncovered})
            )
    return UseCase(
        rel, profile, gate, report, last, blocking, conditions, tuple(exceptions), review, default,
        tuple(flags),
    )  # fmt: skip


def collect(
    root: Path, catalog: Catalog, today: str | None = None, with_history: bool = True
) -> Portfolio:
    """Read and judge every template below root; history from git when asked and there."""
    read_: list[tuple[str, Profile]] = []
    unreadable: list[Unreadable] = []
    rels = find(root)
    for rel, got in zip(rels, read_all(root, rels, catalog), strict=True):
        if isinstance(got, Unreadable):
            unreadable.append(got)
        else:
            read_.append((rel, got))
    today = today or newest_decision([p for _, p in read_]) or catalog.released
    timelines = past(root, catalog, {rel for rel, _ in read_}) if with_history else {}
    cases = tuple(
        _with_history(judge(catalog, rel, profile, today), timelines.get(rel, ()))
        for rel, profile in read_
    )
    return Portfolio(
        shown_path(root),
        catalog,
        today,
        cases,
        tuple(unreadable),
        with_history=bool(timelines),
    )


def _with_history(case: UseCase, points: tuple[HistoryPoint, ...]) -> UseCase:
    return replace(case, history=points) if points else case


def _read_revision(rel: str, data: bytes, catalog: Catalog) -> Profile | None:
    suffix = Path(rel).suffix.lower()
    try:
        if suffix != ".xlsx":
            return load_profile(Path(rel), catalog, text=data.decode("utf-8"))
        temp = history.as_file(data, suffix)
        try:
            return load_filled(temp, catalog)
        finally:
            temp.unlink(missing_ok=True)
    except Exception:  # an old version no reader takes is a gap in the timeline, not a stop
        return None


def past(root: Path, catalog: Catalog, paths: set[str]) -> dict[str, tuple[HistoryPoint, ...]]:
    """Path -> its history, newest first: the next gate, its verdict and the
    decisions recorded, at each commit that changed the file."""
    revs = history.revisions(root, lambda p: p in paths)
    blobs = history.contents(root, revs)
    out: dict[str, tuple[HistoryPoint, ...]] = {}
    for rel, versions in revs.items():
        points = []
        for rev in versions:
            if rev not in blobs:
                continue
            profile = _read_revision(rel, blobs[rev], catalog)
            if profile is None:
                points.append(HistoryPoint(rev.commit[:10], rev.date, "", "", ()))
                continue
            gate, _ = next_gate(catalog, profile)
            verdict = evaluate(catalog, profile, gate).verdict
            decisions = tuple(
                (g.id, profile.decision(g.id).decision, profile.decision(g.id).date)
                for g in catalog.gates
                if profile.decision(g.id).decision
            )
            points.append(HistoryPoint(rev.commit[:10], rev.date, gate, verdict, decisions))
        if points:
            out[rel] = tuple(points)
    return out
