"""One check of an extracted thread against a gold file (GOLD.md), for the real-page tests."""

from __future__ import annotations

from crawler.extractors.text import collapse
from crawler.items import Thread


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
