"""The content model: deterministic, lazy, skewed, bounded, and only growing with the epoch."""

from __future__ import annotations

import statistics

from crawler.samplesite import SampleSite


def test_same_seed_same_site_other_seed_other_site():
    a, b, c = SampleSite(seed=1), SampleSite(seed=1), SampleSite(seed=2)
    assert a.diary(5) == b.diary(5) and a.thread(5) == b.thread(5)
    assert a.post_comments(3) == b.post_comments(3)
    assert a.diary(5) != c.diary(5)


def test_big_site_is_lazy_and_threads_are_skewed_and_bounded():
    site = SampleSite(seed=3, diaries=10_000, max_comments=2000, max_depth=20)
    counts = [site.diary_comment_count(i) for i in range(1, 2001)]
    assert max(counts) <= 2000 and statistics.median(counts) < statistics.mean(counts) / 1.5
    assert 60 < statistics.mean(counts) < 140  # about a million comments in 10,000 diaries
    biggest = max(range(1, 2001), key=lambda i: counts[i - 1])
    thread = site.thread(biggest)
    assert len(thread) == counts[biggest - 1] and max(c.depth for c in thread) <= 19
    assert max(c.depth for c in thread) >= 10  # deep, not flat


def test_thread_is_a_tree_in_posting_order():
    site = SampleSite(seed=4, diaries=20, max_comments=300, max_depth=6)
    for diary_id in site.diary_ids():
        thread = site.thread(diary_id)
        by_cid = {c.cid: c for c in thread}
        assert [c.cid for c in thread] == list(range(1, len(thread) + 1))
        for c in thread:
            assert c.depth <= 5
            if c.parent is None:
                assert c.depth == 0
            else:
                assert c.parent < c.cid and c.depth == by_cid[c.parent].depth + 1
            assert len(c.recommenders) == c.tips_plus == len(set(c.recommenders))
        assert all(a.posted <= b.posted for a, b in zip(thread, thread[1:], strict=False))


def test_thread_pages_hold_each_comment_once_after_its_parent():
    site = SampleSite(seed=5, diaries=30, max_comments=400, thread_page_size=50)
    diary_id = max(site.diary_ids(), key=site.diary_comment_count)
    pages = site.thread_pages(diary_id)
    assert len(pages) > 1 and len(site.diary_page_paths(diary_id)) == len(pages)
    assert all(len(page) == 50 for page in pages[:-1])  # "show more" pages of a fixed size
    seen = [c.cid for page in pages for c in page]
    assert sorted(seen) == list(range(1, site.diary_comment_count(diary_id) + 1))
    shown_before: set[int] = set()
    crossing = 0
    for page in pages:
        on_page = {c.cid for c in page}
        assert all(c.parent is None or c.parent in on_page | shown_before for c in page)
        crossing += sum(1 for c in page if c.parent is not None and c.parent not in on_page)
        shown_before |= on_page
    assert crossing  # a page begins inside a subtree: replies to the page before


def test_later_epochs_only_add_diaries_posts_and_comments():
    site = SampleSite(seed=6, diaries=40, posts=10, max_comments=500)
    assert site.diary_count(2) == 40 + 2 * site.new_diaries_per_epoch
    assert site.post_count(1) == 11
    grown = 0
    for diary_id in range(1, 41):
        before, after = site.thread(diary_id, 0), site.thread(diary_id, 3)
        assert after[: len(before)] == before
        if len(after) > len(before):
            grown += 1
            assert after[-1].posted <= site.epoch_time(3)
            assert after[len(before)].posted > site.epoch_time(0)
    assert grown >= 3
    assert site.diary_ids(1)[0] == 41 and site.diary(41).published > site.epoch_time(0)


def test_comments_carry_what_daily_kos_shows():
    site = SampleSite(seed=8, diaries=30)
    comments = [c for d in site.diary_ids() for c in site.thread(d)]
    assert any(c.signature for c in comments) and any(not c.signature for c in comments)
    assert any(c.recommenders for c in comments) and any(c.tips_minus for c in comments)
    assert any(" " in c.author for c in comments)  # user names with spaces ("marsh hen")
    assert any(site.diary(d).groups for d in site.diary_ids())
    assert any(c.kind == "pingback" for p in site.post_ids() for c in site.post_comments(p))
