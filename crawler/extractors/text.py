"""Turning parsed elements into the text and HTML an archive keeps.

One walk per element, no re-parsing: block elements become paragraph breaks, `<br>` a line break,
everything else flows inline, and runs of white space collapse as a browser shows them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from html import escape

from lxml import etree

BLOCK_TAGS = frozenset(
    "address article aside blockquote dd details dialog div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody "
    "thead tfoot tr ul center".split()
)
# headings: a page's or a section's title, a count of a thread
HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
# elements that flow inside a line of text, never a block of their own
INLINE_TAGS = frozenset("a span em strong b i u abbr cite time small sup sub mark".split())
# leaves the walk gives a call of their own rather than writing them out in their parent's loop
_WALKED_APART = frozenset({"br", "td", "th", "pre"})
# the spaces a browser collapses are str.split()'s white space (tabs, no-break and typographic
# spaces among them) and the zero-width space, which str.split() keeps
ZERO_WIDTH_SPACE = "\u200b"
_BLANK_LINES = re.compile(r"\n\n\n+")  # two empty lines or more in a row
# raw text (before white space is collapsed) may run this many times a limit on the collapsed
RAW_TEXT_SLACK = 2


def collapse(text: str | None) -> str:
    """One line, single spaces: how a browser shows inline text."""
    if not text:
        return ""
    if ZERO_WIDTH_SPACE in text:  # a test instead of a regex pass: collapse runs ~750 times a page
        text = text.replace(ZERO_WIDTH_SPACE, " ")
    return " ".join(text.split())


def text_content(element: etree._Element) -> str:
    """All the text below `element` run together, as lxml.html's `text_content()` gives it.

    Both read libxml2's node content, but through the serializer rather than an XPath
    `string()` call: 4-5 times cheaper, and a leaf's own text costs nothing to fetch; extractors
    call this hundreds of times a page (every link, tip count and byline).
    """
    if not len(element):  # no children: its text is all of it
        return element.text or ""
    return etree.tostring(element, method="text", encoding="unicode", with_tail=False)


# what `field_lines` puts where two elements' texts meet with nothing between them
FIELD_BREAK = " | "


def field_lines(element: etree._Element) -> list[str]:
    """The lines of a short element (a byline), each collapsed, with a FIELD_BREAK where two
    elements' texts meet with no space between.

    A byline's fields are its elements, spaced by style rather than by text: read as text,
    `<a>Lucas Nolan</a><span>22 Dec 2016</span>` gives "Lucas Nolan22 Dec 2016", a name no
    pattern can end. A `<br>` or a block ends a line ("By X<br>Published ..."). A comment
    inside a word breaks nothing.
    """
    parts: list[str] = []
    glued = False  # the next text meets the last with no space (an element boundary between)

    def add(text: str | None, boundary: bool) -> None:
        nonlocal glued
        if not text:
            glued = glued or boundary
            return
        if (glued or boundary) and parts and not parts[-1][-1:].isspace() \
                and not text[0].isspace():
            parts.append(FIELD_BREAK)
        parts.append(text.replace("\n", " "))  # a source line break is a space
        glued = False

    # a stack, not recursion (a page may nest thousands deep); True: the element's end
    stack: list[tuple[etree._Element, bool]] = [(element, False)]
    while stack:
        el, ends = stack.pop()
        if ends:
            if el.tag in BLOCK_TAGS:
                parts.append("\n")
            add(el.tail, True)
        elif not isinstance(el.tag, str):  # a comment: only its tail is text, no boundary
            if el.tail:
                parts.append(el.tail.replace("\n", " "))
        else:
            if el is not element:
                if el.tag in BLOCK_TAGS or el.tag == "br":
                    parts.append("\n")
                stack.append((el, True))
            add(el.text, el is not element)
            stack.extend((child, False) for child in reversed(el))
    return [line for line in (collapse(part) for part in "".join(parts).split("\n")) if line]


def block_text(
    element: etree._Element,
    skip: Collection[etree._Element] | Callable[[etree._Element], bool] = (),
) -> str:
    """Visible text of `element`, paragraphs separated by a blank line.

    `skip` names sub-elements left out with their text (nested replies, widgets): a collection of
    elements or a predicate on an element.
    """
    is_skipped = skip if callable(skip) else skip.__contains__
    parts: list[str] = []
    _walk(element, parts, is_skipped)
    return _tidy("".join(parts))


def blocks_text(elements: Iterable[etree._Element], skip=()) -> str:
    """`block_text` of several sibling elements, joined as paragraphs."""
    texts = (block_text(el, skip) for el in elements)
    return "\n\n".join(t for t in texts if t)


def _walk(top, parts: list[str], is_skipped) -> None:
    # the hot loop of every extractor: source line breaks are spaces to a browser, except
    # inside `<pre>`, written out inline rather than through a helper. A stack of the elements
    # open (with their children still to write), not recursion: a page may nest its elements
    # thousands deep, past Python's recursion limit
    tag = top.tag
    if not isinstance(tag, str):  # a comment or processing instruction: no text of its own
        return
    if tag in BLOCK_TAGS:
        parts.append("\n\n")
    elif tag == "br":
        parts.append("\n")
    pre, inner_pre = False, tag == "pre"
    text = top.text
    if text:
        parts.append(text if inner_pre else text.replace("\n", " "))
    el, children, opened = top, iter(top), []
    while True:
        for child in children:
            ctag = child.tag
            if len(child) or ctag in _WALKED_APART or not isinstance(ctag, str):
                if isinstance(ctag, str) and not is_skipped(child):
                    # an element of its own: opened, its children written before what follows
                    opened.append((el, pre, inner_pre, children))
                    el, pre, children = child, inner_pre, iter(child)
                    if ctag in BLOCK_TAGS:
                        parts.append("\n\n")
                    elif ctag == "br":
                        parts.append("\n")
                    inner_pre = pre or ctag == "pre"
                    text = child.text
                    if text:
                        parts.append(text if inner_pre else text.replace("\n", " "))
                    break
                # comments, processing instructions, skipped elements: only their tail is text
                tail = child.tail
                if tail:
                    parts.append(tail if inner_pre else tail.replace("\n", " "))
                continue
            # a leaf (most elements: links, spans, emphasis, paragraphs of plain text) is written
            # here, its text unless skipped, then its tail: opening each cost more than it wrote
            if not is_skipped(child):
                child_block = ctag in BLOCK_TAGS
                if child_block:
                    parts.append("\n\n")
                child_text = child.text
                if child_text:
                    parts.append(child_text if inner_pre else child_text.replace("\n", " "))
                if child_block:
                    parts.append("\n\n")
            tail = child.tail
            if tail:
                parts.append(tail if inner_pre else tail.replace("\n", " "))
        else:
            # `el`'s children are written: close it, then on with its parent's
            tag = el.tag
            if tag in BLOCK_TAGS:
                parts.append("\n\n")
            elif tag == "td" or tag == "th":
                parts.append(" ")
            if not opened:  # the top element: its tail is not its text
                return
            tail = el.tail
            if tail:
                parts.append(tail if pre else tail.replace("\n", " "))
            el, pre, inner_pre, children = opened.pop()


def _tidy(text: str) -> str:
    # each line collapsed, runs of blank lines made one. The line-by-line pass is the costly
    # part, so the outer space and the runs of empty lines blocks leave are dropped first (the
    # end result drops them anyway) and a single line is collapsed whole: 1.5 -> 1.0 us a text
    if ZERO_WIDTH_SPACE in text:
        text = text.replace(ZERO_WIDTH_SPACE, " ")
    text = text.strip()
    if "\n\n\n" in text:
        text = _BLANK_LINES.sub("\n\n", text)
    if "\n" not in text:
        return " ".join(text.split())
    lines = [" ".join(line.split()) if line else line for line in text.split("\n")]
    text = "\n".join(lines)
    if "\n\n\n" in text:  # lines of spaces only, emptied
        text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()


def inner_html(
    element: etree._Element, skip: Collection[etree._Element] = ()
) -> str:
    """The HTML inside `element`, leaving out those of its direct children listed in `skip`."""
    parts = [escape(element.text) if element.text else ""]
    for child in element:
        if child in skip:
            if child.tail:
                parts.append(escape(child.tail))
            continue
        parts.append(etree.tostring(child, encoding="unicode", method="html", with_tail=True))
    return "".join(parts).strip()


def outer_html(elements: Iterable[etree._Element]) -> str:
    """HTML of several elements in a row (a body made of sibling paragraphs)."""
    return "".join(
        etree.tostring(el, encoding="unicode", method="html", with_tail=False) for el in elements
    ).strip()


def paths_from_depths(depths: Iterable[int]) -> list[str]:
    """Tree paths ("1", "1.1", "2") for comments listed in document order with their depth.

    A depth that jumps by more than one (markup that skips a level) is clamped to one below the
    previous comment, so every reply still has a parent.
    """
    counters: list[int] = []
    paths = []
    for depth in depths:
        depth = max(0, min(depth, len(counters)))
        del counters[depth + 1 :]
        if len(counters) == depth:
            counters.append(1)
        else:
            counters[depth] += 1
        paths.append(".".join(map(str, counters)))
    return paths
