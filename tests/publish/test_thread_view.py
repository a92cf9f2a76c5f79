"""The thread view and thread JSON: the archive's tree, nested; stored HTML shown inert; fast."""

from __future__ import annotations

import gc
import re
import time
from html.parser import HTMLParser

import pytest
from datasette.utils import tilde_encode
from markupsafe import escape
from sqlite_utils import Database

from db.publish import thread_tree, walk
from db.reader import read_thread
from tests.publish.conftest import FIXTURES, REFERENCE_DIARY

# a thread of 2,000 comments is read, laid out and sent within this (measured: ~0.2 s)
THREAD_VIEW_SECONDS = 2.0


class CommentNesting(HTMLParser):
    """(comment id, how many comment elements enclose it, data-depth) in document order."""

    def __init__(self):
        super().__init__()
        self.stack: list[bool] = []
        self.found: list[tuple[str, int, int]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "details":
            attrs = dict(attrs)
            is_comment = "comment" in (attrs.get("class") or "").split()
            if is_comment:
                self.found.append((attrs["data-comment-id"], sum(self.stack),
                                   int(attrs["data-depth"])))
            self.stack.append(is_comment)

    def handle_endtag(self, tag):
        if tag == "details":
            self.stack.pop()


def nesting(html: str) -> list[tuple[str, int, int]]:
    parser = CommentNesting()
    parser.feed(html)
    return parser.found


@pytest.mark.asyncio
async def test_thread_json_equals_the_archive_tree(publish_archive, reference_post_id,
                                                   datasette_for):
    ds = datasette_for(publish_archive)
    response = await ds.client.get(f"/-/thread/{reference_post_id}.json")
    assert response.status_code == 200
    tree = response.json()
    thread = read_thread(Database(publish_archive), reference_post_id)
    assert tree == thread_tree(thread)
    assert tree["comment_count"] == 31 and len(tree["comments"]) == 12
    flat = list(walk(tree["comments"]))
    assert [c["id"] for _, c in flat] == [c.id for c in thread.comments]
    assert all(depth == c["depth"] for depth, c in flat)
    for _, c in flat:
        assert all(r["parent_id"] == c["id"] for r in c["replies"])


@pytest.mark.asyncio
async def test_thread_view_nests_as_the_archive(publish_archive, reference_post_id,
                                                datasette_for):
    ds = datasette_for(publish_archive)
    response = await ds.client.get(f"/-/thread/{reference_post_id}")
    assert response.status_code == 200
    thread = read_thread(Database(publish_archive), reference_post_id)
    shown = nesting(response.text)
    assert [(i, d) for i, d, _ in shown] == [(c.id, c.depth) for c in thread.comments]
    assert all(enclosing == stored for _, enclosing, stored in shown)
    # author, time, tips, recommenders, signature, and each comment's row
    first = thread.comments[0]
    assert first.author in response.text and f"({first.tips_plus}+ / " in response.text
    recommended = next(c for c in thread.comments if c.recommenders)
    assert "Recommended by: " + ", ".join(recommended.recommenders) in response.text
    signed = next(c for c in thread.comments if c.signature)
    assert escape(signed.signature.split("\n")[0][:20]) in response.text
    assert f'href="/archive/comments/{tilde_encode(first.id)}"' in response.text


@pytest.mark.asyncio
async def test_thread_view_links_and_missing_posts(publish_archive, datasette_for):
    ds = datasette_for(publish_archive)
    assert (await ds.client.get("/-/thread/no-such-post")).status_code == 404
    assert (await ds.client.get("/-/thread/no-such-post.json")).status_code == 404
    row = await ds.client.get(f"/archive/comments/{tilde_encode('post-a-1.1')}")
    assert row.status_code == 200 and "Neap tides too." in row.text


@pytest.mark.asyncio
async def test_hostile_comment_is_shown_inert(publish_archive, datasette_for):
    ds = datasette_for(publish_archive)
    response = await ds.client.get("/-/thread/post-b")
    page = response.text
    assert "Content-Security-Policy" in response.headers
    assert "script-src 'none'" in response.headers["Content-Security-Policy"]
    body = page[page.index('data-comment-id="post-b-2"'):]
    body = body[:body.index("</details>")]
    assert "<script" not in body and "onerror" not in body and "javascript:" not in body
    assert "Look here" in body and '<img src="x">' in body
    assert "&lt;b&gt;dave&#39;s sig&lt;/b&gt;" in body  # a signature is text
    # nowhere on the page does the stored script survive as markup
    assert 'document.title="pwned"' not in page and "onerror=" not in page
    # Datasette's own pages escape the stored HTML: shown as text, never as markup
    row = await ds.client.get("/archive/comments/post-b-2")
    assert "<script>document" not in row.text and "&lt;script&gt;" in row.text
    assert "<img src=\"x\" onerror" not in row.text


def test_thread_layout_closes_what_it_opens(big_archive):
    from db.plugins.thread_view import final_close, thread_layout

    tree = thread_tree(read_thread(Database(big_archive), "post-big"))
    entries = thread_layout(tree, lambda i: f"/c/{i}")
    opened = len(entries)
    closed = sum(e["close"] for e in entries) + final_close(entries)
    assert opened == closed == 2_000
    assert [e["depth"] for e in entries] == [e["stored_depth"] for e in entries]


@pytest.mark.asyncio
async def test_thread_of_thousands_of_comments_is_fast(big_archive, datasette_for):
    ds = datasette_for(big_archive)
    await ds.client.get("/-/thread/post-big")  # warm: Datasette's startup, templates
    for path in ("/-/thread/post-big", "/-/thread/post-big.json"):
        started = time.perf_counter()
        response = await ds.client.get(path)
        seconds = time.perf_counter() - started
        assert response.status_code == 200
        assert seconds < THREAD_VIEW_SECONDS, f"{path} took {seconds:.2f}s"
    assert len(re.findall(r'<details class="comment"', (await ds.client.get(
        "/-/thread/post-big")).text)) == 2_000


@pytest.mark.asyncio
async def test_startup_freezes_the_heap_and_requests_still_collect(publish_archive, datasette_for,
                                                                  reference_post_id):
    """The server's startup objects leave the cycle collector (steady_heap); the collector
    still runs for what requests build."""
    gc.unfreeze()  # freezing is process-wide: start from nothing frozen
    assert gc.get_freeze_count() == 0
    ds = datasette_for(publish_archive)
    await ds.invoke_startup()
    assert gc.get_freeze_count() > 1_000
    response = await ds.client.get(f"/-/thread/{reference_post_id}.json")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert gc.isenabled()
    gc.unfreeze()


def text_of(html: str) -> str:
    """Markup as a reader sees it: tags dropped, white space collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split()).replace(" ,", ",")


@pytest.mark.asyncio
async def test_thread_view_reads_cleanly(publish_archive, fixture_threads, datasette_for):
    """Tags and groups each separated and labelled, the fold count where CSS reads it, and
    no inline script (Datasette's would be blocked by the page's policy, logging an error)."""
    tagged = next(t for t in fixture_threads if len(t.post.tags) + len(t.post.groups) > 1)
    ds = datasette_for(publish_archive)
    page = (await ds.client.get(f"/-/thread/{tagged.post.id}")).text
    shown = text_of(page)
    if tagged.post.tags:
        assert "Tags: " + ", ".join(tagged.post.tags) in shown
    if tagged.post.groups:
        assert "Groups: " + ", ".join(tagged.post.groups) in shown
    assert "<script" not in page
    # the count of what a fold hides is on <summary>, whose ::after shows it
    assert re.search(r'<summary data-hidden="\d+ comments?"', page)
    assert not re.search(r'<details[^>]*data-hidden', page)


@pytest.mark.asyncio
async def test_thread_links_its_original_and_its_capture(publish_archive, reference_post_id,
                                                         datasette_for):
    ds = datasette_for(publish_archive)
    page = (await ds.client.get(f"/-/thread/{reference_post_id}")).text
    db = Database(publish_archive)
    page_id, url = db.execute("select page_id, url from posts where id = ?",
                              [reference_post_id]).fetchone()
    # the post was read from a stored capture of its own page: that is the row linked
    assert db["pages"].get(page_id)["url"] == url
    assert 'class="original" href="https://fixtures.example/dailykos/' in page
    assert f'class="capture" href="/archive/pages/{page_id}"' in page
    # the raw page itself only where raw pages are served
    assert "/-/raw/" not in page
    assert (await ds.client.get(f"/-/raw/{page_id}")).status_code == 403
    raw = datasette_for(publish_archive, raw_pages=True)
    assert f'href="/-/raw/{page_id}"' in (await raw.client.get(
        f"/-/thread/{reference_post_id}")).text
    response = await raw.client.get(f"/-/raw/{page_id}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert "sandbox" in response.headers["content-security-policy"]
    assert response.content == (FIXTURES / REFERENCE_DIARY).read_bytes()
    # a post read from no stored page links no capture
    assert 'class="capture"' not in (await ds.client.get("/-/thread/post-a")).text


@pytest.mark.asyncio
async def test_thread_on_a_file_that_is_not_an_archive(tmp_path, datasette_for):
    plain = tmp_path / "plain.db"
    Database(plain)["notes"].insert({"id": 1, "text": "not an archive"}, pk="id")
    ds = datasette_for(plain)
    for path in ("/-/thread/x", "/-/thread/x.json"):
        response = await ds.client.get(path)
        assert response.status_code == 404, path
        assert "not a blogarchive archive" in response.text
