from dataclasses import asdict

from db.reader import read_thread
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
