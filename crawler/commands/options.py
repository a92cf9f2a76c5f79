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


def checked_archive(value: str | Path, must_exist: bool) -> Path:
    """The archive's path, or a one-line `UsageError` saying what is wrong with it."""
    text = str(value)
    if "://" in text:
        raise click.UsageError(f"{text} is a URL where the archive goes: the archive (an SQLite "
                               "file) comes first")
    path = Path(text)
    if path.is_dir():
        raise click.UsageError(f"{text} is a folder, not an archive (an SQLite file)")
    if not path.exists():
        if must_exist:
            raise click.UsageError(f"no archive at {text}")
        return path
    from db.schema import is_archive_tables, tables_of

    tables = tables_of(path)
    if tables is None:
        raise click.UsageError(f"{text} is not an archive: not an SQLite file")
    if not is_archive_tables(tables):
        raise click.UsageError(f"{text} is an SQLite database of other tables, not an archive: "
                               "give an archive, or a new file to make one")
    return path


def archive_first(subjects: str | None = None, *, metavar: str = "", must_exist: bool = True,
                  at_least: int = 1, at_most: int | None = None):
    """`ARCHIVE`, the first argument of every command (sqlite-utils' and the dogsheep tools'
    habit), then the command's own arguments (URLs, paths, a schedule's name) if it takes any,
    given to the command as `archive` and as the tuple named `subjects`.

    `--db ARCHIVE`, the spelling of earlier versions, is still taken but not shown, so scripts
    written as `crawl URL --db FILE` keep working: every argument is then one of the command's.
    `must_exist`: the commands that read an archive refuse a path holding none, rather than
    creating an empty one; those that write create it.
    """

    def decorate(fn):
        @functools.wraps(fn)
        def command(*args, archive: str | None, db_alias: str | None, **kwargs):
            given = tuple(kwargs.pop(subjects, ()) if subjects else ())
            if db_alias is not None:
                if archive is not None and not subjects:
                    raise click.UsageError("give the archive once: ARCHIVE, or --db ARCHIVE")
                given = ((archive,) if archive is not None else ()) + given
                archive = db_alias
            if archive is None:
                raise click.UsageError("Missing argument 'ARCHIVE'.")
            path = checked_archive(archive, must_exist)
            if subjects:
                if len(given) < at_least:
                    raise click.UsageError(f"Missing argument '{metavar}'.")
                if at_most is not None and len(given) > at_most:
                    raise click.UsageError(f"too many arguments: ARCHIVE {metavar}, got "
                                           f"{' '.join(map(str, given))}")
                kwargs[subjects] = given
            return fn(*args, archive=path, **kwargs)

        command = click.option("--db", "db_alias", hidden=True,
                               help="the archive, as earlier versions took it")(command)
        if subjects:
            command = click.argument(subjects, nargs=-1, metavar=metavar)(command)
        return click.argument("archive", metavar="ARCHIVE", required=False)(command)

    return decorate


def archive_argument(fn):
    """`ARCHIVE` alone, for commands that only read an archive (serve, export, reparse,
    crawls, errors, schedule list)."""
    return archive_first()(fn)


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
                          "the archive is then only read (see docs/scale-out.md)"),
        settings_option,
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def capture_options(fn):
    """Where pages come from when the site is gone: a web archive's captures. Given to the
    command as from_archive, captured_from, captured_to, capture; `capture_settings` turns
    them into the ARCHIVE_CAPTURES_* settings."""
    options = [
        click.option("--from-archive", metavar="wayback|CDX-URL",
                     help="fetch each page's capture from a web archive instead of the live "
                          "site: the Wayback Machine, or any CDX server (pywb: "
                          "http://HOST/COLLECTION/cdx); pages keep their original URLs"),
        click.option("--captured-from", metavar="YYYY[-MM[-DD]]",
                     help="with --from-archive: only captures from this date on"),
        click.option("--captured-to", metavar="YYYY[-MM[-DD]]",
                     help="with --from-archive: only captures up to this date, included"),
        click.option("--capture", metavar="earliest|latest|closest:DATE",
                     help="with --from-archive: the capture taken of each page  [default: "
                          "latest]"),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def capture_settings(from_archive: str | None, captured_from: str | None,
                     captured_to: str | None, capture: str | None,
                     replay: str = "") -> dict[str, str]:
    """The settings `capture_options` make, checked (`replay`: an ARCHIVE_CAPTURES_REPLAY the
    user set): a `UsageError` saying what is wrong."""
    if not from_archive:
        given = [name for name, value in (("--captured-from", captured_from),
                                          ("--captured-to", captured_to),
                                          ("--capture", capture)) if value]
        if given:
            raise click.UsageError(f"{', '.join(given)} only go with --from-archive")
        return {}
    from crawler.captures.choice import CaptureRule, Window
    from crawler.captures.source import capture_source

    settings = {"ARCHIVE_CAPTURES_SOURCE": from_archive,
                "ARCHIVE_CAPTURES_CHOICE": capture or "latest",
                "ARCHIVE_CAPTURES_FROM": captured_from or "",
                "ARCHIVE_CAPTURES_TO": captured_to or ""}
    try:
        capture_source(from_archive, replay)
        Window.of(settings["ARCHIVE_CAPTURES_FROM"], settings["ARCHIVE_CAPTURES_TO"])
        CaptureRule.parse(settings["ARCHIVE_CAPTURES_CHOICE"])
    except ValueError as problem:
        raise click.UsageError(str(problem)) from None
    return settings


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
