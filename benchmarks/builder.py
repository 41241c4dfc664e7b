"""The template builder in Chromium: the time from a change in the form (a
click on a risk-class radio) to the next frame after the preview is updated,
with the real catalog and with a synthetic catalog of 1,000 items.

The page is the built site's own builder page. For the synthetic run, the
browser is handed a generated data/catalog.json in place of the real one (a
Playwright route; nothing leaves the machine). The synthetic catalog's items
only depend on personal data, so every fourth item is made to apply to high
risk alone: each click then adds or removes some 250 items, the heaviest kind
of change the preview makes. Targets: at most 100 ms with the real catalog, at
most 300 ms with 1,000 items, judged on the slowest of the changes.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path
from typing import Any

from benchmarks.synthetic import write_catalog
from generator.catalog.loader import load_catalog
from generator.site.publish import catalog_data

CHROMIUM = "/usr/bin/chromium"
CHANGES = 20
TARGETS_MS = {"real": 100.0, "synthetic": 300.0}

# Runs in the page: alternate the risk class, and time each click to the frame after it.
_MEASURE = """async ([n]) => {
  const times = [];
  const counts = [];
  for (let i = 0; i < n; i++) {
    const radio = document.getElementById(i % 2 ? "pb-b-risk_class-minimal" : "pb-b-risk_class-high");
    const start = performance.now();
    radio.click();
    await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
    times.push(performance.now() - start);
    counts.push(document.querySelectorAll("#pb-b-items li").length);
  }
  return [times, counts];
}"""


def synthetic_catalog(work: Path, size: int = 1_000) -> bytes:
    root = work / f"builder-catalog-{size}"
    write_catalog(root, size)
    data = catalog_data(load_catalog(root))
    for n, item in enumerate(data["items"]):
        if n % 4 == 0:
            item["applies_when"] = {**item.get("applies_when", {}), "risk_class": ["high"]}
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def _run(base: str, catalog: bytes | None) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM_ARGS

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            if catalog is not None:
                page.route(
                    "**/data/catalog.json",
                    lambda route: route.fulfill(
                        body=catalog, content_type="application/json; charset=utf-8"
                    ),
                )
            page.goto(base + "builder/", wait_until="load")
            page.wait_for_selector("#pb-builder[data-ready]")
            for choice in ("ai_type-generative", "personal_data-true", "actor-both"):
                page.check(f"#pb-b-{choice}")
            page.check("#pb-b-risk_class-minimal")
            page.wait_for_timeout(200)
            times, counts = page.evaluate(_MEASURE, [CHANGES])
        finally:
            browser.close()
    return {"times": times, "counts": counts}


def bench(site: Path, work: Path) -> list[str]:
    """Prints the table; returns the targets missed. `site` is a built site."""
    from benchmarks.run import serve

    if not Path(CHROMIUM).exists():
        print(f"\nBuilder preview: Chromium is not installed at {CHROMIUM} (make browser)")
        return ["builder preview: chromium missing"]
    runs = {}
    with serve(site) as base:
        runs["real"] = _run(base, None)
        runs["synthetic"] = _run(base, synthetic_catalog(work))
    print("\n| builder preview | items shown (minimal / high) | changes | median ms | slowest ms "
          "| target ms |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|")
    failed = []
    for name, r in runs.items():
        times, counts = r["times"], r["counts"]
        slowest = max(times)
        shown = f"{min(counts)} / {max(counts)}"
        print(f"| {name} catalog | {shown} | {len(times)} | {statistics.median(times):.1f} "
              f"| {slowest:.1f} | {TARGETS_MS[name]:.0f} |")  # fmt: skip
        if min(counts) == max(counts) or slowest > TARGETS_MS[name]:
            failed.append(f"builder preview ({name} catalog)")
    print("(a click on a risk-class radio to the frame after the updated preview, "
          "Chromium headless at 1366x768; each click adds or removes items)")  # fmt: skip
    return failed


if __name__ == "__main__":
    import sys
    import tempfile

    from tests.conftest import ROOT, mkdocs_build

    with tempfile.TemporaryDirectory(prefix="playbook-builder-bench-") as tmp:
        built = mkdocs_build(ROOT, Path(tmp) / "site")
        if built.returncode:
            sys.exit(built.stderr)
        missed = bench(Path(tmp) / "site", Path(tmp))
    print("\nTargets missed: " + (", ".join(missed) if missed else "none"))
    sys.exit(1 if missed else 0)
