import copy

import pytest

from pipelines.thread import ThreadPipeline, canonical_key, post_id


def test_ids_parents_depths_positions(build, thread):
    item = build(ThreadPipeline).process_item(thread)
    first, reply, deep, other = item.comments
    assert item.post.id == post_id("https://example.org/2008/03/31/iran")
    assert first.id == f"{item.post.id}-101" and first.parent_id is None
    assert reply.parent_id == first.id and reply.depth == 1
    assert deep.id == f"{item.post.id}-p1.1.1" and deep.parent_id == reply.id and deep.depth == 2
    assert other.parent_id is None and other.depth == 0
    assert [c.position for c in item.comments] == [1, 2, 3, 4]
    assert {c.post_id for c in item.comments} == {item.post.id}


def test_ids_are_stable_across_runs(build, thread):
    again = copy.deepcopy(thread)
    one = build(ThreadPipeline).process_item(thread)
    two = build(ThreadPipeline).process_item(again)
    assert one.post.id == two.post.id
    assert [c.id for c in one.comments] == [c.id for c in two.comments]
    assert [c.parent_id for c in one.comments] == [c.parent_id for c in two.comments]


@pytest.mark.parametrize(
    "a,b",
    [
        ("https://www.example.org/a/b/", "https://example.org/a/b"),
        ("https://EXAMPLE.org/a/b#comments", "https://example.org/a/b"),
        ("http://example.org/a/b", "https://example.org/a/b"),
    ],
)
def test_same_resource_same_post_id(a, b):
    assert canonical_key(a) == canonical_key(b)
    assert post_id(a) == post_id(b)


def test_different_pages_different_ids():
    assert post_id("https://example.org/a?p=1") != post_id("https://example.org/a?p=2")
