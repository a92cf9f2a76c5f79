"""Search pages answer without faceting every match; the facets come back on request."""

from __future__ import annotations

import pytest

from db.plugins.fast_search import SEARCH_PAGE_SIZE, search_query, use_probes
from db.plugins.search_checks import NO_WORDS, fts_words


@pytest.mark.parametrize(
    "query,expected",
    [
        (b"_search=iran", b"_search=iran&_nofacet=1&_size=20"),
        (b"_search=iran&_size=50", b"_search=iran&_size=50&_nofacet=1"),
        (b"_search=iran&_facet=author_id", None),
        (b"_search=iran&_nofacet=1&_size=20&_facets=on", b"_search=iran&_size=20"),
        (b"_sort=posted", None),
        (b"", None),
        (b"_search=&_sort=posted", b"_sort=posted"),
        (b"_search=+&_search_title=iran", b"_search_title=iran&_nofacet=1&_size=20"),
    ],
)
def test_search_query(query, expected):
    assert search_query(query) == expected


@pytest.mark.asyncio
async def test_a_search_shows_matches_without_facets_then_with_them(publish_archive,
                                                                    datasette_for):
    ds = datasette_for(publish_archive)
    data = (await ds.client.get("/archive/comments.json?_search=iran&_shape=objects")).json()
    assert data["rows"] and len(data["rows"]) <= SEARCH_PAGE_SIZE
    assert data["facet_results"] == {} or not data["facet_results"].get("results")
    page = await ds.client.get("/archive/comments?_search=iran")
    assert page.status_code == 200
    assert "Count these matches" in page.text and "_facets=on" in page.text
    faceted = (await ds.client.get(
        "/archive/comments.json?_search=iran&_nofacet=1&_facets=on")).json()
    results = faceted["facet_results"]
    names = set(results.get("results", results))
    assert "author_id" in names and "kind" in names


@pytest.mark.asyncio
async def test_browsing_without_a_search_keeps_its_facets(publish_archive, datasette_for):
    ds = datasette_for(publish_archive)
    data = (await ds.client.get("/archive/comments.json")).json()
    results = data["facet_results"]
    assert "author_id" in set(results.get("results", results))


@pytest.mark.parametrize(
    "query,expected",
    [
        (b"_search=iran", b"_search=iran&_nofacet=1&_size=20&_nocount=1"),
        (b"_search=iran&kind=comment", b"_search=iran&kind=comment&_nofacet=1&_size=20"),
        (b"_search=iran&posted__gt=2020", b"_search=iran&posted__gt=2020&_nofacet=1&_size=20"),
        (b"_search=iran&_sort=posted", b"_search=iran&_sort=posted&_nofacet=1&_size=20"),
        (b"_search=iran&_nocount=1&_nofacet=1&_facets=on", b"_search=iran"),
    ],
)
def test_a_plain_search_page_counts_from_the_index(query, expected):
    assert search_query(query, count_from_index=True) == expected


def test_the_time_index_is_walked_only_when_matches_are_dense():
    assert use_probes(matches=160_000, rows=1_000_000, page_size=20)
    assert not use_probes(matches=5_000, rows=1_000_000, page_size=20)
    assert not use_probes(matches=0, rows=1_000_000, page_size=20)
    assert use_probes(matches=2_000, rows=2_000, page_size=20)


async def walk(ds, path: str) -> tuple[list[dict], list[str]]:
    """Every row of a JSON table page and the ones after it; the SQL of each page."""
    rows, sqls = [], []
    while path:
        data = (await ds.client.get(path)).json()
        rows += data["rows"]
        sqls.append(data["query"]["sql"])
        path = data["next_url"] and data["next_url"].split("://", 1)[1].split("/", 1)[1]
        path = path and "/" + path
    return rows, sqls


