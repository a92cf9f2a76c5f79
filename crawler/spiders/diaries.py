"""The `diaries` spider: Daily Kos-style community sites.

A diary page and its thread (all of its pages), found from the recent-diaries list, user pages,
tag pages and their pagination: every in-scope link of a listing is followed, every diary archived.
A diary is recognised by its markup (tip counts, bylines), wherever it is served from.
"""

from __future__ import annotations

from crawler.spiders.archive import ArchiveSpider


class DiariesSpider(ArchiveSpider):
    name = "diaries"
