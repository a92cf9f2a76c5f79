"""The capture window and the capture rules."""

from __future__ import annotations

import pytest

from crawler.captures.cdx import Capture
from crawler.captures.choice import CaptureRule, Window, choose, date_bound, what_is_held

MARCH, APRIL, JUNE = "20080301120000", "20080415000000", "20080601120000"
CAPTURES = [Capture(t, "http://kos.example/a", "200") for t in (JUNE, MARCH, APRIL)]


@pytest.mark.parametrize(("text", "start", "end"), [
    ("2008", "20080101000000", "20081231235959"),
    ("2008-02", "20080201000000", "20080229235959"),
    ("2008-06-15", "20080615000000", "20080615235959"),
])
def test_a_date_bounds_the_whole_year_month_or_day(text, start, end):
    assert (date_bound(text), date_bound(text, end=True)) == (start, end)


@pytest.mark.parametrize("text", ["08", "2008-13", "2008-02-30", "2008/06", "june"])
def test_what_is_not_a_date_is_refused(text):
    with pytest.raises(ValueError):
        date_bound(text)


def test_a_window_ending_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="after"):
        Window.of("2009", "2008")


@pytest.mark.parametrize(("rule", "chosen"), [
    ("earliest", MARCH), ("latest", JUNE), ("closest:2008-04", APRIL),
    ("closest:2008-05-25", JUNE),
])
def test_the_rule_picks_one_capture(rule, chosen):
    assert choose(CAPTURES, CaptureRule.parse(rule), Window()).timestamp == chosen


def test_the_window_narrows_before_the_rule():
    window = Window.of(captured_to="2008-04")
    assert choose(CAPTURES, CaptureRule.parse("latest"), window).timestamp == APRIL
    assert choose(CAPTURES, CaptureRule.parse("earliest"), Window.of("2008-05")).timestamp == JUNE


def test_a_threads_later_pages_follow_its_own_capture_not_the_rule():
    assert choose(CAPTURES, CaptureRule.parse("latest"), Window(), near=MARCH).timestamp == MARCH


def test_captures_of_errors_are_never_chosen():
    gone = [Capture(JUNE, "http://kos.example/a", "404")]
    assert choose(gone + CAPTURES[1:2], CaptureRule.parse("latest"), Window()).timestamp == MARCH
    assert choose(gone, CaptureRule.parse("latest"), Window()) is None
    assert what_is_held(gone, Window()) == "captured only as HTTP 404"


def test_why_nothing_was_chosen_is_said():
    assert what_is_held([], Window()) == "no capture in the archive"
    assert what_is_held([], Window.of("2008", "2008-06")) == (
        "no capture in the archive from 2008-01-01T00:00:00Z to 2008-06-30T23:59:59Z")
    assert what_is_held(CAPTURES, Window.of("2009")) == (
        "no capture in the window asked for (3 from 2008-03-01T12:00:00Z to "
        "2008-06-01T12:00:00Z)")


@pytest.mark.parametrize(("text", "said"), [
    ("newest", "earliest, latest or closest"), ("closest", "earliest, latest or closest"),
    ("earliest:2008", "earliest, latest or closest"), ("closest:soon", "not a date"),
])
def test_an_unknown_rule_is_refused(text, said):
    with pytest.raises(ValueError, match=said):
        CaptureRule.parse(text)
