"""`blogarchive schedule`: recurring crawls stored in the archive, and the runner that runs them."""

from __future__ import annotations

import json
import signal
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from crawler.commands.history import format_table
from crawler.commands.options import (
    archive_argument,
    archive_first,
    crawl_options,
    echo_rows,
    json_option,
    output_options,
)
from crawler.schedule import POLL_SECONDS

if TYPE_CHECKING:
    from crawler.schedule.runner import Schedule, ScheduleStore

# how a run may end without counting as failed (page errors are in the run's own row)
OK_STATUSES = ("finished", "interrupted", "scheduled", "skipped")


def now_option(fn):
    """Hidden `--now TIME`: the clock, pinned (tests; `BLOGARCHIVE_NOW` does the same), given
    to the command as `clock`."""

    def pin(ctx, param, value):
        from crawler.schedule.runner import now, parse_time

        if not value:
            return now
        try:
            pinned = parse_time(value)
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from exc
        return lambda: pinned

    return click.option("--now", "clock", hidden=True, callback=pin,
                        help="pretend it is this UTC time")(fn)


def _store(db_path: Path) -> ScheduleStore:
    from crawler.schedule.runner import ScheduleStore
    from db.schema import open_archive

    return ScheduleStore(open_archive(db_path))


@click.group()
def schedule() -> None:
    """Recurring crawls, stored in the archive: add, list, pause, resume, remove, run.

    `schedule run --forever` is the long-running process for servers (systemd, or `--once` from
    cron); a schedule with --scrapyd URL sends its crawls to a Scrapyd instead.
    """


@schedule.command(name="add")
@archive_first("name_and_urls", metavar="NAME URL...", must_exist=False, at_least=2)
@click.option("--every", metavar="INTERVAL", help="run every INTERVAL: 6h, 30m, 1h30m, 2d")
@click.option("--cron", metavar="EXPR", help='run when a cron expression matches: "0 */6 * * *"')
@crawl_options
@click.option("--scrapyd", "scrapyd_url", metavar="URL",
              help="send the crawls to this Scrapyd (schedule.json) instead of running them")
@click.option("--project", default="blogarchive", show_default=True,
              help="the Scrapyd project the spiders were deployed as (with --scrapyd)")
@click.option("--paused", is_flag=True, help="add it paused")
@now_option
def add(archive: Path, name_and_urls: tuple[str, ...], every: str | None, cron: str | None,
        spider: str, depth: int | None, max_pages: int | None, since,
        include: tuple[str, ...], exclude: tuple[str, ...], contact: str | None,
        scrapyd_url: str | None, project: str, redis_url: str | None, paused: bool,
        settings: tuple[str, ...], clock) -> None:
    """Add a recurring crawl of URLs: --every 6h or --cron "0 */6 * * *".

    Takes the crawl options of `blogarchive crawl`. A new schedule is due at once. The archive
    is created if missing.
    """
    from crawler.schedule.runner import Schedule, check_cron, parse_every

    name, urls = name_and_urls[0], name_and_urls[1:]
    if bool(every) == bool(cron):
        raise click.UsageError("give one of --every INTERVAL or --cron EXPR")
    try:
        every_seconds = parse_every(every) if every else None
        cron = check_cron(cron) if cron else None
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc
    for pair in settings:
        if "=" not in pair:
            raise click.BadParameter(f"-s expects NAME=VALUE, got {pair!r}")
    options = {"depth": depth, "max_pages": max_pages,
               "since": since.date().isoformat() if since else None,
               "include": list(include), "exclude": list(exclude), "contact": contact,
               "redis": redis_url, "settings": list(settings)}
    if scrapyd_url:
        options["project"] = project
    options = {k: v for k, v in options.items() if v not in (None, [], "")}
    try:
        added = _store(archive).add(
            Schedule(name, list(urls), every_seconds, cron, spider, options, scrapyd_url, paused),
            clock(),
        )
    except KeyError as exc:
        raise click.UsageError(exc.args[0]) from exc
    where = f", sent to Scrapyd at {scrapyd_url}" if scrapyd_url else ""
    click.echo(f"added schedule {added.name}: {added.rule}, {len(urls)} URL(s){where}; "
               f"next run {'paused' if paused else added.next_due}")


@schedule.command(name="list")
@archive_argument
@output_options
@now_option
def list_(archive: Path, output: str | None, clock) -> None:
    """The archive's schedules: rule, last run and its outcome, next run."""
    store = _store(archive)
    at = clock()
    schedules = store.all()
    if output:
        echo_rows((_as_json(s, at) for s in schedules), output)
        return
    if not schedules:
        click.echo("no schedules (blogarchive schedule add ARCHIVE NAME URL... --every 6h)")
        return
    rows = [(s.name, s.rule, s.spider, " ".join(s.urls), s.last_started or "-",
             _outcome(s), _next(s, at), s.scrapyd_url or "local") for s in schedules]
    click.echo(format_table(
        ("name", "rule", "spider", "urls", "last run", "outcome", "next run", "runs on"), rows))


