"""The repository's own configuration: CI workflows, issue forms and pre-commit hooks.

The tools run here (actionlint, check-jsonschema, pre-commit) come from the dev
extra; none of them needs the network for what is asked of them here.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.catalog.loader import load_catalog
from tests.conftest import ROOT

GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
FORMS = sorted(p for p in (GITHUB / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml")
PRE_COMMIT = ROOT / ".pre-commit-config.yaml"
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    """A dev-extra console script: beside the running interpreter, else on PATH."""
    here = BIN / name
    if here.exists():
        return str(here)
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed; run: pip install -e '.[dev]'")
    return found


def run(argv: list[str], cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    # The interpreter's bin first, so that hook entries find the dev tools by name.
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(
        argv, cwd=cwd, capture_output=True, text=True, env=env, check=False, timeout=300
    )


def load(path: Path) -> Any:
    with path.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


# --- workflows -------------------------------------------------------------------------


def actionlint(files: list[Path], cwd: Path) -> subprocess.CompletedProcess[str]:
    # shellcheck and pyflakes are used only when installed; off, for the same result anywhere.
    argv = [tool("actionlint"), "-no-color", "-shellcheck=", "-pyflakes="]
    return run([*argv, *map(str, files)], cwd=cwd)


def test_there_are_workflows() -> None:
    assert {p.name for p in WORKFLOWS} >= {"ci.yml", "pages.yml"}


def test_workflows_pass_actionlint() -> None:
    result = actionlint(WORKFLOWS, ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


BROKEN_WORKFLOW = """\
name: broken
on: push
permissions:
  pages: wrte
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/upload-pages-artifact@v3
        with:
          paht: site
      - run: echo "${{ steps.nope.outputs.x }}"
  deploy:
    needs: biuld
    runs-on: ubuntu-latest
    steps:
      - run: echo deploy
