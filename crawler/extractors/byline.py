"""A comment block's byline: the elements holding its time and its commenter's name.

Each block of a comment list is signed by a byline, and the block reader (`block.py`) leaves it
out of the comment's words. Finding it is its own question: the time is the smallest element
holding a date and little else (not a profile's join date, not an edit's, not a quoted
comment's), else a time of day alone or an element named for the time; the name is an element
named for it (microdata, microformats, `cite`, a class saying author or user), else the line
around the time or a "X says:" line, read by `names.py`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

from lxml import etree

from crawler.extractors.controls import is_chrome
from crawler.extractors.names import clean_author
from crawler.extractors.selectors import has_class, xpaths
from crawler.extractors.text import INLINE_TAGS, collapse, text_content
from crawler.extractors.timestamps import (
    DATE,
    DATE_HINT,
    ISO_DATE,
    PROFILE_DATE_LABEL,
    TIME_NAMED,
    TIME_NAMED_CHARS,
    TIME_ONLY,
    TIME_ONLY_CHARS,
    TIME_TEXT_MAX_CHARS,
)
from crawler.extractors.tree import ancestors_below, own_elements

# author elements, most specific first (relative to a block)
COMMENT_AUTHOR = xpaths(
    ".//*[@itemprop='author' or @itemprop='creator']//*[@itemprop='name']",
    ".//*[@itemprop='author' or @itemprop='creator']",
    ".//*[" + has_class("p-author") + "]//*[" + has_class("p-name") + "]",
    ".//*[" + has_class("p-author") + "]",
    ".//*[" + has_class("fn") + "]",
    ".//cite",
    ".//*[contains(@class,'author') and not(contains(@class,'reply'))"
    " and not(contains(@class,'avatar'))]",
    ".//*[contains(@class,'user') or contains(@class,'nick') or contains(@class,'poster')"
    " or contains(@class,'commenter') or contains(@class,'name')]",
)
# inside an author element too long to be a name (a forum's profile box: name, rank, post
# count), the name is its first link or bold text
NAME_INSIDE = ("a", "b", "strong")
# a quotation inside a comment: its name and time are the quoted comment's
QUOTE_TAGS = frozenset(("blockquote", "q"))
QUOTE_CLASS = re.compile(r"(?:^|[\s_-])quote", re.I)
# a date on a line this short is a byline, not a date mentioned in prose
META_LINE_CHARS = 160
# and holds at most this much besides the date ("Posted by Jane Q. Reader on", a permalink);
# besides its author and date, labels at most ("Posted by", "|", "Reply")
META_REST_CHARS = 60


def author_element(
    el: etree._Element, inside_nested: Callable[[etree._Element], bool]
) -> tuple[str | None, etree._Element | None]:
    """The name and the first element the COMMENT_AUTHOR selectors find that holds one; a box
    too long to be a name (a forum's profile: name, rank, post count) gives its first link or
    bold text. (None, None) where none does."""
    for selector in COMMENT_AUTHOR:
        for candidate in selector(el):
            if inside_nested(candidate) or is_chrome(candidate) or quoted(candidate, el):
                continue
            text = collapse(candidate.text_content())
            inner = next(
                (
                    c
                    for c in candidate.iterdescendants(*NAME_INSIDE)
                    if not is_chrome(c) and collapse(c.text_content())
                ),
                None,
            )
            name = None
            if inner is not None and len(collapse(inner.text_content())) < len(text):
                name = clean_author(collapse(inner.text_content()))
                candidate = inner if name else candidate
            if name is None:
                name = clean_author(text)
            if name:
                return name, candidate
    return None, None


def quoted(node: etree._Element, el: etree._Element) -> bool:
    """Inside a quotation of the block (`blockquote`, `q`, an element named for a quote): the
    name and time there are the quoted comment's, never this one's."""
    for ancestor in (node, *ancestors_below(node, el)):
        if ancestor.tag in QUOTE_TAGS or QUOTE_CLASS.search(ancestor.get("class") or ""):
            return True
    return False


def date_element(
    el: etree._Element,
    nested_set: Collection[etree._Element],
    inside_nested: Callable[[etree._Element], bool],
) -> tuple[etree._Element | None, re.Match[str] | None]:
    """The smallest element of the block holding a date and little else, with the date match.

    A date a profile box labels ("Joined: ...") is when the poster registered: passed over."""
    block_chars = len(collapse(text_content(el)))
    for node in own_elements(el, nested_set):
        if is_chrome(node):
            continue
        raw = node.text_content()
        # the hint reads the same before collapsing (white space is never part of it): most
        # elements are ruled out without collapsing their text
        if not DATE_HINT.search(raw):
            continue
        text = collapse(raw)
        if not text or len(text) > META_LINE_CHARS:
            continue
        match = DATE.search(text)
        if match is None or quoted(node, el):
            continue
        if _labelled_otherwise(node, text, match, el):
            continue
        if any(DATE.search(collapse(c.text_content())) for c in node if isinstance(c.tag, str)):
            continue  # a child holds it: smaller still
        rest = len(text) - len(match.group(0))
        if rest <= META_REST_CHARS and len(text) < block_chars:
            return node, match
        return None, None
    return None, None


def titled_time(date_el: etree._Element, el: etree._Element) -> str | None:
    """A full date in the `title` of the time element, of an element inside it, or of one
    around it below the block: where the text shows a relative time or a time of day only."""
    for node in (*date_el.iter(), *ancestors_below(date_el, el)):
        title = (node.get("title") or "").strip()
        if title and (ISO_DATE.match(title) or DATE.search(title)):
            return title
    return None


def _labelled_otherwise(
    node: etree._Element, text: str, match: re.Match[str], el: etree._Element
) -> bool:
    """The date is labelled as a registration's or an edit's ("Joined: ...", "edited <span>Oct
    1</span>"), in the element's own text or in the line of the element around it."""
    if PROFILE_DATE_LABEL.search(text[: match.start()]):
        return True
    around = node.getparent()
    if around is None or around is el or node.tag not in INLINE_TAGS:
        return False
    line = collapse(text_content(around))
    at = line.find(text)
    return at > 0 and PROFILE_DATE_LABEL.search(line[:at]) is not None


def time_element(
    el: etree._Element,
    nested_set: Collection[etree._Element],
    inside_nested: Callable[[etree._Element], bool],
) -> tuple[etree._Element | None, str | None]:
    """Where a block shows no date: an element holding a time of day alone ("1:53 PM"), else a
    short element named for the time ("a.comment__date": "utorak"); its text is the raw time."""
    for node in own_elements(el, nested_set):
        if is_chrome(node):
            continue
        raw = node.text_content()
        if len(raw) > TIME_TEXT_MAX_CHARS or not DATE_HINT.search(raw):
            continue
        text = collapse(raw)
        if len(text) <= TIME_ONLY_CHARS and TIME_ONLY.match(text):
            return node, text.strip(" ,-|@")
    for node in TIME_NAMED(el):
        if node in nested_set or inside_nested(node) or is_chrome(node):
            continue
        text = collapse(node.text_content())
        if text and len(text) <= TIME_NAMED_CHARS:
            return node, text
    return None, None


def element_of_line(
    el: etree._Element, line: str, nested_set: Collection[etree._Element]
) -> etree._Element | None:
    """The smallest element of the block whose text is `line` (a byline read from the block's
    lines), so that it is left out of the words with the rest of the byline."""
    found = None
    for node in own_elements(el, nested_set):
        raw = node.text_content()
        if len(raw) < len(line) or line not in collapse(raw):
            continue
        if len(collapse(raw)) <= len(line) + TIME_ONLY_CHARS:
            found = node  # descendants come later in the walk: the last one is the smallest
    return found
