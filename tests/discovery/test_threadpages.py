"""A thread's pages (crawler/discovery/threadpages.py): found in either direction, joined in
page order, each comment once, replies across page breaks under their parents."""

from __future__ import annotations

import pytest

from crawler import discovery
from crawler.discovery import ThreadPages
from crawler.extractors.page import Page
from crawler.items import Comment, Post, Thread


@pytest.mark.parametrize("url,other,same", [
    ("https://b.org/2019/06/slug/", "https://b.org/2019/06/slug/comment-page-2/", True),
    ("https://k.org/story/1/-Title", "https://k.org/story/1/-Title?page=3", True),
    ("https://b.org/p/?p=5", "https://b.org/p/?p=5&cpage=2", True),
    ("https://k.org/story/1/-Title", "https://k.org/story/2/-Title?page=2", False),
    ("https://k.org/story/1/-Title", "https://k.org/story/1/-Title?mode=flat", False),
    ("https://b.org/2019/06/slug/", "https://b.org/2019/06/slug/", False),
])
def test_later_pages_of_a_thread(url, other, same):
    assert discovery.is_same_thread(url, other) is same


def test_other_pages_are_found_in_either_direction():
    page = Page("""<html><head><link rel="prev" href="/post/comment-page-2/"></head><body>
        <a href="/post/comment-page-2/#comments">Older Comments</a>
        <a href="/post/comment-page-1/">1</a> <a href="/other/comment-page-2/">elsewhere</a>
        <a href="/post/#respond">Reply</a></body></html>""", "https://b.example/post/")
    assert discovery.other_pages(page.tree, page.url, page.absolute) == [
        "https://b.example/post/comment-page-2/", "https://b.example/post/comment-page-1/"]


def thread(url: str, *comments: tuple[str, str, str | None]) -> Thread:
    """A page's thread: (path on the page, source id, parent's source id if off the page)."""
    return Thread(post=Post(url=url, title="T"), comments=[
        Comment(path=path, source_id=sid, parent_source_id=parent, body_text=f"comment {sid}")
        for path, sid, parent in comments])


def test_newest_first_pages_join_in_posting_order():
    """WordPress's default: the post's URL shows the last page, comment-page-1 the oldest."""
    base = "https://b.example/post/"
    pages = ThreadPages(base=base)
    pages.add(base, thread(base, ("1", "5", None), ("1.1", "6", None)),
              [f"{base}comment-page-2/"])
    assert pages.next_url() == f"{base}comment-page-2/"
    pages.add(f"{base}comment-page-2/", thread(base, ("1", "3", None), ("2", "4", None)),
              [base, f"{base}comment-page-1/"])
    assert pages.next_url() == f"{base}comment-page-1/"
    pages.add(f"{base}comment-page-1/", thread(base, ("1", "1", None), ("1.1", "2", None)),
              [f"{base}comment-page-2/"])
    assert pages.next_url() is None  # every page read once, though linked from several
    whole = pages.whole()
    assert [(c.source_id, c.path) for c in whole.comments] == [
        ("1", "1"), ("2", "1.1"), ("3", "2"), ("4", "3"), ("5", "4"), ("6", "4.1")]
    assert len(whole.more_pages) == 0  # the test threads carry no raw pages


def test_replies_across_page_breaks_go_under_their_parents():
    """A "show more" page that begins inside a subtree names the parents it does not show."""
    base = "https://k.example/story/1/-T"
    pages = ThreadPages(base=base)
    pages.add(base, thread(base, ("1", "1", None), ("1.1", "2", None), ("2", "3", None)), [])
    # page 2 begins with a reply to comment 2, then a reply to comment 3, then a new top level
    pages.add(f"{base}?page=2", thread(base, ("1", "4", "2"), ("1.1", "5", None),
                                       ("2", "6", "3"), ("3", "7", None)), [])
    whole = pages.whole()
    assert [(c.source_id, c.path) for c in whole.comments] == [
        ("1", "1"), ("2", "1.1"), ("3", "2"), ("4", "1.1.1"), ("5", "1.1.1.1"), ("6", "2.1"),
        ("7", "3")]


def test_a_page_shown_at_two_urls_keeps_each_comment_once():
    base = "https://b.example/post/"
    pages = ThreadPages(base=base)
    first = thread(base, ("1", "1", None), ("1.1", "2", None), ("2", "3", None))
    pages.add(base, first, [f"{base}comment-page-1/", f"{base}comment-page-2/"])
    pages.add(f"{base}comment-page-1/", thread(base, ("1", "1", None), ("1.1", "2", None),
                                                ("2", "3", None)), [])
    pages.add(f"{base}comment-page-2/", thread(base, ("1", "4", None)), [])
    assert [c.source_id for c in pages.whole().comments] == ["1", "2", "3", "4"]


def test_a_failed_page_leaves_the_rest_of_the_thread():
    base = "https://b.example/post/"
    pages = ThreadPages(base=base)
    pages.add(base, thread(base, ("1", "1", None)), [f"{base}comment-page-2/"])
    pages.add(f"{base}comment-page-2/", None, [])
    assert [c.source_id for c in pages.whole().comments] == ["1"]


def test_a_double_post_is_kept_as_its_page_shows_it_and_a_repeated_page_end_once():
    """Without ids, a comment shown twice on one page is a double post: kept twice, as a page
    read outside a crawl keeps it; one repeated at the top of the next page is kept once."""
    base = "https://b.example/post/"

    def unnamed(*texts: str) -> Thread:
        return Thread(post=Post(url=base, title="T"), comments=[
            Comment(path=str(n), author="a", posted_raw="9:15", body_text=text)
            for n, text in enumerate(texts, start=1)])

    pages = ThreadPages(base=base)
    pages.add(base, unnamed("first", "Here here.", "Here here."), [f"{base}comment-page-2/"])
    pages.add(f"{base}comment-page-2/", unnamed("Here here.", "next"), [])
    assert [(c.path, c.body_text) for c in pages.whole().comments] == [
        ("1", "first"), ("2", "Here here."), ("3", "Here here."), ("4", "next")]
