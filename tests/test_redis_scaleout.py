"""A crawl shared over Redis: many `blogarchive crawl --redis` workers, one `blogarchive store`.

Against a real `redis-server` started here on 127.0.0.1 (a free port, a temporary folder) and
the sample site, whose server logs every request it answers (path and time), so "fetched once"
and "within the rate limit" are checked where a site owner would see them.
"""

from __future__ import annotations

import hashlib
import re
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from urllib.parse import unquote, urlsplit

import pytest
from scrapy import Request
from scrapy_redis import picklecompat
from sqlite_utils import Database

from crawler.items import PageError, Thread
from crawler.samplesite import SampleSite
from crawler.samplesite.server import SampleHTTPServer, SampleRequestHandler
from crawler.scaleout import connect, keys
from crawler.scaleout.drain import ItemDrain, drain
from crawler.scaleout.queue import OUTSTANDING, POP
from crawler.spiders.blog import BlogSpider
from db.runs import close_run
from db.schema import open_archive
from db.writer import ArchiveWriter
from pipelines.redis_queue import RedisQueuePipeline
from tests.commands.test_crawl import FAST, content
from tests.conftest import REDIS_SERVER, ROOT, free_port, run_blogarchive

SITE = {"seed": 11, "diaries": 8, "posts": 5, "max_comments": 150, "max_depth": 8,
        "thread_page_size": 50, "wp_comments_per_page": 6, "list_page_size": 4,
        "blog_page_size": 3}
# workers of these tests: no shared delay unless a test sets one, quick to notice the end,
# quick to count a killed worker (or writer) as dead
SHARED = (*FAST, "-s", "ARCHIVE_REDIS_DOMAIN_DELAY=0", "-s", "ARCHIVE_REDIS_IDLE_CLOSE=1.5",
          "-s", "ARCHIVE_REDIS_WORKER_TIMEOUT=4", "-s", "ARCHIVE_PROGRESS=0")

pytestmark = pytest.mark.skipif(
    REDIS_SERVER is None,
    reason="redis-server not installed (Debian package redis-server; .ci/run installs it)")


class LoggingHandler(SampleRequestHandler):
    def _respond(self, send_body: bool) -> None:
        with self.server.log_lock:
            self.server.log.append((time.monotonic(), self.path))
        super()._respond(send_body)


PORT = free_port()  # every site of this module on one port: post ids follow URLs


@contextmanager
def logged_site(delay_ms: int = 0, handler: type[LoggingHandler] = LoggingHandler):
    """The sample site, logging (time, path) of every request it answers."""
    server = SampleHTTPServer(SampleSite(**SITE), port=PORT, delay_ms=delay_ms)
    server.RequestHandlerClass = handler
    server.log, server.log_lock = [], threading.Lock()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """What a single-process crawl of the site archives."""
    path = tmp_path_factory.mktemp("reference") / "single.db"
    with logged_site() as server:
        result = run_blogarchive("crawl", path, server.url + "/", *FAST)
    assert result.returncode == 0, result.stderr[-3000:]
    return content(path)


def worker(base: str, redis_url: str, tmp_path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "crawl", str(tmp_path / "worker.db"),
         base + "/", "--redis", redis_url, *SHARED, *extra],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def writer(redis_url: str, archive, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "store", str(archive), "--redis", redis_url,
         "-s", "ARCHIVE_REDIS_WORKER_TIMEOUT=4", *extra],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen, timeout: float = 120) -> str:
    out, err = process.communicate(timeout=timeout)
    assert process.returncode == 0, out + err[-3000:]
    return out


def stored_pages(archive) -> int:
    """Pages the store runs wrote, added up: more than the site has means duplicates."""
    db = Database(archive)
    return db.execute("SELECT coalesce(sum(pages), 0) FROM crawls WHERE command = 'store'"
                      ).fetchone()[0]


