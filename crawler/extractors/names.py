"""A commenter's name out of what a byline prints around it.

Comment systems print a name with words around it: "Posted by X on <date>", "X says:", "1. X
said...", "X (not verified)", "X (www):", a web address, a role after a dash. The structural
finder reads names this way in every block, and `extract_thread` passes the platform modules'
names through `commenter_name` where they show such noise (`NAME_NOISE`). Only text is read here;
which element of a block holds the name is `byline.py`'s question.
"""

from __future__ import annotations

import re

from crawler.extractors.controls import CHROME_LINE
from crawler.extractors.text import collapse
from crawler.extractors.timestamps import DATE

# what introduces a name on a byline: "Posted by", "Post by" (phpBB), "Comment from"; the
# foreign words only after a verb ("Geschrieben von"), alone they are also parts of names
AUTHOR_PREFIX = re.compile(
    r"^\W*(?:(?:posted|post|written|submitted|commented|comment|reply|replied|sent|added"
    r"|answered|asked|geschrieben|verfasst|kommentar|antwort|publié|publiée|posté|postée"
    r"|écrit|commentaire|réponse|publicado|escrito|comentario|comentado|respuesta|pubblicato"
    r"|scritto|commento|inviato|geplaatst|reactie|gepost)\s*"
    r"(?:by|from|von|par|por|da|door|od|de|di|van)|by|from)\s*:?\s+"
    r"|^\W*(?:posted|comment)\s*:\s*",
    re.I,
)
# a number the thread gives a comment before the name ("1. Dave P said:", "#12 Sam")
LEADING_NUMBER = re.compile(r"^\s*(?:#\s*\d+|\d+[.):])\s+(?=\w)")
# "X says:" / "X said..." and the same verb in the languages of the corpus (de, fr, es, it, nl,
# pl, hr): how comment systems label a commenter's name in a line of its own
_SAYS_VERBS = (
    r"says|said|wrote|writes|sagt|schreibt|schrieb|meint|dit|a écrit|écrit|dice|dijo|escribió"
    r"|scrive|ha scritto|zegt|schreef|pisze|napisał|napisała|kaže|piše|napisao|napisala"
)
# what a byline puts between the name and the time: "says", "on", "at", "|", "于" (Chinese "at"),
# a verb of `_SAYS_VERBS` ("schreef op"), and the other languages' "on"/"at" ("am", "le", "el",
# "il", "op", "um", "à"), these only in lower case: "Sam Le" is a name
AUTHOR_SUFFIX = re.compile(
    rf"(?:\s+(?:says|said|wrote|writes|on|at|posted|in reply to|於|于|{_SAYS_VERBS})"
    r"|\s+(?-i:am|um|le|el|il|op|om|à|a las|alle|den)"
    r"|\s*(?:\||-|–|—|,|:|\(|@|·|•|»|↑))+\s*$",
    re.I,
)
# what is trimmed from either end of a name; parentheses and double quotes only where unbalanced
# ("MJ CA(SA)" is a name, "(Florida CPA" a leftover of "Posted by X (Florida CPA)")
AUTHOR_TRIM = " -–—|,:@·•»«›‹↑'"
# a separator between a name and a role or a site after it ("X - Admin", "X | example.org")
AUTHOR_SEPARATOR = re.compile(r"\s+(?:-|–|—|\||·|•)\s+")
# a line that is a name and a verb of _SAYS_VERBS: "Jane says:", "Bob wrote..."
SAYS = re.compile(rf"^(.{{1,60}}?)\s+(?:{_SAYS_VERBS})\s*(?::|\.\.\.|…)?$", re.I)
# a web address is never part of a name (a theme printing the commenter's site before it)
URL_TOKEN = re.compile(r"\b(?:https?://|www\.)\S*", re.I)
# what comment systems write after a name that has no account: "(not verified)" (Drupal),
# "(guest)", "(unregistered)"
ACCOUNT_MARK = re.compile(
    r"\(\s*(?:not verified|unverified|guest|gast|unregistered|anonymous|invité)\s*\)", re.I
)
# a reply's subject line ("Re: ...", German "AW:", Scandinavian "SV:", Polish "Odp:", Italian
# "Rif:", Dutch "Antw:"): a title, never a name
REPLY_SUBJECT = re.compile(r"^(?:re|aw|sv|vs|odp|rif|antw)\s*(?:\[\d+\])?\s*:", re.I)
# a time of day ("11:10 PM MST"): what is left of "11:10 PM MST on <date>", never a name
CLOCK = re.compile(r"^\W*\d{1,2}[:.]\d\d\b")
# labels of the links old comment systems print beside a name: "Jana (mail):", "Sam (www)"
LINK_LABEL = re.compile(
    r"\(\s*(?:link|mail|e-?mail|www|url|web|website|homepage|site|profile|blog)\s*\)", re.I
)
# what in a platform module's name may need `commenter_name`: a web address, a parenthesis, a
# byline verb or prefix, a separator at either end (a plain name is passed over at once)
NAME_NOISE = re.compile(
    rf"https?:|www\.|\(|\b(?:{_SAYS_VERBS}|by|posted)\b|^\W|[^\w.)\"']$", re.I
)
# byline words that are never a name on their own: what remains of "Posted on <date>" or a
# forum's "Topic author" badge
NOT_A_NAME = re.compile(
    r"^(?:posted|post|submitted|written|added|published|updated|comment|comments|reply"
    r"|replies|topic author|author|anonymous said|quote|share)(?:\s+(?:on|at|in))?$"
    r"|^(?:on|at|by|from|am|um|le|el|il|op|de|in)$"  # what is left of "On <date>" alone
    r"|^#?\d+(?:\.\d+)*\.?$",  # a comment's number ("#5.3")
    re.I,
)
# a name is short; a longer author element is a box holding one (see `byline.author_element`)
MAX_NAME_CHARS = 60
MAX_NAME_WORDS = 8  # more words than a name with its titles and particles holds
# a last part this short after a separator is a role or a site ("X - Admin"), not the name
AUTHOR_TAIL_WORDS = 3
# a name found only by where it stands (before the time) has few words and does not end as a
# sentence does ("Spirit of Seventy Si..." is a name cut short, "Ed B." one with an initial)
NAME_WORDS = 5
SENTENCE_END = re.compile(r"\S+\s+\S+\s+.*[^.][.!?]\s*$")  # three words or more, then . ! ?
# a name in a line of its own is among the first lines of a block (after a number, a permalink)
NAME_LINES = 6


