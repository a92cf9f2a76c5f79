"""Storage speed: comments per second through the store pipeline, FTS and raw pages included.

    python bench/store.py [--quick] [--json OUT]

Diary pages of the sample site (threads up to `MAX_COMMENTS` comments, `MAX_DEPTH` deep, each on
one page) are rendered, extracted and processed by the item pipelines first, untimed; then the
timed part is what a crawl's last stage does with them: `StorePipeline.process_item` for every
thread (batches of `ARCHIVE_BATCH_PAGES` pages a transaction into a fresh archive on disk, with
its FTS triggers, raw pages compressed, authors, recommendations, seen-times) and the last flush.
The baseline is raw `executemany` of the same comment rows into a plain table (no FTS, no
upsert): what SQLite itself does here.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import row, standalone  # noqa: E402

DIARIES = 1_000  # threads stored (quick: a tenth); about 100 comments each
MAX_COMMENTS = 2_000
MAX_DEPTH = 20
SEED = "bench"


def prepared_threads(diaries: int) -> list:
    """Processed threads of the sample site's first `diaries` diaries, with their raw pages."""
    from crawler.extractors.page import Page
    from crawler.items import RawPage
    from crawler.processing import OfflinePipelines, process_page
    from crawler.samplesite import SampleSite
    from crawler.samplesite.render import route

    site = SampleSite(seed=SEED, diaries=diaries, posts=0, max_comments=MAX_COMMENTS,
                      max_depth=MAX_DEPTH, thread_page_size=MAX_COMMENTS)
    base = "http://127.0.0.1:8000"
    pipelines = OfflinePipelines(exclude=("pipelines.store.StorePipeline",))
    fetched = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    threads = []
    for diary_id in site.diary_ids():
        path = site.diary_path(diary_id)
        body = route(site, 0, base, path, "").body
        page = Page.from_bytes(body, base + path)
        thread = process_page(page, pipelines)
        thread.page = RawPage(url=base + path, body=body, fetched_at=fetched, status=200,
                              content_type="text/html; charset=utf-8", encoding="utf-8")
        thread.fetched_at = fetched
        threads.append(thread)
    return threads


def store(threads: list, db_path: Path) -> float:
    """Seconds to put `threads` through a fresh StorePipeline into `db_path`."""
    from crawler.processing import make_crawler
    from pipelines.store import StorePipeline

    crawler = make_crawler({"ARCHIVE_DB": str(db_path)})
    start = time.perf_counter()
    pipeline = StorePipeline.from_crawler(crawler)
    pipeline.open_spider()
    for thread in threads:
        pipeline.process_item(thread)
    pipeline.close_spider()
    pipeline.writer.db.close()
    return time.perf_counter() - start


def raw_inserts(threads: list, db_path: Path) -> float:
    """Seconds for the same comment rows by plain executemany, one transaction."""
    rows = [(c.id, c.post_id, c.parent_id, c.path, c.depth, c.position, c.author, c.posted,
             c.title, c.body_text, c.body_html) for t in threads for c in t.comments]
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE comments (id TEXT PRIMARY KEY, post_id TEXT, parent_id TEXT, "
                 "path TEXT, depth INT, position INT, author TEXT, posted TEXT, title TEXT, "
                 "body_text TEXT, body_html TEXT)")
    start = time.perf_counter()
    with conn:
        conn.executemany("INSERT INTO comments VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
    seconds = time.perf_counter() - start
    conn.close()
    return seconds


def run(quick: bool = False, diaries: int | None = None) -> dict:
    diaries = diaries or (DIARIES // 10 if quick else DIARIES)
    threads = prepared_threads(diaries)
    comments = sum(len(t.comments) for t in threads)
    with tempfile.TemporaryDirectory(prefix="bench-store-") as folder:
        seconds = store(threads, Path(folder) / "archive.db")
        raw_seconds = raw_inserts(threads, Path(folder) / "raw.db")
    rate, raw_rate = comments / seconds, comments / raw_seconds
    return {
        "store_comments_per_s": rate,
        "store_pages_per_s": len(threads) / seconds,
        "store_comments": comments,
        "store_pages": len(threads),
        "store_raw_executemany_per_s": raw_rate,
        "rows": [
            row("store pipeline (FTS, raw pages)", comments, rate, "comments/s",
                baseline=raw_rate, ratio=rate / raw_rate),
            row("  same, pages", len(threads), len(threads) / seconds, "pages/s"),
            row("raw executemany (no FTS)", comments, raw_rate, "rows/s"),
        ],
        "skipped": [],
    }


if __name__ == "__main__":
    raise SystemExit(standalone("storage", run))
