"""Comments a page declares: schema.org microdata items and JSON-LD `Comment` objects.

A page that marks its comments up (`itemtype=".../Comment"`, `".../Answer"`,
`itemprop="comment"`) says where its thread is: those blocks are taken before any list found
by structure, and need no time to count. A page whose HTML shows no thread may still carry it
in its JSON-LD (an article's or a forum post's "comment" key), read where nothing else is found.
schema.org is the vocabulary microdata and JSON-LD name their types by, on any site.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from lxml import etree

from crawler.extractors.block import Block
from crawler.extractors.lists import MIN_GOOD_SHARE, analyse_members
from crawler.extractors.names import clean_author
from crawler.extractors.nesting import number
from crawler.extractors.page import read_json_ld
from crawler.extractors.selectors import xpath
from crawler.extractors.text import collapse
from crawler.items import Comment

# schema.org microdata: comment items (their time and words: `block.ITEMPROP_TIME`,
# `block.ITEMPROP_TEXT`)
MICRODATA_COMMENTS = xpath(
    "//body//*[contains(@itemtype,'schema.org/Comment') or contains(@itemtype,'schema.org/Answer')"
    " or contains(@itemtype,'schema.org/UserComments') or @itemprop='comment']"
)
# schema.org types whose JSON-LD objects are comments
JSON_LD_COMMENT_TYPES = frozenset(("Comment", "Answer", "UserComments"))


def microdata_blocks(tree: etree._Element) -> list[Block] | None:
    """The comment blocks a page declares as schema.org microdata items (`itemtype=
    ".../Comment"`, `".../Answer"`, `itemprop="comment"`), where most of them have a name and
    words; None where it declares none (or an empty shell a theme prints on every page)."""
    items = MICRODATA_COMMENTS(tree)
    if not items:
        return None
    blocks = analyse_members(items, 0.0, dated=False)  # declared as comments: no time needed
    good = [b for b in blocks if b.good]
    if len(good) < MIN_GOOD_SHARE * len(blocks):
        return None
    return good


def json_ld_comments(texts: Iterable[str]) -> list[Comment]:
    """The comments of a page's JSON-LD (`Comment` / `Answer` objects, under an article's or a
    forum post's "comment" key, their replies under their own), in thread order."""
    comments: list[Comment] = []
    tops = [obj for text in texts for obj in _json_ld_top_comments(text)]
    # (comment object, its path): each comment, then its replies, in order; from a stack
    # rather than by recursion, as replies may nest as deep as the JSON does
    waiting = [(obj, str(n)) for n, obj in reversed(list(enumerate(tops, start=1)))]
    while waiting:
        obj, path = waiting.pop()
        author = obj.get("author") or obj.get("creator")
        if isinstance(author, list):
            author = author[0] if author else None
        name = author.get("name") if isinstance(author, dict) else author
        text = obj.get("text") or obj.get("commentText") or obj.get("description")
        comments.append(
            Comment(
                path=path,
                source_id=number(str(obj["@id"])) or str(obj["@id"]) if obj.get("@id") else None,
                author=clean_author(collapse(str(name))) if name else None,
                posted_raw=obj.get("dateCreated") or obj.get("datePublished"),
                body_text=collapse(str(text)) if text else None,
            )
        )
        replies = enumerate(_json_comments(obj.get("comment")), start=1)
        waiting.extend((reply, f"{path}.{m}") for m, reply in reversed(list(replies)))
    for comment in comments:
        head = comment.path.rpartition(".")[0]
        parent = next((c for c in comments if c.path == head), None) if head else None
        comment.parent_source_id = parent.source_id if parent is not None else None
    return [c for c in comments if c.body_text]


def _json_ld_top_comments(text: str) -> list[dict[str, Any]]:
    """The top-level comment objects of one JSON-LD script (those no comment holds)."""
    data = read_json_ld(text)
    if data is None:
        return []
    found: list[dict[str, Any]] = []
    # (value, inside a comment): walked in document order from a stack, not by recursion
    waiting: list[tuple[Any, bool]] = [(data, False)]
    while waiting:
        node, in_comment = waiting.pop()
        if isinstance(node, list):
            waiting.extend((item, in_comment) for item in reversed(node))
        elif isinstance(node, dict):
            is_comment = _json_type(node) & JSON_LD_COMMENT_TYPES
            if is_comment and not in_comment:
                found.append(node)
                continue
            waiting.extend((value, in_comment or bool(is_comment))
                           for key, value in reversed(node.items())
                           if key != "comment" or not is_comment)
    return found


def _json_comments(value: Any) -> list[dict[str, Any]]:
    """The comment objects of a "comment" key: one object or a list of them."""
    items = value if isinstance(value, list) else [value] if isinstance(value, dict) else []
    return [x for x in items if isinstance(x, dict) and _json_type(x) & JSON_LD_COMMENT_TYPES]


def _json_type(node: dict[str, Any]) -> set[str]:
    """An object's `@type`s (one name or a list of them)."""
    kind = node.get("@type")
    return set(kind) if isinstance(kind, list) else {kind} if isinstance(kind, str) else set()
