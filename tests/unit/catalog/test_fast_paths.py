"""The shortcuts of reading a file agree with the long way round.

yamlio builds data from the YAML nodes itself instead of running PyYAML's
constructor, and documents.parse() skips the text checks (text_errors) where
the file's text shows that they would find nothing. Here both are held to the
code they stand in for: the constructor (yamlio._Loader.construct_document,
which still runs for anything unusual) and text_errors run on the data.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.catalog import documents, rules, yamlio
from generator.catalog.documents import Doc

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

KEYS = st.one_of(
    st.text(max_size=8),
    st.sampled_from(["title", "why", "nb", "en", "id", "<<", "=", "yes", "0", "~"]),
    st.integers(-5, 5),
    st.booleans(),
    st.none(),
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=30),
    st.sampled_from(["no", "Yes", "2026-02-30", "1e16", ".inf", "0x1F", "1:30", "\u200b", "a\nb"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=4)),
    max_leaves=25,
)
STYLES = st.sampled_from([None, "", "'", '"', "|", ">"])


def _constructed(text: str) -> tuple[str, list[tuple[int, str, str]]]:
    """What PyYAML's constructor makes of text, with the loader's findings."""
    loader = yamlio._Loader(text)
    try:
        data = loader.get_data()
    except yaml.YAMLError as exc:
        return f"error {type(exc).__name__}", []
    finally:
        loader.dispose()
    return _shape(data), loader.findings


_CLOSE = object()


def _shape(data: Any) -> str:
    """The data with every value's type (True, 1 and 1.0 are equal in Python),
    without recursion: a list may be nested nearly a thousand deep."""
    out: list[str] = []
    stack: list[Any] = [data]
    while stack:
        value = stack.pop()
        if value is _CLOSE:
            out.append(")")
        elif isinstance(value, dict | list):
            pairs = value.items() if isinstance(value, dict) else enumerate(value)
            out.append("{(" if isinstance(value, dict) else "[(")
            stack.append(_CLOSE)
            for key, child in reversed(list(pairs)):
                stack += [child, key] if isinstance(value, dict) else [child]
        else:
            out.append(f"{type(value).__name__}:{value!r},")
    return "".join(out)


def _built(text: str) -> tuple[str, list[tuple[int, str, str]]]:
    data, problems = yamlio.load(text, "f.yaml")
    if problems and data is None:
        return f"error {problems[0].code}", []
    return _shape(data), [(p.line, p.code, p.message) for p in problems]


@FUZZ
@given(VALUES, STYLES, st.booleans())
def test_the_builder_makes_what_the_constructor_makes(
    data: Any, style: str | None, flow: bool
) -> None:
    text = yaml.safe_dump(data, default_style=style, default_flow_style=flow, allow_unicode=True)
    built, findings = _built(text)
    constructed, expected = _constructed(text)
    if not built.startswith("error"):
        assert built == constructed
        assert findings == expected


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb: 2\na: 3\n",  # a duplicate key
        "a: {x: 1}\nb:\n  <<: {x: 2, y: 3}\n  z: 4\n",  # a merge key
        "s: !!set {a: null}\n",
        "o: !!omap [a: 1]\n",
        "b: !!binary aGVsbG8=\n",
        "t: !!timestamp 2026-01-01\n",
        "d: 2026-01-01\nn: no\ny: Yes\nz: ~\n",  # YAML 1.1's traps
        "=: 1\n",
        "k: =\n",
        "? [a, b]\n: 1\n",  # a list as a key
        "x: !!str 12\ny: !!int '12'\nz: !!float '1'\n",
        "x: !custom 1\n",
        f"n: {'9' * 5000}\n",  # too many digits
        "a: " + "[" * 990 + "]" * 990 + "\n",  # near libyaml's depth limit
        "a: &x [1]\nb: *x\n",
    ],
)
def test_unusual_yaml_reads_as_the_constructor_reads_it(text: str) -> None:
    built, findings = _built(text)
    constructed, expected = _constructed(text)
    if constructed.startswith("error"):
        assert built.startswith("error")
    else:
        assert (built, findings) == (constructed, expected)


def test_a_refused_tag_is_still_refused() -> None:
    data, problems = yamlio.load("b: !!binary aGVsbG8=\n", "f.yaml")
    assert data is None and [p.code for p in problems] == ["yaml-tag"]


def test_the_prefilter_holds_every_character_text_errors_could_refuse() -> None:
    """A value holds what its file's text holds, or an escape (a backslash)."""
    refused = [
        c
        for c in range(sys.maxunicode + 1)
        if c != 0x0A
        and (
            documents._FORBIDDEN[True].match(chr(c))
            or documents._FORBIDDEN[False].match(chr(c))
            or documents._FORMAT_CHARS.match(chr(c))
        )
    ]
    assert len(refused) > 2000
    missed = [hex(c) for c in [*refused, ord("\\")] if not documents._RAW_SUSPECT.match(chr(c))]
    assert missed == []