"""


def test_actionlint_rejects_a_broken_workflow(tmp_path: Path) -> None:
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    broken = tmp_path / ".github" / "workflows" / "broken.yml"
    broken.write_text(BROKEN_WORKFLOW, encoding="utf-8")
    result = actionlint([broken], tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    for rule in ("[permissions]", "[action]", "[expression]", "[job-needs]"):
        assert rule in result.stdout, f"actionlint did not report {rule}:\n{result.stdout}"


def workflow_triggers(data: dict[Any, Any]) -> Any:
    # YAML 1.1 reads the bare key `on` as true.
    return data.get("on", data.get(True))


def steps(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for job in data["jobs"].values() for s in job.get("steps", [])]


def test_ci_runs_the_tests_validate_and_the_strict_build_on_pull_requests_and_pushes() -> None:
    ci = load(GITHUB / "workflows" / "ci.yml")
    assert {"pull_request", "push"} <= set(workflow_triggers(ci))
    commands = [s.get("run", "") for s in steps(ci)]
    assert "make test" in commands
    assert any(re.fullmatch(r"\S*playbook validate", c) for c in commands), commands
    assert "make build" in commands
    setup = [s for s in steps(ci) if str(s.get("uses", "")).startswith("actions/setup-python@")]
    assert setup and str(setup[0]["with"]["python-version"]) == "3.11"


def test_pages_builds_on_main_and_deploys_with_the_pages_actions() -> None:
    pages = load(GITHUB / "workflows" / "pages.yml")
    assert workflow_triggers(pages)["push"]["branches"] == ["main"]
    uses = [str(s.get("uses", "")).split("@")[0] for s in steps(pages)]
    assert "actions/upload-pages-artifact" in uses and "actions/deploy-pages" in uses
    build = next(s for s in steps(pages) if s.get("run") == "make build")
    # mkdocs.yml takes site_url from it; tests/test_site_links.py builds the same way.
    assert "steps.pages.outputs.base_url" in build["env"]["SITE_URL"]
    deploy = next(
        j for j in pages["jobs"].values() if any("deploy-pages" in str(s) for s in j["steps"])
    )
    granted = {**pages.get("permissions", {}), **deploy.get("permissions", {})}
    assert granted.get("pages") == "write" and granted.get("id-token") == "write"
    assert pages["concurrency"]["cancel-in-progress"] is False, "a deployment must finish"


# --- issue forms -----------------------------------------------------------------------

FIELD_TYPES = {"input", "textarea", "dropdown", "checkboxes"}


def form_problems(form: Any) -> list[str]:
    """What GitHub would refuse in an issue form, as far as structure goes."""
    if not isinstance(form, dict):
        return ["the form is not a mapping"]
    problems = [f"missing '{k}'" for k in ("name", "description", "body") if not form.get(k)]
    body = form.get("body") or []
    if not isinstance(body, list):
        return [*problems, "body is not a list"]
    if not any(isinstance(e, dict) and e.get("type") in FIELD_TYPES for e in body):
        problems.append("body has no input field (only markdown)")
    ids: list[str] = []
    labels: list[str] = []
    for n, element in enumerate(body):
        where = f"body[{n}]"
        if not isinstance(element, dict):
            problems.append(f"{where} is not a mapping")
            continue
        kind = element.get("type")
        attributes = element.get("attributes") or {}
        if kind == "markdown":
            if not attributes.get("value"):
                problems.append(f"{where}: markdown needs attributes.value")
            continue
        if kind not in FIELD_TYPES:
            problems.append(f"{where}: type {kind!r}; allowed: markdown, {', '.join(FIELD_TYPES)}")
            continue
        if not attributes.get("label"):
            problems.append(f"{where}: {kind} needs attributes.label")
        labels.append(str(attributes.get("label")))
        if "id" in element:
            if not re.fullmatch(r"[A-Za-z0-9_-]+", str(element["id"])):
                problems.append(f"{where}: id {element['id']!r} may hold only A-Z a-z 0-9 _ -")
            ids.append(str(element["id"]))
        options = attributes.get("options")
        if kind in ("dropdown", "checkboxes") and not options:
            problems.append(f"{where}: {kind} needs attributes.options")
        if kind == "dropdown" and options and len(set(map(str, options))) != len(options):
            problems.append(f"{where}: dropdown options repeat")
        if kind == "checkboxes" and options:
            for i, option in enumerate(options):
                if not isinstance(option, dict) or not option.get("label"):
                    problems.append(f"{where}: options[{i}] needs a label")
    for name, values in (("id", ids), ("label", labels)):
        repeated = sorted({v for v in values if values.count(v) > 1})
        if repeated:
            problems.append(f"{name}s must be unique; repeated: {', '.join(repeated)}")
    return problems


def test_the_issue_forms_exist() -> None:
    assert {p.name for p in FORMS} == {"propose-item.yml", "change-item.yml", "bug.yml"}


@pytest.mark.parametrize("path", FORMS, ids=lambda p: p.name)
def test_issue_form_is_well_formed(path: Path) -> None:
    assert form_problems(load(path)) == []


def test_form_checker_finds_what_github_would_refuse() -> None:
    broken = {
        "name": "x",
        "body": [
            {"type": "markdown", "attributes": {}},
            {"type": "dropdown", "id": "a b", "attributes": {"label": "L"}},
            {"type": "input", "id": "a b", "attributes": {"label": "L"}},
            {"type": "select", "attributes": {"label": "M"}},
        ],
    }
    problems = form_problems(broken)
    assert "missing 'description'" in problems
    assert "body[0]: markdown needs attributes.value" in problems
    assert "body[1]: dropdown needs attributes.options" in problems
    assert any(p.startswith("body[3]: type 'select'") for p in problems)
    assert "ids must be unique; repeated: a b" in problems
    assert "labels must be unique; repeated: L" in problems


def check_jsonschema(*args: str) -> subprocess.CompletedProcess[str]:
    return run([tool("check-jsonschema"), *args])


def test_issue_forms_match_githubs_schema() -> None:
    result = check_jsonschema("--builtin-schema", "vendor.github-issue-forms", *map(str, FORMS))
    assert result.returncode == 0, result.stdout + result.stderr
    config = GITHUB / "ISSUE_TEMPLATE" / "config.yml"
    result = check_jsonschema("--builtin-schema", "vendor.github-issue-config", str(config))
    assert result.returncode == 0, result.stdout + result.stderr


def test_githubs_form_schema_rejects_a_broken_form(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "name: x\ndescription: y\nbody:\n  - type: dropdown\n    attributes:\n      label: z\n",
        encoding="utf-8",
    )
    result = check_jsonschema("--builtin-schema", "vendor.github-issue-forms", str(broken))
    assert result.returncode == 1, result.stdout + result.stderr


NOT_SURE = "usikker / not sure"


def dropdown_ids(form: dict[str, Any], field: str) -> list[str]:
    element = next(e for e in form["body"] if e.get("id") == field)
    return [str(o).split(" ")[0] for o in element["attributes"]["options"] if o != NOT_SURE]


def test_proposal_form_offers_exactly_the_catalogs_areas_roles_gates_and_levels() -> None:
    catalog = load_catalog(ROOT / "checklists")
    form = load(GITHUB / "ISSUE_TEMPLATE" / "propose-item.yml")
    assert dropdown_ids(form, "area") == [a.id for a in catalog.areas]
    assert dropdown_ids(form, "owner") == [r.id for r in catalog.roles]
    assert dropdown_ids(form, "gate") == [g.id for g in catalog.gates]
    assert dropdown_ids(form, "level") == ["must", "should"]


# --- pre-commit ------------------------------------------------------------------------


def hooks() -> list[dict[str, Any]]:
    config = load(PRE_COMMIT)
    return [
        {**h, "repo": r["repo"], "rev": r.get("rev")} for r in config["repos"] for h in r["hooks"]
    ]


def test_pre_commit_accepts_the_config() -> None:
    result = run([tool("pre-commit"), "validate-config", str(PRE_COMMIT)])
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "warning" not in output.lower(), output


def test_pre_commit_runs_ruff_the_schema_checks_and_validate() -> None:
    by_repo = {(h["repo"], h["id"]) for h in hooks()}
    assert ("https://github.com/astral-sh/ruff-pre-commit", "ruff-check") in by_repo
    assert ("https://github.com/astral-sh/ruff-pre-commit", "ruff-format") in by_repo
    assert ("https://github.com/python-jsonschema/check-jsonschema", "check-jsonschema") in by_repo
    assert ("local", "playbook-validate") in by_repo
    for hook in hooks():
        if hook["repo"] != "local":
            # A tag, not a branch: the same hook code for everyone.
            assert re.fullmatch(r"v?[0-9]+(\.[0-9]+)+", str(hook["rev"])), hook


def tracked_files() -> list[str]:
    """The files pre-commit --all-files would see: tracked and untracked-but-not-ignored."""
    result = run(["git", "ls-files", "--cached", "--others", "--exclude-standard"])
    assert result.returncode == 0, result.stderr
    return sorted({f for f in result.stdout.splitlines() if (ROOT / f).is_file()})


def hook_argv(hook: dict[str, Any], files: list[str]) -> list[str]:
    argv = shlex.split(hook["entry"])
    # `make` installs into .venv, so under `make test` this is the same file.
    if argv[0].startswith(".venv/bin/"):
        argv[0] = str(BIN / argv[0].removeprefix(".venv/bin/"))
    argv += [str(a) for a in hook.get("args", [])]
    return argv + files if hook.get("pass_filenames", True) else argv


RUNNABLE = [h for h in hooks() if h["id"] == "check-jsonschema" or h["repo"] == "local"]


@pytest.mark.parametrize("hook", RUNNABLE, ids=lambda h: str(h.get("name", h["id"])))
def test_hook_command_passes_on_the_repository(hook: dict[str, Any]) -> None:
    files = [f for f in tracked_files() if re.search(hook["files"], f)]
    assert files, f"the hook's files pattern {hook['files']!r} matches no file"
    result = run(hook_argv(hook, files))
    assert result.returncode == 0, result.stdout + result.stderr


BROKEN_CATALOG_FILES = {
    "catalog.schema.json": "version: one\n",
    "sources.schema.json": "sources:\n  - key: x\n",
    "items.schema.json": "area: value\nitems:\n  - id: VAL-1\n    level: maybe\n",
}


@pytest.mark.parametrize(
    "hook", [h for h in RUNNABLE if h["id"] == "check-jsonschema"], ids=lambda h: str(h["name"])
)
def test_schema_hook_command_rejects_a_broken_file(hook: dict[str, Any], tmp_path: Path) -> None:
    schema = re.search(r"--schemafile\s+\S*/([a-z]+\.schema\.json)", hook["entry"])
    assert schema, hook["entry"]
    broken = tmp_path / "broken.yaml"
    broken.write_text(BROKEN_CATALOG_FILES[schema.group(1)], encoding="utf-8")
    result = run(hook_argv(hook, [str(broken)]))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Schema validation errors" in result.stdout + result.stderr
