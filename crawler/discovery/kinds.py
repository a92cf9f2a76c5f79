"""What kind of page a fetched page is: a post, a page (About), or a listing of posts.

Markup decides where it speaks: WordPress-style body classes (`single`, `page`, `home`,
`archive`...) and `og:type`. Where it does not, the page's structure does: a listing is mostly a
run of teasers (repeated sibling blocks, each headed by a link to another page of the site),
whatever its classes say, and nothing of it is archived as a post; its links are followed.
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import urldefrag, urlsplit

from lxml import etree

from crawler.discovery.links import NOFOLLOW_RELS, is_action_text
from crawler.discovery.threadpages import is_same_thread
from crawler.extractors.page import Page
from crawler.extractors.selectors import xpath
from crawler.extractors.text import collapse, text_content

POST, PAGE, LISTING = "post", "page", "listing"

# body classes of WordPress-style themes, and other page-type hints
POST_BODY_CLASSES = ("single", "single-post", "postid", "permalink", "story", "diary")
PAGE_BODY_CLASSES = ("page",)  # WordPress marks a static page (About) so, and a post "single"
LISTING_BODY_CLASSES = ("home", "blog", "archive", "category", "tag", "date", "author",
                        "paged", "search", "search-results", "page-template-archive", "list",
                        "listing", "index", "front", "frontpage", "user", "profile")
# class stems WordPress numbers or names (postid-12, paged-2, category-soil, page-id-2): the stem
# is the signal; any other class counts only whole ("blog-layout" says nothing)
NUMBERED_CLASS_STEMS = ("postid", "paged", "category", "tag", "author", "date", "page-id")
# a page with no page-type markup is a post when it has comments or at least this many words
POST_MIN_WORDS = 150
# ... or this many with a publication date: a dated page of a few short paragraphs is a post
# (a news item), where an undated one may be a menu or a notice
DATED_POST_MIN_WORDS = 50

OG_TYPE = xpath("//meta[@property='og:type']/@content")
BODY_CLASS = xpath("//body/@class")
LINKS = xpath("//body//a[@href]")
HEADING_LINKS = xpath(
    "//*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6]//a[@href]")
# page furniture whose text is not the page's content: menus, headers, footers, sidebars, forms
FURNITURE_TAGS = frozenset({"nav", "header", "footer", "aside", "form", "script", "style",
                            "noscript", "select", "template"})
# a run of teasers has at least this many (a post ends with two or three "related" at most)
MIN_TEASERS = 3
# a listing: teasers hold at least this share of the page's own text (not its furniture)
LISTING_SHARE = 0.5


def body_classes(page: Page) -> set[str]:
    """The body's class tokens, with the WordPress-style numbered ones by their stem
    ("postid-123" as "postid", "paged-2" as "paged", "category-soil" as "category")."""
    classes = set(" ".join(BODY_CLASS(page.tree)).lower().split())
    return classes | {stem for c in classes for stem in NUMBERED_CLASS_STEMS
                      if c.startswith(stem + "-")}


def page_kind(page: Page) -> str | None:
    """"post", "page" (a static page), "listing" (home, archive, tag, user page), or None when
    the markup does not say. Body classes (WordPress and its kin) decide first, then og:type."""
    classes = body_classes(page)
    if classes & set(POST_BODY_CLASSES):
        return POST
    if classes & set(LISTING_BODY_CLASSES):
        return LISTING
    if classes & set(PAGE_BODY_CLASSES):
        return PAGE
    og = " ".join(OG_TYPE(page.tree)).lower()
    if "article" in og:
        return POST
    return None


def is_post(thread) -> bool:
    """A page of unknown kind (and no run of teasers) is a post when it carries a discussion, a
    body of some length, or a dated body of a few paragraphs (a short news item)."""
    if thread.comments:
        return True
    words = len((thread.post.body_text or "").split())
    return words >= POST_MIN_WORDS or (words >= DATED_POST_MIN_WORDS
                                       and bool(thread.post.published_raw))


def teasers(page: Page) -> list[etree._Element]:
    """The page's runs of teasers: sibling blocks (at least MIN_TEASERS of one tag), each headed
    by a title link to its own other page of the site: a link in a heading (`<h2><a>`), or one
    the page marks as a permalink (`rel="bookmark"`)."""
    here = urldefrag(page.url or "")[0]
    host = (urlsplit(here).hostname or "").removeprefix("www.")
    in_headings = set(HEADING_LINKS(page.tree))  # held: one lxml proxy a node while held
    titles: list[tuple[etree._Element, str]] = []
    targets_of: dict[str, str] = {}
    for link in LINKS(page.tree):
        href = link.get("href", "").strip()
        if not href or "#" in href:
            continue  # a place in a page (a comment's permalink), not a page a teaser leads to
        rel = link.get("rel")
        if rel and NOFOLLOW_RELS.intersection(rel.lower().split()):
            continue
        # a title: a link in a heading, or marked as a permalink (rel=bookmark)
        if link not in in_headings and "bookmark" not in (rel or "").lower().split():
            continue
        text = collapse(link.text) if not len(link) else collapse(text_content(link))
        if not text or is_action_text(text):
            continue
        if href not in targets_of:
            target = urldefrag(page.absolute(href))[0]
            target_host = (urlsplit(target).hostname or "").removeprefix("www.")
            same_site = target and target != here and target_host == host
            targets_of[href] = target if same_site and not is_same_thread(here, target) else ""
        if targets_of[href]:
            titles.append((link, targets_of[href]))
    if len(titles) < MIN_TEASERS:
        return []
    # a teaser: the highest ancestor of its title holding no other page's title
    targets: dict[etree._Element, set[str]] = {}
    for link, target in titles:
        for el in (link, *link.iterancestors()):
            targets.setdefault(el, set()).add(target)
    blocks: dict[etree._Element, None] = {}
    for link, _target in titles:
        block, parent = link, link.getparent()
        while parent is not None and len(targets[parent]) == 1:
            block, parent = parent, parent.getparent()
        blocks[block] = None
    runs: Counter = Counter((block.getparent(), block.tag) for block in blocks)
    return [block for block in blocks
            if runs[(block.getparent(), block.tag)] >= MIN_TEASERS]


def content_text_length(element: etree._Element) -> int:
    """Characters of an element's text outside page furniture (menus, headers, sidebars)."""
    total = len((element.text or "").strip())
    stack = list(element)
    while stack:
        node = stack.pop()
        total += len((node.tail or "").strip())  # a node's tail lies outside it
        if not isinstance(node.tag, str) or node.tag in FURNITURE_TAGS:
            continue
        total += len((node.text or "").strip())
        stack.extend(node)
    return total


def in_furniture(element: etree._Element) -> bool:
    return any(el.tag in FURNITURE_TAGS for el in element.iterancestors())


def is_listing(page: Page, comment_units=()) -> bool:
    """Whether the page is mostly a run of teasers: a listing, whatever else it carries.

    Blocks that hold one of the page's comments (`comment_units`, found from the extracted
    thread) are comments, whatever they link to (a forum's or Drupal's comment titles lead to
    each comment's own page), and not teasers."""
    units = set(comment_units)
    runs = [block for block in teasers(page) if not in_furniture(block)
            and block not in units and not units.intersection(block.iterancestors())
            and not any(el in units for el in block.iter())]
    if not runs:
        return False
    body = page.tree.find("body")
    whole = content_text_length(body if body is not None else page.tree)
    shown = sum(content_text_length(block) for block in runs)
    return whole > 0 and shown >= LISTING_SHARE * whole
