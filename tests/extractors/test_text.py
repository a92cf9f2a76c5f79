import sys

import lxml.html
import pytest

from crawler.extractors.text import (
    block_text,
    collapse,
    field_lines,
    inner_html,
    paths_from_depths,
)
from tests.conftest import nested_divs


def el(html: str):
    return lxml.html.fragment_fromstring(html, create_parent="div")


def test_paragraphs_and_line_breaks():
    node = el("<p>One\n  two</p><p>Three<br>four</p><ul><li>a</li><li>b</li></ul>")
    assert block_text(node) == "One two\n\nThree\nfour\n\na\n\nb"


def test_source_newlines_are_spaces_but_pre_keeps_them():
    node = el("<p>Fun fact:\nvanilla</p><pre>line 1\nline 2</pre>")
    assert block_text(node) == "Fun fact: vanilla\n\nline 1\nline 2"


def test_skip_leaves_out_subtrees_but_keeps_their_tail():
    node = el("<p>Mine <span class='reply'>Reply</span>and more</p><div class='child'>no</div>")
    skipped = set(node.xpath(".//span | .//div[@class='child']"))
    assert block_text(node, skip=skipped) == "Mine and more"
    assert block_text(node, skip=lambda e: e.get("class") == "child") == "Mine Replyand more"


def test_every_kind_of_space_collapses_and_blank_lines_merge():
    # no-break, thin, ideographic, zero-width, separator spaces; empty blocks leave no extra lines
    node = el("<p>a\u00a0\u2009b\u3000c\u200bd\u2028e\x0bf</p><div> <p>\u00a0</p> </div>"
              "<p>  g  <br> \u200b <br>h</p><table><tr><td>i</td><td>j</td></tr></table>")
    assert block_text(node) == "a b c d e f\n\ng\n\nh\n\ni j"


def test_text_of_a_tree_deeper_than_python_recurses():
    depth = 3 * sys.getrecursionlimit()
    top = nested_divs(depth, "<p>The deepest <b>words</b></p><pre>kept\nas is</pre><span>x</span>")
    next(top.iter("p")).getparent().tail = "climbing out"
    assert block_text(top) == "The deepest words\n\nkept\nas is\n\nx\n\nclimbing out"
    assert block_text(top, skip=set(top.iter("span"))) == (
        "The deepest words\n\nkept\nas is\n\nclimbing out")


@pytest.mark.parametrize("html,lines", [
    # elements meeting with no space between are fields apart; with a space, one text
    ('<p>by <a>Lucas Nolan</a><span>22 Dec 2016</span><a>651</a></p>',
     ["by Lucas Nolan | 22 Dec 2016 | 651"]),
    ("<p>By <b>Jane</b> Doe, <i>Staff</i></p>", ["By Jane Doe, Staff"]),
    # a line break or a block ends a line; a source line break is a space
    ("<p>By\n<a>X</a><br>Published\nMay 2</p>", ["By X", "Published May 2"]),
    ("<div><span></span>Jane<p>x</p>y</div>", ["Jane", "x", "y"]),
    # a comment inside a word breaks nothing; an empty element between texts does
    ("<p>Nol<!-- c -->an<i></i>May</p>", ["Nolan | May"]),
])
def test_field_lines(html, lines):
    assert field_lines(el(html)) == lines


def test_field_lines_of_a_tree_deeper_than_python_recurses():
    top = nested_divs(3 * sys.getrecursionlimit(), "<span>By</span><a>X</a>")
    assert field_lines(top) == ["By | X"]


def test_inner_html_skips_direct_children():
    node = el("<p>keep</p><div>drop</div>tail")
    assert inner_html(node, skip=[node[1]]) == "<p>keep</p>tail"


def test_collapse():
    assert collapse("  a \u00a0 b\n c ") == "a b c"
    assert collapse(None) == ""


@pytest.mark.parametrize(
    "depths,paths",
    [
        ([0, 1, 2, 1, 0], ["1", "1.1", "1.1.1", "1.2", "2"]),
        ([0, 0, 0], ["1", "2", "3"]),
        ([0, 2, 0], ["1", "1.1", "2"]),  # a skipped level is clamped
        ([1, 0], ["1", "2"]),  # a first comment cannot be a reply
        ([], []),
    ],
)
def test_paths_from_depths(depths, paths):
    assert paths_from_depths(depths) == paths
