"""What a run's Scrapy stats add up to: its status and its request budget.

The archive pipeline writes both into the run's `crawls` row and the command line prints them;
one module, so the row and the summary cannot disagree.
"""

from __future__ import annotations

# links a rule left unrequested are counted under this prefix, with the rule's name after it
SKIPPED_PREFIX = "archive/skipped/"
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


# captures a crawl from a web archive fetched (`--from-archive`): its pages, where the responses
# it received also count the archive's answers to CDX queries
CAPTURES_FETCHED = "archive/captures/fetched"


def fetched(values: dict) -> int:
    """Pages a run took in: responses a crawl received (captures, from a web archive), files
    and WARC records an import read, stored pages a reparse read."""
    return (values.get(CAPTURES_FETCHED, 0) or values.get("response_received_count", 0)
            or values.get("archive/read", 0))


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
    }
