"""Movable Type and TypePad posts and their comments (Six Apart's engines, 2002-2012).

Markup signature: `<meta name="generator" content="Movable Type ...">` or "typepad"; else
`<html id="sixapart-standard">`, a `body.mt-...` archive class, or a comment form posting to
`mt-comments.cgi` / `mt-c.cgi` / `typepad.com/t/comments` (newspaper blogs of 2008, such as
washingtonpost.com and blog.wired.com, ran MT or TypePad under their own templates, some with no
generator meta). The post: `.entry` holding `h3.entry-header` (MT4: `.asset-name`),
`div.entry-body` + `div.entry-more` (MT4: `.asset-body` + `.asset-more`; TypePad:
`.entry-content`), and a byline in `.entry-footer .post-footers` / `p.posted` ("Posted by NAME at
10:44 AM", "By NAME | January 14, 2008; 4:38 PM ET") under an `h2.date-header`. Custom templates
keep the extended-entry anchor `<a id="more">`: its parent is the body, cut at the byline or the
comments anchor.

Comments come as `div.comment#comment-<id>` (TypePad ids `6a00...`) with `.comment-content` and a
`.comment-footer` / `.comment-byline` "Posted by: NAME | January 14, 2008 at 10:44 AM" (MT4:
`.comment-header .byline` with `.vcard .fn` and `abbr.published[title]`, "replied to" links to
`#comment-<parent>`), or, in older and custom templates, flat: an `<a id="c<id>">` anchor followed
by the body (`.comments-body`, `.commentText`) and a "Posted by:" line. Trackbacks
(`#trackbacks .trackback`, `[id^=ping-]`) are kept with kind "trackback".

Checked on: l3s-gn1_comment-subset/original/3810ea2e-... (blog.wired.com, TypePad, 46 comments)
and l3s-gn1_comment-subset/original/67872f6e-... (washingtonpost.com "Behind the Numbers", Movable
Type, flat layout, 17 comments; the comment-policy box after them is not a comment).
"""

from __future__ import annotations

import re

from lxml import etree

from crawler.extractors import metadata
from crawler.extractors.furniture import furniture
from crawler.extractors.page import Page
from crawler.extractors.selectors import css, has_class, marked_or_hosted, xpath, xpaths
from crawler.extractors.text import block_text, blocks_text, collapse, inner_html, outer_html
from crawler.extractors.tree import is_inside, own_finder
from crawler.items import Comment, Post

NAME = "movabletype"

DETECT_GENERATORS = ("movable type", "movabletype", "typepad")
DETECT = xpaths(
    "/html[@id='sixapart-standard']",
    "/html/body[starts-with(@class,'mt-') or contains(@class,' mt-')]",
    "//form[contains(@action,'mt-comments.') or contains(@action,'mt-c.cgi')"
    " or contains(@action,'mt-tb.') or contains(@action,'typepad.com/t/comments')]",
    "//link[@rel='EditURI'][contains(@href,'typepad.com') or contains(@href,'mt-xmlrpc')]",
    "//div[" + has_class("comment") + "]"
    "[starts-with(@id,'comment-6a00')]",
)
DETECT_HOST = re.compile(r"(^|\.)(typepad\.com|typepad\.jp|blogs\.com)$")
DETECT_HOST_MARKUP = css(".entry-body", ".entry-content", ".entry")

