"""The run's record in the archive, as a Scrapy extension: one `crawls` row a crawl or import.

Opened when the spider opens (the command and arguments from `ARCHIVE_COMMAND` and
`ARCHIVE_ARGUMENTS`, or a Scrapyd job's spider arguments), its id published in the stats as
`archive/crawl_id` for the store stage to write under and the summary to name; closed after the
store stage's last batch, with the status the close reason means and the request budget the
stats counted. The batches' counts are the store stage's, committed with the rows they count.
A shared crawl's workers write no archive: the scale-out add-on turns this off with the store
stage, and the one writer (`blogarchive store`) records its run through the same `db.runs`.
"""

from __future__ import annotations

import json
import logging

from scrapy import signals
from scrapy.exceptions import NotConfigured

from crawler.stats import request_budget, run_status
from db.runs import close_run, open_run
from db.schema import open_archive

logger = logging.getLogger(__name__)


class RunRecord:
    def __init__(self, db_path: str, command: str, arguments: dict, stats):
        self.db_path = db_path
        self.command = command
        self.arguments = arguments
        self.stats = stats
        self.crawl_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        db_path = settings.get("ARCHIVE_DB")
        if not db_path:
            raise NotConfigured("ARCHIVE_DB is not set: no archive to record the run in")
        extension = cls(db_path, settings.get("ARCHIVE_COMMAND"),
                        json.loads(settings.get("ARCHIVE_ARGUMENTS") or "{}"), crawler.stats)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider) -> None:
        db = open_archive(self.db_path)
        try:
            self.crawl_id = open_run(db, self.command, self.arguments)
        finally:
            db.close()
        self.stats.set_value("archive/crawl_id", self.crawl_id)
        logger.info("archiving into %s (run %d)", self.db_path, self.crawl_id)

    def spider_closed(self, spider, reason: str) -> None:
        if self.crawl_id is None:
            return
        db = open_archive(self.db_path)
        try:
            close_run(db, self.crawl_id, run_status(reason, self.stats),
                      request_budget(self.stats))
        finally:
            db.close()
