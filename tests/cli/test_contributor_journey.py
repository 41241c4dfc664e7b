"""A new item, added the way CONTRIBUTING.md describes, on a copy of the repository,
shows up on the site, in the published JSON and in a generated template."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import copy_site_project, mkdocs_build

FILLED = {
    "title": (
        "Treningsdata er fri for kjente lekkasjer fra testsettet",
        "Training data is free of known leaks from the test set",
    ),
    "why": (
        "Lekkasje gir for gode testresultater og skuffer i drift.",
        "Leakage inflates test results and disappoints in operation.",
    ),
    "done_when": (
        "En rapport fra duplikatsjekken mellom trenings- og testsett viser null overlapp.",
        "A report from the duplicate check between training and test sets shows zero overlap.",
    ),
}


def playbook(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )


def test_new_item_from_idea_to_site_json_and_template(tmp_path: Path) -> None:
    project = copy_site_project(tmp_path / "repo")

    # Step: scaffold.
    result = playbook(project, "new-item", "--area", "data")
    assert result.returncode == 0, result.stderr
    match = re.search(r"Added (DAT-\d{3}) to (checklists/items/data\.yaml)", result.stdout, re.I)
    assert match, result.stdout
    item_id, file = match.group(1), project / match.group(2)

    # Step: the validator refuses the stub until it is filled.
    refused = playbook(project, "validate")
    assert refused.returncode == 1
    assert all(item_id in line for line in refused.stderr.splitlines()[:-1])

    # Step: fill in the texts and a source, as a contributor would in an editor.
    text = file.read_text(encoding="utf-8")
    for field, (nb, en) in FILLED.items():
        text = re.sub(rf'(    {field}:\n      nb: )"TODO {item_id}[^"]*"', rf'\g<1>"{nb}"', text)
        text = re.sub(
            rf'(    {field}:\n      nb: [^\n]*\n      en: )"TODO {item_id}[^"]*"',
            rf'\g<1>"{en}"',
            text,
        )
    text = text.replace("sources: [TODO]", "sources: [breck-2017]")
    file.write_text(text, encoding="utf-8")
    accepted = playbook(project, "validate")
    assert accepted.returncode == 0, accepted.stderr

    # The site shows it, in both languages, and publishes it.
    site = tmp_path / "site"
    built = mkdocs_build(project, site)
    assert built.returncode == 0, built.stderr
    assert f'id="{item_id.lower()}"' in (site / "catalog" / "index.html").read_text(
        encoding="utf-8"
    )
    english = (site / "en" / "catalog" / "index.html").read_text(encoding="utf-8")
    assert FILLED["title"][1] in english
    data = json.loads((site / "data" / "catalog.json").read_text(encoding="utf-8"))
    published = {item["id"]: item for item in data["items"]}
    assert published[item_id]["title"]["nb"] == FILLED["title"][0]

    # A generated template for an example use case carries it too.
    out = tmp_path / "out"
    made = playbook(
        project,
        "template",
        "examples/internal-knowledge-assistant.yaml",
        "--format",
        "md",
        "--lang",
        "en",
        "--out",
        str(out),
    )
    assert made.returncode == 0, made.stderr
    assert f"**{item_id}** {FILLED['title'][1]}" in (
        out / "internal-knowledge-assistant.en.md"
    ).read_text(encoding="utf-8")
