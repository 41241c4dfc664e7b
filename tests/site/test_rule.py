"""The decision rule is written once (generator/words.py) and every page that
states it renders it from there; the worked examples' verdicts on the pages
are the ones `playbook check` gives."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_site_project, mkdocs_build

RULE_PAGES = ["", "gates/g1/", "gates/g2/", "gates/g3/", "gate-meeting/", "ci/", "mini-case/",
              "exercise/"]  # fmt: skip


def page(site: Path, lang: str, path: str) -> str:
    prefix = "" if lang == "nb" else "en/"
    return (site / prefix / path / "index.html").read_text(encoding="utf-8")


def test_one_change_to_the_rule_changes_every_page(tmp_path: Path) -> None:
    project = copy_site_project(tmp_path / "project")
    words = project / "generator" / "words.py"
    text = words.read_text(encoding="utf-8")
    marks = {"nb": "REGELMERKE-NB", "en": "RULEMARK-EN"}
    for lang, old in (
        ("nb", '"rule_go": "alle må-punkter'),
        ("en", '"rule_go": "every must-item'),
    ):
        assert text.count(old) == 1
        text = text.replace(old, f'"rule_go": "{marks[lang]} ' + old.split('"')[3])
    words.write_text(text, encoding="utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    for lang, mark in marks.items():
        missing = [p or "/" for p in RULE_PAGES if mark not in page(site, lang, p)]
        assert missing == [], f"{lang}: the rule is not rendered on {missing}"
    # The gate report states it too.
    report = (site / "reports" / "customer-service-assistant.G1.nb.html").read_text()
    assert marks["nb"] in report


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_worked_examples_on_the_pages_are_what_check_says(site: Path, lang: str) -> None:
    html = page(site, lang, "mini-case/")
    table = re.search(r'<table class="pb-worked">(.*?)</table>', html, re.S)
    assert table is not None
    rows = re.findall(r"<tr><td>([^<]+)</td><td>([^<]+)</td><td>([^<]+)</td>", table.group(1))
    assert len(rows) == 3
    for gate, (_, verdict, decision) in zip(("G1", "G2", "G3"), rows, strict=True):
        path = ROOT / "examples" / "worked" / f"customer-service-assistant.{gate}.{lang}.yaml"
        run = subprocess.run(
            [sys.executable, "-m", "generator.cli", "check", str(path), "--gate", gate,
             "--format", "json"],
            capture_output=True, text=True, check=False, cwd=ROOT,
        )  # fmt: skip
        data = json.loads(run.stdout)
        assert run.returncode == data["exit_code"]
        assert verdict == data["verdict_text"]
        assert data["decision"]["exception"] is True
        assert decision.startswith(("go", "GO"))
        # The story the chapter tells: every decision is recorded as an exception with a reason.
        assert data["decision"]["exception_reason"]
        assert data["decision"]["missing_reason"] is False
        assert data["decision"]["uncovered"] == []
