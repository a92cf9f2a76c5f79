"""`blogarchive crawl`, against HTTP servers the tests start on 127.0.0.1."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import unquote

import pytest
from scrapy.http import XmlResponse
from sqlite_utils import Database

from crawler.samplesite import SampleHTTPServer, SampleSite, serve_sample_site
from crawler.samplesite.model import ABOUT_PATH
from crawler.samplesite.plan import crawl_plan
from crawler.spiders.blog import BlogSpider
from tests.conftest import ROOT, started_until_posts
from tests.mockserver.server import mockserver

FAST = ("-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8")
SITE = {"seed": 7, "diaries": 14, "posts": 9, "max_comments": 400, "max_depth": 12,
        "thread_page_size": 60, "wp_comments_per_page": 5, "list_page_size": 5, "blog_page_size": 3}


@pytest.fixture(scope="module")
def site():
    return SampleSite(**SITE)


@pytest.fixture
def sample_server(site):
    site.epoch = 0
    server = SampleHTTPServer(site)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def served(sample_server):
    return sample_server.url


def expected_threads(site: SampleSite, base: str, epoch: int = 0) -> dict[str, int]:
    """Every post URL of the sample site (and its About page) and how many comments its thread
    has."""
    threads = {base + site.diary_path(i): site.diary_comment_count(i, epoch)
               for i in site.diary_ids(epoch)}
    threads.update({base + site.post_path(i): site.post_comment_count(i, epoch)
                    for i in site.post_ids(epoch)})
    threads[base + ABOUT_PATH] = 0
    return threads


def archived_threads(db_path) -> dict[str, int]:
    db = Database(db_path)
    return dict(db.execute(
        "SELECT posts.url, count(comments.id) FROM posts "
        "LEFT JOIN comments ON comments.post_id = posts.id GROUP BY posts.id"
    ).fetchall())


def content(db_path) -> dict:
    """What an archive holds, without the times that say when it was fetched."""
    db = Database(db_path)
    # authors are compared by name: their integer ids follow the order pages were stored in
    return {
        "posts": db.execute(
            "SELECT p.id, p.url, p.title, a.name, p.published, p.body_text FROM posts p "
            "LEFT JOIN authors a ON a.id = p.author_id ORDER BY p.id").fetchall(),
        "comments": db.execute(
            "SELECT c.id, c.post_id, c.parent_id, c.depth, c.position, a.name, c.posted, "
            "c.body_text, c.tips_plus FROM comments c LEFT JOIN authors a ON a.id = c.author_id "
            "ORDER BY c.id").fetchall(),
        "authors": db.execute("SELECT name FROM authors ORDER BY name").fetchall(),
        "recommendations": db.execute(
            "SELECT r.comment_id, a.name FROM recommendations r JOIN authors a "
            "ON a.id = r.author_id ORDER BY 1, 2").fetchall(),
    }


def test_crawl_reaches_every_post_exactly_and_nothing_outside(blogarchive, site, served,
                                                             archive_path):
    result = blogarchive("crawl", archive_path, served + "/", *FAST)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    assert archived_threads(archive_path) == expected_threads(site, served)
    db = Database(archive_path)
    hosts = {row[0] for row in db.execute("SELECT host FROM sites")}
    assert hosts == {"127.0.0.1"}
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert "crawled" in result.stdout and f"archive: {archive_path}" in result.stdout
    run = db["crawls"].get(1)
    assert (run["command"], run["status"]) == ("crawl", "finished")
    assert run["posts"] == len(expected_threads(site, served))
    kinds = dict(db.execute("SELECT url, kind FROM posts").fetchall())
    assert kinds.pop(served + ABOUT_PATH) == "page" and set(kinds.values()) == {"post"}


def test_a_reparse_of_a_crawl_gives_the_crawls_rows(blogarchive, site, served, archive_path):
    """The crawl stored each thread's later pages (comment-page-2, ?page=2) beside its own page;
    a re-parse read each stored page as a post of its own, so posts and comments grew (9 to 10
    posts, 158 to 173 comments on one crawl). Now it joins them as the crawl did."""
    assert blogarchive("crawl", archive_path, served + "/", *FAST).returncode == 0
    crawled = content(archive_path)
    thread_pages = Database(archive_path)["crawls"].get(1)["thread_pages"]
    assert thread_pages > 0, "the sample site pages no thread: nothing is tested"
    result = blogarchive("reparse", archive_path, "--json")
    assert result.returncode == 0, result.stderr[-2000:]
    summary = json.loads(result.stdout)
    assert content(archive_path) == crawled
    assert summary["outcomes"]["archived"] == {"archived": summary["fetched"]}


def test_crawl_requests_only_the_pages_that_matter(blogarchive, site, sample_server,
                                                  archive_path):
    """The sample site with the traps real sites have (nofollow Reply/Recommend on every
    comment, print, email, display-mode and story-only views, log-in pages, commenters' pages,
    a front page of teasers, newest-first comment pages, dead links): exactly the pages a
    careful crawler fetches, plus one probe per kind of display view, and robots.txt once
    (Scrapy's own, whose response the sitemap reader reads too)."""
    plan = crawl_plan(site)
    result = blogarchive("crawl", archive_path, sample_server.url + "/", *FAST)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]  # dead links: not 1
    asked = Counter(unquote(path) for path in sample_server.served)
    wanted = {unquote(path) for path in plan.everything}
    assert wanted <= set(asked)
    probes = sorted(set(asked) - wanted)
    assert len(probes) == 2, probes
    assert "?mode=" in probes[0] and probes[1].startswith("/storyonly/"), probes
    assert asked["/robots.txt"] == 1 and max(asked.values()) == 1
    requests = sum(asked.values())
    assert requests == len(wanted) + len(probes)
    assert requests <= 1.1 * len(plan.mattered)

    db = Database(archive_path)
    stored = {url.removeprefix(sample_server.url) for (url,) in db.execute("SELECT url FROM posts")}
    assert stored == plan.posts | plan.pages  # no listing archived as a post
    run = db["crawls"].get(1)
    assert run["requests"] == requests
    assert (run["posts"], run["thread_pages"], run["listings"], run["dead_links"]) == (
        len(plan.posts | plan.pages), len(plan.thread_pages), len(plan.listings), len(plan.dead))
    skipped = json.loads(run["skipped"])
    assert skipped["nofollow"] > 0 and skipped["comment"] > 0 and skipped["action"] > 0
    assert skipped["variant"] > 0
    dead = list(db.query("SELECT url, referer, stage, reason FROM errors"))
    assert {row["url"].removeprefix(sample_server.url) for row in dead} == plan.dead
    assert all(row["stage"] == "link" and row["reason"].startswith("HTTP 404")
               and row["referer"].startswith(sample_server.url) for row in dead)
    assert f"{len(plan.dead)} dead links" in result.stdout
    assert f"requests {requests} for {len(plan.mattered)} pages that mattered" in result.stdout


