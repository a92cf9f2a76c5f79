"""Thread: stable ids, parent links, depth and position for every comment.

A post's id derives from its canonical URL, a comment's from the site's own id when the page has
one, else from the post id and the comment's path in the tree, so extracting the same page twice
gives the same ids. Parents are resolved inside the thread, so every parent is in the same post.
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit, urlunsplit

from crawler.items import Comment, Thread


def canonical_key(url: str) -> str:
    """A URL reduced to what names the resource: lower-case host, no fragment, no trailing /."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("", host, path, parts.query, ""))


def post_id(url: str) -> str:
    """Twelve hex digits of the canonical URL's SHA-1: short, stable, URL-safe."""
    return hashlib.sha1(canonical_key(url).encode()).hexdigest()[:12]


def comment_id(post: str, comment: Comment) -> str:
    if comment.source_id:
        return f"{post}-{comment.source_id}"
    return f"{post}-p{comment.path}"


class ThreadPipeline:
    def process_item(self, item):
        if not isinstance(item, Thread):
            return item
        post = item.post
        post.id = post_id(post.canonical_url or post.url)
        by_path: dict[str, Comment] = {}
        by_source: dict[str, Comment] = {}
        for position, comment in enumerate(item.comments, start=1):
            comment.post_id = post.id
            comment.id = comment_id(post.id, comment)
            comment.position = position
            comment.depth = comment.path.count(".")
            parent = by_path.get(comment.parent_path or "")
            if parent is None and comment.parent_source_id:
                parent = by_source.get(comment.parent_source_id)
            comment.parent_id = parent.id if parent else None
            by_path[comment.path] = comment
            if comment.source_id:
                by_source[comment.source_id] = comment
        return item
