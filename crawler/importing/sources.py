"""Where raw pages come from outside a live crawl: saved files and WARC files (a re-parse reads
the archive's own, `db.reader.StoredPages`, through `crawled.threads_of_stored_pages`).

Each source yields `RawPage`s (a `PageError` for what cannot be read, a `Skipped` for a page that
is rightly not archived: a WARC's image or script response), a page saved from a web archive's
replay made back into the site's own first (`replay.py`), which then take the
very path a crawled response takes: `thread_from_raw` builds the thread, the item pipelines do
the rest.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from crawler.extractors import extract_thread
from crawler.extractors.page import ExtractionError, Page
from crawler.importing.records import response_page
from crawler.importing.replay import unreplay
from crawler.items import PageError, RawPage, Thread

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")


@dataclass
class Skipped:
    """An input rightly not archived, with why (an outcome of crawler.stats' SKIPPED_OUTCOMES)."""

    url: str
    outcome: str
    pages: int = 1  # inputs it stands for (a thread's pages, all archived already)


def warc_failure(error: Exception) -> str:
    """warcio's reason a file is not an archive, without the garbage it quotes: for a file that
    is not a WARC at all it repeats the file's first line, binary bytes and all."""
    text = str(error)
    if text.startswith("Unknown archive format"):
        return "not a WARC or ARC file (unknown archive format)"
    return text


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def find_files(paths: Iterable[Path]) -> list[Path]:
    """The files named, and the HTML and WARC files inside the folders named, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    p for p in path.rglob("*")
                    if p.is_file() and (p.suffix.lower() in HTML_SUFFIXES or is_warc(p))
                )
            )
        else:
            found.append(path)
    return found


def raw_pages_from_paths(
    paths: Iterable[Path], url: str | None = None
) -> Iterator[RawPage | PageError | Skipped]:
    """Raw pages of HTML and WARC files; `url` names a single HTML file's page."""
    for path in find_files(paths):
        if is_warc(path):
            yield from raw_pages_from_warc(path)
            continue
        try:
            body = path.read_bytes()
            mtime = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        except OSError as exc:
            yield PageError(str(path), "read", f"cannot read {path}: {exc.strerror or exc}")
            continue
        yield unreplay(RawPage(
            url=url or "",
            body=body,
            fetched_at=mtime.strftime("%Y-%m-%dT%H:%M:%SZ"),
            status=None,
            content_type="text/html",
            origin=str(path),
        ))


def raw_pages_from_warc(path: Path) -> Iterator[RawPage | PageError | Skipped]:
    """The HTML responses of a WARC (or ARC) file, gzipped or not; its other responses (images,
    scripts, feeds) as `Skipped`. Requests, metadata and warcinfo records are no pages."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    records = 0
    try:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream, arc2warc=True):
                records += 1
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                content_type = record.http_headers.get_header("Content-Type") or ""
                if "html" not in content_type.lower():
                    yield Skipped(record.rec_headers.get_header("WARC-Target-URI") or "",
                                  "not_html")
                    continue
                yield response_page(record, str(path))
    except (OSError, ArchiveLoadFailed, ValueError, EOFError, zlib.error) as exc:
        yield PageError(str(path), "read", f"cannot read WARC {path}: {warc_failure(exc)}")
        return
    except Exception as exc:  # noqa: BLE001 - warcio fails on some malformed records in ways
        # it does not declare (an AttributeError for a response record without a target URI):
        # the file is this import's error row, and the import goes on with the next one
        yield PageError(str(path), "read",
                        f"cannot read WARC {path}: malformed record {records + 1} "
                        f"({type(exc).__name__}: {exc})")
        return
    if not records:
        yield PageError(str(path), "read", f"cannot read WARC {path}: no WARC records in it")


def thread_from_raw(raw: RawPage) -> Thread | PageError:
    """Parse and extract a raw page once; the thread carries the page for storage."""
    try:
        page = Page.from_bytes(raw.body, raw.url or None, raw.content_type)
        if not raw.url:
            raw.url = page.url or Path(raw.origin or "page").resolve().as_uri()
            page.url = raw.url
        raw.encoding = page.encoding
        thread = extract_thread(page)
    except Exception as exc:  # any failure is this page's, recorded: the import goes on
        if not raw.url:
            raw.url = Path(raw.origin or "page").resolve().as_uri()
        if not isinstance(exc, ExtractionError):
            exc = ExtractionError.unexpected(raw.url, exc)
        detail = f"read from {raw.origin}" if raw.origin else None
        return PageError(raw.url, "extract", exc.reason, detail=detail, page=raw)
    thread.page = raw
    # the moment the page shows: when it was fetched, or captured by a web archive
    thread.fetched_at = raw.capture_time or raw.fetched_at
    return thread
