"""Options shared by several commands, bundled as decorators (sqlite-utils' habit)."""

from __future__ import annotations

from pathlib import Path

import click


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


def json_option(fn):
    """`--json`: print one JSON object (the run's counts) at the end instead of a summary line."""
    return click.option(
        "--json", "as_json", is_flag=True,
        help="print the summary as one JSON object on stdout (for scripts and cron)",
    )(fn)
