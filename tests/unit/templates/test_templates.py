"""Readiness templates: tailoring, the three formats, safety and stable bytes."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from generator import templates
from generator.catalog.tailor import applicable
from generator.cli import main
from generator.filled.profile import load_profile
from generator.model import Answer, Catalog, EffectGoal, Profile
from tests.conftest import DATA, MIN_CATALOG, ROOT

CORPUS = ROOT / "tests" / "corpus" / "profile"


@pytest.fixture(scope="module")
def profile(mini: Catalog) -> Profile:
    return load_profile(DATA / "profile_min.yaml", mini)


def make(ai_type: str, risk_class: str, personal_data: bool, users: str) -> Profile:
    """Provider and deployer at once, so that either role's items may apply
    (tests/unit/catalog/test_ai_act_roles.py judges the roles apart)."""
    goal = EffectGoal("k", "u", 1, 2, "higher", "m")
    return Profile("n", "d", ai_type, risk_class, personal_data, users, {}, (goal, goal, goal),
                   actor="both")  # fmt: skip


def ids_mapped(catalog: Catalog, article: str) -> set[str]:
    return {i.id for i in catalog.active_items if article in i.mappings.get("ai_act", ())}


def ids_for(catalog: Catalog, key: str, value: object) -> set[str]:
    return {i.id for i in catalog.active_items if i.applies_when.get(key) == value}


def ids_only(catalog: Catalog, **when: object) -> set[str]:
    """Items whose conditions are exactly these, and no others."""
    return {i.id for i in catalog.active_items if dict(i.applies_when) == when}


# (ai_type, risk_class, personal_data, users) -> which condition groups must be in (True) or out (False).
# "personal" holds the items that ask for personal data and nothing else; "personal_high"
# those that ask for personal data and a high-risk system too (the DPIA built on the
# provider's instructions, DAT-007), so a limited-risk case with personal data leaves them out.
TAILORING = [
    (
        ("agentic", "high", True, "external"),
        {"art12": True, "art14": True, "agentic": True, "predictive": False, "personal": True,
         "personal_high": True},
    ),
    (
        ("predictive", "minimal", False, "internal"),
        {"art12": False, "art14": False, "agentic": False, "predictive": True, "personal": False,
         "personal_high": False},
    ),
    (
        ("generative", "limited", True, "internal"),
        {"art12": False, "art14": False, "agentic": False, "predictive": False, "personal": True,
         "personal_high": False},
    ),
    (
        ("predictive", "high", False, "external"),
        {"art12": True, "art14": True, "agentic": False, "predictive": True, "personal": False,
         "personal_high": False},
    ),
]  # fmt: skip


@pytest.mark.parametrize(("facts", "expected"), TAILORING)
def test_tailoring_table(
    catalog: Catalog, facts: tuple[str, str, bool, str], expected: dict[str, bool]
) -> None:
    chosen = {i.id for i in applicable(catalog, make(*facts))}
    groups = {
        "art12": ids_mapped(catalog, "Art. 12"),
        "art14": ids_mapped(catalog, "Art. 14"),
        "agentic": ids_for(catalog, "ai_type", ["agentic"]),
        "predictive": ids_for(catalog, "ai_type", ["predictive"]),
        "personal": ids_only(catalog, personal_data=True),
        "personal_high": {
            i for i in ids_for(catalog, "personal_data", True)
            if "high" in tuple(catalog.item(i).applies_when.get("risk_class", ()))  # type: ignore[arg-type]
        },
    }  # fmt: skip
    for name, want in expected.items():
        assert groups[name], f"catalog has no {name} items"
        assert (groups[name] <= chosen) is want and (groups[name].isdisjoint(chosen)) is not want, (
            name
        )
    unconditional = {i.id for i in catalog.active_items if not i.applies_when}
    assert unconditional <= chosen


def test_tailoring_on_the_minimal_catalog(mini: Catalog) -> None:
    assert [i.id for i in applicable(mini, make("predictive", "high", False, "internal"))] == [
        "VAL-001",
        "VAL-002",
        "DAT-001",
    ]
    assert [i.id for i in applicable(mini, make("predictive", "limited", False, "internal"))] == [
        "VAL-001",
        "DAT-001",
    ]
    assert [
        i.id
        for i in applicable(mini, make("predictive", "high", False, "internal"), up_to_gate="G2")
    ] == ["VAL-001", "DAT-001"]


def test_markdown_matches_golden_file(mini: Catalog, profile: Profile) -> None:
    got = templates.render(mini, profile, "md", "en", "profile_min.yaml").decode("utf-8")
    assert got == (ROOT / "tests" / "golden" / "profile_min.en.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", templates.FORMATS)
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_outputs_are_byte_identical_across_runs(catalog: Catalog, fmt: str, lang: str) -> None:
    p = load_profile(ROOT / "examples" / "credit-scoring.yaml", catalog)
    assert templates.render(catalog, p, fmt, lang, "x") == templates.render(
        catalog, p, fmt, lang, "x"
    )


def _workbook(catalog: Catalog, profile: Profile, lang: str) -> openpyxl.Workbook:
    data = templates.render(catalog, profile, "xlsx", lang, "profile_min.yaml")
    return openpyxl.load_workbook(io.BytesIO(data))


def test_xlsx_structure(mini: Catalog, profile: Profile) -> None:
    wb = _workbook(mini, profile, "en")
    assert wb.sheetnames == ["Overview", "Checklist", "Effect goals", "Decision log"]
    ws = wb["Checklist"]
    assert [c.value for c in ws[1]] == [
        "ID",
        "Gate",
        "Area",
        "Level",
        "Checklist item",
        "Done when",
        "Owner role",
        "Owner",
        "Status",
        "Evidence",
        "Due date",
        "Comment",
    ]
    assert [ws.cell(row=r, column=1).value for r in range(2, 5)] == [
        "VAL-001",
        "VAL-002",
        "DAT-001",
    ]
    assert ws.freeze_panes == "B2"
    assert ws.auto_filter.ref == "A1:L4"
    assert [ws[f"I{r}"].value for r in range(2, 5)] == ["Done", "Open", "Not applicable"]


def test_xlsx_status_dropdown_and_due_dates_cover_every_item_row(catalog: Catalog) -> None:
    """Colours, protection and print setup: tests/unit/templates/test_workbook.py."""
    p = load_profile(ROOT / "examples" / "credit-scoring.yaml", catalog)
    n = len(applicable(catalog, p))
    ws = _workbook(catalog, p, "nb")["Sjekkliste"]
    assert ws.max_row == n + 1
    kinds = {dv.type: dv for dv in ws.data_validations.dataValidation}
    assert kinds["list"].formula1 == '"Åpen,Pågår,Ferdig,Ikke relevant"'
    assert str(kinds["list"].sqref) == f"I2:I{n + 1}"
    assert str(kinds["date"].sqref) == f"K2:K{n + 1}"


def test_xlsx_stores_formula_like_text_as_text(mini: Catalog, profile: Profile) -> None:
    wb = _workbook(mini, profile, "en")
    cells = [
        c for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)
    ]
    risky = [
        c for c in cells if c.value[:1] in "=+-@\t" and not c.value.startswith(("=COUNT", "=IF("))
    ]
    values = {c.value for c in risky}
    assert {
        '=HYPERLINK("http://x","klikk") | *test* <b>',
        "+SUM(A1) en beskrivelse",
        "@Kari",
        "-Ola",
        "=1+1",
        "\tweekly export",
    } <= values
    assert all(c.data_type == "s" for c in risky)
    assert all(c.quotePrefix for c in risky)


def test_yaml_round_trip(mini: Catalog, profile: Profile, tmp_path: Path) -> None:
    path = tmp_path / "filled.yaml"
    path.write_bytes(templates.render(mini, profile, "yaml", "en", "x"))
    again = load_profile(path, mini)
    assert again.catalog_version == mini.version
    items = [i.id for i in applicable(mini, profile)]
    assert sorted(again.answers) == sorted(items)
    expected_answers = {i: profile.answers.get(i, Answer()) for i in items}
    assert dict(again.answers) == expected_answers
    assert again.decision("G1") == profile.decision("G1")
    assert replace(again, answers={}, decisions={}, source="", catalog_version=None) == replace(
        profile, answers={}, decisions={}, source=""
    )
    # A second trip changes nothing.
    path2 = tmp_path / "again.yaml"
    path2.write_bytes(templates.render(mini, again, "yaml", "en", "x"))
    assert path2.read_bytes() == path.read_bytes()


@pytest.mark.parametrize("value", [0.00005, 1.5e-7, -0.0001, 0.1, 12.5, 1234567.25, 3.0, -7])
def test_yaml_numbers_read_back_as_the_same_number(
    mini: Catalog, profile: Profile, tmp_path: Path, value: float
) -> None:
    # PyYAML follows YAML 1.1, where "5e-05" is a string: the point must be there.
    first = replace(profile.effect_goals[0], baseline=value, target=value + 1, direction="higher")
    goals = (first, *profile.effect_goals[1:])
    path = tmp_path / "filled.yaml"
    path.write_bytes(
        templates.render(mini, replace(profile, effect_goals=goals), "yaml", "en", "x")
    )
    again = load_profile(path, mini).effect_goals[0]
    assert (again.baseline, again.target) == (value, value + 1)


@pytest.mark.parametrize("case", sorted(p.stem for p in CORPUS.glob("*.yaml")))
def test_a_bad_profile_writes_nothing(
    case: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Codes and places are the corpus runner's (tests/test_corpora.py); here: no file."""
    code = main(
        ["template", str(CORPUS / f"{case}.yaml"), "--catalog", str(MIN_CATALOG),
         "--out", str(tmp_path)]
    )  # fmt: skip
    expected = (CORPUS / f"{case}.codes").read_text(encoding="utf-8").splitlines()[0]
    assert f"exit {code}" == expected
    assert "Traceback" not in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_cli_writes_all_formats_and_refuses_to_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [
        "template",
        str(ROOT / "examples" / "customer-service-assistant.yaml"),
        "--lang",
        "all",
        "--out",
        str(tmp_path),
    ]
    assert main(args) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(
        f"customer-service-assistant.{lang}.{fmt}"
        for lang in ("nb", "en")
        for fmt in ("md", "xlsx", "yaml")
    )
    target = tmp_path / "customer-service-assistant.nb.md"
    target.write_text("my own notes")
    capsys.readouterr()
    assert main(args) == 2
    assert "use --force to overwrite" in capsys.readouterr().err
    assert target.read_text() == "my own notes"
    assert main([*args, "--force"]) == 0
    assert target.read_text().startswith("# Sjekklistemal: Svarutkast i kundeservice")


def test_failed_write_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import fileio

    target = tmp_path / "out.md"
    target.write_text("original")

    def boom(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("generator.fileio.os.replace", boom)
    with pytest.raises(OSError, match="disk full"):
        fileio.atomic_write(target, b"new", force=True)
    assert target.read_text() == "original"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]


def test_every_example_profile_is_valid(catalog: Catalog) -> None:
    examples = sorted((ROOT / "examples").glob("*.yaml"))
    assert len(examples) >= 4
    for path in examples:
        p = load_profile(path, catalog)
        assert len(p.effect_goals) >= 3
