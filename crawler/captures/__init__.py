"""Crawling a web archive's captures of a site instead of the live site (`crawl --from-archive`).

A blog that is gone lives on in web archives (the Wayback Machine, any pywb or OpenWayback).
Each page the crawl asks for by its original URL is looked up in the archive's CDX index, one
capture is chosen, and that capture's original bytes are fetched and handed to the spider as if
the live site had answered: the crawl, its extractors and its pipelines do not know the
difference, and pages are archived under their original URLs with the capture's time and
address beside them.

- `source.py`: which archive: its CDX endpoint and its replay addresses;
- `cdx.py`: a CDX query for one URL, and the captures it lists;
- `choice.py`: the window of capture times and the rule that picks one capture of a URL;
- `crawler/middlewares/captures.py`: the downloader middleware that puts them together.
"""

from scrapy.exceptions import IgnoreRequest


class NotCaptured(IgnoreRequest):
    """The archive holds no usable capture of a URL (in the window asked for): the message
    says what it holds. A link to such a page is recorded as a dead link, as a 404 would be."""


class ArchiveUnavailable(IgnoreRequest):
    """The archive could not be asked (unreachable, or its CDX answer unreadable) even after
    retries: recorded as the page's failure, never retried twice over."""
