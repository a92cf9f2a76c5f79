"""WordPress: self-hosted themes, WordPress.com and the common comment plugins.

Markup signature: `<meta name="generator" content="WordPress ...">`, `wp-content` / `wp-includes`
asset URLs, the REST API `<link rel="https://api.w.org/">`, body classes `single-post` /
`postid-N`, and the comment markup of `wp_list_comments()`: `li.comment` (or `div.comment` in the
`style=div` variant) with `id="comment-N"` or `id="li-comment-N"`, a `depth-N` class, replies in
`ul.children` / `ol.children`, `div.comment-body` / `.comment-content`, `cite.fn` or
`.comment-author .fn`, a `comment-meta` / `commentmetadata` permalink with the time (often a
`<time datetime>`), and `li.pingback` / `li.trackback` for pings. The Kubrick-era default theme
(2005-2008: `ol.commentlist > li#comment-N`, `<cite>` author, `small.commentmetadata`),
WordPress.com (`cite.comment-author`, `div.contenttext`, "Like" widgets), wpDiscuz
(`div.wpd-comment`, `id="wpd-comm-N_P"`), WP Recipe Maker ratings inside comments and Jetpack
share / like / related blocks in the post are handled too.

The post is found inside its container (`article#post-N`, `div#post-N`, `.type-post`, `.hentry`,
`main`): title, body (`.entry-content`, `.post-content`, `.entry`, `[itemprop=articleBody]` ...)
without share, "Like this", related-posts, tag, author-box and navigation blocks and without the
article furniture of `furniture.furniture` (credited photos, galleries, rails, appeals); tags
come from `rel="tag"` / `rel="category tag"` links. Without a known container the body is the
block holding the most paragraph text outside comments and page chrome.

Checked on corpus pages: dragnet_test-datafiles/models_testing (blogohblog, WordPress 3.4),
l3s-gn1_comment-subset 552fe66a (bloggernews, Kubrick theme, 2008), mozilla-readability 002
(hacks.mozilla.org) and firefox-nightly-blog, trafilatura-eval_subset blog.wordpress.com.diverse,
grossefragen.wordpress.com.projekt (WordPress.com), businessjargons.com.leadership,
youhadmeatgardening.com.lemon, verfassungsblog.de.expertinnen, thenervousbreakdown.com.loneliest,
statisticsglobe.com.ggplot2 (Impreza page builder), flawlessfood.co.uk.olive and
elavegan.com-Peanut (Genesis + WP Recipe Maker), stackoverflow.com.rust, and
postlight-parser blisterreview.com (GeneratePress).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import escape
from urllib.parse import urlsplit

from lxml import etree

from crawler.extractors import metadata
from crawler.extractors.furniture import furniture
from crawler.extractors.page import Page
from crawler.extractors.selectors import (
    any_class,
    class_tokens,
    has_class,
    matches,
    xpath,
    xpaths,
)
from crawler.extractors.text import block_text, blocks_text, collapse, paths_from_depths
from crawler.items import Comment, Post

NAME = "wordpress"

# --- detection ---------------------------------------------------------------------------------
DETECT = xpaths(
    "boolean(//link[@rel='https://api.w.org/'])",
    "boolean(//link[contains(@href,'/wp-content/') or contains(@href,'/wp-includes/')]"
    " | //img[contains(@src,'/wp-content/')])",
    "boolean(//body[" + matches("class", "postid-", "(^|\\s)postid-[0-9]+(\\s|$)") + "])",
    "boolean(//form[contains(@action,'wp-comments-post.php')])",
    "boolean(//li[" + matches("id", "comment-", "^(li-)?comment-[0-9]+$") + "]["
    + any_class("comment", "pingback") + "])",
)
DETECT_HOSTS = (".wordpress.com", ".wp.com")

# --- comments ----------------------------------------------------------------------------------
# a comment (or ping) element of the thread; duplicates (an inner `article#comment-N` inside
# `li#li-comment-N`) are dropped in code
COMMENTS = xpaths(
    "//*[self::li or self::div or self::article]"
    "[" + matches("id", "comment-", "^(li-)?comment-[0-9]+$")
    + " or " + matches("id", "wpd-comm-", "^wpd-comm-[0-9]+_")
    + " or (" + any_class("comment", "pingback", "trackback")
    + " and " + matches("class", "depth-", "(^|\\s)depth-[0-9]+(\\s|$)") + ")]",
)
COMMENT_ID = re.compile(r"^(?:li-|div-|article-)?(?:comment-|wpd-comm-)(\d+)")
COMMENT_DEPTH_CLASS = re.compile(r"(?:^|\s)depth-(\d+)(?:\s|$)")
PING_KINDS = ("pingback", "trackback")
# a container of sidebar widgets ("Recent comments" lists repeat the thread's markup)
WIDGET_CLASS = re.compile(r"(?:^|\s)(?:widget|widget-area|sidebar)(?:\s|$)")
# where the site's comment id sits when the comment element itself has none
COMMENT_ID_INNER = xpaths(
    ".//*[" + matches("id", "comment-", "^(div-|article-)?comment-[0-9]+$") + "]/@id",
    ".//*[@data-commentid]/@data-commentid",
)
# tried in order for each comment; the first hit owned by the comment (not by a nested reply) wins
COMMENT_AUTHOR = xpaths(
    ".//*[" + has_class("comment-author") + "]//*[" + has_class("fn") + "]",
    ".//*[" + has_class("fn") + "]",
    ".//*[" + any_class("comment-author-name", "wpd-comment-author", "w-comments-item-author")
    + "]",
    ".//cite[" + has_class("comment-author") + "]",
    ".//*[" + has_class("comment-author") + "]//cite",
    ".//*[@itemprop='author']//*[@itemprop='name']",
    ".//*[" + any_class("comment-author-link", "commenter", "comment-author-name") + "]",
    ".//cite",
    ".//*[" + has_class("comment-author") + "]",
    ".//*[" + any_class("author", "comment_author", "user") + "]",
    ".//a[" + has_class("url") + "]",
)
# (xpath, attribute holding a machine-readable time or None for the visible text)
COMMENT_TIME = (
    (xpath(".//time[@datetime]"), "datetime"),
    (xpath(".//abbr[" + has_class("published") + "][@title]"), "title"),
    (xpath(".//*[" + has_class("wpd-comment-date") + "][@title]"), "title"),
    (xpath(".//*[" + any_class("comment-meta", "commentmetadata", "comment-metadata") + "]"
                 "//a[contains(@href,'comment')]"), None),
    (xpath(".//*[" + any_class("comment-time", "comment-date", "comment_date",
                                   "w-comments-item-date", "wpd-comment-date") + "]"), None),
    (xpath(".//a[contains(@href,'#comment-')]"), None),
    (xpath(".//*[" + any_class("comment-meta", "commentmetadata", "comment-metadata") + "]"),
     None),
    (xpath(".//time"), None),
)
COMMENT_BODY = xpaths(
    ".//*[" + any_class("comment-content", "comment-text", "comment_text", "commenttext",
                      "contenttext", "comment-entry", "wpd-comment-text",
                      "w-comments-item-text") + "]",
    ".//*[@itemprop='text' or @itemprop='commentText' or @itemprop='description']",
    ".//*[" + has_class("entry-content") + "]",
    ".//*[" + has_class("comment-body") + "]",
    ".//*[" + any_class("content", "text", "body") + "]",
)
# inside a comment: never part of its words
COMMENT_CHROME = xpaths(
    ".//*[" + any_class("comment-author", "comment-meta", "commentmetadata", "comment-metadata",
                      "comment-header", "comment-footer", "reply", "comment-reply",
                      "comment-reply-link", "comment-actions", "comment-likes", "comment-like",
                      "says", "avatar", "photo", "edit-link", "comment-edit-link",
                      "comment-awaiting-moderation", "wprm-comment-rating",
                      "wprm-rating-stars", "comment-rating", "star-rating", "rating",
                      "wpd-comment-header", "wpd-comment-footer", "wpd-avatar",
                      "wpd-comment-last-edited", "comment-util", "w-comments-item-meta",
                      "sharedaddy", "children") + "]",
    ".//*[self::header or self::footer or self::form or self::button or self::img"
    " or self::svg or self::input or self::textarea]",
)

# --- post --------------------------------------------------------------------------------------
# the post's own container, most specific first (never one inside the comments)
_POST_ID = matches("id", "post-", "^post-[0-9]+$")
POST_CONTAINER = xpaths(
    "//article[" + _POST_ID + "]",
    "//*[" + _POST_ID + "][" + any_class("post", "hentry", "type-post", "page", "type-page") + "]",
    "//*[" + any_class("type-post", "type-page") + "]",
    "//*[" + has_class("hentry") + "][not(" + has_class("comment") + ")]",
    "//*[" + _POST_ID + "]",
    "//article[" + any_class("post", "entry") + "]",
    "//div[" + has_class("post") + "]",
    "//main",
    "//*[@role='main']",
)
# the body inside the container (or the page), most specific first; several non-nested matches
# (a theme that splits the text in blocks) are joined
BODY = xpaths(
    ".//*[" + has_class("entry-content") + "]",
    ".//*[@itemprop='articleBody']",
    ".//*[" + any_class("post-content", "post-entry", "postcontent", "entry-body", "post-body",
                       "single-content", "article-content", "td-post-content", "the-content",
                       "entry_content", "post_content", "storycontent", "entrytext",
                       "entry-text", "post-text") + "]",
    # (`@class and` first: elements without a class are ruled out once, not once per name)
    ".//*[@class and (contains(@class,'entry-content') or contains(@class,'post-content')"
    " or contains(@class,'article-content') or contains(@class,'post-body')"
    " or contains(@class,'article-body') or contains(@class,'post-entry')"
    " or contains(@class,'single-content'))]",
    ".//*[" + has_class("entry") + "][not(self::article)]",
    ".//*[" + any_class("content", "body", "text") + "][not(self::body)]",
)
# what a body never keeps: share / like / related blocks, post meta, navigation, author boxes,
# comments and forms, sidebars and ads. Found in one walk over the body (`_chrome_elements`):
# as five selectors, each over the whole body (one testing some sixty class names an element),
# they were a quarter of extracting a WordPress page
CHROME_TAGS = frozenset("nav form aside button select input textarea iframe".split())
CHROME_IDS = frozenset(("comments", "respond", "jp-post-flair", "secondary", "sidebar"))
CHROME_ID_PREFIXES = ("jp-relatedposts", "like-post")
# class tokens, any one of them
CHROME_CLASSES = frozenset((
    "sharedaddy", "sd-sharing-enabled", "sd-like", "sd-block", "wpcnt", "jp-relatedposts",
    "addtoany_share_save_container", "addtoany_content", "a2a_kit", "sociable", "yarpp-related",
    "crp_related", "rp4wp-related-posts", "related-posts", "relatedposts", "navigation",
    "post-navigation", "nav-links", "entry-meta", "entry-footer", "entry-utility",
    "postmetadata", "post-meta", "tags-links", "cat-links", "post-tags", "tags", "meta",
    "comments-area", "comment-respond", "commentlist", "comment-list", "widget", "widget-area",
    "sidebar", "l-sidebar", "screen-reader-text", "adsbygoogle", "advertisement", "skip-link",
    "wp-block-comments", "post-views", "wpdiscuz_top_clearing", "wpd-thread-head",
    "wprm-recipe-link", "byline", "posted-by", "author-name",
))
# class tokens, all of them together (an hCard of the author)
CHROME_CLASS_SETS = (frozenset(("author", "vcard")),)
# anywhere in the class attribute
CHROME_CLASS_PARTS = (
    "share", "sharing", "related", "social", "author-box", "author__box", "author_box",
    "author-bio", "about-author", "authorbox", "newsletter", "subscribe", "cookie", "rating",
    "post-views", "jp-relatedposts", "breadcrumb",
)
# also dropped when the whole container is the body: its header (title, byline) and footer
CONTAINER_CHROME = xpaths(
    ".//*[self::header or self::footer or self::h1]",
    ".//*[" + any_class("entry-header", "post-header", "entry-title", "post-title", "byline",
                       "date", "entry-date", "posted-on") + "]",
    ".//*[contains(@class,'meta') or contains(@class,'byline')]",
)
# BODY selectors from this index on are loose (class substrings, generic names)
LOOSE_BODY_LEVEL = 3
# without a body selector, the container's densest block is the body when it holds this share
DENSE_SHARE = 0.7
# a body match shorter than this while another selector finds 3x more is a subtitle or excerpt
SHORT_BODY = 500
# paragraphs whose parent may hold the body when no container is known
BODY_PARAGRAPHS = xpath(".//p")
# never the body: dialogs, cookie notices, footers, sidebars, comments
NOT_BODY = re.compile(r"dialog|modal|popup|cookie|privacy|gdpr|footer|sidebar|widget|comment"
                      r"|respond|related|share|newsletter", re.I)
TITLE = xpaths(
    ".//h1[" + has_class("entry-title") + "]",
    ".//*[" + any_class("entry-title", "post-title", "posttitle", "single-title",
                       "posttitleheader") + "]",
    ".//h1",
    ".//h2",
)
PUBLISHED = (
    (xpath(".//time[" + any_class("entry-date", "published") + "][@datetime]"), "datetime"),
    (xpath(".//*[" + has_class("published") + "][@title]"), "title"),
    (xpath(".//time[@datetime][not(ancestor::*[@id='comments'])]"), "datetime"),
)
PUBLISHED_TEXT = xpaths(
    ".//*[" + any_class("entry-date", "published", "post-date", "posted-on", "entry-time") + "]",
    ".//*[" + any_class("date", "postdate", "post-info", "postmetadata", "byline") + "]",
)
POST_AUTHOR = xpaths(
    ".//*[" + any_class("entry-author-name", "post-author-name", "author-name") + "]",
    ".//*[" + has_class("author") + "]//*[" + has_class("fn") + "]",
    ".//*[" + has_class("author") + "][" + has_class("fn") + "]",
    ".//a[contains(concat(' ',normalize-space(@rel),' '),' author ')]",
    ".//*[" + any_class("byline", "entry-author", "posted-by", "post-author") + "]//a",
    ".//*[@itemprop='author']//*[@itemprop='name']",
)
# "January 9th, 2008 by Ed Kent", "Posted by Ed Kent on ..."
BYLINE = re.compile(r"\b(?:by|von|par|door|di|por)\s+([^\n,|:]{2,60}?)\s*(?:\bon\b|\bam\b|$|\|)")
TAGS = xpaths(
    ".//a[contains(concat(' ',normalize-space(@rel),' '),' tag ')]",
)
# the elements a title, author or date is never read from: comments, widgets, related posts
OUTSIDE_POST = re.compile(r"(^|\s)(comment|comments|widget|related|sidebar|pingback)", re.I)

_DIGIT = re.compile(r"\d")
_AUTHOR_TRIM = " ,;:-–—|\u00a0"
_BY = re.compile(r"^(?:by|von|par|door|di|por)\s+", re.I)
LOOSE_LABEL = re.compile(
    r"^(?:(?:on|at|am|le|el|op)\s+)?(?:says|said|wrote|sagt|schreibt|dice|dit|écrit|zegt)"
    r"\s*:?\s*",
    re.I,
)
PING_LABEL = re.compile(r"^(?:pingback|trackback)\s*:\s*", re.I)
_SAYS = re.compile(r"\s+(?:says|said|sagt|schreibt|dice|dit|zegt|wrote)\s*:?\s*$", re.I)


def detect(page: Page) -> bool:
    if "wordpress" in page.generator:
        return True
    if any(selector(page.tree) for selector in DETECT):
        return True
    host = urlsplit(page.url or "").hostname or ""
    return host.endswith(DETECT_HOSTS)


def extract(page: Page) -> tuple[Post, list[Comment]]:
    items = _comment_items(page.tree)
    item_set = set(items)
    owners: dict = {}
    container = _post_container(page.tree, item_set, owners)
    body_els, skip = _post_body(page.tree, container, item_set, owners)
    title_el, title = _title(page, container, body_els, item_set, owners)
    if title_el is not None:
        skip.add(title_el)
    post = Post(
        url=page.url or "",
        canonical_url=page.canonical_url,
        site=page.site,
        platform=NAME,
        title=title,
        author=_post_author(page, container, item_set, owners),
        published_raw=_published(page, container, item_set, owners),
        tags=_tags(page, container, item_set, owners),
    )
    if body_els:
        post.body_text = blocks_text(body_els, skip=skip.__contains__) or None
        post.body_html = "".join(_html(el, skip, outer=True) for el in body_els) or None
    return post, _comments(page.tree, items, item_set, owners)


# --- comments ----------------------------------------------------------------------------------


def _comment_items(tree) -> list:
    """The thread's comment elements in document order, inner duplicates dropped."""
    found = COMMENTS[0](tree)
    outside = [el for el in found if not _in_widget(el)]
    if outside:  # a thread outside the sidebars: a list inside one shows other posts' comments
        found = outside
    found_set = set(found)
    items = []
    for el in found:
        parent = _nearest(el, found_set)
        if parent is not None and _same_comment(parent, el):
            continue
        items.append(el)
    # an inner duplicate was dropped: its own descendants now belong to the outer element
    return items


