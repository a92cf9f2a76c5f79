"""`blogarchive store`: the single writer of a shared crawl, from Redis into the archive."""

from __future__ import annotations

import signal
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from crawler.commands.options import archive_first, settings_option

if TYPE_CHECKING:
    from crawler.scaleout.drain import ItemDrain


@click.command()
@archive_first(must_exist=False)
@click.option("--redis", "redis_url", required=True, metavar="URL",
              help="the shared crawl's Redis, e.g. redis://127.0.0.1:6379/0")
@click.option("--once", is_flag=True, help="stop as soon as the queue is empty")
@click.option("--idle-exit", type=float, metavar="SECONDS",
              help="stop once the queue has stayed empty this long")
@settings_option
def store(archive: Path, redis_url: str, once: bool, idle_exit: float | None,
          settings: tuple[str, ...]) -> None:
    """Store what `blogarchive crawl --redis URL` workers queue, as the archive's one writer.

    Drains the items the workers of a shared crawl put into Redis, in batches of whole pages
    (ARCHIVE_BATCH_PAGES) with the usual idempotent writer, and acknowledges each batch only
    after it is committed, so it can be stopped or killed and started again at any time. Runs
    until stopped (Ctrl-C: after the current batch), or with --once / --idle-exit until the
    queue is empty. Records its run in the archive's crawls table and ends with a summary.
    """
    from crawler.commands.running import RunResult, parse_setting_overrides, summary_line
    from crawler.processing import project_settings
    from crawler.scaleout import connect, keys
    from crawler.scaleout.drain import ItemDrain, drain
    from db.runs import close_run
    from db.schema import open_archive
    from db.writer import ArchiveWriter

    config = project_settings()
    config.setdict(parse_setting_overrides(settings), priority="cmdline")
    names = keys(config.get("ARCHIVE_REDIS_PREFIX"))
    server = connect(redis_url)
    writer = ArchiveWriter(open_archive(str(archive)))
    item_drain = ItemDrain(server, names["items"], names["writer"], writer,
                           config.getint("ARCHIVE_BATCH_PAGES"),
                           config.getfloat("ARCHIVE_REDIS_WORKER_TIMEOUT"))
    stop = _stop_on_signals()
    _wait_for_lock(item_drain, stop)
    if stop():
        return
    crawl_id = item_drain.start({"redis": redis_url, "once": once, "idle_exit": idle_exit})
    progress = _Progress(item_drain) if sys.stderr.isatty() else None
    started = time.perf_counter()
    status = "finished"
    try:
        drain(item_drain, once=once, idle_exit=idle_exit, stopping=stop,
              on_batch=progress.show if progress else lambda: None)
        if stop():
            status = "interrupted"
    except BaseException:
        status = "failed"
        raise
    finally:
        if progress:
            progress.clear()
        close_run(writer.db, crawl_id, status)
        item_drain.release_lock()
    counts = {f"archive/{key}": value for key, value in vars(writer.counts).items()}
    result = RunResult({**counts, "archive/crawl_id": crawl_id,
                        "finish_reason": "finished" if status == "finished" else status},
                       time.perf_counter() - started, str(archive))
    click.echo(summary_line("stored", result)
               + f", {item_drain.seen_unchanged} seen unchanged, {item_drain.backlog()} left in"
               f" the queue")
    if writer.counts.errors:
        sys.exit(1)


def _stop_on_signals():
    """Ctrl-C and SIGTERM ask for a stop between batches (a second Ctrl-C stops at once)."""
    asked = []

    def handler(signum, frame):
        if asked and signum == signal.SIGINT:
            raise KeyboardInterrupt
        asked.append(signum)

    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)
    return lambda: bool(asked)


def _wait_for_lock(item_drain: ItemDrain, stop) -> None:
    told = False
    while not item_drain.take_lock() and not stop():
        if not told:
            click.echo(f"another writer holds {item_drain.lock_key}; waiting for it to stop"
                       " (or its lock to expire)", err=True)
            told = True
        time.sleep(0.5)


class _Progress:
    """One status line on the terminal: what is stored, what waits."""

    def __init__(self, item_drain: ItemDrain, interval: float = 2.0):
        self.drain = item_drain
        self.interval = interval
        self.started = self.last = time.monotonic()

    def show(self) -> None:
        now = time.monotonic()
        if now - self.last < self.interval:
            return
        self.last = now
        counts = self.drain.writer.counts
        rate = counts.pages / max(now - self.started, 1e-9)
        sys.stderr.write(f"\r\x1b[Kstored {counts.pages} pages ({rate:.1f}/s), "
                         f"comments {counts.comments} ({counts.new_comments} new), "
                         f"errors {counts.errors}, queue {self.drain.backlog()}")
        sys.stderr.flush()

    def clear(self) -> None:
        sys.stderr.write("\r\x1b[K")
        sys.stderr.flush()
