"""The signature the blocks of one comment list share: their tag and stable class tokens.

The finder groups the dated siblings of a page by signature to find its lists, and tells a box of
replies from the block before it by a signature that differs. Blocks of one list differ in some
class tokens (parity, depth, state, author flags, BEM modifiers, generated hashes): those are left
out, so that "li.comment.odd.depth-2" and "li.comment.even.depth-1" are one list.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

# class tokens that vary between blocks of one list (parity, depth, state, author flags)
VOLATILE_CLASS = re.compile(
    r"\d|^(?:odd|even|alt|first|last|parent|clearfix|selected|active|hidden|show|open|new"
    r"|highlight(?:ed)?|(?:thread|depth|level|indent)\b.*|by\w+|comment-author-.*|has-.*|is-.*"
    r"|js[-_].*)$",
    re.I,
)
# a class token that names its row's parity after the list's name ("comment-odd", "row_even")
PARITY_SUFFIX = re.compile(r"^([a-z][\w-]*?)[-_](?:odd|even|alt)$", re.I)
# a generated class: a name, a separator and a hash with a digit in it (CSS modules)
HASHED_CLASS = re.compile(
    r"^([A-Za-z][A-Za-z]*(?:[-_][A-Za-z]+)*?)(?:--|__|[-_])(?=[\w-]*\d)[\w-]+$"
)
_HAS_DIGIT = re.compile(r"\d")
# a BEM modifier ("comment--recommended", "comment--indented"): a state of one block
BEM_MODIFIER = "--"


def signature(el: etree._Element) -> str:
    """Tag and stable class tokens: what the blocks of one list share."""
    if not isinstance(el.tag, str):
        return ""
    return _signature(el.tag, el.get("class") or "")


@lru_cache(maxsize=8192)
def _signature(tag: str, cls: str) -> str:
    """`signature` of a tag and class string, worked out once a pair: a page asks it for the
    siblings of every ancestor of every date, the same few hundred pairs over and over."""
    classes = sorted({c for c in map(stable_class, cls.split()) if c})
    return ".".join([tag, *classes])


def stable_class(token: str) -> str | None:
    """A class token as the blocks of one list share it: None for one that varies between
    them (parity, depth, state, a BEM modifier), the name without its hash for a generated one
    ("comment--2g6iCC-R" is "comment")."""
    if BEM_MODIFIER in token and not _HAS_DIGIT.search(token):
        return None
    parity = PARITY_SUFFIX.match(token)
    if parity and not VOLATILE_CLASS.search(parity.group(1)):
        return parity.group(1)  # "comment-odd", "comment-even": stripes of one list
    if not VOLATILE_CLASS.search(token):
        return token
    hashed = HASHED_CLASS.match(token)
    if hashed and not VOLATILE_CLASS.search(hashed.group(1)):
        return hashed.group(1)
    return None
