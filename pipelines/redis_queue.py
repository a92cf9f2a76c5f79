"""Queue: a shared crawl's items into a Redis stream, for the single writer to store.

Takes the store stage's place when a crawl is shared over Redis (`crawl --redis URL`): every
worker appends its threads, errors and seen-unchanged marks (versioned,
`crawler.scaleout.serialize`) to one stream, and `blogarchive store --redis URL --db FILE`
drains it into the archive. What other stages dropped (Scrapy's `item_dropped`) goes as an
error, with the page, as the store stage would record it.
"""

from __future__ import annotations

import logging

from scrapy import signals
from scrapy.exceptions import NotConfigured

from crawler.items import PageError, SeenUnchanged, Thread
from crawler.scaleout import connect, keys
from crawler.scaleout.serialize import dump_item

logger = logging.getLogger(__name__)


class RedisQueuePipeline:
    def __init__(self, server, stream: str, stats=None):
        self.server = server
        self.stream = stream
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        url = settings.get("ARCHIVE_REDIS_URL")
        if not url:
            raise NotConfigured("ARCHIVE_REDIS_URL is not set: items are stored directly")
        stream = keys(settings.get("ARCHIVE_REDIS_PREFIX"))["items"]
        pipeline = cls(connect(url), stream, crawler.stats)
        crawler.signals.connect(pipeline.item_dropped, signal=signals.item_dropped)
        return pipeline

    def open_spider(self) -> None:
        self.server.ping()
        logger.info("queueing items into %s for `blogarchive store`", self.stream)

    def process_item(self, item):
        if isinstance(item, (Thread, PageError, SeenUnchanged)):
            if isinstance(item, PageError):
                logger.warning("%s: %s (%s)", item.url, item.reason, item.stage)
            self.push(item)
        return item

    def item_dropped(self, item, response, exception, spider=None) -> None:
        if isinstance(item, Thread):
            self.push(PageError(item.post.url, "pipeline", str(exception), page=item.page))

    def push(self, item) -> None:
        self.server.xadd(self.stream, dump_item(item))
        if self.stats is None:
            return
        if isinstance(item, Thread):
            self.stats.inc_value("archive/pages")
            self.stats.inc_value("archive/posts")
            self.stats.inc_value("archive/comments", len(item.comments))
        elif isinstance(item, PageError):
            self.stats.inc_value("archive/errors")
        self.stats.inc_value("redis/queued")
