"""The Hacker News extractor, on hand-written item pages (the corpus has none)."""

from __future__ import annotations

import pytest

from crawler.extractors import choose_extractor, extract_thread, hackernews
from crawler.extractors.page import Page

ITEM_URL = "https://news.ycombinator.com/item?id=40100000"
FIXTURES = ("link-story-2024.html", "ask-hn-2019.html")


def _page(fixtures, name, url=ITEM_URL) -> Page:
    return Page.from_bytes((fixtures / "hackernews" / name).read_bytes(), url)


@pytest.fixture(scope="module")
def story(fixtures):
    return hackernews.extract(_page(fixtures, "link-story-2024.html"))


@pytest.fixture(scope="module")
def ask(fixtures):
    return hackernews.extract(_page(fixtures, "ask-hn-2019.html"))


@pytest.mark.parametrize("name", FIXTURES)
def test_detected_by_markup_without_a_url(fixtures, name):
    page = _page(fixtures, name, url=None)
    assert hackernews.detect(page)
    assert choose_extractor(page) is hackernews


def test_host_is_only_a_second_hint():
    html = "<html><body><p>x</p></body></html>"
    assert hackernews.detect(Page(html, url=ITEM_URL))
    assert not hackernews.detect(Page(html, url="https://example.org/item?id=1"))


def test_link_story_post(story):
    post, _ = story
    assert post.title == "Small towns keep their local newspapers alive"
    assert post.author == "mapletree"
    # the age title is UTC without an offset: the ISO part, marked as UTC
    assert post.published_raw == "2024-04-20T14:03:11Z"
    assert post.recommend_count == 212
    # a link post's body is its link, never the thread or the comment form
    assert post.body_text == "https://example.org/2024/04/local-papers"


def test_link_story_thread(story):
    _, comments = story
    assert [c.path for c in comments] == ["1", "1.1", "1.1.1", "1.2", "1.2.1", "2", "3"]
    assert [c.source_id for c in comments] == [
        "40100101", "40100102", "40100103", "40100104", "40100105", "40100301", "40100401"]
    assert [c.parent_source_id for c in comments] == [
        None, "40100101", "40100102", "40100101", "40100104", None, None]
    assert [c.author for c in comments] == [
        "quietfox", "ledgerline", "quietfox", None, "inkwell", "shouty", "mapletree"]
    assert [c.posted_raw for c in comments][:2] == [
        "2024-04-20T14:30:00Z", "2024-04-20T15:10:42Z"]
    assert comments[0].author_url == "https://news.ycombinator.com/user?id=quietfox"


def test_bodies_are_only_the_words(story):
    _, comments = story
    assert comments[0].body_text == (
        "Our county paper survived by turning into a co-op.\n\n"
        "Subscribers own a share, and the editor answers to them."
    )
    assert comments[2].body_text == (
        "They rent time on a regional press. See the press co-op.\n\ncost = pages * 0.04")
    # deleted and flagged comments stay, their replies hang on them
    assert comments[3].body_text == "[deleted]"
    assert comments[5].body_text == "Newspapers are dead, let them go."
    for comment in comments:
        for noise in ("reply", "hours ago", "parent", "next", "[–]", "[flagged]"):
            assert noise not in comment.body_text
            assert noise not in (comment.body_html or "")


def test_ask_hn_text_and_spacer_depths(ask):
    post, comments = ask
    assert post.title == "Ask HN: How do you archive the forums you love?"
    assert post.author == "oldposter"
    assert post.published_raw == "2019-03-27T08:15:30Z"
    assert post.recommend_count == 48
    assert post.body_text == (
        "A board I read since 2004 is shutting down next month.\n\n"
        "Is there a tool that keeps the threads, with who replied to whom?"
    )
    # no indent attribute: the spacer image width (40 px a level) tells the depth
    assert [c.path for c in comments] == ["1", "1.1", "2"]
    assert [c.parent_source_id for c in comments] == [None, "19500101", None]
    assert [c.author for c in comments] == ["wgetfan", "oldposter", "dbperson"]
    # the reply link nested inside the old text span is left out
    assert comments[0].body_text == (
        "wget --mirror gets you the pages; the threads come for free if the forum links replies.")
    assert "reply" not in comments[1].body_html


def test_whole_thread_through_the_registry(fixtures):
    thread = extract_thread(_page(fixtures, "link-story-2024.html"))
    assert thread.extractor == "hackernews"
    assert thread.post.platform == "hackernews"
    assert len(thread.comments) == 7
