"""Daily Kos extractor: the reference diary against its gold, and hand-written variants.

No saved Daily Kos page exists in the corpus: `fixtures/dailykos/diary-with-comments.html`
rebuilds `shared/reference/diary-with-comments.txt` (its visible text, line for line) in DK4-style
markup and is scored against `corpus/gold/reference/diary-with-comments.json`;
`archived-copy.html` is a class-less web-archive copy (nesting by `<blockquote>`, one comment in
loose inline text), `deep-thread.html` a Scoop-era thread nested seven replies deep.
"""

from __future__ import annotations

import json
import unicodedata

import pytest

from crawler.dates import parse_time
from crawler.extractors import choose_extractor, dailykos, extract_thread
from crawler.extractors.chrome import DAILYKOS_CHROME, DAILYKOS_TAG_HELP
from crawler.extractors.page import Page
from crawler.extractors.text import block_text, collapse
from pipelines.chrome import compile_chrome
from pipelines.normalize import split_tips

# fixture page -> gold file (under corpus/gold) it is scored against
GOLD_PAGES = {"diary-with-comments.html": "reference/diary-with-comments.json"}
FIXTURES = ("diary-with-comments.html", "archived-copy.html", "deep-thread.html")
# UI chrome no body may contain: the chrome vocabulary, and the page's labels and their kin
CHROME_LINES = (
    *(line.text for line in (*DAILYKOS_CHROME, *DAILYKOS_TAG_HELP)),
    "Recommended by:",
    "[ Parent ]",
    "Originally posted to",
    "Email this diary",
    "The Wayback Machine",
)
# corpus pages of other platforms: never taken for Daily Kos
NOT_DAILYKOS = (
    "dragnet_test-datafiles/models_testing.html",
    "goose3_huffingtonpost/test_testHuffingtonPost.html",
    "mozilla-readability_test-pages/002/source.html",
    "trafilatura-eval_subset/cache/blog.wordpress.com.diverse.html",
    "trafilatura-eval_subset/eval/verfassungsblog.de.expertinnen.html",
    "postlight-parser_fixtures/fixtures/www.reddit.com--title-only.html",
    "l3s-gn1_comment-subset/original/2fe54bd6-12b9-470c-984b-624a37fee3cc.html",
)


def norm(text: str | None) -> str:
    return unicodedata.normalize("NFC", collapse(text or ""))


def tips(raw: str | None) -> list[int | None]:
    return list(split_tips(raw))


def load(fixtures, name: str, url: str | None = None) -> Page:
    return Page((fixtures / "dailykos" / name).read_text(encoding="utf-8"), url=url)


@pytest.fixture(scope="module")
def extracted(fixtures):
    return {name: dailykos.extract(load(fixtures, name)) for name in FIXTURES}


@pytest.fixture(scope="module")
def gold(corpus):
    return {page: json.loads((corpus / "gold" / path).read_text()) for page, path in
            GOLD_PAGES.items()}


def parent_of(comments, comment):
    by_path = {c.path: c for c in comments}
    return by_path.get(comment.parent_path) if comment.parent_path else None


# --- the reference diary against its gold -------------------------------------------------------
@pytest.mark.parametrize("page", GOLD_PAGES)
def test_thread_shape_matches_gold(page, extracted, gold):
    _, comments = extracted[page]
    expected = gold[page]["comments"]
    assert len(comments) == expected["count"]
    assert sum(1 for c in comments if c.parent_path is None) == expected["top_level"]
    assert max(c.path.count(".") for c in comments) == expected["max_depth"]
    assert all(c.kind == "comment" for c in comments)


@pytest.mark.parametrize("page", GOLD_PAGES)
def test_gold_samples(page, extracted, gold):
    _, comments = extracted[page]
    for sample in gold[page]["comments"]["samples"]:
        hits = [c for c in comments if norm(sample["text_includes"]) in norm(c.body_text)]
        assert len(hits) == 1, sample["text_includes"]
        comment = hits[0]
        assert comment.title == sample["title"]
        assert tips(comment.tips_raw) == sample["tips"]
        assert comment.tips_raw == "({}+ / {}-)".format(*sample["tips"])
        assert comment.recommenders == sample["recommended_by"]
        assert comment.signature == sample["signature"]
        assert comment.author == sample["author"]
        parsed = parse_time(comment.posted_raw)
        posted = parsed.local_date.isoformat() if parsed else None
        assert posted == sample["posted"]
        parent = parent_of(comments, comment)
        if sample["parent_text_includes"] is None:
            assert parent is None
        else:
            assert norm(sample["parent_text_includes"]) in norm(parent.body_text)


