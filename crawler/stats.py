"""What a run's Scrapy stats add up to: its status and its request budget.

The archive pipeline writes both into the run's `crawls` row and the command line prints them;
one module, so the row and the summary cannot disagree.
"""

from __future__ import annotations

# links a rule left unrequested are counted under this prefix, with the rule's name after it
SKIPPED_PREFIX = "archive/skipped/"
# every page a run takes in ends as one outcome, counted under this prefix with the outcome's
# name after it: archived, skipped for a reason, or an error (`page_outcomes`)
OUTCOME_PREFIX = "archive/outcome/"
# a page read into a thread that went to the archive
ARCHIVED_OUTCOMES = ("archived",)
# what a run fetched or read and rightly did not archive, and how the summary names each
SKIPPED_OUTCOMES = {
    "listing": "listings", "not_a_post": "pages of links", "variant": "display variants",
    "later_page": "later thread pages reached alone", "repeat": "pages read already",
    "unchanged": "unchanged", "known": "already archived", "not_html": "not HTML",
    "too_old": "older than --since", "feed": "feeds", "sitemap": "sitemaps",
    "robots": "robots.txt files", "forbidden": "forbidden by robots.txt",
    "error_response": "error pages and redirects",
}
# a page that failed (an errors row), and a link to a page that is gone (a dead link row)
ERROR_OUTCOMES = ("error", "dead_link")
# Scrapy's close reasons for a run stopped from outside (Ctrl-C, SIGTERM, a stopped engine)
INTERRUPTED_REASONS = ("shutdown", "cancelled")


def stat_values(stats) -> dict:
    """A crawler's stats collector, or its values as a dict (a finished run's), as a dict."""
    return stats if isinstance(stats, dict) else (stats.get_stats() if stats else {})


def run_status(reason: str | None, stats=None) -> str | None:
    """A `crawls.status` from Scrapy's close reason: 'finished', 'interrupted', or the reason;
    'failed' for a run that ended as planned but archived nothing because its pages failed (a
    dead start URL, a folder of unreadable files). `stats`: as for `request_budget`."""
    if reason in INTERRUPTED_REASONS:
        return "interrupted"
    values = stat_values(stats)
    if reason == "finished" and values.get("archive/errors", 0) and not (
            values.get("archive/pages", 0) or values.get("archive/skipped", 0)):
        return "failed"
    return reason


# pages a crawl from a web archive took in (`--from-archive`): the captures and the archive's
# own robots.txt, where the responses it received also count the CDX answers and replays
CAPTURES_FETCHED = "archive/captures/fetched"


def fetched(values: dict) -> int:
    """Pages a run took in: responses a crawl received (captures, from a web archive), files
    and WARC records an import read, stored pages a reparse read."""
    return (values.get(CAPTURES_FETCHED, 0) or values.get("response_received_count", 0)
            or values.get("archive/read", 0))


def page_outcomes(stats) -> dict:
    """What became of every page a run took in, from its stats: {"archived": {...}, "skipped":
    {...}, "errors": {...}}, each by outcome, and "not_fetched": how many of them ended before a
    response (forbidden by robots.txt, unreachable, a file that could not be read). The three
    groups add up to the pages fetched (`fetched`) and those not fetched. A crawl's robots.txt
    files that Scrapy's own middleware fetched count as skipped robots.txt files, as the
    spider's own do."""
    values = stat_values(stats)
    counted = {key.removeprefix(OUTCOME_PREFIX): value for key, value in values.items()
               if key.startswith(OUTCOME_PREFIX) and value}
    if values.get("robotstxt/response_count"):
        counted["robots"] = counted.get("robots", 0) + values["robotstxt/response_count"]
    groups: dict[str, dict[str, int]] = {"archived": {}, "skipped": {}, "errors": {}}
    for outcome, count in counted.items():
        group = ("archived" if outcome in ARCHIVED_OUTCOMES else
                 "errors" if outcome in ERROR_OUTCOMES else "skipped")
        groups[group][outcome] = count
    return {**groups, "not_fetched": values.get("archive/unfetched", 0)}


def request_budget(stats) -> dict:
    """What a crawl spent its requests on, from its stats: requests made (robots.txt, redirects
    and retries included), pages fetched, pages skipped as unchanged, listings and later thread
    pages read, and per rule the links it left unrequested. `stats`: a crawler's stats
    collector, or its values as a dict."""
    values = stat_values(stats)
    return {
        "requests": values.get("downloader/request_count", 0),
        "fetched": fetched(values),
        "unchanged": values.get("archive/skipped", 0) + values.get("archive/not_modified", 0),
        "listings": values.get("archive/listings", 0),
        "thread_pages": values.get("archive/thread_pages", 0),
        "skipped": {key.removeprefix(SKIPPED_PREFIX): value for key, value in values.items()
                    if key.startswith(SKIPPED_PREFIX)},
        "outcomes": page_outcomes(values),
    }
