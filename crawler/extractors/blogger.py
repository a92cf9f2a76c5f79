"""Blogger / Blogspot posts and their comments.

Markup signature: `<meta name="generator" content="blogger">`, a `#Blog1` widget holding
`.post-outer > .post.hentry` with `.post-title`, `.post-body[id^=post-body-]` (`.entry-content`),
`.post-author .fn`, `abbr.published[title]` / `.timestamp-link`, `.post-labels a[rel=tag]`;
`meta[itemprop=blogId]`. Comments come in two layouts:

- threaded (2011+): `div.comment-thread > ol > li.comment#c<id>`, the author in `cite.user`, the
  time in `span.datetime a` (its href carries `?showComment=<epoch ms>`), the words in
  `p.comment-content`, replies nested in `div.comment-replies` of the parent `li`;
- old (2006-2011): `dl#comments-block` of `dt.comment-author#c<id>` ("Name said..."),
  `dd.comment-body`, `dd.comment-footer .comment-timestamp a` (classic templates:
  `dt.comment-poster`, `dd.comment-timestamp`); flat.

A threaded comment's visible time is often only a time of day ("21:00"); its exact instant is the
`showComment` epoch, so `posted_raw` is that instant as ISO 8601 with the blog's own UTC offset
(worked out from the visible time of day when shown, else +00:00).

Checked on: trafilatura-eval_subset/eval/abookshelffullofsunshine.blogspot.com.interview.html
(threaded, 1 comment + 1 reply), mozilla-readability_test-pages/blogger/source.html (old layout,
no comments), trafilatura-eval_subset/cache/plentylife.blogspot.pamela-reif.html (custom theme,
threaded, 1 comment).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

from crawler.extractors import metadata
from crawler.extractors.page import Page
from crawler.extractors.selectors import css, marked_or_hosted, xpath, xpaths
from crawler.extractors.text import block_text, collapse, inner_html
from crawler.extractors.tree import is_inside, own_finder
from crawler.items import Comment, Post

NAME = "blogger"

# markup only Blogger emits (the generator meta is checked first, the host last)
DETECT = css(
    "div.post-body[id^='post-body-']",
    "meta[itemprop='blogId']",
    "div.comment-thread li.comment[id^='c']",
    "dl#comments-block",
    "#Blog1 .post-outer",
    "a[href*='blogger.com/comment-iframe.g']",
)
DETECT_HOST = re.compile(r"(^|\.)blogspot\.[a-z.]+$")
DETECT_HOST_MARKUP = css(".post-body", ".post-outer")
# the post's own block around its body, nearest first (the first post of an index page)
POST = css(
    ".post-outer", ".post.hentry", "[itemprop='blogPost']", ".post", "article", prefix="self::"
)
TITLE = css(
    ".post-title", ".entry-title", "h1", "h2:not(.date-header)", "h3", "[itemprop='name']"
)
BODY = css(
    ".post-body", ".entry-content", "[itemprop='articleBody']", ".post-entry", ".entry"
)
# widgets a theme puts inside the body
CHROME = css(
    ".post-share-buttons",
    ".post-footer",
    ".jump-link",
    ".item-control",
    ".blog-admin",
    ".post-labels",
    ".related-posts",
    "#related-posts",
    ".share-button",
    ".addthis_toolbox",
    ".sharethis",
    ".post-header",
)
AUTHOR = css(
    ".post-author .fn [itemprop='name']",
    ".post-author .fn",
    ".post-author a[rel='author']",
    ".author .fn",
    ".fn",
    "[itemprop='author'] [itemprop='name']",
)
AUTHOR_TEXT = css(".post-author", ".byline")
# machine-readable first (attribute values), then the visible text
PUBLISHED_ISO = xpaths(
    ".//abbr[contains(concat(' ',normalize-space(@class),' '),' published ')]/@title",
    ".//time[@datetime]/@datetime",
    ".//*[contains(concat(' ',normalize-space(@class),' '),' published ')]/@datetime",
    ".//*[@itemprop='datePublished']/@title",
    ".//*[@itemprop='datePublished']/@content",
    ".//*[@itemprop='datePublished']/@datetime",
)
PUBLISHED_TEXT = css(".published", ".timestamp-link", ".post-timestamp", "a[rel='bookmark']")
# the day heading sits above the post, outside it
DATE_HEADER = css(".date-header")
TAGS = css(".post-labels a", "a[rel='tag']")

# threaded layout
THREAD_COMMENTS = css(
    ".comment-thread li.comment", "#comment-holder li.comment", ".comments-content li.comment"
)
COMMENT_AUTHOR = css("cite.user", ".comment-author", ".user")
COMMENT_TIME = css("span.datetime a", ".datetime a", ".datetime", ".comment-timestamp a")
COMMENT_BODY = css(".comment-content", ".comment-body")
# what a threaded comment holds that is not its own words
COMMENT_CHROME = css(
    ".comment-replies", ".comment-actions", ".comment-replybox-single", ".avatar-image-container"
)
# old layout: a definition list, one dt + dd pair (+ footer dd) per comment
OLD_BLOCK = css("dl#comments-block", "dl.comments-block", "#comments dl")
OLD_AUTHOR_LINK = xpath(".//a[@href and normalize-space(.) != '']")
OLD_AUTHOR_CHROME = css(".avatar-image-container", "img")
OLD_TIME = css(".comment-timestamp a", "a[title='comment permalink']", ".comment-timestamp", "a")
OLD_BODY_CHROME = css(".item-control", ".blog-admin")
# the comment's permalink, its time, inside the name line of the 2005 template
OLD_PERMALINK = css("a[title='comment permalink']", "a[href^='#c']")
# what that template writes before the time ("At 4/19/2005 07:14 PM, Anonymous said..."), in
# Blogger's languages
OLD_TIME_LEAD = re.compile(r"^\s*(?:at|on|am|um|le|à|el|il|op|o)\b\s*,?\s*", re.IGNORECASE)

COMMENT_ID = re.compile(r"^c(\d+)$")
SHOW_COMMENT = re.compile(r"[?&]showComment=(\d{10,13})")
# a visible timestamp that names its day, not only a time of day
HAS_DATE = re.compile(r"\d{4}|\d{1,2}/\d{1,2}/\d{2}")
TIME_OF_DAY = re.compile(r"\b(\d{1,2})[:.](\d{2})(?::\d{2})?\s*([AaPp]\.?\s?[Mm]\.?)?")
# "Name said..." in a few of Blogger's languages; otherwise a trailing "word..." is dropped
SAID = re.compile(
    r"\s*(said|says|wrote|hat gesagt|sagte|schreibt|a dit|dijo|disse|ha detto|zei|skrev|sa|"
    r"napisał|написал|kirjoitti|dedi|escribió)?\s*(\.\.\.|…|:)?\s*$",
    re.IGNORECASE,
)
POSTED_BY = re.compile(r"^\s*(posted by|eingestellt von|publié par|publicado por|pubblicato da)\s*",
                       re.IGNORECASE)


def detect(page: Page) -> bool:
    return "blogger" in page.generator or marked_or_hosted(
        page.tree, page.site, DETECT, DETECT_HOST, DETECT_HOST_MARKUP)


def extract(page: Page) -> tuple[Post, list[Comment]]:
    root = page.tree
    body_el = _first(BODY, root)
    post_el = _post_element(body_el, root)
    body_text = body_html = None
    if body_el is not None:
        chrome = {el for xp in CHROME for el in xp(body_el)}
        body_text = block_text(body_el, skip=chrome) or None
        body_html = inner_html(body_el, skip=chrome) or None
    post = Post(
        url=page.url or "",
        canonical_url=page.canonical_url,
        site=page.site,
        platform=NAME,
        title=_title(post_el, body_el) or metadata.title(page),
        author=_author(post_el) or metadata.author(page),
        published_raw=_published(post_el) or metadata.published(page),
        body_text=body_text,
        body_html=body_html,
        tags=_tags(post_el) or metadata.tags(page),
    )
    comments = _threaded_comments(root) or _old_comments(root)
    return post, comments


def _post_element(body_el, root):
    """The block holding the post's title and byline: the body's nearest post-like ancestor."""
    if body_el is None:
        return root
    for xp in POST:
        for ancestor in body_el.iterancestors():
            if xp(ancestor):
                return ancestor
    # no post wrapper: the nearest ancestor that also holds a title
    for ancestor in body_el.iterancestors():
        if _title(ancestor, body_el):
            return ancestor
    return root


def _first(xpaths, context):
    for xp in xpaths:
        found = xp(context)
        if found:
            return found[0]
    return None


def _title(post_el, body_el) -> str | None:
    for xp in TITLE:
        for el in xp(post_el):
            if body_el is not None and (el is body_el or is_inside(el, body_el)):
                continue
            text = collapse(el.text_content())
            if text:
                return text
    return None


def _author(post_el) -> str | None:
    for xp in AUTHOR:
        for el in xp(post_el):
            text = collapse(el.text_content())
            if text and len(text) < 100:
                return text
    for xp in AUTHOR_TEXT:
        for el in xp(post_el):
            text = POSTED_BY.sub("", collapse(el.text_content()))
            if text and len(text) < 100:
                return text
    return None


def _published(post_el) -> str | None:
    for xp in PUBLISHED_ISO:
        for value in xp(post_el):
            if str(value).strip():
                return str(value).strip()
    time_only = None
    for xp in PUBLISHED_TEXT:
        for el in xp(post_el):
            text = collapse(el.text_content())
            if not text or len(text) > 60:
                continue
            if HAS_DATE.search(text):
                return text
            if time_only is None and TIME_OF_DAY.search(text):
                time_only = text
    # the date heading of the day's posts, just above the post (with the post's time of day)
    for el in _preceding_date_header(post_el):
        text = collapse(el.text_content())
        if text:
            return f"{text} {time_only}" if time_only else text
    return None


def _preceding_date_header(post_el):
    node = post_el
    for _ in range(4):
        parent = node.getparent()
        if parent is None:
            return []
        headers = [h for xp in DATE_HEADER for h in xp(parent)]
        before = [h for h in headers if not is_inside(h, post_el)]
        if before:
            return before[:1]
        node = parent
    return []


def _tags(post_el) -> list[str]:
    for xp in TAGS:
        found = [collapse(a.text_content()) for a in xp(post_el)]
        found = list(dict.fromkeys(t for t in found if t))
        if found:
            return found
    return []


def _matches(xpaths, context) -> set:
    """Every element some of `xpaths` find below `context` (none when there is no context)."""
    if context is None:
        return set()
    return {el for xp in xpaths for el in xp(context)}


def _text(el) -> str | None:
    return (collapse(el.text_content()) or None) if el is not None else None


def _comment_id(value: str | None) -> str | None:
    match = COMMENT_ID.match(value or "")
    return match.group(1) if match else None


def _threaded_comments(root) -> list[Comment]:
    items = []
    for xp in THREAD_COMMENTS:
        items = xp(root)
        if items:
            break
    if not items:
        return []
    members = set(items)
    parents: dict = {}
    depths: dict = {}
    # document order: a parent is always met before its replies
    for li in items:
        parent = next((a for a in li.iterancestors() if a in members), None)
        parents[li] = parent
        depths[li] = 0 if parent is None else depths[parent] + 1
    paths = _paths(items, parents)
    comments = []
    for li in items:
        own = own_finder(li, members)
        author_el = own(COMMENT_AUTHOR)
        time_el = own(COMMENT_TIME)
        body_el = own(COMMENT_BODY)
        skip = _matches(COMMENT_CHROME, body_el)
        author_link = author_el.find(".//a") if author_el is not None else None
        parent = parents[li]
        comments.append(
            Comment(
                path=paths[li],
                source_id=_comment_id(li.get("id")),
                parent_source_id=_comment_id(parent.get("id")) if parent is not None else None,
                author=_text(author_el),
                author_url=author_link.get("href") if author_link is not None else None,
                posted_raw=_comment_time(time_el),
                body_text=block_text(body_el, skip=skip) if body_el is not None else None,
                body_html=inner_html(body_el, skip=skip) if body_el is not None else None,
            )
        )
    return comments


def _paths(items, parents) -> dict:
    counts: dict = {}
    paths: dict = {}
    for li in items:
        parent = parents[li]
        counts[parent] = counts.get(parent, 0) + 1
        prefix = paths[parent] + "." if parent is not None else ""
        paths[li] = f"{prefix}{counts[parent]}"
    return paths


def _comment_time(el) -> str | None:
    if el is None:
        return None
    visible = collapse(el.text_content()) or None
    href = el.get("href") or next((a.get("href") for a in el.iterdescendants("a")), None) or ""
    match = SHOW_COMMENT.search(href)
    if not match:
        return visible
    stamp = int(match.group(1))
    seconds = stamp / 1000 if len(match.group(1)) == 13 else stamp
    instant = datetime.fromtimestamp(seconds, tz=UTC).replace(microsecond=0)
    offset = _offset_from_visible(visible, instant)
    return instant.astimezone(timezone(offset)).isoformat()


def _offset_from_visible(visible: str | None, instant: datetime) -> timedelta:
    """The blog's UTC offset, from the time of day the page shows for a known UTC instant."""
    match = TIME_OF_DAY.search(visible or "")
    if not match:
        return timedelta(0)
    hour, minute = int(match.group(1)), int(match.group(2))
    meridiem = (match.group(3) or "").lower().replace(".", "").replace(" ", "")
    if meridiem == "pm" and hour < 12:
        hour += 12
    elif meridiem == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return timedelta(0)
    shown = hour * 60 + minute
    utc = instant.hour * 60 + instant.minute
    diff = (shown - utc) % 1440
    if diff >= 840:  # offsets run from -12:00 to +14:00
        diff -= 1440
    diff = round(diff / 15) * 15
    return timedelta(minutes=diff)


