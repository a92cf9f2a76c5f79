"""Comment lists: the repeated blocks of a page that are its thread, found and scored.

Teaser lists, navigation, archives and comment threads all repeat blocks of one kind, and each
is found the same way: grown up from every time (or name) on the page (`anchors.py`) to the
siblings of one signature (`signatures.py`) or zebra stripes, each member read as a block
(`block.py`). The list that scores best as a thread wins: most blocks that are good comments
(a time, a name, free text), in a region named for comments (`regions.py`), wordy. Blocks of its
kind elsewhere in its container then join it (lone replies, a pinned first comment), and comment
blocks of another kind inside it (a Q&A page's comments under answers) are its replies. A thread
of one comment repeats nothing: it is taken only where a heading counts exactly one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from lxml import etree

from crawler.extractors.block import Block, analyse_block, followers_of
from crawler.extractors.byline import QUOTE_CLASS, QUOTE_TAGS
from crawler.extractors.regions import declared_count, in_comment_region, named_otherwise
from crawler.extractors.signatures import signature
from crawler.extractors.text import INLINE_TAGS, collapse, text_content
from crawler.extractors.tree import common_ancestor, document_order, is_inside

# a lone comment's block holds at most this much text (more: the walk up reached the page)
LONE_COMMENT_CHARS = 3000
# the signature suffix of a list of one tag whose classes alternate
ZEBRA = "|zebra"
# stripes are believed from two rows of each
ZEBRA_MIN_ROWS = 4
# the first blocks of a candidate list tell what region it is (named for comments or not)
LEADING_BLOCKS = 3
# fewer words a block on average, in a region named for comments or not: labels, not comments
MIN_MEAN_WORDS_HINTED, MIN_MEAN_WORDS = 2, 4
# a list in a region named for comments outweighs a list the same length elsewhere
HINTED_WEIGHT, UNHINTED_WEIGHT = 2.0, 1.0
# words per block at which a list's wordiness bonus is full (a tie-breaker worth at most 1)
FULL_BONUS_WORDS = 50
# a list outside a region named for comments is believed from this many good blocks
MIN_BLOCKS_WITHOUT_HINT = 3
# a comment list has at least this share of blocks with a date, an author and words
MIN_GOOD_SHARE = 0.6


def candidate_lists(
    anchors: Sequence[etree._Element],
) -> dict[tuple[str, str], list[etree._Element]]:
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


def _zebra_tags(children: Sequence[etree._Element]) -> set[str]:
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


def best_list(
    clusters: dict[tuple[str, str], list[etree._Element]], dated: bool
) -> tuple[float, str, list[Block]] | None:
    """The candidate list that scores best as a comment thread: (score, signature, blocks)."""
    best: tuple[float, str, list[Block]] | None = None
    # the largest lists first: a list cannot score more than twice its size and one, so the
    # smaller ones are not analysed once a list scored more than they could
    for (sig, _), members in sorted(clusters.items(), key=lambda kv: -len(kv[1])):
        if best is not None and best[0] >= 2 * len(members) + 1:
            break
        blocks = analyse_members(members, MIN_GOOD_SHARE, dated)
        score = _score(blocks) if blocks is not None else 0.0
        if score > 0 and (best is None or score > best[0]):
            best = (score, sig, blocks)
    return best


def analyse_members(
    members: list[etree._Element], min_good: float = 0.0, dated: bool = True,
    followers: bool = True,
) -> list[Block] | None:
    """Each member as a block; None as soon as fewer than `min_good` of them can be good (a
    teaser list or a menu is given up at its first few blocks, not read to the end). Blocks of
    an undated list need no time to be good. Without `followers`, a header block does not take
    its words from the elements after it (inside a comment, those are the comment's)."""
    member_set = set(members)
    blocks: list[Block] = []
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


def extend_list(blocks: list[Block], sig: str, anchors: Iterable[etree._Element]) -> list[Block]:
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
    exact: list[etree._Element] = []
    loose: list[etree._Element] = []
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
        for b in analyse_members(members)
        if (b.good if b.element in loose_set else b.posted_raw and b.words and not b.teaser)
    ]


def with_nested_lists(blocks: list[Block], anchors: Iterable[etree._Element]) -> list[Block]:
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
    owners: dict[str, set[etree._Element]] = {}
    for anchor in anchors:
        path: list[etree._Element] = []
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
        analysed = analyse_members(list(found), MIN_GOOD_SHARE, followers=False)
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
    return [b for b in analyse_members(members) if b.element in kept and b.words]


def _owner_of(el: etree._Element, chosen: dict[etree._Element, Block]) -> Block:
    """The chosen block holding `el`."""
    return chosen[next(a for a in el.iterancestors() if a in chosen)]


def lone_comment(tree: etree._Element, anchors: Iterable[etree._Element]) -> Block | None:
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
