"""Post metadata shared by every platform: titles without the site's furniture."""

from __future__ import annotations

import json

import pytest

from crawler.dates import parse_time
from crawler.extractors import extract_thread
from crawler.extractors.metadata import author, refine_title, title_key
from crawler.extractors.page import Page

URL = "https://www.examplejournal.com/2012/03/03/post.html"


def page(head: str = "", body: str = "", url: str = URL) -> Page:
    return Page(f"<html><head>{head}</head><body>{body}</body></html>", url)


# (head, body, the title an extractor found, the headline) -- one rule or guard each
TITLES = [
    # a site name declared in og:site_name comes off either end, whatever the separator
    ('<title>Olive Bread | Flawless Food</title><meta property="og:site_name" '
     'content="Flawless Food">', "", "Olive Bread | Flawless Food", "Olive Bread"),
    ('<title>Flawless Food » Olive Bread</title><meta property="og:site_name" '
     'content="Flawless Food">', "", "Flawless Food » Olive Bread", "Olive Bread"),
    ('<title>Olive Bread « Flawless Food</title><meta name="application-name" '
     'content="Flawless Food">', "", "Olive Bread « Flawless Food", "Olive Bread"),
    # ... and a site-name prefix before a colon
    ('<meta property="og:site_name" content="devBlogi">', "", "devBlogi: Po co nam testerzy?",
     "Po co nam testerzy?"),
    # a part spelling the host's name is the site's ("Examplejournal.com"), the shortest such
    ("<title>Rates rise - Examplejournal.com</title>", "", "Rates rise - Examplejournal.com",
     "Rates rise"),
    ("<title>Examplejournal Weekly - Examplejournal.com</title>", "",
     "Examplejournal Weekly - Examplejournal.com", "Examplejournal Weekly"),
    # a date part is no part of the headline
    ("<title>Institutes back IFRS - 26 Sep 2011 - Accountancy Age</title>", "",
     "Institutes back IFRS - 26 Sep 2011", "Institutes back IFRS"),
    # the blog's name heading (it links home) found as the title: the headline the <title> backs
    ("<title>The Example Journal - More on Last Names:</title>",
     '<h1><a href="https://www.examplejournal.com/">The Example Journal</a></h1>'
     '<div class="title">More on Last Names:</div>',
     "The Example Journal", "More on Last Names:"),
    # a date header found as the title: the headline the <title> backs, else the next heading
    ("<title>Synthetic Fuel From Air</title>", "<h1>OCT 24</h1><h2>Synthetic Fuel From Air</h2>",
     "OCT 24", "Synthetic Fuel From Air"),
    ("", "<h1>The Daily Ablution</h1><h2>November 23, 2004</h2><h3>Pelling Pounds Pedant</h3>",
     "November 23, 2004", "Pelling Pounds Pedant"),
    # an og:title written for sharing loses to the heading the <title> repeats
    ('<title>News - Class calculator: the class system</title><meta property="og:title" '
     'content="A US view of class">', "<h1>Class calculator: the class system</h1>",
     "A US view of class", "Class calculator: the class system"),
    # ... and so does a sidebar box with a title class, to a heading all head sources back
    ('<title>Autumn trip (2) @ Steven :: PIX</title><meta property="og:title" '
     'content="Autumn trip (2) @ Steven :: PIX">',
     '<h4 class="entry-title">My friends</h4><h2>Autumn trip (2)</h2>',
     "My friends", "Autumn trip (2)"),
    # the author's name after the headline, the heading shows the headline alone
    ('<meta property="og:title" content="Map takes shape - Jane Roe and John Doe">',
     "<h1>Map takes shape</h1>", "Map takes shape - Jane Roe and John Doe", "Map takes shape"),
    # a breadcrumb trail narrows to the headline
    ("", '<h3 class="title">Guns > Range Report: Glock 26</h3>',
     "Guns > Range Report: Glock 26", "Range Report: Glock 26"),
    # guards: a headline with a separator of its own, a colon, or a ">" stays whole
    ('<title>Grow a Lemon Tree | Step-by-Step Guide</title><meta property="og:site_name" '
     'content="Gardening">', "<h1>Grow a Lemon Tree | Step-by-Step Guide</h1>",
     "Grow a Lemon Tree | Step-by-Step Guide", "Grow a Lemon Tree | Step-by-Step Guide"),
    ('<title>Zugverkehr: Im ICE nach Barcelona | ZEIT</title><meta property="og:title" '
     'content="Zugverkehr: Im ICE nach Barcelona">',
     '<h1><span>Zugverkehr:</span> <span class="heading__title">Im ICE nach Barcelona</span></h1>',
     "Zugverkehr: Im ICE nach Barcelona", "Zugverkehr: Im ICE nach Barcelona"),
    ("", "<h1>Why Python > Java</h1>", "Why Python > Java", "Why Python > Java"),
    # a headline that names the site is no site name ("The Guardian view on ...")
    ("<title>The Examplejournal view on rates | Editorial | Opinion | Examplejournal</title>"
     '<meta property="og:title" content="The Examplejournal view on rates | Editorial">',
     "<h1>The Examplejournal view on rates</h1>",
     "The Examplejournal view on rates | Editorial", "The Examplejournal view on rates"),
    # ... nor is an og:site_name that repeats the headline
    ('<title>Duvet lung: a mystery solved</title><meta property="og:site_name" '
     'content="Duvet lung: a mystery solved">', "<h1>Duvet lung: a mystery solved</h1>"
     "<h3>Time for Dr. Sherlock</h3>", "Duvet lung: a mystery solved",
     "Duvet lung: a mystery solved"),
    # a headline the page shows whole keeps a part that spells the host's name
    ("<title>Take C.A.R.E. - Examplejournal at DMEXCO 2018</title>",
     "<h1>Take C.A.R.E. - Examplejournal at DMEXCO 2018</h1>",
     "Take C.A.R.E. - Examplejournal at DMEXCO 2018",
     "Take C.A.R.E. - Examplejournal at DMEXCO 2018"),
    # a prefix is the site's only if it is no more than the site's name
    ("<title>Examplejournal Gift Guide: What to buy</title>", "",
     "Examplejournal Gift Guide: What to buy", "Examplejournal Gift Guide: What to buy"),
    # a heading that only repeats a section of the <title> does not displace the headline
    ("<title>Best Cake Ever | Desserts | Site</title>",
     '<h2>Desserts</h2><h1 class="entry-title">Chocolate Cake</h1>',
     "Chocolate Cake", "Chocolate Cake"),
]


