"""The shared option decorators of `crawler/commands/options.py`: one spelling everywhere."""

import json

from click.testing import CliRunner

from crawler.cli import cli
from crawler.commands.crawl import SPIDERS
from crawler.commands.options import SPIDER_NAMES

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
