"""Every page of a thread, whichever way the site pages it, joined into one thread.

A long discussion is split over pages: `comment-page-N/` (WordPress), `?cpage=N`, `?page=N`
(community sites' "show more" pages). Sites page in either direction: WordPress by default shows
the *last* page at the post's URL and links "Older Comments" back to `comment-page-1/`; others
show the first and link onwards. So every link from a thread page to another page of the same
thread (`rel=next/prev`, "Older/Newer Comments", numbered pagers) is followed, in either
direction, until none is left, and the pages are joined in page order:

- a page's number is in its URL; the thread's own URL is page 1 unless another URL is page 1,
  in which case it is the last page (newest first);
- a comment that appears on two pages (a site showing the first page at both its URLs) is kept
  once;
- a reply on one page to a comment on an earlier one ("[ Parent ]" pointing to `?page=2#c45`) is
  put under that comment, with its replies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from lxml import etree

from crawler.extractors.selectors import xpath
from crawler.items import Comment, Thread

COMMENT_PAGE = re.compile(r"/comment-page-(\d+)/?")
# query parameters that number the pages of a thread or a list
PAGE_PARAMS = ("page", "cpage", "comment-page", "commentPage")
PAGE_LINKS = xpath("//a/@href | //link[@rel='next' or @rel='prev']/@href")
# what an address naming a page of a thread shows (see `thread_base`), tested before resolving it
PAGE_MARK = re.compile(r"comment-page-\d|(?:^|[?&;])(?:" + "|".join(PAGE_PARAMS) + r")=\d")


def thread_base(url: str) -> str:
    """The URL of a thread's own page: comment-page-N and page=N parts removed."""
    parts = urlsplit(url)
    path = COMMENT_PAGE.sub("/", parts.path)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k not in PAGE_PARAMS]
    return urlunsplit((parts.scheme, parts.netloc.lower(), path, urlencode(query), ""))


def is_same_thread(url: str, other: str) -> bool:
    """Whether `other` is another page of the same thread (its comments continued)."""
    return url != other and thread_base(url) == thread_base(other)


def page_number(url: str) -> int | None:
    """The page number a URL names (comment-page-3/, ?page=3), None for the thread's own URL."""
    parts = urlsplit(url)
    found = COMMENT_PAGE.search(parts.path)
    if found:
        return int(found.group(1))
    for key, value in parse_qsl(parts.query):
        if key in PAGE_PARAMS and value.isdigit():
            return int(value)
    return None


def other_pages(page_tree: etree._Element, url: str, absolute) -> list[str]:
    """Links from a thread page to other pages of the same thread, in document order.

    Only an address that names a page (`comment-page-N`, a page parameter) can be another
    page of the thread: the others (a diary page links to hundreds of places) are not resolved.
    """
    base = thread_base(url)
    found: dict[str, None] = {}
    for href in dict.fromkeys(h.partition("#")[0].strip() for h in PAGE_LINKS(page_tree)):
        if not href or not PAGE_MARK.search(href):
            continue
        target = absolute(href)
        if target != url and thread_base(target) == base:
            found[target] = None
    return list(found)


