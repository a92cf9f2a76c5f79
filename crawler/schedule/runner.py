"""Recurring crawls kept in the archive: rules, what is due, leases, and the runner.

- Rules are `every` intervals ("6h", "1h30m") or cron expressions (croniter): `next_due`.
- A schedule is due when it is not paused and its `next_due` has come (a new one at once).
- A runner takes a schedule with a lease, in one SQLite `UPDATE`: the schedule must be due, not
  leased by a live runner, and no other schedule of the archive may be running (one crawl at a
  time per archive). A lease expires unless renewed, so a runner that died frees its schedule.
- The crawl runs in a subprocess (`python -m crawler.cli crawl ... --json`), so a crash of the
  crawl is that run's recorded failure and the runner goes on; or it is sent to a Scrapyd
  (`schedule.json`) and the job id recorded.

Times are UTC, stored as `YYYY-MM-DDTHH:MM:SSZ` (they sort as text). The clock is `now()`, which
`BLOGARCHIVE_NOW` (an ISO time) pins, so tests can say exactly what is due.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from croniter import croniter
from sqlite_utils import Database

from crawler.schedule import POLL_SECONDS
from db.schedules import ScheduleTable

TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
# a runner holds a schedule this long unless it renews; it renews while its crawl runs
LEASE_SECONDS = 120
RENEW_SECONDS = 20
# after asking a crawl to stop, how long to wait before asking again (Scrapy then stops hard)
STOP_GRACE_SECONDS = 120
NOW_ENV = "BLOGARCHIVE_NOW"
EVERY_UNITS = {"w": 7 * 86400, "d": 86400, "h": 3600, "m": 60, "s": 1}
_EVERY = re.compile(r"(\d+)\s*([wdhms])")


# --- time ----------------------------------------------------------------------------------------
def now() -> datetime:
    """The current time (UTC), or the one `BLOGARCHIVE_NOW` pins."""
    pinned = os.environ.get(NOW_ENV)
    return parse_time(pinned) if pinned else datetime.now(UTC).replace(microsecond=0)


def parse_time(text: str) -> datetime:
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def format_time(value: datetime) -> str:
    return value.astimezone(UTC).strftime(TIME_FORMAT)


# --- rules ---------------------------------------------------------------------------------------
def parse_every(text: str) -> int:
    """'6h', '90m', '1h30m', '2d', '45s' (or plain seconds) -> seconds."""
    text = text.strip().lower()
    if text.isdigit():
        seconds = int(text)
    else:
        parts = _EVERY.findall(text)
        if not parts or _EVERY.sub("", text).strip():
            raise ValueError(f"not an interval: {text!r} (e.g. 6h, 30m, 1h30m, 2d)")
        seconds = sum(int(n) * EVERY_UNITS[unit] for n, unit in parts)
    if seconds <= 0:
        raise ValueError("an interval must be longer than 0s")
    return seconds


def describe_every(seconds: int) -> str:
    """3600 -> '1h', 5400 -> '1h30m'."""
    parts = []
    for unit, size in EVERY_UNITS.items():
        if seconds >= size and unit != "w":
            count, seconds = divmod(seconds, size)
            parts.append(f"{count}{unit}")
    return "".join(parts) or "0s"


def check_cron(expression: str) -> str:
    if not croniter.is_valid(expression):
        raise ValueError(f"not a cron expression: {expression!r} (e.g. '0 */6 * * *')")
    return expression


@dataclass
class Schedule:
    """One row of `schedules`, decoded."""

    name: str
    urls: list[str]
    every_seconds: int | None = None
    cron: str | None = None
    spider: str = "blog"
    options: dict = field(default_factory=dict)
    scrapyd_url: str | None = None
    paused: bool = False
    id: int | None = None
    created: str | None = None
    next_due: str | None = None
    last_started: str | None = None
    last_ended: str | None = None
    last_status: str | None = None
    last_crawl_id: int | None = None
    last_job: str | None = None
    running_pid: int | None = None
    lease_owner: str | None = None
    lease_until: str | None = None

    @classmethod
    def from_row(cls, row: dict) -> Schedule:
        row = dict(row)
        row["urls"] = json.loads(row["urls"])
        row["options"] = json.loads(row["options"] or "{}")
        row["paused"] = bool(row["paused"])
        return cls(**row)

    @property
    def rule(self) -> str:
        return f"every {describe_every(self.every_seconds)}" if self.every_seconds else (
            f"cron {self.cron}")

    def next_after(self, started: datetime, ended: datetime) -> datetime:
        """When the run after one that started and ended at these times is due.

        `every`: an interval after the last start (a run longer than the interval is followed
        at once); cron: the first time the expression matches after the run ended.
        """
        if self.every_seconds:
            return max(started + timedelta(seconds=self.every_seconds), ended)
        return croniter(self.cron, ended).get_next(datetime).astimezone(UTC)

    def is_due(self, at: datetime) -> bool:
        if self.paused:
            return False
        return self.next_due is None or parse_time(self.next_due) <= at

    def is_running(self, at: datetime) -> bool:
        return self.lease_until is not None and parse_time(self.lease_until) >= at


def crawl_argv(schedule: Schedule, db_path: str | Path) -> list[str]:
    """The `blogarchive crawl` command line a local run of this schedule is."""
    options = schedule.options
    argv = [sys.executable, "-m", "crawler.cli", "crawl", str(db_path), *schedule.urls,
            "--spider", schedule.spider, "--json"]
    for name in ("depth", "max_pages", "since", "contact", "redis"):
        if options.get(name) not in (None, ""):
            argv += [f"--{name.replace('_', '-')}", str(options[name])]
    for name in ("include", "exclude"):
        for value in options.get(name) or ():
            argv += [f"--{name}", value]
    if options.get("resume"):
        argv.append("--resume")
    for pair in options.get("settings") or ():
        argv += ["-s", pair]
    return argv


def scrapyd_fields(schedule: Schedule, db_path: str | Path) -> list[tuple[str, str]]:
    """The form fields of Scrapyd's `schedule.json` for this schedule: spider arguments (the
    archive among them, as an absolute path) and settings."""
    options = schedule.options
    fields = [("project", options.get("project") or "blogarchive"), ("spider", schedule.spider),
              ("urls", " ".join(schedule.urls)), ("archive", str(Path(db_path).resolve())),
              ("schedule", schedule.name)]
    for name in ("depth", "max_pages", "since"):
        if options.get(name) not in (None, ""):
            fields.append((name, str(options[name])))
    for name in ("include", "exclude"):
        if options.get(name):
            fields.append((name, " ".join(options[name])))
    if options.get("resume"):
        fields.append(("resume", "1"))
    settings = list(options.get("settings") or ())
    if options.get("contact"):
        settings.append(f"ARCHIVE_CONTACT_URL={options['contact']}")
    fields += [("setting", pair) for pair in settings]
    return fields


# --- the table -----------------------------------------------------------------------------------
class ScheduleStore:
    """The archive's schedules as `Schedule`s: adding, listing, pausing, and leases for runners
    (the statements are `db/schedules.py`'s)."""

    def __init__(self, db: Database):
        self.db = db
        self.table = ScheduleTable(db)

    def add(self, schedule: Schedule, at: datetime) -> Schedule:
        self.table.insert({
            "name": schedule.name, "every_seconds": schedule.every_seconds,
            "cron": schedule.cron, "spider": schedule.spider,
            "urls": json.dumps(schedule.urls), "options": json.dumps(schedule.options),
            "scrapyd_url": schedule.scrapyd_url, "paused": int(schedule.paused),
            "created": format_time(at), "next_due": format_time(at)})
        return self.get(schedule.name)

    def get(self, name: str) -> Schedule:
        return Schedule.from_row(self.table.get(name))

    def all(self) -> list[Schedule]:
        return [Schedule.from_row(row) for row in self.table.all()]

    def remove(self, name: str) -> None:
        schedule = self.get(name)
        if schedule.lease_until and schedule.is_running(now()):
            raise RuntimeError(f"{name!r} is running (pid {schedule.running_pid}): stop it first")
        self.table.delete(schedule.id)

    def set_paused(self, name: str, paused: bool) -> None:
        self.table.set_paused(self.get(name).id, paused)

    def due(self, at: datetime) -> list[Schedule]:
        """Schedules due at `at`, longest waiting first (leased ones included)."""
        return [Schedule.from_row(row) for row in self.table.due(format_time(at))]

    def claim(self, schedule_id: int, owner: str, at: datetime) -> bool:
        """Take a due schedule for `owner`: one statement, so two runners never both get it.

        Refused when the schedule is not due (any more), is paused, is held by a runner whose
        lease has not expired, or when another schedule of this archive is running.
        """
        stamp = format_time(at)
        pid = self.table.expired_lease_pid(schedule_id, stamp)
        if pid and pid_alive(pid):
            # its runner died (lease expired) but the crawl it started lives on: wait for it
            return False
        return self.table.claim(schedule_id, owner, stamp,
                                format_time(at + timedelta(seconds=LEASE_SECONDS)))

    def renew(self, schedule_id: int, owner: str, at: datetime, pid: int | None = None) -> None:
        self.table.renew(schedule_id, owner,
                         format_time(at + timedelta(seconds=LEASE_SECONDS)), pid)

    def record_start(self, schedule_id: int, owner: str, started: datetime) -> None:
        self.table.record_start(schedule_id, owner, format_time(started))

    def release(self, schedule: Schedule, owner: str, outcome: RunOutcome,
                next_due: datetime) -> None:
        """The run is over: its outcome recorded, the next due time set, the lease given up."""
        self.table.release(schedule.id, owner, format_time(outcome.ended), outcome.status,
                           outcome.crawl_id, outcome.job, format_time(next_due))

    def give_up(self, schedule_id: int, owner: str) -> None:
        """Release a lease without a run (the runner stopped before starting it)."""
        self.table.give_up(schedule_id, owner)

    def link_scrapyd_runs(self) -> int:
        return self.table.link_scrapyd_runs()


# --- runs ----------------------------------------------------------------------------------------
@dataclass
class RunOutcome:
    """How one scheduled run ended."""

    schedule: str
    started: datetime
    ended: datetime
    status: str
    crawl_id: int | None = None
    job: str | None = None
    summary: dict | None = None
    exit_code: int | None = None

    def as_json(self) -> dict:
        return {"schedule": self.schedule, "started": format_time(self.started),
                "ended": format_time(self.ended), "status": self.status,
                "crawl_id": self.crawl_id, "job": self.job, "exit_code": self.exit_code,
                **({"counts": self.summary} if self.summary else {})}


def crash_status(returncode: int) -> str:
    """'crashed (exit 3)' or 'killed (SIGKILL)': a crawl process that ended without a summary."""
    if returncode < 0:
        try:
            return f"killed ({signal.Signals(-returncode).name})"
        except ValueError:
            return f"killed (signal {-returncode})"
    return f"crashed (exit {returncode})"


def read_summary(stdout: str) -> dict | None:
    """The crawl's `--json` summary: the last line of its output that is a JSON object."""
    for line in reversed(stdout.strip().splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                return json.loads(line)
            except ValueError:
                return None
    return None


class Runner:
    """Runs an archive's due schedules, one crawl at a time; `stop()` ends it cleanly."""

    def __init__(self, db_path: str | Path, clock: Callable[[], datetime] = now,
                 report: Callable[[str], None] | None = None):
        self.db_path = str(db_path)
        self.clock = clock
        self.report = report or (lambda message: None)
        self.owner = f"{socket.gethostname()}:{os.getpid()}"
        self.stopping = False
        self.stop_signal = signal.SIGINT
        self.process: subprocess.Popen | None = None
        self.outcomes: list[RunOutcome] = []

    def _store(self) -> ScheduleStore:
        from db.schema import open_archive

        return ScheduleStore(open_archive(self.db_path))

    # --- stopping ------------------------------------------------------------------------------
    def stop(self, signum: int = signal.SIGINT, frame=None) -> None:
        """Take no new work; ask the running crawl to close (Scrapy's own clean shutdown)."""
        first = not self.stopping
        self.stopping = True
        self.stop_signal = signal.SIGTERM if signum == signal.SIGTERM else signal.SIGINT
        if first:
            self.report("stopping: no new runs; the running crawl is asked to close")
        if first and self.process is not None and self.process.poll() is None:
            self.process.send_signal(self.stop_signal)

    # --- the loop ------------------------------------------------------------------------------
    def run_due(self) -> list[RunOutcome]:
        """Run everything due now, one at a time, until nothing due can be taken."""
        ran = []
        while not self.stopping:
            outcome = self.run_next()
            if outcome is None:
                break
            ran.append(outcome)
        return ran

    def run_forever(self, poll: float = POLL_SECONDS) -> list[RunOutcome]:
        while not self.stopping:
            self.run_due()
            waited = 0.0
            while not self.stopping and waited < poll:
                time.sleep(min(0.2, poll - waited))
                waited += 0.2
        return self.outcomes

    def run_next(self) -> RunOutcome | None:
        """Take the first due schedule this runner can lease and run it; None if there is none."""
        store = self._store()
        try:
            store.link_scrapyd_runs()
            at = self.clock()
            for schedule in store.due(at):
                if self.stopping:
                    return None
                if store.claim(schedule.id, self.owner, at):
                    outcome = self.run(store, schedule)
                    self.outcomes.append(outcome)
                    return outcome
            return None
        finally:
            store.db.close()

    def run(self, store: ScheduleStore, schedule: Schedule) -> RunOutcome:
        """Run a leased schedule to its end and release it with the outcome."""
        started = self.clock()
        store.record_start(schedule.id, self.owner, started)
        self.report(f"{schedule.name}: started ({schedule.rule})")
        try:
            if schedule.scrapyd_url:
                outcome = self.send_to_scrapyd(schedule, started)
            else:
                outcome = self.run_crawl(store, schedule, started)
        except Exception as exc:  # recorded as this run's failure; the runner goes on
            outcome = RunOutcome(schedule.name, started, self.clock(),
                                 f"failed: {type(exc).__name__}: {exc}"[:300])
        store.release(schedule, self.owner, outcome, schedule.next_after(started, outcome.ended))
        self.report(f"{schedule.name}: {outcome.status}"
                    + (f" (crawl {outcome.crawl_id})" if outcome.crawl_id else "")
                    + (f" (job {outcome.job})" if outcome.job else ""))
        return outcome

    def run_crawl(self, store: ScheduleStore, schedule: Schedule,
                  started: datetime) -> RunOutcome:
        """`blogarchive crawl ... --json` in a subprocess, its lease renewed while it runs."""
        before = store.table.last_crawl_id()
        # its own process group: a Ctrl-C on the runner's terminal reaches the crawl once, from us
        self.process = subprocess.Popen(crawl_argv(schedule, self.db_path),
                                        stdout=subprocess.PIPE, text=True,
                                        start_new_session=True)
        store.renew(schedule.id, self.owner, self.clock(), self.process.pid)
        if self.stopping:  # the signal came while starting it
            self.process.send_signal(self.stop_signal)
        stdout = self._wait(store, schedule)
        returncode = self.process.returncode
        self.process = None
        summary = read_summary(stdout)
        ended = self.clock()
        if summary is not None:
            crawl_id = summary.get("crawl_id")
            status = summary.get("status") or ("finished" if returncode == 0 else "failed")
            return RunOutcome(schedule.name, started, ended, status, crawl_id,
                              summary=summary, exit_code=returncode)
        # no summary: the crawl died; its row (if it got that far) says so
        status = crash_status(returncode)
        crawl_id = self._orphan_crawl(store, before, schedule, status)
        return RunOutcome(schedule.name, started, ended, status, crawl_id, exit_code=returncode)

    def _wait(self, store: ScheduleStore, schedule: Schedule) -> str:
        process, asked = self.process, None
        chunks: list[str] = []
        reader = threading.Thread(target=lambda: chunks.append(process.stdout.read()),
                                  daemon=True)
        reader.start()
        last_renew = time.monotonic()
        while process.poll() is None:
            time.sleep(0.2)
            if self.stopping and asked is None:
                asked = time.monotonic()
            elif asked is not None and time.monotonic() - asked > STOP_GRACE_SECONDS:
                process.send_signal(self.stop_signal)  # a second signal: Scrapy stops at once
                asked = float("inf")
            if time.monotonic() - last_renew >= RENEW_SECONDS:
                store.renew(schedule.id, self.owner, self.clock())
                last_renew = time.monotonic()
        reader.join(timeout=10)
        return "".join(chunks)

    def _orphan_crawl(self, store: ScheduleStore, before: int, schedule: Schedule,
                      status: str) -> int | None:
        """The crawls row a dead crawl left 'running': marked with how it died, and returned."""
        return store.table.mark_orphan_crawl(before, schedule.urls, status,
                                             format_time(datetime.now(UTC)))

    def send_to_scrapyd(self, schedule: Schedule, started: datetime) -> RunOutcome:
        """POST to Scrapyd's schedule.json; the job runs there and writes to this archive."""
        base = schedule.scrapyd_url.rstrip("/")
        if schedule.last_job:  # never two jobs of one schedule at once there either
            query = urllib.parse.urlencode({"job": schedule.last_job})
            with urllib.request.urlopen(f"{base}/status.json?{query}", timeout=30) as response:
                state = json.loads(response.read().decode("utf-8")).get("currstate")
            if state in ("pending", "running"):
                return RunOutcome(schedule.name, started, self.clock(),
                                  f"skipped: job {schedule.last_job} still {state}",
                                  job=schedule.last_job)
        url = base + "/schedule.json"
        data = urllib.parse.urlencode(scrapyd_fields(schedule, self.db_path)).encode()
        with urllib.request.urlopen(url, data=data, timeout=30) as response:
            answer = json.loads(response.read().decode("utf-8"))
        if answer.get("status") != "ok":
            return RunOutcome(schedule.name, started, self.clock(),
                              f"failed: scrapyd: {answer.get('message', answer)}"[:300])
        return RunOutcome(schedule.name, started, self.clock(), "scheduled",
                          job=answer.get("jobid"))


def pid_alive(pid: int) -> bool:
    """Whether a process of this machine still runs under `pid` (signal 0 only checks)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
