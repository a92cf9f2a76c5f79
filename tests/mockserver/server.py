"""A small HTTP server on 127.0.0.1 with the failure modes a crawl must survive.

Like Scrapy's own `tests/mockserver`: tiny named resources (`/status/404`, `/status/500`,
`/delay/3`, `/loop`), a robots.txt with a disallowed path, two good posts, a list whose sort
orders are pages of their own and posts with display views (`/shelf/`, `/view/N/`), and a log of
every request so tests can prove what was (not) fetched. A test may add bodies of its own, sent
byte for byte with the Content-Type it says (`mockserver(served={path: (body, type)})`): the
hostile pages of `hostile.py`; or ways of sending one that a hostile server has (`{path:
behaviour}`: cut short, chunks cut short, a reset mid-body, a page that changes between
fetches, all in `hostile.py`).
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

POST = (Path(__file__).resolve().parent.parent / "fixtures" / "pipelines"
        / "small-wordpress-like.html").read_text(encoding="utf-8")

INDEX = """<!DOCTYPE html><html><head><title>Failure modes</title></head>
<body class="home blog"><h1>Index</h1><ul>
<li><a href="/post/1/">first post</a></li><li><a href="/post/2/">second post</a></li>
<li><a href="/status/404">missing</a></li><li><a href="/status/500">broken</a></li>
<li><a href="/delay/3">slow</a></li><li><a href="/loop">loop</a></li>
<li><a href="/private/secret/">private</a></li>
<li><a href="http://elsewhere.invalid/x">elsewhere</a></li>
</ul></body></html>"""


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self.server.log.append(self.path)
        self.server.agents.append(self.headers.get("User-Agent"))
        self.server.times.append((time.monotonic(), self.path))
        path = self.path.split("?")[0]
        if path in self.server.served:
            served = self.server.served[path]
            if hasattr(served, "respond"):  # a hostile way of sending (hostile.Behaviour)
                return served.respond(self, self.server.log.count(self.path))
            body, content_type = served
            return self.send(200, body, content_type)
        if path == "/robots.txt":
            return self.send(200, "User-agent: *\nDisallow: /private/\n", "text/plain")
        if path == "/":
            return self.send(200, INDEX)
        if path.startswith("/post/"):
            number = path.strip("/").split("/")[-1]
            canonical = f"http://{self.headers['Host']}/post/{number}/"
            page = POST.replace("https://blog.example.org/2020/01/02/small-page/", canonical)
            page = page.replace("A small page of our own", f"Post number {number}")
            return self.send(200, page)
        if path.startswith("/flaky/"):  # /flaky/N/STATUS/name: STATUS N times, then the post
            _, _, failures, status, _name = path.split("/", 4)
            seen = sum(1 for _, p in self.server.times if p == self.path)
            if seen <= int(failures):
                self.send_response(int(status))
                if int(status) == 429:
                    self.send_header("Retry-After", "1")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            return self.send(200, POST)
        if path == "/shelf/":  # a list whose sort orders are pages of their own (no canonical)
            links = "".join(f'<li><h2><a href="/view/{n}/">Item {n} of the shelf</a></h2></li>'
                            for n in (1, 2))
            return self.send(200, '<html><body><a href="/shelf/?sort=new">Newest</a> '
                                  '<a href="/shelf/?sort=old">Oldest</a><ul>' + links
                                  + "</ul></body></html>")
        if path.startswith("/view/"):  # a post with display views, each naming it canonical
            canonical = f"http://{self.headers['Host']}{path}"
            body = " ".join(["Words of an item page long enough to be a post."] * 20)
            return self.send(200, f'<html><head><link rel="canonical" href="{canonical}">'
                                  f"<title>{path}</title></head><body><h1>{path}</h1>"
                                  f'<p>{body}</p><a href="{path}?view=plain">Plain</a> '
                                  f'<a href="{path}?view=wide">Wide</a></body></html>')
        if path.startswith("/status/"):
            return self.send(int(path.rsplit("/", 1)[1]), "<html><body>no</body></html>")
        if path.startswith("/delay/"):
            time.sleep(float(path.rsplit("/", 1)[1]))
            return self.send(200, POST)
        if path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
            return None
        if path.startswith("/private/"):
            return self.send(200, POST)
        return self.send(404, "<html><body>not found</body></html>")

    def send(self, status: int, body: str | bytes,
             content_type: str = "text/html; charset=utf-8"):
        data = body if isinstance(body, bytes) else body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args) -> None:  # noqa: A002 (the base's signature)
        pass


class MockServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, served: dict | None = None):
        super().__init__(("127.0.0.1", 0), Handler)
        # path -> (body, Content-Type), sent as they are, or a hostile.Behaviour
        self.served = dict(served or {})
        self.log: list[str] = []
        self.times: list[tuple[float, str]] = []
        self.agents: list[str | None] = []  # each request's User-Agent, in order

    def handle_error(self, request, client_address) -> None:
        """A client that hangs up (a crawl's timeout) is expected here, not worth a traceback."""

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


@contextmanager
def mockserver(served: dict | None = None):
    server = MockServer(served)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
