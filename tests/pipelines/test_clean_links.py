"""The clean stage's absolute links: bodies archived with links that still lead to the original.

Archived bodies are read from Datasette, another server: a link written `/blog/2018/01/...` or an
image `photo.jpg` must be stored as an absolute URL of the page it was read on (issue 16), while
the raw page keeps its bytes. Pages go in by the one route (`thread_from_raw`, then the item
pipelines); our own page also by a real crawl of a loopback server, a re-parse of that archive
and an import of the same response from a WARC, which must store the very same bodies.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest
from sqlite_utils import Database

from crawler.importing.sources import thread_from_raw
from crawler.items import Comment, Post, RawPage, Thread
from crawler.processing import OfflinePipelines
from db.reader import stored_pages
from pipelines.clean import CleanPipeline, page_base, sanitize_html
from tests.commands.test_crawl import FAST
from tests.conftest import FIXTURES, run_blogarchive, serve_pages
from tests.test_one_route import write_warc

FETCHED = "2020-01-01T00:00:00Z"
BASE = "https://blog.example.org/2018/01/20/links/"
# its <base href="https://www.juraforum.de/forum/"> has links resolve from /forum/, not from the
# thread's own folder /forum/t/coronavirus-sammelthread.679212/
BASE_HREF_PAGE = ("leogao2_htmltotext-benchmark/benchmarkdata/de/html/"
                  "forum-juraforum-coronavirus-sammelthread.html")

# real pages whose bodies link relatively: page (under ../shared/corpus) -> (the URL it was saved
# from, where the link is, the link as the page writes it, the absolute URL it must be stored as)
REAL_PAGES = {
    "AndyTheFactory_newspaper4k/tests/data/html/sitepoint.com1.html": (
        "http://www.sitepoint.com/average-page-weight-increases-15-2014/", "post",
        "/average-page-weights-increase-32-2013/",
        "http://www.sitepoint.com/average-page-weights-increase-32-2013/"),
    "trafilatura-eval_subset/eval/businessjargons.com.leadership.html": (
        "https://businessjargons.com/leadership-styles.html", "post",
        "/autocratic-leadership.html", "https://businessjargons.com/autocratic-leadership.html"),
    # a scheme-relative image takes the page's scheme
    "trafilatura-eval_subset/eval/abookshelffullofsunshine.blogspot.com.interview.html": (
        "https://abookshelffullofsunshine.blogspot.com/2013/10/news-viertes-eigenes-blog-interview"
        ".html", "post",
        "//4.bp.blogspot.com/-m68HO1C3FLI/UkQbgpsoEqI/AAAAAAAABeM/RGa_n45Jv4Q/s1600/blogpic1.jpg",
        "https://4.bp.blogspot.com/-m68HO1C3FLI/UkQbgpsoEqI/AAAAAAAABeM/RGa_n45Jv4Q/s1600/"
        "blogpic1.jpg"),
    # images in comments (the site's collapse arrows)
    "AndreasMadsen_htmlparser-benchmark/files/"
    "74e8bc94abea7c60f022d8d3f672f80e59e3e126735fae0b5ee5914ff2fce48e.html": (
        "http://www.dailytech.com/article.aspx?newsid=31563", "comments", "/i/collapse.jpg",
        "http://www.dailytech.com/i/collapse.jpg"),
    "j-szulc_html-cleaning-dataset-merged/dragnet_data/input/T145.html": (
        "http://www.zerohedge.com/news/your-complete-guide-coming-fiscal-cliff", "comments",
        "/users/reallysparky", "http://www.zerohedge.com/users/reallysparky"),
    # document-relative (./) against a page in a folder
    "leogao2_htmltotext-benchmark/benchmarkdata/en/html/forum-bogleheads-289559.html": (
        "https://www.bogleheads.org/forum/viewtopic.php?t=289559", "comments",
        "./memberlist.php?mode=viewprofile&u=15&sid=afd2db799061f45b0ab44e4007b2c573",
        "https://www.bogleheads.org/forum/memberlist.php?mode=viewprofile&u=15"
        "&sid=afd2db799061f45b0ab44e4007b2c573"),
    BASE_HREF_PAGE: (
        "https://www.juraforum.de/forum/t/coronavirus-sammelthread.679212/", "comments",
        "goto/post?id=1971867#post-1971867",
        "https://www.juraforum.de/forum/goto/post?id=1971867#post-1971867"),
}
# a post whose footnote links (#note-1-1569) point into its own text
FRAGMENT_PAGE = ("omnivore-app_omnivore/packages/readabilityjs/test/test-pages/danwang/source.html",
                 "https://danwang.co/2020-letter/", "#note-1-1569")
# our own page modelled on WordPress markup, with a link of every kind
FIXTURE_PAGE = FIXTURES / "pipelines" / "relative-links-wordpress.html"
FIXTURE_PATH = "/blog/2018/01/links-of-every-kind/"


@pytest.fixture(scope="module")
def pipelines() -> OfflinePipelines:
    return OfflinePipelines(exclude=("pipelines.store.StorePipeline",))


def archived(body: bytes, url: str, pipelines: OfflinePipelines) -> Thread:
    """A page as an import archives it: its raw page read once, then the item pipelines."""
    raw = RawPage(url=url, body=body, fetched_at=FETCHED, status=200, content_type="text/html")
    thread = thread_from_raw(raw)
    assert isinstance(thread, Thread), thread
    return pipelines.process(thread)


def links(html: str | None) -> list[str]:
    """Every href and src of a stored body."""
    if not html:
        return []
    return lxml.html.fragment_fromstring(html, create_parent="div").xpath("//@href | //@src")


def thread_links(thread: Thread, where: str = "all") -> list[str]:
    bodies = [thread.post.body_html] if where in ("post", "all") else []
    if where in ("comments", "all"):
        bodies += [comment.body_html for comment in thread.comments]
    return [link for body in bodies for link in links(body)]


def absolute_or_fragment(link: str) -> bool:
    """A link a reader can follow from the archive: a web URL, an address, or a place in the
    text itself."""
    parts = urlsplit(link)
    return link.startswith("#") or parts.scheme == "mailto" or (
        parts.scheme in ("http", "https") and bool(parts.netloc))


@pytest.mark.parametrize("path", sorted(REAL_PAGES), ids=lambda path: path.rsplit("/", 1)[-1][:40])
def test_real_bodies_link_absolutely_to_the_original_site(corpus, pipelines, path):
    url, where, written, stored = REAL_PAGES[path]
    thread = archived((corpus / path).read_bytes(), url, pipelines)
    found = thread_links(thread, where)
    assert written not in found
    assert stored in found
    every = thread_links(thread)
    assert [link for link in every if not absolute_or_fragment(link)] == []
    # the links the page wrote relatively now point to its own site
    assert sum(urlsplit(link).hostname == urlsplit(stored).hostname for link in every) > 0


def test_a_page_with_base_href_resolves_from_it(corpus, pipelines):
    url = REAL_PAGES[BASE_HREF_PAGE][0]
    thread = archived((corpus / BASE_HREF_PAGE).read_bytes(), url, pipelines)
    found = thread_links(thread)
    from_base = [link for link in found if link.startswith("https://www.juraforum.de/forum/goto/")]
    assert len(from_base) >= 10
    assert not [link for link in found if link.startswith(url + "goto/")]  # the page's folder


def test_a_fragment_link_stays_a_fragment(corpus, pipelines):
    path, url, fragment = FRAGMENT_PAGE
    thread = archived((corpus / path).read_bytes(), url, pipelines)
    found = thread_links(thread, "post")
    assert fragment in found
    assert url + fragment not in found


# sanitize_html(body, base): the link as written -> as stored
@pytest.mark.parametrize(("written", "stored"), [
    ('<a href="/blog/2018/01/earlier/">x</a>', "https://blog.example.org/blog/2018/01/earlier/"),
    ('<a href="../../../../2017/12/older/">x</a>', "https://blog.example.org/2017/12/older/"),
    ('<img src="chart.png">', BASE + "chart.png"),
    ('<img src="//cdn.example.net/river.jpg">', "https://cdn.example.net/river.jpg"),
    ('<a href="?replytocom=21">x</a>', BASE + "?replytocom=21"),
    ('<a href=" /padded/\n">x</a>', "https://blog.example.org/padded/"),
    ('<a href="#comment-5">x</a>', "#comment-5"),
    ('<a href="#">x</a>', "#"),
    ('<a href="mailto:ann@example.org">x</a>', "mailto:ann@example.org"),
    ('<a href="https://news.example.com/story">x</a>', "https://news.example.com/story"),
])
def test_sanitize_makes_links_absolute_against_the_base(written, stored):
    assert links(sanitize_html(written, BASE)) == [stored]


@pytest.mark.parametrize("written", [
    '<img src="data:image/png;base64,iVBORw0KGgo=">',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="//[::1/x">x</a>',  # a host no URL can have
    '<img srcset="/a-2x.png 2x">',  # not kept by the sanitizer, so nothing relative is left
])
def test_what_is_no_web_link_does_not_become_one_of_the_site(written):
    assert links(sanitize_html(written, BASE)) == []


def test_without_a_base_links_stay_as_written():
    assert links(sanitize_html('<a href="/x/">x</a>', None)) == ["/x/"]


def raw_page(body: str, url: str = BASE) -> RawPage:
    return RawPage(url=url, body=body.encode(), fetched_at=FETCHED, content_type="text/html")


@pytest.mark.parametrize(("head", "base"), [
    ("", BASE),
    ('<base href="https://static.example.net/blog/">', "https://static.example.net/blog/"),
    ('<base href="/archive/">', "https://blog.example.org/archive/"),  # relative to the page
    ('<base target="_blank">', BASE),  # a base without an href changes no link
])
def test_page_base_is_the_base_href_else_the_page(head, base):
    page = raw_page(f"<html><head>{head}</head><body><p>Hi</p></body></html>")
    assert page_base(Thread(post=Post(url=BASE), page=page)) == base


def test_page_base_without_a_web_address_is_none():
    page = raw_page("<html><body><p>Hi</p></body></html>", "file:///home/ann/saved/post.html")
    assert page_base(Thread(post=Post(url=page.url), page=page)) is None


def test_page_base_without_a_raw_page_is_the_post_url():
    assert page_base(Thread(post=Post(url=BASE))) == BASE


def test_pipeline_resolves_post_and_comments_from_the_page_base_href(build):
    page = raw_page('<html><head><base href="https://static.example.net/blog/"></head></html>')
    thread = Thread(
        post=Post(url=BASE, title="t", body_html='<p><img src="img/chart.png"></p>'),
        comments=[Comment(path="1", body_text="c", body_html='<a href="../about/">me</a>')],
        page=page)
    item = build(CleanPipeline).process_item(thread)
    assert links(item.post.body_html) == ["https://static.example.net/blog/img/chart.png"]
    assert links(item.comments[0].body_html) == ["https://static.example.net/about/"]


@pytest.fixture(scope="module")
def fixture_site():
    """The fixture page at FIXTURE_PATH, robots.txt allowing it, nothing else."""
    with serve_pages({FIXTURE_PATH: (FIXTURE_PAGE.read_bytes(), "text/html; charset=utf-8")}) \
            as base:
        yield base


@pytest.fixture(scope="module")
def crawled(fixture_site, tmp_path_factory) -> Path:
    """An archive of one crawl of the fixture site's page."""
    archive = tmp_path_factory.mktemp("crawl") / "crawled.db"
    result = run_blogarchive("crawl", archive, fixture_site + FIXTURE_PATH, "--depth", "0", *FAST)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    return archive


