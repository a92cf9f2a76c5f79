"""Clean: strip UI chrome from bodies, collapse white space, NFC, sanitize HTML, absolute links.

Text keeps its paragraph breaks (a blank line between paragraphs); whole lines of site chrome
(share widgets, "Reply", Daily Kos dialogs, see `pipelines.chrome`) are dropped. The HTML body is
sanitized by nh3 (Ammonia): no script, no event handler, no javascript: URL survives.

In the same nh3 pass the body's relative links and images (the URL attributes the sanitizer keeps:
`href`, `src`; `srcset`, `poster` and the like do not survive it) become absolute URLs of the
original page, resolved against its `<base href>` or else its own URL: the archive is read from
another server (Datasette), where `/blog/2018/01/...` or `photo.jpg` would lead to a 404. The raw
page keeps its bytes as fetched.

A body longer than `ARCHIVE_MAX_BODY_CHARS` is cut before any of this (with a warning row): a
runaway page (a 30 MB post) must not cost the sanitizer, the search index and every reader its
size; the raw page still holds all of it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import partial
from urllib.parse import urljoin, urlsplit

import nh3
from scrapy.http import HtmlResponse
from scrapy.utils.response import get_base_url
from w3lib.html import strip_html5_whitespace

from crawler.items import Comment, Post, Thread
from pipelines.chrome import compile_chrome

_INLINE_SPACE = re.compile(r"[^\S\n]+")
_MANY_BREAKS = re.compile(r"\n{3,}")
# the schemes of a base worth resolving against, and of a link resolved: a page imported from a
# file with no address of its own (file:///home/...) names no site, and a link into the
# importer's disk would lead a reader nowhere; leaving its links relative loses nothing
WEB_SCHEMES = frozenset({"http", "https"})
HEAD_BYTES = 16_384


def clean_text(text: str | None, chrome: re.Pattern[str]) -> str | None:
    """Chrome lines out, white space collapsed within lines, paragraphs kept, NFC."""
    if text is None:
        return None
    text = unicodedata.normalize("NFC", text)
    lines = (_INLINE_SPACE.sub(" ", line).strip() for line in text.splitlines())
    kept = "\n".join(line for line in lines if not chrome.match(line))
    return _MANY_BREAKS.sub("\n\n", kept).strip()


def clean_line(text: str | None) -> str | None:
    """A one-line field (title, author, signature): single spaces, NFC, None when empty."""
    if text is None:
        return None
    text = " ".join(unicodedata.normalize("NFC", text).split())
    return text or None


def page_base(thread: Thread) -> str | None:
    """The URL the thread's relative links resolve against; None when it names no web site.

    The page's `<base href>`, else its own URL, as Scrapy's link extractor reads them
    (`get_base_url`) from the response the raw page would have arrived as (as `Page.from_bytes`
    builds it), so a crawl, an import, a re-parse and a shared crawl of the same bytes resolve
    alike. A thread extracted without its raw page (`process_page`: benchmarks, tests) has only
    its post's URL. The comments of a thread's later pages (comment-page-2/) resolve against its
    own page too, as the thread does not say which page each came from: absolute and
    root-relative links (most of them) come out the same, a folder-relative one (`./x`) from the
    thread's page rather than the later one.
    """
    raw = thread.page
    if raw is None:
        base = thread.post.url
    else:
        headers = {"Content-Type": raw.content_type} if raw.content_type else None
        # get_base_url reads the first 4,096 characters: the head of the body (16 KB, four
        # bytes a character at most) gives them without decoding a page of megabytes
        base = get_base_url(HtmlResponse(raw.url, body=raw.body[:HEAD_BYTES], headers=headers,
                                         encoding=raw.encoding))
    return base if base and urlsplit(base).scheme in WEB_SCHEMES else None


def absolute_link(url: str, base: str) -> str | None:
    """A relative link of a body made absolute against `base`; a fragment stays itself.

    nh3 calls this only with values it cannot read as absolute URLs (mailto:, data: and the like
    never come here: it keeps or drops them by its scheme allow-list first). A fragment
    (`#comment-5`, a footnote) names a place in the very text the reader has in front of them,
    so it stays one rather than leading off the archive. nh3 does not check what this returns
    against its schemes, so only a web URL comes back; a reference that cannot be joined (a
    broken IPv6 host, `//[::1`) is dropped, as nh3 drops a broken absolute URL.
    """
    url = strip_html5_whitespace(url)
    if url.startswith("#"):
        return url
    try:
        joined = urljoin(base, url)
    except ValueError:
        return None
    return joined if urlsplit(joined).scheme in WEB_SCHEMES else None


def sanitize_html(html: str | None, base: str | None = None) -> str | None:
    """nh3's allow-list; with a `base`, relative links made absolute in the same pass (one parse
    of the body, not a second one by lxml)."""
    if not html:
        return html
    relative = partial(absolute_link, base=base) if base else None
    return nh3.clean(html, link_rel="noopener noreferrer nofollow", url_relative=relative).strip()


def cut_body(body: str | None, limit: int) -> str | None:
    """`body` within `limit` characters: at the last paragraph break in its final tenth, or at
    the limit; None when it is within already."""
    if not body or len(body) <= limit:
        return None
    cut = body.rfind("\n\n", limit - limit // 10, limit)
    return body[:cut if cut > 0 else limit]


class CleanPipeline:
    def __init__(self, extra_chrome: list[str] | None = None, max_body_chars: int = 1_000_000):
        self.chrome = compile_chrome(extra_chrome or ())
        self.max_body_chars = max_body_chars

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.getlist("ARCHIVE_CHROME_PATTERNS"),
                   crawler.settings.getint("ARCHIVE_MAX_BODY_CHARS"))

    def process_item(self, item):
        if not isinstance(item, Thread):
            return item
        self.cut_bodies(item)
        base = page_base(item)
        self.clean_post(item.post, base)
        for comment in item.comments:
            self.clean_comment(comment, base)
        return item

    def cut_bodies(self, thread: Thread) -> None:
        """Bodies over the limit cut, each cut a problem of the thread (a warning row)."""
        for where, record in [("post", thread.post),
                              *((f"comment {c.id}", c) for c in thread.comments)]:
            for field in ("body_text", "body_html"):
                whole = getattr(record, field)
                cut = cut_body(whole, self.max_body_chars)
                if cut is not None:
                    setattr(record, field, cut)
                    thread.problems.append(
                        f"{where} {field} cut at {len(cut):,} of {len(whole):,} characters "
                        "(ARCHIVE_MAX_BODY_CHARS); the raw page holds it whole")

    def clean_post(self, post: Post, base: str | None = None) -> None:
        post.title = clean_line(post.title)
        post.author = clean_line(post.author)
        post.body_text = clean_text(post.body_text, self.chrome)
        post.body_html = sanitize_html(post.body_html, base)
        post.tags = _unique(clean_line(t) for t in post.tags)
        post.groups = _unique(clean_line(g) for g in post.groups)

    def clean_comment(self, comment: Comment, base: str | None = None) -> None:
        comment.title = clean_line(comment.title)
        comment.author = clean_line(comment.author)
        comment.signature = clean_line(comment.signature)
        comment.body_text = clean_text(comment.body_text, self.chrome)
        comment.body_html = sanitize_html(comment.body_html, base)
        comment.recommenders = _unique(clean_line(r) for r in comment.recommenders)


def _unique(values) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))
