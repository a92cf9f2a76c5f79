"""The `blog` spider: blogs, found from the home page, archives, feeds and sitemaps.

Besides following links (category, tag and monthly archives, "older posts" pagination, WordPress
comment pages), it reads the site's sitemaps (named in robots.txt, or /sitemap.xml) and its
RSS/Atom feeds, which often reach posts that no listing still links to.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import scrapy
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from crawler.dates import parse_time
from crawler.spiders.archive import ArchiveSpider


class BlogSpider(ArchiveSpider):
    name = "blog"

    def extra_start_requests(self):
        parts = map(urlsplit, self.start_urls)
        roots = {urlunsplit((p.scheme, p.netloc, "", "", "")) for p in parts}
        for root in sorted(roots):
            yield scrapy.Request(f"{root}/robots.txt", callback=self.parse_robots,
                                 errback=self.quietly, meta={"root": root}, dont_filter=True)

    def parse_robots(self, response):
        sitemaps = list(sitemap_urls_from_robots(response.body, base_url=response.url))
        for url in sitemaps or [f"{response.meta['root']}/sitemap.xml"]:
            request = self.budget(
                scrapy.Request(url, callback=self.parse_sitemap, errback=self.quietly)
            )
            if request is not None:
                yield request

    def parse_sitemap(self, response):
        try:
            sitemap = Sitemap(response.body)
        except Exception:  # noqa: BLE001 - not a sitemap after all: nothing to read
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

    def quietly(self, failure):
        """A site without robots.txt or sitemap is not an error."""
        return None