# the post's own block, for its title and byline
ENTRY = css(".entry-asset", ".entry", ".asset", "[id^='entry-']", ".post", "article")
# (body, extended body) pairs, tried in order
BODY = (
    (css(".entry-body"), css(".entry-more")),
    (css(".asset-body"), css(".asset-more")),
    (css(".entry-content"), css(".entry-more")),
)
# the extended-entry anchor of custom templates: its parent holds the body
MORE_ANCHOR = xpath("//a[@id='more' or @name='more']")
# where a body container turns into byline and comments (custom templates)
BODY_END = xpaths(
    "self::*[" + has_class("posted") + "]",
    "self::*[" + has_class("entry-footer") + "]",
    "self::*[" + has_class("post-footers") + "]",
    "self::*[@id='comments' or @name='comments' or @id='trackbacks']",
    "self::*[" + has_class("comments") + "]",
    "self::form",
)
TITLE = css(".entry-header", ".asset-name", ".entry-title", ".asset-header h1", ".post-title")
TITLE_FALLBACK = xpaths(
    "descendant::*[self::h1 or self::h2 or self::h3]"
    "[not(" + has_class("date-header") + ")]"
)
CHROME = css(
    ".entry-footer",
    ".post-footers",
    ".posted",
    ".social",
    ".entry-tags",
    ".entry-categories",
    ".asset-footer",
    ".addthis_toolbox",
    ".sharethis",
    ".feedflare",
    ".content-nav",
    "#comments",
    ".comments",
    "#trackbacks",
    ".trackbacks",
    "form",
)
AUTHOR = css(
    ".byline .fn",
    ".asset-meta .fn",
    ".entry-footer .fn",
    ".post-footers .fn",
    "a[rel='author']",
    ".author .fn",
)
PUBLISHED_ISO = xpaths(
    ".//abbr[" + has_class("published") + "]/@title",
    ".//time[@datetime]/@datetime",
    ".//*[@itemprop='datePublished']/@content",
)
DATE_HEADER = css(".date-header")
TAGS = css(".entry-tags a", ".entry-categories a", "a[rel~='tag']")

COMMENTS = xpaths(
    "//*[" + has_class("comment") + "]"
    "[starts-with(@id,'comment-')]",
    "//*[@id='comments' or " + has_class("comments") + "]"
    "//*[" + has_class("comment") + "]",
    # no comments wrapper: the blocks beside the comments anchor
    "//a[@name='comments' or @id='comments']/parent::*"
    "//*[" + has_class("comment") + "]",
)
# a comment's own id on an empty anchor inside it
COMMENT_INNER_ANCHOR = xpath(".//a[@id or @name][not(node())]")
# flat templates: an anchor per comment, the body and the byline after it
COMMENT_ANCHORS = xpath("//a[@id or @name][not(node())]")
COMMENT_ANCHOR_ID = re.compile(r"^(?:c|comment-?)(\d+|6a0[0-9a-f]+)$")
INNER_ANCHOR_ID = re.compile(r"^(?:c|comment-?)?(\d+|6a0[0-9a-f]+)$")
TRACKBACKS = xpaths(
    "//*[" + has_class("trackback") + "]"
    "[starts-with(@id,'trackback-') or starts-with(@id,'ping-')]",
    "//*[@id='trackbacks']//*[" + has_class("trackback") + "]",
    "//*[starts-with(@id,'ping-')]",
)
COMMENT_BODY = css(
    ".comment-content", ".comment-body", ".comment-text", ".commentText", ".comments-body"
)
COMMENT_BYLINE = css(
    ".comment-footer", ".comment-byline", ".comment-header", ".comment-meta", ".byline",
    ".posted", ".comments-post", ".postedby",
)
COMMENT_AUTHOR = css(".comment-author", ".vcard .fn", ".fn", ".author", ".postedname")
COMMENT_PERMALINK = xpath(".//a[contains(@href,'#comment-') or contains(@href,'#c')]")
COMMENT_REPLY_TO = xpath(".//a[contains(@href,'#comment-')]")
COMMENT_CHROME = css(
    ".comment-footer", ".comment-byline", ".comment-header", ".comments-post", ".posted",
    "[class*='reply']", "[class*='footer']", "[class*='report']", "[class*='flag']",
)
FLAT_BODY_CLASS = re.compile(r"\b(comment|comments-body|commentText)", re.IGNORECASE)
TRACKBACK_BODY = css(".trackback-content", ".trackback-body", ".pings-body")
TRACKBACK_FOOTER = css(".trackback-footer", ".trackback-post", ".pings-post")

MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
CLOCK = r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?\s?[Mm]\.?)?(?:\s*(?:[A-Z]{2,4}|GMT[+-]\d+)\b)?"
DATE = re.compile(
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s+)?"
    r"(?:" + MONTHS + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{1,2}\s+" + MONTHS + r",?\s+\d{4}"
    r"|\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2})"
    r"(?:\s*[;,|]?\s*(?:at\s+)?" + CLOCK + ")?"
)
TIME_ONLY = re.compile(CLOCK)
BY = re.compile(r"(?:^|\b)(?:posted|written|published)?\s*by:?\s+", re.IGNORECASE)
# what ends a name in a byline: a separator, "at 10:44", "on <date>", "in <category>"
NAME_END = re.compile(
    r"\s*(?:\||;|\s-\s|\bat\s+\d|\bon\s+(?:\w+day,?\s+)?" + MONTHS + r"|\bon\s+\d|\bin\s+|$)"
)
# connectors left after the date is cut off: "Posted by NAME on"
NAME_TRAIL = re.compile(r"(?:\s+(?:on|at|-))+\s*$", re.IGNORECASE)
FROM_BLOG = re.compile(r"\bfrom\s+(.+?)\s*(?:$|\|)", re.IGNORECASE)


def detect(page: Page) -> bool:
    return any(name in page.generator for name in DETECT_GENERATORS) or marked_or_hosted(
        page.tree, page.site, DETECT, DETECT_HOST, DETECT_HOST_MARKUP)


def extract(page: Page) -> tuple[Post, list[Comment]]:
    root = page.tree
    order = {el: i for i, el in enumerate(root.iter())}
    comments, first_comment = _comments(root, order)
    body_parts, container, cut = _body(root, order)
    entry = _entry(root, body_parts, container)
    skip = _body_skip(body_parts, cut)
    title_el = _title_element(entry, body_parts, container, order, first_comment)
    if title_el is not None and container is not None:
        skip.add(title_el)
    body_text = "\n\n".join(t for t in (block_text(b, skip=skip) for b in body_parts) if t)
    body_html = "".join(inner_html(b, skip=skip) for b in body_parts)
    zone = _byline_zone(entry, body_parts, skip, title_el, order, first_comment)
    post = Post(
        url=page.url or "",
        canonical_url=page.canonical_url,
        site=page.site,
        platform=NAME,
        title=(collapse(title_el.text_content()) if title_el is not None else None)
        or metadata.title(page),
        author=_author(entry, zone, order, first_comment) or metadata.author(page),
        published_raw=_published(entry, zone) or metadata.published(page),
        body_text=body_text or None,
        body_html=body_html or None,
        tags=_tags(entry, order, first_comment),
    )
    return post, comments


# --- the post -------------------------------------------------------------------------------


def _body(root, order):
    """The body's elements, the container they share when cut out of one, and the cut point."""
    for body_xps, more_xps in BODY:
        found = [el for xp in body_xps for el in xp(root)]
        if not found:
            continue
        body = found[0]
        parts = [body]
        scope = body.getparent() if body.getparent() is not None else body
        for xp in more_xps:
            for more in xp(scope.getparent() if scope.getparent() is not None else scope):
                if more is not body and not is_inside(more, body) and more not in parts:
                    parts.append(more)
                    break
        return parts, None, None
    for anchor in MORE_ANCHOR(root):
        container = anchor.getparent()
        if container is None:
            continue
        cut = next((child for child in container if _is_body_end(child)), None)
        return [container], container, cut
    return [], None, None


def _is_body_end(el) -> bool:
    return isinstance(el.tag, str) and any(xp(el) for xp in BODY_END)


def _body_skip(parts, cut) -> set:
    skip = {el for part in parts for xp in CHROME for el in xp(part)}
    for part in parts:
        skip.update(furniture(part))
    if cut is not None:
        node = cut
        while node is not None:
            skip.add(node)
            node = node.getnext()
    return skip


def _entry(root, parts, container):
    if container is not None:
        return container
    if parts:
        for ancestor in parts[0].iterancestors():
            if any(ancestor in xp(ancestor.getparent()) for xp in ENTRY
                   if ancestor.getparent() is not None):
                return ancestor
        return parts[0].getparent()
    for xp in ENTRY:
        found = xp(root)
        if found:
            return found[0]
    return root


