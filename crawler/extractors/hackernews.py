"""Hacker News item pages (news.ycombinator.com/item?id=N).

Markup signature: the story in `table.fatitem` (title in `span.titleline > a`, formerly
`a.storylink` or a bare `td.title > a`; `span.score` "N points"; `a.hnuser`; `span.age[title]`
with the UTC time as ISO, sometimes followed by a Unix timestamp; the text of Ask/Show HN posts in
`div.toptext`, formerly a bare `td` row); the thread in `table.comment-tree` as a FLAT list of
`tr.athing.comtr[id]` rows whose depth is `td.ind[indent]` (formerly only the width of a spacer
`img`, 40 px a level). A comment's words are in `.commtext` (a `span` with a `div.reply` inside
it in old markup, a `div` now); deleted, dead and flagged comments show "[deleted]", "[dead]" or
"[flagged]" in place of words and are kept, as their replies hang on them.

The `span.age` title has no offset but Hacker News times are UTC: the raw time is the ISO part
with "Z" appended. Comment scores are not public, so comments have no tips.

Checked on: no saved Hacker News page in the corpus; hand-written fixtures in
tests/fixtures/hackernews/ modelled on the 2015-2024 item page markup.
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

NAME = "hackernews"


HOSTS = ("news.ycombinator.com",)
DETECT = (
    xpath(f"(//table[{has_class('comment-tree')}] | //tr[{has_class('comtr')}])[1]"),
    xpath(f"(//table[{has_class('fatitem')}]//a[{has_class('hnuser')}])[1]"),
    xpath(f"(//tr[{has_class('athing')}]//td[{has_class('ind')}])[1]"),
)
FATITEM = xpath(f"//table[{has_class('fatitem')}]")
TITLE = (
    xpath(f".//span[{has_class('titleline')}]/a"),
    xpath(f".//a[{has_class('storylink')}]"),
    xpath(f".//td[{has_class('title')}]/a[not(starts-with(@href,'vote'))]"),
    xpath(f".//span[{has_class('storyon')}]/a"),
)
TITLE_SUFFIX = re.compile(r"\s*\|\s*Hacker News\s*$")
AUTHOR = xpath(f".//a[{has_class('hnuser')}]")
PUBLISHED = xpath(f".//span[{has_class('age')}]/@title")
SCORE = xpath(f".//span[{has_class('score')}]")
BODY = (
    xpath(f".//div[{has_class('toptext')}]"),
    # a comment's own page: the comment is the item
    xpath(f".//*[{has_class('commtext')}]"),
    # before 2022: the text in a bare cell of a row after the subtext row
    xpath(
        f".//tr[td[{has_class('subtext')}]]/following-sibling::tr/td[not(@class)]"
        "[not(.//form)][normalize-space()]"
    ),
)
COMMENTS = (
    xpath(f"//tr[{has_class('athing')}][{has_class('comtr')}]"),
    xpath(f"//tr[{has_class('athing')}][.//td[{has_class('ind')}]][.//*[{has_class('comment')}]]"),
)
COMMENT_INDENT = xpath(f".//td[{has_class('ind')}]/@indent")
COMMENT_SPACER = xpath(f".//td[{has_class('ind')}]/img/@width")
COMMENT_AUTHOR = (
    xpath(f".//*[{has_class('comhead')}]//a[{has_class('hnuser')}]"),
    xpath(f".//*[{has_class('comhead')}]//a[starts-with(@href,'user?id=')]"),
)
COMMENT_TIME = xpath(f".//*[{has_class('comhead')}]//span[{has_class('age')}]/@title")
COMMENT_BODY = (
    xpath(f".//*[{has_class('commtext')}]"),
    xpath(f".//*[{has_class('comment')}]"),
)
# inside the words: the reply link (old markup nests it in the text span)
CHROME = xpath(f".//div[{has_class('reply')}]")
INDENT_PX = 40
HAS_OFFSET = re.compile(r"(Z|[+-]\d\d:?\d\d)$")


def detect(page: Page) -> bool:
    if any(selector(page.tree) for selector in DETECT):
        return True
    host = urlsplit(page.url or "").hostname or ""
    return host in HOSTS


def extract(page: Page) -> tuple[Post, list[Comment]]:
    return _post(page), _comments(page)


def _utc(value: str | None) -> str | None:
    """The ISO part of an `age` title, marked as the UTC it is."""
    value = (value or "").split()
    if not value:
        return None
    iso = value[0]
    return iso if HAS_OFFSET.search(iso) or "T" not in iso else iso + "Z"


def _post(page: Page) -> Post:
    item = next(iter(FATITEM(page.tree)), page.tree)
    title_el = next((a for x in TITLE for a in x(item)), None)
    author_el = next(iter(AUTHOR(item)), None)
    times = PUBLISHED(item)
    score = next(iter(SCORE(item)), None)
    body_el = next((el for x in BODY for el in x(item)), None)
    body_text = body_html = None
    if body_el is not None:
        skip = CHROME(body_el)
        body_text = block_text(body_el, skip=skip) or None
        body_html = inner_html(body_el, skip=skip) or None
    if not body_text and title_el is not None:
        href = title_el.get("href") or ""
        if href and not href.startswith("item?"):
            # a link post: its body is the link
            body_text = page.absolute(href)
            body_html = f'<a href="{escape(body_text)}">{escape(body_text)}</a>'
    title = collapse(title_el.text_content()) if title_el is not None else None
    if not title:
        title = TITLE_SUFFIX.sub("", metadata.title(page) or "") or None
    score_digits = re.sub(r"\D", "", score.text_content()) if score is not None else ""
    return Post(
        url=page.url or "",
        canonical_url=page.canonical_url,
        site=page.site,
        platform=NAME,
        title=title,
        author=collapse(author_el.text_content()) or None if author_el is not None else None,
        published_raw=_utc(times[0]) if times else None,
        body_text=body_text,
        body_html=body_html,
        recommend_count=int(score_digits) if score_digits else None,
    )


def _depth(row) -> int:
    for value in COMMENT_INDENT(row):
        if value.strip().isdigit():
            return int(value)
    for value in COMMENT_SPACER(row):
        if value.strip().isdigit():
            return int(value) // INDENT_PX
    return 0


def _comments(page: Page) -> list[Comment]:
    rows = next((found for x in COMMENTS if (found := x(page.tree))), [])
    depths = [_depth(row) for row in rows]
    comments: list[Comment] = []
    stack: list[str | None] = []
    for row, path in zip(rows, paths_from_depths(depths), strict=True):
        depth = path.count(".")
        del stack[depth:]
        parent_id = stack[-1] if stack else None
        source_id = row.get("id") or None
        stack.append(source_id)
        author_el = next((a for x in COMMENT_AUTHOR for a in x(row)), None)
        times = COMMENT_TIME(row)
        body_el = next((el for x in COMMENT_BODY for el in x(row)), None)
        body_text = body_html = None
        if body_el is not None:
            skip = CHROME(body_el)
            body_text = block_text(body_el, skip=skip) or None
            body_html = inner_html(body_el, skip=skip) or None
        author = collapse(author_el.text_content()) if author_el is not None else None
        comments.append(
            Comment(
                path=path,
                source_id=source_id,
                parent_source_id=parent_id,
                author=author or None,
                author_url=page.absolute(author_el.get("href"))
                if author and author_el.get("href") else None,
                posted_raw=_utc(times[0]) if times else None,
                body_text=body_text,
                body_html=body_html,
            )
        )
    return comments
