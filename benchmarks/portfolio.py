"""`playbook portfolio` over 100 and 1,000 templates, half YAML and half workbooks,
made from the demo portfolio: seconds and peak memory in a fresh process each, and
the growth per template from 100 to 1,000."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from benchmarks.bounds import PEAK_KIB
from generator import templates
from generator.catalog.loader import load_catalog
from generator.filled.reader import load_filled

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples" / "portfolio"
SIZES = (100, 1_000)
SECONDS_TARGET = 30.0
MEMORY_TARGET_MIB = 500
GROWTH_TARGET = 1.2
_PEAK = (
    """
import resource, sys, time
from generator.cli import main
start = time.perf_counter()
code = main(sys.argv[1:])
elapsed = time.perf_counter() - start
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
"""
    + PEAK_KIB
    + """
print(f"PEAK {max(peak_kib, kids.ru_maxrss)} {elapsed} {code} {cpu}", file=sys.stderr)
"""
)


def make_folder(root: Path, size: int) -> Path:
    """size templates in ten subfolders: the demo's YAML files and workbooks written
    from them, in turn."""
    catalog = load_catalog(ROOT / "checklists")
    sources = sorted(DEMO.rglob("*.yaml"))
    books = [
        templates.render(catalog, load_filled(p, catalog), "xlsx", "nb", p.name) for p in sources
    ]
    for n in range(size):
        folder = root / f"team-{n % 10}"
        folder.mkdir(parents=True, exist_ok=True)
        k = n // 2 % len(sources)
        if n % 2:
            (folder / f"case-{n:04d}.xlsx").write_bytes(books[k])
        else:
            shutil.copy(sources[k], folder / f"case-{n:04d}.yaml")
    return root


def run_once(folder: Path, out: Path) -> tuple[float, float, int, float]:
    """Seconds, peak MiB (of the process or its largest reader), exit code and CPU
    seconds of one `playbook portfolio` in a fresh process."""
    args = ["portfolio", str(folder), "--out", str(out), "--force"]
    run = subprocess.run([sys.executable, "-c", _PEAK, *args], cwd=ROOT,
                         capture_output=True, text=True, check=False)  # fmt: skip
    line = next(x for x in run.stderr.splitlines() if x.startswith("PEAK "))
    _, kib, seconds, code, cpu = line.split()
    return float(seconds), int(kib) / 1024, int(code), float(cpu)


def bench(work: Path) -> list[str]:
    """Prints the table; returns the targets missed."""
    results = {}
    for size in SIZES:
        folder = make_folder(work / f"portfolio-{size}", size)
        results[size] = run_once(folder, work / f"portfolio-out-{size}")
    print("\n| portfolio | templates | seconds | CPU seconds | peak memory MiB | ms per template |")
    print("|---|---:|---:|---:|---:|---:|")
    failed = []
    for size, (seconds, mib, code, cpu) in results.items():
        print(f"| playbook portfolio | {size:,} | {seconds:.2f} | {cpu:.2f} | {mib:.0f} "
              f"| {seconds / size * 1e3:.1f} |")  # fmt: skip
        if code != 0:
            failed.append(f"portfolio exit {code} at {size}")
    big, small = results[1_000], results[100]
    growth = (big[0] / 1_000) / (small[0] / 100)
    print(f"Growth per template 100 -> 1,000: {growth:.2f}x (target at most {GROWTH_TARGET}x); "
          f"1,000 in at most {SECONDS_TARGET:.0f} s and {MEMORY_TARGET_MIB} MiB")  # fmt: skip
    if growth > GROWTH_TARGET:
        failed.append("portfolio growth")
    if big[0] > SECONDS_TARGET:
        failed.append("portfolio seconds")
    if big[1] > MEMORY_TARGET_MIB:
        failed.append("portfolio memory")
    return failed


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory(prefix="playbook-bench-") as tmp:
        sys.exit(1 if bench(Path(tmp)) else 0)