def _title_element(entry, parts, container, order, first_comment):
    if entry is None:
        return None
    limit = order.get(first_comment, len(order))
    for xps in (TITLE, TITLE_FALLBACK):
        for xp in xps:
            for el in xp(entry):
                if order.get(el, 0) > limit:
                    continue
                if container is None and any(is_inside(el, p) for p in parts):
                    continue
                if collapse(el.text_content()):
                    return el
    return None


def _byline_zone(entry, parts, skip, title_el, order, first_comment) -> list[str]:
    """Lines of the entry outside its body, title and comments: where bylines and dates are."""
    if entry is None:
        return []
    limit = order.get(first_comment, len(order))
    leave_out = set(parts) | {title_el}
    if parts and parts[0] is entry:
        leave_out = {el for el in entry if el not in skip} | {title_el}

    def skipped(el):
        return el in leave_out or order.get(el, 0) >= limit or el.tag == "form"

    return [line for line in block_text(entry, skip=skipped).split("\n") if line.strip()]


def _author(entry, zone, order, first_comment) -> str | None:
    limit = order.get(first_comment, len(order))
    if entry is not None:
        for xp in AUTHOR:
            for el in xp(entry):
                text = collapse(el.text_content())
                if text and order.get(el, 0) < limit and len(text) < 80:
                    return text
    for line in zone:
        name = _name_after_by(line)
        if name:
            return name
    return None


def _name_after_by(line: str) -> str | None:
    match = BY.search(line)
    if not match:
        return None
    rest = line[match.end():]
    date = DATE.search(rest)
    if date:
        rest = rest[: date.start()]
    end = NAME_END.search(rest)
    name = rest[: end.start()] if end else rest
    name = NAME_TRAIL.sub("", name).strip(" ,|;:-\u00a0")
    return name if 0 < len(name) < 80 else None


def _published(entry, zone) -> str | None:
    if entry is not None:
        for xp in PUBLISHED_ISO:
            for value in xp(entry):
                if str(value).strip():
                    return str(value).strip()
    time_only = None
    for line in zone:
        match = DATE.search(line)
        if match:
            return match.group(0).strip(" ,;|")
        if time_only is None:
            clock = TIME_ONLY.search(line)
            time_only = clock.group(0) if clock else None
    if entry is not None:
        for header in _preceding(entry, DATE_HEADER):
            text = collapse(header.text_content())
            if text:
                return f"{text} {time_only}" if time_only else text
    return None


def _preceding(entry, xpaths):
    """The nearest matching element before `entry`, looking through a few ancestors."""
    node = entry
    for _ in range(4):
        parent = node.getparent()
        if parent is None:
            return []
        found = [el for xp in xpaths for el in xp(parent) if not is_inside(el, entry)]
        if found:
            return found[-1:]
        node = parent
    return []


def _tags(entry, order, first_comment) -> list[str]:
    if entry is None:
        return []
    limit = order.get(first_comment, len(order))
    for xp in TAGS:
        found = [collapse(a.text_content()) for a in xp(entry) if order.get(a, 0) < limit]
        found = list(dict.fromkeys(t for t in found if t))
        if found:
            return found
    return []


# --- comments -------------------------------------------------------------------------------


def _comments(root, order) -> tuple[list[Comment], etree._Element | None]:
    """All comments and trackbacks in document order, and the first one's element."""
    records = _wrapped_comments(root) or _flat_comments(root)
    records += _trackbacks(root, {r["el"] for r in records})
    records.sort(key=lambda r: order.get(r["el"], 0))
    records = [r for r in records if r["comment"].body_text or r["comment"].author]
    _thread(records)
    first = records[0]["el"] if records else None
    return [r["comment"] for r in records], first