def _parsed(text: str) -> Doc:
    doc = Doc(Path("f.yaml"), "f.yaml", "profile")
    documents.parse(doc, text)
    return doc


@FUZZ
@given(VALUES, STYLES, st.booleans(), st.booleans())
def test_text_checks_are_skipped_only_where_they_find_nothing(
    data: Any, style: str | None, flow: bool, unicode: bool
) -> None:
    text = yaml.safe_dump(data, default_style=style, default_flow_style=flow, allow_unicode=unicode)
    doc = _parsed(text)
    if doc.plain:
        assert list(documents.text_errors(doc.data)) == []


@pytest.mark.parametrize(
    "text",
    [
        'title: "a\\x01b"\n',  # an escape writes a control character
        'title: "\\u200b"\n',
        "title: |\n  two\n  lines\n",  # a line break in a one-line field
        "title:\n  nb: |\n    two\n    lines\n",  # the language passes the field's name on
        "title: first\n\n  second\n",  # a blank line in a plain text is a line break
        "list: [.inf]\n",
        "list: [1.0e+16]\n",
        "n: 1000000000000000\n",
        "t: " + "x" * (documents.MAX_TEXT + 1) + "\n",
        "why: 'a\u2028b'\n",
        "title: \u00ad\n",  # nothing but an invisible character
        "title: a \U0001fffe\n",
    ],
)
def test_a_value_that_fails_a_text_check_is_checked(text: str) -> None:
    doc = _parsed(text)
    assert list(documents.text_errors(doc.data)) != []
    assert not doc.plain


@pytest.mark.parametrize(
    "text",
    [
        "why: |\n  two\n  lines\n",
        'title: {nb: Ærlig og åpen, en: Fair}\nwhy: {nb: "to\\nlinjer"}\n',
        "\ufefftitle: with a byte order mark\n",
        "n: 999999999999999\n",
    ],
)
def test_a_plain_file_skips_the_text_checks(text: str) -> None:
    """The shortcut is taken (else the catalog's checks cost as much as parsing)."""
    doc = _parsed(text)
    assert list(documents.text_errors(doc.data)) == []
    assert doc.plain == ("\\" not in text)


@FUZZ
@given(st.text(alphabet=st.sampled_from("<>&#;/!?aZ9 \n\\TODOFIXMEBDX"), max_size=30), STYLES)
def test_a_markup_free_file_holds_no_text_that_text_problem_refuses(
    value: str, style: str | None
) -> None:
    text = yaml.safe_dump({"title": value}, default_style=style, allow_unicode=True)
    if rules.markup_free(text):
        assert rules.text_problem(yamlio.load(text, "f.yaml")[0]["title"]) is None


@pytest.mark.parametrize(
    "text", ["title: <b>x</b>\n", "title: '&amp;'\n", "title: TODO\n", 'title: "\\x3cb>"\n']
)
def test_a_file_that_could_hold_markup_is_searched(text: str) -> None:
    assert rules.text_problem(yamlio.load(text, "f.yaml")[0]["title"]) is not None
    assert not rules.markup_free(text)
