"""The gate check: verdict truth table, YAML and Excel agree, reporters, CLI."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from lxml import etree

from generator import templates
from generator.catalog.loader import load_catalog
from generator.cli import exits, main
from generator.filled.profile import load_profile
from generator.gate.evaluate import GO, GO_WITH_CONDITIONS, NO_GO, evaluate
from generator.gate.report import to_json, to_junit, to_markdown, to_text
from generator.model import Answer, Catalog, EffectGoal, Profile
from tests.conftest import DATA, MIN_CATALOG, ROOT


@pytest.fixture(scope="module")
def mini() -> Catalog:
    return load_catalog(MIN_CATALOG)


@pytest.fixture(scope="module")
def base(mini: Catalog) -> Profile:
    p = load_profile(DATA / "profile_min.yaml", mini)
    goals = tuple(replace(g, measured=g.target) for g in p.effect_goals)
    return replace(p, answers={}, effect_goals=goals)


def done(*ids: str) -> dict[str, Answer]:
    return {i: Answer("done", evidence="link") for i in ids}


LOWER = EffectGoal("time", "min", 14, 9, "lower", "log")
HIGHER = EffectGoal("rate", "%", 60, 70, "higher", "crm")

# (gate, answers, goals or None to keep the met ones, expected verdict)
TRUTH = [
    ("G2", done("VAL-001", "DAT-001"), None, GO),
    (
        "G2",
        {**done("VAL-001"), "DAT-001": Answer("n/a", comment="No training data in this system")},
        None,
        GO,
    ),
    ("G2", {**done("VAL-001"), "DAT-001": Answer("n/a", comment="  ")}, None, NO_GO),
    ("G2", {**done("VAL-001"), "DAT-001": Answer("in-progress")}, None, NO_GO),
    ("G2", done("DAT-001"), None, NO_GO),  # a G1 must-item still counts at G2
    ("G3", done("VAL-001", "DAT-001"), None, GO_WITH_CONDITIONS),  # VAL-002 is should
    ("G3", done("VAL-001", "DAT-001", "VAL-002"), None, GO),
    (
        "G3",
        {**done("VAL-001", "DAT-001"), "VAL-002": Answer("n/a", comment="")},
        None,
        GO_WITH_CONDITIONS,
    ),
    ("G3", done("VAL-001", "DAT-001", "VAL-002"), (replace(LOWER, measured=None),), NO_GO),
    ("G3", done("VAL-001", "DAT-001", "VAL-002"), (replace(LOWER, measured=9.5),), NO_GO),
    ("G3", done("VAL-001", "DAT-001", "VAL-002"), (replace(LOWER, measured=9),), GO),
    ("G3", done("VAL-001", "DAT-001", "VAL-002"), (replace(LOWER, measured=3),), GO),
    ("G3", done("VAL-001", "DAT-001", "VAL-002"), (replace(HIGHER, measured=69.9),), NO_GO),
    ("G3", done("VAL-001", "DAT-001", "VAL-002"), (replace(HIGHER, measured=70),), GO),
    ("G3", done("VAL-001", "DAT-001"), (replace(HIGHER, measured=50),), NO_GO),
    ("G1", done("VAL-001"), (replace(HIGHER, measured=None),), NO_GO),
    ("G1", done("VAL-001"), None, GO),
    (
        "G2",
        done("VAL-001", "DAT-001"),
        (replace(HIGHER, measured=None),),
        GO,
    ),  # goals are judged at G1 and G3
]


@pytest.mark.parametrize(("gate", "answers", "goals", "verdict"), TRUTH)
def test_verdict_truth_table(mini: Catalog, base: Profile, gate: str, answers: dict[str, Answer],
                             goals: tuple[EffectGoal, ...] | None, verdict: str) -> None:  # fmt: skip
    profile = replace(
        base, answers=answers, effect_goals=goals if goals is not None else base.effect_goals
    )
    report = evaluate(mini, profile, gate)
    assert report.verdict == verdict
    # The exit codes README.md documents, decided in the CLI only.
    assert exits.for_verdict(report.verdict) == {GO: 0, GO_WITH_CONDITIONS: 3, NO_GO: 1}[verdict]


def test_items_outside_the_profile_or_after_the_gate_do_not_count(
    mini: Catalog, base: Profile
) -> None:
    low_risk = replace(base, risk_class="limited", answers=done("VAL-001", "DAT-001"))
    assert [r.item.id for r in evaluate(mini, low_risk, "G3").items] == ["VAL-001", "DAT-001"]
    assert [r.item.id for r in evaluate(mini, base, "G1").items] == ["VAL-001"]


def test_blocking_items_are_grouped_by_owner_and_readiness_is_tallied(
    real_catalog: Catalog,
) -> None:
    profile = load_profile(ROOT / "examples" / "credit-scoring.yaml", real_catalog)
    report = evaluate(real_catalog, profile, "G2")
    owners = [r.item.owner for r in report.blocking]
    order = [r.id for r in real_catalog.roles]
    assert owners == sorted(owners, key=order.index)
    assert sum(t.total for t in report.by_area.values()) == len(report.items)
    assert sum(t.total for t in report.by_owner.values()) == len(report.items)


@pytest.fixture(scope="module")
def real_catalog() -> Catalog:
    return load_catalog(ROOT / "checklists")


def test_json_report_structure(mini: Catalog, base: Profile) -> None:
    profile = replace(base, answers={**done("VAL-001"), "DAT-001": Answer("open")})
    report = evaluate(mini, profile, "G2")
    code = exits.for_verdict(report.verdict)
    data = json.loads(to_json(report, mini, profile, "en", "f.yaml", code))
    assert data["schema_version"] == 2 and data["verdict"] == "NO-GO" and data["exit_code"] == 1
    assert data["summary"] == {
        "items": 2,
        "holding": 1,
        "blocking": 1,
        "conditions": 0,
        "goals_total": 0,
        "goals_met": 0,
    }
    assert [b["id"] for b in data["blocking"]] == ["DAT-001"]
    assert data["blocking"][0]["owner"] == "-Ola"
    assert data["by_area"] == [
        {"area": "value", "title": "Value", "total": 1, "holding": 1, "percent": 100},
        {"area": "data", "title": "Data", "total": 1, "holding": 0, "percent": 0},
    ]


def test_junit_report_validates_against_the_junit_schema(mini: Catalog, base: Profile) -> None:
    profile = replace(base, answers=done("VAL-001"), effect_goals=(replace(LOWER, measured=None),))
    xml = to_junit(evaluate(mini, profile, "G3"), mini, profile, "en")
    schema = etree.XMLSchema(etree.parse(str(DATA / "junit-10.xsd")))
    doc = etree.fromstring(xml.encode("utf-8"))
    assert schema.validate(doc), schema.error_log
    cases = doc.findall(".//testcase")
    assert len(cases) == 4  # VAL-001, DAT-001, VAL-002 and one effect goal
    failed = [c.get("name") for c in cases if c.find("failure") is not None]
    assert failed == [
        "VAL-002 The benefit is measured in operation",
        "DAT-001 Data quality is checked automatically",
        "time",
    ]


def test_text_has_colour_only_when_asked(mini: Catalog, base: Profile) -> None:
    report = evaluate(mini, base, "G2")
    assert "\033[" not in to_text(report, mini, base, "en", colour=False)
    assert "\033[31mNO-GO\033[0m" in to_text(report, mini, base, "en", colour=True)


def test_markdown_report(mini: Catalog, base: Profile) -> None:
    md = to_markdown(evaluate(mini, base, "G2"), mini, base, "en")
    assert md.startswith("## ⛔ Gate 2: NO-GO\n")
    assert "- [ ] `DAT-001` Data quality is checked automatically (open)" in md


def _filled_xlsx(mini: Catalog, profile: Profile, path: Path) -> None:
    path.write_bytes(templates.render(mini, profile, "xlsx", "nb", "x"))


def test_xlsx_edited_like_a_person_gives_the_same_verdict_as_yaml(
    mini: Catalog, base: Profile, tmp_path: Path
) -> None:
    blank = replace(
        base, answers={}, effect_goals=tuple(replace(g, measured=None) for g in base.effect_goals)
    )
    xlsx = tmp_path / "plan.xlsx"
    _filled_xlsx(mini, blank, xlsx)
    wb = openpyxl.load_workbook(xlsx)
    ws = wb["Sjekkliste"]
    rows = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
    ws.cell(row=rows["VAL-001"], column=9).value = "Ferdig"
    ws.cell(row=rows["VAL-001"], column=10).value = "https://wiki/mandat"
    ws.cell(row=rows["DAT-001"], column=9).value = "Ikke relevant"
    ws.cell(row=rows["DAT-001"], column=12).value = "Ingen treningsdata"
    ws.cell(row=rows["VAL-002"], column=9).value = "Pågår"
    goals = wb["Effektmål"]
    goals["G2"] = "9,5"  # typed with a Norwegian decimal comma
    goals["G3"] = 71
    goals["G4"] = 60
    wb.save(xlsx)
    yaml_twin = replace(
        blank,
        answers={
            "VAL-001": Answer("done", evidence="https://wiki/mandat"),
            "DAT-001": Answer("n/a", comment="Ingen treningsdata"),
            "VAL-002": Answer("in-progress"),
        },
        effect_goals=tuple(
            replace(g, measured=m) for g, m in zip(blank.effect_goals, (9.5, 71, 60), strict=True)
        ),
    )
    for gate, verdict in (("G1", GO), ("G2", GO), ("G3", GO_WITH_CONDITIONS)):
        assert evaluate(mini, yaml_twin, gate).verdict == verdict
        code = main(
            ["check", str(xlsx), "--gate", gate, "--catalog", str(MIN_CATALOG), "--format", "json"]
        )
        assert code == {GO: 0, GO_WITH_CONDITIONS: 3}[verdict]
    yaml_file = tmp_path / "plan.yaml"
    yaml_file.write_bytes(templates.render(mini, yaml_twin, "yaml", "nb", "x"))
    assert main(["check", str(yaml_file), "--gate", "G3", "--catalog", str(MIN_CATALOG)]) == 3
    assert xlsx.stat().st_size > 0


def test_check_never_writes_to_its_input(mini: Catalog, base: Profile, tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    _filled_xlsx(mini, base, path)
    before = path.read_bytes()
    main(["check", str(path), "--gate", "G2", "--catalog", str(MIN_CATALOG)])
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.xlsx"]


def test_older_template_is_reported_not_failed(
    mini: Catalog, base: Profile, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = templates.render(
        mini, replace(base, answers=done("VAL-001", "DAT-001")), "yaml", "en", "x"
    ).decode()
    text = text.replace('catalog_version: "1.1.0"', 'catalog_version: "1.0.0"')
    text = text.replace(
        "answers:\n", "answers:\n  DAT-002:\n    status: done\n  OLD-001:\n    status: done\n", 1
    )
    path = tmp_path / "old.yaml"
    path.write_text(text)
    assert main(["check", str(path), "--gate", "G3", "--catalog", str(MIN_CATALOG)]) == 3
    out = capsys.readouterr().out
    assert "made from catalog 1.0.0; the current catalog is 1.1.0" in out
    assert "Answers on items no longer in the catalog: OLD-001" in out
    assert "Answers on deprecated items: DAT-002 (replaced by DAT-001)" in out
    assert "Items added since 1.0.0 that are still open: VAL-002" in out


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "markdown", "github"])
@pytest.mark.parametrize(
    "example", sorted(p.name for p in (ROOT / "examples" / "filled").glob("*.yaml"))
)
def test_filled_examples_give_their_expected_verdicts(
    example: str, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = ROOT / "examples" / "filled" / example
    expected = json.loads(path.with_suffix(".expected.json").read_text())
    for gate, verdict in expected.items():
        # English, so that the verdict reads as in the expected file.
        code = main(["check", str(path), "--gate", gate, "--format", fmt, "--lang", "en"])
        assert code == {GO: 0, GO_WITH_CONDITIONS: 3, NO_GO: 1}[verdict], (gate, fmt)
        out = capsys.readouterr().out
        assert verdict in out


def test_github_format_annotates_blocking_items_and_conditions(
    capsys: pytest.CaptureFixture[str],
) -> None:
    examples = sorted((ROOT / "examples" / "filled").glob("*.yaml"))
    seen = set()
    for path in examples:
        for gate in ("G1", "G2", "G3"):
            code = main(["check", str(path), "--gate", gate, "--format", "github", "--lang", "en"])
            out = capsys.readouterr().out
            main(["check", str(path), "--gate", gate, "--format", "json"])
            data = json.loads(capsys.readouterr().out)
            notes = [line for line in out.splitlines() if line.startswith("::")]
            errors = [n for n in notes if n.startswith("::error ")]
            warnings = [n for n in notes if n.startswith("::warning ")]
            assert len(errors) == len(data["blocking"]) and len(warnings) == len(data["conditions"])
            for note, item in zip(
                errors + warnings, data["blocking"] + data["conditions"], strict=True
            ):
                assert note.split("::")[1].startswith(
                    f"{note.split()[0][2:]} file={data['file']},title={item['id']} "
                )
                assert f"::{item['id']}: " in note
            assert data["verdict"] in out
            seen.add(code)
    assert seen >= {1, 3}, "the examples should show both annotations"


# --- issue 13: answers as typed, and the words about them -----------------------


def _filled(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_unquoted_dates_are_read_as_the_dates_they_look_like(tmp_path: Path, mini: Catalog) -> None:
    """The most natural way to fill in the YAML template: due: 2027-03-01, unquoted."""
    text = (DATA / "filled_min.yaml").read_text(encoding="utf-8")
    text = text.replace(
        '    due: ""\n    comment: "signed"', "    due: 2027-03-01\n    comment: signed"
    )
    text = text.replace('date: "2026-10-01"', "date: 2026-10-01")
    profile = load_profile(_filled(tmp_path, text), mini)
    assert profile.answers["VAL-001"].due == "2027-03-01"
    assert profile.decisions["G1"].date == "2026-10-01"


@pytest.mark.parametrize("typed", ["done", "DONE", "Done", "ferdig", "Ferdig", " done "])
def test_a_status_is_read_by_one_rule_in_yaml_as_in_workbooks(
    typed: str, tmp_path: Path, mini: Catalog
) -> None:
    text = (DATA / "filled_min.yaml").read_text(encoding="utf-8")
    text = text.replace("VAL-002:\n    status: open", f'VAL-002:\n    status: "{typed}"')
    assert load_profile(_filled(tmp_path, text), mini).answers["VAL-002"].status == "done"


def test_version_note_lists_only_new_items_still_open(mini: Catalog) -> None:
    base = load_profile(DATA / "filled_min.yaml", mini)
    old = replace(base, catalog_version="1.0.0")
    # VAL-002 came with 1.1.0 (a G3 item).
    done = replace(old, answers={**old.answers, "VAL-002": Answer("done", "report")})
    note = evaluate(mini, done, "G3").version
    assert note is not None and "VAL-002" not in note.added
    still_open = replace(old, answers={**old.answers, "VAL-002": Answer("open")})
    note = evaluate(mini, still_open, "G3").version
    assert note is not None and "VAL-002" in note.added


def test_one_condition_is_one_condition(mini: Catalog) -> None:
    profile = load_profile(DATA / "filled_min.yaml", mini)
    answers = {**profile.answers, "VAL-001": Answer("done", "x"), "DAT-001": Answer("done", "x")}
    answers["VAL-002"] = Answer("open")
    report = evaluate(mini, replace(profile, answers=answers), "G3")
    assert len(report.conditions) == 1
    text = to_text(report, mini, replace(profile, answers=answers), "en", colour=False)
    assert "1 condition" in text and "1 conditions" not in text
