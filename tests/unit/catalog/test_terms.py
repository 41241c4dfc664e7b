"""One set of words: no variant the glossary has replaced appears in text of its language.

The table is read from the glossary pages themselves (the "Faste ord" section of
docs/glossary.nb.md and "Fixed words" of docs/glossary.en.md), so the decision
and the check cannot drift apart. Checked: every catalog item's title, why and
done_when (through the loader) and every docs/*.<lang>.md page except the
glossary, which lists the variants on purpose. Code (fenced and inline) and link
targets are left out; the name of the tool page "Lag din sjekkliste" is allowed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.catalog.loader import load_catalog
from tests.conftest import ROOT

DOCS = ROOT / "docs"
SECTION = {"nb": "## Faste ord", "en": "## Fixed words"}
ALLOWED = {"nb": ["Lag din sjekkliste"], "en": []}
# Pages still holding a listed variant, marked as expected failures (strict, so the
# mark has to go once the page is fixed). None at present.
PENDING: dict[str, str] = {}


def table(lang: str) -> list[tuple[str, list[str]]]:
    """(preferred, variants) rows of the glossary's fixed-words table."""
    text = (DOCS / f"glossary.{lang}.md").read_text(encoding="utf-8")
    section = text.split(SECTION[lang], 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or set(cells[0]) <= {"-"} or cells[0] in ("Bruk", "Use"):
            continue
        rows.append((cells[0], [v.strip() for v in cells[1].split(",") if v.strip()]))
    return rows


def pattern(variant: str) -> re.Pattern[str]:
    # Short words (du, deg, din) and phrases ("the frame", not "the framework") only
    # as whole words; single longer words anywhere, so that inflections and
    # compounds (pipelinen, driftsdashboard) are caught too.
    if len(variant) <= 4 or " " in variant:
        return re.compile(rf"(?<![\wæøå-]){re.escape(variant)}(?![\wæøå-])", re.IGNORECASE)
    return re.compile(re.escape(variant), re.IGNORECASE)


def prose(text: str, lang: str) -> str:
    text = re.sub(r"(?ms)^\s*```.*?^\s*```", " ", text)
    text = re.sub(r"`[^`\n]*`", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"\{\{.*?\}\}", " ", text, flags=re.S)
    for phrase in ALLOWED[lang]:
        text = text.replace(phrase, " ")
    return text


def hits(text: str, lang: str) -> list[str]:
    clean = prose(text, lang)
    found = []
    for preferred, variants in table(lang):
        for variant in variants:
            for m in pattern(variant).finditer(clean):
                found.append(f"{m.group(0)!r} (use {preferred!r})")
    return found


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_glossary_decides_every_term(lang: str) -> None:
    rows = table(lang)
    assert len(rows) >= 5
    assert all(preferred and variants for preferred, variants in rows)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_catalog_items_use_the_glossary_words(lang: str) -> None:
    catalog = load_catalog()
    problems = [
        f"{item.id}.{field}: {hit}"
        for item in catalog.active_items
        for field in ("title", "why", "done_when")
        for hit in hits(getattr(item, field)[lang], lang)
    ]
    assert problems == []


def pages() -> list[object]:
    out: list[object] = []
    for path in sorted(DOCS.rglob("*.md")):
        match = re.search(r"\.(nb|en)\.md$", path.name)
        if not match or path.name.startswith("glossary."):
            continue
        rel = path.relative_to(DOCS).as_posix()
        marks = [pytest.mark.xfail(strict=True, reason=PENDING[rel])] if rel in PENDING else []
        out.append(pytest.param(path, match.group(1), id=rel, marks=marks))
    return out


@pytest.mark.parametrize(("path", "lang"), pages())
def test_pages_use_the_glossary_words(path: Path, lang: str) -> None:
    assert hits(path.read_text(encoding="utf-8"), lang) == []


def test_a_variant_is_found_where_it_is_written() -> None:
    assert hits("Et brudd stopper pipelinen, og det vises på driftsdashboardet.", "nb")
    assert hits("Spør du hvem som eier den?", "nb")
    assert not hits("Dere går til [Lag din sjekkliste](builder.md) og kjører `pipeline`.", "nb")
    assert hits("Projects will be canceled, says the e-mail.", "en")
