"""Daily Kos diaries (and mirrors or archived copies of them) with their threaded discussion.

Markup signature: Daily Kos's stable *textual* signatures, whatever the tags around them --
comment headers ending in a tip count `(31+ / 0-)`, bylines
`by NAME on Mon Mar 31, 2008 at 09:53:46 AM PDT`, `Recommended by:` lists, `[ Parent ]` links,
and under the diary `Originally posted to NAME on Mon Mar 31, 2008 at 09:51 AM PDT.`; the
Scoop-era/DK4 class names (`story-intro`, `story-body`, `cx` comments with ids `c123`, `cs`
signatures) are used when present but never needed. The host (dailykos.com) is a second hint only.

How the thread is read (one pass, any markup): every comment starts at a header block holding a
tip count; a comment's own content is everything after its header, in document order, up to the
next header (so nested replies, wherever the markup puts them, are never part of the body) and
never past the element that holds the comment alone. That content is cut into units (block
elements, or lines of loose inline text) which are classified by text: recommenders, byline,
`[ Parent ]`, actions; the unit just before the byline is the signature when it is set apart
(its own signature element, or a block of another kind than the body's). Nesting comes from the
depth of each header in the tree (nested lists, blockquotes or divs alike); flat markup falls
back on the `[ Parent ]` links.

Checked on: `shared/reference/diary-with-comments.txt` (the 2008 diary "Originally posted to
Mercutio", 31 comments, gold `corpus/gold/reference/diary-with-comments.json`) as rebuilt in
`tests/fixtures/dailykos/`, plus the other fixtures there (a class-less archived copy, a deeper
Scoop-era thread). No Daily Kos page is in the corpus.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape
from itertools import combinations
from urllib.parse import urlsplit

from lxml import etree

from crawler.extractors import metadata
from crawler.extractors.chrome import DAILYKOS_CHROME
from crawler.extractors.page import Page
from crawler.extractors.selectors import class_token, has_class, with_class, xpath
from crawler.extractors.text import (
    BLOCK_TAGS,
    block_text,
    collapse,
    paths_from_depths,
    text_content,
)
from crawler.extractors.tree import is_inside
from crawler.items import Comment, Post

NAME = "dailykos"



# --- selectors, most specific first -------------------------------------------------------------
DETECT = (
    xpath("//meta[@property='og:site_name' or @name='application-name']"
        "[contains(translate(@content,'DAILYKOS','dailykos'),'daily kos')]"),
)
# text nodes that may hold (part of) a tip count "(31+ / 0-)", the diary's "Originally posted
# to" and "republished by" lines, a "Tags" label
TIP_MARK, ORIGINAL_MARK, REPUBLISHED_MARK, TAGS_MARK = (
    "+", "Originally posted to", "republished by", "Tags"
)
TIP_TEXT = xpath(f"//body//text()[contains(., '{TIP_MARK}')]")
ORIGINALLY_POSTED = xpath(f"//body//text()[contains(., '{ORIGINAL_MARK}')]")
MARK_TESTS = {  # on a text node
    TIP_MARK: f"contains(., '{TIP_MARK}')",
    ORIGINAL_MARK: f"contains(., '{ORIGINAL_MARK}')",
    REPUBLISHED_MARK: f"contains(., '{REPUBLISHED_MARK}')",
    TAGS_MARK: f"starts-with(normalize-space(.), '{TAGS_MARK}')",
}
# all of them in one look over the page's text, sorted out by `_Marked`: a path for each set of
# marks, so that a mark missing from the whole page's text costs no test of every text node
# (about 0.3 ms a page each; "republished by" is missing from most diaries)
MARKED_TEXT = {
    marks: xpath("//body//text()[" + " or ".join(MARK_TESTS[mark] for mark in marks) + "]")
    for count in range(1, len(MARK_TESTS) + 1)
    for marks in combinations(MARK_TESTS, count)
}
XML_SPACE = " \t\r\n"  # what XPath's normalize-space() strips
TITLE = (
    xpath(with_class("story-title", "diary-title")),
    xpath("//*[@id='story']//*[self::h1 or self::h2][1]"),
    xpath("//*[@itemprop='headline']"),
)
BODY = (
    xpath(with_class("story-intro", "story-body", "story-extended")),
    xpath("//*[@id='story']//*[@id='intro' or @id='body' or @id='extended']"),
    xpath("//*[@itemprop='articleBody']"),
)
TAGS = (
    xpath(with_class("story-tags", "tags") + "//a"),
    xpath("//a[@rel='tag']"),
)
# where the thread lives, to bound the last comment of a one-comment thread
COMMENTS = (xpath("//*[@id='comments']"), xpath(f"//*[{has_class('comments')}]"))
# the elements with a class token cs, sig or signature, or a class holding comment-sig: tried on
# class attributes only, and the token tests only where "cs" or "sig" occurs at all (every name
# holds one), which made this check, run on every element of every comment, 2-4 times cheaper
COMMENT_SIGNATURE = xpath(
    "descendant-or-self::*/@class[(contains(.,'cs') or contains(.,'sig')) and ("
    f"{class_token('cs', '.')} or {class_token('sig', '.')} or {class_token('signature', '.')}"
    " or contains(.,'comment-sig'))]/.."
)
_LINKS, _TIMES = ".//a[@href] | self::a[@href]", ".//time[@datetime] | .//abbr[@title]"
COMMENT_LINKS = xpath(_LINKS)
# a byline's links and times in one look (told apart by tag): a look costs more than its finds
BYLINE_LINKS_AND_TIMES = xpath(f"{_LINKS} | {_TIMES}")
COMMENT_ANCHORS = xpath(".//a[@name or @id]")
# what never belongs to a diary's body: dialogs, forms, navigation, hidden widgets
_CHROME_TEST = (
    "self::form or self::nav or self::button or self::select or self::textarea or self::input"
    " or @role='dialog' or @role='navigation' or @aria-hidden='true'"
    f" or {has_class('dialog')} or {has_class('modal')} or {has_class('skip-link')}"
)
CHROME_INSIDE = xpath(f"descendant::*[{_CHROME_TEST}]")
# the same elements over a whole page: a path per clause, which libxml2 runs far faster than the
# one predicate tried on every element
CHROME = xpath(
    "//form | //nav | //button | //select | //textarea | //input"
    " | //@role[.='dialog' or .='navigation']/.. | //@aria-hidden[.='true']/.."
    f" | {with_class('dialog', 'modal', 'skip-link')}"
)

# --- textual signatures --------------------------------------------------------------------------
TIPS = re.compile(r"\(\s*\d+\s*\+\s*/\s*\d+\s*-\s*\)")
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s+[A-Z]{2,5}\b)?"
DATE = (
    r"(?:(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s+)?"
    rf"(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}})"
    rf"(?:,?\s+(?:at\s+)?{_TIME})?"
    r"|\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?)"
)
BYLINE = re.compile(
    rf"^(?:posted\s+)?by\s+(?P<author>.+?)\s+on\s+(?P<time>{DATE})(?P<rest>.*)$", re.I
)
ORIGINAL = re.compile(
    rf"Originally posted to\s+(?P<who>.+?)\s+on\s+(?P<time>{DATE})\.?", re.I
)
POST_META = re.compile(r"^\s*(?:Originally posted to\s|Also republished by\s|Tags\s*:)", re.I)
TAGS_LINE = re.compile(r"^Tags\s*(?::\s*|$)", re.I)
ALSO_REPUBLISHED = re.compile(r"(?:Also\s+)?republished by\s+(?P<groups>.+?)\.?$", re.I)
BYLINE_SHORT = re.compile(r"^by\s+\S[^.!?]{0,60}$", re.I)
HEADINGS = ("h1", "h2", "h3")
RECOMMENDED = re.compile(r"^Recommended by\s*:?\s*(?P<names>.*)$", re.I)
PARENT = re.compile(r"^\[?\s*Parent\s*\]?$", re.I)
PARENT_WORD = "parent"  # in any text PARENT matches, lower-cased
# a unit made only of comment tools ("[ Parent ]", "Reply", "Hide | Flag") is no one's words
ACTIONS = re.compile(
    r"^(?:[\[\]|·•]|\s|parent|reply(?: to this)?|hide|flag|report|recommend|rec|tip|quote|"
    r"permalink|link|new|edit|delete)*$",
    re.I,
)
# a line of UI chrome, by how it opens
CHROME_TEXT = re.compile("^(?:" + "|".join(line.opening for line in DAILYKOS_CHROME) + ")", re.I)
SOURCE_ID = re.compile(r"^(?:c|cm|cx|comment|comments)[-_]?(\d+)$", re.I)
HREF_ID = re.compile(r"#(?:c|comment)[-_]?(\d+)$", re.I)
HAS_OFFSET = re.compile(r"(?:Z|[+-]\d{2}:?\d{2})$")
SITE_NAME = re.compile(r"^\s*daily\s*kos\s*(?:[:|–—-]\s*)?|\s*(?:[:|–—-]\s*)?daily\s*kos\s*$", re.I)
HEADER_MAX_CHARS = 300  # a title longer than this before a tip count is quoted text
# labels only a Daily Kos thread shows: the parent link and the recommenders' line
THREAD_CUES = ("[ Parent ]", "Recommended by:")
GROUP_PATH = "/group"  # in a link: the diary was posted to a group, not by a person
# "Originally posted to" lines looked at: the diary's own is among the first
ORIGINAL_LINES_READ = 3
# a diary's body upwards from its first line: enough text to stop at, without a heading
BODY_MIN_CHARS = 80
# a tip count's element is inline and short: a longer text is a block holding more than it
TIPS_ELEMENT_MAX_CHARS = 40
# times a byline block is opened up: body, signature and byline nest no deeper
EXPLODE_ROUNDS = 3
# tags whose contents are headers/blocks for our purposes beyond text.BLOCK_TAGS
BLOCKS = BLOCK_TAGS | {"td", "th", "body", "html"}
HOSTS = ("dailykos.com",)
THREAD_BYLINE = re.compile(rf"\bby\s+\S.{{0,80}}?\s+on\s+{DATE}")  # anywhere in a page's text
GROUP_SEPARATORS = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
NAME_SEPARATORS = re.compile(r"\s*,\s*")
NAME_LIST_FILLER = re.compile(r"[\s,;]|\band\b")  # what a list of names holds besides them
DIGITS = re.compile(r"\d+")
HTML_LINE_BREAKS = re.compile(r"\s*\n\s*")
# a web-archive address ending in the original one: /web/20080415093012/http://www.dailykos.com/
ARCHIVED_URL = re.compile(r"/https?:/+([^/]+)/", re.I)


# --- detection -----------------------------------------------------------------------------------
def detect(page: Page) -> bool:
    """DK markup, or tip-count headers with a byline / "[ Parent ]" / "Originally posted to";
    the dailykos.com host only as a second hint."""
    tree = page.tree
    if any(selector(tree) for selector in DETECT):
        return True
    # tip counts first: a page without them (most pages) needs no look for the other cues
    tips = any(TIPS.search(node) or _tips_element(node) is not None for node in TIP_TEXT(tree))
    if tips and (_originally_posted_line(tree) or _has_thread_signature(tree)):
        return True
    return _host_is_dailykos(page)


def _originally_posted_line(tree) -> bool:
    return any(
        ORIGINAL.search(collapse(text_content(_owner(node))))
        for node in ORIGINALLY_POSTED(tree)[:ORIGINAL_LINES_READ]
    )


def _has_thread_signature(tree) -> bool:
    text = tree.find("body")
    sample = collapse(text_content(text) if text is not None else "")
    return any(cue in sample for cue in THREAD_CUES) or bool(THREAD_BYLINE.search(sample))


def _host_is_dailykos(page: Page) -> bool:
    """The page's host, or the address an archive copy was taken from, is Daily Kos's."""
    url = page.url or ""
    host = urlsplit(url).hostname or ""
    if any(host == h or host.endswith("." + h) for h in HOSTS):
        return True
    archived = ARCHIVED_URL.search(urlsplit(url).path)
    return bool(archived) and any(archived.group(1).endswith(h) for h in HOSTS)


# --- extraction ----------------------------------------------------------------------------------
def extract(page: Page) -> tuple[Post, list[Comment]]:
    chrome = _Chrome(page.tree)
    marked = _Marked(page.tree)
    headers = _headers(marked.tips)
    comments = _comments(page, headers, chrome)
    thread_start = headers[0].block if headers else None
    post = _post(page, thread_start, chrome, marked)
    return post, comments


class _Marked:
    """The page's text nodes holding each of the marks the extraction looks for, in document
    order, from one look over the page's text."""

    __slots__ = ("tips", "original", "republished", "tags")

    def __init__(self, tree):
        page_text = etree.tostring(tree, method="text", encoding="unicode")  # all of it: 0.04 ms
        marks = tuple(mark for mark in MARK_TESTS if mark in page_text)
        nodes = MARKED_TEXT[marks](tree) if marks else []
        self.tips = [n for n in nodes if TIP_MARK in n]
        self.original = [n for n in nodes if ORIGINAL_MARK in n]
        self.republished = [n for n in nodes if REPUBLISHED_MARK in n]
        self.tags = [n for n in nodes if n.lstrip(XML_SPACE).startswith(TAGS_MARK)]


