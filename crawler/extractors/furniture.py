"""Article furniture: what a post body holds that is never the post's words.

The generic, WordPress and Movable Type extractors drop it from a post's body by general cues,
not by a platform's selectors: pictures whose caption credits a photographer or agency,
galleries and slideshows, teaser rails and related lists, newsletter / donation appeals, bylines,
tag clouds (longer labels where the links are rel-tag) and "« Previous | Main | Next »" lines
(checked on the Zyte article benchmark: thesun, chron, spacenews, therealdeal, nationalreview).
It is no part of finding comments (`structure.py`); it lives apart so that the body extractors
need nothing of the comment finder.
"""

from __future__ import annotations

import re
from collections import Counter

from lxml import etree

from crawler.extractors.selectors import xpath
from crawler.extractors.text import BLOCK_TAGS, INLINE_TAGS, collapse, text_content

# pictures with their captions: furniture when they carry a photo credit (an element named
# for it, or "Credit:", "Photo: X", "(Name/Reuters)", "Getty Images" ...); a blog's own caption
# of its screenshot reads as part of the post and stays. A figure holding a table, quote, list or
# code (the block editor wraps those in `figure.wp-block-*`) is content
CAPTION_CLASS = re.compile(r"(^|[\s_-])(wp-caption(-text)?|captions?)([\s_-]|$)", re.I)
CAPTION_TAGS = frozenset(("figure", "figcaption"))
FIGURE_CONTENT_TAGS = ("table", "blockquote", "pre", "code", "ul", "ol")
FIGCAPTION_CONTENT_TAGS = ("table", "blockquote", "pre", "code")
CREDIT_NAMED = xpath(
    "descendant-or-self::*[@class and re:test(@class,"
    " '(^|[\\s_-])(credits?|photo-?credit|copyright|photographer|byline)([\\s_-]|$)', 'i')]",
)
CREDIT_TEXT = re.compile(
    r"\b(?:credits?|photo(?:graph)?s?|pictures?|images?|source|fotos?|bild)\s*(?:by)?\s*:"
    r"|©|\bcopyright\b|\b(?:photo|picture|image)\s+(?:by|courtesy)\b|\bsubmitted photo\b"
    r"|\b(?:getty(?: images)?|reuters|associated press|afp|epa|shutterstock|istock(?:photo)?"
    r"|alamy|ap photo)\b|\([^()]{2,60}/[^()]{2,60}\)\s*$",
    re.I,
)
# class or id tokens (split at spaces, `-` and `_`) of furniture: photo credits, galleries and
# slideshows, teaser rails and related / most-read lists, newsletter, membership and donation
# calls to action, author cards, bylines and tag lists repeated in the body
FURNITURE_NAME = re.compile(
    r"(?:^|[\s_-])(?:credits?|photo-?credit"
    r"|galler(?:y|ies)|slideshow|slider|slides?|carousel|swiper|lightbox"
    r"|trending|most-(?:read|popular|viewed|shared)|popular-posts|related|teasers?"
    r"|read-?more|more-stories|recommended|recirc\w*|outbrain|taboola"
    r"|newsletter|signup|donate|donations?|support-us|paywall|cta|promo"
    r"|authors?|author-(?:box|bio|card|info)|bylines?|dateline|publish(?:ed)?-date|article-info"
    r"|tags?|tag-list|taxonomy|post-tags|comments-launch)"
    r"(?:[\s_-]|$)",
    re.I,
)
# a named element inside one of these is code shown in the post, whatever its name says
CODE_TAGS = frozenset(("pre", "code"))
# an appeal for money or membership: the smallest block around it goes with its heading
APPEAL_TEXT = re.compile(
    r"\b(?:would you consider|please consider|consider)\s+(?:supporting|donating|subscribing"
    r"|becoming a (?:member|supporter|patron))|\bsupport (?:our|independent) (?:work|journalism)"
    r"|\b(?:donate|become a (?:member|patron|supporter)) (?:now|today)\b",
    re.I,
)
# the words every APPEAL_TEXT match holds (its phrases without the word boundaries and the lead-in
# "would you" / "please"): a paragraph's text is part of its scope's, so a scope without them has
# no appeal paragraph. One scan of the scope's text instead of reading every paragraph; the
# leading letter class lets the regex engine skip ahead
APPEAL_HINT = re.compile(
    r"[cdsb](?:onsider\s+(?:supporting|donating|subscribing|becoming a (?:member|supporter|patron))"
    r"|upport (?:our|independent) (?:work|journalism)|onate (?:now|today)"
    r"|ecome a (?:member|patron|supporter) (?:now|today))",
    re.I,
)
# the block around an appeal grows to at most this much text (more: it holds the article)
APPEAL_MAX_CHARS = 600
# a run of short links with at most a label beside them (a tag cloud): at least 3 links of at
# most TAG_LINK_WORDS words each
TAG_CLOUD_TAGS = frozenset(("div", "p", "span"))
TAG_CLOUD_MIN_LINKS = 3
TAG_LINK_WORDS = 4
# characters a short link and its separators take at most, white space included (generous)
TAG_CLOUD_MAX_CHARS = 120
# the words between separators, counted in one pass (replacing the separators with spaces, then
# splitting, took twice as long)
TAG_WORD = re.compile(r"[^\s,|·•/;#]+")
# a named inline element inside one of these is part of a sentence, whatever its name says
PROSE_TAGS = frozenset("p li h1 h2 h3 h4 h5 h6 td dd blockquote".split())
# furniture holding this share of the scope's text, or more than FURNITURE_MAX_PARAGRAPHS
# paragraphs of LONG_PARAGRAPH_CHARS, is the article after all (a `gallery` format post, a theme
# wrapping the text in a `post-slider`, a layout column named `rail`)
FURNITURE_MAX_SHARE = 0.5
FURNITURE_MAX_PARAGRAPHS = 2
LONG_PARAGRAPH_CHARS = 150
# words a tag list holds besides its links: a label ("Tags:", "Filed under")
TAG_CLOUD_LABEL_WORDS = 2
# a post pager: at most this many links, one with an arrow at either end ("« Older", "Next »")
PAGER_MAX_LINKS = 4
PAGER_MIN_LINKS = 2  # one link each way, or a pager has nowhere to go
PAGER_ARROWS = ("«", "»", "‹", "›", "←", "→")
ARROW_LINKS = xpath(
    ".//a[@href][" + " or ".join(f"contains(., '{arrow}')" for arrow in PAGER_ARROWS) + "]"
)
# where most of a list's links say they are tags (the rel-tag microformat, rel="tag" or
# WordPress's rel="category tag"), its labels may be longer: "Filed under: ... Keyword Tags: ..."
REL_TAG_SHARE = 0.75
REL_TAG_LABEL_WORDS = 6


