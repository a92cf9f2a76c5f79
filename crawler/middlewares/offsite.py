"""Scrapy's offsite filter, with the web archive's hosts on site when crawling its captures.

Pages of a crawl from a web archive (`--from-archive`) are asked for by their original URLs,
but what goes out is addressed to the archive: its CDX queries and replays are marked to pass
(`dont_filter`); its robots.txt, which Scrapy's robots.txt middleware asks for, is not, and
Scrapy's filter dropped it as off the crawl's sites, so the archive's rules went unread. The
spider's own links are kept on its sites by the spider (`ArchiveSpider.in_scope`) before
they become requests, so only the requests our components make reach the archive's hosts.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware
from scrapy.utils.httpobj import urlparse_cached

from crawler.captures.source import capture_source


class ArchiveOffsiteMiddleware(OffsiteMiddleware):
    def __init__(self, stats, archive_hosts: frozenset[str] = frozenset()):
        super().__init__(stats)
        self.archive_hosts = archive_hosts

    @classmethod
    def from_crawler(cls, crawler):
        middleware = super().from_crawler(crawler)
        settings = crawler.settings
        if settings.get("ARCHIVE_CAPTURES_SOURCE"):
            source = capture_source(settings.get("ARCHIVE_CAPTURES_SOURCE"),
                                    settings.get("ARCHIVE_CAPTURES_REPLAY"))
            middleware.archive_hosts = frozenset(
                urlsplit(url).hostname or "" for url in (source.cdx, source.replay)) - {""}
        return middleware

    def should_follow(self, request, spider) -> bool:
        return (urlparse_cached(request).hostname in self.archive_hosts
                or super().should_follow(request, spider))
