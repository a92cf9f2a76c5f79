"""Generic fallback for sites with no platform extractor of their own.

The post's main text comes from trafilatura (a maintained boilerplate remover, better than one we
would write); title, author and date from `metadata` (meta tags, JSON-LD) with page cues as
fallbacks (a heading repeated in `<title>`, a "By X" byline, a dated byline element); comments are
found by structure in `structure.py`: repeated sibling blocks that each carry an author and a
date, nested as the DOM nests them.

Checked on the L3S-GN1 comment pages (jpost, telegraph, sfgate, ...), lifehacker (Kinja), The New
Republic, pages with no comments (latimes, politico, theatlantic, salon, opposingviews, whitehouse
blog) and the Zyte article benchmark (body token F1 against trafilatura's default extraction).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

import trafilatura
from lxml import etree

from crawler.extractors import metadata
from crawler.extractors.page import Page
from crawler.extractors.structure import DATE, ISO_WITH_OFFSET, find_comments
from crawler.extractors.text import block_text, collapse
from crawler.items import Comment, Post

NAME = "generic"

# trafilatura's options for the post body: recall first, its own comment detection off (ours
# runs on the structure); `favor_recall` keeps short paragraphs that precision mode drops
BODY_OPTIONS = {
    "include_comments": False,
    "include_formatting": True,
    "include_tables": True,
    "favor_recall": True,
    "with_metadata": False,
}

# page cues for the post's metadata, tried in order after `metadata`
TITLE_HEADINGS = etree.XPath("//body//h1 | //body//h2 | //body//h3")
DOCUMENT_TITLE = etree.XPath("//head/title")
BYLINES = etree.XPath(
    "//body//*[re:test(@class, '(^|[\\s_-])(byline|storyby|author|by-line|byl)([\\s_-]|$)', 'i')]",
    namespaces={"re": "http://exslt.org/regular-expressions"},
)
DATELINES = etree.XPath(
    "//body//*[@datetime or @data-publishtime]"
    " | //body//*[re:test(@class, '(^|[\\s_-])(byline|date|dateline|published|publish-time"
    "|timestamp|filed|posted|entry-date|post-date)([\\s_-]|$)', 'i')]",
    namespaces={"re": "http://exslt.org/regular-expressions"},
)
BY_PREFIX = re.compile(r"^\s*(?:posted\s+|written\s+)?by\s*:?\s+(.+)$", re.I)
BYLINE_END = re.compile(r"\s*(?:\||,\s*(?:19|20)\d\d|\bon\b|\bpublished\b|\bupdated\b).*$", re.I)
MIN_HEADING_CHARS = 10
MAX_AUTHOR_CHARS = 80


@dataclass
class MainContent:
    text: str | None
    html: str | None


def detect(page: Page) -> bool:
    return True


def main_content(page: Page) -> MainContent:
    """The post body by trafilatura, on a copy of the tree (it prunes what it reads)."""
    document = trafilatura.bare_extraction(
        copy.deepcopy(page.tree), url=page.url, **BODY_OPTIONS
    )
    if document is None or document.body is None:
        return MainContent(None, None)
    text = block_text(document.body) or None
    body_html = etree.tostring(document.body, encoding="unicode", method="html")
    return MainContent(text, body_html)


def extract(page: Page) -> tuple[Post, list[Comment]]:
    comments = find_comments(page.tree)
    content = main_content(page)
    post = Post(
        url=page.url or "",
        canonical_url=page.canonical_url,
        site=page.site,
        platform=NAME,
        title=title(page),
        author=metadata.author(page) or _byline_author(page),
        published_raw=metadata.published(page) or _dateline(page),
        body_text=_without_comments(content.text, comments),
        body_html=content.html,
        tags=metadata.tags(page),
    )
    return post, comments


def title(page: Page) -> str | None:
    """`metadata.title`, unless it is the site-prefixed `<title>` and a heading says it plainly."""
    found = metadata.title(page)
    document_title = next(
        (collapse(t.text_content()) for t in DOCUMENT_TITLE(page.tree)), ""
    )
    if found and found not in document_title:
        return found
    best = None
    for heading in TITLE_HEADINGS(page.tree):
        text = collapse(heading.text_content())
        if len(text) >= MIN_HEADING_CHARS and text != document_title and text in document_title:
            if len(text) > len(best or found or ""):
                best = text
    return best or found


def _byline_author(page: Page) -> str | None:
    """"By X" in a byline element of the page."""
    for el in BYLINES(page.tree):
        text = collapse(el.text_content())
        match = BY_PREFIX.match(text)
        if match:
            name = BYLINE_END.sub("", match.group(1)).strip(" ,|-")
            if name and len(name) <= MAX_AUTHOR_CHARS and not DATE.search(name):
                return name
    return None


def _dateline(page: Page) -> str | None:
    """The first dated byline of the page: a machine time with its offset, else the text."""
    for el in DATELINES(page.tree):
        for attr in ("datetime", "data-publishtime"):
            value = (el.get(attr) or "").strip()
            if value and ISO_WITH_OFFSET.match(value):
                return value
        match = DATE.search(collapse(el.text_content())[:200])
        if match:
            return match.group(0).strip(" ,-|@")
    return None


def _without_comments(text: str | None, comments: list[Comment]) -> str | None:
    """The body minus paragraphs that are comment text (trafilatura sometimes keeps them)."""
    if not text or not comments:
        return text
    comment_lines = {
        line for c in comments for line in (c.body_text or "").split("\n") if len(line) > 30
    }
    if not comment_lines:
        return text
    kept = [line for line in text.split("\n") if line not in comment_lines]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip() or None
