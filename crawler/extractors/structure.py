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
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

from crawler.extractors.block import Block, analyse_block, entry_kind, followers_of
from crawler.extractors.byline import (
    QUOTE_CLASS,
    QUOTE_TAGS,
)
from crawler.extractors.names import (
    MAX_NAME_CHARS,
    clean_author,
)
from crawler.extractors.nesting import number, thread_order
from crawler.extractors.regions import declared_count, in_comment_region, named_otherwise
from crawler.extractors.selectors import xpath
from crawler.extractors.signatures import signature
from crawler.extractors.text import (
    INLINE_TAGS,
    RAW_TEXT_SLACK,
    collapse,
    text_content,
)
from crawler.extractors.timestamps import (
    DATE,
    DATE_HINT,
    MACHINE_TIME_ATTRS,
    TIME_CLASS,
    TIME_NAMED_CHARS,
    TIME_ONLY,
    TIME_TEXT_MAX_CHARS,
)
from crawler.extractors.tree import (
    common_ancestor,
    document_order,
    is_inside,
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

# --- blocks ------------------------------------------------------------------------------------
# a lone comment's block holds at most this much text (more: the walk up reached the page)
LONE_COMMENT_CHARS = 3000
# the signature suffix of a list of one tag whose classes alternate
ZEBRA = "|zebra"
# stripes are believed from two rows of each
ZEBRA_MIN_ROWS = 4


# --- parts of a block ---------------------------------------------------------------------------
# schema.org microdata: comment items, their time and their words (schema.org is the vocabulary
# the microdata standard names its types by, on any site; not a site of its own)
MICRODATA_COMMENTS = xpath(
    "//body//*[contains(@itemtype,'schema.org/Comment') or contains(@itemtype,'schema.org/Answer')"
    " or contains(@itemtype,'schema.org/UserComments') or @itemprop='comment']"
)
# schema.org types whose JSON-LD objects are comments
JSON_LD_COMMENT_TYPES = frozenset(("Comment", "Answer", "UserComments"))
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


MIN_BLOCKS_WITHOUT_HINT = 3
# a forum's opening post is the post when the post's words begin with its first line, one of
# OPENING_LINE_CHARS at least (shorter lines, "Hi all", begin many posts)
OPENING_LINE_CHARS = 20
# the paragraphs of the post it may begin at: the first, or the one after a title line
OPENING_PARAGRAPHS = 2
# a comment list has at least this share of blocks with a date, an author and words
MIN_GOOD_SHARE = 0.6


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


def _lone_comment(tree, anchors) -> Block | None:
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
            block = analyse_block(el, [])
            if block.good and not block.teaser and not named_otherwise(el) and (
                in_comment_region(el)
            ):
                return block
            if len(collapse(text_content(el))) > LONE_COMMENT_CHARS:
                break  # grown past a comment: the next anchor
    return None


def _with_nested_lists(blocks: list[Block], anchors) -> list[Block]:
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
    best: tuple[int, list[Block]] | None = None
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


def _owner_of(el, chosen: dict) -> Block:
    return chosen[next(a for a in el.iterancestors() if a in chosen)]


def _best_list(clusters, dated: bool) -> tuple[float, str, list[Block]] | None:
    """The candidate list that scores best as a comment thread: (score, signature, blocks)."""
    best: tuple[float, str, list[Block]] | None = None
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


def _microdata_blocks(tree) -> list[Block] | None:
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


def _opens_the_post(block: Block, post_text: str) -> bool:
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
) -> list[Block] | None:
    """Each member as a block; None as soon as fewer than `min_good` of them can be good (a
    teaser list or a menu is given up at its first few blocks, not read to the end). Blocks of
    an undated list need no time to be good. Without `followers`, a header block does not take
    its words from the elements after it (inside a comment, those are the comment's)."""
    member_set = set(members)
    blocks = []
    bad = 0
    for el in members:
        nested = [d for d in el.iterdescendants() if d in member_set]
        block = analyse_block(el, nested, followers_of(el, member_set) if followers else ())
        block.dated = dated
        if not block.good:
            bad += 1
            if (len(members) - bad) / len(members) < min_good:
                return None
        blocks.append(block)
    return blocks


def _score(blocks: list[Block]) -> float:
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


def _extend(blocks: list[Block], sig: str, anchors) -> list[Block]:
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


# --- the thread --------------------------------------------------------------------------------


def _thread(blocks: list[Block]) -> list[Comment]:
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
            kind=entry_kind(block),
        )
        parent = by_path.get(path.rpartition(".")[0])
        if parent is not None:
            comment.parent_source_id = parent.source_id
        by_path[path] = comment
        comments.append(comment)
    return comments

