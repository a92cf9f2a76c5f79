"""The `blog` spider's sitemaps, crawled for real from a small server on 127.0.0.1.

The site's robots.txt names its sitemaps; every post is listed in one sitemap only and linked
from no page, so a post in the archive proves its sitemap was read. Sitemaps come gzipped as a
.xml.gz file, as the gzipped child of a sitemap index, and as a gzipped body served as XML
without Content-Encoding; others are too big once decompressed, or not sitemaps at all, and
must be named in the log with the reason while the crawl goes on. robots.txt is fetched once:
by Scrapy's robots.txt middleware, whose response the spider reads, or (robots.txt not obeyed)
by the spider itself.
"""

from __future__ import annotations

import gzip
import threading
from collections import Counter
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlite_utils import Database

from tests.commands.test_crawl import FAST
from tests.mockserver.server import POST

# what the crawls below may decompress: far more than any good sitemap or post here, far less
# than the bomb
MAX_SIZE = 200_000
# posts each listed by one readable sitemap only: the sitemap's path -> the post's name
READABLE = {"/sitemap.xml.gz": "gz", "/posts-sitemap.xml.gz": "child",
            "/sitemaps/recent": "sniffed"}
# sitemaps that must not be read, and what the log must say of each
UNREADABLE = {
    "/bomb.xml.gz": f"larger than DOWNLOAD_MAXSIZE ({MAX_SIZE} B) once decompressed",
    "/encoded-bomb.xml": "exceeded DOWNLOAD_MAXSIZE",
    "/about.html": "not a sitemap (text/html",
    "/news.xml": "not a sitemap (a <rss> document)",
}


def urlset(base: str, *names: str) -> bytes:
    urls = "".join(f"<url><loc>{base}/post/{name}/</loc></url>" for name in names)
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{urls}</urlset>").encode()


def routes(base: str) -> dict[str, tuple[dict[str, str], bytes]]:
    """Path -> (headers, body) of everything the site serves but its posts."""
    xml, gz = {"Content-Type": "application/xml"}, {"Content-Type": "application/x-gzip"}
    named = ("/sitemap.xml.gz", "/sitemap_index.xml", "/sitemaps/recent", *UNREADABLE)
    robots = "User-agent: *\nDisallow: /private/\n" + "".join(
        f"Sitemap: {base}{path}\n" for path in named)
    index = ('<?xml version="1.0" encoding="UTF-8"?>'
             '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             f"<sitemap><loc>{base}/posts-sitemap.xml.gz</loc></sitemap></sitemapindex>")
    # a decompression bomb: small on the wire, more than MAX_SIZE once decompressed
    bomb = gzip.compress(urlset(base, *(f"bomb-{n}" for n in range(5000))))
    assert len(bomb) < MAX_SIZE < len(gzip.decompress(bomb))
    post = {path: urlset(base, name) for path, name in READABLE.items()}
    return {
        "/robots.txt": ({"Content-Type": "text/plain"}, robots.encode()),
        "/": ({"Content-Type": "text/html"}, b"<html><body><h1>A blog</h1><p>Nothing linked "
                                             b"here.</p></body></html>"),
        "/sitemap.xml.gz": (gz, gzip.compress(post["/sitemap.xml.gz"])),
        "/sitemap_index.xml": (xml, index.encode()),
        "/posts-sitemap.xml.gz": (gz, gzip.compress(post["/posts-sitemap.xml.gz"])),
        # gzip served as XML, without Content-Encoding (a misconfigured server)
        "/sitemaps/recent": (xml, gzip.compress(post["/sitemaps/recent"])),
        "/bomb.xml.gz": (gz, bomb),
        "/encoded-bomb.xml": ({**xml, "Content-Encoding": "gzip"}, bomb),
        "/about.html": ({"Content-Type": "text/html"}, b"<html><body>About</body></html>"),
        "/news.xml": (xml, b'<?xml version="1.0"?><rss version="2.0"><channel><item><link>'
                           + f"{base}/post/from-rss/".encode() + b"</link></item></channel></rss>"),
    }


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self.server.log.append(self.path)
        base = f"http://{self.headers['Host']}"
        if self.path.startswith("/post/"):
            page = POST.replace("https://blog.example.org/2020/01/02/small-page/",
                                base + self.path)
            page = page.replace("A small page of our own", f"Post {self.path.split('/')[2]}")
            return self.send(200, {"Content-Type": "text/html; charset=utf-8"}, page.encode())
        headers, body = routes(base).get(self.path, ({"Content-Type": "text/html"}, b"gone"))
        return self.send(200 if self.path in routes(base) else 404, headers, body)

    def send(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.send_response(status)
        for name, value in {**headers, "Content-Length": str(len(body))}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args) -> None:  # noqa: A002 (the base's signature)
        pass


@contextmanager
def sitemap_site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.log = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("obey", ["True", "False"])
def test_gzipped_sitemaps_lead_to_their_posts_and_bad_ones_are_logged(blogarchive,
                                                                      archive_path, obey):
    with sitemap_site() as (server, base):
        result = blogarchive("crawl", archive_path, base + "/", *FAST,
                             "-s", f"DOWNLOAD_MAXSIZE={MAX_SIZE}", "-s", f"ROBOTSTXT_OBEY={obey}")
        log = Counter(server.log)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    assert log["/robots.txt"] == 1
    stored = {url.removeprefix(base) for (url,) in Database(archive_path).execute(
        "SELECT url FROM posts")}
    assert stored == {f"/post/{name}/" for name in READABLE.values()}
    assert not any("bomb-" in path or "from-rss" in path for path in log)
    for path, reason in UNREADABLE.items():
        said = [line for line in result.stderr.splitlines()
                if f"Sitemap {base}{path} not read: " in line]
        assert len(said) == 1 and reason in said[0], (path, result.stderr[-3000:])
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
