"""`blogarchive schedule`: rules and a pinned clock, the table, leases, and real runners crawling
the sample site on 127.0.0.1 (crashes, two runners at once, SIGTERM)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

from crawler.cli import cli
from crawler.samplesite import SampleSite, serve_sample_site
from crawler.schedule.runner import (
    LEASE_SECONDS,
    RunOutcome,
    Schedule,
    ScheduleStore,
    crash_status,
    crawl_argv,
    describe_every,
    format_time,
    parse_every,
    parse_time,
    read_summary,
)
from db.schema import open_archive
from tests.commands.test_crawl import FAST
from tests.conftest import ROOT

T0 = "2024-03-01T12:00:00Z"
# three diaries: a front page of fewer teasers does not read as a listing (see discovery.kinds)
TINY = {"seed": 3, "diaries": 3, "posts": 1, "max_comments": 8, "max_depth": 3}


def at(text: str = T0, **delta) -> str:
    return format_time(parse_time(text) + timedelta(**delta))


# --- rules and due times, by a pinned clock --------------------------------------------------
@pytest.mark.parametrize(("text", "seconds", "back"), [
    ("6h", 21600, "6h"), ("30m", 1800, "30m"), ("1h30m", 5400, "1h30m"), ("2d", 172800, "2d"),
    ("90", 90, "1m30s"), ("1w", 604800, "7d"),
])
def test_every_intervals(text, seconds, back):
    assert parse_every(text) == seconds
    assert describe_every(seconds) == back


@pytest.mark.parametrize("bad", ["", "0h", "6x", "h", "six hours", "6h tomorrow"])
def test_bad_intervals_are_refused(bad):
    with pytest.raises(ValueError):
        parse_every(bad)


@pytest.mark.parametrize(("schedule", "started", "ended", "expected"), [
    # every: an interval after the last start
    (Schedule("a", ["u"], every_seconds=3600), T0, at(minutes=5), at(hours=1)),
    # a run longer than its interval is followed at once
    (Schedule("a", ["u"], every_seconds=600), T0, at(minutes=25), at(minutes=25)),
    # cron: the next match after the run ended
    (Schedule("c", ["u"], cron="0 */6 * * *"), T0, at(minutes=5), at(hours=6)),
    (Schedule("c", ["u"], cron="30 2 * * 1"), T0, at(minutes=5), "2024-03-04T02:30:00Z"),
])
def test_next_due(schedule, started, ended, expected):
    assert format_time(schedule.next_after(parse_time(started), parse_time(ended))) == expected


def test_due_by_the_clock():
    schedule = Schedule("a", ["u"], every_seconds=3600, next_due=at(hours=1))
    assert not schedule.is_due(parse_time(at(minutes=59, seconds=59)))
    assert schedule.is_due(parse_time(at(hours=1)))
    assert Schedule("new", ["u"], every_seconds=60).is_due(parse_time(T0))  # never run: due
    schedule.paused = True
    assert not schedule.is_due(parse_time(at(hours=2)))


def test_crawl_command_line_carries_the_options():
    schedule = Schedule("a", ["http://x/", "http://y/"], every_seconds=60, spider="diaries",
                        options={"depth": 2, "max_pages": 10, "include": ["/story/"],
                                 "settings": ["DOWNLOAD_DELAY=0"], "contact": "http://me/"})
    argv = crawl_argv(schedule, "a.db")
    assert argv[1:7] == ["-m", "crawler.cli", "crawl", "a.db", "http://x/", "http://y/"]
    joined = " ".join(argv)
    for part in ("--spider diaries", "--json", "--depth 2", "--max-pages 10",
                 "--include /story/", "-s DOWNLOAD_DELAY=0", "--contact http://me/"):
        assert part in joined


def test_crash_status_and_summary():
    assert crash_status(-signal.SIGKILL) == "killed (SIGKILL)"
    assert crash_status(3) == "crashed (exit 3)"
    assert read_summary('log\n{"crawl_id": 4, "status": "finished"}\n') == {
        "crawl_id": 4, "status": "finished"}
    assert read_summary("Traceback ...\nValueError: x\n") is None


# --- the table and its leases ----------------------------------------------------------------
def test_leases_one_runner_and_one_crawl_per_archive(archive_path):
    store = ScheduleStore(open_archive(archive_path))
    now = parse_time(T0)
    a = store.add(Schedule("a", ["http://a/"], every_seconds=3600), now)
    b = store.add(Schedule("b", ["http://b/"], every_seconds=3600), now)
    assert store.claim(a.id, "runner-1", now)
    assert not store.claim(a.id, "runner-2", now), "a held schedule was taken twice"
    assert not store.claim(b.id, "runner-2", now), "two crawls ran on one archive at once"
    # a runner that died: its lease expires and the schedule is free again
    later = now + timedelta(seconds=LEASE_SECONDS + 1)
    assert store.claim(a.id, "runner-2", later)
    store.release(store.get("a"), "runner-2",
                  RunOutcome("a", later, later, "finished"), later + timedelta(hours=1))
    assert store.get("a").lease_owner is None and store.get("a").last_status == "finished"
    assert not store.claim(a.id, "runner-3", later), "not due again for an hour"
    assert store.claim(b.id, "runner-3", later)


def invoke(*args, ok: bool = True):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    if ok:
        assert result.exit_code == 0, result.output
    return result


def listed(archive_path, now: str) -> dict[str, dict]:
    output = invoke("schedule", "list", archive_path, "--json", "--now", now).output
    return {s["name"]: s for s in json.loads(output)}


def test_add_list_pause_resume_remove(archive_path, monkeypatch):
    monkeypatch.delenv("BLOGARCHIVE_NOW", raising=False)
    invoke("schedule", "add", archive_path, "news", "--every", "6h", "https://blog.example/",
           "--depth", "2", "-s", "DOWNLOAD_DELAY=1", "--now", T0)
    # earlier versions' spelling, --db ARCHIVE after the arguments, still works
    invoke("schedule", "add", "nightly", "--cron", "0 3 * * *", "--spider", "diaries",
           "https://diaries.example/", "--db", archive_path, "--now", T0)
    schedules = listed(archive_path, T0)
    assert schedules["news"]["rule"] == "every 6h" and schedules["news"]["due"]
    assert schedules["news"]["options"] == {"depth": 2, "settings": ["DOWNLOAD_DELAY=1"]}
    assert schedules["nightly"]["cron"] == "0 3 * * *"
    assert schedules["nightly"]["spider"] == "diaries"
    lines = invoke("schedule", "list", archive_path, "--nl", "--now", T0).output
    assert [json.loads(line) for line in lines.splitlines()] == list(schedules.values())
    table = invoke("schedule", "list", archive_path, "--now", T0).output.splitlines()
    assert table[0].split()[:3] == ["name", "rule", "spider"] and "next run" in table[0]
    assert any(line.startswith("news") and "due now" in line for line in table)

    invoke("schedule", "pause", archive_path, "news")
    assert not listed(archive_path, T0)["news"]["due"]
    assert "paused" in invoke("schedule", "list", archive_path).output
    invoke("schedule", "resume", archive_path, "news")
    assert listed(archive_path, T0)["news"]["due"]

    invoke("schedule", "remove", archive_path, "nightly")
    assert set(listed(archive_path, T0)) == {"news"}
    assert invoke("schedule", "remove", archive_path, "nightly", ok=False).exit_code == 2


@pytest.mark.parametrize("args", [
    ("--every", "6h", "--cron", "0 * * * *"), (), ("--every", "soon"), ("--cron", "every day"),
])
def test_add_refuses_bad_rules(archive_path, args):
    result = invoke("schedule", "add", archive_path, "x", *args, "https://blog.example/",
                    ok=False)
    assert result.exit_code == 2


def test_names_are_unique(archive_path):
    invoke("schedule", "add", archive_path, "x", "--every", "1h", "https://a.example/")
    again = invoke("schedule", "add", archive_path, "x", "--every", "2h", "https://b.example/",
                   ok=False)
    assert again.exit_code == 2 and "exists" in again.output


# --- runners: real crawls of the sample site -------------------------------------------------
def add(blogarchive, archive_path, name: str, url: str, *extra: str, now: str = T0) -> None:
    invoke("schedule", "add", archive_path, name, "--every", "1h", url, *FAST, *extra,
           "--now", now)


def runner(archive_path, *args: str, now: str = T0) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "schedule", "run", str(archive_path),
         "--json", "--now", now, *args],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_until(condition, timeout: float = 30, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    pytest.fail(f"timed out waiting for {what}")


def crawl_rows(archive_path) -> list[dict]:
    return list(Database(archive_path).query(
        "SELECT crawls.*, schedules.name AS schedule FROM crawls "
        "LEFT JOIN schedules ON schedules.id = crawls.schedule_id ORDER BY crawls.id"))


def schedule_row(archive_path, name: str) -> dict:
    return next(Database(archive_path)["schedules"].rows_where("name = ?", [name]))


def running_crawl(archive_path, name: str):
    """The pid of the schedule's crawl once its crawls row exists."""
    try:
        row = schedule_row(archive_path, name)
        rows = crawl_rows(archive_path)
    except Exception:  # the runner is creating the file
        return None
    started = any(r["status"] == "running" for r in rows)
    return row["running_pid"] if row["running_pid"] and started else None


