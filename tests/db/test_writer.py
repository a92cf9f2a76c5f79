import copy
import dataclasses
import hashlib

import pytest

from crawler.items import Comment, PageError, Post, RawPage, Thread
from db.schema import open_archive
from db.writer import ArchiveWriter, read_page_body
from pipelines.thread import ThreadPipeline

DIARY = "dailykos/diary-with-comments.html"
BLOG = "pipelines/small-wordpress-like.html"


def counts(db) -> dict:
    return {t: db[t].count for t in ("sites", "authors", "posts", "comments", "recommendations",
                                      "tags", "post_tags", "pages", "errors")}


@pytest.fixture
def writer(archive_path):
    return ArchiveWriter(open_archive(archive_path))


def test_a_thread_is_stored_whole(writer, thread_of):
    thread = thread_of(DIARY)
    writer.write_batch([thread])
    db = writer.db
    assert db["posts"].count == 1 and db["comments"].count == 31
    stored = {row["id"]: row for row in db["comments"].rows}
    for comment in thread.comments:
        row = stored[comment.id]
        assert row["parent_id"] == comment.parent_id
        assert (row["depth"], row["position"], row["tips_plus"]) == (
            comment.depth, comment.position, comment.tips_plus)
    borkitekt = next(c for c in thread.comments if c.author == "borkitekt")
    names = [r["name"] for r in db.query(
        "SELECT authors.name FROM recommendations JOIN authors ON authors.id = author_id "
        "WHERE comment_id = ? ORDER BY authors.name", [borkitekt.id])]
    assert names == ["FishOutofWater", "cotterperson", "rapala"]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    page = db["pages"].get(1)
    assert read_page_body(page["body"]) == thread.page.body
    assert writer.counts.comments == 31 and writer.counts.new_comments == 31


def test_archiving_the_same_page_twice_changes_nothing(writer, thread_of):
    writer.write_batch([thread_of(DIARY)])
    before = counts(writer.db)
    rows = list(writer.db.query("SELECT * FROM comments ORDER BY id"))
    writer.write_batch([thread_of(DIARY)])
    assert counts(writer.db) == before
    assert list(writer.db.query("SELECT * FROM comments ORDER BY id")) == rows
    assert writer.counts.new_comments == 31


def test_a_changed_page_adds_new_comments_and_keeps_old_ones(writer, thread_of):
    first = thread_of(BLOG, fetched_at="2020-01-01T00:00:00Z")
    writer.write_batch([first])
    later = thread_of(BLOG, fetched_at="2020-02-01T00:00:00Z")
    gone = later.comments.pop()  # no longer shown
    extra = copy.deepcopy(later.comments[0])
    extra.id, extra.source_id, extra.path = f"{later.post.id}-99", "99", "2"
    extra.position, extra.parent_id, extra.depth = 3, None, 0
    extra.body_text = "A new comment that arrived later."
    later.comments.append(extra)
    later.page.body += b"<!-- changed -->"
    writer.write_batch([later])
    db = writer.db
    assert db["comments"].count == 3
    assert db["comments"].get(gone.id)["last_seen"] == "2020-01-01T00:00:00Z"
    new = db["comments"].get(extra.id)
    assert new["first_seen"] == new["last_seen"] == "2020-02-01T00:00:00Z"
    kept = db["comments"].get(later.comments[0].id)
    assert (kept["first_seen"], kept["last_seen"]) == ("2020-01-01T00:00:00Z",
                                                      "2020-02-01T00:00:00Z")
    assert db["pages"].count == 2
    assert writer.counts.new_comments == 2 + 1
    # the post's comment count follows: the one no longer shown is still archived
    assert db["posts"].get(later.post.id)["comment_count"] == 3


def test_fts_finds_comments_by_phrase_and_author(writer, thread_of):
    writer.write_batch([thread_of(DIARY)])
    hits = writer.db.execute(
        "SELECT comments.id FROM comments_fts JOIN comments ON comments.rowid = comments_fts.rowid"
        " WHERE comments_fts MATCH ?", ['"strategize their way out of a paper bag"']).fetchall()
    assert len(hits) == 1
    by_author = writer.db.execute(
        "SELECT count(*) FROM comments_fts WHERE comments_fts MATCH 'author:borkitekt'").fetchone()
    assert by_author[0] == 1
    assert writer.db.execute(
        "SELECT count(*) FROM posts_fts WHERE posts_fts MATCH 'ceasefire'").fetchone()[0] == 1


def test_errors_and_their_pages_are_recorded(writer, thread_of):
    page = thread_of(BLOG).page
    writer.write_batch([], [PageError(page.url, "extract", "no recognisable post", page=page)])
    row = writer.db["errors"].get(1)
    assert (row["url"], row["stage"], row["reason"]) == (page.url, "extract",
                                                         "no recognisable post")
    assert writer.db["pages"].count == 1


