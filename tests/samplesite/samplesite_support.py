"""What the sample-site tests share: the small site's options and a plain HTTP GET."""

from __future__ import annotations

import urllib.error
import urllib.request

# small enough to run fast, big enough for split threads, comment pages and list pagination
SITE_OPTIONS = dict(seed=7, diaries=30, posts=12, max_comments=250, max_depth=8,
                    list_page_size=10, thread_page_size=80, blog_page_size=5,
                    wp_comments_per_page=4)


def fetch(url: str, headers: dict | None = None):
    """(status, headers, body) of a GET; HTTP errors are answers too."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()
