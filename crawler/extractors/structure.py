"""Reader comments found by structure: the core thread finder of every page.

Platform modules supply selectors for the markup they know; `extract_thread` runs this finder
where a module finds no comments, fewer than a count heading of the page announces, or comments
without names and times (see `crawler/extractors/__init__.py`), and `generic` always uses it.
This module only puts the finder's steps in order; each step is a module of its own.

The thread is found from evidence any blog shows, in this order:

- comments a page declares (`declared.py`): schema.org microdata items (`itemtype=
  ".../Comment"`, `Answer`, `itemprop="comment"`); JSON-LD `Comment` objects where the HTML
  shows no thread
- a list of repeated blocks (`lists.py`): elements of one tag and stable class signature
  (`signatures.py`: parity, depth, state and BEM modifiers vary, generated hashes are dropped,
  zebra rows alternate), found bottom-up from every time on the page (`anchors.py`,
  `timestamps.py`): a date in English or the corpus's other languages ("January 5, 2008 at 3:12
  pm", "8. April 2019 @ 11:38", "2013/12/28 10:28"), a relative time ("3 hours ago", "vor 8
  Stunden"), a time of day alone, `time[datetime]`, an element named for the time; where no
  list is dated, the blocks' names in a region named for comments. The best scoring list wins
  (names, free text, a container or heading saying comments, the form to add one beside it,
  the thread's `<a name=comments>` anchor, `regions.py`; no headline links to other pages:
  teaser lists, navigation and archives repeat dated blocks too). Blocks of its kind elsewhere
  in its container join it (lone replies, a pinned first comment). A thread of one comment
  repeats nothing: it is taken only where a heading counts exactly one.
- each block's byline (`byline.py`, `names.py`): its time (not a profile's join date, not an
  edit's time, not a quoted comment's), its name (a name element, "Posted by X", "X says:",
  "X:", the first link or bold text before the words; the name alone), the small boxes around
  them (a header, a profile box): left out of the words (`block.py`) with reply / report / vote
  chrome (`controls.py`; rows of actions in any of the corpus's languages, `actions.py`); a
  heading or an element named for a title at the top is the comment's title; a block that is
  only a header takes its words from the elements after it.
- nesting (`nesting.py`): a parent id attribute, a reply inside its parent's block or in a box
  of replies right after it, depth classes ("depth-2", "comment-depth-2"), inline indentation,
  a class token saying reply, a "Response to" / "in reply to" reference (its own line, or after
  the byline) linking to the parent's id; comments of another kind inside the blocks (a Q&A
  page's comments under answers, a blog owner's reply inside a comment) are their replies
  (`lists.with_nested_lists`).
- a forum thread's opening post (where the post's words begin) is the post, not a comment;
  `find_thread` returns it beside the comments, its byline signs the post.

Checked on the gold pages of the accuracy benchmark's tune half (blogs, newspapers, forums, a
Q&A page, in English, German, French, Croatian, Polish and Chinese), the L3S-GN1 comment pages,
Kinja (lifehacker) and pages with no comments (latimes, politico, theatlantic, salon,
opposingviews, whitehouse blog, the Zyte article pages).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

from crawler.extractors.anchors import date_anchors, name_anchors
from crawler.extractors.block import Block, entry_kind
from crawler.extractors.declared import json_ld_comments, microdata_blocks
from crawler.extractors.lists import (
    best_list,
    candidate_lists,
    extend_list,
    lone_comment,
    with_nested_lists,
)
from crawler.extractors.nesting import thread_order
from crawler.extractors.text import collapse
from crawler.items import Comment

# a forum's opening post is the post when the post's words begin with its first line, one of
# OPENING_LINE_CHARS at least (shorter lines, "Hi all", begin many posts)
OPENING_LINE_CHARS = 20
# the paragraphs of the post it may begin at: the first, or the one after a title line
OPENING_PARAGRAPHS = 2


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
    anchors = dates = date_anchors(tree)
    blocks = microdata_blocks(tree)
    if blocks is None:
        best = best_list(candidate_lists(anchors), dated=True)
        if best is None:
            # no dated list: some comment systems show no time at all ("stefj: <words>"), and
            # their blocks are found by their names, in a region named for comments only
            anchors = name_anchors(tree)
            best = best_list(candidate_lists(anchors), dated=False)
        if best is None:
            lone = lone_comment(tree, dates)
            if lone is not None:
                return FoundThread(_thread([lone]))
            return FoundThread(json_ld_comments(json_ld or ()))
        blocks = extend_list(best[2], best[1], anchors)
    blocks = with_nested_lists(blocks, anchors)
    if post_text and blocks and _opens_the_post(blocks[0], post_text):
        return FoundThread(_thread(blocks[1:]), _thread(blocks[:1])[0])
    return FoundThread(_thread(blocks))


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


def _comments(
    blocks: list[Block], ids: list[str | None], paths: list[str], order: list[int]
) -> list[Comment]:
    """The comment items: block `order[i]` at `paths[i]`, its parent the comment at the path
    above its own."""
    comments: list[Comment] = []
    by_path: dict[str, Comment] = {}
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