@pytest.mark.parametrize("page", GOLD_PAGES)
def test_every_comment_matches_gold(page, extracted, gold):
    """All 31 comments in thread order: title, author, exact time with offset, tips, recommenders,
    parent."""
    _, comments = extracted[page]
    expected = gold[page]["comments_all"]
    assert len(comments) == len(expected)
    index = {c.path: i for i, c in enumerate(comments)}
    for comment, want in zip(comments, expected, strict=True):
        assert comment.title == want["title"]
        assert comment.author == want["author"]
        parsed = parse_time(comment.posted_raw)
        assert (parsed.local.isoformat() if parsed else None) == want["posted"]
        assert tips(comment.tips_raw) == want["tips"]
        assert comment.recommenders == want["recommended_by"]
        assert index.get(comment.parent_path) == want["parent_index"]
        # no byline, no signature: the last paragraph stays in the body
        if want["author"] is None:
            assert comment.signature is None


@pytest.mark.parametrize("page", GOLD_PAGES)
def test_post_matches_gold(page, extracted, gold):
    post, comments = extracted[page]
    expected = gold[page]["post"]
    assert post.title == expected["title"]
    assert post.author == expected["author"]
    assert parse_time(post.published_raw).local_date.isoformat() == expected["published"]
    assert post.published_raw == "Mon Mar 31, 2008 at 09:51 AM PDT"
    body = norm(post.body_text)
    for snippet in expected["body_includes"]:
        assert norm(snippet) in body
    for snippet in expected["body_excludes"]:
        assert norm(snippet) not in body
    # the chrome lines among the excludes (not comment text) are in no comment either
    sample_texts = [s["text_includes"] for s in gold[page]["comments"]["samples"]]
    chrome = [x for x in expected["body_excludes"] if not any(x in t for t in sample_texts)]
    assert chrome
    for comment in comments:
        for line in chrome:
            assert norm(line) not in norm(comment.body_text), (comment.path, line)


@pytest.mark.parametrize("page", GOLD_PAGES)
def test_reference_fixture_reproduces_the_reference_text(page, fixtures, corpus):
    """The fixture's visible text is the reference page's, line for line (bullets aside)."""
    reference = corpus.parent / "reference" / "diary-with-comments.txt"
    if not reference.exists():
        pytest.skip(f"{reference} not found: cannot compare the fixture with its source")
    tree = load(fixtures, page).tree
    shown = [collapse(line) for line in block_text(tree.find("body")).split("\n")]
    wanted = [collapse(line.replace("•", "")) for line in reference.read_text().splitlines()]
    assert [x for x in shown if x] == [x for x in wanted if x]


# --- exact values on the reference fixture -------------------------------------------------------
def test_reference_ids_parents_and_bodies(extracted):
    post, comments = extracted["diary-with-comments.html"]
    assert [c.path for c in comments[:9]] == [
        "1", "1.1", "1.1.1", "1.1.2", "1.1.3", "1.1.3.1", "1.1.3.1.1", "1.1.3.1.1.1", "1.2",
    ]
    assert [c.source_id for c in comments[:4]] == ["4", "5", "6", "8"]
    for comment in comments:
        parent = parent_of(comments, comment)
        assert comment.parent_source_id == (parent.source_id if parent else None)
    first = comments[1]
    assert first.body_text == (
        "The quoted sentence could use some modification.\n\n"
        "But the biggest message is this - Iran doesn't want civil war in Iraq any more than we "
        "do, and they are actively working against the US narrative to define them as aggressors "
        "in this conflict.\n\n"
        "Cheney encouraged the attack by Malicki on Sadr's forces. We did not want peace.\n\n"
        "Iran wanted peace in this situation."
    )
    assert "<blockquote>" in first.body_html and "planet" not in first.body_html
    assert first.author_url == "/user/FishOutofWater"
    no_byline = next(c for c in comments if c.title == "it")
    assert no_byline.body_text == "it also shows who is really in control in Iraq, hint it aint us."
    assert (no_byline.author, no_byline.posted_raw, no_byline.signature) == (None, None, None)
    two_lines = next(c for c in comments if c.author == "DFutureIsNow")
    assert two_lines.body_text == "Dont trust him to end the fighting."
    assert post.tags == [] and post.groups == []
    assert post.body_text.startswith("Just passing on the news")
    assert post.body_text.endswith("Minor update - here's the direct link to the CNN story")


