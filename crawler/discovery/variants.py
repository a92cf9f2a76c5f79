"""Display variants of a page, learned from its canonical link and folded before they are fetched.

Sites show one post many ways: `?mode=flat|threaded`, `?replytocom=123`, `?utm_source=...`, a
`/print` or `/amp/` view, a `/storyonly/` path. Each names the plain page in `<link
rel="canonical">`. Fetching one such variant teaches, per site, what in a URL does not change
the page: a query parameter, or a path segment that is added or replaced. From then on any URL of
that site that differs from another only by that is folded into the plain one before a request
goes out, so two hundred posts with three display modes each cost three requests, not six hundred.

What is never learned: pagination (`page`, `cpage`, `comment-page-N`: a site whose page 2 names
page 1 as canonical still has a page 2 to read), and segments with digits (ids and dates tell
pages apart; a view's name is a word).
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from crawler.discovery.threadpages import COMMENT_PAGE, PAGE_PARAMS

PARAMS, DROP, REPLACE = "params", "drop", "replace"


def _host(parts) -> str:
    return (parts.hostname or "").lower().removeprefix("www.")


def _segments(path: str) -> list[str]:
    return [s for s in path.split("/") if s]


def _is_view_name(segment: str) -> bool:
    """A segment that can name a view: a word, not an id, date, slug number or page number."""
    return bool(segment) and not any(ch.isdigit() for ch in segment) and not COMMENT_PAGE.match(
        f"/{segment}/")


class DisplayVariants:
    """What this crawl has learned, per site, about URLs that show the same page."""

    def __init__(self) -> None:
        self.params: dict[str, set[str]] = {}
        # (kind, length, position, segment, replacement): a variant path of `length` segments
        # whose segment at `position` is `segment` (a view of the same kind of page: the same
        # depth of path); position counts from the end when < 0 (a view appended: /slug/print)
        self.paths: dict[str, set[tuple[str, int, int, str, str]]] = {}

    def learn(self, url: str, canonical: str) -> str | None:
        """Remember how `url` differs from `canonical` if it is only by display; the rule learned
        ("?mode", "/print") or None when they differ otherwise (or not at all)."""
        found = variant_rule(url, canonical)
        if found is None:
            return None
        host, rule = found
        if rule[0] == PARAMS:
            self.params.setdefault(host, set()).update(rule[1])
            return "?" + "&".join(sorted(rule[1]))
        self.paths.setdefault(host, set()).add(rule)
        return f"/{rule[3]}"

    def fold(self, url: str) -> str:
        """`url` without what this site's variants taught us does not change the page."""
        parts = urlsplit(url)
        host = _host(parts)
        params, paths = self.params.get(host), self.paths.get(host)
        if not params and not paths:
            return url
        query = parts.query
        if params and query:
            kept = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True)
                    if k not in params]
            query = urlencode(kept)
        path = parts.path
        if paths:
            path = _fold_path(path, paths)
        if query == parts.query and path == parts.path:
            return url
        return urlunsplit((parts.scheme, parts.netloc, path, query, parts.fragment))


def variant_rule(url: str, plain: str) -> tuple[str, tuple] | None:
    """(site, rule) if `url` could be a display variant of `plain`: the same page but for some
    query parameters (PARAMS, their names) or one view-name path segment added (DROP) or put in
    place of another (REPLACE); None for any other difference, pagination included."""
    one, two = urlsplit(url), urlsplit(plain)
    host = _host(one)
    if not host or host != _host(two) or url == plain:
        return None
    path_one, path_two = one.path.rstrip("/"), two.path.rstrip("/")
    query_one, query_two = parse_qsl(one.query), parse_qsl(two.query)
    if path_one == path_two:
        extra = {k for k, v in query_one if (k, v) not in query_two}
        extra |= {k for k, v in query_two if (k, v) not in query_one}
        if not extra or extra & set(PAGE_PARAMS):
            return None
        return host, (PARAMS, frozenset(extra))
    if sorted(query_one) != sorted(query_two):
        return None
    rule = _path_rule(_segments(path_one), _segments(path_two))
    return (host, rule) if rule is not None else None


def _path_rule(variant: list[str], plain: list[str]) -> tuple[str, int, int, str, str] | None:
    """How a variant's path segments differ from the plain page's: one view-name segment added
    (DROP) or put in place of another (REPLACE); None for any other difference."""
    if len(variant) == len(plain) + 1:
        for i, segment in enumerate(variant):
            if variant[:i] + variant[i + 1:] == plain:
                if not _is_view_name(segment):
                    return None
                position = i - len(variant) if i == len(variant) - 1 else i
                return DROP, len(variant), position, segment, ""
        return None
    if len(variant) == len(plain):
        differing = [i for i, (a, b) in enumerate(zip(variant, plain, strict=True)) if a != b]
        # a view put in place of a section (/storyonly/... for /story/...); the last segment
        # names the page itself, and two of them are two pages
        if len(differing) == 1 and differing[0] < len(variant) - 1 and _is_view_name(
                variant[differing[0]]) and _is_view_name(plain[differing[0]]):
            i = differing[0]
            return REPLACE, len(variant), i, variant[i], plain[i]
    return None


def _fold_path(path: str, rules: set[tuple[str, int, int, str, str]]) -> str:
    trailing = path.endswith("/")
    segments = _segments(path)
    length = len(segments)
    for kind, variant_length, position, segment, replacement in rules:
        if length != variant_length or segments[position] != segment:
            continue
        if kind == DROP:
            del segments[position]
        else:
            segments[position] = replacement
        break  # one view a URL: the plain page's path is found
    folded = "/" + "/".join(segments)
    return folded + "/" if trailing and segments else folded
