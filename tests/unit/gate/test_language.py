"""A Norwegian template gets a Norwegian report, in every format: none of the
English report's own words appear in it (the words are taken from the English
table in generator/words.py, so a new English phrase is covered at once)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from generator.filled.profile import load_profile
from generator.gate import document
from generator.gate import report as reports
from generator.gate.evaluate import evaluate
from generator.model import Catalog
from generator.words import REPORT, number
from tests.conftest import ROOT

NB_TEMPLATES = sorted(
    [p for p in (ROOT / "examples" / "filled").glob("*.yaml")]
    + list((ROOT / "examples" / "worked").glob("*.nb.yaml"))
)
WORD = re.compile(r"[A-Za-zÆØÅæøå]{4,}")
# The same in both languages, or a name: a command, a product, a standard.
SHARED = {"playbook", "upgrade", "over"}
# Field names and their machine values, which a note names as the template writes them.
SHARED |= {"actor", "provider", "deployer", "both", "public_service", "true", "false"}
PLACEHOLDER = re.compile(r"\{[^}]*\}")


def english_words() -> set[str]:
    """Every word of the English report table, but those both languages write alike.

    The shared words are listed by hand, not taken from the Norwegian table: an
    English phrase left in the Norwegian table must still be found.
    """
    phrases = [PLACEHOLDER.sub(" ", v) for v in REPORT["en"].values()]
    return {w.lower() for v in phrases for w in WORD.findall(v)} - SHARED


def english_in(text: str) -> set[str]:
    words = english_words()
    return {w for w in (x.lower() for x in WORD.findall(text)) if w in words}


class _Text(HTMLParser):
    """What a reader sees of an HTML page: text and titles, not tags, classes or CSS."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip = tag == "style"
        self.parts += [v or "" for k, v in attrs if k in ("aria-label", "alt", "title")]

    def handle_endtag(self, tag: str) -> None:
        self._skip = False

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "\n".join(parser.parts)


def junit_text(xml: str) -> str:
    """The human parts of JUnit XML: test names, failure messages and texts."""
    root = ET.fromstring(xml)
    parts = [e.get("name", "") for e in root.iter("testcase")]
    parts += [e.get("message", "") + "\n" + (e.text or "") for e in root.iter("failure")]
    parts += [e.text or "" for e in root.iter("system-out")]
    return "\n".join(parts)


def test_the_word_list_is_not_empty() -> None:
    words = english_words()
    # The phrases the outside review found in Norwegian reports.
    assert {"blocking", "conditions", "readiness", "measured", "target"} <= words


def test_all_nb_examples_are_norwegian() -> None:
    assert len(NB_TEMPLATES) >= 7


@pytest.mark.parametrize("path", NB_TEMPLATES, ids=lambda p: p.name)
@pytest.mark.parametrize("gate", ["G1", "G2", "G3"])
def test_every_format_speaks_norwegian(path: Path, gate: str, catalog: Catalog) -> None:
    profile = load_profile(path, catalog)
    assert profile.lang == "nb"
    report = evaluate(catalog, profile, gate)
    texts = {
        "text": reports.to_text(report, catalog, profile, "nb", colour=False),
        "markdown": reports.to_markdown(report, catalog, profile, "nb"),
        "junit": junit_text(reports.to_junit(report, catalog, profile, "nb")),
        "html": html_text(document.render_html(catalog, profile, report, "nb", "x.yaml")),
        "report-md": document.render_markdown(catalog, profile, report, "nb", "x.yaml"),
    }
    data = json.loads(reports.to_json(report, catalog, profile, "nb", path.name, 1))
    human = [data["verdict_text"]]
    human += [i["reason"] for i in data["items"]] + [i["title"] for i in data["items"]]
    human += [g["state_text"] for g in data["goals"]]
    human += (data["version_note"] or {}).get("text", [])
    texts["json"] = "\n".join(human)
    found = {fmt: english_in(text) for fmt, text in texts.items()}
    assert found == {fmt: set() for fmt in texts}


def test_english_template_reads_in_english_and_lang_overrides(catalog: Catalog) -> None:
    path = ROOT / "examples" / "worked" / "customer-service-assistant.G1.nb.yaml"
    profile = load_profile(path, catalog)
    report = evaluate(catalog, profile, "G1")
    english = reports.to_text(report, catalog, profile, "en", colour=False)
    assert "items hold" in english
    assert "Effect goals:" in english
    assert "Effektmål:" not in english


def test_numbers_use_the_languages_decimal_mark() -> None:
    assert number(7.5, "nb") == "7,5"
    assert number(7.5, "en") == "7.5"
    assert number(4, "nb") == "4"
    assert number(0.00005, "nb") == "0,00005"


def test_plural_follows_the_count(catalog: Catalog) -> None:
    path = ROOT / "examples" / "worked" / "customer-service-assistant.G3.en.yaml"
    profile = load_profile(path, catalog)
    report = evaluate(catalog, profile, "G3")
    line = reports.summary_line(report, "en")
    assert re.search(r"\b1 blocking, 0 conditions$", line), line
    assert "1 conditions" not in reports.summary_line(report, "en")


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_decision_documents_write_dates_as_the_reader_does(catalog: Catalog, lang: str) -> None:
    """The steering group reads "6. mai 2026", not 2026-05-06: in the decision, its
    conditions and the due dates, in the HTML and the Markdown document alike."""
    path = ROOT / "examples" / "worked" / f"customer-service-assistant.G2.{lang}.yaml"
    profile = load_profile(path, catalog)
    report = evaluate(catalog, profile, "G2")
    decision = profile.decision("G2")
    assert decision.date and decision.conditions
    written = {"nb": "6. mai 2026", "en": "6 May 2026"}[lang]
    assert decision.date == "2026-05-06"  # the worked case, as the file records it
    ours = {decision.date} | {c.due for c in decision.conditions}
    ours |= {a.due for a in profile.answers.values()}
    # A date that people wrote inside their own text (evidence, comments) stays as written.
    free = " ".join(
        [a.evidence + " " + a.comment for a in profile.answers.values()]
        + [c.text for c in decision.conditions]
        + [decision.exception_reason, profile.description]
    )
    ours = {d for d in ours if d and d not in free}
    assert len(ours) >= 3
    for text in (
        html_text(document.render_html(catalog, profile, report, lang, path.name)),
        document.render_markdown(catalog, profile, report, lang, path.name),
    ):
        assert written in text
        assert {d for d in ours if d in text} == set()