@pytest.mark.asyncio
async def test_a_dense_search_walks_the_time_index_and_finds_every_match(big_archive,
                                                                         datasette_for):
    ds = datasette_for(big_archive)
    page = await ds.client.get("/big/comments?_search=tides")
    assert page.status_code == 200 and "(2,000 rows)" in page.text
    assert 'href="/big/comments/post-big-' in page.text and "<mark>tides</mark>" in page.text
    probed, probe_sql = await walk(ds, "/big/comments.json?_search=tides&_nocount=1&_size=50"
                                       "&_shape=objects")
    sorted_, sort_sql = await walk(ds, "/big/comments.json?_search=tides&_size=50"
                                       "&_shape=objects")
    assert all("exists (select 1 from" in sql for sql in probe_sql)
    assert all("rowid in (select rowid" in sql for sql in sort_sql)
    assert len(probed) == 2_000 and len({r["id"] for r in probed}) == 2_000
    assert [r["posted"] for r in probed] == sorted((r["posted"] for r in probed), reverse=True)
    assert {r["id"] for r in probed} == {r["id"] for r in sorted_}
    count = (await ds.client.get("/big/comments.json?_search=tides")).json()
    assert count["filtered_table_rows_count"] == 2_000


@pytest.mark.asyncio
async def test_a_sparse_search_sorts_its_few_matches(publish_archive, datasette_for):
    ds = datasette_for(publish_archive)
    data = (await ds.client.get(
        "/archive/comments.json?_search=harbour&_nocount=1&_shape=objects")).json()
    assert "rowid in (select rowid" in data["query"]["sql"]
    assert [r["body_text"] for r in data["rows"]] == ["The harbour floods."]
    html = await ds.client.get("/archive/comments?_search=harbour")
    assert "(1 row)" in html.text


@pytest.mark.asyncio
async def test_searching_one_column_and_bad_searches(publish_archive, datasette_for):
    ds = datasette_for(publish_archive)
    by_author = (await ds.client.get(
        "/archive/comments.json?_search_author=carol&_shape=objects&_labels=on")).json()
    assert by_author["rows"]
    assert {r["author_id"]["label"].lower() for r in by_author["rows"]} == {"carol"}
    assert by_author["filtered_table_rows_count"] == len(by_author["rows"])
    missing = await ds.client.get("/archive/comments.json?_search_nothere=x")
    assert missing.status_code == 400 and "nothere" in missing.text
    broken = await ds.client.get("/archive/comments.json?_search=%22tides&_searchmode=raw")
    assert broken.status_code == 400 and "not a full-text query" in broken.text
    escaped = await ds.client.get("/archive/comments.json?_search=%22tides")
    assert escaped.status_code == 200


@pytest.mark.asyncio
async def test_paging_through_a_listing_with_tied_times_loses_no_row(big_archive, datasette_for):
    """The big thread's 2,000 comments share 336 times: Datasette's first page orders by time
    alone, its next pages by time and id; the sort index makes both the same order."""
    ds = datasette_for(big_archive)
    rows, _ = await walk(ds, "/big/comments.json?_size=50&_shape=objects")
    assert len(rows) == 2_000 and len({r["id"] for r in rows}) == 2_000


@pytest.mark.parametrize("path,status,message", [
    # a blank search is no search: the table page's form sends `_search=` with every Apply
    ("/archive/posts?_search=", 200, None),
    ("/archive/comments?_search=&kind=comment", 200, None),
    ("/archive/posts?_search=%22", 400, "Nothing to search for"),
    ("/archive/comments?_search=%22", 400, "Nothing to search for"),
    ("/archive/comments.json?_search=*%20-", 400, "Nothing to search for"),
    ("/archive/posts?_search=AND&_searchmode=raw", 400, "not a full-text query"),
    ("/archive/comments?_search=AND&_searchmode=raw", 400, "not a full-text query"),
    ("/archive/comments?_search_title=%22%22&_searchmode=raw", 200, None),
    # the stored search: no words is no match, never an error
    ("/archive/search?q=", 200, None),
    ("/archive/search?q=%22", 200, None),
    ("/archive/search.json?q=%22", 200, None),
])
@pytest.mark.asyncio
async def test_searches_that_cannot_run_say_why_and_log_nothing(publish_archive, datasette_for,
                                                                capfd, path, status, message):
    ds = datasette_for(publish_archive)
    response = await ds.client.get(path)
    assert response.status_code == status, response.text[:500]
    if message:
        assert message in response.text
    else:
        assert "syntax error" not in response.text
    assert "ERROR" not in capfd.readouterr().err


@pytest.mark.parametrize("text,expected", [
    ("tides", '"tides"'), ('neap "tides', '"neap" "tides"'), ("", NO_WORDS), ('"', NO_WORDS),
    ("* -- _", NO_WORDS), (None, NO_WORDS), ("ünïcode", '"ünïcode"'),
])
def test_fts_words_gives_a_query_sqlite_can_read(text, expected):
    assert fts_words(text) == expected
