"""How a crawl reads a site: which links are worth a request, which pages are posts, pages or
listings, which URLs show the same page, and how a thread's pages join. Each rule reasons from
what the page shows (rel, canonical links, pagination, teasers), not from words in URLs.

- `links`: links worth following, and the rule that leaves out each of the others;
- `variants`: display variants learned from canonical links, folded before they are fetched;
- `kinds`: post, page or listing;
- `threadpages`: every page of a thread, in either direction, joined into one thread;
- `reading`: a fetched page read whole (thread, listing or not, links), where extraction runs.
"""

from crawler.discovery.kinds import LISTING, PAGE, POST, is_listing, is_post, page_kind, teasers
from crawler.discovery.links import (
    DENY,
    chosen_links,
    comment_units,
    compile_patterns,
    feed_urls,
    is_action_text,
    is_denied,
    page_links,
    url_date,
)
from crawler.discovery.reading import PageReading, archived_thread, read_page
from crawler.discovery.threadpages import (
    ThreadPages,
    is_same_thread,
    join_pages,
    other_pages,
    page_number,
    thread_base,
)
from crawler.discovery.variants import DisplayVariants, variant_rule

__all__ = [
    "DENY",
    "LISTING",
    "PAGE",
    "POST",
    "DisplayVariants",
    "PageReading",
    "ThreadPages",
    "archived_thread",
    "chosen_links",
    "comment_units",
    "compile_patterns",
    "feed_urls",
    "is_action_text",
    "is_denied",
    "is_listing",
    "is_post",
    "is_same_thread",
    "join_pages",
    "other_pages",
    "page_kind",
    "page_links",
    "page_number",
    "read_page",
    "teasers",
    "thread_base",
    "url_date",
    "variant_rule",
]