class _Chrome:
    """The page's chrome elements, found by one look over the page rather than one per element
    of every text walked; called on an element, whether it is one of them."""

    __slots__ = ("els", "holders")

    def __init__(self, tree):
        self.els = set(CHROME(tree))  # elements hash by identity, and the set keeps them alive
        self.holders = {a for el in self.els for a in el.iterancestors()}

    def __call__(self, el) -> bool:
        return el in self.els

    def inside(self, el) -> list:
        """The chrome elements below `el`, in document order."""
        return CHROME_INSIDE(el) if el in self.holders else []

    def around(self, el) -> bool:
        """Whether `el` is chrome or inside chrome."""
        return el in self.els or any(a in self.els for a in el.iterancestors())


# ---- the post ----
def _post(page: Page, thread_start, chrome: _Chrome, marked: _Marked) -> Post:
    tree = page.tree
    original_el, who, published, author_url = _originally_posted(marked.original)
    groups = _groups(marked.republished)
    author = None
    if who is not None:
        if author_url and GROUP_PATH in author_url:
            groups.insert(0, who)
        else:
            author = who
    body_els, heading = _body_elements(tree, original_el, thread_start, chrome)
    texts = (_clean_block(el, chrome.els) for el in body_els)
    body_text = "\n\n".join(t for t in texts if t) or None
    dropped = {id(c): c for el in body_els for c in chrome.inside(el)}
    body_html = "".join(_html(el, dropped) for el in body_els) or None
    title = _title(page, heading)
    return Post(
        url=page.url or "",
        canonical_url=page.canonical_url,
        site=page.site,
        platform=NAME,
        title=title,
        author=author or metadata.author(page),
        published_raw=published or metadata.published(page),
        body_text=body_text,
        body_html=body_html,
        tags=_tags(page, chrome, marked.tags),
        groups=list(dict.fromkeys(groups)),
    )


