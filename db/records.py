"""Records: what one archived page becomes (the crawl's items, re-exported by crawler/items.py).

They live in `db`, the bottom layer, because the archive writer and reader build and read them,
and `db` imports nothing from `crawler` or `pipelines` (tests/test_layers.py checks it).

Extractors fill the raw fields (strings as the page shows them); the pipelines then clean and
normalize them in place (UTC times, tip counts split, stable ids, parent links). A page travels
through the pipelines as one `Thread` item, so a thread is validated, normalized and (later) stored
as a whole: never half a thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime


@dataclass
class Post:
    """A blog post or diary, as found on its page."""

    url: str
    canonical_url: str | None = None
    site: str | None = None
    platform: str | None = None
    title: str | None = None
    author: str | None = None
    published_raw: str | None = None
    body_text: str | None = None
    body_html: str | None = None
    tags: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    # "(31+ / 0-)" or a recommend count, where the site shows one, kept raw for the pipelines
    tips_raw: str | None = None
    recommend_count: int | None = None
    # "post", or "page" for a site's static page (an About page) archived with the posts
    kind: str = "post"
    # filled by the pipelines
    id: str | None = None
    published: str | None = None
    tips_plus: int | None = None
    tips_minus: int | None = None


@dataclass
class Comment:
    """One reader comment (or pingback/trackback) of a post's thread.

    `path` is the comment's place in the tree as 1-based positions ("3.1.2": the second reply to
    the first reply to the third top-level comment); the extractor sets it, and with it the
    parent link, depth and position all follow.
    """

    path: str
    source_id: str | None = None
    parent_source_id: str | None = None
    author: str | None = None
    author_url: str | None = None
    posted_raw: str | None = None
    title: str | None = None
    body_text: str | None = None
    body_html: str | None = None
    signature: str | None = None
    tips_raw: str | None = None
    recommenders: list[str] = field(default_factory=list)
    kind: str = "comment"  # "comment", "pingback" or "trackback"
    # filled by the pipelines
    id: str | None = None
    post_id: str | None = None
    parent_id: str | None = None
    depth: int | None = None
    position: int | None = None
    posted: str | None = None
    tips_plus: int | None = None
    tips_minus: int | None = None

    @property
    def parent_path(self) -> str | None:
        head, _, _ = self.path.rpartition(".")
        return head or None


@dataclass
class RawPage:
    """A page exactly as fetched (or read from a file or WARC), kept so it can be re-parsed."""

    url: str
    body: bytes = field(repr=False)
    fetched_at: str  # UTC ISO 8601
    status: int | None = None
    content_type: str | None = None
    encoding: str | None = None
    # HTTP validators, for conditional requests when the page is crawled again
    etag: str | None = None
    last_modified: str | None = None
    # where it was read from when not fetched (a file, a WARC): for messages, not stored
    origin: str | None = None
    # a page taken from a web archive's capture: when the archive took it (UTC ISO 8601) and
    # the capture's own address there (a replay URL)
    capture_time: str | None = None
    capture_url: str | None = None


# the stage of a `PageError` for a link to a page that is gone (404/410): recorded with the page
# that linked to it, counted apart from failures (a dead link is the site's, not the run's)
DEAD_LINK_STAGE = "link"


# an errors row's reason is read in a table column and a log line: one line, this long at most
MAX_REASON_CHARS = 300
# its detail (a traceback's last lines, the cut part of a reason) stays readable in a row page
MAX_DETAIL_CHARS = 4000


def readable(text: str) -> str:
    """`text` with characters that cannot be shown (control characters, NUL, stray binary
    decoded as Latin-1) written as escapes, so a log line or a table cell shows what it is."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c in "\n\t" else repr(c)[1:-1] for c in text)


def utc_now() -> str:
    """Now, UTC, as every time in the archive is written (ISO 8601, to the second)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class PageError:
    """A page that could not be archived, and why: goes to the log and the errors table."""

    url: str | None
    stage: str  # "fetch", "link" (a dead link), "read", "extract", "pipeline", ...
    reason: str
    detail: str | None = None
    page: RawPage | None = None
    # the page whose link led here, where a link did
    referer: str | None = None
    # when it failed, UTC (ISO 8601): the errors row keeps it, not the time its batch was written
    time: str | None = None

    def __post_init__(self) -> None:
        """A reason is one readable line of at most `MAX_REASON_CHARS`, whatever raised it (a
        library quoting the binary first line of a garbage WARC gave 1,660 characters of it);
        what is cut goes to `detail`, itself bounded."""
        if self.time is None:
            self.time = utc_now()
        reason = str(self.reason)
        if len(reason) > MAX_REASON_CHARS or not reason.isprintable():
            reason = readable(reason)
            if self.detail is None and len(reason) > MAX_REASON_CHARS:
                self.detail = reason
            reason = " ".join(reason.split())
            if len(reason) > MAX_REASON_CHARS:
                reason = reason[:MAX_REASON_CHARS - 1] + "…"
            self.reason = reason
        if self.detail is not None and len(self.detail) > MAX_DETAIL_CHARS:
            self.detail = self.detail[:MAX_DETAIL_CHARS - 1] + "…"


def unexpected_reason(error: BaseException) -> str:
    """The reason recorded for a page when something nobody foresaw failed on it."""
    return f"failed unexpectedly: {type(error).__name__}: {error}"


@dataclass
class Thread:
    """A page's post and its comments in document order: the unit the pipelines work on."""

    post: Post
    comments: list[Comment] = field(default_factory=list)
    # which extractor produced it ("wordpress", "dailykos", "generic", ...)
    extractor: str | None = None
    # the raw page it came from, stored with it (None when extracted from memory)
    page: RawPage | None = None
    # later pages of the same thread (comment-page-2, ?page=2), assembled into this one
    more_pages: list[RawPage] = field(default_factory=list)
    # when the page was fetched (UTC ISO), the reference for relative times like "3 hours ago"
    fetched_at: str | None = None
    # problems met on the way (a dropped comment, an unparsable time): reason strings with context
    problems: list[str] = field(default_factory=list)

    def __repr__(self) -> str:  # what Scrapy's log shows of a scraped item: short
        return f"<Thread {self.post.url} ({len(self.comments)} comments, {self.extractor})>"


@dataclass
class SeenUnchanged:
    """A thread fetched again and found unchanged (HTTP 304): only its seen-times move."""

    post_id: str
    seen: str  # UTC ISO 8601
