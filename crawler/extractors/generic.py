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
from collections.abc import Iterator
from dataclasses import dataclass

import trafilatura
from lxml import etree
from trafilatura.htmlprocessing import convert_to_html

from crawler.extractors import metadata
from crawler.extractors.furniture import furniture
from crawler.extractors.page import Page
from crawler.extractors.regions import named_otherwise
from crawler.extractors.selectors import xpath
from crawler.extractors.structure import find_thread
from crawler.extractors.text import collapse, field_lines
from crawler.extractors.timestamps import DATE, ISO_WITH_OFFSET
from crawler.items import Comment, Post

NAME = "generic"

# trafilatura's options for the post body: recall first, its own comment detection off (ours
# runs on the structure). On the Zyte benchmark (91 pages, token F1) `favor_recall` with its
# plain text gives 0.967 against 0.963 for `trafilatura.extract` defaults; formatting mode
# scored lower (0.958), so the text is trafilatura's own and the HTML is converted from its tree
BODY_OPTIONS = {
    "include_comments": False,
    "include_tables": True,
    "favor_recall": True,
    "with_metadata": False,
}

# a page laid out in one big table comes back as table rows ("| a | b |") holding most of its
# text: read again with tables off, which finds the article inside the layout
LAYOUT_TABLE_OPTIONS = {**BODY_OPTIONS, "include_tables": False}
LAYOUT_TABLE_SHARE = 0.5
TABLE_ROW = re.compile(r"^\s*\|")

# where article furniture is looked for before trafilatura reads the page
PAGE_BODY = "body"

# page cues for the post's metadata, tried in order after `metadata`. Found by tag name with
# `iter` (in C, stopping at the first hit where one is enough): a selector walked the whole tree
# even for the `<title>` in the head, each walk ~0.2 ms a page
TITLE_HEADINGS = ("h1", "h2", "h3")  # inside the body
DOCUMENT_TITLE = ("head", "title")  # (parent, tag)
# (`@class and` first: the regex test is a Python call, spared for the elements with no class)
BYLINES = xpath(
    "//body//*[@class and re:test(@class,"
    " '(^|[\\s_-])(byline|storyby|author|by-line|byl)([\\s_-]|$)', 'i')]",
)
DATELINES = xpath(
    "//body//*[@datetime or @data-publishtime]"
    " | //body//*[@class and re:test(@class, '(^|[\\s_-])(byline|date|dateline|published"
    "|publish-time|timestamp|filed|posted|entry-date|post-date)([\\s_-]|$)', 'i')]",
)
BY_PREFIX = re.compile(r"^\s*(?:posted\s+|written\s+)?by\s*[:|]?\s+(.+)$", re.I)
BYLINE_END = re.compile(r"\s*(?:\||,\s*(?:19|20)\d\d|\bon\b|\bpublished\b|\bupdated\b).*$", re.I)
MIN_HEADING_CHARS = 10
# body paragraphs that are page furniture wherever they appear: copyright footers, breadcrumbs
BOILERPLATE_LINE = re.compile(r"^(?:©|\(c\)\s|copyright\b)|^[^»]{1,40}(?:»[^»]{1,40}){2,}$", re.I)
# a body paragraph this long found verbatim in a comment is the comment, not the post
MIN_SHARED_CHARS = 30
MAX_AUTHOR_CHARS = 80


@dataclass
class MainContent:
    text: str | None
    html: str | None


def detect(page: Page) -> bool:
    return True


def main_content(page: Page) -> MainContent:
    """The post body by trafilatura, on a copy of the tree (it prunes what it reads) from which
    the article furniture (credited photos, galleries, teaser rails, appeals...) is gone first:
    in recall mode trafilatura keeps much of it."""
    document = trafilatura.bare_extraction(_cleaned_copy(page), url=page.url, **BODY_OPTIONS)
    if document is not None and _layout_table(document.text):
        document = trafilatura.bare_extraction(
            _cleaned_copy(page), url=page.url, **LAYOUT_TABLE_OPTIONS
        )
    if document is None or document.body is None:
        return MainContent(None, None)
    text = "\n\n".join(line.strip() for line in (document.text or "").split("\n") if line.strip())
    html_body = convert_to_html(document.body)[0]
    body_html = etree.tostring(html_body, encoding="unicode", method="html")
    return MainContent(text or None, body_html)


def _cleaned_copy(page: Page):
    """A copy of the page's tree without its article furniture."""
    tree = copy.deepcopy(page.tree)
    scope = next(tree.iter(PAGE_BODY), None)
    if scope is not None:
        for el in furniture(scope):
            el.drop_tree()
    return tree


