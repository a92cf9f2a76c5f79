"""A WARC (or ARC) response record as the raw page it holds: one reading for every WARC source
(each record at a time, `sources.py`; a crawl's WARC as it was crawled, `crawled.py`)."""

from __future__ import annotations

from datetime import UTC, datetime

from crawler.importing.replay import unreplay
from crawler.items import RawPage


def response_page(record, origin: str) -> RawPage:
    """The page of a response record: its target URI, body (transfer and content codings
    undone), fetch time (WARC-Date), status, content type and validators (so a crawl of the
    imported archive asks the site "changed since?" as it would after its own fetch); a
    capture replayed by a web archive made back into the site's page (`replay.unreplay`)."""
    http = record.http_headers
    status = http.get_statuscode()
    return unreplay(RawPage(
        url=record.rec_headers.get_header("WARC-Target-URI") or "",
        body=record.content_stream().read(),
        fetched_at=warc_time(record.rec_headers.get_header("WARC-Date")),
        status=int(status) if status and status.isdigit() else None,
        content_type=http.get_header("Content-Type") or "",
        etag=http.get_header("ETag"),
        last_modified=http.get_header("Last-Modified"),
        origin=origin,
    ))


def warc_time(value: str | None) -> str:
    """A WARC-Date as the archive's UTC time (to the second); now, for a record without one."""
    if not value:
        return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
