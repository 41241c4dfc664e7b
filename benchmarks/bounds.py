"""Bounded time and memory: the worst inputs within the documented limits.

README.md ("Limits") promises that any filled template or profile within the
limits is checked in at most BOUND_SECONDS and BOUND_MIB. Each input here is
made as large as the limit allows and as costly per byte as we know how to make
it (the most YAML nodes, the most problems to explain and locate, the longest
texts); each is checked in a fresh interpreter, as `playbook check` runs, with
the catalog that comes with the tool.

Run on its own as `python -m benchmarks.bounds`; `make bench` runs it too.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from generator.catalog import yamlio

ROOT = Path(__file__).resolve().parent.parent
BOUND_SECONDS = 2.0
BOUND_MIB = 200
BASE = ROOT / "examples" / "filled" / "credit-scoring.filled.yaml"

# One command in a fresh interpreter: its own time and peak resident memory.
# The peak memory of the running interpreter, as peak_kib. Not ru_maxrss: Linux
# carries it over exec from the process that started us, so every command would
# show at least the benchmark's own size. VmHWM belongs to this process alone.
PEAK_KIB = """
import resource
try:
    with open("/proc/self/status", encoding="ascii") as status:
        peak_kib = next(int(l.split()[1]) for l in status if l.startswith("VmHWM:"))
except (OSError, StopIteration):
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
"""
_RUN = (
    """
import sys, time
from generator.cli import main
start = time.perf_counter()
code = main(sys.argv[1:])
elapsed = time.perf_counter() - start
"""
    + PEAK_KIB
    + """
print(f"BOUND {peak_kib} {elapsed} {code}", file=sys.stderr)
"""
)


def _ids() -> Iterator[str]:
    """Item IDs of the right form that no catalog has."""
    for letters in itertools.product("ZYXWQ", repeat=3):
        for n in range(1000):
            yield f"{''.join(letters)}-{n:03d}"


def _fill(head: str, units: Iterator[str], tail: str = "") -> str:
    """head, as many units as fit under the limit, tail."""
    budget = yamlio.MAX_BYTES - len(head.encode()) - len(tail.encode()) - 1
    parts = []
    for unit in units:
        size = len(unit.encode())
        if size > budget:
            break
        parts.append(unit)
        budget -= size
    return head + "".join(parts) + tail


def inputs() -> dict[str, Callable[[], str]]:
    """Worst cases at the size limit, by what makes each one costly."""
    base = BASE.read_text(encoding="utf-8")
    head = base.split("answers:")[0]
    before_goals = head.split("effect_goals:")[0]
    return {
        # every answer a finding to locate (answer-unknown-item)
        "unknown answer IDs": lambda: _fill(
            head + "answers:\n", (f"  {i}: {{status: done}}\n" for i in _ids())
        ),
        # every key fails the schema (propertyNames)
        "keys of the wrong form": lambda: _fill(
            head + "answers:\n", (f"  x{n}: {{status: done}}\n" for n in itertools.count())
        ),
        # two schema problems per answer
        "wrong status and due": lambda: _fill(
            head + "answers:\n", (f"  {i}: {{status: x, due: 2026-13-45}}\n" for i in _ids())
        ),
        # the most YAML nodes per byte: a flow list of one-digit numbers
        "one-digit numbers": lambda: _fill(
            before_goals + "effect_goals: [", itertools.repeat("1,"), "1]\n"
        ),
        # every answer has a control character (text-control-character)
        "control characters": lambda: _fill(
            head + "answers:\n",
            (f'  {i}: {{status: done, evidence: "\\e"}}\n' for i in _ids()),
        ),
        # the same key again and again (yaml-duplicate-key)
        "duplicate keys": lambda: _fill(
            head + "answers:\n", itertools.repeat("  VAL-001: {status: done}\n")
        ),
        # the longest texts a cell holds, and over
        "long texts": lambda: _fill(
            head + "answers:\n",
            (f'  {i}: {{status: done, comment: "{"x" * 32_000}"}}\n' for i in _ids()),
        ),
        # deep nesting (the parser's own depth limit)
        "deep nesting": lambda: _fill(head + "answers: ", itertools.repeat("["), "\n"),
        # a valid template, answers and all, as large as allowed
        "valid, many comments": lambda: _fill(
            base.rstrip("\n") + "\n", itertools.repeat("# a comment line that YAML skips\n")
        ),
    }


def run_command(args: list[str]) -> tuple[float, float, int]:
    """(seconds, peak MiB, exit code) of one `playbook` command in a fresh interpreter."""
    run = subprocess.run(
        [sys.executable, "-c", _RUN, *args], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if "Traceback" in run.stderr:
        raise AssertionError(f"{' '.join(args)}: traceback\n{run.stderr[-2000:]}")
    line = next(x for x in run.stderr.splitlines() if x.startswith("BOUND "))
    _, kib, seconds, code = line.split()
    return float(seconds), int(kib) / 1024, int(code)


def measure(path: Path) -> tuple[float, float, int]:
    """(seconds, peak MiB, exit code) of `playbook check` on path."""
    return run_command(["check", str(path), "--gate", "G1"])


def bounds(work: Path) -> list[str]:
    """Print a table of the worst inputs within the limits; the bounds missed."""
    print(f"\n| input at the limit ({yamlio.MAX_BYTES // 1024} KiB) | exit | seconds | peak MiB |")
    print("|---|---:|---:|---:|")
    missed = []
    for name, make in inputs().items():
        path = work / (name.replace(" ", "-").replace(",", "") + ".yaml")
        path.write_text(make(), encoding="utf-8")
        assert path.stat().st_size <= yamlio.MAX_BYTES, name
        seconds, mib, code = measure(path)
        print(f"| {name} | {code} | {seconds:.2f} | {mib:.0f} |")
        if seconds > BOUND_SECONDS or mib > BOUND_MIB:
            missed.append(f"bound on {name}")
    print(
        f"(bound: any filled template within the limits is checked in at most "
        f"{BOUND_SECONDS:.0f} s with at most {BOUND_MIB} MiB peak)"
    )
    return missed


if __name__ == "__main__":
    with tempfile.TemporaryDirectory(prefix="playbook-bounds-") as tmp:
        failed = bounds(Path(tmp))
    print("Bounds missed: " + (", ".join(failed) if failed else "none"))
    sys.exit(1 if failed else 0)
