from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from scrapy import Request
from scrapy.utils.misc import build_from_crawler

from crawler.middlewares.retry import BackoffRetryMiddleware, parse_retry_after
from crawler.processing import make_crawler


@pytest.mark.parametrize(
    "value,expected", [(b"7", 7.0), (None, None), (b"", None), (b"soon", None)]
)
def test_parse_retry_after_seconds(value, expected):
    assert parse_retry_after(value) == expected


def test_parse_retry_after_date():
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    assert 25 <= parse_retry_after(when.encode()) <= 30


@pytest.mark.parametrize(
    "attempt,retry_after,expected",
    [(1, None, 0.5), (2, None, 1.0), (3, None, 2.0), (8, None, 10.0), (1, b"4", 4.0),
     (3, b"1", 2.0), (1, b"600", 10.0)],
)
def test_delay_grows_and_is_capped(attempt, retry_after, expected):
    middleware = build_from_crawler(BackoffRetryMiddleware, make_crawler(
        {"ARCHIVE_RETRY_BACKOFF_BASE": 0.5, "ARCHIVE_RETRY_BACKOFF_MAX": 10}))
    retry = Request("https://example.org/", meta={"retry_times": attempt})
    assert middleware.delay(retry, retry_after) == expected
