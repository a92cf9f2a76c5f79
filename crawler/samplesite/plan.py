"""What a careful crawl of the sample site fetches, page by page: the yardstick of crawl tests.

A person reaching every diary, post and comment page clicks through listings (the front page,
diary lists, the diarists', tag and group pages, the blog's archives) and every page of every
thread; a crawler also reads robots.txt, the sitemaps and the feeds. Nothing else is worth a
request: not the Reply/Recommend actions of each comment, not print, email, display-mode or
story-only views, not log-in pages, not the pages of people who only commented. The dead links
the site carries are requested once each (a crawler cannot know they are dead) and answer 404.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from crawler.samplesite.model import (
    ABOUT_PATH,
    BLOG_AUTHORS,
    CATEGORIES,
    DEAD_LINK_EVERY,
    GROUPS,
    TAGS,
    SampleSite,
    dead_diary_path,
    dead_post_path,
    slugify,
)
from crawler.samplesite.render import SIDEBAR_MONTHS, SITEMAP_SIZE


@dataclass
class CrawlPlan:
    """Paths (with their query) a careful crawl requests, by what they are."""

    posts: set[str] = field(default_factory=set)  # diaries and blog posts
    pages: set[str] = field(default_factory=set)  # WordPress "pages" (About)
    thread_pages: set[str] = field(default_factory=set)  # a thread's other comment pages
    listings: set[str] = field(default_factory=set)  # lists of diaries or posts, and their pages
    feeds: set[str] = field(default_factory=set)  # robots.txt, sitemaps, RSS and Atom
    dead: set[str] = field(default_factory=set)  # linked, gone: 404

    @property
    def mattered(self) -> set[str]:
        """Pages that matter: posts, pages, thread pages and listings."""
        return self.posts | self.pages | self.thread_pages | self.listings

    @property
    def everything(self) -> set[str]:
        return self.mattered | self.feeds | self.dead


def _paged(path: str, count: int, size: int, style: str) -> list[str]:
    """A listing's own path and those of its further pages (`?page=N` or WordPress `page/N/`)."""
    pages = max(1, -(-count // size))
    more = (f"{path}?page={n}" if style == "query" else f"{path}page/{n}/"
            for n in range(2, pages + 1))
    return [path, *more]


def crawl_plan(site: SampleSite, epoch: int | None = None) -> CrawlPlan:
    """Every path a careful crawl of `site` (at `epoch`) requests, from its home page."""
    plan = CrawlPlan()
    diaries, posts = site.diary_ids(epoch), site.post_ids(epoch)
    for diary_id in diaries:
        first, *more = site.diary_page_paths(diary_id, epoch)
        plan.posts.add(first)
        plan.thread_pages.update(more)
        if diary_id % DEAD_LINK_EVERY == 0:
            plan.dead.add(dead_diary_path(diary_id))
    for post_id in posts:
        first, *more = site.post_page_paths(post_id, epoch)
        plan.posts.add(first)
        plan.thread_pages.update(more)
        if post_id % DEAD_LINK_EVERY == 0:
            plan.dead.add(dead_post_path(post_id))
    plan.pages.add(ABOUT_PATH)

    size = site.list_page_size
    plan.listings.add("/")
    plan.listings.update(_paged("/diaries", len(diaries), size, "query"))
    authors = {site.head("diary", i).author for i in diaries}
    for name in authors:  # a diarist's page is linked from the byline; a commenter's is not
        path = site.user_path(name)
        plan.listings.update(_paged(path, len(site.diaries_by("user", name, epoch)), size,
                                    "query"))
    for kind, names in (("tag", TAGS), ("group", GROUPS)):
        for name in names:
            ids = site.diaries_by(kind, name, epoch)
            if ids:  # linked from a diary that has it
                path = site.tag_path(name) if kind == "tag" else site.group_path(name)
                plan.listings.update(_paged(path, len(ids), size, "query"))

    blog = site.blog_page_size
    plan.listings.update(_paged("/blog/", len(posts), blog, "wordpress"))
    for name in CATEGORIES:  # the sidebar links every category, empty ones too
        slug = slugify(name)
        plan.listings.update(_paged(f"/blog/category/{slug}/",
                                    len(site.posts_by("category", slug, epoch)), blog, "wordpress"))
    used_tags = {t for i in posts for t in site.head("post", i).groups}
    for name in used_tags:  # linked from the posts that carry them
        slug = slugify(name)
        plan.listings.update(_paged(f"/blog/tag/{slug}/", len(site.posts_by("tag", slug, epoch)),
                                    blog, "wordpress"))
    for name in BLOG_AUTHORS:
        slug = slugify(name)
        ids = site.posts_by("author", slug, epoch)
        if ids:
            plan.listings.update(_paged(f"/blog/author/{slug}/", len(ids), blog, "wordpress"))
    for month in site.months(epoch)[:SIDEBAR_MONTHS]:
        plan.listings.update(_paged(f"/blog/{month}/", len(site.posts_by("month", month, epoch)),
                                    blog, "wordpress"))

    plan.feeds.update({"/robots.txt", "/sitemap.xml", "/blog/feed/", "/blog/feed/atom/"})
    plan.feeds.update(f"/sitemap-diaries-{n}.xml"
                      for n in range(1, -(-len(diaries) // SITEMAP_SIZE) + 1))
    plan.feeds.update(f"/blog/sitemap-posts-{n}.xml"
                      for n in range(1, -(-len(posts) // SITEMAP_SIZE) + 1))
    return plan
