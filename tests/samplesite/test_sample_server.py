"""The sample site over real HTTP: pages, robots.txt, feeds, sitemaps, pagination, 304s, epochs."""

from __future__ import annotations

import re
import urllib.request
import xml.etree.ElementTree as ET
from urllib.parse import urljoin, urlsplit

from samplesite_support import SITE_OPTIONS, fetch

from crawler.samplesite import SampleSite, serve_sample_site
from crawler.samplesite.model import dead_diary_path
from crawler.samplesite.render import DISALLOWED_PATHS

HREF = re.compile(r'<a [^>]*href="([^"#]*)[^"]*"')
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "atom": "http://www.w3.org/2005/Atom"}


def links(body: bytes, base: str) -> list[str]:
    return [urljoin(base, href) for href in HREF.findall(body.decode()) if href]


def follow_next(start: str, pattern: str) -> list[str]:
    """Walk a list by its "next" links; the pages' hrefs matching `pattern`, in order."""
    url, found, pages = start, [], 0
    while url:
        status, _, body = fetch(url)
        assert status == 200
        pages += 1
        html = body.decode()
        found += [h for h in re.findall(r'href="([^"]+)"', html) if re.fullmatch(pattern, h)]
        older = re.search(r'<a (?:rel="next"|class="next page-numbers") href="([^"]+)"', html)
        url = urljoin(url, older.group(1)) if older else None
    assert pages > 1
    return found


def test_every_kind_of_page_renders(sample_site, sample_url):
    name = sample_site.diary(3).author
    diary_id = max(sample_site.diary_ids(), key=sample_site.diary_comment_count)
    post_id = max(sample_site.post_ids(), key=sample_site.post_comment_count)
    pages = [
        "/", "/diaries?page=2", sample_site.user_path(name), sample_site.tag_path("Economy"),
        *sample_site.diary_page_paths(diary_id), *sample_site.post_page_paths(post_id),
        "/blog/", "/blog/page/2/", "/blog/category/soil/", "/blog/tag/clay/",
        f"/blog/{sample_site.post(1).published:%Y/%m}/", "/blog/author/marta-lindqvist/",
    ]
    for path in pages:
        status, headers, body = fetch(sample_url + path)
        assert status == 200, path
        assert headers["Content-Type"].startswith("text/html") and b"</html>" in body
    assert len(sample_site.diary_page_paths(diary_id)) > 1
    assert len(sample_site.post_page_paths(post_id)) > 1
    for path in ("/story/2019/1/1/99999/-Nothing", "/diaries?page=99", "/blog/2019/01/x-99999/",
                 sample_site.diary_path(1) + "x", "/user/nobody-at-all"):
        assert fetch(sample_url + path)[0] == 404, path


def test_robots_keeps_crawlers_out_of_admin_pages_that_exist_and_are_linked(sample_url):
    status, _, body = fetch(sample_url + "/robots.txt")
    robots = body.decode()
    assert status == 200 and f"Sitemap: {sample_url}/sitemap.xml" in robots
    home = fetch(sample_url + "/")[2] + fetch(sample_url + "/blog/")[2]
    for path in DISALLOWED_PATHS:
        assert any(path.startswith(line.split(": ")[1]) for line in robots.splitlines()
                   if line.startswith("Disallow: "))
        assert fetch(sample_url + path)[0] == 200
        assert f'href="{path}"'.encode() in home


def test_feeds_parse_and_list_the_newest_posts(sample_site, sample_url):
    newest = [f"{sample_url}{sample_site.post_path(i)}" for i in sample_site.post_ids()[:10]]
    rss = ET.fromstring(fetch(sample_url + "/blog/feed/")[2])
    assert [item.findtext("link") for item in rss.iter("item")] == newest
    atom = ET.fromstring(fetch(sample_url + "/blog/feed/atom/")[2])
    entries = atom.findall("atom:entry", NS)
    assert [e.find("atom:link[@rel='alternate']", NS).get("href") for e in entries] == newest
    page = fetch(sample_url + "/blog/")[2].decode()
    assert 'type="application/rss+xml"' in page and 'type="application/atom+xml"' in page


def test_sitemaps_list_every_diary_and_post_once(sample_site, sample_url):
    index = ET.fromstring(fetch(sample_url + "/sitemap.xml")[2])
    urls = []
    for loc in index.findall("sm:sitemap/sm:loc", NS):
        part = ET.fromstring(fetch(loc.text)[2])
        urls += [u.text for u in part.findall("sm:url/sm:loc", NS)]
    expected = [sample_url + sample_site.diary_path(i) for i in range(1, 31)]
    expected += [sample_url + sample_site.post_path(i) for i in range(1, 13)]
    assert sorted(urls) == sorted(expected)
    blog = ET.fromstring(fetch(sample_url + "/blog/sitemap.xml")[2])
    assert all("/blog/" in loc.text for loc in blog.findall("sm:sitemap/sm:loc", NS))


