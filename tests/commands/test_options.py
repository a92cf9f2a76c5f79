"""The shared option decorators of `crawler/commands/options.py`: one spelling everywhere."""

import json

import pytest
from click.testing import CliRunner

from crawler.cli import cli
from crawler.commands.crawl import SPIDERS
from crawler.commands.options import SPIDER_NAMES
from db.schema import open_archive
from tests.conftest import every_command

# options of `crawl` that make no sense for a recurring crawl, and of `schedule add` that only
# a schedule has
CRAWL_ONLY = {"--db", "--resume", "--json"}
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


# commands whose subject is the archive take it first (sqlite-utils' habit); the others
# (crawl, import, schedule, store) are about something else and take --db FILE
ARCHIVE_FIRST = {"serve": [], "export": ["--table", "posts"], "reparse": [], "crawls": [],
                 "errors": []}


@pytest.mark.parametrize("name", sorted(ARCHIVE_FIRST))
def test_the_archive_is_the_first_argument(name):
    command = cli.commands[name]
    arguments = [p for p in command.params if p.param_type_name == "argument"]
    assert [a.name for a in arguments] == ["archive"]
    usage = CliRunner().invoke(cli, [name, "--help"]).output.splitlines()[0]
    assert usage == f"Usage: cli {name} [OPTIONS] ARCHIVE"
    (db,) = [p for p in command.params if "--db" in getattr(p, "opts", ())]
    assert db.hidden  # the old spelling is still taken, and not offered


@pytest.mark.parametrize("name", sorted(ARCHIVE_FIRST))
def test_the_archive_must_exist_and_be_given_once(name, tmp_path):
    runner = CliRunner()
    extra = ARCHIVE_FIRST[name]
    missing = runner.invoke(cli, [name, *extra])
    assert missing.exit_code == 2 and "Missing argument 'ARCHIVE'" in missing.output
    nowhere = runner.invoke(cli, [name, str(tmp_path / "none.db"), *extra])
    assert nowhere.exit_code == 2 and "does not exist" in nowhere.output
    assert not (tmp_path / "none.db").exists()
    archive = tmp_path / "a.db"
    archive.touch()
    twice = runner.invoke(cli, [name, str(archive), "--db", str(archive), *extra])
    assert twice.exit_code == 2 and "give the archive once" in twice.output


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
