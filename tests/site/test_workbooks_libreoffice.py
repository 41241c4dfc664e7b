"""An independent reader: LibreOffice opens every example workbook and a blank,
prints it to PDF and saves it again as .xlsx.

The PDF shows how the workbook prints (pages per sheet, found by the sheet name
that each page's header carries; where each word of the checklist lands, from
poppler's word boxes); the copy LibreOffice saved must read back as the original
does. `make test` installs LibreOffice and poppler-utils (Debian's
packages); without them these tests are skipped.
"""

from __future__ import annotations

import itertools
import math
import re
import shutil
import statistics
import subprocess
from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import pytest

from generator import templates
from generator.filled.profile import load_profile
from generator.filled.reader import load_filled
from generator.model import Catalog
from generator.site.downloads import blank_profile
from generator.words import LABELS
from tests.conftest import ROOT

SOFFICE = shutil.which("soffice")
PDFTOTEXT = shutil.which("pdftotext")
pytestmark = pytest.mark.skipif(
    not (SOFFICE and PDFTOTEXT), reason="LibreOffice or poppler-utils not installed (make test)"
)
SHEETS = ("sheet_overview", "sheet_checklist", "sheet_goals", "sheet_decisions")


def _soffice(target: str, out: Path, files: list[Path], profile: Path) -> None:
    assert SOFFICE
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", target, "--outdir", str(out), *map(str, files)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip


