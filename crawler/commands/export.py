"""`blogarchive export`: a table, a query or a whole thread out of an archive, streamed."""

from __future__ import annotations

import json
import sqlite3
import sys
import time
from pathlib import Path

import click

from crawler.commands.options import archive_argument

# the names of db.publish.FORMATS, spelled here so `--help` needs no database module (a test
# checks they agree)
FORMAT_NAMES = ("csv", "json", "jsonl")


@click.command()
@archive_argument
@click.option("-f", "--format", "fmt", type=click.Choice(FORMAT_NAMES),
              help="output format of a table or query  [default: csv]; a thread is nested JSON")
@click.option("-t", "--table", help="export this table or view, every row")
@click.option("--sql", help="export the rows of this SELECT query")
@click.option("-p", "--param", "params", multiple=True, nargs=2, metavar="NAME VALUE",
              help="a :NAME parameter of --sql (repeatable)")
@click.option("--thread", "post_id", metavar="POST_ID", help="export a post's thread, nested")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="write here instead of standard output")
@click.option("--raw-pages", is_flag=True, help="include the raw page bodies (pages.body)")
@click.option("--warc", "warc_path", metavar="FILE.warc.gz",
              type=click.Path(dir_okay=False, path_type=Path),
              help="write the archive's raw pages to this WARC file instead, one response "
                   "record a page (gzipped if named .gz)")
def export(archive: Path, fmt: str, table: str | None, sql: str | None,
           params: tuple[tuple[str, str], ...], post_id: str | None, output: Path | None,
           raw_pages: bool, warc_path: Path | None) -> None:
    """Export a table (--table), a query (--sql) or a thread (--thread) as CSV, JSON or JSON
    lines, or the raw pages as a WARC file (--warc).

    Rows are streamed from the archive, never all held in memory; the archive is opened
    read-only. --thread gives the post and its comment tree as nested JSON (replies inside
    their parents), as /-/thread/POST_ID.json serves it. --warc writes every stored page as it
    was fetched (its URL, fetch time, status and headers kept), for web-archive tools and for
    `blogarchive import` into another archive.
    """
    if sum(x is not None for x in (table, sql, post_id, warc_path)) != 1:
        raise click.UsageError("give exactly one of --table, --sql, --thread or --warc")
    if warc_path is not None:
        if fmt or output:
            raise click.UsageError("--warc writes a WARC file: leave out --format and --output")
        started = time.perf_counter()
        pages = export_warc(archive, warc_path)
        click.echo(f"exported raw pages: {pages} pages in {time.perf_counter() - started:.1f}s "
                   f"to {warc_path}", err=True)
        return
    if post_id is not None and fmt not in (None, "json"):
        raise click.UsageError(f"a thread is exported as nested JSON, not {fmt}: leave out "
                               "--format, or export its comments with --sql")
    from db.publish import FORMATS, connect_read_only, stream_rows, table_sql

    conn = connect_read_only(archive, raw_pages=raw_pages)
    out = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    started, rows = time.perf_counter(), 0
    try:
        if post_id is not None:
            rows = export_thread(conn, post_id, out)
        else:
            try:
                query = sql if sql is not None else table_sql(conn, table)
                columns, batches = stream_rows(conn, query, dict(params))
            except (ValueError, sqlite3.Error) as exc:
                raise click.ClickException(str(exc)) from exc
            chunks_of, _ = FORMATS[fmt or "csv"]

            def counted(batches):
                nonlocal rows
                for batch in batches:
                    rows += len(batch)
                    yield batch

            for chunk in chunks_of(columns, counted(batches)):
                out.write(chunk)
    finally:
        if output:
            out.close()
        conn.close()
    seconds = time.perf_counter() - started
    what = f"thread {post_id}" if post_id else (f"table {table}" if table else "query")
    where = output or "standard output"
    click.echo(f"exported {what}: {rows} rows in {seconds:.1f}s "
               f"({rows / max(seconds, 1e-6):,.0f} rows/s) to {where}", err=True)


def export_warc(archive: Path, path: Path) -> int:
    """Every raw page of the archive, oldest first, as a response record: its URL, its fetch
    time as WARC-Date, its status and the headers the archive keeps (Content-Type, ETag,
    Last-Modified); the number of pages."""
    from crawler.warcfile import WarcFile, warc_date
    from db.reader import stored_pages

    out = WarcFile(path, append=False)
    count = 0
    try:
        out.warcinfo({"description": f"blogarchive export --warc: the raw pages of "
                                     f"{archive.name}", "isPartOf": archive.name})
        for raw in stored_pages(archive):
            headers = [("Content-Type", raw.content_type or "text/html")]
            headers += [(name, value) for name, value in (
                ("ETag", raw.etag), ("Last-Modified", raw.last_modified)) if value]
            out.response(raw.url, raw.status or 200, headers, raw.body,
                         warc_date(raw.fetched_at))
            count += 1
    finally:
        out.close()
    return count


def export_thread(conn, post_id: str, out) -> int:
    """The post and its nested comments as one JSON document; the number of comments."""
    from sqlite_utils import Database

    from db.reader import read_thread_tree

    tree = read_thread_tree(Database(conn), post_id)
    if tree is None:
        raise click.ClickException(f"no post {post_id!r} in the archive")
    json.dump(tree, out, ensure_ascii=False, indent=1)
    out.write("\n")
    return tree["comment_count"]
