"""Scrapyd: the project deploys with scrapyd-deploy, its spiders run there into a named archive,
and `blogarchive schedule --scrapyd` sends scheduled crawls to it. A real Scrapyd is started on
127.0.0.1 (its own folder and free port) for the module."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from sqlite_utils import Database

from crawler.samplesite import SampleSite, serve_sample_site
from tests.conftest import ROOT

BIN = Path(sys.executable).parent
SCRAPYD = BIN / "scrapyd"
DEPLOY = BIN / "scrapyd-deploy"
SITE = {"seed": 11, "diaries": 3, "posts": 2, "max_comments": 12, "max_depth": 4}
FAST = ["DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=0", "CONCURRENT_REQUESTS_PER_DOMAIN=8"]

pytestmark = pytest.mark.skipif(
    not (SCRAPYD.exists() and DEPLOY.exists()),
    reason="scrapyd and scrapyd-client are not installed (pip install -e '.[test]')",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get_json(url: str, data: dict | None = None) -> dict:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    with urllib.request.urlopen(url, data=body, timeout=10) as response:
        return json.loads(response.read())


@pytest.fixture(scope="module")
def scrapyd(tmp_path_factory):
    """A Scrapyd on 127.0.0.1 with the project deployed to it by scrapyd-deploy; its URL."""
    home = tmp_path_factory.mktemp("scrapyd")
    port = free_port()
    (home / "scrapyd.conf").write_text(
        "[scrapyd]\nbind_address = 127.0.0.1\n"
        f"http_port = {port}\npoll_interval = 0.2\nitems_dir =\n"
        "eggs_dir = eggs\nlogs_dir = logs\ndbs_dir = dbs\n"
    )
    with open(home / "scrapyd.err", "wb") as err:
        process = subprocess.Popen([str(SCRAPYD)], cwd=home, stdout=subprocess.DEVNULL,
                                   stderr=err)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                get_json(url + "/daemonstatus.json")
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("Scrapyd did not start: " + (home / "scrapyd.err").read_text()[-2000:])
        # the deploy target's url, from a user config (scrapy.cfg's [deploy] gives the project)
        config = home / "config"
        config.mkdir()
        (config / "scrapy.cfg").write_text(f"[deploy:test]\nurl = {url}/\n")
        env = {**os.environ, "XDG_CONFIG_HOME": str(config)}
        deployed = subprocess.run([str(DEPLOY), "test", "--version", "1"], cwd=ROOT, env=env,
                                  capture_output=True, text=True, timeout=120)
        assert deployed.returncode == 0, deployed.stdout + deployed.stderr
        assert '"status": "ok"' in deployed.stdout, deployed.stdout + deployed.stderr
        shutil.rmtree(ROOT / "build", ignore_errors=True)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def wait_for_job(url: str, job: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = get_json(f"{url}/status.json?job={job}")
        if status.get("currstate") == "finished":
            return
        time.sleep(0.2)
    pytest.fail(f"Scrapyd job {job} did not finish in {timeout}s")


def test_deployed_spiders_are_listed(scrapyd):
    spiders = get_json(f"{scrapyd}/listspiders.json?project=blogarchive")
    assert spiders["status"] == "ok"
    assert {"blog", "diaries"} <= set(spiders["spiders"])


def test_a_deployed_spider_fills_the_archive_named_by_its_argument(scrapyd, tmp_path):
    site = SampleSite(**SITE)
    archive = tmp_path / "archive.db"
    with serve_sample_site(site) as base:
        answer = get_json(scrapyd + "/schedule.json", [
            ("project", "blogarchive"), ("spider", "blog"), ("urls", base + "/"),
            ("archive", str(archive)), *(("setting", s) for s in FAST)])
        assert answer["status"] == "ok", answer
        wait_for_job(scrapyd, answer["jobid"])
    db = Database(archive)
    posts = db.execute("SELECT count(*) FROM posts").fetchone()[0]
    assert posts == len(site.diary_ids()) + len(site.post_ids()) + 1  # and the About page
    run = db["crawls"].get(1)
    assert run["status"] == "finished"
    assert json.loads(run["arguments"])["job"] == answer["jobid"]


def test_a_schedule_targets_scrapyd(scrapyd, tmp_path, blogarchive):
    site = SampleSite(**SITE)
    archive = tmp_path / "archive.db"
    with serve_sample_site(site) as base:
        added = blogarchive("schedule", "add", archive, "remote", "--every", "1h", "--scrapyd",
                            scrapyd, base + "/", *(a for s in FAST for a in ("-s", s)))
        assert added.returncode == 0, added.stderr
        ran = blogarchive("schedule", "run", archive, "--once", "--json")
        assert ran.returncode == 0, ran.stderr
        run = json.loads(ran.stdout)["runs"][0]
        assert run["status"] == "scheduled" and run["job"]
        wait_for_job(scrapyd, run["job"])
    listed = blogarchive("schedule", "list", archive)
    assert f"scheduled (job {run['job']})" in listed.stdout and scrapyd in listed.stdout
    db = Database(archive)
    assert db.execute("SELECT count(*) FROM posts").fetchone()[0] == (
        len(site.diary_ids()) + len(site.post_ids()) + 1)
    # the run Scrapyd made is the schedule's, once a runner has looked
    blogarchive("schedule", "run", archive, "--once")
    history = json.loads(blogarchive("crawls", archive, "--json").stdout)[0]  # newest first
    assert (history["schedule"], history["status"]) == ("remote", "finished")
