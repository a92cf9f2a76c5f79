"""Pages fetched from a web archive's captures instead of the live site (`--from-archive`).

Every request for an original URL becomes, inside this middleware: a CDX query listing the
URL's captures (once a URL: the list is kept for the run), the choice of one capture
(`crawler.captures.choice`), and the fetch of its original bytes at the replay address with the
`id_` flag. The response the spider gets is that capture's, under the original URL, with
`capture_time` and `capture_url` in its meta: extractors, link discovery, ids and duplicate
detection work as on a live page, and the page row keeps the provenance.

A capture that is a redirect is followed here, inside the archive: the target's capture closest
in time is fetched (the archive's own 3xx answers, e.g. the Wayback Machine moving an inexact
timestamp to an exact one, too). Nothing goes to the original site: it may be gone, or worse,
someone else's now.

The original site's robots.txt is obeyed as the archive captured it (the robots.txt middleware,
before this one, asks for it and gets its capture). The archive's requests go through every
other downloader middleware (the archive's own robots.txt, back-off retries honouring
Retry-After), one at a time at the archive's pace (the settings the
`CapturePoliteness` add-on derives); the original request is neither retried nor redirected
again on top.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from scrapy import Request
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.httpobj import urlparse_cached

from crawler.captures import ArchiveUnavailable, NotCaptured
from crawler.captures.cdx import Capture, http_date_timestamp, parse_cdx, query_url
from crawler.captures.choice import CaptureRule, Window, choose, what_is_held
from crawler.captures.source import CaptureSource, capture_source
from crawler.stats import CAPTURES_FETCHED

# meta of a request this middleware makes to the archive: it goes through untouched
TO_ARCHIVE = "capture_request"
# meta set on a request whose response is a capture
CAPTURE_TIME, CAPTURE_URL = "capture_time", "capture_url"
# meta a request may carry: the capture time (UTC ISO 8601, as `capture_time`) its capture
# should be closest to; the spider gives a thread's own to its later pages
CAPTURE_NEAR = "capture_near"
STATS = "archive/captures/"  # what the archive was asked, counted under this prefix


class CaptureMiddleware:
    def __init__(self, crawler, source: CaptureSource, window: Window, rule: CaptureRule,
                 max_redirects: int):
        self.crawler = crawler
        self.source = source
        self.window = window
        self.rule = rule
        self.max_redirects = max_redirects
        self.listed: dict[str, list[Capture]] = {}  # captures by original URL
        # the archive's hosts: requests to them (its robots.txt) go out as they are
        self.hosts = {urlsplit(source.cdx).netloc, urlsplit(source.replay).netloc}

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        name = settings.get("ARCHIVE_CAPTURES_SOURCE")
        if not name:
            raise NotConfigured  # a live crawl (no message: Scrapy would warn of it)
        source = capture_source(name, settings.get("ARCHIVE_CAPTURES_REPLAY"))
        window = Window.of(settings.get("ARCHIVE_CAPTURES_FROM"),
                           settings.get("ARCHIVE_CAPTURES_TO"))
        rule = CaptureRule.parse(settings.get("ARCHIVE_CAPTURES_CHOICE"))
        return cls(crawler, source, window, rule,
                   settings.getint("ARCHIVE_CAPTURES_MAX_REDIRECTS"))

    async def process_request(self, request: Request, spider=None) -> Response | None:
        if request.meta.get(TO_ARCHIVE) or urlparse_cached(request).netloc in self.hosts:
            return None  # ours, or the archive's own robots.txt
        near = "".join(filter(str.isdigit, request.meta.get(CAPTURE_NEAR) or "")) or None
        capture = await self.capture_of(request.url, near)
        answer, url, timestamp = await self.follow(request.url, capture)
        request.meta[CAPTURE_TIME] = Capture(timestamp, url).time
        request.meta[CAPTURE_URL] = self.source.capture_url(timestamp, url)
        # the original request is answered: retries and redirects were the archive requests'
        request.meta["dont_retry"] = request.meta["dont_redirect"] = True
        return answer.replace(url=url, request=request)

    def process_response(self, request: Request, response: Response, spider=None) -> Response:
        """The archive's own robots.txt is a page the run took in, as a site's is: counted with
        the captures (the CDX answers and replays around a capture are not)."""
        if request.meta.get("dont_obey_robotstxt") and (
                urlparse_cached(request).netloc in self.hosts):
            self.crawler.stats.inc_value(CAPTURES_FETCHED)
        return response

    async def capture_of(self, url: str, near: str | None) -> Capture:
        """The capture of `url` to fetch; `NotCaptured` saying what the archive holds if none."""
        captures = await self.captures(url)
        chosen = choose(captures, self.rule, self.window, near)
        if chosen is None:
            self.crawler.stats.inc_value(f"{STATS}missing")
            raise NotCaptured(f"not captured: {what_is_held(captures, self.window)} "
                              f"({self.source.name})")
        return chosen

    async def captures(self, url: str) -> list[Capture]:
        """Every capture of `url` in the window, from the archive's CDX index (once a URL)."""
        if url not in self.listed:
            answer = await self.ask(query_url(self.source.cdx, url, self.window))
            if answer.status == 404:
                self.listed[url] = []  # OpenWayback and some pywb set-ups: nothing captured
            elif answer.status != 200:
                raise ArchiveUnavailable(f"{self.source.name}: CDX query answered HTTP "
                                         f"{answer.status}")
            else:
                try:
                    self.listed[url] = parse_cdx(answer.body)
                except ValueError as error:
                    raise ArchiveUnavailable(f"{self.source.name}: unreadable CDX answer "
                                             f"({error})") from None
            self.crawler.stats.inc_value(f"{STATS}listed")
        return self.listed[url]

    async def follow(self, url: str, capture: Capture) -> tuple[Response, str, str]:
        """The archive's answer with the capture's original bytes, the original URL it is of
        and the capture's timestamp; redirects followed inside the archive, each target taken
        from its capture closest in time to the one redirecting."""
        chain = [url]
        timestamp = capture.timestamp
        for _ in range(self.max_redirects + 1):
            answer = await self.ask(self.source.replay_url(timestamp, url))
            # the archive says which capture it served (an inexact timestamp gets the closest)
            served = (answer.headers.get(b"Memento-Datetime") or b"").decode("latin-1")
            timestamp = http_date_timestamp(served) or timestamp
            location = (answer.headers.get(b"Location") or b"").decode("latin-1").strip()
            if not (300 <= answer.status < 400 and location):
                self.crawler.stats.inc_value(CAPTURES_FETCHED)
                return answer, url, timestamp
            replayed = self.source.parse_replay_url(urljoin(answer.url, location))
            if replayed is not None and replayed[1] == url:
                timestamp = replayed[0]  # the archive's own move to another capture of it
                continue
            # a redirect as captured: its target as an original URL, and that one's capture
            target = replayed[1] if replayed is not None else urljoin(url, location)
            if target in chain:
                raise IgnoreRequest(f"redirect loop in the archive: {' -> '.join(chain)} -> "
                                    f"{target}")
            chain.append(target)
            url = target
            timestamp = (await self.capture_of(url, timestamp)).timestamp
        raise IgnoreRequest(f"more than {self.max_redirects} redirects in the archive: "
                            f"{' -> '.join(chain)}")

    async def ask(self, url: str) -> Response:
        """One request to the archive, through the other downloader middlewares (robots.txt,
        retries with back-off); a failure even after retries becomes `ArchiveUnavailable`."""
        request = Request(url, callback=NO_CALLBACK, dont_filter=True,
                          meta={TO_ARCHIVE: True, "dont_redirect": True,
                                "handle_httpstatus_all": True})
        try:
            return await self.crawler.engine.download_async(request)
        except IgnoreRequest as error:
            if "robots.txt" not in str(error):
                raise
            # said in other words: a refusal naming robots.txt is the site's and goes
            # unrecorded, one by the archive must be seen
            raise ArchiveUnavailable(f"{self.source.name}: the archive's robots rules forbid "
                                     f"{url}") from None
        except Exception as error:  # noqa: BLE001 - whatever failed, the page's reason
            raise ArchiveUnavailable(f"{self.source.name}: {type(error).__name__}: "
                                     f"{error}") from None