def _in_widget(el) -> bool:
    """Inside a sidebar widget (an `aside`, an element named widget or sidebar): where a
    "Recent comments" list repeats the thread's markup; some themes put the thread itself in an
    `aside`, so this counts only beside a thread outside one."""
    for ancestor in el.iterancestors():
        if ancestor.tag == "aside" or WIDGET_CLASS.search(ancestor.get("class") or ""):
            return True
    return False


def _same_comment(outer, inner) -> bool:
    """An inner element repeating its comment (`li#li-comment-5 > article#comment-5`)."""
    a, b = _comment_number(outer), _comment_number(inner)
    if a and b:
        return a == b
    if COMMENT_DEPTH_CLASS.search(inner.get("class") or ""):
        return False
    node = inner.getparent()
    while node is not None and node is not outer:
        if node.tag in ("ul", "ol") or "children" in (node.get("class") or ""):
            return False
        node = node.getparent()
    return True


def _comment_number(el) -> str | None:
    match = COMMENT_ID.match(el.get("id") or "")
    return match.group(1) if match else None


def _nearest(el, members: set):
    """The closest proper ancestor of `el` that is in `members`, or None."""
    node = el.getparent()
    while node is not None:
        if node in members:
            return node
        node = node.getparent()
    return None


def _owner(el, item_set: set, cache: dict):
    """The comment an element belongs to (itself included), memoized along the way up."""
    chain = []
    node = el
    result = None
    while node is not None:
        if node in cache:
            result = cache[node]
            break
        if node in item_set:
            result = node
            break
        chain.append(node)
        node = node.getparent()
    for seen in chain:
        cache[seen] = result
    return result