def furniture(scope: etree._Element) -> list[etree._Element]:
    """Elements inside `scope` (a post body) that are article furniture, outermost first.

    Pictures with captions and credits, galleries, teaser rails and related lists, calls to
    subscribe or donate, bylines and tag clouds: see the FURNITURE_* constants. An element that
    holds FURNITURE_MAX_SHARE of the scope's text or more is never furniture.

    One walk over the scope finds every kind of candidate (a selector per kind, each evaluated
    over the whole scope, cost more than the rest of the extraction of a generic page).
    """
    text = scope.text_content()
    found: list[etree._Element] = []
    order: dict[etree._Element, int] = {}
    links: Counter = Counter()  # links with an href below each possible tag cloud
    # class strings repeat across a page (every paragraph, every link of a list): each is tested
    # once; the regex tests per element were a third of the walk
    named: dict[str, tuple[bool, bool]] = {}
    # reading every paragraph's text was the other third
    appeals = APPEAL_HINT.search(text) is not None
    for n, el in enumerate(scope.iterdescendants(etree.Element)):
        tag = el.tag
        order[el] = n
        cls = el.get("class")
        caption_class = furniture_class = False
        if cls:
            verdict = named.get(cls)
            if verdict is None:
                verdict = named[cls] = _class_verdict(cls)
            caption_class, furniture_class = verdict
        if (caption_class or tag in CAPTION_TAGS) and _captioned(el, tag, caption_class) and (
            _credited(el)
        ):
            found.append(el)
        if (furniture_class or _furniture_id(el.get("id"))) and not (
            _in_code(el) or _in_prose(el)
        ):
            found.append(el)
        if tag == "p":
            if appeals and APPEAL_TEXT.search(el.text_content()):
                found.append(_appeal_block(el, scope))
        elif tag == "a" and el.get("href") is not None:
            for ancestor in el.iterancestors():
                if ancestor is scope:
                    break
                if ancestor.tag in TAG_CLOUD_TAGS:
                    links[ancestor] += 1
    # a post pager: the line around a link with an arrow (few links have one: one XPath finds
    # them, instead of a test of every paragraph)
    for link in ARROW_LINKS(scope):
        line = next((a for a in link.iterancestors("p", "div")), None)
        if line is not None and line is not scope and _post_pager(line):
            found.append(line)
    link_texts: dict[etree._Element, str] = {}  # nested candidates share their links
    found.extend(
        el
        for el, linked in links.items()
        if linked >= TAG_CLOUD_MIN_LINKS and _tag_cloud(el, linked, link_texts)
    )
    chosen: set[etree._Element] = set()
    total = len(collapse(text)) if found else 0
    most = FURNITURE_MAX_SHARE * total
    for el in found:
        if el is scope or el in chosen:
            continue
        if total:
            raw = el.text_content()  # never shorter than its collapsed text: collapse if need be
            if len(raw) >= most and len(collapse(raw)) >= most:
                continue
        if _long_paragraphs(el) > FURNITURE_MAX_PARAGRAPHS:
            continue
        chosen.add(el)
    return [
        el
        for el in sorted(chosen, key=order.__getitem__)
        if not any(a in chosen for a in el.iterancestors())
    ]


