"""What every blogarchive spider shares: scope, reading a page once, threads, errors, resume.

A fetched page is parsed once (`Page` over the response's own tree); the same tree gives the
thread and the links to follow. A thread split over several pages (comment-page-2, ?page=2) is
assembled across requests and archived as one. Failures become `PageError` items, so they reach
the log and the errors table like everything else. What the archive already holds (db/state.py)
drives `--resume` (skip what is stored) and recrawls (conditional requests, quiet threads left).
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from scrapy.http import TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import DNSLookupError, TCPTimedOutError, TimeoutError

from crawler import discovery
from crawler.extraction_pool import ExtractionPool
from crawler.extractors import choose_extractor
from crawler.extractors.page import ExtractionError, Page
from crawler.items import PageError, RawPage, SeenUnchanged, Thread
from db.state import KnownPage, known_pages
from pipelines.normalize import parse_time

FETCHED_AT = "%Y-%m-%dT%H:%M:%SZ"


def _as_list(value) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [v for v in re.split(r"[\s,]+", value) if v]
    return [v for v in value if v]


def flag(value) -> bool:
    """A spider argument as a boolean: `-a resume=true` arrives as a string."""
    if isinstance(value, str):
        return value.lower() in ("1", "true", "yes", "on")
    return bool(value)


class ArchiveSpider(scrapy.Spider):
    """Base of the site spiders; subclasses say which links lead to posts."""

    name = "archive"
    # replaced in from_crawler by a pool with ARCHIVE_EXTRACT_PROCESSES workers
    extraction = ExtractionPool(0)
    # settle 304s (conditional recrawls) ourselves
    handle_httpstatus_list = [304]

    def __init__(
        self,
        urls=None,
        since: str | None = None,
        include=None,
        exclude=None,
        resume=False,
        depth=None,
        max_pages=None,
        start_urls=None,
        *args,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.start_urls = _as_list(urls or start_urls or getattr(self, "start_urls", []))
        if not self.start_urls:
            raise ValueError(f"{self.name}: give at least one start URL (-a urls=...)")
        self.allowed_domains = sorted(
            {(urlsplit(u).hostname or "").removeprefix("www.") for u in self.start_urls} - {""}
        )
        self.since = date.fromisoformat(since) if since else None
        self.include = discovery.compile_patterns(_as_list(include))
        self.exclude = discovery.compile_patterns(_as_list(exclude)) + discovery.DENY
        self.resume = flag(resume)
        # hops of links followed from a start URL (None: no limit); a thread's later pages are
        # part of the thread and never count, which is why this is not Scrapy's DEPTH_LIMIT
        self.max_depth = int(depth) if depth not in (None, "") else None
        # pages this spider asks for at most (robots.txt aside); strict, unlike
        # CLOSESPIDER_PAGECOUNT, which lets the requests already in flight finish
        self.max_pages = int(max_pages) if max_pages not in (None, "") else None
        self.requested = 0
        self.known: dict[str, KnownPage] = {}
        # scope is checked by `in_scope` (hosts, ports ignored), not by the extractor

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        """`-a archive=FILE` (how Scrapyd, or `scrapy crawl`, names the archive) sets
        `ARCHIVE_DB`, and the run is recorded with the spider's arguments (Scrapyd's job id and
        the schedule among them)."""
        archive = kwargs.pop("archive", None)
        if archive:
            crawler.settings.set("ARCHIVE_DB", archive, priority="spider")
            if crawler.settings.get("ARCHIVE_ARGUMENTS") in (None, "", "{}"):
                arguments = {"spider": cls.name, **kwargs}
                if "_job" in arguments:
                    arguments["job"] = arguments.pop("_job")
                crawler.settings.set("ARCHIVE_ARGUMENTS", json.dumps(arguments), priority="spider")
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.extraction = ExtractionPool.from_settings(crawler.settings)
        crawler.signals.connect(spider.extraction.close, signal=signals.spider_closed)
        return spider

    # --- starting -----------------------------------------------------------------------------
    async def start(self):
        db_path = self.settings.get("ARCHIVE_DB")
        self.known = known_pages(db_path) if db_path else {}
        quiet_days = self.settings.getfloat("ARCHIVE_RECRAWL_QUIET_DAYS", 30)
        self.inactive_after = timedelta(days=quiet_days)
        for url in self.start_urls:
            request = self.budget(
                scrapy.Request(url, callback=self.parse, errback=self.failed, dont_filter=True)
            )
            if request is not None:
                yield request
        if self.max_depth != 0:  # sitemaps and feeds are one hop from the start
            for request in self.extra_start_requests():
                if self.budget(request) is not None:
                    yield request

    def extra_start_requests(self):
        """More ways into a site (feeds, sitemaps): subclasses add theirs."""
        return ()

    # --- a page -------------------------------------------------------------------------------
    async def parse(self, response, **kwargs):
        if response.status == 304:
            for item in self.not_modified(response):
                yield item
            return
        if not isinstance(response, TextResponse):
            return
        try:
            page = Page.from_response(response)
        except ExtractionError as exc:
            yield PageError(response.url, "extract", exc.reason, page=self.raw(response))
            return
        partial: Thread | None = response.meta.get("thread")
        later_page = partial is None and discovery.thread_base(response.url) != response.url
        kind = discovery.page_kind(page)
        if partial is not None or not (later_page or kind == "listing"):
            async for item in self.parse_post(response, page, partial, sure=kind == "post"):
                yield item
        if partial is None:
            for request in self.follow(response, page):
                yield request

    async def parse_post(self, response, page: Page, partial: Thread | None, sure: bool = False):
        """Extract the page's thread (and assemble later pages); `sure`: the markup says post."""
        try:
            thread = await self.extraction.extract(response, page)
        except ExtractionError as exc:
            if partial is None:
                if sure or choose_extractor(page).NAME != "generic":
                    yield PageError(response.url, "extract", exc.reason, page=self.raw(response))
                return
            thread = None
        if thread is not None and partial is None and not sure and not (
            thread.extractor != "generic" or discovery.is_post(page, thread)
        ):
            return  # a page of links and teasers, not a post
        if thread is not None:
            thread.page = self.raw(response)
            thread.fetched_at = thread.page.fetched_at
        whole = merge_threads(partial, thread) if partial is not None else thread
        if whole is None:
            return
        next_page = next(
            (u for u in discovery.next_urls(page) if discovery.is_same_thread(response.url, u)
             and u not in response.meta.get("thread_urls", ())),
            None,
        )
        if next_page and self.budget(next_page) is not None:
            yield response.follow(
                next_page, callback=self.parse, errback=self.thread_page_failed,
                dont_filter=True,
                meta={"thread": whole,
                      "thread_urls": (*response.meta.get("thread_urls", ()), response.url)},
            )
            return
        if self.too_old(whole.post.published_raw):
            self.crawler.stats.inc_value("archive/too_old")
            return
        yield whole

    def follow(self, response, page: Page):
        """Every in-scope link worth fetching; what is known or excluded is left alone."""
        if self.max_depth is not None and response.meta.get("depth", 0) >= self.max_depth:
            return
        for url in discovery.page_links(response):
            if not self.in_scope(url) or self.excluded(url) or self.too_old_url(url):
                continue
            base = discovery.thread_base(url)
            if base != url and discovery.looks_like_post_url(base):
                # a later page of a thread: its first page assembles the whole thread
                url = base
            request = self.budget(self.request_for(url))
            if request is not None:
                yield request
        for feed in discovery.feed_urls(page):
            if not self.excluded(feed) and self.in_scope(feed):
                request = self.budget(
                    scrapy.Request(feed, callback=self.parse_feed, errback=self.failed)
                )
                if request is not None:
                    yield request

    def parse_feed(self, response):
        """RSS and Atom: the entries' links are posts."""
        selector = response.selector
        selector.remove_namespaces()
        for url in selector.xpath("//item/link/text() | //entry/link/@href").getall():
            url = response.urljoin(url.strip())
            if self.in_scope(url) and not self.excluded(url):
                request = self.budget(self.request_for(url))
                if request is not None:
                    yield request

    # --- requests -----------------------------------------------------------------------------
    def budget(self, request):
        """`request` if the page budget (`max_pages`) allows one more, else None."""
        if request is None:
            return None
        if self.max_pages is not None and self.requested >= self.max_pages:
            self.crawler.stats.inc_value("archive/over_budget")
            return None
        self.requested += 1
        return request

    def request_for(self, url: str) -> scrapy.Request | None:
        """A request for a page, conditional when the archive has it; None to leave it be."""
        known = self.known.get(url)
        if known is None or known.post_id is None:
            return scrapy.Request(url, callback=self.parse, errback=self.failed)
        if self.resume:
            self.crawler.stats.inc_value("archive/skipped")
            return None
        headers = {}
        if known.etag:
            headers["If-None-Match"] = known.etag
        if known.last_modified:
            headers["If-Modified-Since"] = known.last_modified
        if not headers and self.quiet(known):
            self.crawler.stats.inc_value("archive/skipped")
            return None
        return scrapy.Request(url, callback=self.parse, errback=self.failed, headers=headers)

    def quiet(self, known: KnownPage) -> bool:
        """A thread with no activity for long before its last fetch is taken as closed."""
        if not known.activity:
            return False
        try:
            fetched = datetime.fromisoformat(known.fetched_at.replace("Z", "+00:00"))
            activity = datetime.fromisoformat(known.activity.replace("Z", "+00:00"))
        except ValueError:
            return False
        if activity.tzinfo is None:
            activity = activity.replace(tzinfo=UTC)
        return fetched - activity > self.inactive_after

    def not_modified(self, response):
        """304: the archived copy is current; its thread is marked seen now."""
        self.crawler.stats.inc_value("archive/not_modified")
        known = self.known.get(response.url)
        if known is not None and known.post_id:
            yield SeenUnchanged(known.post_id, datetime.now(UTC).strftime(FETCHED_AT))

    # --- scope --------------------------------------------------------------------------------
    def in_scope(self, url: str) -> bool:
        host = (urlsplit(url).hostname or "").removeprefix("www.")
        return any(host == d or host.endswith("." + d) for d in self.allowed_domains)

    def excluded(self, url: str) -> bool:
        if discovery.is_denied(url, self.exclude):
            return True
        return bool(self.include) and not discovery.is_denied(url, self.include)

    def too_old_url(self, url: str) -> bool:
        day = discovery.url_date(url)
        return bool(self.since and day and day < self.since)

    def too_old(self, published_raw: str | None) -> bool:
        if not self.since:
            return False
        parsed = parse_time(published_raw)
        return parsed is not None and parsed.local_date < self.since

    # --- failures -----------------------------------------------------------------------------
    def failed(self, failure):
        """A request that failed for good (after retries): recorded, and the crawl goes on."""
        request = failure.request
        reason = describe_failure(failure)
        if reason is None:
            return None
        return PageError(request.url, "fetch", reason)

    def thread_page_failed(self, failure):
        """A later page of a thread failed: archive the pages we have, record the failure."""
        partial = failure.request.meta.get("thread")
        error = self.failed(failure)
        if error is not None:
            yield error
        if partial is not None:
            yield partial

    @staticmethod
    def raw(response) -> RawPage:
        headers = response.headers
        return RawPage(
            url=response.url,
            body=response.body,
            fetched_at=datetime.now(UTC).strftime(FETCHED_AT),
            status=response.status,
            content_type=_header(headers, b"Content-Type"),
            encoding=getattr(response, "encoding", None),
            etag=_header(headers, b"ETag"),
            last_modified=_header(headers, b"Last-Modified"),
        )