def _first_owned(xpaths, tree, item_set: set, owners: dict) -> dict:
    """For each comment, the first element the ordered `xpaths` find inside it (not in a reply)."""
    chosen: dict = {}
    for selector in xpaths:
        for el in selector(tree):
            owner = _owner(el, item_set, owners)
            if owner is not None and owner is not el and owner not in chosen:
                chosen[owner] = el
    return chosen


def _comments(tree, items: list, item_set: set, owners: dict) -> list[Comment]:
    if not items:
        return []
    tree = _common_ancestor(items)
    authors = _first_owned(COMMENT_AUTHOR, tree, item_set, owners)
    bodies = _first_owned(COMMENT_BODY, tree, item_set, owners)
    times: dict = {}
    for selector, attr in COMMENT_TIME:
        for el in selector(tree):
            owner = _owner(el, item_set, owners)
            if owner is None or owner is el or owner in times:
                continue
            value = el.get(attr) if attr else _time_text(el)
            # every time has a digit: a link without one is the reply button the permalink
            # selectors also match ("Antworten")
            if value and value.strip() and (attr or _DIGIT.search(value)):
                times[owner] = (el, value.strip())
    chrome = set()
    for selector in COMMENT_CHROME:
        chrome.update(el for el in selector(tree) if _owner(el, item_set, owners) is not None)
    skip = chrome | item_set

    depths = _depths(items, item_set)
    paths = paths_from_depths(depths)
    ids = [_source_id(el) for el in items]
    source_of = dict(zip(paths, ids, strict=True))
    comments = []
    for el, path, source_id in zip(items, paths, ids, strict=True):
        author_el = authors.get(el)
        time_el, posted = times.get(el, (None, None))
        body_els = _comment_body(el, bodies.get(el), skip)
        own_skip = skip | {x for x in (author_el, time_el) if x is not None}
        if _kind(el) != "comment" and author_el is not None:
            own_skip.discard(author_el)  # a ping's link is its text
        body_text = blocks_text(body_els, skip=own_skip.__contains__)
        if body_els[0] is el:  # no body container: a loose "says:" may lead the words
            body_text = _strip_label(body_text)
        if _kind(el) != "comment":
            body_text = PING_LABEL.sub("", body_text)
        comments.append(
            Comment(
                path=path,
                source_id=source_id,
                parent_source_id=source_of.get(path.rpartition(".")[0]),
                author=_author_name(author_el, skip) if author_el is not None else None,
                author_url=_author_url(author_el),
                posted_raw=posted,
                body_text=body_text or None,
                body_html="".join(_html(b, own_skip) for b in body_els) or None,
                kind=_kind(el),
            )
        )
    return comments


