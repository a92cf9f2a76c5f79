"""A run's own row in `crawls`: opened when the run starts, closed with its status when it ends.

The counts in the row move with each batch the writer commits (`db.writer`); what is here is the
rest of the run's record: its command and arguments, the host and process that ran it, when it
started and ended, and how it ended. A run whose process died without closing its row (kill -9,
a power cut) would read `running` for ever; the next run to open the archive on the same host
finds its process gone and closes it as `interrupted`, at the time of its last committed batch.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
from collections.abc import Callable
from pathlib import Path

from sqlite_utils import Database

from db.records import utc_now

# how a run ended when its process was found gone: what a stop by signal records too
ABANDONED_STATUS = "interrupted"

OPEN_RUNS_SQL = """
SELECT id, pid FROM crawls WHERE status = 'running' AND host = ? AND pid IS NOT NULL
"""
CLOSE_ABANDONED_SQL = """
UPDATE crawls SET status = :status, ended = COALESCE(updated, started)
WHERE id = :id AND status = 'running'
"""


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs on this host (signal 0 checks without sending)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        return True
    return True


RUNNING_SQL = "SELECT host, pid FROM crawls WHERE status = 'running'"


def is_being_written(path: str | Path, alive: Callable[[int], bool] = process_alive) -> bool:
    """Whether a run is writing to the archive now: a `running` row whose process is alive on
    this host, or that another host runs (which cannot be checked from here).

    What `serve` asks before opening a file immutable: a crawl between two batches holds no
    lock and may have no write-ahead log left, yet its next batch would go unseen."""
    try:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, timeout=2)
    except sqlite3.Error:
        return False
    try:
        rows = conn.execute(RUNNING_SQL).fetchall()
    except sqlite3.Error:  # no crawls table (yet): nothing of ours writes to it
        return False
    finally:
        conn.close()
    here = socket.gethostname()
    return any(host is not None and (host != here or (pid is not None and alive(pid)))
               for host, pid in rows)


def close_abandoned_runs(db: Database, host: str | None = None,
                         alive: Callable[[int], bool] = process_alive) -> list[int]:
    """Close the `running` rows of this host whose process is gone; their ids."""
    host = host or socket.gethostname()
    closed = []
    with db.atomic():
        for crawl_id, pid in db.execute(OPEN_RUNS_SQL, [host]).fetchall():
            if pid != os.getpid() and not alive(pid):
                db.execute(CLOSE_ABANDONED_SQL, {"status": ABANDONED_STATUS, "id": crawl_id})
                closed.append(crawl_id)
    return closed


def open_run(db: Database, command: str, arguments: dict | list | None = None) -> int:
    """A new `running` row for this process (after closing runs found abandoned); its id."""
    close_abandoned_runs(db)
    with db.atomic():
        return db["crawls"].insert(
            {"command": command, "arguments": json.dumps(arguments or {}), "started": utc_now(),
             "status": "running", "host": socket.gethostname(), "pid": os.getpid()}
        ).last_pk


def close_run(db: Database, crawl_id: int, status: str, budget: dict | None = None) -> None:
    """The run's end: its status and, for a crawl, its request budget (`requests`, `listings`,
    `thread_pages`, `skipped`: see migration 0005; `outcomes`: 0009)."""
    extra = dict(budget or {})
    for key in ("skipped", "outcomes"):
        if key in extra:
            extra[key] = json.dumps(extra[key], sort_keys=True)
    with db.atomic():
        db["crawls"].update(crawl_id, {"ended": utc_now(), "status": status, **extra})
