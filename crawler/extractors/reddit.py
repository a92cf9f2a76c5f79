"""Reddit thread pages, in the three markups Reddit has served.

Markup signatures, tried in this order:
- "shreddit" web components (2023-): `<shreddit-post>` with its title, author, subreddit and
  time as attributes, `<shreddit-comment thingid="t1_..." depth="N" parentid=... author=...>`
  nested as the thread nests, the words in `*[slot=comment]`, the time in `faceplate-timeago[ts]`.
- old Reddit (old.reddit.com, and www until 2018): the post is `div.thing[data-fullname=t3_...]`,
  the thread `div.sitetable.nestedlisting` of `div.thing.comment[data-fullname=t1_...]`, replies in
  each comment's `div.child`; `p.tagline` holds `a.author`, `span.score` ("5 points") and
  `time[datetime]`; the words are in `div.usertext-body div.md`.
- new Reddit React (2018-2023): the post `*[data-testid=post-container][id=t3_...]`, comments a
  flat list of `div.Comment.t1_...` whose depth is only told by a "level N" label (or the count of
  thread lines); words in `*[data-testid=comment]`; times are relative ("4 yr. ago"), so none
  is kept.
Deleted and removed comments stay in the thread (they hold replies), with the placeholder the page
shows ("[deleted]", "Comment deleted by user") as their body and no author.

Checked on: postlight-parser_fixtures/fixtures/www.reddit.com.html (React, 197 comments, 2 levels),
postlight-parser_fixtures/fixtures/www.reddit.com--title-only.html (React, 15 comments, no
author links), and hand-written old-Reddit and shreddit fixtures in tests/fixtures/reddit/.
"""

from __future__ import annotations

import re
from html import escape
from urllib.parse import urlsplit

from crawler.extractors import metadata
from crawler.extractors.page import Page
from crawler.extractors.selectors import has_class, xpath
from crawler.extractors.text import block_text, collapse, inner_html, paths_from_depths
from crawler.items import Comment, Post

NAME = "reddit"


HOSTS = ("reddit.com",)
DETECT = (
    xpath("(//shreddit-post | //shreddit-comment)[1]"),
    xpath("(//*[starts-with(@data-fullname,'t1_') or starts-with(@data-fullname,'t3_')])[1]"),
    xpath("(//*[@data-testid='post-container'][starts-with(@id,'t3_')])[1]"),
    xpath(
        f"(//div[{has_class('Comment')}]"
        "[starts-with(substring-after(@class,'Comment '),'t1_')])[1]"
    ),
)

# --- shreddit (2023-) ---
SH_POST = xpath("//shreddit-post")
SH_TITLE = xpath("./*[@slot='title']")
SH_BODY = xpath("./*[@slot='text-body']")
SH_COMMENTS = xpath("//shreddit-comment")
SH_COMMENT_TIME = (
    xpath("./*[@slot='commentMeta']//faceplate-timeago/@ts"),
    xpath("./*[@slot='commentMeta']//time/@datetime"),
)
SH_COMMENT_BODY = xpath("./*[@slot='comment']")

# --- old Reddit ---
OLD_POST = xpath(
    "//div[@data-type='link' or starts-with(@data-fullname,'t3_')]"
    f"[{has_class('thing')}][not(ancestor::*[{has_class('side')}])]"
)
OLD_TITLE = xpath(f".//p[{has_class('title')}]/a[{has_class('title')}]")
OLD_BODY = xpath(
    f".//div[{has_class('expando')}]//div[{has_class('usertext-body')}]//div[{has_class('md')}]"
)
# a comment "thing"; "load more comments" stubs are things too, with another data-type
_OLD_COMMENT = (
    f"div[{has_class('thing')}][@data-type='comment' or (not(@data-type)"
    f" and starts-with(@data-fullname,'t1_'))][not({has_class('morechildren')})]"
)
OLD_COMMENTS = xpath(f"//{_OLD_COMMENT}")
OLD_PARENT = xpath(f"ancestor::{_OLD_COMMENT}[1]")
OLD_ENTRY = xpath(f"./div[{has_class('entry')}]")
OLD_AUTHOR = xpath(f"./p[{has_class('tagline')}]/a[{has_class('author')}]")
OLD_TIME = xpath(
    f"./p[{has_class('tagline')}]/time[not({has_class('edited-timestamp')})]/@datetime"
)
OLD_SCORE = (
    xpath(f"./p[{has_class('tagline')}]/span[{has_class('score')}][{has_class('unvoted')}]"),
    xpath(f"./p[{has_class('tagline')}]/span[{has_class('score')}]"),
)
OLD_COMMENT_BODY = xpath(f"./form//div[{has_class('usertext-body')}]//div[{has_class('md')}]")
OLD_POST_AUTHOR = xpath(f".//p[{has_class('tagline')}]/a[{has_class('author')}]")
OLD_POST_TIME = xpath(
    f".//p[{has_class('tagline')}]/time[not({has_class('edited-timestamp')})]/@datetime"
)
OLD_POST_SCORE = xpath(
    f"./div[{has_class('midcol')}]/div[{has_class('score')}][{has_class('unvoted')}]/@title"
)

