"""Writing threads, raw pages, errors and runs into an archive, idempotently.

Each `write_batch` is one transaction holding whole pages, so an interrupted run leaves whole
pages or nothing. Rows are upserted by their stable ids: the same page archived twice gives the
same rows; a page archived again later adds its new comments, updates `last_seen`, and keeps the
comments it no longer shows (its comments are first matched to the archived ones,
`db.alignment`, so that names by place do not shift). Seen-times come from the page's fetch time,
so re-parsing stored pages gives the very same rows; a re-parse's writer (`rebuild_threads`)
rebuilds each thread's comments from its stored pages, so an improved extractor's reading
replaces the old one.
"""

from __future__ import annotations

import functools
import hashlib
import json
import zlib
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from sqlite_utils import Database

from db.alignment import Shown, align
from db.records import (
    DEAD_LINK_STAGE,
    Comment,
    PageError,
    Post,
    RawPage,
    SeenUnchanged,
    Thread,
    utc_now,
)
from db.schema import index_comments

SEEN_SQL = {
    table: f"""
        UPDATE {table}
        SET first_seen = MIN(COALESCE(first_seen, :seen), :seen),
            last_seen = MAX(COALESCE(last_seen, :seen), :seen)
        WHERE id IN (SELECT value FROM json_each(:ids))
    """
    for table in ("posts",)
}


# one statement a comment: insert, or update what the page shows now; first_seen never moves
# back, last_seen never back either (re-parsing an older copy changes no seen-time). Written as
# SQL rather than sqlite-utils' upsert_all, which cannot keep first_seen and costs a second
# statement a row plus its own per-row Python work: the store benchmark's hot path.
COMMENT_COLUMNS = (
    "id", "post_id", "parent_id", "source_id", "path", "depth", "position", "author_id",
    "posted", "posted_raw", "title", "body_text", "body_html", "signature", "tips_plus",
    "tips_minus", "kind",
)
INSERT_COMMENT_SQL = (
    f"INSERT INTO comments ({', '.join(COMMENT_COLUMNS)}, first_seen, last_seen) "
    f"VALUES ({', '.join('?' * len(COMMENT_COLUMNS))}, ?, ?)"
)
UPSERT_COMMENT_SQL = (
    INSERT_COMMENT_SQL + " ON CONFLICT(id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in COMMENT_COLUMNS[1:])
    + ", first_seen = MIN(COALESCE(first_seen, excluded.first_seen), excluded.first_seen)"
    ", last_seen = MAX(COALESCE(last_seen, excluded.last_seen), excluded.last_seen)"
)
# a post's comment count follows its comments: recounted (by the (post_id, id) index) when a
# batch adds comments to it, since only new rows change it
COUNT_COMMENTS_SQL = (
    "UPDATE posts SET comment_count = (SELECT count(*) FROM comments WHERE post_id = :post)"
    " WHERE id = :post"
)
# what the archive holds of a thread, in thread order, to match a copy written again against
ARCHIVED_COMMENTS_SQL = (
    "SELECT id, source_id, author_id, posted_raw, body_text FROM comments WHERE post_id = ?"
    " ORDER BY position, id"
)
KEEP_PLACE_SQL = "UPDATE comments SET position = ? WHERE id = ? AND position IS NOT ?"
# a thread rebuilt from its stored pages (a re-parse) starts with none of its comments
DROP_RECOMMENDATIONS_SQL = (
    "DELETE FROM recommendations WHERE comment_id IN (SELECT id FROM comments WHERE post_id = ?)"
)
DROP_COMMENTS_SQL = "DELETE FROM comments WHERE post_id = ?"
# ... keeping their seen-times aside for the rebuilt rows of the same id: a fetch that found a
# page unchanged moved its comments' last_seen but stored no page a rebuild could read that from
REBUILT_SEEN_TABLE_SQL = (
    "CREATE TEMP TABLE IF NOT EXISTS rebuilt_seen "
    "(id TEXT PRIMARY KEY, first_seen TEXT, last_seen TEXT)"
)
KEEP_SEEN_SQL = """
INSERT OR REPLACE INTO temp.rebuilt_seen (id, first_seen, last_seen)
SELECT id, first_seen, last_seen FROM comments WHERE post_id = ?
"""
RESTORE_SEEN_SQL = """
UPDATE comments SET
    first_seen = MIN(first_seen, (SELECT first_seen FROM temp.rebuilt_seen AS r
                                  WHERE r.id = comments.id)),
    last_seen = MAX(last_seen, (SELECT last_seen FROM temp.rebuilt_seen AS r
                                WHERE r.id = comments.id))
WHERE id IN (SELECT value FROM json_each(?)) AND id IN (SELECT id FROM temp.rebuilt_seen)
"""
COUNT_KEPT_SEEN_SQL = (
    "SELECT count(*) FROM temp.rebuilt_seen WHERE id IN (SELECT value FROM json_each(?))"
)
RECOMMEND_SQL = "INSERT OR IGNORE INTO recommendations (comment_id, author_id) VALUES (?, ?)"

