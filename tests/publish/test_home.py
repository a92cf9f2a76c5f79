"""The home page lists an archive's tables by meaning, every one (posts first), with the stored
queries, and links nowhere that is not there (db/plugins/home.py)."""

from __future__ import annotations

import re

import pytest
from sqlite_utils import Database

from db.plugins.home import OTHER_SECTION, group_tables
from tests.publish.test_metadata import served_tables


def test_group_tables_keeps_the_order_and_hides_nothing():
    sections = [{"title": "Read", "tables": ["posts", "comments", "gone"]},
                {"title": "Whence", "tables": ["pages", "posts"]}]
    assert group_tables(sections, ["pages", "comments", "posts", "new_table"]) == [
        ("Read", ["posts", "comments"]), ("Whence", ["pages"]), (OTHER_SECTION, ["new_table"])]


@pytest.mark.asyncio
async def test_home_page_lists_every_table_by_meaning(publish_archive, datasette_for):
    ds = datasette_for(publish_archive)
    page = (await ds.client.get("/")).text
    linked = re.findall(r'<dt><a href="/archive/([\w]+)">', page)
    assert linked[:2] == ["posts", "comments"]
    assert set(served_tables(Database(publish_archive))) <= set(linked)
    headings = re.findall(r"<h3>([^<]+)</h3>", page)
    assert headings[:3] == ["Posts and their discussions", "People and sites",
                            "Where every row came from"] and headings[-1] == "Stored queries"
    assert re.search(r'href="/archive/posts">Posts</a> <span class="count">\d+ rows', page)
    assert 'href="/archive/search">Search posts and comments</a>' in page
    assert ">...</a>" not in page and "example.org" not in page