@pytest.mark.parametrize("head,body,found,expected", TITLES)
def test_refine_title(head, body, found, expected):
    assert refine_title(page(head, body), found) == expected


def test_no_title_stays_none():
    assert refine_title(page("<title>Site</title>"), None) is None


@pytest.mark.parametrize("a,b", [("POLITICO.com", "Politico com"), ("Übermedien", "übermedien")])
def test_title_key_ignores_case_and_punctuation(a, b):
    assert title_key(a) == title_key(b)


# real pages whose found title carried furniture: gold file under gold/, as GOLD.md describes
REAL_PAGES = [
    "goose3_goose3/tests/data/content/test_politico",
    "j-szulc_html-cleaning-dataset-merged/CleanPortalEval-master/input/bbc.co.uk_news_07",
    "j-szulc_html-cleaning-dataset-merged/cleaneval-dev/input/42",
    "j-szulc_html-cleaning-dataset-merged/cleaneval-final/input/191",
    "j-szulc_html-cleaning-dataset-merged/cleaneval-final/input/544",
    "j-szulc_html-cleaning-dataset-merged/dragnet_data/input/R105",
    "j-szulc_html-cleaning-dataset-merged/dragnet_data/input/R892",
    "mozilla_readability/test/test-pages/pixnet/source",
]


