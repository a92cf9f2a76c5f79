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


def test_a_failure_is_counted_when_it_happens_not_when_its_batch_is_written(archive_path):
    """The progress line reads `archive/errors`: it must not say 'errors 0' while failures
    wait for their batch (a dead start URL showed 0 until the crawl ended)."""
    from scrapy.statscollectors import MemoryStatsCollector

    from crawler.items import DEAD_LINK_STAGE

    crawler = make_crawler({"ARCHIVE_DB": str(archive_path), "ARCHIVE_BATCH_PAGES": 10})
    crawler.stats = MemoryStatsCollector(crawler)
    pipeline = build_from_crawler(StorePipeline, crawler)
    pipeline.open_spider()
    pipeline.process_item(PageError("https://example.org/a", "fetch", "HTTP 500"))
    pipeline.process_item(PageError("https://example.org/b", DEAD_LINK_STAGE, "HTTP 404"))
    assert crawler.stats.get_value("archive/errors") == 1  # the dead link is not a failure
    assert Database(archive_path)["errors"].count == 0  # still waiting for its batch
    pipeline.close_spider()
    assert crawler.stats.get_value("archive/errors") == 1
    assert crawler.stats.get_value("archive/dead_links") == 1


def test_the_progress_line_uses_the_summary_words():
    from scrapy.statscollectors import MemoryStatsCollector

    from crawler.extensions.progress import Progress

    crawler = make_crawler({})
    stats = MemoryStatsCollector(crawler)
    stats.set_value("response_received_count", 12)
    stats.set_value("archive/not_modified", 3)
    stats.set_value("archive/errors", 1)
    line = Progress(stats, interval=1).line()
    assert line.startswith("fetched 12 (") and "skipped 3" in line and line.endswith("errors 1")


class FailingStage:
    """A stage with a bug that only some pages bring out: threads of more than two comments."""

    def process_item(self, item):
        if len(item.comments) > 2:
            raise ValueError("All strings must be XML compatible")
        return item


def test_a_stage_failing_on_a_page_is_that_pages_error_and_the_run_goes_on(
        blogarchive, fixtures, archive_path):
    """Scrapy logs an exception a stage raises and drops the item: the store records it
    (`item_error`), so the page is in `errors`, not lost."""
    import json

    from crawler import settings

    stages = {**settings.ITEM_PIPELINES, "tests.pipelines.test_store.FailingStage": 250}
    pages = [fixtures / "dailykos/diary-with-comments.html",
             fixtures / "pipelines/small-wordpress-like.html"]
    result = blogarchive("import", archive_path, *pages, "--json",
                         "-s", f"ITEM_PIPELINES={json.dumps(stages)}")
    assert result.returncode == 1, result.stderr[-2000:]
    summary = json.loads(result.stdout)
    assert (summary["pages"], summary["errors"]) == (1, 1)
    db = Database(archive_path)
    [error] = db["errors"].rows
    assert error["stage"] == "pipeline" and error["url"].endswith("diary-with-comments.html")
    assert error["reason"] == "failed unexpectedly: ValueError: All strings must be XML compatible"
    assert db["pages"].count == 2  # the failed page kept, for a re-parse once the bug is fixed
