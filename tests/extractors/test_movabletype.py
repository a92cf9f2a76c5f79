"""Movable Type / TypePad extractor: hand-written fixture pages (exact values) and real corpus
pages (gold)."""

from __future__ import annotations

import json
import unicodedata

import pytest
from dateutil import parser as dateparser

from crawler.extractors import choose_extractor, movabletype
from crawler.extractors.page import Page

# real pages: corpus path -> gold file
REAL_PAGES = {
    # blog.wired.com, TypePad, 46 flat comments inside the entry footer
    "l3s-gn1_comment-subset/original/3810ea2e-4d86-4ec2-908c-143f3832cdff.html":
        "gold/l3s-gn1_comment-subset/3810ea2e-4d86-4ec2-908c-143f3832cdff.json",
    # washingtonpost.com "Behind the Numbers", Movable Type, anchor + commentText + posted
    "l3s-gn1_comment-subset/original/67872f6e-beb1-4c40-a6eb-c21bf419ac69.html":
        "gold/l3s-gn1_comment-subset/67872f6e-beb1-4c40-a6eb-c21bf419ac69.json",
}


def norm(text: str | None) -> str:
    return unicodedata.normalize("NFC", " ".join((text or "").split()))


def load(path) -> Page:
    return Page.from_bytes(path.read_bytes())


def extract_fixture(fixtures, name):
    return movabletype.extract(load(fixtures / "movabletype" / name))


@pytest.mark.parametrize(
    "name", ["typepad_classic.html", "mt4_threaded.html", "flat_newspaper.html"]
)
def test_detects_movable_type_pages(fixtures, name):
    page = load(fixtures / "movabletype" / name)
    assert movabletype.detect(page)
    assert choose_extractor(page) is movabletype


def test_does_not_detect_blogger_pages(fixtures):
    for path in sorted((fixtures / "blogger").glob("*.html")):
        assert not movabletype.detect(load(path)), path.name


def test_typepad_post(fixtures):
    post, _ = extract_fixture(fixtures, "typepad_classic.html")
    assert post.title == "The ferry schedule changes again"
    assert post.author == "Nell Corrigan"
    assert post.published_raw == "January 14, 2008 at 10:44 AM"
    # entry body and extended entry, no footer, navigation or comments
    assert post.body_text == (
        "From Monday the first crossing leaves at 6:40, not 6:15.\n\n"
        "Commuters were told by a notice taped to the ticket window.\n\n"
        "The council says the change saves fuel over the winter months."
    )


def test_typepad_comments_and_trackback(fixtures):
    _, comments = extract_fixture(fixtures, "typepad_classic.html")
    assert [c.kind for c in comments] == ["trackback", "comment", "comment"]
    assert [c.path for c in comments] == ["1", "2", "3"]
    trackback, first, second = comments
    assert trackback.source_id == "6a00d83451b36c69e2008"
    assert trackback.author == "Quayside Diary"
    assert trackback.title == "Ferry woes"
    assert trackback.posted_raw == "January 14, 2008 at 12:05 PM"
    assert first.source_id == "6a00d83451b36c69e2001"
    assert first.author == "Declan"
    assert first.author_url == "http://ferrygoer.example/"
    assert first.posted_raw == "January 14, 2008 at 11:02 AM"
    assert first.body_text == "Twenty-five minutes later means I miss my train.\n\nAgain."
    assert second.author == "Ros Byrne, Cobh"
    assert second.author_url is None
    assert second.posted_raw == "January 15, 2008 at 08:30 PM"
    assert "Posted by" not in second.body_text


def test_mt4_post(fixtures):
    post, _ = extract_fixture(fixtures, "mt4_threaded.html")
    assert post.title == "Why the census undercounts renters"
    assert post.author == "Priya Raman"
    assert post.published_raw == "2009-04-02T14:20:00-05:00"
    assert post.tags == ["census", "housing"]
    assert post.body_text == (
        "Renters move more often, so the mailing list is always stale.\n\n"
        "Follow-up visits help, but only in dense blocks."
    )


