"""What a list's surroundings say of it: a region named for comments, or for something else.

Teaser lists, archives, navigation and sidebars repeat dated, authored blocks as a comment thread
does; what tells them apart is around them. A container named for comments ("comments",
"discussion", "kommentare"), a heading over the list ("37 Responses", "Leserkommentare"), the
form to add a comment beside it or the thread's `<a name=comments>` anchor make a list a thread;
a container named for related posts, a sidebar or navigation rules it out. A heading counting the
comments ("37 Comments") also tells `extract_thread` whether a platform module found them all.
"""

from __future__ import annotations

import re

from lxml import etree

from crawler.extractors.selectors import xpath
from crawler.extractors.text import HEADINGS, collapse, text_content

# a container (or block) whose id/class says it holds reader comments (a discussion "thread")
COMMENT_HINT = re.compile(
    r"comment|talkback|discuss|repl(?:y|ies)|response|reaction|feedback|kommentar|disqus|livefyre"
    r"|thread",
    re.I,
)
# a block (or container) named for something else that repeats dated blocks
NOT_COMMENT = re.compile(
    r"(?:^|[\s_-])(?:related|trending|popular|recommend\w*|more-posts|sidebar|widget|teasers?"
    r"|promo|recirc\w*|twitter-tweet|tweet|instagram\w*|embed\w*|nav|navigation|menu|breadcrumbs?"
    r"|most-\w+|post-summary|archive|headlines?)(?:[\s_-]|$)",
    re.I,
)
# a heading counting the thread: "37 Comments", "One thought on “X”", "Comments (20)", "12
# Kommentare", "30 Answers" (a Q&A page's). The words name a discussion in the languages of the
# corpus (en, de, fr, es, it, nl, hr, pl); "thoughts" and "responses" are what WordPress themes
# print
_THREAD_WORDS = (
    r"(?:comments?|responses?|replies|answers?|reactions?|talkbacks?|thoughts?|kommentare?|antworten"
    r"|commentaires?|réponses?|comentarios?|respuestas?|commenti|reacties|komentar\w*"
    r"|odgovor\w*)"
)
COUNT_HEADING = re.compile(
    rf"^\W*(?P<count>\d[\d,.]*|one|a single)\s+(?:\w+\s+)?{_THREAD_WORDS}\b"
    rf"|^\W*(?:\w+\s+)?{_THREAD_WORDS}\s*[(\[:]?\s*(?P<count2>\d[\d,.]*)\s*[)\]]?\W*$",
    re.I,
)
# links to another page of the thread's comments (WordPress "comment-page-2", "?cpage=2"): where
# the thread is paginated, a count heading counts every page
COMMENT_PAGES = xpath(
    "boolean(//a[contains(@href,'comment-page-') or contains(@href,'cpage=')"
    " or contains(@href,'commentpage=') or contains(@href,'comments-page-')])"
)
# a heading (or comment form) beside the block, its list or the list's container tells: one
# beside a page's main column says nothing of a list deep inside it
HINT_LEVELS = 3
# a heading over a comment list: "Comments", "37 Responses", "Reader comments", "Leserkommentare",
# "Have your say"
COMMENT_HEADING = re.compile(
    rf"^\W*(?:\d+\s+)?(?:reader\s+|user\s+|your\s+|leser|lecteurs?\s+)?(?:{_THREAD_WORDS}"
    rf"|discussion|diskussion|reactions|views|have your say)\b",
    re.I,
)
# a heading over the form to add a comment ("Leave a Reply", "Post a comment", "Kommentar
# schreiben", "Laisser un commentaire", "Deja un comentario"), which a thread sits beside
FORM_HEADING = re.compile(
    r"^\W*(?:leave|post|add|write|submit)\s+(?:a\s+|your\s+)?(?:comment|reply|response)\b"
    r"|^\W*(?:kommentar|antwort)\s+(?:schreiben|verfassen|hinterlassen)"
    r"|^\W*(?:laisser|écrire|ajouter)\s+un\s+commentaire|^\W*deja\s+(?:un|tu)\s+comentario",
    re.I,
)
# a count heading is short: longer text is prose that happens to start with a number
COUNT_HEADING_CHARS = 80
# a thread's or comment form's heading is no longer than this ("Leave a Reply", "3 Comments")
THREAD_HEADING_CHARS = 60


def declared_count(tree: etree._Element) -> int | None:
    """The number of comments a heading of the page announces ("37 Comments"), the largest
    where several do; None where no heading counts them.

    Read from headings only (`iter` by tag, in C): it decides whether the structural finder
    runs after a platform module, so it must cost next to nothing on every page."""
    best = None
    for heading in tree.iter(*HEADINGS):
        text = collapse(text_content(heading))
        if not text or len(text) > COUNT_HEADING_CHARS:
            continue
        match = COUNT_HEADING.match(text)
        if match is None:
            continue
        raw = (match.group("count") or match.group("count2") or "").lower()
        count = 1 if raw in ("one", "a single") else int(re.sub(r"[,.]", "", raw) or 0)
        best = count if best is None else max(best, count)
    return best


def named_otherwise(el: etree._Element) -> bool:
    """A block in (or named as) a related-posts list, a sidebar, navigation, an embedded tweet."""
    node = el
    while node is not None and node.tag != "body":
        attrs = f"{node.get('id') or ''} {node.get('class') or ''}"
        if COMMENT_HINT.search(attrs):
            return False
        if NOT_COMMENT.search(attrs):
            return True
        node = node.getparent()
    return False


def in_comment_region(el: etree._Element) -> bool:
    """A block inside a container named for comments, under a "Comments" heading, or beside
    the form to add one (a "Leave a Reply" heading, a form with a text box) within
    HINT_LEVELS."""
    node = el
    level = 0
    while node is not None and node.tag != "body":
        attrs = f"{node.get('id') or ''} {node.get('class') or ''}"
        if COMMENT_HINT.search(attrs):
            return True
        level += 1
        for preceding in (True, False) if level <= HINT_LEVELS else ():
            for sibling in node.itersiblings(preceding=preceding):
                if not isinstance(sibling.tag, str):
                    continue
                if sibling.tag == "form" and next(sibling.iter("textarea"), None) is not None:
                    return True
                if preceding and sibling.tag == "a" and COMMENT_HINT.search(
                        sibling.get("name") or ""):
                    return True  # the thread's own anchor ("<a name=comments>") right before
                text = collapse(text_content(sibling))
                # a thread's heading stands before it; the form's before or after it (a
                # "Comments" heading after a list starts the thread that follows the list)
                if text and len(text) <= THREAD_HEADING_CHARS and (
                    FORM_HEADING.search(text) or preceding and COMMENT_HEADING.search(text)
                ):
                    return True
                if text:
                    break
        node = node.getparent()
    return False
