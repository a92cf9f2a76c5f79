"""The archive's shape beyond its tables: indexes, full-text search and views, ensured in one step.

`open_archive` is the one way code opens an archive: WAL (readers such as Datasette never block a
crawl), foreign keys enforced, pending migrations applied, then `ensure_db_shape`, which is
idempotent (dogsheep's habit): every index, FTS table, trigger and view below exists afterwards.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.db import DescIndex

from db.migrations import SCHEMA_VERSION, migrations

# foreign keys and times are what queries join and sort on
INDEXES: dict[str, tuple[str, ...]] = {
    "authors": ("site_id",),
    # comment_count: "most discussed first" on the posts page
    "posts": ("site_id", "author_id", "page_id", "last_seen", "comment_count"),
    # by post: the UNIQUE (post_id, id) index (the composite parent key) serves those lookups;
    # by kind: the comments page's `kind` facet and `?kind=pingback` (without it, a scan of every
    # row: 470 ms on 1M comments; with it 40; appended to, as nearly every row is 'comment')
    "comments": ("parent_id", "author_id", "last_seen", "kind"),
    "recommendations": ("author_id",),
    "post_tags": ("tag_id",),
    "pages": ("crawl_id", "fetched_at"),
    "errors": ("crawl_id", "time"),
}

# The time a table is listed by, newest first, with its id descending as the tie-breaker. Datasette
# orders its first page by time alone and the next ones by (time desc, id asc): read backwards,
# this index gives ties in id order on every page (the plan SQLite takes for both, and for the
# fast search's walk), so paging through a listing never skips or repeats a row at a tie.
SORT_INDEXES: dict[str, str] = {"posts": "published", "comments": "posted"}
# indexes of older versions that `ensure_db_shape` removes: the sort indexes replace the first
# two; the third repeated the UNIQUE (post_id, id) index and cost every comment insert ~4 us
RETIRED_INDEXES = ("idx_posts_published", "idx_comments_posted", "idx_comments_post_id")

# posts: sqlite-utils' own FTS with triggers; comments: their author's name is searchable too,
# so their FTS reads through a view (external content). Updates and deletes are kept in sync by
# the triggers below; new comments are indexed by `index_comments`, which the writer runs once a
# batch in the batch's own transaction: a trigger a row cost ten times as much (47 us a comment
# against 4, measured), and storing comments is the archive's hot path.
POSTS_FTS_COLUMNS = ("title", "body_text")
COMMENTS_FTS_SQL = """
CREATE VIEW IF NOT EXISTS comments_search AS
    SELECT comments.rowid AS rowid, comments.title, comments.body_text, authors.name AS author
    FROM comments LEFT JOIN authors ON authors.id = comments.author_id;
CREATE VIRTUAL TABLE IF NOT EXISTS comments_fts USING fts5(
    title, body_text, author, content='comments_search', content_rowid='rowid'
);
CREATE TRIGGER IF NOT EXISTS comments_fts_ad AFTER DELETE ON comments BEGIN
    INSERT INTO comments_fts (comments_fts, rowid, title, body_text, author) VALUES (
        'delete', old.rowid, old.title, old.body_text,
        (SELECT name FROM authors WHERE id = old.author_id));
END;
CREATE TRIGGER IF NOT EXISTS comments_fts_au AFTER UPDATE OF title, body_text, author_id
ON comments
WHEN old.title IS NOT new.title OR old.body_text IS NOT new.body_text
    OR old.author_id IS NOT new.author_id
BEGIN
    INSERT INTO comments_fts (comments_fts, rowid, title, body_text, author) VALUES (
        'delete', old.rowid, old.title, old.body_text,
        (SELECT name FROM authors WHERE id = old.author_id));
    INSERT INTO comments_fts (rowid, title, body_text, author) VALUES (
        new.rowid, new.title, new.body_text,
        (SELECT name FROM authors WHERE id = new.author_id));
END;
"""

# triggers of older versions that `ensure_db_shape` removes
RETIRED_TRIGGERS = ("comments_fts_ai",)
# in rowid order: FTS5 keeps a transaction's new terms in memory only while rowids ascend, and
# flushes them to a segment at every step back (in id order, 22 us a comment instead of 7)
INDEX_COMMENTS_SQL = """
INSERT INTO comments_fts (rowid, title, body_text, author)
SELECT comments.rowid, comments.title, comments.body_text, authors.name
FROM comments LEFT JOIN authors ON authors.id = comments.author_id
WHERE comments.id IN (SELECT value FROM json_each(?))
ORDER BY comments.rowid
"""

VIEWS: dict[str, str] = {
    # one row a comment with the names a reader wants next to it
    "comments_readable": """
        SELECT comments.id, comments.post_id, posts.title AS post_title, comments.parent_id,
               comments.depth, comments.position, authors.name AS author, comments.posted,
               comments.title, comments.body_text, comments.signature, comments.tips_plus,
               comments.tips_minus, comments.kind
        FROM comments
        JOIN posts ON posts.id = comments.post_id
        LEFT JOIN authors ON authors.id = comments.author_id
    """,
}


def tables_of(path: Path) -> set[str] | None:
    """The tables of an SQLite file (none for an empty file), or None when SQLite does not read
    it as a database. A file with tables other than the archive's is someone else's database,
    which a command must neither migrate nor write into.

    Asked of SQLite itself, read-only, rather than by reading the file's first bytes: closing a
    plain file handle on a database drops every SQLite lock this process holds on it (POSIX
    advisory locks), which corrupts an archive another connection here is writing."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        return {row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError:
        return None
    finally:
        conn.close()


