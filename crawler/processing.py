"""Run a page through the configured item pipelines outside a crawl.

`make demo`, the accuracy benchmark and (later) imports of saved pages use the very pipelines a
crawl uses, built from `ITEM_PIPELINES` the way Scrapy builds them (`build_from_crawler`), so what
they measure or store is what a crawl would.
"""

from __future__ import annotations

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.settings import Settings
from scrapy.utils.misc import build_from_crawler, load_object

from crawler.discovery import join_pages
from crawler.extractors import extract_thread
from crawler.extractors.page import Page
from crawler.items import Thread


def project_settings() -> Settings:
    """Scrapy's defaults under ours, wherever the command runs from (no scrapy.cfg needed)."""
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    return settings


def make_crawler(overrides: dict | None = None) -> Crawler:
    """A crawler carrying our settings, for building components outside a running crawl."""
    settings = project_settings()
    settings.setdict(overrides or {}, priority="cmdline")
    return Crawler(Spider, settings)


class OfflinePipelines:
    """The configured item pipelines, in their configured order, called synchronously."""

    def __init__(self, overrides: dict | None = None, exclude: tuple[str, ...] = ()):
        crawler = make_crawler(overrides)
        settings = crawler.settings
        order = settings.getdict("ITEM_PIPELINES")
        paths = sorted((p for p, v in order.items() if v is not None and p not in exclude),
                       key=order.get)
        self.pipelines = []
        for path in paths:
            try:
                self.pipelines.append(build_from_crawler(load_object(path), crawler))
            except NotConfigured:  # as Scrapy does: a stage with nothing to do is left out
                continue

    def process(self, item: Thread) -> Thread:
        """The processed item; `DropItem` when a stage rejects it."""
        for pipeline in self.pipelines:
            item = pipeline.process_item(item)
        return item


def process_page(page: Page, pipelines: OfflinePipelines) -> Thread:
    """Extract and process one page: `ExtractionError` or `DropItem` say why not."""
    # a one-page thread, read as a crawl reads a thread: its pages joined, each comment once
    return pipelines.process(join_pages([extract_thread(page)]))


__all__ = ["DropItem", "OfflinePipelines", "process_page"]
