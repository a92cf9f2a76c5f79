"""Our extractors read the generated pages exactly: every page of a sample of diaries and posts is
fetched over HTTP, extracted and run through the item pipelines, and the thread must equal the
model's, field by field, with no line of the site's chrome in any body."""

from __future__ import annotations

from samplesite_support import fetch

from crawler.discovery import ThreadPages
from crawler.extractors import extract_html
from crawler.processing import OfflinePipelines
from crawler.samplesite.render import DK_CHROME_LINES, WP_CHROME_LINES

PIPELINES = OfflinePipelines()


def words(text: str | None) -> str:
    return " ".join((text or "").split())


def utc(when) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def extracted(url: str):
    status, _, body = fetch(url)
    assert status == 200
    return PIPELINES.process(extract_html(body, url))


def assembled(base: str, paths: list[str]):
    """A thread's pages (the thread's own first), each extracted, joined as a crawl joins them
    and run through the pipelines; and the pages' threads as extracted."""
    pages = ThreadPages(base=base + paths[0])
    raw = []
    for path in paths:
        status, _, body = fetch(base + path)
        assert status == 200
        raw.append(extract_html(body, base + path))
        pages.add(base + path, raw[-1], [])
    return PIPELINES.process(pages.whole()), raw


def biggest_first(ids, count_of):
    """Every item, the biggest thread (split over pages) first."""
    return sorted(ids, key=count_of, reverse=True)


def assert_no_chrome(thread, lines):
    for text in [thread.post.body_text] + [c.body_text for c in thread.comments]:
        for line in lines:
            assert line not in (text or ""), line


def test_diaries_come_out_exactly_as_generated(sample_site, sample_url):
    ids = biggest_first(sample_site.diary_ids(), sample_site.diary_comment_count)
    assert len(sample_site.diary_page_paths(ids[0])) > 1  # a thread split over pages is read
    crossing = 0
    for diary_id in ids:
        diary = sample_site.diary(diary_id)
        thread, pages = assembled(sample_url, sample_site.diary_page_paths(diary_id))
        for page in pages:
            assert page.extractor == "dailykos"
            assert not page.problems
            assert_no_chrome(page, DK_CHROME_LINES)
            # a page that begins inside a subtree names the parents it does not show
            on_page = {c.source_id for c in page.comments}
            crossing += sum(1 for c in page.comments
                            if c.parent_source_id and c.parent_source_id not in on_page)
        post = thread.post
        assert post.title == diary.title
        assert post.author == diary.author
        assert post.published == utc(diary.published)
        assert post.tags == list(diary.tags)
        assert post.groups == list(diary.groups)
        assert words(post.body_text) == words(diary.text)
        got = thread.comments
        want = sample_site.thread(diary_id)
        assert len(got) == len(want)
        by_cid = {c.cid: c for c in want}
        for comment in got:
            model = by_cid[int(comment.source_id)]
            parent = str(model.parent) if model.parent is not None else None
            assert (comment.parent_source_id, comment.depth) == (parent, model.depth)
            assert comment.author == model.author
            assert comment.title == model.title
            assert (comment.tips_plus, comment.tips_minus) == (model.tips_plus, model.tips_minus)
            assert comment.recommenders == list(model.recommenders)
            assert comment.signature == model.signature
            assert comment.posted == utc(model.posted)
            assert words(comment.body_text) == words(model.text)
        assert {int(c.source_id) for c in got} == set(by_cid)
    assert crossing  # replies to comments of an earlier page were met, and placed right


def test_blog_posts_come_out_exactly_as_generated(sample_site, sample_url):
    ids = biggest_first(sample_site.post_ids(), sample_site.post_comment_count)
    assert len(sample_site.post_page_paths(ids[0])) > 1  # WordPress comment pages are read
    pings = 0
    for post_id in ids:
        post = sample_site.post(post_id)
        thread, pages = assembled(sample_url, sample_site.post_page_paths(post_id))
        for page in pages:
            assert page.extractor == "wordpress"
            assert_no_chrome(page, WP_CHROME_LINES)
        assert thread.post.title == post.title
        assert thread.post.author == post.author
        assert thread.post.published == utc(post.published)
        assert thread.post.tags == [*post.categories, *post.tags]
        assert words(thread.post.body_text) == words(post.text)
        got = thread.comments
        want = sample_site.post_comments(post_id)
        assert len(got) == len(want)
        # newest page first at the post's URL: joined, the thread is in posting order again
        assert [c.source_id for c in got if "." not in c.path] == [
            str(c.cid) for c in want if c.parent is None]
        by_cid = {c.cid: c for c in want}
        for comment in got:
            model = by_cid[int(comment.source_id)]
            parent = str(model.parent) if model.parent is not None else None
            assert (comment.parent_source_id, comment.depth) == (parent, model.depth)
            assert comment.kind == model.kind
            assert words(comment.body_text) == words(model.text)
            if model.kind == "pingback":
                pings += 1
                continue
            assert comment.author == model.author
            assert comment.author_url == model.author_url
            assert comment.posted == utc(model.posted)
    assert pings


def test_wordpress_keeps_a_comment_opening_with_said(sample_site):
    """A comment whose own words begin with "Said" ("Said it before..."), inside its
    `div.comment-content`, keeps that word: only loose text outside a body container can carry
    a "says:" label."""
    html = (
        '<html><head><meta name="generator" content="WordPress 6.2.2"></head><body>'
        '<article id="post-1" class="post type-post hentry"><h1 class="entry-title">T</h1>'
        '<div class="entry-content"><p>A post body long enough to be one.</p></div></article>'
        '<ol class="comment-list"><li id="comment-5" class="comment depth-1">'
        '<article class="comment-body"><footer class="comment-meta"><div class="comment-author">'
        '<b class="fn">Ann</b> <span class="says">says:</span></div></footer>'
        '<div class="comment-content"><p>Said it before: water deeply.</p></div></article></li>'
        "</ol></body></html>"
    )
    thread = extract_html(html, "http://127.0.0.1/blog/2019/06/t/")
    assert thread.comments[0].body_text == "Said it before: water deeply."
