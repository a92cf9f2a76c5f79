"""Random kills: a crawl killed with SIGKILL at a random moment, resumed, and compared row for
row with the same crawl left alone.

Serves a generated sample site on 127.0.0.1, crawls it once uninterrupted into a reference
archive, then runs `--trials` trials: each starts `blogarchive crawl` on a fresh archive, kills
it with SIGKILL (the crawl process only: its extraction worker must go with it) at a moment
drawn from the seed, then runs `blogarchive crawl --resume` until a run ends finished. The
moment: in a fifth of the trials, any time of the start-up (before the reference crawl stored
its first post: making the archive, robots.txt, the first listings); in the others, once a
random number of the site's posts are stored (before the last batch), and up to 0.3 s later.
A trial is identical when the archive has the reference's posts, comments (ids, parents,
depth, position, author, time, hashes of text and HTML), authors, recommendations, tags and
pages, a full-text index that holds exactly its rows (FTS5's integrity-check), passes `PRAGMA
integrity_check` and `foreign_key_check`, no process of the killed crawl outlives it, and its
runs are recorded truthfully: the killed run `interrupted` (`finished` if it had closed before
the kill, absent if it was killed before it opened the archive), never left `running`, and the
last one `finished`.

    python bench/kills.py [--trials 20] [--seed 0] [--json OUT]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import PYTHON, children, machine, versions, write_json  # noqa: E402
from crawler.samplesite import SampleHTTPServer, SampleSite  # noqa: E402

TRIALS = 20
SEED = 0
# a site whose crawl takes some seconds: long enough to be killed in its middle
SITE = {"seed": 11, "diaries": 24, "posts": 12, "max_comments": 300, "max_depth": 10,
        "thread_page_size": 80, "wp_comments_per_page": 10, "list_page_size": 6,
        "blog_page_size": 4}
BATCH_PAGES = 5
SETTINGS = ("-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0",
            "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=4", "-s", f"ARCHIVE_BATCH_PAGES={BATCH_PAGES}",
            "-s", "ARCHIVE_PROGRESS=0")
# resumes a trial may take before it counts as not completing
MAX_RESUMES = 3
# seconds a killed crawl's worker may take to notice its parent is gone
ORPHAN_WAIT = 10
# the share of trials killed during the start-up; the others once some posts are stored, and up
# to JITTER seconds later
STARTUP_SHARE = 0.2
JITTER = 0.3
# seconds a crawl may take to store the posts a kill waits for (then it is killed anyway)
WAIT_LIMIT = 300


class QuietServer(SampleHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """A killed crawl's connections reset: expected here, not worth a traceback."""


def crawl(archive: Path, url: str, *extra: str) -> subprocess.Popen:
    """`blogarchive crawl ARCHIVE URL`, its log to a file beside the archive (a pipe nobody
    reads until the kill would stall a crawl that logs much)."""
    log = archive.parent / f"{archive.stem}-{len(list(archive.parent.glob('*.log')))}.log"
    with log.open("w") as stderr:
        process = subprocess.Popen([PYTHON, "-m", "crawler.cli", "crawl", str(archive), url,
                                    *SETTINGS, *extra], cwd=ROOT, stdout=subprocess.DEVNULL,
                                   stderr=stderr)
    process.log = log
    return process


def finish(process: subprocess.Popen) -> str:
    """Wait for a crawl to end; its stderr. If the wait is cut short (Ctrl-C), the crawl is
    killed with it, so no crawl of the benchmark outlives it."""
    try:
        process.wait()
        return process.log.read_text(errors="replace")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def archive_rows(path: Path) -> dict:
    """What an archive holds, as rows to compare (times of fetching left out; authors, tags and
    pages by what they are, not by the integer ids their order of storing gave them)."""
    from sqlite_utils import Database

    def digest(text) -> str | None:
        return None if text is None else hashlib.sha256(text.encode()).hexdigest()[:16]

    db = Database(path)
    rows = {
        "posts": [(*row[:5], digest(row[5]), digest(row[6])) for row in db.execute(
            "SELECT p.id, p.url, p.title, a.name, p.published, p.body_text, p.body_html "
            "FROM posts p LEFT JOIN authors a ON a.id = p.author_id ORDER BY p.id")],
        "comments": [(*row[:8], digest(row[8]), digest(row[9])) for row in db.execute(
            "SELECT c.id, c.post_id, c.parent_id, c.depth, c.position, c.path, a.name, c.posted, "
            "c.body_text, c.body_html FROM comments c LEFT JOIN authors a "
            "ON a.id = c.author_id ORDER BY c.id")],
        "authors": db.execute("SELECT s.host, a.name FROM authors a JOIN sites s "
                              "ON s.id = a.site_id ORDER BY 1, 2").fetchall(),
        "recommendations": db.execute(
            "SELECT r.comment_id, a.name FROM recommendations r JOIN authors a "
            "ON a.id = r.author_id ORDER BY 1, 2").fetchall(),
        "tags": db.execute("SELECT pt.post_id, t.name, t.kind FROM post_tags pt JOIN tags t "
                           "ON t.id = pt.tag_id ORDER BY 1, 2, 3").fetchall(),
        "pages": db.execute("SELECT DISTINCT url, content_hash FROM pages ORDER BY 1, 2")
        .fetchall(),
    }
    db.close()
    return rows


