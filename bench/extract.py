"""Extraction speed: our extractors on the corpus pages against trafilatura with comments.

    python bench/extract.py [--quick] [--json OUT] [--corpus DIR]

The pages are the ones `bench/accuracy.py` scores (every gold page and every Zyte benchmark page of
`../shared/corpus`), read into memory first. Ours is what a crawl does with a fetched page: parse
once (`Page`), pick the extractor, extract the post and every comment, and build the thread
through the item pipelines (validate, clean, normalize, thread: ids, parents, depths), so the
figure is for full threads; trafilatura is `trafilatura.extract(html, include_comments=True)`.
Both run in this one process, one page after another, over the same pages, `ROUNDS` times after
one pass to warm up (imports, compiled selectors, dateparser loading its locales on first use:
once per crawl, over a second, not a per-page cost).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import CORPUS, median, percentile, row, standalone  # noqa: E402

ROUNDS = 3  # passes over the pages (quick: 1)
QUICK_PAGES = 30  # pages in a quick run (the full run takes every page)


def corpus_pages(corpus: Path = CORPUS) -> list[tuple[str, bytes, str | None]]:
    """(name, HTML, URL) of every page the accuracy benchmark scores."""
    from bench.accuracy import FIXTURES, GROUND_TRUTH, resolve_page

    pages = []
    for gold_path in sorted((corpus / "gold").glob("**/*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        path, _ = resolve_page(corpus, gold, FIXTURES)
        if path is not None:
            pages.append((gold_path.stem, path.read_bytes(), gold.get("url")))
    for truth_file in sorted(corpus.glob(f"*/{GROUND_TRUTH}")):
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        for key, expected in sorted(truth.items()):
            path = next(iter(sorted(truth_file.parent.glob(f"**/{key}.htm*"))), None)
            if path is not None:
                pages.append((key, path.read_bytes(), expected.get("url")))
    return pages


def ours(pipelines):
    """One page as a crawl reads it: parse, extract, the item pipelines; the comment count."""
    from crawler.extractors.page import ExtractionError, Page
    from crawler.processing import DropItem, process_page

    def extract(html: bytes, url: str | None) -> int:
        try:
            thread = process_page(Page.from_bytes(html, url or "https://corpus.example/page"),
                                  pipelines)
        except (ExtractionError, DropItem):
            return 0
        return len(thread.comments)

    return extract


def trafilatura_with_comments():
    try:
        import trafilatura
    except ImportError:
        return None

    def extract(html: bytes, url: str | None) -> int:
        trafilatura.extract(html, url=url, include_comments=True)
        return 0

    return extract


def time_pages(extract, pages, rounds: int) -> tuple[list[float], int]:
    """Per-page seconds over `rounds` passes, and the comments found in the last pass."""
    times, comments = [], 0
    for _ in range(rounds):
        comments = 0
        for _, html, url in pages:
            start = time.perf_counter()
            comments += extract(html, url)
            times.append(time.perf_counter() - start)
    return times, comments


def run(quick: bool = False, corpus: Path = CORPUS, pages=None, rounds: int | None = None) -> dict:
    from crawler.processing import OfflinePipelines

    pages = pages if pages is not None else corpus_pages(corpus)
    if not pages:
        return {"extract_ratio": None, "rows": [],
                "skipped": [f"no corpus pages at {corpus}: nothing to extract"]}
    if quick:
        pages = pages[:: max(1, len(pages) // QUICK_PAGES)][:QUICK_PAGES]
    rounds = rounds or (1 if quick else ROUNDS)
    size = sum(len(html) for _, html, _ in pages)
    result: dict = {"extract_pages": len(pages), "extract_corpus": str(corpus),
                    "extract_corpus_bytes": size, "skipped": []}
    mine = ours(OfflinePipelines())
    time_pages(mine, pages, 1)  # warm up: imports, compiled selectors, dateparser's locales
    times, comments = time_pages(mine, pages, rounds)
    ours_rate = len(times) / sum(times)
    result.update(extract_pages_per_s=ours_rate, extract_comments=comments)
    base = trafilatura_with_comments()
    base_rate = None
    if base is None:
        result["skipped"].append("trafilatura is not installed: no extraction baseline")
    else:
        time_pages(base, pages, 1)
        base_times, _ = time_pages(base, pages, rounds)
        base_rate = len(base_times) / sum(base_times)
        result["trafilatura_pages_per_s"] = base_rate
    ratio = ours_rate / base_rate if base_rate else None
    result["extract_ratio"] = ratio
    result["rows"] = [
        row("extract (ours, full threads)", len(times), ours_rate, "pages/s",
            1000 * median(times), 1000 * percentile(times, 0.95), base_rate, ratio),
    ]
    if base is not None:
        result["rows"].append(
            row("trafilatura include_comments", len(base_times), base_rate, "pages/s",
                1000 * median(base_times), 1000 * percentile(base_times, 0.95)))
    return result


if __name__ == "__main__":
    raise SystemExit(standalone("extraction vs trafilatura", run))
