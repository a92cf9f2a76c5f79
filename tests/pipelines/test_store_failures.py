"""Store: a page the archive refuses is that page's errors row, never its whole batch lost."""

from __future__ import annotations

from scrapy.utils.misc import build_from_crawler
from sqlite_utils import Database

from crawler.items import PageError
from crawler.processing import make_crawler
from pipelines.store import StorePipeline


def test_a_page_the_archive_refuses_is_an_error_and_its_batch_is_stored(thread_of,
                                                                        archive_path):
    """Found by the mutation fuzz: a batch the archive refused (there, a search-index failure)
    was lost whole at the end of an import, only logged, and the run said every page archived
    and exited 0. Now the batch's pages are stored one by one and the page refused is an
    errors row with the reason, so the run fails as the README says."""
    from scrapy.statscollectors import MemoryStatsCollector

    crawler = make_crawler(
        {"ARCHIVE_DB": str(archive_path), "ARCHIVE_BATCH_PAGES": 3, "ARCHIVE_COMMAND": "test"})
    crawler.stats = MemoryStatsCollector(crawler)  # what a running crawl has
    store = build_from_crawler(StorePipeline, crawler)
    store.open_spider()
    # as the spider counts them: both threads read, each of one page
    crawler.stats.set_value("archive/outcome/archived", 2)
    good = thread_of("dailykos/diary-with-comments.html")
    refused = thread_of("pipelines/small-wordpress-like.html")
    refused.comments[-1].parent_id = "no-such-comment"  # a foreign key the archive refuses
    failed = PageError("https://example.org/gone", "fetch", "HTTP 500")
    for item in (good, refused, failed):
        store.process_item(item)
    db = Database(archive_path)
    assert [row["url"] for row in db["posts"].rows] == [good.post.url]
    assert db["comments"].count == len(good.comments)
    errors = {row["url"]: row for row in db["errors"].rows}
    assert sorted(errors) == sorted([refused.post.url, failed.url])
    assert errors[refused.post.url]["stage"] == "store"
    assert "FOREIGN KEY constraint failed" in errors[refused.post.url]["reason"]
    assert store.writer.counts.errors == 2 and store.writer.counts.posts == 1
    raw = db.execute("SELECT count(*) FROM pages WHERE url = ?", [refused.page.url]).fetchone()
    assert raw[0] == 1  # the refused page is kept, for a re-parse once the cause is fixed
    # and the outcomes say so, still adding up to the pages read
    assert (crawler.stats.get_value("archive/outcome/archived"),
            crawler.stats.get_value("archive/outcome/error")) == (1, 1)
    store.close_spider()