def _common_ancestor(items: list):
    """The smallest element holding every comment (the comment list, usually)."""
    first = [items[0], *items[0].iterancestors()]
    depth_of = {el: i for i, el in enumerate(first)}
    deepest = 0
    for el in items[1:]:
        node = el
        while node is not None and node not in depth_of:
            node = node.getparent()
        if node is None:
            return items[0].getroottree().getroot()
        deepest = max(deepest, depth_of[node])
    return first[deepest]


def _depths(items: list, item_set: set) -> list[int]:
    """Depth of each comment from the DOM nesting; `depth-N` classes when the list is flat."""
    dom = []
    depth_of: dict = {}
    for el in items:
        parent = _nearest(el, item_set)
        depth = depth_of[parent] + 1 if parent is not None else 0
        depth_of[el] = depth
        dom.append(depth)
    if any(dom):
        return dom
    by_class = []
    for el in items:
        match = COMMENT_DEPTH_CLASS.search(el.get("class") or "")
        by_class.append(int(match.group(1)) - 1 if match else 0)
    return by_class


def _source_id(el) -> str | None:
    number = _comment_number(el)
    if number:
        return number
    for selector in COMMENT_ID_INNER:
        for value in selector(el):
            match = COMMENT_ID.match(str(value)) or re.match(r"^(\d+)$", str(value))
            if match:
                return match.group(1)
    return None