def test_each_raw_page_of_a_batch_is_stored_as_its_own(writer, thread_of):
    """Pages are hashed and compressed on another thread while rows are written: every page,
    thread page, later page of a thread or failed page, still gets its own body and hash."""
    blog, diary = thread_of(BLOG), thread_of(DIARY)
    diary.more_pages = [dataclasses.replace(diary.page, url=diary.page.url + "?page=2",
                                            body=diary.page.body + b"<!-- 2 -->")]
    failed = dataclasses.replace(blog.page, url="https://example.org/broken", body=b"\xff" * 99)
    writer.write_batch([blog, diary], [PageError(failed.url, "extract", "nothing", page=failed)])
    pages = [blog.page, diary.page, *diary.more_pages, failed]
    stored = {row["url"]: row for row in writer.db["pages"].rows}
    assert len(stored) == len(pages) == 4
    for page in pages:
        row = stored[page.url]
        assert read_page_body(row["body"]) == page.body
        assert row["content_hash"] == hashlib.sha256(page.body).hexdigest()
        assert row["size"] == len(page.body)
    post_pages = dict(writer.db.execute("SELECT id, page_id FROM posts").fetchall())
    assert post_pages[diary.post.id] == stored[diary.page.url]["id"]


def test_a_failing_batch_writes_nothing(writer, thread_of):
    good, bad = thread_of(BLOG), thread_of(DIARY)
    bad.comments[3].parent_id = "not-a-comment"  # breaks a foreign key mid-batch
    with pytest.raises(Exception, match="FOREIGN KEY"):
        writer.write_batch([good, bad])
    assert counts(writer.db) == dict.fromkeys(counts(writer.db), 0)
    assert writer.counts.pages == 0
    writer.write_batch([good])  # the writer is still usable afterwards
    assert writer.db["posts"].count == 1


def test_search_index_follows_new_changed_and_old_comments(writer, thread_of):
    first = thread_of(BLOG, fetched_at="2020-01-01T00:00:00Z")
    writer.write_batch([first])
    later = thread_of(BLOG, fetched_at="2020-02-01T00:00:00Z")
    later.comments[0].body_text = "A wholly rewritten zeppelin remark."
    writer.write_batch([later])
    db = writer.db

    def hits(query):
        return db.execute("SELECT count(*) FROM comments_fts WHERE comments_fts MATCH ?",
                          [query]).fetchone()[0]

    assert hits("zeppelin") == 1
    assert hits('"First comment, with a question"') == 0  # the old words left the index
    assert hits('"An answer from the author"') == 1
    db.execute("INSERT INTO comments_fts (comments_fts) VALUES ('integrity-check')")
    assert "comments_fts_ai" not in db.triggers_dict


def test_a_comment_the_page_repeats_is_stored_once_and_indexed_once(writer, thread_of):
    thread = thread_of(BLOG)
    repeat = copy.deepcopy(thread.comments[0])
    repeat.body_text = "The same comment, shown again with a zeppelin."
    thread.comments.append(repeat)
    writer.write_batch([thread])
    db = writer.db
    assert db["comments"].count == len(thread.comments) - 1
    assert db["comments"].get(repeat.id)["body_text"] == repeat.body_text
    assert writer.counts.new_comments == len(thread.comments) - 1
    assert db.execute("SELECT count(*) FROM comments_fts WHERE comments_fts MATCH 'zeppelin'"
                      ).fetchone()[0] == 1
    db.execute("INSERT INTO comments_fts (comments_fts, rank) VALUES ('integrity-check', 1)")


def test_a_comment_changed_by_a_later_page_of_the_same_batch_is_indexed_as_it_ends(
        writer, thread_of):
    """Found by the mutation fuzz: three copies of one page in one import batch, the later ones
    showing some comments otherwise (cut short). The first stored the comments, to be indexed
    when the batch commits; the next changed them, and the index's trigger took out of the
    index words that were not yet in it: "database disk image is malformed", the whole batch
    lost, and the import had already counted its pages archived."""
    first = thread_of(BLOG, fetched_at="2020-01-01T00:00:00Z")
    later = thread_of(BLOG, fetched_at="2020-02-01T00:00:00Z")
    later.comments[0].body_text = "A wholly rewritten zeppelin remark."
    writer.write_batch([first, later])
    db = writer.db
    assert db["comments"].count == len(first.comments)
    assert db["comments"].get(later.comments[0].id)["body_text"] == later.comments[0].body_text
    assert db.execute("SELECT count(*) FROM comments_fts WHERE comments_fts MATCH 'zeppelin'"
                      ).fetchone()[0] == 1
    assert db.execute("SELECT count(*) FROM comments_fts_docsize").fetchone()[0] == len(
        first.comments)
    db.execute("INSERT INTO comments_fts (comments_fts, rank) VALUES ('integrity-check', 1)")


def unnamed_thread(fetched_at: str, *comments: tuple[str, str, str], extra: bytes = b""):
    """A thread whose comments carry no ids of the site's: (path, author, text), named and
    linked by the thread stage as a crawl names them, with the page it came from."""
    body = b"<html>" + repr(comments).encode() + extra + b"</html>"
    url = "https://blog.example/post/"
    thread = Thread(post=Post(url=url, title="Post"), comments=[
        Comment(path=path, author=author, posted_raw=f"when {author} wrote {text}",
                body_text=text)
        for path, author, text in comments],
        page=RawPage(url=url, body=body, fetched_at=fetched_at, status=200,
                     content_type="text/html"))
    return ThreadPipeline().process_item(thread)


