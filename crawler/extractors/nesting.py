"""Nesting: which comment answers which, from the markup, and the thread's order and paths.

A thread's shape is in its markup, said in one of several ways: a parent id attribute
(`data-parent-id`), a reply inside its parent's block or in a box of replies right after it,
depth classes ("depth-2", "comment-depth-2"), inline indentation, a class token saying reply
("comment--indented"), or a "Response to" / "in reply to" line linking to the parent's id.
They are tried in that order; the blocks' order on the page and their paths ("1", "1.2") follow.
A name alone is never followed: the same reader comments several times, and "@name" is a
mention, not a reply.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence

from lxml import etree

from crawler.extractors.controls import is_chrome
from crawler.extractors.signatures import signature
from crawler.extractors.text import RAW_TEXT_SLACK, collapse, paths_from_depths, text_content
from crawler.extractors.tree import (
    EMPTY_ANCHOR,
    ancestors_below,
    common_ancestor,
    own_elements,
    previous_element,
)

# a block's own class token saying it is a reply ("comment--indented", "reply", "child-comment")
NESTED_TOKEN = re.compile(
    r"(?:^|[-_])(?:indent(?:ed)?|nested|child|reply|sub-?comment)(?:$|[-_])", re.I
)
# how a nested reply says its parent, and how a block names itself
PARENT_ID_ATTRS = ("data-parentid", "data-parent-id", "data-parent", "data-reply-to")
OWN_ID_ATTRS = ("data-id", "data-comment-id", "data-commentid", "id")
# a comment's id is the last number of its id attribute, its anchor or its permalink
LAST_NUMBER = re.compile(r"(\d+)(?!.*\d)")
# "depth-2", "level_3", and the same at the end of a longer name ("comment-depth-1",
# "pluck-comm-comment-depth-1")
DEPTH_CLASS = re.compile(r"^(?:[\w-]*[-_])?(?:depth|level|indent)[-_]?(\d+)$", re.I)
# an inline left margin or padding: how far a reply is indented
INDENT_STYLE = re.compile(r"(?:margin|padding)-left\s*:\s*(\d+)", re.I)
# a line naming the comment a reply answers: "In reply to X", "Response to X, <date>", "Antwort
# auf #1 von X", "En réponse à X" ... in the languages of the corpus (en, de, fr, es, it, nl, pl,
# hr); its link to the answered comment gives the parent
REPLY_TO = re.compile(
    r"^\W*(?:in reply to|in response to|response to|replying to|reply to|antwort auf"
    r"|als antwort auf|en réponse à|en respuesta a|respuesta a|in risposta a|als antwoord op"
    r"|w odpowiedzi na|odgovor na)\b\s*:?\s*(?P<rest>.*)$",
    re.I,
)
# what every reply reference's words hold: a block without it has none (one scan of its text)
_REPLY_HINT = re.compile(
    r"repl|respon|antwo|réponse|respuesta|risposta|odpowied|odgovor", re.I
)
# a reply reference is a short line; a longer one is a sentence that mentions a reply
REPLY_LINE_CHARS = 120
# the same words after a byline's separator: "Bob · Dec 29 · in reply to Jane"
REPLY_TO_INLINE = re.compile(
    r"[·•|,;–—-]\s*(?:in reply to|in response to|replying to|antwort auf|en réponse à"
    r"|en respuesta a|in risposta a|als antwoord op|w odpowiedzi na)\b\s*:?\s*(?P<rest>.+)$",
    re.I,
)
# what follows "Reply to" on a reply button rather than a reference: "this comment", "this post"
REPLY_BUTTON_REST = re.compile(r"^(?:this|the|comment|post|thread|topic)\b", re.I)


def thread_order(
    elements: Sequence[etree._Element],
    followers: Sequence[Iterable[etree._Element]],
    reply_numbers: Sequence[str | None],
) -> tuple[list[str | None], list[str], list[int]]:
    """Parents from the markup, then the thread's order: each block's own id, and the paths
    ("1", "1.2") in thread order with the index of the block each belongs to.

    `followers` are the elements after each header block that hold its words (a reply box after
    them is the block's), `reply_numbers` the id each block's reply reference links to."""
    index = {el: i for i, el in enumerate(elements)}
    ids = [_own_id(el) for el in elements]
    by_id = {i: n for n, i in enumerate(ids) if i}
    root = common_ancestor(elements)
    follower_of = {f: n for n, shown in enumerate(followers) for f in shown}
    parents: list[int | None] = []
    for n, el in enumerate(elements):
        parent = None
        pid = next((el.get(a) for a in PARENT_ID_ATTRS if el.get(a)), None)
        if pid is not None:
            parent = by_id.get(number(pid))
        if parent is None:
            parent = _dom_parent(el, index, root, follower_of)
        parents.append(parent if parent != n else None)
    if all(p is None for p in parents):
        depths = _indent_depths(elements)
        if depths is not None:
            return ids, paths_from_depths(depths), list(range(len(elements)))
        parents = [_referenced(n, reply_numbers, by_id) for n in range(len(elements))]
    children: dict[int | None, list[int]] = {}
    for n, parent in enumerate(parents):
        children.setdefault(parent, []).append(n)
    order: list[int] = []
    paths: dict[int, str] = {}
    stack = [(n, str(i + 1)) for i, n in enumerate(children.get(None, []))][::-1]
    while stack:
        n, path = stack.pop()
        if n in paths:
            continue
        paths[n] = path
        order.append(n)
        kids = children.get(n, [])
        stack.extend((k, f"{path}.{i + 1}") for i, k in reversed(list(enumerate(kids))))
    return ids, [paths[n] for n in order], order


def _referenced(
    n: int, reply_numbers: Sequence[str | None], by_id: dict[str, int]
) -> int | None:
    """The comment block `n`'s reply reference links to: the one whose id its link ends in.

    A name alone is not followed (the same reader comments several times, and "@name" is a
    mention, not a reply): that lost a parent on the check half."""
    reply_number = reply_numbers[n]
    parent = by_id.get(reply_number) if reply_number else None
    return parent if parent != n else None


def _dom_parent(
    el: etree._Element,
    index: dict[etree._Element, int],
    root: etree._Element | None,
    follower_of: dict[etree._Element, int] | None = None,
) -> int | None:
    """The block holding `el`, or the block right before the children list holding it (or whose
    words, a header block's, are right before it)."""
    node = el.getparent()
    while node is not None and node.tag != "body":
        if node in index:
            return index[node]
        previous = previous_element(node)
        if previous is not None and signature(previous) != signature(node):
            if previous in index:
                return index[previous]
            if follower_of and previous in follower_of:
                return follower_of[previous]
            inner = [d for d in previous.iterdescendants() if d in index]
            if inner:
                return index[inner[-1]]
        if node is root:
            return None
        node = node.getparent()
    return None


def _indent_depths(elements: Sequence[etree._Element]) -> list[int] | None:
    """Depths from `depth-N`-like classes, else inline left margins, else a class token saying
    the block is a reply ("comment--indented"); None when the list is flat by all three."""
    by_class, by_style, by_token = [], [], []
    for el in elements:
        tokens = (el.get("class") or "").split()
        level = next(
            (int(m.group(1)) for m in map(DEPTH_CLASS.match, tokens) if m is not None), 0
        )
        by_class.append(level)
        match = INDENT_STYLE.search(el.get("style") or "")
        by_style.append(int(match.group(1)) if match else 0)
        by_token.append(int(any(NESTED_TOKEN.search(t) for t in tokens)))
    for levels in (by_class, by_style, by_token):
        distinct = sorted(set(levels))
        if len(distinct) >= 2:
            rank = {v: i for i, v in enumerate(distinct)}
            return [rank[v] for v in levels]
    return None


def _own_id(el: etree._Element) -> str | None:
    """The number a block's id attribute ends in, else the empty anchor's right before it."""
    for attr in OWN_ID_ATTRS:
        value = el.get(attr)
        if value and number(value):
            return number(value)
    previous = _previous_element_or_anchor(el)
    if previous is not None:
        value = previous.get("name") or previous.get("id")
        if value and number(value):
            return number(value)
    return None


def _previous_element_or_anchor(el: etree._Element) -> etree._Element | None:
    """The element right before `el` where it is an empty anchor (`<a name="c12"></a>`)."""
    for sibling in el.itersiblings(preceding=True):
        if isinstance(sibling.tag, str):
            return sibling if EMPTY_ANCHOR(sibling) else None
    return None


def reply_reference(
    el: etree._Element, nested_set: Collection[etree._Element]
) -> tuple[etree._Element | None, str | None]:
    """The element of the block naming the comment it answers ("Response to <a href=
    '.../comment-permalink/123'>X, <date></a>"), and the number its link ends in: the answered
    comment's id. (None, None) where there is none."""
    if not _REPLY_HINT.search(text_content(el)):
        return None, None
    for node in own_elements(el, nested_set):
        raw = node.text_content()
        if len(raw) > RAW_TEXT_SLACK * REPLY_LINE_CHARS:
            continue
        line = collapse(raw)
        match = None
        if len(line) <= REPLY_LINE_CHARS:
            # "in reply to X" opening the line, or after the name and time of a byline
            # ("Bob · Dec 29, 2007 · in reply to <a href='#comment-12'>Jane</a>")
            match = REPLY_TO.match(line) or REPLY_TO_INLINE.search(line)
        if match is None or is_chrome(node) or any(
            a in nested_set or is_chrome(a) for a in ancestors_below(node, el)
        ):
            continue  # (a reply button's "Reply to this comment" is chrome)
        rest = match.group("rest")
        if not rest or REPLY_BUTTON_REST.match(rest):
            continue
        # the link the reference's words name, else its first
        links = [node] if node.tag == "a" else list(node.iterdescendants("a"))
        link = next((a for a in links if (name := collapse(a.text_content()))
                     and rest.startswith(name)), links[0] if links else None)
        linked = number(link.get("href") or "") if link is not None else None
        if linked:
            return node, linked
    return None, None


def number(value: str) -> str | None:
    """The last number in an id, an anchor's name or a permalink: a comment's id."""
    match = LAST_NUMBER.search(value)
    return match.group(1) if match else None
