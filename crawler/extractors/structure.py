"""Reader comments found by structure: the core thread finder of every page.

Platform modules supply selectors for the markup they know; `extract_thread` runs this finder
where a module finds no comments, fewer than a count heading of the page announces, or comments
without names and times (see `crawler/extractors/__init__.py`), and `generic` always uses it.

The thread is found from evidence any blog shows, in this order:

- comments a page declares: schema.org microdata items (`itemtype=".../Comment"`, `Answer`,
  `itemprop="comment"`); JSON-LD `Comment` objects where the HTML shows no thread
- a list of repeated blocks: elements of one tag and stable class signature (parity, depth,
  state and BEM modifiers vary, generated hashes are dropped, zebra rows alternate), found
  bottom-up from every time on the page: a date in English or the corpus's other languages
  ("January 5, 2008 at 3:12 pm", "8. April 2019 @ 11:38", "2013/12/28 10:28"), a relative
  time ("3 hours ago", "vor 8 Stunden"), a time of day alone, `time[datetime]`, an element
  named for the time; where no list is dated, the blocks' names in a region named for
  comments. The best scoring list wins (names, free text, a container or heading saying
  comments, the form to add one beside it, the thread's `<a name=comments>` anchor; no
  headline links to other pages: teaser lists, navigation and archives repeat dated blocks
  too). Blocks of its kind elsewhere in its container join it (lone replies, a pinned first
  comment). A thread of one comment repeats nothing: it is taken only where a heading counts
  exactly one.
- each block's byline: its time (not a profile's join date, not an edit's time, not a quoted
  comment's), its name (a name element, "Posted by X", "X says:", "X:", the first link or bold
  text before the words; the name alone), the small boxes around them (a header, a profile
  box): left out of the words with reply / report / vote chrome (rows of actions in any of the
  corpus's languages, `actions.py`); a heading or an element named for a title at the top is
  the comment's title; a block that is only a header takes its words from the elements after
  it.
- nesting: a parent id attribute, a reply inside its parent's block or in a box of replies
  right after it, depth classes ("depth-2", "comment-depth-2"), inline indentation, a class
  token saying reply, a "Response to" / "in reply to" reference (its own line, or after the
  byline) linking to the parent's id; comments of another kind inside the blocks (a Q&A
  page's comments under answers, a blog owner's reply inside a comment) are their replies.
- a forum thread's opening post (where the post's words begin) is the post, not a comment;
  `find_thread` returns it beside the comments, its byline signs the post.

Checked on the gold pages of the accuracy benchmark's tune half (blogs, newspapers, forums, a
Q&A page, in English, German, French, Croatian, Polish and Chinese), the L3S-GN1 comment pages,
Kinja (lifehacker) and pages with no comments (latimes, politico, theatlantic, salon,
opposingviews, whitehouse blog, the Zyte article pages).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from lxml import etree

from crawler.extractors.controls import CHROME_TAGS, is_chrome, is_chrome_line
from crawler.extractors.names import (
    AUTHOR_PREFIX,
    MAX_NAME_CHARS,
    NAME_WORDS,
    SAYS,
    SENTENCE_END,
    URL_TOKEN,
    author_from_meta,
    author_from_says,
    clean_author,
    only_byline_words,
)
from crawler.extractors.nesting import number, reply_reference, thread_order
from crawler.extractors.regions import declared_count, in_comment_region, named_otherwise
from crawler.extractors.selectors import has_class, xpath, xpaths
from crawler.extractors.signatures import signature
from crawler.extractors.text import (
    BLOCK_TAGS,
    HEADINGS,
    INLINE_TAGS,
    RAW_TEXT_SLACK,
    collapse,
    inner_html,
    text_content,
)
from crawler.extractors.timestamps import (
    DATE,
    DATE_HINT,
    ISO_DATE,
    ISO_WITH_OFFSET,
    MACHINE_TIME_ATTRS,
    PROFILE_DATE_LABEL,
    RELATIVE_OR_TIME_ONLY,
    TIME_CLASS,
    TIME_NAMED,
    TIME_NAMED_CHARS,
    TIME_ONLY,
    TIME_ONLY_CHARS,
    TIME_TEXT_MAX_CHARS,
)
from crawler.extractors.tree import (
    ancestors_below,
    common_ancestor,
    document_order,
    holders_of,
    is_inside,
    own_elements,
    previous_element,
)
from crawler.items import Comment

# --- page walk ---------------------------------------------------------------------------------
# (white space only never holds a date)
BODY_TEXT_NODES = xpath("//body//text()[normalize-space()]")
# elements with one of MACHINE_TIME_ATTRS, found as the parents of those attributes: a union of
# attribute steps costs a third less than testing each element for each attribute
MACHINE_TIMES = xpath(
    "(" + " | ".join(f"//body//*/@{attr}" for attr in MACHINE_TIME_ATTRS) + ")/.."
)
BLOCK_MACHINE_TIMES = xpath(
    "(" + " | ".join(f".//*/@{attr}" for attr in MACHINE_TIME_ATTRS) + ")/.."
)

# --- blocks ------------------------------------------------------------------------------------
# a lone comment's block holds at most this much text (more: the walk up reached the page)
LONE_COMMENT_CHARS = 3000
# the signature suffix of a list of one tag whose classes alternate
ZEBRA = "|zebra"
# stripes are believed from two rows of each
ZEBRA_MIN_ROWS = 4

# pings listed with the comments: a block's class says so, or its words begin "Pingback:"
PING_KINDS = ("pingback", "trackback")
PING_LINE = re.compile(r"^\W*(pingback|trackback)\s*:", re.I)

# --- parts of a block ---------------------------------------------------------------------------
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
# schema.org microdata: comment items, their time and their words (schema.org is the vocabulary
# the microdata standard names its types by, on any site; not a site of its own)
MICRODATA_COMMENTS = xpath(
    "//body//*[contains(@itemtype,'schema.org/Comment') or contains(@itemtype,'schema.org/Answer')"
    " or contains(@itemtype,'schema.org/UserComments') or @itemprop='comment']"
)
ITEMPROP_TIME = xpath(
    ".//*[@itemprop='dateCreated' or @itemprop='datePublished' or @itemprop='commentTime']"
)
ITEMPROP_TEXT = xpath(".//*[@itemprop='text' or @itemprop='commentText']")
# schema.org types whose JSON-LD objects are comments
JSON_LD_COMMENT_TYPES = frozenset(("Comment", "Answer", "UserComments"))
# elements named for a comment's words: `.comment-content`, `.c_text`, BEM `.x__content`,
# a forum's `div.post`; the one chosen holds the most text and no byline (see `_body_element`)
COMMENT_BODY = xpath(
    ".//*[@class and re:test(@class,"
    " '(^|\\s)([\\w-]+[-_])?(content|text|txt|message|msg|body|entry|post|comment)(\\s|$)', 'i')]",
)
# the first blocks of a candidate list tell what region it is (named for comments or not)
LEADING_BLOCKS = 3
# fewer words a block on average, in a region named for comments or not: labels, not comments
MIN_MEAN_WORDS_HINTED, MIN_MEAN_WORDS = 2, 4
# a list in a region named for comments outweighs a list the same length elsewhere
HINTED_WEIGHT, UNHINTED_WEIGHT = 2.0, 1.0
# words per block at which a list's wordiness bonus is full (a tie-breaker worth at most 1)
FULL_BONUS_WORDS = 50
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
# inside an author element too long to be a name (a forum's profile box: name, rank, post
# count), the name is its first link or bold text
NAME_INSIDE = ("a", "b", "strong")
# a byline box (the date's or the name's container) holds at most this much text: a profile box
# with rank and post count, a header with the comment's number and a permalink
HEADER_CHARS = 200
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


TEASER_LINK_CHARS = 20
# a block is a teaser where headline links (TEASER_LINK_CHARS or more) are this share of its
# words, a menu where links of any length are MENU_SHARE of them: a comment is mostly free text
TEASER_SHARE = 0.5
MENU_SHARE = 0.8
# a quotation inside a comment: its name and time are the quoted comment's
QUOTE_TAGS = frozenset(("blockquote", "q"))
QUOTE_CLASS = re.compile(r"(?:^|[\s_-])quote", re.I)


# a date on a line this short is a byline, not a date mentioned in prose
META_LINE_CHARS = 160
# a meta line's text besides its author and date: labels at most ("Posted by", "|", "Reply")
META_REST_CHARS = 40
# and holds at most this much besides the date ("Posted by Jane Q. Reader on", a permalink)
META_REST_CHARS = 60
MIN_BLOCKS_WITHOUT_HINT = 3
# a forum's opening post is the post when the post's words begin with its first line, one of
# OPENING_LINE_CHARS at least (shorter lines, "Hi all", begin many posts)
OPENING_LINE_CHARS = 20
# the paragraphs of the post it may begin at: the first, or the one after a title line
OPENING_PARAGRAPHS = 2
# a header block's words are in at most this many siblings after it
MAX_FOLLOWERS = 3
# a comment list has at least this share of blocks with a date, an author and words
MIN_GOOD_SHARE = 0.6


@dataclass
class _Block:
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
    # the siblings after a header block that hold its words (see `_followers`)
    followers: list[etree._Element] = field(default_factory=list)
    # the elements of its byline (time, name)
    byline: list[etree._Element] = field(default_factory=list)

    @property
    def good(self) -> bool:
        return bool(
            (self.posted_raw or not self.dated) and self.author and self.words and not self.teaser
        )

    @property
    def words(self) -> str:
        """Its words, or its title where it has none: a reply stub (title, name, time, no body:
        the thread shows its words on another page) is a comment too."""
        return self.body_text or self.title or ""


@dataclass
class FoundThread:
    """What the finder read: the comments, and a forum thread's opening post where the page's
    first block is the post itself (its author and time are the post's)."""

    comments: list[Comment]
    opening: Comment | None = None


def find_comments(
    tree: etree._Element, post_text: str | None = None, json_ld: Iterable[str] | None = None
) -> list[Comment]:
    """Comments of the page in thread order, [] when no list of dated, authored blocks is found
    (`find_thread`'s comments)."""
    return find_thread(tree, post_text, json_ld).comments


def find_thread(
    tree: etree._Element, post_text: str | None = None, json_ld: Iterable[str] | None = None
) -> FoundThread:
    """The page's comments in thread order (none when no list of dated, authored blocks is
    found), and the opening post a forum thread shows as its first block.

    Comment items the page declares in schema.org microdata come first; then lists found by
    structure; then, where the HTML shows none, the comments of its JSON-LD (`json_ld`, the
    texts of its `application/ld+json` scripts). `post_text`, the post's words as extracted,
    tells a forum thread's opening post (where the post's words begin) from the replies that
    follow it: only these are comments."""
    anchors = dates = _date_anchors(tree)
    blocks = _microdata_blocks(tree)
    if blocks is None:
        best = _best_list(_candidate_lists(anchors), dated=True)
        if best is None:
            # no dated list: some comment systems show no time at all ("stefj: <words>"), and
            # their blocks are found by their names, in a region named for comments only
            anchors = _name_anchors(tree)
            best = _best_list(_candidate_lists(anchors), dated=False)
        if best is None:
            lone = _lone_comment(tree, dates)
            if lone is not None:
                return FoundThread(_thread([lone]))
            return FoundThread(json_ld_comments(json_ld or ()))
        blocks = _extend(best[2], best[1], anchors)
    blocks = _with_nested_lists(blocks, anchors)
    if post_text and blocks and _opens_the_post(blocks[0], post_text):
        return FoundThread(_thread(blocks[1:]), _thread(blocks[:1])[0])
    return FoundThread(_thread(blocks))


def _lone_comment(tree, anchors) -> _Block | None:
    """A thread of one comment, which shows no repetition to find it by: only where a heading
    counts exactly one comment ("1 Comment", "Comments (1)"), the smallest element around a time
    that is a good comment block (time, name, words) in a region named for comments or beside
    its heading or form. Without the count, one dated block in a "comments" box is as often a
    sidebar's latest comment on another post."""
    if declared_count(tree) != 1:
        return None
    for anchor in anchors:
        for el in (anchor, *anchor.iterancestors()):
            if el.tag in ("body", "html"):
                break
            if el.tag in INLINE_TAGS:
                continue
            block = _analyse_block(el, [])
            if block.good and not block.teaser and not named_otherwise(el) and (
                in_comment_region(el)
            ):
                return block
            if len(collapse(text_content(el))) > LONE_COMMENT_CHARS:
                break  # grown past a comment: the next anchor
    return None


def _with_nested_lists(blocks: list[_Block], anchors) -> list[_Block]:
    """The chosen blocks and the comment blocks of another kind inside them: a Q&A page's
    comments under each answer, a blog owner's reply inside each comment. Those are the
    replies of the block holding them.

    A kind is an element signature on the way from a time inside a chosen block (not its own
    byline's) up to that block, found in two blocks at least and good as comment blocks itself
    (time, name, words) for MIN_GOOD_SHARE of its elements; quotations are never replies, nor a
    kind that mostly names the comment holding it (its edit notes, its signature)."""
    chosen = {b.element: b for b in blocks}
    own = {x for b in blocks for x in b.byline}
    # elements holding a chosen block are the thread's frame or a comment's own parts
    frame = {a for el in chosen for a in el.iterancestors() if a not in chosen}
    candidates: dict[str, dict[etree._Element, None]] = {}
    owners: dict[str, set] = {}
    for anchor in anchors:
        path = []
        node = anchor
        while node is not None and node not in chosen:
            path.append(node)
            node = node.getparent()
        if node is None or not path or any(x in own for x in path):
            continue
        if any(x.tag in QUOTE_TAGS or QUOTE_CLASS.search(x.get("class") or "") for x in path):
            continue  # a quotation's name and time: the quoted comment is no reply
        owner_byline = chosen[node].byline
        for el in path:
            if el in frame or any(is_inside(x, el) for x in owner_byline):
                break  # holding the outer comment's byline or a reply: a part of it
            sig = signature(el)
            candidates.setdefault(sig, {}).setdefault(el, None)
            owners.setdefault(sig, set()).add(node)
    best: tuple[int, list[_Block]] | None = None
    for sig, found in candidates.items():
        if len(owners[sig]) < 2:
            continue
        if best is not None and len(found) <= best[0]:
            continue
        analysed = _analyse(list(found), MIN_GOOD_SHARE, followers=False)
        good = [b for b in analysed or () if b.good]
        if not good:
            continue
        own_name = sum(b.author == _owner_of(b.element, chosen).author for b in good)
        if 2 * own_name > len(good):
            continue  # mostly the outer comment's own name: its edit notes, not replies
        if best is None or len(good) > best[0]:
            best = (len(good), [b.element for b in good])
    if best is None:
        return blocks
    elements = [b.element for b in blocks]
    root = common_ancestor(elements) if len(elements) > 1 else elements[0].getparent()
    members = sorted({*elements, *best[1]}, key=document_order(root))
    kept = set(elements) | set(best[1])
    return [b for b in _analyse(members) if b.element in kept and b.words]


def _owner_of(el, chosen: dict) -> _Block:
    return chosen[next(a for a in el.iterancestors() if a in chosen)]


def _best_list(clusters, dated: bool) -> tuple[float, str, list[_Block]] | None:
    """The candidate list that scores best as a comment thread: (score, signature, blocks)."""
    best: tuple[float, str, list[_Block]] | None = None
    # the largest lists first: a list cannot score more than twice its size and one, so the
    # smaller ones are not analysed once a list scored more than they could
    for (sig, _), members in sorted(clusters.items(), key=lambda kv: -len(kv[1])):
        if best is not None and best[0] >= 2 * len(members) + 1:
            break
        blocks = _analyse(members, MIN_GOOD_SHARE, dated)
        score = _score(blocks) if blocks is not None else 0.0
        if score > 0 and (best is None or score > best[0]):
            best = (score, sig, blocks)
    return best


def _name_anchors(tree) -> list[etree._Element]:
    """Elements named for a commenter's name (`.author`, `.user`, `.username`, `cite`), in
    document order: where a thread's blocks show no time, their names still repeat."""
    most = RAW_TEXT_SLACK * MAX_NAME_CHARS
    return [el for el in PAGE_NAMES(tree) if 0 < len(text_content(el)) <= most]


def _microdata_blocks(tree) -> list[_Block] | None:
    """The comment blocks a page declares as schema.org microdata items (`itemtype=
    ".../Comment"`, `".../Answer"`, `itemprop="comment"`), where most of them have a name and
    words; None where it declares none (or an empty shell a theme prints on every page)."""
    items = MICRODATA_COMMENTS(tree)
    if not items:
        return None
    blocks = _analyse(items, 0.0, dated=False)  # declared as comments: no time needed
    good = [b for b in blocks if b.good]
    if len(good) < MIN_GOOD_SHARE * len(blocks):
        return None
    return good


def json_ld_comments(texts: Iterable[str]) -> list[Comment]:
    """The comments of a page's JSON-LD (`Comment` / `Answer` objects, under an article's or a
    forum post's "comment" key, their replies under their own), in thread order."""
    comments: list[Comment] = []

    def add(obj, prefix: str, n: int) -> None:
        path = f"{prefix}{n}"
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
        for m, reply in enumerate(_json_comments(obj.get("comment")), start=1):
            add(reply, f"{path}.", m)

    tops = [obj for text in texts for obj in _json_ld_top_comments(text)]
    for n, obj in enumerate(tops, start=1):
        add(obj, "", n)
    for comment in comments:
        head = comment.path.rpartition(".")[0]
        parent = next((c for c in comments if c.path == head), None) if head else None
        comment.parent_source_id = parent.source_id if parent is not None else None
    return [c for c in comments if c.body_text]


def _json_ld_top_comments(text: str) -> list[dict]:
    """The top-level comment objects of one JSON-LD script (those no comment holds)."""
    try:
        data = json.loads(text)
    except ValueError:
        return []
    found: list[dict] = []

    def walk(node, in_comment: bool) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item, in_comment)
        elif isinstance(node, dict):
            is_comment = _json_type(node) & JSON_LD_COMMENT_TYPES
            if is_comment and not in_comment:
                found.append(node)
                return
            for key, value in node.items():
                if key != "comment" or not is_comment:
                    walk(value, in_comment or bool(is_comment))

    walk(data, False)
    return found


