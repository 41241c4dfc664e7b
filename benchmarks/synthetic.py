"""Synthetic catalogs of any size, valid by construction, for the benchmark.

IDs have three digits, so an area holds at most 999 items: large catalogs get
more areas. Texts vary in length and wording like real ones, without markup.
"""

from __future__ import annotations

import random
from pathlib import Path

GATES = ("G1", "G2", "G3")
ROLES = ("product", "platform", "governance")
PER_AREA = 625
WORDS = [
    "modell",
    "data",
    "drift",
    "eier",
    "gevinst",
    "risiko",
    "logg",
    "tilsyn",
    "test",
    "kvalitet",
    "kostnad",
    "tilgang",
    "overvåking",
    "hendelse",
    "leverandør",
    "personvern",
    "dokumentasjon",
    "effektmål",
    "brukere",
    "prosess",
]
EN_WORDS = [
    "model",
    "data",
    "operation",
    "owner",
    "benefit",
    "risk",
    "log",
    "oversight",
    "test",
    "quality",
    "cost",
    "access",
    "monitoring",
    "incident",
    "supplier",
    "privacy",
    "documentation",
    "goal",
    "users",
    "process",
]


def _prefix(n: int) -> str:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return "Q" + letters[n // 26] + letters[n % 26]


def _sentence(rng: random.Random, words: list[str], n: int) -> str:
    return " ".join(rng.choice(words) for _ in range(n)).capitalize() + "."


def write_catalog(root: Path, items: int, seed: int = 1) -> list[Path]:
    """Write catalog.yaml, sources.yaml and items/*.yaml; returns every file written."""
    rng = random.Random(seed)
    areas = max(1, -(-items // PER_AREA))
    (root / "items").mkdir(parents=True, exist_ok=True)
    meta = [
        'version: "1.0.0"',
        'released: "2026-01-15"',
        "changes:",
        '  - version: "1.0.0"',
        '    date: "2026-01-15"',
        "    summary: {nb: Første versjon., en: First version.}",
        "gates:",
    ]
    for g in GATES:
        meta += [f"  - id: {g}", f"    title: {{nb: Port {g[1]}, en: Gate {g[1]}}}",
                 f"    question: {{nb: Er port {g[1]} klar?, en: Is gate {g[1]} ready?}}"]  # fmt: skip
    meta.append("areas:")
    for a in range(areas):
        meta += [f"  - id: area{a}", f"    prefix: {_prefix(a)}",
                 f"    title: {{nb: Område {a}, en: Area {a}}}"]  # fmt: skip
    meta.append("roles:")
    for r in ROLES:
        meta += [f"  - id: {r}", f"    title: {{nb: Rolle {r}, en: Role {r}}}",
                 "    owns: {nb: noe, en: something}", "    scope: {nb: Alt., en: Everything.}"]  # fmt: skip
    (root / "catalog.yaml").write_text("\n".join(meta) + "\n", encoding="utf-8")
    sources = ["sources:"]
    for s in range(5):
        sources += [f"  - key: source-{s}", f"    short: Kilde {s}", "    author: Forfatter",
                    f"    title: Tittel {s}", "    publisher: Utgiver",
                    f"    url: https://example.org/{s}"]  # fmt: skip
    (root / "sources.yaml").write_text("\n".join(sources) + "\n", encoding="utf-8")
    written = [root / "catalog.yaml", root / "sources.yaml"]
    left = items
    for a in range(areas):
        count = min(PER_AREA, left)
        left -= count
        lines = [f"area: area{a}", "items:"]
        for i in range(1, count + 1):
            iid = f"{_prefix(a)}-{i:03d}"
            lines += [
                f"  - id: {iid}",
                "    title:",
                f"      nb: {_sentence(rng, WORDS, rng.randint(5, 12))[:-1]} ({iid})",
                f"      en: {_sentence(rng, EN_WORDS, rng.randint(5, 12))[:-1]} ({iid})",
                "    why:",
                f"      nb: {_sentence(rng, WORDS, rng.randint(10, 30))}",
                f"      en: {_sentence(rng, EN_WORDS, rng.randint(10, 30))}",
                "    done_when:",
                f"      nb: {_sentence(rng, WORDS, rng.randint(10, 30))}",
                f"      en: {_sentence(rng, EN_WORDS, rng.randint(10, 30))}",
                f"    owner: {rng.choice(ROLES)}",
                f"    gate: {rng.choice(GATES)}",
                f"    level: {rng.choice(['must', 'should'])}",
                f"    sources: [source-{rng.randrange(5)}]",
                '    since: "1.0.0"',
            ]
            if rng.random() < 0.3:
                lines += ["    applies_when:", "      personal_data: true"]
            if rng.random() < 0.3:
                lines += ["    mappings:", f"      ai_act: [Art. {rng.randint(9, 15)}]"]
        path = root / "items" / f"area{a}.yaml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        written.append(path)
    return written
