"""Which links a crawl follows (crawler/discovery/links.py): every distinct page a response
links to, then the rules that leave links out: nofollow, comments, actions, URL patterns."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from discovery_support import corpus_pages
from scrapy.http import HtmlResponse

from crawler import discovery
from crawler.extractors import extract_thread
from crawler.extractors.page import ExtractionError, Page


def scrapy_links(response) -> set[str]:
    """What Scrapy's own LinkExtractor(unique=True) finds, as request fingerprints see it."""
    from urllib.parse import urldefrag

    from scrapy.linkextractors import LinkExtractor

    return {urldefrag(link.url)[0] for link in LinkExtractor(unique=True).extract_links(response)
            if link.url.startswith(("http://", "https://"))}


def html_response(body: bytes, url: str):
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


@pytest.mark.parametrize("text", [
    "Reply", "reply", "[ Reply ]", "Reply to this", "Recommend", "Flag", "Hide", "Rate",
    "Print", "Print this story", "Email this diary", "E-mail", "Share", "Subscribe", "Log in",
    "Sign in", "Sign up", "Edit", "Delete", "Antworten", "Melden", "Drucken", "E-Mail senden",
    "Répondre", "Signaler", "Imprimer", "Se connecter", "Responder", "Odgovori", "Balas",
    "Ответить", "回覆", "返信", "Leave a reply", "Log in to reply",
])
def test_action_texts(text):
    assert discovery.is_action_text(text)


@pytest.mark.parametrize("text", [
    "Print journalism is not dead yet", "Email scandal grows", "Share prices fall",
    "The reply nobody expected", "Older Comments", "Next »", "Read more", "48 comments",
    "Marta Lindqvist", "Health Care", "2", "Permalink", "",
])
def test_not_action_texts(text):
    assert not discovery.is_action_text(text)


def test_nofollow_comment_and_action_links_are_left_out_and_counted():
    body = b"""<html><body>
      <h1>A post</h1><p>See <a href="/2019/05/other-post/">the other post</a> and
      <a href="/tag/energy">energy</a>, <a href="/user/Marta">Marta's diaries</a>.</p>
      <a href="/print/2019/05/post/">Print</a> <a href="/account/enter">Log in</a>
      <a href="/wp-admin/">Site admin</a>
      <ol class="comments">
        <li><p>First comment, long enough to be found on the page again.</p>
          <a href="/user/Joe">Joe</a> <a rel="nofollow" href="/act?x=1">Rate</a>
          <a href="/2019/05/post/comment-page-2/">Older comments</a></li>
        <li><p>Second comment, with a link to <a href="/2019/04/a-third/">a third post</a>.</p>
          <a href="/user/Marta">Marta</a> <a rel="ugc nofollow" href="https://joe.example/">x</a>
        </li>
      </ol></body></html>"""
    url = "https://blog.example/2019/05/post/"
    response = html_response(body, url)
    page = Page.from_response(response)
    units = discovery.comment_units(page.tree, [
        "First comment, long enough to be found on the page again.",
        "Second comment, with a link to a third post."])
    assert len(units) == 2
    urls, skipped = discovery.chosen_links(
        response, units, keep=lambda u: discovery.is_same_thread(url, u))
    assert urls == ["https://blog.example/2019/05/other-post/", "https://blog.example/tag/energy",
                    "https://blog.example/user/Marta",  # the byline's link, not the comment's
                    "https://blog.example/2019/05/post/comment-page-2/"]
    assert skipped == Counter({"nofollow": 2, "comment": 2, "action": 2, "pattern": 1})
    followed, _ = discovery.chosen_links(response, (), follow_nofollow=True)
    assert "https://joe.example/" in followed and "https://blog.example/act?x=1" not in followed


# share of extracted comments whose unit is found on the gold pages: 0.78 when measured
# (2026-12-03); the rest are comments whose extracted text mixes in a header or label the page
# shows apart ("am 18. Oktober 2023 - 13:11", "Aufklappen"), so neither end is found as shown
MIN_UNIT_COVERAGE = 0.75


def test_comment_units_cover_the_comments_of_real_pages(corpus):
    """Every gold page with comments: the units found from the extracted texts are the
    comments' own elements (no unit holds two comments' texts, and nearly every comment has
    one), and no link inside them but the thread's own pages is followed."""
    found = total = 0
    for gold_path in sorted((corpus / "gold").glob("**/*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        path = corpus / gold["page"]
        if not path.is_file() or not (gold.get("comments") or {}).get("count"):
            continue
        try:
            page = Page.from_bytes(path.read_bytes(), gold.get("url"))
            thread = extract_thread(page)
        except ExtractionError:
            continue
        bodies = [c.body_text or "" for c in thread.comments]
        units = discovery.comment_units(page.tree, bodies)
        assert len(units) == len(set(units)) <= len(bodies), path
        found += len(units)
        total += sum(1 for b in bodies if len(" ".join(b.split())) >= 12)
    assert total and found / total >= MIN_UNIT_COVERAGE, (found, total)


def test_a_lone_comment_keeps_to_itself():
    """With one comment there is no neighbour to stop at: its unit still ends below the post,
    so the post's own links are followed."""
    body = b"""<html><body><div id="page"><nav><a href="/archive/">Archive</a></nav>
      <article><h1>Post</h1><p>The post, with <a href="/2019/05/related/">a related post</a>
      and enough words around it to be a post of its own.</p></article>
      <section id="comments"><div class="comment"><b><a href="/user/ann">Ann</a></b>
        <p>The only comment on this post, long enough to be found.</p></div></section>
      </div></body></html>"""
    response = html_response(body, "https://blog.example/2019/05/post/")
    page = Page.from_response(response)
    units = discovery.comment_units(
        page.tree, ["The only comment on this post, long enough to be found."])
    assert len(units) == 1 and units[0].find(".//article") is None
    urls, skipped = discovery.chosen_links(response, units)
    assert urls == ["https://blog.example/archive/", "https://blog.example/2019/05/related/"]
    assert skipped == Counter({"comment": 1})
