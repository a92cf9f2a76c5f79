"""Stored queries a page at a time, titled by what they are.

Datasette runs a stored (canned) query whole and shows every row: the most-recommended comments
of the demo archive were 1,640 rows in a 1.8 MB page. Each stored query in metadata.yaml ends
`LIMIT :_page_size OFFSET :_page_offset`, magic parameters (Datasette's
`register_magic_parameters`) read from the request as a table page reads its own: `_size` rows
a page (Datasette's `default_page_size`, up to `max_returned_rows`; `max` for that many) and
`_next`, here the rows to skip. query.html links the pages before and after, and gives the
page the query's title as its browser title (Datasette's is the SQL). Full exports bind the
parameters to every row (`db.publish.PAGE_PARAMETERS`).
"""

from __future__ import annotations

from datasette import hookimpl
from datasette.utils import path_with_removed_args, path_with_replaced_args

# the magic parameters' prefix: `:_page_size`, `:_page_offset`
PAGE_PREFIX = "page"
PAGED = ":_page_offset"


def page_of(args, default_size: int, max_size: int) -> tuple[int, int]:
    """(rows a page, rows skipped) a request asks for, within the server's limits."""
    size = args.get("_size") or ""
    rows = max_size if size == "max" else int(size) if size.isdigit() else default_size
    offset = args.get("_next") or ""
    return max(1, min(rows, max_size)), int(offset) if offset.isdigit() else 0


@hookimpl
def register_magic_parameters(datasette):
    def page(key: str, request) -> int:
        size, offset = page_of(request.args, datasette.setting("default_page_size"),
                               datasette.setting("max_returned_rows"))
        if key == "size":
            return size
        if key == "offset":
            return offset
        raise KeyError(key)  # Datasette then reads the parameter from the request

    return [(PAGE_PREFIX, page)]


@hookimpl
def extra_template_vars(template, request, datasette):
    if request is None or not template.startswith("query") or request.args.get("sql"):
        return {}
    size, offset = page_of(request.args, datasette.setting("default_page_size"),
                           datasette.setting("max_returned_rows"))
    previous = max(0, offset - size)
    return {"query_page": {
        "paged": PAGED,
        "size": size,
        "first": offset + 1,
        "next_url": datasette.urls.path(
            path_with_replaced_args(request, {"_next": str(offset + size)})),
        "previous_url": offset and datasette.urls.path(
            path_with_replaced_args(request, {"_next": str(previous)}) if previous
            else path_with_removed_args(request, {"_next"})),
    }}
