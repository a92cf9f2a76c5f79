"""The generic extractor: trafilatura body, page-cue metadata, comments found by structure."""

from __future__ import annotations

import json

import lxml.html
import pytest

from crawler.extractors import generic
from crawler.extractors.furniture import furniture
from crawler.extractors.page import Page
from crawler.extractors.text import collapse
from tests.extractors.goldcheck import assert_thread_shape_as_gold, norm

# gold pages served by the generic extractor (gold JSON read at test time)
GOLD_PAGES = [
    "l3s-gn1_comment-subset/61e67a65-77fc-4e63-b9a0-1b1b39ea8cdb",  # jpost talkbacks, flat
    "l3s-gn1_comment-subset/d552f187-17f1-480a-9a42-e3b0c36c7dad",  # telegraph "Posted by"
    "l3s-gn1_comment-subset/2fe54bd6-12b9-470c-984b-624a37fee3cc",  # sfgate "Posted By:"
    "mozilla-readability_test-pages/lifehacker-post-comment-load",  # kinja, parent ids
    "newspaper_test-data/tnr.com1",  # comments by JavaScript: none in the HTML
]
# pages with no comments in their HTML: related lists, tweets and teasers must not count
NO_COMMENT_PAGES = [
    "trafilatura-eval_subset/eval/latimes.com.bloomberg.html",
    "trafilatura-eval_subset/eval/politico.com.retirement.html",
    "trafilatura-eval_subset/eval/theatlantic.com.disasters.html",
    "trafilatura-eval_subset/cache/salon.com.emissions.html",
    "postlight-parser_fixtures/fixtures/www.opposingviews.com.html",
    "postlight-parser_fixtures/fixtures/obamawhitehouse.archives.gov--blog.html",
    "postlight-parser_fixtures/fixtures/www.westernjournalism.com.html",
    "postlight-parser_fixtures/fixtures/thefederalistpapers.org.html",
]


def load(path) -> Page:
    return Page.from_bytes(path.read_bytes())


@pytest.fixture
def fixture_page(fixtures):
    return lambda name: load(fixtures / "generic" / f"{name}.html")


# --- hand-written pages ---------------------------------------------------------------------
def test_nested_by_indent_class_with_ids_and_links(fixture_page):
    post, comments = generic.extract(fixture_page("nested_comments"))
    assert [c.path for c in comments] == ["1", "1.1", "2"]
    assert [c.source_id for c in comments] == ["101", "102", "103"]
    assert [c.parent_source_id for c in comments] == [None, "101", None]
    assert [c.author for c in comments] == ["Bob", "Ann Gardener", "Carol"]
    assert comments[0].author_url == "http://example.org/bob"
    assert comments[0].posted_raw == "January 5, 2008 at 3:12 pm"
    assert comments[0].body_text == "Mine lost all its leaves last winter.\n\nAny idea why?"
    assert all("Reply" not in c.body_text for c in comments)
    assert post.title == "Planting lemons in pots"
    assert post.author == "Ann Gardener"
    assert "Figs for small gardens" not in (post.body_text or "")


def test_posted_by_lines_in_flat_paragraphs(fixture_page):
    post, comments = generic.extract(fixture_page("posted_by"))
    assert [(c.path, c.author, c.posted_raw) for c in comments] == [
        ("1", "Jim Beam", "January 6, 2008 2:09 PM"),
        ("2", "Sue", "January 7, 2008 8:15 AM"),
    ]
    assert comments[0].body_text == "I collect them too, mostly from flea markets."
    assert comments[1].body_text == "Maps were the first infographics."
    assert "Old maps tell us" in post.body_text
    assert "flea markets" not in post.body_text


def test_children_list_and_machine_times(fixture_page):
    _, comments = generic.extract(fixture_page("threaded_list"))
    assert [(c.path, c.author) for c in comments] == [("1", "Dora"), ("1.1", "Eli"), ("2", "Finn")]
    # an ISO time with its offset is kept as is; without an offset the visible text is
    assert comments[0].posted_raw == "2019-06-19T10:05:00+02:00"
    assert comments[2].posted_raw == "June 20, 2019 at 8:00 am"
    assert comments[1].body_text == "Shops on the street would not agree with that."
    assert "says" not in comments[0].body_text
    assert "Shops" not in comments[0].body_text


def test_teasers_and_menus_are_not_comments(fixture_page):
    post, comments = generic.extract(fixture_page("no_comments"))
    assert comments == []
    assert post.title == "Budget passes"
    assert post.published_raw == "March 3, 2020"