def archive_checks(path: Path) -> dict:
    """SQLite's checks and each search index's state: what must hold of any archive."""
    from sqlite_utils import Database

    from tests.mockserver.mutants import SEARCH_INDEXES, search_index_state

    db = Database(path)
    checks = {"integrity": db.execute("PRAGMA integrity_check").fetchone()[0],
              "foreign_keys": len(db.execute("PRAGMA foreign_key_check").fetchall()),
              **{index: search_index_state(db, index) for index in SEARCH_INDEXES}}
    db.close()
    return checks


def runs_of(path: Path) -> list[str]:
    """The statuses of an archive's runs, oldest first (none where it has no runs yet: a kill
    while the archive was being made)."""
    from sqlite_utils import Database

    if not path.exists():
        return []
    db = Database(path)
    statuses = ([row[0] for row in db.execute("SELECT status FROM crawls ORDER BY id")]
                if db["crawls"].exists() else [])
    db.close()
    return statuses


def posts_in(path: Path) -> int | None:
    from sqlite_utils import Database

    try:
        db = Database(path)
        count = db.execute("SELECT count(*) FROM posts").fetchone()[0]
        db.close()
        return count
    except Exception:  # noqa: BLE001 - the archive was not made yet
        return None


def wait_for_posts(process: subprocess.Popen, archive: Path, posts: int) -> None:
    """Until the crawl has stored `posts` posts (or ended, or `WAIT_LIMIT` passed)."""
    deadline = time.monotonic() + WAIT_LIMIT
    while (process.poll() is None and time.monotonic() < deadline
           and (posts_in(archive) or 0) < posts):
        time.sleep(0.02)


def trial(number: int, rng: random.Random, url: str, reference: dict, reference_checks: dict,
          startup: float, folder: Path, log=print) -> dict:
    archive = folder / f"trial-{number}.db"
    during_startup = rng.random() < STARTUP_SHARE
    delay = rng.uniform(0.0, startup) if during_startup else rng.uniform(0.0, JITTER)
    # before the last batch: a kill waiting for more posts than that mostly found the run closed
    posts = 0 if during_startup else rng.randint(1, len(reference["posts"]) - 1 - BATCH_PAGES)
    started = time.monotonic()
    process = crawl(archive, url)
    try:
        wait_for_posts(process, archive, posts)
        time.sleep(delay)
        workers = children(process.pid)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    delay = time.monotonic() - started
    deadline = time.monotonic() + ORPHAN_WAIT
    while time.monotonic() < deadline and any(Path(f"/proc/{p}").exists() for p in workers):
        time.sleep(0.1)
    orphans = [p for p in workers if Path(f"/proc/{p}").exists()]
    posts_at_kill = posts_in(archive)
    # how the killed run stood when it died: "finished" if it had closed its record already
    at_kill = runs_of(archive)[-1:]
    resumes, resume_seconds, tracebacks = 0, 0.0, 0
    statuses = runs_of(archive)
    while resumes < MAX_RESUMES and (not statuses or statuses[-1] != "finished" or resumes == 0):
        started = time.perf_counter()
        resumed = crawl(archive, url, "--resume")
        stderr = finish(resumed)
        resume_seconds += time.perf_counter() - started
        resumes += 1
        tracebacks += stderr.count("Traceback")
        statuses = runs_of(archive)
        if resumed.returncode == 0 and statuses and statuses[-1] == "finished":
            break
    rows = archive_rows(archive)
    checks = archive_checks(archive)
    different = [table for table in reference if rows[table] != reference[table]]
    # the killed run interrupted (finished if it had closed its record before the kill; absent
    # if it was killed before it opened the archive), the resumes finished
    killed_as = "finished" if at_kill == ["finished"] else "interrupted"
    truthful = (statuses[-1:] == ["finished"] and "running" not in statuses
                and all(s == killed_as for s in statuses[:-resumes])
                and all(s == "finished" for s in statuses[-resumes:]))
    problems = [*(f"{table} differ" for table in different),
                *([f"checks {checks}"] if checks != reference_checks else []),
                *([] if truthful else ["runs recorded wrongly"]),
                *([f"{len(orphans)} orphaned workers"] if orphans else []),
                *([f"{tracebacks} tracebacks"] if tracebacks else [])]
    identical = not problems
    result = {"trial": number, "kill_after_s": round(delay, 2), "posts_at_kill": posts_at_kill,
              "finished_before_kill": at_kill == ["finished"], "resumes": resumes,
              "resume_s": round(resume_seconds, 2), "runs": statuses, "different": different,
              "checks": checks, "orphans": len(orphans), "tracebacks": tracebacks,
              "truthful": truthful, "problems": problems, "identical": identical}
    log(f"trial {number:2d}: killed after {delay:5.2f} s with {posts_at_kill} posts stored, "
        f"{resumes} resume(s) in {resume_seconds:5.1f} s, runs {'/'.join(statuses)}: "
        f"{'identical' if identical else 'NOT IDENTICAL: ' + '; '.join(problems)}"
        f"{' (the run had ended before the kill)' if at_kill == ['finished'] else ''}")
    return result


