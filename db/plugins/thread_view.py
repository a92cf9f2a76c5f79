"""The thread view: a post and its whole comment tree as the site showed it, and as nested JSON.

`/-/thread/<post_id>` renders `thread.html`; `/-/thread/<post_id>.json` gives `thread_tree`.
The thread is read once (`db.reader.read_thread_tree`: four queries whatever its size, rows
straight into the tree) and laid out in one pass; the JSON is serialized by orjson (a 2 MB thread
in under a millisecond, where `json` takes ten). Stored HTML is sanitized again with nh3 before
it reaches the page, and the page is sent with a Content-Security-Policy that allows no inline
script (and is rendered without Datasette's one inline script, which would fold every comment).

The post links to its original URL and to the capture it was read from (`pages` row); with
`serve --raw-pages` also to `/-/raw/<page_id>`, the raw page as fetched, as plain text. A file
that is not an archive gets a 404 saying so, not a server error.
"""

from __future__ import annotations

import functools
import re

import jinja2
import nh3
import orjson
from datasette import hookimpl
from datasette.utils import tilde_encode
from datasette.utils.asgi import Forbidden, NotFound, Response
from markupsafe import Markup, escape
from sqlite_utils import Database

from db.publish import (
    ARCHIVE_TABLES,
    TEMPLATES_DIR,
    post_capture,
    raw_page,
    raw_pages_allowed,
    walk,
)
from db.reader import read_thread_tree
from db.writer import read_page_body

THREAD_ROUTE = r"^/-/thread/(?P<post_id>[^/]+?)(?P<as_json>\.json)?$"
RAW_ROUTE = r"^/-/raw/(?P<page_id>[0-9]+)$"
# a raw page is shown as the text it is: the crawled site's markup, never run or rendered here
RAW_CONTENT_SECURITY_POLICY = "sandbox; default-src 'none'"
# the thread page needs no script at all: none runs, whatever a stored page smuggled in
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; style-src 'self' 'unsafe-inline'; img-src * data:"
)
LINK_REL = "nofollow noopener noreferrer"
SAFE_URL = re.compile(r"^https?://", re.IGNORECASE)
# a stored encoding name goes into a header only if it looks like one
CHARSET = re.compile(r"^[A-Za-z0-9._-]{1,40}$")
SNIPPET_MARK = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)
# the comment list, rendered by a plain Jinja environment of its own: Datasette's is async and
# awaits every attribute and call, which made 2,000 comments ~150 ms of a ~200 ms thread page
COMMENTS_TEMPLATE = "_thread_comments.html"


# --- pure helpers ---------------------------------------------------------------------------------
def clean_html(html: str | None) -> Markup | None:
    """Stored HTML made safe to show: nh3's allow-list, no scripts, styles or event handlers."""
    if not html:
        return None
    return Markup(nh3.clean(html, link_rel=LINK_REL))


def text_html(text: str | None) -> Markup | None:
    """Plain text as escaped paragraphs, for comments stored without HTML."""
    if not text:
        return None
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    return Markup("".join(f"<p>{escape(p)}</p>" for p in paragraphs))


def safe_url(url: str | None) -> str | None:
    """A link a page may carry: http(s) only (no javascript:, data: ...)."""
    return url if url and SAFE_URL.match(url) else None


def show_time(iso: str | None) -> str | None:
    """`2008-03-31T16:53:46Z` as `2008-03-31 16:53 UTC` (a bare date as it is)."""
    if not iso:
        return None
    if "T" in iso:
        day, _, clock = iso.partition("T")
        return f"{day} {clock[:5]} UTC"
    return iso


def thread_layout(tree: dict, row_url) -> list[dict]:
    """Comments in reading order with what the template needs to nest them without recursion.

    Each entry carries `close`: how many open comments end before it (so `<details>` elements
    nest as the tree does), `depth` (its place in the tree) and `descendants` (replies, all
    levels). `row_url(comment_id)` gives the comment's row page.
    """
    ordered = list(walk(tree["comments"]))
    descendants: dict[str, int] = {}
    for _, node in reversed(ordered):
        descendants[node["id"]] = sum(1 + descendants[r["id"]] for r in node["replies"])
    entries, previous = [], None
    for depth, node in ordered:
        entries.append({
            "id": node["id"],
            "depth": depth,
            "stored_depth": node["depth"],
            "close": 0 if previous is None else previous - depth + 1,
            "descendants": descendants[node["id"]],
            "author": node["author"],
            "author_url": safe_url(node["author_url"]),
            "posted": show_time(node["posted"]),
            "posted_iso": node["posted"],
            "posted_raw": node["posted_raw"],
            "title": node["title"],
            "body": clean_html(node["body_html"]) or text_html(node["body_text"]),
            "signature": node["signature"],
            "tips_plus": node["tips_plus"],
            "tips_minus": node["tips_minus"],
            "recommenders": node["recommenders"],
            "kind": node["kind"],
            "row_url": row_url(node["id"]),
        })
        previous = depth
    return entries


def final_close(entries: list[dict]) -> int:
    return entries[-1]["depth"] + 1 if entries else 0


@functools.cache
def comments_template() -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR), autoescape=True
    )
    return environment.get_template(COMMENTS_TEMPLATE)


def comments_html(entries: list[dict]) -> Markup:
    """The nested comment list of a thread page (entries from `thread_layout`)."""
    return Markup(comments_template().render(comments=entries, final_close=final_close(entries)))


def mark_snippet(value: str) -> Markup:
    """A search snippet with its `**match**` marks shown as <mark>, everything else escaped."""
    return Markup(SNIPPET_MARK.sub(r"<mark>\1</mark>", str(escape(value))))


