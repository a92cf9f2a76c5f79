"""A run's record: opened and closed by `db.runs`, and closed as interrupted once found dead."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

from db.runs import close_abandoned_runs, close_run, is_being_written, open_run
from db.schema import open_archive
from db.writer import ArchiveWriter


def dead_pid() -> int:
    """The id of a process that has ended (and been reaped)."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_run_records_who_runs_it_and_how_it_ended(archive_path):
    db = open_archive(archive_path)
    crawl_id = open_run(db, "crawl", {"urls": ["https://blog.example/"]})
    row = db["crawls"].get(crawl_id)
    assert (row["status"], row["host"], row["pid"]) == ("running", socket.gethostname(),
                                                        os.getpid())
    ArchiveWriter(db, crawl_id).write_batch([], [])
    assert db["crawls"].get(crawl_id)["updated"] is not None
    close_run(db, crawl_id, "finished", {"requests": 3, "skipped": {"nofollow": 2}})
    row = db["crawls"].get(crawl_id)
    assert (row["status"], row["requests"], row["skipped"]) == ("finished", 3, '{"nofollow": 2}')
    assert row["ended"] >= row["started"]


def test_runs_whose_process_is_gone_are_closed_as_interrupted(archive_path):
    db = open_archive(archive_path)
    host = socket.gethostname()
    rows = {
        "dead": {"pid": dead_pid(), "host": host, "updated": "2026-01-01T00:05:00Z"},
        "dead_never_wrote": {"pid": dead_pid(), "host": host, "updated": None},
        "alive": {"pid": os.getppid(), "host": host, "updated": None},
        "elsewhere": {"pid": dead_pid(), "host": "another-host", "updated": None},
        "finished": {"pid": dead_pid(), "host": host, "updated": None, "status": "finished",
                     "ended": "2026-01-01T00:09:00Z"},
    }
    ids = {name: db["crawls"].insert({"command": "crawl", "started": "2026-01-01T00:00:00Z",
                                      "status": "running", **row}).last_pk
           for name, row in rows.items()}
    assert sorted(close_abandoned_runs(db)) == sorted([ids["dead"], ids["dead_never_wrote"]])
    status = {name: (db["crawls"].get(i)["status"], db["crawls"].get(i)["ended"])
              for name, i in ids.items()}
    assert status == {
        "dead": ("interrupted", "2026-01-01T00:05:00Z"),  # at its last committed batch
        "dead_never_wrote": ("interrupted", "2026-01-01T00:00:00Z"),
        "alive": ("running", None),
        "elsewhere": ("running", None),  # another host's processes cannot be seen from here
        "finished": ("finished", "2026-01-01T00:09:00Z"),
    }
    # opening the next run does the same
    db["crawls"].update(ids["alive"], {"pid": dead_pid()})
    open_run(db, "import")
    assert db["crawls"].get(ids["alive"])["status"] == "interrupted"


def test_an_error_reason_is_one_readable_bounded_line():
    from db.records import MAX_DETAIL_CHARS, MAX_REASON_CHARS, PageError

    garbage = "Unknown archive format, first line: ['y\x1aF\x00" + "\x9e\xe6" * 900 + "']"
    error = PageError("gw/bad.warc.gz", "read", garbage)
    assert len(error.reason) == MAX_REASON_CHARS and error.reason.isprintable()
    assert "\\x1a" in error.reason and "\\x00" in error.reason  # shown, not written raw
    assert error.detail.startswith("Unknown archive format") and "\n" not in error.reason
    assert len(error.detail) <= MAX_DETAIL_CHARS
    assert PageError("u", "fetch", "timeout\nafter 30s").reason == "timeout after 30s"
    short = PageError("u", "fetch", "HTTP 503", detail="x" * (MAX_DETAIL_CHARS + 10))
    assert (short.reason, len(short.detail)) == ("HTTP 503", MAX_DETAIL_CHARS)


def test_an_error_keeps_the_time_it_happened_not_the_time_it_was_written(archive_path):
    from db.records import PageError

    db = open_archive(archive_path)
    crawl_id = open_run(db, "crawl")
    early = PageError("https://blog.example/a", "fetch", "HTTP 500")
    early.time = "2026-01-01T00:00:01Z"  # as if its batch waited a while
    ArchiveWriter(db, crawl_id).write_batch([], [early])
    (row,) = db["errors"].rows
    assert row["time"] == "2026-01-01T00:00:01Z"
    assert PageError("u", "fetch", "x").time.endswith("Z")


def test_an_archive_is_being_written_while_a_live_run_holds_it(archive_path):
    """What `serve` asks before opening a file immutable: a crawl between two batches holds no
    lock and may leave no write-ahead log, so only its run row tells."""
    db = open_archive(archive_path)
    assert not is_being_written(archive_path)
    crawl_id = open_run(db, "crawl", {})  # this process: alive
    assert is_being_written(archive_path)
    close_run(db, crawl_id, "finished")
    assert not is_being_written(archive_path)
    db["crawls"].insert({"command": "crawl", "started": "2026-01-01T00:00:00Z",
                         "status": "running", "host": socket.gethostname(), "pid": dead_pid()})
    assert not is_being_written(archive_path)  # killed: its row is stale, nothing writes
    db["crawls"].insert({"command": "crawl", "started": "2026-01-01T00:00:00Z",
                         "status": "running", "host": "another-host.example", "pid": 1})
    assert is_being_written(archive_path)  # another machine's run cannot be checked: live


def test_serve_opens_an_archive_a_crawl_is_writing_live(archive_path):
    """A crawl between batches (no lock, no write-ahead log): served live, so its next batch
    shows, where before the file was opened immutable and the server kept its first count."""
    db = open_archive(archive_path)
    open_run(db, "crawl", {})
    db.close()
    process = subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "serve", str(archive_path), "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = process.stderr.readline()
        served = process.stdout.readline()
    finally:
        process.kill()
        process.wait()
    assert "is being written to: serving it live (read-only)" in first
    assert "(live, read-only)" in served