def _originally_posted(nodes):
    """(element, who, time, href of who) of "Originally posted to NAME on DATE."."""
    for node in nodes:
        el = _block_of(_owner(node))
        found = ORIGINAL.search(collapse(text_content(el)))
        if not found:
            continue
        who = found.group("who")
        href = None
        for link in COMMENT_LINKS(el):
            if collapse(text_content(link)) == who:
                href = link.get("href")
                break
        return el, who, found.group("time"), href
    return None, None, None, None


def _groups(nodes) -> list[str]:
    for node in nodes:
        el = _block_of(_owner(node))
        text = collapse(text_content(el))
        found = ALSO_REPUBLISHED.search(text)
        if not found:
            continue
        names = [collapse(text_content(a)) for a in COMMENT_LINKS(el)]
        names = [n for n in names if n and n in found.group("groups")]
        if not names:
            names = GROUP_SEPARATORS.split(found.group("groups"))
        return [n.strip(" .") for n in names if n.strip(" .")]
    return []


def _tags(page: Page, chrome: _Chrome, labels) -> list[str]:
    """A "Tags:" list (its links, else its comma-separated text), DK tag boxes, meta keywords."""
    tree = page.tree
    found: list[str] = []
    for node in labels:
        el = _owner(node)
        label = collapse(node)
        if not TAGS_LINE.match(label) or el.tag == "a" or chrome.around(el):
            continue
        block = _block_of(el)
        links = COMMENT_LINKS(block)
        if not links and collapse(text_content(block)) == label:
            # a "Tags" heading: the list follows it
            following = block.getnext()
            links = COMMENT_LINKS(following) if following is not None else []
        found = [collapse(text_content(a)) for a in links]
        if not found:
            found = TAGS_LINE.sub("", collapse(text_content(block))).split(",")
        break
    if not found:
        for selector in TAGS:
            found = [collapse(text_content(a)) for a in selector(tree) if not chrome.around(a)]
            if found:
                break
    tags = [t.strip() for t in found if t.strip()] or metadata.tags(page)
    return list(dict.fromkeys(tags))


