"""`crawl --from-archive`: a gone site crawled from a real pywb's captures of it.

The `wayback` fixture (tests/conftest.py, tests/mockserver/wayback.py) replays the sample site
captured twice: at epoch 0 (`CAPTURES[0]`) and a month later at epoch 1, when a diary and a
post have been added and threads have grown; and in March the diaries' later comment pages
alone, grown again, which a thread captured in February must not be read with. The site's
host is one nothing answers on, so every page archived came from the archive. No HTTP is
mocked: the crawl asks pywb's CDX server and fetches its replays.
"""

from __future__ import annotations

import json
import re
import shlex
import signal
import sys
from pathlib import Path

import pytest
from sqlite_utils import Database

from tests.commands.test_crawl import FAST, archived_threads, expected_threads
from tests.conftest import ROOT, started_until_posts
from tests.mockserver.wayback import ARCHIVED_HOST, CAPTURES

README = ROOT / "README.md"
# the worked example's archive address in the README, a pywb on its default port
README_CDX = "http://127.0.0.1:8080/sample/cdx"
REPLAYED = re.compile(r'"GET /sample/(\d{14})id_/(\S+) HTTP')


def stamp(iso: str) -> str:
    return re.sub(r"\D", "", iso)


def crawl_command(archive: Path, wayback, *args: str) -> list[str]:
    return ["crawl", str(archive), ARCHIVED_HOST + "/", "--from-archive", wayback.cdx, *args]


def replays_since(wayback, offset: int) -> list[tuple[str, str]]:
    """(timestamp, original URL) of every capture pywb replayed since `offset` of its log."""
    with wayback.log.open("rb") as log:
        log.seek(offset)
        return REPLAYED.findall(log.read().decode("utf-8", "replace"))


@pytest.mark.parametrize(("choice", "epoch"), [
    (("--capture", "earliest"), 0),
    (("--capture", "latest"), 1),
    (("--capture", "closest:2020-01-25"), 1),
    (("--captured-to", "2020-01"), 0),  # latest, within the window
])
def test_each_capture_gives_the_site_as_it_was_then(blogarchive, wayback, tmp_path, choice,
                                                   epoch):
    archive = tmp_path / "a.db"
    mark = wayback.log.stat().st_size
    result = blogarchive(*crawl_command(archive, wayback, *choice), "--json", *FAST)
    assert result.returncode == 0, result.stderr[-3000:]
    assert archived_threads(archive) == expected_threads(wayback.site, ARCHIVED_HOST, epoch)
    # pages fetched are the captures replayed, each once, and the archive's robots.txt (CDX
    # queries are not pages); every one ends archived, skipped with why, or an error
    replayed = replays_since(wayback, mark)
    assert len(replayed) == len(set(replayed))
    summary = json.loads(result.stdout)
    assert summary["fetched"] == len(replayed) + 1
    outcomes = summary["outcomes"]
    assert sum(sum(outcomes[group].values()) for group in ("archived", "skipped", "errors")) == (
        summary["fetched"] + outcomes["not_fetched"])
    assert {stamp(CAPTURES[epoch])} == {timestamp for timestamp, _ in replayed}
    pages = list(Database(archive).query("SELECT url, capture_time, capture_url FROM pages"))
    assert pages and all(page["url"].startswith(ARCHIVED_HOST + "/") for page in pages)
    assert {page["capture_time"] for page in pages} == {CAPTURES[epoch]}
    for page in pages:
        assert page["capture_url"] == f"{wayback.replay}{stamp(CAPTURES[epoch])}/{page['url']}"


def test_the_thread_grew_between_captures(blogarchive, wayback, tmp_path):
    archive = tmp_path / "a.db"
    first = blogarchive(*crawl_command(archive, wayback, "--capture", "earliest"), *FAST)
    assert first.returncode == 0, first.stderr[-3000:]
    later = blogarchive(*crawl_command(archive, wayback, "--capture", "latest"), *FAST)
    assert later.returncode == 0, later.stderr[-3000:]
    site = wayback.site
    assert archived_threads(archive) == expected_threads(site, ARCHIVED_HOST, 1)
    grown = [i for i in site.diary_ids(0)
             if site.diary_comment_count(i, 1) > site.diary_comment_count(i, 0)]
    assert grown, "the captures should hold a thread that grew"
    db = Database(archive)
    for diary in grown:
        url = ARCHIVED_HOST + site.diary_path(diary)
        seen = dict(db.execute(
            "SELECT comments.first_seen, count(*) FROM comments "
            "JOIN posts ON posts.id = comments.post_id "
            "WHERE posts.url = ? GROUP BY comments.first_seen", [url]).fetchall())
        # the comments each capture showed first are dated by that capture
        assert seen == {CAPTURES[0]: site.diary_comment_count(diary, 0),
                        CAPTURES[1]: site.diary_comment_count(diary, 1)
                        - site.diary_comment_count(diary, 0)}
        captured = [row[0] for row in db.execute(
            "SELECT capture_time FROM pages WHERE url = ? ORDER BY capture_time", [url])]
        assert captured == [CAPTURES[0], CAPTURES[1]]
    # a re-parse rebuilds each thread from its stored pages as of their captures: the same
    # comments, with their times
    seen_sql = "SELECT id, first_seen, last_seen FROM comments ORDER BY id"
    seen = Database(archive).execute(seen_sql).fetchall()
    reparsed = blogarchive("reparse", archive)
    assert reparsed.returncode == 0, reparsed.stderr[-3000:]
    assert Database(archive).execute(seen_sql).fetchall() == seen


