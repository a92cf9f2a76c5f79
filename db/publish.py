"""Publishing an archive: the Datasette configuration, the read guard, full exports, thread trees.

Pure helpers shared by `blogarchive serve`, `blogarchive export` and the plugins in `db/plugins/`,
so each can be tested without a server:

- `make_datasette(path)`: Datasette on an archive with the project's metadata, plugins and
  templates (found beside this module, not from the working directory), read-only.
- `read_guard(raw_pages)`: a SQLite authorizer that reads `pages.body` (the raw page) as NULL
  unless raw pages are switched on, whatever SQL a reader sends; connections are read-only.
- `stream_rows` and `FORMATS`: rows of a table or query, fetched in batches from one cursor and
  written out as CSV, JSON or JSON lines without holding the whole result.
- `thread_tree(thread)`: a thread read by `db.reader.read_thread` as nested JSON, built in one pass.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

import yaml

from db.reader import INTERNAL_FIELDS, nest_thread, post_node
from db.records import Thread

DB_DIR = Path(__file__).resolve().parent
METADATA_FILE = DB_DIR / "metadata.yaml"
PLUGINS_DIR = DB_DIR / "plugins"
TEMPLATES_DIR = DB_DIR / "templates"

# the key `metadata.yaml` describes the archive under; replaced by the served file's own name
METADATA_DATABASE = "archive"
# where the plugins read their configuration: `datasette.plugin_config(PLUGIN_NAME)`
PLUGIN_NAME = "blogarchive"

# Datasette settings: pages stay at 100 rows, but a query (a whole thread, a search) may return
# up to 10,000 and take 5 s; full exports of anything go through the streaming export route
SETTINGS = {
    "max_returned_rows": 10_000,
    "sql_time_limit_ms": 5_000,
    "allow_csv_stream": True,
    "max_csv_mb": 0,  # no cap on a streamed CSV: "all rows" means all rows
    "default_page_size": 100,
    "facet_time_limit_ms": 1_000,
    # a facet is a glance at the commonest values, above the rows: five of each (Datasette
    # shows 30, a screen of facets before the first row); its "…" lists them all
    "default_facet_size": 5,
    # long text cut to an excerpt of two or three lines on table and query pages; a row's own
    # page shows it whole
    "truncate_cells_html": 200,
    # no suggested facets: Datasette would try one query per column (and a date() test of
    # each) on every table page and search; on 1M comments that is most of a page's time
    "suggest_facets": False,
}

# the raw page as fetched: compressed, large, and the crawled site's text, not ours to republish
RAW_COLUMNS = {("pages", "body")}
# what a file must hold to be read as an archive by the thread view (an ordinary SQLite file
# served beside one, or by mistake, has none of them)
ARCHIVE_TABLES = ("posts", "comments", "authors", "sites")
BATCH_ROWS = 1_000

# reaching another file from a query: never (writes are refused by the connection itself)
_DENIED_ACTIONS = {sqlite3.SQLITE_ATTACH, sqlite3.SQLITE_DETACH}


# --- Datasette configuration ----------------------------------------------------------------------
def archive_metadata(database: str, raw_pages: bool = False) -> dict:
    """`metadata.yaml`, with its archive entry under the served database's name."""
    metadata = yaml.safe_load(METADATA_FILE.read_text(encoding="utf-8"))
    databases = metadata.get("databases", {})
    if METADATA_DATABASE in databases:
        databases[database] = databases.pop(METADATA_DATABASE)
    plugin = metadata.setdefault("plugins", {}).setdefault(PLUGIN_NAME, {})
    plugin["raw_pages"] = raw_pages
    return metadata


def make_datasette(path: str | Path, live: bool = False, raw_pages: bool = False, **kwargs):
    """Datasette on one archive, configured from `db/`.

    Immutable by default (no locking, counts computed once): for an archive nothing writes to.
    `live=True` opens it mutable yet read-only (`?mode=ro`, Datasette's default for files), so
    rows a running crawl adds show up. The whole file is offered for download only with
    `raw_pages=True`: the file holds every raw page, which the read guard otherwise holds back.
    """
    from datasette.app import Datasette

    path = str(path)
    files = {"files": [path]} if live else {"immutables": [path]}
    return Datasette(
        **files,
        metadata=archive_metadata(Path(path).stem, raw_pages),
        plugins_dir=str(PLUGINS_DIR),
        template_dir=str(TEMPLATES_DIR),
        settings={**SETTINGS, "allow_download": raw_pages, **kwargs.pop("settings", {})},
        **kwargs,
    )


