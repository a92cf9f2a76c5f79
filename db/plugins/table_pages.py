"""Table pages that read as a researcher reads them: rows first, the columns people read, long
text cut short (the row page has it whole), and what a page of rows needs beside its columns.

All of it is configured per table under the `blogarchive` plugin in metadata.yaml:

- `columns`: the columns an HTML table page shows until the reader chooses others. The request
  is served as if it named them with `_col` (Datasette's own column choice), unless it names
  `_col` itself or asks for `_columns=all`; `_nocol` (a column menu's "Hide this column") hides
  one of them. `search_columns`: the same while a search is shown (its snippet takes the text's
  place). JSON and CSV keep every column.
- `count_links`: count columns stored on the row (a post's `comment_count`) shown as links to
  the rows they count (`{column: {table, column}}`): the number is a real column, so it sorts
  and filters as any other.
- Searching a table with a full-text index (fast_search's `fts_table`, or Datasette's), the page
  leads with each row's FTS5 snippet, its matches marked: only the page's rows are matched.

Column descriptions move from a list above the rows into a <details> under the title: the
template gets them as `column_descriptions`, and `metadata` without them (Datasette renders
that list from `metadata.columns`).
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl
from datasette.utils import escape_fts, path_with_removed_args, path_with_replaced_args
from markupsafe import Markup, escape

from db.publish import (
    PLUGIN_NAME,
    SNIPPET_END,
    SNIPPET_START,
    is_search_argument,
    query_rewriter,
    search_snippets,
    table_page,
)

# the marker of a page that shows every column: Datasette passes unknown `_` arguments along in
# its links (sorting, next page, facets), so the choice holds while the reader browses
ALL_COLUMNS = ("_columns", "all")


# --- pure helpers ---------------------------------------------------------------------------------
def chosen_columns(config: dict, args: list[tuple[str, str]]) -> list[str] | None:
    """The columns a table page shows by default for these arguments, or None: the reader chose
    (`_col`, `_columns=all`) or the table names no default.

    `_col` naming exactly a default set is no choice: Datasette's links and its filter form
    carry the defaults a page was served with, so a search typed on a page of the usual columns
    gets the search's own."""
    if ALL_COLUMNS in args:
        return None
    defaults = [config[key] for key in ("columns", "search_columns") if config.get(key)]
    named = [value for name, value in args if name == "_col"]
    if named and named not in defaults:
        return None
    searching = any(is_search_argument(name) and value.strip() for name, value in args)
    return (searching and config.get("search_columns")) or config.get("columns") or None


def with_default_columns(query_string: bytes, config: dict) -> bytes | None:
    """The query string with the table's default columns as `_col`, or None to leave it."""
    args = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    columns = chosen_columns(config, args)
    if columns is None:
        return None
    kept = [(name, value) for name, value in args if name != "_col"]
    return urlencode([*kept, *(("_col", column) for column in columns)]).encode("latin-1")


def marked(snippet: str) -> Markup:
    """A snippet with its matches as <mark>, everything else escaped."""
    return Markup(str(escape(snippet)).replace(SNIPPET_START, "<mark>")
                  .replace(SNIPPET_END, "</mark>"))


def search_match(request, raw: bool) -> str | None:
    """The MATCH expression a snippet is made for: the page's `_search` text, as searched."""
    text = (request.args.get("_search") or "").strip()
    if not text:
        return None
    return text if raw else escape_fts(text)


# --- hooks ----------------------------------------------------------------------------------------
@hookimpl
def asgi_wrapper(datasette):
    def default_columns(path: str, query: bytes) -> bytes | None:
        found = table_page(path)
        config = found and datasette.plugin_config(PLUGIN_NAME, database=found[0],
                                                   table=found[1])
        return with_default_columns(query, config) if config else None

    return lambda app: query_rewriter(app, default_columns)


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """A stored count (`count_links`) as a link to the rows it counts."""
    if not table or not isinstance(value, int) or isinstance(value, bool):
        return None
    config = datasette.plugin_config(PLUGIN_NAME, database=database, table=table) or {}
    target = (config.get("count_links") or {}).get(column)
    if not target or "id" not in list(row.keys()):
        return None
    return Markup('<a href="{}?{}">{:,}</a>').format(
        datasette.urls.table(database, target["table"]),
        urlencode({target["column"]: row["id"]}), value)


def column_links(request, datasette, config: dict) -> dict:
    """Links between the table's usual columns and every column, for a table that has usual
    columns: `all_url` while the usual ones show, `usual_url` while every one shows."""
    if not config.get("columns"):
        return {}
    if request.args.get(ALL_COLUMNS[0]) == ALL_COLUMNS[1]:
        return {"usual_url": datasette.urls.path(
            path_with_removed_args(request, {ALL_COLUMNS[0]: ALL_COLUMNS[1]}))}
    return {"all_url": datasette.urls.path(path_with_replaced_args(
        request, {ALL_COLUMNS[0]: ALL_COLUMNS[1], "_col": None, "_nocol": None}))}


@hookimpl
def extra_template_vars(template, database, table, columns, view_name, request, datasette):
    if view_name != "table" or not table or request is None:
        return {}
    metadata = dict(datasette.table_metadata(database, table))  # a copy: it is edited here
    datasette.update_with_inherited_metadata(metadata)
    descriptions = metadata.pop("columns", None) or {}
    config = datasette.plugin_config(PLUGIN_NAME, database=database, table=table) or {}
    db = datasette.get_database(database)
    raw = (request.args.get("_searchmode") or metadata.get("searchmode")) == "raw"

    async def extra_columns(rows) -> list[dict]:
        """Columns computed for the page's rows, for _table.html: a search's snippets (first)."""
        ids = [row["id"] for row in rows] if "id" in (columns or ()) else []
        extras = []
        match = search_match(request, raw)
        fts_table = config.get("fts_table") or metadata.get("fts_table")
        if ids and match and fts_table:
            snippets = await db.execute_fn(
                lambda conn: search_snippets(conn, table, fts_table, match, ids))
            extras.append({"name": "snippet",
                           "cells": [marked(snippets.get(i) or "") for i in ids]})
        return extras

    return {
        "metadata": metadata,
        "column_descriptions": descriptions,
        "column_links": column_links(request, datasette, config),
        "extra_columns": extra_columns,
    }