def test_mt4_replied_to_links_build_the_tree(fixtures):
    _, comments = extract_fixture(fixtures, "mt4_threaded.html")
    assert [c.path for c in comments] == ["1", "1.1", "2"]
    assert [c.source_id for c in comments] == ["501", "502", "503"]
    assert [c.parent_source_id for c in comments] == [None, "501", None]
    assert [c.author for c in comments] == ["Omar", "Lena", "Sam"]
    assert [c.posted_raw for c in comments] == [
        "2009-04-02T15:01:00-05:00",
        "2009-04-02T16:45:00-05:00",
        "2009-04-03T09:10:00-05:00",
    ]
    assert comments[1].body_text == "Dorms are counted separately, though."
    assert "Reply" not in comments[0].body_text


def test_flat_newspaper_post(fixtures):
    post, _ = extract_fixture(fixtures, "flat_newspaper.html")
    assert post.title == "Suburban turnout, by the numbers"
    assert post.author == "Walter Finch"
    assert post.published_raw == "February 5, 2008; 11:20 AM ET"
    assert post.body_text == (
        "Turnout in the outer suburbs rose nine points over 2004.\n\n"
        "Most of the growth came from voters under 30."
    )


def test_flat_newspaper_comments_skip_the_policy_box(fixtures):
    _, comments = extract_fixture(fixtures, "flat_newspaper.html")
    assert [c.path for c in comments] == ["1", "2"]
    assert [c.source_id for c in comments] == ["880001", "880002"]
    assert [c.author for c in comments] == ["skeptic22", "June Alder"]
    assert [c.posted_raw for c in comments] == [
        "February 5, 2008 12:02 PM",
        "February 6, 2008 09:15 AM",
    ]
    assert comments[1].body_text == "Compare with the 1992 primaries.\n\nSame pattern."
    assert all("encourage users" not in c.body_text for c in comments)


@pytest.mark.parametrize("page_path", sorted(REAL_PAGES))
def test_real_page_against_gold(corpus, page_path):
    gold = json.loads((corpus / REAL_PAGES[page_path]).read_text())
    page = load(corpus / page_path)
    assert movabletype.detect(page)
    post, comments = movabletype.extract(page)
    assert norm(post.title) == norm(gold["post"]["title"])
    assert post.author == gold["post"]["author"]
    body = norm(post.body_text)
    for snippet in gold["post"]["body_includes"]:
        assert norm(snippet) in body
    for snippet in gold["post"]["body_excludes"]:
        assert norm(snippet) not in body
    real = [c for c in comments if c.kind == "comment"]
    assert len(real) == gold["comments"]["count"]
    assert len(comments) - len(real) == gold["comments"]["pingbacks"]
    assert sum("." not in c.path for c in real) == gold["comments"]["top_level"]
    for sample in gold["comments"]["samples"]:
        hit = next(c for c in real if norm(sample["text_includes"]) in norm(c.body_text))
        assert hit.author == sample["author"]
        posted = dateparser.parse(hit.posted_raw, fuzzy=True, ignoretz=True)
        assert posted.date().isoformat() == sample["posted"]
        assert sample["parent_text_includes"] is None and hit.parent_path is None


def test_flat_template_comment_keeps_every_paragraph(corpus):
    """TypePad flat template (cleaneval-dev/42): `<a id="c2913108"></a>`, two paragraphs, then
    the "Posted by:" line; the comment is both paragraphs, not the first alone."""
    page = load(corpus / "j-szulc_html-cleaning-dataset-merged/cleaneval-dev/input/42.html")
    _, comments = movabletype.extract(page)
    last = comments[-1]
    assert last.author == "Arvin"
    assert last.body_text == "Your killing me Scott!\n\nFunny stuff man."
    assert "Funny stuff man." in last.body_html