# a batch's raw pages are hashed and compressed on this thread while the writer's thread writes
# rows: zlib and hashlib release the GIL, as SQLite does, and they were 12% of the store
# benchmark's time on the writer's thread
_PACKER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="archive-pages")


@functools.cache
def upsert_sql(table: str, columns: tuple[str, ...]) -> str:
    """Insert a row, or update the given columns of the row with its id (the others stay).

    What sqlite-utils' `upsert` does, in one statement instead of its two and its per-call
    look at the table's schema (0.5 ms a post in the store profile)."""
    return (f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
            f"ON CONFLICT(id) DO UPDATE SET "
            + ", ".join(f"{c} = excluded.{c}" for c in columns if c != "id"))


def content_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def pack_page(body: bytes) -> tuple[str, bytes]:
    """A raw page's content hash and its body as stored (zlib, fast level)."""
    return content_hash(body), zlib.compress(body, 1)


@dataclass
class Counts:
    """What a run wrote: the numbers a `crawls` row and a summary line report."""

    pages: int = 0
    posts: int = 0
    comments: int = 0
    new_comments: int = 0
    errors: int = 0
    # problems inside pages that were archived anyway (a dropped comment, an unreadable time)
    warnings: int = 0
    # links to pages that are gone (404/410): recorded, not the run's failure
    dead_links: int = 0


