"""blogarchive's settings: Scrapy's own, then ours (ARCHIVE_*), each with its default.

Configuration flows one way, as in Scrapy: these defaults, then the spider, then the command
line (`-s NAME=VALUE`). Components read them only through `from_crawler`.
"""

BOT_NAME = "blogarchive"

SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# --- politeness, on by default -----------------------------------------------------------------
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
# retries wait: the n-th waits BASE * 2**(n-1) seconds, at most MAX, or longer if Retry-After says
ARCHIVE_RETRY_BACKOFF_BASE = 1.0
ARCHIVE_RETRY_BACKOFF_MAX = 60.0
# Scrapy's redirect middleware, but a redirect loop is a recorded failure, not a silent drop
# and Scrapy's robots.txt middleware, but every request that waited for robots.txt gets its rules
# (in Scrapy 2.13+ only the first waiter did: the others went out as if allowed); and its retry
# middleware, but retries back off (crawler/middlewares/retry.py); and display variants a page
# taught the crawl are folded even when they were queued before (crawler/middlewares/variants.py)
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "crawler.middlewares.redirect.LoopAwareRedirectMiddleware": 600,
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.middlewares.robotstxt.SharedWaitRobotsTxtMiddleware": 100,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.retry.BackoffRetryMiddleware": 550,
    "crawler.middlewares.variants.FoldVariantsMiddleware": 50,
    # and its offsite filter, but a web archive's hosts are on site when crawling its captures
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "crawler.middlewares.offsite.ArchiveOffsiteMiddleware": 50,
    # `--from-archive`: a page's request answered by its capture in a web archive, nothing
    # going to the original site; after the robots.txt middleware, whose request for the
    # site's robots.txt is answered by its capture too (off unless a source is set)
    "crawler.middlewares.captures.CaptureMiddleware": 110,
}
# --- bounded work per page ----------------------------------------------------------------------
# the largest response fetched (and file imported): 8 times the largest real page of the 190
# sites of our corpus (1.9 MB); a larger one is an errors row, not a crawl that stalls or runs out
# of memory (a 30 MB page cost 20 s and 700 MB to read). Scrapy's default is 1 GB.
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
# a response this large is logged as unusual (Scrapy's default, 32 MB, is above our limit)
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
# Scrapy stops taking new requests while the responses being processed hold more than this
# (default 5 MB): a page near the limit, read in an extraction worker for seconds, held back
# every other request, retries that were due among them; two such pages may now be in hand
SCRAPER_SLOT_MAX_ACTIVE_SIZE = 2 * DOWNLOAD_MAXSIZE

# where site owners can reach the person running the crawl: it goes into the User-Agent
# (crawler/addons.py builds USER_AGENT from it once all settings are read)
ARCHIVE_CONTACT_URL = "https://github.com/blogarchive/blogarchive"

# --- the pipeline: ordered only here, gaps of 100, storage last --------------------------------
ITEM_PIPELINES = {
    "pipelines.validate.ValidatePipeline": 100,
    "pipelines.clean.CleanPipeline": 200,
    "pipelines.normalize.NormalizePipeline": 300,
    "pipelines.thread.ThreadPipeline": 400,
    "pipelines.store.StorePipeline": 900,
}

# --- ours ----------------------------------------------------------------------------------------
# the archive file items are stored into; unset, the store stage is switched off (NotConfigured)
ARCHIVE_DB = ""
# pages written per transaction: whole pages or nothing, never one commit per row
ARCHIVE_BATCH_PAGES = 50
# a run that reads the archive's own stored pages again (`reparse` sets it): each thread's
# comments are rebuilt from its pages, oldest first, rather than merged with the old reading
ARCHIVE_REBUILD_THREADS = False
# worker processes that extract threads from pages while the crawl process fetches, follows links
# and stores (crawler/discovery/pool.py); 0: extract in the crawl process
ARCHIVE_EXTRACT_PROCESSES = 1
# follow links the site marks rel="nofollow" (or "ugc", "sponsored"): off, as a person reading
# the site would not take them (reply forms, actions, commenters' sites); on for a site that
# marks the links to its own posts so
ARCHIVE_FOLLOW_NOFOLLOW = False
# learn from canonical links which query parameters and view paths only change how a page is
# shown, and request no other URL that differs only by them (crawler/discovery/variants.py)
ARCHIVE_FOLD_VARIANTS = True
# how the run is described in the crawls table (set by the command that starts it)
ARCHIVE_COMMAND = "crawl"
# on a recrawl, a thread whose newest comment is this many days older than its last fetch is
# taken as closed and not fetched again (where the site offers no ETag/Last-Modified)
ARCHIVE_RECRAWL_QUIET_DAYS = 30
ARCHIVE_ARGUMENTS = "{}"
# zone for timestamps that name none; a site's own zone can be set below
ARCHIVE_DEFAULT_TIMEZONE = "UTC"
# per-site zones for timestamps without one, e.g. {"dailykos.com": "America/Los_Angeles"}
ARCHIVE_SITE_TIMEZONES: dict[str, str] = {}
# the longest post or comment body stored, in characters (a long book chapter is 100,000): a
# longer one is cut, with a warning row; the raw page keeps every byte
ARCHIVE_MAX_BODY_CHARS = 1_000_000
# extra whole-line UI chrome to strip from bodies (regular expressions, matched case-insensitively)
ARCHIVE_CHROME_PATTERNS: list[str] = []

