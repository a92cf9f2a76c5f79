"""Post metadata every platform shares: title, author, date and tags from meta tags and JSON-LD.

Platform extractors read their own markup first and fall back on these, so a page with sparse
markup still gets a title and a date when its `<head>` names them. `refine_title` then takes the
site's furniture off whatever title was found ("Title | Site", "Site: Title", a date header, the
blog's name), from what the page's own sources agree on: the `<title>`, og:title and the
headings the page shows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cached_property, lru_cache
from urllib.parse import urlsplit

from lxml import etree

from crawler.dates import MONTHS, is_date_only, parse_time
from crawler.extractors.page import Page, read_json_ld
from crawler.extractors.selectors import class_tokens, has_class, xpath, xpaths
from crawler.extractors.text import FIELD_BREAK, collapse, field_lines

# tried in order, most specific first
TITLE_META = ("og:title", "twitter:title", "dc.title", "DC.title", "headline")
# headline class tokens, most specific first: the elements holding either are found in one walk
# and sorted by token here (a selector per token walked the whole tree twice)
TITLE_CLASSES = ("entry-title", "post-title")
TITLE_CLASS_CANDIDATES = xpath(
    "//*[" + " or ".join(f"contains(@class,'{name}')" for name in TITLE_CLASSES) + "]"
)
# after the meta tags
TITLE_XPATHS = xpaths("//article//h1", "//h1", "//title")
AUTHOR_META = ("author", "article:author", "dc.creator", "DC.creator", "sailthru.author", "byl")
AUTHOR_XPATHS = xpaths(
    "//*[@rel='author']",
    "//*[" + has_class("author") + "]"
    "//*[" + has_class("fn") + "]",
    "//*[@itemprop='author']//*[@itemprop='name']",
)
# an element of the post classed as its author, whatever it holds (read by `_author_named`)
AUTHOR_ELEMENTS = xpath("//body//*[" + has_class("author") + "]")
# the name part of a byline that also holds the author's role ("Writer and broadcaster"): found
# by substrings in one walk, told by class token after
AUTHOR_NAME_CLASSES = frozenset(("byline-name", "byline__name", "author-name", "author_name",
                                 "authorName", "author__name"))
AUTHOR_NAME_CANDIDATES = xpath(
    "//*[contains(@class,'ame') and (contains(@class,'byline') or contains(@class,'uthor'))]"
)
# a line that is a byline: "By Rose Orlik", "posted by Aaron J. Seigo at 10:15 PM", "By Mary
# Murray, NBC News" -- the name is up to six words (two names joined by "and"), then the line
# ends or a time, place or affiliation follows
BYLINE_LINE = re.compile(
    r"^(?:(?:posted|written|published)\s+)?(?:by|von|par|por|door|av|od)\s*[:|]?\s+"
    r"(?P<name>[^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){0,5}?)"
    r"(?=\s*$|\s*[,|@·•(]|\s+(?:at|on|am|le|el|um|in|\d)\b"
    # or the date: "by Tyler Cowen August 12, 2020"
    r"|\s+(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?\s+\d)",
    re.I,
)
# "Posted on March 3, 2012 by ...": the date a byline may open with, before its "by"
BYLINE_DATE = re.compile(r"^(?:posted|published|written)\s+on\s+[^|]{4,40}?(?=\s+by\b)", re.I)
# an element holding only the word that opens a byline: the name is its parent's next field
BY_ALONE = re.compile(r"^\s*(?:(?:posted|written)\s+)?(?:by|von|par)\s*:?\s*$", re.I)
MAX_BYLINE_CHARS = 120  # a byline is a short line; more is a sentence that says "by"
# what a text that may open a byline holds ("By ", "posted by ", "von "), tested before the regex
BYLINE_WORDS = ("by", "By", "BY", "von ", "Von ", "par ", "Par ")
# an author box: "About the Author - Florina Ionescu", "About Nelson Jones"
AUTHOR_BOXES = xpath(
    "//*[contains(@class,'author') and (contains(@class,'box') or contains(@class,'bio')"
    " or contains(@class,'about'))]"
)
ABOUT_AUTHOR = re.compile(r"^about(?:\s+the\s+author)?\s*[-–—:]?\s+(?P<name>.+)$", re.I)
MAX_NAME_WORDS = 6  # a person's name, or two joined by "and"
# an author element with more text than this is a bio or a box, not a name
MAX_AUTHOR_ELEMENT_CHARS = 80
# what follows a name in a byline: a handle or role in brackets, an affiliation after a comma
NAME_TAIL = re.compile(r"\s*\([^()]*\)\s*$|,\s+(?!.*\b(?:and|und|et|y|i)\b|.*&).*$")
# "Posted by: Name | date" is how Movable Type and TypePad sign a comment ("Posted by Name at
# 10:15 PM", without the colon, a post)
COMMENT_FOOTER = re.compile(r"^posted\s+by:", re.I)
# a comment's markup names itself so, and so does an ad or recommendation widget's ("by
# Taboola" in a "trc_attribution_link"): bylines inside are not the post's
_NOT_POST_WORDS = r"comment|reply|respond|responses|sponsor|promot|advert"
NOT_POST_MARK = re.compile(_NOT_POST_WORDS + r"|attribution", re.I)
# the same without "attribution", which news templates also name their bylines by: for an
# element that holds a name alone (an ad's "by Widgets" is no name alone)
NOT_POST_PART = re.compile(_NOT_POST_WORDS, re.I)
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
PUBLISHED_XPATHS = xpaths(
    "//article//time[@datetime]/@datetime",
    "//*[" + has_class("published") + "]/@title",
    "//time[@datetime]/@datetime",
)
# --- titles without the site's furniture (refine_title) ---
# where the page names its headline apart from the body, each an independent witness
TITLE_SOURCES = ("og:title", "twitter:title")
# the site's own name, as the page declares it
SITE_NAME_META = ("og:site_name", "application-name", "apple-mobile-web-app-title",
                  "twitter:site")
# between a headline and the site's furniture: "Title | Site", "Site - Title", "Title « Site",
# "Site :: Section :: Title" ("|" and "::" with or without spaces, the others between spaces)
TITLE_SEPARATOR = re.compile(r"(\s*(?:\||::)\s*|\s+[-–—:»«›‹>·•@✩~/]\s+)")
# "Site: Title": headlines hold colons too ("Zugverkehr: Im ICE ..."), so only a known site name
# before the colon comes off
SITE_PREFIX = re.compile(r"^(?P<site>[^:]{2,80}):\s+(?P<rest>\S.*)$")
# a breadcrumb trail narrows from short section names to the page: "Guns > Range Report: ..."
BREADCRUMB_SEPARATOR = re.compile(r"\s+[>»›]\s+")
MAX_CRUMB_WORDS = 3  # a section's name in a trail ("Guns", "World News", "Comment is free")
# elements that may show the post's headline: headings, and title and headline classes
HEADINGS = ("h1", "h2", "h3", "h4")
HEADLINES = xpath(
    "//body//*[contains(@class,'title') or contains(@class,'headline') or @itemprop='headline']"
)
# more text than this in a "title" element is a container (a list of posts), not a headline
MAX_HEADLINE_CHARS = 300
# host name labels that name no site
HOST_NOISE = frozenset("www blog blogs news m en de fr com net org edu gov co uk".split())
# shorter labels ("bbc", "abc") occur inside too many words to recognise a site's name by
MIN_HOST_LABEL = 4
# a site's name is short ("The Volokh Conspiracy", "Autopia from Wired.com"); a longer part that
# spells the host's name is a headline mentioning the site
MAX_SITE_NAME_WORDS = 4
# a heading the head's sources back up twice (the <title> and og:title) outweighs an element that
# merely has a title class: a sidebar box or a comment can have one too
MIN_SUPPORT_OVER_VISIBLE = 3
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
    """The post's author: meta tags, JSON-LD, byline markup, a "By ..." line, an author box.

    A meta author that is the site's own name ("World News") yields to a person named on the
    page, and is kept only when none is."""
    site_name = title_key(page.meta("og:site_name"))
    value = page.meta(*AUTHOR_META)
    fallback = None
    if value and not value.startswith("http"):
        value = person(value)
        if value and title_key(value) == site_name:
            fallback = value
        elif value:
            return value
    ld = _ld(page, "author")
    if ld:
        return person(ld)
    for el_xpath in AUTHOR_XPATHS:
        for el in el_xpath(page.tree):
            if name := _named_by(el):
                return name
    for el in AUTHOR_NAME_CANDIDATES(page.tree):
        if AUTHOR_NAME_CLASSES.intersection(class_tokens(el.get("class"))) and (
                name := _named_by(el)):
            return name
    return byline_author(page) or _author_box(page) or _author_named(page) or fallback


def _named_by(el: etree._Element) -> str | None:
    """The person a short author element names, read from its first line and field."""
    text = collapse(el.text_content())
    if not text or len(text) >= MAX_AUTHOR_ELEMENT_CHARS:
        return None
    return person(field_lines(el)[0])


def person(text: str, max_words: int | None = None) -> str | None:
    """A byline's name without "By", a bracketed handle or role, or an affiliation after a
    comma ("By Mary Murray, NBC News"); None for a label ("Translation:"), or for more than
    `max_words` words (a sentence rather than a name)."""
    text = collapse(text)
    match = BYLINE_LINE.match(text)
    if match:
        text = text[len(match.group(0)) - len(match["name"]):]
    text = NAME_TAIL.sub("", text.split(FIELD_BREAK)[0]).strip(" ,|-–—")
    if not text or text.endswith(":") or (max_words and len(text.split()) > max_words):
        return None
    return text


def byline_author(page: Page) -> str | None:
    """The first "By Name" line of the page outside its comments (an `<address>`, a post
    footer's "posted by Name at 10:15 PM", a paragraph "by <a>Name</a>")."""
    for el in _byline_openers(page.tree):
        if len(collapse(el.text_content())) > MAX_BYLINE_CHARS:
            continue
        text, match = next(
            ((line, found) for line in field_lines(el)
             if (found := BYLINE_LINE.match(BYLINE_DATE.sub("", line).lstrip()))),
            ("", None))
        if match is None or COMMENT_FOOTER.match(text) or _marked(el, NOT_POST_MARK):
            continue
        name = person(match["name"], MAX_NAME_WORDS)
        # a name is capitalised, or a link (a handle: "by <a>admin</a>"); "By the way" is not
        if name and (name[0].isupper() or any(
            collapse(a.text_content()) == name for a in el.iter("a")
        )):
            return name
    return None


def _byline_openers(tree: etree._Element) -> Iterator[etree._Element]:
    """Elements of the body whose own text may open a byline: a short text holding "by" (a
    Python walk of text and tails: a third the time of an XPath over the text nodes)."""
    body = tree.find("body")
    for el in (body if body is not None else tree).iter():
        if not isinstance(el.tag, str):
            continue
        text, tail = el.text, el.tail
        if text and len(text) <= MAX_BYLINE_CHARS and any(w in text for w in BYLINE_WORDS):
            yield el
            if not len(el) and BY_ALONE.match(text):  # "<span>By</span><a>Name</a>"
                parent = el.getparent()
                if parent is not None:
                    yield parent
        if tail and len(tail) <= MAX_BYLINE_CHARS and any(w in tail for w in BYLINE_WORDS):
            parent = el.getparent()
            if parent is not None:
                yield parent


def _author_named(page: Page) -> str | None:
    """A short element of the post classed "author" that holds a name and nothing else
    (`<span class="author">Elliot Brownstein</span>`), outside any comment's markup."""
    for el in AUTHOR_ELEMENTS(page.tree):
        lines = field_lines(el)
        if (len(lines) != 1 or len(lines[0]) >= MAX_AUTHOR_ELEMENT_CHARS
                or _marked(el, NOT_POST_PART)):
            continue
        name = person(lines[0], MAX_NAME_WORDS)
        if name and name[0].isupper() and name == lines[0]:
            return name
    return None


def _marked(el: etree._Element, mark: re.Pattern) -> bool:
    """Whether `el` or an element around it is named (class or id) as `mark` says."""
    return any(mark.search((a.get("class") or "") + " " + (a.get("id") or ""))
               for a in (el, *el.iterancestors()))


def _author_box(page: Page) -> str | None:
    """The name an author box gives ("About the Author - Florina Ionescu")."""
    for box in AUTHOR_BOXES(page.tree):
        for el in box.iter():
            match = ABOUT_AUTHOR.match(collapse(el.text) if el.text else "")
            if match is None:
                continue
            # the name may be the rest of the line or the next element ("About <a>X</a>")
            line = collapse(el.text_content())
            found = ABOUT_AUTHOR.match(line)
            name = person(found["name"], MAX_NAME_WORDS) if found else None
            if name:
                return name
    return None


def published(page: Page) -> str | None:
    """The publication time the page declares (meta tags, JSON-LD, `<time datetime>`): the
    first a date can be read from, since a template may fill one with a placeholder
    ("0001-01-01T00:00:00Z") where another holds the date; else the first found, kept raw."""
    return first_readable(_declared_times(page))


def first_readable(values: Iterable[str | None]) -> str | None:
    """The first of `values` a time can be read from, else the first given at all."""
    unreadable = None
    for value in values:
        if not value:
            continue
        if parse_time(value) is not None:
            return value
        unreadable = unreadable or value
    return unreadable


def _declared_times(page: Page) -> Iterator[str]:
    for name in PUBLISHED_META:
        yield page.meta(name)
    yield _ld(page, "datePublished")
    for selector in PUBLISHED_XPATHS:
        for found in selector(page.tree):
            yield str(found).strip()


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
    objects = _ld_objects(tuple(page.json_ld))
    for obj in objects:
        value = obj.get(key)
        if isinstance(value, list) and value:
            value = value[0]
        if isinstance(value, dict) and "name" not in value and "@id" in value:
            # a reference to a node of the graph (Yoast's "author": {"@id": ".../person/x"})
            value = next((o for o in objects if o.get("@id") == value["@id"] and o is not value),
                         value)
        if isinstance(value, dict):
            value = value.get("name")
        if isinstance(value, str) and value.strip():
            return collapse(value)
    return None


@lru_cache(maxsize=64)
def _ld_objects(scripts: tuple[str, ...]) -> list[dict]:
    objects: list[dict] = []
    for script in scripts:
        data = read_json_ld(script)
        if data is None:
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


def refine_title(page: Page, found: str | None) -> str | None:
    """The post's headline without the site's furniture, from the title an extractor `found`.

    A title that is the site's name or a date header gives way to the headline the page's
    sources agree on (a heading the `<title>` or og:title repeat), else to the heading after the
    date; so does one fewer sources back than that headline (an og:title written for sharing, a
    sidebar box's "entry-title"). What is left loses its site name, date and breadcrumb parts.
    """
    if not found:
        return found
    evidence = TitleEvidence(page)
    if evidence.settled(found):
        return found
    agreed = evidence.agreed
    if is_date_only(found):
        return agreed or evidence.heading_after(found) or found
    if evidence.is_site(found):
        return agreed or found
    if agreed and agreed != found:
        needed = MIN_SUPPORT_OVER_VISIBLE if evidence.is_visible(found) else 1
        if evidence.support(agreed) >= max(needed, evidence.support(found) + 1):
            return agreed
    return evidence.without_furniture(found)


class TitleEvidence:
    """What a page says about its headline and its site's name, compared by `title_key`."""

    def __init__(self, page: Page):
        self.page = page

    @cached_property
    def sources(self) -> list[str]:
        """The head's statements of the headline: `<title>` (the first outside an SVG drawing,
        whose titles are tooltips), og:title, twitter:title."""
        document = next((el for el in self.page.tree.iter("title")
                         if not any(a.tag == "svg" for a in el.iterancestors())), None)
        found = [collapse(document.text_content())] if document is not None else []
        found += [collapse(self.page.meta(name)) for name in TITLE_SOURCES]
        return [text for text in found if text]

    @cached_property
    def source_runs(self) -> list[set[str]]:
        """Per source, the keys of every run of its parts ("A | B | C": A, B, C, A|B, B|C, ...)."""
        runs = []
        for source in self.sources:
            keys = [title_key(part) for part in _parts(source)]
            runs.append({"".join(keys[i:j]) for i in range(len(keys))
                         for j in range(i + 1, len(keys) + 1)} - {""})
        return runs

    def settled(self, text: str) -> bool:
        """Whether `text` needs no refining, told without walking the page: no separator in it,
        no date, not the site's declared name, and every head source states it (one wholly)."""
        key = title_key(text)
        return (
            bool(self.sources)
            and not TITLE_SEPARATOR.search(text)
            and key in {title_key(source) for source in self.sources}
            and all(key in runs for runs in self.source_runs)
            and key not in self.declared_site_keys
            and key not in self.host_named_parts
            and not is_date_only(text)
        )

    @cached_property
    def headings(self) -> list[tuple[etree._Element, str, str]]:
        """The page's h1-h4 headings (a cheap walk): element, text, key."""
        return _with_keys(self.page.tree.iter(*HEADINGS))

    @cached_property
    def titled(self) -> list[tuple[etree._Element, str, str]]:
        """Other elements with a title or headline class (a walk of the whole page: looked at
        only where the headings do not settle it)."""
        return _with_keys(el for el in HEADLINES(self.page.tree) if el.tag not in HEADINGS)

    @cached_property
    def heading_keys(self) -> set[str]:
        return {key for _, _, key in self.headings}

    @cached_property
    def titled_keys(self) -> set[str]:
        return {key for _, _, key in self.titled}

    @cached_property
    def declared_site_keys(self) -> set[str]:
        """The site's name as the page declares it: meta tags, JSON-LD publisher."""
        keys = {title_key(value.lstrip("@")) for name in SITE_NAME_META
                if (value := self.page.meta(name))}
        for obj in _ld_objects(tuple(self.page.json_ld)):
            publisher = obj.get("publisher")
            if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
                keys.add(title_key(publisher["name"]))
        # a "site name" that is a whole head source of one part is the headline, misdeclared
        return keys - {""} - {title_key(source) for source in self.sources
                              if len(_parts(source)) == 1}

    @cached_property
    def site_keys(self) -> set[str]:
        """The declared site names, and headings that link to the home page (a blog's name
        heading does)."""
        return self.declared_site_keys | {
            key for el, _, key in self.headings if key and _links_home(el, self.page)
        }

    @cached_property
    def host_labels(self) -> list[str]:
        """The labels of the page's host that may name the site ("volokh" of volokh.com)."""
        host = urlsplit(self.page.url or "").hostname or ""
        return [label for label in host.split(".")[:-1]
                if len(label) >= MIN_HOST_LABEL and label not in HOST_NOISE]

    @cached_property
    def host_named_parts(self) -> set[str]:
        """Per source of more than one part, its shortest part that spells a label of the host
        ("The Volokh Conspiracy" of volokh.com, "POLITICO.com"): the site's name. The shortest,
        for a headline may spell the label too ("Python 3.9 released - Python.org")."""
        found = set()
        for source in self.sources:
            keys = [key for part in _parts(source) if (key := title_key(part))]
            named = [title_key(part) for part in _parts(source)
                     if len(part.split()) <= MAX_SITE_NAME_WORDS
                     and any(label in title_key(part) for label in self.host_labels)]
            if len(keys) > 1 and named:
                found.add(min(named, key=len))
        return found

    @cached_property
    def host_keys(self) -> set[str]:
        """The host's own name as a title would spell it: "politico", "politicocom"."""
        host = (urlsplit(self.page.url or "").hostname or "").removeprefix("www.")
        return {*self.host_labels, title_key(host)} - {""}

    def is_site(self, text: str) -> bool:
        """Whether `text` is the site's name: declared as such, or named after the host."""
        key = title_key(text)
        return bool(key) and (key in self.site_keys or key in self.host_named_parts)

    def is_visible(self, text: str) -> bool:
        key = title_key(text)
        return key in self.heading_keys or key in self.titled_keys

    def support(self, text: str) -> int:
        """How many of the page's witnesses state `text` as (a run of parts of) the headline:
        the headings shown, and each head source."""
        return self.is_visible(text) + sum(title_key(text) in runs for runs in self.source_runs)

    @cached_property
    def agreed(self) -> str | None:
        """The heading shown on the page that the head's sources back up most (ties: the longer),
        neither the site's name nor a date: the headline the page's witnesses agree on. Headings
        are looked at first, other title elements only where no heading will do."""
        for candidates in (self.headings, None):
            best, best_rank = None, (2, -1)  # backed by one source at least
            for _, text, key in self.headings if candidates is not None else self.titled:
                if not any(key in runs for runs in self.source_runs):
                    continue
                rank = (self.support(text), len(text))
                if rank > best_rank and not self.is_site(text) and not is_date_only(text):
                    best, best_rank = text, rank
            if best:
                return best
        return None

    def heading_after(self, text: str) -> str | None:
        """The heading after the one reading `text` (a date header: the post's title follows)."""
        key = title_key(text)
        headings = [el for el in self.page.tree.iter(*HEADINGS)]
        for n, el in enumerate(headings):
            if title_key(el.text_content()) != key:
                continue
            for after in headings[n + 1:]:
                found = collapse(after.text_content())
                if found and not is_date_only(found) and not self.is_site(found):
                    return found
            return None
        return None

    def without_furniture(self, text: str) -> str:
        """`text` without site-name or date parts at either end or a site-name prefix ("Site:
        Title"), unless the page shows it whole as a headline; and without the section names of
        a breadcrumb trail."""
        if not self.is_visible(text):
            pieces = TITLE_SEPARATOR.split(text)  # parts at even positions, separators between
            parts = pieces[::2]
            start, end = 0, len(parts)
            while end - start > 1 and self._furniture(parts[end - 1]):
                end -= 1
            while end - start > 1 and self._furniture(parts[start]):
                start += 1
            text = "".join(pieces[2 * start:2 * end - 1]).strip()
            prefix = SITE_PREFIX.match(text)
            if prefix and (self.is_site(prefix["site"])
                           or title_key(prefix["site"]) in self.host_keys):
                text = prefix["rest"]
        crumbs = BREADCRUMB_SEPARATOR.split(text)
        if len(crumbs) > 1 and not any(title_key(text) in runs for runs in self.source_runs):
            last = len(crumbs[-1].split())
            if all(len(c.split()) <= MAX_CRUMB_WORDS and len(c.split()) < last
                   for c in crumbs[:-1]):
                text = crumbs[-1]
        return text

    def _furniture(self, part: str) -> bool:
        return not title_key(part) or self.is_site(part) or is_date_only(part)


def title_key(text: str | None) -> str:
    """A title's letters and digits, case folded: what two spellings of one headline share."""
    return _NOT_ALNUM.sub("", (text or "").casefold())


def _with_keys(elements) -> list[tuple[etree._Element, str, str]]:
    """Element, collapsed text and `title_key` of each element with a headline's length of text."""
    found = []
    for el in elements:
        text = collapse(el.text_content())
        if text and len(text) <= MAX_HEADLINE_CHARS:
            found.append((el, text, title_key(text)))
    return found


_NOT_ALNUM = re.compile(r"[\W_]+")


def _parts(text: str) -> list[str]:
    return TITLE_SEPARATOR.split(text)[::2]


def _links_home(el: etree._Element, page: Page) -> bool:
    """Whether the heading is a link to the site's home page (or holds one)."""
    links = [el] if el.tag == "a" else []
    links += list(el.iter("a")) + [a for a in el.iterancestors("a")]
    for link in links:
        href = (link.get("href") or "").strip()
        if not href or href.rstrip("/").count("/") > 2:  # a path below the root: not home
            continue
        parts = urlsplit(page.absolute(href))
        if parts.path in ("", "/") and not parts.query and (
            not page.url or parts.hostname == urlsplit(page.url).hostname
        ):
            return True
    return False
