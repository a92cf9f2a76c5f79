"""The sample site's pages, feeds and sitemaps, built as plain strings from the content model.

`route(site, epoch, base, path, query)` answers one request with a `Response` (or a 404). The
markup is the one our extractors read on real sites: Daily Kos 4-style diaries (`story-intro`,
`cx` comments with `(31+ / 0-)` headers, `Recommended by:`, `cs` signatures, `by NAME on DATE`
bylines, `[ Parent ]` links, the tagging and hotlist dialogs and the footer appeal) and a
Twenty Twenty-One-style WordPress blog (`ol.comment-list`, `ol.children`, `li.comment#comment-N`,
`time[datetime]`, pingbacks, `comment-page-N`, "Older posts", category/tag/month/author archives,
RSS 2.0 and Atom feeds, sitemaps). Nothing on a diary or post page depends on the epoch except
its own thread, so a page's ETag changes only when its thread does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from html import escape
from urllib.parse import parse_qs, unquote
from zoneinfo import ZoneInfo

from crawler.extractors.chrome import DAILYKOS_CHROME, DAILYKOS_TAG_HELP
from crawler.samplesite.model import (
    ABOUT_PATH,
    ABOUT_TEXT,
    ABOUT_TITLE,
    BLOG_AUTHORS,
    CATEGORIES,
    GROUPS,
    TAGS,
    WP_TAGS,
    SampleComment,
    SampleSite,
    slugify,
)

DK_ZONE = ZoneInfo("America/Los_Angeles")  # Daily Kos shows Pacific time: "... PDT"
WP_ZONE = ZoneInfo("America/New_York")  # the blog's timezone setting
SITEMAP_SIZE = 1000  # URLs per sitemap part
FEED_SIZE = 10  # WordPress's posts_per_rss
SIDEBAR_MONTHS = 24  # the blog's archive widget lists this many months
BLOG_NAME = "Backyard Notes"
HTML = "text/html; charset=utf-8"
XML = "application/xml; charset=utf-8"
ROBOTS = """User-agent: *
Disallow: /admin/
Disallow: /blog/wp-admin/
Disallow: /_sample/
Allow: /blog/wp-admin/admin-ajax.php

Sitemap: {base}/sitemap.xml
"""
# the admin pages robots.txt keeps crawlers out of (they exist and are linked)
DISALLOWED_PATHS = ("/admin/queue", "/blog/wp-admin/")
# what real community sites show that a careful crawler never fetches: per comment a "Reply" form
# and a "Recommend" action (rel=nofollow); per diary "Print" and "Email" views, display modes and a
# story-only view (each with a canonical link to the diary); a "Log in" page
DK_REPLY = "/comments/post"  # ?sid=DIARY&pid=COMMENT: a log-in form (200)
DK_RATE = "/ajax/rate"  # ?sid=DIARY&cid=COMMENT: answers only scripts (404 to a crawler)
DK_PRINT_SEGMENT = "printer"  # DIARY/printer: the diary without chrome or comments
DK_MAIL_PREFIX = "/mailstory"  # /mailstory/DIARY: an "email this diary" form
DK_STORY_ONLY = "storyonly"  # /storyonly/Y/M/D/ID/-Title: the diary without its comments
DK_MODES = ("flat", "threaded", "minimal")  # ?mode=...: the same thread, shown another way
DK_LOGIN = "/account/enter"
FRONT_PAGE_TEASERS = 10  # the front page shows the newest diaries as teasers


@dataclass
class Response:
    status: int
    body: bytes
    content_type: str = HTML
    location: str | None = None


def not_found(what: str = "Page") -> Response:
    return Response(404, f"<!DOCTYPE html><title>Not found</title><h1>{escape(what)} not found"
                         f"</h1>".encode())


def route(site: SampleSite, epoch: int, base: str, path: str, query: str) -> Response:
    """The response to GET `path?query` at `epoch`; `base` is the site's own URL (no slash)."""
    args = {k: v[-1] for k, v in parse_qs(query).items()}
    try:
        page = int(args.get("page", "1"))
    except ValueError:
        return not_found()
    if page < 1:
        return not_found()
    if path.startswith("/blog/") or path == "/blog":
        return _blog_route(site, epoch, base, path)
    if path == "/":
        return _front_page(site, epoch, base)
    if path == "/diaries":
        return _diary_list(site, epoch, "Recent diaries", site.diary_ids(epoch), "/diaries", page)
    if path in (DK_REPLY, DK_LOGIN):
        return _dk_page(f"{base}{path}", "Log in", '<form class="login" method="post"><p>Log in '
                        'or create an account to take part.</p><input name="user"></form>\n')
    if path.startswith(DK_MAIL_PREFIX + "/"):
        diary = site.diary_by_path(path[len(DK_MAIL_PREFIX):])
        if diary is None:
            return not_found()
        return _dk_page(f"{base}{path}", f"Email: {diary.title}",
                        f'<form class="mail" method="post"><p>Email &ldquo;{escape(diary.title)}'
                        '&rdquo; to a friend.</p><input name="to"></form>\n')
    if path == "/robots.txt":
        return Response(200, ROBOTS.format(base=base).encode(), "text/plain; charset=utf-8")
    if path == "/sitemap.xml":
        return _sitemap_index(site, epoch, base, blog_only=False)
    found = re.fullmatch(r"/sitemap-diaries-(\d+)\.xml", path)
    if found:
        return _sitemap_diaries(site, epoch, base, int(found.group(1)))
    for prefix, kind, names in (("/user/", "user", None), ("/tag/", "tag", TAGS),
                                ("/groups/", "group", GROUPS)):
        if path.startswith(prefix):
            name = unquote(path[len(prefix):])
            if kind == "user" and name not in _user_set(site):
                return not_found("User")
            if names is not None and name not in names:
                return not_found(kind.title())
            title = {"user": f"Diaries by {name}", "tag": f"Tag: {name}",
                     "group": f"Group: {name}"}[kind]
            return _diary_list(site, epoch, title, site.diaries_by(kind, name, epoch), path, page)
    if path == "/admin/queue":
        return _dk_page(f"{base}{path}", "Moderation queue",
                        "<p>Admins only: the queue of flagged comments.</p>")
    if path == "/css/dk4.css":
        return Response(200, b"body{font-family:sans-serif}", "text/css")
    diary = site.diary_by_path(path)
    if diary is not None:
        mode = args.get("mode")
        if mode is not None and mode not in DK_MODES:
            return not_found()
        return _diary_page(site, epoch, base, diary, page, mode)
    if path.endswith("/" + DK_PRINT_SEGMENT):
        diary = site.diary_by_path(path.removesuffix("/" + DK_PRINT_SEGMENT))
        if diary is not None:
            return _story_only(site, base, diary, "print")
    if path.startswith(f"/{DK_STORY_ONLY}/"):
        diary = site.diary_by_path("/story/" + path[len(DK_STORY_ONLY) + 2:])
        if diary is not None:
            return _story_only(site, base, diary, "storyonly")
    return not_found()