def test_a_page_never_captured_is_recorded_with_what_the_archive_holds(blogarchive, wayback,
                                                                       tmp_path):
    archive = tmp_path / "a.db"
    never, missing = ARCHIVED_HOST + "/never/captured", ARCHIVED_HOST + "/blog/wp-json/"
    result = blogarchive("crawl", archive, never, missing, "--depth", "0", "--from-archive",
                         wayback.cdx, *FAST)
    assert result.returncode == 1
    reasons = dict(Database(archive).execute("SELECT url, reason FROM errors").fetchall())
    assert reasons == {never: f"not captured: no capture in the archive ({wayback.cdx})",
                       missing: f"not captured: captured only as HTTP 404 ({wayback.cdx})"}


def test_a_killed_crawl_resumes_without_fetching_again_what_it_archived(blogarchive, wayback,
                                                                        tmp_path):
    archive = tmp_path / "a.db"
    mark = wayback.log.stat().st_size
    command = [sys.executable, "-m", "crawler.cli",
               *crawl_command(archive, wayback, "--capture", "latest"),
               "-s", "ARCHIVE_BATCH_PAGES=1", "-s", "DOWNLOAD_DELAY=0.05",
               "-s", "AUTOTHROTTLE_ENABLED=0"]
    process = started_until_posts(command, archive, 3, timeout=120)
    process.send_signal(signal.SIGKILL)
    process.wait()
    stored = {row[0] for row in Database(archive).execute("SELECT url FROM pages")}
    expected = expected_threads(wayback.site, ARCHIVED_HOST, 1)
    assert 3 <= len(set(expected) & stored) < len(expected), "the kill did not land midway"
    assert any(url in stored for _, url in replays_since(wayback, mark))
    mark = wayback.log.stat().st_size
    resumed = blogarchive(*crawl_command(archive, wayback, "--capture", "latest", "--resume"),
                          *FAST)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert archived_threads(archive) == expected
    again = {url for _, url in replays_since(wayback, mark)} & stored & set(expected)
    assert not again, f"archived before the kill, fetched again: {sorted(again)}"
    runs = [row[0] for row in Database(archive).execute("SELECT status FROM crawls ORDER BY id")]
    assert runs == ["interrupted", "finished"]


def test_the_readme_worked_example_archives_one_authors_year(blogarchive, wayback, tmp_path):
    """The README's command, run as it is written against the local pywb it names."""
    line = next(line for line in README.read_text(encoding="utf-8").splitlines()
                if "bin/blogarchive " in line and README_CDX in line)
    words = shlex.split(line.split("bin/blogarchive ", 1)[1])
    words = [word.replace(README_CDX, wayback.cdx) for word in words]
    archive = tmp_path / Path(words[1]).name
    words[1] = str(archive)
    result = blogarchive(*words, *FAST)
    assert result.returncode == 0, result.stderr[-3000:]
    site = wayback.site
    year = {ARCHIVED_HOST + site.diary_path(i): site.diary_comment_count(i, 1)
            for i in site.diaries_by("user", "FishBlue", 1) if "/story/2018/" in
            site.diary_path(i)}
    assert len(year) == 2
    assert archived_threads(archive) == year


@pytest.mark.parametrize(("args", "said"), [
    (("--capture", "earliest"), "--capture only go with --from-archive"),
    (("--from-archive", "archive.org"), "'wayback' or a CDX server's URL"),
    (("--from-archive", "http://archive.example/search"), "ARCHIVE_CAPTURES_REPLAY"),
    (("--from-archive", "wayback", "--capture", "newest"), "earliest, latest or closest"),
    (("--from-archive", "wayback", "--captured-from", "2009", "--captured-to", "2008"),
     "after --captured-to"),
])
def test_capture_options_that_cannot_work_are_refused_before_crawling(tmp_path, args, said):
    from click.testing import CliRunner

    from crawler.cli import cli

    result = CliRunner().invoke(cli, ["crawl", str(tmp_path / "a.db"), "http://kos.example/",
                                      *args])
    assert result.exit_code == 2
    assert said in result.output
    assert not (tmp_path / "a.db").exists()
