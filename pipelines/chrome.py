"""Every line of site UI chrome we strip from bodies, in one place.

Each pattern matches a whole line (after white space is collapsed), case-insensitively, so a
sentence that merely contains "reply" or "share" is never touched. Grouped by kind; the Daily Kos
lines are `crawler.extractors.chrome`'s (the extractor reads them too, and crawler never imports
pipelines), the others come from the chrome of the platforms in the corpus.
"""

from __future__ import annotations

import re

from crawler.extractors.chrome import DAILYKOS_CHROME, DAILYKOS_TAG_HELP

# (the skip link, the mobile-view link, the Email dialog and Comment Preferences are among the
# Daily Kos lines)
_SKIP_LINKS = (
    r"skip to (the )?navigation",
    r"jump to (comments|navigation)",
    r"(back to )?top( of page)?",
)
_SHARE = (
    r"share( this( post| article| story)?)?:?",
    r"share( this)?( post| article| story)? (on|via) (facebook|twitter|linkedin|reddit|whatsapp"
    r"|email)",
    r"click to (share|email|print)[^\n]{0,80}\(opens in new window\)",
    r"(tweet|email|print|pin it|like this:?|like|loading\.{3}|permalink)",
    r"email this( (post|article|story|diary))?",
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
    r"(leave a (reply|comment)|post a comment|add a comment)",
    r"\d+ (comments?|responses?|replies|reactions?)( so far)?",
    r"(no comments yet|be the first to comment)\.?",
    r"(log ?in|sign ?in|register) to (reply|comment)\.?",
    r"(recommend|hide|tip|rate)( this)?",
)
_DAILYKOS = tuple(line.pattern for line in (*DAILYKOS_CHROME, *DAILYKOS_TAG_HELP))
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
