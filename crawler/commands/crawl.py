"""`blogarchive crawl`: archive sites, sections, diaries, feeds or lists of URLs."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from crawler.commands.options import db_option, json_option, settings_option
from crawler.redis import shared_url
from crawler.running import (
    parse_setting_overrides,
    run_spider,
    summary_json,
    summary_line,
)
from crawler.spiders.blog import BlogSpider
from crawler.spiders.diaries import DiariesSpider

SPIDERS = {"blog": BlogSpider, "diaries": DiariesSpider}


@click.command()
@click.argument("urls", nargs=-1, required=True)
@db_option
@click.option("--spider", type=click.Choice(sorted(SPIDERS)), default="blog", show_default=True,
              help="diaries: community sites (diary lists, user and tag pages); "
                   "blog: also feeds and sitemaps")
@click.option("--depth", type=int, help="follow links at most this many hops from a start URL")
@click.option("--max-pages", type=int, help="stop after fetching this many pages")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="leave posts older than this date (YYYY-MM-DD)")
@click.option("--include", multiple=True, metavar="REGEX",
              help="follow only URLs matching this (repeatable)")
@click.option("--exclude", multiple=True, metavar="REGEX", help="never follow URLs matching this")
@click.option("--resume", is_flag=True,
              help="go on with an interrupted crawl: pages the archive holds are not fetched")
@click.option("--contact", metavar="URL",
              help="where site owners can reach you; goes into the User-Agent")
@click.option("--redis", "redis_url", metavar="URL",
              help="share the crawl with other workers over this Redis (redis://HOST:PORT/N): "
                   "items go there for `blogarchive store`; --db is then only read")
@settings_option
@json_option
def crawl(urls: tuple[str, ...], db_path: Path, spider: str, depth: int | None,
          max_pages: int | None, since, include: tuple[str, ...], exclude: tuple[str, ...],
          resume: bool, contact: str | None, redis_url: str | None, settings: tuple[str, ...],
          as_json: bool) -> None:
    """Crawl sites into an archive, politely (robots.txt, AutoThrottle, retries).

    Starts from the URLs given and stays on their hosts. A site crawled before is crawled
    incrementally: pages are asked for with their ETag/Last-Modified, new comments are added,
    quiet threads are left alone. Shows progress on a terminal and ends with a summary; exits
    non-zero if pages failed (they are in the archive's errors table).
    """
    overrides = parse_setting_overrides(settings)
    if contact:
        overrides["ARCHIVE_CONTACT_URL"] = contact
    shared = shared_url(redis_url, overrides)
    if shared:
        overrides["ARCHIVE_REDIS_URL"] = shared
    since_text = since.date().isoformat() if since else None
    arguments = {"urls": list(urls), "spider": spider, "depth": depth, "max_pages": max_pages,
                 "since": since_text, "include": list(include), "exclude": list(exclude),
                 "resume": resume}
    result = run_spider(
        SPIDERS[spider], db_path, "crawl", arguments, overrides,
        urls=list(urls), depth=depth, max_pages=max_pages, since=since_text,
        include=list(include), exclude=list(exclude), resume=resume,
    )
    if shared:
        result.db_path = f"{shared}, for blogarchive store"
    verb = "queued" if shared else "crawled"
    click.echo(json.dumps(summary_json(result)) if as_json else summary_line(verb, result))
    if result.failed:
        sys.exit(1)
