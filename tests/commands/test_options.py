"""The shared option decorators of `crawler/commands/options.py`: one spelling everywhere."""

import json

import pytest
from click.testing import CliRunner

from crawler.cli import cli
from crawler.commands.crawl import SPIDERS
from crawler.commands.options import SPIDER_NAMES
from db.schema import open_archive
from tests.conftest import every_command

# options of `crawl` that make no sense for a recurring crawl (a gone site's captures are
# crawled once, not kept current), and of `schedule add` that only a schedule has
CRAWL_ONLY = {"--db", "--resume", "--json", "--from-archive", "--captured-from", "--captured-to",
              "--capture", "--warc"}
SCHEDULE_ONLY = {"--db", "--every", "--cron", "--scrapyd", "--project", "--paused", "--now"}


def options_of(command) -> dict[str, tuple]:
    """Each option's long name -> what a user sees of it: its names, type, default and help."""
    return {
        param.opts[-1]: (tuple(param.opts), param.type.name, param.multiple, param.default,
                         param.help)
        for param in command.params if param.param_type_name == "option"
    }


def test_crawl_and_schedule_add_take_the_same_crawl_options():
    crawl = options_of(cli.commands["crawl"])
    add = options_of(cli.commands["schedule"].commands["add"])
    shared = set(crawl) - CRAWL_ONLY
    assert shared == set(add) - SCHEDULE_ONLY
    assert {"--spider", "--depth", "--max-pages", "--since", "--include", "--exclude",
            "--contact", "--redis", "--set"} <= shared
    for name in shared:
        assert crawl[name] == add[name], name


def test_every_spider_the_option_offers_is_one_crawl_runs():
    assert set(SPIDER_NAMES) == set(SPIDERS)


def test_schedule_add_stores_the_shared_options(tmp_path):
    archive = tmp_path / "a.db"
    runner = CliRunner()
    added = runner.invoke(cli, ["schedule", "add", "news", "--every", "1h", "https://a.example/",
                                "--spider", "diaries", "--depth", "2", "--max-pages", "10",
                                "--since", "2024-01-02", "--include", "/story/", "--exclude",
                                "/print", "--contact", "https://me.example/", "-s",
                                "DOWNLOAD_DELAY=1", "--db", str(archive)])
    assert added.exit_code == 0, added.output
    listed = runner.invoke(cli, ["schedule", "list", "--db", str(archive), "--json"])
    (schedule,) = json.loads(listed.output)
    assert schedule["spider"] == "diaries"
    assert schedule["options"] == {"depth": 2, "max_pages": 10, "since": "2024-01-02",
                                   "include": ["/story/"], "exclude": ["/print"],
                                   "contact": "https://me.example/",
                                   "settings": ["DOWNLOAD_DELAY=1"]}


# every command that touches an archive takes it first (sqlite-utils' and the dogsheep tools'
# habit), then its own arguments; those that read one refuse a path that holds none
ARGUMENTS = {
    ("serve",): "ARCHIVE", ("export",): "ARCHIVE", ("reparse",): "ARCHIVE",
    ("crawls",): "ARCHIVE", ("errors",): "ARCHIVE", ("store",): "ARCHIVE",
    ("crawl",): "ARCHIVE URL...", ("import",): "ARCHIVE PATH...",
    ("schedule", "add"): "ARCHIVE NAME URL...", ("schedule", "list"): "ARCHIVE",
    ("schedule", "run"): "ARCHIVE", ("schedule", "remove"): "ARCHIVE NAME",
    ("schedule", "pause"): "ARCHIVE NAME", ("schedule", "resume"): "ARCHIVE NAME",
}
CREATES = {("crawl",), ("import",), ("store",), ("schedule", "add")}
# what each command needs besides the archive to get as far as opening it
EXTRA = {("export",): ["--table", "posts"], ("crawl",): ["http://127.0.0.1:9/"],
         ("import",): [__file__], ("store",): ["--redis", "redis://127.0.0.1:9/0"],
         ("schedule", "add"): ["x", "http://127.0.0.1:9/", "--every", "1h"],
         ("schedule", "remove"): ["x"], ("schedule", "pause"): ["x"],
         ("schedule", "resume"): ["x"]}


def test_every_command_with_an_archive_takes_it_first():
    found = {}
    for words, command in every_command():
        names = [p.name for p in command.params]
        if "archive" in names or "db_alias" in names:
            arguments = [p for p in command.params if p.param_type_name == "argument"]
            assert arguments[0].name == "archive", words
            (db,) = [p for p in command.params if "--db" in getattr(p, "opts", ())]
            assert db.hidden, words  # the old spelling is still taken, and not offered
            usage = CliRunner().invoke(cli, [*words, "--help"]).output.splitlines()[0]
            found[words] = usage.split("[OPTIONS] ", 1)[1]
    assert found == ARGUMENTS


