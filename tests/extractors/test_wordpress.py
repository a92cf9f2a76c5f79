"""WordPress extractor: hand-written fixture pages (exact values) and real corpus pages (gold)."""

from __future__ import annotations

import json
import unicodedata

import pytest

from crawler.extractors import choose_extractor, wordpress
from crawler.extractors.page import Page

# real pages with a gold file: gold/<name>.json names its page
GOLD_PAGES = (
    "dragnet_test-datafiles/models_testing",
    "l3s-gn1_comment-subset/552fe66a-bcde-47b4-bc3d-3aed14727e6e",
    "mozilla-readability_test-pages/002",
    "mozilla-readability_test-pages/firefox-nightly-blog",
    "trafilatura-eval_subset/blog.wordpress.com.diverse",
    "trafilatura-eval_subset/businessjargons.com.leadership",
    "trafilatura-eval_subset/flawlessfood.co.uk.olive",
    "trafilatura-eval_subset/grossefragen.wordpress.com.projekt",
    "trafilatura-eval_subset/statisticsglobe.com.ggplot2",
    "trafilatura-eval_subset/thenervousbreakdown.com.loneliest",
    "trafilatura-eval_subset/verfassungsblog.de.expertinnen",
    "trafilatura-eval_subset/youhadmeatgardening.com.lemon",
)
# gold snippets of the post body still found in it (the verfassungsblog body keeps the site's
# "While you are here…" appeal, which sits inside the post content)
LEAKS_ALLOWED = {"trafilatura-eval_subset/verfassungsblog.de.expertinnen": 1}
# real pages without gold: page -> (comments, pingbacks, deepest path length, a comment author)
OTHER_PAGES = {
    "postlight-parser_fixtures/fixtures/blisterreview.com.html": (22, 0, 3, "Luke Koppa"),
    "trafilatura-eval_subset/eval/elavegan.com-Peanut.html": (18, 0, 2, "Ela"),
    "trafilatura-eval_subset/cache/stackoverflow.com.rust.html": (1, 0, 1, "Jeremy Banks"),
}


