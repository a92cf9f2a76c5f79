"""Which archived comment each comment of a thread is, when the thread is written again.

A comment the site gives no id of its own is first named by its place in the thread
(`pipelines.thread.comment_id`: "...-p3.1"). Places shift when a comment is deleted, or a reply
inserted, between two fetches; a name by place alone would then write each later comment over
the one before it, the deleted comment's text lost and the last one stored twice. So a thread
the archive already holds is matched, comment by comment, to what it holds, and only a comment
that matches none is named anew: by its place, or by its place and a suffix where an archived
comment already has that name.

A comment is the same as an archived one when it has the same id of the site's, or else the
same author, time as shown and text. Both threads are walked in order (difflib's longest
matching blocks, so a deletion, an insertion or a new comment at the top shifts nothing), and a
comment that moved (a thread sorted otherwise) is matched where it went. Nothing is paired on
weaker evidence: an edited comment without an id of the site's is kept in both its versions,
which loses nothing, where a wrong pair would write one comment over another. (A re-parse,
where an improved extractor reads every text otherwise, rebuilds each thread from its stored
pages instead: `ArchiveWriter(rebuild_threads=True)`.)

Archived comments the copy no longer shows are kept, and placed where they stood among those
around them: positions number the merged thread.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

# a pair in the merged thread: (index among the archived, index among the shown), either None
Place = tuple[int | None, int | None]


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


def identity(comment: Shown) -> Hashable:
    if comment.source_id:
        return ("site", comment.source_id)
    return ("text", comment.author_id, comment.posted_raw, comment.body_text)


def align(archived: Sequence[Shown], shown: Sequence[Shown]) -> Alignment:
    """Match `shown` (a thread as its page shows it now) to `archived` (the comments the archive
    holds for the thread, in thread order)."""
    return _named(archived, shown, _rejoin_moved(archived, shown, _walk(archived, shown)))


def _walk(archived: Sequence[Shown], shown: Sequence[Shown]) -> list[Place]:
    """The longest stretches the same in both paired; the rest unpaired where it stands, the
    archived ones of a stretch before the shown ones."""
    merged: list[Place] = []
    matcher = SequenceMatcher(None, [identity(c) for c in archived],
                              [identity(c) for c in shown], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            merged += zip(range(i1, i2), range(j1, j2), strict=True)
        else:
            merged += [(i, None) for i in range(i1, i2)] + [(None, j) for j in range(j1, j2)]
    return merged


def _rejoin_moved(archived: Sequence[Shown], shown: Sequence[Shown],
                  merged: list[Place]) -> list[Place]:
    """A comment the walk left unmatched on both sides, the same on both: it moved."""
    waiting: dict[Hashable, list[int]] = {}
    for i, j in merged:
        if j is None:
            waiting.setdefault(identity(archived[i]), []).append(i)
    moved: set[int] = set()
    rejoined: list[Place] = []
    for i, j in merged:
        if i is None and j is not None:
            candidates = waiting.get(identity(shown[j]))
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
