"""Pages that come in without a live crawl: saved HTML files and WARC files (`sources.py`), read
into raw pages that take the crawl's own route to a thread."""
