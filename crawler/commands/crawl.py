"""`blogarchive crawl`: archive sites, sections, diaries, feeds or lists of URLs."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from crawler.commands.options import (
    archive_first,
    capture_options,
    capture_settings,
    crawl_options,
    json_option,
)

# each `--spider` name and its class, imported when a crawl starts (Scrapy and the extractors
# take a second to import: `--help` and a mistyped option need neither)
SPIDERS = {"blog": "crawler.spiders.blog.BlogSpider",
           "diaries": "crawler.spiders.diaries.DiariesSpider"}


@click.command()
@archive_first("urls", metavar="URL...", must_exist=False)
@crawl_options
@capture_options
@click.option("--resume", is_flag=True,
              help="go on with an interrupted crawl: pages the archive holds are not fetched")
@click.option("--warc", "warc_path", metavar="FILE.warc.gz",
              type=click.Path(dir_okay=False, path_type=Path),
              help="also write every request and response to this WARC file (appended to if "
                   "it exists; gzipped if named .gz)")
@json_option
def crawl(archive: Path, urls: tuple[str, ...], spider: str, depth: int | None,
          max_pages: int | None, since, include: tuple[str, ...], exclude: tuple[str, ...],
          from_archive: str | None, captured_from: str | None, captured_to: str | None,
          capture: str | None, resume: bool, warc_path: Path | None, contact: str | None,
          redis_url: str | None,
          settings: tuple[str, ...], as_json: bool) -> None:
    """Crawl sites into an archive, politely (robots.txt, AutoThrottle, retries).

    The archive (an SQLite file) is created if missing. Starts from the URLs given and stays
    on their hosts. A site crawled before is crawled
    incrementally: pages are asked for with their ETag/Last-Modified, new comments are added,
    quiet threads are left alone. A site that is gone is crawled from a web archive's captures
    with --from-archive (see the README, "Archiving what is gone"). Shows progress on a
    terminal and ends with a summary; exits non-zero if pages failed (they are in the
    archive's errors table).
    """
    from scrapy.utils.misc import load_object

    from crawler.commands.running import (
        parse_setting_overrides,
        run_spider,
        summary_json,
        summary_line,
    )
    from crawler.scaleout import shared_url

    overrides = parse_setting_overrides(settings)
    if contact:
        overrides["ARCHIVE_CONTACT_URL"] = contact
    overrides.update(capture_settings(from_archive, captured_from, captured_to, capture,
                                      overrides.get("ARCHIVE_CAPTURES_REPLAY", "")))
    if warc_path:
        overrides["ARCHIVE_WARC_PATH"] = str(warc_path.resolve())
    shared = shared_url(redis_url, overrides)
    if shared:
        overrides["ARCHIVE_REDIS_URL"] = shared
    since_text = since.date().isoformat() if since else None
    arguments = {"urls": list(urls), "spider": spider, "depth": depth, "max_pages": max_pages,
                 "since": since_text, "include": list(include), "exclude": list(exclude),
                 "resume": resume}
    if from_archive:
        arguments.update(from_archive=from_archive, captured_from=captured_from,
                         captured_to=captured_to, capture=capture)
    if warc_path:
        arguments["warc"] = str(warc_path)
    result = run_spider(
        load_object(SPIDERS[spider]), archive, "crawl", arguments, overrides,
        urls=list(urls), depth=depth, max_pages=max_pages, since=since_text,
        include=list(include), exclude=list(exclude), resume=resume,
    )
    if shared:
        result.db_path = f"{shared}, for blogarchive store"
    verb = "queued" if shared else "crawled"
    click.echo(json.dumps(summary_json(result)) if as_json else summary_line(verb, result))
    if result.failed:
        sys.exit(1)
