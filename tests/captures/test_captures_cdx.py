"""CDX answers in both shapes servers give them, and capture times."""

from __future__ import annotations

import pytest

from crawler.captures.cdx import (
    Capture,
    http_date_timestamp,
    parse_cdx,
    query_url,
    timestamp_iso,
)
from crawler.captures.choice import Window

# pywb: one JSON object a line
PYWB = b"""{"urlkey": "example,kos)/a", "timestamp": "20200201120000", "url": "http://kos.example/a", "mime": "text/html", "status": "200"}
{"urlkey": "example,kos)/a", "timestamp": "20200101120000", "url": "http://kos.example/a", "mime": "text/html", "status": "200"}
"""  # noqa: E501 - as the server sends it
# the Wayback Machine: one array, the field names first
WAYBACK = b"""[["urlkey","timestamp","original","mimetype","statuscode","digest","length"],
["example,kos)/a","20080301093000","http://kos.example/a","text/html","301","X","512"],
["example,kos)/a","20080601000000","http://kos.example/a","warc/revisit","-","Y","0"]]"""


def test_pywb_lines_are_read_oldest_first():
    assert parse_cdx(PYWB) == [
        Capture("20200101120000", "http://kos.example/a", "200", "text/html"),
        Capture("20200201120000", "http://kos.example/a", "200", "text/html"),
    ]


def test_wayback_rows_are_read_by_their_field_names():
    first, revisit = parse_cdx(WAYBACK)
    assert (first.timestamp, first.url, first.status, first.mime) == (
        "20080301093000", "http://kos.example/a", "301", "text/html")
    assert first.redirect and first.usable
    assert revisit.status == "-" and revisit.usable  # a revisit replays as the page it repeats


@pytest.mark.parametrize("body", [b"", b"  \n", b"[]"])
def test_an_empty_answer_lists_nothing(body):
    assert parse_cdx(body) == []


def test_an_answer_that_is_not_cdx_is_an_error():
    with pytest.raises(ValueError):
        parse_cdx(b"<html>Service unavailable</html>")


def test_error_captures_are_not_usable():
    assert not Capture("20080301000000", "http://a.example/", "404").usable
    assert not Capture("20080301000000", "http://a.example/", "503").usable


def test_query_asks_for_exactly_the_url_in_the_window():
    url = query_url("http://127.0.0.1:8080/coll/cdx", "http://kos.example/a?b=1",
                    Window.of("2008", "2008-06"))
    assert url == ("http://127.0.0.1:8080/coll/cdx?url=http%3A%2F%2Fkos.example%2Fa%3Fb%3D1"
                   "&output=json&limit=5000&from=20080101000000&to=20080630235959")


def test_times_are_utc_iso():
    assert timestamp_iso("20080301093000") == "2008-03-01T09:30:00Z"
    assert timestamp_iso("2008") == "2008-01-01T00:00:00Z"
    assert http_date_timestamp("Sat, 01 Mar 2008 09:30:00 GMT") == "20080301093000"
    assert http_date_timestamp("not a date") is None
