"""The switch to a shared crawl, as a Scrapy add-on: on when `ARCHIVE_REDIS_URL` is set.

`crawl --redis URL` sets it, as does `-s ARCHIVE_REDIS_URL=...`, a Scrapyd job's settings or a
project's settings module; the add-on then puts the shared scheduler, duplicate filter, start
middleware and per-domain delay in, and the queue pipeline in the store stage's place
(`crawler.scaleout.crawl_overrides`).
"""

from __future__ import annotations

from scrapy.settings import BaseSettings

from crawler.scaleout import crawl_overrides


class SharedCrawl:
    def update_settings(self, settings: BaseSettings) -> None:
        url = settings.get("ARCHIVE_REDIS_URL")
        if url:
            # over the project's own values, as the user's --redis asks: the store stage must
            # give way even though settings.py names it
            settings.setdict(crawl_overrides(url, settings), priority="cmdline")
