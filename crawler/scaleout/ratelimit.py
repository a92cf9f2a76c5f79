"""Per-domain politeness across all the workers of a shared crawl.

Scrapy's `DOWNLOAD_DELAY` and AutoThrottle pace one process; with many workers each would be
polite on its own and the site would see all of them together. This downloader middleware
keeps one next-allowed time per domain in Redis: each request reserves the next free slot,
`ARCHIVE_REDIS_DOMAIN_DELAY` seconds after the one before, in one atomic Lua script on Redis'
own clock (so machines' clocks need not agree), and waits for it before going out. A request
woken too late for its slot (its process was busy) takes a new one rather than bunch up.
"""

from __future__ import annotations

import time

from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet import reactor
from twisted.internet.task import deferLater

from crawler.scaleout import connect, keys

# KEYS: the domain's key; ARGV: delay (µs) -> how long to wait (µs) for the slot reserved
RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local delay = tonumber(ARGV[1])
local at = math.max(now, tonumber(redis.call('GET', KEYS[1]) or '0'))
redis.call('SET', KEYS[1], string.format('%.0f', at + delay),
           'PX', math.floor((at + delay - now) / 1000) + 60000)
return string.format('%.0f', at - now)
"""


class SharedDomainDelayMiddleware:
    def __init__(self, server, delay: float, prefix: str, stats=None):
        self.server = server
        self.delay_us = int(delay * 1_000_000)
        # how late a request may go out for its slot and still count as on time
        self.slack = delay / 4
        self.prefix = prefix
        self.stats = stats
        self.reserve = server.register_script(RESERVE)

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        if not settings.get("ARCHIVE_REDIS_URL"):
            raise NotConfigured("ARCHIVE_REDIS_URL is not set: the crawl is not shared")
        delay = settings.getfloat("ARCHIVE_REDIS_DOMAIN_DELAY")
        if delay <= 0:
            raise NotConfigured("ARCHIVE_REDIS_DOMAIN_DELAY is 0: no shared delay")
        prefix = keys(settings.get("ARCHIVE_REDIS_PREFIX"))["delay"]
        return cls(connect(settings.get("ARCHIVE_REDIS_URL")), delay, prefix, crawler.stats)

    async def process_request(self, request, spider=None):
        host = (urlparse_cached(request).hostname or "").removeprefix("www.")
        while True:
            wait = int(self.reserve(keys=[self.prefix + host], args=[self.delay_us])) / 1e6
            if wait <= 0:
                return None
            due = time.monotonic() + wait
            if self.stats is not None:
                self.stats.inc_value("redis/delayed_requests")
            await maybe_deferred_to_future(deferLater(reactor, wait, lambda: None))
            if time.monotonic() - due <= self.slack:
                return None
            # woken late (this process was busy): the slot has passed, sending now could
            # bunch up with other workers' requests, so take a new one