def norm(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def load(path) -> tuple:
    page = Page.from_bytes(path.read_bytes())
    return page, *wordpress.extract(page)


@pytest.fixture(scope="module")
def pages(fixtures):
    return {
        name: load(fixtures / "wordpress" / f"{name}.html")
        for name in ("classic", "kubrick", "wpcom", "twentyten", "wpdiscuz")
    }


# --- detection ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["classic", "kubrick", "wpcom", "twentyten", "wpdiscuz"])
def test_detects_fixture_pages(pages, name):
    page = pages[name][0]
    assert wordpress.detect(page)
    assert choose_extractor(page) is wordpress


@pytest.mark.parametrize(
    "html, url, expected",
    [
        ("<html><body><article><h1>Hi</h1><p>Plain page.</p></article></body></html>",
         "https://example.org/hi", False),
        ("<html><body><ol class='comments'><li id='c1'>x</li></ol></body></html>", None, False),
        ("<html><head><meta name='generator' content='WordPress 4.9'></head><body><p>x</p>"
         "</body></html>", None, True),
        ("<html><body class='single postid-12'><p>x</p></body></html>", None, True),
        ("<html><body><img src='/wp-content/uploads/a.jpg'></body></html>", None, True),
        ("<html><body><p>x</p></body></html>", "https://someone.wordpress.com/2020/01/x/", True),
    ],
)
def test_detect_signals(html, url, expected):
    assert wordpress.detect(Page(html, url=url)) is expected


# --- classic (twenty-* themes) -----------------------------------------------------------------


def test_classic_post(pages):
    _, post, _ = pages["classic"]
    assert post.title == "Planting Tomatoes in Clay Soil"
    assert post.author == "Marta Lindqvist"
    assert post.published_raw == "2023-05-14T08:30:00+02:00"
    assert post.tags == ["Vegetables", "clay", "tomatoes"]
    assert post.body_text == (
        "Clay holds water and nutrients well, but it drains slowly and packs down hard in summer."
        "\n\nLoosen the bed first\n\n"
        "Work two inches of compost into the top foot of soil before you plant anything.\n\n"
        "Water deeply once a week rather than a little every day."
    )
    for chrome in ("sharedaddy", "jp-relatedposts", "Like this", "Jump to Recipe"):
        assert chrome not in post.body_html


def test_classic_thread(pages):
    _, _, comments = pages["classic"]
    assert [(c.path, c.source_id, c.parent_source_id, c.kind) for c in comments] == [
        ("1", "1001", None, "comment"),
        ("1.1", "1004", "1001", "comment"),
        ("1.1.1", "1007", "1004", "comment"),
        ("2", "1010", None, "comment"),
        ("3", "1012", None, "pingback"),
    ]
    assert [c.author for c in comments[:4]] == [
        "Joe Baxter", "Marta Lindqvist", "Priya", "Sam O\u2019Neill"
    ]
    assert comments[0].author_url == "https://gardenjoe.example.net"
    assert comments[2].posted_raw == "2023-05-17T21:40:00+02:00"


def test_classic_comment_bodies_are_only_the_words(pages):
    _, _, comments = pages["classic"]
    assert comments[0].body_text == "Gypsum did nothing for my clay.\n\nCompost every autumn did."
    assert comments[1].body_text == "Same here, Joe. Patience is the real amendment."
    assert comments[3].body_text == "Raised beds solved it for me."
    assert "wprm" not in comments[0].body_html
    assert "<p>Gypsum did nothing for my clay.</p>" in comments[0].body_html
    for comment in comments:
        for chrome in ("Reply", "says:", "Edit", "awaiting moderation", "\u2605"):
            assert chrome not in comment.body_text


def test_pingback_is_marked_and_named(pages):
    ping = pages["classic"][2][-1]
    assert ping.kind == "pingback"
    assert ping.author == "Ten fixes for clay soil \u2013 Other Blog"
    assert ping.body_text == "Ten fixes for clay soil \u2013 Other Blog"


# --- Kubrick-era default theme -------------------------------------------------------------------


def test_kubrick_post(pages):
    _, post, _ = pages["kubrick"]
    assert post.title == "Town Council Delays Bridge Vote"
    assert post.author == "Dana Holt"
    assert post.published_raw == "January 9th, 2008"
    assert post.tags == ["Town"]
    assert post.body_text == (
        "The council postponed its vote on the Elm Street bridge until February.\n\n"
        "Engineers asked for two more weeks to review the load tests."
    )


def test_kubrick_comments_without_body_container(pages):
    _, _, comments = pages["kubrick"]
    assert [(c.path, c.source_id, c.kind, c.author) for c in comments] == [
        ("1", "52", "comment", "Walt"),
        ("2", "57", "comment", "Rosa M."),
        ("3", "60", "trackback", "Valley Blog \u00bb Bridge again"),
    ]
    assert comments[0].posted_raw == "January 10th, 2008 at 4:39 pm"
    assert comments[0].body_text == (
        "Two more weeks means the spring detour starts late again.\n\n"
        "Somebody should ask about the ferry."
    )
    assert comments[1].body_text == "The load tests were due in November."


# --- WordPress.com -------------------------------------------------------------------------------


def test_wpcom_post_skips_subtitle_block(pages):
    _, post, _ = pages["wpcom"]
    assert post.title == "Ten Years of Night Sketching"
    assert post.author == "Lena Ortiz"
    assert post.published_raw == "2019-06-19T19:38:08+00:00"
    assert post.tags == ["Drawing", "Habits"]
    assert post.body_text.startswith("I started sketching at night")
    assert post.body_text.endswith("every night for a week.")
    assert "Share this" not in post.body_text


def test_wpcom_comments_drop_like_widgets(pages):
    _, _, comments = pages["wpcom"]
    assert [(c.path, c.parent_source_id, c.author, c.posted_raw) for c in comments] == [
        ("1", None, "Tom K.", "Jun 20th at 2:41 am"),
        ("1.1", "9001", "Lena Ortiz", "Jun 20th at 12:50 pm"),
        ("2", None, "Nia (@nia_draws)", "Jun 21st at 7:29 am"),
    ]
    assert comments[0].body_text == "Do you ever draw from photos when it rains?"
    assert comments[1].body_text == "Never. Rainy nights are for the window view."
    assert "Liked by" not in comments[0].body_html


# --- li-comment-N wrappers (Twenty Ten), German labels ----------------------------------------


def test_inner_comment_ids_are_not_counted_twice(pages):
    _, post, comments = pages["twentyten"]
    assert [(c.path, c.source_id, c.parent_source_id) for c in comments] == [
        ("1", "3301", None),
        ("1.1", "3305", "3301"),
        ("2", "3310", None),
    ]
    assert [c.author for c in comments] == ["Leseratte-12", "B\u00fccherwurm", "Herr Ober"]
    assert [c.posted_raw for c in comments] == [
        "29. Mai 2019 um 11:06", "11. Juni 2019 um 19:07", "2. Juni 2019 um 08:15"
    ]
    assert comments[0].body_text == "Endlich! Donnerstags komme ich sonst nie hin."
    assert post.title == "Stadtbibliothek verl\u00e4ngert \u00d6ffnungszeiten"
    assert post.author == "Jana Kr\u00fcger"
    assert post.tags == ["Stadt", "Bibliothek"]
    assert "verschlagwortet" not in post.body_text


# --- wpDiscuz -------------------------------------------------------------------------------------


def test_wpdiscuz_thread(pages):
    _, post, comments = pages["wpdiscuz"]
    assert post.title == "Best Budget Headphones of 2021"
    assert [(c.path, c.source_id, c.parent_source_id, c.author, c.posted_raw)
            for c in comments] == [
        ("1", "501", None, "Kofi", "March 3, 2021 9:45 am"),
        ("1.1", "507", "501", "Editor Mia", "March 4, 2021 10:02 am"),
        ("2", "512", None, "Ana", "March 6, 2021 6:30 pm"),
    ]
    assert [c.body_text for c in comments] == [
        "Did you try any with a detachable cable?",
        "Three of them, see the table.",
        "Bought the winner, no regrets.",
    ]


# --- real pages -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def gold_runs(corpus):
    runs = {}
    for name in GOLD_PAGES:
        gold = json.loads((corpus / "gold" / f"{name}.json").read_text(encoding="utf-8"))
        page = Page.from_bytes((corpus / gold["page"]).read_bytes(), gold.get("url"))
        runs[name] = (gold, page, *wordpress.extract(page))
    return runs


@pytest.mark.parametrize("name", GOLD_PAGES)
def test_gold_thread(gold_runs, name):
    gold, page, _, comments = gold_runs[name]
    assert wordpress.detect(page)
    real = [c for c in comments if c.kind == "comment"]
    assert len(real) == gold["comments"]["count"]
    assert sum(1 for c in real if "." not in c.path) == gold["comments"]["top_level"]
    assert max(c.path.count(".") for c in real) == gold["comments"]["max_depth"]
    by_path = {c.path: c for c in comments}
    for sample in gold["comments"]["samples"]:
        snippet = norm(sample["text_includes"])
        match = next((c for c in real if snippet in norm(c.body_text)), None)
        assert match is not None, snippet
        assert norm(match.author) == norm(sample["author"]), snippet
        parent = by_path.get(match.parent_path) if match.parent_path else None
        if sample["parent_text_includes"] is None:
            assert parent is None, snippet
        else:
            assert parent is not None and norm(sample["parent_text_includes"]) in norm(
                parent.body_text
            ), snippet
            assert match.parent_source_id == parent.source_id


@pytest.mark.parametrize("name", GOLD_PAGES)
def test_gold_post(gold_runs, name):
    gold, _, post, _ = gold_runs[name]
    body = norm(post.body_text)
    missing = [s for s in gold["post"]["body_includes"] if norm(s) not in body]
    leaked = [s for s in gold["post"]["body_excludes"] if norm(s) in body]
    assert missing == []
    assert len(leaked) <= LEAKS_ALLOWED.get(name, 0), leaked
    assert norm(post.title) == norm(gold["post"]["title"])


@pytest.mark.parametrize("name", GOLD_PAGES)
def test_gold_comments_have_times(gold_runs, name):
    """Every comment keeps a raw time; the gold's local date is in it when it is ISO."""
    gold, _, _, comments = gold_runs[name]
    assert all(c.posted_raw for c in comments)
    for sample in gold["comments"]["samples"]:
        match = next(c for c in comments if norm(sample["text_includes"]) in norm(c.body_text))
        if match.posted_raw[:4].isdigit():
            assert match.posted_raw.startswith(sample["posted"]), sample["text_includes"]


@pytest.mark.parametrize("path", sorted(OTHER_PAGES))
def test_other_real_pages(corpus, path):
    count, pings, deepest, author = OTHER_PAGES[path]
    page, post, comments = load(corpus / path)
    assert wordpress.detect(page)
    assert sum(c.kind == "comment" for c in comments) == count
    assert sum(c.kind != "comment" for c in comments) == pings
    assert max(len(c.path.split(".")) for c in comments) == deepest
    assert author in {c.author for c in comments}
    assert all(c.body_text and c.source_id for c in comments)
    for comment in comments:
        assert "Reply" not in comment.body_text
        assert "wprm" not in (comment.body_html or "")
    assert post.title and len(post.body_text) > 1000
    assert "Jump to Recipe" not in post.body_text


def test_flat_list_nests_by_depth_classes():
    """Markup whose replies are siblings (broken nesting) still threads by `depth-N`."""
    html = (
        "<html><body class='single-post postid-3'><ol class='commentlist'>"
        "<li class='comment depth-1' id='comment-1'><cite class='fn'>A</cite>"
        "<div class='comment-content'><p>first</p></div></li>"
        "<li class='comment depth-2' id='comment-2'><cite class='fn'>B</cite>"
        "<div class='comment-content'><p>reply</p></div></li>"
        "<li class='comment depth-1' id='comment-3'><cite class='fn'>C</cite>"
        "<div class='comment-content'><p>second</p></div></li>"
        "</ol></body></html>"
    )
    _, comments = wordpress.extract(Page(html))
    assert [(c.path, c.source_id, c.parent_source_id, c.author, c.body_text)
            for c in comments] == [
        ("1", "1", None, "A", "first"),
        ("1.1", "2", "1", "B", "reply"),
        ("2", "3", None, "C", "second"),
    ]


# --- article furniture in the body -------------------------------------------------------------


def test_body_drops_article_furniture(fixtures):
    _, post, _ = load(fixtures / "wordpress" / "furniture.html")
    assert post.body_text == (
        "The ferry between the two landings carried passengers again on Monday after eleven"
        " years in dry dock.\n\n"
        "Our sketch of the crossing, drawn from the old timetable.\n\n"
        "The council paid for a new engine, and volunteers from the rowing club repainted the"
        " hull.\n\n"
        "Story continues below gallery\n\n"
        "Tickets cost two dollars, and children under twelve ride free all summer.\n\n"
        "Weekdays 7 am to 7 pm\n\n"
        "Timetable for the summer season"
    )
    # gone: the byline, credited photos, the gallery, the most-read rail, the appeal, the tags
    for chrome in ("Ines Marlow", "Credit: Tom Aske", "Getty Images", "1 of 3", "The engine room",
                   "Most read", "Bakery", "While you are here", "supporting our work",
                   "Town Council"):
        assert chrome not in post.body_text
        assert chrome not in post.body_html


# --- where the thread is not ----------------------------------------------------------------


def test_recent_comments_widget_and_reply_links_are_not_the_thread(corpus):
    """SciLogs: a "Recent comments" sidebar widget repeats the thread's markup, and the reply
    link ("Antworten") is the first permalink-like link of each comment's meta list."""
    _, _, comments = load(corpus / "adbar_trafilatura/tests/cache/spektrum.de.engelbart.html")
    assert len(comments) == 54
    assert all(any(ch.isdigit() for ch in c.posted_raw) for c in comments)
    assert comments[0].posted_raw == "8. April 2019 @ 11:38"


def test_a_thread_inside_an_aside_is_still_the_thread():
    html = (
        "<html><body class='single-post postid-3'><article><p>Post.</p></article>"
        "<aside class='comments'><ol class='commentlist'>"
        "<li class='comment depth-1' id='comment-1'><cite class='fn'>A</cite>"
        "<div class='comment-content'><p>first</p></div></li></ol></aside></body></html>"
    )
    _, comments = wordpress.extract(Page(html))
    assert [c.author for c in comments] == ["A"]


def test_a_short_generically_named_block_is_not_the_body_when_paragraphs_say_more():
    """A custom theme with no post classes: the only "body" selector that matches is a header's
    tagline cell (`td.text`); the post is the run of paragraphs elsewhere."""
    words = " ".join(f"word{n}" for n in range(60))
    html = (
        "<html><head><meta name='generator' content='WordPress 3.4'></head><body>"
        "<div id='header'><table><tr><td class='text'>Reinventing the art of networking, "
        "with a dose of adventure.</td></tr></table></div>"
        "<div id='entries'><h2>When the problem is you</h2><div class='description'>"
        + "".join(f"<p>Paragraph {n}: {words}.</p>" for n in range(4))
        + "</div></div></body></html>"
    )
    post, _ = wordpress.extract(Page(html))
    assert post.body_text.startswith("Paragraph 0: word0")
    assert "Reinventing" not in post.body_text


def test_comment_html_of_a_tree_deeper_than_python_recurses():
    """A comment body's HTML with its widgets left out, however deep the widget sits."""
    import sys

    from tests.conftest import nested_divs

    depth = 3 * sys.getrecursionlimit()
    top = nested_divs(depth, "<p>deep words</p><div class='sharedaddy'>Share</div>tail")
    widget = next(el for el in top.iter("div") if el.get("class") == "sharedaddy")
    html = wordpress._html(top, {widget}, outer=True)
    assert "<p>deep words</p>tail</div>" in html and "Share" not in html
    assert html.count("<div>") == html.count("</div>") == depth + 1