def _layout_table(text: str | None) -> bool:
    """Most of the extracted text is table rows: the page's layout table, not a data table."""
    lines = (text or "").split("\n")
    total = sum(len(line) for line in lines)
    rows = sum(len(line) for line in lines if TABLE_ROW.match(line))
    return bool(total) and rows >= LAYOUT_TABLE_SHARE * total


def extract(page: Page) -> tuple[Post, list[Comment]]:
    content = main_content(page)
    # (the post's words tell a forum's opening post from the replies)
    found = find_thread(page.tree, content.text, page.json_ld)
    comments = found.comments
    # a forum thread's opening post signs the post: its author and time, where the page's
    # meta tags name none
    opening = found.opening or Comment(path="")
    post = Post(
        url=page.url or "",
        canonical_url=page.canonical_url,
        site=page.site,
        platform=NAME,
        title=title(page),
        author=metadata.author(page) or opening.author or _byline_author(page),
        published_raw=metadata.first_readable(_post_times(page, opening)),
        body_text=_without_comments(content.text, comments),
        body_html=content.html,
        tags=metadata.tags(page),
    )
    return post, comments


def title(page: Page) -> str | None:
    """`metadata.title`, unless it is the site-prefixed `<title>` and a heading says it plainly."""
    found = metadata.title(page)
    document_title = next((collapse(t.text_content()) for t in _document_titles(page.tree)), "")
    if found and found not in document_title:
        return found
    best = None
    for heading in _body_headings(page.tree):
        text = collapse(heading.text_content())
        if (
            len(text) >= MIN_HEADING_CHARS
            and text != document_title
            and text in document_title
            and len(text) > len(best or found or "")
        ):
            best = text
    return best or found


def _document_titles(tree) -> Iterator[etree._Element]:
    """The `<title>` elements of the `<head>`, in document order."""
    parent_tag, tag = DOCUMENT_TITLE
    for el in tree.iter(tag):
        parent = el.getparent()
        if parent is not None and parent.tag == parent_tag:
            yield el


def _body_headings(tree) -> Iterator[etree._Element]:
    """The TITLE_HEADINGS elements inside the `<body>`, in document order."""
    for el in tree.iter(*TITLE_HEADINGS):
        if any(ancestor.tag == PAGE_BODY for ancestor in el.iterancestors()):
            yield el


def _byline_author(page: Page) -> str | None:
    """"By X" in a byline element of the page."""
    for el in BYLINES(page.tree):
        # an element opening with "By": its name is read from its first line and field
        if not BY_PREFIX.match(collapse(el.text_content())):
            continue
        match = BY_PREFIX.match(field_lines(el)[0])
        if match:
            name = BYLINE_END.sub("", match.group(1)).strip(" ,|-")
            if name and len(name) <= MAX_AUTHOR_CHARS and not DATE.search(name):
                return name
    return None


def _post_times(page: Page, opening: Comment) -> Iterator[str | None]:
    """Where the post's time may be, most trusted first (each looked at only if needed)."""
    yield metadata.published(page)
    yield opening.posted_raw
    yield dateline(page)


def dateline(page: Page) -> str | None:
    """The first dated byline of the page: a machine time with its offset, else the text."""
    for el in DATELINES(page.tree):
        if named_otherwise(el):
            continue
        for attr in ("datetime", "data-publishtime"):
            value = (el.get(attr) or "").strip()
            if value and ISO_WITH_OFFSET.match(value):
                return value
        match = DATE.search(collapse(el.text_content())[:200])
        if match:
            return match.group(0).strip(" ,-|@")
    return None


def _without_comments(text: str | None, comments: list[Comment]) -> str | None:
    """The body minus comment text (trafilatura sometimes keeps it) and footer lines."""
    if not text:
        return text
    comment_text = "\n".join(
        collapse(part)
        for c in comments
        for part in (c.body_text or "").split("\n")
        if len(part) > MIN_SHARED_CHARS
    )
    kept = []
    paragraphs = text.split("\n\n")
    # the thread kept whole after the article: cut where the first comment starts
    first = collapse((comments[0].body_text or "").split("\n")[0]) if comments else ""
    if len(first) > MIN_SHARED_CHARS:
        for n, paragraph in enumerate(paragraphs[1:], start=1):
            if collapse(paragraph).startswith(first):
                paragraphs = paragraphs[:n]
                break
    for n, paragraph in enumerate(paragraphs):
        flat = collapse(paragraph)
        if BOILERPLATE_LINE.match(flat):
            continue
        # leaked comments trail the article; a quoted paragraph early in it stays
        if (
            comment_text
            and 2 * n >= len(paragraphs)
            and len(flat) > MIN_SHARED_CHARS
            and flat in comment_text
        ):
            continue
        kept.append(paragraph)
    return "\n\n".join(kept) or None
