"""`crawl --warc`, `import` of that WARC, and `export --warc`: real crawls of the sample site on
127.0.0.1, files checked by `warcio check`, archives compared row by row."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlite_utils import Database
from warcio.archiveiterator import ArchiveIterator

from crawler.samplesite import SampleHTTPServer, SampleSite
from tests.commands.test_crawl import FAST
from tests.conftest import run_blogarchive
from tests.mockserver.server import mockserver

# small, but with what a crawl's WARC holds besides posts: listings, sitemaps and feeds, a
# thread over several pages, display variants, dead links (404 pages), robots.txt
SITE = {"seed": 3, "diaries": 8, "posts": 6, "max_comments": 150, "max_depth": 8,
        "thread_page_size": 40, "wp_comments_per_page": 5, "list_page_size": 4,
        "blog_page_size": 3}
WARCIO = Path(sys.executable).parent / "warcio"


@pytest.fixture(scope="module")
def server():
    server = SampleHTTPServer(SampleSite(**SITE))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def crawled(server, tmp_path_factory):
    """An archive crawled with `--warc`, the WARC, and the paths the server was asked for."""
    folder = tmp_path_factory.mktemp("warc")
    archive, warc = folder / "crawled.db", folder / "crawl.warc.gz"
    server.served.clear()
    result = run_blogarchive("crawl", archive, server.url + "/", "--warc", warc, *FAST)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    return archive, warc, list(server.served)


def records(warc: Path) -> list[dict]:
    """Each record's type, headers and (HTTP) status, in file order."""
    found = []
    with warc.open("rb") as stream:
        for record in ArchiveIterator(stream):
            found.append({
                "type": record.rec_type, "headers": dict(record.rec_headers.headers),
                "status": record.http_headers.get_statuscode() if record.http_headers else None,
                "http": dict(record.http_headers.headers) if record.http_headers else {},
                "body": record.content_stream().read(),
            })
    return found


def warcio_check(warc: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(WARCIO), "check", "-v", str(warc)], capture_output=True,
                          text=True, timeout=120)


def archive_rows(db_path: Path) -> dict:
    """Everything an archive holds of its posts, threads and pages, times of fetching included."""
    db = Database(db_path)
    return {
        "posts": db.execute(
            "SELECT p.id, p.url, p.kind, p.title, a.name, p.published, p.body_text, p.body_html, "
            "p.first_seen, p.last_seen FROM posts p LEFT JOIN authors a ON a.id = p.author_id "
            "ORDER BY p.id").fetchall(),
        "comments": db.execute(
            "SELECT c.id, c.post_id, c.parent_id, c.path, c.depth, c.position, a.name, c.posted, "
            "c.body_text, c.body_html, c.tips_plus, c.first_seen, c.last_seen FROM comments c "
            "LEFT JOIN authors a ON a.id = c.author_id ORDER BY c.id").fetchall(),
        "pages": db.execute(
            "SELECT url, fetched_at, status, content_type, content_hash, etag FROM pages "
            "ORDER BY url, fetched_at").fetchall(),
    }


def test_a_crawl_writes_every_request_and_response_in_a_valid_warc(crawled, server):
    archive, warc, served = crawled
    check = warcio_check(warc)
    assert check.returncode == 0, check.stdout[-3000:]
    assert "digest pass" in check.stdout
    found = records(warc)
    info = found[0]
    assert info["type"] == "warcinfo"
    fields = info["body"].decode()
    assert "software: blogarchive/" in fields and "robots: obey" in fields
    assert json.loads(fields.split("blogarchive-settings: ")[1].splitlines()[0])[
        "DOWNLOAD_DELAY"] == "0"
    responses = [r for r in found if r["type"] == "response"]
    requests = [r for r in found if r["type"] == "request"]
    # every response the server sent, robots.txt and 404s included, once each, and its request
    uris = [r["headers"]["WARC-Target-URI"] for r in responses]
    assert sorted(uri.removeprefix(server.url) for uri in uris) == sorted(served)
    assert "/robots.txt" in served
    ids = {r["headers"]["WARC-Record-ID"]: r for r in responses}
    assert len(requests) == len(responses)
    for request in requests:
        response = ids[request["headers"]["WARC-Concurrent-To"]]
        assert request["headers"]["WARC-Target-URI"] == response["headers"]["WARC-Target-URI"]
        assert request["headers"]["WARC-Date"] == response["headers"]["WARC-Date"]
    # the record agrees with itself: its body's length, no transfer coding left
    for response in responses:
        assert int(response["http"]["Content-Length"]) == len(response["body"])
        assert "Transfer-Encoding" not in response["http"]
        assert response["headers"]["WARC-Payload-Digest"].startswith("sha1:")
    # the pages the archive keeps are responses of the WARC, fetched at the time it says
    dates = {r["headers"]["WARC-Target-URI"]: r["headers"]["WARC-Date"] for r in responses}
    for url, fetched_at in Database(archive).execute("SELECT url, fetched_at FROM pages"):
        assert dates[url] == fetched_at


