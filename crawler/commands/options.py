"""Options shared by several commands, bundled as decorators (sqlite-utils' habit), and the
printing that goes with the output options."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from pathlib import Path

import click

# the spiders `crawl --spider` runs (crawler/commands/crawl.py maps each name to its class)
SPIDER_NAMES = ("blog", "diaries")


_EXISTING_ARCHIVE = click.Path(exists=True, dir_okay=False, path_type=Path)


def archive_argument(fn):
    """`ARCHIVE`, the first argument, for commands whose subject is the archive (serve, export,
    reparse, crawls, errors), given to the command as `archive`.

    `--db FILE`, the spelling of the commands whose subject is something else, is still taken
    but not shown, so scripts written as `reparse --db FILE` keep working.
    """

    @functools.wraps(fn)
    def command(*args, archive: Path | None, db_alias: Path | None, **kwargs):
        if archive is None and db_alias is None:
            raise click.UsageError("Missing argument 'ARCHIVE'.")
        if archive is not None and db_alias is not None:
            raise click.UsageError("give the archive once: ARCHIVE, or --db ARCHIVE, not both")
        return fn(*args, archive=archive or db_alias, **kwargs)

    command = click.option("--db", "db_alias", hidden=True, type=_EXISTING_ARCHIVE,
                           help="the archive, spelled as crawl and import take it")(command)
    return click.argument("archive", metavar="ARCHIVE", required=False,
                          type=_EXISTING_ARCHIVE)(command)


def db_option(fn):
    """`--db FILE`: the archive, for commands whose subject is something else."""
    return click.option(
        "--db", "db_path", required=True, type=click.Path(dir_okay=False, path_type=Path),
        help="the archive (SQLite file); created if missing",
    )(fn)


def settings_option(fn):
    """`-s NAME=VALUE`: a Scrapy or blogarchive setting, as `scrapy crawl -s` takes it."""
    return click.option(
        "-s", "--set", "settings", multiple=True, metavar="NAME=VALUE",
        help="override a setting (repeatable), e.g. -s ARCHIVE_BATCH_PAGES=10",
    )(fn)


def crawl_options(fn):
    """What a crawl fetches and how: the options `crawl` and `schedule add` share, given to the
    command as spider, depth, max_pages, since, include, exclude, contact, redis_url, settings."""
    options = [
        click.option("--spider", type=click.Choice(SPIDER_NAMES), default="blog",
                     show_default=True,
                     help="diaries: community sites (diary lists, user and tag pages); "
                          "blog: also feeds and sitemaps"),
        click.option("--depth", type=int,
                     help="follow links at most this many hops from a start URL"),
        click.option("--max-pages", type=int, help="stop a crawl after fetching this many pages"),
        click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]),
                     metavar="YYYY-MM-DD", help="leave posts older than this date"),
        click.option("--include", multiple=True, metavar="REGEX",
                     help="follow only URLs matching this (repeatable)"),
        click.option("--exclude", multiple=True, metavar="REGEX",
                     help="never follow URLs matching this (repeatable)"),
        click.option("--contact", metavar="URL",
                     help="where site owners can reach you; goes into the User-Agent"),
        click.option("--redis", "redis_url", metavar="URL",
                     help="share the crawl with other workers over this Redis "
                          "(redis://HOST:PORT/N): items go there for `blogarchive store`; "
                          "--db is then only read (see docs/scale-out.md)"),
        settings_option,
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def json_option(fn):
    """`--json`: print the run's summary as one JSON object instead of a summary line."""
    return click.option(
        "--json", "as_json", is_flag=True,
        help="print the summary as one JSON object on stdout (for scripts and cron)",
    )(fn)


def output_options(fn):
    """`--json` and `--nl` for commands that print rows, given to the command as `output`
    ("json", "nl" or None for text): one JSON array, or one JSON object a line, as
    sqlite-utils prints query results."""
    fn = click.option("--nl", "output", flag_value="nl",
                      help="print newline-delimited JSON: one JSON object a line")(fn)
    return click.option("--json", "output", flag_value="json",
                        help="print one JSON array of objects")(fn)


class JsonRows:
    """Rows printed as `output_options` asks, one at a time as they come: a JSON array that
    is closed by `close()` (`--json`), or one JSON object a line (`--nl`)."""

    def __init__(self, output: str):
        self.lines = output == "nl"
        self.count = 0

    def write(self, row: dict) -> None:
        text = json.dumps(row, ensure_ascii=False)
        if self.lines:
            click.echo(text)
        else:
            click.echo(("[" if not self.count else ",\n ") + text, nl=False)
        self.count += 1

    def close(self) -> None:
        if not self.lines:
            click.echo("]" if self.count else "[]")


def echo_rows(rows: Iterable[dict], output: str) -> None:
    """Print every row as `output_options` asks (`--json` or `--nl`)."""
    printer = JsonRows(output)
    for row in rows:
        printer.write(row)
    printer.close()
