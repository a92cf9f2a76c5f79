"""One comment block read: its time, name, title and words, and whether it is a teaser.

A block is an element the finder takes for one comment (a list item, a `div` of a thread). Its
parts are found from the evidence any blog shows: the byline (`byline.py`: the time, the name,
and the small boxes around them, a header with a permalink, a forum's profile box) is left out
of the words with nested replies and reply / report / vote controls (`controls.py`); a heading
or an element named for a title at the top is the comment's title; a block that is only a
header takes its words from the elements after it. Whether a list of such blocks is a thread is
`lists.py`'s question.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field

from lxml import etree

from crawler.extractors.byline import (
    META_LINE_CHARS,
    META_REST_CHARS,
    NAME_INSIDE,
    author_element,
    date_element,
    element_of_line,
    quoted,
    time_element,
    titled_time,
)
from crawler.extractors.controls import CHROME_TAGS, is_chrome, is_chrome_line
from crawler.extractors.names import (
    AUTHOR_PREFIX,
    NAME_WORDS,
    SAYS,
    SENTENCE_END,
    URL_TOKEN,
    author_from_meta,
    author_from_says,
    clean_author,
    only_byline_words,
)
from crawler.extractors.nesting import reply_reference
from crawler.extractors.selectors import xpath
from crawler.extractors.text import (
    BLOCK_TAGS,
    HEADINGS,
    RAW_TEXT_SLACK,
    collapse,
    inner_html,
)
from crawler.extractors.timestamps import (
    DATE,
    ISO_WITH_OFFSET,
    MACHINE_TIME_ATTRS,
    PROFILE_DATE_LABEL,
    RELATIVE_OR_TIME_ONLY,
)
from crawler.extractors.tree import (
    ancestors_below,
    holders_of,
    is_inside,
    own_elements,
    previous_element,
)

# a block's elements with a machine-readable time (one of MACHINE_TIME_ATTRS)
BLOCK_MACHINE_TIMES = xpath(
    "(" + " | ".join(f".//*/@{attr}" for attr in MACHINE_TIME_ATTRS) + ")/.."
)
# the time and the words a block declares in microdata (`itemprop="dateCreated"`, `"text"`)
ITEMPROP_TIME = xpath(
    ".//*[@itemprop='dateCreated' or @itemprop='datePublished' or @itemprop='commentTime']"
)
ITEMPROP_TEXT = xpath(".//*[@itemprop='text' or @itemprop='commentText']")
# elements named for a comment's words: `.comment-content`, `.c_text`, BEM `.x__content`,
# a forum's `div.post`; the one chosen holds the most text and no byline (see `_body_element`)
COMMENT_BODY = xpath(
    ".//*[@class and re:test(@class,"
    " '(^|\\s)([\\w-]+[-_])?(content|text|txt|message|msg|body|entry|post|comment)(\\s|$)', 'i')]",
)
# a byline box (the date's or the name's container) holds at most this much text: a profile box
# with rank and post count, a header with the comment's number and a permalink
HEADER_CHARS = 200
# a block's links, read by the teaser and menu tests
LINKS = xpath(".//a[@href]")
# a headline linking to another page (a teaser); an anchor (in-page, or a permalink to a
# post of a thread) or a script link in a heading is a comment's own title
_AWAY = "@href and not(contains(@href,'#')) and not(starts-with(@href,'javascript'))"
HEADLINE_LINKS = xpath(
    ".//*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6]"
    f"[.//a[{_AWAY}] or ancestor::a[{_AWAY}]]"
)
# an element of a comment named for its title ("commentTitle", "comment-subject")
COMMENT_TITLE_CLASS = re.compile(r"title|subject", re.I)
# a block's headings and the elements whose class may name a title, in document order (found in
# C: testing every descendant of every candidate block in Python was a per-block walk)
TITLE_CANDIDATES = xpath(
    ".//*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6 or (@class and ("
    "contains(@class,'itle') or contains(@class,'ITLE') or contains(@class,'ubject')"
    " or contains(@class,'UBJECT')))]"
)
# a score or rating printed after a comment's title: "(0.00 / 0)", "(5 / 2)"
SCORE_SUFFIX = re.compile(r"\s*\(\s*[\d.,+-]+\s*/\s*[\d.,+-]+\s*\)\s*$")
# a link text this long (and no date) reads as a headline, not a name or a control
TEASER_LINK_CHARS = 20
# a block is a teaser where headline links (TEASER_LINK_CHARS or more) are this share of its
# words, a menu where links of any length are MENU_SHARE of them: a comment is mostly free text
TEASER_SHARE = 0.5
MENU_SHARE = 0.8
# a header block's words are in at most this many siblings after it
MAX_FOLLOWERS = 3
# pings listed with the comments: a block's class says so, or its words begin "Pingback:"
PING_KINDS = ("pingback", "trackback")
PING_LINE = re.compile(r"^\W*(pingback|trackback)\s*:", re.I)


@dataclass
class Block:
    """One comment block as analysed: its parts and the cues that score it."""

    element: etree._Element
    author: str | None = None
    author_url: str | None = None
    posted_raw: str | None = None
    body_text: str = ""
    body_html: str | None = None
    body_element: etree._Element | None = None
    teaser: bool = False
    title: str | None = None
    nested: list[etree._Element] = field(default_factory=list)
    # the id of the comment it answers, from the link of its reply reference
    reply_number: str | None = None
    # whether a good block needs a time (not in a comment region whose comments show none)
    dated: bool = True
    # the siblings after a header block that hold its words (see `followers_of`)
    followers: list[etree._Element] = field(default_factory=list)
    # the elements of its byline (time, name)
    byline: list[etree._Element] = field(default_factory=list)

    @property
    def good(self) -> bool:
        """A comment by the evidence: a time (where its list is dated), a name, words, and no
        teaser's headline."""
        return bool(
            (self.posted_raw or not self.dated) and self.author and self.words and not self.teaser
        )

    @property
    def words(self) -> str:
        """Its words, or its title where it has none: a reply stub (title, name, time, no body:
        the thread shows its words on another page) is a comment too."""
        return self.body_text or self.title or ""


