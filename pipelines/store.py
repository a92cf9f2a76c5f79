"""Store: threads, raw pages and errors into the archive, in batches of whole pages.

The last stage of `ITEM_PIPELINES`. It opens the archive named by `ARCHIVE_DB` (migrating it if
it is older), writes `ARCHIVE_BATCH_PAGES` pages per transaction under the run the `RunRecord`
extension opened (`archive/crawl_id` in the stats), and records what other stages dropped or
failed on (Scrapy's `item_dropped` and `item_error` signals) in `errors`, with the page kept for
a later re-parse.
"""

from __future__ import annotations

import logging
import sqlite3

from scrapy import signals
from scrapy.exceptions import NotConfigured

from crawler.items import DEAD_LINK_STAGE, PageError, SeenUnchanged, Thread
from crawler.stats import OUTCOME_PREFIX
from db.records import unexpected_reason
from db.schema import open_archive
from db.writer import ArchiveWriter

logger = logging.getLogger(__name__)


class StorePipeline:
    def __init__(self, db_path: str, batch_pages: int = 50, rebuild_threads: bool = False):
        self.db_path = db_path
        self.batch_pages = max(1, batch_pages)
        self.rebuild_threads = rebuild_threads
        self.writer: ArchiveWriter | None = None
        self.threads: list[Thread] = []
        self.errors: list[PageError] = []
        # threads a recrawl found unchanged (HTTP 304): their seen-times move with the batch
        self.unchanged: list[SeenUnchanged] = []

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        db_path = settings.get("ARCHIVE_DB")
        if not db_path:
            raise NotConfigured("ARCHIVE_DB is not set: nothing to store into")
        pipeline = cls(db_path, settings.getint("ARCHIVE_BATCH_PAGES"),
                       settings.getbool("ARCHIVE_REBUILD_THREADS"))
        crawler.signals.connect(pipeline.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(pipeline.item_error, signal=signals.item_error)
        pipeline.crawler = crawler
        return pipeline

    def open_spider(self) -> None:
        self.writer = ArchiveWriter(open_archive(self.db_path),
                                    rebuild_threads=self.rebuild_threads)

    def process_item(self, item):
        if isinstance(item, Thread):
            self.threads.append(item)
        elif isinstance(item, PageError):
            logger.warning("%s: %s (%s)", item.url, item.reason, item.stage)
            self.errors.append(item)
            # the progress line counts a failure when it happens, not when its batch is written
            if self.writer is not None:
                waiting = sum(error.stage != DEAD_LINK_STAGE for error in self.errors)
                self._stat("errors", self.writer.counts.errors + waiting)
        elif isinstance(item, SeenUnchanged):
            self.unchanged.append(item)
        else:
            return item
        if len(self.threads) + len(self.errors) + len(self.unchanged) >= self.batch_pages:
            self.flush()
        return item

    def item_dropped(self, item, response, exception, spider=None) -> None:
        """A stage rejected the item: its reason (and page) go to `errors`."""
        if isinstance(item, Thread):
            self.errors.append(PageError(item.post.url, "pipeline", str(exception), page=item.page))

    def item_error(self, item, response, failure, spider=None) -> None:
        """A stage failed on the item (an error, not a rejection): the page is kept in `errors`
        with what went wrong, and the run goes on."""
        if isinstance(item, Thread):
            self.errors.append(PageError(item.post.url, "pipeline",
                                         unexpected_reason(failure.value), page=item.page))

    def flush(self) -> None:
        if self.writer is None or not (self.threads or self.errors or self.unchanged):
            return
        threads, errors, unchanged = self.threads, self.errors, self.unchanged
        if self.writer.crawl_id is None:
            stats = self._stats()
            self.writer.crawl_id = stats.get_value("archive/crawl_id") if stats else None
        self.threads, self.errors, self.unchanged = [], [], []
        try:
            self.writer.write_batch(threads, errors, unchanged)
        except sqlite3.DatabaseError as exc:
            logger.error("a batch of %d pages was refused (%s): storing them one by one",
                         len(threads), exc)
            self.write_each(threads, errors, unchanged)
        for key, value in vars(self.writer.counts).items():
            self._stat(key, value)

    def write_each(self, threads: list[Thread], errors: list[PageError],
                   unchanged: list[SeenUnchanged]) -> None:
        """A refused batch again, a page a transaction: one page the archive refuses must not
        take its batch with it. The page refused becomes an errors row with the reason (its raw
        page kept, for a re-parse once the cause is fixed); what cannot be written even so (a
        full disk, a broken file) stops the run, as before."""
        self.writer.write_batch([], errors, unchanged)
        for thread in threads:
            try:
                self.writer.write_batch([thread])
            except sqlite3.DatabaseError as exc:
                logger.error("%s: the archive refused it: %s", thread.post.url, exc)
                self._refused(thread)
                self.writer.write_batch([], [PageError(
                    thread.post.url, "store", f"the archive refused it: {exc}",
                    page=thread.page)])

    def _refused(self, thread: Thread) -> None:
        """A thread the spider counted archived that the archive refused: its pages' outcome
        is an error, so the run's outcomes still add up to the pages it took in."""
        stats = self._stats()
        if stats is not None:
            pages = 1 + len(thread.more_pages)
            stats.inc_value(f"{OUTCOME_PREFIX}archived", -pages)
            stats.inc_value(f"{OUTCOME_PREFIX}error", pages)

    def _stats(self):
        """The running crawl's stats, or None (built outside a running crawl)."""
        crawler = getattr(self, "crawler", None)
        try:
            return crawler.stats if crawler is not None else None
        except RuntimeError:
            return None

    def _stat(self, key: str, value) -> None:
        """Counts into Scrapy's stats (where a crawl is running), for summaries and tests."""
        stats = self._stats()
        if stats is not None:
            stats.set_value(f"archive/{key}", value)

    def close_spider(self) -> None:
        self.flush()
        if self.writer is not None:
            self.writer.db.close()