class ArchiveWriter:
    """Writes to one archive on behalf of one run (a `crawls` row, opened by `db.runs`)."""

    def __init__(self, db: Database, crawl_id: int | None = None, rebuild_threads: bool = False):
        """`rebuild_threads`: the run reads the archive's own stored pages again, oldest first
        (a re-parse): a thread's first write drops the comments it had, and its pages rebuild
        them as if archived afresh, so an improved extractor's reading replaces the old one
        instead of standing beside it."""
        self.db = db
        self.crawl_id = crawl_id
        self.rebuild_threads = rebuild_threads
        self._rebuilt: set[str] = set()  # posts whose comments this run dropped and rebuilds
        if rebuild_threads:
            self.db.execute(REBUILT_SEEN_TABLE_SQL)
        self.counts = Counts()
        self._sites: dict[str, int] = {}
        self._authors: dict[tuple[int, str], int] = {}
        self._tags: dict[tuple[str, str], int] = {}
        # comments first stored in the current batch: indexed for search when it commits
        self._new_comment_ids: list[str] = []
        # the batch's raw pages being packed on `_PACKER`, by the page object's id
        self._packing: dict[int, Future] = {}

    # --- pages --------------------------------------------------------------------------------
    def write_batch(
        self,
        threads: Iterable[Thread],
        errors: Iterable[PageError] = (),
        unchanged: Iterable[SeenUnchanged] = (),
    ) -> None:
        """Threads, errors and threads seen unchanged, in one transaction: all of them or none."""
        before, rebuilt = Counts(**vars(self.counts)), set(self._rebuilt)
        threads, errors = list(threads), list(errors)
        pages = [page for thread in threads
                 for page in ([thread.page] if thread.page else []) + list(thread.more_pages)]
        pages += [error.page for error in errors if error.page is not None]
        self._packing = {id(page): _PACKER.submit(pack_page, page.body) for page in pages}
        try:
            with self.db.atomic():
                for thread in threads:
                    self._write_thread(thread)
                for error in errors:
                    self._write_error(error)
                for mark in unchanged:
                    self.mark_seen(mark.post_id, mark.seen)
                index_comments(self.db, self._new_comment_ids)
                if self.crawl_id is not None:
                    self.db["crawls"].update(self.crawl_id,
                                             {**vars(self.counts), "updated": utc_now()})
            self._new_comment_ids.clear()
        except BaseException:
            # nothing of the batch was written: forget ids it may have cached, and its counts
            self._new_comment_ids.clear()
            self._sites.clear()
            self._authors.clear()
            self._tags.clear()
            self.counts, self._rebuilt = before, rebuilt
            raise
        finally:
            self._packing = {}

    def _write_thread(self, thread: Thread) -> None:
        post = thread.post
        site_id = self._site(post.site or "unknown", post.platform)
        page_id = self._page(thread.page) if thread.page else None
        for more in thread.more_pages:
            self._page(more)
        seen = thread.fetched_at or (thread.page.fetched_at if thread.page else None) or utc_now()
        row = self._post_row(post, site_id, page_id)
        self.db.execute(upsert_sql("posts", tuple(row)), list(row.values()))
        self.db.execute(SEEN_SQL["posts"], {"seen": seen, "ids": json.dumps([post.id])})
        self._write_tags(post)
        if self.rebuild_threads and post.id not in self._rebuilt:
            self._drop_comments(post.id)
        self._write_comments(post, site_id, thread.comments, seen)
        for problem in thread.problems:
            self._write_error(PageError(post.url, "pipeline", problem), warning=True)
        self.counts.pages += 1
        self.counts.posts += 1

    def _write_comments(self, post: Post, site_id: int, comments: list[Comment], seen: str):
        if not comments:
            return
        self._match_archived(post, site_id, comments)
        ids = [c.id for c in comments]
        existing = {
            row[0] for row in self.db.execute(
                "SELECT id FROM comments WHERE id IN (SELECT value FROM json_each(?))",
                [json.dumps(ids)])
        }
        # one row an id (a comment the page repeats is written once, as it last shows it); new
        # comments by a plain INSERT: an upsert costs twice as much a row even when nothing
        # conflicts; comments already archived by the upsert
        rows = {c.id: (*self._comment_values(c, site_id), seen, seen) for c in comments}
        new = [row for key, row in rows.items() if key not in existing]
        again = [row for key, row in rows.items() if key in existing]
        self.db.conn.executemany(INSERT_COMMENT_SQL, new)
        if again:
            if self._new_comment_ids and not existing.isdisjoint(self._new_comment_ids):
                # an earlier page of this batch stored some of them, and they wait for the
                # search index until it commits; the update trigger takes a changed comment's
                # old words out of the index, which must hold them first
                index_comments(self.db, self._new_comment_ids)
                self._new_comment_ids.clear()
            self.db.conn.executemany(UPSERT_COMMENT_SQL, again)
        if new:
            self.db.execute(COUNT_COMMENTS_SQL, {"post": post.id})
        recommendations = [
            (c.id, self._author(site_id, name)) for c in comments for name in c.recommenders
        ]
        if recommendations:
            self.db.conn.executemany(RECOMMEND_SQL, recommendations)
        rebuilt = 0  # new rows of comments the archive held before this run rebuilt them
        if self.rebuild_threads:
            self.db.execute(RESTORE_SEEN_SQL, [json.dumps(list(rows))])
            rebuilt = self.db.execute(COUNT_KEPT_SEEN_SQL,
                                      [json.dumps([row[0] for row in new])]).fetchone()[0]
        self._new_comment_ids.extend(row[0] for row in new)
        self.counts.comments += len(comments)
        self.counts.new_comments += len(new) - rebuilt

    def _drop_comments(self, post_id: str) -> None:
        """A thread rebuilt by this run: its comments go, their seen-times kept aside, since a
        fetch that found the page unchanged stored no page to rebuild them from."""
        self._rebuilt.add(post_id)
        self.db.execute(KEEP_SEEN_SQL, [post_id])
        self.db.execute(DROP_RECOMMENDATIONS_SQL, [post_id])
        self.db.execute(DROP_COMMENTS_SQL, [post_id])
        self.db.execute(COUNT_COMMENTS_SQL, {"post": post_id})

    def _match_archived(self, post: Post, site_id: int, comments: list[Comment]) -> None:
        """Name and place the comments as the archive already holds them (`db.alignment`), and
        place the archived ones the page no longer shows among them."""
        archived = [Shown(*row) for row in self.db.execute(ARCHIVED_COMMENTS_SQL, [post.id])]
        if not archived:
            return
        shown = [
            Shown(c.id, c.source_id,
                  self._author(site_id, c.author, c.author_url) if c.author else None,
                  c.posted_raw, c.body_text)
            for c in comments
        ]
        alignment = align(archived, shown)
        renamed = {c.id: new for c, new in zip(comments, alignment.ids, strict=True)
                   if c.id != new}
        for c, new, position in zip(comments, alignment.ids, alignment.positions, strict=True):
            c.id, c.position = new, position
            c.parent_id = renamed.get(c.parent_id, c.parent_id)
        if alignment.kept:
            self.db.conn.executemany(KEEP_PLACE_SQL, [
                (position, comment_id, position)
                for comment_id, position in alignment.kept.items()])

    def _write_tags(self, post: Post) -> None:
        links = [
            {"post_id": post.id, "tag_id": self._tag(name, kind)}
            for kind, names in (("tag", post.tags), ("group", post.groups))
            for name in names
        ]
        if links:
            self.db["post_tags"].insert_all(links, ignore=True)

    def _write_error(self, error: PageError, warning: bool = False) -> None:
        if error.page is not None:
            self._page(error.page)
        self.db["errors"].insert(
            {"crawl_id": self.crawl_id, "url": error.url, "stage": error.stage,
             "reason": error.reason, "detail": error.detail,
             # an item from an older writer's Redis stream has no time of its own
             "time": getattr(error, "time", None) or utc_now(),
             "referer": error.referer}
        )
        if error.stage == DEAD_LINK_STAGE:
            self.counts.dead_links += 1
        elif warning:
            self.counts.warnings += 1
        else:
            self.counts.errors += 1

    def mark_seen(self, post_id: str, seen: str) -> None:
        """A thread fetched again and unchanged: it and the comments it shows were seen now."""
        with self.db.atomic():
            shown = self.db.execute(
                "SELECT last_seen FROM posts WHERE id = ?", [post_id]
            ).fetchone()
            if shown is None:
                return
            self.db.execute(
                "UPDATE comments SET last_seen = :seen WHERE post_id = :id AND last_seen = :shown",
                {"seen": seen, "id": post_id, "shown": shown[0]},
            )
            self.db.execute(SEEN_SQL["posts"], {"seen": seen, "ids": json.dumps([post_id])})

    # --- rows ---------------------------------------------------------------------------------
    def _post_row(self, post: Post, site_id: int, page_id: int | None) -> dict:
        row = {
            "id": post.id, "site_id": site_id, "url": post.url,
            "canonical_url": post.canonical_url, "platform": post.platform, "title": post.title,
            "author_id": self._author(site_id, post.author) if post.author else None,
            "published": post.published, "published_raw": post.published_raw,
            "body_text": post.body_text, "body_html": post.body_html,
            "tips_plus": post.tips_plus, "tips_minus": post.tips_minus,
            "recommend_count": post.recommend_count, "kind": post.kind,
        }
        if page_id is not None:
            row["page_id"] = page_id
        return row

    def _comment_values(self, c: Comment, site_id: int) -> tuple:
        """A comment's values in `COMMENT_COLUMNS` order."""
        author_id = self._author(site_id, c.author, c.author_url) if c.author else None
        return (
            c.id, c.post_id, c.parent_id, c.source_id, c.path, c.depth, c.position, author_id,
            c.posted, c.posted_raw, c.title, c.body_text, c.body_html, c.signature,
            c.tips_plus, c.tips_minus, c.kind,
        )

    def _page(self, page: RawPage) -> int:
        packing = self._packing.pop(id(page), None)
        digest, stored = packing.result() if packing is not None else pack_page(page.body)
        self.db["pages"].insert(
            {"url": page.url, "fetched_at": page.fetched_at, "status": page.status,
             "content_type": page.content_type, "encoding": page.encoding,
             "content_hash": digest, "size": len(page.body), "body": stored,
             "crawl_id": self.crawl_id, "etag": page.etag, "last_modified": page.last_modified,
             "capture_time": page.capture_time, "capture_url": page.capture_url},
            ignore=True,
        )
        return self.db.execute(
            "SELECT id FROM pages WHERE url = ? AND content_hash = ?", [page.url, digest]
        ).fetchone()[0]

    def _site(self, host: str, platform: str | None) -> int:
        if host not in self._sites:
            self._sites[host] = self.db["sites"].lookup({"host": host}, {"platform": platform})
        return self._sites[host]

    def _author(self, site_id: int, name: str, url: str | None = None) -> int:
        key = (site_id, name)
        if key not in self._authors:
            extra = {"url": url} if url else None
            self._authors[key] = self.db["authors"].lookup(
                {"site_id": site_id, "name": name}, extra
            )
        return self._authors[key]

    def _tag(self, name: str, kind: str) -> int:
        key = (name, kind)
        if key not in self._tags:
            self._tags[key] = self.db["tags"].lookup({"name": name, "kind": kind})
        return self._tags[key]


def read_page_body(stored: bytes) -> bytes:
    """A stored page body, decompressed."""
    return zlib.decompress(stored)
