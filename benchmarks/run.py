"""The benchmark behind `make bench`: catalog validation, rendering and
templates at 100, 1,000 and 10,000 items; the project's share of a real site
build; Lighthouse on the built site. Prints a table; benchmarks/README.md
records a run and the targets.

Run as `python -m benchmarks.run` from the repository root.
"""

from __future__ import annotations

import cProfile
import functools
import gzip
import http.server
import io
import json
import os
import platform
import pstats
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from benchmarks import instructions
from benchmarks.synthetic import write_catalog
from generator import templates
from generator.catalog.loader import load_catalog
from generator.site import html as render
from generator.site.downloads import blank_profile

ROOT = Path(__file__).resolve().parent.parent
SIZES = (100, 1_000, 10_000)
LIGHTHOUSE = ROOT / "benchmarks" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)


def best_of(runs: int, fn: Callable[[], object]) -> float:
    """The fastest of several runs: the least disturbed by the rest of the machine."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def bare_parse(paths: list[Path]) -> None:
    for path in paths:
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def measure(size: int, workdir: Path) -> dict[str, float]:
    root = workdir / f"catalog-{size}"
    files = write_catalog(root, size)
    runs = 3 if size <= 1_000 else 2
    catalog = load_catalog(root)
    assert len(catalog.items) == size
    profile = blank_profile("generative", "high", "nb")

    def render_all() -> None:
        for lang in ("nb", "en"):
            render.checklist(catalog, lang)

    def template_all() -> None:
        for fmt in templates.FORMATS:
            templates.render(catalog, profile, fmt, "nb", "bench.yaml")

    return {
        "parse": best_of(runs, lambda: bare_parse(files)),
        "validate": best_of(runs, lambda: load_catalog(root)),
        "render": best_of(runs, render_all),
        "template": best_of(runs, template_all),
        "bytes": sum(p.stat().st_size for p in files),
    }


def plain_build(site_dir: Path) -> None:
    """A build in a fresh process, as `make build` runs it: nothing cached."""
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site_dir)],
        cwd=ROOT, check=True,
    )  # fmt: skip


def own_share_of_site_build(site_dir: Path) -> tuple[float, float, list[tuple[str, float]]]:
    """(build seconds, seconds in generator/ code and what it calls, top functions).

    Under cProfile: absolute times are inflated, the share is what counts. A
    function of ours counts with its callees, but only where a function that
    is not ours called it, so nested calls of ours are not counted twice.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    os.environ.pop("SOURCE_DATE_EPOCH", None)
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site_dir))
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.runcall(build, config)
    total = time.perf_counter() - start
    stats: Any = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    ours = str(ROOT / "generator") + os.sep

    def is_ours(func: tuple[str, int, str]) -> bool:
        return func[0].startswith(ours)

    entry: dict[str, float] = {}
    for func, (_cc, _nc, _tt, _ct, callers) in stats.items():
        if not is_ours(func):
            continue
        for caller, (_c, _n, _t, cumulative) in callers.items():
            if not is_ours(caller):
                name = f"{Path(func[0]).name}:{func[2]}"
                entry[name] = entry.get(name, 0.0) + cumulative
    top = sorted(entry.items(), key=lambda kv: -kv[1])[:5]
    return total, sum(entry.values()), top


class _Gzipping(http.server.SimpleHTTPRequestHandler):
    """A static host as the site will have one: text compressed with gzip, as
    GitHub Pages and the like do. Python's own server sends everything raw,
    which would measure the server rather than the site."""

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        compress = (
            "gzip" in self.headers.get("Accept-Encoding", "")
            and path.is_file()
            and path.suffix in (".html", ".css", ".js", ".json", ".xml", ".svg")
        )
        if not compress:
            return super().send_head()  # also redirects "dir" to "dir/"
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Gzipping, directory=str(directory))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def lighthouse(url: str, out: Path) -> dict[str, float]:
    """Lighthouse's default (mobile, simulated throttling) run of one page."""
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
         "--only-categories=performance,accessibility", f"--chrome-flags={CHROME_FLAGS}"],
        env=env, check=True,
    )  # fmt: skip
    report = json.loads(out.read_text(encoding="utf-8"))
    audits = report["audits"]
    return {
        "performance": round(report["categories"]["performance"]["score"] * 100),
        "accessibility": round(report["categories"]["accessibility"]["score"] * 100),
        "kib": audits["total-byte-weight"]["numericValue"] / 1024,
        "lcp_s": audits["largest-contentful-paint"]["numericValue"] / 1000,
    }


