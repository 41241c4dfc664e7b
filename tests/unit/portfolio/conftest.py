"""A folder of templates at different gates: a changed profile, an overdue condition
and review, an exception without a reason, and two files that cannot be read."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT

DEMO = ROOT / "examples" / "portfolio" / "nb"


def make_folder(root: Path) -> Path:
    (root / "team-a").mkdir(parents=True)
    for name in ("customer-service-assistant.G1.nb.yaml", "customer-service-assistant.G3.nb.yaml"):
        shutil.copy(DEMO / name, root / name)
    shutil.copy(DEMO / "chat-answers.nb.yaml", root / "team-a" / "chat-answers.nb.yaml")
    shutil.copy(DEMO / "billing-drafts.nb.yaml", root / "team-a" / "billing-drafts.nb.yaml")
    # An exception without its reason: the G2 snapshot with the reason taken out.
    text = (DEMO / "customer-service-assistant.G2.nb.yaml").read_text(encoding="utf-8")
    start = text.index("\n  G2:\n")
    at = text.index("    exception_reason:", start)
    end = text.index("\n", at)
    (root / "no-reason.yaml").write_text(
        text[:at] + '    exception_reason: ""' + text[end:], encoding="utf-8"
    )
    (root / "broken.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    (root / "team-a" / "not-a-workbook.xlsx").write_bytes(b"this is not a zip file")
    (root / ".hidden").mkdir()
    (root / ".hidden" / "skipped.yaml").write_text("name: [\n", encoding="utf-8")
    (root / "~$open.xlsx").write_bytes(b"lock")
    return root


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return make_folder(tmp_path / "templates")
