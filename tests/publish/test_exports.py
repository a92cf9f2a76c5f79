"""Everything downloads whole: tables past 1,000 rows as CSV and JSON, stored queries, SQL, threads,
from the server and from `blogarchive export`; raw page bodies are not served."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from sqlite_utils import Database

from db.publish import thread_tree
from db.reader import read_thread

# the size of conftest's big thread: past Datasette's 1,000-row pages
BIG_THREAD_COMMENTS = 2_000


def comment_ids(archive) -> list[str]:
    return [r[0] for r in Database(archive).execute("SELECT id FROM comments ORDER BY rowid")]


@pytest.mark.asyncio
async def test_datasette_streams_a_whole_table_as_csv(big_archive, datasette_for):
    ds = datasette_for(big_archive)
    response = await ds.client.get("/big/comments.csv?_stream=on&_size=max")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == BIG_THREAD_COMMENTS > 1_000
    assert sorted(r["id"] for r in rows) == sorted(comment_ids(big_archive))


@pytest.mark.asyncio
@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl"])
async def test_full_export_of_a_table(big_archive, datasette_for, fmt):
    ds = datasette_for(big_archive)
    response = await ds.client.get(f"/-/export/big.{fmt}?table=comments")
    assert response.status_code == 200
    assert 'filename="comments.' in response.headers["content-disposition"]
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(response.text)))
    elif fmt == "json":
        rows = response.json()
    else:
        rows = [json.loads(line) for line in response.text.splitlines()]
    assert [r["id"] for r in rows] == comment_ids(big_archive)
    assert len(rows) == BIG_THREAD_COMMENTS


@pytest.mark.asyncio
async def test_full_export_of_stored_and_sql_queries(big_archive, publish_archive,
                                                     datasette_for):
    ds = datasette_for(big_archive)
    thread = await ds.client.get("/-/export/big.json?query=thread&post_id=post-big")
    assert [r["comment_id"] for r in thread.json()] == [
        c.id for c in read_thread(Database(big_archive), "post-big").comments]
    sql = await ds.client.get("/-/export/big.jsonl", params={
        "sql": "select id, depth from comments where depth >= :d order by id", "d": "1"})
    lines = sql.text.splitlines()
    assert len(lines) == Database(big_archive).execute(
        "select count(*) from comments where depth >= 1").fetchone()[0] > 1_000
    refused = await ds.client.get("/-/export/big.csv", params={"sql": "delete from comments"})
    assert refused.status_code == 403
    # every table and stored query page links its full export
    page = await ds.client.get("/big/comments")
    assert 'href="/-/export/big.json?table=comments"' in page.text
    page = await datasette_for(publish_archive).client.get("/archive/search?q=tides")
    assert 'href="/-/export/archive.csv?query=search&amp;q=tides"' in page.text


@pytest.mark.asyncio
async def test_a_search_page_downloads_every_match(big_archive, datasette_for):
    """A table page's downloads carry its search and filters (not its columns or page size):
    every match, in the page's order, not the whole table nor the 20 rows shown."""
    ds = datasette_for(big_archive)
    page = (await ds.client.get("/big/comments?_search=tides")).text
    links = {fmt: url for url, fmt in re.findall(r'<a href="(/-/export/big\.(\w+)\?[^"]+)"',
                                                 page)}
    assert set(links) == {"csv", "json", "jsonl"}
    csv_url = links["csv"].replace("&amp;", "&")
    assert "table=comments" in csv_url and "_search=tides" in csv_url and "_col" not in csv_url
    rows = list(csv.DictReader(io.StringIO((await ds.client.get(csv_url)).text)))
    assert len(rows) == 2_000  # every match, not the 20 the page shows
    assert [r["posted"] for r in rows] == sorted((r["posted"] for r in rows), reverse=True)
    some = (await ds.client.get("/-/export/big.json?table=comments&_search=tides"
                                "&author_id=1")).json()
    expected = Database(big_archive).execute(
        "select count(*) from comments where author_id = 1").fetchone()[0]
    assert len(some) == expected and all(r["author_id"] == 1 for r in some)
    bad = await ds.client.get("/-/export/big.json?table=comments&_search=%22")
    assert bad.status_code == 400 and "Nothing to search for" in bad.text


@pytest.mark.asyncio
async def test_raw_page_bodies_are_not_served(publish_archive, datasette_for):
    ds = datasette_for(publish_archive)
    rows = (await ds.client.get("/archive/pages.json?_shape=array")).json()
    assert rows and all(r["body"] is None for r in rows) and all(r["size"] for r in rows)
    by_sql = await ds.client.get("/archive.json", params={
        "sql": "select body, length(body) as n from pages", "_shape": "array"})
    assert all(r["body"] is None and r["n"] is None for r in by_sql.json())
    exported = (await ds.client.get("/-/export/archive.json?table=pages")).json()
    assert all(r["body"] is None for r in exported)
    blob = await ds.client.get("/archive/pages/1.blob?_blob_column=body")
    assert blob.status_code != 200 or not blob.content
    # served with --raw-pages, they are there
    raw = datasette_for(publish_archive, raw_pages=True)
    rows = (await raw.client.get("/archive/pages.json?_shape=array")).json()
    assert all(r["body"] for r in rows)


@pytest.mark.asyncio
async def test_the_database_file_downloads_only_with_raw_pages(publish_archive, datasette_for):
    """The file holds every raw page: offering it would serve what the read guard holds back."""
    ds = datasette_for(publish_archive)
    assert (await ds.client.get("/archive.db")).status_code == 403
    assert "Download SQLite DB" not in (await ds.client.get("/archive")).text
    raw = datasette_for(publish_archive, raw_pages=True)
    download = await raw.client.get("/archive.db")
    assert download.status_code == 200
    assert download.content == publish_archive.read_bytes()
    assert "Download SQLite DB" in (await raw.client.get("/archive")).text


@pytest.mark.asyncio
async def test_served_archive_is_read_only(publish_archive, datasette_for):
    ds = datasette_for(publish_archive, live=True)
    db = ds.get_database("archive")
    with pytest.raises(Exception, match="readonly|read-only|attempt to write"):
        await db.execute_fn(lambda conn: conn.execute("delete from comments"))
    assert Database(publish_archive)["comments"].count > 0


def test_cli_export_table_sql_and_thread(blogarchive, big_archive, publish_archive,
                                         reference_post_id, tmp_path):
    out = tmp_path / "comments.jsonl"
    result = blogarchive("export", big_archive, "--format", "jsonl", "--table", "comments",
                         "-o", out)
    assert result.returncode == 0, result.stderr
    assert f"{BIG_THREAD_COMMENTS} rows" in result.stderr
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == \
        comment_ids(big_archive)
    result = blogarchive("export", publish_archive, "--sql",
                         "select id from comments where post_id = :p order by position",
                         "-p", "p", "post-a")
    assert result.stdout.split() == ["id", *[f"post-a-{p}" for p in
                                             ("1", "1.1", "1.1.1", "2", "2.1")]]
    result = blogarchive("export", publish_archive, "--thread", reference_post_id)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == thread_tree(
        read_thread(Database(publish_archive), reference_post_id))
    raw = blogarchive("export", publish_archive, "--table", "pages", "--format", "json")
    assert all(r["body"] is None for r in json.loads(raw.stdout))
    bad = blogarchive("export", publish_archive, "--table", "nope")
    assert bad.returncode != 0 and "no table or view" in bad.stderr