@dataclass
class ThreadPages:
    """A thread being read page by page: what is fetched, what is still to fetch."""

    base: str  # the thread's own URL
    pages: dict[str, Thread | None] = field(default_factory=dict)  # fetched (None: failed)
    queue: list[str] = field(default_factory=list)
    # the moment the thread's own page shows, when it came from a web archive (its capture
    # time): the other pages are asked for from the captures nearest it
    capture_time: str | None = None

    def add(self, url: str, thread: Thread | None, links: list[str]) -> None:
        """A page fetched (its thread, None if it could not be read), and the thread pages it
        links to; those not seen yet are queued."""
        self.pages[url] = thread
        for link in links:
            if link not in self.pages and link not in self.queue and link != self.base:
                self.queue.append(link)

    def next_url(self) -> str | None:
        """The next page to fetch, or None when the thread is whole."""
        while self.queue:
            url = self.queue.pop(0)
            if url not in self.pages:
                return url
        return None

    def fetched(self) -> tuple[str, ...]:
        return tuple(self.pages)

    def whole(self) -> Thread | None:
        """The thread, its pages joined in page order; None if its own page gave nothing."""
        first = self.pages.get(self.base)
        if first is None:
            return None
        numbered = {url: page_number(url) for url in self.pages if url != self.base}
        base_number = 1
        if 1 in numbered.values():  # another URL is page 1: the thread's URL shows the last
            base_number = max(n or 0 for n in numbered.values()) + 1
        order = sorted(self.pages, key=lambda u: base_number if u == self.base
                       else (numbered[u] or 0))
        threads = [self.pages[u] for u in order if self.pages[u] is not None]
        return join_pages(threads, lead=first)


def join_pages(threads: list[Thread], lead: Thread | None = None) -> Thread:
    """Pages of one thread (in page order) as one thread: the post of `lead` (the thread's own
    page; the first by default), every comment once, replies across pages under their parents,
    every page's raw copy kept."""
    lead = lead or threads[0]
    joined = Thread(post=lead.post, extractor=lead.extractor, page=lead.page,
                    fetched_at=lead.fetched_at, problems=list(lead.problems))
    placer = _Placer()
    for thread in threads:
        placer.place_page(thread.comments)
        if thread is not lead:
            if thread.page is not None:
                joined.more_pages.append(thread.page)
            joined.problems.extend(thread.problems)
        joined.more_pages.extend(thread.more_pages)
    joined.comments = placer.comments
    return joined


class _Placer:
    """Puts each page's comments into one tree, renumbering their paths."""

    def __init__(self) -> None:
        self.comments: list[Comment] = []
        self.by_source: dict[str, Comment] = {}
        self.seen: set[tuple] = set()
        self.children: dict[str, int] = {}  # path (or "" for the top) -> children placed

    def place_page(self, comments: list[Comment]) -> None:
        moved: dict[str, str] = {}  # a root's path on its page -> its path in the thread
        texts_here: set[tuple] = set()
        for comment in comments:
            head, dot, rest = comment.path.partition(".")
            if self._seen(comment, texts_here):
                known = self.by_source.get(comment.source_id or "")
                if not dot and known is not None:  # its new replies go under the one kept
                    moved[head] = known.path
                continue
            if not dot:
                parent = self.by_source.get(comment.parent_source_id or "")
                moved[head] = self._child_of(parent.path if parent else "")
                comment.path = moved[head]
            elif head in moved:
                comment.path = f"{moved[head]}.{rest}"
                parent_path = comment.path.rpartition(".")[0]
                number = int(comment.path.rpartition(".")[2])
                self.children[parent_path] = max(self.children.get(parent_path, 0), number)
            else:
                continue  # under a root shown twice and not known by id: kept with it, once
            self.comments.append(comment)
            if comment.source_id:
                self.by_source[comment.source_id] = comment
        self.seen |= texts_here

    def _child_of(self, parent_path: str) -> str:
        number = self.children.get(parent_path, 0) + 1
        self.children[parent_path] = number
        return f"{parent_path}.{number}" if parent_path else str(number)

    def _seen(self, comment: Comment, texts_here: set[tuple]) -> bool:
        """Placed already: by the site's id, on any page; by author, time and text, on an
        earlier page only (a page repeating the last of the one before), since a page that
        shows a comment twice without ids shows a double post, kept as the page shows it
        (as a single page read outside a crawl keeps it)."""
        if comment.source_id:
            key: tuple = ("id", comment.source_id)
            if key in self.seen:
                return True
            self.seen.add(key)
            return False
        key = ("text", comment.author, comment.posted_raw, comment.body_text)
        texts_here.add(key)
        return key in self.seen
