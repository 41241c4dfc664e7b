"""The catalog as plain, immutable data. Every output is made from these types."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

LANGS = ("nb", "en")
LEVELS = ("must", "should")
AI_TYPES = ("predictive", "generative", "agentic")
RISK_CLASSES = ("minimal", "limited", "high")
USER_GROUPS = ("internal", "external")
# The AI Act's roles (Art. 3(3) provider, 3(4) deployer); "both" when an
# organisation builds for its own use or puts its name on what it bought (Art. 25).
ACTORS = ("provider", "deployer", "both")
# The Annex III areas a duty can depend on ("" when none applies).
ANNEX_III = ("1", "2", "3", "4", "5a", "5b", "5c", "5d", "6", "7", "8")
# The sectors whose own rules a duty can depend on ("" when none is given):
# state bodies (mållova/språklova), municipalities, finance (DORA), health.
SECTORS = ("state", "municipal", "finance", "health", "other")
# The kinds of system Art. 50(3) and 50(4) name.
ART50 = ("emotion-recognition", "biometric-categorisation", "deepfake", "public-interest-text")

Text = Mapping[str, str]  # {"nb": ..., "en": ...}


@dataclass(frozen=True, slots=True)
class Gate:
    id: str
    title: Text
    question: Text


@dataclass(frozen=True, slots=True)
class Area:
    id: str
    prefix: str
    title: Text


@dataclass(frozen=True, slots=True)
class Role:
    id: str
    title: Text
    owns: Text
    scope: Text


@dataclass(frozen=True, slots=True)
class Source:
    key: str
    short: str
    author: str
    title: str
    publisher: str
    url: str
    date: str = ""
    note: Text | None = None


@dataclass(frozen=True, slots=True)
class Change:
    version: str
    date: str
    summary: Text


@dataclass(frozen=True, slots=True)
class Milestone:
    """A date in the regulation: what applies from it, and to which articles."""

    date: str
    what: Text
    sources: tuple[str, ...]
    articles: tuple[str, ...] = ()  # "Art. 26": duties of these articles apply from the date
    scope: Text | None = None  # whom it concerns, when not every system


@dataclass(frozen=True, slots=True)
class Deprecation:
    since: str
    reason: Text
    replaced_by: str | None = None


# The profile fields an item's applies_when can name, in the profile's own
# order; phrases list conditions in this order, whatever order a contributor used.
CONDITION_KEYS = (
    "ai_type",
    "risk_class",
    "actor",
    "public_service",
    "annex_iii",
    "art50",
    "sector",
    "personal_data",
    "users",
)


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    area: str
    title: Text
    why: Text
    done_when: Text
    owner: str
    gate: str
    level: str
    sources: tuple[str, ...]
    since: str
    applies_when: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))
    mappings: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    deprecated: Deprecation | None = None

    @property
    def active(self) -> bool:
        return self.deprecated is None


@dataclass(frozen=True, slots=True)
class Catalog:
    version: str
    released: str
    changes: tuple[Change, ...]
    gates: tuple[Gate, ...]
    areas: tuple[Area, ...]
    roles: tuple[Role, ...]
    sources: tuple[Source, ...]
    items: tuple[Item, ...]  # every item, deprecated ones included, in area then ID order
    milestones: tuple[Milestone, ...] = ()
    # Lookups by key, built once: renderers ask for an item's area, role and
    # sources on every row, and a scan per row would grow with the catalog.
    _index: dict[str, dict[str, object]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, dict[str, object]] = {
            "gate": {g.id: g for g in self.gates},
            "area": {a.id: a for a in self.areas},
            "role": {r.id: r for r in self.roles},
            "source": {s.key: s for s in self.sources},
            "item": {i.id: i for i in self.items},
            "gate_index": {g.id: n for n, g in enumerate(self.gates)},
        }
        object.__setattr__(self, "_index", index)

    def gate(self, gate_id: str) -> Gate:
        return self._index["gate"][gate_id]  # type: ignore[return-value]

    def area(self, area_id: str) -> Area:
        return self._index["area"][area_id]  # type: ignore[return-value]

    def role(self, role_id: str) -> Role:
        return self._index["role"][role_id]  # type: ignore[return-value]

    def source(self, key: str) -> Source:
        return self._index["source"][key]  # type: ignore[return-value]

    def item(self, item_id: str) -> Item:
        return self._index["item"][item_id]  # type: ignore[return-value]

    @property
    def active_items(self) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.active)

    def gate_index(self, gate_id: str) -> int:
        return self._index["gate_index"][gate_id]  # type: ignore[return-value]

    def milestones_for(self, item: Item) -> tuple[Milestone, ...]:
        """The dates from which the AI Act articles the item maps to apply."""
        articles = {ref.split("(")[0].strip() for ref in item.mappings.get("ai_act", ())}
        return tuple(m for m in self.milestones if articles & set(m.articles))


# A use case: its profile, and once filled in, its answers and decisions.

STATUSES = ("open", "in-progress", "done", "n/a")
DECISIONS = ("go", "go-with-conditions", "no-go")


@dataclass(frozen=True, slots=True)
class EffectGoal:
    kpi: str
    unit: str
    baseline: float
    target: float
    direction: str  # higher | lower
    measured_by: str
    measured: float | None = None

    def met(self) -> bool | None:
        """Whether the measured value reaches the target; None when not measured."""
        if self.measured is None:
            return None
        if self.direction == "higher":
            return self.measured >= self.target
        return self.measured <= self.target


@dataclass(frozen=True, slots=True)
class Answer:
    status: str = "open"
    evidence: str = ""
    due: str = ""
    comment: str = ""


@dataclass(frozen=True, slots=True)
class Condition:
    """A condition the gate set: what must be done, by whom, by when."""

    text: str
    owner: str = ""
    due: str = ""
    item: str = ""  # the checklist item it closes, or "" (a goal, or something else)


@dataclass(frozen=True, slots=True)
class Basis:
    """What a gate decision was made on: the profile's tailoring fields and the
    catalog version at the time. "" (None for personal_data) where not recorded."""

    ai_type: str = ""
    risk_class: str = ""
    actor: str = ""
    users: str = ""
    personal_data: bool | None = None
    catalog_version: str = ""


@dataclass(frozen=True, slots=True)
class Decision:
    """What the people at a gate decided, as the decision log records it."""

    date: str = ""
    decision: str = ""  # "" (not decided yet) or one of DECISIONS
    decided_by: str = ""
    conditions: tuple[Condition, ...] = ()
    # Templates from catalog 1.0.0 held the conditions as one text.
    conditions_text: str = ""
    exception_reason: str = ""
    # When the decision is to be looked at again ("" : G3 decisions default to a year on).
    review_date: str = ""
    basis: Basis | None = None  # what it decided on, when recorded

    @property
    def conditions_summary(self) -> str:
        """The conditions as one line of text, for a table cell."""
        parts = [self.conditions_text] if self.conditions_text else []
        for c in self.conditions:
            extra = ", ".join(x for x in (c.owner, c.due) if x)
            parts.append(f"{c.text} ({extra})" if extra else c.text)
        return "; ".join(parts)


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    description: str
    ai_type: str
    risk_class: str
    personal_data: bool
    users: str
    owners: Mapping[str, str]
    effect_goals: tuple[EffectGoal, ...]
    # The AI Act role: provider, deployer or both; "" only while unanswered
    # (a template upgraded from catalog 1.0.0, which did not ask).
    actor: str = "deployer"
    # A body governed by public law, or a private entity providing public services
    # (Art. 27(1)); None while unanswered.
    public_service: bool | None = False
    annex_iii: str = ""  # the Annex III area, such as 5b (credit scoring), or ""
    art50: tuple[str, ...] = ()  # Art. 50(3)-(4) kinds of system
    sector: str = ""  # one of SECTORS, or "" when not given
    lang: str = "nb"
    catalog_version: str | None = None
    answers: Mapping[str, Answer] = field(default_factory=dict)
    decisions: Mapping[str, Decision] = field(default_factory=dict)
    source: str = ""  # the file it was read from, as shown to the user

    def answer(self, item_id: str) -> Answer:
        return self.answers.get(item_id, Answer())

    def decision(self, gate_id: str) -> Decision:
        return self.decisions.get(gate_id, Decision())