@pytest.fixture(scope="module")
def books(catalog: Catalog, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Name -> the workbook written by playbook, for every example and a blank, both languages."""
    folder = tmp_path_factory.mktemp("books")
    out = {}
    for lang in ("nb", "en"):
        for path in sorted((ROOT / "examples").glob("*.yaml")):
            p = load_profile(path, catalog)
            out[f"{path.stem}.{lang}"] = templates.render(catalog, p, "xlsx", lang, path.name)
        blank = blank_profile("agentic", "high", lang)
        out[f"blank-agentic-high.{lang}"] = templates.render(catalog, blank, "xlsx", lang, "b")
    paths = {}
    for name, data in out.items():
        paths[name] = folder / f"{name}.xlsx"
        paths[name].write_bytes(data)
    return paths


@pytest.fixture(scope="module")
def pdfs(books: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Name -> the PDF LibreOffice prints of the workbook."""
    out = tmp_path_factory.mktemp("pdf")
    _soffice("pdf", out, list(books.values()), tmp_path_factory.mktemp("lo-profile"))
    return {name: out / f"{name}.pdf" for name in books}


@pytest.fixture(scope="module")
def pages(pdfs: dict[str, Path]) -> dict[str, Counter[str]]:
    """Name -> pages per sheet, as LibreOffice prints the workbook."""
    counts = {}
    for name, pdf in pdfs.items():
        lang = name.rsplit(".", 1)[1]
        sheets = [LABELS[lang][k] for k in SHEETS]
        assert PDFTOTEXT
        text = subprocess.run(
            [PDFTOTEXT, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
        found: Counter[str] = Counter()
        for page in text.split("\f"):
            lines = [line for line in page.splitlines() if line.strip()]
            # The header's right part is the sheet's name (&A); a chart's title may come first.
            heads = [s for line in lines[:3] for s in sheets if line.rstrip().endswith(s)]
            if lines:
                found[heads[0]] += 1
        counts[name] = found
    print({name: dict(c) for name, c in counts.items()})  # the figures, for a reviewer (-s)
    return counts


def test_the_customer_service_checklist_prints_on_six_pages(
    pages: dict[str, Counter[str]], books: dict[str, Path]
) -> None:
    """The issue's figure: the customer-service case prints its checklist on at most
    six A4 pages (56 items in catalog 1.2.0)."""
    import openpyxl

    wb = openpyxl.load_workbook(books["customer-service-assistant.nb"], read_only=True)
    items = wb["Sjekkliste"].max_row - 1
    wb.close()
    assert items >= 50
    assert 1 <= pages["customer-service-assistant.nb"]["Sjekkliste"] <= 6


def test_every_sheet_prints_and_checklists_take_six_pages_per_fifty_items(
    pages: dict[str, Counter[str]], books: dict[str, Path]
) -> None:
    import openpyxl

    for name, counts in pages.items():
        lang = name.rsplit(".", 1)[1]
        sheets = [LABELS[lang][k] for k in SHEETS]
        assert set(counts) == set(sheets), name
        wb = openpyxl.load_workbook(books[name], read_only=True)
        items = wb[LABELS[lang]["sheet_checklist"]].max_row - 1
        wb.close()
        assert counts[LABELS[lang]["sheet_checklist"]] <= max(6, math.ceil(items * 6 / 50)), name
        assert counts[LABELS[lang]["sheet_decisions"]] == 1, name
        assert counts[LABELS[lang]["sheet_overview"]] <= 2, name


def test_a_copy_saved_by_libreoffice_reads_back_the_same(
    catalog: Catalog, books: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> None:
    out = tmp_path_factory.mktemp("saved")
    examples = {n: p for n, p in books.items() if not n.startswith("blank-")}
    _soffice("xlsx", out, list(examples.values()), tmp_path_factory.mktemp("lo-profile"))
    for name, path in examples.items():
        original = replace(load_filled(path, catalog), source="")
        saved = replace(load_filled(out / path.name, catalog), source="")
        assert saved == original, name


@dataclass(frozen=True)
class Word:
    x: float
    top: float
    bottom: float
    text: str


def _words(pdf: Path) -> list[tuple[float, list[Word]]]:
    """(page height, the words with their boxes) per page, as poppler finds them."""
    import xml.etree.ElementTree as ET

    assert PDFTOTEXT
    xhtml = subprocess.run(
        [PDFTOTEXT, "-bbox-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    # poppler names the XHTML DTD; the document itself declares no entities.
    root = ET.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", xhtml, count=1))
    ns = "{http://www.w3.org/1999/xhtml}"
    out = []
    for page in root.iter(f"{ns}page"):
        words = [
            Word(float(w.get("xMin", 0)), float(w.get("yMin", 0)), float(w.get("yMax", 0)),
                 w.text or "")
            for w in page.iter(f"{ns}word")
        ]  # fmt: skip
        out.append((float(page.get("height", 0)), words))
    return out


def _chars(texts: list[str]) -> Counter[str]:
    return Counter("".join("".join(texts).split()))


def _printed(value: object) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d")  # the template's date format
    return "" if value is None else str(value)


def test_every_checklist_row_holds_its_text_at_8_pt_or_more(
    pdfs: dict[str, Path], books: dict[str, Path]
) -> None:
    """No overprinted and no cut rows. Each checklist row's band on the page runs from
    where its ID starts to where the next row's ID starts (the last row on a page: its
    stored height at the page's scale); the text inside a band must be the text of
    that row's cells, character for character, and end above the band's bottom. Text
    taller than its row either runs into the next band or is cut off: both fail. The
    print scale is the bands' height over the rows' stored height, the same on every
    row; at 80 % or more the text (Arial 10) prints at 8 pt or more."""
    import openpyxl

    from generator.templates.workbook import CHECKLIST_COLUMNS, MARGINS

    for name, pdf in pdfs.items():
        lang = name.rsplit(".", 1)[1]
        ws = openpyxl.load_workbook(books[name])[LABELS[lang]["sheet_checklist"]]
        rows = {
            str(ws.cell(r, 1).value): (
                [_printed(ws.cell(r, c).value) for c in range(1, len(CHECKLIST_COLUMNS) + 1)],
                float(ws.row_dimensions[r].height),
            )
            for r in range(2, ws.max_row + 1)
        }
        seen = []
        for height, words in _words(pdf):
            starts = sorted((w for w in words if w.text in rows and w.x < 40), key=lambda w: w.top)
            if not starts:
                continue  # not a checklist page
            scales = [(b.top - a.top) / rows[a.text][1] for a, b in itertools.pairwise(starts)]
            scale = statistics.median(scales)
            assert max(scales) - min(scales) < 0.01, (name, scales)
            # LibreOffice scales by whole percents; the boxes give it to within 0.1 %.
            assert round(scale * 100) >= 80, (name, scale)
            footer = height - MARGINS["bottom"] * 72
            bands = [
                (a.text, a.top, b.top) for a, b in itertools.pairwise(starts)
            ] + [(starts[-1].text, starts[-1].top, starts[-1].top + rows[starts[-1].text][1] * scale)]  # fmt: skip
            body = [w for w in words if starts[0].top - 0.5 <= w.top < footer]
            for item, top, bottom in bands:
                inside = [w for w in body if top - 0.5 <= w.top < bottom - 0.5]
                assert _chars([w.text for w in inside]) == _chars(rows[item][0]), (name, item)
                assert max(w.bottom for w in inside) <= bottom + 0.5, (name, item)
            below = [w.text for w in body if w.top >= bands[-1][2] - 0.5]
            assert not below, (name, below)
            seen += [s.text for s in starts]
        assert seen == list(rows), name  # every row printed, once, in order