def followers_of(
    el: etree._Element, member_set: Collection[etree._Element]
) -> list[etree._Element]:
    """The siblings after `el` up to the next block of the list (or a heading, a form, a box of
    replies): where a comment is a header (name, time) and its words in the element after it
    (`dt` + `dd`, a header table and a body table), those hold the words. Used only where `el`
    has none."""
    found: list[etree._Element] = []
    for sibling in el.itersiblings():
        if not isinstance(sibling.tag, str):
            continue
        if sibling in member_set or sibling.tag in HEADINGS or sibling.tag in CHROME_TAGS:
            break
        if any(d in member_set for d in sibling.iterdescendants()):
            break  # (a container of replies: the next block's)
        found.append(sibling)
        if len(found) >= MAX_FOLLOWERS:
            break
    return found


def analyse_block(
    el: etree._Element, nested: list[etree._Element], followers: Sequence[etree._Element] = ()
) -> Block:
    """A block's time, author, title and words, each from the evidence any blog shows.

    The byline (the time, the name, and the small boxes around them: a header with a permalink,
    a forum's profile box) is found first and left out of the words, with nested replies and
    reply / report / vote chrome; a heading at the top of the block that is no byline is the
    comment's title."""
    block = Block(element=el, nested=nested)
    nested_set = set(nested)

    # the elements of the block holding a nested reply: no part of this comment is one of them
    holders = holders_of(el, nested)

    def inside_nested(node: etree._Element) -> bool:
        return any(a in nested_set for a in ancestors_below(node, el)) if nested_set else False

    reference, block.reply_number = reply_reference(el, nested_set)

    # the time: a small element holding a date ("<span class=date>", "<b>Posted by X on
    # <date></b>"), else a short line with a date in the block's text, else a time of day alone
    # or an element named for the time
    date_el, date_match = date_element(el, nested_set, inside_nested)
    lines = _lines(el, lambda node: node in nested_set or is_chrome(node))
    meta_line = collapse(date_el.text_content()) if date_el is not None else None
    if date_el is None:
        for line in lines:
            match = DATE.search(line) if len(line) <= META_LINE_CHARS else None
            # a sentence that names a day ("... was sacked yesterday afternoon.") is no byline
            if match and len(line) - len(match.group(0)) > META_REST_CHARS and (
                SENTENCE_END.search(line)
            ):
                continue
            if match and not PROFILE_DATE_LABEL.search(line[: match.start()]):
                meta_line, date_match = line, match
                break
    machine = next(
        (m for m in BLOCK_MACHINE_TIMES(el) if not inside_nested(m) and m not in nested_set), None
    )
    declared = next(
        (m for m in ITEMPROP_TIME(el) if not inside_nested(m) and m.get("content")), None
    )
    if machine is None and declared is not None:  # <meta itemprop="dateCreated" content=...>
        block.posted_raw = declared.get("content").strip()
    if machine is not None:
        # (an attribute may be there and empty: `datetime=""`)
        value = next((machine.get(a) for a in MACHINE_TIME_ATTRS if machine.get(a)), "").strip()
        shown = DATE.search(collapse(machine.text_content()))
        if ISO_WITH_OFFSET.match(value):
            block.posted_raw = value
        elif shown:
            block.posted_raw = shown.group(0).strip()
        elif date_match is None:
            block.posted_raw = value
    if block.posted_raw is None and date_match is not None:
        block.posted_raw = date_match.group(0).strip(" ,-|@")
    shown_time = date_match.group(0) if date_match is not None else None
    if block.posted_raw is None and date_el is None and machine is None:
        date_el, block.posted_raw = time_element(el, nested_set, inside_nested)
        if date_el is not None:
            shown_time = block.posted_raw
            # "By Anonymous, at <a>1:53 PM</a>": the line around the time is the byline
            line = date_el.getparent()
            text = collapse(line.text_content()) if line is not None else ""
            meta_line = text if line is not el and len(text) <= META_LINE_CHARS else shown_time
    if date_el is not None and (
        block.posted_raw is None or RELATIVE_OR_TIME_ONLY.search(block.posted_raw)
    ):
        # "<span title='2020-02-05 04:39:12Z'>3 hours ago</span>": the tooltip has the time
        block.posted_raw = titled_time(date_el, el) or block.posted_raw

    block.author, author_el = author_element(el, inside_nested)
    if block.author is None and meta_line is not None and shown_time is not None:
        block.author = author_from_meta(meta_line, shown_time)
    if block.author is None:
        block.author, line = author_from_says(lines)
        if line is not None:
            author_el = element_of_line(el, line, nested_set)
    if block.author is None and date_el is not None:
        # the element before the time, where it reads as a name and not as a sentence
        previous = previous_element(date_el)
        if previous is not None and previous is not el:
            text = collapse(previous.text_content())
            if len(text.split()) <= NAME_WORDS and not SENTENCE_END.search(text):
                block.author = clean_author(text)
                author_el = previous if block.author else None
    byline = [x for x in (date_el, author_el, machine) if x is not None]
    body_el = _body_element(el, nested_set, byline, inside_nested, holders)
    if block.author is None:
        # a link or bold name before the words, where nothing names it
        block.author, author_el = _author_by_place(el, body_el, byline, nested_set, holders)
    if block.author is None and date_el is not None and shown_time is not None:
        # "Owen <span>1 Aug 2012</span>": the line around the time element is the byline
        around = date_el.getparent()
        line = collapse(around.text_content()) if around is not None else ""
        if around is not None and line != meta_line and len(line) <= META_LINE_CHARS:
            block.author = author_from_meta(line, shown_time)
            if block.author:
                author_el = element_of_line(el, block.author, nested_set)
    if author_el is not None:
        link = author_el if author_el.tag == "a" else next(iter(author_el.iter("a")), None)
        if link is not None and link.get("href", "").startswith("http"):
            block.author_url = link.get("href")

    byline = [x for x in (date_el, author_el, machine, reference) if x is not None]
    block.byline = byline
    header = _header(el, byline, body_el, nested_set, holders)
    title_el = _title_element(el, header, body_el, nested_set)
    if title_el is not None:
        block.title = comment_title(title_el)

    def skipped(node: etree._Element) -> bool:
        return node in nested_set or node in header or node is title_el or is_chrome(node)

    # the teaser test reads the title and the boxes around the byline: a teaser's headline
    # sits there, beside its section link and time
    byline_set = set(byline)

    def not_own(node: etree._Element) -> bool:
        return node in nested_set or node in byline_set or is_chrome(node)

    source = body_el if body_el is not None else el
    body_lines = _lines(source, skipped)
    kept = [
        line
        for line in body_lines
        if line == "" or not _is_meta_line(line, meta_line, block.author)
    ]
    block.body_text = _join(kept)
    block.body_element = body_el
    block.body_html = inner_html(source, skip=[c for c in source if skipped(c)]) or None
    if not block.body_text and followers and (block.author or block.posted_raw):
        # a header alone: its words are in the elements after it
        if block.author is None:  # the header's one other line is the name
            rest = [x for x in lines if x and x != meta_line]
            if len(rest) == 1 and len(rest[0].split()) <= NAME_WORDS:
                block.author = clean_author(rest[0])
        shown = [f for f in followers if not is_chrome(f)]
        words = [line for f in shown for line in (*_lines(f, is_chrome), "")]
        block.body_text = _join(
            [line for line in words if line == "" or not is_chrome_line(line)]
        )
        block.followers = shown
        block.body_html = "".join(
            inner_html(f, skip=[c for c in f if is_chrome(c)]) for f in shown
        ) or None
    block.teaser = _is_teaser(el, block, not_own)
    return block


