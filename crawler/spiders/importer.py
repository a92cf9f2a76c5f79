"""The `import` spider: saved pages, WARC records or the archive's own pages, through the pipelines.

Nothing is downloaded: `start()` yields the threads of the pages it reads, and Scrapy hands them
to the same item pipelines a crawl uses. A saved page is a page to archive; a WARC holds what a
crawler fetched, and is read as the crawl read it (`crawler/importing/crawled.py`).
`scrapy crawl import -a paths=a.html:dir -s ARCHIVE_DB=x.db` works as well as `blogarchive import`.
"""

from __future__ import annotations

import os
from pathlib import Path

import scrapy

from crawler.importing.crawled import Skipped, threads_from_crawl_warc
from crawler.importing.sources import find_files, is_warc, raw_pages_from_paths, thread_from_raw
from crawler.items import PageError, Thread
from crawler.spiders.archive import flag
from db.reader import stored_pages
from db.state import stored_content_hashes
from db.writer import content_hash


class ImportSpider(scrapy.Spider):
    name = "import"
    custom_settings = {"ROBOTSTXT_OBEY": False, "AUTOTHROTTLE_ENABLED": False}

    def __init__(
        self,
        paths: str | list[str] = (),
        url: str | None = None,
        reparse: bool | str = False,
        force: bool | str = False,
        *args,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        if isinstance(paths, str):
            paths = [p for p in paths.split(os.pathsep) if p]
        self.paths = [Path(p) for p in paths]
        self.url = url
        self.reparse = flag(reparse)
        self.force = flag(force)

    async def start(self):
        db_path = self.settings.get("ARCHIVE_DB")
        fresh = self.force or self.reparse or not db_path
        known = set() if fresh else stored_content_hashes(db_path)
        if self.reparse:
            for item in self.threads_of(stored_pages(db_path), known):
                yield item
            return
        for path in find_files(self.paths):
            if not is_warc(path):
                for item in self.threads_of(raw_pages_from_paths([path], self.url), known):
                    yield item
                continue
            for item in threads_from_crawl_warc(path, lambda body: content_hash(body) in known):
                if isinstance(item, Skipped):
                    self.crawler.stats.inc_value("archive/read", item.pages)
                    self.crawler.stats.inc_value(f"archive/{item.why}", item.pages)
                    continue
                read = 1 + len(item.more_pages) if isinstance(item, Thread) else 1
                self.crawler.stats.inc_value("archive/read", read)
                yield item

    def threads_of(self, source, known: set[str]):
        """Each raw page's thread (or its error), a page archived already skipped."""
        for raw in source:
            if isinstance(raw, PageError):
                yield raw
                continue
            self.crawler.stats.inc_value("archive/read")
            if known and content_hash(raw.body) in known:
                self.crawler.stats.inc_value("archive/skipped")
                continue
            yield thread_from_raw(raw)
