"""Matching a thread written again to the comments the archive holds (db/alignment.py)."""

from __future__ import annotations

from db.alignment import Shown, align


def by_place(*texts: str, author: int | None = 1) -> list[Shown]:
    """Comments without ids of the site's, named by their place as the thread stage names them:
    `p1`, `p2`... Each text is "author-less" when it starts with "?"."""
    return [Shown(f"p{n}", None, None if text.startswith("?") else author,
                  None if text.startswith("?") else f"9:{n:02}", text)
            for n, text in enumerate(texts, start=1)]


def archived_as(comments: list[Shown], ids: list[str]) -> list[Shown]:
    return [Shown(i, c.source_id, c.author_id, c.posted_raw, c.body_text)
            for c, i in zip(comments, ids, strict=True)]


def same_times(comments: list[Shown], like: list[Shown]) -> list[Shown]:
    """`comments` showing the times `like` showed for the same texts (a page shows a comment's
    time, not its place)."""
    times = {c.body_text: c.posted_raw for c in like}
    return [Shown(c.id, c.source_id, c.author_id, times.get(c.body_text, c.posted_raw),
                  c.body_text) for c in comments]


def test_a_deleted_comment_is_kept_in_its_place_and_the_rest_keep_their_names():
    first = by_place("a", "b", "c", "d")
    later = same_times(by_place("b", "c", "d"), first)
    result = align(first, later, same_bytes=False)
    assert result.ids == ["p2", "p3", "p4"]
    assert result.positions == [2, 3, 4] and result.kept == {"p1": 1}


def test_an_inserted_comment_gets_a_name_no_archived_comment_has():
    first = by_place("a", "b", "c")
    later = same_times(by_place("a", "new", "b", "c"), first)
    result = align(first, later, same_bytes=False)
    assert result.ids == ["p1", "p2-2", "p2", "p3"]
    assert result.positions == [1, 2, 3, 4] and result.kept == {}


def test_newest_first_a_new_comment_at_the_top_shifts_nothing():
    first = by_place("c", "b", "a")
    later = same_times(by_place("d", "c", "b", "a"), first)
    result = align(first, later, same_bytes=False)
    assert result.ids == ["p1-2", "p1", "p2", "p3"]


def test_an_edited_comment_is_the_same_by_its_author_time_and_most_of_its_words():
    first = by_place("a", "I think the vote is on Tuesday, not Monday.", "c")
    edited = "I think the vote is on Tuesday, not Monday. (Edit: it moved to Wednesday.)"
    other = "Anyone watching the hearing live?"
    for text, ids, kept in ((edited, ["p1", "p2", "p3"], {}),
                            (other, ["p1", "p2-2", "p3"], {"p2": 2})):
        later = [first[0], Shown("p2", None, 1, first[1].posted_raw, text), first[2]]
        result = align(first, later, same_bytes=False)
        assert (result.ids, result.kept) == (ids, kept), text
    elsewhere = Shown("p2", None, 1, "9:59", edited)  # not the time it showed: another
    assert align(first, [first[0], elsewhere, first[2]], same_bytes=False).ids == [
        "p1", "p2-2", "p3"]


def test_a_new_copy_never_pairs_comments_by_place_alone():
    """Anonymous comments without times: a deleted one and a new one in its place are two."""
    first = by_place("?a", "?b", "?c")
    later = by_place("?a", "?x", "?c")
    result = align(first, later, same_bytes=False)
    assert result.ids == ["p1", "p2-2", "p3"]
    assert result.kept == {"p2": 2} and result.positions == [1, 3, 4]


def test_the_same_bytes_read_by_a_changed_extractor_update_their_comments_in_place():
    """A re-parse: what the texts and bylines compare changed everywhere, the places did not."""
    first = by_place("?a", "?b", "?c")
    again = by_place("?A.", "?B.", "?C.", "?D.")
    result = align(first, again, same_bytes=True)
    assert result.ids == ["p1", "p2", "p3", "p4"] and result.kept == {}


def test_the_same_bytes_with_every_text_read_otherwise_keep_their_names_by_byline_and_place():
    first = by_place("Share this! Email this!", "Subscribe or Donate")
    again = [Shown(c.id, None, c.author_id, c.posted_raw, "a text the extractor now finds")
             for c in first]
    assert align(first, again, same_bytes=True).ids == ["p1", "p2"]
    assert align(first, again, same_bytes=False).ids == ["p1-2", "p2-2"]  # a new copy: kept


def test_a_comment_that_moved_is_matched_where_it_went():
    first = by_place("a", "b", "c", "d")
    moved = [first[3], first[0], first[1], first[2]]  # sorted newest first now
    later = [Shown(f"p{n}", None, c.author_id, c.posted_raw, c.body_text)
             for n, c in enumerate(moved, start=1)]
    result = align(first, later, same_bytes=False)
    assert result.ids == ["p4", "p1", "p2", "p3"]
    assert result.kept == {} and sorted(result.positions) == [1, 2, 3, 4]


def test_comments_with_the_sites_ids_keep_them_and_deleted_ones_keep_their_place():
    first = [Shown(f"s{n}", str(n), 1, None, "same text") for n in range(1, 5)]
    later = [first[0], first[2], Shown("s9", "9", 1, None, "same text")]
    result = align(first, later, same_bytes=True)
    assert result.ids == ["s1", "s3", "s9"]
    assert result.kept == {"s2": 2, "s4": 4} and result.positions == [1, 3, 5]


def test_a_thread_written_again_unchanged_keeps_every_name_and_place():
    first = by_place("a", "b", "b", "?c")
    stored = archived_as(first, ["p1", "p2", "p3", "p4"])
    result = align(stored, by_place("a", "b", "b", "?c"), same_bytes=False)
    assert result.ids == ["p1", "p2", "p3", "p4"]
    assert result.positions == [1, 2, 3, 4] and result.kept == {}
