"""`blogarchive import` and `reparse`, run as real processes on real files."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from io import BytesIO
from pathlib import Path

import pytest
from sqlite_utils import Database
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.conftest import ROOT

ROW_TABLES = ("sites", "authors", "posts", "comments", "recommendations", "tags", "post_tags",
              "pages")


def snapshot(db_path) -> dict:
    """Every row an archive holds, minus what describes the run rather than the content."""
    db = Database(db_path)
    rows = {}
    for table in ROW_TABLES:
        order = "id" if "id" in db[table].columns_dict else "rowid"
        rows[table] = [
            {k: v for k, v in row.items() if k != "crawl_id"}
            for row in db.query(f"SELECT * FROM {table} ORDER BY {order}")
        ]
    db.close()
    return rows


@pytest.fixture
def pages(tmp_path, fixtures):
    """A folder of our fixture pages, copied so a test may add bad files beside them."""
    folder = tmp_path / "pages"
    shutil.copytree(fixtures, folder)
    return folder


def test_import_folder_stores_threads_pages_and_a_run(blogarchive, pages, archive_path):
    result = blogarchive("import", archive_path, pages)
    assert result.returncode == 0, result.stderr
    total = len([p for p in pages.rglob("*.htm*")])
    assert f"imported: {total} pages fetched, {total} posts archived" in result.stdout
    assert f"archive: {archive_path}" in result.stdout
    db = Database(archive_path)
    assert db["pages"].count == total and db["posts"].count == total
    run = db["crawls"].get(1)
    assert (run["command"], run["status"], run["pages"]) == ("import", "finished", total)
    assert run["comments"] == db["comments"].count > 100
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_importing_twice_gives_identical_rows(blogarchive, pages, archive_path):
    blogarchive("import", archive_path, pages)
    first = snapshot(archive_path)
    again = blogarchive("import", archive_path, pages)
    total = len([p for p in pages.rglob("*.htm*")])
    assert again.returncode == 0
    assert (f"{total} pages fetched, 0 posts archived, 0 comments (0 new), {total} skipped "
            f"({total} already archived), 0 errors") in again.stdout
    (run,) = Database(archive_path).query("SELECT fetched, unchanged, status FROM crawls "
                                          "WHERE id = 2")
    assert run == {"fetched": total, "unchanged": total, "status": "finished"}
    forced = blogarchive("import", archive_path, pages, "--force")
    assert forced.returncode == 0 and "0 new" in forced.stdout
    assert snapshot(archive_path) == first


def test_reparse_gives_the_same_rows(blogarchive, pages, archive_path):
    blogarchive("import", archive_path, pages)
    first = snapshot(archive_path)
    result = blogarchive("reparse", archive_path)
    assert result.returncode == 0, result.stderr
    assert "reparsed" in result.stdout
    assert snapshot(archive_path) == first
    assert Database(archive_path)["crawls"].get(2)["command"] == "reparse"
    # the spelling before the archive came first still works, for scripts written for it
    again = blogarchive("reparse", archive_path, "--json")
    assert again.returncode == 0, again.stderr
    summary = json.loads(again.stdout)  # --json: the summary as one JSON object, as import's
    assert (summary["crawl_id"], summary["status"], summary["new_comments"]) == (3, "finished", 0)
    assert Database(archive_path)["crawls"].get(3)["command"] == "reparse"


def write_warc(path, records):
    """A WARC of response records: (url, body) as HTML, (url, body, content type) as given."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=path.suffix == ".gz")
        for url, body, *kind in records:
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", kind[0] if kind else "text/html; charset=utf-8")],
                protocol="HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(url, "response", payload=BytesIO(body),
                                          http_headers=headers)
            )


@pytest.mark.parametrize("name", ["pages.warc", "pages.warc.gz"])
def test_warc_import_gives_the_same_rows_as_html(blogarchive, fixtures, tmp_path, name):
    files = {
        "https://kos.example/story/2008/3/31/1": fixtures / "dailykos/diary-with-comments.html",
        "https://blog.example.org/2020/01/02/small-page/":
            fixtures / "pipelines/small-wordpress-like.html",
    }
    warc = tmp_path / name
    write_warc(warc, [(url, path.read_bytes()) for url, path in files.items()])
    from_warc = tmp_path / "warc.db"
    assert blogarchive("import", from_warc, warc).returncode == 0
    from_html = tmp_path / "html.db"
    for url, path in files.items():
        assert blogarchive("import", from_html, path, "--url", url).returncode == 0
    ignore = ("pages",)  # fetch times differ: a WARC says when, a file only its mtime
    warc_rows, html_rows = snapshot(from_warc), snapshot(from_html)
    for table in ROW_TABLES:
        if table in ignore:
            continue
        for rows in (warc_rows[table], html_rows[table]):
            for row in rows:
                row.pop("first_seen", None), row.pop("last_seen", None), row.pop("page_id", None)
        assert warc_rows[table] == html_rows[table], table
    assert len(warc_rows["comments"]) == 33