_USER_SETS: dict[int, frozenset] = {}


def _user_set(site: SampleSite) -> frozenset:
    found = _USER_SETS.get(id(site))
    if found is None:
        found = _USER_SETS[id(site)] = frozenset(site.user_names)
    return found


# --- Daily Kos ------------------------------------------------------------------------------------
def dk_time(when: datetime, seconds: bool = True) -> str:
    """Mon Mar 31, 2008 at 09:53:46 AM PDT"""
    local = when.astimezone(DK_ZONE)
    return local.strftime("%a %b %d, %Y at %I:%M:%S %p " if seconds
                          else "%a %b %d, %Y at %I:%M %p ") + local.tzname()


DK_DIALOGS = """<div id="story-dialogs">
<div class="dialog" id="email-sent" role="dialog"><p>Your Email has been sent.</p></div>
<div class="dialog" id="no-tags" role="dialog">You must add at least one tag to this diary before publishing it.</div>
<div class="dialog" id="tag-dialog" role="dialog"><form action="/tags/add" method="post">
<p>Add keywords that describe this diary. Separate multiple keywords with commas.<br>
<a href="#tagging-tips">Tagging tips</a> - <a href="#search-tags">Search For Tags</a> - <a href="#browse-tags">Browse For Tags</a></p>
<input type="text" name="tags" value="">
<div class="tagging-tips" id="tagging-tips"><h4>More Tagging tips:</h4>
<p>A tag is a way to search for this diary. If someone is searching for "Barack Obama," is this a diary they'd be trying to find?</p>
<p>Use a person's full name, without any title. Senator Obama may become President Obama, and Michelle Obama might run for office.</p>
<p>Tags do not compound: that is, "education reform" is a completely different tag from "education". A tag like "reform" alone is probably not meaningful.</p>
</div></form></div>
<div class="dialog" id="hotlist-note" role="dialog">You can add a private note to this diary when hotlisting it:<br><textarea name="note"></textarea></div>
<div class="dialog" id="hotlist-remove" role="dialog">Are you sure you want to remove this diary from your hotlist?</div>
<div class="dialog" id="rescue-note" role="dialog">Rescue this diary, and add a note:<br><textarea name="note"></textarea></div>
<div class="dialog" id="republish" role="dialog"><p>Choose where to republish this diary. The diary will be added to the queue for that group. Publish it from the queue to make it appear.</p>
<p>You must be a member of a group to use this feature.</p></div>
<div class="dialog" id="quick-update" role="dialog">Add a quick update to your diary without changing the diary itself:<br><textarea name="update"></textarea></div>
<div class="dialog" id="unpublish" role="dialog">Are you sure you want to remove this diary?<br>
<span class="delete-note">(The diary will be removed.)</span></div>
</div>
"""  # noqa: E501 (the dialogs as Daily Kos wrote them, one per line)
# the chrome lines a diary page carries: none of them may reach an extracted body
# (Daily Kos's chrome vocabulary, then the page's own labels)
DK_CHROME_LINES = (
    *(line.text for line in (*DAILYKOS_CHROME, *DAILYKOS_TAG_HELP)),
    "Recommended by:", "[ Parent ]", "Originally posted to", "Also republished by",
    "Moderation queue", "Comment pages:",
)


def _dk_page(url: str, title: str, main: str, head: str = "", body_class: str = "dk4") -> Response:
    html = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Daily Kos: {escape(title)}</title>\n"
        '<meta property="og:site_name" content="Daily Kos">\n'
        f'<link rel="canonical" href="{escape(url)}">\n'
        '<link rel="stylesheet" type="text/css" href="/css/dk4.css">\n'
        f"{head}</head>\n<body class=\"{body_class}\">\n"
        '<a class="skip-link" href="#main">Skip to main content</a>\n<div id="page">\n'
        '<div id="header"><a class="logo" href="/">Daily Kos</a>\n'
        '<ul class="nav" role="navigation">'
        '<li><a href="/">Home</a></li><li><a href="/diaries">Recent diaries</a></li>'
        f'<li><a href="/blog/">{BLOG_NAME}</a></li><li><a href="/admin/queue">Moderation queue</a>'
        f'</li><li><a href="{DK_LOGIN}">Log in</a></li></ul></div>\n'
        f'<div id="main">\n{main}</div>\n'
        '<div id="footer"><p class="support">Subscribe or Donate to support Daily Kos.</p>\n'
        '<p class="mobile"><a href="http://m.dailykos.example.com/">Click here for the mobile view'
        " of the site</a></p></div>\n</div>\n</body>\n</html>\n"
    )
    return Response(200, html.encode())