def test_list_pagination_reaches_every_diary_and_post_exactly_once(sample_site, sample_url):
    diaries = follow_next(sample_url + "/diaries", r"/story/\d+/\d+/\d+/\d+/-[^?#/]*")
    assert diaries == [sample_site.diary_path(i) for i in sample_site.diary_ids()]
    posts = follow_next(sample_url + "/blog/", r"/blog/\d{4}/\d{2}/[a-z0-9-]+/")
    assert sorted(set(posts)) == sorted(sample_site.post_path(i) for i in sample_site.post_ids())
    assert len(posts) == 2 * 12  # title and date link each, once per post
    author = max(sample_site.user_names, key=lambda n: len(sample_site.diaries_by("user", n)))
    tag = max(sample_site.diary(1).tags, key=lambda t: len(sample_site.diaries_by("tag", t)))
    for path, ids in ((sample_site.user_path(author), sample_site.diaries_by("user", author)),
                      (sample_site.tag_path(tag), sample_site.diaries_by("tag", tag))):
        listed = [h for h in re.findall(r'<a class="title" href="([^"]+)"',
                                        fetch(sample_url + path)[2].decode())]
        assert listed == [sample_site.diary_path(i) for i in ids][:10] and listed


def test_thread_and_comment_pages_link_each_other(sample_site, sample_url):
    diary_id = max(sample_site.diary_ids(), key=sample_site.diary_comment_count)
    paths = sample_site.diary_page_paths(diary_id)
    body = fetch(sample_url + paths[0])[2].decode()
    assert all(f'href="{p}"' in body.replace("&amp;", "&") for p in paths[1:])
    post_id = max(sample_site.post_ids(), key=sample_site.post_comment_count)
    post, *older = sample_site.post_page_paths(post_id)  # newest first: the post shows the last
    last = len(older) + 1
    assert sample_site.post_page_number(post_id) == last > 2
    html = fetch(sample_url + post)[2].decode()
    assert f'<link rel="prev" href="{sample_url}{post}comment-page-{last - 1}/">' in html
    assert "Older Comments" in html and '<link rel="next"' not in html
    html = fetch(sample_url + older[0])[2].decode()  # comment-page-1/: the oldest comments
    assert '<link rel="prev"' not in html
    assert f'<link rel="next" href="{sample_url}{post}comment-page-2/">' in html
    html = fetch(sample_url + older[-1])[2].decode()
    assert f'<link rel="next" href="{sample_url}{post}">' in html
    # the page the post's URL shows is sent there
    status, headers, _ = fetch(sample_url + post + f"comment-page-{last}/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")


def test_external_links_are_few_and_elsewhere(sample_site, sample_url):
    hosts = set()
    for path in ("/", sample_site.diary_path(2), sample_site.diary_path(3), "/blog/",
                 sample_site.post_path(2), sample_site.post_path(5)):
        hosts.update(urlsplit(u).netloc for u in links(fetch(sample_url + path)[2],
                                                        sample_url + path))
    own = urlsplit(sample_url).netloc
    assert own in hosts and len(hosts - {own}) >= 2
    assert not any(h.startswith("127.") for h in hosts - {own})


def test_etag_and_last_modified_answer_conditional_requests(sample_site, sample_url):
    url = sample_url + sample_site.diary_path(4)
    status, headers, body = fetch(url)
    etag, modified = headers["ETag"], headers["Last-Modified"]
    assert status == 200 and etag and modified
    assert fetch(url, {"If-None-Match": etag})[0] == 304
    assert fetch(url, {"If-Modified-Since": modified})[0] == 304
    assert fetch(url, {"If-None-Match": '"other"'})[0] == 200
    assert fetch(url, {"If-Modified-Since": "Mon, 01 Jan 2018 00:00:00 GMT"})[0] == 200