def _author_by_place(
    el: etree._Element,
    body_el: etree._Element | None,
    byline: list[etree._Element],
    nested_set: Collection[etree._Element],
    holders: Collection[etree._Element],
) -> tuple[str | None, etree._Element | None]:
    """The first link or bold text of the block before its words that reads as a name (not a
    permalink, a reply button, a title or a date): where a comment system names its name
    element for nothing we know ("div.commentor-info"), the name still comes first."""
    words = body_el if body_el is not None else _longest_text(el, byline, nested_set, holders)
    for node in own_elements(el, nested_set, NAME_INSIDE):
        if words is not None and (node is words or is_inside(node, words)):
            return None, None
        if node in nested_set or is_chrome(node) or quoted(node, el):
            continue
        if any(a in nested_set or a.tag in HEADINGS or is_chrome(a)
               for a in ancestors_below(node, el)):
            continue
        if node.tag == "a" and (node.get("href") or "").startswith(("#", "javascript")):
            continue
        text = collapse(node.text_content())
        if not text or len(text.split()) > NAME_WORDS or SENTENCE_END.search(text):
            continue
        name = clean_author(text)
        if name:
            return name, node
    return None, None


def _header(
    el: etree._Element,
    byline: list[etree._Element],
    body_el: etree._Element | None,
    nested_set: Collection[etree._Element],
    holders: Collection[etree._Element],
) -> set[etree._Element]:
    """The byline elements and the small boxes holding them (a header with the comment's
    number and permalink, a profile box with rank and post count): never the comment's words.

    A box is climbed to while it holds at most HEADER_CHARS of text, and neither the body
    element nor the block's longest run of words nor a nested reply."""
    header = set(byline)
    if not byline:
        return header
    words = body_el if body_el is not None else _longest_text(el, byline, nested_set, holders)
    for node in byline:
        for ancestor in ancestors_below(node, el):
            if ancestor in header:
                break
            if words is not None and (ancestor is words or is_inside(words, ancestor)):
                break
            raw = ancestor.text_content()
            if len(raw) > RAW_TEXT_SLACK * HEADER_CHARS and len(collapse(raw)) > HEADER_CHARS:
                break
            if ancestor in holders:
                break
            header.add(ancestor)
    return header