# --- the whole thing ---------------------------------------------------------------------------
def test_three_workers_and_a_writer_archive_what_one_process_does(redis_url, reference,
                                                                    tmp_path, archive_path):
    with logged_site() as site:
        # the writer waits long enough for three workers (and their readers) to start on a
        # loaded two-core machine
        store = writer(redis_url, archive_path, "--idle-exit", "15")
        workers = [worker(site.url, redis_url, tmp_path) for _ in range(3)]
        outputs = [finish(w) for w in workers]
        store_output = finish(store)
        log = list(site.log)
    assert content(archive_path) == reference
    assert all("queued" in out for out in outputs)
    assert "stored" in store_output and "0 left in the queue" in store_output
    fetched: dict[str, int] = {}
    for _, path in log:
        fetched[path] = fetched.get(path, 0) + 1
    # robots.txt is read by the RobotsTxtMiddleware of each worker that asks the site for a page
    # (the spider reads its sitemaps from that response), never by the spider itself
    assert 1 <= fetched["/robots.txt"] <= len(workers)
    again = {path: n for path, n in fetched.items() if n > 1 and path != "/robots.txt"}
    assert again == {}, "fetched more than once"
    assert "/admin/queue" not in fetched, "robots.txt was not obeyed by a joining worker"
    assert len(fetched) > 40
    queued = sum(int(re.search(r"(\d+) posts queued", out).group(1)) for out in outputs)
    assert queued == stored_pages(archive_path) == len(reference["posts"])
    # between them the workers fetched every post (a late joiner may find the crawl done)
    fetched_by = [int(out.split("queued: ", 1)[1].split(" ", 1)[0]) for out in outputs]
    assert sum(fetched_by) >= len(reference["posts"])
    run = Database(archive_path)["crawls"].get(1)
    assert (run["command"], run["status"]) == ("store", "finished")
    client = connect(redis_url)
    assert client.xlen(keys("blogarchive")["items"]) == 0
    assert not client.keys("blogarchive:blog:requests:inflight:*")


def test_a_worker_killed_mid_crawl_and_restarted_loses_nothing(redis_url, reference, tmp_path,
                                                               archive_path):
    with logged_site(delay_ms=40) as site:
        # the victim starts first: started third, on a loaded machine it could find the other
        # two done with the crawl and hold nothing to lose
        victim = worker(site.url, redis_url, tmp_path)
        client = connect(redis_url)
        pattern = f"blogarchive:blog:requests:inflight:*:{victim.pid}:*"

        def held() -> int:
            return sum(client.hlen(key) for key in client.keys(pattern))

        deadline = time.monotonic() + 60
        while (len(site.log) < 15 or held() == 0) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert held() > 0, "the worker to kill should have requests in flight"
        workers = [worker(site.url, redis_url, tmp_path) for _ in range(2)]
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        workers.append(worker(site.url, redis_url, tmp_path))  # restarted
        for process in workers:
            finish(process)
    finish(writer(redis_url, archive_path, "--once"))
    assert content(archive_path) == reference
    assert not client.keys("blogarchive:blog:requests:inflight:*")


def test_the_writer_killed_mid_batch_and_restarted_loses_and_duplicates_nothing(
        redis_url, reference, tmp_path, archive_path):
    with logged_site() as site:
        for process in [worker(site.url, redis_url, tmp_path) for _ in range(2)]:
            finish(process)
    client = connect(redis_url)
    queued = client.xlen(keys("blogarchive")["items"])
    assert queued == len(reference["posts"])
    store = writer(redis_url, archive_path, "--idle-exit", "30", "-s", "ARCHIVE_BATCH_PAGES=2")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and _committed(archive_path) < 2:
        time.sleep(0.01)
    store.send_signal(signal.SIGKILL)
    store.wait()
    partly = _committed(archive_path)
    assert 2 <= partly < queued, "killed after its first batch, before the last"
    out = finish(writer(redis_url, archive_path, "--once", "-s", "ARCHIVE_BATCH_PAGES=2"))
    assert "0 left in the queue" in out
    assert content(archive_path) == reference
    assert stored_pages(archive_path) == queued, "a page stored twice (or lost)"
    assert client.xlen(keys("blogarchive")["items"]) == 0