def _json_comments(value) -> list[dict]:
    items = value if isinstance(value, list) else [value] if isinstance(value, dict) else []
    return [x for x in items if isinstance(x, dict) and _json_type(x) & JSON_LD_COMMENT_TYPES]


def _json_type(node: dict) -> set[str]:
    kind = node.get("@type")
    return set(kind) if isinstance(kind, list) else {kind} if isinstance(kind, str) else set()


def _opens_the_post(block: _Block, post_text: str) -> bool:
    """The block is the post itself: the post's words begin with the block's first line, after
    a title line at most (a forum thread's opening post, which the page's main text is). A
    comment that the post's text kept by mistake comes after the article's paragraphs."""
    first = next((collapse(line) for line in block.body_text.split("\n") if line.strip()), "")
    if len(first) < OPENING_LINE_CHARS:
        return False
    paragraphs = [collapse(part) for part in post_text.split("\n") if part.strip()]
    return any(
        part.startswith(first[: len(part)]) or first.startswith(part)
        for part in paragraphs[:OPENING_PARAGRAPHS]
    )


# --- finding the lists -------------------------------------------------------------------------
def _date_anchors(tree) -> list[etree._Element]:
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


def _owner(text):
    """The element a text node of `BODY_TEXT_NODES` is shown in."""
    owner = text.getparent()
    return owner.getparent() if text.is_tail else owner


