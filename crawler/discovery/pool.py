"""Reading pages in worker processes, so a crawl uses a second core.

A crawl is CPU-bound in its one process: Scrapy itself, parsing, link following, extraction, the
item pipelines and the archive all share one core while a second one idles. Reading a page
(extracting its thread, locating its comments, telling a listing, choosing its links:
`crawler.discovery.read_page`) is the largest pure-CPU part and needs nothing but the page, so
with `ARCHIVE_EXTRACT_PROCESSES` = N (default 1) pages are read by N worker processes while the
crawl process goes on fetching, following links and storing; 0 reads in the crawl process. A
worker rebuilds the response from its class, URL, bytes, encoding and Content-Type, so it reads
exactly the tree the crawl process would have read (and passes over a declaration the bytes
contradict as it would). A worker that dies (a crash in a parser, the OOM killer) is logged once
and the crawl goes on reading in its own process.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from crawler.discovery.reading import PageReading, read_page

logger = logging.getLogger(__name__)
PARENT_CHECK_SECONDS = 0.5


def exit_with(parent: int) -> None:
    """In a worker, at start: end when the crawl process does, even killed (-9), instead of
    waiting on its queue for ever."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-crawl", daemon=True).start()


def read_response(response_class: type, url: str, body: bytes, encoding: str,
                  content_type: bytes | None, thread_page: bool, follow: bool,
                  follow_nofollow: bool) -> PageReading:
    """In a worker: the response as the crawl received it, read as the crawl would read it."""
    headers = {b"Content-Type": content_type} if content_type else None
    response = response_class(url, body=body, encoding=encoding, headers=headers)
    return read_page(response, None, thread_page, follow, follow_nofollow)


def ready() -> bool:
    """In a worker, sent first: importing this module (and what reading pages needs) is done."""
    return True


class ExtractionPool:
    """`await pool.read(response)`: the page read, by a worker when there is one."""

    def __init__(self, processes: int = 1):
        self.processes = max(0, processes)
        self._executor: ProcessPoolExecutor | None = None
        self._broken = False

    @classmethod
    def from_settings(cls, settings) -> ExtractionPool:
        return cls(settings.getint("ARCHIVE_EXTRACT_PROCESSES"))

    def warm(self) -> None:
        """Start the workers now (at the crawl's start), so their start-up and imports overlap
        robots.txt and the first fetches instead of holding up the first page read."""
        if self.processes and not self._broken and self._executor is None:
            self._executor = ProcessPoolExecutor(
                self.processes, mp_context=multiprocessing.get_context("spawn"),
                initializer=exit_with, initargs=(os.getpid(),))
            for _ in range(self.processes):
                self._executor.submit(ready)

    async def read(self, response, thread_page: bool = False, follow: bool = True,
                   follow_nofollow: bool = False) -> PageReading:
        """`read_page` of `response`, in a worker when there is one."""
        if self.processes == 0 or self._broken:
            return read_page(response, None, thread_page, follow, follow_nofollow)
        if self._executor is None:
            # spawned, not forked: the crawl process runs threads (Twisted's, SQLite's)
            self._executor = ProcessPoolExecutor(
                self.processes, mp_context=multiprocessing.get_context("spawn"),
                initializer=exit_with, initargs=(os.getpid(),))
        try:
            future = self._executor.submit(read_response, type(response), response.url,
                                           response.body, response.encoding,
                                           response.headers.get(b"Content-Type"), thread_page,
                                           follow, follow_nofollow)
            return await asyncio.wrap_future(future)
        except BrokenProcessPool as exc:
            if not self._broken:
                logger.warning("extraction worker died (%s): reading in the crawl process", exc)
            self._broken = True
        except Exception as exc:  # the reading did not come back (it would not pickle...)
            logger.warning("%s: a worker could not read it (%s): reading it here",
                           response.url, exc)
        return read_page(response, None, thread_page, follow, follow_nofollow)

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
