"""A WARC's responses read as the crawl that fetched them read them, so importing the WARC of a
crawl (`crawl --warc`) gives the archive the crawl gave.

A WARC holds everything a crawler fetched: robots.txt, feeds and sitemaps, listings, display
variants of a page, a thread's later pages, error pages. Taken one response at a time, each
HTML one would become a post. Here, as in the crawl (`crawler/spiders/archive.py`):

- only successful HTML responses are pages (a 404 page is not the post it stands in for);
- a display variant (its canonical link names the plain page, differing by a view parameter or
  path) is left: the plain page is read in its place;
- a listing, or a page of links, is left (`discovery.archived_thread`, the crawl's own rule);
- a thread's later pages (`comment-page-2/`, `?page=2`) are joined to the thread's own page
  (`ThreadPages.whole`), unless that page is a listing, whose further pages are pages of their
  own.

The file is read twice so a WARC of any size is never held in memory: once for where each HTML
response is (URL, status, offset), then each thread is read from its records by offset.

A re-parse reads the archive's own pages the same way (`threads_as_crawled` over the `pages`
table's index), a thread's later pages joined to it again, but every page it stored as a post
read as a post once more (`thread_from_raw`): it was one when it was archived.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from crawler import discovery
from crawler.extractors.page import ExtractionError, Page
from crawler.importing.records import response_page
from crawler.importing.sources import Skipped, thread_from_raw, warc_failure
from crawler.items import PageError, RawPage, Thread

# why a response gave the archive nothing (outcomes of crawler.stats' SKIPPED_OUTCOMES): an
# error page (404, 500) or redirect, a display variant, a listing or page of links, a thread
# archived already, a response that is not HTML (an image, a script)
NOT_OK, VARIANT, LISTING, KNOWN, NOT_HTML, LATER_PAGE = (
    "error_response", "variant", "listing", "known", "not_html", "later_page")


@dataclass
class Entry:
    """Where a response is (its offset in a WARC, its id in an archive's pages), and what it
    answered."""

    offset: int
    url: str
    status: int | None
    html: bool = True


def index_warc(path: Path) -> tuple[list[Entry], str | None]:
    """Every response record of the file, in file order (first pass: headers only), and why
    the file could not be read to its end, if it could not (the records before count)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    entries: list[Entry] = []
    count = 0
    try:
        with path.open("rb") as stream:
            records = ArchiveIterator(stream, arc2warc=True)
            for record in records:
                count += 1
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                content_type = record.http_headers.get_header("Content-Type") or ""
                status = record.http_headers.get_statuscode()
                entries.append(Entry(records.get_record_offset(),
                                     record.rec_headers.get_header("WARC-Target-URI") or "",
                                     int(status) if status and status.isdigit() else None,
                                     "html" in content_type.lower()))
    except (OSError, ArchiveLoadFailed, ValueError, EOFError, zlib.error) as exc:
        return entries, f"cannot read WARC {path}: {warc_failure(exc)}"
    except Exception as exc:  # noqa: BLE001 - warcio fails on some malformed records in ways
        # it does not declare (an AttributeError for a response record without a target URI)
        return entries, (f"cannot read WARC {path}: malformed record {count + 1} "
                         f"({type(exc).__name__}: {exc})")
    return entries, None if count else f"cannot read WARC {path}: no WARC records in it"


def read_entry(path: Path, entry: Entry) -> RawPage:
    """The raw page of one indexed response, read from its offset."""
    from warcio.archiveiterator import ArchiveIterator

    with path.open("rb") as stream:
        stream.seek(entry.offset)
        record = next(iter(ArchiveIterator(stream, arc2warc=True)))
        return response_page(record, str(path))


def is_ok(entry: Entry) -> bool:
    """A response that is the page: 2xx, or a record that names no status (old ARC files)."""
    return entry.status is None or 200 <= entry.status < 300


def threads_from_crawl_warc(
    path: Path, known: Callable[[bytes], bool] = lambda body: False
) -> Iterator[Thread | PageError | Skipped]:
    """The threads of a WARC's responses, read as the crawl read them (see the module); a
    thread whose every page `known` says is archived already is skipped unread."""
    entries, unreadable = index_warc(path)
    if unreadable is not None:
        yield PageError(str(path), "read", unreadable)
    yield from threads_as_crawled(entries, lambda entry: read_entry(path, entry), known)


def threads_of_stored_pages(entries: list[Entry], read: Callable[[Entry], RawPage]
                            ) -> Iterator[Thread | PageError | Skipped]:
    """The threads of an archive's pages (a re-parse): each page it stored as a thread's own is
    read as one, its later pages joined to it (before, each became a post of its own)."""
    yield from threads_as_crawled(entries, read, decide=thread_from_raw)


def threads_as_crawled(
    entries: list[Entry], read: Callable[[Entry], RawPage],
    known: Callable[[bytes], bool] = lambda body: False,
    decide: Callable[[RawPage], Thread | PageError | Skipped] | None = None,
) -> Iterator[Thread | PageError | Skipped]:
    """Responses in the order they were fetched, read as the crawl read them: `read` gives an
    entry's raw page, `decide` what a thread's own page is (the crawl's rule by default)."""
    decide = decide or _archived
    ok = [entry for entry in entries if entry.html and is_ok(entry)]
    for entry in entries:
        if not entry.html:
            yield Skipped(entry.url, NOT_HTML)
        elif not is_ok(entry):
            yield Skipped(entry.url, NOT_OK)
    copies: dict[str, list[int]] = {}  # a thread's own URL -> where its copies are in `ok`
    for index, entry in enumerate(ok):
        copies.setdefault(entry.url, []).append(index)
    later_of: dict[int, list[Entry]] = {}  # a copy of a thread's own page -> its later pages
    for index, entry in enumerate(ok):
        base = discovery.thread_base(entry.url)
        if base != entry.url and base in copies:
            # with the copy of its thread's page fetched last before it (or, if none was, the
            # first after): a recrawl's later pages go with that recrawl's thread page
            before = [i for i in copies[base] if i < index]
            later_of.setdefault(before[-1] if before else copies[base][0], []).append(entry)
    for index, entry in enumerate(ok):
        base = discovery.thread_base(entry.url)
        if base == entry.url or base not in copies:
            yield from _read_thread(read, entry, later_of.get(index, []), known, decide)


def _read_thread(read: Callable[[Entry], RawPage], entry: Entry, later: list[Entry],
                 known: Callable[[bytes], bool],
                 decide: Callable[[RawPage], Thread | PageError | Skipped],
                 ) -> Iterator[Thread | PageError | Skipped]:
    """A thread's own page with its later pages joined, or what else the page turns out to be
    (a listing's later pages are then pages of their own)."""
    raws = [read(entry)] + [read(e) for e in later]
    raw = raws[0]
    if all(known(r.body) for r in raws):
        yield Skipped(raw.url, KNOWN, len(raws))
        return
    found = decide(raw)
    if not isinstance(found, Thread):
        yield found
        if isinstance(found, Skipped) and found.outcome == LISTING:
            for other in raws[1:]:
                yield Skipped(other.url, KNOWN) if known(other.body) else decide(other)
        else:  # the thread's own page gave no thread: its later pages have none to join
            for other in raws[1:]:
                yield Skipped(other.url, LATER_PAGE)
        return
    pages = discovery.ThreadPages(base=raw.url)
    pages.add(raw.url, found, [])
    for other in raws[1:]:
        more = _read(other, thread_page=True)
        error = more.unreadable or (more.error if more.thread is None else None)
        if error is not None:
            yield PageError(other.url, "extract", error.reason, page=other)
        elif more.thread is not None:
            more.thread.page = other
        pages.add(other.url, more.thread, [])
    whole = pages.whole()
    if whole is not None:
        yield whole


def _archived(raw: RawPage) -> Thread | PageError | Skipped:
    """A page read whole, as the crawl decides on it: its thread, its failure, or why it gives
    the archive nothing (a display variant, a listing)."""
    reading = _read(raw)
    if reading.unreadable is not None:
        return PageError(raw.url, "extract", reading.unreadable.reason, page=raw)
    canonical = (reading.canonical or "").partition("#")[0]
    if canonical and canonical != raw.url and discovery.variant_rule(raw.url, canonical):
        return Skipped(raw.url, VARIANT)
    found = discovery.archived_thread(reading)
    if isinstance(found, ExtractionError):
        return PageError(raw.url, "extract", found.reason, page=raw)
    if found is None:
        return Skipped(raw.url, LISTING)
    found.page, found.fetched_at = raw, raw.fetched_at
    return found


def _read(raw: RawPage, thread_page: bool = False) -> discovery.PageReading:
    """A raw page read as the crawl reads a response (`discovery.read_page`), links aside."""
    try:
        page = Page.from_bytes(raw.body, raw.url, raw.content_type)
    except ExtractionError as exc:
        return discovery.PageReading(unreadable=exc)
    raw.encoding = page.encoding
    return discovery.read_page(page.response, page, thread_page=thread_page, follow=False)
