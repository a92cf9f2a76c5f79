"""A development server, not part of a crawl: a generated sample site (Daily Kos-style diaries
and a WordPress-style blog) that `make demo`, the tests and the benchmarks crawl on 127.0.0.1.

- `model`: the content, generated lazily and deterministically from a seed (`SampleSite`), with
  the methods tests use to know exactly what a crawl should find;
- `render`: the pages, feeds and sitemaps, as strings;
- `server`: the HTTP server (ETag/Last-Modified, 304s, an epoch hook) and `serve_sample_site`.

    with serve_sample_site(SampleSite(seed=1, diaries=20)) as base:
        urllib.request.urlopen(base + "/")
"""

from crawler.samplesite.model import SampleComment, SampleSite
from crawler.samplesite.server import SampleHTTPServer, serve_sample_site

__all__ = ["SampleComment", "SampleHTTPServer", "SampleSite", "serve_sample_site"]
