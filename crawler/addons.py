"""Settings that follow from other settings, applied the Scrapy way: as add-ons (`ADDONS`).

Scrapy calls an add-on's `update_settings` once every source of settings (Scrapy's defaults,
`crawler/settings.py`, a command's `-s NAME=VALUE`, a Scrapyd job's settings) has been read, so a
setting derived here sees the value the user gave, wherever they gave it.
"""

from __future__ import annotations

from scrapy.settings import BaseSettings

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
