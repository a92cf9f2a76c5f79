"""A CDX query for one URL and the captures it lists.

CDX servers answer in one of two JSON shapes with `output=json`: pywb (and OpenWayback's
successors) one JSON object a line (`url`, `timestamp`, `status`, `mime`), the Wayback Machine
one JSON array of rows whose first row names the fields (`original`, `timestamp`, `statuscode`,
`mimetype`). Both are read here, so any of them can be the source.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlencode

from crawler.captures.choice import Window, full_timestamp

# the names each shape gives a field, ours first
_FIELDS = {"url": ("url", "original"), "status": ("status", "statuscode"),
           "mime": ("mime", "mimetype")}
# most captures a single URL's query lists: a home page may have thousands, the window
# is what should narrow them
CDX_LIMIT = 5000


@dataclass(frozen=True, order=True)
class Capture:
    """One capture of a URL, as the archive's index lists it."""

    timestamp: str  # 14 digits, UTC: 20080301120000
    url: str  # the original URL as captured
    status: str = ""  # "200", "301", "-" (a revisit record) or ""
    mime: str = ""

    @property
    def time(self) -> str:
        """The capture time as the archive writes every time (UTC ISO 8601)."""
        return timestamp_iso(self.timestamp)

    @property
    def usable(self) -> bool:
        """Whether replaying it gives a page or a redirect: not an error the site answered."""
        return self.status[:1] not in ("4", "5")

    @property
    def redirect(self) -> bool:
        return self.status[:1] == "3"


def query_url(cdx: str, url: str, window: Window) -> str:
    """The CDX query listing the captures of exactly `url` within `window`."""
    params = {"url": url, "output": "json", "limit": str(CDX_LIMIT)}
    if window.start:
        params["from"] = window.start
    if window.end:
        params["to"] = window.end
    return f"{cdx}{'&' if '?' in cdx else '?'}{urlencode(params)}"


def parse_cdx(body: bytes) -> list[Capture]:
    """The captures a CDX answer lists, oldest first; ValueError if it is not a CDX answer."""
    text = body.decode("utf-8", "replace").strip()
    if not text:
        return []
    if text.startswith("["):
        rows = json.loads(text)
        if not rows:
            return []
        names, rows = rows[0], rows[1:]
        records = [dict(zip(names, row, strict=False)) for row in rows]
    else:
        records = [json.loads(line) for line in text.splitlines() if line.strip()]
    captures = [_capture(record) for record in records]
    return sorted(c for c in captures if c is not None)


def _capture(record: dict) -> Capture | None:
    timestamp = str(record.get("timestamp", ""))
    if not timestamp.isdigit():
        return None
    values = {ours: next((str(record[n]) for n in names if record.get(n) is not None), "")
              for ours, names in _FIELDS.items()}
    return Capture(full_timestamp(timestamp), **values)


def timestamp_iso(timestamp: str) -> str:
    """A 14-digit CDX timestamp as UTC ISO 8601 (20080301120000 -> 2008-03-01T12:00:00Z)."""
    moment = datetime.strptime(full_timestamp(timestamp), "%Y%m%d%H%M%S")
    return moment.replace(tzinfo=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def http_date_timestamp(value: str) -> str | None:
    """An HTTP date (a replay's Memento-Datetime) as a 14-digit timestamp, None if unreadable."""
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y%m%d%H%M%S")
