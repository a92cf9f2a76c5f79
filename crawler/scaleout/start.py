"""Start requests of a shared crawl go through the shared duplicate filter.

Our spiders mark start requests `dont_filter` (a single crawl always fetches its start URLs).
When many workers share a crawl, each one's start requests would then be fetched once per
worker; through the shared filter the first worker seeds the crawl and the others join it. A
retry or redirect of a start request is a new request of its own and is left as it is.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.exceptions import NotConfigured


class SharedStartMiddleware:
    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.get("ARCHIVE_REDIS_URL"):
            raise NotConfigured("ARCHIVE_REDIS_URL is not set: the crawl is not shared")
        return cls()

    async def process_start(self, start):
        async for item in start:
            if isinstance(item, Request) and item.dont_filter:
                item = item.replace(dont_filter=False)
            yield item

    def process_spider_output(self, response, result):
        yield from result

    async def process_spider_output_async(self, response, result):
        async for item in result:
            yield item
