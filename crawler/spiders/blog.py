"""The `blog` spider: blogs, found from the home page, archives, feeds and sitemaps.

Besides following links (category, tag and monthly archives, "older posts" pagination, WordPress
comment pages), it reads the site's sitemaps (named in robots.txt, or /sitemap.xml) and its
RSS/Atom feeds, which often reach posts that no listing still links to. Sitemaps are read as
Scrapy's `SitemapSpider` reads them, with its helpers: gzipped ones (sitemap.xml.gz, or a body
gzipped without Content-Encoding) are decompressed, never beyond DOWNLOAD_MAXSIZE; one that is
too big or not a sitemap is logged with the reason and left, and the crawl goes on.

robots.txt is fetched once per site: where Scrapy's robots.txt middleware is on (ROBOTSTXT_OBEY),
the sitemaps are read from the response it fetched (the `response_received` signal), and only
without it does the spider ask for robots.txt itself.
"""

from __future__ import annotations

import struct
import zlib
from urllib.parse import urlsplit, urlunsplit

import scrapy
from lxml import etree
from scrapy import signals
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.http import XmlResponse
from scrapy.http.request import NO_CALLBACK
from scrapy.settings.default_settings import DOWNLOAD_MAXSIZE, DOWNLOAD_WARNSIZE
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from crawler.dates import parse_time
from crawler.spiders.archive import ArchiveSpider, describe_failure, is_gone

SITEMAP_TYPES = ("urlset", "sitemapindex")


class UnreadableSitemap(Exception):
    """A sitemap response that cannot be read; the message says why."""


