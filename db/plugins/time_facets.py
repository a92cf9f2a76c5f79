"""Year and month facets for ISO 8601 time columns (`posted`, `published`): how many rows a
year or month, each value filtering the table with `column__startswith=2008-03`.

In metadata: `facets: [{year: published}, {month: published}]`; in a URL: `?_facet_month=posted`.
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


def period_sql(sql: str, column: str, width: int, pattern: str, limit: int) -> str:
    """Counts a period (the first `width` characters of an ISO time), newest first."""
    return FACET_SQL.format(col=escape_sqlite(column), width=width, pattern=pattern, sql=sql,
                            limit=limit)


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
            sql = period_sql(self.sql, column, self.width, self.pattern, size + 1)
            try:
                rows = await self.ds.execute(
                    self.database, sql, self.params, truncate=False,
                    custom_time_limit=self.ds.setting("facet_time_limit_ms"),
                )
            except QueryInterrupted:
                timed_out.append(column)
                continue
            key = f"{column}__startswith"
            values = []
            for row in rows.rows[:size]:
                selected = args.get(key) == row["value"]
                path = (path_with_removed_args(self.request, {key: row["value"]}) if selected
                        else path_with_added_args(self.request, {key: row["value"]}))
                values.append({
                    "value": row["value"], "label": row["value"], "count": row["count"],
                    "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(path)),
                    "selected": selected,
                })
            results.append({
                "name": f"{column} ({self.type})", "type": self.type, "results": values,
                "hideable": source_and_config["source"] != "metadata",
                "toggle_url": self.ds.urls.path(
                    path_with_removed_args(self.request, {f"_facet_{self.type}": column})
                ),
                "truncated": len(rows.rows) > size,
            })
        return results, timed_out


class YearFacet(PeriodFacet):
    type = "year"
    width = 4
    pattern = "[0-9][0-9][0-9][0-9]"


class MonthFacet(PeriodFacet):
    type = "month"


@hookimpl
def register_facet_classes():
    return [YearFacet, MonthFacet]
