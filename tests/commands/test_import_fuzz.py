"""`blogarchive import` of mutants of the real corpus pages (tests/mockserver/mutants.py).

A few dozen here, `bench/fuzz.py` a thousand: each is a real page cut short, with bytes flipped,
NULs dropped in, re-encoded as UTF-16, a chunk repeated, nested thousands deep or given a
charset it is not in. No traceback, no stop; every file ends archived or as an errors row with
its reason; importing them again, skipping or forcing, or re-parsing them changes nothing.
"""

from __future__ import annotations

import json

import pytest
from sqlite_utils import Database

from tests.mockserver.mutants import (
    OPERATIONS,
    content_digest,
    mutants,
    unexpected_errors,
    untraced,
    write_mutants,
)

# how many mutants, of which pages (small ones: the test stays within seconds), which seed
MUTANTS = 36
MAX_PAGE_SIZE = 60_000
SEEDS = (17,)
# exit codes the README states for an import: 0, or 1 when a page failed
EXIT_CODES = (0, 1)


@pytest.mark.parametrize("seed", SEEDS)
def test_every_mutant_is_archived_or_recorded_and_again_changes_nothing(
        blogarchive, corpus, tmp_path, archive_path, seed):
    folder = tmp_path / "mutants"
    made = write_mutants(folder, corpus, MUTANTS, seed, MAX_PAGE_SIZE)
    result = blogarchive("import", archive_path, folder, "--json")
    assert result.returncode in EXIT_CODES, result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    summary = json.loads(result.stdout)
    assert summary["status"] in ("finished", "failed")  # not stopped halfway
    assert summary["budget"]["fetched"] == len(made)
    assert summary["pages"] + summary["errors"] + summary["skipped"] == len(made)
    assert result.returncode == (1 if summary["errors"] else 0)
    assert untraced(archive_path, folder, made) == []
    assert unexpected_errors(archive_path) == []
    db = Database(archive_path)
    failed = list(db["errors"].rows_where("stage != 'pipeline'"))
    assert len(failed) == summary["errors"]
    assert all(row["reason"] and row["reason"].isprintable() for row in failed)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    db.close()
    first = content_digest(archive_path)
    assert first["comments_fts"][1] == first["posts_fts"][1] == "ok"

    again = blogarchive("import", archive_path, folder, "--json")
    assert again.returncode == 0 and "Traceback" not in again.stderr
    skipped = json.loads(again.stdout)
    assert (skipped["pages"], skipped["errors"], skipped["skipped"]) == (0, 0, len(made))
    assert content_digest(archive_path) == first

    forced = blogarchive("import", archive_path, folder, "--force", "--json")
    assert forced.returncode == result.returncode and "Traceback" not in forced.stderr
    forced_summary = json.loads(forced.stdout)
    assert (forced_summary["pages"], forced_summary["errors"], forced_summary["new_comments"]) \
        == (summary["pages"], summary["errors"], 0)
    assert content_digest(archive_path) == first

    # a re-parse rebuilds every thread from its stored pages (several mutants of one page are
    # several copies of one thread): the very same rows
    reparsed = blogarchive("reparse", archive_path, "--json")
    assert reparsed.returncode == result.returncode and "Traceback" not in reparsed.stderr
    assert json.loads(reparsed.stdout)["new_comments"] == 0
    assert content_digest(archive_path) == first


def test_the_same_seed_gives_the_same_mutants_and_every_operation_is_tried(corpus):
    """What the import above is given: the same bytes for a seed (a failure can be made again),
    another seed other bytes, and each operation in a few dozen mutants."""
    made = list(mutants(corpus, MUTANTS, SEEDS[0], MAX_PAGE_SIZE))
    assert [(m.name, m.body) for m in made] == [
        (m.name, m.body) for m in mutants(corpus, MUTANTS, SEEDS[0], MAX_PAGE_SIZE)]
    assert [m.body for m in made] != [
        m.body for m in mutants(corpus, MUTANTS, SEEDS[0] + 1, MAX_PAGE_SIZE)]
    assert {op for m in made for op in m.operations} == set(OPERATIONS)
    assert len({m.page for m in made}) > MUTANTS // 4  # many pages, not a few over and over
