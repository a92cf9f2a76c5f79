"""The `schedules` table and the runs it links to: every statement the schedule runner makes.

Times are passed in and out as the archive stores them (`YYYY-MM-DDTHH:MM:SSZ`, sortable as
text); the rules that compute them (intervals, cron, leases) are the runner's
(`crawler/schedule/runner.py`). Each change is one statement in one transaction, so two runners
on one archive never both take a schedule.
"""

from __future__ import annotations

import json

from sqlite_utils import Database

DUE_SQL = """
SELECT * FROM schedules WHERE paused = 0 AND (next_due IS NULL OR next_due <= ?)
ORDER BY next_due, name
"""
# taken only when due, not paused, not held by a live lease, and nothing else of the archive runs
CLAIM_SQL = """
UPDATE schedules SET lease_owner = :owner, lease_until = :until, running_pid = NULL
WHERE id = :id AND paused = 0
  AND (next_due IS NULL OR next_due <= :now)
  AND (lease_until IS NULL OR lease_until < :now)
  AND NOT EXISTS (SELECT 1 FROM schedules AS other
                  WHERE other.id != :id AND other.lease_until >= :now)
"""
RELEASE_SQL = """
UPDATE schedules SET last_ended = ?, last_status = ?,
    last_crawl_id = COALESCE(?, last_crawl_id), last_job = COALESCE(?, last_job),
    next_due = ?, running_pid = NULL, lease_owner = NULL, lease_until = NULL
WHERE id = ? AND lease_owner = ?
"""
# runs Scrapyd made for a schedule name it in their arguments
LINK_SCRAPYD_SQL = """
UPDATE crawls SET schedule_id = (
    SELECT id FROM schedules WHERE schedules.name = json_extract(crawls.arguments, '$.schedule'))
WHERE schedule_id IS NULL AND json_valid(arguments)
  AND json_extract(arguments, '$.schedule') IN (SELECT name FROM schedules)
"""
# the newest run of these URLs started after `before` and still marked running
ORPHAN_CRAWL_SQL = """
SELECT id FROM crawls WHERE id > ? AND status = 'running' AND command = 'crawl'
  AND json_valid(arguments) AND json_extract(arguments, '$.urls') = ?
ORDER BY id DESC LIMIT 1
"""


class ScheduleTable:
    """Rows of `schedules` as dicts, and the statements that lease and release them."""

    def __init__(self, db: Database):
        self.db = db

    def insert(self, row: dict) -> None:
        """A new schedule; `KeyError` when one of that name exists."""
        with self.db.atomic():
            if self.db.execute("SELECT 1 FROM schedules WHERE name = ?",
                               [row["name"]]).fetchone():
                raise KeyError(f"a schedule named {row['name']!r} exists")
            self.db["schedules"].insert(row)

    def get(self, name: str) -> dict:
        rows = list(self.db["schedules"].rows_where("name = ?", [name]))
        if not rows:
            raise KeyError(f"no schedule named {name!r}")
        return rows[0]

    def all(self) -> list[dict]:
        return list(self.db["schedules"].rows_where(order_by="name"))

    def delete(self, schedule_id: int) -> None:
        with self.db.atomic():
            self.db.execute("DELETE FROM schedules WHERE id = ?", [schedule_id])

    def set_paused(self, schedule_id: int, paused: bool) -> None:
        with self.db.atomic():
            self.db.execute("UPDATE schedules SET paused = ? WHERE id = ?",
                            [int(paused), schedule_id])

    def due(self, stamp: str) -> list[dict]:
        """Schedules due at `stamp`, longest waiting first (leased ones included)."""
        rows = self.db.execute(DUE_SQL, [stamp])
        columns = [c[0] for c in rows.description]
        return [dict(zip(columns, row, strict=True)) for row in rows]

    def expired_lease_pid(self, schedule_id: int, stamp: str) -> int | None:
        """The crawl process a runner whose lease expired before `stamp` had started."""
        row = self.db.execute("SELECT running_pid FROM schedules WHERE id = ? AND lease_until < ?",
                              [schedule_id, stamp]).fetchone()
        return row[0] if row else None

    def claim(self, schedule_id: int, owner: str, stamp: str, until: str) -> bool:
        """Lease the schedule to `owner` until `until`, if it may be taken at `stamp`."""
        with self.db.atomic():
            cursor = self.db.execute(CLAIM_SQL, {"owner": owner, "id": schedule_id,
                                                 "now": stamp, "until": until})
            return cursor.rowcount == 1

    def renew(self, schedule_id: int, owner: str, until: str, pid: int | None = None) -> None:
        with self.db.atomic():
            self.db.execute(
                "UPDATE schedules SET lease_until = ?, running_pid = COALESCE(?, running_pid) "
                "WHERE id = ? AND lease_owner = ?", [until, pid, schedule_id, owner])

    def record_start(self, schedule_id: int, owner: str, started: str) -> None:
        with self.db.atomic():
            self.db.execute(
                "UPDATE schedules SET last_started = ?, last_ended = NULL, "
                "last_status = 'running' WHERE id = ? AND lease_owner = ?",
                [started, schedule_id, owner])

    def release(self, schedule_id: int, owner: str, ended: str, status: str,
                crawl_id: int | None, job: str | None, next_due: str) -> None:
        """The run is over: its outcome recorded, the next due time set, the lease given up,
        and the run's `crawls` row linked to its schedule."""
        with self.db.atomic():
            self.db.execute(RELEASE_SQL, [ended, status, crawl_id, job, next_due, schedule_id,
                                          owner])
            if crawl_id is not None:
                self.db.execute("UPDATE crawls SET schedule_id = ? WHERE id = ?",
                                [schedule_id, crawl_id])

    def give_up(self, schedule_id: int, owner: str) -> None:
        """Release a lease without a run (the runner stopped before starting it)."""
        with self.db.atomic():
            self.db.execute(
                "UPDATE schedules SET running_pid = NULL, lease_owner = NULL, lease_until = NULL "
                "WHERE id = ? AND lease_owner = ?", [schedule_id, owner])

    def link_scrapyd_runs(self) -> int:
        """Runs Scrapyd made for a schedule name their schedule in their arguments: link them."""
        with self.db.atomic():
            return self.db.execute(LINK_SCRAPYD_SQL).rowcount

    def last_crawl_id(self) -> int:
        """The newest `crawls` id (0 for none): runs after it are the ones started since."""
        return self.db.execute("SELECT COALESCE(MAX(id), 0) FROM crawls").fetchone()[0]

    def mark_orphan_crawl(self, before: int, urls: list[str], status: str,
                          ended: str) -> int | None:
        """The `crawls` row a dead crawl of `urls` left 'running' since run `before`: marked
        with how it died, and returned (None when it died before writing one)."""
        row = self.db.execute(ORPHAN_CRAWL_SQL, [before, json.dumps(urls)]).fetchone()
        if row is None:
            return None
        with self.db.atomic():
            self.db.execute("UPDATE crawls SET status = ?, ended = ? WHERE id = ?",
                            [status, ended, row[0]])
        return row[0]
