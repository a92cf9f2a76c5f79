"""Reading a post and its whole thread back out of an archive, as items.

What the accuracy benchmark scores and what exports hand out is what the archive holds, so both
read through here rather than trusting in-memory items.
"""

from __future__ import annotations

from collections import defaultdict

from sqlite_utils import Database

from crawler.items import Comment, Post, Thread

POST_SQL = """
SELECT posts.*, sites.host AS site, authors.name AS author
FROM posts JOIN sites ON sites.id = posts.site_id
LEFT JOIN authors ON authors.id = posts.author_id
WHERE posts.id = ?
"""
COMMENT_FIELDS = (
    "path", "source_id", "author", "author_url", "posted_raw", "title", "body_text", "body_html",
    "signature", "kind", "id", "post_id", "parent_id", "depth", "position", "posted",
    "tips_plus", "tips_minus",
)
# the columns in COMMENT_FIELDS order: rows become comments without a dict a row in between
COMMENTS_SQL = """
SELECT c.path, c.source_id, a.name, a.url, c.posted_raw, c.title, c.body_text, c.body_html,
       c.signature, c.kind, c.id, c.post_id, c.parent_id, c.depth, c.position, c.posted,
       c.tips_plus, c.tips_minus
FROM comments AS c LEFT JOIN authors AS a ON a.id = c.author_id
WHERE c.post_id = ?
ORDER BY c.position, c.id
"""
RECOMMENDERS_SQL = """
SELECT recommendations.comment_id, authors.name
FROM recommendations JOIN comments ON comments.id = recommendations.comment_id
JOIN authors ON authors.id = recommendations.author_id
WHERE comments.post_id = ?
ORDER BY recommendations.rowid
"""
TAGS_SQL = """
SELECT tags.name, tags.kind FROM post_tags JOIN tags ON tags.id = post_tags.tag_id
WHERE post_tags.post_id = ? ORDER BY post_tags.rowid
"""

POST_FIELDS = (
    "url", "canonical_url", "site", "platform", "title", "author", "published_raw", "body_text",
    "body_html", "recommend_count", "id", "published", "tips_plus", "tips_minus",
)


def read_thread(db: Database, post_id: str) -> Thread | None:
    """The post and its comments in thread order, or None when the archive has no such post."""
    row = next(db.query(POST_SQL, [post_id]), None)
    if row is None:
        return None
    post = Post(**{field: row[field] for field in POST_FIELDS})
    for name, kind in db.execute(TAGS_SQL, [post_id]):
        (post.tags if kind == "tag" else post.groups).append(name)
    recommenders: dict[str, list[str]] = defaultdict(list)
    for comment_id, name in db.execute(RECOMMENDERS_SQL, [post_id]):
        recommenders[comment_id].append(name)
    comments = [
        Comment(**dict(zip(COMMENT_FIELDS, row, strict=True)),
                recommenders=recommenders.get(row[10], []))
        for row in db.execute(COMMENTS_SQL, [post_id])
    ]
    return Thread(post=post, comments=comments, extractor=row["platform"])
