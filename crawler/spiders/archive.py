"""What every blogarchive spider shares: scope, reading a page once, threads, errors, resume.

A fetched page is parsed once (`Page` over the response's own tree); the same tree gives the
thread and the links to follow, chosen as `crawler.discovery` reads the page: display variants
are folded into the page they show, listings are followed and never archived, and a thread split
over several pages is read page by page, in whichever direction the site pages it, and archived
as one. Failures become `PageError` items, so they reach the log and the errors table like
everything else; a link to a page that is gone (404/410) is recorded as a dead link, not as the
run's failure. Every response handed to the spider ends as one outcome (`ended`): archived,
skipped for a named reason, or an error; the summary adds them up. What the archive already
holds (db/state.py) drives `--resume` (skip what is stored) and recrawls (conditional requests,
quiet threads left). Every link left out is counted under the rule that left it out
(`archive/skipped/<rule>`), for the run's request budget.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import IgnoreRequest, ResponseDataLossError
from scrapy.http import TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import (
    ConnectionLost,
    DNSLookupError,
    TCPTimedOutError,
    TimeoutError,
)

from crawler import discovery
from crawler.captures import NotCaptured
from crawler.dates import parse_time
from crawler.discovery import LISTING, ThreadPages
from crawler.discovery.pool import ExtractionPool
from crawler.extractors.page import ExtractionError
from crawler.items import DEAD_LINK_STAGE, PageError, RawPage, SeenUnchanged, Thread
from crawler.stats import OUTCOME_PREFIX, SKIPPED_PREFIX
from crawler.warcfile import FETCHED_META
from db.state import KnownPage, known_pages

FETCHED_AT = "%Y-%m-%dT%H:%M:%SZ"
# statuses that say a linked page is gone, not that the site failed: a dead link
GONE_STATUSES = (404, 410)
# rules of the request budget besides the link rules of crawler.discovery.links
OFFSITE, EXCLUDED, TOO_OLD, VARIANT = "offsite", "excluded", "too_old", "variant"


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
        self.exclude = discovery.compile_patterns(_as_list(exclude))
        self.resume = flag(resume)
        # hops of links followed from a start URL (None: no limit); a thread's later pages are
        # part of the thread and never count, which is why this is not Scrapy's DEPTH_LIMIT
        self.max_depth = int(depth) if depth not in (None, "") else None
        # pages this spider asks for at most (robots.txt aside); strict, unlike
        # CLOSESPIDER_PAGECOUNT, which lets the requests already in flight finish
        self.max_pages = int(max_pages) if max_pages not in (None, "") else None
        self.requested = 0
        self.requested_urls: set[str] = set()
        self.known: dict[str, KnownPage] = {}
        # what the crawl learns of its sites: display variants, and which thread-like URLs
        # (X with X?page=2) are listings, whose further pages are pages of their own
        self.variants = discovery.DisplayVariants()
        # a link that may be a display variant of the page linking to it is a probe: links of
        # the same shape wait for its answer (its canonical link) instead of all going out
        self.probes: dict[tuple, list[str]] = {}
        self.not_variants: set[tuple] = set()
        self.listings: set[str] = set()
        self.follow_nofollow = False
        self.fold_variants = True
        # pages come from a web archive's captures (`--from-archive`), not the live sites
        self.from_captures = False
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
        spider.follow_nofollow = crawler.settings.getbool("ARCHIVE_FOLLOW_NOFOLLOW")
        spider.fold_variants = crawler.settings.getbool("ARCHIVE_FOLD_VARIANTS")
        spider.from_captures = bool(crawler.settings.get("ARCHIVE_CAPTURES_SOURCE"))
        crawler.signals.connect(spider.extraction.close, signal=signals.spider_closed)
        return spider

    # --- starting -----------------------------------------------------------------------------
    async def start(self):
        self.extraction.warm()
        db_path = self.settings.get("ARCHIVE_DB")
        self.known = known_pages(db_path) if db_path else {}
        quiet_days = self.settings.getfloat("ARCHIVE_RECRAWL_QUIET_DAYS")
        self.inactive_after = timedelta(days=quiet_days)
        for url in self.start_urls:
            request = self.budget(
                scrapy.Request(url, callback=self.parse, errback=self.failed, dont_filter=True,
                               meta={"start": True})
            )
            if request is not None:
                self.requested_urls.add(url)
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
        probe = response.meta.get("probe")
        if response.status == 304 or not isinstance(response, TextResponse):
            # a probe answered without a page to read (unchanged, not HTML): not a variant
            for request in self.probe_answered(probe, False):
                yield request
        if response.status == 304:
            self.ended("unchanged")
            for item in self.not_modified(response):
                yield item
            return
        if not isinstance(response, TextResponse):
            self.ended("not_html")
            self.logger.info("%s not read: not HTML (%s)", response.url,
                             _header(response.headers, b"Content-Type") or "no Content-Type")
            return
        pages: ThreadPages | None = response.meta.get("thread_pages")
        if pages is None:
            base = discovery.thread_base(response.url)
            if base != response.url and base not in self.listings:
                # a later page of a thread, reached on its own: read from the thread's page
                self.ended("later_page")
                for request in self.probe_answered(probe, False):
                    yield request
                request = self.request_page(base)
                if request is not None:
                    yield request
                return
        follow = pages is None and not (
            self.max_depth is not None and response.meta.get("depth", 0) >= self.max_depth)
        reading = await self.extraction.read(response, pages is not None, follow,
                                             self.follow_nofollow)
        if reading.unreadable is not None:
            self.ended("error")
            for request in self.probe_answered(probe, False):
                yield request
            yield PageError(response.url, "extract", reading.unreadable.reason,
                            page=self.raw(response))
            return
        if pages is not None:
            for item in self.read_thread_page(response, pages, reading):
                yield item
            return
        plain = self.display_variant(response, reading.canonical)
        for request in self.probe_answered(probe, plain is not None):
            yield request
        if plain is not None:
            self.ended("variant")
            request = self.request_page(plain)
            if request is not None:
                yield request
            return
        found = None if reading.kind == LISTING else self.post_of(response, reading)
        if found is None:
            # a listing, or a page of links: its links are followed, it is not archived
            self.listings.add(response.url)
            if reading.kind == LISTING:
                self.crawler.stats.inc_value("archive/listings")
            self.ended("listing" if reading.kind == LISTING else "not_a_post")
        elif isinstance(found, PageError):
            self.ended("error")
            yield found
        else:
            for item in self.read_thread_page(response, ThreadPages(base=response.url),
                                              reading):
                yield item
        for request in self.follow(response, reading):
            yield request

    def post_of(self, response, reading: discovery.PageReading) -> Thread | PageError | None:
        """The page's thread if the page is a post (or page); None for a page of links, or one
        that could not be read (recorded when it should have been a post)."""
        found = discovery.archived_thread(reading)
        if isinstance(found, ExtractionError):
            self.crawler.stats.inc_value("archive/extract_failed")
            return PageError(response.url, "extract", found.reason, page=self.raw(response))
        return found

    def read_thread_page(self, response, pages: ThreadPages, reading: discovery.PageReading):
        """One page of a thread read: queue the thread's pages it links to, then fetch the next
        one, or archive the thread once every page is read."""
        if response.url in pages.pages:  # redirected to a page already read
            self.ended("repeat")
            for item in self.next_thread_page(pages):
                yield item
            return
        thread = reading.thread
        if thread is not None:
            thread.page = self.raw(response)
            if response.url == pages.base:
                # the moment the thread is as shown: when fetched, or when the archive
                # captured it (relative times and first-seen times are of that moment)
                thread.fetched_at = thread.page.capture_time or thread.page.fetched_at
                pages.capture_time = thread.page.capture_time
            else:
                self.crawler.stats.inc_value("archive/thread_pages")
        else:
            self.ended("error")
            yield PageError(response.url, "extract", reading.error.reason,
                            page=self.raw(response))
        pages.add(response.url, thread, reading.thread_pages)
        for item in self.next_thread_page(pages):
            yield item

    def next_thread_page(self, pages: ThreadPages):
        """A request for the thread's next unread page, or the whole thread when none is left."""
        url = pages.next_url()
        if url is not None:
            request = self.budget(
                scrapy.Request(url, callback=self.parse, errback=self.thread_page_failed,
                               dont_filter=True, meta={"thread_pages": pages,
                                                       "capture_near": pages.capture_time}))
            if request is not None:
                yield request
                return
        whole = pages.whole()
        read = sum(thread is not None for thread in pages.pages.values())
        if whole is None:
            self.ended("error", read)  # pages of a thread whose own page failed
            return
        if self.too_old(whole.post.published_raw):
            self.crawler.stats.inc_value("archive/too_old")
            self.ended("too_old", read)
            return
        self.ended("archived", read)
        yield whole

    def display_variant(self, response, canonical: str | None) -> str | None:
        """The plain page if this page is a display variant of it (its canonical link differs
        from its URL only by a display parameter or view path): what that teaches is
        remembered for the site, so no other variant of this kind is fetched."""
        if not self.fold_variants or not canonical:
            return None
        canonical = canonical.partition("#")[0]
        if canonical == response.url or not self.in_scope(canonical):
            return None
        rule = self.variants.learn(response.url, canonical)
        if rule is None:
            return None
        self.crawler.stats.inc_value("archive/variants_learned")
        self.logger.info("%s shows %s: on %s, %s in a URL no longer makes another page",
                         response.url, canonical, urlsplit(canonical).hostname, rule)
        return canonical

    def follow(self, response, reading: discovery.PageReading):
        """Every in-scope link worth fetching, as reading the page chose them (none inside its
        comments but the thread's own pages), and its feeds; what is known or excluded is left
        alone."""
        for rule, count in reading.skipped.items():
            self.skipped(rule, count)
        for url in reading.links:
            request = self.request_or_probe(url, response.url)
            if request is not None:
                yield request
        for feed in reading.feeds:
            if not discovery.is_denied(feed, self.exclude) and self.in_scope(feed):
                request = self.budget(
                    scrapy.Request(feed, callback=self.parse_feed, errback=self.failed)
                )
                if request is not None:
                    yield request

    def parse_feed(self, response):
        """RSS and Atom: the entries' links are posts."""
        self.ended("feed")
        selector = response.selector
        selector.remove_namespaces()
        for url in selector.xpath("//item/link/text() | //entry/link/@href").getall():
            request = self.request_page(response.urljoin(url.strip()))
            if request is not None:
                yield request

    # --- requests -----------------------------------------------------------------------------
    def request_page(self, url: str) -> scrapy.Request | None:
        """A request for a page a link, feed or sitemap leads to, or None (counted under the
        rule that leaves it): off the sites, excluded, older than `--since`, a display variant
        of a page (the page itself is asked for instead), a later page of a thread (its
        thread's own page reads it)."""
        if not self.in_scope(url):
            self.skipped(OFFSITE)
            return None
        if self.excluded(url):
            self.skipped(EXCLUDED)
            return None
        if self.too_old_url(url):
            self.skipped(TOO_OLD)
            return None
        if self.fold_variants:
            plain = self.variants.fold(url)
            if plain != url:
                self.skipped(VARIANT)
                url = plain
        base = discovery.thread_base(url)
        if base != url and base not in self.listings:
            url = base
        if url in self.requested_urls:
            return None  # asked for already (what Scrapy's duplicate filter would drop)
        request = self.budget(self.request_for(url))
        if request is not None:
            self.requested_urls.add(url)
        return request

    def request_or_probe(self, url: str, here: str) -> scrapy.Request | None:
        """A request for a link of page `here`; a link that differs from `here` as a display
        variant would (a query parameter, a view segment) goes out as the probe of its kind, and
        further links of that kind wait for the probe's answer."""
        found = discovery.variant_rule(url, here) if self.fold_variants else None
        if found is None or found in self.not_variants:
            return self.request_page(url)
        if found in self.probes:
            self.probes[found].append(url)
            return None
        request = self.request_page(url)
        if request is not None:
            request.meta["probe"] = found
            self.probes[found] = []
        return request

    def probe_answered(self, probe: tuple | None, was_variant: bool):
        """The links that waited for `probe`: dropped if it was a display variant (they are
        variants too), requested if it was a page of its own."""
        if probe is None:
            return
        waiting = self.probes.pop(probe, [])
        if was_variant:
            self.skipped(VARIANT, len(waiting))
            return
        self.not_variants.add(probe)
        for url in waiting:
            request = self.request_page(url)
            if request is not None:
                yield request

    def ended(self, outcome: str, count: int = 1) -> None:
        """What became of a page the spider was handed (crawler.stats: archived, skipped for
        this reason, or an error)."""
        if count:
            self.crawler.stats.inc_value(f"{OUTCOME_PREFIX}{outcome}", count)

    def unfetched(self, failure) -> None:
        """A request that ended without a response (refused, unreachable, forbidden by
        robots.txt): an input of the run beside the responses it received."""
        if not isinstance(failure.value, HttpError):
            self.crawler.stats.inc_value("archive/unfetched")

    def skipped(self, rule: str, count: int = 1) -> None:
        self.crawler.stats.inc_value(f"{SKIPPED_PREFIX}{rule}", count)

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
        if self.from_captures:
            # a capture is asked for by its time, not by validators; the stored copy is kept
            # beside it unless the bytes are the same
            return scrapy.Request(url, callback=self.parse, errback=self.failed)
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
        """Left out by the user (`--exclude`, or not matching `--include`) or, for URLs no page
        marks (sitemap and feed entries), by the last-guard patterns."""
        if discovery.is_denied(url, self.exclude) or discovery.is_denied(url, discovery.DENY):
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
        """A request that failed for good (after retries): recorded, and the crawl goes on. A
        link (not a start URL) to a page that is gone is a dead link: recorded with the page
        that linked to it, not counted as the run's failure."""
        request = failure.request
        self.unfetched(failure)
        yield from self.probe_answered(request.meta.get("probe"), False)
        reason = describe_failure(failure)
        if reason is None:
            self.ended("forbidden")
            return
        referer = _header(request.headers, b"Referer")
        # a page the web archive never captured is, for the crawl, a page that is gone
        gone = is_gone(failure) or isinstance(failure.value, NotCaptured)
        if gone and not request.meta.get("start"):
            self.ended("dead_link")
            yield PageError(request.url, DEAD_LINK_STAGE, f"{reason}: a dead link",
                            referer=referer)
        else:
            self.ended("error")
            yield PageError(request.url, "fetch", reason, referer=referer)

    def thread_page_failed(self, failure):
        """A later page of a thread failed: the thread is archived with the pages it has, and
        the failure recorded (a thread that lost a page is the run's failure)."""
        pages: ThreadPages | None = failure.request.meta.get("thread_pages")
        self.unfetched(failure)
        reason = describe_failure(failure)
        self.ended("forbidden" if reason is None else "error")
        if reason is not None:
            yield PageError(failure.request.url, "fetch", reason,
                            referer=_header(failure.request.headers, b"Referer"))
        if pages is not None:
            pages.add(failure.request.url, None, [])
            yield from self.next_thread_page(pages)

    @staticmethod
    def raw(response) -> RawPage:
        headers = response.headers
        meta = response.meta if response.request is not None else {}
        return RawPage(
            url=response.url,
            body=response.body,
            fetched_at=fetched_at(response),
            status=response.status,
            content_type=_header(headers, b"Content-Type"),
            encoding=getattr(response, "encoding", None),
            etag=_header(headers, b"ETag"),
            last_modified=_header(headers, b"Last-Modified"),
            capture_time=meta.get("capture_time"),
            capture_url=meta.get("capture_url"),
        )


