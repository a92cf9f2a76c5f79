"""A fetched page read whole: what it is, its thread, and the links worth a request.

One call, so the reading runs where the extraction does (crawler/discovery/pool.py: a worker
process beside the crawl), and the crawl process never parses a page: the page's kind from its
markup, its canonical link, its thread, whether it is a listing (teasers; comments are not
teasers), the links worth a request (none inside its comments but the thread's own pages), its
feeds and the other pages of its thread. Finding comments and choosing links cost about what
extraction does; parsing pages again in the crawl process made it the crawl's limit.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from crawler.discovery.kinds import LISTING, PAGE, POST, is_listing, is_post, page_kind
from crawler.discovery.links import chosen_links, comment_units, feed_urls, units_around
from crawler.discovery.threadpages import is_same_thread, other_pages
from crawler.extractors import choose_extractor, extract_thread
from crawler.extractors.page import ExtractionError, Page
from crawler.items import Thread


@dataclass
class PageReading:
    """What reading one page found."""

    # the page could not be read at all (binary, empty, not HTML): nothing else is set
    unreadable: ExtractionError | None = None
    kind: str | None = None  # "post", "page", "listing" or None (the markup does not say)
    canonical: str | None = None
    thread: Thread | None = None
    error: ExtractionError | None = None  # why there is no thread, where one was looked for
    platform: bool = False  # a platform extractor (not the generic one) knows the page
    links: list[str] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)
    feeds: list[str] = field(default_factory=list)
    thread_pages: list[str] = field(default_factory=list)  # the thread's other pages


def read_page(response, page: Page | None = None, thread_page: bool = False,
              follow: bool = True, follow_nofollow: bool = False) -> PageReading:
    """Read `response` (parsed as `page`, or parsed here): a later page of a thread
    (`thread_page`) for its thread and the thread's other pages only; any other page whole,
    its links chosen if `follow` (rel=nofollow ones too with `follow_nofollow`). Whatever
    fails, the page comes back read or unreadable with the reason: a crawl records it and goes
    on."""
    try:
        return _read(response, page, thread_page, follow, follow_nofollow)
    except Exception as exc:  # any failure is this page's, to record: never the crawl's
        return PageReading(unreadable=ExtractionError.unexpected(response.url, exc))


def _read(response, page: Page | None, thread_page: bool, follow: bool,
          follow_nofollow: bool) -> PageReading:
    try:
        page = page or Page.from_response(response)
    except ExtractionError as exc:
        return PageReading(unreadable=exc)
    # the response as the page read it (re-read where its own decoding did not fit its bytes,
    # or its text needed mending): its tree is the page's, which the links come from too
    response = page.response or response
    reading = PageReading(canonical=page.canonical_url)
    if thread_page:
        _extract(page, reading)
        reading.thread_pages = other_pages(page.tree, response.url, page.absolute)
        return reading
    reading.kind = page_kind(page)
    if reading.kind != LISTING:
        _extract(page, reading)
    units = ()
    comments = reading.thread.comments if reading.thread is not None else []
    if comments:
        units = units_around(page.comment_elements) \
            if len(page.comment_elements) == len(comments) else \
            comment_units(page.tree, [c.body_text or "" for c in comments])
    # a page whose own extractor read a discussion on it is a post; teasers are told apart only
    # where a generic reading may have taken them for comments, or found none
    if reading.kind is None and not (comments and reading.thread.extractor != "generic") \
            and is_listing(page, units):
        reading.kind, reading.thread, units = LISTING, None, ()
    if reading.error is not None:
        reading.platform = choose_extractor(page).NAME != "generic"
    if reading.thread is not None:
        reading.thread_pages = other_pages(page.tree, response.url, page.absolute)
    if follow:
        reading.links, reading.skipped = chosen_links(
            response, units, keep=lambda url: is_same_thread(response.url, url),
            follow_nofollow=follow_nofollow)
        reading.feeds = feed_urls(page)
    return reading


def archived_thread(reading: PageReading) -> Thread | ExtractionError | None:
    """What of a page read whole goes into the archive: its thread (its kind set: "post", or
    "page" for a site's static page); why it could not be read, where it should have been a
    post (its markup says so, or a platform's extractor knows it); None for a page of links.

    The one rule for a crawl and for an import of what a crawl fetched (a WARC), so both keep
    the same pages."""
    if reading.kind == LISTING:
        return None
    if reading.error is not None:
        return reading.error if reading.kind is not None or reading.platform else None
    thread = reading.thread
    if thread is None or (reading.kind is None and thread.extractor == "generic"
                          and not is_post(thread)):
        return None  # a page of links and teasers, not a post
    thread.post.kind = "page" if reading.kind == PAGE else POST
    return thread


def _extract(page: Page, reading: PageReading) -> None:
    try:
        reading.thread = extract_thread(page)
    except ExtractionError as exc:
        reading.error = exc
    except Exception as exc:  # the thread's failure: its links may still be read
        reading.error = ExtractionError.unexpected(page.url, exc)
