"""The stored queries return the right rows: on the hand-made forum (answers worked out by hand)
and on the reference diary (compared with the archive's own reading of the thread)."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

from db.reader import read_thread


@pytest.mark.asyncio
async def rows(ds, query: str, **params) -> list[dict]:
    response = await ds.client.get(f"/archive/{query}.json", params={**params, "_shape": "array"})
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.asyncio
async def test_thread_in_order_with_depth_and_path(publish_archive, datasette_for):
    ds = datasette_for(publish_archive)
    got = await rows(ds, "thread", post_id="post-a")
    assert [(r["path"], r["depth"], r["author"]) for r in got] == [
        ("1", 0, "bob"), ("1.1", 1, "alice"), ("1.1.1", 2, "bob"), ("2", 0, "carol"),
        ("2.1", 1, "bob"),
    ]
    assert [r["recommenders"] for r in got] == [2, 0, 1, 0, 0]


@pytest.mark.asyncio
async def test_thread_of_the_reference_diary_matches_the_archive(
        publish_archive, reference_post_id, datasette_for):
    ds = datasette_for(publish_archive)
    got = await rows(ds, "thread", post_id=reference_post_id)
    thread = read_thread(Database(publish_archive), reference_post_id)
    assert len(got) == len(thread.comments) == 31
    assert [(r["comment_id"], r["depth"]) for r in got] == [
        (c.id, c.depth) for c in thread.comments
    ]
    assert max(r["depth"] for r in got) == 5


@pytest.mark.asyncio
async def test_author_activity_across_posts(publish_archive, datasette_for):
    ds = datasette_for(publish_archive)
    got = await rows(ds, "author_activity", author="bob")
    # newest activity first: bob's last comment on post-a (02-03) is after his one on post-b
    assert [(r["post_id"], r["wrote_post"], r["comments"], r["tips_plus"], r["replies_received"])
            for r in got] == [("post-a", 0, 3, 7, 1), ("post-b", 1, 1, 0, 0)]
    assert (got[0]["first_comment"], got[0]["last_comment"]) == (
        "2020-01-05T11:00:00Z", "2020-02-03T08:00:00Z")
    alice = await rows(ds, "author_activity", author="alice")
    assert {(r["post_id"], r["wrote_post"], r["comments"]) for r in alice} == {
        ("post-a", 1, 1), ("post-b", 0, 1)}


@pytest.mark.asyncio
async def test_most_recommended_comments(publish_archive, datasette_for):
    ds = datasette_for(publish_archive)
    got = [r for r in await rows(ds, "most_recommended") if r["post_id"].startswith("post-")]
    assert [(r["comment_id"], r["recommenders"]) for r in got] == [
        ("post-a-1", 2), ("post-a-1.1.1", 1), ("post-a-2.1", 0), ("post-a-1.1", 0),
    ]


@pytest.mark.asyncio
async def test_reply_pairs(publish_archive, datasette_for):
    ds = datasette_for(publish_archive)
    got = await rows(ds, "reply_pairs")
    forum = {(r["replier"], r["replied_to"]): (r["replies"], r["posts"]) for r in got
             if r["replier"] in {"alice", "bob", "carol", "dave"}}
    assert forum == {("alice", "bob"): (1, 1), ("bob", "alice"): (2, 2), ("bob", "carol"): (1, 1)}


@pytest.mark.asyncio
async def test_comment_volume_by_month(publish_archive, datasette_for):
    ds = datasette_for(publish_archive)
    got = [r for r in await rows(ds, "comment_volume") if r["site"] == "forum.example"]
    assert [(r["month"], r["comments"], r["posts"], r["authors"]) for r in got] == [
        ("2020-01", 4, 1, 3), ("2020-02", 3, 2, 2),
    ]


@pytest.mark.asyncio
async def test_search_posts_and_comments_with_snippets(publish_archive, datasette_for):
    ds = datasette_for(publish_archive)
    got = [r for r in await rows(ds, "search", q="harbour") if r["post_id"].startswith("post-")]
    assert {(r["kind"], r["post_id"], r["comment_id"]) for r in got} == {
        ("post", "post-a", None), ("comment", "post-a", "post-a-2")}
    assert all("**harbour**" in r["snippet"].lower() for r in got)
    page = await ds.client.get("/archive/search", params={"q": "harbour"})
    assert "<mark>harbour</mark>" in page.text
    assert 'href="/-/thread/post-a"' in page.text
    assert 'href="/-/thread/post-a#c-post-a-2"' in page.text  # the comment, in its thread


@pytest.mark.asyncio
async def test_search_survives_punctuation(publish_archive, datasette_for):
    ds = datasette_for(publish_archive)
    assert await rows(ds, "search", q='"neap') is not None
