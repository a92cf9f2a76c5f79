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
- looks at the queue for an idle engine every `ARCHIVE_REDIS_POLL_INTERVAL` seconds (Scrapy's
  engine asks an idle scheduler again only at its 5 s heartbeat, or when given a request): a
  request found is handed to the engine with `engine.crawl`, which has it ask for it at once;
  with none, the spider closes there and then if the crawl is over, as at a heartbeat.

Everything it asks of Scrapy's engine is public: `engine.crawl`, `needs_backout`,
`spider_is_idle`, `close_spider_async`, the downloader's and the scraper's requests, signals.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from collections import deque

from scrapy import signals
from scrapy.exceptions import CloseSpider, DontCloseSpider
from scrapy.utils.defer import deferred_from_coro
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task
from twisted.python.failure import Failure

logger = logging.getLogger(__name__)


class SharedScheduler(Scheduler):
    @classmethod
    def from_crawler(cls, crawler):
        scheduler = super().from_crawler(crawler)
        settings = crawler.settings
        scheduler.crawler = crawler
        scheduler.worker_timeout = settings.getfloat("ARCHIVE_REDIS_WORKER_TIMEOUT")
        scheduler.idle_close = settings.getfloat("ARCHIVE_REDIS_IDLE_CLOSE")
        scheduler.poll_interval = settings.getfloat("ARCHIVE_REDIS_POLL_INTERVAL")
        scheduler.worker = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        scheduler.tracked = {}  # id(request) -> (request, in-flight token)
        scheduler.idle_since = None
        scheduler.beat = None
        scheduler.poll = None  # the next look at the queue for an idle engine
        scheduler.handing = None  # the request being handed to the engine (`poll_queue`)
        scheduler.handed = deque()  # handed to the engine, for it to ask for
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
        if self.poll is not None and self.poll.active():
            self.poll.cancel()
        self.acknowledge()
        returned = self.queue.leave()
        if returned:
            logger.info("worker %s gave %d unfinished requests back", self.worker, returned)
        super().close(reason)

    # --- requests -----------------------------------------------------------------------------
    def next_request(self):
        self.acknowledge()
        if self.handed:
            return self.handed.popleft()
        request = self._pop()
        if request is None:
            self._poll_later()
        return request

    def enqueue_request(self, request):
        if request is self.handing:  # popped already, and held in this worker's in-flight hash
            self.handed.append(request)
            return True
        return super().enqueue_request(request)

    def __len__(self):
        return len(self.handed) + len(self.queue)

    def _pop(self):
        request, token = self.queue.pop_tracked()
        if request is not None:
            self.tracked[id(request)] = (request, token)
            if self.stats:
                self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def acknowledge(self) -> None:
        """Requests the engine has finished with leave this worker's in-flight hash."""
        busy = _engine_in_progress(self.crawler)
        busy.update(self.handed)
        done = [key for key, (request, _) in self.tracked.items() if request not in busy]
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
            self._poll_later(0)

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

    # --- an idle engine -----------------------------------------------------------------------
    def _poll_later(self, delay: float | None = None) -> None:
        """Look at the shared queue for the engine soon rather than at its 5 s heartbeat."""
        if self.poll is None or not self.poll.active():
            from twisted.internet import reactor

            wait = self.poll_interval if delay is None else delay
            self.poll = reactor.callLater(wait, self.poll_queue)

    def poll_queue(self) -> None:
        """Hand the engine a request the shared queue has now (`engine.crawl` has it ask for
        it at once); with none, do what its heartbeat would for an idle spider, and look again
        later. A busy or closing engine asks for requests itself when it can."""
        self.poll = None
        engine = self.crawler.engine
        if engine is None or engine.needs_backout():
            return
        request = self._pop()
        if request is not None:
            self.handing = request
            try:
                engine.crawl(request)
            finally:
                self.handing = None
            return
        if engine.spider_is_idle():
            self._close_if_done(engine)
        self._poll_later()

    def _close_if_done(self, engine) -> None:
        """What Scrapy's engine does with an idle spider: send `spider_idle`, and close the
        spider unless a handler (`spider_idle` above, while the shared crawl goes on) keeps it
        open."""
        results = self.crawler.signals.send_catch_log(
            signals.spider_idle, spider=engine.spider, dont_log=(DontCloseSpider, CloseSpider))
        failures = [result for _, result in results if isinstance(result, Failure)]
        if any(failure.check(DontCloseSpider) for failure in failures):
            return
        reason = next((f.value.reason for f in failures if f.check(CloseSpider)), "finished")
        deferred_from_coro(engine.close_spider_async(reason=reason))


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
