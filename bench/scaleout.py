"""Scale-out benchmark: pages/s of one shared crawl with 1, 2 and 3 `blogarchive crawl --redis`
workers, then the single writer draining what they queued.

Starts its own redis-server and sample site on 127.0.0.1 (skipped, with the reason printed, when
redis-server is missing). Each run crawls the same site from a fresh Redis; the crawl's rate is
pages fetched over the time from the workers' start to the site's last request (the workers'
wait before stopping is left out). No shared per-domain delay: this measures throughput, not
politeness. On a shared 2-core machine the site's server, Redis and the workers compete for the
same cores, so the figures say how the parts scale here, not what many machines would give.

    python bench/scaleout.py [--workers 1,2,3] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from crawler.samplesite import SampleSite  # noqa: E402
from crawler.samplesite.server import SampleHTTPServer, SampleRequestHandler  # noqa: E402
from crawler.scaleout import connect  # noqa: E402

SITE = {"seed": 3, "diaries": 60, "posts": 30, "max_comments": 120, "max_depth": 8}
WORKERS = (1, 2, 3)
WORKER_SETTINGS = ("-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0",
                   "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8", "-s", "ARCHIVE_REDIS_DOMAIN_DELAY=0",
                   "-s", "ARCHIVE_REDIS_IDLE_CLOSE=1", "-s", "ARCHIVE_PROGRESS=0")


class TimedHandler(SampleRequestHandler):
    def _respond(self, send_body: bool) -> None:
        self.server.last_request = time.monotonic()
        self.server.requests += 1
        super()._respond(send_body)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def crawl(workers: int, redis_url: str, folder: Path) -> dict:
    client = connect(redis_url)
    client.flushall()
    server = SampleHTTPServer(SampleSite(**SITE))
    server.RequestHandlerClass = TimedHandler
    server.requests, server.last_request = 0, 0.0
    server.start()
    try:
        started = time.monotonic()
        processes = [subprocess.Popen(
            [sys.executable, "-m", "crawler.cli", "crawl", str(folder / "worker.db"),
             server.url + "/", "--redis", redis_url, *WORKER_SETTINGS],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for _ in range(workers)]
        for process in processes:
            process.wait(timeout=900)
        seconds = server.last_request - started
        pages = server.requests
    finally:
        server.stop()
    archive = folder / f"archive-{workers}.db"
    store_started = time.monotonic()
    subprocess.run([sys.executable, "-m", "crawler.cli", "store", str(archive), "--redis",
                    redis_url, "--once"], cwd=ROOT, check=True, capture_output=True)
    store_seconds = time.monotonic() - store_started
    from sqlite_utils import Database

    posts = Database(archive)["posts"].count
    return {"workers": workers, "pages": pages, "seconds": round(seconds, 2),
            "pages_per_s": round(pages / seconds, 1), "posts": posts,
            "store_posts_per_s": round(posts / store_seconds, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", default=",".join(map(str, WORKERS)))
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args()
    server_binary = shutil.which("redis-server")
    if server_binary is None:
        print("skipped: redis-server not installed (Debian package redis-server)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        port = free_port()
        redis = subprocess.Popen([server_binary, "--port", str(port), "--bind", "127.0.0.1",
                                  "--dir", tmp, "--save", "", "--appendonly", "no"],
                                 stdout=subprocess.DEVNULL)
        try:
            time.sleep(0.5)
            url = f"redis://127.0.0.1:{port}/0"
            rows = [crawl(int(n), url, folder) for n in args.workers.split(",")]
        finally:
            redis.terminate()
            redis.wait()
    base = rows[0]["pages_per_s"]
    print(f"{'workers':>7}  {'pages':>5}  {'seconds':>7}  {'pages/s':>7}  {'speed-up':>8}  "
          f"{'posts':>5}  {'store posts/s':>13}")
    for row in rows:
        print(f"{row['workers']:>7}  {row['pages']:>5}  {row['seconds']:>7.2f}  "
              f"{row['pages_per_s']:>7.1f}  {row['pages_per_s'] / base:>7.2f}x  "
              f"{row['posts']:>5}  {row['store_posts_per_s']:>13.1f}")
    print(f"site {SITE}; {platform.python_version()}, {threading.active_count()} threads here; "
          "a shared 2-core machine: server, Redis and workers on the same cores")
    if args.json:
        args.json.write_text(json.dumps({"site": SITE, "runs": rows}, indent=2) + "\n")


if __name__ == "__main__":
    main()
