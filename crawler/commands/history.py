"""`blogarchive crawls` and `blogarchive errors`: an archive's runs and what failed in them."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from crawler.commands.options import archive_argument, echo_rows, output_options


def format_table(headers: tuple[str, ...], rows: list[tuple]) -> str:
    """Columns aligned on their widest cell; numbers right-aligned."""
    cells = [[("" if v is None else str(v)) for v in row] for row in rows]
    widths = [max([len(h), *(len(row[i]) for row in cells)]) for i, h in enumerate(headers)]
    numeric = [all(isinstance(row[i], int | float) or row[i] is None for row in rows) and rows
               for i in range(len(headers))]

    def line(values):
        return "  ".join((v.rjust(w) if num else v.ljust(w))
                         for v, w, num in zip(values, widths, numeric, strict=True)).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, cells)])


def duration(started: str | None, ended: str | None) -> float | None:
    """Seconds between two stored UTC times (None while running or if killed)."""
    if not started or not ended:
        return None
    try:
        parse = datetime.fromisoformat
        return (parse(ended.replace("Z", "+00:00"))
                - parse(started.replace("Z", "+00:00"))).total_seconds()
    except ValueError:
        return None


def describe_duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}h{minutes:02d}m" if hours else (f"{minutes}m{secs:02d}s" if minutes
                                                    else f"{secs}s")


limit_option = click.option("--limit", type=int, default=50, show_default=True,
                            help="show at most this many, newest first")


@click.command()
@archive_argument
@click.option("--schedule", "schedule_name", metavar="NAME", help="only runs of this schedule")
@limit_option
@output_options
def crawls(archive: Path, schedule_name: str | None, limit: int, output: str | None) -> None:
    """The archive's history of runs: start, end, duration, status and counts, newest first.

    Each crawl, import or reparse is a row (with the schedule that started it, where one did):
    requests made, pages fetched, posts archived, new comments, pages skipped (listings, feeds,
    pages already archived or unchanged, ...), errors, dead links and links left unrequested
    (--json and --nl have them by rule); `blogarchive errors ARCHIVE --crawl N` says what
    failed.
    """
    from db.history import recent_runs

    rows = recent_runs(archive, limit, schedule_name)
    for row in rows:
        row["seconds"] = duration(row["started"], row["ended"])
    if output:
        echo_rows(rows, output)
        return
    if not rows:
        click.echo("no runs yet")
        return
    click.echo(format_table(
        ("id", "command", "schedule", "started", "ended", "duration", "status", "requests",
         "fetched", "posts", "new comments", "skipped", "errors", "dead links", "not requested"),
        [(r["id"], r["command"], r["schedule"] or "-", r["started"], r["ended"] or "-",
          describe_duration(r["seconds"]), r["status"], r["requests"], r["fetched"], r["posts"],
          r["new_comments"], pages_skipped(r), r["errors"], r["dead_links"],
          sum(r["skipped"].values()))
         for r in rows],
    ))


def pages_skipped(run: dict) -> int:
    """Pages a run took in and rightly did not archive (its `outcomes`), and pages a resumed
    crawl knew it had and did not request; for runs before outcomes were kept, `unchanged`."""
    skipped = run["outcomes"].get("skipped") or {}
    if not run["outcomes"]:
        return run["unchanged"]
    # `unchanged` counts 304s and files already archived, which are outcomes too
    known = run["unchanged"] - skipped.get("unchanged", 0) - skipped.get("known", 0)
    return sum(skipped.values()) + max(known, 0)


@click.command()
@archive_argument
@click.option("--crawl", "crawl_id", type=int, metavar="N", help="only errors of run N")
@limit_option
@output_options
def errors(archive: Path, crawl_id: int | None, limit: int, output: str | None) -> None:
    """What failed: pages that could not be fetched or read, and problems inside archived ones.

    Newest first, with the run (see `blogarchive crawls`), stage, URL and reason; a dead link
    (stage "link") with the page that linked to it.
    """
    from db.history import recent_errors

    rows = recent_errors(archive, limit, crawl_id)
    if output:
        echo_rows(rows, output)
        return
    if not rows:
        click.echo("no errors" + (f" in run {crawl_id}" if crawl_id is not None else ""))
        return
    click.echo(format_table(
        ("id", "crawl", "time", "stage", "url", "reason", "linked from"),
        [(r["id"], r["crawl_id"], r["time"], r["stage"], r["url"] or "-",
          _one_line(r["reason"]), r["referer"] or "-") for r in rows],
    ))


def _one_line(text: str, width: int = 100) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"
