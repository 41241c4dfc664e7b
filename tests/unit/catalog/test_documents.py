"""The list of invisible (Cf) characters the checks strip is unicodedata's own."""

from __future__ import annotations

import sys
import unicodedata

from generator.catalog.documents import _FORMAT_CHARS, visible


def test_the_format_class_is_every_cf_character() -> None:
    cf = {c for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"}
    matched = {c for c in range(sys.maxunicode + 1) if _FORMAT_CHARS.match(chr(c))}
    assert matched == cf


def test_visible_strips_format_characters_and_normalises() -> None:
    assert visible("Ti\u200btle\ufeff") == "title"
    assert visible("e\u0301  x") == visible("\u00e9 X")


def test_visible_strips_format_characters_beyond_the_bmp() -> None:
    assert visible("a\U000e0020b\U0001d173") == "ab"
    assert visible("\U0001f600 smil") == "\U0001f600 smil"
