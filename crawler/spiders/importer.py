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

from crawler.discovery import join_pages
from crawler.importing.crawled import Entry, threads_from_crawl_warc, threads_of_stored_pages
from crawler.importing.sources import (
    Skipped,
    find_files,
    is_warc,
    raw_pages_from_paths,
    thread_from_raw,
)
from crawler.items import PageError, Thread
from crawler.spiders.archive import flag
from crawler.stats import OUTCOME_PREFIX
from db.reader import StoredPages
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
            for item in self.stored_threads(db_path):
                yield item
            return
        for path in find_files(self.paths):
            if not is_warc(path):
                for item in self.threads_of(raw_pages_from_paths([path], self.url), known):
                    yield item
                continue
            for item in self.counted(threads_from_crawl_warc(
                    path, lambda body: content_hash(body) in known)):
                yield item

    def stored_threads(self, db_path: str):
        """The archive's own pages read again, each thread's pages joined as when archived."""
        store = StoredPages(db_path)
        try:
            # every stored page was stored as a page: none is passed over for its type
            entries = [Entry(page_id, url, status) for page_id, url, status in store.index()]
            yield from self.counted(threads_of_stored_pages(
                entries, lambda entry: store.read(entry.offset)))
        finally:
            store.close()

    def counted(self, items):
        """The threads and errors of pages read as crawled (a WARC's, the archive's own), each
        counted with the pages it stands for; what was skipped only counted."""
        for item in items:
            if isinstance(item, Skipped):
                self.ended(item, item.pages)
                continue
            if isinstance(item, PageError) and item.stage == "read":
                self.ended(item, 0)  # the file itself could not be read (to its end)
            else:
                self.ended(item, 1 + len(item.more_pages) if isinstance(item, Thread) else 1)
            yield item

    def ended(self, item: Thread | PageError | Skipped, read: int) -> None:
        """Count what `read` inputs (files, WARC records, stored pages) became: archived, skipped
        with why, or an error (crawler.stats' outcomes); an input that could not be read at all
        is not among those read (`archive/unfetched`)."""
        stats = self.crawler.stats
        if isinstance(item, Skipped):
            outcome = item.outcome
            if outcome == "known":  # what the summary and the run's status call skipped
                stats.inc_value("archive/skipped", read)
            elif outcome == "listing":
                stats.inc_value("archive/listings", read)
        else:
            outcome = "error" if isinstance(item, PageError) else "archived"
        stats.inc_value("archive/read", read)
        stats.inc_value(f"{OUTCOME_PREFIX}{outcome}", read or 1)
        if not read:
            stats.inc_value("archive/unfetched")

    def threads_of(self, source, known: set[str]):
        """Each raw page's thread (or its error), a page archived already skipped, a page past
        the size limit refused: the crawl's limit holds for a file too, so one runaway file
        cannot exhaust the memory of an import of thousands."""
        maxsize = self.settings.getint("DOWNLOAD_MAXSIZE")
        for raw in source:
            if isinstance(raw, PageError):  # a file or WARC that could not be read at all
                self.ended(raw, 0)
                yield raw
                continue
            if isinstance(raw, Skipped):
                self.ended(raw, raw.pages)
                continue
            if maxsize and len(raw.body) > maxsize:
                error = PageError(raw.url or str(raw.origin), "read",
                                  f"larger than DOWNLOAD_MAXSIZE ({len(raw.body) / 2**20:.1f} "
                                  f"MB, the limit is {maxsize / 2**20:.1f} MB): not imported")
                self.ended(error, 1)
                yield error
                continue
            if known and content_hash(raw.body) in known:
                self.ended(Skipped(raw.url, "known"), 1)
                continue
            found = thread_from_raw(raw)
            if isinstance(found, Thread):
                # read as a crawl or a re-parse reads a thread: its pages joined, each comment
                # placed once (here the one page)
                found = join_pages([found])
            self.ended(found, 1)
            yield found