def _longest_text(
    el: etree._Element,
    byline: list[etree._Element],
    nested_set: Collection[etree._Element],
    holders: Collection[etree._Element],
) -> etree._Element | None:
    """The block-level element of the block with the most text that holds no byline element
    and no nested reply: where its words are, when no element is named for them."""
    best, best_chars = None, 0
    excluded = holders_of(el, byline) | set(byline) | holders
    for node in own_elements(el, nested_set, BLOCK_TAGS):
        if node in excluded or is_chrome(node):
            continue
        chars = len(node.text_content())
        if chars > best_chars:
            best, best_chars = node, chars
    return best


def _title_element(
    el: etree._Element,
    header: Collection[etree._Element],
    body_el: etree._Element | None,
    nested_set: Collection[etree._Element],
) -> etree._Element | None:
    """A heading (or an element named for a title or subject) at the top of the block that is
    no byline: the comment's own title ("Re: ...", a subject line)."""
    for node in TITLE_CANDIDATES(el):
        if node.tag not in HEADINGS and not COMMENT_TITLE_CLASS.search(node.get("class") or ""):
            continue
        if node in header or node in nested_set or any(a in header for a in node.iterancestors()):
            continue
        if body_el is not None and (node is body_el or is_inside(node, body_el)):
            return None
        text = collapse(node.text_content())
        if node.tag not in HEADINGS and len(collapse(el.text_content())) <= len(text):
            return None  # a block that is only its "title": those are its words
        if text and len(text) <= META_LINE_CHARS and not DATE.search(text):
            return node
        return None
    return None


