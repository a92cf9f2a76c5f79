"""Small questions about where an element sits, shared by the platform extractors and the
structural comment finder (how their selectors are written is `crawler.extractors.selectors`)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Sequence

from lxml import etree

from crawler.extractors.selectors import xpath

# an empty named anchor (`<a name="comment-12"></a>`): a link's target, not an element of the page
EMPTY_ANCHOR = xpath("self::a[(@name or @id) and not(normalize-space())]")


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
        for selector in xpaths:
            for found in selector(el):
                owner = next((a for a in found.iterancestors() if a in members), None)
                if owner is el:
                    return found
        return None

    return find


def common_ancestor(elements: Sequence[etree._Element]) -> etree._Element | None:
    """The nearest element holding all of `elements`: the first one's parent, or above it."""
    root = elements[0].getparent()
    for el in elements[1:]:
        while root is not None and not is_inside(el, root):
            root = root.getparent()
    return root


def document_order(root: etree._Element) -> Callable[[etree._Element], int]:
    """A sort key: an element's place below `root` in document order (-1 outside it)."""
    order = {el: i for i, el in enumerate(root.iter())}
    return lambda el: order.get(el, -1)


def holders_of(el: etree._Element, inner: Iterable[etree._Element]) -> set[etree._Element]:
    """The elements of `el` that hold one of the `inner` elements (below `el`)."""
    found: set = set()
    for node in inner:
        for ancestor in node.iterancestors():
            if ancestor is el or ancestor in found:
                break
            found.add(ancestor)
    return found


def own_elements(
    el: etree._Element, nested_set: Collection[etree._Element], tags: Collection[str] | None = None
) -> Iterator[etree._Element]:
    """The elements below `el` outside its nested replies (of `tags` only, where given), in
    document order: a walk that does not enter a reply, where there are replies."""
    if not nested_set:
        yield from el.iterdescendants(*tags) if tags else el.iterdescendants(etree.Element)
        return
    stack = list(reversed(el))
    while stack:
        node = stack.pop()
        if not isinstance(node.tag, str) or node in nested_set:
            continue
        if tags is None or node.tag in tags:
            yield node
        stack.extend(reversed(node))


def ancestors_below(node: etree._Element, top: etree._Element) -> Iterator[etree._Element]:
    """The ancestors of `node` below `top`, nearest first (all of them where `top` is none)."""
    for ancestor in node.iterancestors():
        if ancestor is top:
            return
        yield ancestor


def previous_element(node: etree._Element) -> etree._Element | None:
    """The element before `node`, passing over HTML comments, `<br>` and empty anchors."""
    for sibling in node.itersiblings(preceding=True):
        if not isinstance(sibling.tag, str) or sibling.tag == "br" or EMPTY_ANCHOR(sibling):
            continue
        return sibling
    return None
