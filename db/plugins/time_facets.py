"""Year and month facets for ISO 8601 time columns (`posted`, `published`): how many rows a
year or month, each value filtering the table with `column__startswith=2008-03`.

In metadata: `facets: [{year: published}, {month: published}]`; in a URL: `?_facet_month=posted`.

On a filtered table the periods are one GROUP BY over the filtered rows. On the whole table, when
an index leads with the column (`comments.posted`, `posts.published`), they are found by seeking
that index instead (`periods_by_seeks`): newest period first, each counted as a range of the
index, no row and no function call a row. On 1M comments: 18 ms where the GROUP BY took 280.
"""

from __future__ import annotations

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.facets import Facet
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args

FACET_SQL = """
    SELECT substr({col}, 1, {width}) AS value, count(*) AS count FROM ({sql})
    WHERE {col} GLOB '{pattern}*'
    GROUP BY value ORDER BY value DESC LIMIT {limit}
"""


# past U+10FFFF's UTF-8 bytes nothing sorts: `prefix || TOP` ends the prefix's range
TOP = "char(1114111)"
# periods looked at (matching or not) before the seeks give way to the GROUP BY: a column of
# free text would otherwise cost a seek a distinct prefix
MAX_SEEKS = 1_000


def period_sql(sql: str, column: str, width: int, pattern: str, limit: int) -> str:
    """Counts a period (the first `width` characters of an ISO time), newest first."""
    return FACET_SQL.format(col=escape_sqlite(column), width=width, pattern=pattern, sql=sql,
                            limit=limit)


def periods_by_seeks(conn, table: str, column: str, width: int, pattern: str,
                     limit: int) -> list[tuple[str, int]] | None:
    """What `period_sql` gives on the whole table, read off an index that leads with `column`.

    From the newest value down: its period is its first `width` characters, counted as the
    index range that shares them, and the next value is the greatest one below the period.
    None where no such index exists (every seek would scan the table) or the column holds too
    many shapes of value; the caller then runs the GROUP BY.
    """
    if not leads_an_index(conn, table, column):
        return None
    t, col = escape_sqlite(table), escape_sqlite(column)
    newest = f"SELECT max({col}) FROM {t} WHERE {col} < ?"
    count = f"SELECT count(*) FROM {t} WHERE {col} >= :p AND {col} < :p || {TOP}"
    matches = f"SELECT ? GLOB '{pattern}'"
    found: list[tuple[str, int]] = []
    value = conn.execute(f"SELECT max({col}) FROM {t}").fetchone()[0]
    for _ in range(MAX_SEEKS):
        if value is None or len(found) >= limit:
            return found
        if not isinstance(value, str):  # a number or blob stored in a text column
            return None
        period = value[:width]
        if len(period) == width and conn.execute(matches, [period]).fetchone()[0]:
            found.append((period, conn.execute(count, {"p": period}).fetchone()[0]))
        value = conn.execute(newest, [period]).fetchone()[0]
    return None


def leads_an_index(conn, table: str, column: str) -> bool:
    """Some full (not partial) index of `table` has `column` first, in the binary collation."""
    for index in conn.execute(f"PRAGMA index_list({escape_sqlite(table)})").fetchall():
        name, partial = index[1], index[4]
        if partial:
            continue
        first = conn.execute(f"PRAGMA index_xinfo({escape_sqlite(name)})").fetchone()
        if first is not None and first[2] == column and first[4] == "BINARY":
            return True
    return False


def whole_table(sql: str, params, table: str) -> bool:
    """The facet's SQL is Datasette's select of the whole table: no filter, no search."""
    return not params and sql.rstrip().endswith(f" from {escape_sqlite(table)}")


class PeriodFacet(Facet):
    """Group an ISO 8601 text column by a prefix of it: 4 characters a year, 7 a month."""

    type = "period"
    width = 7
    pattern = "[0-9][0-9][0-9][0-9]-[0-9][0-9]"

    async def suggest(self):
        return []  # configured in metadata, or asked for with ?_facet_month=

    async def facet_results(self):
        results, timed_out = [], []
        args = dict(self.get_querystring_pairs())
        size = self.get_facet_size()
        for source_and_config in self.get_configs():
            config = source_and_config["config"]
            column = config.get("column") or config["simple"]
            try:
                rows = await self.periods(column, size + 1)
            except QueryInterrupted:
                timed_out.append(column)
                continue
            key = f"{column}__startswith"
            values = []
            for value, count in rows[:size]:
                selected = args.get(key) == value
                path = (path_with_removed_args(self.request, {key: value}) if selected
                        else path_with_added_args(self.request, {key: value}))
                values.append({
                    "value": value, "label": value, "count": count,
                    "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(path)),
                    "selected": selected,
                })
            results.append({
                "name": f"{column} ({self.type})", "type": self.type, "results": values,
                "hideable": source_and_config["source"] != "metadata",
                "toggle_url": self.ds.urls.path(
                    path_with_removed_args(self.request, {f"_facet_{self.type}": column})
                ),
                "truncated": len(rows) > size,
            })
        return results, timed_out

    async def periods(self, column: str, limit: int) -> list[tuple[str, int]]:
        """(period, count), newest first: by index seeks on the whole table, else GROUP BY."""
        if whole_table(self.sql, self.params, self.table):
            found = await self.ds.get_database(self.database).execute_fn(
                lambda conn: periods_by_seeks(conn, self.table, column, self.width,
                                              self.pattern, limit))
            if found is not None:
                return found
        rows = await self.ds.execute(
            self.database, period_sql(self.sql, column, self.width, self.pattern, limit),
            self.params, truncate=False,
            custom_time_limit=self.ds.setting("facet_time_limit_ms"),
        )
        return [(row["value"], row["count"]) for row in rows.rows]


class YearFacet(PeriodFacet):
    type = "year"
    width = 4
    pattern = "[0-9][0-9][0-9][0-9]"


class MonthFacet(PeriodFacet):
    type = "month"


@hookimpl
def register_facet_classes():
    return [YearFacet, MonthFacet]
