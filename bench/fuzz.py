"""Mutation fuzz: `blogarchive import` of 1,000 mutants of the real corpus pages.

Each mutant (tests/mockserver/mutants.py, the same for a seed) is a real page of
`../shared/corpus` cut short, with bytes flipped, NULs and control bytes dropped in, re-encoded
as UTF-16, a chunk repeated, nested thousands of `<div>`s deep or given a charset it is not in,
one to three of these at once. They are imported in one run, then again (every file skipped),
then again with `--force` (every file read again), then re-parsed. Prints files/s and what the
figures of issue 17 ask: archived, skipped and errors, tracebacks 0, stops 0, files leaving no
trace 0, changes on importing again or re-parsing 0; and the commonest reasons pages were refused.

    python bench/fuzz.py [--mutants 1000] [--seed 0] [--quick] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import (  # noqa: E402
    CORPUS,
    PYTHON,
    machine,
    report,
    row,
    versions,
    write_json,
)
from tests.mockserver.mutants import (  # noqa: E402
    OPERATIONS,
    content_digest,
    corpus_pages,
    unexpected_errors,
    untraced,
    write_mutants,
)

MUTANTS = 1_000
SEED = 0
# a run that takes longer than this is counted a stop (it hung)
TIMEOUT = 3_600
# the exit codes the README states for an import: 0, or 1 when a page failed
EXIT_CODES = (0, 1)
# how many of the commonest refusal reasons are printed
REASONS = 8


def import_run(archive: Path, folder: Path, *extra: str) -> tuple[dict | None, str, int, float]:
    """`blogarchive import ARCHIVE FOLDER --json`: its summary (None if it printed none), its
    stderr, exit code and seconds."""
    return command_run("import", str(archive), str(folder), *extra)


def command_run(*arguments: str) -> tuple[dict | None, str, int, float]:
    """`blogarchive ARGUMENTS --json`: its summary (None if it printed none), its stderr, exit
    code and seconds."""
    started = time.perf_counter()
    try:
        done = subprocess.run([PYTHON, "-m", "crawler.cli", *arguments, "--json"], cwd=ROOT,
                              capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired as exc:
        return None, str(exc.stderr or ""), -1, time.perf_counter() - started
    seconds = time.perf_counter() - started
    try:
        summary = json.loads(done.stdout)
    except json.JSONDecodeError:
        summary = None
    return summary, done.stderr, done.returncode, seconds


def stopped(summary: dict | None, code: int, files: int) -> bool:
    """Whether a run stopped before it accounted for every file: no summary, an exit code the
    README does not state, or fewer files read than there are."""
    return (summary is None or code not in EXIT_CODES
            or summary["status"] not in ("finished", "failed")
            or summary["budget"]["fetched"] != files)


def reason_kind(reason: str) -> str:
    """A reason without what is particular to its page (its numbers)."""
    return "".join("#" if c.isdigit() else c for c in reason)[:100]


def run(count: int = MUTANTS, seed: int = SEED, corpus: Path = CORPUS, log=print) -> dict:
    if not corpus.is_dir():
        return {"rows": [], "skipped": [f"{corpus} not found: the fuzz needs the shared corpus"]}
    from sqlite_utils import Database

    with tempfile.TemporaryDirectory(prefix="fuzz-") as scratch:
        folder, archive = Path(scratch) / "mutants", Path(scratch) / "fuzz.db"
        made = write_mutants(folder, corpus, count, seed)
        size = sum(len(m.body) for m in made)
        log(f"{len(made)} mutants ({size / 1e6:.1f} MB) of {len(corpus_pages(corpus))} pages "
            f"of {corpus}, seed {seed}")
        summary, stderr, code, seconds = import_run(archive, folder)
        tracebacks = stderr.count("Traceback") + len(unexpected_errors(archive))
        stops = int(stopped(summary, code, len(made)))
        lost = untraced(archive, folder, made)
        first = content_digest(archive)
        db = Database(archive)
        reasons = Counter(reason_kind(r) for (r,) in db.execute(
            "SELECT reason FROM errors WHERE stage != 'pipeline'"))
        warnings = Counter(reason_kind(r) for (r,) in db.execute(
            "SELECT reason FROM errors WHERE stage = 'pipeline'"))
        checks = (db.execute("PRAGMA integrity_check").fetchone()[0],
                  len(db.execute("PRAGMA foreign_key_check").fetchall()))
        db.close()

        again, again_err, again_code, again_seconds = import_run(archive, folder)
        tracebacks += again_err.count("Traceback")
        stops += int(stopped(again, again_code, len(made)))
        skip_changes = sum(a != b for a, b in zip(content_digest(archive).values(),
                                                  first.values(), strict=True))
        forced, forced_err, forced_code, forced_seconds = import_run(archive, folder, "--force")
        tracebacks += forced_err.count("Traceback") + len(unexpected_errors(archive))
        stops += int(stopped(forced, forced_code, len(made)))
        force_changes = sum(a != b for a, b in zip(content_digest(archive).values(),
                                                   first.values(), strict=True))
        reparsed, reparse_err, reparse_code, reparse_seconds = command_run("reparse",
                                                                           str(archive))
        tracebacks += reparse_err.count("Traceback") + len(unexpected_errors(archive))
        stops += int(stopped(reparsed, reparse_code, first["pages"][0]))  # each stored page
        reparse_changes = sum(a != b for a, b in zip(content_digest(archive).values(),
                                                     first.values(), strict=True))

    summary = summary or {}
    figures = {
        "fuzz_mutants": len(made), "fuzz_seed": seed, "fuzz_mb": round(size / 1e6, 1),
        "fuzz_files_per_s": round(len(made) / seconds, 1), "fuzz_seconds": round(seconds, 1),
        "fuzz_archived": summary.get("pages"), "fuzz_skipped": summary.get("skipped"),
        "fuzz_errors": summary.get("errors"), "fuzz_warnings": summary.get("warnings"),
        "fuzz_exit_code": code, "fuzz_tracebacks": tracebacks, "fuzz_stops": stops,
        "fuzz_untraced": len(lost), "fuzz_untraced_files": lost[:20],
        "fuzz_reimport_skipped": (again or {}).get("skipped"),
        "fuzz_reimport_changes": skip_changes,
        "fuzz_force_reimport_changes": force_changes,
        "fuzz_force_reimport_archived": (forced or {}).get("pages"),
        "fuzz_reparse_changes": reparse_changes,
        "fuzz_integrity": checks[0], "fuzz_foreign_key_errors": checks[1],
        "fuzz_search_indexes": {k: first[k][1] for k in ("posts_fts", "comments_fts")},
        "fuzz_operations": dict(Counter(op for m in made for op in m.operations)),
        "fuzz_error_reasons": dict(reasons.most_common()),
        "fuzz_warning_reasons": dict(warnings.most_common(REASONS)),
        "fuzz_rows": {table: first[table][0] for table in ("posts", "comments", "pages")},
    }
    figures["rows"] = [
        row("import mutants", len(made), len(made) / seconds, "files/s"),
        row("import again (skip)", len(made), len(made) / again_seconds, "files/s"),
        row("import again (--force)", len(made), len(made) / forced_seconds, "files/s"),
        row("reparse", len(made), len(made) / reparse_seconds, "files/s"),
    ]
    return figures


def print_figures(figures: dict, log=print) -> None:
    if not figures.get("fuzz_mutants"):
        return
    log(f"\nfiles {figures['fuzz_mutants']}: archived {figures['fuzz_archived']}, "
        f"skipped {figures['fuzz_skipped']}, errors {figures['fuzz_errors']} "
        f"(warnings in archived pages {figures['fuzz_warnings']}); exit code "
        f"{figures['fuzz_exit_code']}")
    log(f"tracebacks {figures['fuzz_tracebacks']}, stops {figures['fuzz_stops']}, "
        f"files leaving no trace {figures['fuzz_untraced']}, "
        f"re-import changes {figures['fuzz_reimport_changes']} "
        f"(--force: {figures['fuzz_force_reimport_changes']}), "
        f"re-parse changes {figures['fuzz_reparse_changes']}, "
        f"integrity {figures['fuzz_integrity']}, foreign key errors "
        f"{figures['fuzz_foreign_key_errors']}, search indexes "
        f"{', '.join(f'{k} {v}' for k, v in figures['fuzz_search_indexes'].items())}")
    log("operations: " + ", ".join(f"{name} {figures['fuzz_operations'].get(name, 0)}"
                                   for name in OPERATIONS))
    log("errors by reason:")
    for reason, n in list(figures["fuzz_error_reasons"].items())[:REASONS]:
        log(f"  {n:5d}  {reason}")
    for name in figures["fuzz_untraced_files"]:
        log(f"no trace: {name}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--mutants", type=int, default=MUTANTS, help="how many mutants")
    p.add_argument("--seed", type=int, default=SEED, help="the mutants' seed")
    p.add_argument("--quick", action="store_true", help="a tenth of the mutants")
    p.add_argument("--corpus", type=Path, default=CORPUS, help="the real pages")
    p.add_argument("--json", type=Path, help="write the figures here")
    args = p.parse_args(argv)
    count = args.mutants // 10 if args.quick else args.mutants
    figures = run(count, args.seed, args.corpus)
    report("mutation fuzz (blogarchive import)", figures)
    print_figures(figures)
    write_json(args.json, {**figures, "versions": versions(), "machine": machine()})
    bad = (figures.get("fuzz_tracebacks"), figures.get("fuzz_stops"),
           figures.get("fuzz_untraced"), figures.get("fuzz_reimport_changes"),
           figures.get("fuzz_force_reimport_changes"), figures.get("fuzz_foreign_key_errors"),
           figures.get("fuzz_integrity", "ok") != "ok",
           any(state != "ok" for state in figures.get("fuzz_search_indexes", {}).values()))
    return 1 if any(bad) else 0


if __name__ == "__main__":
    sys.exit(main())