def _committed(archive) -> int:
    if not archive.exists():
        return 0
    try:
        return stored_pages(archive)
    except Exception:  # noqa: BLE001 - the archive is being created
        return 0


def test_a_batch_committed_but_not_acknowledged_is_not_stored_twice(redis_url, thread_of,
                                                                      archive_path):
    """The writer dies between its SQLite commit and its XACK: the next run only acknowledges."""
    names = keys("blogarchive")
    client = connect(redis_url)
    queue = RedisQueuePipeline(client, names["items"])
    thread = thread_of("dailykos/diary-with-comments.html")
    queue.push(thread)
    queue.push(PageError("https://fixtures.example/gone", "fetch", "HTTP 404"))
    first = ItemDrain(client, names["items"], names["writer"],
                      ArchiveWriter(open_archive(str(archive_path))), batch=10, lock_seconds=1)
    first.start({})
    first.write(first.read(100))  # committed ... and killed before acknowledging
    close_run(first.writer.db, first.writer.crawl_id, "interrupted")
    client.delete(names["writer"])
    second = ItemDrain(client, names["items"], names["writer"],
                       ArchiveWriter(open_archive(str(archive_path))), batch=10)
    second.start({})
    drain(second, once=True)
    assert (second.writer.counts.pages, second.writer.counts.errors) == (0, 0)
    db = Database(archive_path)
    assert db["posts"].count == 1 and db["errors"].count == 1
    assert db["comments"].count == len(thread.comments)
    assert client.xlen(names["items"]) == 0
    assert isinstance(thread, Thread)


# --- what a worker holds, and how it waits ---------------------------------------------------
HELD_PREFIX = "blogarchive:blog:requests:inflight:"


def held_paths(client) -> set[str]:
    """The paths (with their queries) of the requests every worker holds in flight."""
    paths = set()
    for key in client.keys(HELD_PREFIX + "*"):
        for data in client.hvals(key):
            url = urlsplit(picklecompat.loads(data)["url"])
            paths.add(unquote(url.path + (f"?{url.query}" if url.query else "")))
    return paths


class HeldCheckingHandler(LoggingHandler):
    """Answers each request a moment late, noting first whether its worker still holds it."""

    def _respond(self, send_body: bool) -> None:
        if self.path != "/robots.txt":  # Scrapy's own request, never in the shared queue
            time.sleep(0.1)  # the worker's engine asks its scheduler for more meanwhile
            held = unquote(self.path) in held_paths(self.server.redis)
            with self.server.log_lock:
                self.server.checks.append((self.path, held))
        super()._respond(send_body)


def test_a_request_is_held_in_flight_while_its_worker_works_on_it(redis_url, tmp_path):
    """A worker acknowledges a request (it leaves the in-flight hash, a killed worker's requests
    go back to the queue) only once its engine is done with it: never while it downloads."""
    with logged_site(handler=HeldCheckingHandler) as site:
        site.redis, site.checks = connect(redis_url), []
        finish(worker(site.url, redis_url, tmp_path))
        checks = list(site.checks)
    assert len(checks) > 20
    assert [path for path, held in checks if not held] == []
    assert not held_paths(connect(redis_url))


