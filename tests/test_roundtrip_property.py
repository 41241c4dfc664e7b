"""The tool reads back every template it writes: for any profile the schema
accepts, with text drawn from every Unicode category (within what the loaders
allow: no control characters or noncharacters, no line break in a one-line
field), the YAML template and the workbook give back the same answers.
"""

from __future__ import annotations

import datetime
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import templates
from generator.catalog import documents
from generator.catalog.loader import load_catalog
from generator.catalog.tailor import applicable
from generator.filled.profile import load_profile
from generator.filled.reader import load_filled
from generator.model import (
    ACTORS,
    AI_TYPES,
    ANNEX_III,
    ART50,
    RISK_CLASSES,
    STATUSES,
    USER_GROUPS,
    Catalog,
    Profile,
)
from tests.conftest import DATA, MIN_CATALOG

MIN_PROFILE = DATA / "profile_min.yaml"

CATALOG: Catalog = load_catalog(MIN_CATALOG)


# Every category, within what a text may hold: surrogates cannot be in a UTF-8
# file; controls (Cc) only as tab (and newline where lines may break); no line
# or paragraph separators (Zl, Zp) in a one-line field; noncharacters (in Cn)
# are filtered out.
def _chars(multiline: bool) -> st.SearchStrategy[str]:
    blocked: Any = ("Cs", "Cc") if multiline else ("Cs", "Cc", "Zl", "Zp")
    extra = "\t\n" if multiline else "\t"
    return st.characters(blacklist_categories=blocked, whitelist_characters=extra)


def _allowed(text: str, multiline: bool) -> bool:
    return not documents._FORBIDDEN[multiline].search(text)


def _text(*, multiline: bool = False, required: bool = True) -> st.SearchStrategy[str]:
    out = st.text(_chars(multiline), min_size=1 if required else 0, max_size=30).filter(
        lambda t: _allowed(t, multiline)
    )
    # A text of nothing but spaces and invisible characters counts as empty.
    if required:
        return out.filter(lambda t: bool(documents.visible(t)))
    return out.filter(
        lambda t: (
            (not t.strip() and not documents.visible(t) and not t) or bool(documents.visible(t))
        )
    )


_NUMBER = st.one_of(
    st.integers(min_value=-(10**9), max_value=10**9),
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False).map(
        lambda x: round(x, 6)
    ),
)


@st.composite
def _goal(draw: st.DrawFn) -> dict[str, Any]:
    baseline = draw(_NUMBER)
    target = draw(_NUMBER.filter(lambda t: t != baseline))
    return {
        "kpi": draw(_text()),
        "unit": draw(_text()),
        "baseline": baseline,
        "target": target,
        "direction": "higher" if target > baseline else "lower",
        "measured_by": draw(_text()),
        "measured": draw(st.one_of(st.none(), _NUMBER)),
    }


_DATE = st.dates(datetime.date(2000, 1, 1), datetime.date(2099, 12, 31)).map(str)


@st.composite
def profiles(draw: st.DrawFn, art50: tuple[str, ...] = ART50) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": draw(_text()),
        "description": draw(_text(multiline=True)),
        "lang": draw(st.sampled_from(["nb", "en"])),
        "catalog_version": CATALOG.version,
        "ai_type": draw(st.sampled_from(AI_TYPES)),
        "risk_class": draw(st.sampled_from(RISK_CLASSES)),
        "personal_data": draw(st.booleans()),
        "users": draw(st.sampled_from(USER_GROUPS)),
        "actor": draw(st.sampled_from(ACTORS)),
        "public_service": draw(st.booleans()),
        "annex_iii": draw(st.sampled_from((*ANNEX_III, ""))),
        "art50": draw(st.lists(st.sampled_from(art50), unique=True, max_size=2)),
        "owners": {r.id: draw(_text()) for r in CATALOG.roles},
        "effect_goals": draw(st.lists(_goal(), min_size=3, max_size=4)),
    }
    answers = {}
    for item in CATALOG.active_items:
        answers[item.id] = {
            "status": draw(st.sampled_from(STATUSES)),
            "evidence": draw(_text(required=False)),
            "due": draw(st.one_of(st.just(""), _DATE)),
            "comment": draw(_text(multiline=True, required=False)),
        }
    data["answers"] = answers
    return data


