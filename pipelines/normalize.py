"""Normalize: times to UTC ISO 8601 (raw kept), tip counts split, author names trimmed.

US zone abbreviations are mapped explicitly (dateutil alone would drop "PDT"); a timestamp that
names no zone is read in the site's zone (`ARCHIVE_SITE_TIMEZONES`, else
`ARCHIVE_DEFAULT_TIMEZONE`); a date without a time stays a date. Non-English dates fall back on
dateparser, relative ones ("3 hours ago") are read against the page's fetch time when known.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil import parser as dateutil_parser
from dateutil.tz import tzoffset as tz_offset

from crawler.items import Thread

logger = logging.getLogger(__name__)

# abbreviation -> hours east of UTC; ambiguous ones (IST, CST-China, ...) are left out on purpose
ZONE_OFFSETS: dict[str, float] = {
    "UTC": 0, "UT": 0, "GMT": 0, "Z": 0, "WET": 0,
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
    "AKST": -9, "AKDT": -8, "HST": -10, "HAST": -10, "HADT": -9, "AST": -4, "ADT": -3,
    "NST": -3.5, "NDT": -2.5,
    "BST": 1, "WEST": 1, "CET": 1, "CEST": 2, "MEZ": 1, "MESZ": 2, "EET": 2, "EEST": 3, "MSK": 3,
    "JST": 9, "KST": 9, "AWST": 8, "ACST": 9.5, "ACDT": 10.5, "AEST": 10, "AEDT": 11,
    "NZST": 12, "NZDT": 13,
}
# US zone names without the daylight part ("4:38 PM ET"): the zone's rule decides the offset
US_GENERIC_ZONES = {
    "ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver",
    "PT": "America/Los_Angeles",
}
TZINFOS: dict[str, int | tzinfo] = {
    **{name: int(hours * 3600) for name, hours in ZONE_OFFSETS.items()},
    **{name: ZoneInfo(key) for name, key in US_GENERIC_ZONES.items()},
}

_HAS_TIME = re.compile(r"\d{1,2}:\d{2}|T\d{2}|\b\d{1,2}\s*(am|pm|a\.m\.|p\.m\.)", re.I)
_HAS_YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2}\b")
_FILLER = re.compile(
    r"\b(posted|published|updated|on|at|um|am(?=\s+\d)|le|à|de|el|by)\b|[|@,]|\s+-\s+", re.I
)
_WORD = re.compile(r"[^\W\d_]+")
# words dateutil reads correctly; a timestamp with any other word goes to dateparser instead
_ENGLISH_DATE_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday "
    "saturday sunday mon tue tues wed thu thur thurs fri sat sun am pm a m p t z st nd rd th "
    "of the".split()
) | {name.lower() for name in TZINFOS}
_SLASHED_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/\d{2,4}\b")
_MONTH_NAME = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(st|nd|rd|th)?\b", re.I
)
_DOTTED_DATE = re.compile(r"\b\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}\b")
_ISO = re.compile(
    r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$")
_COMMON = re.compile(
    r"^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\s+)?(?P<month>[a-z]+)\.?\s+"
    r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?P<year>\d{4})"
    r"(?:\s+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"(?:\s*(?P<ampm>[ap]\.?m\.?))?)?(?:\s+(?P<zone>[a-z]{1,5}))?$",
    re.I,
)
_MONTHS = {
    name: number
    for number, full in enumerate(
        "january february march april may june july august september october november "
        "december".split(), start=1)
    for name in (full, full[:3], *(("sept",) if number == 9 else ()))
}
_RELATIVE = re.compile(r"\bago\b|\byesterday\b|\btoday\b|\bvor\b|\bil y a\b", re.I)
_TIPS = re.compile(r"\(\s*(\d+)\s*\+\s*/\s*(\d+)\s*-\s*\)")
_SCORE = re.compile(r"^\s*([+-]?\d[\d,]*)\s*(points?|likes?|votes?|score)?\s*$", re.I)
_AUTHOR_PREFIX = re.compile(r"^\s*(posted\s+by|written\s+by|by|von|par|from)\s*:?\s+", re.I)
_AUTHOR_SUFFIX = re.compile(r"\s*(says|said|wrote|schreibt|a écrit)?\s*[:|,-]?\s*$", re.I)


@dataclass(frozen=True)
class ParsedTime:
    """A timestamp as shown (`local`, with the page's own offset) and its UTC ISO form."""

    local: datetime | date
    iso: str  # UTC "2008-03-31T16:53:46Z", or "2008-03-31" for a date without time

    @property
    def local_date(self) -> date:
        return self.local.date() if isinstance(self.local, datetime) else self.local


def zone(name: str | None) -> tzinfo:
    if not name or name.upper() == "UTC":
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        logger.warning("unknown time zone %r, using UTC", name)
        return UTC


def parse_time(
    raw: str | None,
    default_zone: tzinfo = UTC,
    now: datetime | None = None,
    dayfirst: bool | None = None,
    earliest: date | None = None,
) -> ParsedTime | None:
    """Parse a page's timestamp; None when it cannot be read (the raw string is kept anyway).

    `dayfirst` settles "10/06/2020" (see `thread_dayfirst`); `earliest` (the post's date) gives
    a year to timestamps shown without one ("Jun 20th at 2:41 am"): the first that is not
    before the post.
    """
    if not raw or not raw.strip():
        return None
    raw = " ".join(raw.split())
    value = _parse_absolute(raw, dayfirst, earliest) or _parse_other(raw, now)
    if value is None:
        return None
    if not _HAS_TIME.search(raw):
        day = value.date()
        return ParsedTime(day, day.isoformat())
    if value.tzinfo is None:
        value = value.replace(tzinfo=default_zone)
    utc = value.astimezone(UTC)
    iso = utc.strftime("%Y-%m-%dT%H:%M:%S") + (f".{utc.microsecond:06d}" if utc.microsecond else "")
    return ParsedTime(value, iso + "Z")


def thread_dayfirst(raws: Iterable[str | None]) -> bool | None:
    """Whether a page writes numeric dates day first: any "25/12/2019" says yes, "12/25" no."""
    for raw in raws:
        for first, second in _SLASHED_DATE.findall(raw or ""):
            if int(first) > 12 >= int(second):
                return True
            if int(second) > 12 >= int(first):
                return False
    return None


def _parse_absolute(raw: str, dayfirst: bool | None, earliest: date | None) -> datetime | None:
    if _RELATIVE.search(raw):
        return None
    has_year = bool(_HAS_YEAR.search(raw))
    if not has_year and (earliest is None or not _MONTH_NAME.search(raw)):
        return None
    text = _FILLER.sub(" ", raw)
    if any(word.lower() not in _ENGLISH_DATE_WORDS for word in _WORD.findall(text)):
        return None
    if dayfirst is None:
        dayfirst = bool(_DOTTED_DATE.search(raw))
    default = datetime(1, 1, 1) if has_year else datetime(earliest.year, 1, 1)
    value = (has_year and parse_common(text)) or parse_dateutil(text, dayfirst, default)
    if value is None or value.year == 1:
        return None
    if not has_year and value.date() < earliest:
        try:
            value = value.replace(year=value.year + 1)
        except ValueError:  # 29 February
            return None
    return value


def parse_dateutil(text: str, dayfirst: bool, default: datetime) -> datetime | None:
    try:
        return dateutil_parser.parse(
            text, tzinfos=TZINFOS, fuzzy=True, dayfirst=dayfirst, default=default
        )
    except (ValueError, OverflowError):
        return None


def parse_common(text: str) -> datetime | None:
    """The two shapes most comment times take, read directly (dateutil takes ~150 us a string,
    most of a crawl's normalizing): ISO 8601, and "[weekday] Month D[th] YYYY [H:MM[:SS] [AM]]
    [zone]" once `_FILLER` took out "at" and commas. None for anything else, or anything odd
    (an hour past 12 with AM/PM, a zone not in TZINFOS): dateutil then reads it as before."""
    if _ISO.match(text):
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            return None
    match = _COMMON.match(text.strip())
    if match is None:
        return None
    month = _MONTHS.get(match["month"].lower())
    zone_name = (match["zone"] or "").upper()
    if month is None or (zone_name and zone_name not in TZINFOS):
        return None
    hour, minute, second = (int(match[k] or 0) for k in ("hour", "minute", "second"))
    if match["ampm"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match["ampm"].lower().startswith("p") else 0)
    zone = TZINFOS.get(zone_name) if zone_name else None
    if isinstance(zone, int):
        zone = tz_offset(zone_name, zone)
    try:
        return datetime(int(match["year"]), month, int(match["day"]), hour, minute, second,
                        tzinfo=zone)
    except ValueError:
        return None


def _parse_other(raw: str, now: datetime | None) -> datetime | None:
    """Non-English and relative dates, through dateparser (imported only when needed)."""
    relative = bool(_RELATIVE.search(raw))
    if (relative and now is None) or not (relative or _HAS_YEAR.search(raw)):
        return None
    import dateparser

    settings = {"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}
    if now is not None:
        settings["RELATIVE_BASE"] = now.replace(tzinfo=None)
    value = dateparser.parse(raw, settings=settings)
    if value is not None and now is not None and value > now.replace(tzinfo=None) + timedelta(1):
        return None
    return value


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
            settings.get("ARCHIVE_DEFAULT_TIMEZONE", "UTC"),
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
    """How the page writes numeric dates, and the post's own time: what comment times lean on."""
    dayfirst = thread_dayfirst([item.post.published_raw, *(c.posted_raw for c in item.comments)])
    return dayfirst, parse_time(item.post.published_raw, tz, now, dayfirst)


def _fetch_time(item: Thread) -> datetime | None:
    fetched = getattr(item, "fetched_at", None)
    if not fetched:
        return None
    try:
        return datetime.fromisoformat(fetched.replace("Z", "+00:00"))
    except ValueError:
        return None