def stored_thread(db) -> list[tuple]:
    """(author, text, parent's text, first seen, last seen) in thread order."""
    return db.execute(
        "SELECT a.name, c.body_text, p.body_text, c.first_seen, c.last_seen FROM comments c "
        "JOIN authors a ON a.id = c.author_id LEFT JOIN comments p ON p.id = c.parent_id "
        "ORDER BY c.position, c.id").fetchall()


def test_a_reply_deleted_between_fetches_is_kept_and_no_comment_takes_its_name(writer):
    """Names by place shift when a comment goes: without matching, the second fetch wrote each
    later comment over the one before (the deleted text lost, replies under the wrong parent)."""
    first = unnamed_thread("2020-01-01T00:00:00Z", ("1", "ann", "Top."), ("1.1", "bob", "Spam!"),
                           ("1.2", "cy", "A reply."), ("1.2.1", "ann", "Reply to cy."),
                           ("2", "dee", "Second top."))
    writer.write_batch([first])
    later = unnamed_thread("2020-02-01T00:00:00Z", ("1", "ann", "Top."),
                           ("1.1", "cy", "A reply."), ("1.1.1", "ann", "Reply to cy."),
                           ("2", "dee", "Second top."), ("3", "eve", "New."))
    writer.write_batch([later])
    jan, feb = "2020-01-01T00:00:00Z", "2020-02-01T00:00:00Z"
    assert stored_thread(writer.db) == [
        ("ann", "Top.", None, jan, feb),
        ("bob", "Spam!", "Top.", jan, jan),  # deleted: kept, in its place
        ("cy", "A reply.", "Top.", jan, feb),
        ("ann", "Reply to cy.", "A reply.", jan, feb),
        ("dee", "Second top.", None, jan, feb),
        ("eve", "New.", None, feb, feb),
    ]
    assert writer.db["posts"].get(later.post.id)["comment_count"] == 6
    assert writer.db.execute("PRAGMA foreign_key_check").fetchall() == []
    writer.db.execute("INSERT INTO comments_fts (comments_fts, rank) VALUES ('integrity-check', 1)")


def test_a_reparse_rebuilds_each_thread_from_its_pages_as_an_improved_extractor_reads_them(
        writer, archive_path):
    """A re-parse's writer drops a thread's comments at its first write and rebuilds them from
    its stored pages, oldest first: an extractor that now reads every text (and byline)
    otherwise replaces the old reading instead of standing beside it, a comment deleted between
    the two fetches is still kept, seen-times no stored page holds stay, and a thread it finds
    no comment in counts none."""
    first = unnamed_thread("2020-01-01T00:00:00Z", ("1", "ann", "Top. Share this!"),
                           ("1.1", "bob", "Reply. Share this!"), ("2", "cy", "Gone. Share this!"))
    later = unnamed_thread("2020-02-01T00:00:00Z", ("1", "ann", "Top. Share this!"),
                           ("1.1", "bob", "Reply. Share this!"))
    writer.write_batch([first])
    writer.write_batch([later])
    # fetched again in March and found unchanged: seen then, with no page stored for it
    writer.mark_seen(later.post.id, "2020-03-01T00:00:00Z")
    first.comments[1].recommenders = ["dee"]
    rebuild = ArchiveWriter(open_archive(archive_path), rebuild_threads=True)
    again = [unnamed_thread(thread.page.fetched_at, *[
        (c.path, c.author, c.body_text.replace(" Share this!", "")) for c in thread.comments])
        for thread in (first, later)]
    for thread, old in zip(again, (first, later), strict=True):
        thread.page = old.page  # the same stored bytes, read otherwise
    again[0].comments[1].recommenders = ["dee"]
    rebuild.write_batch(again[:1])
    rebuild.write_batch(again[1:])
    jan, mar = "2020-01-01T00:00:00Z", "2020-03-01T00:00:00Z"
    assert stored_thread(rebuild.db) == [
        ("ann", "Top.", None, jan, mar), ("bob", "Reply.", "Top.", jan, mar),
        ("cy", "Gone.", None, jan, jan)]
    assert rebuild.db["recommendations"].count == 1
    assert rebuild.counts.new_comments == 0  # each was archived before the rebuild
    assert rebuild.db["posts"].get(first.post.id)["comment_count"] == 3
    empty = unnamed_thread(jan)
    empty.page = first.page
    ArchiveWriter(open_archive(archive_path), rebuild_threads=True).write_batch([empty])
    assert rebuild.db["comments"].count == 0
    assert rebuild.db["posts"].get(first.post.id)["comment_count"] == 0
    rebuild.db.execute(
        "INSERT INTO comments_fts (comments_fts, rank) VALUES ('integrity-check', 1)")