@pytest.mark.parametrize("words", sorted(ARGUMENTS), ids=" ".join)
def test_the_archive_is_checked_before_anything_runs(words, tmp_path):
    runner = CliRunner()
    extra = EXTRA.get(words, [])
    options = extra if extra and extra[0].startswith("--") else []
    missing = runner.invoke(cli, [*words, *options])
    assert missing.exit_code == 2 and "Missing argument" in missing.output
    not_sqlite = tmp_path / "notes.db"
    not_sqlite.write_text("not a database\n")
    wrong = runner.invoke(cli, [*words, str(not_sqlite), *extra])
    assert wrong.exit_code == 2, wrong.output
    assert wrong.output.splitlines()[-1] == f"Error: {not_sqlite} is not an archive: not an " \
        "SQLite file"
    folder = runner.invoke(cli, [*words, str(tmp_path), *extra])
    assert folder.exit_code == 2 and "is a folder, not an archive" in folder.output
    if words not in CREATES:
        nowhere = runner.invoke(cli, [*words, str(tmp_path / "typo.db"), *extra])
        assert nowhere.exit_code == 2 and f"no archive at {tmp_path / 'typo.db'}" in \
            nowhere.output
        assert not (tmp_path / "typo.db").exists()  # not created empty, as it once was
    if not EXTRA.get(words):
        archive = tmp_path / "a.db"
        archive.touch()
        twice = runner.invoke(cli, [*words, str(archive), "--db", str(archive)])
        assert twice.exit_code == 2 and "give the archive once" in twice.output


def test_a_url_where_the_archive_goes_is_named_as_such(tmp_path):
    result = CliRunner().invoke(cli, ["crawl", "https://blog.example/"])
    assert result.exit_code == 2
    assert "https://blog.example/ is a URL where the archive goes" in result.output


@pytest.mark.parametrize("spelling", [["ARCHIVE"], ["--db", "ARCHIVE"]], ids=["first", "--db"])
def test_either_spelling_reads_the_archive(spelling, tmp_path):
    archive = tmp_path / "a.db"
    open_archive(archive).close()
    args = [str(archive) if word == "ARCHIVE" else word for word in spelling]
    result = CliRunner().invoke(cli, ["crawls", *args])
    assert result.exit_code == 0, result.output
    assert result.output == "no runs yet\n"


def test_json_means_one_json_value_everywhere():
    """Each --json is one of the two shared ones (a summary object, or an array of rows), and
    every command that prints rows also offers --nl."""
    kinds = {}
    for words, command in every_command():
        options = {opt: p for p in command.params for opt in getattr(p, "opts", ())}
        if "--json" in options:
            kinds[" ".join(words)] = (options["--json"].help, "--nl" in options)
    summaries = {k for k, (_, nl) in kinds.items() if not nl}
    rows = {k for k, (_, nl) in kinds.items() if nl}
    assert summaries == {"crawl", "import", "reparse", "schedule run"}
    assert rows == {"extract", "crawls", "errors", "schedule list"}
    assert len({kinds[k][0] for k in summaries}) == len({kinds[k][0] for k in rows}) == 1


def test_export_offers_exactly_the_formats_it_writes():
    from crawler.commands.export import FORMAT_NAMES
    from db.publish import FORMATS

    assert sorted(FORMAT_NAMES) == sorted(FORMATS)


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_a_thread_in_another_format_is_refused_not_written_as_json(fmt, tmp_path):
    archive = tmp_path / "a.db"
    open_archive(archive).close()
    out = tmp_path / "thread.csv"
    result = CliRunner().invoke(cli, ["export", str(archive), "--thread", "p1", "--format", fmt,
                                      "-o", str(out)])
    assert result.exit_code == 2
    assert f"a thread is exported as nested JSON, not {fmt}" in result.output
    assert not out.exists()


def test_help_needs_neither_scrapy_nor_the_extractors():
    """`blogarchive --help` and a mistyped option answer fast: the commands import what they
    run (Scrapy, the extractors, Datasette, Redis) when they run it."""
    import subprocess
    import sys

    code = ("import sys, crawler.cli; heavy = [m for m in ('scrapy', 'trafilatura', 'datasette',"
            " 'redis', 'crawler.extractors', 'twisted', 'sqlite_utils') if m in sys.modules];"
            " print(heavy)")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout.strip()
    assert loaded == "[]"


@pytest.mark.parametrize("words", sorted(ARGUMENTS), ids=" ".join)
def test_a_database_of_other_tables_is_refused_and_left_alone(words, tmp_path):
    import sqlite3

    other = tmp_path / "notes.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (text)")
    result = CliRunner().invoke(cli, [*words, str(other), *EXTRA.get(words, [])])
    assert result.exit_code == 2
    assert "is an SQLite database of other tables, not an archive" in result.output
    with sqlite3.connect(other) as conn:  # not migrated into an archive
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["notes"]


def corrupted_archive(path):
    """An archive whose crawls table's first page is overwritten (a disk fault, a bad copy)."""
    import sqlite3

    db = open_archive(path)
    db.execute("PRAGMA journal_mode = DELETE")
    db.close()
    with sqlite3.connect(path) as conn:
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'crawls'").fetchone()
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    data[(root[0] - 1) * size:(root[0] - 1) * size + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))
    return path


def test_an_unexpected_failure_is_one_line_unless_debug(tmp_path):
    archive = corrupted_archive(tmp_path / "a.db")
    result = CliRunner().invoke(cli, ["crawls", str(archive)])
    assert result.exit_code == 1
    assert result.output == ("Error: DatabaseError: database disk image is malformed "
                             "(blogarchive --debug ... shows where)\n")
    debug = CliRunner().invoke(cli, ["--debug", "crawls", str(archive)])
    assert debug.exit_code == 1 and type(debug.exception).__name__ == "DatabaseError"