def describe_failure(failure) -> str | None:
    """A short reason for the errors table; None for what is not an error (robots.txt)."""
    error = failure.value
    if isinstance(error, HttpError):
        return f"HTTP {error.response.status}"
    if isinstance(error, IgnoreRequest):
        text = str(error) or type(error).__name__
        return None if "robots.txt" in text else text
    if isinstance(error, (TimeoutError, TCPTimedOutError)):
        return f"timed out: {error}"
    if isinstance(error, DNSLookupError):
        return f"DNS lookup failed: {error}"
    return f"{type(error).__name__}: {error}"


def merge_threads(first: Thread, more: Thread | None) -> Thread:
    """A thread's next page appended: its top-level comments numbered after the first's."""
    if more is None:
        return first
    offset = sum(1 for c in first.comments if "." not in c.path)
    seen = {c.source_id for c in first.comments if c.source_id}
    for comment in more.comments:
        if comment.source_id and comment.source_id in seen:
            continue
        head, dot, tail = comment.path.partition(".")
        comment.path = f"{int(head) + offset}{dot}{tail}"
        first.comments.append(comment)
    if more.page is not None:
        first.more_pages.append(more.page)
    first.more_pages.extend(more.more_pages)
    return first


def _header(headers, name: bytes) -> str | None:
    value = headers.get(name)
    return value.decode("latin-1") if value else None