def stored_bodies(archive: Path) -> tuple[str, list[str]]:
    """The post's body and the comments' bodies (in thread order) as an archive holds them."""
    db = Database(archive)
    [post] = [row[0] for row in db.execute("SELECT body_html FROM posts")]
    return post, [row[0] for row in db.execute("SELECT body_html FROM comments ORDER BY path")]


def test_a_crawl_stores_links_absolute_to_the_server_and_the_raw_page_as_fetched(
        crawled, fixture_site):
    post_body, comment_bodies = stored_bodies(crawled)
    page = fixture_site + FIXTURE_PATH
    assert links(post_body) == [
        fixture_site + "/blog/2018/01/earlier-post/",
        fixture_site + "/blog/2017/12/older-post/",
        "#footnote-1",
        fixture_site + "/wp-content/uploads/2018/01/chart.png",
        "http://cdn.example.net/photos/river.jpg",
        "mailto:ann@example.org",
        "https://news.example.com/story",
    ]
    assert [links(body) for body in comment_bodies] == [
        [fixture_site + "/blog/2017/11/reader-reply/", page + "notes/dam-figures.pdf",
         "#comment-22"],
        [page + "?replytocom=21", fixture_site + "/tag/figures/"],
    ]
    [raw] = list(stored_pages(crawled))
    assert raw.body == FIXTURE_PAGE.read_bytes()


def test_a_reparse_and_an_import_store_the_same_links(crawled, fixture_site, tmp_path):
    """The one route: the crawl's raw page re-parsed, and its response imported from a WARC."""
    reparsed = tmp_path / "reparsed.db"
    shutil.copy(crawled, reparsed)
    result = run_blogarchive("reparse", reparsed)
    assert result.returncode == 0, result.stderr[-3000:]
    warc = tmp_path / "page.warc.gz"
    write_warc(warc, fixture_site, {FIXTURE_PATH: FIXTURE_PAGE.read_bytes()})
    imported = tmp_path / "imported.db"
    result = run_blogarchive("import", imported, warc)
    assert result.returncode == 0, result.stderr[-3000:]
    assert stored_bodies(reparsed) == stored_bodies(crawled)
    assert stored_bodies(imported) == stored_bodies(crawled)