def fetched_at(response) -> str:
    """When the response came in: the time the WARC recorder wrote for it where one runs (so
    an import of the WARC stores the very times the crawl stored), else now."""
    try:
        stamped = response.meta.get(FETCHED_META)
    except AttributeError:  # a response made outside a crawl has no request
        stamped = None
    return stamped or datetime.now(UTC).strftime(FETCHED_AT)


def is_gone(failure) -> bool:
    error = failure.value
    return isinstance(error, HttpError) and error.response.status in GONE_STATUSES


# Scrapy's words when a response exceeds DOWNLOAD_MAXSIZE (announced, or as it arrives)
OVER_MAXSIZE = re.compile(r"(\d+) bytes which is larger than download max size \((\d+)\)")


def describe_failure(failure) -> str | None:
    """A short reason for the errors table; None for what is not an error (robots.txt)."""
    error = failure.value
    if (found := OVER_MAXSIZE.search(str(error))) is not None:
        size, limit = (int(n) / 2**20 for n in found.groups())
        return (f"larger than DOWNLOAD_MAXSIZE ({size:.1f} MB, the limit is {limit:.1f} MB): "
                "not fetched")
    if "Cancelled" in type(error).__name__ and not str(error):
        # a body of unannounced size stopped as it passed the limit: Scrapy says only "cancelled"
        return "download cancelled: the response grew past DOWNLOAD_MAXSIZE"
    if isinstance(error, HttpError):
        return f"HTTP {error.response.status}"
    if isinstance(error, IgnoreRequest):
        text = str(error) or type(error).__name__
        return None if "robots.txt" in text else text
    if isinstance(error, (TimeoutError, TCPTimedOutError)):
        return f"timed out: {error}"
    if isinstance(error, DNSLookupError):
        return f"DNS lookup failed: {error}"
    if isinstance(error, ResponseDataLossError):
        return cut_short(error)
    return f"{type(error).__name__}: {error}"


def cut_short(error: ResponseDataLossError) -> str:
    """What a response that ended before its body did says (Scrapy's error says nothing: the
    cause is Twisted's, a `ResponseFailed` holding why the connection ended)."""
    causes = getattr(error.__cause__, "reasons", None) or []
    how = ("the connection was reset" if any(c.check(ConnectionLost) for c in causes)
           else "the connection was closed")
    chunked = any("chunked" in str(c.value).lower() for c in causes)
    return (f"response cut short: {how} before the whole body came"
            f"{' (chunked, no last chunk)' if chunked else ' (less than its Content-Length)'}")


def _header(headers, name: bytes) -> str | None:
    value = headers.get(name)
    return value.decode("latin-1") if value else None