def _kind(el) -> str:
    classes = (el.get("class") or "").split()
    for kind in PING_KINDS:
        if kind in classes:
            return kind
    return "comment"


def _comment_body(item, body_el, skip: set) -> list:
    """The element holding a comment's words: its body container, else the comment itself.

    Kubrick-era markup has no container (`<cite>`, `<small>` date, then paragraphs straight in
    the `li`): the whole comment is read, its author, time and chrome left out.
    """
    if body_el is not None and body_el not in skip:
        return [body_el]
    return [item]


def _strip_label(text: str) -> str:
    """Drop the "Says:" / "on ... said:" residue that markup leaves loose before the words."""
    return LOOSE_LABEL.sub("", text)


def _author_name(el, skip: set) -> str | None:
    inner_skip = {x for x in skip if x is not el}
    name = collapse(block_text(el, skip=inner_skip.__contains__).replace("\n", " "))
    name = _SAYS.sub("", name).strip(_AUTHOR_TRIM)
    return name or None


def _author_url(el) -> str | None:
    if el is None:
        return None
    links = [el] if el.tag == "a" else el.findall(".//a")
    for link in links:
        href = (link.get("href") or "").strip()
        if href.startswith("http"):
            return href
    return None


def _time_text(el) -> str:
    text = collapse(el.text_content())
    return text.strip(" :|\u00a0")


