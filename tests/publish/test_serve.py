"""`blogarchive serve` as a real process: prints its URL, serves the archive, read-only."""

from __future__ import annotations

import json
import urllib.request


def test_serve_prints_its_url_and_serves_threads(served_archive, reference_post_id):
    url, process = served_archive
    first_line = process.stdout.readline()
    assert url in first_line and "immutable" in first_line
    with urllib.request.urlopen(f"{url}-/thread/{reference_post_id}.json") as response:
        assert json.load(response)["comment_count"] == 31
    with urllib.request.urlopen(f"{url}archive/pages.json?_shape=array") as response:
        assert all(row["body"] is None for row in json.load(response))
