"""A comment's controls and hidden text: what a comment block shows besides its words.

Reply / report / vote / share buttons and links, avatars, form fields and text a page hides are
in every comment block the structural finder reads, and never a comment's words or its
commenter's name. These are the general cues for them, in any of the corpus's languages (the
action words themselves are `actions.py`'s, shared with discovery); `chrome.py` holds the one
site whose chrome lines are listed one by one (Daily Kos).
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

from crawler.extractors.actions import is_action_text

# elements that are never a comment's words
CHROME_TAGS = frozenset("form button input select textarea img iframe object embed".split())
# class tokens of controls and of the boxes around the words (a reply link, a vote count, an
# avatar, a signature)
CHROME_CLASS = re.compile(
    r"(?:^|\s)(?:[\w]+[-_])?(?:reply|report|flag|votes?|rating|likes?|share|sharing|actions?"
    r"|tools|avatar|permalink|edit|delete|quote|dropdown|hovercard|signature)"
    r"(?:[-_](?:link|links|button|btn|tools|bar|count|box|ct|container))?(?:\s|$)",
    re.I,
)
# text a page hides (screen-reader labels, collapsed menus)
HIDDEN_CLASS = re.compile(r"(?:^|\s)(?:hide|hidden|d-none|sr-only|screen-reader-text)(?:\s|$)")
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# a line that is one control or label, never words: "Reply", "Report abuse", "12 points", "#3.",
# "says:", separators alone
CHROME_LINE = re.compile(
    r"^(?:reply|report(?: this (?:comment|post)| abuse| comment| post)?|flag(?: as inappropriate)?"
    r"|quote|permalink|thread|parent|expand|collapse"
    r"|link|edit|delete|share|like|recommend|\d+\s*(?:points?|likes?|votes?|replies|recommends?)"
    r"|[+-]?\d+|#?\d+[.):]|says:?|wrote:?|said:?|[\s\-–—|·•,.:;/\\()\[\]{}<>»«›‹#*]*)$",
    re.I,
)
# actions in a row: "Quote | Report this post", "Reply (Thread)", "[ Parent | Reply to This ]"
ACTION_SEPARATOR = re.compile(r"\s*[|·•()\[\]]\s*")


def is_chrome_line(line: str) -> bool:
    """A line of the comment's controls, not of its words: one action, or several in a row
    (the navigation words of `CHROME_LINE`, or any action of `actions`, in any language)."""
    return all(
        CHROME_LINE.match(part) or is_action_text(part) for part in ACTION_SEPARATOR.split(line))


def is_chrome(node: etree._Element) -> bool:
    """A control or hidden element: a form field, a picture, a class naming chrome (see
    CHROME_CLASS), hidden by its class or its style."""
    if not isinstance(node.tag, str):
        return False
    if node.tag in CHROME_TAGS:
        return True
    cls = node.get("class")
    if cls and _chrome_class(cls):
        return True
    style = node.get("style")
    return bool(style and HIDDEN_STYLE.search(style))


@lru_cache(maxsize=4096)
def _chrome_class(cls: str) -> bool:
    """A class string naming chrome or hidden text: tested once a string (a page repeats a few
    hundred class strings over thousands of elements, and this test runs for each of them)."""
    return bool(CHROME_CLASS.search(cls) or HIDDEN_CLASS.search(cls))