# --- post --------------------------------------------------------------------------------------


def _outside_comments(el, item_set: set, owners: dict) -> bool:
    """Not inside a comment, a widget, a sidebar or a related-posts block."""
    if _owner(el, item_set, owners) is not None:
        return False
    node = el
    while node is not None:
        if OUTSIDE_POST.search(node.get("class") or "") or node.get("id") in (
            "comments", "respond", "sidebar", "secondary"
        ):
            return False
        node = node.getparent()
    return True


def _post_container(tree, item_set: set, owners: dict):
    for selector in POST_CONTAINER:
        for el in selector(tree):
            if _outside_comments(el, item_set, owners):
                return el
    return None


def _post_body(tree, container, item_set: set, owners: dict):
    """The post body elements and the set of elements their text leaves out."""
    scope = container if container is not None else tree
    levels = []
    for level, selector in enumerate(BODY):
        found = [el for el in selector(scope) if el.tag != "body"]
        found = [el for el in found if _outside_comments(el, item_set, owners)]
        tops = [el for el in _outermost(found) if collapse(el.text_content())]
        if tops:
            levels.append((tops, sum(len(collapse(el.text_content())) for el in tops), level))
    for tops, size, level in levels:
        # a lead-in or excerpt block that only shares the body's class name: look further
        if size < SHORT_BODY and any(other > 3 * size for _, other, _ in levels):
            continue
        if level >= LOOSE_BODY_LEVEL and size < SHORT_BODY:
            # a short block that only a generic name ("text", "content") matched, such as a
            # header's tagline cell: the densest run of paragraphs, where it says much more
            dense = _densest(scope, item_set, owners)
            if dense is not None and _para_text(dense) > 3 * size:
                return [dense], _chrome([dense], item_set)
        skip = _chrome(tops, item_set)
        if level >= LOOSE_BODY_LEVEL:
            # a loosely named block may hold the headline and byline too
            for selector in CONTAINER_CHROME:
                for top in tops:
                    skip.update(selector(top))
        return tops, skip
    if container is not None and container.tag != "body":
        dense = _densest(container, item_set, owners)
        if dense is not None and _para_share(dense, container) >= DENSE_SHARE:
            return [dense], _chrome([dense], item_set)
        skip = _chrome([container], item_set)
        for selector in CONTAINER_CHROME:
            skip.update(selector(container))
        return [container], skip
    best = _densest(tree, item_set, owners)
    if best is not None:
        return [best], _chrome([best], item_set)
    return [], set()