def test_run_once_runs_what_is_due_then_again_when_due(blogarchive, archive_path):
    site = SampleSite(**TINY)
    with serve_sample_site(site) as base:
        add(blogarchive, archive_path, "tiny", base + "/")
        first = blogarchive("schedule", "run", archive_path, "--once", "--json",
                            "--now", T0)
        assert first.returncode == 0, first.stderr[-2000:]
        report = json.loads(first.stdout)
        assert report["ran"] == 1 and report["runs"][0]["status"] == "finished"
        # the diaries, the blog post and the blog's About page
        assert report["runs"][0]["counts"]["posts"] == len(site.diary_ids()) + 2
        # not due again within the hour, due after it
        idle = blogarchive("schedule", "run", archive_path, "--once", "--json",
                           "--now", at(minutes=59))
        assert json.loads(idle.stdout)["ran"] == 0
        again = blogarchive("schedule", "run", archive_path, "--once", "--json",
                            "--now", at(hours=1))
        assert json.loads(again.stdout)["ran"] == 1
    rows = crawl_rows(archive_path)
    assert [(r["schedule"], r["status"]) for r in rows] == [("tiny", "finished")] * 2
    schedule = schedule_row(archive_path, "tiny")
    assert schedule["last_crawl_id"] == rows[-1]["id"]
    assert schedule["next_due"] == at(hours=2) and schedule["lease_owner"] is None
    table = blogarchive("crawls", archive_path).stdout
    assert table.count(" tiny ") == 2


