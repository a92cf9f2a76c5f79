"""Scrapy's robots.txt middleware, with every request waiting for robots.txt told its rules.

Scrapy 2.13+ (`RobotsTxtMiddleware.robot_parser`) has requests that arrive while a host's
robots.txt is still loading await the same Deferred through `maybe_deferred_to_future`, which
consumes its result: the first waiter gets the parser, the others `None`, and `None` means
"allowed". A crawl that starts with several requests to one host (a worker joining a shared
crawl does, every time) then fetches pages robots.txt forbids. Here each waiter gets a Deferred
of its own, chained so the parser passes on to the next.
"""

from __future__ import annotations

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred


class SharedWaitRobotsTxtMiddleware(RobotsTxtMiddleware):
    async def robot_parser(self, request):
        parser = self._parsers.get(_netloc(request))
        if isinstance(parser, Deferred):
            mine: Deferred = Deferred()

            def pass_on(result):
                mine.callback(result)
                return result

            parser.addCallback(pass_on)
            return await maybe_deferred_to_future(mine)
        return await super().robot_parser(request)


def _netloc(request) -> str:
    from scrapy.utils.httpobj import urlparse_cached

    return urlparse_cached(request).netloc