def _named_for_time(el) -> bool:
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
    return TIME_CLASS.search(cls) is not None


def _candidate_lists(anchors) -> dict[tuple[str, str], list[etree._Element]]:
    """Repeated dated siblings, keyed by (block signature, list signature).

    Siblings of one tag whose classes alternate (zebra stripes: "comgrey" / "comwhite") form a
    list of their own too, keyed by the tag and ZEBRA."""
    dated: set[etree._Element] = set()
    for anchor in anchors:
        for el in anchor.iterancestors():
            if el in dated:
                break
            dated.add(el)
        dated.add(anchor)
    counts: dict[etree._Element, tuple[Counter, Counter]] = {}
    clusters: dict[tuple[str, str], dict[etree._Element, None]] = {}
    for anchor in anchors:
        el = anchor
        while el is not None and el.tag != "body":
            parent = el.getparent()
            if parent is None:
                break
            counters = counts.get(parent)
            if counters is None:
                children = [child for child in parent if child in dated]
                counters = counts[parent] = (
                    Counter(signature(child) for child in children),
                    _zebra_tags(children),
                )
            by_signature, zebra = counters
            sig = signature(el)
            if sig and by_signature[sig] >= 2:
                clusters.setdefault((sig, signature(parent)), {}).setdefault(el, None)
            if el.tag in zebra:
                key = (f"{el.tag}{ZEBRA}", signature(parent))
                clusters.setdefault(key, {}).setdefault(el, None)
            el = parent
    return {key: list(members) for key, members in clusters.items()}