def _post_pager(el: etree._Element) -> bool:
    """"« Previous post | Main | Next post »": nothing but links (and separators), one of them
    pointing back or forth with an arrow. The blog's own navigation between posts."""
    anchors = [a for a in el.iter("a") if a.get("href")]
    if not PAGER_MIN_LINKS <= len(anchors) <= PAGER_MAX_LINKS:
        return False
    texts = [collapse(text_content(a)) for a in anchors]
    if not any(t.startswith(PAGER_ARROWS) or t.endswith(PAGER_ARROWS) for t in texts):
        return False
    rest = collapse(el.text_content())
    for text in texts:
        rest = rest.replace(text, " ", 1)
    return not rest.strip(" |·•-–—/:\xa0")


def _class_verdict(cls: str) -> tuple[bool, bool]:
    """Whether a class string names a caption, and whether it names furniture."""
    return CAPTION_CLASS.search(cls) is not None, FURNITURE_NAME.search(cls) is not None


def _furniture_id(el_id: str | None) -> bool:
    """An id naming furniture (tested apart from the class: no name spans the two)."""
    return el_id is not None and FURNITURE_NAME.search(el_id) is not None


def _captioned(el: etree._Element, tag: str, caption_class: bool) -> bool:
    """A picture with its caption: a `figure` holding no table, quote, list or code (the block
    editor wraps those in `figure.wp-block-*`), a `figcaption` outside such a figure, or an
    element named for a caption."""
    if tag == "figure" and next(el.iterdescendants(*FIGURE_CONTENT_TAGS), None) is None:
        return True
    if tag == "figcaption" and not any(
        next(figure.iterdescendants(*FIGCAPTION_CONTENT_TAGS), None) is not None
        for figure in el.iterancestors("figure")
    ):
        return True
    return caption_class


def _long_paragraphs(el: etree._Element) -> int:
    """Paragraphs (`p`, or a `div` holding no other block) longer than LONG_PARAGRAPH_CHARS."""
    count = 0
    for block in el.iter("p", "div"):
        text = block.text_content()
        if len(text) <= LONG_PARAGRAPH_CHARS:  # collapsing never lengthens it
            continue
        if block.tag == "div" and any(
            isinstance(c.tag, str) and c.tag in BLOCK_TAGS for c in block.iterdescendants()
        ):
            continue
        if len(collapse(text)) > LONG_PARAGRAPH_CHARS:
            count += 1
            if count > FURNITURE_MAX_PARAGRAPHS:
                break
    return count


def _in_code(el: etree._Element) -> bool:
    return el.tag in CODE_TAGS or any(a.tag in CODE_TAGS for a in el.iterancestors())


def _in_prose(el: etree._Element) -> bool:
    """An inline element inside a paragraph (`a#auto-tag_x` in a sentence): words, not furniture."""
    return el.tag in INLINE_TAGS and any(a.tag in PROSE_TAGS for a in el.iterancestors())


def _credited(el: etree._Element) -> bool:
    """A caption (or captioned picture) that names the photographer or agency."""
    return bool(CREDIT_NAMED(el)) or bool(CREDIT_TEXT.search(collapse(el.text_content())))


def _appeal_block(para: etree._Element, scope: etree._Element) -> etree._Element:
    """The largest block around an appeal paragraph that is still only the appeal."""
    block = para
    for ancestor in para.iterancestors():
        if ancestor is scope or len(collapse(ancestor.text_content())) > APPEAL_MAX_CHARS:
            break
        block = ancestor
    return block


def _tag_cloud(el: etree._Element, linked: int, link_texts: dict[etree._Element, str]) -> bool:
    """Only short links (and separators): a tag list, not a sentence with links.

    `linked` counts the links below `el` that have an href, empty ones too (at least as many as
    the links read here); `link_texts` keeps each link's text once read.
    """
    raw = el.text_content()
    # far more text than short links and a label can hold: not a tag list. Decided on the raw
    # length first: every container of a page's links is a candidate, and reading each one's
    # words, then each link's, was most of the cost of extracting a page
    if len(raw) > TAG_CLOUD_MAX_CHARS * (linked + 1):
        return False
    anchors = [a for a in el.iter("a") if a.get("href")]
    if len(anchors) < TAG_CLOUD_MIN_LINKS:
        return False
    if len(raw) > TAG_CLOUD_MAX_CHARS * (len(anchors) + 1):
        return False
    rest = collapse(raw)
    if len(TAG_WORD.findall(rest)) > TAG_LINK_WORDS * len(anchors) + TAG_CLOUD_LABEL_WORDS:
        return False
    links = []
    for a in anchors:
        text = link_texts.get(a)
        if text is None:
            text = link_texts[a] = collapse(text_content(a))
        links.append(text)
    if any(len(text.split()) > TAG_LINK_WORDS for text in links):
        return False
    for text in links:
        rest = rest.replace(text, " ", 1)
    tagged = sum(1 for a in anchors if "tag" in (a.get("rel") or "").lower().split())
    labels = REL_TAG_LABEL_WORDS if tagged >= REL_TAG_SHARE * len(anchors) else (
        TAG_CLOUD_LABEL_WORDS)
    return len(TAG_WORD.findall(rest)) <= labels