def checkpoint(path: str | Path) -> bool:
    """Fold the WAL into the file before serving it immutable; False when a writer holds it.

    An immutable open reads the main file only, so rows still in `-wal` would be missing.
    """
    wal = Path(f"{path}-wal")
    if not wal.exists() or wal.stat().st_size == 0:
        return True
    conn = sqlite3.connect(path, timeout=2)
    try:
        busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlite3.OperationalError:
        return False
    finally:
        conn.close()
    return not busy and (not wal.exists() or wal.stat().st_size == 0)


def raw_pages_allowed(datasette) -> bool:
    """Whether the server was started with raw pages switched on (`serve --raw-pages`)."""
    return bool((datasette.plugin_config(PLUGIN_NAME) or {}).get("raw_pages"))


# --- the read guard -------------------------------------------------------------------------------
def read_guard(raw_pages: bool = False):
    """A `set_authorizer` callback: raw page bodies read as NULL, no other file attached.

    Writes are refused by the connections themselves (`immutable=1` or `mode=ro`, plus
    `PRAGMA query_only`): SQLite's own statements (FTS5 opening its tables) go through the
    authorizer too, so it cannot be the one to refuse them.
    """

    def authorize(action, arg1, arg2, _database, _trigger):
        if action == sqlite3.SQLITE_READ:
            if not raw_pages and (arg1, arg2) in RAW_COLUMNS:
                return sqlite3.SQLITE_IGNORE
            return sqlite3.SQLITE_OK
        if action in _DENIED_ACTIONS:
            return sqlite3.SQLITE_DENY
        return sqlite3.SQLITE_OK

    return authorize


def connect_read_only(path: str | Path, immutable: bool = False, raw_pages: bool = False):
    """A connection that can only read, with the read guard on."""
    mode = "immutable=1" if immutable else "mode=ro"
    conn = sqlite3.connect(f"file:{Path(path).resolve()}?{mode}", uri=True,
                           check_same_thread=False)
    conn.execute("PRAGMA query_only = 1")
    conn.set_authorizer(read_guard(raw_pages))
    return conn


# --- rows out -------------------------------------------------------------------------------------
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def table_sql(conn: sqlite3.Connection, table: str) -> str:
    """`SELECT *` of a table (in rowid order) or view; a name the archive lacks is a ValueError."""
    row = conn.execute(
        "SELECT type, sql FROM sqlite_master WHERE name = ? AND type IN ('table', 'view')",
        [table],
    ).fetchone()
    if row is None:
        raise ValueError(f"no table or view named {table!r}")
    quoted = '"' + table.replace('"', '""') + '"'
    rowid = row[0] == "table" and "WITHOUT ROWID" not in (row[1] or "").upper()
    return f"SELECT * FROM {quoted}" + (" ORDER BY rowid" if rowid else "")


def stream_rows(conn: sqlite3.Connection, sql: str, params=None, batch: int = BATCH_ROWS):
    """(columns, batches of rows): one cursor, read `batch` rows at a time."""
    cursor = conn.execute(sql, params or {})
    columns = [d[0] for d in cursor.description or ()]

    def batches() -> Iterator[list[tuple]]:
        while rows := cursor.fetchmany(batch):
            yield rows

    return columns, batches()


def _plain(value):
    """A cell as JSON can hold it: binary as Datasette writes it, `{"$base64": true, ...}`."""
    if isinstance(value, bytes):
        return {"$base64": True, "encoded": base64.b64encode(value).decode("ascii")}
    return value


