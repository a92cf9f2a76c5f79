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

from lxml import etree

from crawler.extractors import metadata
from crawler.extractors.page import Page
from crawler.extractors.text import block_text, collapse, inner_html, paths_from_depths
from crawler.extractors.tree import has_class
from crawler.items import Comment, Post

NAME = "hackernews"


def _cls(name: str) -> str:
    return has_class(name)


X = etree.XPath

HOSTS = ("news.ycombinator.com",)
DETECT = (
    X(f"(//table[{_cls('comment-tree')}] | //tr[{_cls('comtr')}])[1]"),
    X(f"(//table[{_cls('fatitem')}]//a[{_cls('hnuser')}])[1]"),
    X(f"(//tr[{_cls('athing')}]//td[{_cls('ind')}])[1]"),
)
FATITEM = X(f"//table[{_cls('fatitem')}]")
TITLE = (
    X(f".//span[{_cls('titleline')}]/a"),
    X(f".//a[{_cls('storylink')}]"),
    X(f".//td[{_cls('title')}]/a[not(starts-with(@href,'vote'))]"),
    X(f".//span[{_cls('storyon')}]/a"),
)
TITLE_SUFFIX = re.compile(r"\s*\|\s*Hacker News\s*$")
AUTHOR = X(f".//a[{_cls('hnuser')}]")
PUBLISHED = X(f".//span[{_cls('age')}]/@title")
SCORE = X(f".//span[{_cls('score')}]")
BODY = (
    X(f".//div[{_cls('toptext')}]"),
    # a comment's own page: the comment is the item
    X(f".//*[{_cls('commtext')}]"),
    # before 2022: the text in a bare cell of a row after the subtext row
    X(
        f".//tr[td[{_cls('subtext')}]]/following-sibling::tr/td[not(@class)]"
        "[not(.//form)][normalize-space()]"
    ),
)
COMMENTS = (
    X(f"//tr[{_cls('athing')}][{_cls('comtr')}]"),
    X(f"//tr[{_cls('athing')}][.//td[{_cls('ind')}]][.//*[{_cls('comment')}]]"),
)
COMMENT_INDENT = X(f".//td[{_cls('ind')}]/@indent")
COMMENT_SPACER = X(f".//td[{_cls('ind')}]/img/@width")
COMMENT_AUTHOR = (
    X(f".//*[{_cls('comhead')}]//a[{_cls('hnuser')}]"),
    X(f".//*[{_cls('comhead')}]//a[starts-with(@href,'user?id=')]"),
)
COMMENT_TIME = X(f".//*[{_cls('comhead')}]//span[{_cls('age')}]/@title")
COMMENT_BODY = (
    X(f".//*[{_cls('commtext')}]"),
    X(f".//*[{_cls('comment')}]"),
)
# inside the words: the reply link (old markup nests it in the text span)
CHROME = X(f".//div[{_cls('reply')}]")
INDENT_PX = 40
HAS_OFFSET = re.compile(r"(Z|[+-]\d\d:?\d\d)$")


def detect(page: Page) -> bool:
    if any(xpath(page.tree) for xpath in DETECT):
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