def _title(page: Page, heading) -> str | None:
    for selector in TITLE:
        for el in selector(page.tree):
            text = collapse(text_content(el))
            if text:
                return text
    if heading is not None:
        return collapse(text_content(heading)) or None
    value = page.meta("og:title", "twitter:title")
    if value is None:
        titles = page.tree.xpath("//title")
        value = titles[0].text_content() if titles else None
    value = SITE_NAME.sub("", collapse(value)) if value else ""
    return value or None


def _body_elements(tree, original_el, thread_start, chrome: _Chrome):
    """The diary's own blocks and the heading above them (None when DK containers are used).

    DK's story containers first; else the blocks just before "Originally posted to", gathered
    upwards from that line until a heading or enough text, chrome left out.
    """
    for selector in BODY:
        els = _outermost(selector(tree))
        if thread_start is not None:
            els = [el for el in els if not is_inside(thread_start, el)]
        if els:
            return els, None
    if original_el is None:
        return [], None
    collected: list = []
    heading = None
    cur = original_el
    while cur.getparent() is not None and cur.tag not in ("body", "html"):
        level = []
        for sib in cur.itersiblings(preceding=True):
            if not isinstance(sib.tag, str):
                continue
            if sib.tag in HEADINGS:
                heading = sib
                break
            if chrome(sib) or _is_chrome_text(collapse(text_content(sib))):
                continue
            if BYLINE_SHORT.match(collapse(text_content(sib))):
                continue  # the diary's own "by NAME" line
            level.append(sib)
        collected = list(reversed(level)) + collected
        chars = sum(len(collapse(text_content(e))) for e in collected) if heading is None else 0
        if heading is not None or chars >= BODY_MIN_CHARS:
            break
        cur = cur.getparent()
    return collected, heading


def _outermost(els: list) -> list:
    ids = {id(el) for el in els}
    return [el for el in els if not any(id(a) in ids for a in el.iterancestors())]


def _is_chrome_text(text: str) -> bool:
    return bool(CHROME_TEXT.match(text))


def _clean_block(el, skip) -> str:
    """block_text without lines of DK chrome or of the diary's own metadata."""
    text = block_text(el, skip=skip)
    lines = [
        line for line in text.split("\n")
        if not (_is_chrome_text(line) or POST_META.match(line))
    ]
    return "\n".join(lines).strip()


# ---- comment headers ----
class _Header:
    """A comment's header: the block holding its tip count, where its content starts."""

    __slots__ = ("block", "tips", "tips_el", "start", "title")

    def __init__(self, block, tips, tips_el, start, title):
        self.block = block
        self.tips = tips
        self.tips_el = tips_el
        self.start = start  # (container, child index): the content begins there
        self.title = title


def _owner(node):
    """The element a text node belongs to (a tail belongs to its element's parent)."""
    parent = node.getparent()
    if getattr(node, "is_tail", False) and parent is not None:
        return parent.getparent() if parent.getparent() is not None else parent
    return parent


