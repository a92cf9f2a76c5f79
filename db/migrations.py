"""The archive's schema, as migrations: the only place tables and columns change.

One `Migrations("blogarchive")` set; each function is registered with an explicit four-digit name
and never edited once merged (a fix is a new migration). Opening an archive applies whatever is
pending, each migration in its own transaction, so an archive made by an older blogarchive is
upgraded in place and keeps its data.
"""

from __future__ import annotations

import json

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("blogarchive")


@migrations(name="0001_threads")
def threads(db: Database) -> None:
    """Sites, authors, posts and their comment trees, recommendations and tags."""
    _execute_all(
        db,
        """
        CREATE TABLE sites (
            id INTEGER PRIMARY KEY,
            host TEXT NOT NULL UNIQUE,
            platform TEXT
        );
        CREATE TABLE authors (
            id INTEGER PRIMARY KEY,
            site_id INTEGER NOT NULL REFERENCES sites(id),
            name TEXT NOT NULL,
            url TEXT,
            UNIQUE (site_id, name)
        );
        CREATE TABLE posts (
            id TEXT PRIMARY KEY,
            site_id INTEGER NOT NULL REFERENCES sites(id),
            url TEXT NOT NULL,
            canonical_url TEXT,
            platform TEXT,
            title TEXT,
            author_id INTEGER REFERENCES authors(id),
            published TEXT,
            published_raw TEXT,
            body_text TEXT,
            body_html TEXT,
            tips_plus INTEGER,
            tips_minus INTEGER,
            recommend_count INTEGER,
            first_seen TEXT,
            last_seen TEXT
        );
        CREATE TABLE comments (
            id TEXT PRIMARY KEY,
            post_id TEXT NOT NULL REFERENCES posts(id),
            parent_id TEXT REFERENCES comments(id),
            source_id TEXT,
            path TEXT NOT NULL,
            depth INTEGER NOT NULL,
            position INTEGER NOT NULL,
            author_id INTEGER REFERENCES authors(id),
            posted TEXT,
            posted_raw TEXT,
            title TEXT,
            body_text TEXT,
            body_html TEXT,
            signature TEXT,
            tips_plus INTEGER,
            tips_minus INTEGER,
            kind TEXT NOT NULL DEFAULT 'comment'
                CHECK (kind IN ('comment', 'pingback', 'trackback')),
            first_seen TEXT,
            last_seen TEXT,
            UNIQUE (post_id, id),
            -- a reply's parent is a comment of the same post
            FOREIGN KEY (post_id, parent_id) REFERENCES comments(post_id, id)
        );
        CREATE TABLE recommendations (
            comment_id TEXT NOT NULL REFERENCES comments(id),
            author_id INTEGER NOT NULL REFERENCES authors(id),
            PRIMARY KEY (comment_id, author_id)
        );
        CREATE TABLE tags (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'tag' CHECK (kind IN ('tag', 'group')),
            UNIQUE (name, kind)
        );
        CREATE TABLE post_tags (
            post_id TEXT NOT NULL REFERENCES posts(id),
            tag_id INTEGER NOT NULL REFERENCES tags(id),
            PRIMARY KEY (post_id, tag_id)
        );
        """
    )


@migrations(name="0002_provenance")
def provenance(db: Database) -> None:
    """Where rows came from: runs (crawls), the raw pages kept for re-parsing, and errors."""
    _execute_all(
        db,
        """
        CREATE TABLE crawls (
            id INTEGER PRIMARY KEY,
            command TEXT NOT NULL,
            arguments TEXT,
            started TEXT NOT NULL,
            ended TEXT,
            status TEXT NOT NULL DEFAULT 'running',
            pages INTEGER NOT NULL DEFAULT 0,
            posts INTEGER NOT NULL DEFAULT 0,
            comments INTEGER NOT NULL DEFAULT 0,
            new_comments INTEGER NOT NULL DEFAULT 0,
            errors INTEGER NOT NULL DEFAULT 0,
            warnings INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE pages (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL,
            fetched_at TEXT NOT NULL,
            status INTEGER,
            content_type TEXT,
            encoding TEXT,
            content_hash TEXT NOT NULL,
            size INTEGER NOT NULL,
            body BLOB NOT NULL,
            crawl_id INTEGER REFERENCES crawls(id),
            UNIQUE (url, content_hash)
        );
        CREATE TABLE errors (
            id INTEGER PRIMARY KEY,
            crawl_id INTEGER REFERENCES crawls(id),
            url TEXT,
            stage TEXT NOT NULL,
            reason TEXT NOT NULL,
            detail TEXT,
            time TEXT NOT NULL
        );
        ALTER TABLE posts ADD COLUMN page_id INTEGER REFERENCES pages(id);
        """
    )


