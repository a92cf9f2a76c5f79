import random
from datetime import UTC, date, datetime, timedelta

import pytest

from pipelines.normalize import (
    _FILLER,
    NormalizePipeline,
    parse_common,
    parse_dateutil,
    parse_time,
    split_tips,
    trim_author,
    zone,
)


@pytest.mark.parametrize(
    "raw,iso,local_date",
    [
        ("Mon Mar 31, 2008 at 09:53:46 AM PDT", "2008-03-31T16:53:46Z", date(2008, 3, 31)),
        ("Mon Mar 31, 2008 at 09:51 AM PDT", "2008-03-31T16:51:00Z", date(2008, 3, 31)),
        ("Sat Jan 05, 2008 at 11:30:00 PM PST", "2008-01-06T07:30:00Z", date(2008, 1, 5)),
        ("January 14, 2008 at 10:44 AM EST", "2008-01-14T15:44:00Z", date(2008, 1, 14)),
        ("2019-06-19T15:14:00+02:00", "2019-06-19T13:14:00Z", date(2019, 6, 19)),
        ("2019-06-19T23:30:00-04:00", "2019-06-20T03:30:00Z", date(2019, 6, 19)),
        ("June 19, 2019 at 3:14 pm", "2019-06-19T15:14:00Z", date(2019, 6, 19)),
        ("2012-06-28", "2012-06-28", date(2012, 6, 28)),
        ("June 28, 2012", "2012-06-28", date(2012, 6, 28)),
        ("13.03.2019 um 10:21", "2019-03-13T10:21:00Z", date(2019, 3, 13)),
        ("05.03.2019", "2019-03-05", date(2019, 3, 5)),
        ("13. März 2019 um 10:21", "2019-03-13T10:21:00Z", date(2019, 3, 13)),
        ("Samstag, 5. Oktober 2013", "2013-10-05", date(2013, 10, 5)),
        ("January 14, 2008 4:38 PM ET", "2008-01-14T21:38:00Z", date(2008, 1, 14)),
        ("July 14, 2008 4:38 PM ET", "2008-07-14T20:38:00Z", date(2008, 7, 14)),
    ],
)
def test_parse_time(raw, iso, local_date):
    parsed = parse_time(raw)
    assert (parsed.iso, parsed.local_date) == (iso, local_date)


def test_time_without_zone_is_read_in_the_sites_zone():
    parsed = parse_time("March 31, 2008 09:53", zone("America/Los_Angeles"))
    assert parsed.iso == "2008-03-31T16:53:00Z"


@pytest.mark.parametrize("raw", ["", "   ", "yesterday", "no date here", "42", None])
def test_unreadable_times_give_none(raw):
    assert parse_time(raw) is None


def test_relative_time_is_read_against_the_fetch_time():
    from datetime import datetime

    now = datetime(2020, 5, 1, 12, 0, tzinfo=UTC)
    parsed = parse_time("3 days ago", now=now)
    assert parsed is not None and parsed.local_date == date(2020, 4, 28)


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("(31+ / 0-)", (31, 0)),
        ("Tips (120+ / 3-)", (120, 3)),
        ("( 0+ / 0- )", (0, 0)),
        ("12 points", (12, 0)),
        ("-3", (0, 3)),
        ("1,204 likes", (1204, 0)),
        ("no tips", (None, None)),
        (None, (None, None)),
    ],
)
def test_split_tips(raw, expected):
    assert split_tips(raw) == expected


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("by Mercutio", "Mercutio"),
        ("Posted by: Jane Doe |", "Jane Doe"),
        ("FishOutofWater says:", "FishOutofWater"),
        ("  DanK Is Back ", "DanK Is Back"),
        ("", None),
    ],
)
def test_trim_author(raw, expected):
    assert trim_author(raw) == expected


def test_pipeline_normalizes_post_and_comments(build, thread):
    item = build(NormalizePipeline).process_item(thread)
    assert item.post.published == "2008-03-31T16:51:00Z"
    assert item.post.published_raw == "Mon Mar 31, 2008 at 09:51 AM PDT"
    assert item.post.author == "Mercutio"
    first, reply, deep, other = item.comments
    assert (first.tips_plus, first.tips_minus) == (31, 0)
    assert first.posted == "2008-03-31T16:53:46Z"
    assert reply.author == "FishOutofWater"
    assert deep.posted == "2008-03-31"
    assert other.posted == "2008-03-31T10:03:00Z"


