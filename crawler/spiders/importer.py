"""The `import` spider: saved pages, WARC records or the archive's own pages, through the pipelines.

Nothing is downloaded: `start()` yields the threads of the pages it reads, and Scrapy hands them
to the same item pipelines a crawl uses.
`scrapy crawl import -a paths=a.html:dir -s ARCHIVE_DB=x.db` works as well as `blogarchive import`.
"""

from __future__ import annotations

import os
from pathlib import Path

import scrapy

from crawler.importing.sources import Skipped, raw_pages_from_paths, thread_from_raw
from crawler.items import PageError
from crawler.spiders.archive import flag
from crawler.stats import OUTCOME_PREFIX
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
        stats = self.crawler.stats
        # the crawl's limit on a page holds for a file too: one runaway file must not exhaust
        # the memory of an import of thousands
        maxsize = self.settings.getint("DOWNLOAD_MAXSIZE")
        for raw in source:
            if isinstance(raw, PageError):  # a file or WARC that could not be read at all
                stats.inc_value("archive/unfetched")
                stats.inc_value(f"{OUTCOME_PREFIX}error")
                yield raw
                continue
            stats.inc_value("archive/read")
            if isinstance(raw, Skipped):
                stats.inc_value(f"{OUTCOME_PREFIX}{raw.outcome}")
                continue
            if maxsize and len(raw.body) > maxsize:
                stats.inc_value(f"{OUTCOME_PREFIX}error")
                yield PageError(raw.url or str(raw.origin), "read",
                                f"larger than DOWNLOAD_MAXSIZE ({len(raw.body) / 2**20:.1f} MB, "
                                f"the limit is {maxsize / 2**20:.1f} MB): not imported")
                continue
            if known and content_hash(raw.body) in known:
                stats.inc_value("archive/skipped")
                stats.inc_value(f"{OUTCOME_PREFIX}known")
                continue
            found = thread_from_raw(raw)
            outcome = "error" if isinstance(found, PageError) else "archived"
            stats.inc_value(f"{OUTCOME_PREFIX}{outcome}")
            yield found