@pytest.mark.parametrize("name", REAL_PAGES)
def test_real_page_titles_match_gold(corpus, name):
    gold = json.loads((corpus / "gold" / f"{name}.json").read_text(encoding="utf-8"))
    path = corpus / gold["page"]
    thread = extract_thread(Page.from_bytes(path.read_bytes(), gold["url"]))
    assert thread.post.title == gold["post"]["title"]


# (head, body, the post's author) -- one rule or guard each
AUTHORS = [
    ('<meta name="author" content="Jane Roe">', "", "Jane Roe"),
    # a handle in brackets and an affiliation after a comma are not the name
    ('<meta name="author" content="Steven Home (stevenhgm)">', "", "Steven Home"),
    ("", '<div class="byline">By Mary Murray, NBC News</div>', "Mary Murray"),
    ("", '<div class="byline">By Jane Roe and John Doe, Staff Writers</div>',
     "Jane Roe and John Doe"),
    # the site's own name in the author meta yields to a person the page names...
    ('<meta name="author" content="World News"><meta property="og:site_name" '
     'content="World News">', "<p>By Mary Murray</p>", "Mary Murray"),
    # ... and is kept when the page names none
    ('<meta name="author" content="Timothy Sykes"><meta property="og:site_name" '
     'content="Timothy Sykes">', "<p>Short selling explained.</p>", "Timothy Sykes"),
    # the name part of a byline that also gives the role
    ("", '<span class="byline"><span class="byline-name">By Michael Goldfarb</span>'
     '<span class="byline-title">Writer and broadcaster</span></span>', "Michael Goldfarb"),
    # "By" lines: an address, a post footer, a paragraph with a link, after the post's date
    ("", '<address>By <a href="/author/tim/"> Tim Anderson </a></address>', "Tim Anderson"),
    ("", '<p class="post-footer">posted by Aaron J. Seigo at <a href="#">10:15 PM</a></p>',
     "Aaron J. Seigo"),
    ("", '<p>by <a href="/u/rose">Rose Orlik</a></p>', "Rose Orlik"),
    ("", '<div class="entry-meta">Posted on March 3, 2012 by <a href="/u/">admin</a></div>',
     "admin"),
    ("", '<p class="meta">von Henning Lobin</p>', "Henning Lobin"),
    ("", '<p class="byline">by Tyler Cowen August 12, 2020 at 7:00 am</p>', "Tyler Cowen"),
    ("", '<div class="responsive-wrap"><p>By Jane Roe</p></div>', "Jane Roe"),
    # a byline's fields are its elements, spaced by style: the name ends where its element
    # does, and a line break ends the line
    ("", '<p class="note">by <a href="/a/ln">Lucas Nolan</a><span>22 Dec 2016</span><a>651</a>'
     "</p>", "Lucas Nolan"),
    ("", "<span>By <a href=\"/a/bw\">Bushrod Washington</a>\n<br>\nPublished December 21, 2016"
     "</span>", "Bushrod Washington"),
    ("", '<div class="author-name">\n by \n <a href="/a/mf">Madeline Fry</a>\n</div>',
     "Madeline Fry"),
    ("", '<span class="author"><span>By</span><a href="/a/hk">Herb Keinon</a></span>',
     "Herb Keinon"),
    # JSON-LD whose article names its author by reference to a node of the graph (Yoast)
    ('<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
     '{"@type": "Article", "author": {"@id": "https://b.example/#/person/1"}},'
     '{"@type": "Person", "@id": "https://b.example/#/person/1", "name": "Yoav Roe"}]}</script>',
     "", "Yoav Roe"),
    # JSON-LD with a raw line break inside a string (as content systems write it)
    ('<script type="application/ld+json">{"@type": "NewsArticle", "description": "Two\nlines",'
     ' "author": "Nishant Roe"}</script>', "", "Nishant Roe"),
    # an element classed "author" that holds a name alone, in a news template's attribution
    ("", '<div class="attribution"><span class="author"> Elliot Roe </span>'
     '<span class="publication">Florida Today</span></div>', "Elliot Roe"),
    # ... never a commenter's, nor one holding more than a name
    ("", '<div class="comment"><span class="author">Jane Commenter</span></div>', None),
    ("", '<p class="author">Elliot Roe writes about sport.<br>Follow him.</p>', None),
    # an author box
    ("", '<div class="author__box"><div>About the Author - <span>Florina Ionescu</span></div>'
     "<p>Hi! My name is Florina.</p></div>", "Florina Ionescu"),
    # guards: a commenter's byline, "Powered by", "By the way", a label
    ("", '<div class="comment"><p>By Jane Commenter</p></div>', None),
    ("", "<footer><p>Powered by WordPress</p></footer>", None),
    ("", '<a class="trc_attribution_link" href="https://ads.example/"><span>by Widgets</span></a>',
     None),
    ("", "<p>By the way, we moved.</p>", None),
    ("", '<span class="byline-name">Translation:</span>', None),
    ("", '<p class="posted">Posted by: <a href="/u/f">Fausta</a> at Nov 23, 2004 3:36 PM</p>',
     None),
]