def _wrapped_comments(root) -> list[dict]:
    for xp in COMMENTS:
        elements = xp(root)
        if elements:
            break
    else:
        return []
    members = set(elements)
    records = []
    for el in elements:
        parent_el = next((a for a in el.iterancestors() if a in members), None)
        own = own_finder(el, members)
        body_el = own(COMMENT_BODY)
        byline_el = _dated_byline(own)
        source_id = _source_id(el.get("id")) or _inner_id(el, members)
        records.append(
            {
                "el": el,
                "parent_el": parent_el,
                "reply_to": _reply_to(byline_el, source_id),
                "comment": _comment(el, body_el, byline_el, own, source_id, members),
            }
        )
    return records


def _comment(el, body_el, byline_el, own, source_id, members) -> Comment:
    if body_el is None:
        body_el = el
    nested = {m for m in members if m is not el and is_inside(m, body_el)}
    skip = nested | {c for xp in COMMENT_CHROME for c in xp(body_el)}
    if byline_el is not None:
        skip.add(byline_el)
    byline = collapse(byline_el.text_content()) if byline_el is not None else ""
    author_el = own(COMMENT_AUTHOR)
    author = collapse(author_el.text_content()) if author_el is not None else None
    link = author_el.find(".//a[@href]") if author_el is not None else None
    if not author and byline:
        author = _name_after_by(byline)
        link = _author_link(byline_el)
    return Comment(
        path="",
        source_id=source_id,
        author=author or None,
        author_url=link.get("href") if link is not None else None,
        posted_raw=_comment_time(byline_el if byline_el is not None else el, byline),
        body_text=block_text(body_el, skip=skip) or None,
        body_html=inner_html(body_el, skip=skip) or None,
    )


def _dated_byline(own) -> etree._Element | None:
    """The comment's byline: the first of its bylines that shows a time (a header with the
    name and time beats a footer of Reply links that is also named "comment-footer")."""
    first = None
    for xp in COMMENT_BYLINE:
        found = own((xp,))
        if found is None:
            continue
        if any(iso(found) for iso in PUBLISHED_ISO) or DATE.search(collapse(found.text_content())):
            return found
        if first is None:
            first = found
    return first


def _author_link(byline_el):
    """The link on the name in "Posted by: <a>Name</a> | <a>date</a>" (not the permalink)."""
    for a in byline_el.iterdescendants("a"):
        href = a.get("href") or ""
        if href and "#" not in href and not DATE.search(collapse(a.text_content())):
            return a
    return None


def _comment_time(byline_el, byline: str) -> str | None:
    for xp in PUBLISHED_ISO:
        for value in xp(byline_el):
            if str(value).strip():
                return str(value).strip()
    for a in COMMENT_PERMALINK(byline_el):
        text = collapse(a.text_content())
        if DATE.search(text):
            return text
    match = DATE.search(byline)
    return match.group(0).strip(" ,;|") if match else None


def _reply_to(byline_el, source_id) -> str | None:
    if byline_el is None:
        return None
    for a in COMMENT_REPLY_TO(byline_el):
        target = _source_id((a.get("href") or "").rpartition("#")[2])
        if target and target != source_id:
            return target
    return None


def _inner_id(el, members) -> str | None:
    for anchor in COMMENT_INNER_ANCHOR(el):
        if next((a for a in anchor.iterancestors() if a in members), None) is el:
            match = INNER_ANCHOR_ID.match(anchor.get("id") or anchor.get("name") or "")
            if match:
                return match.group(1)
    return None


def _source_id(value: str | None) -> str | None:
    match = COMMENT_ANCHOR_ID.match(value or "")
    return match.group(1) if match else None


