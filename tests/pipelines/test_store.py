import pytest
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.misc import build_from_crawler
from sqlite_utils import Database

from crawler.items import PageError
from crawler.processing import make_crawler
from pipelines.store import StorePipeline


@pytest.fixture
def store(archive_path):
    pipeline = build_from_crawler(
        StorePipeline, make_crawler({"ARCHIVE_DB": str(archive_path), "ARCHIVE_BATCH_PAGES": 2,
                                     "ARCHIVE_COMMAND": "test"})
    )
    pipeline.open_spider()
    return pipeline


def test_not_configured_without_an_archive():
    with pytest.raises(NotConfigured):
        build_from_crawler(StorePipeline, make_crawler({}))


def test_writes_in_batches_of_whole_pages(store, thread_of, archive_path):
    store.process_item(thread_of("pipelines/small-wordpress-like.html"))
    db = Database(archive_path)
    assert db["posts"].count == 0  # buffered: a batch is two pages
    store.process_item(thread_of("dailykos/diary-with-comments.html"))
    assert db["posts"].count == 2 and db["comments"].count == 33
    store.process_item(PageError("https://example.org/x", "fetch", "HTTP 500"))
    assert db["errors"].count == 0
    store.close_spider()  # the half batch is written at the end
    assert db["errors"].count == 1


def test_dropped_items_and_page_errors_go_to_errors(store, thread_of, archive_path):
    thread = thread_of("pipelines/small-wordpress-like.html")
    store.item_dropped(thread, None, DropItem("post has no URL"))
    store.process_item(PageError("https://example.org/x", "fetch", "HTTP 500"))
    store.close_spider()
    db = Database(archive_path)
    rows = {row["reason"]: row for row in db["errors"].rows}
    assert rows["post has no URL"]["url"] == thread.post.url
    assert rows["HTTP 500"]["stage"] == "fetch"
    assert db["pages"].count == 1  # the dropped page is kept for a later re-parse
    assert store.writer.counts.errors == 2