@pytest.mark.parametrize("newest_first", [True, False])
def test_every_comment_page_is_read_whichever_way_the_site_pages(blogarchive, tmp_path,
                                                                 newest_first):
    site = SampleSite(seed=4, diaries=0, posts=6, max_comments=60, wp_comments_per_page=3,
                      wp_newest_first=newest_first)
    with serve_sample_site(site) as base:
        result = blogarchive("crawl", tmp_path / "a.db", base + "/blog/", *FAST)
    assert result.returncode == 0, result.stderr[-2000:]
    paged = [i for i in site.post_ids() if len(site.post_page_paths(i)) > 2]
    assert paged
    archived = archived_threads(tmp_path / "a.db")
    for post_id in site.post_ids():
        assert archived[base + site.post_path(post_id)] == site.post_comment_count(post_id)
    db = Database(tmp_path / "a.db")
    for post_id in paged:
        rows = db.execute(
            "SELECT c.source_id, (SELECT p.source_id FROM comments p WHERE p.id = c.parent_id) "
            "FROM comments c JOIN posts ON posts.id = c.post_id WHERE posts.url = ? "
            "ORDER BY c.position", [base + site.post_path(post_id)]).fetchall()
        model = site.post_comments(post_id)
        assert [int(sid) for sid, _ in rows] == [c.cid for c in _thread_order(model)]
        assert {int(sid): parent and int(parent) for sid, parent in rows} == {
            c.cid: c.parent for c in model}


def _thread_order(comments):
    children: dict = {}
    for c in comments:
        children.setdefault(c.parent, []).append(c)
    out, stack = [], list(reversed(children.get(None, [])))
    while stack:
        c = stack.pop()
        out.append(c)
        stack.extend(reversed(children.get(c.cid, [])))
    return out


