"""`blogarchive import`: saved HTML files, folders and WARC files into an archive."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from crawler.commands.options import archive_first, json_option, settings_option


@click.command(name="import")
@archive_first("paths", metavar="PATH...", must_exist=False)
@click.option("--url", help="the page's URL, for a single HTML file that does not name its own")
@click.option("--force", is_flag=True, help="import pages even if the archive already has them")
@settings_option
@json_option
def import_(archive: Path, paths: tuple[str, ...], url: str | None, force: bool,
            settings: tuple[str, ...], as_json: bool) -> None:
    """Import saved pages (HTML files, folders, WARC/WARC.gz files) into an archive.

    The pages go through the same extractors and pipelines as a crawl, and are kept raw in the
    archive's pages table. A bare HTML file's URL comes from the page (canonical link, og:url),
    from --url, or from its path. Pages already archived are skipped, so re-running an
    interrupted import completes it. Exits non-zero if any page failed.
    """
    from crawler.commands.running import (
        parse_setting_overrides,
        run_spider,
        summary_json,
        summary_line,
    )
    from crawler.spiders.importer import ImportSpider

    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        raise click.UsageError(f"no such file or folder: {', '.join(missing)}")
    if url and len(paths) > 1:
        raise click.UsageError("--url names a single file's page: give one file with it")
    result = run_spider(
        ImportSpider, archive, "import",
        {"paths": [str(p) for p in paths], "url": url, "force": force},
        parse_setting_overrides(settings),
        paths=[str(p) for p in paths], url=url, force=force,
    )
    click.echo(json.dumps(summary_json(result)) if as_json else summary_line("imported", result))
    if result.failed:
        sys.exit(1)