def run(trials: int = TRIALS, seed: int = SEED, log=print) -> dict:
    rng = random.Random(seed)
    server = QuietServer(SampleSite(**SITE))
    server.start()
    try:
        with tempfile.TemporaryDirectory(prefix="kills-") as scratch:
            folder = Path(scratch)
            reference_path = folder / "reference.db"
            started = time.perf_counter()
            whole = crawl(reference_path, server.url + "/")
            wait_for_posts(whole, reference_path, 1)
            startup = time.perf_counter() - started
            stderr = finish(whole)
            duration = time.perf_counter() - started
            if whole.returncode != 0:
                raise SystemExit(f"the reference crawl failed: {stderr[-2000:]}")
            reference = archive_rows(reference_path)
            reference_checks = archive_checks(reference_path)
            log(f"reference: {len(reference['posts'])} posts, {len(reference['comments'])} "
                f"comments, {len(reference['pages'])} pages in {duration:.1f} s (the first post "
                f"after {startup:.1f} s)")
            results = [trial(n, rng, server.url + "/", reference, reference_checks, startup,
                             folder, log) for n in range(1, trials + 1)]
    finally:
        server.stop()
    identical = sum(r["identical"] for r in results)
    killed_midway = sum(bool(r["posts_at_kill"]) and r["posts_at_kill"] < len(reference["posts"])
                        for r in results)
    return {
        "kills_trials": trials, "kills_seed": seed, "kills_identical": identical,
        "kills_truthful_runs": sum(r["truthful"] for r in results),
        "kills_midway": killed_midway,
        "kills_before_first_post": sum(not r["posts_at_kill"] for r in results),
        "kills_after_finish": sum(r["finished_before_kill"] for r in results),
        "kills_orphaned_workers": sum(r["orphans"] for r in results),
        "kills_tracebacks": sum(r["tracebacks"] for r in results),
        "kills_mean_resume_s": round(sum(r["resume_s"] for r in results) / trials, 2),
        "kills_reference_s": round(duration, 2), "kills_startup_s": round(startup, 2),
        "kills_reference": {"posts": len(reference["posts"]),
                            "comments": len(reference["comments"]),
                            "pages": len(reference["pages"])},
        "kills_site": SITE, "kills_results": results,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--trials", type=int, default=TRIALS, help="how many kills")
    p.add_argument("--seed", type=int, default=SEED, help="the seed of the kill times")
    p.add_argument("--json", type=Path, help="write the figures here")
    args = p.parse_args(argv)
    figures = run(args.trials, args.seed)
    print(f"\ntrials {figures['kills_trials']}: identical {figures['kills_identical']}, "
          f"runs marked truthfully {figures['kills_truthful_runs']}; killed midway "
          f"{figures['kills_midway']}, before the first post {figures['kills_before_first_post']}"
          f", after the crawl ended {figures['kills_after_finish']}; orphaned workers "
          f"{figures['kills_orphaned_workers']}, tracebacks {figures['kills_tracebacks']}; "
          f"mean resume {figures['kills_mean_resume_s']} s (the whole crawl: "
          f"{figures['kills_reference_s']} s)")
    write_json(args.json, {**figures, "versions": versions(), "machine": machine()})
    return 0 if figures["kills_identical"] == figures["kills_trials"] else 1


if __name__ == "__main__":
    sys.exit(main())
