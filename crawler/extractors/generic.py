"""Generic fallback for sites with no platform extractor of their own.

The post's main text comes from trafilatura (a maintained boilerplate remover, better than one we
would write); comments are found by structure: repeated sibling blocks that each carry an author
and a date, nested as the DOM nests them.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import trafilatura
from lxml import etree

from crawler.extractors import metadata
from crawler.extractors.page import Page
from crawler.extractors.text import block_text
from crawler.items import Comment, Post

NAME = "generic"


@dataclass
class MainContent:
    text: str | None
    html: str | None


def detect(page: Page) -> bool:
    return True


def main_content(page: Page) -> MainContent:
    """The post body by trafilatura, on a copy of the tree (it prunes what it reads)."""
    document = trafilatura.bare_extraction(
        copy.deepcopy(page.tree),
        url=page.url,
        include_comments=False,
        include_formatting=True,
        favor_precision=True,
        with_metadata=False,
    )
    if document is None or document.body is None:
        return MainContent(None, None)
    text = block_text(document.body) or None
    body_html = etree.tostring(document.body, encoding="unicode", method="html")
    return MainContent(text, body_html)


def extract(page: Page) -> tuple[Post, list[Comment]]:
    content = main_content(page)
    post = Post(
        url=page.url or "",
        canonical_url=page.canonical_url,
        site=page.site,
        platform=NAME,
        title=metadata.title(page),
        author=metadata.author(page),
        published_raw=metadata.published(page),
        body_text=content.text,
        body_html=content.html,
        tags=metadata.tags(page),
    )
    return post, []
