"""Comment markup of blog engines' stock templates that the corpus does not hold.

Each page is the smallest faithful copy of one engine's default comment markup (Movable Type 4,
LiveJournal, ExpressionEngine-style numbered stripes), three comments each: the thread must come
out with every name, time and the words alone.
"""

from __future__ import annotations

from crawler.extractors import extract_thread
from crawler.extractors.page import Page

URL = "http://blog.example.org/2007/12/primary-thoughts.html"
POST = "".join(
    f"<p>Paragraph {n} of the post about the primary season and what the polls say now, with "
    f"enough words to be a post body.</p>" for n in range(4)
)
COMMENTS = [
    ("Jane Reader", "December 29, 2007 01:15 PM", "I think the polls are wrong this time."),
    ("Bob Smith", "December 29, 2007 02:20 PM", "They were wrong in 2004 too, as I remember."),
    ("Carol", "December 30, 2007 09:05 AM", "Wait for Iowa before you say anything."),
]


def page(head: str, body: str) -> Page:
    return Page(f"<html><head><title>Primary thoughts</title>{head}</head><body>{body}</body>"
                "</html>", URL)


def test_movable_type_4_takes_the_time_from_the_header_not_the_reply_footer():
    def comment(n, name, time, text, inner=""):
        return (
            f"<div class='comment' id='comment-{n}'><div class='inner'><div class='comment-header'>"
            f"<div class='asset-meta'><span class='byline'><span class='vcard author'>"
            f"<a href='http://ex.org/{n}'>{name}</a></span> | <a href='#comment-{n}'>"
            f"<abbr class='published' title='2007-12-29T13:15:00-05:00'>{time}</abbr></a></span>"
            f"</div></div><div class='comment-content'><p>{text}</p></div>"
            f"<div class='comment-footer'><a href='#' class='reply'>Reply</a></div></div>"
            f"{inner}</div>"
        )

    (a, b, c) = COMMENTS
    html = (
        "<div class='entry-asset asset hentry' id='entry-9'><h1 class='asset-name entry-title'>"
        f"Primary thoughts</h1><div class='asset-content entry-content'>{POST}</div></div>"
        "<div id='comments' class='comments'><h2 class='comments-header'>3 Comments</h2>"
        f"<div class='comments-content'>{comment(0, *a, inner=comment(1, *b))}{comment(2, *c)}"
        "</div></div>"
    )
    thread = extract_thread(page("<meta name='generator' content='Movable Type Pro 4.2'>", html))
    assert thread.extractor == "movabletype"
    assert [(x.author, x.posted_raw, x.path) for x in thread.comments] == [
        ("Jane Reader", "2007-12-29T13:15:00-05:00", "1"),
        ("Bob Smith", "2007-12-29T13:15:00-05:00", "1.1"),
        ("Carol", "2007-12-29T13:15:00-05:00", "2"),
    ]


def test_livejournal_comments_nest_by_indentation_and_keep_no_reply_thread_links():
    rows = "".join(
        f"<div id='ljcmt{n}' style='margin-left: {depth * 25}px'><table class='talk-comment'>"
        f"<tr><td><span class='ljuser'><a href='http://{name.split()[0].lower()}.example.org/'>"
        f"<b>{name.split()[0].lower()}</b></a></span><br><span class='ljcmt-date'>"
        f"2007-12-29 01:{15 + n} pm (UTC)</span></td></tr><tr><td>{text}</td></tr><tr><td>"
        f"<a href='?replyto={n}'>Reply</a> (<a href='?thread={n}#t{n}'>Thread</a>)</td></tr>"
        f"</table></div>"
        for n, ((name, _, text), depth) in enumerate(zip(COMMENTS, (0, 1, 0), strict=True))
    )
    html = f"<div class='entry'><h3>Primary thoughts</h3>{POST}</div><div id='comments'>{rows}"
    thread = extract_thread(page("", html))
    assert [(x.author, x.posted_raw, x.path) for x in thread.comments] == [
        ("jane", "2007-12-29 01:15 pm (UTC)", "1"),
        ("bob", "2007-12-29 01:16 pm (UTC)", "1.1"),
        ("carol", "2007-12-29 01:17 pm (UTC)", "2"),
    ]
    assert [x.body_text for x in thread.comments] == [text for _, _, text in COMMENTS]


def test_numbered_comments_in_odd_and_even_stripes_are_one_list():
    """"comment-odd" / "comment-even" rows of one list (three rows: too few to be believed as
    stripes alone), each numbered "1." before its words."""
    rows = "".join(
        f"<div class='comment-{'odd' if n % 2 else 'even'}'><span class='num'>{n + 1}.</span>"
        f"<p>{text}</p><p class='posted'>Posted by <a href='http://ex.org/{n}'>{name}</a> on "
        f"{time}</p></div>"
        for n, (name, time, text) in enumerate(COMMENTS)
    )
    html = f"<div class='entry'><h2>Primary thoughts</h2>{POST}</div><div id='comments'>{rows}"
    thread = extract_thread(page("", html))
    assert [(x.author, x.posted_raw) for x in thread.comments] == [
        (name, time) for name, time, _ in COMMENTS]
    assert [x.body_text for x in thread.comments] == [text for _, _, text in COMMENTS]


def test_soapblox_comments_keep_their_titles_without_score_or_action_row():
    """Soapblox (state political blogs, 2007-2010): nested lists; each comment a title with its
    rating, the words, "by: NAME @ DATE" and "[ Parent | Reply to This ]"."""
    def comment(n, title, name, time, text, inner=""):
        return (
            f"<li><div class='comment' id='c{n}'><div class='commentTitle'><b>{title}</b> "
            f"(<a href='/showComment.do?commentId={n}'>0.00 / 0</a>)</div>"
            f"<div class='commentBody'>{text}</div><div class='commentByline'>by: "
            f"<a href='/user/{n}'>{name}</a> @ {time}</div><div class='commentLinks'>[ "
            f"<a href='#c0'>Parent</a> | <a href='/reply/{n}'>Reply to This</a> ]</div></div>"
            + (f"<ul>{inner}</ul>" if inner else "") + "</li>"
        )

    times = ["Mon Mar 31, 2008 at 09:53:46 AM PDT", "Mon Mar 31, 2008 at 10:02:11 AM PDT",
             "Mon Mar 31, 2008 at 11:30:00 AM PDT"]
    (a, b, c) = [(name, time, text) for (name, _, text), time in zip(COMMENTS, times, strict=True)]
    html = (
        f"<div class='diary'><h2 class='title'>Primary thoughts</h2><div class='storyBody'>{POST}"
        f"</div></div><div id='comments'><b>Comments</b><ul>"
        f"{comment(0, 'Polls', *a, inner=comment(1, 'Not so', *b))}{comment(2, 'Iowa', *c)}"
        "</ul></div>"
    )
    thread = extract_thread(page("", html))
    assert [(x.title, x.author, x.posted_raw, x.path) for x in thread.comments] == [
        ("Polls", "Jane Reader", times[0], "1"),
        ("Not so", "Bob Smith", times[1], "1.1"),
        ("Iowa", "Carol", times[2], "2"),
    ]
    assert [x.body_text for x in thread.comments] == [text for _, _, text in COMMENTS]
