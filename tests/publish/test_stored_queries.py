"""Stored queries a page at a time, with their titles (db/plugins/stored_queries.py): paging
through them gives exactly the rows a full export gives, in order."""

from __future__ import annotations

import re

import pytest

from db.plugins.stored_queries import page_of


@pytest.mark.parametrize("args,expected", [
    ({}, (100, 0)), ({"_size": "20", "_next": "40"}, (20, 40)), ({"_size": "max"}, (10_000, 0)),
    ({"_size": "99999"}, (10_000, 0)), ({"_size": "0"}, (1, 0)), ({"_next": "x"}, (100, 0)),
])
def test_page_of(args, expected):
    assert page_of(args, 100, 10_000) == expected


@pytest.mark.asyncio
async def test_a_stored_query_pages_through_every_row(big_archive, datasette_for):
    ds = datasette_for(big_archive)
    everything = (await ds.client.get("/-/export/big.json?query=most_recommended")).json()
    assert len(everything) > 1_000
    first = await ds.client.get("/big/most_recommended")
    assert "<title>Most-recommended comments: big</title>" in first.text
    assert first.text.count('<td class="col-comment_id">') == 100
    assert "Rows 1–100" in first.text and 'class="previous-page"' not in first.text
    # the pages' JSON, followed by their `_next`, is the whole result, in order, once
    paged, offset = [], 0
    while True:
        rows = (await ds.client.get(f"/big/most_recommended.json?_shape=array&_size=400"
                                    f"&_next={offset}")).json()
        paged += rows
        if len(rows) < 400:
            break
        offset += 400
    assert [r["comment_id"] for r in paged] == [r["comment_id"] for r in everything]
    # and the page links lead from one page to the next and back
    next_url = re.search(r'class="next-page" href="([^"]+)"', first.text).group(1)
    second = (await ds.client.get(next_url.replace("&amp;", "&"))).text
    assert "Rows 101–200" in second
    assert re.search(r'class="previous-page" href="/big/most_recommended"', second)


@pytest.mark.asyncio
async def test_a_stored_query_with_blank_parameters_says_so(publish_archive, datasette_for):
    ds = datasette_for(publish_archive)
    page = (await ds.client.get("/archive/author_activity")).text
    assert "<title>An author&#39;s activity across posts: archive</title>" in page
    assert "Fill in author below" in page
    assert "Fill in" not in (await ds.client.get("/archive/author_activity?author=bob")).text
