"""Pages saved from a web archive's replay, made back into the page the site served.

A page saved from the Wayback Machine or a pywb replay (a browser's "Save Page As") carries what
the replay put in: its banner or toolbar, scripts that rewrite the page as it runs (wombat.js),
comments on where the capture came from, and every link rewritten to go through the archive
(`https://web.archive.org/web/20080331095346/http://blog.example/...`, with `im_`, `cs_`, `js_`,
`id_`, `mp_` flags for images, styles, scripts, raw and main pages; `/web/2008.../http://...`
and pywb's `/collection/2008.../http://...` relative forms). Read as it is, the page's URL is
the archive's, its canonical link is the archive's, and the banner's text lands in the body.

Such a page is told by its structure, not by an archive's name: a replay's insert markers
(`BEGIN WAYBACK TOOLBAR INSERT`, `End Wayback Rewrite JS Include`, pywb's `WB Insert`), its
rewriting scripts (`__wm.init`, `wbinfo`, wombat.js), its `FILE ARCHIVED ON` comment. Then the
inserts are cut out, links un-rewritten to the addresses the site had, and the capture read:
the original URL and the capture's time (its 14-digit timestamp, UTC) from what the page
carries (the replay's own init call, a browser's `saved from url=` comment, a rewritten
canonical or og:url link, the address the file was given). The page is then archived under the
original URL, fetched at the capture's time, with the capture's address kept beside it.

Everything works on bytes with ASCII patterns: a page's own encoding is never guessed here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from urllib.parse import urlsplit, urlunsplit

from crawler.items import RawPage

# --- what a replay inserts, whole regions first ----------------------------------------------
INSERTED_REGIONS = (
    # the Wayback Machine's toolbar, and pywb's banner insert
    rb"<!--\s*BEGIN WAYBACK TOOLBAR INSERT\s*-->.*?<!--\s*END WAYBACK TOOLBAR INSERT\s*-->",
    rb"<!--\s*WB Insert\s*-->.*?<!--\s*End WB Insert\s*-->",
    # the notes a replay appends after the page
    rb"<!--\s*FILE ARCHIVED ON.*?-->",
    rb"<!--\s*playback timings.*?-->",
)
# the Wayback Machine's scripts and styles at the top of <head>, closed by this comment
REWRITE_INCLUDE_END = rb"<!--\s*End Wayback Rewrite JS Include\s*-->"
HEAD_OPEN = rb"<head\b[^>]*>"
# scripts and stylesheets a replay adds, by what they load or run
INSERTED_SCRIPT = (
    rb"<script\b[^>]*\bsrc=[\"'][^\"']*(?:wombat\.js|wb-default\.js|default_banner\.js|"
    rb"playback\.bundle\.js|/_static/js/|/includes/analytics\.js)[^\"']*[\"'][^>]*>\s*</script>"
)
INSERTED_INLINE_SCRIPT = (
    rb"<script\b[^>]*>(?:(?!</script>).)*?(?:__wm\.|wbinfo\b|_WBWombatInit|"
    rb"archive_analytics)(?:(?!</script>).)*?</script>"
)
INSERTED_STYLE = (
    rb"<link\b[^>]*\bhref=[\"'][^\"']*(?:/_static/css/|banner-styles\.css|iconochive\.css|"
    rb"default_banner\.css)[^\"']*[\"'][^>]*>"
)
# a page is a replay's when one of these is in it
MARKERS = re.compile(
    rb"BEGIN WAYBACK TOOLBAR INSERT|End Wayback Rewrite JS Include|<!--\s*WB Insert|"
    rb"__wm\.init\(|__wm\.wombat\(|\bwbinfo\s*=|_WBWombatInit|FILE ARCHIVED ON", re.I)

# --- addresses --------------------------------------------------------------------------------
# a replay address: an archive's prefix (absolute, or a path such as /web/ or /collection/), a
# 14-digit timestamp with an optional flag, then the original address
REPLAY_URL = re.compile(
    rb"(?:https?:)?(?://[A-Za-z0-9.:\[\]-]+)?(?:/[A-Za-z0-9._~%-]+)*/"
    rb"(?P<ts>\d{14})(?:[a-z]{2}_)?/(?P<url>(?:https?:)?//|https?%3A%2F%2F)", re.I)
WOMBAT_CALL = re.compile(rb"__wm\.wombat\(\s*[\"'](?P<url>[^\"']+)[\"']\s*,\s*[\"'](?P<ts>\d{14})")
WBINFO_URL = re.compile(rb"wbinfo\.url\s*=\s*[\"'](?P<url>[^\"']+)[\"']")
WBINFO_TIMESTAMP = re.compile(rb"wbinfo\.timestamp\s*=\s*[\"'](?P<ts>\d{14})[\"']")
# the archive's replay prefix, as the Wayback Machine's and pywb's init code name it
REPLAY_PREFIX = (re.compile(rb"__wm\.init\(\s*[\"'](?P<prefix>[^\"']+)[\"']"),
                 re.compile(rb"wbinfo\.prefix\s*=\s*(?:decodeURI\()?[\"'](?P<prefix>[^\"']+)[\"']"))
SAVED_FROM = re.compile(rb"<!--\s*saved from url=\(\d+\)(?P<url>[^\s>]+)\s*-->", re.I)
DECLARED = (
    re.compile(rb"<link\b[^>]*\brel=[\"']canonical[\"'][^>]*\bhref=[\"'](?P<url>[^\"']+)", re.I),
    re.compile(rb"<link\b[^>]*\bhref=[\"'](?P<url>[^\"']+)[\"'][^>]*\brel=[\"']canonical", re.I),
    re.compile(rb"<meta\b[^>]*\bproperty=[\"']og:url[\"'][^>]*\bcontent=[\"'](?P<url>[^\"']+)",
               re.I),
)
DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass
class Capture:
    """Where a replayed page came from: the site's own address and when the archive took it."""

    url: str | None
    timestamp: str | None  # 14 digits, UTC
    replay_url: str | None

    @property
    def time(self) -> str | None:
        """The capture's time as the archive's UTC ISO 8601."""
        t = self.timestamp
        return f"{t[:4]}-{t[4:6]}-{t[6:8]}T{t[8:10]}:{t[10:12]}:{t[12:14]}Z" if t else None


