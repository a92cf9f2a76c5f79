"""A fetched page read whole: its thread, whether it is a listing, and the links worth a request.

One call, so the reading can run where the extraction does (crawler/extraction_pool.py: a worker
process beside the crawl): the extracted comments locate the page's comments (`comment_units`),
which decide both whether a run of teasers is a listing (comments are not teasers) and which
links are left out. Finding comments and choosing links cost about what extraction does, and in
the crawl process they would be the crawl's limit.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from crawler.discovery.kinds import LISTING, is_listing
from crawler.discovery.links import chosen_links, comment_units, units_around
from crawler.discovery.threadpages import is_same_thread
from crawler.extractors import extract_thread
from crawler.extractors.page import ExtractionError, Page
from crawler.items import Thread


@dataclass
class PageReading:
    """What reading one page found: the thread (or why there is none) and the links to follow."""

    thread: Thread | None = None
    error: ExtractionError | None = None
    listing: bool = False
    links: list[str] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)


def read_page(response, page: Page, kind: str | None, follow: bool = True,
              follow_nofollow: bool = False) -> PageReading:
    """Extract the page's thread (not for a listing by its markup), tell whether a page of
    unknown kind is a listing, and (with `follow`) choose its links: none inside its comments
    but the thread's own pages, none nofollow (unless `follow_nofollow`), no actions."""
    reading = PageReading()
    if kind != LISTING:
        try:
            reading.thread = extract_thread(page)
        except ExtractionError as exc:
            reading.error = exc
    units = ()
    comments = reading.thread.comments if reading.thread is not None else []
    if comments:
        units = units_around(page.comment_elements) \
            if len(page.comment_elements) == len(comments) else \
            comment_units(page.tree, [c.body_text or "" for c in comments])
    # a page whose own extractor read a discussion on it is a post; teasers are told apart only
    # where a generic reading may have taken them for comments, or found none
    if kind is None and not (comments and reading.thread.extractor != "generic") \
            and is_listing(page, units):
        reading.listing, units = True, ()
    if follow:
        reading.links, reading.skipped = chosen_links(
            response, units, keep=lambda url: is_same_thread(response.url, url),
            follow_nofollow=follow_nofollow)
    return reading
