"""Scale-out over Redis: one crawl shared by many `blogarchive crawl` workers, one writer.

Built on scrapy-redis (the Scrapy ecosystem's shared scheduler queue and duplicate filter in
Redis), with what blogarchive needs on top, one module per job:

- `queue.py`: scrapy-redis' priority queue, but a popped request is held in its worker's
  in-flight set until the worker is done with it; a dead worker's requests go back to the queue.
- `scheduler.py`: scrapy-redis' scheduler with worker heartbeats, acknowledgement of finished
  requests, recovery of dead workers' requests, and stopping when the shared crawl is done.
- `start.py`: start requests go through the shared duplicate filter, so the first worker seeds
  the crawl and later ones join it.
- `ratelimit.py`: per-domain politeness across all workers (a next-allowed-time key per domain).
- `serialize.py`: items on the wire (versioned pickle of our dataclasses).
- `drain.py`: the single writer's loop, from the item stream into the archive.
- `addon.py`: the Scrapy add-on that makes a crawl shared when `ARCHIVE_REDIS_URL` is set.

`pipelines/redis_queue.py` puts items into the stream; `blogarchive store` runs the drain.
"""

from __future__ import annotations

from scrapy.settings import BaseSettings

PIPELINE = "pipelines.redis_queue.RedisQueuePipeline"
STORE = "pipelines.store.StorePipeline"
RUN_RECORD = "crawler.extensions.runs.RunRecord"
RATE_LIMIT = "crawler.scaleout.ratelimit.SharedDomainDelayMiddleware"
START = "crawler.scaleout.start.SharedStartMiddleware"


def keys(prefix: str) -> dict[str, str]:
    """The Redis keys of a shared crawl (`%(spider)s` is filled in by scrapy-redis)."""
    return {
        "requests": f"{prefix}:%(spider)s:requests",
        "dupefilter": f"{prefix}:%(spider)s:dupefilter",
        "items": f"{prefix}:items",
        "delay": f"{prefix}:delay:",
        "writer": f"{prefix}:writer",
    }


def crawl_overrides(url: str, settings: BaseSettings) -> dict:
    """What `crawl --redis URL` changes: shared scheduler and duplicate filter, items to Redis.

    The store stage gives way to the queue pipeline; the shared per-domain delay joins the
    downloader middlewares; everything else (pipelines before storage, politeness per worker)
    stays as configured.
    """
    prefix = settings.get("ARCHIVE_REDIS_PREFIX")
    names = keys(prefix)
    pipelines = {**settings.getdict("ITEM_PIPELINES"), STORE: None, PIPELINE: 900}
    # a worker writes no archive, so records no run in one: the writer records its own
    extensions = {**settings.getdict("EXTENSIONS"), RUN_RECORD: None}
    downloader = {**settings.getdict("DOWNLOADER_MIDDLEWARES"), RATE_LIMIT: 950}
    spider = {**settings.getdict("SPIDER_MIDDLEWARES"), START: 50}
    return {
        "ARCHIVE_REDIS_URL": url,
        "REDIS_URL": url,
        "SCHEDULER": "crawler.scaleout.scheduler.SharedScheduler",
        "SCHEDULER_QUEUE_CLASS": "crawler.scaleout.queue.ReliableQueue",
        "SCHEDULER_QUEUE_KEY": names["requests"],
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_DUPEFILTER_KEY": names["dupefilter"],
        # the queue and fingerprints outlive any one worker: the crawl is the workers' together
        "SCHEDULER_PERSIST": True,
        "ITEM_PIPELINES": pipelines,
        "EXTENSIONS": extensions,
        "DOWNLOADER_MIDDLEWARES": downloader,
        "SPIDER_MIDDLEWARES": spider,
    }


def shared_url(url: str | None, overrides: dict) -> str | None:
    """The Redis a crawl is shared over: `--redis URL`, else the setting `ARCHIVE_REDIS_URL`
    (from `-s` or settings.py); None for a crawl of its own. The switch itself is the
    `crawler.scaleout.addon.SharedCrawl` add-on's."""
    from crawler.processing import project_settings

    settings = project_settings()
    settings.setdict(overrides, priority="cmdline")
    return url or settings.get("ARCHIVE_REDIS_URL") or None


def connect(url: str):
    """A Redis client for `url`, with scrapy-redis' connection defaults (timeouts, retries)."""
    import redis
    from scrapy_redis import defaults

    params = {k: v for k, v in defaults.REDIS_PARAMS.items() if k != "encoding"}
    return redis.Redis.from_url(url, **params)