def archive_database(datasette, name: str | None = None) -> str:
    """The database a thread is read from: the one named, else the first served archive."""
    names = [n for n in datasette.databases if not n.startswith("_")]
    if name:
        if name not in names:
            raise NotFound(f"Database not found: {name}")
        return name
    if not names:
        raise NotFound("No archive is served")
    return names[0]


async def require_archive(datasette, database: str):
    """The database, if it holds an archive; a 404 that says so for any other SQLite file."""
    db = datasette.get_database(database)
    missing = set(ARCHIVE_TABLES) - set(await db.table_names())
    if missing:
        raise NotFound(
            f"{database} is not a blogarchive archive (it has no {', '.join(sorted(missing))} "
            "table): threads are read from archives made by blogarchive crawl or import"
        )
    return db


# --- hooks ----------------------------------------------------------------------------------------
async def thread_page(datasette, request):
    post_id = request.url_vars["post_id"]
    database = archive_database(datasette, request.args.get("_database"))
    db = await require_archive(datasette, database)
    tree = await db.execute_fn(lambda conn: read_thread_tree(Database(conn), post_id))
    if tree is None:
        raise NotFound(f"No post {post_id!r} in {database}")
    if request.url_vars.get("as_json"):
        return Response(
            orjson.dumps(tree), content_type="application/json; charset=utf-8",
            headers={"X-Content-Type-Options": "nosniff"},
        )

    comments_url = datasette.urls.table(database, "comments")  # what urls.row starts with

    def row_url(comment_id: str) -> str:
        return f"{comments_url}/{tilde_encode(comment_id)}"

    entries = thread_layout(tree, row_url)
    post = tree["post"]
    capture = await db.execute_fn(lambda conn: post_capture(conn, post_id))
    html = await datasette.render_template(
        "thread.html",
        {
            "database": database,
            "post": post,
            "post_body": clean_html(post["body_html"]) or text_html(post["body_text"]),
            "post_url": safe_url(post["canonical_url"]) or safe_url(post["url"]),
            "post_row_url": datasette.urls.row(database, "posts", tilde_encode(post["id"])),
            "post_published": show_time(post["published"]),
            "comments_html": comments_html(entries),
            "comment_count": tree["comment_count"],
            "json_url": datasette.urls.path(f"/-/thread/{tilde_encode(post_id)}.json"),
            "capture": capture and {
                "fetched": show_time(capture[1]),
                "row_url": datasette.urls.row(database, "pages", capture[0]),
                "raw_url": (datasette.urls.path(f"/-/raw/{capture[0]}")
                            if raw_pages_allowed(datasette) else None),
            },
            # base.html's one inline script closes every open <details> on a click outside it:
            # here that would fold every comment, and the page's policy blocks it anyway
            "without_inline_script": True,
        },
        request=request,
        view_name="thread",
    )
    return Response.html(html, headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY})


async def raw_capture(datasette, request):
    """A raw page as fetched, decompressed, as plain text: only with `serve --raw-pages`."""
    if not raw_pages_allowed(datasette):
        raise Forbidden("Raw pages are not served here: start the server with "
                        "blogarchive serve --raw-pages to read them")
    page_id = int(request.url_vars["page_id"])
    database = archive_database(datasette, request.args.get("_database"))
    db = await require_archive(datasette, database)
    found = await db.execute_fn(lambda conn: raw_page(conn, page_id))
    if found is None or found[0] is None:
        raise NotFound(f"No raw page {page_id} in {database}")
    body, encoding = found
    charset = encoding if encoding and CHARSET.match(encoding) else "utf-8"
    return Response(
        read_page_body(body), content_type=f"text/plain; charset={charset}",
        headers={"X-Content-Type-Options": "nosniff",
                 "Content-Security-Policy": RAW_CONTENT_SECURITY_POLICY},
    )


@hookimpl
def register_routes():
    return [(THREAD_ROUTE, thread_page), (RAW_ROUTE, raw_capture)]


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """Posts' titles lead to their thread, a comment's post to the comment in its thread; in
    query results, post ids lead to their thread too, comment ids to the comment in it, and
    snippets mark."""
    if table == "posts" and column == "title" and value:
        return Markup('<a href="{}">{}</a>').format(
            datasette.urls.path(f"/-/thread/{tilde_encode(row['id'])}"), value
        )
    if table == "comments" and column == "post_id" and value:  # `id`, the key, always shows
        post_id, label = (value["value"], value["label"]) if isinstance(value, dict) else (
            value, value)
        return Markup('<a href="{}#c-{}" title="this comment in its thread">{}</a>').format(
            datasette.urls.path(f"/-/thread/{tilde_encode(post_id)}"), row["id"], label
        )
    if table is None and isinstance(value, str):
        if column == "snippet":
            return mark_snippet(value)
        if column == "post_id":
            return Markup('<a href="{}">{}</a>').format(
                datasette.urls.path(f"/-/thread/{tilde_encode(value)}"), value
            )
        if column == "comment_id":
            post_id = row["post_id"] if "post_id" in list(row.keys()) else None
            if post_id:  # the comment in its thread, where the row says which
                return Markup('<a href="{}#c-{}" title="this comment in its thread">{}</a>').format(
                    datasette.urls.path(f"/-/thread/{tilde_encode(post_id)}"), value, value)
            return Markup('<a href="{}">{}</a>').format(
                datasette.urls.row(database, "comments", tilde_encode(value)), value
            )
    return None
