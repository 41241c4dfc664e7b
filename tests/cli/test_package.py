"""The installable tool: build the sdist and the wheel, install the wheel into a
fresh virtual environment and use `playbook` from a folder outside the repository.

How the fresh environment gets its dependencies, honestly and offline: the
wheel itself is installed by pip with --no-index --no-deps, so every file of
`generator` (code, catalog, schemas, examples, console script) comes from the
wheel and nothing else. The third-party dependencies are the very
distributions `make` already installed; a .pth file puts the folders they live
in on the new environment's path. Folders named in a .pth file are not
site directories, so the .pth files inside them (our editable install among
them) are not run, and the repository stays invisible; the test checks that.
`pip check` then proves that the wheel's declared requirements are met.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from generator.catalog.loader import load_catalog
from generator.cli import COMMANDS
from tests.conftest import ROOT

EXIT_BY_DECISION = {"GO": 0, "NO-GO": 1, "GO WITH CONDITIONS": 3}


def run(args: list[str | Path], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def dependency_dirs(requirements: list[str]) -> set[str]:
    """The folders holding the installed distributions the wheel needs, transitively."""
    seen: set[str] = set()
    dirs: set[str] = set()
    todo = [Requirement(r) for r in requirements]
    while todo:
        req = todo.pop()
        if req.marker is not None and not req.marker.evaluate({"extra": ""}):
            continue
        name = req.name.lower().replace("_", "-")
        if name in seen:
            continue
        seen.add(name)
        dist = metadata.distribution(req.name)
        dirs.add(str(Path(str(dist.locate_file(""))).resolve()))
        todo += [Requirement(r) for r in dist.requires or []]
    return dirs


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    # --no-isolation: build with the hatchling `make` installed, not one fetched now.
    result = run([sys.executable, "-m", "build", "--no-isolation", "--outdir", out], ROOT,
                 dict(os.environ))  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def test_wheel_and_sdist_carry_the_catalog_and_the_metadata(dist: Path) -> None:
    version = load_catalog(ROOT / "checklists").version
    [wheel] = dist.glob("*.whl")
    [sdist] = dist.glob("*.tar.gz")
    assert wheel.name == f"ai_pilot_to_production_playbook-{version}-py3-none-any.whl"
    assert sdist.name == f"ai_pilot_to_production_playbook-{version}.tar.gz"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        meta = archive.read(f"ai_pilot_to_production_playbook-{version}.dist-info/METADATA")
    for path in ("checklists/catalog.yaml", "checklists/sources.yaml", "examples"):
        for file in (ROOT / path).rglob("*") if (ROOT / path).is_dir() else [ROOT / path]:
            if file.is_file():
                rel = file.relative_to(ROOT / path.split("/")[0]).as_posix()
                target = "checklists" if path.startswith("checklists") else "examples"
                assert f"generator/bundled/{target}/{rel}" in names, rel
    for item_file in (ROOT / "checklists" / "items").glob("*.yaml"):
        assert f"generator/bundled/checklists/items/{item_file.name}" in names
    assert "generator/schemas/items.schema.json" in names
    text = meta.decode()
    assert f"\nVersion: {version}\n" in text
    assert "\nLicense-Expression: MIT\n" in text
    assert "\nProject-URL: Source, " in text
    assert "\nClassifier: " in text
    assert "\nKeywords: " in text
    assert "\nDescription-Content-Type: text/markdown\n" in text


def test_the_installed_wheel_works_outside_the_repository(dist: Path, tmp_path: Path) -> None:
    [wheel] = dist.glob("*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    python = venv / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PYTHONNOUSERSITE"] = "1"
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    install = run([sys.executable, "-m", "pip", "--python", python, "install", "--quiet",
                   "--no-index", "--no-deps", wheel], tmp_path, env)  # fmt: skip
    assert install.returncode == 0, install.stderr
    purelib = run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp_path, env
    ).stdout.strip()
    with zipfile.ZipFile(wheel) as archive:
        meta = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        lines = archive.read(meta).decode().splitlines()
    requires = [
        line.removeprefix("Requires-Dist: ") for line in lines if line.startswith("Requires-Dist: ")
    ]
    dirs = sorted(dependency_dirs(requires))
    assert str(ROOT) not in dirs
    Path(purelib, "_test_dependencies.pth").write_text("\n".join(dirs) + "\n", encoding="utf-8")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = run([python, "-c", "import generator; print(generator.__file__)"], elsewhere, env)
    assert Path(where.stdout.strip()).is_relative_to(venv), where.stdout + where.stderr
    check = run([sys.executable, "-m", "pip", "--python", python, "check"], elsewhere, env)
    assert check.returncode == 0, check.stdout + check.stderr

    playbook = venv / "bin" / "playbook"
    version = load_catalog(ROOT / "checklists").version
    validate = run([playbook, "validate"], elsewhere, env)
    assert validate.returncode == 0, validate.stderr
    assert validate.stdout.startswith(f"ok: catalog {version} is valid")

    examples = Path(purelib) / "generator" / "bundled" / "examples"
    template = run([playbook, "template", examples / "credit-scoring.yaml", "--lang", "all",
                    "--out", "out"], elsewhere, env)  # fmt: skip
    assert template.returncode == 0, template.stderr
    assert sorted(p.name for p in (elsewhere / "out").iterdir()) == [
        f"credit-scoring.{lang}.{fmt}" for lang in ("en", "nb") for fmt in ("md", "xlsx", "yaml")
    ]
    assert (elsewhere / "out" / "credit-scoring.en.md").stat().st_size > 1000

    if "check" in COMMANDS:
        filled = examples / "filled" / "credit-scoring.filled.yaml"
        expected = json.loads(filled.with_suffix(".expected.json").read_text(encoding="utf-8"))
        result = run([playbook, "check", filled, "--gate", "G1"], elsewhere, env)
        assert result.returncode == EXIT_BY_DECISION[expected["G1"]], result.stderr
