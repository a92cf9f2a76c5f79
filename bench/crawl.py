"""Crawl speed and memory: `blogarchive crawl` against a bare Scrapy spider on the same local site.

    python bench/crawl.py [--quick] [--json OUT]
    python bench/crawl.py --bare|--lean URL   (a baseline spider alone; prints its stats as JSON)

The sample site (`blogarchive sample-site`: `DIARIES` diaries, about 100 comments each, threads up
to `MAX_COMMENTS` comments and `MAX_DEPTH` deep, long threads over `?page=N`) is served on
127.0.0.1 by its own process. In the same run, against that one server:

- bare: a Scrapy spider written for this site, as a Scrapy user writes one: Scrapy's
  LinkExtractor over every link, told the site's traps as URL patterns (the Reply/Recommend
  actions, print, email, display-mode and story-only views, log-in and user pages), so it
  follows only what a person would click to reach every diary and every page of its thread, and
  yields nothing: the baseline of crawl_ratio, in the style of the issue-7 baseline;
- lean: the same spider reading only the links outside comments (`restrict_xpaths`, the site's
  comment markup known in advance): fetching the pages that matter at the least cost there is
  (crawl_ratio_lean);
- full: `blogarchive crawl` into a fresh archive, politeness off with `-s` (no delay, no
  AutoThrottle, the same concurrency as the bare spider), everything stored, deciding from the
  pages themselves what to fetch.

crawl_ratio = full pages/s / bare pages/s, each from the crawl's own pages and seconds;
requests_per_post = the full crawl's requests / diaries archived (and requests_per_page_mattered:
/ the posts, thread pages and listings it read; the issue's bound is 1.1). The full
crawl's resident memory (the process and any children) is sampled every `RSS_EVERY` seconds with
the pages archived so far; its peak and its growth over the second half are reported. The
archive is kept as `bench/results/crawl-archive[-quick].db` for `bench/serve.py`.
"""

from __future__ import annotations

import json
import re
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import PYTHON, RESULTS, ROOT, row, standalone, tree_rss_mb  # noqa: E402

DIARIES = 10_000  # quick: a tenth
POSTS = 0  # blog posts besides the diaries (the benchmark is about diaries and their threads)
MAX_COMMENTS = 2_000
MAX_DEPTH = 20
SEED = "bench"
CONCURRENCY = 16  # requests in flight, for both spiders
RSS_EVERY = 1.0  # seconds between memory samples of the full crawl
SITE_START_TIMEOUT = 120
FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "0", "ROBOTSTXT_OBEY": "1",
        "CONCURRENT_REQUESTS": str(CONCURRENCY),
        "CONCURRENT_REQUESTS_PER_DOMAIN": str(CONCURRENCY), "ARCHIVE_PROGRESS": "0",
        "LOG_LEVEL": "WARNING", "RETRY_ENABLED": "0"}


