"""The Huffington Post extractor: hand-written 2010/2016 fixtures, then the corpus pages."""

from __future__ import annotations

import json

import pytest

from crawler.extractors import choose_extractor, extract_thread, huffpost
from crawler.extractors.page import Page
from crawler.extractors.text import collapse
from tests.extractors.goldcheck import assert_matches_gold

# corpus page -> its gold file (None: no gold, the expectations are given here instead)
GOLD_PAGES = {
    "goose3_huffingtonpost/test_testHuffingtonPost.html": "goose3_huffingtonpost/"
    "test_testHuffingtonPost.json",
}
# pages without gold: (page, title, author, a body snippet, a date prefix of published_raw)
OTHER_PAGES = [
    (
        "newspaper_test-data/html/huffingtonpost.com1.html",
        "Jamie Dimon Says Banks Are Under Assault As He Announces $4.9 Billion Profit",
        "Ben Walsh",
        "it's hard to imagine what he thinks victory looks like.",
        "2015-01-14",
    ),
    (
        "postlight-parser_fixtures/fixtures/www.huffingtonpost.com.html",
        "Trump Has Shown Receptiveness To Obama's Agenda. Does He Actually Mean It?",
        "Sam Stein",
        "Sure enough, days later, Trump’s incoming chief of staff Reince Priebus said",
        "2016-11-28",
    ),
]


def _page(path, url=None) -> Page:
    return Page.from_bytes(path.read_bytes(), url)


@pytest.fixture(scope="module")
def inline(fixtures):
    return huffpost.extract(_page(fixtures / "huffpost" / "inline-comments-2010.html"))


@pytest.fixture(scope="module")
def entry_2016(fixtures):
    return huffpost.extract(_page(fixtures / "huffpost" / "entry-2016.html"))


def test_detects_its_own_pages_by_markup(fixtures):
    for name in ("inline-comments-2010.html", "entry-2016.html"):
        page = _page(fixtures / "huffpost" / name)
        assert huffpost.detect(page)
        assert choose_extractor(page) is huffpost


def test_host_is_only_a_second_hint():
    assert huffpost.detect(Page("<html><body><p>x</p></body></html>",
                                url="https://www.huffpost.com/entry/x"))
    assert not huffpost.detect(Page("<html><body><p>x</p></body></html>",
                                    url="https://example.org/entry/x"))


def test_2010_post_fields(inline):
    post, _ = inline
    assert post.title == "City Council Delays Budget Vote Again"
    assert post.author == "Dana Reporter"
    assert post.published_raw == "Thu, 02 Sep 2010 10:15:00 EST"
    assert post.tags == ["City Budget", "Local Government"]
    assert post.groups == ["Politics"]
    assert post.body_text == (
        "The city council postponed its budget vote for the third time on Thursday, citing a "
        'gap in pension estimates.\n\n"We will not vote on numbers we cannot defend," the '
        "council president said."
    )


@pytest.mark.parametrize(
    "chrome",
    ["Get HuffPost Politics", "Know something we don't", "Get Email Alerts", "Related News",
     "Comments are closed", "Copyright", "pension gap was known"],
)
def test_2010_body_has_no_chrome(inline, chrome):
    assert chrome not in inline[0].body_text
    assert chrome not in inline[0].body_html


def test_2010_thread_tree(inline):
    _, comments = inline
    assert [c.path for c in comments] == ["1", "1.1", "1.1.1", "2"]
    assert [c.source_id for c in comments] == ["61000001", "61000002", "61000003", "61000004"]
    assert [c.parent_source_id for c in comments] == [None, "61000001", "61000002", None]
    assert [c.author for c in comments] == [
        "budgetwatcher", "Ann Teller", "budgetwatcher", "localvoter"]
    assert [c.posted_raw for c in comments] == [
        "09:12 PM on 9/02/2010", "10:01 PM on 9/02/2010", "07:30 AM on 9/03/2010",
        "11:45 PM on 9/02/2010"]
    assert {c.kind for c in comments} == {"comment"}


def test_2010_comment_body_is_only_its_words(inline):
    first = inline[1][0]
    assert collapse(first.body_text) == "The pension gap was known in March. Why wait until now?"
    for noise in ("SUPER USER", "Fans", "Permalink", "Share it", "09:12 PM", "Reads every"):
        assert noise not in first.body_text
        assert noise not in first.body_html
    assert first.author_url == "http://www.huffingtonpost.com/social/budgetwatcher?action=comments"


def test_2016_post_fields(entry_2016):
    post, comments = entry_2016
    assert post.title == "Mayors Ask States For Transit Money"
    assert post.author == "Lee Writer"
    assert post.published_raw == "2016-11-30 09:05:00 -0500"
    assert post.tags == ["Transit", "Mayors"]
    assert post.groups == ["Politics"]
    assert "Forty mayors signed a letter on Tuesday" in post.body_text
    assert post.body_text.endswith("Governors have not yet responded.")
    for chrome in ("ASSOCIATED PRESS", "Suggest a correction", "More:", "12 Comments",
                   "SUBSCRIBE", "Tweet", "Share"):
        assert chrome not in post.body_text
    assert comments == []


def _norm(text: str | None) -> str:
    return collapse(text)


@pytest.mark.parametrize("page_path", sorted(GOLD_PAGES))
def test_gold_page(corpus, page_path):
    gold = json.loads((corpus / "gold" / GOLD_PAGES[page_path]).read_text())
    page = _page(corpus / page_path, gold["url"])
    assert huffpost.detect(page)
    assert_matches_gold(extract_thread(page), gold)


@pytest.mark.parametrize(("page_path", "title", "author", "snippet", "date"), OTHER_PAGES)
def test_article_only_pages(corpus, page_path, title, author, snippet, date):
    page = _page(corpus / page_path)
    assert huffpost.detect(page)
    post, comments = huffpost.extract(page)
    assert post.title == title
    assert post.author == author
    assert post.published_raw.startswith(date)
    assert _norm(snippet) in _norm(post.body_text)
    assert comments == []
