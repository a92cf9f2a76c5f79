"""Searches answer at once, even for a word in most of a million comments.

Datasette's own table search (`rowid in (select rowid from fts where fts match ...)`) reads every
match before the first page: it counts them through the table (~160 ms for 160,000 matches) and
sorts them all by time (as long again). Three things make a search page instant instead:

- No facets, a short page: a search page asks Datasette for no facets and `SEARCH_PAGE_SIZE`
  rows unless the reader asked otherwise (`_facet=...`, `_size=...`); `_facets=on` brings the
  facets back (see table.html).
- The count from the index alone: the match count comes from the full-text index
  (`count(*)` over the FTS table touches no table rows: ~4 ms for 160,000 matches), shown in the
  page's description, and Datasette's own count is skipped (`_nocount=1`) on plain search pages.
- The plan by the count: when the matches are many, the page walks the table's time index newest
  first and asks the index whether each row matches (`exists (... rowid = comments.rowid)`),
  stopping at a page's worth; when they are few, it takes the matches and sorts them. Either
  reads a few thousand rows at most.

A blank search (`_search=`, which a table page's form sends with every Apply) is dropped from
the request on every table; searches that cannot run are refused first by search_checks.py.

Tables opt in through the `blogarchive` plugin configuration of the table in metadata.yaml
(`fts_table`); their `fts_table` is then not given to Datasette, whose default search would add
its own clause. JSON and CSV keep Datasette's counts (a client passes `_nocount=1` to skip it).
"""

from __future__ import annotations

import sqlite3
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl
from datasette.filters import FilterArguments
from datasette.utils import escape_fts, escape_sqlite
from datasette.utils.asgi import BadRequest

from db.publish import is_search_argument, query_rewriter, table_page

PLUGIN = "blogarchive"
SEARCH_PAGE_SIZE = 20
FACETS_ON = "_facets"
# walk the time index when a page's worth of matches is expected within this many times fewer
# rows than there are matches to sort (a probe of the index costs ~20 sorted rows)
PROBE_COST = 20


# --- the request as served -----------------------------------------------------------------------
def search_table_config(datasette, path: str) -> dict | None:
    """The fast-search configuration of the table an HTML table page shows, or None."""
    found = table_page(path)  # not a .json / .csv rendering, which keeps its count
    if found is None:
        return None
    config = datasette.plugin_config(PLUGIN, database=found[0], table=found[1]) or {}
    return config if "fts_table" in config else None


def is_filtered(args, default_sort_desc: str | None = None) -> bool:
    """Whether a table request filters rows beyond a plain search, or sorts them otherwise than
    newest first by the table's own order (`default_sort_desc`, which its next-page links name)."""
    names = set(args)
    if any(not name.startswith("_") or "__" in name or name.startswith("_filter")
           for name in names) or names & {"_where", "_sort"}:
        return True
    return "_sort_desc" in names and args.get("_sort_desc") != default_sort_desc


def search_query(query_string: bytes, count_from_index: bool = False) -> bytes | None:
    """The query string a search page is served with, or None to leave the request as it is;
    blank searches dropped, on every table.

    `count_from_index`: the page is a fast-search table's HTML page, which shows the index's
    count, so a plain search skips Datasette's count."""
    args = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    # a blank search is no search (a table page's form sends `_search=` with every Apply);
    # Datasette's own search would run it, an FTS5 syntax error
    kept = [(name, value) for name, value in args
            if not (is_search_argument(name) and not value.strip())]
    blanks, args = len(kept) < len(args), kept
    names = {name for name, _ in args}
    if not any(is_search_argument(name) for name in names):
        return urlencode(args).encode("latin-1") if blanks else None
    if FACETS_ON in names:  # the reader wants the facets back: whatever turned them off goes
        kept = [(k, v) for k, v in args if k not in (FACETS_ON, "_nofacet", "_nocount")]
        return urlencode(kept).encode("latin-1")
    if any(name.startswith("_facet") for name in names) or "_nofacet" in names:
        return None
    extra = [("_nofacet", "1")]
    if "_size" not in names:
        extra.append(("_size", str(SEARCH_PAGE_SIZE)))
    if count_from_index and not is_filtered(dict(args)) and "_nocount" not in names:
        extra.append(("_nocount", "1"))
    return urlencode([*args, *extra]).encode("latin-1")


