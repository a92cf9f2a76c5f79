"""Which links of a page are worth a request, decided from the page as a person reads it.

A person reaching every post and every page of every thread clicks titles, listings and "older
posts" or "comment pages" links; they do not click a comment's Reply, Recommend or Flag, a Print
or Email view, Log in, or the name of every commenter. A page says which links are which:

1. `rel="nofollow"`, `"ugc"` or `"sponsored"`: the site itself marks the link as not worth
   following (WordPress marks reply links and commenters' sites so; forums their actions).
2. Links inside a comment, other than the thread's own pages: commenters' profiles,
   recommenders, the comment's actions, links commenters posted. A comment's permalink is the page
   itself and folds into it (`#c123`).
3. Links whose text is an action (reply, rate, recommend, flag, hide, email, print, share,
   subscribe, log in, edit...) in the languages of the corpus, when the text is no more than the
   action and what it acts on ("Reply", "Print this story", "E-Mail senden").
4. Last, a short list of URL patterns (`DENY_URL_PATTERNS`) for what a page does not mark: admin
   and log-in areas, feeds of comments, trackback endpoints.

Each link left out is counted under its rule, so a crawl can show what it did not request.
"""

from __future__ import annotations

import posixpath
import re
from bisect import bisect_right
from collections import Counter
from datetime import date
from urllib.parse import urldefrag, urljoin, urlsplit

from lxml import etree
from scrapy.linkextractors import IGNORED_EXTENSIONS
from scrapy.utils.response import get_base_url
from w3lib.html import strip_html5_whitespace
from w3lib.url import safe_url_string

from crawler.extractors.actions import is_action_text
from crawler.extractors.selectors import xpath
from crawler.extractors.text import collapse, text_content

# rel values by which a site says a link is not an endorsement and not worth a crawler's visit
NOFOLLOW_RELS = frozenset({"nofollow", "ugc", "sponsored"})


# Last guard, for what pages do not mark: admin and log-in areas, WordPress's reply-form and
# comment-feed addresses, trackback endpoints, the sample site's test hook. Display parameters
# (sort orders, print or AMP views) are not here: a probe learns them from the site itself.
DENY_URL_PATTERNS = (
    r"/wp-(admin|login|json)",
    r"[?&](replytocom|action|preview)=",
    r"/(login|logout|signin|signout|register|signup|subscribe|unsubscribe|cart|checkout)\b",
    r"/(share|print|email|reply|flag|report|edit|delete|hotlist|recommend)(/|$|\?)",
    r"/(xmlrpc\.php|trackback/?$)",
    r"/feed/?$",
    r"/comments/feed",
    r"/_sample/",
)

ANCHORS = xpath("//a[@href] | //area[@href]")
# every text of a page that is more than white space, with its place (is it a tail?)
TEXT_NODES = xpath("//text()[normalize-space()]")
INLINE_TAGS = frozenset({"a", "b", "i", "em", "strong", "u", "span", "font", "small", "big",
                         "code", "q", "s", "strike", "sub", "sup", "abbr", "cite"})
# files a page links to that are not pages (Scrapy's list, dotted as url_has_any_extension wants)
DENIED_EXTENSIONS = {f".{extension}" for extension in IGNORED_EXTENSIONS}

# a comment is found by the first characters of its text: enough to tell comments apart, few
# enough that most lie within the first text node of a body (a shorter one matches a prefix)
COMMENT_KEY_CHARS = 24
MIN_COMMENT_KEY_CHARS = 12
# characters of a text node read to find its first COMMENT_KEY_CHARS once white space collapses
START_CHARS = 4 * COMMENT_KEY_CHARS
# the page's text from a comment's first words to its last is its text and little more (markup's
# white space, a quote, a label): at most this many times its length
BODY_SLACK = 2
# a lone comment's unit is its body and a header, byline and actions of at most this many words
# (or this many times the body's own, for the signatures and quotes of long comments)
HEADER_WORDS = 40
UNIT_SLACK = 2
# a place whose text is within this share of a comment's length (and a key's length) shows it
SPAN_TOLERANCE = 0.1
# places a comment's whole text may show (a quote, a line of the post): more are not looked at
MAX_BODY_CANDIDATES = 3
# inline elements a short opening text is read through (`<b><a>name</a></b>`)
MAX_OPENING_LEVELS = 3
LEADING_MARKS = re.compile(r"^[^\w]+", re.UNICODE)
# white space a browser would collapse: a text showing some is collapsed before it is compared
_RUNS_OF_SPACE = re.compile(r"\s\s|[^\S ]")

