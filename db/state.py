"""What an archive already knows about the pages a crawl is about to fetch.

Resuming a killed crawl and recrawling a site both start from here rather than from Scrapy's
JOBDIR (which survives only a clean stop): the archive itself says which pages are stored, with
which validators (ETag, Last-Modified), and when their threads last saw activity.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

KNOWN_PAGES_SQL = """
SELECT pages.url, pages.etag, pages.last_modified, pages.fetched_at,
       (SELECT posts.id FROM posts WHERE posts.page_id = pages.id) AS post_id
FROM pages
WHERE pages.id IN (SELECT max(id) FROM pages GROUP BY url)
"""
THREAD_ACTIVITY_SQL = """
SELECT posts.id, max(coalesce(posts.published, ''), coalesce(max(comments.posted), ''))
FROM posts LEFT JOIN comments ON comments.post_id = posts.id
GROUP BY posts.id
"""


@dataclass(frozen=True)
class KnownPage:
    url: str
    etag: str | None
    last_modified: str | None
    fetched_at: str
    post_id: str | None
    # newest post or comment time of its thread (UTC ISO), '' when unknown
    activity: str = ""


def known_pages(db_path: str | Path) -> dict[str, KnownPage]:
    """The newest stored copy of every page, by URL ({} for a new archive)."""
    if not Path(db_path).exists():
        return {}
    db = Database(db_path)
    try:
        if not db["pages"].exists() or "etag" not in db["pages"].columns_dict:
            return {}
        activity = dict(db.execute(THREAD_ACTIVITY_SQL).fetchall())
        return {
            url: KnownPage(url, etag, last_modified, fetched_at, post_id,
                           activity.get(post_id) or "")
            for url, etag, last_modified, fetched_at, post_id in db.execute(KNOWN_PAGES_SQL)
        }
    finally:
        db.close()


def stored_content_hashes(db_path: str | Path) -> set[str]:
    """Content hashes of the pages already archived ({} for a new archive): an import skips
    files whose bytes are stored already."""
    if not Path(db_path).exists():
        return set()
    db = Database(db_path)
    try:
        if not db["pages"].exists():
            return set()
        return {row[0] for row in db.execute("SELECT content_hash FROM pages")}
    finally:
        db.close()


def stream_mark(db: Database, stream: str) -> str | None:
    """The last entry id of a Redis item stream the archive has stored (None: nothing yet)."""
    row = db.execute("SELECT through FROM stream_marks WHERE stream = ?", [stream]).fetchone()
    return row[0] if row else None


def record_stream_mark(db: Database, stream: str, through: str, crawl_id: int) -> None:
    """Move a stream's mark, inside the caller's transaction (the one that stored the items)."""
    db.execute("INSERT INTO stream_marks (stream, through, crawl_id) VALUES (?, ?, ?) "
               "ON CONFLICT(stream) DO UPDATE SET through = excluded.through, "
               "crawl_id = excluded.crawl_id", [stream, through, crawl_id])