# a WARC file every request and response of a crawl is appended to (`crawl --warc FILE`);
# empty: none is written (crawler/extensions/warc.py)
ARCHIVE_WARC_PATH = ""

# a status line on the terminal while crawling (quiet when not on one)
ARCHIVE_PROGRESS = True
ARCHIVE_PROGRESS_INTERVAL = 2.0

# --- scale-out over Redis (scrapy-redis; `crawl --redis URL`, `store --redis URL`) ------------
# the shared crawl's Redis (redis://HOST:PORT/N); empty: a crawl runs alone and stores itself
ARCHIVE_REDIS_URL = ""
# the shared crawl's Redis keys start with this (two crawls on one Redis need two prefixes)
ARCHIVE_REDIS_PREFIX = "blogarchive"
# seconds between two requests to one domain across all workers together (0: no shared delay)
ARCHIVE_REDIS_DOMAIN_DELAY = 0.5
# a worker (or writer) silent this long is taken as dead: its requests go back to the queue
ARCHIVE_REDIS_WORKER_TIMEOUT = 15.0
# a worker stops once nothing has been queued or in flight anywhere for this many seconds
ARCHIVE_REDIS_IDLE_CLOSE = 5.0
# how often an idle worker looks at the shared queue again (seconds)
ARCHIVE_REDIS_POLL_INTERVAL = 0.25

# --- crawling a web archive's captures (`crawl --from-archive`, crawler/captures/) ------------
# where pages come from: "" (the live sites), "wayback" (the Wayback Machine), or the URL of a
# CDX server (pywb: http://HOST/COLLECTION/cdx)
ARCHIVE_CAPTURES_SOURCE = ""
# where that archive replays a capture (TIMESTAMP/URL follow it); empty: from the CDX URL
ARCHIVE_CAPTURES_REPLAY = ""
# capture times taken, both ends included: YYYY[-MM[-DD]], empty for no bound
ARCHIVE_CAPTURES_FROM = ""
ARCHIVE_CAPTURES_TO = ""
# the capture taken of each URL: earliest, latest or closest:YYYY[-MM[-DD]] (a thread's later
# pages are always taken from the capture closest to the thread's own)
ARCHIVE_CAPTURES_CHOICE = "latest"
# redirects followed inside the archive from one page's capture
ARCHIVE_CAPTURES_MAX_REDIRECTS = 5
# politeness toward an archive (applied by crawler.addons.CapturePoliteness unless the setting
# is given outright): DOWNLOAD_DELAY for it (seconds between two requests on average), one
# request at a time; the Wayback Machine throttles heavy users, so it gets more
ARCHIVE_CAPTURES_DELAY = 1.0
ARCHIVE_CAPTURES_WAYBACK_DELAY = 4.0
# an archive asking to wait (429 with Retry-After) is waited for up to this many seconds
ARCHIVE_CAPTURES_RETRY_MAX = 600.0

# settings that follow from others (crawler/addons.py); a shared crawl's switch to Redis
ADDONS = {
    "crawler.addons.ContactUserAgent": 0,
    "crawler.addons.CapturePoliteness": 5,
    "crawler.scaleout.addon.SharedCrawl": 10,
}

EXTENSIONS = {
    "crawler.extensions.progress.Progress": 500,
    # the run's `crawls` row (on wherever ARCHIVE_DB names an archive)
    "crawler.extensions.runs.RunRecord": 510,
    # what a crawl fetched, as WARC records (on wherever ARCHIVE_WARC_PATH names a file)
    "crawler.extensions.warc.WarcRecorder": 520,
}

FEED_EXPORT_ENCODING = "utf-8"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