def _load(data: dict[str, Any], where: Path) -> Profile:
    path = where / "profile.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_profile(path, CATALOG)


def _same(a: Profile, b: Profile, items: set[str], strip: bool) -> None:
    def norm(text: str) -> str:
        return text.strip() if strip else text

    assert norm(b.name) == norm(a.name)
    assert (b.ai_type, b.risk_class, b.personal_data, b.users) == (
        a.ai_type,
        a.risk_class,
        a.personal_data,
        a.users,
    )
    assert {k: norm(v) for k, v in b.owners.items()} == {k: norm(v) for k, v in a.owners.items()}
    for ga, gb in zip(a.effect_goals, b.effect_goals, strict=True):
        assert (norm(gb.kpi), norm(gb.unit), norm(gb.measured_by)) == (
            norm(ga.kpi),
            norm(ga.unit),
            norm(ga.measured_by),
        )
        assert (gb.baseline, gb.target, gb.direction, gb.measured) == (
            ga.baseline,
            ga.target,
            ga.direction,
            ga.measured,
        )
    for item in items:
        x, y = a.answer(item), b.answer(item)
        assert (y.status, norm(y.evidence), y.due, norm(y.comment)) == (
            x.status,
            norm(x.evidence),
            x.due,
            norm(x.comment),
        ), item


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(profiles())
def test_the_yaml_template_reads_back_as_written(data: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        where = Path(tmp)
        profile = _load(data, where)
        items = {i.id for i in applicable(CATALOG, profile)}
        out = where / "t.yaml"
        out.write_bytes(templates.render(CATALOG, profile, "yaml", profile.lang, "p.yaml"))
        again = load_filled(out, CATALOG)
        _same(profile, again, items, strip=False)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles(art50=ART50))
def test_the_workbook_reads_back_as_written(data: dict[str, Any]) -> None:
    # A cell's text is read without the spaces around it (as a person sees it).
    with tempfile.TemporaryDirectory() as tmp:
        where = Path(tmp)
        profile = _load(data, where)
        items = {i.id for i in applicable(CATALOG, profile)}
        out = where / "t.xlsx"
        out.write_bytes(templates.render(CATALOG, profile, "xlsx", profile.lang, "p.yaml"))
        again = load_filled(out, CATALOG)
        _same(profile, again, items, strip=True)


def test_deepfake_reads_back_from_a_workbook(tmp_path: Path) -> None:
    profile = load_profile(MIN_PROFILE, CATALOG)
    two = replace(profile, art50=("emotion-recognition", "deepfake"), lang="nb")
    out = tmp_path / "t.xlsx"
    out.write_bytes(templates.render(CATALOG, two, "xlsx", "nb", "p.yaml"))
    assert load_filled(out, CATALOG).art50 == two.art50


@pytest.mark.parametrize("char", ["\u200b", "\ufeff", "\u00ad", "\u202e", "\U000e0001"])
def test_format_characters_inside_text_are_kept(char: str, tmp_path: Path) -> None:
    """Cf characters are allowed inside a text (only a text of nothing else is empty)."""
    base = {
        "name": f"a{char}b",
        "description": "d",
        "ai_type": "predictive",
        "risk_class": "high",
        "personal_data": False,
        "users": "internal",
        "actor": "deployer",
        "public_service": False,
        "owners": {r.id: "x" for r in CATALOG.roles},
        "effect_goals": [
            {"kpi": "k", "unit": "u", "baseline": 1, "target": 2, "direction": "higher",
             "measured_by": "m"}
            for _ in range(3)
        ],
    }  # fmt: skip
    assert _load(base, tmp_path).name == f"a{char}b"
