import random
import time
from datetime import UTC, date, datetime, timedelta

import pytest

from crawler.dates import _FILLER, parse_common, parse_dateutil, parse_time, zone
from pipelines.normalize import NormalizePipeline, split_tips, trim_author


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


# dates as people write them, in the languages and orders blogs use: (raw, UTC ISO or date)
WRITTEN_DATES = [
    # German: day with a dot, "um", "Uhr", a clock with a dot
    ("29. Dezember 2007", "2007-12-29"),
    ("29.12.2007, 17:39 Uhr", "2007-12-29T17:39:00Z"),
    ("am 29. Dezember 2007 um 17.39 Uhr", "2007-12-29T17:39:00Z"),
    ("Mai 03, 2017", "2017-05-03"),
    # French: "le", "à", "14h05", "1er"
    ("le 3 mars 2012 à 14h05", "2012-03-03T14:05:00Z"),
    ("3 mars 2012 à 14 h 05", "2012-03-03T14:05:00Z"),
    ("1er février 2012", "2012-02-01"),
    # Croatian and Serbian: genitive month, a dot after day and year, "u"
    ("3. ožujka 2012. u 14:05", "2012-03-03T14:05:00Z"),
    ("12.03.2009 u 10:15", "2009-03-12T10:15:00Z"),
    ("3.3.2012. u 14.05", "2012-03-03T14:05:00Z"),
    ("3. listopada 2012. u 14:05", "2012-10-03T14:05:00Z"),  # Croatian: October
    ("3 listopada 2012 14:05", "2012-11-03T14:05:00Z"),  # Polish: November
    ("15. septembra 2012. u 9:05", "2012-09-15T09:05:00Z"),
    # Spanish, Italian, Portuguese, Catalan
    ("3 de marzo de 2012 a las 14:05", "2012-03-03T14:05:00Z"),
    ("mar., 3 de marzo de 2012, 2:05 pm", "2012-03-03T14:05:00Z"),
    ("martedì 3 marzo 2012 alle 14:05", "2012-03-03T14:05:00Z"),
    ("3 de março de 2012 às 14:05", "2012-03-03T14:05:00Z"),
    ("3 d'abril de 2012", "2012-04-03"),
    # Dutch, Scandinavian, Finnish
    ("3 maart 2012 om 14:05", "2012-03-03T14:05:00Z"),
    ("3 mars 2012 kl. 14.05", "2012-03-03T14:05:00Z"),
    ("3.3.2012 klo 14.05", "2012-03-03T14:05:00Z"),
    # Polish, Czech, Hungarian (year first), Turkish, Romanian, Indonesian, Russian
    ("15 lutego 2010 10:31", "2010-02-15T10:31:00Z"),
    ("3. listopadu 2012 v 14:05", "2012-11-03T14:05:00Z"),
    ("2012. március 3. 14:05", "2012-03-03T14:05:00Z"),
    ("3 Mart 2012 14:05", "2012-03-03T14:05:00Z"),
    ("3 martie 2012 la 14:05", "2012-03-03T14:05:00Z"),
    ("Desember 30, 2015 at 4:36 am", "2015-12-30T04:36:00Z"),
    ("3 Maret 2012 pukul 14.05", "2012-03-03T14:05:00Z"),
    ("3 марта 2012 г. в 14:05", "2012-03-03T14:05:00Z"),
    # Chinese, Japanese, Korean (afternoon marker before the clock)
    ("2012年3月3日 14:05", "2012-03-03T14:05:00Z"),
    ("2012년 3월 3일 오후 2:05", "2012-03-03T14:05:00Z"),
    # English orders, ordinals, 12 hour clocks, zones, two-digit years, words around
    ("3rd March 2012", "2012-03-03"),
    ("16th Jan, 2008", "2008-01-16"),
    ("9:49pm January 08, 2008", "2008-01-08T21:49:00Z"),
    ("12:01am GMT 06/01/2008", "2008-06-01T00:01:00Z"),
    ("Mar 3 '12 at 14:05", "2012-03-03T14:05:00Z"),
    ("Sat Mar 3 14:05:00 CET 2012", "2012-03-03T13:05:00Z"),
    ("2 Aug 2012 at 12:47 pm PST", "2012-08-02T20:47:00Z"),
    ("5.18.2005 6:34pm", "2005-05-18T18:34:00Z"),
    ("01/08/08 05:30 PM", "2008-01-08T17:30:00Z"),
    ("2016-11-28 16:23:00 -0500", "2016-11-28T21:23:00Z"),
    ("Fri, 2012-11-09 17:18", "2012-11-09T17:18:00Z"),
    ("3 March 2012 14:05 GMT+2", "2012-03-03T12:05:00Z"),
    ("By: Jason Hart (Diary) | November 12th, 2012 at 04:00 PM | RESIZE: AAA",
     "2012-11-12T16:00:00Z"),
]


@pytest.mark.parametrize("raw,expected", WRITTEN_DATES)
def test_dates_as_people_write_them(raw, expected):
    assert parse_time(raw).iso == expected


