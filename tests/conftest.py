"""Shared fixtures: the real-page corpus, the project's own fixture pages."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def corpus() -> Path:
    """`../shared/corpus`, or a skip saying why real-page tests cannot run."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus not found: real-page tests need the shared corpus")
    return CORPUS


@pytest.fixture(scope="session")
def fixtures() -> Path:
    return FIXTURES
