"""How spiders tell posts from listings and which links lead on: every such rule in one place.

Spiders read a fetched page once (`Page`); these helpers look at that tree. Rules are ordered
token tuples and compiled XPaths at the top, trafilatura style.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import parse_qsl, urldefrag, urlencode, urljoin, urlsplit, urlunsplit

from lxml import etree
from scrapy.linkextractors import IGNORED_EXTENSIONS
from scrapy.utils.response import get_base_url
from scrapy.utils.url import url_has_any_extension
from w3lib.html import strip_html5_whitespace
from w3lib.url import safe_url_string

from crawler.extractors.page import Page

# links never worth following: actions, account pages, sharing, replies, print views
DENY_URL_PATTERNS = (
    r"/wp-(admin|login|json)",
    r"[?&](replytocom|share|like|print|action|preview|orderby|sort|format|amp)=",
    r"/(login|logout|signin|signout|register|signup|subscribe|unsubscribe|cart|checkout)\b",
    r"/(share|print|email|reply|flag|report|edit|delete|hotlist|recommend)(/|$|\?)",
    r"/(xmlrpc\.php|trackback/?$)",
    r"/feed/?$",
    r"/comments/feed",
    r"/_sample/",
)
# URL parts that a post's address usually has (dated permalinks, story/diary paths)
POST_URL_PATTERNS = (
    r"/(19|20)\d\d/\d\d?/(\d\d?/)?[^/]+",
    r"/(story|stories|diary|diaries|article|articles|post|posts|blog|entry|archives)/[^/]+",
    r"[?&]p=\d+",
    r"\.html?$",
)
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")

# body classes of WordPress-style themes, and other page-type hints
POST_BODY_CLASSES = ("single", "single-post", "postid", "permalink", "story", "diary")
LISTING_BODY_CLASSES = ("home", "blog", "archive", "category", "tag", "date", "author",
                        "paged", "search", "search-results", "page-template-archive", "list",
                        "listing", "index", "front", "frontpage", "user", "profile")
# a page with no page-type markup is a post when it has comments or at least this many words
POST_MIN_WORDS = 150
# ... and this many times as many when it also shows a run of short teasers
TEASER_FACTOR = 3

LINKS = etree.XPath("//a/@href")
# files a page links to that are not pages (Scrapy's list, dotted as url_has_any_extension wants)
DENIED_EXTENSIONS = {f".{extension}" for extension in IGNORED_EXTENSIONS}
FOLLOW_LINKS = etree.XPath("//a/@href | //area/@href")
OG_TYPE = etree.XPath("//meta[@property='og:type']/@content")
BODY_CLASS = etree.XPath("//body/@class")
ARTICLES = etree.XPath("//article | //*[contains(concat(' ', @class, ' '), ' hentry ')]")
FEED_LINKS = etree.XPath(
    "//link[@rel='alternate' and (@type='application/rss+xml' or @type='application/atom+xml')]"
    "/@href"
)
NEXT_LINKS = etree.XPath(
    "//link[@rel='next']/@href | //a[contains(concat(' ', @rel, ' '), ' next ')]/@href"
)
DATED_URL = re.compile(r"/((?:19|20)\d\d)/(\d\d?)/(?:(\d\d?)/)?")
COMMENT_PAGE = re.compile(r"/comment-page-(\d+)/?")
PAGE_PARAMS = ("page", "cpage", "comment-page", "commentPage")


def is_denied(url: str, patterns: tuple[re.Pattern[str], ...]) -> bool:
    return any(p.search(url) for p in patterns)


def compile_patterns(patterns) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.I) for p in patterns)


DENY = compile_patterns(DENY_URL_PATTERNS)
POST_URL = compile_patterns(POST_URL_PATTERNS)


def body_classes(page: Page) -> set[str]:
    found = BODY_CLASS(page.tree)
    classes = set(" ".join(found).lower().split())
    # "postid-123", "paged-2": the prefix is the signal
    return classes | {c.split("-")[0] for c in classes if "-" in c}


def page_kind(page: Page) -> str | None:
    """"listing" (home, archive, tag, user page), "post", or None when the markup does not say.

    Body classes (WordPress and its kin) decide first, then og:type.
    Where none of them speaks, `is_post` decides from what extraction found.
    """
    classes = body_classes(page)
    if classes & set(POST_BODY_CLASSES):
        return "post"
    if classes & set(LISTING_BODY_CLASSES):
        return "listing"
    og = " ".join(OG_TYPE(page.tree)).lower()
    if "article" in og:
        return "post"
    return None


def is_post(page: Page, thread) -> bool:
    """A page of unknown kind is a post when it carries a discussion or a body of some length.

    A page showing a run of short `<article>` teasers needs a longer body: its extracted text may
    be those teasers strung together.
    """
    if thread.comments:
        return True
    words = len((thread.post.body_text or "").split())
    teasers = [a for a in ARTICLES(page.tree) if len(a.text_content().split()) < POST_MIN_WORDS]
    return words >= POST_MIN_WORDS * (TEASER_FACTOR if len(teasers) >= 3 else 1)


def page_links(response) -> list[str]:
    """The distinct pages a response links to (`<a>` and `<area>`), absolute, fragment dropped.

    What Scrapy's `LinkExtractor(unique=True)` finds, with Scrapy's own URL helpers and
    ignored extensions, read for each distinct href once: a diary page has ~600 anchors to
    ~200 places (every comment's permalink, its author's page again and again), and the
    extractor visits every element and builds a Link for every anchor before it removes
    duplicates (15 ms a page, a fifth of a crawl's time). The URLs are the ones a request is
    fingerprinted by, so a page's own `#c123` anchors fold into the page itself."""
    base = get_base_url(response)
    urls: dict[str, None] = {}
    for href in dict.fromkeys(FOLLOW_LINKS(response.selector.root)):
        try:
            url = safe_url_string(urljoin(base, strip_html5_whitespace(href)),
                                  encoding=response.encoding)
        except ValueError:
            continue
        url = urldefrag(url)[0]
        if url.startswith(("http://", "https://")) and not url_has_any_extension(
                url, DENIED_EXTENSIONS):
            urls[url] = None
    return list(urls)


def feed_urls(page: Page) -> list[str]:
    return [page.absolute(href.strip()) for href in FEED_LINKS(page.tree) if href.strip()]


def next_urls(page: Page) -> list[str]:
    return [page.absolute(href.strip()) for href in NEXT_LINKS(page.tree) if href.strip()]


def thread_base(url: str) -> str:
    """The URL of a thread's first page: comment-page-N and page=N parts removed."""
    parts = urlsplit(url)
    path = COMMENT_PAGE.sub("/", parts.path)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k not in PAGE_PARAMS]
    return urlunsplit((parts.scheme, parts.netloc.lower(), path, urlencode(query), ""))


def is_same_thread(url: str, other: str) -> bool:
    """Whether `other` is another page of the same thread (its comments continued)."""
    return url != other and thread_base(url) == thread_base(other)


def url_date(url: str) -> date | None:
    """The date a dated permalink carries (/2019/06/19/slug), or None."""
    found = DATED_URL.search(urlsplit(url).path)
    if not found:
        return None
    year, month, day = found.group(1), found.group(2), found.group(3) or "1"
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def looks_like_post_url(url: str) -> bool:
    return any(p.search(url) for p in POST_URL)
