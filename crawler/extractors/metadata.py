"""Post metadata every platform shares: title, author, date and tags from meta tags and JSON-LD.

Platform extractors read their own markup first and fall back on these, so a page with sparse
markup still gets a title and a date when its `<head>` names them.
"""

from __future__ import annotations

import json
from functools import lru_cache

from lxml import etree

from crawler.extractors.page import Page
from crawler.extractors.text import collapse
from crawler.extractors.tree import class_tokens, has_class

# tried in order, most specific first
TITLE_META = ("og:title", "twitter:title", "dc.title", "DC.title", "headline")
# headline class tokens, most specific first: the elements holding either are found in one walk
# and sorted by token here (a selector per token walked the whole tree twice)
TITLE_CLASSES = ("entry-title", "post-title")
TITLE_CLASS_CANDIDATES = etree.XPath(
    "//*[" + " or ".join(f"contains(@class,'{name}')" for name in TITLE_CLASSES) + "]"
)
# after the meta tags
TITLE_XPATHS = tuple(etree.XPath(x) for x in ("//article//h1", "//h1", "//title"))
AUTHOR_META = ("author", "article:author", "dc.creator", "DC.creator", "sailthru.author", "byl")
AUTHOR_XPATHS = tuple(
    etree.XPath(x)
    for x in (
        "//*[@rel='author']",
        "//*[" + has_class("author") + "]"
        "//*[" + has_class("fn") + "]",
        "//*[@itemprop='author']//*[@itemprop='name']",
    )
)
PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "datePublished",
    "dc.date",
    "DC.date",
    "date",
    "pubdate",
    "sailthru.date",
)
PUBLISHED_XPATHS = tuple(
    etree.XPath(x)
    for x in (
        "//article//time[@datetime]/@datetime",
        "//*[" + has_class("published") + "]/@title",
        "//time[@datetime]/@datetime",
    )
)
KEYWORDS_META = ("keywords", "news_keywords")


def title(page: Page) -> str | None:
    candidates = TITLE_CLASS_CANDIDATES(page.tree)
    for name in TITLE_CLASSES:
        for el in candidates:
            if name not in class_tokens(el.get("class")):
                continue
            text = collapse(el.text_content())
            if text:
                return text
    value = page.meta(*TITLE_META) or _ld(page, "headline")
    if value:
        return collapse(value)
    for el_xpath in TITLE_XPATHS:
        for el in el_xpath(page.tree):
            text = collapse(el.text_content())
            if text:
                return text
    return None


def author(page: Page) -> str | None:
    value = page.meta(*AUTHOR_META)
    if value and not value.startswith("http"):
        return collapse(value)
    ld = _ld(page, "author")
    if ld:
        return ld
    for el_xpath in AUTHOR_XPATHS:
        for el in el_xpath(page.tree):
            text = collapse(el.text_content())
            if text and len(text) < 80:
                return text
    return None


def published(page: Page) -> str | None:
    value = page.meta(*PUBLISHED_META) or _ld(page, "datePublished")
    if value:
        return value
    for xpath in PUBLISHED_XPATHS:
        for found in xpath(page.tree):
            if str(found).strip():
                return str(found).strip()
    return None


def tags(page: Page) -> list[str]:
    found = [
        content
        for prop, name, _, content in page.metas
        if prop == "article:tag" or name == "article:tag"
    ] or [
        tag
        for _, name, _, content in page.metas
        if name in KEYWORDS_META
        for tag in content.split(",")
    ]
    seen: dict[str, None] = {}
    for tag in found:
        tag = collapse(tag)
        if tag:
            seen.setdefault(tag, None)
    return list(seen)


def _ld(page: Page, key: str) -> str | None:
    """A value from the page's JSON-LD (first object that has `key`), names for persons."""
    for obj in _ld_objects(tuple(page.json_ld)):
        value = obj.get(key)
        if isinstance(value, list) and value:
            value = value[0]
        if isinstance(value, dict):
            value = value.get("name")
        if isinstance(value, str) and value.strip():
            return collapse(value)
    return None


@lru_cache(maxsize=64)
def _ld_objects(scripts: tuple[str, ...]) -> list[dict]:
    objects: list[dict] = []
    for script in scripts:
        try:
            data = json.loads(script)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                objects.append(item)
                stack.extend(v for k, v in item.items() if k == "@graph")
    return objects