@pytest.mark.parametrize("head,body,expected", AUTHORS)
def test_author(head, body, expected):
    assert author(page(head, body)) == expected


@pytest.mark.parametrize("name", [
    "leogao2_htmltotext-benchmark/benchmarkdata/en/html/forum-bogleheads-289559",
    "leogao2_htmltotext-benchmark/benchmarkdata/en/html/forum-bitcointalk-5253096.0",
])
def test_a_forum_threads_opening_post_signs_the_post(corpus, name):
    """A forum page names its author nowhere but in the opening post's byline, which the
    structural finder reads as the post (not a comment): its name and time are the post's."""
    gold = json.loads((corpus / "gold" / f"{name}.json").read_text(encoding="utf-8"))
    thread = extract_thread(Page.from_bytes((corpus / gold["page"]).read_bytes(), gold["url"]))
    assert thread.post.author == gold["post"]["author"]
    published = parse_time(thread.post.published_raw)
    assert published is not None and (
        published.local_date.isoformat() == gold["post"]["published"])


def test_a_platform_page_whose_module_found_no_date_takes_the_pages_dateline(corpus):
    """A Movable Type blog whose template shows the date as `<h2 class="date">` above the post,
    where the module looks for `.date-header`: the page's first dated byline is the date."""
    name = "j-szulc_html-cleaning-dataset-merged/cleaneval-final/input/544"
    gold = json.loads((corpus / "gold" / f"{name}.json").read_text(encoding="utf-8"))
    thread = extract_thread(Page.from_bytes((corpus / gold["page"]).read_bytes(), gold["url"]))
    assert thread.extractor == "movabletype"
    published = parse_time(thread.post.published_raw)
    assert published is not None and published.local_date.isoformat() == gold["post"]["published"]


@pytest.mark.parametrize("head,body,expected", [
    # a template's placeholder yields to the next declaration, and to the page's dateline
    ('<meta property="article:published_time" content="0001-01-01T00:00:00Z">'
     '<meta name="date" content="2019-11-19T23:11:00-05:00">',
     "<h1>Title</h1><p>" + "Words of the story. " * 40 + "</p>", "2019-11-19T23:11:00-05:00"),
    ('<meta property="article:published_time" content="0001-01-01T00:00:00Z">',
     '<h1>Title</h1><div class="publish-date">Published 11:11 PM EST Nov 19, 2019</div>'
     "<p>" + "Words of the story. " * 40 + "</p>", "11:11 PM EST Nov 19, 2019"),
    # a declared time no date can be read from is still kept, raw, where nothing better is
    ('<meta property="article:published_time" content="le jour des morts">', "<h1>T</h1>"
     "<p>" + "Words of the story. " * 40 + "</p>", "le jour des morts"),
])
def test_the_post_time_is_the_first_declared_that_reads_as_a_time(head, body, expected):
    assert extract_thread(page(head, body)).post.published_raw == expected