def _zebra_tags(children) -> set[str]:
    """The tags whose elements among `children` alternate between two signatures, one after the
    other ("div.comgrey", "div.comwhite", "div.comgrey" ...): striped rows of one list."""
    by_tag: dict[str, list[str]] = {}
    for child in children:
        by_tag.setdefault(child.tag, []).append(signature(child))
    return {
        tag
        for tag, sigs in by_tag.items()
        if len(sigs) >= ZEBRA_MIN_ROWS
        and len(set(sigs)) == 2
        and all(a != b for a, b in zip(sigs, sigs[1:], strict=False))
    }


def _analyse(
    members: list[etree._Element], min_good: float = 0.0, dated: bool = True,
    followers: bool = True,
) -> list[_Block] | None:
    """Each member as a block; None as soon as fewer than `min_good` of them can be good (a
    teaser list or a menu is given up at its first few blocks, not read to the end). Blocks of
    an undated list need no time to be good. Without `followers`, a header block does not take
    its words from the elements after it (inside a comment, those are the comment's)."""
    member_set = set(members)
    blocks = []
    bad = 0
    for el in members:
        nested = [d for d in el.iterdescendants() if d in member_set]
        block = _analyse_block(el, nested, _followers(el, member_set) if followers else ())
        block.dated = dated
        if not block.good:
            bad += 1
            if (len(members) - bad) / len(members) < min_good:
                return None
        blocks.append(block)
    return blocks


