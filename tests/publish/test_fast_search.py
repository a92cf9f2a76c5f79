"""Search pages answer without faceting every match; the facets come back on request."""

from __future__ import annotations

import pytest

from db.plugins.fast_search import SEARCH_PAGE_SIZE, search_query


@pytest.mark.parametrize(
    "query,expected",
    [
        (b"_search=iran", b"_search=iran&_nofacet=1&_size=20"),
        (b"_search=iran&_size=50", b"_search=iran&_size=50&_nofacet=1"),
        (b"_search=iran&_facet=author_id", None),
        (b"_search=iran&_nofacet=1&_size=20&_facets=on", b"_search=iran&_size=20"),
        (b"_sort=posted", None),
        (b"", None),
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
