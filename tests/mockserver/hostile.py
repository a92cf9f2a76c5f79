"""Hostile pages, made at test time from real pages of the shared corpus (never copied here).

Each case is what a hostile or broken server sends in a real page's place, built from that page:
its text with control characters and NULs woven through it, wrapped in 5,000 nested `<div>`s,
re-encoded as UTF-16 or UTF-32 with a byte-order mark, its UTF-8 bytes sent as `charset=utf-16`;
and an image sent as `text/html`. `HOSTILE` names them with the corpus page each is made from
(a different page each, so their posts do not share a canonical URL).

Then the ways a hostile server sends a page (`Behaviour`s, served by `server.mockserver` for
their path): cut short of its `Content-Length` (every time, or once), in chunks with no last
chunk, reset mid-body, and a page that changes between fetches (`without_last_comments` makes
the earlier version of a real thread). Mutants of the corpus pages by the thousand:
`mutants.py`.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from importlib.resources import files
from io import BytesIO
from pathlib import Path

from crawler.extractors.page import Page

# case -> the corpus page it is made from (None: not made from a page)
HOSTILE = {
    # a page whose furniture removal raised "All strings must be XML compatible" (no comments)
    "controls": "newspaper_test-data/html/huffingtonpost.com1.html",
    "deep": "dragnet_test-datafiles/models_testing.html",
    "utf16": "mozilla-readability_test-pages/002/source.html",
    "utf32": "l3s-gn1_comment-subset/original/2fe54bd6-12b9-470c-984b-624a37fee3cc.html",
    "lying": "goose3_huffingtonpost/test_testHuffingtonPost.html",
    "image": None,
}
# the charset a lying server declares for UTF-8 bytes
LYING_CHARSET = "utf-16"
# how deep the wrapped page is nested
DEPTH = 5000
# a real image, from a package the project installs (Datasette's favicon)
IMAGE = files("datasette") / "static" / "favicon.png"
# between two letters: a C0 control, a NUL and the reference to one; before a space: a vertical tab
_LETTERS = re.compile(r"([a-z])([a-z]) ")


@dataclass
class Hostile:
    """What is sent: the body and its Content-Type; and the page it was made from, decoded."""

    name: str
    body: bytes
    content_type: str
    original: bytes | None = None


def page_text(body: bytes) -> str:
    """A corpus page's text, decoded as the project decodes it."""
    return Page.from_bytes(body, "https://corpus.example/").text


def with_controls(text: str) -> str:
    """`text` with control characters (raw, NUL among them, and as `&#x1;`) woven into its
    body: in words, in attribute values and in tag names alike."""
    body = text.lower().find("<body")
    return text[:body] + _LETTERS.sub("\\1\x01\x00&#x1;\\2\x0b ", text[body:])


def nested(text: str, depth: int = DEPTH) -> str:
    """`text` with everything inside its `<body>` wrapped in `depth` nested `<div>`s."""
    lowered = text.lower()
    start = lowered.index(">", lowered.index("<body")) + 1
    end = lowered.rindex("</body>")
    return text[:start] + "<div>" * depth + text[start:end] + "</div>" * depth + text[end:]


def hostile(name: str, corpus: Path) -> Hostile:
    """The case `name` of `HOSTILE`, made from its corpus page."""
    if name == "image":
        return Hostile(name, IMAGE.read_bytes(), "text/html")
    original = (corpus / HOSTILE[name]).read_bytes()
    text = page_text(original)
    body = {
        "controls": lambda: with_controls(text).encode("utf-8"),
        "deep": lambda: nested(text).encode("utf-8"),
        "utf16": lambda: text.encode("utf-16"),
        "utf32": lambda: codecs.BOM_UTF32_BE + text.encode("utf-32-be"),
        "lying": lambda: text.encode("utf-8"),
    }[name]()
    content_type = f"text/html; charset={LYING_CHARSET}" if name == "lying" else "text/html"
    return Hostile(name, body, content_type, original)


# the cases only a WARC record can bring to an import: a file has no Content-Type to lie with
WARC_ONLY = ("lying",)
# the cases whose pages end as an errors row, not a post
REFUSED = ("image",)


