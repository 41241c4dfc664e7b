"""The one table of words: every language has every phrase, with the same
placeholders, and none is left empty."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from generator import words
from generator.model import LANGS

TABLES = {
    "LABELS": words.LABELS,
    "BUILDER": words.BUILDER,
    "REPORT": words.REPORT,
    "PORTFOLIO": words.PORTFOLIO,
}


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_language_has_the_same_phrases(name: str) -> None:
    table = TABLES[name]
    assert sorted(table) == sorted(LANGS)
    keys = {lang: set(table[lang]) for lang in LANGS}
    assert keys["nb"] == keys["en"], keys["nb"] ^ keys["en"]


@pytest.mark.parametrize("name", sorted(TABLES))
def test_placeholders_match_and_nothing_is_empty(name: str) -> None:
    table = TABLES[name]
    for key in table["nb"]:
        assert table["nb"][key].strip() and table["en"][key].strip(), key
        assert fields(table["nb"][key]) == fields(table["en"][key]), key


def test_small_tables_cover_every_language() -> None:
    for table in (words.MONTHS, words.UPDATED, words.CONTENTS):
        assert sorted(table) == sorted(LANGS)
    assert all(len(words.MONTHS[lang]) == 12 for lang in LANGS)


def test_no_table_writes_a_word_twice() -> None:
    """A dict literal keeps the last of two equal keys silently: read the source."""
    source = Path(words.__file__).read_text(encoding="utf-8")
    for block in re.split(r"\n    \"(?:nb|en)\": \{\n", source)[1:]:
        body = block.split("\n    },")[0]
        keys = re.findall(r'^        "([^"]+)":', body, re.M)
        assert len(keys) == len(set(keys)), sorted({k for k in keys if keys.count(k) > 1})
