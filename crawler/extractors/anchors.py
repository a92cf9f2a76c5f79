"""Where a page's comment lists are looked for: the elements holding its times, or its names.

Every comment shows a byline, and a thread is found bottom-up from them: the elements of the page
holding a date, a relative time or a time of day alone (`timestamps.py`), an element named for
the time, or a machine-readable time are the anchors its lists are grown from (`lists.py`).
Where no list is dated (some comment systems show no time at all), the elements named for a
commenter's name are.
"""

from __future__ import annotations

from functools import lru_cache

from lxml import etree

from crawler.extractors.names import MAX_NAME_CHARS
from crawler.extractors.selectors import xpath
from crawler.extractors.text import INLINE_TAGS, RAW_TEXT_SLACK, collapse, text_content
from crawler.extractors.timestamps import (
    DATE,
    DATE_HINT,
    MACHINE_TIME_ATTRS,
    TIME_CLASS,
    TIME_NAMED_CHARS,
    TIME_ONLY,
    TIME_TEXT_MAX_CHARS,
)

# the page's text, where times are shown (white space only never holds a date)
BODY_TEXT_NODES = xpath("//body//text()[normalize-space()]")
# elements with one of MACHINE_TIME_ATTRS, found as the parents of those attributes: a union of
# attribute steps costs a third less than testing each element for each attribute
MACHINE_TIMES = xpath(
    "(" + " | ".join(f"//body//*/@{attr}" for attr in MACHINE_TIME_ATTRS) + ")/.."
)
# elements named for a commenter's name, for threads whose comments show no time
PAGE_NAMES = xpath(
    "//body//*[self::cite or @itemprop='author' or (@class and (contains(@class,'author')"
    " or contains(@class,'user') or contains(@class,'nick') or contains(@class,'poster')"
    " or contains(@class,'commenter')))"
    # a bold label "Name:" opening a block (an undated thread's "<strong>stefj:</strong> words")
    " or ((self::b or self::strong) and substring(normalize-space(), string-length("
    "normalize-space())) = ':' and not(preceding-sibling::*) and not(normalize-space("
    "preceding-sibling::text())))]"
)


def date_anchors(tree: etree._Element) -> list[etree._Element]:
    """Elements holding a date-like text (or a time of day alone, or a short text in an element
    named for the time), or a machine-readable time, in document order."""
    found: dict[etree._Element, None] = {}
    for node in BODY_TEXT_NODES(tree):
        if DATE_HINT.search(node) and (
            DATE.search(node)
            or (len(node) <= TIME_TEXT_MAX_CHARS and TIME_ONLY.match(collapse(node)))
        ):
            pass
        elif len(node) > RAW_TEXT_SLACK * TIME_NAMED_CHARS or not _named_for_time(_owner(node)):
            continue
        owner = _owner(node)
        if owner is not None:
            found.setdefault(owner, None)
    for el in MACHINE_TIMES(tree):
        found.setdefault(el, None)
    return list(found)


def name_anchors(tree: etree._Element) -> list[etree._Element]:
    """Elements named for a commenter's name (`.author`, `.user`, `.username`, `cite`), in
    document order: where a thread's blocks show no time, their names still repeat."""
    most = RAW_TEXT_SLACK * MAX_NAME_CHARS
    return [el for el in PAGE_NAMES(tree) if 0 < len(text_content(el)) <= most]


def _owner(text: etree._ElementUnicodeResult) -> etree._Element | None:
    """The element a text node of `BODY_TEXT_NODES` is shown in."""
    owner = text.getparent()
    return owner.getparent() if text.is_tail else owner


def _named_for_time(el: etree._Element | None) -> bool:
    """The element (or the inline elements around it) has a class naming a time
    ("a.comment__date", "span.time > span")."""
    while el is not None:
        cls = el.get("class")
        if cls and _time_class(cls):
            return True
        el = el.getparent() if el.tag in INLINE_TAGS else None
    return False


@lru_cache(maxsize=4096)
def _time_class(cls: str) -> bool:
    """TIME_CLASS tested once a class string (a page repeats a few hundred of them)."""
    return TIME_CLASS.search(cls) is not None
