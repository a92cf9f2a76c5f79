"""The Huffington Post (huffingtonpost.com, huffpost.com), 2010 to 2016 article templates.

Markup signature: `og:site_name` "The Huffington Post"/"HuffPost"; the 2010 inline comment thread
(`div#comments_inner_<entry>` of `div.comment_item#comment_<id>`, each followed by its
`div.comment_children#comment_children_<id>` holding the replies); article bodies in
`div.entry_body_text` (2010), `div#mainentrycontent` (2015) or `div.entry__body` with
`content-list-component` blocks (2016 and later). The host is only a second hint.

Comments after 2012 were loaded by JavaScript (Facebook, then none): such pages give a post and
no comments.

Checked on: goose3_huffingtonpost/test_testHuffingtonPost.html (2010, 16 comments, one reply),
newspaper_test-data/html/huffingtonpost.com1.html (2015),
postlight-parser_fixtures/fixtures/www.huffingtonpost.com.html (2016, comments by JavaScript).
"""

from __future__ import annotations

import copy
import re
from urllib.parse import urlsplit

from crawler.extractors import metadata
from crawler.extractors.page import Page
from crawler.extractors.selectors import has_class, xpath, xpaths
from crawler.extractors.text import block_text, collapse, inner_html, paths_from_depths
from crawler.items import Comment, Post

NAME = "huffpost"


# the site's own name, in <meta content=...> or (some saved copies) <meta value=...>
SITE_NAME = xpath(
    "//meta[@property='og:site_name' or @name='og:site_name']/@content"
    " | //meta[@property='og:site_name' or @name='og:site_name']/@value"
)
SITE_NAMES = ("huffington post", "huffpost")
HOSTS = ("huffingtonpost.", "huffpost.com")
META = xpath(
    "//meta[@property=$n or @name=$n or @itemprop=$n]/@content"
    " | //meta[@property=$n or @name=$n or @itemprop=$n]/@value"
)
DETECT = xpaths(
    f"//div[starts-with(@id,'comments_inner_')]//div[{has_class('comment_item')}]",
    f"//div[{has_class('comment_children')}][starts-with(@id,'comment_children_')]",
)
TITLE = xpaths(
    f"//h1[{has_class('headline__title')}]",
    f"//article[{has_class('entry')}]//h1",
    "//h1/a[@id='title_permalink']",
    f"//div[{has_class('entry')}]//h1",
)
AUTHOR = xpaths(
    f"//*[{has_class('author-card__details__name')}]",
    f"//*[{has_class('byline')}]//a[@rel='author']",
    f"//*[{has_class('about_reporter_name')}]/a",
    f"//*[{has_class('byline')}]//*[{has_class('fn')}]",
)
AUTHOR_META = ("author", "og:author", "article:author")
PUBLISHED = xpaths(
    f"//*[{has_class('posted')}]//time/@datetime",
    f"//article//time[{has_class('published')}]/@datetime",
)
PUBLISHED_META = ("article:published_time", "publish_date", "sailthru.date")
PUBLISHED_TEXT = xpaths(
    f"//*[{has_class('timestamp__date--published')}]",
    f"//*[{has_class('comments_datetime')}]",
)
# "First Posted: 08-13-10 05:18 PM | Updated: ..." -> the first date shown
FIRST_POSTED = re.compile(r"(?:First\s+)?Posted:\s*(.+?)(?:\s*\|\s*Updated.*)?$", re.I)
SECTION_META = ("article:section", "category")
SECTION = xpaths(f"//a[{has_class('entry-eyebrow__link')}]")
TAGS = xpaths(
    f"//*[{has_class('tag-cloud')}]//a",
    f"//*[{has_class('entrytag')}]//a",
    f"//*[{has_class('read_more')}]//a[starts-with(@href,'/tag/')]",
)
BODY = xpaths(
    f"//div[{has_class('entry_body_text')}]",
    "//div[@id='mainentrycontent']",
    "//div[@id='entry-body']",
    f"//div[{has_class('entry__text')}]",
    f"//div[{has_class('entry__body')}]",
)
# widgets that sit inside the body containers above
CHROME = xpath(
    "|".join(
        f".//*[{has_class(c)}]"
        for c in (
            "get_huffpo",
            "email_huffpo",
            "ad_spot",
            "ad_wrapper",
            "ad_share_box",
            "advertisement",
            "share-bar",
            "share-bar-highlight",
            "image__credit",
            "tag-cloud",
            "entry-corrections",
            "below-entry",
            "extra-content",
            "follow",
            "contribute",
        )
    )
    + " | .//*[@id='suggested-story' or @id='photo-strip'] | .//form | .//iframe"
)
COMMENTS = xpath(f"//div[{has_class('comment_item')}][starts-with(@id,'comment_')]")
COMMENT_DEPTH = xpath(f"count(ancestor::div[{has_class('comment_children')}])")
COMMENT_PARENT = xpath(
    f"ancestor::div[{has_class('comment_children')}][starts-with(@id,'comment_children_')][1]/@id"
)
COMMENT_AUTHOR = xpaths(
    f".//div[{has_class('author_name')}]/a[not({has_class('author_fans_count')})]",
    f".//*[{has_class('author_name')}]//a",
)
COMMENT_BODY = xpath(f"./div[{has_class('comment_body')}]")
COMMENT_TIME = xpath(f".//div[{has_class('comment_time')}]")
COMMENT_ID = re.compile(r"(\d+)$")
SOFT_HYPHEN = "\u00ad"


