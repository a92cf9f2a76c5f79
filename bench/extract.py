"""Extraction speed: our extractors on the corpus pages against trafilatura with comments.

    python bench/extract.py [--quick] [--json OUT]

The pages are the ones `bench/accuracy.py` scores (every gold page and every Zyte benchmark page of
`../shared/corpus`), read into memory first: `extract_ratio` is for these. A second set, `DIARIES`
diary pages rendered by the sample site (Daily Kos-style, about 100 comments each, every comment of
a thread on its page: the pages of the issue's "trafilatura extracts about 15 pages/s of such pages
with comments"), is timed the same way and reported apart as `extract_ratio_diaries`. Ours is what
a crawl does with a fetched page: parse once (`Page`), pick the extractor, extract the post and
every comment, and build the thread through the item pipelines (validate, clean, normalize, thread:
ids, parents, depths), so the figure is for full threads; trafilatura is `trafilatura.extract(html,
include_comments=True)`. Both run in this one process, one page after another, over the same pages,
`ROUNDS` times after one pass to warm up (imports, compiled selectors, dateparser loading its
locales on first use: once per crawl, over a second, not a per-page cost).
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
DIARIES = 40  # sample-site diary pages in the second set (quick: a quarter)
DIARY_MAX_COMMENTS = 2_000  # the sample site's thread sizes, as bench/store.py renders them
DIARY_MAX_DEPTH = 20
SEED = "bench"


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


def diary_pages(diaries: int = DIARIES) -> list[tuple[str, bytes, str | None]]:
    """(name, HTML, URL) of the sample site's first `diaries` diary pages, whole threads."""
    from crawler.samplesite import SampleSite
    from crawler.samplesite.render import route

    site = SampleSite(seed=SEED, diaries=diaries, posts=0, max_comments=DIARY_MAX_COMMENTS,
                      max_depth=DIARY_MAX_DEPTH, thread_page_size=DIARY_MAX_COMMENTS)
    base = "http://127.0.0.1:8000"
    pages = []
    for diary_id in site.diary_ids():
        path = site.diary_path(diary_id)
        pages.append((f"diary-{diary_id}", route(site, 0, base, path, "").body, base + path))
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


def measure(pages, rounds: int, pipelines, key: str, label: str) -> dict:
    """Ours, then trafilatura, over `pages`: figures under `key` and the table's rows."""
    mine = ours(pipelines)
    time_pages(mine, pages, 1)  # warm up: imports, compiled selectors, dateparser's locales
    times, comments = time_pages(mine, pages, rounds)
    ours_rate = len(times) / sum(times)
    suffix = key and f"_{key}"
    result: dict = {f"extract{suffix}_pages_per_s": ours_rate,
                    f"extract{suffix}_comments": comments, "skipped": []}
    base = trafilatura_with_comments()
    base_rate = None
    if base is None:
        result["skipped"].append("trafilatura is not installed: no extraction baseline")
    else:
        time_pages(base, pages, 1)
        base_times, _ = time_pages(base, pages, rounds)
        base_rate = len(base_times) / sum(base_times)
        result[f"trafilatura{suffix}_pages_per_s"] = base_rate
    ratio = ours_rate / base_rate if base_rate else None
    result[f"extract_ratio{suffix}"] = ratio
    result["rows"] = [
        row(f"extract{label} (ours, full threads)", len(times), ours_rate, "pages/s",
            1000 * median(times), 1000 * percentile(times, 0.95), base_rate, ratio),
    ]
    if base is not None:
        result["rows"].append(
            row(f"trafilatura{label} include_comments", len(base_times), base_rate, "pages/s",
                1000 * median(base_times), 1000 * percentile(base_times, 0.95)))
    return result


def run(quick: bool = False, corpus: Path = CORPUS, pages=None, rounds: int | None = None,
        diaries: int | None = None) -> dict:
    """The corpus set (`extract_ratio`), then the diary set (`extract_ratio_diaries`)."""
    from crawler.processing import OfflinePipelines

    pages = pages if pages is not None else corpus_pages(corpus)
    rounds = rounds or (1 if quick else ROUNDS)
    diaries = diaries if diaries is not None else DIARIES // 4 if quick else DIARIES
    pipelines = OfflinePipelines()
    result: dict = {"extract_ratio": None, "rows": [], "skipped": []}
    if not pages:
        result["skipped"].append(f"no corpus pages at {corpus}: nothing to extract")
    else:
        if quick:
            pages = pages[:: max(1, len(pages) // QUICK_PAGES)][:QUICK_PAGES]
        result.update(extract_pages=len(pages), extract_corpus=str(corpus),
                      extract_corpus_bytes=sum(len(html) for _, html, _ in pages))
        _merge(result, measure(pages, rounds, pipelines, "", ""))
    if diaries:
        diary_set = diary_pages(diaries)
        result.update(extract_diaries_pages=len(diary_set),
                      extract_diaries_bytes=sum(len(html) for _, html, _ in diary_set))
        _merge(result, measure(diary_set, rounds, pipelines, "diaries", " diaries"))
    return result


def _merge(result: dict, part: dict) -> None:
    result["rows"].extend(part.pop("rows"))
    result["skipped"].extend(part.pop("skipped"))
    result.update(part)


if __name__ == "__main__":
    raise SystemExit(standalone("extraction vs trafilatura", run))
