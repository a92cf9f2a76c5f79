"""Posts told from listings: every real post of the corpus must count as a post."""

from __future__ import annotations

import json
import urllib.request

import pytest

from crawler import discovery
from crawler.extractors import extract_thread
from crawler.extractors.page import ExtractionError, Page
from crawler.samplesite import SampleSite, serve_sample_site


def corpus_pages(corpus):
    truth = json.loads(
        (corpus / "scrapinghub_article-extraction-benchmark/ground-truth.json").read_text()
    )
    for path in sorted(corpus.rglob("*.htm*")):
        if "annotated" in path.parts or path.name.startswith("expected"):
            continue
        yield path, truth.get(path.stem, {}).get("url")


def is_archived_as_post(page: Page) -> bool:
    """The spider's decision, as `ArchiveSpider.parse` makes it."""
    kind = discovery.page_kind(page)
    if kind is not None:
        return kind == "post"
    thread = extract_thread(page)
    return thread.extractor != "generic" or discovery.is_post(page, thread)


def test_every_real_post_page_is_a_post(corpus):
    missed = []
    for path, url in corpus_pages(corpus):
        try:
            page = Page.from_bytes(path.read_bytes(), url)
            if not is_archived_as_post(page):
                missed.append(path.name)
        except ExtractionError:
            continue
    assert missed == []


@pytest.mark.parametrize("path", ["/", "/diaries?page=2", "/blog/", "/blog/page/2/"])
def test_sample_site_listings_are_listings(path):
    with serve_sample_site(SampleSite(seed=1, diaries=30, posts=30)) as base:
        body = urllib.request.urlopen(base + path).read()
    page = Page.from_bytes(body, base + path)
    assert not is_archived_as_post(page)


@pytest.mark.parametrize(
    "url,other,same",
    [
        ("https://b.org/2019/06/slug/", "https://b.org/2019/06/slug/comment-page-2/", True),
        ("https://k.org/story/1/-Title", "https://k.org/story/1/-Title?page=3", True),
        ("https://k.org/story/1/-Title", "https://k.org/story/2/-Title?page=2", False),
        ("https://b.org/2019/06/slug/", "https://b.org/2019/06/slug/", False),
    ],
)
def test_later_pages_of_a_thread(url, other, same):
    assert discovery.is_same_thread(url, other) is same


def test_a_page_of_short_teasers_is_not_a_post():
    teasers = "".join(
        f"<article><h2><a href='/2019/0{i}/story-{i}/'>Story {i}</a></h2>"
        f"<p>{'A short teaser of a story. ' * 3}</p></article>" for i in range(1, 9)
    )
    page = Page(f"<html><head><title>News</title></head><body>{teasers}</body></html>",
                "https://news.example/")
    assert discovery.page_kind(page) is None
    assert not is_archived_as_post(page)


def scrapy_links(response) -> set[str]:
    """What Scrapy's own LinkExtractor(unique=True) finds, as request fingerprints see it."""
    from urllib.parse import urldefrag

    from scrapy.linkextractors import LinkExtractor

    return {urldefrag(link.url)[0] for link in LinkExtractor(unique=True).extract_links(response)
            if link.url.startswith(("http://", "https://"))}


def html_response(body: bytes, url: str):
    from scrapy.http import HtmlResponse

    return HtmlResponse(url, body=body)


def test_page_links_are_scrapys_links_read_once(corpus, fixtures):
    """Every real page and every fixture page: the same set of places as Scrapy's extractor,
    each once, in page order."""
    pages = [(path, url or f"https://corpus.example/{path.name}")
             for path, url in corpus_pages(corpus)]
    pages += [(path, f"https://fixtures.example/{path.relative_to(fixtures)}")
              for path in sorted(fixtures.rglob("*.htm*"))]
    compared = 0
    for path, url in pages:
        response = html_response(path.read_bytes(), url)
        ours = discovery.page_links(response)
        assert len(ours) == len(set(ours)), path
        assert set(ours) == scrapy_links(html_response(path.read_bytes(), url)), path
        compared += bool(ours)
    assert compared >= 100


def test_page_links_fold_anchors_and_skip_files():
    body = b"""<html><head><base href="https://site.example/dir/"></head><body>
      <a href="post#c1">1</a><a href="post#c2">2</a><a href=" post ">again</a>
      <a href="/img/photo.JPG">photo</a><a href="mailto:x@example.org">mail</a>
      <area href="https://other.example/map"><a href="javascript:void(0)">js</a>
      <a href="caf\xc3\xa9?q=a b">cafe</a></body></html>"""
    response = html_response(body, "https://site.example/dir/index.html")
    assert discovery.page_links(response) == [
        "https://site.example/dir/post", "https://other.example/map",
        "https://site.example/dir/caf%C3%A9?q=a%20b"]
