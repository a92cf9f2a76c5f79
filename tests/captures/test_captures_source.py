"""Which archive: the Wayback Machine or any CDX server, and its replay addresses."""

from __future__ import annotations

import pytest

from crawler.captures.source import WAYBACK_CDX, capture_source

PYWB = "http://127.0.0.1:8080/coll/cdx"


def test_wayback_is_the_wayback_machine():
    source = capture_source("wayback")
    assert source.cdx == WAYBACK_CDX
    assert source.replay_url("20080301120000", "http://kos.example/a") == (
        "https://web.archive.org/web/20080301120000id_/http://kos.example/a")
    assert source.capture_url("20080301120000", "http://kos.example/a") == (
        "https://web.archive.org/web/20080301120000/http://kos.example/a")


def test_a_pywb_collection_replays_beside_its_cdx():
    source = capture_source(PYWB)
    assert source.replay == "http://127.0.0.1:8080/coll/"
    assert source.replay_url("2008", "http://kos.example/") == (
        "http://127.0.0.1:8080/coll/2008id_/http://kos.example/")


def test_another_layout_needs_its_replay_prefix():
    with pytest.raises(ValueError, match="ARCHIVE_CAPTURES_REPLAY"):
        capture_source("http://archive.example/search")
    source = capture_source("http://archive.example/search", "http://archive.example/w")
    assert source.replay == "http://archive.example/w/"


def test_what_is_neither_is_refused():
    with pytest.raises(ValueError, match="wayback"):
        capture_source("archive.org")


@pytest.mark.parametrize(("url", "parsed"), [
    ("http://127.0.0.1:8080/coll/20080301120000id_/http://kos.example/a?b=1",
     ("20080301120000", "http://kos.example/a?b=1")),
    ("http://127.0.0.1:8080/coll/20080301/http:/kos.example/", ("20080301", "http://kos.example/")),
    ("http://127.0.0.1:8080/other/20080301/http://kos.example/", None),
    ("http://kos.example/2008/03/a-post/", None),
])
def test_replay_addresses_are_read_back(url, parsed):
    assert capture_source(PYWB).parse_replay_url(url) == parsed