def test_bad_files_are_recorded_and_the_rest_goes_on(blogarchive, pages, archive_path):
    (pages / "empty.html").write_bytes(b"")
    (pages / "binary.html").write_bytes(bytes(range(256)) * 40)
    (pages / "broken.warc.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    result = blogarchive("import", archive_path, pages)
    assert result.returncode == 1
    db = Database(archive_path)
    errors = {row["url"]: row for row in db["errors"].rows_where("stage != 'pipeline'")}
    assert len(errors) == 3
    reasons = " ".join(f"{url} {row['reason']}" for url, row in errors.items())
    assert "empty.html" in reasons and "empty page" in reasons
    assert "binary.html" in reasons and "binary content" in reasons
    assert "broken.warc.gz" in reasons
    assert "3 errors" in result.stdout
    good = len([p for p in pages.rglob("*.htm*")]) - 2
    assert db["posts"].count == good
    assert "empty.html" in result.stderr  # reported in the log too


def test_url_option_names_a_bare_file(blogarchive, fixtures, archive_path):
    page = fixtures / "dailykos/diary-with-comments.html"
    result = blogarchive("import", archive_path, page, "--url",
                         "https://kos.example/story/1")
    assert result.returncode == 0
    assert Database(archive_path)["posts"].get(
        __import__("pipelines.thread").thread.post_id("https://kos.example/story/1")
    )["url"] == "https://kos.example/story/1"


def test_import_killed_midway_then_rerun_equals_an_uninterrupted_one(corpus, tmp_path):
    pages = [p for p in sorted(corpus.glob("scrapinghub_article-extraction-benchmark/html/*"))]
    pages = pages[:60]
    folder = tmp_path / "pages"
    folder.mkdir()
    for page in pages:
        os.symlink(page, folder / page.name)
    whole, broken = tmp_path / "whole.db", tmp_path / "broken.db"
    command = [sys.executable, "-m", "crawler.cli", "import"]
    options = [str(folder), "-s", "ARCHIVE_BATCH_PAGES=5"]
    subprocess.run([*command, str(whole), *options], cwd=ROOT, check=True, capture_output=True)

    process = subprocess.Popen([*command, str(broken), *options], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # kill -9 once some batches, not all, are committed
        time.sleep(0.05)
        if broken.exists():
            try:
                stored = Database(broken).execute("SELECT count(*) FROM pages").fetchone()[0]
            except Exception:
                continue
            if stored >= 10:
                break
    process.send_signal(signal.SIGKILL)
    process.wait()
    partial = Database(broken).execute("SELECT count(*) FROM posts").fetchone()[0]
    assert 10 <= partial < len(pages), "the kill did not land midway"
    assert partial % 5 == 0, "only whole batches are committed"

    subprocess.run([*command, str(broken), *options], cwd=ROOT, check=True,
                   capture_output=True)
    assert snapshot(broken) == snapshot(whole)


def test_every_corpus_page_imports_with_foreign_keys_holding(blogarchive, corpus, archive_path):
    result = blogarchive("import", archive_path, corpus, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    db = Database(archive_path)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db["posts"].count == db["pages"].count > 150
    orphans = db.execute(
        "SELECT count(*) FROM comments c LEFT JOIN comments p ON p.id = c.parent_id "
        "WHERE c.parent_id IS NOT NULL AND (p.id IS NULL OR p.post_id != c.post_id)"
    ).fetchone()[0]
    assert orphans == 0


def threads_by_title(db_path) -> dict:
    """Each post's body and its comments (author, words), by the post's title."""
    db = Database(db_path)
    return {
        title: (body, db.execute(
            "SELECT a.name, c.body_text FROM comments c LEFT JOIN authors a ON a.id = c.author_id"
            " WHERE c.post_id = ? ORDER BY c.position", [post_id]).fetchall())
        for post_id, title, body in db.execute("SELECT id, title, body_text FROM posts")
    }


def test_every_hostile_page_is_archived_or_recorded_and_none_stops_the_import(
        blogarchive, corpus, tmp_path, archive_path):
    """Control characters, 5,000 levels of nesting, UTF-16 and UTF-32, a lying charset and an
    image sent as HTML (tests/mockserver/hostile.py): each file and WARC record ends archived
    or as an errors row, the posts are those of the real pages they were made from, and
    importing them again changes nothing."""
    from tests.mockserver.hostile import HOSTILE, REFUSED, write_hostile_folder

    folder = tmp_path / "hostile"
    inputs = write_hostile_folder(folder, corpus)
    result = blogarchive("import", archive_path, folder, "--json")
    assert result.returncode == 1, result.stderr[-2000:]  # the image: a failed page
    summary = json.loads(result.stdout)
    refused = sum(2 if name in REFUSED else 0 for name in HOSTILE)  # a file and a record
    assert (summary["pages"], summary["errors"], summary["skipped"]) == (
        inputs - refused, refused, 0)
    db = Database(archive_path)
    errors = {e["url"].rstrip("/").rsplit("/", 1)[1]: e["reason"]
              for e in db["errors"].rows_where("stage = 'extract'")}
    assert errors == {"image": "binary content (a PNG image), not an HTML page",
                      "image.html": "binary content (a PNG image), not an HTML page"}
    assert db["errors"].count == summary["errors"] + summary["warnings"]
    assert summary["warnings"] >= 3  # controls dropped, nesting flattened, charset passed over

    # the real pages the hostile ones were made from, imported as they are
    originals = tmp_path / "originals"
    originals.mkdir()
    for name, relative in HOSTILE.items():
        if relative is not None:
            (originals / f"{name}.html").write_bytes((corpus / relative).read_bytes())
    assert blogarchive("import", tmp_path / "o.db", originals).returncode == 0
    expected = threads_by_title(tmp_path / "o.db")
    assert threads_by_title(archive_path) == expected
    deep = expected["Make Breathtaking Movies from Your Photos"]
    assert len(deep[1]) == 45 and "Photo Slideshow Creator" in deep[0]

    first = snapshot(archive_path)
    again = json.loads(blogarchive("import", archive_path, folder, "--json").stdout)
    assert (again["pages"], again["errors"], again["skipped"]) == (0, 0, inputs)
    assert snapshot(archive_path) == first


def test_every_file_and_record_an_import_reads_is_archived_skipped_or_an_error(
        blogarchive, fixtures, tmp_path, archive_path):
    """A WARC's image response was passed over without a trace; now each input ends as one
    outcome and they add up to what the import read (and what it could not)."""
    folder = tmp_path / "mixed"
    folder.mkdir()
    page = (fixtures / "pipelines/small-wordpress-like.html").read_bytes()
    write_warc(folder / "a.warc.gz", [("https://blog.example.org/p/", page),
                                      ("https://blog.example.org/logo.png", bytes(300),
                                       "image/png")])
    (folder / "b-noise.warc").write_bytes(bytes(range(256)) * 4)
    shutil.copy(fixtures / "dailykos/diary-with-comments.html", folder / "c-page.html")
    summary = json.loads(blogarchive("import", archive_path, folder, "--json").stdout)
    outcomes = summary["outcomes"]
    assert outcomes["archived"] == {"archived": 2}
    assert outcomes["skipped"] == {"not_html": 1}
    assert outcomes["errors"] == {"error": 1} and outcomes["not_fetched"] == 1
    assert sum(sum(outcomes[group].values()) for group in ("archived", "skipped", "errors")) \
        == summary["fetched"] + summary["unfetched"] == 4
    again = json.loads(blogarchive("import", archive_path, folder, "--json").stdout)["outcomes"]
    assert again["skipped"] == {"known": 2, "not_html": 1}


def test_broken_warcs_are_error_rows_and_the_import_goes_on(blogarchive, fixtures, tmp_path,
                                                            archive_path):
    """A WARC that is not one, and one whose record warcio fails on in a way it does not
    declare (a response without a target URI raised AttributeError and stopped the import)."""
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "a-noise.warc.gz").write_bytes(bytes(range(256)) * 20)
    (folder / "b-no-uri.warc").write_bytes(
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 10\r\n\r\n\x00\x01\x02garbage\r\n\r\n")
    shutil.copy(fixtures / "dailykos/diary-with-comments.html", folder / "c-page.html")
    result = blogarchive("import", archive_path, folder)
    assert result.returncode == 1  # pages failed: said by the exit code
    assert "1 posts archived" in result.stdout and "2 errors" in result.stdout
    assert "Traceback" not in result.stderr
    rows = {Path(r["url"]).name: r["reason"] for r in Database(archive_path)["errors"].rows}
    assert sorted(rows) == ["a-noise.warc.gz", "b-no-uri.warc"]
    assert "malformed record 1 (AttributeError" in rows["b-no-uri.warc"]
    assert rows["a-noise.warc.gz"].endswith("not a WARC or ARC file (unknown archive format)")
    assert all(len(reason) <= 300 and reason.isprintable() for reason in rows.values())


def test_a_page_showing_a_comment_twice_is_read_alike_by_an_import_and_a_reparse(
        blogarchive, fixtures, tmp_path, archive_path):
    """Found by re-parsing the mutation fuzz's archive: a page that repeats a block of comments
    (ids of the site's and all) was read by a file import with each repeat in place, the later
    copy's place winning, and by a crawl or re-parse with each comment once, where first shown:
    the same comments under other paths and positions. Every route now reads a thread alike."""
    html = (fixtures / "pipelines" / "small-wordpress-like.html").read_text(encoding="utf-8")
    start, end = html.index('<li id="comment-11"'), html.index("</ol>\n<div id=\"respond\"")
    block = html[start:end]
    later = block.replace("11", "13").replace("12", "14").replace("First comment", "Third")
    page = tmp_path / "repeats.html"
    page.write_text(html[:end] + block + later + html[end:], encoding="utf-8")
    imported = blogarchive("import", archive_path, page)
    assert imported.returncode == 0, imported.stderr[-3000:]
    first = snapshot(archive_path)
    assert [(c["source_id"], c["path"]) for c in first["comments"]] == [
        ("11", "1"), ("12", "1.1"), ("13", "2"), ("14", "2.1")]
    reparsed = blogarchive("reparse", archive_path)
    assert reparsed.returncode == 0, reparsed.stderr[-3000:]
    assert snapshot(archive_path) == first
