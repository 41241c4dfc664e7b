"""CONTRIBUTING.md: one file, two halves, each shown on the site through a snippet section."""

from __future__ import annotations

import re
from typing import Any

import markdown
import pytest
import yaml

from generator.catalog.schema import errors
from generator.cli import COMMANDS
from tests.conftest import ROOT

TEXT = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
LANGS = ("nb", "en")
H1 = {"nb": "Bidra til playbooken", "en": "Contributing to the playbook"}


def section(lang: str) -> str:
    found = re.search(
        rf"^[^\n]*--8<-- \[start:{lang}\][^\n]*\n(.*?)^[^\n]*--8<-- \[end:{lang}\]",
        TEXT,
        re.M | re.S,
    )
    assert found, f"CONTRIBUTING.md has no snippet section '{lang}'"
    return found.group(1)


def outline(text: str) -> list[int]:
    text = re.sub(r"^```.*?^```", "", text, flags=re.M | re.S)
    return [len(m.group(1)) for m in re.finditer(r"^(#{1,6}) ", text, re.M)]


def test_both_halves_have_the_same_outline_under_one_title() -> None:
    for lang in LANGS:
        assert section(lang).lstrip().startswith(f"# {H1[lang]}\n"), lang
    assert outline(section("nb")) == outline(section("en"))
    assert outline(section("nb")).count(1) == 1


@pytest.mark.parametrize("lang", LANGS)
def test_site_page_includes_its_half(lang: str) -> None:
    page = ROOT / "docs" / f"contributing.{lang}.md"
    assert page.read_text(encoding="utf-8").strip() == f'--8<-- "CONTRIBUTING.md:{lang}"'
    # The same extension and base path the site build uses (mkdocs runs from the root).
    html = markdown.markdown(
        page.read_text(encoding="utf-8"),
        extensions=["pymdownx.snippets"],
        extension_configs={"pymdownx.snippets": {"base_path": [str(ROOT)], "check_paths": True}},
    )
    other = next(x for x in LANGS if x != lang)
    assert f"<h1>{H1[lang]}</h1>" in html
    assert H1[other] not in html
    assert "8<" not in html


@pytest.mark.parametrize("lang", LANGS)
def test_no_relative_links(lang: str) -> None:
    # A relative link works on GitHub or on the site, never on both.
    targets = re.findall(r"\]\(([^)\s]+)", section(lang)) + re.findall(
        r'href="([^"]+)"', section(lang)
    )
    assert [t for t in targets if not re.match(r"https?://", t)] == []


def test_named_commands_and_make_targets_exist() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, re.M))
    for lang in LANGS:
        for command in re.findall(r"playbook ([a-z][a-z-]+)", section(lang)):
            assert command in COMMANDS, f"{lang}: playbook {command}"
        for target in re.findall(r"`make ([a-z][a-z-]*)`", section(lang)):
            assert target in targets, f"{lang}: make {target}"


def test_named_paths_and_workflows_exist() -> None:
    for lang in LANGS:
        for path in re.findall(r"`([\w.-]+(?:/[\w.-]+)+/?)`", section(lang)):
            if not path.startswith(".venv/"):
                assert (ROOT / path).exists(), f"{lang}: {path}"
        for workflow in re.findall(r"`([\w-]+\.yml)`", section(lang)):
            assert (ROOT / ".github" / "workflows" / workflow).is_file(), f"{lang}: {workflow}"


def test_issue_forms_are_named_as_on_github() -> None:
    for path in sorted((ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml")):
        if path.name == "config.yml":
            continue
        name = yaml.safe_load(path.read_text(encoding="utf-8"))["name"]
        nb, en = name.split(" / ")
        assert f"«{nb}»" in section("nb"), f"{path.name}: «{nb}»"
        assert f'"{en}"' in section("en"), f'{path.name}: "{en}"'


def an_item(**extra: Any) -> dict[str, Any]:
    text = {"nb": "Tekst.", "en": "Text."}
    return {
        "id": "OPS-001",
        "title": text,
        "why": text,
        "done_when": text,
        "owner": "platform",
        "gate": "G2",
        "level": "must",
        "sources": ["nist-ai-rmf"],
        "since": "1.0.0",
        **extra,
    }


def test_an_item_without_the_example_is_valid() -> None:
    # The baseline for the test below: only the example can make it fail.
    assert list(errors("items", {"area": "operations", "items": [an_item()]})) == []


@pytest.mark.parametrize("lang", LANGS)
def test_yaml_examples_match_the_item_schema(lang: str) -> None:
    blocks = re.findall(r"^```yaml\n(.*?)^```", section(lang), re.M | re.S)
    assert blocks, "the deprecation example is missing"
    for block in blocks:
        fields = yaml.safe_load(block)
        problems = list(errors("items", {"area": "operations", "items": [an_item(**fields)]}))
        assert problems == [], problems
