"""`blogarchive extract`: run the extractors and pipelines over saved pages and show the result."""

from __future__ import annotations

import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import click

from crawler.commands.options import JsonRows, output_options

if TYPE_CHECKING:
    from crawler.items import Thread


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--url", help="URL of the page, for a single file that does not name its own")
@click.option("--tree/--no-tree", default=True, help="show each comment thread as a tree")
@output_options
def extract(paths: tuple[Path, ...], url: str | None, tree: bool, output: str | None) -> None:
    """Extract posts and comment threads from saved HTML or WARC files or folders and print them.

    Nothing is stored: this shows what an archive of the pages would hold. --json and --nl
    print every field of each page (an array, or one object a line as each page is read).
    """
    from crawler.importing.sources import (
        Skipped,
        find_files,
        is_warc,
        raw_pages_from_paths,
        thread_from_raw,
    )
    from crawler.items import PageError
    from crawler.processing import DropItem, OfflinePipelines
    from db.records import unexpected_reason

    pipelines = OfflinePipelines()
    printer = JsonRows(output) if output else None
    files = find_files(paths)
    single = len(files) == 1 and not is_warc(files[0])
    pages, failed, comments, started = 0, 0, 0, time.perf_counter()
    # the route an import takes (file or WARC record -> raw page -> thread), without storing
    for raw in raw_pages_from_paths(files, url if single else None):
        if isinstance(raw, Skipped):  # a WARC's image or script: no page to read
            continue
        pages += 1
        found = raw if isinstance(raw, PageError) else thread_from_raw(raw)
        if not isinstance(found, PageError):
            try:
                thread = pipelines.process(found)
            except DropItem as exc:
                found = PageError(found.post.url, "pipeline", str(exc))
            except Exception as exc:  # one page's failure: reported, and on to the next
                found = PageError(found.post.url, "pipeline", unexpected_reason(exc))
        where = raw.url if isinstance(raw, PageError) else (raw.origin or raw.url)
        if isinstance(found, PageError):
            failed += 1
            click.echo(f"FAILED {where}: {found.reason}", err=True)
            continue
        comments += len(thread.comments)
        if printer:
            thread.page = None  # the raw bytes are the input, not what was extracted
            printer.write(asdict(thread))
        else:
            show_thread(where, thread, tree)
    if printer:
        printer.close()
    seconds = time.perf_counter() - started
    summary = (
        f"{pages - failed} of {pages} pages extracted, {comments} comments, "
        f"{failed} failed, in {seconds:.2f}s"
    )
    click.echo(summary, err=bool(output))
    if failed:
        sys.exit(1)


def show_thread(path: Path | str, thread: Thread, tree: bool) -> None:
    post = thread.post
    click.secho(f"\n{path}", bold=True)
    click.echo(f"  extractor  {thread.extractor}")
    click.echo(f"  title      {post.title}")
    click.echo(f"  author     {post.author}")
    click.echo(f"  published  {post.published} (raw: {post.published_raw})")
    click.echo(f"  url        {post.canonical_url or post.url}")
    if post.tags or post.groups:
        click.echo(f"  tags       {', '.join(post.tags)}  groups: {', '.join(post.groups)}")
    words = len((post.body_text or "").split())
    click.echo(f"  body       {words} words: {_excerpt(post.body_text, 90)}")
    depth = max((c.depth or 0 for c in thread.comments), default=0)
    click.echo(f"  comments   {len(thread.comments)} (max depth {depth})")
    if tree:
        for comment in thread.comments:
            tips = f" ({comment.tips_plus}+/{comment.tips_minus}-)" if comment.tips_raw else ""
            click.echo(
                f"    {'  ' * (comment.depth or 0)}- {comment.author or '?'}, "
                f"{comment.posted or '?'}{tips}: {_excerpt(comment.body_text, 60)}"
            )
    for problem in thread.problems:
        click.echo(f"  problem    {problem}")


def _excerpt(text: str | None, width: int) -> str:
    flat = " ".join((text or "").split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
