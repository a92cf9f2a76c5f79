"""Bad input: a clear error naming the page, never a crash, never a half-made thread."""

from __future__ import annotations

import pytest

from crawler.extractors import extract_html, extract_thread
from crawler.extractors.page import ExtractionError, Page

URL = "https://example.org/bad"

GOOD = (
    "<html><head><title>A post</title></head><body><article><h1>A post</h1>"
    "<p>First paragraph of a reasonably long post body that says something.</p>"
    "<p>Second paragraph with caf\u00e9 and more words to make it a post.</p></article>"
    "</body></html>"
)


@pytest.mark.parametrize(
    "body,reason",
    [
        (b"", "empty page"),
        (b"   \n\t ", "empty page"),
        (bytes(range(256)) * 20, "binary content"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 400, "binary content"),
        (b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "no recognisable post"),
    ],
)
def test_unusable_pages_raise_extraction_error_naming_the_page(body, reason):
    with pytest.raises(ExtractionError) as caught:
        extract_html(body, URL)
    assert reason in caught.value.reason
    assert URL in str(caught.value)


def test_truncated_page_still_gives_what_it_has():
    truncated = GOOD.encode()[: GOOD.index("Second")]
    thread = extract_html(truncated, URL)
    assert thread.post.title == "A post"
    assert "First paragraph" in thread.post.body_text


def test_misdeclared_encoding_is_read_without_crashing():
    # declared UTF-8, actually Latin-1: the bad byte is replaced, the rest survives
    body = GOOD.replace("<head>", '<head><meta charset="utf-8">').encode("latin-1")
    thread = extract_html(body, URL)
    assert "Second paragraph with caf" in thread.post.body_text


def test_declared_legacy_encoding_is_honoured():
    body = GOOD.replace("<head>", '<head><meta charset="windows-1252">').encode("cp1252")
    assert "caf\u00e9" in extract_html(body, URL).post.body_text


def test_http_header_encoding_wins_over_guessing():
    page = Page.from_bytes(GOOD.encode("cp1252"), URL, content_type="text/html; charset=cp1252")
    assert "caf\u00e9" in extract_thread(page).post.body_text


def test_page_url_comes_from_canonical_link_when_not_given():
    html = GOOD.replace("<head>", '<head><link rel="canonical" href="https://example.org/p/1">')
    assert Page(html).url == "https://example.org/p/1"


def test_xhtml_page_with_xml_declaration_is_parsed():
    xhtml = '<?xml version="1.0" encoding="iso-8859-1"?>\n' + GOOD
    thread = extract_html(xhtml.encode("latin-1"), URL)
    assert thread.post.title == "A post"
