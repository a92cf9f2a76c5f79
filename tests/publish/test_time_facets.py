"""Year and month facets: index seeks on a whole table give exactly what the GROUP BY gives."""

from __future__ import annotations

import sqlite3

import pytest

from db.plugins.time_facets import (
    MonthFacet,
    YearFacet,
    leads_an_index,
    period_sql,
    periods_by_seeks,
)

# times as archives hold them, and the odd values a column may also hold
VALUES = [
    "2008-03-31T16:53:46Z", "2008-03-31T16:53:46Z", "2008-03-01T00:00:00Z", "2008-04-02",
    "2008", "2009-12-31T23:59:59Z", "2010-01-01T00:00:00Z", "2010-01", "1999-07-04T12:00:00Z",
    "unknown", "Mon Mar 31", "20", "", "2008-3-1", "zz-2011-01", None, None,
]


@pytest.fixture
def conn():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE comments (id INTEGER PRIMARY KEY, posted TEXT, other TEXT)")
    conn.executemany("INSERT INTO comments (posted, other) VALUES (?, ?)",
                     [(v, v) for v in VALUES])
    conn.execute("CREATE INDEX idx_posted ON comments (posted, id DESC)")
    conn.execute("CREATE INDEX idx_other_partial ON comments (other) WHERE other IS NOT NULL")
    return conn


@pytest.mark.parametrize("facet", [YearFacet, MonthFacet])
@pytest.mark.parametrize("limit", [1, 2, 3, 31])
def test_seeks_count_what_the_group_by_counts(conn, facet, limit):
    expected = conn.execute(period_sql("select * from comments", "posted", facet.width,
                                       facet.pattern, limit)).fetchall()
    found = periods_by_seeks(conn, "comments", "posted", facet.width, facet.pattern, limit)
    assert found == expected
    assert len(found) == min(limit, {4: 4, 7: 5}[facet.width])


def test_year_counts_by_hand(conn):
    found = periods_by_seeks(conn, "comments", "posted", 4, YearFacet.pattern, 31)
    assert found == [("2010", 2), ("2009", 1), ("2008", 6), ("1999", 1)]


def test_seeks_need_an_index_that_leads_with_the_column(conn):
    assert leads_an_index(conn, "comments", "posted")
    assert not leads_an_index(conn, "comments", "other")  # partial: not every row in it
    assert not leads_an_index(conn, "comments", "id")  # second in idx_posted, not first
    assert periods_by_seeks(conn, "comments", "other", 4, YearFacet.pattern, 31) is None


def test_numbers_in_a_text_column_give_way_to_the_group_by():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (posted)")  # no affinity: a number stays a number
    conn.executemany("INSERT INTO t VALUES (?)", [(2008,), ("2008-01-01",)])
    conn.execute("CREATE INDEX idx ON t (posted)")
    assert periods_by_seeks(conn, "t", "posted", 4, YearFacet.pattern, 31) is None


@pytest.mark.asyncio
async def test_whole_table_facets_match_the_filtered_path(publish_archive, datasette_for):
    """The comments page (whole table: seeks) and the same rows behind a filter that keeps
    them all (GROUP BY) show the same years and months."""
    ds = datasette_for(publish_archive)
    whole = (await ds.client.get("/archive/comments.json?_size=0")).json()["facet_results"]
    filtered = (await ds.client.get(
        "/archive/comments.json?_size=0&id__not=none")).json()["facet_results"]
    for name in ("posted (year)", "posted (month)"):
        counts = [(r["value"], r["count"]) for r in whole[name]["results"]]
        assert counts == [(r["value"], r["count"]) for r in filtered[name]["results"]]
        assert counts and sum(c for _, c in counts) >= 5