def write_hostile_folder(folder: Path, corpus: Path) -> int:
    """A folder to import: a file of each case, and a WARC file of the cases a server sends
    (the lying charset, the image again); how many pages (files and records) it holds."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    folder.mkdir(parents=True, exist_ok=True)
    cases = [hostile(name, corpus) for name in HOSTILE]
    files_written = 0
    for case in cases:
        if case.name not in WARC_ONLY:
            (folder / f"{case.name}.html").write_bytes(case.body)
            files_written += 1
    served = [case for case in cases if case.name in WARC_ONLY or case.name in REFUSED]
    with (folder / "served.warc.gz").open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for case in served:
            headers = StatusAndHeaders("200 OK", [("Content-Type", case.content_type)],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                f"https://hostile.example/{case.name}/", "response",
                payload=BytesIO(case.body), http_headers=headers))
    return files_written + len(served)


# --- what a hostile server does with a page: `mockserver(served={path: Behaviour})` -------------

class Behaviour:
    """A way of sending a page that is not the plain one: `respond(handler, fetch)` writes the
    whole answer on the request handler's connection; `fetch` counts this path's requests from 1."""

    def respond(self, handler, fetch: int) -> None:
        raise NotImplementedError


@dataclass
class CutShort(Behaviour):
    """A `Content-Length` for the whole body, then `share` of it, then the connection closed:
    every time, or only the first `times` times (then the whole page)."""

    body: bytes
    share: float = 0.5
    times: int | None = None

    def respond(self, handler, fetch: int) -> None:
        whole = self.times is not None and fetch > self.times
        _start(handler, self.body, {"Content-Length": str(len(self.body))})
        handler.wfile.write(self.body if whole else self.body[:int(len(self.body) * self.share)])
        handler.wfile.flush()
        handler.close_connection = True


@dataclass
class ChunkedCutShort(Behaviour):
    """`Transfer-Encoding: chunked`, the first `share` of the body in chunks, and the connection
    closed with no last (empty) chunk."""

    body: bytes
    share: float = 0.5
    chunk: int = 4096

    def respond(self, handler, fetch: int) -> None:
        _start(handler, self.body, {"Transfer-Encoding": "chunked"})
        sent = self.body[:int(len(self.body) * self.share)]
        for at in range(0, len(sent), self.chunk):
            piece = sent[at:at + self.chunk]
            handler.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
        handler.wfile.flush()
        handler.close_connection = True


@dataclass
class ResetMidBody(Behaviour):
    """The headers and `share` of the body, then the connection reset (a TCP RST: what a
    crashing server or a middlebox sends)."""

    body: bytes
    share: float = 0.5

    def respond(self, handler, fetch: int) -> None:
        import os
        import socket
        import struct

        _start(handler, self.body, {"Content-Length": str(len(self.body))})
        handler.wfile.write(self.body[:int(len(self.body) * self.share)])
        handler.wfile.flush()
        handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                      struct.pack("ii", 1, 0))
        # closed at once, under the handler's feet: with no lingering, closing sends a reset (the
        # server's own ending would shut the socket down cleanly first)
        os.close(handler.connection.detach())
        handler.close_connection = True


@dataclass
class Changing(Behaviour):
    """A different page at each fetch: `bodies[n]` at the n+1-th, the last one from then on."""

    bodies: list[bytes]

    def respond(self, handler, fetch: int) -> None:
        body = self.bodies[min(fetch, len(self.bodies)) - 1]
        _start(handler, body, {"Content-Length": str(len(body))})
        handler.wfile.write(body)


def _start(handler, body: bytes, headers: dict[str, str]) -> None:
    """The status line and headers of a 200 of `body` (HTTP/1.1: chunks need it)."""
    handler.protocol_version = "HTTP/1.1"
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    for name, value in headers.items():
        handler.send_header(name, value)
    handler.end_headers()


def without_last_comments(body: bytes, comments: int, selector: str = "li.comment") -> bytes:
    """A real page as it was before its last `comments` comments (those `selector` finds, the
    outermost last) were posted: the first of two fetches of a page that changes between them."""
    import lxml.html

    root = lxml.html.fromstring(body)
    for element in root.cssselect(selector)[::-1][:comments]:
        element.drop_tree()
    return lxml.html.tostring(root, encoding="utf-8", doctype="<!DOCTYPE html>")
