"""`blogarchive crawls` and `blogarchive errors`: tables and JSON lines over an archive's runs."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from crawler.cli import cli
from crawler.commands.history import describe_duration, duration, format_table
from crawler.items import PageError
from crawler.schedule.runner import Schedule, ScheduleStore, parse_time
from db.runs import close_run, open_run
from db.schema import open_archive
from db.writer import ArchiveWriter


@pytest.fixture
def history(archive_path):
    """Two runs: a finished import, then a scheduled crawl with two failed pages."""
    db = open_archive(archive_path)
    close_run(db, open_run(db, "import", {"paths": ["saved/"]}), "finished")
    crawl_id = open_run(db, "crawl", {"urls": ["https://blog.example/"]})
    second = ArchiveWriter(db, crawl_id)
    second.write_batch([], [PageError("https://blog.example/gone", "link", "HTTP 404: a dead link",
                                      referer="https://blog.example/post/"),
                            PageError("https://blog.example/slow", "fetch", "timeout\nafter 30s"),
                            PageError("https://blog.example/down", "fetch", "HTTP 503")])
    close_run(db, crawl_id, "interrupted", {"requests": 40, "fetched": 38, "unchanged": 5,
                                            "listings": 3, "thread_pages": 1,
                                            "skipped": {"nofollow": 12, "action": 3}})
    store = ScheduleStore(db)
    schedule = store.add(Schedule("hourly", ["https://blog.example/"], every_seconds=3600),
                         parse_time("2024-01-01T00:00:00Z"))
    db.execute("UPDATE crawls SET schedule_id = ?, started = ?, ended = ? WHERE id = ?",
               [schedule.id, "2024-01-01T00:00:00Z", "2024-01-01T00:02:05Z", crawl_id])
    db.conn.commit()
    db.close()
    return archive_path


def invoke(*args) -> str:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


def test_crawls_table_is_aligned_newest_first(history):
    lines = invoke("crawls", history).splitlines()
    assert lines[0].split() == ["id", "command", "schedule", "started", "ended", "duration",
                                "status", "requests", "fetched", "posts", "new", "comments",
                                "skipped", "errors", "dead", "links", "not", "requested"]
    assert set(lines[1]) == {"-", " "}
    rows = [line.split() for line in lines[2:]]
    assert [row[0] for row in rows] == ["2", "1"]
    assert rows[0][1:3] == ["crawl", "hourly"] and "2m05s" in rows[0]
    # requests, fetched ... skipped, errors, dead links, links not requested
    assert "interrupted" in rows[0] and rows[0][-4:] == ["5", "2", "1", "15"]
    status = rows[0].index("interrupted")
    assert rows[0][status + 1:status + 3] == ["40", "38"]
    assert rows[1][1:3] == ["import", "-"] and rows[1][-3:] == ["0", "0", "0"]
    # aligned: every row's status column starts where its header does
    at = lines[0].index("status")
    assert all(line[at:].split()[0] in ("interrupted", "finished") for line in lines[2:])


def test_crawls_json_and_nl(history):
    rows = json.loads(invoke("crawls", history, "--json"))
    assert [r["id"] for r in rows] == [2, 1]
    assert rows[0]["schedule"] == "hourly" and rows[0]["seconds"] == 125
    assert rows[0]["errors"] == 2 and rows[0]["status"] == "interrupted"
    assert rows[0]["dead_links"] == 1 and rows[0]["requests"] == 40
    assert (rows[0]["fetched"], rows[0]["unchanged"]) == (38, 5)
    assert rows[0]["skipped"] == {"action": 3, "nofollow": 12}
    assert rows[0]["arguments"] == {"urls": ["https://blog.example/"]}
    lines = invoke("crawls", history, "--nl").splitlines()
    assert [json.loads(line) for line in lines] == rows
    only = invoke("crawls", history, "--schedule", "hourly", "--nl").splitlines()
    assert [json.loads(line)["id"] for line in only] == [2]
    assert json.loads(invoke("crawls", history, "--schedule", "daily", "--json")) == []


def test_errors_table_json_and_crawl_filter(history):
    table = invoke("errors", history)
    assert "https://blog.example/gone" in table and "HTTP 404" in table
    assert "timeout after 30s" in table  # one line a row
    assert "https://blog.example/post/" in table  # where the dead link was
    rows = json.loads(invoke("errors", history, "--json"))
    assert {r["url"] for r in rows} == {"https://blog.example/gone", "https://blog.example/slow",
                                        "https://blog.example/down"}
    assert {r["crawl_id"] for r in rows} == {2}
    assert {r["referer"] for r in rows} == {"https://blog.example/post/", None}
    assert invoke("errors", history, "--crawl", 1).strip() == "no errors in run 1"
    lines = invoke("errors", history, "--crawl", 2, "--nl").splitlines()
    assert [json.loads(line) for line in lines] == rows


@pytest.mark.parametrize(("started", "ended", "seconds", "text"), [
    ("2024-01-01T00:00:00Z", "2024-01-01T00:00:07Z", 7, "7s"),
    ("2024-01-01T00:00:00Z", "2024-01-01T01:30:00Z", 5400, "1h30m"),
    ("2024-01-01T00:00:00Z", None, None, "-"),
])
def test_durations(started, ended, seconds, text):
    assert duration(started, ended) == seconds
    assert describe_duration(duration(started, ended)) == text


def test_format_table_right_aligns_numbers():
    table = format_table(("name", "n"), [("a", 5), ("bbb", 120)]).splitlines()
    assert table == ["name    n", "----  ---", "a       5", "bbb   120"]


def test_json_summaries_match_the_history(blogarchive, fixtures, archive_path):
    page = fixtures / "dailykos" / "diary-with-comments.html"
    result = blogarchive("import", archive_path, page, "--url",
                         "https://www.dailykos.com/story/2008/3/31/1/reference", "--json")
    assert result.returncode == 0, result.stderr[-2000:]
    summary = json.loads(result.stdout)  # one JSON object, nothing else on stdout
    assert (summary["status"], summary["pages"], summary["posts"]) == ("finished", 1, 1)
    assert summary["comments"] == summary["new_comments"] == 31
    (run,) = json.loads(invoke("crawls", archive_path, "--json"))
    assert run["id"] == summary["crawl_id"] and run["command"] == "import"
    assert (run["pages"], run["posts"], run["new_comments"]) == (1, 1, 31)
