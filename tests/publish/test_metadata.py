"""The served archive describes itself: every table and column, labels, facets, hidden tables."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

from db.publish import METADATA_DATABASE, archive_metadata

HIDDEN = {"posts_fts", "comments_fts", "comments_search", "_sqlite_migrations"}
# tables and columns added by migrations that this metadata predates are reported, not failed
FTS_SHADOW = ("_data", "_idx", "_docsize", "_config", "_content")


def served_tables(db: Database) -> list[str]:
    names = db.table_names() + db.view_names()
    return [n for n in names if n not in HIDDEN and not n.endswith(FTS_SHADOW)]


def test_metadata_is_filed_under_the_served_name():
    metadata = archive_metadata("demo")
    assert "demo" in metadata["databases"] and METADATA_DATABASE not in metadata["databases"]
    assert metadata["plugins"]["blogarchive"]["raw_pages"] is False


def test_every_table_and_column_is_described(publish_archive):
    tables = archive_metadata("archive")["databases"]["archive"]["tables"]
    db = Database(publish_archive)
    for name in served_tables(db):
        assert tables.get(name, {}).get("description"), f"{name} has no description"
        columns = tables[name].get("columns", {})
        missing = [c for c in db[name].columns_dict if not columns.get(c)]
        assert not missing, f"{name}: columns without a description: {missing}"


@pytest.mark.asyncio
async def test_database_page_lists_tables_and_hides_internals(publish_archive, datasette_for):
    ds = datasette_for(publish_archive)
    data = (await ds.client.get("/archive.json")).json()
    visible = {t["name"] for t in data["tables"] if not t["hidden"]}
    assert {"posts", "comments", "authors", "sites", "pages"} <= visible
    assert not visible & HIDDEN
    assert not any(name.endswith(FTS_SHADOW) for name in visible)
    page = await ds.client.get("/archive")
    assert "Blog archive" in page.text and "Search posts and comments" in page.text


@pytest.mark.asyncio
async def test_foreign_keys_show_labels_and_facets(publish_archive, datasette_for):
    ds = datasette_for(publish_archive)
    response = await ds.client.get("/archive/comments.json?_labels=on&_shape=objects"
                                   "&post_id=post-a&_sort=position")
    rows = response.json()["rows"]
    assert rows[0]["author_id"]["label"] == "bob"
    assert rows[0]["post_id"]["label"] == "Tide tables"
    facets = response.json()["facet_results"]
    assert {"kind", "post_id", "author_id", "posted (year)", "posted (month)"} <= set(facets)
    months = {r["value"]: r["count"] for r in facets["posted (month)"]["results"]}
    assert months == {"2020-01": 4, "2020-02": 1}
    month_filtered = await ds.client.get(
        "/archive/comments.json?_shape=array&post_id=post-a&posted__startswith=2020-02")
    assert [r["id"] for r in month_filtered.json()] == ["post-a-2.1"]
    posts = (await ds.client.get("/archive/posts.json?_labels=on")).json()
    assert "site_id" in posts["facet_results"] and "published (month)" in posts["facet_results"]


@pytest.mark.asyncio
async def test_full_text_search_on_posts_and_comments(publish_archive, datasette_for):
    ds = datasette_for(publish_archive)
    comments = await ds.client.get("/archive/comments.json?_search=neap&_shape=array")
    assert sorted(r["id"] for r in comments.json()) == ["post-a-1.1", "post-a-1.1.1"]
    by_author = await ds.client.get(
        "/archive/comments.json?_search=carol&_shape=array&post_id__startswith=post-")
    assert [r["id"] for r in by_author.json()] == ["post-a-2"]
    posts = await ds.client.get(
        "/archive/posts.json?_search=harbour&_shape=array&id__startswith=post-")
    assert [r["id"] for r in posts.json()] == ["post-a"]


@pytest.mark.asyncio
async def test_post_titles_lead_to_their_thread(publish_archive, datasette_for):
    ds = datasette_for(publish_archive)
    page = await ds.client.get("/archive/posts?id=post-a")
    assert 'href="/-/thread/post-a"' in page.text
