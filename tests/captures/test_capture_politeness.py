"""An archive's pace: the settings the CapturePoliteness add-on derives for `--from-archive`."""

from __future__ import annotations

import pytest

from crawler.processing import make_crawler


def applied(overrides: dict) -> dict:
    crawler = make_crawler(overrides)
    crawler.addons.load_settings(crawler.settings)  # as Scrapy does once every setting is read
    names = ("DOWNLOAD_DELAY", "AUTOTHROTTLE_START_DELAY", "CONCURRENT_REQUESTS_PER_DOMAIN",
             "AUTOTHROTTLE_TARGET_CONCURRENCY", "ARCHIVE_RETRY_BACKOFF_MAX")
    return {name: crawler.settings.getfloat(name) for name in names}


def test_a_live_crawl_keeps_its_own_pace():
    assert applied({}) == {"DOWNLOAD_DELAY": 0.5, "AUTOTHROTTLE_START_DELAY": 1.0,
                           "CONCURRENT_REQUESTS_PER_DOMAIN": 2,
                           "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
                           "ARCHIVE_RETRY_BACKOFF_MAX": 60.0}


@pytest.mark.parametrize(("source", "delay"), [("wayback", 4.0),
                                               ("http://127.0.0.1:8080/coll/cdx", 1.0)])
def test_an_archive_is_asked_one_request_at_a_time_and_slowly(source, delay):
    assert applied({"ARCHIVE_CAPTURES_SOURCE": source}) == {
        "DOWNLOAD_DELAY": delay, "AUTOTHROTTLE_START_DELAY": delay,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 1, "AUTOTHROTTLE_TARGET_CONCURRENCY": 1,
        "ARCHIVE_RETRY_BACKOFF_MAX": 600.0}


def test_what_the_user_sets_outright_wins():
    settings = applied({"ARCHIVE_CAPTURES_SOURCE": "wayback", "DOWNLOAD_DELAY": "0",
                        "CONCURRENT_REQUESTS_PER_DOMAIN": "8"})
    assert (settings["DOWNLOAD_DELAY"], settings["CONCURRENT_REQUESTS_PER_DOMAIN"]) == (0, 8)
    assert settings["AUTOTHROTTLE_START_DELAY"] == 4.0
