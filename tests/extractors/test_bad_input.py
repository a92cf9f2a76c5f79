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


def test_pages_parse_into_lxml_html_element_classes():
    """The parser picks element classes in C (page.html_parser): the same ones lxml.html
    gives, so `text_content()`, forms and the rest behave as lxml.html documents them."""
    import threading

    import lxml.html

    from crawler.extractors.page import Page, html_parser

    html = ("<html><head><title>t</title></head><body><div><p>Hi <b>there</b></p>"
            "<form action='/x'><input name='q'><select name='s'></select>"
            "<textarea name='t'></textarea><label>L</label></form></body></html>")
    page = Page(html, "https://example.org/")
    expected = lxml.html.document_fromstring(html)
    mine = [type(el) for el in page.tree.iter()]
    theirs = [type(el) for el in expected.iter() if el.tag not in ("script", "style")]
    assert mine == theirs
    assert lxml.html.FormElement in mine and lxml.html.InputElement in mine
    assert page.tree.find(".//p").text_content() == "Hi there"
    other: list = []
    thread = threading.Thread(target=lambda: other.append(html_parser()))
    thread.start()
    thread.join()
    assert other[0] is not html_parser()  # a parser a thread: lxml's are not thread-safe


# --- hostile pages made from real ones (tests/mockserver/hostile.py) ---------------------------

def without_problems(thread):
    thread.problems = []
    return thread


@pytest.mark.parametrize("name", ["controls", "deep", "utf16", "utf32", "lying"])
def test_a_hostile_page_reads_as_the_page_it_was_made_from(corpus, name):
    """Control characters and NULs dropped, 5,000 levels of nesting flattened, UTF-16/32 read
    by their byte-order mark, a charset the bytes contradict passed over: the very thread of
    the real page each was made from, with what it took among its problems."""
    from tests.mockserver.hostile import hostile

    case = hostile(name, corpus)
    expected = extract_thread(Page.from_bytes(case.original, URL))
    assert expected.post.body_text and (expected.comments or name == "controls")
    page = Page.from_bytes(case.body, URL, content_type=case.content_type)
    thread = extract_thread(page)
    noted = " ".join(thread.problems)
    assert without_problems(thread) == expected
    if name == "controls":
        assert "control characters" in noted and "\x01" not in page.text
    elif name == "deep":
        assert "flattened" in noted
    elif name == "lying":
        assert page.encoding == "utf-8" and "the HTTP header says utf-16" in noted
    else:
        assert page.encoding.startswith(name.replace("utf", "utf-")) and not noted


def test_image_bytes_sent_as_html_are_refused_as_binary(corpus):
    from tests.mockserver.hostile import hostile

    case = hostile("image", corpus)
    with pytest.raises(ExtractionError) as caught:
        Page.from_bytes(case.body, URL, content_type=case.content_type)
    assert caught.value.reason == "binary content (a PNG image), not an HTML page"


def test_a_crash_nobody_foresaw_is_the_pages_error_not_the_callers(monkeypatch):
    """Whatever an extractor raises, `thread_from_raw` (import, extract, re-parse) and
    `read_page` (a crawl) give the page back as an error with the reason: the run goes on."""
    from scrapy.http import HtmlResponse

    from crawler.discovery import read_page
    from crawler.extractors import generic
    from crawler.importing.sources import thread_from_raw
    from crawler.items import PageError, RawPage

    def crash(page):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(generic, "extract", crash)
    raw = RawPage(url=URL, body=GOOD.encode(), fetched_at="2020-01-01T00:00:00Z")
    error = thread_from_raw(raw)
    assert isinstance(error, PageError) and error.stage == "extract" and error.page is raw
    assert error.reason == "failed unexpectedly: RecursionError: maximum recursion depth exceeded"
    reading = read_page(HtmlResponse(URL, body=GOOD.encode()))
    assert reading.thread is None and reading.error.reason == error.reason
