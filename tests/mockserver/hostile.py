"""Hostile pages, made at test time from real pages of the shared corpus (never copied here).

Each case is what a hostile or broken server sends in a real page's place, built from that page:
its text with control characters and NULs woven through it, wrapped in 5,000 nested `<div>`s,
re-encoded as UTF-16 or UTF-32 with a byte-order mark, its UTF-8 bytes sent as `charset=utf-16`;
and an image sent as `text/html`. `HOSTILE` names them with the corpus page each is made from
(a different page each, so their posts do not share a canonical URL).
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
