"""The single writer: items from the shared crawl's Redis stream into the archive.

Workers append items to a stream (`pipelines/redis_queue.py`); the writer reads them as the one
consumer of a consumer group, writes each batch with the usual `ArchiveWriter` in one SQLite
transaction, and only then acknowledges (XACK, and XDEL to keep the stream small). The same
transaction records how far the stream has been stored (its mark in `stream_marks`), so a writer
killed between its commit and its acknowledgement does not store those entries a second time
when it comes back: entries still pending at start-up are read again and those at or below the
mark are only acknowledged. A lock key with an expiry keeps a second writer away.
"""

from __future__ import annotations

import logging
import time
import uuid

import redis

from crawler.items import PageError, SeenUnchanged, Thread
from crawler.scaleout.serialize import FormatError, load_item
from db.runs import open_run
from db.state import record_stream_mark, stream_mark
from db.writer import ArchiveWriter

logger = logging.getLogger(__name__)

GROUP = "archive-writer"
CONSUMER = "writer"

# KEYS: stream; ARGV: group, ids...: acknowledged and removed together, atomically (a writer
# killed between an XACK and its XDEL left entries that no reader would ever be handed again)
ACK_AND_DELETE = """
redis.call('XACK', KEYS[1], ARGV[1], unpack(ARGV, 2))
return redis.call('XDEL', KEYS[1], unpack(ARGV, 2))
"""
# KEYS: lock; ARGV: token, ttl ms -> 1 while this writer holds the lock
HOLD = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) and 1 or 0
"""


def stream_id(value: bytes | str) -> tuple[int, int]:
    text = value.decode() if isinstance(value, bytes) else value
    ms, _, seq = text.partition("-")
    return int(ms), int(seq or 0)


def committed_through(writer: ArchiveWriter, stream: str) -> tuple[int, int]:
    """How far earlier `store` runs stored this stream (0-0 for none)."""
    mark = stream_mark(writer.db, stream)
    return stream_id(mark) if mark else (0, 0)


class ItemDrain:
    def __init__(self, server: redis.Redis, stream: str, lock_key: str,
                 writer: ArchiveWriter, batch: int = 50, lock_seconds: float = 15):
        self.server = server
        self.stream = stream
        self.lock_key = lock_key
        self.writer = writer
        self.batch = max(1, batch)
        self.lock_ms = int(lock_seconds * 1000)
        self.token = uuid.uuid4().hex
        self.hold = server.register_script(HOLD)
        self.ack_and_delete = server.register_script(ACK_AND_DELETE)
        self.arguments: dict = {}
        self.through = (0, 0)
        self.recovering = True
        self.seen_unchanged = 0

    # --- starting -----------------------------------------------------------------------------
    def take_lock(self) -> bool:
        return bool(self.hold(keys=[self.lock_key], args=[self.token, self.lock_ms]))

    def release_lock(self) -> None:
        if self.server.get(self.lock_key) == self.token.encode():
            self.server.delete(self.lock_key)

    def start(self, arguments: dict) -> int:
        """Make the consumer group if missing, find the stored mark, record this run."""
        try:
            self.server.xgroup_create(self.stream, GROUP, id="0", mkstream=True)
        except redis.ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise
        self.through = committed_through(self.writer, self.stream)
        self.arguments = {**arguments, "stream": self.stream}
        self.writer.crawl_id = open_run(self.writer.db, "store", self.arguments)
        return self.writer.crawl_id

    def backlog(self) -> int:
        """Entries in the stream not yet stored (pending or new)."""
        return int(self.server.xlen(self.stream))

    # --- draining -----------------------------------------------------------------------------
    def step(self, block_ms: int = 1000) -> int:
        """Store one batch; how many entries it handled (0: nothing was waiting)."""
        if not self.take_lock():
            raise RuntimeError(f"lost the writer lock {self.lock_key}: another writer runs")
        entries = self.read(block_ms)
        if not entries:
            return 0
        self.write(entries)
        self.ack([entry_id for entry_id, _ in entries])
        return len(entries)

    def read(self, block_ms: int) -> list:
        """The next entries: first those a killed run left pending, then new ones."""
        if self.recovering:
            entries = self._read("0", None)
            if entries:
                return entries
            self.recovering = False
        return self._read(">", block_ms)

    def _read(self, start: str, block_ms: int | None) -> list:
        answer = self.server.xreadgroup(GROUP, CONSUMER, {self.stream: start},
                                        count=self.batch, block=block_ms)
        return answer[0][1] if answer else []

    def write(self, entries: list) -> None:
        """One transaction: the batch's items and the mark of how far the stream is stored."""
        threads, errors, seen = [], [], []
        last = None
        for entry_id, fields in entries:
            last = entry_id
            if stream_id(entry_id) <= self.through:
                continue  # stored by a run killed before it acknowledged
            try:
                item = load_item(fields or {})
            except (FormatError, KeyError) as exc:
                errors.append(PageError(None, "queue", f"unreadable queue entry: {exc}"))
                continue
            if isinstance(item, Thread):
                threads.append(item)
            elif isinstance(item, PageError):
                errors.append(item)
            elif isinstance(item, SeenUnchanged):
                seen.append(item)
        db = self.writer.db
        with db.atomic():
            self.writer.write_batch(threads, errors, seen)
            through = last.decode() if isinstance(last, bytes) else last
            record_stream_mark(db, self.stream, through, self.writer.crawl_id)
        self.through = max(self.through, stream_id(last))
        self.seen_unchanged += len(seen)

    def ack(self, ids: list) -> None:
        """Acknowledge and remove stored entries, in one script run (atomic in Redis)."""
        if ids:
            self.ack_and_delete(keys=[self.stream], args=[GROUP, *ids])


def drain(item_drain: ItemDrain, once: bool = False, idle_exit: float | None = None,
          stopping=lambda: False, on_batch=lambda: None) -> None:
    """Store batches until the queue is empty (`once`), empty for `idle_exit` seconds, or asked
    to stop (between batches)."""
    idle_since = None
    while not stopping():
        handled = item_drain.step(block_ms=200 if once else 1000)
        if handled:
            idle_since = None
            on_batch()
            continue
        if once:
            return
        if idle_exit is not None:
            idle_since = idle_since or time.monotonic()
            if time.monotonic() - idle_since >= idle_exit:
                return
