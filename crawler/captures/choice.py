"""Which capture of a URL the crawl takes: a window of capture times and a rule.

`--captured-from` and `--captured-to` take a year, a month or a day (2008, 2008-06,
2008-06-15) and bound the window inclusively: `--captured-to 2008` is up to the last second
of 2008. `--capture` then picks one capture per URL: `earliest`, `latest` or `closest:DATE`.
A later page of a thread is always taken from the capture closest to the thread's own, so
the pages of one discussion show one moment as nearly as the archive allows.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from crawler.captures.cdx import Capture

EARLIEST, LATEST, CLOSEST = "earliest", "latest", "closest"
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def full_timestamp(timestamp: str) -> str:
    """A CDX timestamp of 4 to 14 digits (archives shorten them) as all 14: the first second
    it names (2008 -> 20080101000000)."""
    digits = timestamp[:14]
    return digits + "0101000000"[len(digits) - 4:] if len(digits) < 14 else digits


def date_bound(text: str, end: bool = False) -> str:
    """YYYY[-MM[-DD]] as a 14-digit timestamp: its first second, or with `end` its last."""
    found = _DATE.match(text.strip())
    if found is None:
        raise ValueError(f"{text!r} is not a date: give YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = found.groups()
    month_number = int(month or (12 if end else 1))
    last_day = calendar.monthrange(int(year), month_number)[1]
    day_number = int(day or (last_day if end else 1))
    moment = datetime(int(year), month_number, day_number)  # ValueError for 2008-02-30
    return moment.strftime("%Y%m%d") + ("235959" if end else "000000")


@dataclass(frozen=True)
class Window:
    """Capture times asked for, as 14-digit timestamps, both ends included ("" : open)."""

    start: str = ""
    end: str = ""

    @classmethod
    def of(cls, captured_from: str = "", captured_to: str = "") -> Window:
        start = date_bound(captured_from) if captured_from else ""
        end = date_bound(captured_to, end=True) if captured_to else ""
        if start and end and start > end:
            raise ValueError(f"--captured-from {captured_from} is after --captured-to "
                             f"{captured_to}")
        return cls(start, end)

    def __str__(self) -> str:
        from crawler.captures.cdx import timestamp_iso

        bounds = [f"from {timestamp_iso(self.start)}" if self.start else "",
                  f"to {timestamp_iso(self.end)}" if self.end else ""]
        return " ".join(bound for bound in bounds if bound) or "at any time"

    def holds(self, timestamp: str) -> bool:
        return (not self.start or timestamp >= self.start) and (
            not self.end or timestamp <= self.end)


@dataclass(frozen=True)
class CaptureRule:
    """`earliest`, `latest`, or `closest` to `near` (a 14-digit timestamp)."""

    kind: str = LATEST
    near: str = ""

    @classmethod
    def parse(cls, text: str) -> CaptureRule:
        kind, _, date = text.strip().partition(":")
        if kind in (EARLIEST, LATEST) and not date:
            return cls(kind)
        if kind == CLOSEST and date:
            return cls(CLOSEST, date_bound(date))
        raise ValueError(f"--capture takes earliest, latest or closest:YYYY[-MM[-DD]], "
                         f"not {text!r}")

    def __str__(self) -> str:
        return f"{CLOSEST}:{self.near}" if self.kind == CLOSEST else self.kind


def choose(captures: Sequence[Capture], rule: CaptureRule, window: Window,
           near: str | None = None) -> Capture | None:
    """The capture to fetch among `captures` (any order): within the window and usable, by
    the rule, or closest to `near` when given (a thread's own capture, for its later pages)."""
    fit = sorted(c for c in captures if window.holds(c.timestamp) and c.usable)
    if not fit:
        return None
    if near:
        return min(fit, key=lambda c: (distance(c.timestamp, near), c.timestamp))
    if rule.kind == EARLIEST:
        return fit[0]
    if rule.kind == LATEST:
        return fit[-1]
    return min(fit, key=lambda c: (distance(c.timestamp, rule.near), c.timestamp))


def distance(timestamp: str, other: str) -> float:
    """Seconds between two 14-digit timestamps."""
    def moment(value: str) -> datetime:
        return datetime.strptime(full_timestamp(value), "%Y%m%d%H%M%S")

    return abs((moment(timestamp) - moment(other)).total_seconds())


def what_is_held(captures: Sequence[Capture], window: Window) -> str:
    """Why no capture was chosen, for the errors table: none at all, none in the window, or
    only captures of an error page."""
    if not captures:
        # the archive was asked for the window only: what it holds outside is not known
        return "no capture in the archive" + (f" {window}" if window.start or window.end else "")
    inside = [c for c in captures if window.holds(c.timestamp)]
    if not inside:
        first, last = min(captures).time, max(captures).time
        return (f"no capture in the window asked for ({len(captures)} from {first} to "
                f"{last})")
    statuses = sorted({c.status for c in inside})
    return f"captured only as HTTP {', '.join(statuses)}"
