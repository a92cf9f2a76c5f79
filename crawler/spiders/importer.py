"""The `import` spider: saved pages, WARC records or the archive's own pages, through the pipelines.

Nothing is downloaded: `start()` yields the threads of the pages it reads, and Scrapy hands them
to the same item pipelines a crawl uses.
`scrapy crawl import -a paths=a.html:dir -s ARCHIVE_DB=x.db` works as well as `blogarchive import`.
"""

from __future__ import annotations

import os
from pathlib import Path

import scrapy

from crawler.importing.sources import raw_pages_from_paths, thread_from_raw
from crawler.items import PageError
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
        source = stored_pages(db_path) if self.reparse else raw_pages_from_paths(
            self.paths, self.url
        )
        for raw in source:
            if isinstance(raw, PageError):
                yield raw
                continue
            self.crawler.stats.inc_value("archive/read")
            if known and content_hash(raw.body) in known:
                self.crawler.stats.inc_value("archive/skipped")
                continue
            yield thread_from_raw(raw)
