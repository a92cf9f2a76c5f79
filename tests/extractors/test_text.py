import lxml.html
import pytest

from crawler.extractors.text import block_text, collapse, inner_html, paths_from_depths


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
