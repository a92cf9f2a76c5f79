"""Every response a crawl downloads, with its request, written to a WARC file (`crawl --warc`).

A Scrapy extension, on where `ARCHIVE_WARC_PATH` names a file: a warcinfo record first (who
crawled, and how: blogarchive's version, the command's arguments and the politeness settings),
then a response record and its request record for every response the downloader receives,
robots.txt, redirects, retried failures and error pages included. It listens to
`response_downloaded`, which the downloader sends before any middleware has changed the
response: the body is the one the site sent (still compressed if it was, with its
Content-Encoding), the request the one that went out, every header set. Each record is one
buffered append, flushed: writing never holds the crawl up for long, and a crawl killed midway
leaves whole records, which `--resume` appends to (a new warcinfo, never a new file).
A request that got no response (a timeout, a refused connection) has no record.
"""

from __future__ import annotations

import json
import logging
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import NotConfigured

from crawler.warcfile import FETCHED_META, WarcFile, warc_date

logger = logging.getLogger(__name__)

# the settings that say how a crawl fetched, named in the warcinfo record
RECORDED_SETTINGS = (
    "USER_AGENT", "ROBOTSTXT_OBEY", "DOWNLOAD_DELAY", "AUTOTHROTTLE_ENABLED",
    "CONCURRENT_REQUESTS_PER_DOMAIN", "RETRY_TIMES", "ARCHIVE_FOLLOW_NOFOLLOW",
    "ARCHIVE_FOLD_VARIANTS", "ARCHIVE_CONTACT_URL",
)


class WarcRecorder:
    def __init__(self, path: str, info: dict[str, str], stats):
        self.path = path
        self.info = info
        self.stats = stats
        self.file: WarcFile | None = None

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        path = settings.get("ARCHIVE_WARC_PATH")
        if not path:
            raise NotConfigured  # no message: Scrapy would log one for every run without a WARC
        info = {
            "operator": settings.get("ARCHIVE_CONTACT_URL"),
            "http-header-user-agent": settings.get("USER_AGENT"),
            "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
            "description": f"blogarchive {settings.get('ARCHIVE_COMMAND')}: "
                           f"{settings.get('ARCHIVE_ARGUMENTS') or '{}'}",
            "blogarchive-settings": json.dumps(
                {name: settings.get(name) for name in RECORDED_SETTINGS}, sort_keys=True),
        }
        extension = cls(path, info, crawler.stats)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.response_downloaded,
                                signal=signals.response_downloaded)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider) -> None:
        self.file = WarcFile(self.path)
        self.file.warcinfo({**self.info, "isPartOf": spider.name})
        logger.info("writing what is fetched to %s", self.path)

    def response_downloaded(self, response, request, spider) -> None:
        if self.file is None:
            return
        headers = [(name.decode("latin-1"), value.decode("latin-1"))
                   for name, values in response.headers.items() for value in values]
        asked = [("Host", urlsplit(request.url).netloc)] + [
            (name.decode("latin-1"), value.decode("latin-1"))
            for name, values in request.headers.items() for value in values]
        fetched = warc_date()
        # the spider stores this time as the page's, so the WARC and the archive agree
        request.meta[FETCHED_META] = fetched
        self.file.response(response.url, response.status, headers, response.body, fetched,
                           protocol=getattr(response, "protocol", None) or "HTTP/1.1",
                           request=(request.method, asked, request.body or b""))
        self.stats.inc_value("archive/warc_records", 2)

    def spider_closed(self, spider, reason: str) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None