@migrations(name="0003_page_validators")
def page_validators(db: Database) -> None:
    """ETag and Last-Modified of each page, so a recrawl can ask "changed since?"."""
    _execute_all(
        db,
        """
        ALTER TABLE pages ADD COLUMN etag TEXT;
        ALTER TABLE pages ADD COLUMN last_modified TEXT
        """,
    )


@migrations(name="0004_schedules")
def schedules(db: Database) -> None:
    """Recurring crawls kept in the archive itself, and which run each crawl belongs to.

    A schedule is either `every_seconds` or a `cron` expression; its crawl is `spider` over
    `urls` (JSON list) with `options` (JSON: the crawl command's options), run here or sent to
    the Scrapyd at `scrapyd_url`. `lease_owner`/`lease_until` let one runner at a time take it
    (an expired lease is free again: its runner died); `running_pid` is its crawl's process.
    """
    _execute_all(
        db,
        """
        CREATE TABLE schedules (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            every_seconds INTEGER CHECK (every_seconds IS NULL OR every_seconds > 0),
            cron TEXT,
            spider TEXT NOT NULL DEFAULT 'blog',
            urls TEXT NOT NULL,
            options TEXT NOT NULL DEFAULT '{}',
            scrapyd_url TEXT,
            paused INTEGER NOT NULL DEFAULT 0,
            created TEXT NOT NULL,
            next_due TEXT,
            last_started TEXT,
            last_ended TEXT,
            last_status TEXT,
            last_crawl_id INTEGER REFERENCES crawls(id) ON DELETE SET NULL,
            last_job TEXT,
            running_pid INTEGER,
            lease_owner TEXT,
            lease_until TEXT,
            CHECK ((every_seconds IS NULL) != (cron IS NULL))
        );
        ALTER TABLE crawls ADD COLUMN schedule_id INTEGER
            REFERENCES schedules(id) ON DELETE SET NULL;
        CREATE INDEX idx_crawls_schedule_id ON crawls (schedule_id)
        """,
    )


@migrations(name="0005_crawl_budget")
def crawl_budget(db: Database) -> None:
    """What a crawl spent its requests on, dead links apart from failures, and static pages.

    `crawls`: requests made (robots.txt, redirects and retries included), listing pages and
    later thread pages read (with `posts`, the pages that mattered), dead links met, and per
    rule the links left unrequested (`skipped`, JSON). `errors.referer`: the page whose link
    failed. `posts.kind`: "post", or "page" for a site's static page (an About page).
    """
    _execute_all(
        db,
        """
        ALTER TABLE crawls ADD COLUMN requests INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE crawls ADD COLUMN listings INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE crawls ADD COLUMN thread_pages INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE crawls ADD COLUMN dead_links INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE crawls ADD COLUMN skipped TEXT NOT NULL DEFAULT '{}';
        ALTER TABLE errors ADD COLUMN referer TEXT;
        ALTER TABLE posts ADD COLUMN kind TEXT NOT NULL DEFAULT 'post'
        """,
    )