# --- a class-less archived copy ------------------------------------------------------------------
ARCHIVED = [
    # path, source_id, parent_source_id, title, tips_raw, author, posted_raw, recommenders,
    # signature, body_text
    ("1", "201", None, "Great turnout in Story County", "(12+ / 1-)", "gamma",
     "Sat Apr 12, 2008 at 04:31:09 PM CDT", ["alpha", "beta two"], "Organize, don't agonize.",
     "We had three hundred people in a gym built for two hundred.\n\n"
     "The fire marshal was not amused."),
    ("1.1", "202", "201", "Same here", "(3+ / 0-)", None, None, [], None,
     "Ours ran out of chairs by nine.\n\nNobody left, though."),
    ("1.1.1", "205", "202", "Chairs are overrated", "(1+ / 0-)", "delta",
     "Sat Apr 12, 2008 at 05:02:44 PM CDT", [], None, "Standing keeps the speeches short."),
    ("1.2", "203", "201", "Precinct math", "(2+ / 0-)", "epsilon",
     "Sat Apr 12, 2008 at 04:48:00 PM CDT", [], "Count every vote.",
     "Viability was fifteen percent in our precinct.\nWe needed six more people."),
    ("2", "204", None, "Bake sale", "(7+ / 0-)", "zeta", "Sat Apr 12, 2008 at 04:40:15 PM CDT",
     [], None, "The lemon bars were gone by ten. Priorities."),
    ("3", "210", None, "Quoting the tally", "(0+ / 0-)", None, None, [], None,
     "Somebody upthread wrote that the vote went (5+ / 0-) in their favour, which is not how "
     "caucuses work.\n\nAnyway, congratulations to all the new delegates."),
]


def fields(comment):
    return (
        comment.path, comment.source_id, comment.parent_source_id, comment.title,
        comment.tips_raw, comment.author, comment.posted_raw, comment.recommenders,
        comment.signature, comment.body_text,
    )


def test_archived_copy_comments(extracted):
    _, comments = extracted["archived-copy.html"]
    assert [fields(c) for c in comments] == ARCHIVED


def test_archived_copy_post(extracted):
    post, _ = extracted["archived-copy.html"]
    assert post.title == "Notes from the county convention"
    assert post.author == "prairiefire"
    assert post.published_raw == "Sat Apr 12, 2008 at 04:05 PM CDT"
    assert post.groups == ["Kossacks for Rural America", "Iowa Progressives"]
    assert post.tags == ["Iowa", "conventions", "delegates"]
    assert post.body_text == (
        "Spent the whole of Saturday in a middle-school gym with four hundred Democrats and one "
        "working microphone.\n\n"
        "The short version: delegates were chosen, nobody fainted, and the bake sale outsold the "
        "t-shirt table.\n\n"
        "\"Viability is a number, not a feeling,\" the chair said, twice.\n\n"
        "Longer notes below, corrections welcome in the comments."
    )


# --- a deeper Scoop-era thread -------------------------------------------------------------------
DEEP = [
    ("1", "1", None, "Tip jar", "(120+ / 3-)", "tidewater", "Sun Jun 14, 2009 at 06:15:02 PM PDT",
     ["marsh hen", "oyster", "kelp"], "Keep your boots by the door.",
     "Thanks for reading. Tips and corrections here."),
    ("1.1", "3", "1", "Which streets?", "(14+ / 0-)", "oyster",
     "Sun Jun 14, 2009 at 06:20:41 PM PDT", [], None, "Is Water Street inside the new line?"),
    ("1.1.1", "4", "3", "Yes, and Front Street", "(9+ / 0-)", "tidewater",
     "2009-06-14T18:25:10-07:00", [], None,
     "Both of them, from the ferry landing to the church.\n\nThe old line stopped at the seawall."),
    ("1.1.1.1", "6", "4", "That is my street", "(5+ / 0-)", "kelp",
     "Sun Jun 14, 2009 at 06:31:57 PM PDT", [], "Low tide, high hopes.",
     "Guess I am buying flood insurance."),
    ("1.1.1.1.1", "7", "6", "Check the FEMA appeal window", "(4+ / 0-)", "marsh hen",
     "Sun Jun 14, 2009 at 06:40:03 PM PDT", [], None, "You get ninety days to appeal the map."),
    ("1.1.1.1.1.1", "9", "7", "Ninety from publication", "(3+ / 0-)", "tidewater",
     "Sun Jun 14, 2009 at 06:44:30 PM PDT", [], None,
     "Not from the meeting. The clock already started."),
    ("1.1.1.1.1.1.1", "11", "9", "Then I am late", "(2+ / 0-)", None, None, [], None,
     "Published in April. Oh well."),
    ("1.1.1.1.1.1.1.1", "12", "11", "Not necessarily", "(6+ / 1-)", "oyster",
     "Sun Jun 14, 2009 at 07:02:11 PM PDT", [], None,
     "Appeals filed late still get read if the map has an error."),
    ("1.2", "5", "1", "Good diary", "(1+ / 0-)", "barnacle", "Sun Jun 14, 2009 at 06:22:00 PM PDT",
     [], None, "Rec'd."),
    ("2", "8", None, "Seawall money", "(0+ / 0-)", None, None, [], None,
     "Who pays for raising the seawall?\n\nThe state grant covered half last time."),
]