# rule names, as counted in `archive/skipped/<rule>` and shown by a crawl's summary
NOFOLLOW, IN_COMMENT, ACTION, PATTERN = "nofollow", "comment", "action", "pattern"


def compile_patterns(patterns) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.I) for p in patterns)


def is_denied(url: str, patterns: tuple[re.Pattern[str], ...]) -> bool:
    return any(p.search(url) for p in patterns)


DENY = compile_patterns(DENY_URL_PATTERNS)


def link_text(anchor: etree._Element) -> str:
    """What a person reads as the link: its text, else its label, title or image's alt text."""
    text = collapse(text_content(anchor))
    if text:
        return text
    label = anchor.get("aria-label") or anchor.get("title")
    if label:
        return collapse(label)
    images = anchor.findall(".//img")
    return collapse(images[0].get("alt")) if images else ""


def _absolute(href: str, base: str, encoding: str) -> str | None:
    """The page a link leads to: absolute, fragment dropped; None for what is not a web page
    (another scheme, a file by its extension: Scrapy's list)."""
    try:
        url = safe_url_string(urljoin(base, strip_html5_whitespace(href)), encoding=encoding)
    except ValueError:
        return None
    url = urldefrag(url)[0]
    if not url.startswith(("http://", "https://")):
        return None
    # the extension test of Scrapy's url_has_any_extension, by one set lookup
    if posixpath.splitext(urlsplit(url).path)[1].lower() in DENIED_EXTENSIONS:
        return None
    return url


def page_links(response) -> list[str]:
    """Every distinct page a response links to (`<a>` and `<area>`), absolute, fragment dropped,
    with Scrapy's URL helpers and ignored extensions, whatever the links say (the baseline that
    `chosen_links` chooses from). A page's own `#c123` anchors fold into the page itself."""
    base = get_base_url(response)
    urls: dict[str, None] = {}
    for href in dict.fromkeys(a.get("href") for a in ANCHORS(response.selector.root)):
        url = _absolute(href, base, response.encoding)
        if url is not None:
            urls[url] = None
    return list(urls)


def chosen_links(response, comment_units=(), keep=None,
                 follow_nofollow: bool = False) -> tuple[list[str], Counter]:
    """The distinct pages worth a request that `response` links to, and per rule how many
    distinct links it left out.

    `comment_units`: the elements holding the page's comments (see `comment_units`); links
    inside them are left out unless `keep(url)` says they are the thread's own pages. A page is
    followed when any one link to it qualifies (a diarist's page linked from the byline as well
    as from her comments), and counted as skipped under the rule of its first link otherwise.
    `follow_nofollow` (the setting ARCHIVE_FOLLOW_NOFOLLOW) lets rel=nofollow links through.
    """
    base = get_base_url(response)
    here = urldefrag(response.url)[0]
    # the elements themselves, kept alive: lxml gives one proxy a node only while it is held
    in_comments = {a for unit in comment_units for a in unit.iter("a", "area")}
    chosen: dict[str, None] = {}
    left: dict[str, str] = {}
    resolved: dict[str, str | None] = {}
    kept: dict[str, bool] = {}
    for anchor in ANCHORS(response.selector.root):
        # a page's own anchors (#c123, PAGE#c123) fold into it: resolved once, not each
        href = anchor.get("href").partition("#")[0]
        if not href.strip():
            continue  # the page itself
        rel = anchor.get("rel")
        if rel and not follow_nofollow and NOFOLLOW_RELS.intersection(rel.lower().split()):
            left.setdefault(href, NOFOLLOW)
            continue
        if href not in resolved:
            resolved[href] = _absolute(href, base, response.encoding)
        url = resolved[href]
        if url is None or url in chosen or url == here:
            continue
        if anchor in in_comments and keep is not None and url not in kept:
            kept[url] = keep(url)
        if anchor in in_comments and not kept.get(url):
            left.setdefault(href, IN_COMMENT)
        elif is_action_text(link_text(anchor)):
            left.setdefault(href, ACTION)
        elif is_denied(url, DENY):
            left.setdefault(href, PATTERN)
        else:
            chosen[url] = None
    followed = {href for href, url in resolved.items() if url in chosen}
    return list(chosen), Counter(rule for href, rule in left.items() if href not in followed)


