"""Every speed benchmark in one run, its figures in one flat JSON object.

    python bench/run.py [--quick] [--json OUT]

Runs `crawl` (which builds the archive `serve` reads), `extract`, `store` and `serve` in turn,
each in its own process as when run alone, prints each one's table, then the headline figures
against their targets. `--quick` takes a tenth of every size (under five minutes on two cores).
The JSON holds at least `crawl_ratio`, `extract_ratio`, `store_comments_per_s`,
`thread_json_p95_ms`, `fts_p95_ms` and `crawl_peak_rss_mb`, with every part's own figures, the
versions and the machine.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    PYTHON,
    ROOT,
    format_table,
    machine,
    parser,
    report,
    row,
    versions,
    write_json,
)


class PartProcess:
    """One part run as `python bench/NAME.py`, in its own process: each part's figures are the
    ones it gives run alone (in one long process the serving part inherited the heap the
    earlier parts left, and its thread JSON p95 doubled from garbage-collector pauses)."""

    def __init__(self, name: str):
        self.name = name

    def run(self, quick: bool = False) -> dict:
        with tempfile.TemporaryDirectory(prefix="bench-") as folder:
            out = Path(folder) / f"{self.name}.json"
            command = [PYTHON, str(ROOT / "bench" / f"{self.name}.py"), "--json", str(out)]
            subprocess.run([*command, *(["--quick"] if quick else [])], cwd=ROOT, check=True)
            result = json.loads(out.read_text(encoding="utf-8"))
        for key in ("versions", "machine"):
            result.pop(key, None)
        return {**result, "reported": True}  # its table is printed by its own process


PARTS = tuple((name, PartProcess(name)) for name in ("crawl", "extract", "store", "serve"))
# headline figure -> (target, whether higher is better)
TARGETS = {
    # with the sample site's traps (actions, views, variants, dead links) on: issue 13
    "crawl_ratio": (0.9, True),
    "requests_per_page_mattered": (1.1, False),
    "extract_ratio": (3.0, True),
    # the same target on the sample site's diary pages (the "such pages with comments")
    "extract_ratio_diaries": (3.0, True),
    "store_comments_per_s": (40_000, True),
    "thread_json_p95_ms": (100, False),
    "fts_p95_ms": (100, False),
    "crawl_peak_rss_mb": (500, False),
}


def run(quick: bool = False, parts=PARTS, log=print) -> dict:
    figures: dict = {"quick": quick, "versions": versions(), "machine": machine(), "parts": {}}
    for name, module in parts:
        started = time.perf_counter()
        result = module.run(quick=quick)
        if not result.pop("reported", False):
            report(name, result, log)
        rows = result.pop("rows", [])
        figures["parts"][name] = {"seconds": round(time.perf_counter() - started, 1),
                                  "rows": rows, "skipped": result.pop("skipped", [])}
        figures.update(result)
    figures["targets"] = {key: {"target": target, "higher_is_better": higher,
                                "met": _met(figures.get(key), target, higher)}
                          for key, (target, higher) in TARGETS.items()}
    log("\n== targets ==")
    log(format_table([row(key, 1, figures.get(key), "", baseline=target,
                          ratio=_ratio(figures.get(key), target, higher))
                      for key, (target, higher) in TARGETS.items()]))
    return figures


def _met(value, target, higher: bool) -> bool | None:
    if value is None:
        return None
    return value >= target if higher else value < target


def _ratio(value, target, higher: bool) -> float | None:
    """How far the figure is toward its target: >= 1 means met (either direction)."""
    if not value:
        return None
    return value / target if higher else target / value


def main(argv: list[str] | None = None) -> int:
    args = parser(__doc__.splitlines()[0]).parse_args(argv)
    write_json(args.json, run(quick=args.quick))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