def _block_of(el):
    while el is not None and el.tag not in BLOCKS:
        parent = el.getparent()
        if parent is None:
            break
        el = parent
    return el


def _tips_element(node):
    """The smallest inline element whose text is a whole tip count (split spans allowed)."""
    el = _owner(node)
    while el is not None:
        text = collapse(text_content(el))
        if TIPS.search(text):
            return el
        if el.tag in BLOCKS or len(text) > TIPS_ELEMENT_MAX_CHARS:
            return None
        el = el.getparent()
    return None


def _headers(tip_nodes) -> list[_Header]:
    found: list[_Header] = []
    # id -> element: holding the elements keeps lxml's proxies (and so their ids) alive
    seen_blocks: dict[int, object] = {}
    seen_tips: dict[int, object] = {}
    for node in tip_nodes:
        el = _tips_element(node)
        if el is None or id(el) in seen_tips:
            continue
        seen_tips[id(el)] = el
        header = _header_for(el)
        if header is None or id(header.block) in seen_blocks:
            continue
        seen_blocks[id(header.block)] = header.block
        found.append(header)
    return found


def _header_for(tips_el):
    """Header of a comment whose tip count is `tips_el`, or None for a tip count quoted in text.

    The header is the line (up to a `<br>` or a block) of the first block holding the count:
    a title before the count, nothing but tools ("Reply", "Hide") after it.
    """
    block = _block_of(tips_el)
    if block is None or block.tag in ("body", "html"):
        return None
    anchor = tips_el if tips_el is not block else None  # the child of `block` holding the count
    while anchor is not None and anchor.getparent() is not block:
        anchor = anchor.getparent()
    line = [block.text or ""]
    start = 0 if anchor is None and TIPS.search(collapse(block.text)) else None
    for i, child in enumerate(block):
        tag = child.tag
        if not isinstance(tag, str) or tag == "br" or tag in BLOCKS:
            if start is not None:
                break
            line = [child.tail or ""]  # the count is on a later line
            continue
        line.append(text_content(child))  # an inline element
        line.append(child.tail or "")
        if start is None and (
            child is anchor or (anchor is None and TIPS.search(collapse("".join(line))))
        ):
            start = i + 1
    line_text = collapse("".join(line))
    found = TIPS.search(line_text)
    if not found or start is None or len(found.string[: found.start()]) > HEADER_MAX_CHARS:
        return None
    if not ACTIONS.match(line_text[found.end():].strip()):
        return None  # the count is quoted inside a sentence
    title = line_text[: found.start()].strip(" •·|-–—:")
    tips = "({}+ / {}-)".format(*DIGITS.findall(found.group(0)))
    return _Header(block, tips, tips_el, (block, start), title)


# ---- comments ----
class _Unit:
    """A piece of a comment's content: one block element, or one line of inline text."""

    __slots__ = ("els", "strings", "text", "block", "kind", "after_hr", "linebreak")

    def __init__(self, after_hr: bool, breaks: int):
        self.els: list = []  # elements and strings, in order
        self.strings: list[str] = []
        self.text = ""
        self.block = ""  # a block element's paragraphs (chrome left out), walked once
        self.kind = None
        self.after_hr = after_hr
        self.linebreak = breaks == 1  # separated from the unit before by a single <br>


def _comments(page: Page, headers: list[_Header], chrome: _Chrome) -> list[Comment]:
    if not headers:
        return []
    blocks = {id(h.block): h for h in headers}
    first_of: dict[int, int] = {}  # id(element) -> index of the first header it holds
    tree_depth: dict[int, int] = {}  # id(element) -> how many ancestors it has
    keep = []  # keep the proxies alive while ids are used
    for i, h in enumerate(headers):
        # up to the first element an earlier header went through: it and all above it are known
        chain = []
        el = h.block
        while el is not None and id(el) not in first_of:
            chain.append(el)
            el = el.getparent()
        depth = tree_depth[id(el)] + 1 if el is not None else 0
        for el in reversed(chain):
            keep.append(el)
            first_of[id(el)] = i
            tree_depth[id(el)] = depth
            depth += 1
    header_depths = [tree_depth[id(h.block)] for h in headers]
    thread_root = _thread_root(page, headers)
    comments: list[Comment] = []
    depths: list[int] = []
    parent_refs: list[str | None] = []
    stack: list[tuple[int, int]] = []  # (tree depth, comment depth)
    for i, (h, depth) in enumerate(zip(headers, header_depths, strict=True)):
        boundary = _boundary(h, i, first_of, thread_root)
        page.comment_elements.append(h.block)
        pieces = _content_pieces(h, blocks, first_of, boundary)  # its keys hold a header
        units = _units(pieces, chrome)
        comment, parent_ref = _comment_from(h, units, _source_id(h, first_of, i), chrome)
        comments.append(comment)
        parent_refs.append(parent_ref)
        while stack and stack[-1][0] >= depth:
            stack.pop()
        depths.append(len(stack))
        stack.append((depth, len(stack)))
    if len(set(header_depths)) == 1 and any(parent_refs):
        paths = _paths_from_parents(comments, parent_refs)
    else:
        paths = paths_from_depths(depths)
    by_path = {}
    for comment, path in zip(comments, paths, strict=True):
        comment.path = path
        by_path[path] = comment
    for comment, ref in zip(comments, parent_refs, strict=True):
        parent = by_path.get(comment.parent_path) if comment.parent_path else None
        if parent is not None and parent.source_id:
            comment.parent_source_id = parent.source_id
        elif parent is None and ref and ref != comment.source_id:
            # a reply to a comment on another page of the thread ("show more" pages): its
            # "[ Parent ]" link names it, and the thread's pages are joined on that id
            comment.parent_source_id = ref
    return comments


