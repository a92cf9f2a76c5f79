"""One route from a fetched page to archive rows, whichever way the page comes in.

The same raw pages (real pages of the corpus, served with their saved bytes by a loopback
server) go into archives along every way blogarchive has: a crawl, an import of a WARC holding
the crawl's responses, a re-parse of the crawled archive, and a crawl shared over Redis with
its single writer. Each archive must hold the very same posts, comments, authors and
recommendations: a fix to one way cannot miss the others.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pytest

from tests.commands.test_crawl import FAST, content
from tests.conftest import REDIS_SERVER, ROOT, run_blogarchive, serve_pages
from tests.test_redis_scaleout import SHARED

CORPUS = ROOT.parent / "shared" / "corpus"
# one gold page of each of these platforms (and of the generic finder): different markup,
# encodings and thread shapes through every route
PLATFORMS = ("wordpress", "blogger", "movabletype", "scoop", "generic", "drupal")
PAGES_PER_PLATFORM = 1


def gold_pages() -> list[Path]:
    """The first gold page (by path) of each platform in PLATFORMS that has comments."""
    chosen: dict[str, Path] = {}
    for gold in sorted((CORPUS / "gold").rglob("*.json")):
        record = json.loads(gold.read_text(encoding="utf-8"))
        platform = (record.get("platform") or "generic").lower()
        page = CORPUS / record["page"]
        if platform in PLATFORMS and platform not in chosen and record.get("comments") \
                and page.is_file():
            chosen[platform] = page
    return list(chosen.values())


@pytest.fixture(scope="module")
def served():
    if not CORPUS.is_dir():
        pytest.skip(f"the real-page corpus is not at {CORPUS}")
    files = gold_pages()
    assert len(files) >= 4, "the corpus should have gold pages of several platforms"
    # no charset: the page's own <meta> (or a BOM, or a guess) decides, as for a file
    pages = {f"/page/{i}.html": path.read_bytes() for i, path in enumerate(files)}
    with serve_pages({path: (body, "text/html") for path, body in pages.items()}) as base:
        yield base, sorted(pages), pages


def crawl(urls: list[str], archive: Path, *extra: str) -> None:
    result = run_blogarchive("crawl", archive, *urls, "--depth", "0", *FAST, *extra)
    assert result.returncode in (0, 1), result.stderr[-3000:]  # 1: some page failed, recorded


def write_warc(path: Path, base: str, pages: dict[str, bytes]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for page_path, body in pages.items():
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                base + page_path, "response", payload=BytesIO(body), http_headers=headers))


@pytest.fixture(scope="module")
def crawled(served, tmp_path_factory):
    base, paths, _ = served
    archive = tmp_path_factory.mktemp("crawl") / "crawled.db"
    crawl([base + p for p in paths], archive)
    return archive


def test_the_crawl_archives_the_pages_with_their_comments(crawled, served):
    rows = content(crawled)
    assert len(rows["posts"]) == len(served[1])
    assert len(rows["comments"]) >= 2 * len(served[1])


def test_an_import_of_the_same_responses_gives_the_same_rows(crawled, served, tmp_path):
    base, _, pages = served
    warc = tmp_path / "pages.warc.gz"
    write_warc(warc, base, pages)
    imported = tmp_path / "imported.db"
    result = run_blogarchive("import", imported, warc)
    assert result.returncode == 0, result.stderr[-3000:]
    assert content(imported) == content(crawled)


def test_a_reparse_of_the_crawled_archive_changes_no_row(crawled, tmp_path):
    copy = tmp_path / "reparsed.db"
    shutil.copy(crawled, copy)
    result = run_blogarchive("reparse", copy)
    assert result.returncode == 0, result.stderr[-3000:]
    assert content(copy) == content(crawled)


@pytest.mark.skipif(REDIS_SERVER is None, reason="redis-server not installed (Debian package "
                                                 "redis-server; .ci/run installs it)")
def test_a_crawl_shared_over_redis_stores_the_same_rows(crawled, served, redis_url, tmp_path):
    base, paths, _ = served
    crawl([base + p for p in paths], tmp_path / "worker.db", "--redis", redis_url, *SHARED)
    stored = tmp_path / "stored.db"
    writer = subprocess.run(
        [sys.executable, "-m", "crawler.cli", "store", str(stored), "--redis", redis_url,
         "--once"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert writer.returncode == 0, writer.stderr[-3000:]
    assert content(stored) == content(crawled)
