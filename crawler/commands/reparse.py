"""`blogarchive reparse`: extract again from the raw pages an archive keeps, without the network."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from crawler.commands.options import archive_argument, json_option, settings_option


@click.command()
@archive_argument
@settings_option
@json_option
def reparse(archive: Path, settings: tuple[str, ...], as_json: bool) -> None:
    """Re-run extraction over every raw page stored in the archive (after extractors improve).

    Rows are upserted by their stable ids, so unchanged extraction changes nothing and improved
    extraction updates posts in place; each thread's comments are rebuilt from its stored pages,
    oldest first, as if archived afresh. No page is fetched.
    """
    from crawler.commands.running import (
        parse_setting_overrides,
        run_spider,
        summary_json,
        summary_line,
    )
    from crawler.spiders.importer import ImportSpider

    overrides = {"ARCHIVE_REBUILD_THREADS": True, **parse_setting_overrides(settings)}
    result = run_spider(ImportSpider, archive, "reparse", {}, overrides, reparse=True)
    click.echo(json.dumps(summary_json(result)) if as_json else summary_line("reparsed", result))
    if result.failed:
        sys.exit(1)
