from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import jsonschema

from generator.model import Catalog
from generator.portfolio import collect, render
from tests.conftest import ROOT

SCHEMA = ROOT / "generator" / "schemas" / "published" / "portfolio.schema.json"


def test_json_validates_against_the_published_schema(folder: Path, catalog: Catalog) -> None:
    p = collect.collect(folder, catalog, with_history=False)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    for lang in ("nb", "en"):
        data = json.loads(render.to_json(p, lang))
        jsonschema.validate(data, schema)
        assert data["summary"]["unreadable"] == 2
        assert data["summary"]["use_cases"] == 5


def test_csv_has_one_row_per_use_case_and_no_formula(
    folder: Path, catalog: Catalog, tmp_path: Path
) -> None:
    text = (folder / "customer-service-assistant.G1.nb.yaml").read_text(encoding="utf-8")
    name = text.split("\nname: ", 1)[1].split("\n", 1)[0]
    (folder / "formula.yaml").write_text(
        text.replace(f"\nname: {name}\n", '\nname: "=HYPERLINK(\\"http://x\\")"\n'),
        encoding="utf-8",
    )
    p = collect.collect(folder, catalog, with_history=False)
    body = render.to_csv(p, "nb")
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body[1:])))
    assert len(rows) == 6
    assert list(rows[0]) == render.csv_columns(catalog)
    formula = next(r for r in rows if r["file"] == "formula.yaml")
    assert formula["name"].startswith("'=")
    for row in rows:
        assert not any(v.startswith(("=", "+", "-", "@")) for v in row.values())


def test_page_is_escaped_deterministic_and_self_contained(
    folder: Path, catalog: Catalog, tmp_path: Path
) -> None:
    text = (folder / "customer-service-assistant.G1.nb.yaml").read_text(encoding="utf-8")
    name = text.split("\nname: ", 1)[1].split("\n", 1)[0]
    (folder / "hostile.yaml").write_text(
        text.replace(f"\nname: {name}\n", '\nname: "<script>alert(1)</script>"\n'),
        encoding="utf-8",
    )
    p = collect.collect(folder, catalog, with_history=False)
    first = render.outputs(p, "nb")
    again = render.outputs(collect.collect(folder, catalog, with_history=False), "nb")
    assert first == again
    page = first["index.html"].decode("utf-8")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count("<script>") == 1
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in page
    for c in p.use_cases:
        assert f'href="{render.href(render.report_path(c.path))}"' in page
        assert render.report_path(c.path) in first
    assert "broken.yaml" in page


def test_history_from_git(tmp_path: Path, catalog: Catalog) -> None:
    git = shutil.which("git")
    assert git
    import subprocess

    repo = tmp_path / "repo"
    (repo / "cases").mkdir(parents=True)
    env = ["-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"]

    def run(*args: str, date: str = "2026-01-01T12:00:00") -> None:
        subprocess.run(
            [git, *env, *args],
            cwd=repo,
            check=True,
            capture_output=True,
            env={"GIT_COMMITTER_DATE": date, "GIT_AUTHOR_DATE": date, "PATH": "/usr/bin:/bin"},
        )

    run("init", "-q")
    src = ROOT / "examples" / "portfolio" / "nb"
    shutil.copy(src / "customer-service-assistant.G1.nb.yaml", repo / "cases" / "case.yaml")
    run("add", ".")
    run("commit", "-qm", "G1", date="2026-03-12T12:00:00")
    shutil.copy(src / "customer-service-assistant.G2.nb.yaml", repo / "cases" / "case.yaml")
    run("commit", "-qam", "G2", date="2026-05-06T12:00:00")
    p = collect.collect(repo / "cases", catalog)
    assert p.with_history
    (case,) = p.use_cases
    assert [(h.date, h.gate) for h in case.history] == [("2026-05-06", "G3"), ("2026-03-12", "G2")]
    assert [d[0] for d in case.history[0].decisions] == ["G1", "G2"]
    page = render.page_html(p, "en")
    assert "12 March 2026" in page