def _pager(path: str, page: int, pages: int, label: str, first: str | None = None) -> str:
    """Numbered links to the pages of a list or thread (`?page=N`)."""
    if pages <= 1:
        return ""
    parts = []
    for n in range(1, pages + 1):
        href = (first or path) if n == 1 else f"{path}?page={n}"
        parts.append(f"<b>{n}</b>" if n == page else f'<a href="{escape(href)}">{n}</a>')
    if page < pages:
        parts.append(f'<a rel="next" href="{escape(path)}?page={page + 1}">Next &raquo;</a>')
    return f'<div class="pager">{label} {" ".join(parts)}</div>\n'


def _diary_list(site, epoch, title, ids, path, page) -> Response:
    size = site.list_page_size
    pages = max(1, -(-len(ids) // size))
    if page > pages:
        return not_found("Page")
    rows = []
    for diary_id in ids[(page - 1) * size: page * size]:
        head = site.head("diary", diary_id)
        count = site.diary_comment_count(diary_id, epoch)
        rows.append(
            f'<li class="diary-item"><a class="title" href="{escape(site.diary_path(diary_id))}">'
            f'{escape(head.title)}</a> by <a href="{escape(site.user_path(head.author))}">'
            f"{escape(head.author)}</a> <span class=\"date\">{dk_time(head.published, False)}"
            f'</span> <span class="count">{count} comments</span></li>'
        )
    older = (f'<p class="older"><a rel="next" href="{escape(path)}?page={page + 1}">'
             "Older diaries &raquo;</a></p>\n") if page < pages else ""
    body = (f'<div class="diary-list"><h1>{escape(title)}</h1>\n<ul>\n' + "\n".join(rows)
            + "\n</ul>\n" + older + _pager(path, page, pages, "Pages:") + "</div>\n")
    return _dk_page(path if page == 1 else f"{path}?page={page}", title, body, body_class="list")


def _story_tools(site: SampleSite, diary) -> str:
    """The row under a diary: print and email views, display modes, the story without comments."""
    path = escape(site.diary_path(diary.id))
    modes = " ".join(f'<a href="{path}?mode={m}">{m.title()}</a>' for m in DK_MODES)
    story_only = f"/{DK_STORY_ONLY}/" + path.removeprefix("/story/")
    return (f'<div class="story-tools"><a href="{path}/{DK_PRINT_SEGMENT}">Print</a> | '
            f'<a href="{DK_MAIL_PREFIX}{path}">Email</a> | View: {modes} | '
            f'<a href="{story_only}">Story only</a></div>\n')


def _story_only(site: SampleSite, base: str, diary, view: str) -> Response:
    """A display view of a diary (print, story only): its text, no thread, canonical to it."""
    body = (f'<div id="story" class="story {view}">\n<h1 class="story-title">{escape(diary.title)}'
            '</h1>\n<div class="story-intro">\n'
            + "".join(f"<{b.tag}>{b.html}</{b.tag}>\n" for b in (*diary.intro, *diary.extended))
            + "</div>\n</div>\n")
    return _dk_page(f"{base}{site.diary_path(diary.id)}", diary.title, body,
                    body_class=f"{view} dk4")


def _front_page(site: SampleSite, epoch: int, base: str) -> Response:
    """The home page: the newest diaries as teasers (title, byline, intro, comment count) and no
    page-type markup at all, as many community sites have it."""
    teasers = []
    for diary_id in site.diary_ids(epoch)[:FRONT_PAGE_TEASERS]:
        diary = site.diary(diary_id)
        path = escape(site.diary_path(diary_id))
        teasers.append(
            f'<div class="story-teaser"><h2 class="teaser-title"><a href="{path}">'
            f'{escape(diary.title)}</a></h2>\n<p class="byline">by '
            f'{_user_link(site, diary.author)} on {dk_time(diary.published, False)}</p>\n'
            '<div class="teaser-intro">'
            + "".join(f"<{b.tag}>{b.html}</{b.tag}>" for b in diary.intro)
            + f'</div>\n<p class="teaser-more"><a href="{path}">Read more</a> &middot; '
            f'<a href="{path}#comments">{site.diary_comment_count(diary_id, epoch)} comments</a>'
            "</p></div>\n"
        )
    body = ('<div class="front">\n' + "".join(teasers)
            + '<p class="more"><a href="/diaries">More diaries &raquo;</a></p>\n</div>\n')
    return _dk_page(f"{base}/", "Community diaries", body, body_class="dk4")


def _diary_page(site: SampleSite, epoch: int, base: str, diary, page: int,
                mode: str | None = None) -> Response:
    pages = site.thread_pages(diary.id, epoch)
    if page > len(pages):
        return not_found("Comment page")
    path = site.diary_path(diary.id)
    count = site.diary_comment_count(diary.id, epoch)
    out = [
        '<div id="story" class="story">\n'
        f'<h1 class="story-title">{escape(diary.title)}</h1>\n<div class="story-intro">\n',
        *(f"<{b.tag}>{b.html}</{b.tag}>\n" for b in diary.intro),
        '</div>\n<div class="story-body" id="extended">\n',
        *(f"<{b.tag}>{b.html}</{b.tag}>\n" for b in diary.extended),
        '</div>\n<div class="author-info">\n<p>Originally posted to '
        f'<a href="{escape(site.user_path(diary.author))}">{escape(diary.author)}</a> on '
        f"{dk_time(diary.published, False)}.</p>\n",
    ]
    if diary.groups:
        links = [f'<a href="{escape(site.group_path(g))}">{escape(g)}</a>' for g in diary.groups]
        joined = links[0] if len(links) == 1 else ", ".join(links[:-1]) + " and " + links[-1]
        out.append(f'<p class="republished">Also republished by {joined}.</p>\n')
    tags = ", ".join(f'<a href="{escape(site.tag_path(t))}">{escape(t)}</a>' for t in diary.tags)
    out.append(f'</div>\n<div class="story-tags">Tags: {tags}</div>\n')
    out.append(_story_tools(site, diary))
    out.append("</div>\n")
    out.append(DK_DIALOGS)
    out.append(f'<div id="comments" class="comments{" mode-" + mode if mode else ""}">\n'
               f'<h3 class="comment-count">{count} comments</h3>\n'
               '<div class="comment-controls"><p><a class="comment-prefs" href="#comment-prefs">'
               "Comment Preferences</a></p></div>\n")
    here = path if page == 1 else f"{path}?page={page}"
    page_of = {c.cid: (path if n == 1 else f"{path}?page={n}")
               for n, on_page in enumerate(pages[:page], start=1) for c in on_page}
    out.append(_dk_thread(site, diary.id, pages[page - 1], here, page_of))
    out.append("</div>\n")
    out.append(_pager(path, page, len(pages), "Comment pages:"))
    head = ""
    if page > 1:
        prev = path if page == 2 else f"{path}?page={page - 1}"
        head += f'<link rel="prev" href="{escape(prev)}">\n'
    if page < len(pages):
        head += f'<link rel="next" href="{escape(path)}?page={page + 1}">\n'
    return _dk_page(f"{base}{path}", diary.title, "".join(out), head, "story-page dk4")


_USER_LINKS: dict[str, str] = {}


def _user_link(site: SampleSite, name: str) -> str:
    """`<a class="cu" href="/user/NAME">NAME</a>`, made once per name."""
    link = _USER_LINKS.get(name)
    if link is None:
        if len(_USER_LINKS) > 100_000:
            _USER_LINKS.clear()
        link = _USER_LINKS[name] = (f'<a class="cu" href="{escape(site.user_path(name))}">'
                                    f"{escape(name)}</a>")
    return link


def _dk_thread(site: SampleSite, diary_id: int, comments: list[SampleComment], here: str,
               page_of: dict[int, str]) -> str:
    """Nested `ul.cl > li.ci > div.cx` from comments in thread order. A page may begin inside a
    subtree: its first comments are nested as deep as they are, and a "[ Parent ]" link leads
    to the parent on the page that shows it."""
    out = ['<ul class="cl" id="cl">\n']
    prev = -1
    here = escape(here)
    for c in comments:
        if prev < 0:
            out.append('<li class="ci"><ul class="cl">\n' * c.depth)
            prev = c.depth
        elif c.depth > prev:
            out.append('<ul class="cl">\n')
        else:
            out.append("</li>\n" + "</ul></li>\n" * (prev - c.depth))
        prev = c.depth
        cid = c.cid
        out.append(
            f'<li class="ci"><div class="cx" id="c{cid}">\n<div class="ch"><a class="ct" '
            f'href="{here}#c{cid}">{escape(c.title or "")}</a> <span class="cr">'
            f"({c.tips_plus}+ / {c.tips_minus}-)</span></div>\n"
        )
        if c.recommenders:
            names = ", ".join(_user_link(site, n) for n in c.recommenders)
            out.append(f'<div class="crb">Recommended by:<br>{names}</div>\n')
        elif cid % 3 == 0:
            out.append('<div class="crb">Recommended by:<br></div>\n')
        out.append('<div class="cb">')
        out.extend(f"<{b.tag}>{b.html}</{b.tag}>" for b in c.blocks)
        out.append("</div>\n")
        if c.signature:
            out.append(f'<div class="cs">{escape(c.signature)}</div>\n')
        out.append(f'<div class="cf">by {_user_link(site, c.author)} on <span class="cd">'
                   f"{dk_time(c.posted)}</span></div>\n")
        if c.parent is not None:
            where = escape(page_of.get(c.parent, here))
            out.append(f'<div class="cp">[ <a href="{where}#c{c.parent}">Parent</a> ]'
                       "</div>\n")
        out.append(f'<div class="ca"><a rel="nofollow" href="{DK_REPLY}?sid={diary_id}&amp;'
                   f'pid={cid}">Reply</a> <a rel="nofollow" href="{DK_RATE}?sid={diary_id}&amp;'
                   f'cid={cid}">Recommend</a></div>\n')
        out.append("</div>")
    if prev >= 0:
        out.append("</li>\n" + "</ul></li>\n" * prev)
    out.append("</ul>\n")
    return "".join(out)


# --- WordPress ------------------------------------------------------------------------------------
def wp_time(when: datetime) -> tuple[str, str]:
    """(datetime attribute with the site's offset, "June 5, 2019 at 3:04 pm")."""
    local = when.astimezone(WP_ZONE)
    hour = local.hour % 12 or 12
    shown = (f"{local:%B} {local.day}, {local.year} at {hour}:{local:%M} "
             f"{'am' if local.hour < 12 else 'pm'}")
    return local.isoformat(), shown


def wp_date(when: datetime) -> tuple[str, str]:
    local = when.astimezone(WP_ZONE)
    return local.isoformat(), f"{local:%B} {local.day}, {local.year}"


# the chrome lines a blog page carries: none of them may reach an extracted body
WP_CHROME_LINES = ("Share this:", "Click to share on Twitter", "Like this:", "Loading...",
                   "Related", "Leave a Reply", "Your email address will not be published.",
                   "says:", "Reply", "Proudly powered by WordPress", "Posted in", "Tagged")


def _blog_route(site: SampleSite, epoch: int, base: str, path: str) -> Response:
    if path == "/blog":
        return Response(301, b"", location=f"{base}/blog/")
    found = re.fullmatch(r"/blog/(?:page/(\d+)/)?", path)
    if found:
        return _post_list(site, epoch, base, "/blog/", int(found.group(1) or 1), None,
                          site.post_ids(epoch))
    found = re.fullmatch(r"/blog/(category|tag|author)/([a-z0-9-]+)/(?:page/(\d+)/)?", path)
    if found:
        kind, slug = found.group(1), found.group(2)
        names = {"category": CATEGORIES, "tag": WP_TAGS, "author": BLOG_AUTHORS}[kind]
        name = next((n for n in names if slugify(n) == slug), None)
        if name is None:
            return not_found()
        label = {"category": "Category", "tag": "Tag", "author": "Author"}[kind]
        return _post_list(site, epoch, base, f"/blog/{kind}/{slug}/", int(found.group(3) or 1),
                          f"{label}: {name}", site.posts_by(kind, slug, epoch))
    found = re.fullmatch(r"/blog/(\d{4})/(\d{2})/(?:page/(\d+)/)?", path)
    if found:
        month = f"{found.group(1)}/{found.group(2)}"
        ids = site.posts_by("month", month, epoch)
        if not ids:
            return not_found()
        when = site.head("post", ids[0]).published.astimezone(WP_ZONE)
        return _post_list(site, epoch, base, f"/blog/{month}/", int(found.group(3) or 1),
                          f"Month: {when:%B %Y}", ids)
    found = re.fullmatch(r"(/blog/\d{4}/\d{2}/[a-z0-9-]+/)(?:comment-page-(\d+)/)?", path)
    if found:
        post = site.post_by_path(found.group(1))
        if post is None:
            return not_found()
        shown_at_post = site.post_page_number(post.id, epoch)
        cpage = int(found.group(2) or 0)
        if cpage == shown_at_post:  # WordPress sends the page its post URL shows there
            return Response(301, b"", location=f"{base}{found.group(1)}")
        return _post_page(site, epoch, base, post, cpage or shown_at_post)
    if path == "/blog/feed/":
        return _rss(site, epoch, base)
    if path == "/blog/feed/atom/":
        return _atom(site, epoch, base)
    if path == "/blog/sitemap.xml":
        return _sitemap_index(site, epoch, base, blog_only=True)
    found = re.fullmatch(r"/blog/sitemap-posts-(\d+)\.xml", path)
    if found:
        return _sitemap_posts(site, epoch, base, int(found.group(1)))
    if path == "/blog/wp-admin/":
        return _wp_page(site, epoch, base, f"{base}{path}", "Log In",
                        '<p class="login">Log in to manage the site.</p>', "login")
    if path == ABOUT_PATH:
        main = (f'<article id="post-2" class="post-2 page type-page status-publish hentry">\n'
                f'<header class="entry-header"><h1 class="entry-title">{escape(ABOUT_TITLE)}</h1>'
                '</header>\n<div class="entry-content">\n'
                + "".join(f"<p>{escape(text)}</p>\n" for text in ABOUT_TEXT)
                + "</div>\n</article>\n")
        return _wp_page(site, epoch, base, f"{base}{path}", ABOUT_TITLE, main,
                        "page-template-default page page-id-2")
    if path.startswith("/blog/wp-content/"):
        return Response(200, b"body{margin:0}", "text/css")
    return not_found()


def _wp_page(site, epoch, base, url, title, main, body_class, head="") -> Response:
    months = "".join(
        f'<li><a href="/blog/{m}/">{datetime.strptime(m, "%Y/%m"):%B %Y}</a></li>'
        for m in site.months(epoch)[:SIDEBAR_MONTHS]
    )
    cats = "".join(f'<li class="cat-item"><a href="/blog/category/{slugify(c)}/">{escape(c)}</a>'
                   "</li>" for c in CATEGORIES)
    html = (
        '<!DOCTYPE html>\n<html lang="en-US">\n<head>\n<meta charset="UTF-8">\n'
        f"<title>{escape(title)} &#8211; {BLOG_NAME}</title>\n"
        '<meta name="generator" content="WordPress 6.2.2">\n'
        f'<link rel="https://api.w.org/" href="{base}/blog/wp-json/">\n'
        '<link rel="stylesheet" href="/blog/wp-content/themes/twentytwentyone/style.css">\n'
        f'<link rel="alternate" type="application/rss+xml" title="{BLOG_NAME} &raquo; Feed" '
        f'href="{base}/blog/feed/">\n'
        f'<link rel="alternate" type="application/atom+xml" title="{BLOG_NAME} &raquo; Atom Feed"'
        f' href="{base}/blog/feed/atom/">\n'
        f'<link rel="canonical" href="{escape(url)}">\n{head}'
        f'</head>\n<body class="{body_class}">\n'
        '<header id="masthead" class="site-header">\n'
        f'<p class="site-title"><a href="/blog/">{BLOG_NAME}</a></p>\n'
        '<nav class="primary-navigation"><ul><li><a href="/blog/">Home</a></li>'
        '<li><a href="/">Community diaries</a></li>'
        f'<li><a href="{ABOUT_PATH}">About</a></li>'
        '<li><a href="/blog/wp-admin/">Site Admin</a></li></ul></nav>\n</header>\n'
        f'<main id="main" class="site-main">\n{main}</main>\n'
        '<aside id="secondary" class="widget-area">\n'
        f'<section class="widget widget_categories"><h2 class="widget-title">Categories</h2><ul>'
        f"{cats}</ul></section>\n"
        f'<section class="widget widget_archive"><h2 class="widget-title">Archives</h2><ul>'
        f"{months}</ul></section>\n"
        '<section class="widget widget_meta"><h2 class="widget-title">Meta</h2><ul>'
        '<li><a href="/blog/wp-admin/">Log in</a></li><li><a href="/blog/feed/">Entries feed</a>'
        '</li><li><a href="https://wordpress.org/">WordPress.org</a></li></ul></section>\n'
        "</aside>\n"
        '<footer id="colophon" class="site-footer"><p>Proudly powered by WordPress</p></footer>\n'
        "</body>\n</html>\n"
    )
    return Response(200, html.encode())


def _post_list(site, epoch, base, path, page, title, ids) -> Response:
    size = site.blog_page_size
    pages = max(1, -(-len(ids) // size))
    if page > pages:
        return not_found()
    items = []
    for post_id in ids[(page - 1) * size: page * size]:
        post = site.post(post_id)
        iso, shown = wp_date(post.published)
        count = site.post_comment_count(post_id, epoch)
        excerpt = " ".join(post.text.split()[:40])
        items.append(
            f'<article id="post-{post_id}" class="post-{post_id} post type-post status-publish '
            'hentry">\n<header class="entry-header"><h2 class="entry-title">'
            f'<a href="{post.path}" rel="bookmark">{escape(post.title)}</a></h2></header>\n'
            f'<div class="entry-summary"><p>{escape(excerpt)} [&hellip;]</p></div>\n'
            '<footer class="entry-footer"><span class="posted-on"><a href="'
            f'{post.path}" rel="bookmark"><time class="entry-date published" datetime="{iso}">'
            f'{shown}</time></a></span> <span class="comments-link"><a href="{post.path}#comments">'
            f"{count} Comments</a></span></footer>\n</article>\n"
        )
    page_path = path if page == 1 else f"{path}page/{page}/"
    links, head = [], ""
    if page > 1:
        newer = path if page == 2 else f"{path}page/{page - 1}/"
        links.append(f'<a class="prev page-numbers" href="{newer}">Newer posts</a>')
        head += f'<link rel="prev" href="{base}{newer}">\n'
    if page < pages:
        links.append(f'<a class="next page-numbers" href="{path}page/{page + 1}/">Older posts</a>')
        head += f'<link rel="next" href="{base}{path}page/{page + 1}/">\n'
    nav = (f'<nav class="navigation pagination"><div class="nav-links">{" ".join(links)}</div>'
           "</nav>\n") if links else ""
    header = (f'<header class="page-header"><h1 class="page-title">{escape(title)}</h1></header>\n'
              if title else "")
    return _wp_page(site, epoch, base, f"{base}{page_path}", title or BLOG_NAME,
                    header + "".join(items) + nav, "archive" if title else "home blog", head)


WP_SHARE = (
    '<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social">'
    '<h3 class="sd-title">Share this:</h3><ul><li><a class="share-twitter" '
    'href="https://twitter.example.com/share">Click to share on Twitter (Opens in new window)'
    "</a></li></ul></div></div>\n"
    '<div class="sharedaddy sd-block sd-like jetpack-likes-widget-wrapper"><h3 class="sd-title">'
    'Like this:</h3><span class="button"><span>Like</span></span> Loading...</div>\n'
)


def _post_page(site: SampleSite, epoch: int, base: str, post, cpage: int) -> Response:
    pages = site.post_comment_pages(post.id, epoch)
    if cpage > len(pages):
        return not_found("Comment page")
    count = site.post_comment_count(post.id, epoch)
    iso, shown = wp_date(post.published)
    author_slug = slugify(post.author)
    classes = " ".join([f"category-{slugify(c)}" for c in post.categories]
                       + [f"tag-{slugify(t)}" for t in post.tags])
    shown_at_post = site.post_page_number(post.id, epoch)

    def page_url(n: int) -> str:
        return post.path if n == shown_at_post else f"{post.path}comment-page-{n}/"

    here = page_url(cpage)
    out = [
        f'<article id="post-{post.id}" class="post-{post.id} post type-post status-publish '
        f'format-standard hentry {classes}">\n<header class="entry-header">'
        f'<h1 class="entry-title">{escape(post.title)}</h1>\n<div class="entry-meta">'
        f'<span class="posted-on"><a href="{post.path}" rel="bookmark"><time class="entry-date '
        f'published" datetime="{iso}">{shown}</time></a></span> <span class="byline">by '
        f'<span class="author vcard"><a class="url fn n" href="/blog/author/{author_slug}/">'
        f"{escape(post.author)}</a></span></span></div>\n</header>\n"
        '<div class="entry-content">\n',
        *(f"<{b.tag}>{b.html}</{b.tag}>\n" for b in post.blocks),
        WP_SHARE,
        '</div>\n<footer class="entry-footer"><span class="cat-links">Posted in ',
        ", ".join(f'<a href="/blog/category/{slugify(c)}/" rel="category tag">{escape(c)}</a>'
                  for c in post.categories),
        "</span>",
    ]
    if post.tags:
        out.append(' <span class="tags-links">Tagged ' + ", ".join(
            f'<a href="/blog/tag/{slugify(t)}/" rel="tag">{escape(t)}</a>' for t in post.tags)
            + "</span>")
    out.append("</footer>\n</article>\n")
    nav = []
    if post.id > 1:
        prev_path = site.post_path(post.id - 1)
        nav.append(f'<div class="nav-previous"><a href="{prev_path}" rel="prev">Previous post: '
                   f'{escape(site.head("post", post.id - 1).title)}</a></div>')
    if post.id < site.post_count(epoch):
        next_path = site.post_path(post.id + 1)
        nav.append(f'<div class="nav-next"><a href="{next_path}" rel="next">Next post: '
                   f'{escape(site.head("post", post.id + 1).title)}</a></div>')
    if nav:
        out.append('<nav class="navigation post-navigation"><div class="nav-links">'
                   + "".join(nav) + "</div></nav>\n")
    out.append('<div id="comments" class="comments-area">\n')
    if count:
        out.append(f'<h2 class="comments-title">{count} thoughts on &ldquo;{escape(post.title)}'
                   "&rdquo;</h2>\n")
    cnav, head = "", ""
    if len(pages) > 1:
        links = []
        if cpage > 1:
            older = page_url(cpage - 1)
            links.append(f'<div class="nav-previous"><a href="{older}#comments">Older Comments'
                         "</a></div>")
            head += f'<link rel="prev" href="{base}{older}">\n'
        if cpage < len(pages):
            newer = page_url(cpage + 1)
            links.append(f'<div class="nav-next"><a href="{newer}#comments">Newer Comments</a>'
                         "</div>")
            head += f'<link rel="next" href="{base}{newer}">\n'
        cnav = ('<nav class="navigation comment-navigation"><div class="nav-links">'
                + "".join(links) + "</div></nav>\n")
    if pages[cpage - 1]:
        out.append(cnav)
        out.append(_wp_thread(post, pages[cpage - 1], here))
        out.append(cnav)
    out.append(
        '<div id="respond" class="comment-respond"><h3 id="reply-title" '
        'class="comment-reply-title">Leave a Reply</h3>\n<form action="/blog/wp-comments-post.php"'
        ' method="post" id="commentform" class="comment-form"><p class="comment-notes">Your email '
        'address will not be published.</p><textarea id="comment" name="comment"></textarea>'
        f'<input type="hidden" name="comment_post_ID" value="{post.id}"></form></div>\n</div>\n'
    )
    body_class = f"post-template-default single single-post postid-{post.id} single-format-standard"
    return _wp_page(site, epoch, base, f"{base}{here}", post.title, "".join(out), body_class, head)


def _wp_thread(post, comments: list[SampleComment], here: str) -> str:
    out = ['<ol class="comment-list">\n']
    prev = -1
    parity = 0
    for c in comments:
        if prev >= 0:
            if c.depth > prev:
                out.append('<ol class="children">\n')
            else:
                out.append("</li>\n" + "</ol></li>\n" * (prev - c.depth))
        prev = c.depth
        parity ^= 1
        odd = "odd alt" if parity else "even"
        if c.kind == "pingback":
            out.append(
                f'<li id="comment-{c.cid}" class="pingback {odd} depth-1">\n'
                '<div class="comment-body">'
                f'Pingback: <a href="{escape(c.author_url or "")}" rel="external nofollow ugc" '
                f'class="url">{escape(c.author)}</a></div>\n'
            )
            continue
        iso, shown = wp_time(c.posted)
        name = escape(c.author)
        if c.author_url:
            name = (f'<a href="{escape(c.author_url)}" rel="external nofollow ugc" class="url">'
                    f"{name}</a>")
        out.append(
            f'<li id="comment-{c.cid}" class="comment {odd} depth-{c.depth + 1}">\n'
            f'<article id="div-comment-{c.cid}" class="comment-body">\n'
            '<footer class="comment-meta">'
            '<div class="comment-author vcard"><img alt="" src="/blog/wp-content/avatar.png" '
            f'class="avatar avatar-60 photo" height="60" width="60"><b class="fn">{name}</b> '
            '<span class="says">says:</span></div>\n<div class="comment-metadata">'
            f'<a href="{here}#comment-{c.cid}"><time datetime="{iso}">{shown}</time></a></div>'
            '</footer>\n<div class="comment-content">'
            + "".join(f"<{b.tag}>{b.html}</{b.tag}>" for b in c.blocks)
            + '</div>\n<div class="reply"><a rel="nofollow" class="comment-reply-link" '
            f'href="{post.path}?replytocom={c.cid}#respond" data-commentid="{c.cid}" '
            f'data-postid="{post.id}" '
            f'aria-label="Reply to {escape(c.author)}">Reply</a></div>\n</article>\n'
        )
    if prev >= 0:
        out.append("</li>\n" + "</ol></li>\n" * prev)
    out.append("</ol>\n")
    return "".join(out)


# --- feeds and sitemaps ---------------------------------------------------------------------------
def _rss(site: SampleSite, epoch: int, base: str) -> Response:
    items = []
    ids = site.post_ids(epoch)[:FEED_SIZE]
    for post_id in ids:
        post = site.post(post_id)
        url = f"{base}{post.path}"
        cats = "".join(f"<category><![CDATA[{c}]]></category>" for c in (*post.categories,
                                                                           *post.tags))
        content = "".join(f"<{b.tag}>{b.html}</{b.tag}>" for b in post.blocks)
        items.append(
            f"<item><title>{escape(post.title)}</title><link>{url}</link>"
            f"<comments>{url}#comments</comments><dc:creator><![CDATA[{post.author}]]>"
            f"</dc:creator><pubDate>{format_datetime(post.published, usegmt=True)}</pubDate>"
            f'{cats}<guid isPermaLink="false">{base}/blog/?p={post_id}</guid>'
            f"<description><![CDATA[{' '.join(post.text.split()[:40])} [&#8230;]]]></description>"
            f"<content:encoded><![CDATA[{content}]]></content:encoded>"
            f"<slash:comments>{site.post_comment_count(post_id, epoch)}</slash:comments></item>"
        )
    built = site.post(ids[0]).published if ids else site.epoch_time(0)
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" '
        'xmlns:slash="http://purl.org/rss/1.0/modules/slash/">\n<channel>\n'
        f"<title>{BLOG_NAME}</title>\n"
        f'<atom:link href="{base}/blog/feed/" rel="self" type="application/rss+xml"/>\n'
        f"<link>{base}/blog/</link>\n<description>Notes from a clay-soil garden</description>\n"
        f"<lastBuildDate>{format_datetime(built, usegmt=True)}</lastBuildDate>\n"
        "<language>en-US</language>\n<generator>https://wordpress.org/?v=6.2.2</generator>\n"
        + "\n".join(items) + "\n</channel>\n</rss>\n"
    )
    return Response(200, xml.encode(), "application/rss+xml; charset=UTF-8")


def _atom(site: SampleSite, epoch: int, base: str) -> Response:
    entries = []
    ids = site.post_ids(epoch)[:FEED_SIZE]
    for post_id in ids:
        post = site.post(post_id)
        url = f"{base}{post.path}"
        stamp = post.published.strftime("%Y-%m-%dT%H:%M:%SZ")
        content = "".join(f"<{b.tag}>{b.html}</{b.tag}>" for b in post.blocks)
        entries.append(
            f"<entry><author><name>{escape(post.author)}</name></author>"
            f'<title type="html">{escape(post.title)}</title>'
            f'<link rel="alternate" type="text/html" href="{url}"/>'
            f"<id>{base}/blog/?p={post_id}</id><updated>{stamp}</updated>"
            f"<published>{stamp}</published>"
            + "".join(f'<category scheme="{base}/blog" term="{escape(c)}"/>'
                      for c in (*post.categories, *post.tags))
            + f'<summary type="html">{escape(" ".join(post.text.split()[:40]))}</summary>'
            f'<content type="html" xml:base="{url}">{escape(content)}</content>'
            f'<link rel="replies" type="text/html" href="{url}#comments" '
            f'thr:count="{site.post_comment_count(post_id, epoch)}"/></entry>'
        )
    updated = (site.post(ids[0]).published if ids else site.epoch_time(0)).strftime(
        "%Y-%m-%dT%H:%M:%SZ")
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
        'xmlns:thr="http://purl.org/syndication/thread/1.0" xml:lang="en-US">\n'
        f'<title type="text">{BLOG_NAME}</title>\n<subtitle type="text">Notes from a clay-soil '
        f"garden</subtitle>\n<updated>{updated}</updated>\n"
        f'<link rel="alternate" type="text/html" href="{base}/blog/"/>\n'
        f"<id>{base}/blog/feed/atom/</id>\n"
        f'<link rel="self" type="application/atom+xml" href="{base}/blog/feed/atom/"/>\n'
        '<generator uri="https://wordpress.org/" version="6.2.2">WordPress</generator>\n'
        + "\n".join(entries) + "\n</feed>\n"
    )
    return Response(200, xml.encode(), "application/atom+xml; charset=UTF-8")


def _sitemap_index(site: SampleSite, epoch: int, base: str, blog_only: bool) -> Response:
    parts = []
    if not blog_only:
        parts += [f"{base}/sitemap-diaries-{n}.xml"
                  for n in range(1, -(-site.diary_count(epoch) // SITEMAP_SIZE) + 1)]
    parts += [f"{base}/blog/sitemap-posts-{n}.xml"
              for n in range(1, -(-site.post_count(epoch) // SITEMAP_SIZE) + 1)]
    xml = ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
           + "".join(f"<sitemap><loc>{p}</loc></sitemap>\n" for p in parts)
           + "</sitemapindex>\n")
    return Response(200, xml.encode(), XML)


def _urlset(rows: list[tuple[str, datetime]]) -> Response:
    xml = ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
           + "".join(f"<url><loc>{escape(loc)}</loc><lastmod>{when:%Y-%m-%dT%H:%M:%SZ}</lastmod>"
                     "</url>\n" for loc, when in rows)
           + "</urlset>\n")
    return Response(200, xml.encode(), XML)


def _lastmod(site: SampleSite, kind: str, item_id: int, epoch: int) -> datetime:
    changed = site.changed_epoch(kind, item_id, epoch)
    born_at = site.head(kind, item_id).published
    return born_at if changed == 0 else max(born_at, site.epoch_time(changed))


def _sitemap_diaries(site: SampleSite, epoch: int, base: str, part: int) -> Response:
    last = min(site.diary_count(epoch), part * SITEMAP_SIZE)
    ids = range(1 + (part - 1) * SITEMAP_SIZE, last + 1)
    if part < 1 or not ids:
        return not_found()
    return _urlset([(f"{base}{site.diary_path(i)}", _lastmod(site, "diary", i, epoch))
                    for i in ids])


def _sitemap_posts(site: SampleSite, epoch: int, base: str, part: int) -> Response:
    ids = range(1 + (part - 1) * SITEMAP_SIZE, min(site.post_count(epoch), part * SITEMAP_SIZE) + 1)
    if part < 1 or not ids:
        return not_found()
    return _urlset([(f"{base}{site.post_path(i)}", _lastmod(site, "post", i, epoch)) for i in ids])


__all__ = ["DISALLOWED_PATHS", "DK_CHROME_LINES", "WP_CHROME_LINES", "Response", "route"]