def comment_units(root: etree._Element, bodies: list[str]) -> list[etree._Element]:
    """The elements that hold a page's comments, found from the comments' texts as extracted.

    A comment's text begins with a text of the page and ends a little later with another (or
    the same): the lowest element holding both is its body, if the page's text between them is
    not much longer than the comment (else the start was a quote, or a line of the post). Where
    the same words show twice (a one-line comment that is also a line of the post), the body
    nearest the other comments is taken: comments sit together. A comment's unit is the highest
    ancestor of its body that holds no other comment's body: its header, byline and actions,
    but not its neighbours (a parent holds its replies, so it stops below them). Found from the
    text, it needs nothing of the extractor that read the comments: every platform alike.
    """
    texts = [_key_text(body) for body in bodies]
    by_start: dict[str, list[int]] = {}
    by_end: dict[str, list[int]] = {}
    openings: set[str] = set()  # what a short text opening a comment in inline markup can be
    for i, text in enumerate(texts):
        if len(text) >= MIN_COMMENT_KEY_CHARS:
            by_start.setdefault(text[:MIN_COMMENT_KEY_CHARS], []).append(i)
            by_end.setdefault(text[-MIN_COMMENT_KEY_CHARS:], []).append(i)
            openings.update(text[:n] for n in range(1, MIN_COMMENT_KEY_CHARS))
    if not by_start:
        return []
    nodes = TEXT_NODES(root)
    starts: dict[int, list[int]] = {}
    start_holders: dict[int, etree._Element] = {}
    ends: dict[int, list[int]] = {}
    offsets = [0]  # characters of the page's text before each text node (not its indenting)
    previous = ""
    # a page has thousands of texts: each is looked at by its first and last characters, as
    # they are where they need no collapsing (most), and read in full only where they match
    for n, text in enumerate(nodes):
        stripped = text.strip()
        offsets.append(offsets[-1] + len(stripped))
        head = stripped[:COMMENT_KEY_CHARS]
        if not head[:1].isalnum() or _RUNS_OF_SPACE.search(head):
            head = _key_text(stripped[:START_CHARS])[:COMMENT_KEY_CHARS]
        holder = None
        if len(head) < MIN_COMMENT_KEY_CHARS:
            if text.is_tail or head not in openings:
                head = ""
            else:
                holder, head = _opening_block(text.getparent(), head)
        for i in by_start.get(head[:MIN_COMMENT_KEY_CHARS], ()) if head else ():
            # a text shorter than the key (inline markup follows) matches its beginning
            if texts[i].startswith(head):
                starts.setdefault(i, []).append(n)
                start_holders[n] = holder if holder is not None else _holder(text)
        # an end split by inline markup ("...said <i>no</i>.") is read with the text before
        tail = stripped[-COMMENT_KEY_CHARS:]
        if _RUNS_OF_SPACE.search(tail):
            tail = collapse(stripped[-START_CHARS:])[-COMMENT_KEY_CHARS:]
        if len(tail) < MIN_COMMENT_KEY_CHARS:
            tail = collapse((previous + text).rstrip()[-START_CHARS:])[-COMMENT_KEY_CHARS:]
        previous = text
        for i in by_end.get(tail[-MIN_COMMENT_KEY_CHARS:], ()):
            if i in starts and texts[i].endswith(tail):
                ends.setdefault(i, []).append(n)
    candidates: dict[int, list[tuple[etree._Element, int]]] = {}
    for i, closed in ends.items():
        opened = starts[i]
        limit = len(texts[i]) * BODY_SLACK + COMMENT_KEY_CHARS
        for n in closed:
            # the nearest beginning before this end: a header line or a date that every
            # comment begins with ("Posted on August 9") is this comment's own just before it
            at = bisect_right(opened, n) - 1
            span = offsets[n + 1] - offsets[opened[at]] if at >= 0 else limit + 1
            if span > limit:
                continue
            body = _common_ancestor(start_holders[opened[at]], _holder(nodes[n]))
            found = candidates.setdefault(i, [])
            if body is not None and len(found) < MAX_BODY_CANDIDATES and all(
                    body is not other for other, _ in found):
                # how far the page's text there is from the comment's own length
                found.append((body, abs(span - len(texts[i]))))
    return units_around(_assign_bodies(candidates, [len(text) for text in texts]))


