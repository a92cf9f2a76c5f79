"""The shared scheduler: scrapy-redis' `Scheduler`, for workers that come and go.

On top of scrapy-redis (shared queue and fingerprints in Redis) it:

- joins the crawl: the first worker of a crawl clears a finished crawl's fingerprints, later
  ones (and one restarted after all were killed) join what is queued;
- holds each popped request in this worker's in-flight hash (`queue.ReliableQueue`) and
  acknowledges it once the engine has finished with it: downloaded, its callback's items
  through the pipelines (so queued for the writer) and its links scheduled;
- beats a heartbeat, and puts the in-flight requests of workers that stopped beating (killed)
  back into the queue;
- keeps the spider open while other workers may still schedule requests, and lets it close
  when nothing has been queued or in flight anywhere for `ARCHIVE_REDIS_IDLE_CLOSE` seconds;
- asks an idle engine to look at the queue again every `ARCHIVE_REDIS_POLL_INTERVAL` seconds
  (Scrapy's own heartbeat is 5 s).
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid

from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

logger = logging.getLogger(__name__)


class SharedScheduler(Scheduler):
    @classmethod
    def from_crawler(cls, crawler):
        scheduler = super().from_crawler(crawler)
        settings = crawler.settings
        scheduler.crawler = crawler
        scheduler.worker_timeout = settings.getfloat("ARCHIVE_REDIS_WORKER_TIMEOUT", 15)
        scheduler.idle_close = settings.getfloat("ARCHIVE_REDIS_IDLE_CLOSE", 5)
        scheduler.poll_interval = settings.getfloat("ARCHIVE_REDIS_POLL_INTERVAL", 0.25)
        scheduler.worker = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        scheduler.tracked = {}  # id(request) -> (request, in-flight token)
        scheduler.idle_since = None
        scheduler.beat = None
        crawler.signals.connect(scheduler.spider_idle, signal=signals.spider_idle)
        return scheduler

    def open(self, spider):
        super().open(spider)
        dupefilter_key = self.df.key
        fresh = self.queue.join(self.worker, self.worker_timeout, dupefilter_key)
        recovered = self.queue.recover()
        logger.info("worker %s %s the shared crawl %s (%d queued%s)", self.worker,
                    "starts" if fresh else "joins", self.queue.key, len(self.queue),
                    f", {recovered} taken back from stopped workers" if recovered else "")
        if self.stats:
            self.stats.set_value("redis/worker", self.worker)
        self.beat = task.LoopingCall(self.heartbeat)
        self.beat.start(max(0.2, self.worker_timeout / 8), now=False)

    def close(self, reason):
        if self.beat is not None and self.beat.running:
            self.beat.stop()
        self.acknowledge()
        returned = self.queue.leave()
        if returned:
            logger.info("worker %s gave %d unfinished requests back", self.worker, returned)
        super().close(reason)

    # --- requests -----------------------------------------------------------------------------
    def next_request(self):
        self.acknowledge()
        request, token = self.queue.pop_tracked()
        if request is None:
            self._wake_engine_later()
            return None
        self.tracked[id(request)] = (request, token)
        if self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def acknowledge(self) -> None:
        """Requests the engine has finished with leave this worker's in-flight hash."""
        in_progress = _engine_in_progress(self.crawler)
        done = [key for key, (request, _) in self.tracked.items() if request not in in_progress]
        if done:
            self.queue.ack([self.tracked.pop(key)[1] for key in done])

    def heartbeat(self) -> None:
        try:
            self.queue.heartbeat(self.worker_timeout)
            self.acknowledge()
            recovered = self.queue.recover()
        except Exception:  # noqa: BLE001 - Redis away for a moment: try again next beat
            logger.warning("Redis heartbeat failed", exc_info=True)
            return
        if recovered:
            logger.info("%d requests of stopped workers put back into the queue", recovered)
            if self.stats:
                self.stats.inc_value("redis/recovered", recovered)
            self._wake_engine_later(0)

    # --- closing ------------------------------------------------------------------------------
    def spider_idle(self, spider) -> None:
        """Stay open while the shared crawl may still give this worker something to do."""
        self.acknowledge()
        if self.queue.outstanding():
            self.idle_since = None
            raise DontCloseSpider
        now = time.monotonic()
        if self.idle_since is None:
            self.idle_since = now
        if now - self.idle_since < self.idle_close:
            raise DontCloseSpider

    def _wake_engine_later(self, delay: float | None = None) -> None:
        """Have an idle engine ask for requests again soon rather than at its 5 s heartbeat."""
        slot = getattr(self.crawler.engine, "_slot", None)
        nextcall = getattr(slot, "nextcall", None)
        if nextcall is not None:
            nextcall.schedule(self.poll_interval if delay is None else delay)


def _engine_in_progress(crawler) -> set:
    """The requests Scrapy's engine is still working on: downloading (its downloader's active
    requests) or scraping (its scraper's, queued or active).

    The scraper drops a request only once its response or failure has been through the spider
    and its output through the pipelines, and the engine hands it from downloader to scraper in
    one go; Scrapy has no signal for that moment, so this reads both components' public sets.
    """
    engine = crawler.engine
    if engine is None:
        return set()
    busy = set(engine.downloader.active)
    scraping = engine.scraper.slot
    if scraping is not None:
        busy |= scraping.active
        busy.update(request for _, request, _ in scraping.queue)
    return busy
