"""Running a spider from a command: our settings plus the command's, then a readable summary."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

from scrapy.crawler import CrawlerProcess

from crawler.processing import project_settings
from crawler.stats import SKIPPED_OUTCOMES, fetched, page_outcomes, request_budget, run_status


def parse_setting_overrides(pairs: tuple[str, ...]) -> dict[str, str]:
    """`-s NAME=VALUE` pairs, as `scrapy crawl -s` takes them."""
    overrides = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise ValueError(f"-s expects NAME=VALUE, got {pair!r}")
        overrides[name.strip()] = value
    return overrides


@dataclass
class RunResult:
    stats: dict
    seconds: float
    db_path: str

    def get(self, key: str, default: int = 0) -> int:
        return self.stats.get(f"archive/{key}", default)

    @property
    def failed(self) -> bool:
        return self.get("errors") > 0 or self.stats.get("finish_reason") != "finished"


def run_spider(spidercls, db_path: str | Path, command: str, arguments: dict,
               overrides: dict | None = None, **spider_args) -> RunResult:
    """Run one spider to the end in this process and return its stats."""
    settings = project_settings()
    settings.setdict(
        {"ARCHIVE_DB": str(db_path), "ARCHIVE_COMMAND": command,
         "ARCHIVE_ARGUMENTS": json.dumps(arguments), "LOG_LEVEL": "WARNING"},
        priority="cmdline",
    )
    settings.setdict(overrides or {}, priority="cmdline")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(spidercls)
    started = time.perf_counter()
    process.crawl(crawler, **spider_args)
    process.start()
    return RunResult(crawler.stats.get_stats(), time.perf_counter() - started, str(db_path))


def summary_line(verb: str, result: RunResult) -> str:
    """'crawled: 221 pages fetched, 25 posts archived, 114 comments (114 new), 3 skipped,
    0 errors, in 12.3s ...': the words `crawls` and the README use."""
    seconds = result.seconds
    taken_in = fetched(result.stats)
    rate = f"{taken_in / seconds:.1f} pages/s" if seconds > 0 else "-"
    outcomes = page_outcomes(result.stats)
    # a crawl, import or reparse takes pages in; the shared crawl's writer takes items
    parts = [f"{taken_in} pages fetched"] if verb != "stored" else []
    unfetched = result.get("unfetched")
    if unfetched and verb != "stored":
        parts[-1] += (f" (and {unfetched} not: forbidden by robots.txt or unreachable)"
                      if verb in ("crawled", "queued") else
                      f" (and {unfetched} that could not be read)")
    # a shared crawl's worker hands its posts to the writer; posts of several pages say so,
    # so that archived, skipped and errors add up to the pages fetched
    archived_pages = sum(outcomes["archived"].values())
    posts = f"{result.get('posts')} posts {'queued' if verb == 'queued' else 'archived'}"
    if archived_pages > result.get("posts"):
        posts += f" (from {archived_pages} pages)"
    parts += [posts,
             f"{result.get('comments')} comments ({result.get('new_comments')} new)"]
    if outcomes["skipped"]:
        parts.append(skipped_text(outcomes["skipped"]))
    # pages a resumed crawl knew it had: never requested, so not among the pages fetched
    known = result.get("skipped") - outcomes["skipped"].get("known", 0)
    if known > 0:
        parts.append(f"{known} already archived (not requested)")
    parts.append(f"{result.get('errors')} errors")
    if result.get("dead_links"):
        parts.append(f"{result.get('dead_links')} dead links (see the errors table)")
    if result.get("warnings"):
        parts.append(f"{result.get('warnings')} warnings (see the errors table)")
    parts.append(f"in {seconds:.1f}s ({rate})")
    budget = request_budget_text(result)
    if budget:
        parts.append(budget)
    parts.append(f"archive: {result.db_path} (run {result.get('crawl_id', '?')})")
    if result.stats.get("finish_reason") not in (None, "finished"):
        parts.append(f"stopped early: {result.stats.get('finish_reason')}")
    elif run_status("finished", result.stats) == "failed":
        parts.append(f"nothing archived: see blogarchive errors {result.db_path}")
    return f"{verb}: " + ", ".join(parts)


def skipped_text(skipped: dict[str, int]) -> str:
    """'137 skipped (128 listings, 3 sitemaps, ...)': pages taken in and rightly not archived,
    by reason, the most frequent first."""
    reasons = sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0]))
    return f"{sum(skipped.values())} skipped (" + ", ".join(
        f"{count} {SKIPPED_OUTCOMES.get(outcome, outcome)}" for outcome, count in reasons) + ")"


# how the summary names each rule that left links unrequested
RULE_NAMES = {"nofollow": "rel=nofollow", "comment": "inside comments", "action": "actions",
              "pattern": "URL patterns", "variant": "display variants", "offsite": "off-site",
              "excluded": "--include/--exclude", "too_old": "--since"}


def request_budget_text(result: RunResult) -> str:
    """'requests 231 for 212 pages that mattered (...); not requested: ...' for a crawl."""
    budget = request_budget(result.stats)
    if not budget["requests"]:
        return ""
    mattered = result.get("posts") + budget["thread_pages"] + budget["listings"]
    text = (f"requests {budget['requests']} for {mattered} pages that mattered "
            f"({result.get('posts')} posts, {budget['thread_pages']} thread pages, "
            f"{budget['listings']} listings)")
    left = sorted(budget["skipped"].items(), key=lambda kv: -kv[1])
    if left:
        text += "; links not requested: " + ", ".join(
            f"{RULE_NAMES.get(rule, rule)} {count}" for rule, count in left)
    return text


def summary_json(result: RunResult) -> dict:
    """The run's counts as one JSON-able object: what `--json` prints instead of the line."""
    reason = result.stats.get("finish_reason")
    status = run_status(reason, result.stats)
    counts = {key: result.get(key) for key in
              ("pages", "posts", "comments", "new_comments", "errors", "warnings", "skipped",
               "dead_links")}
    return {"crawl_id": result.stats.get("archive/crawl_id"), "status": status, **counts,
            "fetched": fetched(result.stats), "unfetched": result.get("unfetched"),
            "outcomes": page_outcomes(result.stats),
            "not_modified": result.get("not_modified"), "seconds": round(result.seconds, 3),
            "archive": result.db_path, "budget": request_budget(result.stats)}
