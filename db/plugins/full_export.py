"""Full exports: any table, view, stored query or SQL query as CSV, JSON or JSON lines, all rows.

`/-/export/<database>.<csv|json|jsonl>?table=T`, `?query=NAME&param=...` or `?sql=...&param=...`
streams the rows from one cursor on a read-only connection of its own (with the read guard),
a batch at a time, so neither memory nor `max_returned_rows` limits what comes out. Table and
query pages link to it under their title (`_full_export.html`).

A table page that filters or searches its rows links `?table=T` with its filters, search and
sort (`&_search=harbor&kind=comment`): those rows are exactly what Datasette's own table view
selects, so they are read through it, page after page of its JSON (`_size=max`, its `next`
links, as its own CSV streaming does), and written out as they come: every match of a search,
in the page's order, however many.
"""

from __future__ import annotations

import asyncio
import base64
import re
import threading
import urllib.parse
from collections.abc import Iterator

from datasette import hookimpl
from datasette.utils import InvalidSql, validate_sql_select
from datasette.utils.asgi import AsgiStream, Forbidden, NotFound, Response

from db.publish import (
    FORMATS,
    PAGE_PARAMETERS,
    connect_read_only,
    raw_pages_allowed,
    stream_rows,
    table_sql,
)

EXPORT_ROUTE = r"^/-/export/(?P<database>[^/]+?)\.(?P<format>csv|json|jsonl)$"
FORMAT_LABELS = {"csv": "CSV", "json": "JSON", "jsonl": "JSON lines"}
NAMED_PARAMETER = re.compile(r"(?<!:):(\w+)")
QUEUE_BATCHES = 4
# arguments of a table page that change how it shows its rows, not which rows: left out of the
# export (which has every column, every row, no facets) and set for the pages it reads
DISPLAY_ARGUMENTS = {"_col", "_nocol", "_columns", "_size", "_next", "_labels", "_label",
                     "_nofacet", "_nocount", "_facets", "_facet_size", "_shape", "_json",
                     "_trace", "_timelimit", "_ttl", "_dl", "_stream", "_nl", "table"}
# how Datasette's own table JSON is asked for, page after page, by an export of a filtered table
PAGE_ARGUMENTS = {"_size": "max", "_nocount": "1", "_nofacet": "1"}


# --- pure helpers ---------------------------------------------------------------------------------
def named_parameters(sql: str) -> list[str]:
    """`:name` parameters of a query, in order, once each."""
    return list(dict.fromkeys(NAMED_PARAMETER.findall(sql)))


