"""Archives to publish: the fixture pages, a small hand-made forum with known answers, a thread
of thousands of comments; Datasette on them configured as `blogarchive serve` does; a real
`blogarchive serve` process for the browser."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from crawler.items import Comment, Post, Thread

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
REFERENCE_DIARY = "dailykos/diary-with-comments.html"
BIG_THREAD_COMMENTS = 2_000
HOSTILE_BODY = (
    '<p>Look here<script>document.title="pwned"</script>'
    '<img src="x" onerror="document.title=\'pwned\'">'
    '<a href="javascript:alert(1)">click</a></p>'
)


def comment(post_id: str, path: str, position: int, author: str | None, posted: str | None,
            **fields) -> Comment:
    parent = path.rpartition(".")[0]
    return Comment(
        path=path, id=f"{post_id}-{path}", post_id=post_id,
        parent_id=f"{post_id}-{parent}" if parent else None, depth=path.count("."),
        position=position, author=author, posted=posted, **fields,
    )


def forum_threads() -> list[Thread]:
    """Two posts whose queries have answers worked out by hand (see test_queries.py)."""
    first = Post(url="https://forum.example/a", site="forum.example", platform="generic",
                 id="post-a", title="Tide tables", author="alice",
                 published="2020-01-05T10:00:00Z", body_text="About the harbour tides.")
    second = Post(url="https://forum.example/b", site="forum.example", platform="generic",
                  id="post-b", title="Town meetings", author="bob",
                  published="2020-02-01T09:00:00Z", body_text="Minutes of the meeting.")
    a = "post-a"
    a_comments = [
        comment(a, "1", 1, "bob", "2020-01-05T11:00:00Z", body_text="Spring tides are high.",
                tips_plus=5, tips_minus=0, recommenders=["carol", "dave"]),
        comment(a, "1.1", 2, "alice", "2020-01-05T12:00:00Z", body_text="Neap tides too.",
                tips_plus=1, tips_minus=0),
        comment(a, "1.1.1", 3, "bob", "2020-01-06T08:00:00Z", body_text="Agreed on neap.",
                tips_plus=0, tips_minus=0, recommenders=["carol"]),
        comment(a, "2", 4, "carol", "2020-01-07T08:00:00Z", body_text="The harbour floods.",
                tips_plus=0, tips_minus=1),
        comment(a, "2.1", 5, "bob", "2020-02-03T08:00:00Z", body_text="Only in storms.",
                title="Storms", tips_plus=2, tips_minus=0),
    ]
    b = "post-b"
    b_comments = [
        comment(b, "1", 1, "alice", "2020-02-02T10:00:00Z", body_text="I read the minutes.",
                tips_plus=0, tips_minus=0),
        comment(b, "1.1", 2, "bob", "2020-02-02T11:00:00Z", body_text="So did I.",
                tips_plus=0, tips_minus=0),
        comment(b, "2", 3, "dave", None, body_text=HOSTILE_BODY.replace("<", " ").strip(),
                body_html=HOSTILE_BODY, signature="<b>dave's sig</b>", tips_plus=0,
                tips_minus=0, author_url="javascript:alert(2)"),
    ]
    return [Thread(post=first, comments=a_comments), Thread(post=second, comments=b_comments)]


def big_thread(n: int = BIG_THREAD_COMMENTS) -> Thread:
    """A post with `n` comments: runs of replies up to 6 deep, recommenders here and there."""
    post_id = "post-big"
    post = Post(url="https://big.example/thread", site="big.example", platform="dailykos",
                id=post_id, title="A very long thread", author="host",
                published="2021-03-01T00:00:00Z", body_text="Discuss.")
    comments, paths, top = [], [], 0
    for i in range(n):
        if i % 7 == 0 or not paths:
            top += 1
            path = str(top)
        else:
            parent = paths[-1] if paths[-1].count(".") < 5 else paths[-1].rpartition(".")[0]
            siblings = sum(1 for p in paths if p.rpartition(".")[0] == parent)
            path = f"{parent}.{siblings + 1}"
        paths.append(path)
        comments.append(comment(
            post_id, path, i + 1, f"reader{i % 97}",
            f"2021-{3 + i // 1000:02d}-{1 + i % 28:02d}T{i % 24:02d}:00:00Z",
            title=f"Comment {i}", body_text=f"Body of comment {i}, about tides and towns.",
            body_html=f"<p>Body of comment <b>{i}</b>, about tides and towns.</p>",
            signature=f"sig {i % 5}", tips_plus=i % 11, tips_minus=0,
            recommenders=[f"reader{(i + k) % 97}" for k in range(1, i % 4)],
        ))
    return Thread(post=post, comments=comments)


def write_archive(path: Path, threads: list[Thread]) -> Path:
    from db.schema import open_archive
    from db.writer import ArchiveWriter

    db = open_archive(path)
    ArchiveWriter(db).write_batch(threads)
    db.close()
    return path


@pytest.fixture(scope="session")
def fixture_threads(offline_pipelines) -> list[Thread]:
    """Every fixture page of the extractors, extracted as a crawl would, with its raw page."""
    from crawler.extractors.page import Page
    from crawler.items import RawPage
    from crawler.processing import process_page

    threads = []
    for page_file in sorted(FIXTURES.rglob("*.html")):
        relative = page_file.relative_to(FIXTURES).as_posix()
        url = f"https://fixtures.example/{relative}"
        body = page_file.read_bytes()
        try:
            thread = process_page(Page.from_bytes(body, url), offline_pipelines)
        except Exception:  # pages the extractors reject are not what publishing tests
            continue
        thread.page = RawPage(url=url, body=body, fetched_at="2020-01-01T00:00:00Z",
                              status=200, content_type="text/html")
        threads.append(thread)
    return threads


@pytest.fixture(scope="session")
def publish_archive(tmp_path_factory, fixture_threads) -> Path:
    """The fixture pages (the reference diary among them) and the hand-made forum."""
    path = tmp_path_factory.mktemp("publish") / "archive.db"
    return write_archive(path, [*fixture_threads, *forum_threads()])


@pytest.fixture(scope="session")
def big_archive(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.db"
    return write_archive(path, [big_thread()])


@pytest.fixture(scope="session")
def reference_post_id(fixture_threads) -> str:
    return next(t.post.id for t in fixture_threads if t.post.url.endswith(REFERENCE_DIARY))


@pytest.fixture
def datasette_for():
    """Datasette on an archive, configured exactly as `blogarchive serve` configures it."""
    from db.publish import make_datasette

    return make_datasette


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(archive: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """A real `blogarchive serve` of `archive` on 127.0.0.1 and a free port, while the block runs:
    (base URL, the process)."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "serve", str(archive), "--port", str(port)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"blogarchive serve did not start: {process.stderr.read()}")
            time.sleep(0.2)
    try:
        yield url, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def served_archive(publish_archive):
    """The publish archive served by a real `blogarchive serve` process: (base URL, process)."""
    with serving(publish_archive) as served:
        yield served


@pytest.fixture(scope="session")
def served_demo(tmp_path_factory):
    """The archive `make demo` makes (the sample site's 40 diaries and 20 posts, crawled by a
    real `blogarchive crawl`), served: pages as full as a newcomer first sees them. Its name is
    the archive's database name in URLs."""
    from crawler.samplesite import SampleSite, serve_sample_site

    archive = tmp_path_factory.mktemp("demo") / "demo.db"
    with serve_sample_site(SampleSite(diaries=40, posts=20)) as site:
        crawl = subprocess.run(
            [sys.executable, "-m", "crawler.cli", "crawl", str(archive), f"{site}/",
             "--contact", "https://example.org/demo", "-s", "DOWNLOAD_DELAY=0",
             "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8"],
            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert crawl.returncode == 0, crawl.stderr[-2000:]
    with serving(archive) as served:
        yield served
