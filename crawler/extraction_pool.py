"""Extraction in worker processes, so a crawl uses a second core.

A crawl is CPU-bound in its one process: Scrapy itself, parsing, link following, extraction, the
item pipelines and the archive all share one core while a second one idles. Extraction is its
largest pure-CPU part and needs nothing but the page, so with `ARCHIVE_EXTRACT_PROCESSES` = N
(default 1) pages are extracted by N worker processes while the crawl process goes on fetching,
following links and storing; 0 extracts in the crawl process itself. A worker rebuilds the
response from its class, URL, bytes and encoding, so it reads exactly the tree the crawl process
would have read. A worker that dies (a crash in a parser, the OOM killer) is logged once and the
crawl goes on extracting in its own process.
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

from crawler.extractors import extract_thread
from crawler.extractors.page import Page
from crawler.items import Thread

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


def extract_response(response_class: type, url: str, body: bytes, encoding: str) -> Thread:
    """In a worker: the response as the crawl received it, read as the crawl would read it."""
    return extract_thread(Page.from_response(response_class(url, body=body, encoding=encoding)))


class ExtractionPool:
    """`await pool.extract(response, page)`: the page's thread, from a worker when there is one."""

    def __init__(self, processes: int = 1):
        self.processes = max(0, processes)
        self._executor: ProcessPoolExecutor | None = None
        self._broken = False

    @classmethod
    def from_settings(cls, settings) -> ExtractionPool:
        return cls(settings.getint("ARCHIVE_EXTRACT_PROCESSES", 1))

    async def extract(self, response, page: Page) -> Thread:
        """The thread of `page` (parsed from `response`); raises `ExtractionError` as
        `extract_thread` does."""
        if self.processes == 0 or self._broken:
            return extract_thread(page)
        if self._executor is None:
            # spawned, not forked: the crawl process runs threads (Twisted's, SQLite's)
            self._executor = ProcessPoolExecutor(
                self.processes, mp_context=multiprocessing.get_context("spawn"),
                initializer=exit_with, initargs=(os.getpid(),))
        try:
            future = self._executor.submit(extract_response, type(response), response.url,
                                           response.body, response.encoding)
            return await asyncio.wrap_future(future)
        except BrokenProcessPool as exc:
            if not self._broken:
                logger.warning("extraction worker died (%s): extracting in the crawl process", exc)
            self._broken = True
            return extract_thread(page)

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