def row_filters(args: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The arguments of a table page that choose and order its rows (filters, search, sort)."""
    return [(name, value) for name, value in args
            if name not in DISPLAY_ARGUMENTS and not name.startswith("_facet")]


def export_links(database: str, table: str | None, args: list[tuple[str, str]], canned: bool,
                 path) -> list[tuple[str, str]]:
    """(label, URL) of each format for the table (with its filters), stored query or SQL a
    page shows."""
    given = dict(args)
    if given.get("sql"):
        query = [(k, v) for k, v in args if k == "sql" or not k.startswith("_")]
    elif table and canned:
        query = [("query", table), *((k, v) for k, v in args if not k.startswith("_"))]
    elif table:
        query = [("table", table), *row_filters(args)]
    else:
        return []
    encoded = urllib.parse.urlencode(query)
    return [(label, path(f"/-/export/{database}.{fmt}?{encoded}"))
            for fmt, label in FORMAT_LABELS.items()]


def local_path(url: str) -> str:
    """The path and query of an absolute URL Datasette gave (its `next_url`)."""
    parts = urllib.parse.urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def plain_rows(rows: list[list]) -> list[tuple]:
    """Rows of Datasette's JSON as a cursor gives them: its `{"$base64": ...}` back to bytes."""
    return [tuple(base64.b64decode(v["encoded"]) if isinstance(v, dict) and v.get("$base64")
                  else v for v in row) for row in rows]


# --- hooks ----------------------------------------------------------------------------------------
class PageError(Exception):
    """Datasette's table view refused the export's filters (its message says why)."""


async def table_page_json(datasette, path: str) -> dict:
    response = await datasette.client.get(path)
    if response.status_code != 200:
        raise PageError(response.json().get("error") or response.text)
    return response.json()


def page_batches(datasette, loop, data: dict) -> Iterator[list[tuple]]:
    """In the export's worker thread: the rows of a page of Datasette's table JSON, then of each
    page after it, each fetched on the server's own event loop."""
    while True:
        yield plain_rows(data["rows"])
        if not data.get("next_url"):
            return
        future = asyncio.run_coroutine_threadsafe(
            table_page_json(datasette, local_path(data["next_url"])), loop)
        data = future.result()


async def _resolve(datasette, request, database: str) -> tuple[str, dict, str]:
    """(sql, params, file name) for the request, after Datasette's permission checks."""
    actor, args = request.actor, request.args
    if table := args.get("table"):
        if not await datasette.permission_allowed(actor, "view-table", (database, table),
                                                  default=True):
            raise Forbidden("You may not view this table")
        return None, {}, table
    if name := args.get("query"):
        query = await datasette.get_canned_query(database, name, actor)
        if query is None:
            raise NotFound(f"No stored query {name!r}")
        if not await datasette.permission_allowed(actor, "view-query", (database, name),
                                                  default=True):
            raise Forbidden("You may not run this query")
        sql = query["sql"]
    elif sql := args.get("sql"):
        if not await datasette.permission_allowed(actor, "execute-sql", database, default=True):
            raise Forbidden("You may not run SQL on this database")
        try:
            validate_sql_select(sql)
        except InvalidSql as exc:
            raise Forbidden(str(exc)) from exc
        name = "query"
    else:
        raise NotFound("Say what to export: ?table=, ?query= or ?sql=")
    return sql, {p: PAGE_PARAMETERS.get(p, args.get(p, "")) for p in named_parameters(sql)}, name


async def export_view(datasette, request):
    database, fmt = request.url_vars["database"], request.url_vars["format"]
    if database not in datasette.databases or database.startswith("_"):
        raise NotFound(f"Database not found: {database}")
    db = datasette.get_database(database)
    if not db.path:
        raise NotFound("Only archive files can be exported")
    if not await datasette.permission_allowed(request.actor, "view-database", database,
                                              default=True):
        raise Forbidden("You may not view this database")
    sql, params, name = await _resolve(datasette, request, database)
    chunks_of, content_type = FORMATS[fmt]
    loop = asyncio.get_running_loop()
    filters = row_filters(urllib.parse.parse_qsl(request.query_string, keep_blank_values=True))
    conn = None
    if sql is None and filters:  # a filtered table: the rows Datasette's table view selects
        path = datasette.urls.table(database, name, format="json") + "?" + urllib.parse.urlencode(
            [*filters, *PAGE_ARGUMENTS.items()])
        try:
            first = await table_page_json(datasette, path)
        except PageError as exc:
            return Response.text(f"Cannot export: {exc}\n", status=400)

        def read() -> tuple[list[str], Iterator[list[tuple]]]:
            return first["columns"], page_batches(datasette, loop, first)
    else:
        conn = connect_read_only(db.path, immutable=not db.is_mutable,
                                 raw_pages=raw_pages_allowed(datasette))
        try:
            sql = sql or table_sql(conn, name)
            conn.execute("EXPLAIN " + sql, params)  # a bad query fails here, before streaming
        except Exception as exc:
            conn.close()
            return Response.text(f"Cannot export: {exc}\n", status=400)

        def read() -> tuple[list[str], Iterator[list[tuple]]]:
            return stream_rows(conn, sql, params)

    queue: asyncio.Queue = asyncio.Queue(maxsize=QUEUE_BATCHES)
    stopped = threading.Event()

    def produce() -> None:
        """In a worker thread: run the query, hand over formatted chunks until done or stopped."""

        def put(item) -> bool:
            while not stopped.is_set():
                future = asyncio.run_coroutine_threadsafe(queue.put(item), loop)
                try:
                    future.result(timeout=1)
                    return True
                except TimeoutError:
                    future.cancel()
            return False

        try:
            columns, batches = read()
            for chunk in chunks_of(columns, batches):
                if chunk and not put(chunk):
                    return
            put(None)
        except Exception as exc:  # the response has started: say so at its end
            put(f"\n# export stopped: {exc}\n")
            put(None)
        finally:
            if conn is not None:
                conn.close()

    async def stream(writer):
        worker = threading.Thread(target=produce, name="blogarchive-export", daemon=True)
        worker.start()
        try:
            while (chunk := await queue.get()) is not None:
                await writer.write(chunk)
        finally:
            stopped.set()

    filename = f"{name}.{fmt}"
    return AsgiStream(
        stream, content_type=content_type,
        headers={"content-disposition": f'attachment; filename="{filename}"',
                 "X-Content-Type-Options": "nosniff"},
    )


@hookimpl
def register_routes():
    return [(EXPORT_ROUTE, export_view)]


@hookimpl
def extra_template_vars(template, database, table, view_name, request, datasette):
    if request is None or not database or not template.startswith(("table", "query")):
        return {}
    args = urllib.parse.parse_qsl(request.query_string, keep_blank_values=True)
    canned = template.startswith("query") and not request.args.get("sql")
    table = table or request.url_vars.get("table")
    return {"full_export_links": export_links(database, table, args, canned,
                                              datasette.urls.path)}
