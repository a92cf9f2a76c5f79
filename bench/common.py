"""What every benchmark shares: timing, percentiles, versions, RSS, the results folder, the table.

Each benchmark module (`crawl`, `extract`, `store`, `serve`) has its sizes as constants at the top,
a `run(quick=False, ...) -> dict` that returns its flat figures (the keys `run.py` merges into one
JSON object) plus `rows` (what the table prints), and a `main()` to run it alone.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "results"
CORPUS = ROOT.parent / "shared" / "corpus"
PYTHON = sys.executable
PACKAGES = ("scrapy", "trafilatura", "lxml", "sqlite-utils", "datasette", "twisted")
TABLE_COLUMNS = ("name", "n", "rate", "unit", "p50_ms", "p95_ms", "baseline", "ratio")


def percentile(values: list[float], share: float) -> float | None:
    """The `share` percentile (0.95 for p95) by linear interpolation; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    at = (len(ordered) - 1) * share
    low = int(at)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (at - low)


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def versions() -> dict:
    """Python, SQLite and the packages whose speed the figures depend on."""
    import sqlite3

    found = {"python": platform.python_version(), "sqlite": sqlite3.sqlite_version}
    for name in PACKAGES:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = None
    return found


def machine() -> dict:
    return {"cpus": os.cpu_count(), "platform": platform.platform(),
            "processor": _cpu_model()}


def _cpu_model() -> str | None:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


def rss_mb(pid: int) -> float | None:
    """A process's resident memory now (MB), from /proc; None when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        return None
    return None


def children(pid: int) -> list[int]:
    """Every descendant of a process (a crawl may be more than one process)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        try:
            text = Path(f"/proc/{current}/task/{current}/children").read_text()
        except OSError:
            continue
        kids = [int(k) for k in text.split()]
        found.extend(kids)
        todo.extend(kids)
    return found


def tree_rss_mb(pid: int) -> float | None:
    """Resident memory of a process and all its descendants together (MB)."""
    total = rss_mb(pid)
    if total is None:
        return None
    return total + sum(rss_mb(kid) or 0 for kid in children(pid))


def row(name: str, n: int, rate: float | None = None, unit: str = "", p50: float | None = None,
        p95: float | None = None, baseline: float | None = None,
        ratio: float | None = None) -> dict:
    """One line of a benchmark's table (rates per second, times in ms)."""
    return {"name": name, "n": n, "rate": rate, "unit": unit, "p50_ms": p50, "p95_ms": p95,
            "baseline": baseline, "ratio": ratio}


def format_table(rows: list[dict]) -> str:
    """The rows as one aligned table: name, n, rate and unit, p50/p95 ms, baseline, ratio."""
    def cell(value) -> str:
        if value is None:
            return "-"
        if isinstance(value, float):
            return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3g}" if abs(
                value) < 10 else f"{value:.1f}"
        return str(value)

    body = [[cell(r.get(c)) for c in TABLE_COLUMNS] for r in rows]
    widths = [max(len(c), *(len(line[i]) for line in body)) if body else len(c)
              for i, c in enumerate(TABLE_COLUMNS)]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                       for i, (c, w) in enumerate(zip(TABLE_COLUMNS, widths, strict=True)))]
    lines.append("  ".join("-" * w for w in widths))
    for line in body:
        lines.append("  ".join(v.ljust(w) if i == 0 else v.rjust(w)
                               for i, (v, w) in enumerate(zip(line, widths, strict=True))))
    return "\n".join(lines)


def report(title: str, result: dict, log=print) -> None:
    """Print a benchmark's heading, its table and its skipped baselines."""
    log(f"\n== {title} ==")
    log(format_table(result.get("rows", [])))
    for reason in result.get("skipped", []):
        log(f"skipped: {reason}")


def parser(description: str) -> argparse.ArgumentParser:
    """The options every benchmark takes when run alone."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--quick", action="store_true", help="a tenth of the sizes")
    p.add_argument("--json", type=Path, help="write the figures here")
    return p


def write_json(path: Path | None, data: dict) -> None:
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, sort_keys=True, default=str) + "\n",
                    encoding="utf-8")


def standalone(title: str, run, argv: list[str] | None = None) -> int:
    """`python bench/NAME.py [--quick] [--json OUT]`: run one benchmark, print, write."""
    args = parser(title).parse_args(argv)
    result = run(quick=args.quick)
    report(title, result)
    write_json(args.json, {**result, "versions": versions(), "machine": machine()})
    return 0