def is_archive_tables(tables: set[str]) -> bool:
    """An archive's tables, or none yet (an empty file becomes an archive)."""
    return not tables or {"posts", "crawls"} <= tables


def open_archive(path: str | Path) -> Database:
    """Open (or create) an archive: WAL, foreign keys on, migrated, shaped."""
    db = Database(path)
    # a new archive: 8 KB pages (comment rows carry text and HTML; ~8% faster stores than 4 KB);
    # SQLite ignores this on an archive that has tables, and must hear it before WAL
    db.execute("PRAGMA page_size = 8192")
    db.execute("PRAGMA journal_mode = WAL")
    # a writer's batches touch six comment indexes: 32 MB of cache keeps them (default 2 MB)
    db.execute("PRAGMA cache_size = -32000")
    # in WAL, NORMAL syncs at checkpoints, not at every commit: a killed process loses nothing
    # committed; only a power cut may lose the last batches (never the file's integrity)
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA busy_timeout = 30000")
    migrations.apply(db)
    ensure_db_shape(db)
    return db


def schema_version(db: Database) -> int:
    """How many of our migrations the archive has."""
    return len(migrations.applied(db))


def ensure_db_shape(db: Database) -> None:
    """Indexes, FTS (with triggers) and views: created where missing, never duplicated.

    Looks first and writes only when something is missing, in an IMMEDIATE transaction: opening
    an archive that a crawl, a writer and a server all have open must not contend for the lock.
    """
    wanted = [(table, [column]) for table, columns in INDEXES.items() for column in columns]
    wanted += [(table, [column, DescIndex("id")]) for table, column in SORT_INDEXES.items()]
    indexed = {table: {tuple(index.columns) for index in db[table].indexes}
               for table in {table for table, _ in wanted}}
    missing = [(table, columns) for table, columns in wanted
               if tuple(columns) not in indexed[table]]
    index_names = {row[0] for row in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index'")}
    retired_indexes = [name for name in RETIRED_INDEXES if name in index_names]
    stale_views = [
        name for name, sql in VIEWS.items()
        if " ".join(sql.split()) not in " ".join(_view_sql(db, name).split())
    ]
    comments_fts = db["comments_fts"].exists()
    posts_fts = db["posts_fts"].exists()
    retired = [name for name in RETIRED_TRIGGERS if name in db.triggers_dict]
    if not (missing or stale_views or retired or retired_indexes) and comments_fts and posts_fts:
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        for name in retired_indexes:
            db.execute(f"DROP INDEX {name}")
        for table, columns in missing:
            db[table].create_index(columns, if_not_exists=True)
        if not comments_fts:
            for statement in _statements(COMMENTS_FTS_SQL):
                db.execute(statement)
        for name in retired:
            db.execute(f"DROP TRIGGER {name}")
        for name in stale_views:
            db.create_view(name, VIEWS[name], replace=True)
        if not posts_fts:
            db["posts"].enable_fts(POSTS_FTS_COLUMNS, create_triggers=True)
    except BaseException:
        db.conn.execute("ROLLBACK")
        raise
    db.conn.execute("COMMIT")


def index_comments(db: Database, ids: list[str]) -> None:
    """Add newly inserted comments to the full-text index (in the caller's transaction)."""
    if ids:
        db.execute(INDEX_COMMENTS_SQL, [json.dumps(ids)])


def _view_sql(db: Database, name: str) -> str:
    row = db.execute("SELECT sql FROM sqlite_master WHERE type = 'view' AND name = ?",
                     [name]).fetchone()
    return row[0] if row else ""


def _statements(script: str) -> list[str]:
    """Whole statements (trigger bodies included), without `executescript`'s implicit commit."""
    statements, current = [], ""
    for line in script.strip().splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return statements


__all__ = [
    "SCHEMA_VERSION", "ensure_db_shape", "index_comments", "is_archive_tables", "open_archive",
    "schema_version", "tables_of",
]
