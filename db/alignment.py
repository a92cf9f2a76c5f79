"""Which archived comment each comment of a thread is, when the thread is written again.

A comment the site gives no id of its own is first named by its place in the thread
(`pipelines.thread.comment_id`: "...-p3.1"). Places shift when a comment is deleted, or a reply
inserted, between two fetches; a name by place alone would then write each later comment over
the one before it, the deleted comment's text lost and the last one stored twice. So a thread
the archive already holds is matched, comment by comment, to what it holds, and only a comment
that matches none is named anew: by its place, or by its place and a suffix where an archived
comment already has that name.

The match walks both threads in order (difflib's longest matching blocks, so a deletion, an
insertion or a new comment at the top shifts nothing), trusting three things in turn:

1. the same comment: the same id of the site's, or the same author, time as shown and text;
2. the same comment edited: the same author and time as shown (never for comments showing
   neither) and much the same words, in a stretch the first level left unmatched;
3. only for the very bytes the archive read before (a re-parse, the same file imported again),
   where an improved extractor may have changed what 1 and 2 compare: what is left of such a
   stretch, pairwise in order. A new copy of a page never gets this level: pairing by place is
   what loses a deleted comment.

A comment that moved (a thread sorted otherwise) is matched by level 1 after the walk. Archived
comments the copy no longer shows are kept, and placed where they stood among those around them:
positions number the merged thread.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

# a pair in the merged thread: (index among the archived, index among the shown), either None
Place = tuple[int | None, int | None]

# An edit keeps most of a comment's words (a typo fixed, a line added): a comment by the same
# author at the same shown time whose words match less than this is another comment, and both
# are kept. Wrongly paired, a deleted comment's text would be lost; wrongly not, an edited one
# is kept twice (both versions), which loses nothing.
EDIT_MIN_SIMILARITY = 0.5
# words compared of each text: bounds the quadratic worst case of difflib on huge comments
EDIT_WORDS_COMPARED = 2_000


@dataclass(frozen=True)
class Shown:
    """What identifies a comment, archived or on the page being written."""

    id: str
    source_id: str | None
    author_id: int | None
    posted_raw: str | None
    body_text: str | None


@dataclass
class Alignment:
    ids: list[str] = field(default_factory=list)  # each shown comment's id, in page order
    positions: list[int] = field(default_factory=list)  # and its place in the merged thread
    kept: dict[str, int] = field(default_factory=dict)  # archived, no longer shown: id -> place


def same_comment(comment: Shown, side: str, index: int) -> Hashable:
    if comment.source_id:
        return ("site", comment.source_id)
    return ("text", comment.author_id, comment.posted_raw, comment.body_text)


def same_byline(comment: Shown, side: str, index: int) -> Hashable:
    if comment.source_id:
        return ("site", comment.source_id)
    if comment.author_id is None and not comment.posted_raw:
        return ("nobody", side, index)  # equal to nothing: no evidence it is any comment
    return ("byline", comment.author_id, comment.posted_raw)


def much_the_same_words(archived: Shown, shown: Shown) -> bool:
    if archived.source_id:
        return True  # the site's own id says so
    words = [(c.body_text or "").split()[:EDIT_WORDS_COMPARED] for c in (archived, shown)]
    return SequenceMatcher(None, *words, autojunk=False).ratio() >= EDIT_MIN_SIMILARITY


def always(archived: Shown, shown: Shown) -> bool:
    return True


# each level: what must be equal for a stretch to match, and what each pair must bear out
LEVELS: tuple[tuple[Callable[[Shown, str, int], Hashable], Callable[[Shown, Shown], bool]],
              ...] = ((same_comment, always), (same_byline, much_the_same_words))


def align(archived: Sequence[Shown], shown: Sequence[Shown], same_bytes: bool) -> Alignment:
    """Match `shown` (a thread as its page shows it now) to `archived` (the comments the archive
    holds for the thread, in thread order)."""
    merged = list(_walk(archived, shown, list(range(len(archived))), list(range(len(shown))),
                        0, same_bytes))
    merged = _rejoin_moved(archived, shown, merged)
    return _named(archived, shown, merged)


def _walk(archived: Sequence[Shown], shown: Sequence[Shown], old: list[int], new: list[int],
          level: int, same_bytes: bool) -> Iterator[Place]:
    if level == len(LEVELS):
        yield from _leftovers(archived, shown, old, new, same_bytes)
        return
    key, bears_out = LEVELS[level]
    matcher = SequenceMatcher(None, [key(archived[i], "archived", i) for i in old],
                              [key(shown[j], "shown", j) for j in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for i, j in zip(old[i1:i2], new[j1:j2], strict=True):
                if bears_out(archived[i], shown[j]):
                    yield i, j
                else:
                    yield from _walk(archived, shown, [i], [j], level + 1, same_bytes)
        else:
            yield from _walk(archived, shown, old[i1:i2], new[j1:j2], level + 1, same_bytes)


def _leftovers(archived: Sequence[Shown], shown: Sequence[Shown], old: list[int],
               new: list[int], same_bytes: bool) -> Iterator[Place]:
    """A stretch no level matched: the archived ones first (kept where they stood), then the
    shown ones, paired in order with the archived ones only when the bytes are the same."""
    pairs: dict[int, int] = {}
    if same_bytes:
        named_by_place = [j for j in new if not shown[j].source_id]
        unnamed = [i for i in old if not archived[i].source_id]
        pairs = dict(zip(named_by_place, unnamed, strict=False))
    paired = set(pairs.values())
    yield from ((i, None) for i in old if i not in paired)
    yield from ((pairs.get(j), j) for j in new)


def _rejoin_moved(archived: Sequence[Shown], shown: Sequence[Shown],
                  merged: list[Place]) -> list[Place]:
    """A comment the walk left unmatched on both sides, the same by level 1: it moved."""
    waiting: dict[Hashable, list[int]] = {}
    for i, j in merged:
        if j is None:
            waiting.setdefault(same_comment(archived[i], "", 0), []).append(i)
    moved: set[int] = set()
    rejoined: list[Place] = []
    for i, j in merged:
        if i is None and j is not None:
            candidates = waiting.get(same_comment(shown[j], "", 0))
            if candidates:
                i = candidates.pop(0)
                moved.add(i)
        rejoined.append((i, j))
    return [(i, j) for i, j in rejoined if not (j is None and i in moved)]


def _named(archived: Sequence[Shown], shown: Sequence[Shown], merged: list[Place]) -> Alignment:
    taken = {comment.id for comment in archived}
    ids: dict[int, str] = {}
    for i, j in merged:
        if j is None:
            continue
        if i is not None:
            ids[j] = archived[i].id
        elif shown[j].source_id:
            ids[j] = shown[j].id  # the site's own id: never renamed
        else:
            ids[j] = _free(shown[j].id, taken)
            taken.add(ids[j])
    alignment = Alignment(ids=[ids[j] for j in range(len(shown))], positions=[0] * len(shown))
    for position, (i, j) in enumerate(merged, start=1):
        if j is not None:
            alignment.positions[j] = position
        else:
            alignment.kept[archived[i].id] = position
    return alignment


def _free(name: str, taken: set[str]) -> str:
    """`name`, or `name-2`, `name-3`... : the first no archived comment has."""
    candidate, suffix = name, 1
    while candidate in taken:
        suffix += 1
        candidate = f"{name}-{suffix}"
    return candidate