def is_replay(body: bytes) -> bool:
    """Whether the page carries what a web archive's replay inserts."""
    return MARKERS.search(body) is not None


def unreplay(raw: RawPage) -> RawPage:
    """The page as its site served it, if `raw` was saved from a replay (else `raw` itself):
    inserts cut, links un-rewritten, under its original URL, fetched at the capture's time."""
    if not is_replay(raw.body):
        return raw
    capture = find_capture(raw.body, raw.url)
    body = unrewritten(stripped(raw.body))
    url = capture.url or raw.url
    return replace(raw, body=body, url=url, fetched_at=capture.time or raw.fetched_at,
                   capture_time=capture.time, capture_url=capture.replay_url)


def stripped(body: bytes) -> bytes:
    """`body` without the replay's toolbar, banner, scripts, styles and notes."""
    for region in INSERTED_REGIONS:
        body = re.sub(region, b"", body, flags=re.S | re.I)
    end = re.search(REWRITE_INCLUDE_END, body, re.I)
    if end is not None:
        head = re.search(HEAD_OPEN, body[:end.start()], re.I)
        start = head.end() if head is not None else 0
        included = body[start:end.end()]
        body = body[:start] + _without_inserts(included) + body[end.end():]
    return _without_inserts(body)


def _without_inserts(body: bytes) -> bytes:
    for pattern in (INSERTED_SCRIPT, INSERTED_INLINE_SCRIPT, INSERTED_STYLE, REWRITE_INCLUDE_END):
        body = re.sub(pattern, b"", body, flags=re.S | re.I)
    return body


def unrewritten(body: bytes) -> bytes:
    """Every replay address in `body` back to the address it stands for."""
    return REPLAY_URL.sub(lambda m: _original_start(m.group("url")), body)


def _original_start(start: bytes) -> bytes:
    return b"http://" if start.lower() == b"http%3a%2f%2f" else (
        b"https://" if start.lower() == b"https%3a%2f%2f" else start)


def find_capture(body: bytes, given_url: str | None = None) -> Capture:
    """The capture's original URL, timestamp and replay address, from the first thing the page
    carries that names them: the replay's own init call, a browser's `saved from` comment, a
    rewritten canonical or og:url link, the address the file was given; the timestamp alone
    from the page's rewritten links if nothing else names it."""
    found = WOMBAT_CALL.search(body)
    if found:
        url, ts = _text(found.group("url")), _text(found.group("ts"))
        return Capture(_normal(url), ts, _replay_of(body, ts, _normal(url)))
    url, ts = WBINFO_URL.search(body), WBINFO_TIMESTAMP.search(body)
    if url and ts:
        original, stamp = _text(url.group("url")), _text(ts.group("ts"))
        return Capture(_normal(original), stamp, _replay_of(body, stamp, original))
    candidates = [m.group("url") for m in (SAVED_FROM.search(body),) if m]
    candidates += [m.group("url") for pattern in DECLARED for m in (pattern.search(body),) if m]
    candidates += [given_url.encode()] if given_url else []
    for candidate in candidates:
        parsed = parse_replay_url(_text(candidate))
        if parsed is not None:
            return parsed
    stamps = re.findall(rb"/(\d{14})(?:[a-z]{2}_)?/(?:https?:)?//", body)
    stamp = max(set(stamps), key=stamps.count).decode() if stamps else None
    return Capture(None, stamp, None)


def parse_replay_url(url: str) -> Capture | None:
    """(original URL, timestamp, the replay URL) of a replay address; None for any other."""
    found = REPLAY_URL.match(url.encode())
    if found is None or found.end() - len(found.group("url")) <= 0:
        return None
    original = _original_start(found.group("url")).decode() + url[found.end():]
    if original.startswith("//"):
        original = "http:" + original
    return Capture(_normal(original), found.group("ts").decode(), url)


def _replay_of(body: bytes, stamp: str, original: str) -> str | None:
    """The page's own replay address: as its canonical link gives it, or made of the replay's
    prefix (from its init code), the timestamp and the original URL."""
    for pattern in DECLARED:
        found = pattern.search(body)
        if found:
            parsed = parse_replay_url(_text(found.group("url")))
            if parsed is not None and parsed.timestamp == stamp:
                return parsed.replay_url
    for pattern in REPLAY_PREFIX:
        found = pattern.search(body)
        if found:
            return f"{_text(found.group('prefix')).rstrip('/')}/{stamp}/{original}"
    return None


def _normal(url: str) -> str:
    """An original URL as a link would give it: the default port (`:80`, which Wayback's init
    call names) left out."""
    parts = urlsplit(url)
    if parts.port is not None and DEFAULT_PORTS.get(parts.scheme) == parts.port:
        host = parts.netloc.rsplit(":", 1)[0]
        return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))
    return url


def _text(value: bytes) -> str:
    return value.decode("latin-1").strip()
