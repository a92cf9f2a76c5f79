"""Table pages read as a researcher reads them (db/plugins/table_pages.py): the usual columns
first and every column one link away, descriptions folded, long text cut with the whole on the
row page, a post's comment count, a search's snippets first."""

from __future__ import annotations

import re

import pytest
from datasette.utils import tilde_encode
from sqlite_utils import Database

from db.plugins.table_pages import chosen_columns, with_default_columns
from db.publish import SETTINGS

POSTS = {"columns": ["title", "author_id", "published", "site_id", "comment_count"]}
COMMENTS = {"columns": ["author_id", "posted", "body_text", "post_id"],
            "search_columns": ["author_id", "posted", "post_id"]}


def headers(html: str) -> list[str]:
    """The column headings of a page's table of rows, in order."""
    table = html[html.index('<table class="rows-and-columns">'):]
    table = table[:table.index("</thead>")]
    return re.findall(r'<th [^>]*class="col-([\w-]+)"', table)


@pytest.mark.parametrize("config,args,expected", [
    (POSTS, [], POSTS["columns"]),
    (POSTS, [("_search", "tides")], POSTS["columns"]),
    (COMMENTS, [("_search", "tides")], COMMENTS["search_columns"]),
    (COMMENTS, [("_search", " ")], COMMENTS["columns"]),
    (COMMENTS, [("_nocol", "posted")], COMMENTS["columns"]),
    # the defaults a page was served with, carried by its search form: no choice
    (COMMENTS, [("_search", "tides"), *(("_col", c) for c in COMMENTS["columns"])],
     COMMENTS["search_columns"]),
    # the reader's own choices
    (COMMENTS, [("_col", "title")], None),
    (COMMENTS, [("_columns", "all")], None),
    ({}, [], None),
])
def test_chosen_columns(config, args, expected):
    assert chosen_columns(config, args) == expected


def test_default_columns_replace_the_defaults_a_link_carried():
    query = b"_search=tides&_col=author_id&_col=posted&_col=body_text&_col=post_id"
    assert with_default_columns(query, COMMENTS) == (
        b"_search=tides&_col=author_id&_col=posted&_col=post_id")
    assert with_default_columns(b"_col=title", COMMENTS) is None


@pytest.mark.asyncio
async def test_posts_show_the_columns_people_read_and_their_comment_counts(publish_archive,
                                                                           datasette_for):
    ds = datasette_for(publish_archive)
    page = (await ds.client.get("/archive/posts?id__startswith=post-")).text
    assert headers(page) == ["id", "title", "author_id", "published", "site_id",
                             "comment_count"]
    # post-a has 5 comments, post-b 3, each count linked to the comments themselves
    assert re.search(r'href="/archive/comments\?post_id=post-a">5</a>', page)
    assert re.search(r'href="/archive/comments\?post_id=post-b">3</a>', page)
    # the count is a column: the most discussed posts first, and filtered on
    data = (await ds.client.get("/archive/posts.json?_shape=objects&_sort_desc=comment_count"
                                "&id__startswith=post-&_col=comment_count")).json()
    assert [(r["id"], r["comment_count"]) for r in data["rows"]][:2] == [
        ("post-a", 5), ("post-b", 3)]
    data = (await ds.client.get("/archive/posts.json?_shape=objects&comment_count__gte=4"
                                "&id__startswith=post-")).json()
    assert [r["id"] for r in data["rows"]] == ["post-a"]
    # every column one link away, and back
    every = re.search(r'class="all-columns" href="([^"]+)"', page).group(1).replace("&amp;", "&")
    assert "_columns=all" in every
    page = (await ds.client.get(every)).text
    assert {"body_text", "body_html", "url", "page_id"} <= set(headers(page))
    assert 'class="usual-columns"' in page
    # the JSON API keeps every column
    data = (await ds.client.get("/archive/posts.json?_shape=objects&_size=1")).json()
    assert "body_html" in data["rows"][0]


@pytest.mark.asyncio
async def test_comments_show_author_time_excerpt_and_post(publish_archive, datasette_for):
    ds = datasette_for(publish_archive)
    page = (await ds.client.get("/archive/comments?post_id=post-a&_sort=position")).text
    assert headers(page) == ["id", "author_id", "posted", "body_text", "post_id"]
    # the post each comment is under, linked to the comment in its thread
    assert '<a href="/-/thread/post-a#c-post-a-1.1" title="this comment in its thread">' \
           "Tide tables</a>" in page
    # a column menu's "Hide this column" hides one of the usual columns
    page = (await ds.client.get("/archive/comments?post_id=post-a&_nocol=posted")).text
    assert headers(page) == ["id", "author_id", "body_text", "post_id"]


@pytest.mark.asyncio
async def test_rows_come_before_the_column_descriptions(publish_archive, datasette_for):
    ds = datasette_for(publish_archive)
    page = (await ds.client.get("/archive/posts")).text
    details = page[page.index('<details class="column-descriptions">'):]
    details = details[:details.index("</details>")]
    # every description is there, folded into one <details>, and nowhere else
    assert "<dt>body_html</dt><dd>Post body as sanitized HTML" in details
    assert page.count("<dt>body_html</dt>") == 1
    assert 'data-column-description="Publication time' in page  # and in the column menus


@pytest.mark.asyncio
async def test_long_text_is_cut_on_the_table_page_and_whole_on_the_row_page(publish_archive,
                                                                            datasette_for):
    limit = SETTINGS["truncate_cells_html"]
    comment_id, body = Database(publish_archive).execute(
        "select id, body_text from comments where length(body_text) > ? "
        "and body_text not like '%&%' and body_text not like '%<%' and body_text not like '%\"%'"
        " and body_text not like '%''%' order by id limit 1", [limit + 100]).fetchone()
    ds = datasette_for(publish_archive)
    page = (await ds.client.get(f"/archive/comments?id={tilde_encode(comment_id)}")).text
    assert body[:limit] + "…" in page and body not in page
    row = (await ds.client.get(f"/archive/comments/{tilde_encode(comment_id)}")).text
    assert body in row


@pytest.mark.asyncio
async def test_facets_are_named_once(publish_archive, datasette_for):
    ds = datasette_for(publish_archive)
    page = (await ds.client.get("/archive/comments")).text
    assert "posted (month)" in page and "posted (year)" in page
    assert "(month) (month)" not in page and "(year) (year)" not in page


@pytest.mark.asyncio
async def test_a_search_shows_its_snippets_first(big_archive, datasette_for):
    ds = datasette_for(big_archive)
    page = (await ds.client.get("/big/comments?_search=tides")).text
    assert headers(page) == ["snippet", "id", "author_id", "posted", "post_id"]
    snippets = re.findall(r'<td class="col-snippet">(.*?)</td>', page, re.DOTALL)
    assert len(snippets) == 20 and all("<mark>tides</mark>" in s for s in snippets)
    assert 'href="/-/thread/post-big#c-post-big-' in page


@pytest.mark.asyncio
async def test_a_post_search_shows_snippets(publish_archive, datasette_for):
    ds = datasette_for(publish_archive)
    page = (await ds.client.get("/archive/posts?_search=harbour&id__startswith=post-")).text
    assert headers(page)[0] == "snippet"
    assert re.search(r'<td class="col-snippet">[^<]*<mark>harbour</mark>', page)
