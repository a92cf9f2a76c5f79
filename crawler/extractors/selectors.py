"""How the extractors write their selectors: one dialect for every platform module.

Selectors are UPPER_SNAKE tuples at the top of each extractor (trafilatura's `xpaths.py`
discipline); this module holds what they are built from, so a class test or a compiled CSS
selector means the same thing in every module:

- class tokens: `class_tokens` (Python side), `class_token`, `has_class`, `any_class` and
  `with_class` (XPath side), all splitting a class attribute as a CSS class selector does;
- compiled selectors: `xpath`/`xpaths` (XPath, with EXSLT regular expressions as `re:`) and
  `css` (CSS through cssselect, searching below the context element unless told otherwise);
- `marked_or_hosted`: a platform's detection from its selectors and its hosting domain.
"""

from __future__ import annotations

import re

from cssselect import GenericTranslator
from lxml import etree

# how a class selector's `normalize-space` splits the attribute: XML white space only
CLASS_SEPARATORS = re.compile(r"[ \t\n\r]+")
# the `re:` prefix of EXSLT regular expressions, available to every compiled XPath
NAMESPACES = {"re": "http://exslt.org/regular-expressions"}
MIN_SHARED_PART = 3  # a part of class names shorter than this is in too many class attributes

_CSS = GenericTranslator()


# --- class tokens --------------------------------------------------------------------------------
def class_tokens(value: str) -> list[str]:
    """A class attribute's tokens as class selectors see them (XML white space splits)."""
    return CLASS_SEPARATORS.split(value)


def class_token(name: str, attribute: str = "@class") -> str:
    """XPath predicate: `name` is one of the tokens of `attribute` (`.` on a class node)."""
    return f"contains(concat(' ',normalize-space({attribute}),' '),' {name} ')"


def has_class(name: str) -> str:
    """XPath predicate: the element has the class token `name`.

    The plain substring test comes first: libxml2 stops there for almost every element, and the
    token test (normalize-space, concat) runs only where the name occurs at all (it must, for the
    token to be there). As cssselect writes `.name`; the token test alone made class selectors
    over a whole page several times slower.
    """
    return f"(contains(@class,'{name}') and {class_token(name)})"


def any_class(*names: str) -> str:
    """XPath predicate: the element has one of the class tokens (elements without a class are
    ruled out once, not once per name)."""
    return "(@class and (" + " or ".join(has_class(n) for n in names) + "))"


def with_class(*names: str) -> str:
    """Path to the elements with any of the class tokens `names`: the test runs on class
    attributes only, several times faster over a page than `has_class` on every element.

    Names sharing a part ("story-" in story-intro, story-body) are first looked for by that part
    alone: each substring test costs about 0.2 ms over a page's class attributes, and almost
    every attribute fails the first.
    """
    tests = " or ".join(f"(contains(.,'{name}') and {class_token(name, '.')})" for name in names)
    shared = _shared_part(names)
    if len(names) > 1 and len(shared) >= MIN_SHARED_PART:
        tests = f"contains(.,'{shared}') and ({tests})"
    return f"//@class[{tests}]/.."


def _shared_part(names: tuple[str, ...]) -> str:
    """The longest substring every one of `names` holds."""
    shortest = min(names, key=len)
    parts = (
        shortest[start:end]
        for start in range(len(shortest))
        for end in range(len(shortest), start, -1)
    )
    return max((p for p in parts if all(p in name for name in names)), key=len, default="")


def matches(attr: str, literal: str, pattern: str) -> str:
    """XPath predicate: `@attr` matches the regex `pattern`, which only a value holding `literal`
    can. A regex test is a Python call per element; the plain `contains` first spares it for
    nearly every element of a page (it halved the time of such a selector)."""
    return f"(contains(@{attr},'{literal}') and re:test(@{attr},'{pattern}'))"


# --- compiled selectors ------------------------------------------------------------------------
def xpath(expression: str) -> etree.XPath:
    """One XPath expression, compiled once."""
    return etree.XPath(expression, namespaces=NAMESPACES)


def xpaths(*expressions: str) -> tuple[etree.XPath, ...]:
    """XPath expressions compiled once, to be tried in order."""
    return tuple(xpath(x) for x in expressions)


def css(*selectors: str, prefix: str = "descendant::") -> tuple[etree.XPath, ...]:
    """CSS selectors compiled once to XPaths, to be tried in order; they search below (not at)
    the context element unless `prefix` says otherwise (`self::` tests the element itself)."""
    return tuple(xpath(_CSS.css_to_xpath(s, prefix=prefix)) for s in selectors)


# --- detection -----------------------------------------------------------------------------------
def marked_or_hosted(root: etree._Element, host: str | None, markup: tuple[etree.XPath, ...],
                     hosts: re.Pattern[str], host_markup: tuple[etree.XPath, ...]) -> bool:
    """Whether a page is a platform's: markup only the platform writes, or the platform's
    hosting domain together with markup of its own (the domain alone could carry a custom
    template the platform's extractor cannot read)."""
    if any(selector(root) for selector in markup):
        return True
    return bool(hosts.search((host or "").lower())) and any(
        selector(root) for selector in host_markup)
