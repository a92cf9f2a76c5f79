"""The sample site's HTTP server: a threaded stdlib server with a bounded cache of rendered pages.

Every 200 response carries a strong `ETag` (a digest of the body) and a `Last-Modified` that is
the time of the first epoch showing this very body (`SampleSite.epoch_time`), so both change
only when the content does; `If-None-Match` and `If-Modified-Since` are answered with 304.

Test hook: `POST /_sample/epoch?value=K` moves the site to epoch K (the body says where it is);
`GET /_sample/epoch` tells the current one. robots.txt keeps crawlers out of `/_sample/`.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from crawler.samplesite.model import SampleSite
from crawler.samplesite.render import route

CACHE_BYTES = 64 * 1024 * 1024  # rendered pages kept, least recently used dropped first
EPOCH_PATH = "/_sample/epoch"
_HOST = re.compile(r"^[A-Za-z0-9.\-]+(?::\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::\d{1,5})?$")


@dataclass(frozen=True, slots=True)
class Entry:
    """A rendered response with its validators."""

    status: int
    body: bytes
    content_type: str
    location: str | None
    etag: str
    last_modified: datetime


class PageCache:
    """Rendered responses by (epoch, base URL, path, query), bounded by their total size."""

    def __init__(self, site: SampleSite, max_bytes: int = CACHE_BYTES):
        self.site = site
        self.max_bytes = max_bytes
        self.entries: OrderedDict[tuple, Entry] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, epoch: int, base: str, path: str, query: str) -> Entry:
        key = (epoch, base, path, query)
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
                self.hits += 1
                return entry
            self.misses += 1
        response = route(self.site, epoch, base, path, query)
        etag = '"' + hashlib.blake2b(response.body, digest_size=10).hexdigest() + '"'
        modified = self.site.epoch_time(epoch)
        if epoch > 0 and response.status == 200:
            # unchanged since the epoch before: keep its date (a short walk back, each cached)
            before = self.get(epoch - 1, base, path, query)
            if before.etag == etag:
                modified = before.last_modified
        entry = Entry(response.status, response.body, response.content_type, response.location,
                      etag, modified)
        with self.lock:
            if key not in self.entries:
                self.entries[key] = entry
                self.size += len(entry.body)
                while self.size > self.max_bytes and len(self.entries) > 1:
                    _, dropped = self.entries.popitem(last=False)
                    self.size -= len(dropped.body)
        return entry


class SampleRequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as crawlers expect
    server_version = "SampleSite/1.0"
    disable_nagle_algorithm = True
    server: SampleHTTPServer

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._respond(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._respond(send_body=False)

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        parts = urlsplit(self.path)
        if parts.path != EPOCH_PATH:
            self._send(405, b"POST only to " + EPOCH_PATH.encode(), "text/plain")
            return
        value = parse_qs(parts.query).get("value", [""])[-1]
        if not value.isdigit():
            self._send(400, b"value must be an epoch number (0, 1, 2, ...)", "text/plain")
            return
        self.server.site.epoch = int(value)
        self._send_epoch()

    def _send_epoch(self) -> None:
        site = self.server.site
        body = json.dumps({"epoch": site.epoch, "diaries": site.diary_count(),
                           "posts": site.post_count()}).encode()
        self._send(200, body, "application/json")

    def _respond(self, send_body: bool) -> None:
        server = self.server
        server.served.append(self.path)
        if server.delay:
            time.sleep(server.delay)
        parts = urlsplit(self.path)
        if parts.path == EPOCH_PATH:
            self._send_epoch()
            return
        host = self.headers.get("Host") or ""
        base = f"http://{host}" if _HOST.match(host) else server.url
        entry = server.cache.get(server.site.epoch, base, parts.path, parts.query)
        if entry.status == 200 and self._not_modified(entry):
            self.send_response(304)
            self.send_header("ETag", entry.etag)
            self.send_header("Last-Modified", format_datetime(entry.last_modified, usegmt=True))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        headers = {}
        if entry.status == 200:
            headers["ETag"] = entry.etag
            headers["Last-Modified"] = format_datetime(entry.last_modified, usegmt=True)
        if entry.location:
            headers["Location"] = entry.location
        self._send(entry.status, entry.body, entry.content_type, headers, send_body)

    def _not_modified(self, entry: Entry) -> bool:
        tags = self.headers.get("If-None-Match")
        if tags is not None:
            offered = {t.strip().removeprefix("W/") for t in tags.split(",")}
            return "*" in offered or entry.etag in offered
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                return entry.last_modified <= parsedate_to_datetime(since)
            except (TypeError, ValueError):
                return False
        return False

    def _send(self, status: int, body: bytes, content_type: str, headers: dict | None = None,
              send_body: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (the base's signature)
        if self.server.verbose:
            super().log_message(format, *args)


class SampleHTTPServer(ThreadingHTTPServer):
    """A ThreadingHTTPServer serving one `SampleSite`."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, site: SampleSite, host: str = "127.0.0.1", port: int = 0,
                 delay_ms: int = 0, verbose: bool = False, cache_bytes: int = CACHE_BYTES):
        self.site = site
        self.cache = PageCache(site, cache_bytes)
        self.delay = delay_ms / 1000
        self.verbose = verbose
        # every path (with its query) asked for, in order: what a crawl of the site cost
        self.served: list[str] = []
        super().__init__((host, port), SampleRequestHandler)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> None:
        """Serve in a background thread."""
        self._thread = threading.Thread(target=self.serve_forever, name="sample-site",
                                        daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)


@contextmanager
def serve_sample_site(site: SampleSite | None = None, host: str = "127.0.0.1", port: int = 0,
                      delay_ms: int = 0, **options) -> Iterator[str]:
    """Serve `site` (or `SampleSite(**options)`) on a free port in a background thread; yields
    the base URL (`http://127.0.0.1:PORT`, no trailing slash) and stops the server on exit."""
    server = SampleHTTPServer(site or SampleSite(**options), host, port, delay_ms)
    server.start()
    try:
        yield server.url
    finally:
        server.stop()
