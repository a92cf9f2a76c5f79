"""One check of an extracted thread against a gold file (GOLD.md), for the real-page tests."""

from __future__ import annotations

import unicodedata

from crawler.extractors.text import collapse
from crawler.items import Comment, Thread


def norm(text: str | None) -> str:
    """Text as GOLD.md compares it: white space collapsed, Unicode NFC."""
    return unicodedata.normalize("NFC", " ".join((text or "").split()))


def assert_thread_shape_as_gold(comments: list[Comment], expected: dict) -> None:
    """The comment count, top-level count and depth, and every sample's author and parent, as
    the gold file's "comments" states them."""
    assert len(comments) == expected["count"]
    depths = [c.path.count(".") for c in comments]
    assert depths.count(0) == expected["top_level"]
    assert max(depths) == expected["max_depth"]
    assert_samples_as_gold(comments, expected["samples"])


def assert_samples_as_gold(comments: list[Comment], samples: list[dict]) -> None:
    """Each gold sample found among the comments, with its author and its parent."""
    by_path = {c.path: c for c in comments}
    for sample in samples:
        found = [c for c in comments if norm(sample["text_includes"]) in norm(c.body_text)]
        assert found, sample["text_includes"]
        comment = found[0]
        assert comment.author == sample["author"]
        parent = by_path.get(comment.parent_path or "")
        if sample["parent_text_includes"] is None:
            assert parent is None
        else:
            assert norm(sample["parent_text_includes"]) in norm(parent.body_text)


def assert_matches_gold(thread: Thread, gold: dict) -> None:
    """Title, author, body snippets, comment counts and shape, and every sample's author,
    (absent) time and parent, as the gold file states them."""
    post, comments = thread.post, thread.comments
    assert post.title == gold["post"]["title"]
    assert post.author == gold["post"]["author"]
    body = collapse(post.body_text)
    for snippet in gold["post"]["body_includes"]:
        assert collapse(snippet) in body
    for snippet in gold["post"]["body_excludes"]:
        assert collapse(snippet) not in body
    expected = gold["comments"]
    assert len(comments) == expected["count"]
    assert sum(1 for c in comments if c.parent_path is None) == expected["top_level"]
    assert max(c.path.count(".") for c in comments) == expected["max_depth"]
    by_path = {c.path: c for c in comments}
    for sample in expected["samples"]:
        found = [c for c in comments if collapse(sample["text_includes"]) in collapse(c.body_text)]
        assert found, sample["text_includes"]
        comment = found[0]
        assert comment.author == sample["author"]
        if sample["posted"] is None:
            assert comment.posted_raw is None
        parent = by_path.get(comment.parent_path) if comment.parent_path else None
        if sample["parent_text_includes"] is None:
            assert parent is None
        else:
            assert collapse(sample["parent_text_includes"]) in collapse(parent.body_text)
