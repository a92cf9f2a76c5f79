"""Small questions about where an element sits, shared by the platform extractors (how their
selectors are written is `crawler.extractors.selectors`)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable

from lxml import etree


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