class BlogSpider(ArchiveSpider):
    name = "blog"
    # how big a sitemap may be once decompressed, and from what size that is worth a warning:
    # the crawl's DOWNLOAD_MAXSIZE and DOWNLOAD_WARNSIZE (or a request's download_maxsize and
    # download_warnsize meta), as for Scrapy's SitemapSpider
    sitemap_max_size = DOWNLOAD_MAXSIZE
    sitemap_warn_size = DOWNLOAD_WARNSIZE

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.sitemap_max_size = crawler.settings.getint("DOWNLOAD_MAXSIZE")
        spider.sitemap_warn_size = crawler.settings.getint("DOWNLOAD_WARNSIZE")
        crawler.signals.connect(spider.robots_fetched, signal=signals.response_received)
        return spider

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # the sites of the start URLs whose robots.txt is still to be read for sitemaps
        self.robots_unread = {_root(url) for url in self.start_urls}

    def robots_middleware_on(self) -> bool:
        """Whether Scrapy's robots.txt middleware fetches each site's robots.txt."""
        middlewares = self.crawler.engine.downloader.middleware.middlewares
        return any(isinstance(m, RobotsTxtMiddleware) for m in middlewares)

    def extra_start_requests(self):
        if self.robots_middleware_on():
            return  # robots_fetched reads the middleware's robots.txt
        for root in sorted(self.robots_unread):
            yield scrapy.Request(f"{root}/robots.txt", callback=self.parse_robots,
                                 errback=self.quietly, meta={"root": root}, dont_filter=True)

    def parse_robots(self, response):
        self.ended("robots")
        self.robots_unread.discard(response.meta["root"])
        yield from self.sitemap_requests(response, response.meta["root"])

    def robots_fetched(self, response, request, spider):
        """A response has come in: the robots.txt Scrapy's robots.txt middleware fetched (its own
        request, without callback) of a start URL's site has its sitemaps read, as
        `parse_robots` would. A failed one (not 2xx) is left, as the spider's own would be."""
        if request.callback is not NO_CALLBACK or not request.meta.get("dont_obey_robotstxt"):
            return
        root = _root(request.meta.get("redirect_urls", [request.url])[0])
        if root not in self.robots_unread or self.max_depth == 0:
            return
        self.robots_unread.discard(root)
        if not 200 <= response.status < 300:
            return
        for sitemap in self.sitemap_requests(response, root):
            # one hop from the start, as from the spider's own robots.txt request
            sitemap.meta["depth"] = 1
            self.crawler.engine.crawl(sitemap)

    def sitemap_requests(self, robots, root: str):
        """Requests for the sitemaps a robots.txt response names, or for /sitemap.xml."""
        sitemaps = list(sitemap_urls_from_robots(robots.body, base_url=robots.url))
        for url in sitemaps or [f"{root}/sitemap.xml"]:
            request = self.budget(
                scrapy.Request(url, callback=self.parse_sitemap, errback=self.sitemap_failed)
            )
            if request is not None:
                yield request

    def parse_sitemap(self, response):
        self.ended("sitemap")
        try:
            sitemap = Sitemap(self.sitemap_body(response))
        except UnreadableSitemap as problem:
            self.logger.warning("Sitemap %s not read: %s", response.url, problem)
            return
        except (etree.LxmlError, StopIteration):
            self.logger.warning("Sitemap %s not read: not XML", response.url)
            return
        if sitemap.type not in SITEMAP_TYPES:
            self.logger.warning("Sitemap %s not read: not a sitemap (a <%s> document)",
                                response.url, sitemap.type)
            return
        for entry in sitemap:
            url = entry.get("loc", "").strip()
            if not url or not self.in_scope(url) or self.excluded(url):
                continue
            if sitemap.type == "sitemapindex":
                request = self.budget(
                    scrapy.Request(url, callback=self.parse_sitemap, errback=self.failed)
                )
                if request is not None:
                    yield request
                continue
            modified = parse_time(entry.get("lastmod"))
            if self.since and modified is not None and modified.local_date < self.since:
                continue
            request = self.budget(self.request_for(url))
            if request is not None:
                yield request

    def sitemap_body(self, response) -> bytes:
        """The sitemap a response holds, read as Scrapy's `SitemapSpider` reads it, with its
        helpers: a gzipped body (a .xml.gz file, or gzip without Content-Encoding) decompressed
        up to the size limit; an XML response, or the body of a .xml or .xml.gz URL (gzip that
        Scrapy's HttpCompressionMiddleware has decompressed already), as it is. Unlike
        `SitemapSpider`, gzip is recognised before the Content-Type, so a gzipped file served
        as XML is read too. Raises `UnreadableSitemap` for anything else."""
        if gzip_magic_number(response):
            max_size = response.meta.get("download_maxsize", self.sitemap_max_size)
            warn_size = response.meta.get("download_warnsize", self.sitemap_warn_size)
            try:
                body = gunzip(response.body, max_size=max_size)
            except ValueError:  # Scrapy's "decompressed more than max_size"
                raise UnreadableSitemap(
                    f"larger than DOWNLOAD_MAXSIZE ({max_size} B) once decompressed") from None
            except (OSError, EOFError, struct.error, zlib.error) as error:
                raise UnreadableSitemap(f"broken gzip data ({error})") from None
            if len(response.body) < warn_size <= len(body):
                self.logger.warning("Sitemap %s is %d B once decompressed, more than "
                                    "DOWNLOAD_WARNSIZE (%d B)", response.url, len(body), warn_size)
            return body
        if isinstance(response, XmlResponse) or response.url.endswith((".xml", ".xml.gz")):
            return response.body
        content_type = response.headers.get(b"Content-Type", b"no Content-Type")
        raise UnreadableSitemap(
            f"not a sitemap ({content_type.decode('latin-1')}, neither XML nor gzip)")

    def sitemap_failed(self, failure):
        """A sitemap not fetched is logged with the reason (too big, an error, a timeout); one
        that is not there (404, 410: a guessed /sitemap.xml) is nothing to report."""
        self.unfetched(failure)
        self.ended("sitemap")
        if is_gone(failure):
            return
        reason = describe_failure(failure)
        if reason is not None:
            self.logger.warning("Sitemap %s not read: %s", failure.request.url, reason)

    def quietly(self, failure):
        """A site without robots.txt is not an error."""
        self.unfetched(failure)
        self.ended("robots")


def _root(url: str) -> str:
    """The site a URL is on: scheme and host (with port)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))
