"""Small questions about where an element sits, shared by the platform extractors, and the
class-token test their selectors are written with."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable

from lxml import etree


def has_class(name: str) -> str:
    """XPath predicate: the element has the class token `name`.

    The plain substring test comes first: libxml2 stops there for almost every element, and the
    token test (normalize-space, concat) runs only where the name occurs at all (it must, for the
    token to be there). As cssselect writes `.name`; the token test alone made class selectors
    over a whole page several times slower.
    """
    token = f"contains(concat(' ',normalize-space(@class),' '),' {name} ')"
    return f"(contains(@class,'{name}') and {token})"


def is_inside(el: etree._Element, ancestor: etree._Element) -> bool:
    """Whether `ancestor` is one of `el`'s ancestors (identity, not equality)."""
    return any(a is ancestor for a in el.iterancestors())


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
