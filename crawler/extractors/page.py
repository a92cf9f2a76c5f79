"""A fetched or saved page, parsed once, that every extractor reads.

A crawl hands over a Scrapy response, `blogarchive import` a file's bytes: both become a `Page`
whose lxml tree is built exactly once, so detection and extraction never re-parse. Bytes are made
into the Scrapy response they would have arrived as, so a saved page is decoded (BOM, HTTP
header, `<meta charset>`, then Scrapy's guess) and parsed exactly as a crawled one.

Whatever a page holds, it is read or refused with a reason (`ExtractionError`), never a crash:
a declared encoding its bytes contradict is passed over, binary bodies are refused, characters
XML refuses are dropped (`decoding`), nesting past what the parser follows is flattened
(`depth`). What it took is in the page's `notes`.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from functools import cached_property
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree
from parsel import Selector
from scrapy.http import HtmlResponse

from crawler.extractors import decoding, depth
from db.records import unexpected_reason

logger = logging.getLogger(__name__)
# what is dropped before any extractor runs: never content, and it only slows text walks
UNWANTED_TAGS = ("script", "style", "noscript", "template", "svg")
# structured metadata worth reading before the scripts go
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
JSON_LD_TYPE = "application/ld+json"
# the URL a page's bytes are decoded under when nobody says where it came from (it is not kept)
PLACEHOLDER_URL = "about:blank"


def _html_parser() -> lxml.html.HTMLParser:
    """lxml.html's parser, its element classes chosen in C rather than by lxml.html's Python
    `lookup`, called for every element object made (some 2,000 a page: 5% of extracting one).
    Same classes: `HtmlElement`, with lxml.html's own for `form`, `input` and the like (read
    from lxml.html; where a version of it does not expose them, its own lookup is kept).
    `huge_tree`, as parsel parses a response: it nests as deep as a crawled page's tree does."""
    parser = lxml.html.HTMLParser(huge_tree=True)
    special = getattr(lxml.html.HtmlElementClassLookup, "_default_element_classes", None)
    if not isinstance(special, dict):
        return parser
    fallback = etree.ElementDefaultClassLookup(
        element=lxml.html.HtmlElement,
        comment=lxml.html.HtmlComment,
        pi=lxml.html.HtmlProcessingInstruction,
        entity=lxml.html.HtmlEntity,
    )
    lookup = etree.ElementNamespaceClassLookup(fallback)
    lookup.get_namespace(None).update(special)
    parser.set_element_class_lookup(lookup)
    return parser


# lxml's parsers must not be shared between threads: one a thread
_PARSERS = threading.local()


def html_parser() -> lxml.html.HTMLParser:
    """This thread's parser (`_html_parser`)."""
    parser = getattr(_PARSERS, "parser", None)
    if parser is None:
        parser = _PARSERS.parser = _html_parser()
    return parser
# `<meta name>` compared as the generator selector did: only these letters folded
_GENERATOR_CASE = str.maketrans("GENRATO", "genrato")


class ExtractionError(Exception):
    """A page that cannot become a post: says which page and why."""

    def __init__(self, url: str | None, reason: str):
        super().__init__(f"{url or '<no url>'}: {reason}")
        self.url = url
        self.reason = reason

    def __reduce__(self):  # pickled whole: extraction may run in a worker process
        return type(self), (self.url, self.reason)

    @classmethod
    def unexpected(cls, url: str | None, error: Exception) -> ExtractionError:
        """An error nobody foresaw (a page no extractor imagined, or a bug) as that page's
        error, so one page never stops a crawl or an import; its traceback goes to the log."""
        logger.error("%s: reading the page failed", url or "<no url>", exc_info=error)
        return cls(url, unexpected_reason(error))