def test_a_crashed_crawl_is_recorded_and_the_runner_goes_on(blogarchive, archive_path):
    site = SampleSite(seed=5, diaries=6, posts=2, max_comments=6, max_depth=3)
    with serve_sample_site(site, delay_ms=100) as base:
        add(blogarchive, archive_path, "a-doomed", base + "/", "--max-pages", "20")
        add(blogarchive, archive_path, "b-next", base + "/blog/", "--depth", "1")
        process = runner(archive_path, "--once")
        pid = wait_until(lambda: running_crawl(archive_path, "a-doomed"), what="a's crawl")
        os.kill(pid, signal.SIGKILL)
        out, err = process.communicate(timeout=120)
        assert process.returncode == 1, err[-2000:]  # a run failed: said by the exit code
        report = json.loads(out)
        assert [(r["schedule"], r["status"]) for r in report["runs"]] == [
            ("a-doomed", "killed (SIGKILL)"), ("b-next", "finished")]
        doomed = schedule_row(archive_path, "a-doomed")
        assert doomed["last_status"] == "killed (SIGKILL)" and doomed["lease_owner"] is None
        assert [(r["schedule"], r["status"]) for r in crawl_rows(archive_path)] == [
            ("a-doomed", "killed (SIGKILL)"), ("b-next", "finished")]
        # its next run still happens, and goes through
        later = blogarchive("schedule", "run", archive_path, "--once", "--json",
                            "--now", at(hours=1))
        runs = json.loads(later.stdout)["runs"]
        assert [(r["schedule"], r["status"]) for r in runs] == [
            ("a-doomed", "finished"), ("b-next", "finished")]