def test_an_idle_worker_looks_at_the_shared_queue_every_poll_interval(redis_url, tmp_path):
    """Scrapy's engine asks an idle scheduler again only every 5 s: a worker waiting for the
    others looks at the queue (and whether the crawl is over) every ARCHIVE_REDIS_POLL_INTERVAL
    itself, and takes up the requests a stopped worker left."""
    client = connect(redis_url)
    queue_key = keys("blogarchive")["requests"] % {"spider": "blog"}
    site_model = SampleSite(**SITE)
    left = site_model.post_path(site_model.post_ids()[0])
    spider = BlogSpider(urls="http://127.0.0.1/")
    request = Request(f"http://127.0.0.1:{PORT}{left}", callback=spider.parse,
                      errback=spider.failed)
    # another worker of the crawl, alive for now, holds a request: the crawl is not over
    client.zadd(f"{queue_key}:workers", {"keeper": time.time() + 3600})
    client.hset(HELD_PREFIX + "keeper", "1:0",
                picklecompat.dumps(request.to_dict(spider=spider)))
    shas = {hashlib.sha1(script.encode()).hexdigest(): name
            for script, name in ((POP, "pop"), (OUTSTANDING, "outstanding"))}
    with logged_site() as site:
        process = worker(site.url, redis_url, tmp_path, "--depth", "0",
                         "-s", "ARCHIVE_REDIS_POLL_INTERVAL=0.2")
        calls = {"pop": 0, "outstanding": 0}
        with client.monitor() as monitor:
            # counted for 2 s from the first time the worker asks whether the crawl is over,
            # which it does only once idle
            started, until = None, time.monotonic() + 60
            while time.monotonic() < until:
                words = monitor.next_command()["command"].split()
                name = shas.get(words[1]) if words[0] == "EVALSHA" else None
                if name == "outstanding" and started is None:
                    started = until = time.monotonic() + 2
                if name and started is not None:
                    calls[name] += 1
        # the keeper stops: its request goes back to the queue, for the waiting worker
        client.zadd(f"{queue_key}:workers", {"keeper": 0})
        finish(process)
        log = [path for _, path in site.log]
    assert calls["pop"] >= 5 and calls["outstanding"] >= 5, calls  # every 0.2 s, not 5 s
    assert log.count(left) == 1
    assert not held_paths(client) and client.zcard(queue_key) == 0


# --- politeness across workers -----------------------------------------------------------------
def test_per_domain_rate_across_workers_stays_within_the_limit(redis_url, tmp_path):
    delay = 0.05  # 20 requests a second to the site, all workers together
    with logged_site() as site:
        # the whole site: how much any one worker's page budget (--max-pages) would have
        # fetched depends on which pages (and sitemaps) it happened to read
        workers = [worker(site.url, redis_url, tmp_path, "-s",
                          f"ARCHIVE_REDIS_DOMAIN_DELAY={delay}") for _ in range(3)]
        for process in workers:
            finish(process)
        times = sorted(t for t, _ in site.log)
    assert len(times) > 30
    # any ten consecutive requests span at least ten delays (less a little network jitter)
    spans = [times[i + 10] - times[i] for i in range(len(times) - 10)]
    assert min(spans) >= 10 * delay * 0.8, min(spans)
    rate = (len(times) - 1) / (times[-1] - times[0])
    assert rate <= 1 / delay * 1.05


def test_a_schedule_starts_a_distributed_crawl(redis_url, reference, tmp_path, archive_path):
    """`schedule add --redis`: each run seeds the shared queue and works on it; a second worker
    joins; the single writer stores what they fetch."""
    with logged_site() as site:
        added = run_blogarchive("schedule", "add", archive_path, "shared", site.url + "/",
                                "--every", "1h", "--redis", redis_url,
                                *(f"{a}" for a in SHARED))
        assert added.returncode == 0, added.stderr
        # the writer waits long enough for three workers (and their readers) to start on a
        # loaded two-core machine
        store = writer(redis_url, archive_path, "--idle-exit", "15")
        runner = subprocess.Popen(
            [sys.executable, "-m", "crawler.cli", "schedule", "run", str(archive_path),
             "--once"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True)
        helper = worker(site.url, redis_url, tmp_path)
        finish(runner)
        finish(helper)
        finish(store)
    assert content(archive_path) == reference
    listed = run_blogarchive("schedule", "list", archive_path, "--json")
    assert '"last_status": "finished"' in listed.stdout.replace("'", '"')