def units_around(elements: list[etree._Element]) -> list[etree._Element]:
    """Each comment's unit, from one element of each comment (its body, or its header as an
    extractor found it): the highest ancestor holding no other comment's element, so its
    header, byline and actions but not its neighbours (a parent holds its replies, so it stops
    below them)."""
    holders: Counter = Counter()
    for el in elements:
        holders[el] += 1
        for ancestor in el.iterancestors():
            holders[ancestor] += 1
    units = []
    lone = len(elements) == 1
    for el in elements:
        unit, parent = el, el.getparent()
        # a lone comment has no neighbour to stop at: its unit is its body and what a header,
        # byline and actions add, and stops below the post (its headline) and the page
        words = len(text_content(el).split()) if lone else 0
        while parent is not None and holders[parent] == 1 and not (lone and (
                len(text_content(parent).split()) > UNIT_SLACK * words + HEADER_WORDS
                or parent.find(".//h1") is not None)):
            unit, parent = parent, parent.getparent()
        units.append(unit)
    return units


def _holder(text) -> etree._Element:
    """The element a text node is the text of (a tail belongs to the element's parent)."""
    node = text.getparent()
    return node.getparent() if text.is_tail and node.getparent() is not None else node


def _common_ancestor(one: etree._Element, two: etree._Element) -> etree._Element | None:
    line = {one, *one.iterancestors()}
    for el in (two, *two.iterancestors()):
        if el in line:
            return el
    return None


def _assign_bodies(candidates: dict[int, list[tuple[etree._Element, int]]],
                   lengths: list[int]) -> list[etree._Element]:
    """One body a comment, one comment a body. Where the same words show in several places (two
    comments that begin and end alike, a one-line comment that is also a line of the post or
    a paragraph of a longer comment), places of about the comment's length go first, longer
    comments before shorter (so a paragraph of a long comment stays its own), then the places
    nearest the other comments (comments sit together); a body inside or around another one
    is not one."""
    near: Counter = Counter()  # element -> comments with a place below it
    for found in candidates.values():
        for el in {a for body, _ in found for a in body.iterancestors()}:
            near[el] += 1
    ranked = sorted(
        ((miss > SPAN_TOLERANCE * lengths[i] + COMMENT_KEY_CHARS, -lengths[i],
          -_depth_of_nearest(body, near), miss, i, place), body)
        for i, found in candidates.items() for place, (body, miss) in enumerate(found))
    chosen: dict[int, etree._Element] = {}
    taken: set[etree._Element] = set()
    for (*_, i, _place), body in ranked:
        if i in chosen or body in taken:
            continue
        if any(el in taken for el in body.iterancestors()) or any(
                el in taken for el in body.iterdescendants()):
            continue
        chosen[i] = body
        taken.add(body)
    return list(chosen.values())