def test_error_pages_redirects_and_retries_are_recorded_too(tmp_path):
    warc = tmp_path / "failures.warc"
    with mockserver() as server:
        result = run_blogarchive("crawl", tmp_path / "a.db", server.url("/"), "--warc", warc,
                                 *FAST, "-s", "DOWNLOAD_TIMEOUT=1", "-s", "RETRY_TIMES=1")
        log = list(server.log)
    assert result.returncode == 1  # the mock server's failures, recorded in the archive
    assert warcio_check(warc).returncode == 0
    responses = [r for r in records(warc) if r["type"] == "response"]
    statuses = {r["status"] for r in responses}
    assert {"200", "404", "500"} <= statuses and statuses & {"301", "302", "307"}
    # each response the server gave is there: the timed-out request alone got none
    answered = [path for path in log if not path.startswith("/delay/")]
    assert len(responses) == len(answered)


def test_an_import_of_the_crawl_warc_rebuilds_the_same_archive(crawled, tmp_path):
    archive, warc, _ = crawled
    imported = tmp_path / "imported.db"
    result = run_blogarchive("import", imported, warc)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    expected = archive_rows(archive)
    # listings, sitemaps, display variants and 404 pages were fetched but never archived
    assert len(expected["posts"]) == SITE["diaries"] + SITE["posts"] + 1  # and the About page
    assert archive_rows(imported) == expected
    db = Database(archive)
    multi = db.execute("SELECT count(*) FROM pages WHERE url LIKE '%page=%' "
                       "OR url LIKE '%comment-page-%'").fetchone()[0]
    assert multi > 0, "a thread over several pages should be among them"


def test_a_resumed_crawl_appends_to_its_warc(crawled, server, tmp_path):
    archive, warc, _ = crawled
    copy_db, copy_warc = tmp_path / "crawled.db", tmp_path / "crawl.warc.gz"
    copy_db.write_bytes(archive.read_bytes())
    copy_warc.write_bytes(warc.read_bytes())
    before = len(records(copy_warc))
    result = run_blogarchive("crawl", copy_db, server.url + "/", "--resume",
                                "--warc", copy_warc, *FAST)
    assert result.returncode == 0, result.stderr[-3000:]
    after = records(copy_warc)
    assert len(after) > before
    assert copy_warc.read_bytes().startswith(warc.read_bytes())  # appended, never rewritten
    assert [r["type"] for r in after].count("warcinfo") == 2
    assert warcio_check(copy_warc).returncode == 0
    imported = tmp_path / "imported.db"
    assert run_blogarchive("import", imported, copy_warc).returncode == 0
    assert archive_rows(imported)["comments"] == archive_rows(copy_db)["comments"]


def test_export_warc_writes_the_raw_pages_an_import_reads_back(crawled, tmp_path):
    archive, _, _ = crawled
    out = tmp_path / "pages.warc.gz"
    result = run_blogarchive("export", archive, "--warc", out)
    assert result.returncode == 0, result.stderr
    pages = Database(archive)["pages"].count
    assert f"exported raw pages: {pages} pages" in result.stderr
    assert warcio_check(out).returncode == 0
    found = records(out)
    assert found[0]["type"] == "warcinfo" and "software: blogarchive/" in found[0]["body"].decode()
    stored = dict(Database(archive).execute("SELECT url, fetched_at FROM pages").fetchall())
    assert {r["headers"]["WARC-Target-URI"]: r["headers"]["WARC-Date"]
            for r in found[1:]} == stored
    imported = tmp_path / "imported.db"
    assert run_blogarchive("import", imported, out).returncode == 0
    assert archive_rows(imported) == archive_rows(archive)


def test_export_warc_is_its_own_kind_of_export(crawled, tmp_path):
    archive, _, _ = crawled
    both = run_blogarchive("export", archive, "--warc", tmp_path / "a.warc", "-t", "posts")
    assert both.returncode == 2 and "exactly one of" in both.stderr
    formatted = run_blogarchive("export", archive, "--warc", tmp_path / "a.warc", "-f", "csv")
    assert formatted.returncode == 2 and "leave out --format" in formatted.stderr


@pytest.fixture(scope="module")
def replayed(crawled, tmp_path_factory):
    """pywb on 127.0.0.1 replaying the crawl's WARC; skipped, saying why, without pywb."""
    from tests.conftest import free_port
    from tests.mockserver.wayback import Wayback, pywb_bin

    bin_dir = pywb_bin()
    if bin_dir is None:
        pytest.skip("pywb not installed: `make test` installs it into .venv-pywb")
    _, warc, _ = crawled
    wayback = Wayback(tmp_path_factory.mktemp("replay"), [warc], free_port(), bin_dir).start()
    try:
        yield wayback
    finally:
        wayback.stop()


def test_pywb_replays_every_stored_page_of_the_crawl_byte_for_byte(crawled, replayed):
    """What other archive tools make of the WARC: pywb indexes it, and each page the archive
    stored comes back from the replay as stored, at the time the archive says it was fetched."""
    import urllib.request
    from datetime import datetime

    from db.writer import read_page_body

    archive, _, _ = crawled
    pages = Database(archive).execute(
        "SELECT url, fetched_at, body FROM pages WHERE status = 200").fetchall()
    assert len(pages) > 10
    for url, fetched_at, body in pages:
        moment = datetime.fromisoformat(fetched_at.replace("Z", "+00:00"))
        replay = f"{replayed.replay}{moment:%Y%m%d%H%M%S}id_/{url}"
        with urllib.request.urlopen(replay, timeout=30) as answer:
            assert answer.read() == read_page_body(body), url