def test_deep_thread_comments(extracted):
    _, comments = extracted["deep-thread.html"]
    assert [fields(c) for c in comments] == DEEP
    assert tips(comments[0].tips_raw) == [120, 3]
    # a signature nested in the body block is out of the body's text and HTML
    assert "boots" not in comments[0].body_html
    assert comments[0].body_html == (
        '<div class="cb"> <p>Thanks for reading. Tips and corrections here.</p> </div>'
    )


def test_deep_thread_post(extracted):
    post, _ = extracted["deep-thread.html"]
    assert post.title == "Tide tables and town meetings"
    assert post.author == "tidewater"
    assert post.published_raw == "Sun Jun 14, 2009 at 06:12 PM PDT"
    assert post.groups == ["Community Spotlight", "Climate Hawks", "Shore Towns"]
    assert post.tags == ["flooding", "local politics", "insurance"]
    assert post.body_text == (
        "Our harbor committee met on Thursday to talk about the new flood maps.\n\n"
        "Three hours, two maps, one very patient moderator.\n\n"
        "The maps move the hundred-year line two streets inland.\n\n"
        "Insurance rates will follow the line, and everyone in the room knew it."
    )
    assert "share-tools" not in post.body_html and "Tweet" not in post.body_html


# --- the chrome vocabulary ----------------------------------------------------------------------
@pytest.mark.parametrize("line", DAILYKOS_CHROME, ids=lambda line: line.text[:30])
def test_the_extractor_drops_a_chrome_line_by_its_opening(line):
    assert dailykos.CHROME_TEXT.match(line.text)
    assert dailykos.CHROME_TEXT.match(line.text + " and whatever follows")


@pytest.mark.parametrize("line", (*DAILYKOS_CHROME, *DAILYKOS_TAG_HELP),
                         ids=lambda line: line.text[:30])
def test_the_clean_pipeline_drops_a_whole_chrome_line(line):
    chrome = compile_chrome()
    assert chrome.match(line.text)
    assert chrome.match(f"  {line.text.upper()} ")


@pytest.mark.parametrize("line", DAILYKOS_TAG_HELP, ids=lambda line: line.text[:30])
def test_tag_help_is_left_to_the_clean_pipeline(line):
    assert not dailykos.CHROME_TEXT.match(line.text)


# --- every fixture ------------------------------------------------------------------------------
@pytest.mark.parametrize("name", FIXTURES)
def test_no_chrome_in_any_body(name, extracted):
    post, comments = extracted[name]
    bodies = [post.body_text] + [c.body_text for c in comments]
    assert all(bodies)
    for body in bodies:
        for line in CHROME_LINES:
            assert norm(line) not in norm(body), line
    for comment in comments:
        for part in (comment.title, comment.tips_raw, comment.signature, comment.author):
            if part and part not in ("it", "So", "Sadr"):  # titles that are words of their body
                assert norm(part) not in norm(comment.body_text), (comment.path, part)


@pytest.mark.parametrize("name", FIXTURES)
def test_detected_and_dispatched_from_markup_alone(name, fixtures):
    page = load(fixtures, name, url=f"file:///saved/{name}")  # a local copy: no host to go by
    assert dailykos.detect(page)
    assert choose_extractor(page) is dailykos
    thread = extract_thread(page)
    assert thread.extractor == "dailykos"
    assert thread.post.platform == "dailykos"


def test_host_is_a_second_hint():
    page = Page("<html><body><p>A modern diary page.</p></body></html>",
                url="https://www.dailykos.com/stories/2019/1/1/1/-Title")
    assert dailykos.detect(page)
    assert not dailykos.detect(Page("<html><body><p>A modern diary page.</p></body></html>",
                                    url="https://example.org/stories/1"))


def test_tip_count_quoted_in_a_sentence_is_not_a_comment():
    page = Page(
        "<html><body><p>Originally posted to someone on Mon Mar 31, 2008 at 09:51 AM PDT.</p>"
        "<p>My last diary went (31+ / 0-) and then vanished from the list.</p></body></html>"
    )
    assert dailykos.extract(page)[1] == []


