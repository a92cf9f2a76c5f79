"""Redirects, with loops reported as failures instead of vanishing.

Scrapy's RedirectMiddleware hands a redirect back to the scheduler, whose duplicate filter drops
a request for a URL already seen, silently: a page redirecting to itself (or in a circle) would
leave no trace. This one fails such a request with `IgnoreRequest`, so the spider's errback records
it in the errors table like any other failure.
"""

from __future__ import annotations

from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.exceptions import IgnoreRequest


class LoopAwareRedirectMiddleware(RedirectMiddleware):
    def _redirect(self, redirected, request, reason):
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if redirected.url in chain:
            raise IgnoreRequest(f"redirect loop: {' -> '.join([*chain, redirected.url])}")
        return super()._redirect(redirected, request, reason)