def comment_title(title_el: etree._Element) -> str:
    """A title element's words without a score shown after them ("Polls (0.00 / 0)")."""
    return SCORE_SUFFIX.sub("", collapse(title_el.text_content()))


def _lines(el: etree._Element, is_skipped: Callable[[etree._Element], bool]) -> list[str]:
    """Visible lines of `el` (source white space collapsed), "" between paragraphs."""
    parts: list[str] = []
    # (node, closing): a node is opened, its children are walked, then it is closed; from a
    # stack rather than by recursion, as a page may nest deeper than Python recurses
    stack: list[tuple[etree._Element, bool]] = [(el, False)]
    while stack:
        node, closing = stack.pop()
        top = node is el
        tag = node.tag if isinstance(node.tag, str) else None
        if closing:
            if tag in BLOCK_TAGS:
                parts.append("\n\n")
            elif tag in ("td", "th"):
                parts.append(" ")
        elif tag is None or (not top and is_skipped(node)):
            pass  # only its tail is text
        else:
            if tag == "br":
                parts.append("\n")
            elif tag in BLOCK_TAGS:
                parts.append("\n\n")
            if node.text:
                parts.append(node.text if tag == "pre" else _flat(node.text))
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(node))
            continue
        if node.tail and not top:
            parts.append(_flat(node.tail))
    lines: list[str] = []
    for raw in "".join(parts).split("\n"):
        line = collapse(raw)
        if line or (lines and lines[-1] != ""):
            lines.append(line)
    while lines and lines[-1] == "":
        lines.pop()
    return lines


def _flat(text: str) -> str:
    """Source line breaks as the spaces a browser shows them as."""
    return text.replace("\n", " ").replace("\r", " ")