@pytest.mark.parametrize("page", NOT_DAILYKOS)
def test_other_platforms_not_detected(page, corpus):
    path = corpus / page
    if not path.exists():
        pytest.skip(f"{page} not in this corpus")
    assert not dailykos.detect(Page.from_bytes(path.read_bytes()))


# --- markup variants in a few lines ---------------------------------------------------------------
DIARY_TEXT = "A diary paragraph long enough to be the body of a diary, over eighty characters."
DIARY = (
    f"<p>{DIARY_TEXT}</p>"
    "<p>Originally posted to someone on Tue Apr 01, 2008 at 07:15 AM EDT.</p>"
)


def test_flat_markup_nests_by_parent_links():
    """Sibling comments in page order, replies placed by their "[ Parent ]" links."""
    comment = (
        '<div id="c{id}"><h4>{title} (1+ / 0-)</h4><p>{body}</p>'
        "<p>by {who} on Tue Apr 01, 2008 at 07:2{id}:00 AM EDT{parent}</p></div>"
    )
    rows = [
        ("1", "First", "Top one.", "ann", ""),
        ("2", "Second", "Top two.", "bob", ""),
        ("3", "Reply to first", "Under one.", "cy", ' [ <a href="#c1">Parent</a> ]'),
        ("4", "Reply to reply", "Under three.", "dee", ' [ <a href="#c3">Parent</a> ]'),
    ]
    html = "".join(
        comment.format(id=i, title=t, body=b, who=w, parent=p) for i, t, b, w, p in rows
    )
    page = Page(f"<html><body>{DIARY}<div id='comments'>{html}</div>"
                "<p>Subscribe or Donate to support Daily Kos.</p></body></html>")
    _, comments = dailykos.extract(page)
    assert [(c.path, c.source_id, c.parent_source_id, c.author, c.body_text) for c in comments] == [
        ("1", "1", None, "ann", "Top one."),
        ("2", "2", None, "bob", "Top two."),
        ("1.1", "3", "1", "cy", "Under one."),
        ("1.1.1", "4", "3", "dee", "Under three."),
    ]


def test_single_comment_without_byline_stops_at_its_thread():
    page = Page(
        f"<html><body>{DIARY}<div id='comments'><div><p><b>Lonely</b> (2+ / 0-)</p>"
        "<p>Only comment here.</p><p>Second paragraph, not a signature.</p></div></div>"
        "<div><p>Subscribe or Donate to support Daily Kos.</p></div></body></html>"
    )
    post, comments = dailykos.extract(page)
    assert len(comments) == 1
    only = comments[0]
    assert (only.path, only.title, only.tips_raw, only.author, only.signature) == (
        "1", "Lonely", "(2+ / 0-)", None, None,
    )
    assert only.body_text == "Only comment here.\n\nSecond paragraph, not a signature."
    assert post.body_text == DIARY_TEXT
    assert post.author == "someone"


def test_body_signature_and_byline_in_one_block():
    """A copy that put a comment's words, signature and byline in one element, line by line."""
    page = Page(
        f"<html><body>{DIARY}<ul><li><h4>Together (4+ / 0-)</h4>"
        "<div>First line of the comment.<br><br><i>Signed, me</i><br>"
        'by <a href="/user/me">me</a> on Tue Apr 01, 2008 at 07:30:00 AM EDT</div>'
        "<ul><li><h4>Answer (0+ / 0-)</h4><div>Reply text.<br><br>Still the reply.</div>"
        "</li></ul></li></ul></body></html>"
    )
    _, comments = dailykos.extract(page)
    assert [(c.path, c.title, c.author, c.signature, c.body_text) for c in comments] == [
        ("1", "Together", "me", "Signed, me", "First line of the comment."),
        ("1.1", "Answer", None, None, "Reply text.\n\nStill the reply."),
    ]


def test_comment_html_and_pieces_of_a_tree_deeper_than_python_recurses():
    """Writing a comment's HTML without its chrome, and gathering a comment's pieces down to
    the next header, go as deep as the page nests (no recursion to run out)."""
    import sys

    from tests.conftest import nested_divs

    top = nested_divs(3 * sys.getrecursionlimit(),
                      '<p>deep "words"</p><span class="chrome">Reply</span>tail')
    chrome = next(top.iter("span"))
    html = dailykos._html(top, {id(chrome): chrome})
    assert "<p>deep \"words\"</p>tail</div>" in html and "Reply" not in html
    assert html.count("<div>") == html.count("</div>") == 3 * sys.getrecursionlimit() + 1
    header = next(top.iter("p"))
    pieces: list = []
    dailykos._descend(top, {id(header)}, {id(a) for a in header.iterancestors()}, pieces)
    assert pieces == []  # nothing stands before the header at any of its levels