@hookimpl
def asgi_wrapper(datasette):
    def search_first(path: str, query: bytes) -> bytes | None:
        return search_query(query, search_table_config(datasette, path) is not None)

    return lambda app: query_rewriter(app, search_first)


# --- the search itself ---------------------------------------------------------------------------
def match_expression(args: dict[str, str], columns: list[str], raw: bool) -> str:
    """One FTS5 MATCH expression for `_search` and any `_search_COLUMN` arguments, ANDed."""
    parts = []
    for key, text in args.items():
        expression = text if raw else escape_fts(text)
        if key == "_search":
            parts.append(f"({expression})")
            continue
        column = key.split("_search_", 1)[1]
        if column not in columns:
            raise ValueError(f"Cannot search by that column: {column}")
        parts.append(f'"{column}" : ({expression})')
    return " AND ".join(parts)


def page_size(request, datasette) -> int:
    """The rows the table page will show, as Datasette reads `_size`."""
    size = request.args.get("_size") or ""
    if size.isdigit():
        return int(size)
    return datasette.setting("max_returned_rows" if size == "max" else "default_page_size")


def use_probes(matches: int, rows: int, page_size: int) -> bool:
    """Walk the time index (probing each row) rather than sort every match?

    Probing finds a page after about `page_size * rows / matches` rows; sorting reads `matches`."""
    return matches > 0 and PROBE_COST * page_size * rows < matches * matches


@hookimpl(trylast=True)  # after Datasette's own search filter, so its context is overridden
def filters_from_request(request, database, table, datasette):
    config = datasette.plugin_config(PLUGIN, database=database, table=table) or {}
    fts_table = config.get("fts_table")
    if not fts_table:
        return None

    async def inner():
        context = {"supports_search": True}
        args = {key: request.args[key] for key in request.args
                if key.startswith("_search") and key != "_searchmode" and request.args[key]}
        if not args:
            return FilterArguments([], extra_context=context)
        db = datasette.get_database(database)
        raw = request.args.get("_searchmode") == "raw"
        try:
            match = match_expression(args, await db.table_columns(fts_table), raw)
        except ValueError as error:
            raise BadRequest(str(error)) from error
        fts, tbl = escape_sqlite(fts_table), escape_sqlite(table)
        try:
            matches = (await db.execute(
                f"select count(*) from {fts} where {fts} match :fts_match", {"fts_match": match},
                log_sql_errors=False,
            )).first()[0]
        except sqlite3.OperationalError as error:  # what search_checks.py lets through
            raise BadRequest(f"Search failed: {error}") from error
        context["search"] = next(iter(args.values()))
        sort_desc = datasette.table_metadata(database, table).get("sort_desc")
        filtered = is_filtered(request.args, sort_desc)
        description = ", ".join(f'search matches "{text}"' if key == "_search" else
                                f'search column "{key[8:]}" matches "{text}"'
                                for key, text in args.items())
        if not filtered:
            description += f" ({matches:,} {'row' if matches == 1 else 'rows'})"
        probe = "_nocount" in request.args and not filtered and bool(sort_desc)
        if probe:  # the walk is only taken where no count over the clause is asked for
            rows = (await db.execute(f"select max(rowid) from {tbl}")).first()[0] or 0
            probe = use_probes(matches, rows, page_size(request, datasette))
        if probe:
            clause = (f"exists (select 1 from {fts} where {fts} match :fts_match "
                      f"and {fts}.rowid = {tbl}.rowid)")
        else:
            clause = f"rowid in (select rowid from {fts} where {fts} match :fts_match)"
        return FilterArguments([clause], {"fts_match": match}, [description], context)

    return inner
