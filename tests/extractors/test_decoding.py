"""Decoding: the order of trust (BOM, header, meta, guess), binary bodies, unwritable characters."""

from __future__ import annotations

import random

import pytest
from scrapy.http import HtmlResponse

from crawler.extractors.decoding import binary_kind, trusted, writable

URL = "https://example.org/p"
HTML = ("<html><head>{meta}<title>Caf\u00e9 cr\u00e8me</title></head><body><p>Une cr\u00e8me "
        "br\u00fbl\u00e9e, d\u00e9j\u00e0 vu \u2014 \u4e2d\u6587</p></body></html>")


def read(body: bytes, content_type: str | None = None):
    headers = {"Content-Type": content_type} if content_type else None
    notes: list[str] = []
    response = trusted(HtmlResponse(URL, body=body, headers=headers), notes)
    return response, notes


@pytest.mark.parametrize("encoding,content_type", [
    ("utf-16", "text/html; charset=utf-8"),  # the BOM beats the header
    ("utf-16", None),
    ("utf-32", "text/html; charset=iso-8859-1"),
    ("utf-8-sig", "text/html; charset=utf-16"),
])
def test_a_byte_order_mark_is_believed_first(encoding, content_type):
    response, notes = read(HTML.format(meta="").encode(encoding), content_type)
    assert response.text.lstrip("\ufeff") == HTML.format(meta="") and notes == []


def test_a_header_the_bytes_contradict_gives_way_to_the_meta():
    html = HTML.format(meta='<meta charset="utf-8">')
    response, notes = read(html.encode("utf-8"), "text/html; charset=utf-16")
    assert response.text == html and response.encoding == "utf-8"
    assert notes == ["the HTTP header says utf-16, which its bytes are not: "
                     "read as utf-8 (its <meta>)"]


def test_a_meta_the_bytes_contradict_gives_way_to_the_guess():
    html = HTML.format(meta='<meta charset="utf-16">')
    response, notes = read(html.encode("utf-8"))
    assert response.text == html
    assert notes == ["its <meta> says utf-16, which its bytes are not: read as utf-8 (a guess)"]
    latin = read(html.replace("\u2014 \u4e2d\u6587", "").encode("cp1252"))[0]
    assert "cr\u00e8me" in latin.text and latin.encoding == "cp1252"


@pytest.mark.parametrize("content_type", ["text/html; charset=cp1252", "text/html"])
def test_declarations_that_fit_are_left_alone(content_type):
    body = HTML.format(meta='<meta charset="utf-8">').replace("\u2014 \u4e2d\u6587", "")
    original = HtmlResponse(URL, body=body.encode("cp1252"),
                            headers={"Content-Type": content_type})
    notes: list[str] = []
    assert trusted(original, notes) is original and notes == []


def test_binary_bodies_are_told_by_signature_or_by_their_control_characters():
    assert binary_kind(b"\x89PNG\r\n\x1a\n\x00\x00", "") == "a PNG image"
    assert binary_kind(b"\xff\xd8\xff\xe0\x00\x10JFIF", "") == "a JPEG image"
    assert binary_kind(b"RIFF\x10\x00\x00\x00WEBPVP8 ", "") == "a WebP image"
    noise = random.Random(17).randbytes(8192)
    assert binary_kind(noise, noise.decode("cp1252", "replace")) == "control characters, no text"
    page = HTML.format(meta="")
    assert binary_kind(page.encode("utf-16"), page) is None


def test_characters_xml_refuses_are_dropped_raw_or_referenced():
    text = "a\x00b\x01c\x0bd\x0ce\x1ff\ufffeg\uffffh &#1;&#x0B;&#12;&#65535;&#x1f i"
    cleaned, dropped = writable(text)
    assert cleaned == "abcd efgh   i" and dropped == 12
    kept = "tab\tnl\ncr\r &#9; &#10; &#13; &#127; &#8217; &#x1Fb; &#123; \x7f\x85"
    assert writable(kept) == (kept, 0) and writable(kept)[0] is kept


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_without_a_byte_order_mark_are_told_by_their_nuls(encoding):
    """Found by the mutation fuzz (tests/mockserver/mutants.py): a real page re-encoded as
    UTF-16 with no BOM was refused as "control characters, no text" though every word of it
    could be read. Cut short in the middle of a character, it still reads."""
    html = HTML.format(meta="")
    for body in (html.encode(encoding), html.encode(encoding)[:-1]):
        response, notes = read(body)
        assert response.text.startswith(html[:-1]) and response.encoding == encoding
        assert notes in ([], [f"the guess says ascii, which its bytes are not: "
                              f"read as {encoding} (a guess)"])
        assert binary_kind(body, response.text) is None
    noise = random.Random(5).randbytes(4096)
    assert read(noise)[0].encoding not in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")


@pytest.mark.parametrize("meta", ['<meta charset="ebcdic-cp-us">',
                                  '<meta http-equiv="Content-Type" content="text/html; '
                                  'charset=cp500">'])
def test_a_meta_that_reads_ascii_as_control_characters_gives_way(meta):
    """Found by the mutation fuzz: a real page whose `<meta>` claimed EBCDIC was read as
    EBCDIC (ASCII `L` reads as `<`, so the markup seemed to be there), and refused as
    "control characters, no text"."""
    html = HTML.format(meta=meta).replace("\u2014 \u4e2d\u6587", "") + "<p>Long</p>" * 50
    response, notes = read(html.encode("utf-8"))
    assert response.text == html and response.encoding == "utf-8"
    assert len(notes) == 1 and notes[0].endswith("which its bytes are not: read as utf-8 "
                                                 "(a guess)")
    assert binary_kind(response.body, response.text) is None


def test_a_page_with_control_bytes_dropped_in_is_still_a_page():
    """Found by the mutation fuzz: NULs and other control bytes dropped into a real page, more
    than one character in twenty at its start, made it "control characters, no text"; its
    other characters are text, and only the controls are dropped (`writable`)."""
    rng = random.Random(3)
    page = bytearray(HTML.format(meta="").encode("utf-8") * 40)
    for _ in range(600):
        at = rng.randrange(len(page))
        if page[at] < 0x80:  # not inside a UTF-8 character
            page.insert(at, rng.choice(b"\x00\x01\x07\x1b"))
    body = bytes(page)
    response, _ = read(body)
    assert binary_kind(body, response.text) is None
    noise = random.Random(17).randbytes(8192)
    assert binary_kind(noise, noise.decode("cp1252", "replace")) == "control characters, no text"
