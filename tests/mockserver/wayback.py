"""A real web archive for the tests: the sample site captured into WARC files at two moments,
replayed by pywb on 127.0.0.1.

`capture_site` renders every page of the sample site reachable from its front page, as its
server would send it at an epoch (the site grows between epochs: new diaries, threads with
more comments), and writes each answer as a WARC response record dated as the capture.
`Wayback` indexes the WARC files into a pywb collection (`wb-manager`) and runs `wayback` on a
free port; its CDX server is at `{url}/{collection}/cdx`, its replay at `{url}/{collection}/`.

pywb pins redis 2.10.6 and werkzeug exactly, against scrapy-redis' redis>=4: it cannot share
the project's environment, so it runs from one of its own (`make test` makes `.venv-pywb`),
like redis-server is a program the tests start rather than a library they import.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterable
from datetime import datetime
from email.utils import format_datetime
from io import BytesIO
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.html
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.samplesite import SampleSite
from crawler.samplesite.render import route

ROOT = Path(__file__).resolve().parents[2]
# where pywb's commands are: $BLOGARCHIVE_PYWB (a bin folder), the venv `make test` makes,
# or the PATH
PYWB_BIN_ENV = "BLOGARCHIVE_PYWB"
PYWB_VENV_BIN = ROOT / ".venv-pywb" / "bin"
COLLECTION = "sample"
# the sample site the tests' archive holds, captured at epoch 0 and again a month later at
# epoch 1, when a diary and a post are new and threads have grown; as a host nothing answers on
# (a crawl that went to the original site instead of the archive would fail)
ARCHIVED_SITE = {"seed": 18, "diaries": 5, "posts": 3, "users": 4, "max_comments": 30,
                 "thread_page_size": 10, "wp_comments_per_page": 5}
ARCHIVED_HOST = "http://kos.example"
CAPTURES = {0: "2020-01-01T12:00:00Z", 1: "2020-02-01T12:00:00Z"}
# and a month later only the diaries' later comment pages, at epoch 2 (an archive's crawler
# takes some pages of a site and not others): the latest capture of such a page, but not the
# one a thread captured in February is read with
LATER_THREAD_PAGES = (2, "2020-03-01T12:00:00Z", r"^/story/.*[?&]page=\d")
REASONS = {200: "OK", 301: "Moved Permanently", 302: "Found", 404: "Not Found",
           410: "Gone"}


def pywb_bin() -> Path | None:
    """The folder holding pywb's `wayback` and `wb-manager`, None where pywb is not installed."""
    for folder in (os.environ.get(PYWB_BIN_ENV), PYWB_VENV_BIN):
        if folder and (Path(folder) / "wayback").exists():
            return Path(folder)
    found = shutil.which("wayback")
    return Path(found).parent if found else None


def site_paths(site: SampleSite, epoch: int, base: str) -> list[str]:
    """Every path of the site a crawler can reach from its front page at `epoch` (links of
    its HTML pages, on its host, `/_sample/` aside), in the order found."""
    host = urlsplit(base).netloc
    seen: dict[str, None] = {"/": None, "/robots.txt": None}
    queue = ["/"]
    while queue:
        path = queue.pop(0)
        answer = _render(site, epoch, base, path)
        if answer.status != 200 or "html" not in answer.content_type:
            continue
        page = lxml.html.fromstring(answer.body)
        for href in page.xpath("//a/@href | //link/@href"):
            parts = urlsplit(urljoin(base + path, href.strip()))
            if parts.netloc != host or parts.path.startswith("/_sample/"):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target not in seen:
                seen[target] = None
                queue.append(target)
    return list(seen)


def capture_site(site: SampleSite, base: str,
                 captures: Iterable[tuple[int, datetime, str]], warc: Path) -> dict[int, int]:
    """Write the site at each (epoch, capture time, path pattern) into one WARC file: every
    page reachable at that epoch whose path matches the pattern, dated as that capture; the
    records written per epoch."""
    written: dict[int, int] = {}
    with warc.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for epoch, moment, pattern in captures:
            paths = [p for p in site_paths(site, epoch, base) if re.search(pattern, p)]
            for path in paths:
                _write(writer, base + path, _render(site, epoch, base, path), moment)
            written[epoch] = len(paths)
    return written


def capture_example(warc: str | Path) -> SampleSite:
    """The tests' captures of the sample site (`ARCHIVED_SITE`) into one WARC file: the whole
    site twice (`CAPTURES`), and the threads' later pages once more (`LATER_THREAD_PAGES`)."""
    site = SampleSite(**ARCHIVED_SITE)
    whole = [(epoch, moment, "") for epoch, moment in CAPTURES.items()]
    captures = [(epoch, datetime.fromisoformat(moment.replace("Z", "+00:00")), pattern)
                for epoch, moment, pattern in [*whole, LATER_THREAD_PAGES]]
    capture_site(site, ARCHIVED_HOST, captures, Path(warc))
    return site


def _render(site: SampleSite, epoch: int, base: str, path: str):
    """The answer to `path` at `epoch`, as the site's server gives it (which moves the site
    itself to that epoch: some lookups read the site's own)."""
    plain, _, query = path.partition("?")
    site.epoch = epoch
    return route(site, epoch, base, plain, query)


def _write(writer: WARCWriter, url: str, answer, moment: datetime) -> None:
    headers = [("Content-Type", answer.content_type), ("Content-Length", str(len(answer.body))),
               ("Date", format_datetime(moment, usegmt=True))]
    if answer.location:
        headers.append(("Location", answer.location))
    status = f"{answer.status} {REASONS.get(answer.status, 'Status')}"
    record = writer.create_warc_record(
        url, "response", payload=BytesIO(answer.body),
        http_headers=StatusAndHeaders(status, headers, protocol="HTTP/1.1"),
        warc_headers_dict={"WARC-Date": moment.strftime("%Y-%m-%dT%H:%M:%SZ")})
    writer.write_record(record)


class Wayback:
    """pywb's `wayback` replaying WARC files, on 127.0.0.1 at a free port, in `folder`."""

    # the site its WARC files hold, where a test set it, to check a crawl against
    site: SampleSite | None = None

    def __init__(self, folder: Path, warcs: Iterable[Path], port: int, bin_dir: Path):
        self.folder = folder
        self.port = port
        self.bin = bin_dir
        self.url = f"http://127.0.0.1:{port}"
        self.cdx = f"{self.url}/{COLLECTION}/cdx"
        self.replay = f"{self.url}/{COLLECTION}/"
        self.log = folder / "wayback.log"
        self._manage("init", COLLECTION)
        self._manage("add", COLLECTION, *map(str, warcs))
        self.process: subprocess.Popen | None = None

    def _manage(self, *args: str) -> None:
        subprocess.run([str(self.bin / "wb-manager"), *args], cwd=self.folder, check=True,
                       capture_output=True, timeout=120)

    def start(self) -> Wayback:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [str(self.bin / "wayback"), "-p", str(self.port), "-b", "127.0.0.1"],
                cwd=self.folder, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"wayback exited: {self.log.read_text()[-2000:]}")
            try:
                urllib.request.urlopen(f"{self.cdx}?url=none.example/", timeout=2).read()
                return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"wayback did not answer in 60 s: {self.log.read_text()[-2000:]}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


if __name__ == "__main__":  # the README's worked example: the two captures, into a WARC file
    import sys

    capture_example(sys.argv[1] if len(sys.argv) > 1 else "sample.warc.gz")