def _depth_of_nearest(body: etree._Element, near: Counter) -> int:
    """How deep the lowest ancestor of `body` that holds another comment's place lies."""
    ancestors = list(body.iterancestors())
    for i, el in enumerate(ancestors):
        if near[el] > 1:
            return len(ancestors) - i
    return 0


def _key_text(text: str) -> str:
    """Text as comments are matched: white space collapsed, without the bullets, quotes and
    dashes an extractor may set before a line ("• To refer..." for an `<li>`)."""
    return LEADING_MARKS.sub("", collapse(text))


def _opening_block(node: etree._Element, start: str) -> tuple[etree._Element, str]:
    """A short text in inline markup that opens its parent (`<p><i>Said</i> it before`,
    `<b><a>achow101</a></b> Staff`): the block it opens, and the start of its text, as a
    comment's text begins."""
    for _ in range(MAX_OPENING_LEVELS):
        parent = node.getparent()
        if node.tag not in INLINE_TAGS or parent is None or (parent.text or "").strip() \
                or parent[0] is not node:
            break
        node = parent
        start = _key_text(text_content(node)[:START_CHARS])[:COMMENT_KEY_CHARS]
        if len(start) >= MIN_COMMENT_KEY_CHARS:
            break
    return node, start


def _nearest_together(candidates: dict[int, list[etree._Element]]) -> list[etree._Element]:
    """One body a comment: its only candidate, else the one whose nearest ancestor holding
    another comment's body is deepest (closest to the rest of the discussion); a body inside
    another comment's body is a paragraph of that comment, not a comment."""
    sure = {i: found[0] for i, found in candidates.items() if len(found) == 1}
    near: set[etree._Element] = set()
    for body in sure.values():
        near.add(body)
        near.update(body.iterancestors())
    taken = set(sure.values())
    chosen = dict(sure)
    for i in sorted(i for i, found in candidates.items() if len(found) > 1):
        # two comments with the same words (a "+1", a repeated line) take a body each
        free = [body for body in candidates[i] if body not in taken
                and not any(el in taken for el in body.iterancestors())]
        if free:
            chosen[i] = max(free, key=lambda body: _depth_of_nearest(body, near))
            taken.add(chosen[i])
    return [body for body in chosen.values()
            if not any(el in taken for el in body.iterancestors())]


def _depth_of_nearest(body: etree._Element, near: set[etree._Element]) -> int:
    """How deep the lowest ancestor of `body` that holds another comment's body lies."""
    ancestors = list(body.iterancestors())
    for i, el in enumerate(ancestors):
        if el in near:
            return len(ancestors) - i
    return 0


def _opening_block(node: etree._Element, start: str) -> tuple[etree._Element, str]:
    """A short text in inline markup that opens its parent (`<p><i>Said</i> it before`): the
    parent, and the start of its text as a comment's text begins."""
    parent = node.getparent()
    if node.tag not in INLINE_TAGS or parent is None or (parent.text or "").strip() \
            or parent[0] is not node:
        return node, start
    shown = collapse((node.text or "") + (node.tail or ""))
    return parent, shown[:COMMENT_KEY_CHARS]


FEED_LINKS = xpath(
    "//link[@rel='alternate' and (@type='application/rss+xml' or @type='application/atom+xml')]"
    "/@href"
)
DATED_URL = re.compile(r"/((?:19|20)\d\d)/(\d\d?)/(?:(\d\d?)/)?")


def feed_urls(page) -> list[str]:
    """The RSS and Atom feeds a page names in its head."""
    return [page.absolute(href.strip()) for href in FEED_LINKS(page.tree) if href.strip()]


def url_date(url: str) -> date | None:
    """The date a dated permalink carries (/2019/06/19/slug), or None: `--since` leaves older
    posts unrequested."""
    found = DATED_URL.search(urlsplit(url).path)
    if not found:
        return None
    year, month, day = found.group(1), found.group(2), found.group(3) or "1"
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None