def _flat_comments(root) -> list[dict]:
    """Templates with no wrapper: `<a id="c123"></a>`, the body, then a "Posted by" line."""
    anchors = [a for a in COMMENT_ANCHORS(root)
               if _source_id(a.get("id") or a.get("name"))]
    anchor_set = set(anchors)
    records = []
    for anchor in anchors:
        body_els, byline_el = [], None
        node = anchor.getnext()
        while node is not None and node not in anchor_set:
            if isinstance(node.tag, str):
                inner = next((b for xp in COMMENT_BYLINE for b in xp(node)), None)
                if _is_byline(node):
                    byline_el = node
                    break
                body_els.append(node)
                if inner is not None:
                    byline_el = inner
                    break
            node = node.getnext()
        if byline_el is None or not body_els:
            continue
        named = next(
            (b for b in body_els if FLAT_BODY_CLASS.search(b.get("class") or "")), None
        )
        # the element named for the words, else every paragraph between anchor and byline
        words = [named] if named is not None else body_els
        body_el = words[0]
        source_id = _source_id(anchor.get("id") or anchor.get("name"))
        byline = collapse(byline_el.text_content())
        skip = {byline_el} | {c for w in words for xp in COMMENT_CHROME for c in xp(w)}
        link = _author_link(byline_el)
        records.append(
            {
                "el": body_el,
                "parent_el": None,
                "reply_to": _reply_to(byline_el, source_id),
                "comment": Comment(
                    path="",
                    source_id=source_id,
                    author=_name_after_by(byline),
                    author_url=link.get("href") if link is not None else None,
                    posted_raw=_comment_time(byline_el, byline),
                    body_text=blocks_text(words, skip=skip) or None,
                    body_html=(
                        inner_html(body_el, skip=skip) if named is not None
                        else outer_html(w for w in words if w not in skip)
                    ) or None,
                ),
            }
        )
    return records


def _is_byline(el) -> bool:
    classes = f" {el.get('class') or ''} "
    if any(f" {c} " in classes for c in ("posted", "comments-post", "comment-footer",
                                          "comment-byline")):
        return True
    return bool(re.match(r"\s*posted by", collapse(el.text_content()), re.IGNORECASE))


def _trackbacks(root, taken) -> list[dict]:
    for xp in TRACKBACKS:
        elements = [el for el in xp(root) if el not in taken]
        if elements:
            break
    else:
        return []
    records = []
    for el in elements:
        body_el = next((b for xp in TRACKBACK_BODY for b in xp(el)), el)
        footer_el = next((f for xp in TRACKBACK_FOOTER for f in xp(el)), None)
        footer = collapse(footer_el.text_content()) if footer_el is not None else ""
        first_link = body_el.find(".//a[@href]")
        lines = [footer, *block_text(body_el).split("\n")]
        source = next((m for m in map(FROM_BLOG.search, lines) if m), None)
        title = collapse(first_link.text_content()) if first_link is not None else None
        skip = {footer_el} if footer_el is not None else set()
        records.append(
            {
                "el": el,
                "parent_el": None,
                "reply_to": None,
                "comment": Comment(
                    path="",
                    source_id=_trackback_id(el.get("id")),
                    author=source.group(1) if source else title,
                    author_url=first_link.get("href") if first_link is not None else None,
                    title=title or None,
                    posted_raw=_comment_time(footer_el if footer_el is not None else el, footer),
                    body_text=block_text(body_el, skip=skip) or None,
                    body_html=inner_html(body_el, skip=skip) or None,
                    kind="trackback",
                ),
            }
        )
    return records


def _trackback_id(value: str | None) -> str | None:
    head, _, tail = (value or "").partition("-")
    return tail if head in ("trackback", "ping") and tail else None


def _thread(records: list[dict]) -> None:
    """Paths from DOM nesting, else from "replied to" links; parents come first."""
    by_el = {r["el"]: r for r in records}
    by_id = {r["comment"].source_id: r for r in records if r["comment"].source_id}
    children: dict = {}
    for record in records:
        parent = by_el.get(record["parent_el"]) if record["parent_el"] is not None else None
        if parent is None and record["reply_to"]:
            candidate = by_id.get(record["reply_to"])
            if candidate is not None and candidate["comment"].path:
                parent = candidate
        key = id(parent) if parent is not None else None
        children[key] = children.get(key, 0) + 1
        comment = record["comment"]
        if parent is None:
            comment.path = str(children[key])
        else:
            comment.path = f"{parent['comment'].path}.{children[key]}"
            comment.parent_source_id = parent["comment"].source_id