def detect(page: Page) -> bool:
    if any(name in value.lower() for value in SITE_NAME(page.tree) for name in SITE_NAMES):
        return True
    if any(selector(page.tree) for selector in DETECT):
        return True
    host = urlsplit(page.url or "").hostname or ""
    return any(h in host for h in HOSTS)


def extract(page: Page) -> tuple[Post, list[Comment]]:
    body_text, body_html = _body(page)
    section = _meta(page, *SECTION_META) or _first_text(page.tree, SECTION)
    post = Post(
        url=page.url or "",
        canonical_url=page.canonical_url,
        site=page.site,
        platform=NAME,
        title=_first_text(page.tree, TITLE) or metadata.title(page),
        author=_first_text(page.tree, AUTHOR) or _meta(page, *AUTHOR_META)
        or metadata.author(page),
        published_raw=_published(page),
        body_text=body_text,
        body_html=body_html,
        tags=_tags(page),
        groups=[collapse(section).title()] if section else [],
    )
    return post, _comments(page)


def _meta(page: Page, *names: str) -> str | None:
    for name in names:
        for value in META(page.tree, n=name):
            if value.strip():
                return value.strip()
    return None


def _first_text(root, xpaths) -> str | None:
    for selector in xpaths:
        for el in selector(root):
            text = collapse(el.text_content())
            if text:
                return text
    return None


def _published(page: Page) -> str | None:
    for selector in PUBLISHED:
        for value in selector(page.tree):
            if value.strip():
                return value.strip()
    value = _meta(page, *PUBLISHED_META)
    if value:
        return value
    shown = _first_text(page.tree, PUBLISHED_TEXT)
    if shown:
        match = FIRST_POSTED.search(shown)
        return match.group(1).strip() if match else shown
    return metadata.published(page)


def _tags(page: Page) -> list[str]:
    for selector in TAGS:
        found = [collapse(a.text_content()) for a in selector(page.tree)]
        found = [t for t in found if t]
        if found:
            return list(dict.fromkeys(found))
    return []


def _body(page: Page) -> tuple[str | None, str | None]:
    for selector in BODY:
        for el in selector(page.tree):
            el = copy.deepcopy(el)
            for junk in CHROME(el):
                if junk.getparent() is not None:
                    junk.drop_tree()
            text = block_text(el).replace(SOFT_HYPHEN, "")
            if text:
                return text, inner_html(el)
    return None, None


def _comments(page: Page) -> list[Comment]:
    items = COMMENTS(page.tree)
    depths = [int(COMMENT_DEPTH(item)) for item in items]
    comments = []
    for item, path in zip(items, paths_from_depths(depths), strict=True):
        author_el = next((a for x in COMMENT_AUTHOR for a in x(item)), None)
        body = next(iter(COMMENT_BODY(item)), None)
        time_els = COMMENT_TIME(item)
        parent = COMMENT_PARENT(item)
        comments.append(
            Comment(
                path=path,
                source_id=_comment_id(item.get("id")),
                parent_source_id=_comment_id(parent[0]) if parent else None,
                author=collapse(author_el.text_content()) or None if author_el is not None
                else None,
                author_url=page.absolute(author_el.get("href")) if author_el is not None
                and author_el.get("href") else None,
                posted_raw=collapse(time_els[0].text_content()) or None if time_els else None,
                body_text=block_text(body, skip=time_els).replace(SOFT_HYPHEN, "")
                if body is not None else None,
                body_html=inner_html(body, skip=time_els) if body is not None else None,
            )
        )
    return comments


def _comment_id(value: str | None) -> str | None:
    match = COMMENT_ID.search(value or "")
    return match.group(1) if match else None
