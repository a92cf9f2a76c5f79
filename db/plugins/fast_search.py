"""Searches answer at once: a table search shows its first rows without faceting every match.

A search for a common word matches most of an archive's comments, and Datasette would run each
configured facet (five on comments) over all of those matches, then render 100 long comments,
before showing anything: several hundred milliseconds on a big archive. So a search page asks
Datasette for no facets and a page of `SEARCH_PAGE_SIZE` rows, unless the reader asked otherwise
(`_facet=...`, `_size=...`), and offers the facets back with `_facets=on` (see table.html).
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl

SEARCH_PAGE_SIZE = 20
FACETS_ON = "_facets"


def search_query(query_string: bytes) -> bytes | None:
    """The query string a search page is served with, or None to leave the request as it is."""
    args = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    names = {name for name, _ in args}
    if not any(name == "_search" or name.startswith("_search_") for name in names):
        return None
    if FACETS_ON in names:  # the reader wants the facets back: whatever turned them off goes
        kept = [(k, v) for k, v in args if k not in (FACETS_ON, "_nofacet")]
        return urlencode(kept).encode("latin-1")
    if any(name.startswith("_facet") for name in names) or "_nofacet" in names:
        return None
    extra = [("_nofacet", "1")]
    if "_size" not in names:
        extra.append(("_size", str(SEARCH_PAGE_SIZE)))
    return urlencode([*args, *extra]).encode("latin-1")


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def search_first(scope, receive, send):
            if scope.get("type") == "http" and scope.get("method") in ("GET", "HEAD"):
                rewritten = search_query(scope.get("query_string", b""))
                if rewritten is not None:
                    scope = {**scope, "query_string": rewritten}
            await app(scope, receive, send)

        return search_first

    return wrap