def csv_chunks(columns: list[str], batches: Iterable[list[tuple]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for rows in batches:
        writer.writerows(
            [[base64.b64encode(v).decode() if isinstance(v, bytes) else v for v in row]
             for row in rows]
        )
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def jsonl_chunks(columns: list[str], batches: Iterable[list[tuple]]) -> Iterator[str]:
    for rows in batches:
        yield "".join(
            json.dumps({c: _plain(v) for c, v in zip(columns, row, strict=True)},
                       ensure_ascii=False) + "\n"
            for row in rows
        )


def json_chunks(columns: list[str], batches: Iterable[list[tuple]]) -> Iterator[str]:
    """A JSON array of objects, written as it goes."""
    yield "["
    first = True
    for rows in batches:
        parts = []
        for row in rows:
            item = json.dumps({c: _plain(v) for c, v in zip(columns, row, strict=True)},
                              ensure_ascii=False)
            parts.append(("\n" if first else ",\n") + item)
            first = False
        yield "".join(parts)
    yield "\n]\n"


FORMATS = {
    "csv": (csv_chunks, "text/csv; charset=utf-8"),
    "json": (json_chunks, "application/json; charset=utf-8"),
    "jsonl": (jsonl_chunks, "application/x-ndjson; charset=utf-8"),
}


# --- stored queries -------------------------------------------------------------------------------
# the magic parameters a stored query pages with (db/plugins/stored_queries.py), and what a full
# export binds them to: every row (SQLite's LIMIT -1 is no limit)
PAGE_PARAMETERS = {"_page_size": -1, "_page_offset": 0}


# --- table pages ----------------------------------------------------------------------------------
# what marks a match in a snippet on its way to <mark>: control characters no stored text holds
SNIPPET_START, SNIPPET_END = "\x02", "\x03"
# words of context a search snippet shows around its match (FTS5 allows up to 64)
SNIPPET_WORDS = 24


def is_search_argument(name: str) -> bool:
    """`_search` or `_search_COLUMN`: a table page's argument holding search text
    (`_searchmode` is not one)."""
    return name == "_search" or name.startswith("_search_")


def query_rewriter(app, rewrite):
    """An ASGI app handing `app` its GET and HEAD requests with the query string
    `rewrite(path, query_string)` gives (None: the request as it came). How the plugins set a
    table page's defaults before Datasette reads the request."""

    async def rewritten(scope, receive, send):
        if scope.get("type") == "http" and scope.get("method") in ("GET", "HEAD"):
            query = rewrite(scope.get("path", ""), scope.get("query_string", b""))
            if query is not None:
                scope = {**scope, "query_string": query}
        await app(scope, receive, send)

    return rewritten


def table_page(path: str) -> tuple[str, str] | None:
    """(database, table) of a path that is an HTML table page, else None (a row, a .json or
    .csv rendering, a `/-/` route, the database or home page)."""
    parts = path.strip("/").split("/")
    if len(parts) != 2 or parts[0].startswith("-") or "." in parts[1]:
        return None
    return parts[0], parts[1]


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def search_snippets(conn: sqlite3.Connection, table: str, fts_table: str, match: str,
                    ids: list) -> dict[object, str]:
    """The FTS5 snippet of each row of `ids` (primary key `id`) for a MATCH expression, its
    matches between `SNIPPET_START` and `SNIPPET_END`.

    Only the rows asked for are matched (`rowid IN`): a page of 20 rows costs 20 lookups,
    however many rows the search matches."""
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    fts, tbl = _quoted(fts_table), _quoted(table)
    sql = (f"SELECT {tbl}.id, snippet({fts}, -1, ?, ?, '…', {SNIPPET_WORDS}) "
           f"FROM {fts} JOIN {tbl} ON {tbl}.rowid = {fts}.rowid "
           f"WHERE {fts} MATCH ? "
           f"AND {fts}.rowid IN (SELECT rowid FROM {tbl} WHERE id IN ({marks}))")
    return dict(conn.execute(sql, [SNIPPET_START, SNIPPET_END, match, *ids]).fetchall())


# --- captures -------------------------------------------------------------------------------------
CAPTURE_SQL = """
SELECT pages.id, pages.fetched_at FROM posts JOIN pages ON pages.id = posts.page_id
WHERE posts.id = ?
"""
RAW_PAGE_SQL = "SELECT body, encoding FROM pages WHERE id = ?"


def post_capture(conn: sqlite3.Connection, post_id: str) -> tuple[int, str] | None:
    """(page id, fetch time) of the raw page a post was last read from, where the archive has it."""
    return conn.execute(CAPTURE_SQL, [post_id]).fetchone()


def raw_page(conn: sqlite3.Connection, page_id: int) -> tuple[bytes | None, str | None] | None:
    """(stored body, encoding) of a raw page, None for no such page; the body is None where the
    read guard holds raw pages back."""
    return conn.execute(RAW_PAGE_SQL, [page_id]).fetchone()


# --- threads --------------------------------------------------------------------------------------
def thread_tree(thread: Thread) -> dict:
    """The post and its comments nested as replies, in thread order (`db.reader.nest_thread`)."""
    nodes = []
    for comment in thread.comments:
        # a copy of the item's `__dict__` (`asdict` deep-copies, a getattr a field costs as much)
        node = {name: value for name, value in vars(comment).items()
                if name not in INTERNAL_FIELDS}
        node["recommenders"] = list(comment.recommenders)
        nodes.append(node)
    return nest_thread(post_node(thread.post), nodes)


def walk(tree: list[dict], depth: int = 0) -> Iterator[tuple[int, dict]]:
    """(depth, comment) of a nested tree in thread order, iteratively (threads can be deep)."""
    stack = [(depth, node) for node in reversed(tree)]
    while stack:
        level, node = stack.pop()
        yield level, node
        stack.extend((level + 1, child) for child in reversed(node["replies"]))
