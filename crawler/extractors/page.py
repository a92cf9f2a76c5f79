"""A fetched or saved page, parsed once, that every extractor reads.

A crawl hands over a Scrapy response, `blogarchive import` a file's bytes: both become a `Page`
whose lxml tree is built exactly once, so detection and extraction never re-parse. Decoding follows
Scrapy's own rules (BOM, HTTP header, `<meta charset>`, then a guess) through w3lib, so a saved page
reads the same as a crawled one.
"""

from __future__ import annotations

import re
from functools import cached_property
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree
from parsel import Selector
from w3lib.encoding import html_to_unicode

# share of NUL and other control bytes above which content is not a web page at all
BINARY_CONTROL_SHARE = 0.05
# what is dropped before any extractor runs: never content, and it only slows text walks
UNWANTED_TAGS = ("script", "style", "noscript", "template", "svg")
# structured metadata worth reading before the scripts go
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
JSON_LD_SCRIPTS = etree.XPath("//script[@type='application/ld+json']")


class ExtractionError(Exception):
    """A page that cannot become a post: says which page and why."""

    def __init__(self, url: str | None, reason: str):
        super().__init__(f"{url or '<no url>'}: {reason}")
        self.url = url
        self.reason = reason

    def __reduce__(self):  # pickled whole: extraction may run in a worker process
        return type(self), (self.url, self.reason)


class Page:
    """A page's URL, its decoded text and its parsed tree."""

    def __init__(
        self,
        text: str,
        url: str | None = None,
        encoding: str | None = None,
        root: etree._Element | None = None,
    ):
        """`root` is a tree already parsed from `text` (a Scrapy response's), reused as is."""
        self.url = url
        self.text = text
        self.encoding = encoding
        if not text or not text.strip():
            raise ExtractionError(url, "empty page: no content to extract")
        if root is None:
            root = _parse(text, url)
        if root is None or root.find("body") is None and len(root) == 0:
            raise ExtractionError(url, "not parsable as HTML: no document element")
        self.json_ld = [
            script.text for script in JSON_LD_SCRIPTS(root) if script.text
        ]
        etree.strip_elements(root, *UNWANTED_TAGS, with_tail=False)
        etree.strip_tags(root, etree.Comment)
        self.tree = root
        if url is None:
            self.url = self.declared_url

    @classmethod
    def from_bytes(
        cls, body: bytes, url: str | None = None, content_type: str | None = None
    ) -> Page:
        """Decode raw bytes as a browser (and Scrapy) would, then parse."""
        if not body or not body.strip():
            raise ExtractionError(url, "empty page: no content to extract")
        sample = body[:4096]
        controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
        if controls / len(sample) > BINARY_CONTROL_SHARE:
            raise ExtractionError(url, "binary content, not an HTML page")
        encoding, text = html_to_unicode(content_type, body)
        return cls(text, url=url, encoding=encoding)

    @classmethod
    def from_response(cls, response) -> Page:
        """Build from a Scrapy `TextResponse` (its own decoding is reused)."""
        text = getattr(response, "text", None)
        if text is None:
            raise ExtractionError(response.url, "binary content, not an HTML page")
        if not text.strip():
            raise ExtractionError(response.url, "empty page: no content to extract")
        # the response's own tree: link extraction and extraction share one parse
        root = response.selector.root if _XML_DECLARATION.match(text) is None else None
        return cls(text, url=response.url, encoding=response.encoding, root=root)

    @cached_property
    def selector(self) -> Selector:
        """A parsel view of the same tree, for extractors that prefer CSS."""
        return Selector(root=self.tree)

    @cached_property
    def declared_url(self) -> str | None:
        """The page's own idea of its address: canonical link, then og:url."""
        for xpath in (
            "//link[@rel='canonical']/@href",
            "//meta[@property='og:url']/@content",
        ):
            found = self.tree.xpath(xpath)
            if found and found[0].strip().startswith("http"):
                return found[0].strip()
        return None

    @cached_property
    def canonical_url(self) -> str | None:
        """The canonical URL, made absolute against the page URL."""
        found = self.tree.xpath("//link[@rel='canonical']/@href")
        if found and found[0].strip():
            return self.absolute(found[0].strip())
        return self.declared_url or self.url

    @cached_property
    def site(self) -> str | None:
        """The host, without a leading www., naming the site a post belongs to."""
        url = self.canonical_url or self.url
        if not url:
            return None
        host = urlsplit(url).hostname or ""
        return host.removeprefix("www.") or None

    @cached_property
    def generator(self) -> str:
        """The `<meta name=generator>` content, lower-cased ('' when absent)."""
        found = self.tree.xpath("//meta[translate(@name,'GENRATO','genrato')='generator']/@content")
        return " ".join(found).lower()

    def absolute(self, href: str) -> str:
        return urljoin(self.url or "", href)

    def meta(self, *names: str) -> str | None:
        """First non-empty `<meta>` content among property/name/itemprop `names`."""
        for name in names:
            found = self.tree.xpath(
                "//meta[@property=$n or @name=$n or @itemprop=$n]/@content", n=name
            )
            for value in found:
                if value.strip():
                    return value.strip()
        return None


def _parse(text: str, url: str | None) -> etree._Element:
    # lxml refuses a decoded string that still declares its encoding (XHTML pages)
    text = _XML_DECLARATION.sub("", text, count=1)
    try:
        return lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractionError(url, f"not parsable as HTML: {exc}") from exc
