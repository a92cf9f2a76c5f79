"""An archive's runs and what failed in them, newest first: what `blogarchive crawls` and
`blogarchive errors` list."""

from __future__ import annotations

import json
from pathlib import Path

from db.schema import open_archive

CRAWLS_SQL = """
SELECT crawls.id, crawls.command, schedules.name AS schedule, crawls.started, crawls.ended,
       crawls.status, crawls.pages, crawls.posts, crawls.comments, crawls.new_comments,
       crawls.errors, crawls.warnings, crawls.requests, crawls.listings, crawls.thread_pages,
       crawls.dead_links, crawls.fetched, crawls.unchanged, crawls.skipped, crawls.outcomes,
       crawls.arguments
FROM crawls LEFT JOIN schedules ON schedules.id = crawls.schedule_id
{where}
ORDER BY crawls.id DESC
LIMIT :limit
"""
ERRORS_SQL = """
SELECT id, crawl_id, time, stage, url, reason, detail, referer FROM errors
{where}
ORDER BY id DESC
LIMIT :limit
"""


def recent_runs(path: str | Path, limit: int, schedule: str | None = None) -> list[dict]:
    """The newest runs (of one schedule, if named), their JSON columns decoded."""
    where = "WHERE schedules.name = :schedule" if schedule else ""
    rows = _query(path, CRAWLS_SQL.format(where=where), {"limit": limit, "schedule": schedule})
    for row in rows:
        row["arguments"] = json.loads(row["arguments"] or "{}")
        row["skipped"] = json.loads(row["skipped"] or "{}")
        row["outcomes"] = json.loads(row["outcomes"] or "{}")
    return rows


def recent_errors(path: str | Path, limit: int, crawl_id: int | None = None) -> list[dict]:
    """The newest errors rows (of one run, if given)."""
    where = "WHERE crawl_id = :crawl" if crawl_id is not None else ""
    return _query(path, ERRORS_SQL.format(where=where), {"limit": limit, "crawl": crawl_id})


def _query(path: str | Path, sql: str, params: dict) -> list[dict]:
    db = open_archive(path)
    try:
        cursor = db.execute(sql, params)
        columns = [c[0] for c in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    finally:
        db.close()