def _para_text(el) -> int:
    """Characters of paragraph text in `el`."""
    return sum(len(collapse(p.text_content())) for p in el.iter("p"))


def _para_share(el, scope) -> float:
    """Share of the paragraph text of `scope` that sits in `el`."""
    total = sum(len(collapse(p.text_content())) for p in scope.iter("p"))
    own = sum(len(collapse(p.text_content())) for p in el.iter("p"))
    return own / total if total else 0.0


def _outermost(elements: list) -> list:
    """Drop elements nested in another of the list (keeping document order)."""
    chosen = set(elements)
    result = []
    for el in elements:
        node = el.getparent()
        while node is not None and node not in chosen:
            node = node.getparent()
        if node is None:
            result.append(el)
    return result


def _chrome(elements: list, item_set: set) -> set:
    skip = set(item_set)
    for el in elements:
        skip.update(_chrome_elements(el))
        skip.update(furniture(el))
    return skip


def _chrome_elements(el) -> Iterator[etree._Element]:
    """The elements below `el` that the CHROME_* constants name."""
    by_class: dict[str, bool] = {}  # a page repeats its class strings: each is judged once
    for node in el.iterdescendants(etree.Element):
        node_id = node.get("id")
        cls = node.get("class")
        if cls:
            chrome_class = by_class.get(cls)
            if chrome_class is None:
                chrome_class = by_class[cls] = _chrome_class(cls)
        else:
            chrome_class = False
        if (
            chrome_class
            or node.tag in CHROME_TAGS
            or node_id is not None
            and (node_id in CHROME_IDS or node_id.startswith(CHROME_ID_PREFIXES))
        ):
            yield node


def _chrome_class(cls: str) -> bool:
    """A class attribute naming chrome: by one of its tokens, a set of them, or a part."""
    tokens = set(class_tokens(cls))
    return (
        not tokens.isdisjoint(CHROME_CLASSES)
        or any(names <= tokens for names in CHROME_CLASS_SETS)
        or any(part in cls for part in CHROME_CLASS_PARTS)
    )


def _densest(scope, item_set: set, owners: dict):
    """The element whose own paragraphs hold the most text, outside comments and page chrome."""
    totals: dict = {}
    for para in BODY_PARAGRAPHS(scope):
        parent = para.getparent()
        if parent is not None:
            totals[parent] = totals.get(parent, 0) + len(collapse(para.text_content()))
    for el, _ in sorted(totals.items(), key=lambda kv: -kv[1]):
        if not _outside_comments(el, item_set, owners):
            continue
        path = [el]
        for ancestor in el.iterancestors():
            if ancestor is scope or ancestor.tag in ("body", "html"):
                break
            path.append(ancestor)
        if any(NOT_BODY.search((a.get("class") or "") + " " + (a.get("id") or "")) for a in path):
            continue
        return el
    return None


def _title(page: Page, container, body_els: list, item_set: set, owners: dict):
    """The headline element and its text: in the container before the body, else the page."""
    first_body = body_els[0] if body_els else None
    body_set = set(body_els)
    scopes = [container] if container is not None else []
    scopes.append(page.tree)
    for scope in scopes:
        for selector in TITLE:
            if scope is page.tree and selector is TITLE[-1]:
                continue  # any h2 of the page is no headline
            for el in selector(scope):
                if scope is container:
                    if _owner(el, item_set, owners) is not None:
                        continue
                elif not _outside_comments(el, item_set, owners):
                    continue
                in_body = [a for a in (el, *el.iterancestors()) if a in body_set]
                if in_body and not (el.tag == "h1" and _leads(el, in_body[0])):
                    continue
                if scope is not container and _in_site_header(el):
                    continue
                if scope is container and first_body is not None and not _before(el, first_body):
                    continue
                text = collapse(el.text_content())
                if text:
                    return el, text
    value = page.meta("og:title", "twitter:title")
    if value:
        return None, collapse(value)
    return None, metadata.title(page)


def _leads(heading, body) -> bool:
    """A heading at the top of the body: no paragraph of the body comes before it."""
    for para in body.iter("p"):
        return not _before(para, heading)
    return True


def _in_site_header(el) -> bool:
    """A site name heading (logo, masthead) rather than the post's."""
    for node in [el, *el.iterancestors()]:
        marker = ((node.get("class") or "") + " " + (node.get("id") or "")).lower()
        if any(word in marker for word in ("site-title", "logo", "masthead", "site-header",
                                           "sitepimpin", "blog-title", "site-branding")):
            return True
        if node.tag == "header" and node.getparent() is not None and node.getparent().tag == "body":
            return True
    return False