def test_two_runners_never_run_a_schedule_twice(blogarchive, archive_path):
    site = SampleSite(seed=9, diaries=2, posts=2, max_comments=6, max_depth=3)
    with serve_sample_site(site, delay_ms=50) as base:
        add(blogarchive, archive_path, "one", base + "/", "--depth", "1")
        add(blogarchive, archive_path, "two", base + "/blog/", "--depth", "1")
        runners = [runner(archive_path, "--once") for _ in range(2)]
        reports = []
        for process in runners:
            out, err = process.communicate(timeout=120)
            assert process.returncode == 0, err[-2000:]
            reports.append(json.loads(out))
    assert sorted(r["schedule"] for report in reports for r in report["runs"]) == ["one", "two"]
    rows = crawl_rows(archive_path)
    assert sorted(r["schedule"] for r in rows) == ["one", "two"]
    assert all(r["status"] == "finished" for r in rows)
    # one crawl at a time on the archive: the second started after the first ended
    assert rows[0]["ended"] <= rows[1]["started"]


def test_sigterm_stops_the_forever_runner_cleanly(blogarchive, archive_path):
    site = SampleSite(seed=5, diaries=30, posts=5, max_comments=10, max_depth=3)
    with serve_sample_site(site, delay_ms=200) as base:
        add(blogarchive, archive_path, "long", base + "/")
        add(blogarchive, archive_path, "never", base + "/blog/")
        process = runner(archive_path, "--forever")
        first = wait_until(
            lambda: next((n for n in ("long", "never") if running_crawl(archive_path, n)), None),
            what="a crawl")
        time.sleep(0.5)
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err[-2000:]
    report = json.loads(out)
    assert report["stopped"] and [r["schedule"] for r in report["runs"]] == [first]
    rows = crawl_rows(archive_path)
    assert len(rows) == 1, "no new crawl was started after SIGTERM"
    assert rows[0]["status"] in ("interrupted", "finished") and rows[0]["ended"]
    schedule = schedule_row(archive_path, first)
    assert schedule["last_status"] == rows[0]["status"]
    assert schedule["lease_owner"] is None and schedule["running_pid"] is None
    other = schedule_row(archive_path, "never" if first == "long" else "long")
    assert other["last_status"] is None and other["lease_owner"] is None


def test_an_expired_lease_is_not_taken_while_its_crawl_still_runs(tmp_path):
    """A runner killed with SIGKILL leaves its crawl running: nobody starts the schedule again
    until that crawl is gone, even after the lease expires."""
    import os
    import subprocess
    from datetime import UTC, datetime, timedelta

    from crawler.schedule.runner import ScheduleStore, format_time
    from db.schema import open_archive

    db = open_archive(tmp_path / "a.db")
    store = ScheduleStore(db)
    store.add(Schedule("s", ["http://127.0.0.1:9/"], every_seconds=3600),
              datetime.now(UTC) - timedelta(hours=1))
    schedule_id = db.execute("SELECT id FROM schedules").fetchone()[0]
    orphan = subprocess.Popen(["sleep", "30"])
    try:
        past = format_time(datetime.now(UTC) - timedelta(minutes=5))
        db.execute("UPDATE schedules SET lease_owner = 'dead', lease_until = ?, running_pid = ? "
                   "WHERE id = ?", [past, orphan.pid, schedule_id])
        db.conn.commit()
        assert not store.claim(schedule_id, "me", datetime.now(UTC))
    finally:
        orphan.kill()
        orphan.wait()
    assert not _alive(orphan.pid, os)
    assert store.claim(schedule_id, "me", datetime.now(UTC))


def _alive(pid, os) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