def commenter_name(text: str) -> str | None:
    """The commenter's name alone out of what a comment system printed as its name: for the
    platform modules' names too (a theme printing the commenter's site before the name, an
    account mark after it). None where nothing in it is a name."""
    return clean_author(collapse(text))


def clean_author(text: str) -> str | None:
    """The commenter's name alone out of a byline's text, or None where it holds no name:
    no "Posted by", no date, no "says:", no web address, no account mark, no comment number."""
    if not text:
        return None
    text = LINK_LABEL.sub(" ", ACCOUNT_MARK.sub(" ", URL_TOKEN.sub(" ", text))).strip()
    match = DATE.search(text)
    if match:
        text = (text[: match.start()] or text[match.end() :]).strip()
    text = LEADING_NUMBER.sub("", AUTHOR_PREFIX.sub("", text))
    says = SAYS.match(text)
    if says:
        text = says.group(1)
    text = AUTHOR_SUFFIX.sub("", text).strip()
    parts = AUTHOR_SEPARATOR.split(text)
    if len(parts) > 1 and len(parts[-1].split()) <= AUTHOR_TAIL_WORDS:
        text = AUTHOR_SEPARATOR.split(text)[0] if len(parts) == 2 else " - ".join(parts[:-1])
    text = _trim_name(text)
    if (not text or len(text) > MAX_NAME_CHARS or len(text.split()) > MAX_NAME_WORDS
            or not re.search(r"\w", text)):
        return None
    if CHROME_LINE.match(text) or DATE.search(text) or NOT_A_NAME.match(text):
        return None
    if REPLY_SUBJECT.match(text) or CLOCK.match(text):
        return None
    return text


def _trim_name(text: str) -> str:
    """Separators off both ends, and parentheses that have no partner in the name."""
    while True:
        trimmed = text.strip(AUTHOR_TRIM)
        if trimmed.endswith(")") and trimmed.count(")") > trimmed.count("("):
            trimmed = trimmed[:-1]
        if trimmed.startswith("(") and trimmed.count("(") > trimmed.count(")"):
            trimmed = trimmed[1:]
        if trimmed.endswith("(") or trimmed.startswith(")"):
            trimmed = trimmed.strip("()")
        if trimmed.count('"') % 2:  # a quote without its partner: "Rayner " gold pirate "" keeps
            trimmed = trimmed.strip('"')
        if trimmed == text:
            return text
        text = trimmed


def author_from_meta(meta_line: str, shown_time: str) -> str | None:
    """"Posted by X on <date>", "X - <date>", "<date> by X": the name beside the time."""
    start = meta_line.find(shown_time)
    if start < 0:
        return clean_author(meta_line)
    before = meta_line[:start].strip()
    after = meta_line[start + len(shown_time) :].strip()
    for text in (before, after):
        name = clean_author(text)
        if name:
            return name
    return None


def author_from_says(lines: list[str]) -> tuple[str | None, str | None]:
    """"X says:" on a line of its own near the top, or a name labelled "X:" before the words
    ("bengalgirl:", "Jana (mail):"): the name and its line."""
    for n, line in enumerate(lines[:NAME_LINES]):
        says = SAYS.match(line)
        if says:
            name = clean_author(says.group(1))
            return (name, line) if name else (None, None)
        following = next((x for x in lines[n + 1 :] if x), "")
        if line.endswith(":") and len(line) <= MAX_NAME_CHARS and len(following) > len(line):
            name = clean_author(line)
            if name:
                return name, line
    return None, None


def only_byline_words(rest: str) -> bool:
    """What is left of a byline line without its name is only the words around a name
    ("Posted by:", "on", "says", "|")."""
    rest = AUTHOR_PREFIX.sub("", rest.strip())
    return not AUTHOR_SUFFIX.sub("", " " + rest.strip()).strip(AUTHOR_TRIM)
