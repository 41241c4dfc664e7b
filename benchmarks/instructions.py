"""The growth from 1,000 to 10,000 items counted in instructions (valgrind's
callgrind) instead of seconds.

On a small cloud machine the seconds grow faster than the work once a catalog
no longer fits the CPU cache: the bare C parse, with none of our code, grows
about 12x for 10x the items. Instructions count the work itself and come out
the same on every run, so they tell whether our code does more than linear
work. Each stage runs in its own process under callgrind; a stage's count is
the difference to the process that stops just before it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAGES = ("imports", "validate", "render", "template")
_DRIVER = """
import sys
from pathlib import Path

from generator.site import html as render
from generator import templates
from generator.catalog.loader import load_catalog
from generator.site.downloads import blank_profile

stage, root = sys.argv[1], Path(sys.argv[2])
if stage != "imports":
    catalog = load_catalog(root)
if stage == "render":
    for lang in ("nb", "en"):
        render.checklist(catalog, lang)
if stage == "template":
    profile = blank_profile("generative", "high", "nb")
    for fmt in templates.FORMATS:
        templates.render(catalog, profile, fmt, "nb", "bench.yaml")
"""
_COLLECTED = re.compile(r"Collected : (\d+)")


def available() -> bool:
    return shutil.which("valgrind") is not None


def _count(stage: str, root: Path) -> int:
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
         sys.executable, "-c", _DRIVER, stage, str(root)],
        capture_output=True, text=True, cwd=ROOT, check=True,
        # The same hash seed in every process, so that dict and set work is the same.
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )  # fmt: skip
    match = _COLLECTED.search(result.stderr)
    if not match:
        raise RuntimeError(f"callgrind printed no count:\n{result.stderr[-2000:]}")
    return int(match.group(1))


def per_stage(roots: dict[int, Path]) -> dict[int, dict[str, int]]:
    """Instructions of validate, render and template for each catalog size."""
    jobs = [("imports", next(iter(roots.values())), 0)] + [
        (stage, root, size) for size, root in roots.items() for stage in STAGES[1:]
    ]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        counts = list(pool.map(lambda job: _count(job[0], job[1]), jobs))
    total = {(stage, size): n for (stage, _, size), n in zip(jobs, counts, strict=True)}
    base = total[("imports", 0)]
    return {
        size: {
            "validate": total[("validate", size)] - base,
            "render": total[("render", size)] - total[("validate", size)],
            "template": total[("template", size)] - total[("validate", size)],
        }
        for size in roots
    }
