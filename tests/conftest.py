"""Shared fixtures: the real-page corpus, the project's own fixture pages."""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def corpus() -> Path:
    """`../shared/corpus`, or a skip saying why real-page tests cannot run."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus not found: real-page tests need the shared corpus")
    return CORPUS


def nested_divs(depth: int, inner: str):
    """A `<div>` holding `inner` (HTML) inside `depth` more nested `<div>`s, built by lxml (its
    parser stops nesting long before): trees deeper than Python's recursion limit."""
    import lxml.html
    from lxml import etree

    top = node = lxml.html.fragment_fromstring("<div></div>")
    for _ in range(depth):
        node = etree.SubElement(node, "div")
    node.extend(lxml.html.fragments_fromstring(inner))
    return top


@pytest.fixture(scope="session")
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def archive_path(tmp_path) -> Path:
    """Where a test's archive lives: a real SQLite file in the test's temporary folder."""
    return tmp_path / "archive.db"


@pytest.fixture(scope="session")
def offline_pipelines():
    from crawler.processing import OfflinePipelines

    return OfflinePipelines()


@pytest.fixture
def thread_of(offline_pipelines):
    """Extract and process one of our fixture pages, as a crawl would, with its raw page."""
    from crawler.extractors.page import Page
    from crawler.items import RawPage
    from crawler.processing import process_page

    def _thread_of(relative: str, url: str | None = None, fetched_at="2020-01-01T00:00:00Z"):
        body = (FIXTURES / relative).read_bytes()
        url = url or f"https://fixtures.example/{relative}"
        thread = process_page(Page.from_bytes(body, url), offline_pipelines)
        thread.page = RawPage(url=url, body=body, fetched_at=fetched_at, status=200,
                              content_type="text/html")
        return thread

    return _thread_of


def run_blogarchive(*args: str, timeout: float = 300, **kwargs):
    """Run the real command in its own process (a Scrapy reactor runs once per process)."""
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "crawler.cli", *map(str, args)],
        capture_output=True, text=True, timeout=timeout, cwd=ROOT, **kwargs,
    )


@pytest.fixture
def blogarchive():
    return run_blogarchive


def every_command(group=None, path: tuple[str, ...] = ()):
    """(words after `blogarchive`, click command) for every command and sub-command."""
    import click

    from crawler.cli import cli

    for name, command in sorted((group or cli).commands.items()):
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from every_command(command, (*path, name))


def started_until_posts(command: list[str], archive: Path, posts: int,
                        timeout: float) -> subprocess.Popen:
    """A crawl started as its own process, once its archive holds `posts` posts (or `timeout`
    seconds went by): the process, for a test to kill at that moment."""
    from sqlite_utils import Database

    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(0.1)
        try:
            if Database(archive).execute("SELECT count(*) FROM posts").fetchone()[0] >= posts:
                break
        except Exception:  # noqa: BLE001 - the archive is still being created
            continue
    return process


REDIS_SERVER = shutil.which("redis-server")


class PagesHandler(BaseHTTPRequestHandler):
    """Serves the server's `pages` (path -> (body, content type)), a robots.txt that allows
    everything, and a 404 for anything else."""

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        pages: dict[str, tuple[bytes, str]] = self.server.pages
        if self.path == "/robots.txt":
            body, kind, status = b"User-agent: *\nAllow: /\n", "text/plain", 200
        elif self.path in pages:
            (body, kind), status = pages[self.path], 200
        else:
            body, kind, status = b"not here", "text/plain", 404
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args) -> None:  # noqa: A002 (the base's signature)
        pass


@contextmanager
def serve_pages(pages: dict[str, tuple[bytes, str]]) -> Iterator[str]:
    """A loopback HTTP server of these pages, for as long as the block runs; its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), PagesHandler)
    server.pages = pages
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path):
    """A fresh redis-server of the test's own, on 127.0.0.1, stopped afterwards."""
    port = free_port()
    folder = tmp_path / "redis"
    folder.mkdir()
    process = subprocess.Popen(
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder),
         "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    from crawler.scaleout import connect

    client = connect(url)
    try:
        for _ in range(100):
            try:
                client.ping()
                break
            except Exception:  # noqa: BLE001 - not listening yet
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)



@pytest.fixture(scope="session")
def wayback(tmp_path_factory):
    """A real pywb on 127.0.0.1 replaying the sample site captured at two moments
    (tests/mockserver/wayback.py: `CAPTURES`, by epoch, of `ARCHIVED_SITE` at `ARCHIVED_HOST`).
    Skips, saying why, without pywb."""
    from tests.mockserver.wayback import Wayback, capture_example, pywb_bin

    bin_dir = pywb_bin()
    if bin_dir is None:
        pytest.skip("pywb not installed: `make test` installs it into .venv-pywb (it cannot "
                    "share the project's environment), or set BLOGARCHIVE_PYWB to its bin/")
    folder = tmp_path_factory.mktemp("wayback")
    site = capture_example(folder / "sample.warc.gz")
    server = Wayback(folder, [folder / "sample.warc.gz"], free_port(), bin_dir).start()
    server.site = site
    try:
        yield server
    finally:
        server.stop()
