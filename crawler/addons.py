"""Settings that follow from other settings, applied the Scrapy way: as add-ons (`ADDONS`).

Scrapy calls an add-on's `update_settings` once every source of settings (Scrapy's defaults,
`crawler/settings.py`, a command's `-s NAME=VALUE`, a Scrapyd job's settings) has been read, so a
setting derived here sees the value the user gave, wherever they gave it.
"""

from __future__ import annotations

from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings

# the product and version a site's logs show for our requests
AGENT = "blogarchive/0.1"


def user_agent(contact: str) -> str:
    """An honest User-Agent: who we are and where the person running the crawl can be reached."""
    return f"{AGENT} (+{contact})"


class ContactUserAgent:
    """`USER_AGENT` built from `ARCHIVE_CONTACT_URL` (`--contact`, `-s ARCHIVE_CONTACT_URL=`).

    Set at the add-on priority: a `USER_AGENT` the user gives outright (`-s USER_AGENT=...`, or a
    project's own settings module) still wins over the derived one.
    """

    def update_settings(self, settings: BaseSettings) -> None:
        settings.set("USER_AGENT", user_agent(settings.get("ARCHIVE_CONTACT_URL")), "addon")


class CapturePoliteness:
    """An archive's pace when crawling its captures (`ARCHIVE_CAPTURES_SOURCE` set): one
    request at a time, `ARCHIVE_CAPTURES_DELAY` seconds apart on average
    (`ARCHIVE_CAPTURES_WAYBACK_DELAY` for the Wayback Machine, which throttles heavy users),
    and its Retry-After waited for up to `ARCHIVE_CAPTURES_RETRY_MAX` seconds.

    A live site's defaults are for one small site; an archive serves everyone, and every page
    costs it two requests (the CDX query and the capture). A setting the user gives outright
    (`-s DOWNLOAD_DELAY=...`) still wins: only values from our defaults are raised.
    """

    def update_settings(self, settings: BaseSettings) -> None:
        source = settings.get("ARCHIVE_CAPTURES_SOURCE")
        if not source:
            return
        delay = settings.getfloat("ARCHIVE_CAPTURES_WAYBACK_DELAY" if source == "wayback"
                                  else "ARCHIVE_CAPTURES_DELAY")
        floors = {"DOWNLOAD_DELAY": delay, "AUTOTHROTTLE_START_DELAY": delay,
                  "ARCHIVE_RETRY_BACKOFF_MAX": settings.getfloat("ARCHIVE_CAPTURES_RETRY_MAX")}
        for name, floor in floors.items():
            if _given_outright(settings, name):
                continue
            settings.set(name, max(settings.getfloat(name), floor), "project")
        for name in ("CONCURRENT_REQUESTS_PER_DOMAIN", "AUTOTHROTTLE_TARGET_CONCURRENCY"):
            if not _given_outright(settings, name):
                settings.set(name, 1, "project")


def _given_outright(settings: BaseSettings, name: str) -> bool:
    """Whether the user set `name` (command line, spider, Scrapyd job), not our defaults."""
    return (settings.getpriority(name) or 0) > SETTINGS_PRIORITIES["project"]
