"""Display variants folded at the last moment: requests queued before the crawl learned a rule.

The spider folds a link into the page it shows as soon as a display variant of the site taught
it how (crawler/discovery/variants.py); requests queued before that lesson (a diary's three
display modes are queued together) are folded here, as they leave the queue: the plain page is
asked for instead, which the duplicate filter drops when it was asked for already.
"""

from __future__ import annotations


class FoldVariantsMiddleware:
    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        middleware = cls(crawler.stats)
        middleware.crawler = crawler
        return middleware

    def process_request(self, request, spider=None):
        spider = spider or getattr(self.crawler, "spider", None)
        variants = getattr(spider, "variants", None)
        if variants is None or request.meta.get("thread_pages") or request.dont_filter:
            return None
        if not getattr(spider, "fold_variants", True):
            return None
        plain = variants.fold(request.url)
        if plain == request.url:
            return None
        self.stats.inc_value("archive/skipped/variant")
        return request.replace(url=plain)
