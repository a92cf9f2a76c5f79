"""`blogarchive serve`: publish an archive with Datasette, read-only, configured from `db/`."""

from __future__ import annotations

from pathlib import Path

import click

from crawler.commands.options import archive_argument


@click.command()
@archive_argument
@click.option("-p", "--port", default=8001, show_default=True, help="port to listen on")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="interface to listen on (0.0.0.0 for every one)")
@click.option("--live", is_flag=True,
              help="for an archive a crawl is still writing: read-only, not immutable, so new "
                   "rows show up")
@click.option("--raw-pages", is_flag=True,
              help="serve the raw page bodies (pages.body) too, and the archive file for download")
def serve(archive: Path, port: int, host: str, live: bool, raw_pages: bool) -> None:
    """Serve an archive with Datasette: search, thread views, stored queries, full exports.

    Read-only. By default the file is opened immutable (fastest: no locking, counts computed
    once), after folding its write-ahead log in; if a crawl is writing to it, or with --live, it
    is opened read-only but mutable instead (SQLite's ?mode=ro), so new rows appear. Raw page
    bodies, and the archive file that holds them, are not served unless --raw-pages. Threads
    read at /-/thread/POST_ID (and .json).
    """
    import uvicorn

    from db.publish import checkpoint, make_datasette
    from db.runs import is_being_written

    if not live and (is_being_written(archive) or not checkpoint(archive)):
        click.echo(f"{archive} is being written to: serving it live (read-only)", err=True)
        live = True
    datasette = make_datasette(archive, live=live, raw_pages=raw_pages)
    url = f"http://{host}:{port}/"
    mode = "live, read-only" if live else "immutable"
    click.echo(f"Serving {archive} ({mode}) at {url}  (threads: {url}-/thread/POST_ID)",
               nl=True)
    uvicorn.run(datasette.app(), host=host, port=port, log_level="warning", lifespan="on")
