"""Which web archive captures come from: its CDX endpoint and its replay addresses.

A pywb collection answers CDX queries at `{collection}/cdx` and replays a capture at
`{collection}/{timestamp}{flag}/{original URL}`; the Wayback Machine at
`https://web.archive.org/cdx/search/cdx` and `https://web.archive.org/web/{timestamp}...`.
The `id_` flag asks for the bytes as captured: no toolbar, no rewritten links.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WAYBACK = "wayback"
WAYBACK_CDX = "https://web.archive.org/cdx/search/cdx"
WAYBACK_REPLAY = "https://web.archive.org/web/"
# the flag after a replay address's timestamp that asks for the original bytes
ORIGINAL_BYTES = "id_"
# a replay address: prefix, 1-14 digit timestamp, an optional flag like id_ or mp_, the URL
_REPLAY = re.compile(r"^(?P<prefix>.*?/)(?P<timestamp>\d{1,14})(?P<flag>[a-z]{2}_)?/"
                     r"(?P<original>(?:https?:/?/?)?[^/].*)$")


@dataclass(frozen=True)
class CaptureSource:
    """An archive: where to ask for captures (CDX) and where to fetch them (replay)."""

    name: str  # "wayback" or the CDX URL given
    cdx: str
    replay: str  # ends with "/"

    def replay_url(self, timestamp: str, original: str, flag: str = ORIGINAL_BYTES) -> str:
        """The archive's address of a capture; with the default flag, its original bytes."""
        return f"{self.replay}{timestamp}{flag}/{original}"

    def capture_url(self, timestamp: str, original: str) -> str:
        """The address a person opens to see the capture in the archive (what the page row
        keeps): the replay without a flag."""
        return self.replay_url(timestamp, original, flag="")

    def parse_replay_url(self, url: str) -> tuple[str, str] | None:
        """(timestamp, original URL) of one of this archive's replay addresses, else None."""
        if not url.startswith(self.replay):
            return None
        found = _REPLAY.match(url)
        if found is None or found["prefix"] != self.replay:
            return None
        original = re.sub(r"^(https?):/+", r"\1://", found["original"])
        return found["timestamp"], original


def capture_source(value: str, replay: str = "") -> CaptureSource:
    """The archive `--from-archive` names: `wayback`, or a CDX server's URL. A pywb
    collection's replay prefix follows from its CDX URL (`.../coll/cdx` -> `.../coll/`);
    another layout needs `replay` (ARCHIVE_CAPTURES_REPLAY) given."""
    if value == WAYBACK:
        return CaptureSource(WAYBACK, WAYBACK_CDX, replay or WAYBACK_REPLAY)
    if not value.startswith(("http://", "https://")):
        raise ValueError(f"--from-archive takes 'wayback' or a CDX server's URL, not {value!r}")
    if not replay:
        head, _, last = value.rstrip("/").rpartition("/")
        if last not in ("cdx", "cdx-server"):
            raise ValueError(f"cannot tell where {value} replays its captures: give "
                             "-s ARCHIVE_CAPTURES_REPLAY=URL (its replay prefix)")
        replay = head + "/"
    return CaptureSource(value, value, replay if replay.endswith("/") else replay + "/")
