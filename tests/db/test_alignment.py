"""Matching a thread written again to the comments the archive holds (db/alignment.py)."""

from __future__ import annotations

from db.alignment import Shown, align


def by_place(*texts: str) -> list[Shown]:
    """Comments without ids of the site's, named by their place as the thread stage names them
    (`p1`, `p2`...), each showing its author and the time it was posted (a text starting with
    "?" shows neither)."""
    return [Shown(f"p{n}", None, None if text.startswith("?") else 1,
                  None if text.startswith("?") else f"9:{ord(text[0]):03}", text)
            for n, text in enumerate(texts, start=1)]


def test_a_deleted_comment_is_kept_in_its_place_and_the_rest_keep_their_names():
    result = align(by_place("a", "b", "c", "d"), by_place("b", "c", "d"))
    assert result.ids == ["p2", "p3", "p4"]
    assert result.positions == [2, 3, 4] and result.kept == {"p1": 1}


def test_an_inserted_comment_gets_a_name_no_archived_comment_has():
    result = align(by_place("a", "b", "c"), by_place("a", "new", "b", "c"))
    assert result.ids == ["p1", "p2-2", "p2", "p3"]
    assert result.positions == [1, 2, 3, 4] and result.kept == {}


def test_newest_first_a_new_comment_at_the_top_shifts_nothing():
    assert align(by_place("c", "b", "a"), by_place("d", "c", "b", "a")).ids == [
        "p1-2", "p1", "p2", "p3"]


def test_nothing_is_paired_on_less_than_the_same_author_time_and_text():
    """An edited comment is kept in both versions; an anonymous one deleted and another in its
    place are two: pairing either by place would write one comment over another."""
    first = by_place("a", "I think the vote is on Tuesday.", "c")
    edited = Shown("p2", None, 1, first[1].posted_raw, "I think the vote is on Wednesday.")
    result = align(first, [first[0], edited, first[2]])
    assert result.ids == ["p1", "p2-2", "p3"]
    assert result.kept == {"p2": 2} and result.positions == [1, 3, 4]
    assert align(by_place("?a", "?b", "?c"), by_place("?a", "?x", "?c")).ids == [
        "p1", "p2-2", "p3"]


def test_a_comment_that_moved_is_matched_where_it_went():
    first = by_place("a", "b", "c", "d")
    moved = [first[3], first[0], first[1], first[2]]  # sorted newest first now
    later = [Shown(f"p{n}", None, c.author_id, c.posted_raw, c.body_text)
             for n, c in enumerate(moved, start=1)]
    result = align(first, later)
    assert result.ids == ["p4", "p1", "p2", "p3"]
    assert result.kept == {} and sorted(result.positions) == [1, 2, 3, 4]


def test_comments_with_the_sites_ids_keep_them_and_deleted_ones_keep_their_place():
    first = [Shown(f"s{n}", str(n), 1, None, "same text") for n in range(1, 5)]
    later = [first[0], first[2], Shown("s9", "9", 1, None, "same text")]
    result = align(first, later)
    assert result.ids == ["s1", "s3", "s9"]
    assert result.kept == {"s2": 2, "s4": 4} and result.positions == [1, 3, 5]


def test_a_thread_written_again_unchanged_keeps_every_name_and_place():
    """Repeated comments included (a double post): each its own, in order."""
    first = by_place("a", "b", "b", "?c")
    result = align(first, by_place("a", "b", "b", "?c"))
    assert result.ids == ["p1", "p2", "p3", "p4"]
    assert result.positions == [1, 2, 3, 4] and result.kept == {}
