"""The speed benchmarks themselves, at tiny sizes: each part runs and reports its figures.

The full-size runs (`python bench/run.py`) take long and stay out of the test suite.
"""

from __future__ import annotations

import json

import pytest

from bench import common, crawl, extract, run, serve, store
from tests.conftest import FIXTURES

TINY_DIARIES = 4


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """A crawl of a tiny sample site, with its bare baseline: the archive serve reads."""
    db_path = tmp_path_factory.mktemp("bench") / "crawl-archive.db"
    return crawl.run(diaries=TINY_DIARIES, db_path=db_path), db_path


def test_crawl_reports_ratio_pages_and_memory(crawled):
    result, db_path = crawled
    assert result["crawl_ratio"] > 0
    assert result["crawl_pages"] >= TINY_DIARIES
    # the baselines reach every diary without user pages; ours also reads the diarists' pages
    # (listings), the blog's two feeds, and one probe for each kind of display view
    assert result["crawl_bare_pages"] <= result["crawl_pages"]
    assert result["crawl_ratio_lean"] > 0
    assert result["crawl_comments"] > 0
    assert result["crawl_peak_rss_mb"] > 0
    # the diaries archived, and what each cost in requests (the bare spider is told the traps)
    assert result["requests_per_post"] > 1
    assert 1 <= result["requests_per_page_mattered"] < 1.5
    assert result["crawl_skipped"]["nofollow"] > 0
    assert db_path.exists()


def test_serve_times_the_four_pages(crawled):
    _, db_path = crawled
    result = serve.run(db_path=db_path, requests=3)
    for key in ("thread_view_p95_ms", "thread_json_p95_ms", "fts_p95_ms", "facet_page_p95_ms"):
        assert result[key] > 0
    assert result["serve_thread_comments"] > 0
    assert [r["name"].split(" (")[0] for r in result["rows"]] == [
        "thread view", "thread JSON", "FTS search", "facet page"]


def test_extract_against_trafilatura_on_fixture_pages():
    pages = [(path.name, path.read_bytes(), f"https://fixtures.example/{path.name}")
             for path in sorted(FIXTURES.glob("*/*.html"))[:4]]
    result = extract.run(pages=pages, rounds=1, diaries=TINY_DIARIES)
    assert result["extract_pages_per_s"] > 0
    assert result["extract_ratio"] > 0
    assert result["extract_pages"] == 4
    # the sample site's diaries are a set of their own, with their own ratio
    assert result["extract_diaries_pages"] == TINY_DIARIES
    assert result["extract_diaries_comments"] > 0
    assert result["extract_ratio_diaries"] > 0
    assert [r["name"] for r in result["rows"]][::2] == [
        "extract (ours, full threads)", "extract diaries (ours, full threads)"]


def test_extract_without_pages_says_why(tmp_path):
    result = extract.run(corpus=tmp_path, diaries=0)
    assert result["extract_ratio"] is None
    assert "no corpus pages" in result["skipped"][0]


def test_store_counts_comments_through_the_pipeline():
    result = store.run(diaries=3)
    assert result["store_comments"] > 0
    assert result["store_comments_per_s"] > 0
    assert result["store_pages"] == 3


def test_run_merges_parts_into_flat_json(tmp_path, crawled):
    class Part:
        def __init__(self, figures):
            self.figures = figures

        def run(self, quick=False):
            return {**self.figures, "rows": [common.row("x", 1, 2.0)], "skipped": ["why"]}

    parts = (("a", Part({"crawl_ratio": 0.95, "fts_p95_ms": 120.0})),
             ("b", Part({"extract_ratio": 3.5})))
    lines = []
    figures = run.run(parts=parts, log=lines.append)
    assert figures["crawl_ratio"] == 0.95 and figures["extract_ratio"] == 3.5
    assert figures["targets"]["crawl_ratio"]["met"] is True
    assert figures["targets"]["fts_p95_ms"]["met"] is False
    assert figures["parts"]["a"]["skipped"] == ["why"]
    out = tmp_path / "out.json"
    common.write_json(out, figures)
    assert json.loads(out.read_text())["extract_ratio"] == 3.5
    assert any("skipped: why" in line for line in lines)


def test_table_is_aligned():
    table = common.format_table([common.row("long name here", 10, 1234.5, "pages/s", 1.5, 2.5),
                                 common.row("x", 1)])
    lines = table.splitlines()
    assert len({len(line.rstrip()) for line in lines[:2]}) == 1
    assert "1,234" in lines[2] or "1,235" in lines[2]
    assert common.percentile([1, 2, 3, 4, 5], 0.5) == 3


def test_a_part_runs_in_its_own_process_and_hands_back_its_figures(capfd):
    result = run.PartProcess("store").run(quick=True)
    assert result.pop("reported") is True
    assert result["store_comments"] > 0 and result["store_pages"] == store.DIARIES // 10
    assert "versions" not in result and result["rows"]
    assert "== storage ==" in capfd.readouterr().out  # printed by the part's own process
