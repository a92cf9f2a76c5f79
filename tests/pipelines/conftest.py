"""Pipelines built as Scrapy builds them: from a crawler carrying our settings."""

from __future__ import annotations

import pytest
from scrapy.utils.misc import build_from_crawler

from crawler.items import Comment, Post, Thread
from crawler.processing import make_crawler


@pytest.fixture
def build():
    def _build(pipeline_cls, **settings):
        return build_from_crawler(pipeline_cls, make_crawler(settings))

    return _build


@pytest.fixture
def thread() -> Thread:
    """A small thread: two top-level comments, the first with a reply and a reply to that."""
    post = Post(
        url="https://example.org/2008/03/31/iran/",
        canonical_url="https://www.example.org/2008/03/31/iran/#top",
        site="example.org",
        title="  Iran   brokers\u00a0a ceasefire ",
        author="by Mercutio",
        published_raw="Mon Mar 31, 2008 at 09:51 AM PDT",
        body_text="Skip to main content\nJust passing on the news.\n\n\n\nShare\nMore text here.",
        body_html='<p onclick="steal()">Just passing<script>alert(1)</script></p>',
    )
    comments = [
        Comment(path="1", source_id="101", author="Mercutio", title="Tips",
                posted_raw="Mon Mar 31, 2008 at 09:53:46 AM PDT", tips_raw="(31+ / 0-)",
                body_text="Heard this on CNN.\nReply"),
        Comment(path="1.1", source_id="102", author=" FishOutofWater says:",
                posted_raw="Mon Mar 31, 2008 at 10:01:57 AM PDT", tips_raw="(9+ / 0-)",
                body_text="The quoted sentence could use some modification.",
                recommenders=["cotterperson", " rapala ", "cotterperson"]),
        Comment(path="1.1.1", author="borkitekt", posted_raw="2008-03-31",
                body_text="Takes a lot of torture."),
        Comment(path="2", author="wader", posted_raw="March 31, 2008 10:03", body_text="Yeah."),
    ]
    return Thread(post=post, comments=comments)
