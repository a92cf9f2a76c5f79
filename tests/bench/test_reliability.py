"""The reliability benchmarks themselves (`bench/fuzz.py`, `bench/kills.py`), at tiny sizes.

The full runs (1,000 mutants, 20 kills) take minutes and stay out of the test suite; here the
fuzz runs on a handful of mutants and the kill harness's judgements are checked on archives
made for them.
"""

from __future__ import annotations

import sqlite3

from bench import fuzz, kills


def test_the_fuzz_reports_every_figure_the_issue_asks_for(corpus):
    figures = fuzz.run(count=4, seed=3, corpus=corpus, log=lambda *_: None)
    assert figures["fuzz_mutants"] == 4
    assert (figures["fuzz_archived"] + figures["fuzz_errors"] + figures["fuzz_skipped"]) == 4
    assert (figures["fuzz_tracebacks"], figures["fuzz_stops"], figures["fuzz_untraced"],
            figures["fuzz_reimport_changes"], figures["fuzz_force_reimport_changes"],
            figures["fuzz_reparse_changes"]) == (0, 0, 0, 0, 0, 0)
    assert figures["fuzz_reimport_skipped"] == 4 and figures["fuzz_integrity"] == "ok"
    assert [r["name"] for r in figures["rows"]] == [
        "import mutants", "import again (skip)", "import again (--force)", "reparse"]


def test_the_fuzz_without_a_corpus_says_why(tmp_path):
    figures = fuzz.run(count=4, corpus=tmp_path / "nowhere")
    assert figures["rows"] == [] and "not found" in figures["skipped"][0]


def test_a_run_is_a_stop_unless_it_read_every_file_and_exited_as_the_readme_says():
    done = {"status": "failed", "budget": {"fetched": 3}}
    assert not fuzz.stopped(done, 1, 3)
    assert fuzz.stopped(done, 2, 3)  # an exit code the README does not state
    assert fuzz.stopped({**done, "budget": {"fetched": 2}}, 1, 3)  # stopped short
    assert fuzz.stopped(None, 0, 3)  # no summary at all


def test_runs_of_an_archive_killed_before_it_had_any(tmp_path):
    """A kill while the archive was being made leaves no file, or one without `crawls`."""
    assert kills.runs_of(tmp_path / "none.db") == []
    half = tmp_path / "half.db"
    sqlite3.connect(half).execute("CREATE TABLE sites (id INTEGER PRIMARY KEY)")
    assert kills.runs_of(half) == []
    assert kills.posts_in(half) is None