# --- new Reddit React (2018-2023) ---
REACT_POST = xpath("//*[@data-testid='post-container'][starts-with(@id,'t3_')]")
REACT_TITLE = xpath(".//h1 | .//h2 | .//h3")
REACT_AUTHOR = xpath(".//a[@data-testid='post_author_link']")
REACT_TIME = xpath(".//*[@data-testid='post_timestamp']")
REACT_BODY = xpath(".//*[@data-click-id='text']")
REACT_LINK = xpath(
    f".//a[{has_class('styled-outbound-link')}]/@href | .//a[@data-testid='outbound-link']/@href"
)
REACT_COMMENTS = xpath(f"//div[{has_class('Comment')}]")
REACT_LEVEL = xpath(".//span[starts-with(normalize-space(.),'level ')]")
REACT_THREADLINES = xpath("../*[1]//i[@class='threadline']")
REACT_COMMENT_AUTHOR = (xpath(".//a[@data-testid='comment_author_link']"),)
REACT_COMMENT_AUTHOR_HREF = xpath(".//a[@data-testid='comment_author_icon']/@href")
REACT_COMMENT_TIME = xpath(".//*[@data-testid='comment_timestamp']")
REACT_COMMENT_BODY = xpath(".//*[@data-testid='comment']")
# deleted/removed: the placeholder stands in the header where the author would be
REACT_DELETED = xpath(
    ".//*[@data-testid='post-comment-header-deleted']/*[1]/*[1]"
    " | .//*[@data-testid='post-comment-header']//span[normalize-space(.)='[deleted]'"
    " or normalize-space(.)='[removed]']"
)

SUBREDDIT_IN_URL = re.compile(r"/r/([^/?#]+)")
USER_IN_HREF = re.compile(r"/u(?:ser)?/([^/?#]+)")
T1 = re.compile(r"\bt1_([0-9a-z]+)\b")
LEVEL = re.compile(r"level\s+(\d+)", re.I)
# "4 yr. ago", "3 years ago", "just now": relative to a save time the page does not give
RELATIVE = re.compile(r"\bago\b|^just now$", re.I)
DELETED_AUTHORS = ("[deleted]", "[removed]")


def detect(page: Page) -> bool:
    if any(selector(page.tree) for selector in DETECT):
        return True
    host = urlsplit(page.url or "").hostname or ""
    return any(host == h or host.endswith("." + h) for h in HOSTS)


def extract(page: Page) -> tuple[Post, list[Comment]]:
    if SH_POST(page.tree) or SH_COMMENTS(page.tree):
        post, comments = _shreddit_post(page), _shreddit_comments(page)
    elif OLD_COMMENTS(page.tree) or OLD_POST(page.tree):
        post, comments = _old_post(page), _old_comments(page)
    else:
        post, comments = _react_post(page), _react_comments(page)
    post.title = post.title or metadata.title(page)
    if not post.groups:
        subreddit = _subreddit_from_url(page.canonical_url or page.url)
        post.groups = [subreddit] if subreddit else []
    return post, comments


def _new_post(page: Page, **fields) -> Post:
    return Post(
        url=page.url or "",
        canonical_url=page.canonical_url,
        site=page.site,
        platform=NAME,
        **fields,
    )


def _subreddit_from_url(url: str | None) -> str | None:
    match = SUBREDDIT_IN_URL.search(urlsplit(url or "").path)
    return f"r/{match.group(1)}" if match else None


def _subreddit_name(value: str | None) -> list[str]:
    value = (value or "").strip()
    if not value:
        return []
    return [value if value.startswith("r/") else f"r/{value}"]