def _outcome(s: Schedule) -> str:
    if s.last_status is None:
        return "-"
    extra = f" (crawl {s.last_crawl_id})" if s.last_crawl_id else ""
    if s.last_status == "scheduled" and s.last_job:
        extra = f" (job {s.last_job})"
    return s.last_status + extra


def _next(s: Schedule, at: datetime) -> str:
    if s.paused:
        return "paused"
    if s.is_running(at):
        return f"running (pid {s.running_pid})" if s.running_pid else "running"
    if s.is_due(at):
        return "due now"
    return s.next_due


def _as_json(s: Schedule, at: datetime) -> dict:
    return {"name": s.name, "rule": s.rule, "every_seconds": s.every_seconds, "cron": s.cron,
            "spider": s.spider, "urls": s.urls, "options": s.options,
            "scrapyd_url": s.scrapyd_url, "paused": s.paused, "next_due": s.next_due,
            "due": s.is_due(at), "running": s.is_running(at), "last_started": s.last_started,
            "last_ended": s.last_ended, "last_status": s.last_status,
            "last_crawl_id": s.last_crawl_id, "last_job": s.last_job}


@schedule.command(name="remove")
@archive_first("name", metavar="NAME", at_most=1)
def remove(archive: Path, name: tuple[str]) -> None:
    """Remove a schedule (the runs it made stay in the crawls table)."""
    try:
        _store(archive).remove(name[0])
    except (KeyError, RuntimeError) as exc:
        raise click.UsageError(exc.args[0]) from exc
    click.echo(f"removed schedule {name[0]}")


@schedule.command(name="pause")
@archive_first("name", metavar="NAME", at_most=1)
def pause(archive: Path, name: tuple[str]) -> None:
    """Pause a schedule: it is not run until resumed (a running crawl goes on)."""
    _set_paused(name[0], archive, True)


@schedule.command(name="resume")
@archive_first("name", metavar="NAME", at_most=1)
def resume(archive: Path, name: tuple[str]) -> None:
    """Resume a paused schedule; if its time passed while paused, it is due at once."""
    _set_paused(name[0], archive, False)


def _set_paused(name: str, db_path: Path, paused: bool) -> None:
    try:
        _store(db_path).set_paused(name, paused)
    except KeyError as exc:
        raise click.UsageError(exc.args[0]) from exc
    click.echo(f"{'paused' if paused else 'resumed'} schedule {name}")


@schedule.command(name="run")
@archive_argument
@click.option("--once", "mode", flag_value="once", default=True,
              help="run what is due now, then exit (the default; for cron)")
@click.option("--forever", "mode", flag_value="forever",
              help="keep running, checking for due schedules; SIGTERM/SIGINT stop it cleanly")
@click.option("--poll", type=float, default=POLL_SECONDS, show_default=True, metavar="SECONDS",
              help="with --forever: seconds between looks for due schedules")
@json_option
@now_option
def run(archive: Path, mode: str, poll: float, as_json: bool, clock) -> None:
    """Run the archive's due schedules, one crawl at a time.

    Each crawl runs in its own process; a crawl that crashes is recorded as that run's failure
    and the runner goes on. Two runners on one archive never run a schedule twice at once.
    With --once the exit code is 1 if a run crashed or failed. With --forever, SIGTERM or
    SIGINT stops taking new work, asks the running crawl to close (it is recorded as
    interrupted), waits for it, releases the schedule and exits 0.
    """
    # on a terminal: what starts and how it ended; elsewhere only the summary
    from crawler.schedule.runner import Runner, format_time

    report = (lambda m: click.echo(m, err=True)) if sys.stderr.isatty() else None
    runner = Runner(archive, clock, report=report)
    previous = {s: signal.signal(s, runner.stop) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        outcomes = runner.run_forever(poll) if mode == "forever" else runner.run_due()
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    failed = [o for o in outcomes if not o.status.startswith(OK_STATUSES)]
    if as_json:
        click.echo(json.dumps({"archive": str(archive), "ran": len(outcomes),
                               "failed": len(failed), "stopped": runner.stopping,
                               "runs": [o.as_json() for o in outcomes],
                               "time": format_time(clock())}))
    else:
        click.echo(f"ran {len(outcomes)} scheduled crawl(s), {len(failed)} failed"
                   + "".join(f"; {o.schedule}: {o.status}" for o in outcomes)
                   + f"; archive: {archive}")
    if failed and mode == "once":
        sys.exit(1)
