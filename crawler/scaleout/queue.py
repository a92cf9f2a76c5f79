"""The shared request queue: scrapy-redis' priority queue, with requests held until done.

scrapy-redis pops a request for good, so a worker killed mid-crawl takes its in-flight requests
with it (and the shared duplicate filter keeps anyone from asking for them again). Here a pop
moves the request, in one Lua script, from the queue into its worker's in-flight hash; the
scheduler acknowledges it once the worker has finished with it (its items queued, its links
scheduled). Workers announce themselves in a sorted set scored by when they count as dead
(their heartbeat refreshes it, by Redis' clock); any worker puts a dead one's in-flight
requests back into the queue. Each field of an in-flight hash is `SEQ:SCORE`, so a request goes
back with its priority.
"""

from __future__ import annotations

from scrapy_redis.queue import PriorityQueue

# the shared crawl's live and dead workers; `now` is Redis' own clock (seconds, float)
_NOW = "local t = redis.call('TIME') local now = tonumber(t[1]) + tonumber(t[2]) / 1e6 "

_OUTSTANDING = """
local n = redis.call('ZCARD', KEYS[2])
for _, w in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  n = n + redis.call('HLEN', ARGV[1] .. w)
end
"""

# KEYS: workers, queue, dupefilter; ARGV: in-flight prefix, worker, timeout -> 1 if a new crawl
JOIN = _NOW + """
local live = redis.call('ZCOUNT', KEYS[1], '(' .. now, '+inf')
""" + _OUTSTANDING + """
local fresh = 0
if live == 0 and n == 0 then
  -- nobody is crawling and nothing is left: a finished crawl's fingerprints go, a new one starts
  redis.call('DEL', KEYS[1], KEYS[3])
  fresh = 1
end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[2])
return fresh
"""

# KEYS: workers; ARGV: worker, timeout
HEARTBEAT = _NOW + """
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
"""

# KEYS: queue, in-flight hash, sequence -> {token, request} or nil
POP = """
local top = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #top == 0 then return nil end
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, 0)
local token = redis.call('INCR', KEYS[3]) .. ':' .. top[2]
redis.call('HSET', KEYS[2], token, top[1])
return {token, top[1]}
"""

_REQUEUE = """
local function requeue(w)
  local h = ARGV[1] .. w
  local all = redis.call('HGETALL', h)
  for i = 1, #all, 2 do
    redis.call('ZADD', KEYS[2], string.match(all[i], ':(.*)$'), all[i + 1])
  end
  redis.call('DEL', h)
  redis.call('ZREM', KEYS[1], w)
  return #all / 2
end
"""

# KEYS: workers, queue; ARGV: in-flight prefix -> requests put back
RECOVER = _NOW + _REQUEUE + """
local moved = 0
for _, w in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)) do
  moved = moved + requeue(w)
end
return moved
"""

# KEYS: workers, queue; ARGV: in-flight prefix, worker -> requests put back
LEAVE = _REQUEUE + "return requeue(ARGV[2])"

# KEYS: workers, queue; ARGV: in-flight prefix -> queued plus in flight anywhere
OUTSTANDING = _OUTSTANDING + "return n"


class ReliableQueue(PriorityQueue):
    """scrapy-redis' `PriorityQueue` whose pops are held in flight until acknowledged."""

    def __init__(self, server, spider, key, serializer=None):
        super().__init__(server, spider, key, serializer)
        self.workers_key = f"{self.key}:workers"
        self.inflight_prefix = f"{self.key}:inflight:"
        self.sequence_key = f"{self.key}:seq"
        self.worker: str | None = None
        self._scripts = {name: server.register_script(text) for name, text in (
            ("join", JOIN), ("heartbeat", HEARTBEAT), ("pop", POP), ("recover", RECOVER),
            ("leave", LEAVE), ("outstanding", OUTSTANDING))}

    @property
    def inflight_key(self) -> str:
        return self.inflight_prefix + self.worker

    def join(self, worker: str, timeout: float, dupefilter_key: str) -> bool:
        """Announce this worker; True when it starts a new crawl (nothing queued or running)."""
        self.worker = worker
        fresh = self._scripts["join"](
            keys=[self.workers_key, self.key, dupefilter_key],
            args=[self.inflight_prefix, worker, timeout])
        return bool(fresh)

    def heartbeat(self, timeout: float) -> None:
        self._scripts["heartbeat"](keys=[self.workers_key], args=[self.worker, timeout])

    def pop_tracked(self):
        """The next request and its in-flight token, or (None, None)."""
        found = self._scripts["pop"](keys=[self.key, self.inflight_key, self.sequence_key])
        if not found:
            return None, None
        token, data = found
        return self._decode_request(data), token

    def pop(self, timeout=0):
        return self.pop_tracked()[0]

    def ack(self, tokens) -> None:
        """These requests are done with: they leave the in-flight hash."""
        if tokens:
            self.server.hdel(self.inflight_key, *tokens)

    def recover(self) -> int:
        """Put dead workers' in-flight requests back into the queue; how many."""
        return int(self._scripts["recover"](keys=[self.workers_key, self.key],
                                            args=[self.inflight_prefix]))

    def leave(self) -> int:
        """This worker stops: whatever it still holds goes back to the queue."""
        return int(self._scripts["leave"](keys=[self.workers_key, self.key],
                                          args=[self.inflight_prefix, self.worker]))

    def outstanding(self) -> int:
        """Requests queued or in flight with any worker, live or dead: 0 when the crawl is done."""
        return int(self._scripts["outstanding"](keys=[self.workers_key, self.key],
                                                args=[self.inflight_prefix]))
