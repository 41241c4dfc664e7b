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
class Deprecation:
    since: str
    reason: Text
    replaced_by: str | None = None


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

    def gate(self, gate_id: str) -> Gate:
        return next(g for g in self.gates if g.id == gate_id)

    def area(self, area_id: str) -> Area:
        return next(a for a in self.areas if a.id == area_id)

    def role(self, role_id: str) -> Role:
        return next(r for r in self.roles if r.id == role_id)

    def source(self, key: str) -> Source:
        return next(s for s in self.sources if s.key == key)

    def item(self, item_id: str) -> Item:
        return next(i for i in self.items if i.id == item_id)

    @property
    def active_items(self) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.active)

    def gate_index(self, gate_id: str) -> int:
        return [g.id for g in self.gates].index(gate_id)