def test_pipeline_uses_the_site_zone_setting(build, thread):
    pipeline = build(NormalizePipeline, ARCHIVE_SITE_TIMEZONES={"example.org": "America/New_York"})
    item = pipeline.process_item(thread)
    assert item.comments[3].posted == "2008-03-31T14:03:00Z"


def test_unreadable_time_is_kept_raw_and_reported(build, thread):
    thread.comments[0].posted_raw = "sometime in spring"
    item = build(NormalizePipeline).process_item(thread)
    assert item.comments[0].posted is None
    assert item.comments[0].posted_raw == "sometime in spring"
    assert any("sometime in spring" in p for p in item.problems)


@pytest.mark.parametrize(
    "raws,expected",
    [
        (["10/06/2020", "25/06/2020 at 3:00 pm"], True),
        (["06/25/2020", "10/06/2020"], False),
        (["10/06/2020", None], None),
        ([], None),
    ],
)
def test_thread_dayfirst(raws, expected):
    from pipelines.normalize import thread_dayfirst

    assert thread_dayfirst(raws) is expected


def test_dayfirst_page_reads_numeric_dates_day_first(build, thread):
    thread.comments[0].posted_raw = "10/06/2020 at 9:00 am"
    thread.comments[1].posted_raw = "25/06/2020 at 3:00 pm"
    item = build(NormalizePipeline).process_item(thread)
    assert item.comments[0].posted == "2020-06-10T09:00:00Z"
    assert item.comments[1].posted == "2020-06-25T15:00:00Z"


def test_yearless_comment_times_take_the_year_from_the_post(build, thread):
    thread.post.published_raw = "2019-06-19T15:14:00+00:00"
    thread.comments[0].posted_raw = "Jun 20th at 2:41 am"
    thread.comments[1].posted_raw = "Jan 3rd at 9:00 am"  # after the post: the next year
    item = build(NormalizePipeline).process_item(thread)
    assert item.comments[0].posted == "2019-06-20T02:41:00Z"
    assert item.comments[1].posted == "2020-01-03T09:00:00Z"
    assert parse_time("Jun 20th at 2:41 am") is None  # no post date, no guess


def common_shapes(moment: datetime) -> list[str]:
    """A moment written the ways blogs write comment times."""
    hour12 = moment.hour % 12 or 12
    ampm = "AM" if moment.hour < 12 else "PM"
    day = moment.day
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return [
        moment.strftime(f"%a %b {day}, %Y at {hour12:02d}:%M:%S {ampm} PDT"),
        moment.strftime(f"%A, %B {day}, %Y at {hour12}:%M {ampm.lower()}"),
        moment.strftime(f"%B {day}{suffix}, %Y {hour12}:%M {ampm[0].lower()}.m. ET"),
        moment.strftime(f"%b. {day} %Y %H:%M EST"),
        moment.strftime(f"%b {day}, %Y"),
        moment.strftime(f"Sept {day}, %Y {hour12}:%M{ampm} CEST"),
        moment.strftime("%Y-%m-%dT%H:%M:%S+02:00"),
        moment.strftime("%Y-%m-%d %H:%M:%SZ"),
        moment.strftime("%Y-%m-%d"),
    ]


def test_the_direct_reading_of_common_shapes_agrees_with_dateutil():
    """parse_common is a shortcut: wherever it answers, dateutil must give the same moment."""
    rng = random.Random(7)
    answered = 0
    for _ in range(400):
        moment = datetime(2000, 1, 1) + timedelta(seconds=rng.randrange(30 * 365 * 86400))
        for raw in common_shapes(moment):
            text = " ".join(_FILLER.sub(" ", raw).split())
            fast = parse_common(text)
            slow = parse_dateutil(text, False, datetime(1, 1, 1))
            if fast is not None:
                answered += 1
                assert fast == slow and fast.utcoffset() == slow.utcoffset(), raw
    assert answered >= 400 * 8  # all but the Sept shape in other months


@pytest.mark.parametrize("text", [
    "Mon Mar 31 2008 13:53 PM PDT",  # an hour past 12 with PM
    "Mon Mar 31 2008 09:53 XYZ",  # a zone we do not know
    "Foo 31 2008", "Mar 32 2008", "2008-02-30",
])
def test_odd_shapes_are_left_to_dateutil(text):
    assert parse_common(text) is None
