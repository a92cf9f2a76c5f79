"""Page extractors: one pure module per platform, tried in order, the generic fallback last.

Each module has `NAME`, a cheap `detect(page) -> bool` (markup first, URL second) and a pure
`extract(page) -> tuple[Post, list[Comment]]` that keeps raw strings (times, tip counts) for the
pipelines to normalize. Spiders and `blogarchive import` both dispatch through `extract_thread`.
"""

from __future__ import annotations

from types import ModuleType

from crawler.dates import parse_time
from crawler.extractors import (
    blogger,
    dailykos,
    generic,
    hackernews,
    huffpost,
    metadata,
    movabletype,
    names,
    reddit,
    regions,
    structure,
    wordpress,
)
from crawler.extractors.page import ExtractionError, Page
from crawler.items import Comment, Thread

# a page with no title needs at least this many words of body to count as a post (not a menu)
MIN_UNTITLED_BODY_WORDS = 10

# specific platforms first, the generic fallback last
EXTRACTORS: tuple[ModuleType, ...] = (
    dailykos,
    hackernews,
    reddit,
    huffpost,
    blogger,
    movabletype,
    wordpress,
    generic,
)


def choose_extractor(page: Page) -> ModuleType:
    """The first extractor whose `detect` recognises the page."""
    for module in EXTRACTORS:
        if module.detect(page):
            return module
    return generic


def extract_thread(page: Page) -> Thread:
    """A page's post and comments, or `ExtractionError` naming the page and the reason."""
    module = choose_extractor(page)
    post, comments = module.extract(page)
    post.title = metadata.refine_title(page, post.title)
    if module is not generic:
        found = comments
        comments = _whole_thread(page, comments, post.body_text)
        if comments is not found:
            # the structural finder read the thread: the module's comment elements are not it
            page.comment_elements.clear()
        for comment in comments:
            if comment.author and names.NAME_NOISE.search(comment.author):
                comment.author = names.commenter_name(comment.author) or comment.author
    if module is not generic and not post.body_text:
        # a platform page whose body markup we missed: the generic body beats none
        fallback = generic.main_content(page)
        post.body_text, post.body_html = fallback.text, fallback.html
    if module is not generic and parse_time(post.published_raw) is None:
        # none, or none a time can be read from (a placeholder): the page's dateline, if read
        post.published_raw = metadata.first_readable((post.published_raw, generic.dateline(page)))
    if not post.title and len((post.body_text or "").split()) < MIN_UNTITLED_BODY_WORDS:
        raise ExtractionError(page.url, "no recognisable post: neither a title nor a body found")
    post.url = post.url or page.url
    post.canonical_url = post.canonical_url or page.canonical_url
    post.site = post.site or page.site
    post.platform = post.platform or module.NAME
    # what reading the page took (an encoding passed over, nesting flattened) goes with it
    return Thread(post=post, comments=comments, extractor=module.NAME,
                  problems=list(page.notes))


def _paged(page: Page) -> bool:
    """Whether the page is one of several pages of its thread: a later page (?page=2,
    comment-page-2), or one that links to others."""
    from crawler.discovery.threadpages import other_pages, thread_base  # reads with extractors

    if not page.url:
        return False
    return thread_base(page.url) != page.url.partition("#")[0] or bool(
        other_pages(page.tree, page.url, page.absolute))


def _whole_thread(page: Page, comments: list[Comment], post_text: str | None) -> list[Comment]:
    """A platform module's comments, or the structural finder's where the module has fewer than
    the page shows: none at all, or fewer than a "37 Comments" heading counts.

    A platform module never has the last word on "no comments": its selectors learned the pages
    it was shown, and a theme or plugin it never saw hides the thread from them. Where it found
    the count the page declares (or the page declares none and it found some), the structural
    finder is not run at all: it costs a walk over every date of the page. Its thread replaces
    the module's where it has more comments and no more top-level ones than the page counts (a
    Q&A page counts its answers, not the comments under them).
    """
    declared = regions.declared_count(page.tree)
    unnamed = _half_unnamed(comments)
    if comments and not unnamed and (declared is None or len(comments) >= declared):
        return comments
    if comments and not unnamed and (regions.COMMENT_PAGES(page.tree) or _paged(page)):
        return comments  # the count is of every page of comments, this page shows one
    found = structure.find_comments(page.tree, post_text, page.json_ld)
    if unnamed and len(found) == len(comments) and not _half_unnamed(found):
        return found  # the same thread, with the names and times the module missed
    if len(found) <= len(comments):
        return comments
    top_level = sum(1 for c in found if "." not in c.path)
    if comments and declared is not None and top_level > declared:
        return comments  # more than the page counts: something else than its thread
    return found


def _half_unnamed(comments: list[Comment]) -> bool:
    """Most comments have no name: the module's selectors missed the byline.

    Missing times alone do not count: many sites show none, and where the names were read the
    byline was too; on the corpus the finder never found a time a module had missed, and
    looking cost +74% on pages whose thread the module had read."""
    if not comments:
        return False
    missing = sum(1 for c in comments if not c.author)
    return 2 * missing > len(comments)


def extract_html(html: str | bytes, url: str | None = None) -> Thread:
    """Convenience for saved pages: decode, parse once, extract."""
    page = Page.from_bytes(html, url) if isinstance(html, bytes) else Page(html, url)
    return extract_thread(page)


__all__ = [
    "EXTRACTORS",
    "ExtractionError",
    "Page",
    "choose_extractor",
    "extract_html",
    "extract_thread",
]
