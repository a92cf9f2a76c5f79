"""Pages saved from a web archive's replay, imported as the site's own pages: our fixtures (the
sample site's posts as saved from the Wayback Machine and from pywb) and a real saved capture
of the corpus."""

from __future__ import annotations

import zlib

import pytest
from sqlite_utils import Database

from crawler.importing.replay import find_capture, is_replay, parse_replay_url, unrewritten
from tests.conftest import FIXTURES, run_blogarchive
from tests.fixtures.replay.build import SITE, STAMP, original_pages

CAPTURE_TIME = "2020-03-31T09:53:46Z"
# what only the replay put in: none of it may reach an archived page or post
REPLAY_TEXT = ("Wayback Machine", "captures", "COLLECTED BY", "Alexa Crawls", "TIMESTAMPS",
               "web.archive.org", "my-web-archive", "wombat", "__wm", "wbinfo",
               "FILE ARCHIVED ON", "playback timings", "localhost:8080")
# the corpus's real page saved from the Wayback Machine (BATCH2.md)
SILKROAD = "adbar_trafilatura/tests/eval/archive.org.the-pain.net.silkroad.html"
SILKROAD_URL = "http://the-pain.net/2008/05/silkroad-roc-mountain-quests-und-npcs.html"


@pytest.fixture(scope="module")
def originals():
    """name -> (URL, HTML) of the pages the fixtures wrap, as the sample site serves them."""
    return original_pages()


@pytest.mark.parametrize("replay, original", [
    ("https://web.archive.org/web/20080331095346/http://blog.example/2008/03/post/",
     "http://blog.example/2008/03/post/"),
    ("https://web.archive.org/web/20080331095346im_/http://blog.example/a.png",
     "http://blog.example/a.png"),
    ("http://web.archive.org/web/20080331095346id_/https://blog.example/?p=1",
     "https://blog.example/?p=1"),
    ("/web/20080331095346cs_/http://blog.example/style.css", "http://blog.example/style.css"),
    ("//web.archive.org/web/20080331095346js_/http://blog.example/a.js",
     "http://blog.example/a.js"),
    ("http://localhost:8080/my-coll/20080331095346mp_/http://blog.example/x",
     "http://blog.example/x"),
    ("https://web.archive.org/web/20080331095346/http://blog.example:80/x",
     "http://blog.example/x"),
])
def test_a_replay_address_names_the_original_and_the_capture(replay, original):
    capture = parse_replay_url(replay)
    assert (capture.url, capture.time, capture.replay_url) == (
        original, "2008-03-31T09:53:46Z", replay)
    as_written = replay[replay.index("/http") + 1:]  # a link keeps the port it was written with
    assert unrewritten(f'<a href="{replay}">'.encode()) == f'<a href="{as_written}">'.encode()


@pytest.mark.parametrize("url", ["http://blog.example/2008/03/31/post/",
                                 "http://blog.example/archive/20080331095346/",
                                 "https://web.archive.org/web/"])
def test_other_addresses_are_left_alone(url):
    assert parse_replay_url(url) is None
    assert unrewritten(url.encode()) == url.encode()


@pytest.mark.parametrize("name", ["wayback", "pywb"])
def test_replay_pages_are_told_by_their_structure(name, originals):
    url, html = originals[name]
    saved = (FIXTURES / "replay" / f"{name}.html").read_bytes()
    assert is_replay(saved) and not is_replay(html.encode())
    capture = find_capture(saved)
    assert (capture.url, capture.timestamp) == (url, STAMP)
    assert capture.replay_url.endswith(f"/{STAMP}/{url}")


@pytest.mark.parametrize("name", ["wayback", "pywb"])
def test_a_saved_replay_page_imports_as_the_sites_own(name, originals, tmp_path):
    url, html = originals[name]
    replayed, served = tmp_path / "replayed.db", tmp_path / "served.db"
    result = run_blogarchive("import", replayed, FIXTURES / "replay" / f"{name}.html")
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    original = tmp_path / "original.html"
    original.write_text(html, encoding="utf-8")
    assert run_blogarchive("import", served, original, "--url", url).returncode == 0

    db = Database(replayed)
    (page,) = db.query("SELECT url, fetched_at, capture_time, capture_url, body FROM pages")
    assert (page["url"], page["fetched_at"], page["capture_time"]) == (
        url, CAPTURE_TIME, CAPTURE_TIME)
    assert page["capture_url"].endswith(f"/{STAMP}/{url}")
    kept = zlib.decompress(page["body"]).decode("utf-8")
    assert not [text for text in REPLAY_TEXT if text in kept]
    assert f'href="{SITE}/blog/"' in kept  # links are the site's again

    (post,) = db.query("SELECT url, canonical_url, body_text, body_html, first_seen FROM posts")
    assert post["url"] == url and post["first_seen"] == CAPTURE_TIME
    assert not [text for text in REPLAY_TEXT if text in post["body_text"] + post["body_html"]]
    assert rows(replayed) == rows(served)  # the same thread as the page the site served


def rows(db_path) -> dict:
    """Posts and comments, without the times they were seen."""
    db = Database(db_path)
    return {
        "posts": db.execute("SELECT p.id, p.url, p.title, a.name, p.published, p.body_text "
                            "FROM posts p LEFT JOIN authors a ON a.id = p.author_id").fetchall(),
        "comments": db.execute(
            "SELECT c.id, c.parent_id, c.path, a.name, a.url, c.posted, c.body_text, c.body_html "
            "FROM comments c LEFT JOIN authors a ON a.id = c.author_id ORDER BY c.id").fetchall(),
    }


def test_a_real_saved_wayback_capture(corpus, tmp_path):
    archive = tmp_path / "a.db"
    result = run_blogarchive("import", archive, corpus / SILKROAD)
    assert result.returncode == 0, result.stderr[-3000:]
    db = Database(archive)
    (page,) = db.query("SELECT url, capture_time, capture_url FROM pages")
    assert page == {"url": SILKROAD_URL, "capture_time": "2013-03-07T19:44:48Z",
                    "capture_url": f"https://web.archive.org/web/20130307194448/{SILKROAD_URL}"}
    (post,) = db.query("SELECT url, canonical_url, title FROM posts")
    assert post["url"] == post["canonical_url"] == SILKROAD_URL
    assert db["comments"].count >= 30
    linked = " ".join(row[0] or "" for row in db.execute("SELECT body_html FROM comments"))
    assert "web.archive.org" not in linked
