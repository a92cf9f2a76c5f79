"""Depth: pages nested deeper than the parser follows are flattened, text and shape kept."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse

from crawler.extractors.depth import MAX_DEPTH, WRAPPER_DEPTH, flattened, too_deep

ARTICLE = ('<article class="post"><h1>Title</h1><ul><li><em>one</em></li><li>two</li></ul>'
           '<table><tr><td>cell</td></tr></table>'
           '<div class="quote"><div><p>inner</p></div></div></article>')


def tree(html: str):
    return HtmlResponse("https://example.org/", body=html.encode()).selector.root


def depth(root) -> int:
    return max(sum(1 for _ in el.iterancestors()) for el in root.iter())


def words(root) -> list[str]:
    return " ".join(root.itertext()).split()


def page(inside: str) -> str:
    return f"<html><head><title>t</title></head><body>{inside}<p>after</p></body></html>"


def test_libxml2_drops_what_follows_a_page_nested_too_deep():
    """Why flattening is needed at all: the rest of the page is gone, not just the deep part."""
    root = tree(page("<div>" * 5000 + "deep" + "</div>" * 5000))
    assert too_deep(root) and "after" not in words(root)


def test_a_run_of_bare_wrappers_is_unwrapped_and_what_it_wraps_keeps_its_shape():
    html = page("<div>" * 5000 + ARTICLE + "</div>" * 5000)
    root = tree(flattened(html))
    assert not too_deep(root) and depth(root) < WRAPPER_DEPTH + 12
    assert words(root) == words(tree(page(ARTICLE)))
    article = root.find(".//article")
    shallow = tree(page(ARTICLE)).find(".//article")
    assert [el.tag for el in article.iter()] == [el.tag for el in shallow.iter()]


def test_nesting_that_is_not_a_run_of_wrappers_loses_its_tags_past_the_limit_not_its_text():
    html = page("".join(f'<div class="c{n}">{n} ' for n in range(3000)) + "</div>" * 3000)
    root = tree(flattened(html))
    assert depth(root) <= MAX_DEPTH + 1
    assert words(root) == ["t", *map(str, range(3000)), "after"]


@pytest.mark.parametrize("inside", [
    "<script>if (a<b) { document.write('<div><div><div>') }</script>" + "<div>" * 300 + "x",
    "<!-- <div><div> -->" + "<div>" * 300 + "x" + "</div>" * 300,
    "<p>a<p>b" * 200 + "<div>" * 300 + "x",  # paragraphs close each other
])
def test_what_is_not_markup_is_left_as_it_is(inside):
    flat = flattened(page(inside))
    assert "<div><div><div>')" in flat or "<script>" not in inside
    assert "<!-- <div><div> -->" in flat or "<!--" not in inside
    assert not too_deep(tree(flat)) and "after" in words(tree(flat))


def test_no_corpus_page_is_too_deep(corpus):
    pages = sorted(p for p in corpus.rglob("*") if p.suffix in (".html", ".htm"))
    assert pages
    assert not [p for p in pages if too_deep(tree(p.read_bytes().decode("utf-8", "replace")))]
