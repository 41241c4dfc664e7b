"""`playbook upgrade`: answers survive a catalog change, and nothing vanishes silently."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import templates
from generator.catalog.loader import load_catalog
from generator.cli import main
from generator.filled.profile import load_profile
from generator.filled.upgrade import upgrade
from generator.model import Answer, Catalog, Profile
from tests.conftest import DATA, MIN_CATALOG

MINI = load_catalog(MIN_CATALOG)
BASE = replace(load_profile(DATA / "profile_min.yaml", MINI), answers={}, catalog_version="1.0.0")
IDS = ["VAL-001", "VAL-002", "DAT-001", "DAT-002", "OLD-001", "ZZZ-999"]

answers_st = st.dictionaries(
    st.sampled_from(IDS),
    st.builds(
        Answer,
        status=st.sampled_from(["open", "in-progress", "done", "n/a"]),
        evidence=st.text(max_size=20),
        due=st.sampled_from(["", "2027-01-31"]),
        comment=st.text(max_size=20),
    ),
)


@settings(max_examples=300, deadline=None)
@given(answers=answers_st)
def test_upgrade_never_loses_an_answer(answers: dict[str, Answer]) -> None:
    new, report = upgrade(MINI, replace(BASE, answers=answers))
    assert new.catalog_version == MINI.version
    accounted = {i: new.answers[i] for i in report.kept}
    accounted |= {old: new.answers[new_id] for old, new_id in report.moved}
    accounted |= {i: a for i, _, a in report.dropped}
    assert accounted == answers
    # Every answer in the result came from the input, and no item in use lost its answer.
    assert set(new.answers) == set(report.kept) | {n for _, n in report.moved}
    for item_id in report.added:
        assert item_id not in new.answers


def test_specific_moves() -> None:
    old = replace(
        BASE,
        answers={"DAT-002": Answer("done", evidence="e"), "OLD-001": Answer("n/a", comment="c")},
    )
    new, report = upgrade(MINI, old)
    assert report.moved == (("DAT-002", "DAT-001"),)
    assert new.answers["DAT-001"] == Answer("done", evidence="e")
    assert [(i, why) for i, why, _ in report.dropped] == [("OLD-001", "not in catalog 1.1.0")]
    assert report.added == ("VAL-001", "VAL-002")


def test_replacement_with_its_own_answer_is_kept_and_the_old_one_reported() -> None:
    old = replace(
        BASE, answers={"DAT-002": Answer("done"), "DAT-001": Answer("open", comment="mine")}
    )
    new, report = upgrade(MINI, old)
    assert new.answers["DAT-001"] == Answer("open", comment="mine")
    assert report.dropped == (
        ("DAT-002", "replaced by DAT-001, which has its own answer", Answer("done")),
    )


def _old_yaml(tmp_path: Path) -> Path:
    text = templates.render(
        MINI,
        replace(BASE, answers={"VAL-001": Answer("done", evidence="charter")}),
        "yaml",
        "en",
        "x",
    ).decode()
    text = text.replace('catalog_version: "1.1.0"', 'catalog_version: "1.0.0"').replace(
        "answers:\n",
        'answers:\n  DAT-002:\n    status: done\n    evidence: "old check"\n  OLD-001:\n    status: n/a\n    comment: "gone"\n',
        1,
    )
    path = tmp_path / "plan.yaml"
    path.write_text(text)
    return path


def test_cli_in_place_keeps_a_backup_and_reports_dropped_answers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _old_yaml(tmp_path)
    original = path.read_bytes()
    assert main(["upgrade", str(path), "--in-place", "--catalog", str(MIN_CATALOG)]) == 0
    out = capsys.readouterr().out
    assert "moved: DAT-002 -> DAT-001 (deprecated, replaced)" in out
    assert (
        "not carried over: OLD-001 (not in catalog 1.1.0); it said status=n/a evidence='' due='' comment='gone'"
        in out
    )
    assert (tmp_path / "plan.yaml.bak").read_bytes() == original
    again = load_profile(path, MINI)
    assert again.catalog_version == "1.1.0"
    assert again.answers["DAT-001"] == Answer("done", evidence="old check")
    assert again.answers["VAL-001"].evidence == "charter"
    # A second in-place run would overwrite the backup: refused without --force.
    assert main(["upgrade", str(path), "--in-place", "--catalog", str(MIN_CATALOG)]) == 2


def test_cli_dry_run_writes_nothing(tmp_path: Path) -> None:
    path = _old_yaml(tmp_path)
    assert main(["upgrade", str(path), "--catalog", str(MIN_CATALOG)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml"]


def test_cli_upgrades_an_xlsx_to_an_xlsx(tmp_path: Path) -> None:
    src = tmp_path / "plan.xlsx"
    src.write_bytes(
        templates.render(
            MINI,
            replace(BASE, answers={"VAL-001": Answer("done", evidence="charter")}),
            "xlsx",
            "en",
            "x",
        )
    )
    wb = openpyxl.load_workbook(src)
    ws = wb["Overview"]
    for row in ws.iter_rows():
        if row[0].value == "Catalog version":
            row[1].value = "1.0.0"
    wb.save(src)
    out = tmp_path / "plan-new.xlsx"
    assert main(["upgrade", str(src), "--out", str(out), "--catalog", str(MIN_CATALOG)]) == 0
    from generator.filled.reader import load_filled

    upgraded = load_filled(out, MINI)
    assert upgraded.catalog_version == "1.1.0"
    assert upgraded.answers["VAL-001"] == Answer("done", evidence="charter")
    assert (
        main(["check", str(out), "--gate", "G2", "--catalog", str(MIN_CATALOG)]) == 1
    )  # DAT-001 open
    assert (
        main(["upgrade", str(src), "--out", str(out), "--catalog", str(MIN_CATALOG)]) == 2
    )  # exists, no --force


def test_catalog_fixture_is_what_these_tests_assume() -> None:
    catalog: Catalog = MINI
    assert catalog.version == "1.1.0" and catalog.item("DAT-002").deprecated is not None
    assert isinstance(BASE, Profile)