def _score(blocks: list[_Block]) -> float:
    """How much a candidate list looks like a comment thread; 0 when it does not at all."""
    good = [b for b in blocks if b.good]
    if not good:
        return 0.0
    if len(good) / len(blocks) < MIN_GOOD_SHARE:
        return 0.0
    if any(named_otherwise(b.element) for b in good[:LEADING_BLOCKS]):
        return 0.0
    hinted = any(in_comment_region(b.element) for b in good[:LEADING_BLOCKS])
    if not hinted and not good[0].dated:
        return 0.0  # blocks without times are believed only in a region named for comments
    if len(good) < (1 if hinted else MIN_BLOCKS_WITHOUT_HINT):
        return 0.0
    mean_words = sum(len(b.body_text.split()) for b in good) / len(good)
    if mean_words < (MIN_MEAN_WORDS_HINTED if hinted else MIN_MEAN_WORDS):
        return 0.0
    weight = HINTED_WEIGHT if hinted else UNHINTED_WEIGHT
    return len(good) * weight + min(mean_words, FULL_BONUS_WORDS) / FULL_BONUS_WORDS


def _extend(blocks: list[_Block], sig: str, anchors) -> list[_Block]:
    """The chosen list plus the dated blocks of its kind elsewhere in its container: replies in
    lists of their own, and a block whose class differs a little (a pinned first comment,
    "li.comment.pinned" among "li.comment.media", a parent comment holding the chosen list of
    its replies) where it is a good block itself."""
    elements = [b.element for b in blocks]
    root = common_ancestor(elements)
    if root is None:
        return [b for b in blocks if b.good]
    tag = elements[0].tag
    signatures = {signature(el) for el in elements} if sig.endswith(ZEBRA) else {sig}
    tokens = set(sig.split(".")[1:])
    # a block of the list's kind holding the list, with the list's class tokens but one: the
    # chosen list is its replies, and the container to look in is the one around it (a single
    # top-level comment, "div.comment", over its replies "div.comment.child")
    holder = None
    for ancestor in (root, *root.iterancestors()):
        if ancestor.tag == "body":
            break
        outer = set(signature(ancestor).split(".")[1:])
        if ancestor.tag == tag and outer and outer < tokens:
            holder = ancestor  # (the replies carry a token their parent lacks: "child")
    if holder is not None and holder.getparent() is not None:
        root = holder.getparent()
    known = set(elements)
    exact, loose = [], []
    anchor_set = set(anchors)
    for el in root.iter(tag):
        if el in known:
            continue
        if not (el in anchor_set or any(d in anchor_set for d in el.iterdescendants())):
            continue
        el_sig = signature(el)
        if el_sig in signatures:
            exact.append(el)
        elif tokens and tokens & set(el_sig.split(".")[1:]):
            loose.append(el)
    if not exact and not loose:
        return [b for b in blocks if b.good]
    members = sorted(known | set(exact) | set(loose), key=document_order(root))
    loose_set = set(loose)
    return [
        b
        for b in _analyse(members)
        if (b.good if b.element in loose_set else b.posted_raw and b.words and not b.teaser)
    ]