def _thread_root(page: Page, headers):
    if len(headers) > 1:
        return None
    for selector in COMMENTS:
        for el in selector(page.tree):
            if is_inside(headers[0].block, el):
                return el
    return headers[0].block.getparent()


def _boundary(h: _Header, i: int, first_of, thread_root):
    """The highest element whose first header is this one: the comment never reaches past it."""
    el = h.block
    for parent in h.block.iterancestors():
        if first_of.get(id(parent)) != i:
            break
        el = parent
        if parent is thread_root:
            break
    return el


def _content_pieces(h: _Header, blocks, holders, boundary) -> list:
    """Elements and loose strings after the header, up to the next header, inside `boundary`."""
    pieces: list = []
    node, index = h.start
    following = node[index:]  # a slice makes proxies of the children taken only
    while True:
        for child in following:
            if id(child) in blocks:
                return pieces
            if id(child) in holders:
                # a later header is inside: take what precedes it, then stop
                _descend(child, blocks, holders, pieces)
                return pieces
            pieces.append(child)
            tail = child.tail
            if tail and tail.strip():
                pieces.append(tail)
        parent = node.getparent()
        if node is boundary or parent is None:
            return pieces
        tail = node.tail
        if tail and tail.strip():
            pieces.append(tail)
        following = node.itersiblings()  # what follows `node` in its parent, with no index()
        node = parent


def _descend(el, blocks, holders, pieces) -> None:
    """The pieces of `el` before the next header, going down into the child holding it (a
    loop: the holders of a header nest as deep as the page does)."""
    while True:
        text = el.text
        if text and text.strip():
            pieces.append(text)
        for child in el:
            if id(child) in blocks:
                return
            if id(child) in holders:
                el = child
                break
            pieces.append(child)
            tail = child.tail
            if tail and tail.strip():
                pieces.append(tail)
        else:
            return


def _units(pieces: Iterable, chrome: _Chrome) -> list[_Unit]:
    units: list[_Unit] = []
    line: _Unit | None = None
    after_hr = False
    breaks = 0

    def flush():
        nonlocal line
        if line is not None:
            line.text = collapse("".join(line.strings))
            if line.text:
                line.kind = line.els[0].tag if (
                    len(line.els) == 1 and not isinstance(line.els[0], str)
                ) else "#inline"
                units.append(line)
        line = None

    for piece in pieces:
        if isinstance(piece, str):
            if line is None:
                line = _Unit(after_hr, breaks)
                after_hr, breaks = False, 0
            line.els.append(piece)
            line.strings.append(piece)
            continue
        tag = piece.tag  # lxml builds a new string at each read: once
        if not isinstance(tag, str):
            continue
        if tag == "br":
            flush()
            breaks += 1
            continue
        if tag == "hr":
            flush()
            after_hr = True
            continue
        if tag in BLOCKS:
            flush()
            unit = _Unit(after_hr, 0)
            after_hr, breaks = False, 0
            unit.els.append(piece)
            unit.block = block_text(piece, skip=chrome.els)
            unit.text = " ".join(unit.block.split())  # collapse(): only line breaks are left
            unit.kind = (tag, piece.get("class"), _sole_inline(piece))
            if unit.text or unit.els:
                units.append(unit)
            continue
        if line is None:
            line = _Unit(after_hr, breaks)
            after_hr, breaks = False, 0
        line.els.append(piece)
        line.strings.append(text_content(piece))
    flush()
    return [u for u in units if u.text]


def _sole_inline(el) -> str | None:
    """`i` for `<p><i>whole text</i></p>`: a block dressed differently from plain paragraphs."""
    if (el.text or "").strip():
        return None
    only = only_tag = None
    for child in el:
        tag = child.tag
        if isinstance(tag, str):
            if only is not None:
                return None  # a second element child: not dressed as a whole
            only, only_tag = child, tag
    if only is None or only_tag in BLOCKS:
        return None
    return None if (only.tail or "").strip() else only_tag


