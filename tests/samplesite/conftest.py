"""Fixtures of the sample-site tests: one small site served once per session on 127.0.0.1."""

from __future__ import annotations

import pytest
from samplesite_support import SITE_OPTIONS

from crawler.samplesite import SampleSite, serve_sample_site


@pytest.fixture(scope="session")
def sample_site() -> SampleSite:
    return SampleSite(**SITE_OPTIONS)


@pytest.fixture(scope="session")
def sample_url(sample_site):
    with serve_sample_site(sample_site) as base:
        yield base