# --- one block ---------------------------------------------------------------------------------
def _followers(el, member_set) -> list[etree._Element]:
    """The siblings after `el` up to the next block of the list (or a heading, a form, a box of
    replies): where a comment is a header (name, time) and its words in the element after it
    (`dt` + `dd`, a header table and a body table), those hold the words. Used only where `el`
    has none."""
    found = []
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


def _analyse_block(
    el: etree._Element, nested: list[etree._Element], followers: list[etree._Element] = ()
) -> _Block:
    """A block's time, author, title and words, each from the evidence any blog shows.

    The byline (the time, the name, and the small boxes around them: a header with a permalink,
    a forum's profile box) is found first and left out of the words, with nested replies and
    reply / report / vote chrome; a heading at the top of the block that is no byline is the
    comment's title."""
    block = _Block(element=el, nested=nested)
    nested_set = set(nested)

    # the elements of the block holding a nested reply: no part of this comment is one of them
    holders = holders_of(el, nested)

    def inside_nested(node) -> bool:
        return any(a in nested_set for a in ancestors_below(node, el)) if nested_set else False

    reference, block.reply_number = reply_reference(el, nested_set)

    # the time: a small element holding a date ("<span class=date>", "<b>Posted by X on
    # <date></b>"), else a short line with a date in the block's text, else a time of day alone
    # or an element named for the time
    date_el, date_match = _date_element(el, nested_set, inside_nested)
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
        date_el, block.posted_raw = _time_element(el, nested_set, inside_nested)
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
        block.posted_raw = _titled_time(date_el, el) or block.posted_raw

    author_el = _author_element(el, block, inside_nested)
    if block.author is None and meta_line is not None and shown_time is not None:
        block.author = author_from_meta(meta_line, shown_time)
    if block.author is None:
        block.author, line = author_from_says(lines)
        if line is not None:
            author_el = _element_of_line(el, line, nested_set)
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
                author_el = _element_of_line(el, block.author, nested_set)
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

    def skipped(node) -> bool:
        return node in nested_set or node in header or node is title_el or is_chrome(node)

    # the teaser test reads the title and the boxes around the byline: a teaser's headline
    # sits there, beside its section link and time
    byline_set = set(byline)

    def not_own(node) -> bool:
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


