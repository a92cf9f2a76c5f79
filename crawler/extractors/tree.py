"""Small questions about where an element sits, shared by the platform extractors, and the
class-token test their selectors are written with."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable

from lxml import etree

# how a class selector's `normalize-space` splits the attribute: XML white space only
CLASS_SEPARATORS = re.compile(r"[ \t\n\r]+")


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


def is_inside(el: etree._Element, ancestor: etree._Element) -> bool:
    """Whether `ancestor` is one of `el`'s ancestors (identity, not equality).

    The climb stops at `ancestor`'s parent, above which `ancestor` cannot be met: the elements
    asked about are usually near each other, and a climb to the root of a deep thread is not.
    """
    above = ancestor.getparent()
    for a in el.iterancestors():
        if a is ancestor:
            return True
        if a is above:
            return False
    return False


def own_finder(
    el: etree._Element, members: Collection[etree._Element]
) -> Callable[[Iterable[etree.XPath]], etree._Element | None]:
    """A finder of the first match of some selectors that belongs to `el` itself.

    `members` are all the comment elements of the page: a match whose nearest comment ancestor is
    another comment (a nested reply) is not `el`'s own.
    """

    def find(xpaths: Iterable[etree.XPath]) -> etree._Element | None:
        for xpath in xpaths:
            for found in xpath(el):
                owner = next((a for a in found.iterancestors() if a in members), None)
                if owner is el:
                    return found
        return None

    return find