def test_epoch_adds_diaries_and_comments_and_moves_validators_only_where_changed():
    site = SampleSite(**SITE_OPTIONS)
    with serve_sample_site(site) as base:
        before = {i: fetch(base + site.diary_path(i))[1] for i in site.diary_ids()}
        request = urllib.request.Request(base + "/_sample/epoch?value=2", method="POST")
        with urllib.request.urlopen(request) as response:
            assert b'"epoch": 2' in response.read()
        assert site.epoch == 2 and site.diary_count() == 30 + 2 * site.new_diaries_per_epoch
        home = fetch(base + "/")[2].decode()
        assert home.index(site.diary_path(site.diary_count())) < home.index(site.diary_path(30))
        changed = unchanged = 0
        for diary_id, old in before.items():
            status, headers, body = fetch(base + site.diary_path(diary_id),
                                          {"If-None-Match": old["ETag"]})
            if site.diary_comment_count(diary_id, 2) > site.diary_comment_count(diary_id, 0):
                changed += 1
                assert status == 200 and headers["ETag"] != old["ETag"]
                assert headers["Last-Modified"] != old["Last-Modified"]
                count = site.diary_comment_count(diary_id)
                assert f"{count} comments".encode() in body
            else:
                unchanged += 1
                assert status == 304 and headers["Last-Modified"] == old["Last-Modified"]
        assert changed and unchanged


def test_community_pages_carry_what_a_careful_crawler_leaves_alone(sample_site, sample_url):
    """Every comment has nofollow Reply and Recommend actions; every diary Print, Email,
    display-mode and story-only views whose canonical link names the diary; dead links 404."""
    diary_id = max(sample_site.diary_ids(), key=sample_site.diary_comment_count)
    path = sample_site.diary_path(diary_id)
    html = fetch(sample_url + path)[2].decode()
    comments = len(sample_site.thread_pages(diary_id)[0])
    assert html.count('<a rel="nofollow" href="/comments/post?') == comments
    assert html.count('<a rel="nofollow" href="/ajax/rate?') == comments
    assert fetch(sample_url + f"/ajax/rate?sid={diary_id}&cid=1")[0] == 404
    assert "Log in" in fetch(sample_url + f"/comments/post?sid={diary_id}&pid=1")[2].decode()
    views = [f"{path}?mode=flat", f"{path}?mode=threaded", f"{path}?mode=minimal",
             f"{path}/printer", "/storyonly/" + path.removeprefix("/story/")]
    for view in views:
        assert f'href="{view}"' in html, view
        status, _, body = fetch(sample_url + view)
        assert status == 200, view
        assert f'<link rel="canonical" href="{sample_url}{path}">' in body.decode(), view
    assert f'href="/mailstory{path}">Email</a>' in html
    assert fetch(sample_url + f"/mailstory{path}")[0] == 200
    dead = [i for i in sample_site.diary_ids() if i % 10 == 0]
    assert dead
    for diary in dead:
        link = dead_diary_path(diary)
        assert f'href="{link}"' in fetch(sample_url + sample_site.diary_path(diary))[2].decode()
        assert fetch(sample_url + link)[0] == 404


def test_front_page_is_teasers_without_page_type_markup(sample_site, sample_url):
    html = fetch(sample_url + "/")[2].decode()
    assert '<body class="dk4">' in html
    newest = sample_site.diary_ids()[:10]
    assert html.count('class="story-teaser"') == len(newest)
    for diary_id in newest:
        assert f'<a href="{sample_site.diary_path(diary_id)}">' in html
        assert sample_site.diary(diary_id).intro[0].html in html


def test_blog_has_an_about_page_and_replytocom_links(sample_site, sample_url):
    html = fetch(sample_url + "/blog/")[2].decode()
    assert 'href="/blog/about/"' in html
    about = fetch(sample_url + "/blog/about/")[2].decode()
    assert 'class="page-template-default page page-id-2"' in about
    post_id = max(sample_site.post_ids(), key=sample_site.post_comment_count)
    path = sample_site.post_path(post_id)
    html = fetch(sample_url + path)[2].decode()
    assert f'<a rel="nofollow" class="comment-reply-link" href="{path}?replytocom=' in html
    body = fetch(sample_url + f"{path}?replytocom=1")[2].decode()
    assert f'<link rel="canonical" href="{sample_url}{path}">' in body


def test_oldest_first_comment_pages_are_an_option():
    site = SampleSite(seed=3, posts=12, diaries=2, wp_comments_per_page=3,
                      wp_newest_first=False)
    post_id = max(site.post_ids(), key=site.post_comment_count)
    post, *later = site.post_page_paths(post_id)
    assert site.post_page_number(post_id) == 1 and later[0] == f"{post}comment-page-2/"
    with serve_sample_site(site) as base:
        html = fetch(base + post)[2].decode()
        assert f'<link rel="next" href="{base}{post}comment-page-2/">' in html
        assert fetch(base + later[-1])[0] == 200