@migrations(name="0006_stream_marks")
def stream_marks(db: Database) -> None:
    """How far the writer of a shared crawl has stored each Redis stream, in its own table.

    It was kept in the `store` runs' `crawls.arguments` (found with LIKE '%through%'); the marks
    already recorded there are carried over, so a writer that comes back to an older archive
    still skips what it stored before.
    """
    _execute_all(
        db,
        """
        CREATE TABLE stream_marks (
            stream TEXT PRIMARY KEY,
            through TEXT NOT NULL,
            crawl_id INTEGER REFERENCES crawls(id)
        )
        """,
    )
    marks: dict[str, tuple[tuple[int, int], str, int]] = {}
    rows = db.execute("SELECT id, arguments FROM crawls WHERE command = 'store' "
                      "AND json_valid(arguments) AND json_extract(arguments, '$.through') "
                      "IS NOT NULL").fetchall()
    for crawl_id, arguments in rows:
        recorded = json.loads(arguments)
        stream, through = recorded.get("stream"), str(recorded["through"])
        ms, _, seq = through.partition("-")
        if stream and ms.isdigit() and (seq or "0").isdigit():
            order = (int(ms), int(seq or 0))
            if stream not in marks or order > marks[stream][0]:
                marks[stream] = (order, through, crawl_id)
    for stream, (_, through, crawl_id) in marks.items():
        db.execute("INSERT INTO stream_marks (stream, through, crawl_id) VALUES (?, ?, ?)",
                   [stream, through, crawl_id])


@migrations(name="0007_run_owner")
def run_owner(db: Database) -> None:
    """Which host and process a run is, when it last committed a batch, what it fetched and what
    it left as it was.

    A run killed without closing its row (kill -9) stayed `running` for ever; with these the
    next run on the same host sees the process is gone and closes the row as interrupted, at
    the time of its last batch (`db.runs.close_abandoned_runs`). `fetched` (responses a crawl
    received, files and records an import read) and `skipped` (pages already archived, or
    unchanged since: HTTP 304) are the words the summary line uses; `skipped` by rule, the
    links a crawl left unrequested, was already taken, so the column is `unchanged`.
    """
    _execute_all(
        db,
        """
        ALTER TABLE crawls ADD COLUMN host TEXT;
        ALTER TABLE crawls ADD COLUMN pid INTEGER;
        ALTER TABLE crawls ADD COLUMN updated TEXT;
        ALTER TABLE crawls ADD COLUMN fetched INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE crawls ADD COLUMN unchanged INTEGER NOT NULL DEFAULT 0
        """,
    )


@migrations(name="0008_post_comment_count")
def post_comment_count(db: Database) -> None:
    """Each post's number of archived comments, as a column.

    Counted per page of rows by the table page, the number could not be sorted or filtered on:
    "the most-discussed posts" is the first question a reader of a discussion archive asks. The
    writer keeps the column in step with every batch it commits (`ArchiveWriter`).
    """
    _execute_all(
        db,
        """
        ALTER TABLE posts ADD COLUMN comment_count INTEGER NOT NULL DEFAULT 0;
        UPDATE posts SET comment_count = (
            SELECT count(*) FROM comments WHERE comments.post_id = posts.id)
        """,
    )


@migrations(name="0009_page_outcomes")
def page_outcomes(db: Database) -> None:
    """What became of every page a run took in: `crawls.outcomes`, JSON {"archived": {...},
    "skipped": {...}, "errors": {...}}, each by outcome (a listing, a feed, a page that is not
    HTML, ...). With them the pages a run fetched add up: none ends without a recorded reason.
    """
    db.execute("ALTER TABLE crawls ADD COLUMN outcomes TEXT NOT NULL DEFAULT '{}'")


@migrations(name="0010_page_capture")
def page_capture(db: Database) -> None:
    """Where a page taken from a web archive came from: when the archive captured it
    (`capture_time`, UTC) and the capture's address there (`capture_url`, a replay URL), beside
    the site's own URL the page is stored under. Empty for pages fetched from the site itself.
    """
    _execute_all(
        db,
        """
        ALTER TABLE pages ADD COLUMN capture_time TEXT;
        ALTER TABLE pages ADD COLUMN capture_url TEXT
        """,
    )


def _execute_all(db: Database, script: str) -> None:
    """Statement by statement: `executescript` would commit the migration's transaction."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


# the schema version an archive has once every migration above is applied: all are pending on
# an empty database
SCHEMA_VERSION = len(migrations.pending(Database(memory=True)))