def test_article_furniture_is_dropped_from_the_body(fixture_page):
    post, comments = generic.extract(fixture_page("furniture"))
    body = post.body_text
    assert comments == []
    assert body.startswith("Harbour cranes return to the north quay\n\nThe port authority moved")
    assert body.endswith("fish market by the summer season.")
    assert body.count("\n\n") == 4
    for chrome in ("Photo: Ivo Brand", "1 of 8", "Back to Gallery", "Caption", "Close",
                   "Ivo Brand/Courier", "Ferry timetable", "morning briefing",
                   "Would you consider supporting our work"):
        assert chrome not in body


def test_furniture_rules_one_by_one(fixture_page):
    page = fixture_page("furniture")
    scope = page.tree.xpath("//div[@class='article-body']")[0]
    found = [(el.tag, el.get("class"), collapse(el.text_content())[:30]) for el in furniture(scope)]
    assert found == [
        ("div", "asset_gallery", "Workers guide the first crane "),  # gallery widget
        ("figure", "inline-image", "The north quay seen from the l"),  # "(Name/Agency)" credit
        ("div", "related-stories", "RelatedFerry timetable changes"),  # related links
        ("div", "newsletter-signup", "Get the morning briefingThe da"),  # newsletter call
        ("div", "support-appeal", "Local journalism costs money. "),  # donation appeal
    ]
    # the article's own paragraphs are never furniture, nor the whole body
    page_body = page.tree.xpath("//body")[0]
    assert all("The port authority" not in el.text_content() for el in furniture(page_body))


def test_layout_table_page_is_read_as_paragraphs(fixture_page):
    post, _ = generic.extract(fixture_page("layout_table"))
    paragraphs = post.body_text.split("\n\n")
    assert len(paragraphs) == 4
    assert paragraphs[0].startswith("The old mill on the river has stood empty")
    assert paragraphs[-1].endswith("made for it by the weather.")
    assert "|" not in post.body_text
    assert "Our pick of the best walks" not in post.body_text


# --- real pages -----------------------------------------------------------------------------
@pytest.mark.parametrize("stem", GOLD_PAGES)
def test_gold_pages(corpus, stem):
    gold = json.loads((corpus / "gold" / f"{stem}.json").read_text())
    post, comments = generic.extract(load(corpus / gold["page"]))
    body = norm(post.body_text)
    assert all(norm(s) in body for s in gold["post"]["body_includes"])
    if gold["post"].get("title"):
        assert post.title == gold["post"]["title"]
    expected = gold["comments"]
    if expected is None:
        assert comments == []
        return
    assert_thread_shape_as_gold(comments, expected)


@pytest.mark.parametrize("relpath", NO_COMMENT_PAGES)
def test_pages_without_comments(corpus, relpath):
    post, comments = generic.extract(load(corpus / relpath))
    assert comments == []
    assert post.body_text


@pytest.mark.parametrize("rel,furniture_line", [("tag", True), ("", False)])
def test_a_line_of_rel_tag_links_is_furniture_even_with_longer_labels(rel, furniture_line):
    """"Filed under: <a>Web</a> Keyword Tags: <a rel=tag>...</a>": four label words are more than
    a tag list's label, but links that say they are tags (rel-tag) vouch for it."""
    tags = "".join(f"<a href='/tag/{t}' rel='{rel}'>{t}</a> "
                   for t in ("technology", "excuses", "rant", "research"))
    body = ("<div><p>" + "The article's own words, a sentence of them, and more. " * 6 + "</p>"
            f"<p class='details'>Filed under: <a href='/cat/web'>Web</a><br>Keyword Tags: {tags}"
            "</p></div>")
    scope = lxml.html.fromstring(body)
    found = [collapse(el.text_content())[:12] for el in furniture(scope)]
    assert (["Filed under:"] if furniture_line else []) == found


@pytest.mark.parametrize("line,pager", [
    ("<a href='/p/1'>« Guardian Googlers Incompetent</a> | <a href='/'>Main</a> | "
     "<a href='/p/3'>Het spijt me, maar ... »</a>", True),
    ("<a href='/p/1'>‹ Older post</a> <a href='/p/3'>Newer post ›</a>", True),
    # links in a sentence, or links without an arrow, are not a pager
    ("See <a href='/p/1'>« this »</a> and <a href='/p/3'>that</a> for more.", False),
    ("<a href='/p/1'>Older post</a> | <a href='/p/3'>Newer post</a>", False),
])
def test_the_blogs_previous_next_line_is_furniture(line, pager):
    body = ("<div><p>" + "The article's own words, a sentence of them, and more. " * 6 + "</p>"
            f"<p align='right'>{line}</p></div>")
    found = furniture(lxml.html.fromstring(body))
    assert bool(found) is pager