class Page:
    """A page's URL, its decoded text and its parsed tree."""

    def __init__(
        self,
        text: str,
        url: str | None = None,
        encoding: str | None = None,
        root: etree._Element | None = None,
        notes: list[str] | None = None,
    ):
        """`root` is a tree already parsed from `text` (a Scrapy response's, made readable by
        `from_response`), reused as is; `notes` say what reading it took."""
        self.url = url
        self.encoding = encoding
        # what reading the page took beyond the ordinary (a declaration passed over, characters
        # dropped, nesting flattened): kept with its thread as problems
        self.notes: list[str] = list(notes or ())
        # the response the page was read from, as read (see `from_response`)
        self.response = None
        if not text or not text.strip():
            raise ExtractionError(url, "empty page: no content to extract")
        if root is None:
            text = _writable(text, self.notes)
            root = _parse(text, url)
            if depth.too_deep(root):
                text = depth.flattened(text)
                root = _parse(text, url)
                self.notes.append(FLATTENED)
        self.text = text
        for note in self.notes:
            logger.info("%s: %s", url or "<no url>", note)
        if root is None or root.find("body") is None and len(root) == 0:
            raise ExtractionError(url, "not parsable as HTML: no document element")
        # `iter` over the script elements: a third faster than a selector over the whole tree
        self.json_ld = [
            script.text
            for script in root.iter("script")
            if script.get("type") == JSON_LD_TYPE and script.text
        ]
        etree.strip_elements(root, *UNWANTED_TAGS, with_tail=False)
        etree.strip_tags(root, etree.Comment)
        self.tree = root
        # an element of each comment (its header or body), where an extractor says which they
        # are (one a comment, in order): a crawl leaves the links of their comments alone
        # (crawler/discovery/links.py `units_around`), and need not search for them
        self.comment_elements: list[etree._Element] = []
        if url is None:
            self.url = self.declared_url

    @classmethod
    def from_bytes(
        cls, body: bytes, url: str | None = None, content_type: str | None = None
    ) -> Page:
        """Decode and parse raw bytes exactly as a crawl does: as the Scrapy response the bytes
        would have arrived as (BOM, HTTP header, `<meta charset>`, then Scrapy's own guess), so
        a saved, imported or re-parsed page is the very tree its crawl read."""
        if not body or not body.strip():
            raise ExtractionError(url, "empty page: no content to extract")
        headers = {"Content-Type": content_type} if content_type else None
        response = HtmlResponse(url or PLACEHOLDER_URL, body=body, headers=headers)
        return cls._from_text(response, url)

    @classmethod
    def from_response(cls, response) -> Page:
        """Build from a Scrapy `TextResponse` (its own decoding is reused where it fits)."""
        if getattr(response, "text", None) is None:
            raise ExtractionError(response.url, "binary content, not an HTML page")
        return cls._from_text(response, response.url)

    @classmethod
    def _from_text(cls, response, url: str | None) -> Page:
        """The page of `response` made readable: read in an encoding its bytes bear out, refused
        if binary, its unwritable characters dropped and its nesting flattened, each by a new
        response of the text as read (`page.response`, whose tree the page is)."""
        notes: list[str] = []
        response = decoding.trusted(response, notes)
        text = response.text
        kind = decoding.binary_kind(response.body, text)
        if kind is not None:
            raise ExtractionError(url, f"binary content ({kind}), not an HTML page")
        if not text.strip():
            raise ExtractionError(url, "empty page: no content to extract")
        encoding = response.encoding
        readable = _writable(text, notes)
        if readable is not text:
            response = _as_read(response, readable)
        root = None
        if _XML_DECLARATION.match(readable) is None:  # (lxml parses those from text, itself)
            # the response's own tree: link extraction and extraction share one parse
            root = response.selector.root
            if depth.too_deep(root):
                response = _as_read(response, depth.flattened(readable))
                root = response.selector.root
                notes.append(FLATTENED)
        page = cls(response.text, url=url, encoding=encoding, root=root, notes=notes)
        page.response = response
        return page

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
        found = [
            content
            for _, name, _, content in self.metas
            if name is not None and name.translate(_GENERATOR_CASE) == "generator"
        ]
        return " ".join(found).lower()

    @cached_property
    def metas(self) -> list[tuple[str | None, str | None, str | None, str]]:
        """(property, name, itemprop, content) of each `<meta>` with a content, in document order.

        Read in one pass: a selector per looked-up name walked the whole tree each time, some
        twenty walks a page between title, author, date and tags.
        """
        return [
            (meta.get("property"), meta.get("name"), meta.get("itemprop"), content)
            for meta in self.tree.iter("meta")
            if (content := meta.get("content")) is not None
        ]

    def absolute(self, href: str) -> str:
        return urljoin(self.url or "", href)

    def meta(self, *names: str) -> str | None:
        """First non-empty `<meta>` content among property/name/itemprop `names`."""
        for name in names:
            for prop, meta_name, itemprop, content in self.metas:
                if name in (prop, meta_name, itemprop) and content.strip():
                    return content.strip()
        return None


# the note of a page read again with its nesting cut down
FLATTENED = (f"nested deeper than {depth.MAX_DEPTH} levels: read again with the nesting"
             " flattened (text kept)")


def _writable(text: str, notes: list[str]) -> str:
    """`text` without the characters XML refuses (`decoding.writable`), noted if any were."""
    readable, dropped = decoding.writable(text)
    if dropped:
        notes.append(f"{dropped} control characters or references to them dropped")
    return readable


def _as_read(response, text: str):
    """A response of `text` as read, to parse and follow links from instead of the original."""
    return response.replace(body=text.encode("utf-8"), encoding="utf-8")


def _parse(text: str, url: str | None) -> etree._Element:
    # lxml refuses a decoded string that still declares its encoding (XHTML pages)
    text = _XML_DECLARATION.sub("", text, count=1)
    try:
        return lxml.html.document_fromstring(text, parser=html_parser())
    except (etree.ParserError, ValueError) as exc:
        raise ExtractionError(url, f"not parsable as HTML: {exc}") from exc


def read_json_ld(script: str) -> Any:
    """The data of a JSON-LD script, None where it is not JSON. Line breaks and tabs left raw
    inside its strings are read (strict JSON refuses them; content systems write them, and the
    search engines JSON-LD is written for read them)."""
    try:
        return json.loads(script, strict=False)
    except (ValueError, RecursionError):  # not JSON, or nested deeper than json reads
        return None