def _old_comments(root) -> list[Comment]:
    block = _first(OLD_BLOCK, root)
    if block is None:
        return []
    records: list[dict] = []
    for child in block:
        if not isinstance(child.tag, str):
            continue
        classes = (child.get("class") or "").split()
        if child.tag == "dt":
            records.append({"dt": child, "body": None, "footer": None})
        elif not records:
            continue
        elif child.tag == "dd" and "comment-body" in classes or (
            child.tag == "dd" and records[-1]["body"] is None and "comment-footer" not in classes
            and "comment-timestamp" not in classes
        ):
            records[-1]["body"] = child
        elif child.tag == "dd":
            records[-1]["footer"] = child
    comments = []
    for position, record in enumerate(records, start=1):
        dt, body_el, footer = record["dt"], record["body"], record["footer"]
        anchor = dt.get("id") or next(
            (a.get("name") for a in dt.iterdescendants("a") if a.get("name")), None
        )
        author, author_url = _old_author(dt)
        time_el = _first(OLD_TIME, footer) if footer is not None else None
        if time_el is None and footer is not None:
            time_el = footer
        if time_el is None:  # the 2005 template: "At <permalink>time</permalink>, X said..."
            time_el = _first(OLD_PERMALINK, dt)
        skip = _matches(OLD_BODY_CHROME, body_el)
        comments.append(
            Comment(
                path=str(position),
                source_id=_comment_id(anchor),
                author=author,
                author_url=author_url,
                posted_raw=_old_time(time_el),
                body_text=block_text(body_el, skip=skip) if body_el is not None else None,
                body_html=inner_html(body_el, skip=skip) if body_el is not None else None,
            )
        )
    return comments


def _old_author(dt) -> tuple[str | None, str | None]:
    chrome = {el for xp in OLD_AUTHOR_CHROME for el in xp(dt)}
    chrome.update(el for xp in OLD_PERMALINK for el in xp(dt))
    for link in OLD_AUTHOR_LINK(dt):
        if any(link is c or is_inside(link, c) for c in chrome):
            continue
        return collapse(link.text_content()) or None, link.get("href")
    text = block_text(dt, skip=chrome)
    name = OLD_TIME_LEAD.sub("", SAID.sub("", collapse(text))).strip(" ,")
    return name or None, None


def _old_time(el) -> str | None:
    if el is None:
        return None
    visible = collapse(el.text_content()) or None
    if visible and HAS_DATE.search(visible):
        return visible
    return _comment_time(el)
