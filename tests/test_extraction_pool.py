"""Reading pages in a worker process gives what reading them in the crawl process gives: the
thread, and the links chosen."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse, XmlResponse

from crawler.discovery import read_page
from crawler.discovery.pool import ExtractionPool
from crawler.extractors import extract_thread
from crawler.extractors.page import ExtractionError, Page

PAGES = ["dailykos/diary-with-comments.html", "pipelines/small-wordpress-like.html"]


@pytest.fixture(scope="module")
def pool():
    pool = ExtractionPool(1)
    yield pool
    pool.close()


@pytest.mark.asyncio
@pytest.mark.parametrize("relative", PAGES)
async def test_a_worker_extracts_the_same_thread(pool, fixtures, relative):
    response = HtmlResponse(f"https://fixtures.example/{relative}",
                            body=(fixtures / relative).read_bytes())
    page = Page.from_response(response)
    in_worker = await pool.read(response)
    assert in_worker.thread.comments and in_worker.thread == extract_thread(page)
    assert in_worker == read_page(response, page)
    assert in_worker.links
    assert pool._executor is not None and not pool._broken


@pytest.mark.asyncio
async def test_a_worker_reads_the_response_as_the_crawl_did(pool):
    body = "<html><body><article><h1>Café</h1><p>Crème brûlée déjà vu, naïve façade.</p>" \
           "</article></body></html>"
    response = HtmlResponse("https://enc.example/p", body=body.encode("cp1252"),
                            encoding="cp1252")
    page = Page.from_response(response)
    in_worker = (await pool.read(response)).thread
    assert in_worker == extract_thread(page)
    assert in_worker.post.title == "Café" and "naïve façade" in in_worker.post.body_text


@pytest.mark.asyncio
async def test_an_extraction_error_comes_back_from_the_worker(pool):
    response = XmlResponse("https://feed.example/rss",
                           body=b'<?xml version="1.0"?><rss><channel></channel></rss>')
    with pytest.raises(ExtractionError) as in_process:
        extract_thread(Page.from_response(response))
    in_worker = await pool.read(response)
    assert in_worker.thread is None
    error = in_worker.error or in_worker.unreadable
    assert (error.url, error.reason) == (
        in_process.value.url, in_process.value.reason)


@pytest.mark.asyncio
async def test_a_worker_chooses_the_links_the_crawl_would(pool, fixtures):
    """The reference diary: its comments' actions, commenters and recommenders left out."""
    relative = PAGES[0]
    response = HtmlResponse(f"https://fixtures.example/{relative}",
                            body=(fixtures / relative).read_bytes())
    in_worker = await pool.read(response)
    assert in_worker.skipped["comment"] > 0
    assert in_worker == read_page(response)


@pytest.mark.asyncio
async def test_a_dead_worker_leaves_extraction_to_the_crawl_process(fixtures, caplog):
    pool = ExtractionPool(1)
    relative = PAGES[0]
    response = HtmlResponse(f"https://fixtures.example/{relative}",
                            body=(fixtures / relative).read_bytes())
    first = await pool.read(response)
    for process in pool._executor._processes.values():
        process.kill()
        process.join()
    try:
        again = await pool.read(response)
    finally:
        pool.close()
    assert again == first and pool._broken
    assert "extraction worker died" in caplog.text
