"""Pages nested deeper than a parser follows, flattened so that none of their text is lost.

libxml2 (lxml's parser, and so Scrapy's) stops at 2,048 levels of nesting even with `huge_tree`,
and drops everything after that point: a page wrapped in 5,000 `<div>`s lost its post and its
comments. Browsers stop nesting too (Blink and WebKit at 512) but keep the text. A page whose tree
reaches `MAX_DEPTH` is read again from its markup with the nesting cut down: runs of bare wrappers
(a tag with no attributes holding straight away another of its kind, `<div><div><div>`: the way
such pages get that deep) below `WRAPPER_DEPTH` are unwrapped, so the elements inside keep their
shape; what still stands below `MAX_DEPTH` loses its tags, never its text. No real page comes
near: the corpus nests at most 60 deep, and its pages are never read again.
"""

from __future__ import annotations

import re

from lxml import etree

# a tree this deep is read again, flattened; no element is kept deeper
MAX_DEPTH = 256
# bare wrappers deeper than this are unwrapped when a page is flattened
WRAPPER_DEPTH = 64
# an element at depth MAX_DEPTH exists: a path of MAX_DEPTH steps down (one C walk, 0.3 ms)
_REACHES_MAX_DEPTH = etree.XPath("boolean(" + "/*" * MAX_DEPTH + ")")
# elements with no content and no end tag, which open no level
VOID_TAGS = frozenset(
    "area base basefont bgsound br col embed frame hr img input keygen link meta param source "
    "track wbr".split()
)
# what a start tag of its own kind closes when it is the element open at the time
SIBLING_CLOSED = frozenset("p li dt dd option tr td th".split())
# start tags that close an open paragraph
CLOSES_PARAGRAPH = frozenset(
    "address article aside blockquote details div dl fieldset figure footer form h1 h2 h3 h4 h5 "
    "h6 header hr main nav ol p pre section table ul".split()
)
# markup read as one token: comments, and elements whose content is not markup
_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<(script|style|textarea|title|xmp|iframe|noembed|noframes)\b[^>]*>.*?(?:</\1\s*>|\Z)"
    r"|<(/?)([a-zA-Z][^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>",
    re.S | re.I,
)
_NEXT_IS_TAG = re.compile(r"\s*<[a-zA-Z]")


def too_deep(root: etree._Element) -> bool:
    """Whether the tree nests `MAX_DEPTH` levels deep (and the parser may have given up)."""
    return bool(_REACHES_MAX_DEPTH(root))


def flattened(text: str) -> str:
    """`text` with the tags that nest it past `WRAPPER_DEPTH` (bare wrappers) and `MAX_DEPTH`
    (any) taken out, with their end tags; their content stays where it was."""
    out: list[str] = []
    written = 0
    opened: list[tuple[str, bool]] = []  # (tag, kept) of each element open, outermost first
    counts: dict[str, int] = {}  # how many of each tag are open
    depth = 0  # how many of the open elements are kept
    bare_end = None  # (tag, where it ended) of the last start tag, if it was a bare wrapper
    for token in _TOKEN.finditer(text):
        name = token.group(3)
        if name is None:
            continue  # a comment, a script: written as they are
        name = name.lower()
        if token.group(2):  # an end tag: closes the nearest element of its name, if one is open
            if not counts.get(name):
                continue
            while True:
                tag, kept = opened.pop()
                counts[tag] -= 1
                depth -= kept
                if tag == name:
                    break
            if not kept:
                out.append(text[written:token.start()])
                written = token.end()
            continue
        if name in VOID_TAGS:
            continue
        if opened and (
            (name in SIBLING_CLOSED and opened[-1][0] == name)
            or (name in CLOSES_PARAGRAPH and opened[-1][0] == "p")
        ):
            tag, kept = opened.pop()
            counts[tag] -= 1
            depth -= kept
        # a bare wrapper straight inside another of its kind is one of a run of them
        bare = not token.group(4).strip() and _NEXT_IS_TAG.match(text, token.end()) is not None
        in_run = (bare and bare_end is not None and name == bare_end[0]
                  and not text[bare_end[1]:token.start()].strip())
        bare_end = (name, token.end()) if bare else None
        kept = depth < MAX_DEPTH and not (in_run and depth >= WRAPPER_DEPTH)
        opened.append((name, kept))
        counts[name] = counts.get(name, 0) + 1
        depth += kept
        if not kept:
            out.append(text[written:token.start()])
            written = token.end()
    out.append(text[written:])
    return "".join(out)
