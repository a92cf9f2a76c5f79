"""Items: the crawl yields the archive's records (`db/records.py`) as Scrapy items.

Scrapy projects keep their items in `items.py`; ours are defined beside the archive that stores
them, so `db` needs nothing from `crawler` and the packages depend one way (crawler -> db).
"""

from db.records import DEAD_LINK_STAGE, Comment, PageError, Post, RawPage, SeenUnchanged, Thread

__all__ = ["DEAD_LINK_STAGE", "Comment", "PageError", "Post", "RawPage", "SeenUnchanged", "Thread"]
