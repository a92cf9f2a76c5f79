"""Scrapy's robots.txt middleware, with every request waiting for robots.txt told its rules.

Scrapy 2.13+ (`RobotsTxtMiddleware.robot_parser`) has requests that arrive while a host's
robots.txt is still loading await the same Deferred through `maybe_deferred_to_future`, which
consumes its result: the first waiter gets the parser, the others `None`, and `None` means
"allowed". A crawl that starts with several requests to one host (a worker joining a shared
crawl does, every time) then fetches pages robots.txt forbids. Here only the first request to a
host goes through Scrapy's `robot_parser` while robots.txt loads; the others wait on a Deferred
of their own, each given the parser (or the failure) the first one got.

Scrapy logs a robots.txt that could not be fetched with the whole traceback; for a host that is
not there (`retry.UNREACHABLE`) that is 60 lines saying "connection refused" mid-run. Those are
logged as the one line above the traceback at INFO, by a filter on Scrapy's logger: the pages of
the host fail at once with the same reason, and each is a warning and an errors row.
"""

from __future__ import annotations

import logging

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

from crawler.middlewares.retry import UNREACHABLE


class UnreachableWithoutTraceback(logging.Filter):
    """Drops the traceback from a log record whose exception says the host is not there."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], UNREACHABLE):
            record.exc_info = None
            record.exc_text = None
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


def _quiet_unreachable(logger: logging.Logger) -> None:
    if not any(isinstance(f, UnreachableWithoutTraceback) for f in logger.filters):
        logger.addFilter(UnreachableWithoutTraceback())


class SharedWaitRobotsTxtMiddleware(RobotsTxtMiddleware):
    def __init__(self, crawler):
        super().__init__(crawler)
        _quiet_unreachable(logging.getLogger(RobotsTxtMiddleware.__module__))
        self.asked: set[str] = set()  # hosts whose robots.txt was asked for
        self.waiting: dict[str, list[Deferred]] = {}  # host -> requests waiting while it loads

    async def robot_parser(self, request):
        netloc = urlparse_cached(request).netloc
        if netloc in self.waiting:
            mine: Deferred = Deferred()
            self.waiting[netloc].append(mine)
            return await maybe_deferred_to_future(mine)
        if netloc in self.asked:  # loaded: Scrapy answers from its own cache
            return await super().robot_parser(request)
        self.asked.add(netloc)
        self.waiting[netloc] = []
        try:
            parser = await super().robot_parser(request)
        except BaseException as error:
            for waiter in self.waiting.pop(netloc):
                waiter.errback(error)
            raise
        for waiter in self.waiting.pop(netloc):
            waiter.callback(parser)
        return parser