def _author_element(el, block: _Block, inside_nested):
    """The first element the COMMENT_AUTHOR selectors find that holds a name (sets
    `block.author`); a box too long to be a name (a forum's profile: name, rank, post count)
    gives its first link or bold text."""
    for selector in COMMENT_AUTHOR:
        for candidate in selector(el):
            if inside_nested(candidate) or is_chrome(candidate) or _quoted(candidate, el):
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
                block.author = name
                return candidate
    return None


def _quoted(node, el) -> bool:
    """Inside a quotation of the block (`blockquote`, `q`, an element named for a quote): the
    name and time there are the quoted comment's, never this one's."""
    for ancestor in (node, *ancestors_below(node, el)):
        if ancestor.tag in QUOTE_TAGS or QUOTE_CLASS.search(ancestor.get("class") or ""):
            return True
    return False


def _author_by_place(el, body_el, byline, nested_set, holders):
    """The first link or bold text of the block before its words that reads as a name (not a
    permalink, a reply button, a title or a date): where a comment system names its name
    element for nothing we know ("div.commentor-info"), the name still comes first."""
    words = body_el if body_el is not None else _longest_text(el, byline, nested_set, holders)
    for node in own_elements(el, nested_set, NAME_INSIDE):
        if words is not None and (node is words or is_inside(node, words)):
            return None, None
        if node in nested_set or is_chrome(node) or _quoted(node, el):
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


