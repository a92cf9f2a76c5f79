"""Retries with backoff: Scrapy's RetryMiddleware, waiting before each new attempt.

Scrapy retries a 429, a 5xx or a timeout at once; a site that is overloaded or rate-limiting us
gets the same request straight back. Here the n-th retry of a request waits
`ARCHIVE_RETRY_BACKOFF_BASE * 2**(n-1)` seconds (at most `ARCHIVE_RETRY_BACKOFF_MAX`), or what the
server's `Retry-After` asks when that is longer. Only that request waits: the wait is an asyncio
sleep, the crawl's other requests go on.

A host that cannot be reached at all (its name does not resolve, or it refuses the connection)
is not retried: its robots.txt, the first request to any host, is tried once, and a refusal
marks the host unreachable, so its pages fail at once with that reason instead of after four
tries each with back-off (a dead start URL took 20 s to say so). A timeout or a dropped
connection is retried as before: those pass.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import CannotResolveHostError, DownloadConnectionRefusedError
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.error import ConnectionRefusedError, DNSLookupError, NoRouteError

# failures that say the host is not there, as opposed to slow or overloaded: not retried
UNREACHABLE = (CannotResolveHostError, DownloadConnectionRefusedError, ConnectionRefusedError,
               DNSLookupError, NoRouteError)


class BackoffRetryMiddleware(RetryMiddleware):
    def __init__(self, settings):
        super().__init__(settings)
        self.base = settings.getfloat("ARCHIVE_RETRY_BACKOFF_BASE")
        self.cap = settings.getfloat("ARCHIVE_RETRY_BACKOFF_MAX")
        self.unreachable: set[str] = set()  # hosts whose robots.txt could not be connected to

    async def process_response(self, request, response, spider=None):
        result = super().process_response(request, response)
        if isinstance(result, Request):
            await asyncio.sleep(self.delay(result, response.headers.get(b"Retry-After")))
        return result

    async def process_exception(self, request, exception, spider=None):
        if isinstance(exception, UNREACHABLE):
            host = urlparse_cached(request).netloc
            if host in self.unreachable or is_robots_txt(request):
                self.unreachable.add(host)
                return None  # not retried: the failure goes on to the request's errback
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await asyncio.sleep(self.delay(result, None))
        return result

    def delay(self, retry: Request, retry_after: bytes | None) -> float:
        """Seconds before `retry` goes out: exponential in its attempt, or the server's ask."""
        attempt = retry.meta.get("retry_times", 1)
        wait = self.base * 2 ** (attempt - 1)
        asked = parse_retry_after(retry_after)
        if asked is not None:
            wait = max(wait, asked)
        return min(wait, self.cap)


def is_robots_txt(request: Request) -> bool:
    """The robots.txt request Scrapy's robots.txt middleware makes (it is exempt from itself)."""
    return bool(request.meta.get("dont_obey_robotstxt")) and urlparse_cached(
        request).path == "/robots.txt"


def parse_retry_after(value: bytes | None) -> float | None:
    """`Retry-After` as seconds: a number of seconds, or an HTTP date."""
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