def machine() -> str:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        memory = f"{mem_kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        memory = "unknown"
    return (
        f"{os.cpu_count()} CPUs ({cpu}), {memory} memory, Python {platform.python_version()}, "
        f"PyYAML {yaml.__version__} with libyaml {yaml.__with_libyaml__}"
    )


def main() -> int:
    print(f"Machine: {machine()}\n")
    failed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="playbook-bench-") as tmp:
        work = Path(tmp)
        results = {size: measure(size, work) for size in SIZES}
        print(
            "| items | YAML MiB | bare C parse s | validate s | render s | template s "
            "| validate/parse | render/parse | validate µs/item | render µs/item |"
        )
        print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for size, r in results.items():
            print(
                f"| {size:,} | {r['bytes'] / 2**20:.2f} | {r['parse']:.3f} | {r['validate']:.3f} "
                f"| {r['render']:.3f} | {r['template']:.3f} | {r['validate'] / r['parse']:.2f}x "
                f"| {r['render'] / r['parse']:.2f}x | {r['validate'] / size * 1e6:.0f} "
                f"| {r['render'] / size * 1e6:.1f} |"
            )
        big, mid = results[10_000], results[1_000]
        ratio_v = big["validate"] / big["parse"]
        ratio_r = big["render"] / big["parse"]
        growth = {k: big[k] / mid[k] for k in ("validate", "render", "template")}
        parse_growth = big["parse"] / mid["parse"]
        print()
        print(f"10,000 items: validate {ratio_v:.2f}x and render {ratio_r:.2f}x the bare parse "
              f"(target under 3x each)")  # fmt: skip
        print("Growth 1,000 -> 10,000 items: "
              + ", ".join(f"{k} {v:.1f}x" for k, v in growth.items()) + f"; the bare parse itself {parse_growth:.1f}x (target at most 11x)")  # fmt: skip
        if ratio_v >= 3 or ratio_r >= 3:
            failed.append("validate/render vs bare parse")
        if max(growth.values()) > 11:
            failed.append("growth")
        if instructions.available():
            counted = instructions.per_stage({n: work / f"catalog-{n}" for n in (1_000, 10_000)})
            by_instr = {k: counted[10_000][k] / counted[1_000][k] for k in counted[1_000]}
            print("Growth 1,000 -> 10,000 items in instructions (callgrind): "
                  + ", ".join(f"{k} {v:.2f}x ({counted[1_000][k] / 1e6:,.0f}M -> {counted[10_000][k] / 1e6:,.0f}M)"
                              for k, v in by_instr.items()) + " (target at most 11x)")  # fmt: skip
            if max(by_instr.values()) > 11:
                failed.append("growth in instructions")
        else:
            print("Growth in instructions: valgrind is not installed (apt-get install valgrind)")

        site = work / "site"
        # First in this process, so that no cache of site_macros is warm yet.
        total, own, top = own_share_of_site_build(site)
        wall = best_of(2, lambda: plain_build(work / "plain-site"))
        print(f"\nSite build without a profiler: {wall:.2f} s (fresh process, best of 2)")
        share = own / total
        print(f"Site build under cProfile: {total:.2f} s, of which the project's own code "
              f"(generator/, with what it calls) {own:.2f} s = {share:.1%} (target under 15%)")  # fmt: skip
        for name, seconds in top:
            print(f"  {name}: {seconds:.2f} s")
        if share >= 0.15:
            failed.append("project share of the site build")

        if not LIGHTHOUSE.exists():
            print(f"\nLighthouse: not installed at {LIGHTHOUSE}; `make bench` installs it")
            failed.append("lighthouse missing")
        else:
            print("\n| page | performance | accessibility | page weight KiB | LCP s |")
            print("|---|---:|---:|---:|---:|")
            with serve(site) as base:
                for name, path in (("home", ""), ("catalog", "catalog/"), ("builder", "builder/")):
                    r = lighthouse(base + path, work / f"lh-{name}.json")
                    print(f"| {name} | {r['performance']} | {r['accessibility']} "
                          f"| {r['kib']:.0f} | {r['lcp_s']:.2f} |")  # fmt: skip
                    if r["performance"] < 95 or r["accessibility"] < 100:
                        failed.append(f"lighthouse {name}")
        shutil.rmtree(site, ignore_errors=True)
    print("\nTargets missed: " + (", ".join(failed) if failed else "none"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
