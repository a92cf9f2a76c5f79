"""Clean: strip UI chrome from bodies, collapse white space, NFC, and sanitize HTML.

Text keeps its paragraph breaks (a blank line between paragraphs); whole lines of site chrome
(share widgets, "Reply", Daily Kos dialogs, see `pipelines.chrome`) are dropped. The HTML body is
sanitized by nh3 (Ammonia): no script, no event handler, no javascript: URL survives.
"""

from __future__ import annotations

import re
import unicodedata

import nh3

from crawler.items import Comment, Post, Thread
from pipelines.chrome import compile_chrome

_INLINE_SPACE = re.compile(r"[^\S\n]+")
_MANY_BREAKS = re.compile(r"\n{3,}")


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


def sanitize_html(html: str | None) -> str | None:
    if not html:
        return html
    return nh3.clean(html, link_rel="noopener noreferrer nofollow").strip()


class CleanPipeline:
    def __init__(self, extra_chrome: list[str] | None = None):
        self.chrome = compile_chrome(extra_chrome or ())

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.getlist("ARCHIVE_CHROME_PATTERNS"))

    def process_item(self, item):
        if not isinstance(item, Thread):
            return item
        self.clean_post(item.post)
        for comment in item.comments:
            self.clean_comment(comment)
        return item

    def clean_post(self, post: Post) -> None:
        post.title = clean_line(post.title)
        post.author = clean_line(post.author)
        post.body_text = clean_text(post.body_text, self.chrome)
        post.body_html = sanitize_html(post.body_html)
        post.tags = _unique(clean_line(t) for t in post.tags)
        post.groups = _unique(clean_line(g) for g in post.groups)

    def clean_comment(self, comment: Comment) -> None:
        comment.title = clean_line(comment.title)
        comment.author = clean_line(comment.author)
        comment.signature = clean_line(comment.signature)
        comment.body_text = clean_text(comment.body_text, self.chrome)
        comment.body_html = sanitize_html(comment.body_html)
        comment.recommenders = _unique(clean_line(r) for r in comment.recommenders)


def _unique(values) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))