def _before(a, b) -> bool:
    """`a` comes before `b` in document order (and is not inside it)."""
    chain_a = [a, *a.iterancestors()]
    chain_b = [b, *b.iterancestors()]
    set_b = set(chain_b)
    for i, node in enumerate(chain_a):
        if node in set_b:
            if i == 0:
                return False  # b is inside a
            j = chain_b.index(node)
            if j == 0:
                return False  # a is inside b
            parent = node
            return parent.index(chain_a[i - 1]) < parent.index(chain_b[j - 1])
    return False


def _published(page: Page, container, item_set: set, owners: dict) -> str | None:
    scopes = [container] if container is not None else []
    for scope in scopes:
        for selector, attr in PUBLISHED:
            for el in selector(scope):
                if _outside_comments(el, item_set, owners) and (el.get(attr) or "").strip():
                    return el.get(attr).strip()
    value = page.meta("article:published_time", "og:published_time", "datePublished")
    if value:
        return value
    for scope in [*scopes, page.tree]:
        for selector, attr in PUBLISHED:
            for el in selector(scope):
                if _outside_comments(el, item_set, owners) and (el.get(attr) or "").strip():
                    return el.get(attr).strip()
        for selector in PUBLISHED_TEXT:
            for el in selector(scope):
                if not _outside_comments(el, item_set, owners):
                    continue
                text = collapse(el.text_content())
                if re.search(r"\d", text):
                    return re.split(r"\s+(?:by|von|par|door)\s+", text)[0].strip(" |·,")
    return metadata.published(page)


def _post_author(page: Page, container, item_set: set, owners: dict) -> str | None:
    scopes = [container] if container is not None else []
    scopes.append(page.tree)
    for scope in scopes:
        for selector in POST_AUTHOR:
            for el in selector(scope):
                if not _outside_comments(el, item_set, owners):
                    continue
                name = _BY.sub("", collapse(el.text_content()).strip(_AUTHOR_TRIM))
                if name and len(name) < 80:
                    return name
    for scope in scopes:
        for selector in PUBLISHED_TEXT:
            for el in selector(scope):
                if not _outside_comments(el, item_set, owners):
                    continue
                match = BYLINE.search(collapse(el.text_content()))
                if match:
                    return match.group(1).strip(_AUTHOR_TRIM)
    return metadata.author(page)


def _tags(page: Page, container, item_set: set, owners: dict) -> list[str]:
    scope = container if container is not None else page.tree
    seen: dict[str, None] = {}
    for selector in TAGS:
        for el in selector(scope):
            if not _outside_comments(el, item_set, owners):
                continue
            text = collapse(el.text_content())
            if text:
                seen.setdefault(text, None)
    return list(seen) or metadata.tags(page)


# --- html --------------------------------------------------------------------------------------


def _html(el, skip: set, outer: bool = False) -> str:
    """HTML of `el` (its inside, or with its own tag when `outer`), leaving out `skip` anywhere."""
    inner = _inner_html(el, skip)
    if not outer:
        return inner.strip()
    return (_open_tag(el) + inner + f"</{el.tag}>") if isinstance(el.tag, str) else inner


def _inner_html(el, skip: set) -> str:
    # the children that hold a skipped element are opened tag by tag, from a stack rather than
    # by recursion (a page may nest deeper than Python recurses); the others written whole
    # the elements above a skipped one: asking each child for its descendants instead cost the
    # square of the depth on a deeply nested page
    holders = {a for d in skip for a in d.iterancestors()}
    parts = [escape(el.text) if el.text else ""]
    opened = [(el, iter(el))]  # (element, its children still to write)
    while opened:
        parent, children = opened[-1]
        for child in children:
            if child in skip:
                if child.tail:
                    parts.append(escape(child.tail))
            elif child in holders:
                parts.append(_open_tag(child) + (escape(child.text) if child.text else ""))
                opened.append((child, iter(child)))
                break
            else:
                parts.append(
                    etree.tostring(child, encoding="unicode", method="html", with_tail=True))
        else:
            opened.pop()
            if opened:  # an opened child, not `el` itself
                parts.append(f"</{parent.tag}>")
                if parent.tail:
                    parts.append(escape(parent.tail))
    return "".join(parts)


def _open_tag(el) -> str:
    attrs = "".join(f' {k}="{escape(v, quote=True)}"' for k, v in el.attrib.items())
    return f"<{el.tag}{attrs}>"