def _comment_from(
    h: _Header, units: list[_Unit], source_id, chrome: _Chrome
) -> tuple[Comment, str | None]:
    units = _explode(units, chrome)
    recommenders: list[str] = []
    has_recommenders = expect_names = False
    byline = None  # (unit, match)
    parent_ref = None
    before: list[_Unit] = []  # content units before the byline
    after: list[_Unit] = []  # and after it
    for unit in units:
        text = unit.text
        rec = RECOMMENDED.match(text)
        if rec and not has_recommenders:
            has_recommenders = True
            recommenders = _names(unit, rec.group("names"))
            expect_names = not recommenders and unit.kind == "#inline"
            continue
        if expect_names:
            expect_names = False
            if _only_links(unit):  # "Recommended by:<br><a>x</a>, <a>y</a>"
                recommenders = _names(unit, text)
                continue
        found = BYLINE.match(text)
        if found and byline is None and _is_tools(found.group("rest")):
            byline = (unit, found)
            parent_ref = parent_ref or _parent_ref(unit)
            continue
        if PARENT.match(text) or ACTIONS.match(text):
            parent_ref = parent_ref or _parent_ref(unit)
            continue
        if not _is_chrome_text(text):
            (after if byline is not None else before).append(unit)
    body_units = before or after  # a byline above the body: the body follows it
    sig_unit, sig_el = _signature(body_units, byline is not None and body_units is before)
    sig_text = _signature_text(sig_unit, sig_el, chrome) if sig_unit is not None else None
    if sig_unit is not None and (sig_el is None or sig_el is sig_unit.els[0]):
        body_units = [u for u in body_units if u is not sig_unit]

    def skip(el) -> bool:
        return el is sig_el or el in chrome.els

    body_text, body_html = _unit_texts(body_units, skip, chrome, sig_el)
    author = posted = author_url = None
    if byline is not None:
        unit, found = byline
        author = collapse(found.group("author"))
        posted = found.group("time").strip()
        author_url, stamp = _byline_details(unit, author)
        posted = stamp or posted
    comment = Comment(
        path="",
        source_id=source_id,
        author=author,
        author_url=author_url,
        posted_raw=posted,
        title=h.title or None,
        body_text=body_text,
        body_html=body_html,
        signature=sig_text or None,
        tips_raw=h.tips,
        recommenders=recommenders,
    )
    return comment, parent_ref


def _explode(
    units: list[_Unit], chrome: _Chrome, rounds: int = EXPLODE_ROUNDS
) -> list[_Unit]:
    """Open up a block that holds the byline among other lines (body, signature and byline in
    one element), so each of its parts becomes a unit of its own: a level a round, at most
    `rounds` levels down."""
    for _ in range(rounds):
        if any(BYLINE.match(u.text) for u in units):
            break
        out: list[_Unit] = []
        opened = False
        for unit in units:
            el = unit.els[0] if isinstance(unit.kind, tuple) else None
            if el is not None and not opened and any(
                BYLINE.match(line) for line in unit.block.split("\n")
            ):
                pieces: list = [el.text] if el.text and el.text.strip() else []
                for child in el:
                    pieces.append(child)
                    if child.tail and child.tail.strip():
                        pieces.append(child.tail)
                out.extend(_units(pieces, chrome))
                opened = True
            else:
                out.append(unit)
        if not opened:
            break
        units = out
    return units


def _signature(units: list[_Unit], before_byline: bool):
    """(unit, element) of the signature: a signature element, else the unit just before the
    byline when it is set apart from the body (an `<hr>` above it, or another kind of block)."""
    for unit in units:
        for el in unit.els:
            if isinstance(el, str):
                continue
            found = COMMENT_SIGNATURE(el)
            if found:
                return unit, found[0]
    if before_byline and len(units) >= 2:
        last, prev = units[-1], units[-2]
        if last.after_hr or (last.kind != prev.kind and not last.linebreak):
            return last, None
    return None, None


def _signature_text(unit: _Unit, sig_el, chrome: _Chrome) -> str:
    """The signature's text: its element's, else its unit's."""
    if sig_el is None:
        return collapse(unit.text)
    if sig_el is unit.els[0] and isinstance(unit.kind, tuple) and sig_el not in chrome.holders:
        # the unit is the signature block, walked already; with no chrome inside, leaving chrome
        # out changed nothing: no second walk
        return collapse(unit.block)
    return collapse(block_text(sig_el))


def _byline_details(unit: _Unit, author: str) -> tuple[str | None, str | None]:
    """The author's link and a machine-readable time with its offset, where the byline has them."""
    author_url = stamp = None
    for el in unit.els:
        if isinstance(el, str):
            continue
        for node in BYLINE_LINKS_AND_TIMES(el):
            if node.tag == "a":
                if author_url is None and collapse(text_content(node)) == author:
                    author_url = node.get("href")
                continue
            value = (node.get("datetime") or node.get("title") or "").strip()
            if stamp is None and HAS_OFFSET.search(value):
                stamp = value
    return author_url, stamp


def _is_tools(rest: str) -> bool:
    return not rest.strip() or bool(ACTIONS.match(rest.strip()))


def _only_links(unit: _Unit) -> bool:
    link_text = "".join(
        collapse(text_content(a)) for el in unit.els if not isinstance(el, str)
        for a in COMMENT_LINKS(el)
    )
    rest = NAME_LIST_FILLER.sub("", unit.text)
    return bool(link_text) and len(rest) == len(link_text.replace(" ", ""))


def _names(unit: _Unit, text: str) -> list[str]:
    links = [
        collapse(text_content(a)) for el in unit.els if not isinstance(el, str)
        for a in COMMENT_LINKS(el)
    ]
    links = [n for n in links if n and n in text]
    if links:
        return links
    return [n.strip() for n in NAME_SEPARATORS.split(text) if n.strip()]


