"""Read-only, and raw pages held back: every connection Datasette opens on an archive gets
`db.publish.read_guard` and `query_only`, so no SQL a reader sends can write, and `pages.body`
reads as NULL unless the plugin configuration says `raw_pages: true` (`serve --raw-pages`).
"""

from __future__ import annotations

from datasette import hookimpl

from db.publish import raw_pages_allowed, read_guard


@hookimpl
def prepare_connection(conn, database, datasette):
    if database.startswith("_"):  # Datasette's own internal database
        return
    conn.execute("PRAGMA query_only = 1")
    conn.set_authorizer(read_guard(raw_pages_allowed(datasette)))
