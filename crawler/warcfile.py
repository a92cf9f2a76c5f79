"""WARC records as blogarchive writes them, with warcio: a warcinfo record naming blogarchive
and the settings it ran with, then response records (each with its request where there was one).

Shared by the crawl's recorder (`crawler/extensions/warc.py`, live responses) and
`blogarchive export --warc` (the archive's stored pages), so both files read the same way back
in. warcio computes the block and payload digests that `warcio check` verifies; a file is opened
for appending and every record is its own gzip member, so a resumed crawl adds to the file it
left and never rewrites it.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Iterable
from datetime import UTC, datetime
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

# headers that describe the transfer rather than the body kept: Twisted has already undone
# chunking, and the length is the body's own (set anew)
TRANSFER_HEADERS = {"transfer-encoding", "content-length"}
WARC_DATE = "%Y-%m-%dT%H:%M:%SZ"
# the request meta key under which the crawl's WARC recorder leaves the time it wrote for a
# response: the spider stores that time as the page's, so an import of the WARC gives the same
FETCHED_META = "archive_fetched_at"


def software() -> str:
    """blogarchive and the libraries that fetched and wrote, for a warcinfo's `software`."""
    names = ("blogarchive", "scrapy", "warcio")
    return " ".join(f"{name}/{_version(name)}" for name in names)


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def warc_date(when: datetime | str | None = None) -> str:
    """A WARC-Date (UTC, to the second) of a datetime, of an archive's ISO time, or of now."""
    if when is None:
        when = datetime.now(UTC)
    elif isinstance(when, str):
        when = datetime.fromisoformat(when.replace("Z", "+00:00"))
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).strftime(WARC_DATE)


def status_line(status: int) -> str:
    """`200 OK`: Scrapy keeps the code, not the reason phrase; the standard phrase stands in."""
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def body_headers(headers: Iterable[tuple[str, str]], body: bytes) -> list[tuple[str, str]]:
    """HTTP headers that agree with the body kept: no transfer coding, its own length."""
    kept = [(name, value) for name, value in headers if name.lower() not in TRANSFER_HEADERS]
    return kept + [("Content-Length", str(len(body)))]


class WarcFile:
    """One WARC file being written record by record (gzipped if its name ends in .gz):
    appended to (a crawl, resumed or not), or written anew (`append=False`, an export)."""

    def __init__(self, path: str | Path, append: bool = True):
        self.path = Path(path)
        self.stream: BinaryIO = self.path.open("ab" if append else "wb")
        self.writer = WARCWriter(self.stream, gzip=self.path.name.endswith(".gz"))

    def warcinfo(self, fields: dict[str, str]) -> None:
        """The record that says who wrote what follows, and how: `software` is blogarchive's."""
        info = {"software": software(), "format": "WARC File Format 1.0",
                "conformsTo": "https://iipc.github.io/warc-specifications/specifications/"
                              "warc-format/warc-1.0/", **fields}
        self._write(self.writer.create_warcinfo_record(self.path.name, info))

    def response(self, url: str, status: int, headers: Iterable[tuple[str, str]], body: bytes,
                 fetched: str, protocol: str = "HTTP/1.1",
                 request: tuple[str, list[tuple[str, str]], bytes] | None = None,
                 extra: dict[str, str] | None = None) -> None:
        """A response record (and its request record, `request` = (method, headers, body),
        written concurrent to it) fetched at `fetched` (a WARC-Date)."""
        http = StatusAndHeaders(status_line(status), body_headers(headers, body),
                                protocol=protocol)
        record = self.writer.create_warc_record(
            url, "response", payload=BytesIO(body), length=len(body), http_headers=http,
            warc_headers_dict={"WARC-Date": fetched, **(extra or {})})
        if request is None:
            self._write(record)
            return
        method, request_headers, request_body = request
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        line = StatusAndHeaders(f"{method} {target} {protocol}",
                                body_headers(request_headers, request_body) if request_body
                                else request_headers, is_http_request=True)
        asked = self.writer.create_warc_record(url, "request", payload=BytesIO(request_body),
                                               length=len(request_body), http_headers=line)
        self.writer.write_request_response_pair(asked, record)
        self.stream.flush()

    def _write(self, record) -> None:
        # flushed record by record: a crawl killed midway leaves whole records, so a resumed
        # crawl's records follow readable ones
        self.writer.write_record(record)
        self.stream.flush()

    def close(self) -> None:
        self.stream.close()
