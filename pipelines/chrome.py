"""Every line of site UI chrome we strip from bodies, in one place.

Each pattern matches a whole line (after white space is collapsed), case-insensitively, so a
sentence that merely contains "reply" or "share" is never touched. Grouped by kind; the Daily Kos
lines come from `shared/reference/diary-with-comments.txt`, the others from the chrome of the
platforms in the corpus.
"""

from __future__ import annotations

import re

_SKIP_LINKS = (
    r"skip to (main )?content",
    r"skip to (the )?navigation",
    r"jump to (comments|navigation)",
    r"click here for the mobile view of the site",
    r"(back to )?top( of page)?",
)
_SHARE = (
    r"share( this( post| article| story)?)?:?",
    r"share( this)?( post| article| story)? (on|via) (facebook|twitter|linkedin|reddit|whatsapp"
    r"|email)",
    r"click to (share|email|print)[^\n]{0,80}\(opens in new window\)",
    r"(tweet|email|print|pin it|like this:?|like|loading\.{3}|permalink)",
    r"email this( (post|article|story|diary))?",
    r"your email has been sent\.?",
    r"(facebook|twitter|linkedin|reddit|pinterest|whatsapp|tumblr|digg|stumbleupon)",
    r"(related|related posts|related articles|you may also like|more from [\w ]{1,40}):?",
)
_POST_META = (
    r"(tags?|tagged( with)?|filed under|categories):?",
    r"(view |show |read )?comments",
)
_COMMENT_WIDGETS = (
    r"\[ ?parent ?\]",
    r"reply( to this( comment)?)?",
    r"(report|report abuse|report comment|flag|quote|permalink|edit)",
    r"(comment preferences|leave a (reply|comment)|post a comment|add a comment)",
    r"\d+ (comments?|responses?|replies|reactions?)( so far)?",
    r"(no comments yet|be the first to comment)\.?",
    r"(log ?in|sign ?in|register) to (reply|comment)\.?",
    r"(recommend|hide|tip|rate)( this)?",
)
_DAILYKOS = (
    r"you must add at least one tag to this diary before publishing it\.",
    r"add keywords that describe this diary\. separate multiple keywords with commas\.",
    r"tagging tips - search for tags - browse for tags",
    r"more tagging tips:?",
    r"you can add a private note to this diary when hotlisting it:",
    r"are you sure you want to [^\n]{0,120}\?",
    r"rescue this diary, and add a note:",
    r"choose where to republish this diary\.[^\n]*",
    r"you must be a member of a group to use this feature\.",
    r"add a quick update to your diary without changing the diary itself:",
    r"\(the diary will be removed[^\n]*\)",
    r"subscribe or donate to support daily kos\.",
    r"a tag is a way to search for this diary\.[^\n]*",
    r"use a person's full name, without any title\.[^\n]*",
    r"if your diary covers an election or elected official[^\n]*",
    r"tags do not compound[^\n]*",
    r"consider if one or more of these tags fits your diary[^\n]*",
)
_SUBSCRIBE = (
    r"(subscribe|sign up)( (now|today|to our newsletter))?\.?",
    r"follow us( on [\w ]+)?:?",
    r"advert(isement)?s?",
)

CHROME_LINE_PATTERNS: tuple[str, ...] = (
    *_SKIP_LINKS,
    *_SHARE,
    *_COMMENT_WIDGETS,
    *_POST_META,
    *_DAILYKOS,
    *_SUBSCRIBE,
)


def compile_chrome(extra: list[str] | tuple[str, ...] = ()) -> re.Pattern[str]:
    """One regular expression matching any whole chrome line."""
    alternatives = "|".join(f"(?:{p})" for p in (*CHROME_LINE_PATTERNS, *extra))
    return re.compile(rf"^\s*(?:{alternatives})\s*$", re.IGNORECASE)