def _author(value: str | None) -> str | None:
    value = collapse(value).removeprefix("u/")
    return None if not value or value in DELETED_AUTHORS else value


def _absolute_time(value: str | None) -> str | None:
    value = collapse(value)
    return None if not value or RELATIVE.search(value) else value


def _int(value: str | None) -> int | None:
    value = collapse(value).replace(",", "")
    return int(value) if value.lstrip("-").isdigit() else None


def _body(el) -> tuple[str | None, str | None]:
    if el is None:
        return None, None
    return block_text(el) or None, inner_html(el) or None


def _link_body(href: str | None) -> tuple[str | None, str | None]:
    """A link post's body is its link."""
    if not href:
        return None, None
    return href, f'<a href="{escape(href)}">{escape(href)}</a>'


# --- shreddit ---


def _shreddit_post(page: Page) -> Post:
    found = SH_POST(page.tree)
    if not found:
        return _new_post(page)
    el = found[0]
    body_el = next(iter(SH_BODY(el)), None)
    body_text, body_html = _body(body_el)
    if not body_text:
        href = el.get("content-href")
        permalink = el.get("permalink") or ""
        if href and permalink not in href:
            body_text, body_html = _link_body(page.absolute(href))
    title_el = next(iter(SH_TITLE(el)), None)
    return _new_post(
        page,
        title=collapse(el.get("post-title"))
        or (collapse(title_el.text_content()) if title_el is not None else None),
        author=_author(el.get("author")),
        published_raw=el.get("created-timestamp") or None,
        body_text=body_text,
        body_html=body_html,
        groups=_subreddit_name(el.get("subreddit-prefixed-name") or el.get("subreddit-name")),
        recommend_count=_int(el.get("score")),
    )


def _shreddit_comments(page: Page) -> list[Comment]:
    items = SH_COMMENTS(page.tree)
    depths = [_int(item.get("depth")) for item in items]
    if any(d is None for d in depths):
        nested = set(items)
        depths = [
            sum(1 for a in item.iterancestors() if a in nested) for item in items
        ]
    comments = []
    for item, path in zip(items, paths_from_depths(depths), strict=True):
        body_el = next(iter(SH_COMMENT_BODY(item)), None)
        body_text, body_html = _body(body_el)
        posted = next((v for x in SH_COMMENT_TIME for v in x(item) if v.strip()), None)
        score = item.get("score")
        comments.append(
            Comment(
                path=path,
                source_id=_t1(item.get("thingid")),
                parent_source_id=_t1(item.get("parentid")),
                author=_author(item.get("author")),
                author_url=_user_url(page, _author(item.get("author"))),
                posted_raw=posted,
                body_text=body_text or _deleted_placeholder(item),
                body_html=body_html,
                tips_raw=f"{score} points" if score else None,
            )
        )
    return comments


def _deleted_placeholder(item) -> str | None:
    if item.get("is-comment-deleted") == "true" or item.get("deleted") == "true":
        return "[deleted]"
    if _author(item.get("author")) is None and item.get("author"):
        return collapse(item.get("author"))
    return None


def _t1(value: str | None) -> str | None:
    match = T1.search(value or "")
    return match.group(1) if match else None


def _user_url(page: Page, name: str | None) -> str | None:
    return page.absolute(f"/user/{name}/") if name else None


# --- old Reddit ---


def _old_post(page: Page) -> Post:
    found = OLD_POST(page.tree)
    if not found:
        return _new_post(page)
    el = found[0]
    title_el = next(iter(OLD_TITLE(el)), None)
    author_el = next(iter(OLD_POST_AUTHOR(el)), None)
    body_text, body_html = _body(next(iter(OLD_BODY(el)), None))
    if not body_text:
        href = el.get("data-url") or (title_el.get("href") if title_el is not None else None)
        if href and not SUBREDDIT_IN_URL.match(href):
            body_text, body_html = _link_body(page.absolute(href))
    times = OLD_POST_TIME(el)
    score = el.get("data-score") or next(iter(OLD_POST_SCORE(el)), None)
    return _new_post(
        page,
        title=collapse(title_el.text_content()) if title_el is not None else None,
        author=_author(el.get("data-author") or (
            author_el.text_content() if author_el is not None else None)),
        published_raw=times[0] if times else None,
        body_text=body_text,
        body_html=body_html,
        groups=_subreddit_name(el.get("data-subreddit-prefixed") or el.get("data-subreddit")),
        recommend_count=_int(score),
    )


