import json
from dataclasses import asdict

from db.publish import thread_tree, walk
from db.reader import nest_thread, read_thread, read_thread_tree
from db.schema import open_archive
from db.writer import ArchiveWriter


def test_a_thread_reads_back_as_it_was_written(archive_path, thread_of):
    thread = thread_of("dailykos/deep-thread.html")
    db = open_archive(archive_path)
    ArchiveWriter(db).write_batch([thread])
    stored = read_thread(db, thread.post.id)
    for field in ("id", "url", "title", "author", "published", "body_text", "tags", "groups"):
        assert getattr(stored.post, field) == getattr(thread.post, field), field
    assert len(stored.comments) == len(thread.comments)
    for mine, theirs in zip(stored.comments, thread.comments, strict=True):
        expected = asdict(theirs)
        got = asdict(mine)
        for field in ("id", "parent_id", "path", "depth", "position", "author", "posted",
                      "posted_raw", "title", "body_text", "signature", "tips_plus", "tips_minus",
                      "recommenders", "kind"):
            assert got[field] == expected[field], (theirs.path, field)


def test_unknown_post_reads_as_none(archive_path):
    assert read_thread(open_archive(archive_path), "nope") is None


def test_thread_tree_from_rows_is_the_tree_of_the_items(archive_path, thread_of):
    """`read_thread_tree` (rows straight into nodes) gives `thread_tree(read_thread(...))`,
    key order included: the thread view, its JSON and exports all read it."""
    thread = thread_of("dailykos/deep-thread.html")
    db = open_archive(archive_path)
    ArchiveWriter(db).write_batch([thread])
    direct = read_thread_tree(db, thread.post.id)
    via_items = thread_tree(read_thread(db, thread.post.id))
    assert json.dumps(direct) == json.dumps(via_items)
    assert direct["comment_count"] == len(thread.comments) == 10
    nodes = [node for _, node in walk(direct["comments"])]
    assert [n["id"] for n in nodes] == [c.id for c in thread.comments]
    assert max(n["depth"] for n in nodes) >= 3
    assert "tips_raw" not in nodes[0] and "parent_source_id" not in nodes[0]
    assert any(n["recommenders"] for n in nodes)
    assert read_thread_tree(db, "nope") is None


def test_nest_thread_places_children_before_parents_and_orphans_as_roots():
    nodes = [
        {"id": "c", "parent_id": "b"}, {"id": "a", "parent_id": None},
        {"id": "b", "parent_id": "a"}, {"id": "d", "parent_id": "gone"},
    ]
    tree = nest_thread({"id": "p"}, nodes)
    assert [n["id"] for n in tree["comments"]] == ["a", "d"]
    assert [(depth, n["id"]) for depth, n in walk(tree["comments"])] == [
        (0, "a"), (1, "b"), (2, "c"), (0, "d")]
    assert tree["comment_count"] == 4
