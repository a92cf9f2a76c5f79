"""Progress on the terminal: pages, posts, comments, errors and rate, every few seconds.

A Scrapy extension (enabled by `ARCHIVE_PROGRESS`): on a terminal it rewrites one status line on
stderr; elsewhere (a log file, cron, CI) it stays quiet, and the command's summary says the rest.
"""

from __future__ import annotations

import sys
import time

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task


class Progress:
    def __init__(self, stats, interval: float, stream=sys.stderr):
        self.stats = stats
        self.interval = interval
        self.stream = stream
        self.task = None
        self.started = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("ARCHIVE_PROGRESS"):
            raise NotConfigured
        interval = crawler.settings.getfloat("ARCHIVE_PROGRESS_INTERVAL")
        extension = cls(crawler.stats, interval)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider) -> None:
        if not self.stream.isatty():
            return
        self.started = time.monotonic()
        self.task = task.LoopingCall(self.show)
        self.task.start(self.interval, now=False)

    def line(self) -> str:
        get = self.stats.get_value
        pages = get("response_received_count", 0)
        seconds = max(time.monotonic() - self.started, 1e-9)
        # the summary line's words: fetched, archived, new, skipped, errors
        return (
            f"fetched {pages} ({pages / seconds:.1f}/s), posts {get('archive/posts', 0)}, "
            f"comments {get('archive/comments', 0)} ({get('archive/new_comments', 0)} new), "
            f"skipped {get('archive/not_modified', 0) + get('archive/skipped', 0)}, "
            f"errors {get('archive/errors', 0)}"
        )

    def show(self) -> None:
        self.stream.write("\r\x1b[K" + self.line())
        self.stream.flush()

    def spider_closed(self, spider, reason) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()
            self.stream.write("\r\x1b[K")
            self.stream.flush()