@pytest.mark.parametrize("raw", ["0001-01-01T00:00:00Z", "PT2H", "Reply", "Antworten",
                                 "Comment 5 of 12", "12-34-5678"])
def test_what_is_no_date_stays_unread(raw):
    assert parse_time(raw) is None


NOW = datetime(2020, 5, 1, 12, 0, tzinfo=UTC)
# relative times and their moment (or date) against NOW
RELATIVE_TIMES = [
    ("3 hours ago", "2020-05-01T09:00:00Z"),
    ("an hour ago", "2020-05-01T11:00:00Z"),
    ("5 minutes ago", "2020-05-01T11:55:00Z"),
    ("just now", "2020-05-01T12:00:00Z"),
    ("2 days ago", "2020-04-29"),
    ("yesterday at 3:05 pm", "2020-04-30T15:05:00Z"),
    ("Today 10:15", "2020-05-01T10:15:00Z"),
    ("today", "2020-05-01"),
    ("vor 2 Tagen", "2020-04-29"),
    ("vor einer Stunde", "2020-05-01T11:00:00Z"),
    ("gestern um 14:05", "2020-04-30T14:05:00Z"),
    ("il y a 3 jours", "2020-04-28"),
    ("hier à 14h05", "2020-04-30T14:05:00Z"),
    ("hace 2 días", "2020-04-29"),
    ("ayer a las 14:05", "2020-04-30T14:05:00Z"),
    ("2 giorni fa", "2020-04-29"),
    ("3 dagen geleden", "2020-04-28"),
    ("prije 3 dana", "2020-04-28"),
    ("3 dni temu", "2020-04-28"),
    ("för 3 dagar sedan", "2020-04-28"),
]


@pytest.mark.parametrize("raw,expected", RELATIVE_TIMES)
def test_relative_times_count_back_from_the_fetch_time(raw, expected):
    assert parse_time(raw, now=NOW).iso == expected
    assert parse_time(raw) is None  # no fetch time, no guess


def test_relative_times_on_a_page_count_back_from_its_fetch(build, thread):
    from crawler.items import RawPage

    thread.comments[0].posted_raw = "2 days ago"
    thread.comments[1].posted_raw = "vor 3 Stunden"
    thread.page = RawPage(url=thread.post.url, body=b"", fetched_at="2008-04-02T12:00:00Z")
    item = build(NormalizePipeline).process_item(thread)
    assert item.comments[0].posted == "2008-03-31"
    assert item.comments[1].posted == "2008-04-02T09:00:00Z"
    assert item.comments[0].posted_raw == "2 days ago"  # the raw string is kept


def test_relative_days_are_the_sites_days():
    """Just after midnight UTC it is still yesterday evening in New York."""
    parsed = parse_time("yesterday at 9:00 pm", zone("America/New_York"),
                        now=datetime(2020, 5, 1, 2, 0, tzinfo=UTC))
    assert parsed.iso == "2020-04-30T01:00:00Z"


def test_reading_a_timestamp_is_fast():
    """A crawl normalizes about a million comment times: each must cost microseconds, not the
    milliseconds a general date library takes (a tenfold margin over what it takes here)."""
    raws = [raw for raw, _ in WRITTEN_DATES] + [raw for raw, _ in RELATIVE_TIMES]
    start = time.perf_counter()
    for _ in range(20):
        for raw in raws:
            parse_time(raw, now=NOW)
    per_call = (time.perf_counter() - start) / (20 * len(raws))
    assert per_call < 500e-6


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
    from crawler.dates import thread_dayfirst

    assert thread_dayfirst(raws) is expected


def test_dayfirst_page_reads_numeric_dates_day_first(build, thread):
    thread.comments[0].posted_raw = "10/06/2020 at 9:00 am"
    thread.comments[1].posted_raw = "25/06/2020 at 3:00 pm"
    item = build(NormalizePipeline).process_item(thread)
    assert item.comments[0].posted == "2020-06-10T09:00:00Z"
    assert item.comments[1].posted == "2020-06-25T15:00:00Z"


def test_the_posts_url_date_settles_the_order_of_numeric_dates(thread):
    from pipelines.normalize import thread_hints

    thread.post.url = "https://example.co.uk/opinion/2008/01/06/column.html"
    thread.post.published_raw = "12:01am GMT 06/01/2008"
    dayfirst, published = thread_hints(thread)
    assert dayfirst is True and published.local_date == date(2008, 1, 6)
    thread.post.url = "https://example.com/2008/06/01/column.html"
    assert thread_hints(thread)[0] is False


def test_comments_follow_their_post_settles_the_order_of_numeric_dates(thread):
    """Read month first, these comments would come five months before the post."""
    from pipelines.normalize import thread_hints

    thread.post.url = "https://example.org/post"
    thread.post.published_raw = "2008-06-01"
    for comment, raw in zip(thread.comments, ("01/06/08 10:00", "02/06/08", "03/06/08", "04/06/08"),
                            strict=True):
        comment.posted_raw = raw
    assert thread_hints(thread)[0] is True
    thread.post.published_raw = "2008-01-05"
    assert thread_hints(thread)[0] is False


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