def test_threads_match_the_site_comment_by_comment(blogarchive, site, served, archive_path):
    diary = max(site.diary_ids(), key=site.diary_comment_count)
    assert len(site.thread_pages(diary)) > 1, "the biggest thread should span several pages"
    url = served + site.diary_path(diary)
    result = blogarchive("crawl", archive_path, url, "--depth", "0", *FAST)
    assert result.returncode == 0, result.stderr[-2000:]
    db = Database(archive_path)
    rows = list(db.query(
        "SELECT c.id, c.source_id, c.depth, a.name AS author, c.tips_plus, c.tips_minus, "
        "(SELECT p.source_id FROM comments p WHERE p.id = c.parent_id) AS parent "
        "FROM comments c LEFT JOIN authors a ON a.id = c.author_id ORDER BY c.position"))
    model = {str(comment.cid): comment for comment in site.thread(diary)}
    assert len(rows) == len(model)
    for row in rows:
        comment = model[row["source_id"]]
        assert (row["author"], row["depth"]) == (comment.author, comment.depth)
        assert row["parent"] == (str(comment.parent) if comment.parent else None)
        assert (row["tips_plus"], row["tips_minus"]) == (comment.tips_plus, comment.tips_minus)


def test_feeds_and_sitemaps_lead_to_every_post(site, served):
    from scrapy.utils.test import get_crawler

    spider = BlogSpider(urls=served + "/")
    spider._set_crawler(get_crawler(BlogSpider))  # its stats count what each page became
    spider.known = {}
    found = set()
    for path in ("/sitemap.xml",):
        queue = [served + path]
        while queue:
            url = queue.pop()
            body = urllib.request.urlopen(url).read()
            for request in spider.parse_sitemap(XmlResponse(url, body=body)):
                if request.callback == spider.parse_sitemap:
                    queue.append(request.url)
                else:
                    found.add(request.url)
    assert set(expected_threads(site, served)) - {served + ABOUT_PATH} <= found
    feed = served + "/blog/feed/"
    body = urllib.request.urlopen(feed).read()
    from_feed = {r.url for r in spider.parse_feed(XmlResponse(feed, body=body))}
    newest = {served + site.post_path(i) for i in site.post_ids()[:5]}
    assert from_feed and from_feed <= set(expected_threads(site, served))
    assert newest & from_feed
    stats = spider.crawler.stats
    assert stats.get_value("archive/outcome/feed") == 1
    assert stats.get_value("archive/outcome/sitemap") >= 1


def test_robots_failures_and_scope(blogarchive, archive_path):
    with mockserver() as server:
        result = blogarchive("crawl", archive_path, server.url("/"), *FAST,
                             "-s", "DOWNLOAD_TIMEOUT=1", "-s", "RETRY_TIMES=1")
        log = list(server.log)
    assert result.returncode == 1  # pages failed: said by the exit code
    assert not any(path.startswith("/private/") for path in log), "robots.txt was not obeyed"
    db = Database(archive_path)
    errors = {row["url"].split(":", 2)[2].split("/", 1)[1]: row["reason"]
              for row in db["errors"].rows}
    assert errors["status/404"] == "HTTP 404: a dead link"
    assert errors["status/500"] == "HTTP 500"
    assert "timed out" in errors["delay/3"] or "Timeout" in errors["delay/3"]
    assert "redirect" in errors["loop"].lower()
    # the posts' own links lead nowhere on this server: those are 404s too, and only those
    others = {path: reason for path, reason in errors.items()
              if path not in ("status/404", "status/500", "delay/3", "loop")}
    assert set(others.values()) <= {"HTTP 404: a dead link"}
    assert db["posts"].count == 2  # and the crawl went on
    assert "elsewhere" not in " ".join(row[0] for row in db.execute("SELECT url FROM pages"))
    dead = sum(1 for reason in errors.values() if reason.endswith("a dead link"))
    assert f"{len(errors) - dead} errors" in result.stdout and f"{dead} dead links" in result.stdout
    assert db["crawls"].get(1)["dead_links"] == dead


LINKS_PAGE = b"""<!DOCTYPE html><html><head><title>Elsewhere on this site</title></head><body>
<ul><li><a href="/post/1/">first post</a></li><li><a href="/post/2/">second post</a></li></ul>
</body></html>"""