def _date_element(el, nested_set, inside_nested):
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
        if match is None or _quoted(node, el):
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


def _titled_time(date_el, el) -> str | None:
    """A full date in the `title` of the time element, of an element inside it, or of one
    around it below the block: where the text shows a relative time or a time of day only."""
    for node in (*date_el.iter(), *ancestors_below(date_el, el)):
        title = (node.get("title") or "").strip()
        if title and (ISO_DATE.match(title) or DATE.search(title)):
            return title
    return None


def _labelled_otherwise(node, text: str, match, el) -> bool:
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


def _time_element(el, nested_set, inside_nested):
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


def _header(el, byline, body_el, nested_set, holders) -> set:
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


def _longest_text(el, byline, nested_set, holders):
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


def _title_element(el, header, body_el, nested_set):
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


def comment_title(title_el) -> str:
    """A title element's words without a score shown after them ("Polls (0.00 / 0)")."""
    return SCORE_SUFFIX.sub("", collapse(title_el.text_content()))


def _lines(el, is_skipped) -> list[str]:
    """Visible lines of `el` (source white space collapsed), "" between paragraphs."""
    parts: list[str] = []

    def walk(node, top=False):
        tag = node.tag if isinstance(node.tag, str) else None
        if tag is None or (not top and is_skipped(node)):
            if node.tail and not top:
                parts.append(_flat(node.tail))
            return
        if tag == "br":
            parts.append("\n")
        elif tag in BLOCK_TAGS:
            parts.append("\n\n")
        if node.text:
            parts.append(node.text if tag == "pre" else _flat(node.text))
        for child in node:
            walk(child)
        if tag in BLOCK_TAGS:
            parts.append("\n\n")
        elif tag in ("td", "th"):
            parts.append(" ")
        if node.tail and not top:
            parts.append(_flat(node.tail))

    walk(el, top=True)
    lines: list[str] = []
    for raw in "".join(parts).split("\n"):
        line = collapse(raw)
        if line or (lines and lines[-1] != ""):
            lines.append(line)
    while lines and lines[-1] == "":
        lines.pop()
    return lines


def _flat(text: str) -> str:
    return text.replace("\n", " ").replace("\r", " ")


def _join(lines: list[str]) -> str:
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _is_meta_line(line: str, meta_line: str | None, author: str | None) -> bool:
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


def _body_element(el, nested_set, byline, inside_nested, holders):
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


def _element_of_line(el, line: str, nested_set):
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


def _is_teaser(el, block: _Block, skipped) -> bool:
    """A block whose words are mostly a headline link to another page (links in its byline,
    chrome, signature and nested replies do not count, nor a heading holding the byline: the
    commenter's name linking to their site)."""
    if not block.body_text:
        return False

    def counted(node) -> bool:
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


# --- the thread --------------------------------------------------------------------------------


def _thread(blocks: list[_Block]) -> list[Comment]:
    """The blocks as comments in thread order, with their paths and parents."""
    if not blocks:
        return []
    ids, paths, order = thread_order(
        [b.element for b in blocks],
        [b.followers for b in blocks],
        [b.reply_number for b in blocks],
    )
    return _comments(blocks, ids, paths, order)


def _comments(blocks, ids, paths, order) -> list[Comment]:
    comments = []
    by_path = {}
    for path, n in zip(paths, order, strict=True):
        block = blocks[n]
        comment = Comment(
            path=path,
            source_id=ids[n],
            author=block.author,
            author_url=block.author_url,
            posted_raw=block.posted_raw,
            title=block.title,
            body_text=block.body_text,
            body_html=block.body_html,
            kind=_kind(block),
        )
        parent = by_path.get(path.rpartition(".")[0])
        if parent is not None:
            comment.parent_source_id = parent.source_id
        by_path[path] = comment
        comments.append(comment)
    return comments


def _kind(block: _Block) -> str:
    """"pingback" or "trackback" for a block its class or its words mark as one (another blog's
    link to the post, listed with the comments), else "comment"."""
    tokens = (block.element.get("class") or "").lower().split()
    for kind in PING_KINDS:
        if kind in tokens:
            return kind
    match = PING_LINE.match(block.body_text or "") or PING_LINE.match(block.author or "")
    return match.group(1).lower() if match else "comment"