def _join(lines: list[str]) -> str:
    """Lines as one text, at most one empty line between paragraphs."""
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _is_meta_line(line: str, meta_line: str | None, author: str | None) -> bool:
    """A line of the byline or the controls (the name, "X says:", "Posted by X on", the line
    holding the time), not of the comment's words."""
    if is_chrome_line(line):
        return True
    if author and len(line) <= META_LINE_CHARS:
        says = SAYS.match(line)
        if line == author or (says and says.group(1) == author):
            return True
        if line.endswith(":") and clean_author(line) == author:
            return True  # "Jana (mail):"
        if (author in line and AUTHOR_PREFIX.match(line)
                and only_byline_words(line.replace(author, " ", 1))):
            return True  # "Posted by: X on" whose time is an element of its own
    if line == meta_line:
        rest = DATE.sub("", line)
        if author:
            rest = rest.replace(author, "")
        return len(AUTHOR_PREFIX.sub("", rest).strip(" -|,:()@·•")) <= META_REST_CHARS
    return False


def _body_element(
    el: etree._Element,
    nested_set: Collection[etree._Element],
    byline: list[etree._Element],
    inside_nested: Callable[[etree._Element], bool],
    holders: Collection[etree._Element],
) -> etree._Element | None:
    """The block's own text element: the one microdata declares (`itemprop="text"`), else of the
    elements named for words (`.comment-content`, a forum's `div.post`) the one holding the most
    text and no byline element."""
    declared = next(
        (x for x in ITEMPROP_TEXT(el) if x not in nested_set and not inside_nested(x)), None
    )
    if declared is not None:
        return declared
    best, best_chars = None, 0
    for candidate in COMMENT_BODY(el):
        if candidate is el or candidate in nested_set or inside_nested(candidate):
            continue
        if any(x is candidate or is_inside(x, candidate) for x in byline):
            continue
        if candidate in holders:
            continue
        if is_chrome(candidate) or any(
            is_chrome(a) for a in ancestors_below(candidate, el)
        ):
            continue
        text = collapse(candidate.text_content())
        if text and len(text) > best_chars:
            best, best_chars = candidate, len(text)
    return best


def _is_teaser(el: etree._Element, block: Block, skipped: Callable[[etree._Element], bool]) -> bool:
    """A block whose words are mostly a headline link to another page (links in its byline,
    chrome, signature and nested replies do not count, nor a heading holding the byline: the
    commenter's name linking to their site)."""
    if not block.body_text:
        return False

    def counted(node: etree._Element) -> bool:
        return not skipped(node) and not any(skipped(a) for a in ancestors_below(node, el))

    for heading in HEADLINE_LINKS(el):
        if counted(heading) and not any(x is heading or is_inside(x, heading)
                                        for x in block.byline):
            return True
    linked = listed = 0
    for link in LINKS(el):
        href = link.get("href", "")
        # (an anchor, in the page or in a post of a thread, is a permalink)
        if "#" in href or href.startswith(("javascript", "mailto")) or not counted(link):
            continue
        text = collapse(link.text_content())
        # a web address written out is a reference in the words, not a headline
        if URL_TOKEN.match(text):
            continue
        listed += len(text)
        if len(text) >= TEASER_LINK_CHARS and not DATE.search(text):
            linked += len(text)
    words = len(collapse(block.body_text))
    # headlines to other pages, or words that are all links (a menu: "News", "Weather" ...)
    return linked >= TEASER_SHARE * words or listed >= MENU_SHARE * words


def entry_kind(block: Block) -> str:
    """"pingback" or "trackback" for a block its class or its words mark as one (another blog's
    link to the post, listed with the comments), else "comment"."""
    tokens = (block.element.get("class") or "").lower().split()
    for kind in PING_KINDS:
        if kind in tokens:
            return kind
    match = PING_LINE.match(block.body_text or "") or PING_LINE.match(block.author or "")
    return match.group(1).lower() if match else "comment"
