"""The capture middleware against a small CDX server of our own on 127.0.0.1: what a real
archive does now and then and the sample captures do not (asking to wait with Retry-After,
a capture that is a redirect as the site sent it). No HTTP is mocked."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from sqlite_utils import Database

from tests.conftest import FIXTURES

FAST = ("-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0")
POST = (FIXTURES / "pipelines" / "small-wordpress-like.html").read_bytes()
GONE = "http://gone.example/"
OLD = "http://gone.example/old-address"
STAMP = "20080301120000"
# the captures the archive holds: the page, and its old address redirecting to it (301)
CAPTURES = {GONE: {"timestamp": STAMP, "url": GONE, "status": "200", "mime": "text/html"},
            OLD: {"timestamp": "20080301115900", "url": OLD, "status": "301", "mime": "unk"}}


class ArchiveHandler(BaseHTTPRequestHandler):
    """A CDX server at /coll/cdx that asks its first caller to wait (429, Retry-After: 2), and
    replays at /coll/TIMESTAMPid_/URL; every request logged with its time."""

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        server = self.server
        server.log.append((time.monotonic(), self.path))
        parts = urlsplit(self.path)
        if parts.path == "/robots.txt":
            return self.send(200, server.robots.encode(), "text/plain")
        if parts.path == "/coll/cdx":
            if not server.asked_to_wait:
                server.asked_to_wait = True
                return self.send(429, b"slow down", "text/plain", [("Retry-After", "2")])
            url = parse_qs(parts.query)["url"][0]
            found = CAPTURES.get(url)
            return self.send(200, (json.dumps(found) + "\n").encode() if found else b"",
                             "text/x-ndjson")
        if self.path == f"/coll/{STAMP}id_/{GONE}":
            return self.send(200, POST, "text/html; charset=utf-8")
        if self.path.startswith("/coll/20080301115900id_/" + OLD):
            # as pywb replays a redirect with id_: the Location as the site sent it
            return self.send(301, b"", "text/html", [("Location", GONE)])
        return self.send(404, b"not here", "text/plain")

    def send(self, status: int, body: bytes, kind: str, headers=()) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args) -> None:  # noqa: A002 (the base's signature)
        pass


@contextmanager
def archive_server(robots: str = "") -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), ArchiveHandler)
    server.log, server.asked_to_wait, server.robots = [], False, robots
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def test_retry_after_is_waited_for_and_a_redirect_capture_followed_in_the_archive(
        blogarchive, tmp_path):
    archive = tmp_path / "a.db"
    with archive_server() as server:
        cdx = f"http://127.0.0.1:{server.server_address[1]}/coll/cdx"
        result = blogarchive("crawl", archive, OLD, "--depth", "0", "--from-archive", cdx,
                             *FAST)
    assert result.returncode == 0, result.stderr[-3000:]
    asked = [(moment, path) for moment, path in server.log if path.startswith("/coll/cdx")]
    assert asked[1][0] - asked[0][0] >= 2.0, "Retry-After: 2 was not waited for"
    replayed = [path for _, path in server.log if "id_/" in path]
    assert replayed == [f"/coll/20080301115900id_/{OLD}", f"/coll/{STAMP}id_/{GONE}"]
    db = Database(archive)
    pages = list(db.query("SELECT url, capture_time, capture_url FROM pages"))
    assert pages == [{"url": GONE, "capture_time": "2008-03-01T12:00:00Z",
                      "capture_url": cdx.removesuffix("cdx") + f"{STAMP}/{GONE}"}]
    assert [row["url"] for row in db.query("SELECT url FROM posts")] == [GONE]


def test_an_archive_whose_robots_txt_forbids_the_crawl_is_a_recorded_failure(blogarchive,
                                                                            tmp_path):
    archive = tmp_path / "a.db"
    with archive_server(robots="User-agent: *\nDisallow: /coll/\n") as server:
        cdx = f"http://127.0.0.1:{server.server_address[1]}/coll/cdx"
        result = blogarchive("crawl", archive, GONE, "--depth", "0", "--from-archive", cdx,
                             *FAST)
    assert result.returncode == 1
    assert [path for _, path in server.log] == ["/robots.txt"]
    reasons = [row[0] for row in Database(archive).execute("SELECT reason FROM errors")]
    assert reasons == [f"{cdx}: the archive's robots rules forbid {cdx}?url="
                       "http%3A%2F%2Fgone.example%2F&output=json&limit=5000"]
