"""`blogarchive crawl` against a hostile server (tests/mockserver/hostile.py).

Responses cut short (with a `Content-Length`, or in chunks with no last chunk), a connection
reset mid-body, a page cut short once and whole on the retry, and a page that changes between
two fetches: the crawl finishes, exits as the README says (1: pages failed), each bad case is
an errors row with its reason, and a page that changed is archived again without a comment
twice.
"""

from __future__ import annotations

import json

import pytest
from sqlite_utils import Database

from crawler.extractors.page import Page
from crawler.processing import OfflinePipelines, process_page
from tests.mockserver.hostile import (
    Changing,
    ChunkedCutShort,
    CutShort,
    ResetMidBody,
    without_last_comments,
)
from tests.mockserver.server import mockserver

FAST = ("-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8", "-s", "ARCHIVE_RETRY_BACKOFF_BASE=0.05",
        "-s", "RETRY_TIMES=2")
# a real WordPress post with 45 nested comments, each with the site's own id
PAGE = "dragnet_test-datafiles/models_testing.html"
# case -> (how it is sent, the reason its errors row gives; None: archived on a retry)
BROKEN = {
    "cut-short": (CutShort, "response cut short: the connection was closed before the whole "
                            "body came (less than its Content-Length)"),
    "chunks-cut-short": (ChunkedCutShort, "response cut short: the connection was closed "
                                          "before the whole body came (chunked, no last chunk)"),
    "reset": (ResetMidBody, "response cut short: the connection was reset before the whole "
                            "body came (less than its Content-Length)"),
    "cut-short-once": (lambda body: CutShort(body, times=1), None),
}


@pytest.fixture(scope="module")
def page(corpus) -> bytes:
    return (corpus / PAGE).read_bytes()


def thread_of(body: bytes):
    return process_page(Page.from_bytes(body, "https://corpus.example/"), OfflinePipelines())


def test_responses_cut_short_or_reset_are_errors_rows_and_the_crawl_finishes(
        blogarchive, page, archive_path):
    served = {f"/broken/{name}/": make(page) for name, (make, _) in BROKEN.items()}
    with mockserver(served) as server:
        result = blogarchive("crawl", archive_path, *(server.url(path) for path in served),
                             "--depth", "0", "--json", *FAST)
        log = list(server.log)
    assert result.returncode == 1, result.stderr[-3000:]  # pages failed: the README's 1
    assert "Traceback" not in result.stderr
    summary = json.loads(result.stdout)
    failing = [name for name, (_, reason) in BROKEN.items() if reason]
    assert (summary["status"], summary["pages"], summary["errors"]) == (
        "finished", 1, len(failing))
    db = Database(archive_path)
    errors = {row["url"].split("/")[-2]: row for row in db["errors"].rows_where(
        "stage != 'pipeline'")}
    assert sorted(errors) == sorted(failing)
    for name in failing:
        assert errors[name]["stage"] == "fetch"
        assert errors[name]["reason"] == BROKEN[name][1]
        assert log.count(f"/broken/{name}/") == 3  # the first try and two retries
    # the page cut short once was fetched again and archived whole, as the page it is
    expected = thread_of(page)
    (post,) = db["posts"].rows
    assert post["title"] == expected.post.title
    assert db["comments"].count == len(expected.comments) == 45
    assert db["pages"].count == 1  # nothing of what was cut short was kept as a page


def comment_rows(db_path) -> list[tuple]:
    return Database(db_path).execute(
        "SELECT c.id, c.parent_id, a.name, c.body_text FROM comments c "
        "LEFT JOIN authors a ON a.id = c.author_id ORDER BY c.id").fetchall()


def test_a_page_that_changes_between_fetches_is_archived_again_without_a_comment_twice(
        blogarchive, page, archive_path):
    """The first fetch shows the thread before its last comments were posted, the next ones
    all of it: the recrawl adds exactly the new comments, a resumed crawl and one more recrawl
    add nothing, and no comment is stored twice."""
    earlier = without_last_comments(page, 5)
    before, after = thread_of(earlier), thread_of(page)
    assert len(before.comments) < len(after.comments) == 45
    with mockserver({"/changing/": Changing([earlier, page])}) as server:
        url = server.url("/changing/")
        runs = [blogarchive("crawl", archive_path, url, "--depth", "0", "--json", *FAST)]
        first = comment_rows(archive_path)
        runs.append(blogarchive("crawl", archive_path, url, "--depth", "0", "--json", *FAST))
        second = comment_rows(archive_path)
        runs.append(blogarchive("crawl", archive_path, url, "--depth", "0", "--resume",
                                "--json", *FAST))
        runs.append(blogarchive("crawl", archive_path, url, "--depth", "0", "--json", *FAST))
    for run in runs:
        assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr[-3000:]
    summaries = [json.loads(run.stdout) for run in runs]
    assert len(first) == len(before.comments)
    assert len(second) == len(after.comments)
    assert summaries[1]["new_comments"] == len(after.comments) - len(before.comments)
    assert [s["new_comments"] for s in summaries[2:]] == [0, 0]
    assert comment_rows(archive_path) == second
    assert set(first) <= set(second)  # what the first fetch showed is kept as it was
    db = Database(archive_path)
    assert db["posts"].count == 1
    assert db.execute("SELECT count(*) FROM (SELECT 1 FROM comments GROUP BY post_id, "
                      "author_id, body_text HAVING count(*) > 1)").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM comments_fts_docsize").fetchone()[0] == 45


def test_a_comment_deleted_between_fetches_is_kept_where_comments_have_no_ids(
        blogarchive, corpus, archive_path):
    """On a real page whose comments carry no ids of the site's (so they are named by their
    place), a moderator deletes the first comment between two fetches: every comment is kept
    once, the deleted one where it stood and seen last by the first fetch, and a re-parse of
    both copies gives the very same rows."""
    import lxml.html

    body = (corpus / "goose3_goose3/tests/data/content/test_politico.html").read_bytes()
    root = lxml.html.fromstring(body)
    root.cssselect("div.submitted-comment")[0].drop_tree()
    later = lxml.html.tostring(root, encoding="utf-8")
    shown = [c.body_text for c in thread_of(body).comments]
    assert not any(c.source_id for c in thread_of(body).comments)
    with mockserver({"/changing/": Changing([body, later])}) as server:
        for _ in range(2):
            run = blogarchive("crawl", archive_path, server.url("/changing/"), "--depth", "0",
                              *FAST)
            assert run.returncode == 0, run.stderr[-3000:]
    in_order = ("SELECT c.id, c.parent_id, c.position, c.body_text, c.first_seen, c.last_seen "
                "FROM comments c ORDER BY c.position, c.id")
    stored = Database(archive_path).execute(in_order).fetchall()
    assert [row[3] for row in stored] == shown  # the page's double post included, once each
    (deleted, *rest) = stored
    assert deleted[5] < rest[0][5] and {row[5] for row in rest} == {rest[0][5]}
    reparse = blogarchive("reparse", archive_path)
    assert reparse.returncode == 0, reparse.stderr[-3000:]
    assert Database(archive_path).execute(in_order).fetchall() == stored