def _parent_ref(unit: _Unit) -> str | None:
    for el in unit.els:
        # a "[ Parent ]" link's text is in its element's text: most bylines have none to look for
        if isinstance(el, str) or PARENT_WORD not in text_content(el).lower():
            continue
        for link in COMMENT_LINKS(el):
            if PARENT.match(collapse(text_content(link))):
                found = HREF_ID.search(link.get("href", ""))
                if found:
                    return found.group(1)
    return None


def _unit_texts(
    units: list[_Unit], skip, chrome: _Chrome, sig_el=None
) -> tuple[str | None, str | None]:
    texts: list[str] = []
    html: list[str] = []
    for unit in units:
        block = isinstance(unit.kind, tuple)
        if not block:
            text = unit.text
        elif sig_el is not None and is_inside(sig_el, unit.els[0]):
            text = block_text(unit.els[0], skip=skip)  # the signature inside is left out too
        else:
            text = unit.block
        if not text:
            continue
        if texts:
            texts.append("\n" if unit.linebreak else "\n\n")
            if not block:
                html.append("<br>" if unit.linebreak else "<br><br>")
        texts.append(text)
        for el in unit.els:
            if isinstance(el, str):
                html.append(escape(el))
            elif not skip(el):
                dropped = {id(c): c for c in chrome.inside(el)}
                if sig_el is not None and is_inside(sig_el, el):
                    dropped[id(sig_el)] = sig_el
                html.append(_html(el, dropped))
    return ("".join(texts) or None), (collapse_html("".join(html)) or None)


def _html(el, dropped: dict) -> str:
    """HTML of `el` without the descendants in `dropped` (id -> element, which keeps the lxml
    proxies alive so their ids stay valid); no copy of the tree. The elements that hold a
    dropped one are written tag by tag, from a stack rather than by recursion (a page may nest
    deeper than Python recurses); the others whole, by lxml."""
    # the elements above a dropped one (kept, so their ids stay theirs): asking each element
    # for its descendants instead cost the square of the depth on a deeply nested page
    holders = {id(a): a for d in dropped.values() for a in d.iterancestors()}
    parts: list[str] = []
    opened: list = []  # (element, its children still to write)
    node = el
    while node is not None:
        if id(node) not in holders:
            parts.append(etree.tostring(node, encoding="unicode", method="html", with_tail=False))
            if node is not el:
                parts.append(escape(node.tail or ""))
        else:
            attrs = "".join(f' {k}="{escape(v)}"' for k, v in node.attrib.items())
            parts.append(f"<{node.tag}{attrs}>{escape(node.text or '')}")
            opened.append((node, iter(node)))
        node = None
        while opened and node is None:
            parent, children = opened[-1]
            for child in children:
                if id(child) not in dropped and isinstance(child.tag, str):
                    node = child
                    break
                parts.append(escape(child.tail or ""))  # a dropped element's tail stays
            else:
                opened.pop()
                parts.append(f"</{parent.tag}>")
                if parent is not el:
                    parts.append(escape(parent.tail or ""))
    return "".join(parts)


def collapse_html(html: str) -> str:
    if "\n" not in html:  # nothing for the pattern to find: spare the scan of every position
        return html.strip()
    return HTML_LINE_BREAKS.sub(" ", html).strip()


def _source_id(h: _Header, first_of: dict[int, int], index: int) -> str | None:
    """The comment's own id: an id="c123" on the elements that begin with it or an empty
    `<a name="c123">` just before them, an anchor in its header, or its permalink."""
    el = h.tips_el
    while el is not None and (el is h.block or first_of.get(id(el), index) == index):
        found = SOURCE_ID.match(el.get("id", "") or "")
        if found:
            return found.group(1)
        for sib in el.itersiblings(preceding=True):
            if sib.tag != "a" or collapse(text_content(sib)):
                break
            found = SOURCE_ID.match(sib.get("name") or sib.get("id") or "")
            if found:
                return found.group(1)
        el = el.getparent()
    for anchor in COMMENT_ANCHORS(h.block):
        found = SOURCE_ID.match(anchor.get("name") or anchor.get("id") or "")
        if found:
            return found.group(1)
    for link in COMMENT_LINKS(h.block):
        found = HREF_ID.search(link.get("href", ""))
        if found:
            return found.group(1)
    return None


def _paths_from_parents(comments: list[Comment], parent_refs: list[str | None]) -> list[str]:
    """Flat markup: the tree from each comment's "[ Parent ]" link to its parent's id (replies
    may come later in the page than other comments, as in a chronological listing)."""
    index = {c.source_id: i for i, c in enumerate(comments) if c.source_id}
    paths: list[str] = []
    replies = [0] * len(comments)
    top = 0
    for i, ref in enumerate(parent_refs):
        parent = index.get(ref) if ref else None
        if parent is not None and parent < i:
            replies[parent] += 1
            paths.append(f"{paths[parent]}.{replies[parent]}")
        else:
            top += 1
            paths.append(str(top))
    return paths
