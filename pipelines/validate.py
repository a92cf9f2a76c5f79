"""Validate: a post needs a URL and a title or body; a comment needs a body.

What fails is dropped with a reason that reaches the log (and, with the archive, its errors
table): a bad post drops its whole page, a bad comment only itself. A bodiless comment that has
replies is kept, marked, so its replies keep their parent: a thread is never left half-made.
"""

from __future__ import annotations

import logging

from scrapy.exceptions import DropItem

from crawler.items import Thread

logger = logging.getLogger(__name__)


class ValidatePipeline:
    def process_item(self, item):
        if not isinstance(item, Thread):
            return item
        post = item.post
        if not post.url:
            raise DropItem("post has no URL")
        if not (post.title or (post.body_text or "").strip()):
            raise DropItem(f"post at {post.url} has neither a title nor a body")
        item.comments = self._valid_comments(item)
        return item

    def _valid_comments(self, thread: Thread) -> list:
        comments = thread.comments
        parents = {c.parent_path for c in comments if c.parent_path}
        kept, paths, source_ids = [], set(), set()
        for comment in comments:
            where = f"comment {comment.source_id or comment.path} of {thread.post.url}"
            if comment.source_id and comment.source_id in source_ids:
                self._problem(thread, f"{where}: dropped, the page shows it twice")
                continue
            if comment.path in paths:
                self._problem(thread, f"{where}: dropped, its place in the thread is taken twice")
                continue
            parent = comment.parent_path
            if parent and parent not in paths:
                self._problem(thread, f"{where}: dropped, its parent {parent} is not in the thread")
                continue
            if not (comment.body_text or "").strip():
                if comment.path not in parents:
                    self._problem(thread, f"{where}: dropped, it has no body")
                    continue
                self._problem(thread, f"{where}: has no body but has replies, kept empty")
                comment.body_text = ""
            kept.append(comment)
            paths.add(comment.path)
            if comment.source_id:
                source_ids.add(comment.source_id)
        return kept

    @staticmethod
    def _problem(thread: Thread, reason: str) -> None:
        logger.warning(reason)
        thread.problems.append(reason)
