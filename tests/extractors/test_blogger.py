"""Blogger extractor: hand-written fixture pages (exact values) and real corpus pages (gold)."""

from __future__ import annotations

import json
import unicodedata

import pytest

from crawler.extractors import blogger, choose_extractor
from crawler.extractors.page import Page

# real pages: corpus path -> gold file (None: no gold, sanity checks only)
REAL_PAGES = {
    "trafilatura-eval_subset/eval/abookshelffullofsunshine.blogspot.com.interview.html":
        "gold/trafilatura-eval_subset/abookshelffullofsunshine.blogspot.com.interview.json",
    "mozilla-readability_test-pages/blogger/source.html":
        "gold/mozilla-readability_test-pages/blogger.json",
}
SANITY_PAGES = {
    # page -> (comments, first comment author)
    "trafilatura-eval_subset/cache/plentylife.blogspot.pamela-reif.html":
        (1, "Andjela Gligorijevic"),
}


def norm(text: str | None) -> str:
    return unicodedata.normalize("NFC", " ".join((text or "").split()))


def load(path) -> Page:
    return Page.from_bytes(path.read_bytes())


@pytest.fixture
def threaded(fixtures):
    return blogger.extract(load(fixtures / "blogger" / "threaded.html"))


@pytest.fixture
def old_layout(fixtures):
    return blogger.extract(load(fixtures / "blogger" / "old_layout.html"))


def test_detects_blogger_pages(fixtures):
    for name in ("threaded.html", "old_layout.html"):
        page = load(fixtures / "blogger" / name)
        assert blogger.detect(page)
        assert choose_extractor(page) is blogger


def test_does_not_detect_movable_type_pages(fixtures):
    for path in sorted((fixtures / "movabletype").glob("*.html")):
        assert not blogger.detect(load(path)), path.name


def test_threaded_post_fields(threaded):
    post, _ = threaded
    assert post.title == "A walk by the river"
    assert post.author == "Mara Quill"
    assert post.published_raw == "2019-03-03T09:15:00-05:00"
    assert post.tags == ["birds", "river"]
    assert post.body_text == (
        "The herons were back on the north bank this morning.\n\n"
        "We counted eleven of them before the rain came."
    )
    assert "Email This" not in post.body_html


def test_threaded_comment_tree(threaded):
    _, comments = threaded
    assert [c.path for c in comments] == ["1", "1.1", "2"]
    assert [c.source_id for c in comments] == ["1001", "1002", "1003"]
    assert [c.parent_source_id for c in comments] == [None, "1001", None]
    assert [c.author for c in comments] == ["Ben Otter", "Mara Quill", "Anonymous"]
    assert comments[0].author_url == "https://www.blogger.com/profile/7"
    assert {c.kind for c in comments} == {"comment"}


def test_threaded_comment_bodies_are_own_words(threaded):
    _, comments = threaded
    assert comments[0].body_text == "Lovely photos.\n\nWere the herons nesting yet?"
    assert comments[1].body_text == "Not yet, maybe next week."
    for comment in comments:
        assert "Reply" not in comment.body_text
        assert "Delete" not in comment.body_text


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        # visible time of day only: the showComment instant at the blog's offset (-05:00)
        (0, "2019-03-03T17:00:00-05:00"),
        (1, "2019-03-04T06:50:00-05:00"),
        # past midnight UTC, still the evening of the 4th where the blog is
        (2, "2019-03-04T19:30:00-05:00"),
    ],
)
def test_threaded_comment_times(threaded, index, expected):
    _, comments = threaded
    assert comments[index].posted_raw == expected


def test_old_layout_post(old_layout):
    post, _ = old_layout
    assert post.title == "Why I keep a paper diary"
    assert post.author == "Theo Marsh"
    # the day heading plus the time of day under the post
    assert post.published_raw == "Tuesday, June 10, 2008 8:41 PM"
    assert post.body_text == "Screens forget; paper remembers the pressure of the pen."


def test_old_layout_comments(old_layout):
    _, comments = old_layout
    assert [c.path for c in comments] == ["1", "2"]
    assert [c.source_id for c in comments] == ["4444", "5555"]
    assert [c.author for c in comments] == ["Ivy Lane", "Anonymous"]
    assert [c.posted_raw for c in comments] == ["June 11, 2008 11:42 AM", "June 11, 2008 4:00 PM"]
    assert comments[0].body_text == "Same here. My notebooks go back twenty years."
    assert comments[1].author_url is None


@pytest.mark.parametrize("page_path", sorted(REAL_PAGES))
def test_real_page_against_gold(corpus, page_path):
    gold = json.loads((corpus / REAL_PAGES[page_path]).read_text())
    page = load(corpus / page_path)
    assert blogger.detect(page)
    post, comments = blogger.extract(page)
    assert norm(post.title) == norm(gold["post"]["title"])
    body = norm(post.body_text)
    for snippet in gold["post"]["body_includes"]:
        assert norm(snippet) in body
    for snippet in gold["post"]["body_excludes"]:
        assert norm(snippet) not in body
    real = [c for c in comments if c.kind == "comment"]
    assert len(real) == gold["comments"]["count"]
    assert sum("." not in c.path for c in real) == gold["comments"]["top_level"]
    assert max((c.path.count(".") for c in real), default=0) == gold["comments"]["max_depth"]
    by_path = {c.path: c for c in comments}
    for sample in gold["comments"]["samples"]:
        hit = next(c for c in real if norm(sample["text_includes"]) in norm(c.body_text))
        assert hit.author == sample["author"]
        assert hit.posted_raw.startswith(sample["posted"])
        parent = by_path.get(hit.parent_path) if hit.parent_path else None
        if sample["parent_text_includes"] is None:
            assert parent is None
        else:
            assert norm(sample["parent_text_includes"]) in norm(parent.body_text)


@pytest.mark.parametrize("page_path", sorted(SANITY_PAGES))
def test_real_page_sanity(corpus, page_path):
    count, first_author = SANITY_PAGES[page_path]
    page = load(corpus / page_path)
    assert blogger.detect(page)
    post, comments = blogger.extract(page)
    assert post.title and post.body_text and len(post.body_text) > 500
    assert len(comments) == count
    assert comments[0].author == first_author
    assert "Antworten" not in comments[0].body_text


def test_2005_template_puts_the_time_before_the_name(corpus):
    """`dt.comment-data`: "At <a title='comment permalink'>4/19/2005 07:14:49 PM</a>, Anonymous
    said..." with no footer: the permalink is the time, the name is what follows it."""
    page = load(corpus / "j-szulc_html-cleaning-dataset-merged/cleaneval-dev/input/57.html")
    _, comments = blogger.extract(page)
    assert [(c.author, c.posted_raw) for c in comments[:3]] == [
        ("Anonymous", "4/19/2005 07:14:49 PM"),
        ("Anonymous", "4/19/2005 07:29:24 PM"),
        ("Ghassan", "4/19/2005 08:15:16 PM"),
    ]