def archive_path(quick: bool) -> Path:
    return RESULTS / ("crawl-archive-quick.db" if quick else "crawl-archive.db")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SampleSiteProcess:
    """`blogarchive sample-site` in its own process, stopped on exit."""

    def __init__(self, diaries: int, posts: int = POSTS):
        self.port = free_port()
        self.args = [PYTHON, "-m", "crawler.cli", "sample-site", "--port", str(self.port),
                     "--seed", SEED, "--diaries", str(diaries), "--posts", str(posts),
                     "--max-comments", str(MAX_COMMENTS), "--max-depth", str(MAX_DEPTH)]
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None
        self.banner = ""

    def __enter__(self) -> SampleSiteProcess:
        self.process = subprocess.Popen(self.args, cwd=ROOT, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + SITE_START_TIMEOUT
        lines = []
        for line in self.process.stdout:
            lines.append(line.rstrip())
            if line.startswith("Ready") or time.monotonic() > deadline:
                break
        self.banner = "\n".join(lines)
        if not self.banner.splitlines()[-1:] or not lines[-1].startswith("Ready"):
            self.__exit__()
            raise RuntimeError(f"the sample site did not start:\n{self.banner}")
        return self

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


# --- the baseline spider -----------------------------------------------------------------------
def bare_crawl(url: str, lean: bool = False) -> dict:
    """Follow the links a person would click from `url`, yield nothing; stats as a dict.
    `lean`: read only the links outside the site's comments."""
    import scrapy
    from scrapy.crawler import CrawlerProcess
    from scrapy.linkextractors import LinkExtractor

    host = re.escape(url.split("//", 1)[1])

    class BareSpider(scrapy.Spider):
        name = "bare"
        start_urls = [url + "/"]
        # the site's traps are these addresses, known in advance (a product cannot know them;
        # this baseline is told), and a person reaches every diary without anyone's user page
        links = LinkExtractor(
            allow=(rf"^http://{host}/",), unique=True,
            deny=(r"[?&]mode=", r"/storyonly/", r"/printer$", r"/mailstory/", r"/account/",
                  r"/comments/post", r"/ajax/", r"/admin/", r"/_sample/", r"/feed/",
                  r"/user/"),
            restrict_xpaths="//body//a[not(ancestor::div[@class='cx'])]" if lean else ())

        def parse(self, response):
            for link in self.links.extract_links(response):
                if not link.nofollow:
                    yield response.follow(link.url, callback=self.parse)

    settings = {key: value for key, value in FAST.items() if not key.startswith("ARCHIVE_")}
    process = CrawlerProcess({**settings, "TELNETCONSOLE_ENABLED": False,
                              "TWISTED_REACTOR":
                                  "twisted.internet.asyncioreactor.AsyncioSelectorReactor"})
    crawler = process.create_crawler(BareSpider)
    started = time.perf_counter()
    process.crawl(crawler)
    process.start()
    seconds = time.perf_counter() - started
    stats = crawler.stats.get_stats()
    return {"pages": stats.get("response_received_count", 0), "seconds": seconds,
            "requests": stats.get("downloader/request_count", 0)}


def run_bare(url: str, lean: bool = False) -> dict:
    done = subprocess.run([PYTHON, str(Path(__file__).resolve()), "--lean" if lean else "--bare",
                           url], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- the full crawl ------------------------------------------------------------------------------
def archived_pages(db_path: Path) -> int | None:
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=0.2)
        try:
            return conn.execute("SELECT count(*) FROM pages").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return None


def run_full(url: str, db_path: Path) -> dict:
    """`blogarchive crawl` into `db_path`, sampling its memory; pages, seconds, RSS samples."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    args = [PYTHON, "-m", "crawler.cli", "crawl", str(db_path), url + "/",
            "--spider", "diaries", "--json"]
    for key, value in FAST.items():
        args += ["-s", f"{key}={value}"]
    process = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    samples = []
    started = time.monotonic()
    while process.poll() is None:
        rss = tree_rss_mb(process.pid)
        if rss is not None:
            samples.append({"seconds": round(time.monotonic() - started, 1),
                            "pages": archived_pages(db_path), "rss_mb": round(rss, 1)})
        time.sleep(RSS_EVERY)
    out, err = process.communicate()
    try:
        summary = json.loads(out.strip().splitlines()[-1])
    except (IndexError, ValueError):
        raise RuntimeError(
            f"blogarchive crawl failed ({process.returncode}):\n{out}\n{err[-3000:]}") from None
    return {"pages": summary["fetched"], "seconds": summary["seconds"], "summary": summary,
            "rss": samples, "returncode": process.returncode}


def memory_figures(samples: list[dict]) -> dict:
    """Peak RSS, and how much it grew from half the pages archived to the end (flatness)."""
    rss = [s["rss_mb"] for s in samples]
    if not rss:
        return {"crawl_peak_rss_mb": None}
    paged = [s for s in samples if s["pages"]]
    growth = None
    if paged:
        last = paged[-1]["pages"]
        half = next((s for s in paged if s["pages"] >= last / 2), paged[-1])
        growth = max(s["rss_mb"] for s in samples) - half["rss_mb"]
    return {"crawl_peak_rss_mb": max(rss), "crawl_rss_growth_second_half_mb": growth}


def run(quick: bool = False, diaries: int | None = None, db_path: Path | None = None) -> dict:
    diaries = diaries or (DIARIES // 10 if quick else DIARIES)
    db_path = db_path or archive_path(quick)
    with SampleSiteProcess(diaries) as site:
        bare = run_bare(site.url)
        lean = run_bare(site.url, lean=True)
        full = run_full(site.url, db_path)
    bare_rate = bare["pages"] / bare["seconds"]
    lean_rate = lean["pages"] / lean["seconds"]
    full_rate = full["pages"] / full["seconds"]
    memory = memory_figures(full["rss"])
    conn = sqlite3.connect(db_path)
    comments = conn.execute("SELECT count(*) FROM comments").fetchone()[0]
    conn.close()
    ratio = full_rate / bare_rate
    budget = full["summary"]["budget"]
    posts = full["summary"]["posts"]
    mattered = posts + budget["thread_pages"] + budget["listings"]
    return {
        "crawl_ratio": ratio,
        "crawl_ratio_lean": full_rate / lean_rate,
        "crawl_lean_pages_per_s": lean_rate,
        "requests_per_post": budget["requests"] / posts if posts else None,
        "requests_per_page_mattered": budget["requests"] / mattered if mattered else None,
        "crawl_requests": budget["requests"],
        "crawl_bare_requests": bare["requests"],
        "crawl_skipped": budget["skipped"],
        "crawl_dead_links": full["summary"]["dead_links"],
        "crawl_pages_per_s": full_rate,
        "crawl_bare_pages_per_s": bare_rate,
        "crawl_pages": full["pages"],
        "crawl_bare_pages": bare["pages"],
        "crawl_comments": comments,
        "crawl_diaries": diaries,
        "crawl_site": site.banner.splitlines()[1].strip() if site.banner else None,
        "crawl_summary": full["summary"],
        "crawl_archive": str(db_path),
        "crawl_rss_samples": full["rss"],
        **memory,
        "rows": [
            row("blogarchive crawl (full)", full["pages"], full_rate, "pages/s",
                baseline=bare_rate, ratio=ratio),
            row("bare Scrapy spider", bare["pages"], bare_rate, "pages/s"),
            row("lean spider (no comment links)", lean["pages"], lean_rate, "pages/s",
                baseline=None, ratio=full_rate / lean_rate),
            row("requests a diary (full)", posts, budget["requests"] / max(posts, 1),
                "requests"),
            row("requests a page that mattered", mattered, budget["requests"] / max(mattered, 1),
                "requests"),
            row("crawl peak RSS (MB)", full["pages"], memory["crawl_peak_rss_mb"], "MB"),
            row("RSS growth, 2nd half (MB)", full["pages"],
                memory.get("crawl_rss_growth_second_half_mb"), "MB"),
        ],
        "skipped": [],
    }


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] in ("--bare", "--lean"):
        print(json.dumps(bare_crawl(sys.argv[2], lean=sys.argv[1] == "--lean")))
        raise SystemExit(0)
    raise SystemExit(standalone("crawl vs a bare Scrapy spider", run))
