"""A WARC read as the crawl read it (`crawler/importing/crawled.py`), on WARCs written by hand from
the sample site's pages: whatever order the responses come in, a thread's pages are joined, and
what is not a post gives nothing."""

from __future__ import annotations

import urllib.request
from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.importing.crawled import KNOWN, LISTING, NOT_OK, Skipped, threads_from_crawl_warc
from crawler.items import PageError, Thread
from crawler.samplesite import SampleSite, serve_sample_site

SITE = {"seed": 4, "diaries": 0, "posts": 4, "max_comments": 40, "wp_comments_per_page": 3,
        "blog_page_size": 2}


@pytest.fixture(scope="module")
def fetched():
    """The blog's front page and every page of its most paged post: (site, post, URL -> page)."""
    site = SampleSite(**SITE)
    post = max(site.post_ids(), key=lambda i: len(site.post_page_paths(i)))
    with serve_sample_site(site) as base:
        pages = {base + path: urllib.request.urlopen(base + path).read()
                 for path in ["/blog/", *site.post_page_paths(post)]}
    assert len(pages) >= 4, "the post's thread should span several pages"
    return site, post, pages


def write_warc(path: Path, responses: list[tuple[str, int, bytes]]) -> Path:
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for url, status, body in responses:
            headers = StatusAndHeaders(f"{status} X", [("Content-Type", "text/html")],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(body),
                                                          http_headers=headers))
    return path


def read(path: Path, known=lambda body: False) -> tuple[list[Thread], list[Skipped], list]:
    items = list(threads_from_crawl_warc(path, known))
    return tuple([i for i in items if isinstance(i, kind)] for kind in (Thread, Skipped, PageError))


@pytest.mark.parametrize("order", ["as crawled", "later pages first"])
def test_a_threads_pages_are_joined_whatever_their_order(fetched, tmp_path, order):
    site, post, pages = fetched
    listing, thread_url, *later = pages
    responses = [(url, 200, pages[url]) for url in [listing, thread_url, *later]]
    if order != "as crawled":
        responses = responses[2:] + responses[:2]
    threads, skipped, errors = read(write_warc(tmp_path / "a.warc.gz", responses))
    assert not errors
    (thread,) = threads
    assert thread.post.url == thread_url and len(thread.more_pages) == len(later)
    assert len(thread.comments) == site.post_comment_count(post)
    assert [(s.url, s.outcome) for s in skipped] == [(listing, LISTING)]


def test_error_pages_are_not_posts_and_archived_threads_are_skipped(fetched, tmp_path):
    _, _, pages = fetched
    _, thread_url, *later = pages
    responses = [(thread_url + "gone/", 404, b"<html><body><h1>Not found</h1></body></html>")]
    responses += [(url, 200, pages[url]) for url in [thread_url, *later]]
    warc = write_warc(tmp_path / "a.warc.gz", responses)
    threads, skipped, _ = read(warc, known=lambda body: True)
    assert not threads
    assert [(s.outcome, s.pages) for s in skipped] == [(NOT_OK, 1), (KNOWN, 1 + len(later))]
    # a later page that changed: the thread is read again, whole
    threads, _, _ = read(warc, known=lambda body: body != pages[later[-1]])
    assert len(threads) == 1 and len(threads[0].more_pages) == len(later)