def test_every_page_a_crawl_takes_in_is_archived_skipped_or_an_error(blogarchive, archive_path):
    """Each response and each request that got none ends as one outcome, and they add up: the
    failure server's pages (posts, a 404, a 500, a timeout, a redirect loop, a path robots.txt
    forbids), an image, a page of links that is neither post nor listing. Before, the image
    and the page of links ended without a trace."""
    served = {"/pics/cat.png": (b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png"),
              "/links/": (LINKS_PAGE, "text/html; charset=utf-8")}
    with mockserver(served) as server:
        result = blogarchive("crawl", archive_path, server.url("/"), server.url("/pics/cat.png"),
                             server.url("/links/"), server.url("/private/secret/"), "--json",
                             *FAST, "-s", "DOWNLOAD_TIMEOUT=1", "-s", "RETRY_TIMES=1")
        # and the line a person reads names each reason
        text = blogarchive("crawl", archive_path.with_name("again.db"),
                           server.url("/pics/cat.png"), *FAST).stdout
    assert "3 skipped (1 not HTML, 1 robots.txt files, 1 sitemaps)" in text
    assert "(and 0 not" not in text
    summary = json.loads(result.stdout)
    outcomes = summary["outcomes"]
    assert outcomes["skipped"]["not_html"] == 1
    assert outcomes["skipped"]["not_a_post"] == 1
    assert outcomes["skipped"]["forbidden"] == 1
    assert outcomes["archived"] == {"archived": 2}
    assert outcomes["errors"]["dead_link"] >= 1 and outcomes["errors"]["error"] >= 3
    taken_in = sum(count for group in ("archived", "skipped", "errors")
                   for count in outcomes[group].values())
    assert taken_in == summary["fetched"] + summary["unfetched"]
    assert outcomes["not_fetched"] == summary["unfetched"] >= 3  # forbidden, timeout, loop
    # the archive's errors hold every error outcome, the run row the same outcomes
    db = Database(archive_path)
    assert db["errors"].count == sum(outcomes["errors"].values())
    assert json.loads(db["crawls"].get(1)["outcomes"]) == outcomes
    line = blogarchive("crawls", archive_path).stdout.splitlines()[-1].split()
    assert str(sum(outcomes["skipped"].values())) in line


def padded_post(megabytes: float) -> bytes:
    """The failure server's post with its body grown to `megabytes` of paragraphs (and a
    canonical URL of its own)."""
    from tests.mockserver.server import POST

    post = POST.replace("/2020/01/02/small-page/", f"/padded/{megabytes}/")
    paragraph = "<p>" + "Long text of a very long post that goes on and on. " * 20 + "</p>\n"
    end = post.index("</p>") + len("</p>")
    return (post[:end] + paragraph * int(megabytes * 1e6 / len(paragraph))
            + post[end:]).encode()


# how much later than due a retry may go out while a large page is read (issue 17: 20 s)
RETRY_LATENESS = 2.0


def test_large_pages_are_bounded_and_hold_no_other_request_back(blogarchive, archive_path):
    """A 30 MB page (past DOWNLOAD_MAXSIZE) is an errors row saying so, not 20 s and 700 MB of
    reading; a 6 MB one (within it) is read in the extraction worker while a retry that falls
    due goes out on time (Scrapy held every request back while more than 5 MB of responses were
    in hand), and its body is stored cut to ARCHIVE_MAX_BODY_CHARS with a warning. The crawl's
    peak memory, worker included, stays under 500 MB."""
    served = {"/huge/": (padded_post(30), "text/html; charset=utf-8"),
              "/large/": (padded_post(6), "text/html; charset=utf-8")}
    measure = ("import resource, subprocess, sys; code = subprocess.run(sys.argv[1:]).returncode;"
               " print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr);"
               " sys.exit(code)")
    with mockserver(served) as server:
        result = subprocess.run(
            [sys.executable, "-c", measure, sys.executable, "-m", "crawler.cli", "crawl",
             str(archive_path), server.url("/large/"), server.url("/huge/"),
             server.url("/flaky/1/503/late"), "--depth", "0", *FAST],
            capture_output=True, text=True, cwd=ROOT, timeout=300)
        asked = [(when, path) for when, path in server.times if path.startswith("/flaky/")]
    assert result.returncode == 1, result.stderr[-2000:]  # the huge page: a failed page
    peak_kb = int(result.stderr.strip().splitlines()[-1])
    assert peak_kb < 500 * 1024, f"peak RSS {peak_kb // 1024} MB"
    (first, _), (retry, _) = asked
    assert retry - first < 1.0 + RETRY_LATENESS  # ARCHIVE_RETRY_BACKOFF_BASE is 1 s
    db = Database(archive_path)
    (error,) = db["errors"].rows_where("stage = 'fetch'")
    assert error["url"].endswith("/huge/")
    assert error["reason"].startswith("larger than DOWNLOAD_MAXSIZE (28.6 MB, the limit is 16.0")
    (body,) = db.execute("SELECT body_text FROM posts WHERE url LIKE '%/large/'").fetchone()
    assert 900_000 <= len(body) <= 1_000_000
    assert db.execute("SELECT count(*) FROM errors WHERE stage = 'pipeline' AND reason LIKE "
                      "'post body_text cut at %'").fetchone()[0] == 1
    assert db["posts"].count == 2  # and the retried page came in


def test_a_probe_decides_for_the_links_of_its_kind(blogarchive, archive_path):
    """?sort= shows another page (no canonical link): every sort order is fetched once the
    probe says so. ?view= shows the same page (its canonical link says so): one probe, then no
    other view of any page."""
    with mockserver() as server:
        result = blogarchive("crawl", archive_path, server.url("/shelf/"),
                             "--spider", "diaries", *FAST)
        log = Counter(server.log)
    assert result.returncode == 0, result.stderr[-2000:]
    assert log["/shelf/?sort=new"] == log["/shelf/?sort=old"] == 1
    assert log["/view/1/"] == log["/view/2/"] == 1
    views = [path for path in log if "?view=" in path]
    assert len(views) == 1 and sum(log.values()) == 1 + 1 + 2 + 2 + 1  # robots.txt first
    db = Database(archive_path)
    assert sorted(url.split("/", 3)[3] for (url,) in db.execute("SELECT url FROM posts")) == [
        "view/1/", "view/2/"]
    skipped = json.loads(db["crawls"].get(1)["skipped"])
    assert skipped["variant"] >= 2  # the other view of /view/1/, both views of /view/2/


def test_retries_back_off_and_honour_retry_after(blogarchive, tmp_path):
    with mockserver() as server:
        flaky, limited = "/flaky/2/503/a/", "/flaky/1/429/b/"
        result = blogarchive("crawl", tmp_path / "a.db", server.url(flaky), server.url(limited),
                             "--depth", "0", *FAST,
                             "-s", "ARCHIVE_RETRY_BACKOFF_BASE=0.4", "-s", "RETRY_TIMES=3")
        times = list(server.times)
    assert result.returncode == 0, result.stderr[-2000:]
    attempts = [t for t, path in times if path == flaky]
    assert len(attempts) == 3  # two 503s, then the page
    gaps = [b - a for a, b in zip(attempts, attempts[1:], strict=False)]
    assert gaps[0] >= 0.4 and gaps[1] >= 0.8  # 0.4 s, then twice that
    limited_attempts = [t for t, path in times if path == limited]
    assert len(limited_attempts) == 2 and limited_attempts[1] - limited_attempts[0] >= 1.0
    # both serve one page (one canonical URL: one post), each fetched in the end
    assert Database(tmp_path / "a.db")["pages"].count == 2


def test_robots_holds_for_every_start_url_waiting_on_it(blogarchive, archive_path):
    """Several start URLs on one host wait together for its robots.txt: none slips through."""
    with mockserver() as server:
        urls = [server.url(p) for p in ("/post/1/", "/private/secret/", "/private/other/")]
        result = blogarchive("crawl", archive_path, *urls, "--depth", "0", *FAST)
        log = list(server.log)
    assert result.returncode == 0, result.stderr[-2000:]
    assert not any(path.startswith("/private/") for path in log)
    assert Database(archive_path)["posts"].count == 1


def children(pid: int) -> list[int]:
    """The processes `pid` started (Linux's /proc), e.g. its extraction worker."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def test_killed_crawl_resumes_to_the_uninterrupted_archive(blogarchive, site, served, tmp_path):
    whole, broken = tmp_path / "whole.db", tmp_path / "broken.db"
    assert blogarchive("crawl", whole, served + "/", *FAST).returncode == 0
    command = [sys.executable, "-m", "crawler.cli", "crawl", str(broken), served + "/",
               "-s", "ARCHIVE_BATCH_PAGES=2", "-s", "DOWNLOAD_DELAY=0.05",
               "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1"]
    process = started_until_posts(command, broken, 6, timeout=60)
    workers = children(process.pid)
    assert workers, "the crawl should have started its extraction worker"
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 10  # its worker must not outlive it
    while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() for pid in workers):
        time.sleep(0.2)
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers), "an orphaned worker"
    partial = Database(broken).execute("SELECT count(*) FROM posts").fetchone()[0]
    assert 6 <= partial < len(expected_threads(site, served)), "the kill did not land midway"
    killed = Database(broken)["crawls"].get(1)
    assert (killed["status"], killed["ended"], killed["pid"]) == ("running", None, process.pid)
    resumed = blogarchive("crawl", broken, served + "/", "--resume", *FAST)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    assert content(broken) == content(whole)
    # the killed run is closed as interrupted when the resumed one opens the archive, at the
    # time of its last committed batch
    runs = list(Database(broken).query("SELECT status, ended, updated FROM crawls ORDER BY id"))
    assert [run["status"] for run in runs] == ["interrupted", "finished"]
    assert runs[0]["ended"] == runs[0]["updated"] is not None


def test_recrawl_adds_exactly_the_new_comments(blogarchive, site, served, archive_path):
    assert blogarchive("crawl", archive_path, served + "/", *FAST).returncode == 0
    before = archived_threads(archive_path)
    request = urllib.request.Request(served + "/_sample/epoch?value=1", method="POST")
    urllib.request.urlopen(request).read()
    result = blogarchive("crawl", archive_path, served + "/", *FAST)
    assert result.returncode == 0, result.stderr[-2000:]
    after = archived_threads(archive_path)
    expected = expected_threads(site, served, epoch=1)
    assert after == expected
    added = sum(after.values()) - sum(before.values())
    assert added > 0
    assert f"({added} new)" in result.stdout
    db = Database(archive_path)
    assert db["crawls"].get(2)["new_comments"] == added
    # every thread was seen again: refetched when it changed, answered 304 when it did not
    stale = db.execute("SELECT count(*) FROM posts WHERE last_seen < "
                       "(SELECT started FROM crawls WHERE id = 2)").fetchone()[0]
    assert stale == 0
    grown = {url for url in after if after[url] != before.get(url)}
    assert 0 < len(grown) < len(after), "some threads should have grown, not all"
    # comments of unchanged threads moved their last_seen too (HTTP 304 -> seen now)
    quiet = db.execute(
        "SELECT count(*) FROM comments c JOIN posts p ON p.id = c.post_id "
        "WHERE c.last_seen != p.last_seen").fetchone()[0]
    assert quiet == 0


def test_since_depth_and_max_pages(blogarchive, site, served, tmp_path):
    since = tmp_path / "since.db"
    cutoff = "2019-06-01"
    assert blogarchive("crawl", since, served + "/", "--since", cutoff,
                       *FAST).returncode == 0
    rows = Database(since).execute("SELECT url, published FROM posts").fetchall()
    published = [p for _, p in rows if p]
    assert published and all(p[:10] >= cutoff for p in published)
    assert [url for url, p in rows if not p] == [served + ABOUT_PATH]  # a page has no date
    newer = [u for u in expected_threads(site, served)]
    assert len(published) < len(newer)

    shallow = tmp_path / "shallow.db"
    assert blogarchive("crawl", shallow, served + "/", "--spider", "diaries",
                       "--depth", "1", *FAST).returncode == 0
    deep = tmp_path / "deep.db"
    assert blogarchive("crawl", deep, served + "/", "--spider", "diaries",
                       *FAST).returncode == 0
    assert 0 < Database(shallow)["posts"].count < Database(deep)["posts"].count

    capped = tmp_path / "capped.db"
    result = blogarchive("crawl", capped, served + "/", "--max-pages", "10", *FAST)
    assert result.returncode == 0
    fetched = int(result.stdout.split("crawled: ")[1].split(" pages fetched")[0])
    assert fetched <= 10 + 1  # and robots.txt, which Scrapy fetches for itself


def test_extracting_in_a_worker_or_in_the_crawl_gives_the_same_archive(blogarchive, served,
                                                                      tmp_path):
    archives = {}
    for processes in (0, 1):
        path = tmp_path / f"workers-{processes}.db"
        result = blogarchive("crawl", path, served + "/", *FAST,
                             "-s", f"ARCHIVE_EXTRACT_PROCESSES={processes}")
        assert result.returncode == 0, result.stderr[-2000:]
        archives[processes] = content(path)
    assert archives[0]["comments"] and archives[0] == archives[1]


@pytest.mark.parametrize("given,agent", [
    (("--contact", "https://example.org/me"), "blogarchive/0.1 (+https://example.org/me)"),
    (("-s", "ARCHIVE_CONTACT_URL=https://example.org/s"),
     "blogarchive/0.1 (+https://example.org/s)"),
    # a User-Agent given outright wins over the one built from the contact
    (("--contact", "https://example.org/me", "-s", "USER_AGENT=mine/1.0"), "mine/1.0"),
])
def test_every_request_says_who_crawls_and_how_to_reach_them(blogarchive, tmp_path, given, agent):
    with mockserver() as server:
        result = blogarchive("crawl", tmp_path / "a.db", server.url("/post/1/"),
                             "--depth", "0", *FAST, *given)
        agents = list(server.agents)
    assert result.returncode == 0, result.stderr[-2000:]
    assert len(agents) == 2 and set(agents) == {agent}  # robots.txt and the post


def test_a_dead_start_url_fails_fast_in_one_line_and_the_run_is_failed(blogarchive, tmp_path):
    """Nothing listens on the port: robots.txt is tried once, the page once (no back-off
    rounds), the run is recorded failed, and the user reads lines, not a traceback."""
    from tests.conftest import free_port

    dead = f"http://127.0.0.1:{free_port()}/"
    archive = tmp_path / "a.db"
    result = blogarchive("crawl", archive, dead, "--json")
    assert result.returncode == 1
    summary = json.loads(result.stdout)
    assert (summary["status"], summary["errors"], summary["budget"]["requests"]) == ("failed", 1,
                                                                                    2)
    assert "Traceback" not in result.stderr
    assert [line for line in result.stderr.splitlines() if line.strip()] == [
        line for line in result.stderr.splitlines() if "Connection was refused" in line]
    (row,) = Database(archive)["errors"].rows
    assert row["url"] == dead and "Connection was refused" in row["reason"]
    assert Database(archive)["crawls"].get(1)["status"] == "failed"
    line = blogarchive("crawl", archive, dead).stdout
    assert f"nothing archived: see blogarchive errors {archive}" in line


def test_every_hostile_page_of_a_crawl_is_archived_or_recorded(blogarchive, corpus,
                                                               archive_path):
    """The pages of tests/mockserver/hostile.py served for real (an image as text/html, UTF-8
    bytes as charset=utf-16...), read by the crawl's extraction worker: each response ends a
    post (that of the real page it was made from) or an errors row with its reason."""
    from crawler.extractors.page import Page
    from crawler.processing import OfflinePipelines, process_page
    from tests.mockserver.hostile import HOSTILE, hostile

    cases = {name: hostile(name, corpus) for name in HOSTILE}
    served = {f"/hostile/{name}/": (case.body, case.content_type)
              for name, case in cases.items()}
    with mockserver(served) as server:
        result = blogarchive("crawl", archive_path, *(server.url(path) for path in served),
                             "--depth", "0", "--json", *FAST)
    assert result.returncode == 1, result.stderr[-2000:]  # the image: a failed page
    summary = json.loads(result.stdout)
    assert (summary["fetched"], summary["pages"], summary["errors"]) == (
        len(served) + 1, len(served) - 1, 1)  # robots.txt fetched too
    db = Database(archive_path)
    assert [(e["stage"], e["url"].split("/", 3)[3], e["reason"])
            for e in db["errors"].rows_where("stage != 'pipeline'")] == [
        ("extract", "hostile/image/", "binary content (a PNG image), not an HTML page")]
    pipelines = OfflinePipelines()
    for name, case in cases.items():
        if case.original is None:
            continue
        expected = process_page(Page.from_bytes(case.original, "https://corpus.example/"),
                                pipelines)
        title, body, comments = db.execute(
            "SELECT title, body_text, (SELECT count(*) FROM comments c WHERE c.post_id = p.id)"
            " FROM posts p WHERE url = ?", [server.url(f"/hostile/{name}/")]).fetchone()
        assert (title, body, comments) == (
            expected.post.title, expected.post.body_text, len(expected.comments)), name
