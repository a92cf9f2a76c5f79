"""Normalize: times to UTC ISO 8601 (raw kept), tip counts split, author names trimmed.

Times are read by `crawler/dates.py` (what shapes it knows, and why it is our own reader); this
pipeline chooses, per thread, the zone (`ARCHIVE_SITE_TIMEZONES`, else `ARCHIVE_DEFAULT_TIMEZONE`),
the reference time for "3 hours ago" (the page's fetch time) and the numeric date order the
thread's own dates agree on, then applies them to the post and every comment.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, tzinfo

from crawler.dates import SLASHED_DATE, ParsedTime, parse_time, thread_dayfirst, zone
from crawler.items import Thread

logger = logging.getLogger(__name__)

# comments looked at to settle a thread's numeric date order: enough to outvote a stray one
MAX_AGREEMENT_COMMENTS = 50
_TIPS = re.compile(r"\(\s*(\d+)\s*\+\s*/\s*(\d+)\s*-\s*\)")
_SCORE = re.compile(r"^\s*([+-]?\d[\d,]*)\s*(points?|likes?|votes?|score)?\s*$", re.I)
_AUTHOR_PREFIX = re.compile(r"^\s*(posted\s+by|written\s+by|by|von|par|from)\s*:?\s+", re.I)
_AUTHOR_SUFFIX = re.compile(r"\s*(says|said|wrote|schreibt|a écrit)?\s*[:|,-]?\s*$", re.I)
_URL_DATE = re.compile(r"/((?:19|20)\d\d)/(0?[1-9]|1[0-2])/(?:(0?[1-9]|[12]\d|3[01])(?:/|\b))?")


def split_tips(raw: str | None) -> tuple[int | None, int | None]:
    """`(31+ / 0-)` -> (31, 0); a plain score ("12 points", "-3") -> (12, None) / (None, 3)."""
    if not raw:
        return None, None
    found = _TIPS.search(raw)
    if found:
        return int(found.group(1)), int(found.group(2))
    score = _SCORE.match(raw)
    if score:
        value = int(score.group(1).replace(",", ""))
        return (value, 0) if value >= 0 else (0, -value)
    return None, None


def trim_author(name: str | None) -> str | None:
    """'by Mercutio', 'Jane says:' -> the bare name."""
    if not name:
        return None
    name = _AUTHOR_SUFFIX.sub("", _AUTHOR_PREFIX.sub("", " ".join(name.split())))
    return name.strip() or None


class NormalizePipeline:
    def __init__(self, default_zone: str = "UTC", site_zones: dict[str, str] | None = None):
        self.default_zone = zone(default_zone)
        self.site_zones = {site: zone(name) for site, name in (site_zones or {}).items()}

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        return cls(
            settings.get("ARCHIVE_DEFAULT_TIMEZONE"),
            settings.getdict("ARCHIVE_SITE_TIMEZONES"),
        )

    def process_item(self, item):
        if not isinstance(item, Thread):
            return item
        post = item.post
        tz = self.site_zones.get(post.site or "", self.default_zone)
        now = _fetch_time(item)
        dayfirst, published = thread_hints(item, tz, now)
        post.author = trim_author(post.author)
        post.published = self._time(item, post.published_raw, published, f"post {post.url}")
        earliest = published.local_date if published else None
        post.tips_plus, post.tips_minus = split_tips(post.tips_raw)
        for comment in item.comments:
            comment.author = trim_author(comment.author)
            where = f"comment {comment.source_id or comment.path} of {post.url}"
            parsed = parse_time(comment.posted_raw, tz, now, dayfirst, earliest)
            comment.posted = self._time(item, comment.posted_raw, parsed, where)
            comment.tips_plus, comment.tips_minus = split_tips(comment.tips_raw)
        return item

    @staticmethod
    def _time(item: Thread, raw, parsed: ParsedTime | None, where: str) -> str | None:
        if raw and parsed is None:
            reason = f"{where}: time {raw!r} could not be read (kept raw)"
            logger.info(reason)
            item.problems.append(reason)
        return parsed.iso if parsed else None


def thread_hints(
    item: Thread, tz: tzinfo = UTC, now: datetime | None = None
) -> tuple[bool | None, ParsedTime | None]:
    """How the page writes numeric dates, and the post's own time: what comment times lean on.

    Where no date on the page settles the order ("06/01/2008"), the order that agrees with the
    date in the post's URL ("/2008/01/06/") wins, else the one that puts the comments after the
    post and nearest to it: people comment on a post within days, not months before it.
    """
    raws = [item.post.published_raw, *(c.posted_raw for c in item.comments)]
    dayfirst = thread_dayfirst(raws)
    if dayfirst is None and any(SLASHED_DATE.search(raw or "") for raw in raws):
        dayfirst = _dayfirst_by_agreement(item, tz, now)
    return dayfirst, parse_time(item.post.published_raw, tz, now, dayfirst)


def _dayfirst_by_agreement(item: Thread, tz: tzinfo, now: datetime | None) -> bool | None:
    """The numeric date order under which the thread's dates agree best (see `thread_hints`)."""
    url_date = _URL_DATE.search(item.post.url or "")
    scores = {}
    for dayfirst in (True, False):
        post = parse_time(item.post.published_raw, tz, now, dayfirst)
        posted = post.local_date if post else None
        url_score = 0
        if url_date and posted:
            year, month, day = (int(part) if part else None for part in url_date.groups())
            url_score = ((posted.year, posted.month) == (year, month)) + (posted.day == day)
        gaps = sorted(
            (parsed.local_date - posted).days
            for comment in item.comments[:MAX_AGREEMENT_COMMENTS]
            if posted and (parsed := parse_time(comment.posted_raw, tz, now, dayfirst))
        )
        before = sum(1 for gap in gaps if gap < 0)
        median_gap = abs(gaps[len(gaps) // 2]) if gaps else 0
        scores[dayfirst] = (-url_score, before, median_gap)
    if scores[True] == scores[False]:
        return None
    return scores[True] < scores[False]


def _fetch_time(item: Thread) -> datetime | None:
    """When the page was fetched: what "3 hours ago" on it counts back from (the thread's own
    time, else its raw page's)."""
    fetched = getattr(item, "fetched_at", None) or getattr(item.page, "fetched_at", None)
    if not fetched:
        return None
    try:
        return datetime.fromisoformat(fetched.replace("Z", "+00:00"))
    except ValueError:
        return None
