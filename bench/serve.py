"""Serving speed: Datasette on the crawl benchmark's archive (about 1,000,000 comments).

    python bench/serve.py [--quick] [--json OUT]

The archive is `bench/results/crawl-archive[-quick].db`, made by `bench/crawl.py` (run first when
missing). It is served as `blogarchive serve` serves it (`db.publish.make_datasette`: immutable,
our metadata, plugins and templates) and asked in process through Datasette's ASGI client, so the
times are Datasette's and SQLite's, not a network's. Each page is asked for `REQUESTS` times after
one warm-up request; median and p95 are reported:

- the thread view and the thread JSON of the archive's largest thread (`/-/thread/POST_ID`);
- an FTS search of the comments for a common word (`SEARCH_WORD`), as the table page does it;
- a facet page: the comments table with its configured facets.
"""

from __future__ import annotations

import asyncio
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import median, percentile, row, standalone  # noqa: E402

REQUESTS = 100  # per page (quick: a tenth)
SEARCH_WORD = "the"  # in most comments: the slow case of a search
THREAD_JSON_TARGET_MS = 100
FTS_TARGET_MS = 100


def largest_thread(db_path: Path) -> tuple[str, int]:
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT post_id, count(*) AS n FROM comments GROUP BY post_id "
                            "ORDER BY n DESC LIMIT 1").fetchone()
    finally:
        conn.close()


def pages(db_path: Path, post_id: str) -> dict[str, str]:
    name = db_path.stem
    return {
        "thread view": f"/-/thread/{post_id}",
        "thread JSON": f"/-/thread/{post_id}.json",
        "FTS search": f"/{name}/comments?_search={SEARCH_WORD}",
        "facet page": f"/{name}/comments",
    }


async def _time_pages(db_path: Path, paths: dict[str, str], requests: int) -> dict:
    from db.publish import checkpoint, make_datasette

    checkpoint(db_path)
    ds = make_datasette(db_path)
    await ds.invoke_startup()
    times = {}
    for name, path in paths.items():
        response = await ds.client.get(path)  # warm up: caches, counts, compiled templates
        if response.status_code != 200:
            raise RuntimeError(f"{path}: HTTP {response.status_code}")
        times[name] = []
        for _ in range(requests):
            start = time.perf_counter()
            response = await ds.client.get(path)
            times[name].append(1000 * (time.perf_counter() - start))
            if response.status_code != 200:
                raise RuntimeError(f"{path}: HTTP {response.status_code}")
    return times


def run(quick: bool = False, db_path: Path | None = None, requests: int | None = None) -> dict:
    from bench import crawl

    db_path = db_path or crawl.archive_path(quick)
    skipped = []
    if not db_path.exists():
        skipped.append(f"{db_path} missing: built now by bench/crawl.py")
        crawl.run(quick=quick, db_path=db_path)
    requests = requests or (REQUESTS // 10 if quick else REQUESTS)
    post_id, size = largest_thread(db_path)
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    comments = conn.execute("SELECT count(*) FROM comments").fetchone()[0]
    conn.close()
    times = asyncio.run(_time_pages(db_path, pages(db_path, post_id), requests))
    result = {"serve_archive": str(db_path), "serve_comments": comments,
              "serve_thread_comments": size, "serve_requests": requests, "skipped": skipped,
              "rows": []}
    for name, values in times.items():
        key = name.lower().replace(" ", "_")
        p50, p95 = median(values), percentile(values, 0.95)
        result[f"{key}_p50_ms"], result[f"{key}_p95_ms"] = p50, p95
        target = {"thread JSON": THREAD_JSON_TARGET_MS, "FTS search": FTS_TARGET_MS}.get(name)
        label = f"{name} ({size} comments)" if name.startswith("thread") else name
        result["rows"].append(row(label, len(values), 1000 / median(values), "req/s", p50, p95,
                                  target, p95 / target if target else None))
    result["fts_p95_ms"] = result.pop("fts_search_p95_ms")
    result["fts_p50_ms"] = result.pop("fts_search_p50_ms")
    return result


if __name__ == "__main__":
    raise SystemExit(standalone("serving (Datasette)", run))