def _old_comments(page: Page) -> list[Comment]:
    items = OLD_COMMENTS(page.tree)
    index = {item: i for i, item in enumerate(items)}
    parents = [next(iter(OLD_PARENT(item)), None) for item in items]
    depths: list[int] = []
    for parent in parents:
        depths.append(depths[index[parent]] + 1 if parent is not None else 0)
    comments = []
    for item, parent, path in zip(items, parents, paths_from_depths(depths), strict=True):
        entry = next(iter(OLD_ENTRY(item)), None)
        if entry is None:
            entry = item
        author_el = next(iter(OLD_AUTHOR(entry)), None)
        author = _author(author_el.text_content() if author_el is not None else None)
        body_text, body_html = _body(next(iter(OLD_COMMENT_BODY(entry)), None))
        times = OLD_TIME(entry)
        score = next((collapse(s.text_content()) for x in OLD_SCORE for s in x(entry)), None)
        comments.append(
            Comment(
                path=path,
                source_id=_t1(item.get("data-fullname") or item.get("id")),
                parent_source_id=_t1(parent.get("data-fullname") or parent.get("id"))
                if parent is not None else None,
                author=author,
                author_url=page.absolute(author_el.get("href"))
                if author is not None and author_el.get("href") else None,
                posted_raw=times[0] if times else None,
                body_text=body_text or ("[deleted]" if author is None else None),
                body_html=body_html,
                tips_raw=score or None,
            )
        )
    return comments


# --- new Reddit React ---


def _react_post(page: Page) -> Post:
    found = REACT_POST(page.tree)
    if not found:
        return _new_post(page)
    el = found[0]
    title_el = next(iter(REACT_TITLE(el)), None)
    author_el = next(iter(REACT_AUTHOR(el)), None)
    time_el = next(iter(REACT_TIME(el)), None)
    body_text, body_html = _body(next(iter(REACT_BODY(el)), None))
    if not body_text:
        link = next(iter(REACT_LINK(el)), None)
        body_text, body_html = _link_body(link)
    return _new_post(
        page,
        title=collapse(title_el.text_content()) if title_el is not None else None,
        author=_author(author_el.text_content()) if author_el is not None else None,
        published_raw=_absolute_time(time_el.text_content()) if time_el is not None else None,
        body_text=body_text,
        body_html=body_html,
    )


def _react_depth(item) -> int:
    for label in REACT_LEVEL(item):
        match = LEVEL.search(label.text_content())
        if match:
            return max(int(match.group(1)) - 1, 0)
    return max(len(REACT_THREADLINES(item)) - 1, 0)


def _react_comments(page: Page) -> list[Comment]:
    items = [
        item for item in REACT_COMMENTS(page.tree) if T1.search(item.get("class", ""))
    ]
    depths = [_react_depth(item) for item in items]
    ids = [_t1(item.get("class")) for item in items]
    comments = []
    stack: list[str | None] = []
    for item, source_id, path in zip(items, ids, paths_from_depths(depths), strict=True):
        depth = path.count(".")
        del stack[depth:]
        parent_id = stack[-1] if stack else None
        stack.append(source_id)
        author_el = next((a for x in REACT_COMMENT_AUTHOR for a in x(item)), None)
        author = _author(author_el.text_content()) if author_el is not None else None
        if author is None:
            href = next(iter(REACT_COMMENT_AUTHOR_HREF(item)), "")
            match = USER_IN_HREF.search(href)
            author = _author(match.group(1)) if match else None
        time_el = next(iter(REACT_COMMENT_TIME(item)), None)
        body_el = next(iter(REACT_COMMENT_BODY(item)), None)
        body_text, body_html = _body(body_el)
        if body_el is None:
            placeholder = next(iter(REACT_DELETED(item)), None)
            body_text = collapse(placeholder.text_content()) if placeholder is not None else None
        comments.append(
            Comment(
                path=path,
                source_id=source_id,
                parent_source_id=parent_id,
                author=author,
                author_url=_user_url(page, author),
                posted_raw=_absolute_time(time_el.text_content()) if time_el is not None
                else None,
                body_text=body_text,
                body_html=body_html,
            )
        )
    return comments
