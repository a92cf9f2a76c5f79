"""The accuracy gate: extraction on the real corpus must not fall below the pinned floors.

Like trafilatura's eval gate: floors live in `bench/accuracy_floors.json`, and the Daily Kos
reference thread must come out exactly as its gold file states.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.accuracy import page_half, score_corpus

FLOORS = json.loads(
    (Path(__file__).resolve().parent.parent / "bench" / "accuracy_floors.json").read_text()
)


@pytest.fixture(scope="module")
def summary(corpus):
    return score_corpus(corpus, baseline=True, log=lambda *_: None)


@pytest.mark.parametrize("key,floor", sorted(FLOORS["floors"].items()))
def test_metric_at_or_above_floor(summary, key, floor):
    assert summary[key] is not None, f"{key} was not measured"
    assert summary[key] >= floor, f"{key} {summary[key]:.3f} fell below its floor {floor}"


@pytest.mark.parametrize("key,ceiling", sorted(FLOORS["ceilings"].items()))
def test_metric_at_or_below_ceiling(summary, key, ceiling):
    assert summary[key] <= ceiling, f"{key} {summary[key]:.3f} rose above {ceiling}"


def test_body_f1_at_least_trafilaturas_in_the_same_run(summary):
    assert summary["zyte_f1"] >= summary["trafilatura"]["zyte_f1"]


def test_every_gold_page_was_scored(summary, corpus):
    assert summary["skipped"] == []
    assert summary["gold_pages"] == len(list((corpus / "gold").glob("**/*.json")))


def test_reference_diary_comes_out_exactly_as_gold(summary):
    row = next(r for r in summary["per_page"] if r["page"] == "reference/diary-with-comments")
    assert row["extractor"] == "dailykos"
    assert (row["comments"], row["top_level"], row["max_depth"]) == ("31/31", "12/12", "5/5")
    for key in ("sample_found", "sample_author", "sample_date", "sample_parent"):
        assert row[key] == "14/14", key
    assert all(value == 1.0 for value in summary["sample_extra"].values())


def test_halves_split_the_gold_pages_and_are_each_scored(summary):
    halves = summary["halves"]
    assert set(halves) == {"tune", "check"}
    assert halves["tune"]["pages"] + halves["check"]["pages"] == summary["gold_pages"]
    # a blind split of ~100 pages: neither half may be a handful
    assert min(h["pages"] for h in halves.values()) >= summary["gold_pages"] // 3
    for row in summary["per_page"]:
        assert row["half"] == page_half(row["site"])
    # every page of a site on one side: a rule tuned to a site cannot pass as checked
    sites = {}
    for row in summary["per_page"]:
        assert sites.setdefault(row["site"], row["half"]) == row["half"]
