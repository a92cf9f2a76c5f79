"""The Reddit extractor: old-Reddit, shreddit and React fixtures, then the corpus pages."""

from __future__ import annotations

import json

import pytest

from crawler.extractors import choose_extractor, extract_thread, reddit
from crawler.extractors.page import Page
from tests.extractors.goldcheck import assert_matches_gold

GOLD_PAGES = {
    "postlight-parser_fixtures/fixtures/www.reddit.com.html": "postlight-parser_fixtures/"
    "www.reddit.com.json",
}
# no gold: (page, title, subreddit, comments, top-level comments, deleted comments)
OTHER_PAGES = [
    (
        "postlight-parser_fixtures/fixtures/www.reddit.com--title-only.html",
        'What is the most "worth it" item you have ever purchased?',
        "r/AskReddit",
        15,
        8,
        3,
    ),
]
FIXTURES = ("old-reddit-self-post.html", "shreddit-link-post.html", "new-reddit-react.html")


def _page(path, url=None) -> Page:
    return Page.from_bytes(path.read_bytes(), url)


def _extract(fixtures, name):
    return reddit.extract(_page(fixtures / "reddit" / name))


@pytest.mark.parametrize("name", FIXTURES)
def test_detects_each_markup(fixtures, name):
    page = _page(fixtures / "reddit" / name)
    assert reddit.detect(page)
    assert choose_extractor(page) is reddit


def test_host_is_only_a_second_hint():
    html = "<html><body><p>x</p></body></html>"
    assert reddit.detect(Page(html, url="https://old.reddit.com/r/x/comments/1/y/"))
    assert not reddit.detect(Page(html, url="https://notreddit.com.example.org/"))


def test_old_reddit_post(fixtures):
    post, _ = _extract(fixtures, "old-reddit-self-post.html")
    assert post.title == "Should city councils livestream every committee meeting?"
    assert post.author == "clerkofworks"
    assert post.published_raw == "2018-09-03T14:00:00+00:00"
    assert post.groups == ["r/CivicTech"]
    assert post.recommend_count == 87
    assert post.body_text == (
        "Our council streams full sessions but not committees, where the real decisions "
        "happen.\n\nHas anyone costed a simple setup for a small town?"
    )


def test_old_reddit_thread(fixtures):
    _, comments = _extract(fixtures, "old-reddit-self-post.html")
    # the "load more comments" stub is not a comment
    assert [c.path for c in comments] == ["1", "1.1", "1.1.1", "1.2", "2"]
    assert [c.source_id for c in comments] == [
        "e4k1aa1", "e4k2bb2", "e4k3cc3", "e4k4dd4", "e4k5ee5"]
    assert [c.parent_source_id for c in comments] == [
        None, "e4k1aa1", "e4k2bb2", "e4k1aa1", None]
    assert [c.author for c in comments] == [
        "av_volunteer", "clerkofworks", "av_volunteer", None, "budgethawk"]
    # the edit time is not the posting time
    assert comments[1].posted_raw == "2018-09-03T15:02:40+00:00"
    assert [c.tips_raw for c in comments] == [
        "42 points", "12 points", "7 points", None, "-2 points"]
    assert comments[0].author_url == "https://old.reddit.com/user/av_volunteer"


def test_old_reddit_bodies_are_only_the_words(fixtures):
    _, comments = _extract(fixtures, "old-reddit-self-post.html")
    assert comments[0].body_text == (
        "Two webcams and a laptop. We spent under $400.\n\nwhere the real decisions happen"
        "\n\nExactly why we started."
    )
    assert comments[3].body_text == "[deleted]"
    for comment in comments:
        for noise in ("points", "permalink", "reply", "[–]", "children", "years ago", "[S]"):
            assert noise not in comment.body_text


def test_shreddit_link_post(fixtures):
    post, comments = _extract(fixtures, "shreddit-link-post.html")
    assert post.title == "Ranked-choice voting passes in another county"
    assert post.author == "ballotbox_bea"
    assert post.published_raw == "2023-11-08T03:21:45.120000+0000"
    assert post.groups == ["r/EndFPTP"]
    assert post.recommend_count == 1534
    # a link post's body is its link
    assert post.body_text == "https://news.example.com/2023/11/08/county-adopts-rcv"
    assert [c.path for c in comments] == ["1", "1.1", "1.1.1", "2"]
    assert [c.parent_source_id for c in comments] == [None, "k5aa01", "k5bb02", None]
    assert [c.author for c in comments] == ["tallyclerk", "skeptic_sam", None, "mapmaker"]
    assert comments[0].posted_raw == "2023-11-08T04:02:10.000Z"
    assert comments[0].tips_raw == "212 points"
    assert comments[1].body_text == (
        "Two days is a long time in a close race.\n\nDid they publish the rounds?")
    assert comments[2].body_text == "Comment deleted by user"
    # a parent's body never takes in its replies
    assert "close race" not in comments[0].body_text
    assert "Reply" not in comments[0].body_text


def test_react_post_and_flat_thread(fixtures):
    post, comments = _extract(fixtures, "new-reddit-react.html")
    assert post.title == "Do you read the minutes of your town meetings?"
    assert post.author == "minutetaker"
    # "5 years ago" is relative to an unknown save time: no date rather than a wrong one
    assert post.published_raw is None
    assert post.groups == ["r/Ask_Politics"]
    assert post.body_text == (
        "Ours are posted online a month late.\n\nDoes anyone actually read them?")
    assert [c.path for c in comments] == ["1", "1.1", "1.2", "2"]
    assert [c.source_id for c in comments] == ["eiaa001", "eibb002", "eicc003", "eidd004"]
    assert [c.parent_source_id for c in comments] == [None, "eiaa001", "eiaa001", None]
    # no author link: the avatar link names the user; a deleted author is None
    assert [c.author for c in comments] == [
        "civics_teacher", None, "quiet_reader", "planner_pat"]
    assert [c.posted_raw for c in comments] == [None] * 4
    assert comments[0].body_text == "My students read them for homework."
    assert comments[1].body_text == "Comment deleted by user"
    assert "Silver" not in comments[0].body_text


@pytest.mark.parametrize("page_path", sorted(GOLD_PAGES))
def test_gold_page(corpus, page_path):
    gold = json.loads((corpus / "gold" / GOLD_PAGES[page_path]).read_text())
    page = _page(corpus / page_path, gold["url"])
    assert reddit.detect(page)
    assert_matches_gold(extract_thread(page), gold)


@pytest.mark.parametrize(("page_path", "title", "subreddit", "count", "top", "deleted"),
                         OTHER_PAGES)
def test_pages_without_gold(corpus, page_path, title, subreddit, count, top, deleted):
    page = _page(corpus / page_path)
    assert reddit.detect(page)
    post, comments = reddit.extract(page)
    assert post.title == title
    assert post.groups == [subreddit]
    assert len(comments) == count
    assert sum(1 for c in comments if c.parent_path is None) == top
    assert sum(1 for c in comments if c.body_text == "Comment deleted by user") == deleted
    assert all(c.body_text for c in comments)
