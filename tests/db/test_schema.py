import sqlite3

from sqlite_utils import Database

from db.migrations import SCHEMA_VERSION, migrations
from db.schema import INDEXES, RETIRED_INDEXES, SORT_INDEXES, open_archive, schema_version


def test_open_creates_every_table_view_and_index(archive_path):
    db = open_archive(archive_path)
    for table in ("sites", "authors", "posts", "comments", "recommendations", "tags",
                  "post_tags", "pages", "crawls", "errors", "posts_fts", "comments_fts"):
        assert db[table].exists(), table
    assert "comments_readable" in db.view_names()
    for table, columns in INDEXES.items():
        indexed = {tuple(index.columns) for index in db[table].indexes}
        for column in columns:
            assert (column,) in indexed, (table, column)
    for table, column in SORT_INDEXES.items():
        sql = db.execute("SELECT sql FROM sqlite_master WHERE name = ?",
                         [f"idx_{table}_{column}_id"]).fetchone()[0]
        assert sql.replace("[", "").replace("]", "").replace('"', "").endswith(
            f"({column}, id desc)"), sql
    assert schema_version(db) == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_opening_twice_changes_nothing(archive_path):
    first = open_archive(archive_path)
    before = first.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
    first.close()
    again = open_archive(archive_path)
    after = again.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
    assert before == after


def test_foreign_keys_are_enforced(archive_path):
    db = open_archive(archive_path)
    try:
        db.execute(
            "INSERT INTO comments (id, post_id, path, depth, position)"
            " VALUES ('c', 'nope', '1', 0, 1)"
        )
    except sqlite3.IntegrityError as exc:
        assert "FOREIGN KEY" in str(exc)
    else:
        raise AssertionError("a comment of a missing post was accepted")


def test_a_parent_must_be_in_the_same_post(archive_path):
    db = open_archive(archive_path)
    with db.atomic():
        db["sites"].insert({"id": 1, "host": "example.org"})
        for post in ("a", "b"):
            db["posts"].insert({"id": post, "site_id": 1, "url": f"https://example.org/{post}"})
        db["comments"].insert(
            {"id": "a-1", "post_id": "a", "path": "1", "depth": 0, "position": 1}
        )
    try:
        db["comments"].insert(
            {"id": "b-1", "post_id": "b", "parent_id": "a-1", "path": "1.1", "depth": 1,
             "position": 1}
        )
    except sqlite3.IntegrityError:
        pass
    else:
        raise AssertionError("a reply to another post's comment was accepted")


def test_an_archive_of_the_previous_version_is_upgraded_keeping_its_data(archive_path):
    old = Database(archive_path)
    migrations.apply(old, stop_before="0002_provenance")
    old["sites"].insert({"id": 1, "host": "example.org"})
    old["posts"].insert({"id": "p", "site_id": 1, "url": "https://example.org/p", "title": "Kept"})
    assert not old["pages"].exists()
    old.close()

    db = open_archive(archive_path)
    assert schema_version(db) == SCHEMA_VERSION
    assert db["posts"].get("p")["title"] == "Kept"
    assert "page_id" in db["posts"].columns_dict
    assert db["pages"].exists() and db["crawls"].exists()
    # the posts FTS created on upgrade covers rows that existed before it
    found = db.execute("SELECT count(*) FROM posts_fts WHERE posts_fts MATCH 'kept'").fetchone()
    assert found[0] == 1


def test_an_older_archive_trades_its_time_indexes_for_the_sort_indexes(archive_path):
    db = open_archive(archive_path)
    for name in RETIRED_INDEXES:  # as an archive of the previous version had them
        table, column = name.removeprefix("idx_").split("_", 1)
        db.execute(f"CREATE INDEX {name} ON {table} ({column})")
    db.close()
    again = open_archive(archive_path)
    names = {row[0] for row in again.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert not names & set(RETIRED_INDEXES)
    assert {f"idx_{t}_{c}_id" for t, c in SORT_INDEXES.items()} <= names


def test_a_new_archive_has_8k_pages_and_an_old_one_keeps_its_own(archive_path, tmp_path):
    assert open_archive(archive_path).execute("PRAGMA page_size").fetchone()[0] == 8192
    old = tmp_path / "old.db"
    conn = sqlite3.connect(old)
    conn.execute("PRAGMA page_size = 4096")
    conn.execute("CREATE TABLE kept (x)")
    conn.close()
    db = open_archive(old)
    assert db.execute("PRAGMA page_size").fetchone()[0] == 4096
    assert db["kept"].exists() and db["comments"].exists()


def test_the_comments_page_facets_read_indexes_not_rows(archive_path):
    """Datasette's facet queries on the whole comments table (kind, post, author) and the
    listing by time each read an index: a full scan of 1M comments is half a second a facet."""
    db = open_archive(archive_path)
    for sql in (
        "select kind as value, count(*) as count from (select * from comments) "
        "where kind is not null group by kind order by count desc, value limit 31",
        "select post_id as value, count(*) as count from (select * from comments) "
        "where post_id is not null group by post_id order by count desc, value limit 31",
        "select author_id as value, count(*) as count from (select * from comments) "
        "where author_id is not null group by author_id order by count desc, value limit 31",
        "select * from comments where kind = 'pingback'",
    ):
        plan = " ".join(row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {sql}"))
        assert "USING" in plan and "INDEX" in plan, (sql, plan)


def test_stream_marks_kept_in_store_runs_arguments_are_carried_over(archive_path):
    """An archive a shared crawl's writer used before the marks had their table keeps them."""
    import json

    from db.state import stream_mark

    db = Database(archive_path)
    migrations.apply(db, stop_before="0006_stream_marks")
    runs = [("blogarchive:items", "1700000000000-5"), ("blogarchive:items", "1700000000000-12"),
            ("blogarchive:items", "999-0"), ("other:items", "5-1")]
    for stream, through in runs:
        db["crawls"].insert({"command": "store", "started": "2026-01-01T00:00:00Z",
                             "status": "finished",
                             "arguments": json.dumps({"stream": stream, "through": through})})
    db.close()
    db = open_archive(archive_path)
    # the highest entry id, compared as numbers ("-12" after "-5"), not as text
    assert stream_mark(db, "blogarchive:items") == "1700000000000-12"
    assert stream_mark(db, "other:items") == "5-1"
    assert stream_mark(db, "missing") is None


def test_posts_of_an_older_archive_get_their_comment_counts(archive_path):
    """Migration 0008 counts the comments each post already has: sorting by it is right at once."""
    db = Database(archive_path)
    migrations.apply(db, stop_before="0008_post_comment_count")
    db["sites"].insert({"id": 1, "host": "old.example"})
    db["posts"].insert_all([{"id": p, "site_id": 1, "url": f"https://old.example/{p}"}
                            for p in ("busy", "quiet", "silent")])
    db["comments"].insert_all(
        [{"id": f"{post}-{n}", "post_id": post, "path": str(n), "depth": 0, "position": n}
         for post, many in (("busy", 3), ("quiet", 1)) for n in range(1, many + 1)])
    db.close()
    db = open_archive(archive_path)
    assert dict(db.execute("SELECT id, comment_count FROM posts").fetchall()) == {
        "busy": 3, "quiet": 1, "silent": 0}
