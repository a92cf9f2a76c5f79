"""The sample site's content: a Daily Kos-style community and a WordPress-style blog, generated.

Nothing is stored: every diary, post and thread is rebuilt on demand from the seed and its own id
(`random.Random(f"{seed}:...:{id}")`), so a site of 10,000 diaries and a million comments costs
nothing until a page is asked for. A thread is one random stream read in order, comment after
comment, so the first n comments never depend on how many follow: a later *epoch* only appends.

Epochs make the site change over time for recrawl tests. Epoch 0 is the site as first crawled;
each later epoch is one day on (`epoch_time(k)`), in which new diaries and posts appear at the top
of every list and recent threads gain comments (times inside that day, appended in order).
"""

from __future__ import annotations

import math
import random
import re
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from html import escape
from threading import Lock
from urllib.parse import quote

# --- the timeline --------------------------------------------------------------------------------
SITE_START = datetime(2018, 1, 1, 8, 0, tzinfo=UTC)  # the first diary and post
SITE_NOW = datetime(2020, 1, 1, 0, 0, tzinfo=UTC)  # epoch 0: everything before this
EPOCH_LENGTH = timedelta(days=1)
CONTENT_SPAN = SITE_NOW - SITE_START - timedelta(days=30)  # the last item is 30 days old

# --- sizes and shapes ----------------------------------------------------------------------------
DIARY_COMMENTS_MEDIAN = 48  # lognormal thread sizes: median 48, mean about 100 before the cap
DIARY_COMMENTS_SIGMA = 1.2
POST_COMMENTS_MEDIAN = 8
POST_COMMENTS_SIGMA = 1.0
TOP_LEVEL_SHARE = 0.25  # a comment answers the diary rather than another comment
CHAIN_SHARE = 0.5  # a reply answers the comment just before it (this is what makes threads deep)
RECENT_WINDOW = 30  # other replies answer one of the last this-many comments
WP_MAX_DEPTH = 5  # WordPress's "thread_comments_depth" default
DEAD_LINK_EVERY = 10  # every tenth diary and post links to a page of the site that is gone (404)
NEW_ITEMS_SHARE = 0.02  # per epoch, new diaries/posts as a share of the initial number (at least 1)
ACTIVE_SHARE = 0.1  # the newest tenth of the items are still discussed at a later epoch
ACTIVE_GROWTH_CHANCE = 0.8
STALE_GROWTH_CHANCE = 0.05

# --- words ---------------------------------------------------------------------------------------
_WORDS = (
    "the a our their this every no some many most few senate house vote votes voters budget bill "
    "bills committee hearing county state city district school schools teacher teachers union "
    "workers wages jobs economy market markets oil energy wind solar coal climate flood floods "
    "river harbor farm farmers rural town towns mayor council governor senator candidate campaign "
    "primary election ballot ballots poll polls turnout record records report reports story press "
    "reporter editor paper radio network cable channel numbers data chart map maps plan plans "
    "reform health care insurance clinic hospital doctor nurses patients drug prices rent housing "
    "tax taxes credit debt bank banks loan loans court judge ruling appeal case law lawyers rights "
    "voting access water roads bridge transit rail bus fare fares park library budget deficit "
    "spending cuts hearing minutes agenda meeting neighbors volunteers canvass phone calls doors "
    "weekend morning evening tonight yesterday today week month year years decade history future "
    "simple hard honest quiet loud early late long short clear strange familiar local national "
    "public private small large new old good bad better worse real fair open closed busy careful "
    "is was will would could should might must can did does has had says said thinks knows wants "
    "needs means shows looks seems feels works helps holds keeps takes gives makes moves grows "
    "turns runs stands falls rises wins loses pays costs brings carries leaves reads writes "
    "and or but so yet because while after before until unless although if when where "
    "in of to for with from about over under into through between against without within"
).split()
_NAME_WORDS = (
    "river oak fern marsh tide harbor prairie cedar maple stone lantern meadow thistle heron "
    "otter badger falcon sparrow willow canyon mesa delta bayou ridge hollow orchard kettle "
    "compass anchor beacon ember quill ledger atlas copper cobalt indigo saffron juniper"
).split()
_NAME_PARTS = ("Fish", "Out", "Water", "Blue", "Dog", "Mama", "Grand", "Old", "Night", "Owl",
               "Red", "State", "Wonk", "Lefty", "Sun", "Belt", "Rust", "Prairie", "Desert",
               "Rose", "Iron", "Range", "Swing", "Voter", "Nerd", "Poll", "Cat", "Union", "Maid")
_FIRST = ("Joe", "Marta", "Priya", "Sam", "Alice", "Tom", "Rosa", "Ken", "Lena", "Omar", "Grace",
          "Ivan", "Nadia", "Paul", "Mei", "Carlos", "Ruth", "Dev", "Hana", "Luis", "Ada", "Ben")
_LAST = ("Baxter", "Lindqvist", "O'Neill", "Okafor", "Nguyen", "Schmidt", "Garcia", "Rossi",
         "Kowalski", "Haddad", "Tanaka", "Murphy", "Silva", "Novak", "Brennan", "Dubois")
TAGS = ("Barack Obama", "Health Care", "Economy", "Elections", "Energy", "Environment", "Climate",
        "Labor", "Education", "Congress", "Senate", "House", "Media", "Meta", "Community",
        "Civil Rights", "Voting Rights", "Transportation", "Housing", "Immigration", "Taxes",
        "Budget", "Iraq", "Iran", "Afghanistan", "Foreign Policy", "Science", "Agriculture",
        "Water", "Flooding", "Local Politics", "Insurance", "CA-Sen", "TX-Gov", "NY-01", "OH-13",
        "Unions", "Minimum Wage", "Social Security", "Medicare", "Courts", "Supreme Court",
        "Open Thread", "Rescued", "Poetry", "Gardening", "Books", "Music", "Sports", "Weather")
GROUPS = ("Community Spotlight", "Climate Hawks", "Shore Towns", "Kossacks for Labor",
          "Street Prophets", "Progressive Policy Zone", "Land of Lincoln Kos", "Backyard Science",
          "Readers and Book Lovers", "Motor City Kossacks")
CATEGORIES = ("Vegetables", "Fruit Trees", "Soil", "Compost", "Tools", "Seeds", "Weather",
              "Community Gardens")
WP_TAGS = ("clay", "tomatoes", "peppers", "mulch", "drought", "frost", "raised beds", "pests",
           "bees", "pruning", "seed saving", "irrigation", "cover crops", "worms", "potatoes",
           "squash", "beans", "garlic", "herbs", "apples", "pears", "plums", "greenhouse",
           "tools", "budget", "kids", "neighbors", "rain barrels", "shade", "wildflowers")
BLOG_AUTHORS = ("Marta Lindqvist", "Dev Okafor", "Rosa Garcia")
SIGNATURES = (
    '"Love your country always. Love your government when it deserves it." - Mark Twain',
    '"It\'s the planet, stupid."', "Be the change you want to see in the world.",
    "Keep your boots by the door.", "Low tide, high hopes.", "Organize, organize, organize.",
    "The arc of the moral universe is long.", "Retired teacher, still grading.",
    "Fighting for a fair shake since 1972.", "Small towns, big votes.",
    "If you're not outraged, you're not paying attention.", "Tip jar is by the door.",
)
EXTERNAL_HOSTS = ("news.example.com", "www.example.org", "statehouse.example.net",
                  "archive.example.edu")
PING_BLOGS = ("Other Blog", "Clay Country", "The Allotment", "Urban Roots", "Seed Library News")

_SLUG_STRIP = re.compile(r"[^a-z0-9]+")
# the blog's one WordPress "page" (not a post): archived, marked as a page
ABOUT_PATH = "/blog/about/"
ABOUT_TITLE = "About Backyard Notes"
ABOUT_TEXT = (
    "Backyard Notes is written by three neighbours who garden on heavy clay soil.",
    "We write about what grew, what failed and what we would try again next spring, and we "
    "answer every question left in the comments.",
)


def _sentence_pool(size: int = 600) -> tuple[str, ...]:
    rng = random.Random("sample-site-sentences")
    pool = []
    for _ in range(size):
        words = [rng.choice(_WORDS) for _ in range(rng.randint(6, 16))]
        pool.append(" ".join(words).capitalize() + rng.choice(".....?!"))
    assert all(escape(text) == text for text in pool)  # so blocks need no escaping
    return tuple(pool)


SENTENCES = _sentence_pool()


def slugify(text: str) -> str:
    return _SLUG_STRIP.sub("-", text.lower()).strip("-")


def diary_path(diary_id: int, title: str, published: datetime) -> str:
    """/story/2019/6/5/1234/-Title-In-Words (Daily Kos's shape)."""
    p = published
    return f"/story/{p.year}/{p.month}/{p.day}/{diary_id}/-{slugify(title).title()}"


def post_path(post_id: int, title: str, published: datetime) -> str:
    """/blog/2019/06/title-in-words-17/ (WordPress's /%year%/%monthnum%/%postname%/)."""
    return f"/blog/{published:%Y/%m}/{slugify(title)}-{post_id}/"


def dead_diary_path(diary_id: int) -> str:
    """An earlier diary that diary `diary_id` links to and the site no longer has (a 404)."""
    return f"/story/2017/1/{diary_id % 28 + 1}/{diary_id + 1_000_000}/-My-Earlier-Diary"


def dead_post_path(post_id: int) -> str:
    """A removed blog post that post `post_id` links to (a 404)."""
    return f"/blog/2017/01/removed-post-{post_id + 1_000_000}/"


def _dead_link_block(href: str, label: str) -> Block:
    text = f"Update: {label} has more on this."
    return Block("p", f'Update: <a href="{escape(href)}">{escape(label)}</a> has more on this.',
                 text)


def _title(rng: random.Random, low: int = 3, high: int = 8) -> str:
    words = [_WORDS[int(rng.random() * len(_WORDS))] for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize()


def _paragraph(rng: random.Random, low: int = 1, high: int = 4) -> str:
    n = low + int(rng.random() * (high - low + 1))
    return " ".join(SENTENCES[int(rng.random() * len(SENTENCES))] for _ in range(n))


def _lognormal_count(rng: random.Random, median: float, sigma: float, cap: int) -> int:
    return max(0, min(cap, int(rng.lognormvariate(math.log(median), sigma))))


# --- records -------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Block:
    """One block of a body: its tag, inner HTML and plain text."""

    tag: str  # "p", "blockquote", "h2", "ul"
    html: str
    text: str


@dataclass(frozen=True, slots=True)
class SampleComment:
    """One comment as the site shows it. `parent` is the parent's `cid` (None: top level)."""

    cid: int
    parent: int | None
    depth: int  # 0 for a top-level comment
    author: str
    posted: datetime  # UTC
    blocks: tuple[Block, ...]
    title: str | None = None  # Daily Kos only
    tips_plus: int = 0
    tips_minus: int = 0
    recommenders: tuple[str, ...] = ()
    signature: str | None = None
    author_url: str | None = None  # WordPress: the commenter's site
    kind: str = "comment"  # "comment" or "pingback"

    @property
    def text(self) -> str:
        return "\n\n".join(b.text for b in self.blocks)

    @property
    def tips_raw(self) -> str | None:
        return f"({self.tips_plus}+ / {self.tips_minus}-)" if self.title is not None else None


@dataclass(frozen=True, slots=True)
class Diary:
    """A Daily Kos-style diary (without its thread: see `SampleSite.thread`)."""

    id: int
    title: str
    author: str
    published: datetime  # UTC, to the minute
    tags: tuple[str, ...]
    groups: tuple[str, ...]
    intro: tuple[Block, ...]
    extended: tuple[Block, ...]
    tip_jar: bool

    @property
    def path(self) -> str:
        return diary_path(self.id, self.title, self.published)

    @property
    def text(self) -> str:
        return "\n\n".join(b.text for b in (*self.intro, *self.extended))


@dataclass(frozen=True, slots=True)
class BlogPost:
    """A WordPress-style post (without its comments: see `SampleSite.post_comments`)."""

    id: int
    title: str
    author: str
    published: datetime  # UTC, to the second
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    blocks: tuple[Block, ...]

    @property
    def path(self) -> str:
        return post_path(self.id, self.title, self.published)

    @property
    def text(self) -> str:
        return "\n\n".join(b.text for b in self.blocks)


@dataclass(frozen=True, slots=True)
class _Head:
    """What lists and indexes need of a diary or post, cheap to make."""

    id: int
    title: str
    author: str
    published: datetime
    labels: tuple[str, ...]  # diary: tags; post: categories
    groups: tuple[str, ...]  # diary: groups; post: tags
    base_comments: int


class _LRU:
    """A small thread-safe least-recently-used cache."""

    def __init__(self, size: int):
        self.size = size
        self.items: OrderedDict = OrderedDict()
        self.lock = Lock()

    def get(self, key, make):
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        value = make()
        with self.lock:
            self.items[key] = value
            if len(self.items) > self.size:
                self.items.popitem(last=False)
        return value


# --- the site ------------------------------------------------------------------------------------
class SampleSite:
    """The generated site: enumerate what it holds, exactly, at any epoch.

    Diaries are numbered 1..`diary_count(epoch)` and posts 1..`post_count(epoch)`, oldest first;
    lists show them newest first. Every method taking `epoch` uses the current `self.epoch` when
    it is None; setting `self.epoch` changes what a server built on this site serves.
    """

    def __init__(self, seed: int | str = 0, diaries: int = 200, posts: int = 50,
                 max_comments: int = 2000, max_depth: int = 20, epoch: int = 0,
                 users: int | None = None, list_page_size: int = 25,
                 thread_page_size: int = 200, blog_page_size: int = 10,
                 wp_comments_per_page: int = 50, wp_newest_first: bool = True):
        if diaries < 0 or posts < 0 or max_comments < 0 or max_depth < 1 or epoch < 0:
            raise ValueError("sizes must be >= 0, max_depth >= 1, epoch >= 0")
        self.seed = seed
        self.diaries = diaries
        self.posts = posts
        self.max_comments = max_comments
        self.max_depth = max_depth
        self.epoch = epoch
        self.list_page_size = list_page_size
        self.thread_page_size = thread_page_size
        self.blog_page_size = blog_page_size
        self.wp_comments_per_page = wp_comments_per_page
        # WordPress's default discussion setting: the last comment page shown at the post's URL
        self.wp_newest_first = wp_newest_first
        self.user_names = tuple(_user_name(i) for i in range(users or max(40, diaries // 4)))
        self.commenters = tuple(f"{_FIRST[i % len(_FIRST)]} {_LAST[i // len(_FIRST) % len(_LAST)]}"
                                for i in range(len(_FIRST) * len(_LAST)))
        self.new_diaries_per_epoch = max(1, round(diaries * NEW_ITEMS_SHARE))
        self.new_posts_per_epoch = max(1, round(posts * NEW_ITEMS_SHARE))
        self._heads = _LRU(50_000)
        self._bodies = _LRU(512)
        self._threads = _LRU(64)
        self._indexes = _LRU(4)
        self._wp_ids = 10 ** max(4, len(str(max_comments)))

    def options(self) -> dict:
        return {"seed": self.seed, "diaries": self.diaries, "posts": self.posts,
                "max_comments": self.max_comments, "max_depth": self.max_depth}

    def _epoch(self, epoch: int | None) -> int:
        return self.epoch if epoch is None else epoch

    # -- time --
    @staticmethod
    def epoch_time(epoch: int) -> datetime:
        """When epoch `epoch` is: everything it shows happened at or before this."""
        return SITE_NOW + epoch * EPOCH_LENGTH

    # -- counts --
    def diary_count(self, epoch: int | None = None) -> int:
        return self.diaries + self._epoch(epoch) * self.new_diaries_per_epoch

    def post_count(self, epoch: int | None = None) -> int:
        return self.posts + self._epoch(epoch) * self.new_posts_per_epoch

    def diary_ids(self, epoch: int | None = None) -> list[int]:
        """Every diary id at `epoch`, newest first (the order of every list)."""
        return list(range(self.diary_count(epoch), 0, -1))

    def post_ids(self, epoch: int | None = None) -> list[int]:
        return list(range(self.post_count(epoch), 0, -1))

    def _born(self, item_id: int, initial: int, per_epoch: int) -> int:
        """The epoch an item appears in."""
        return 0 if item_id <= initial else (item_id - initial - 1) // per_epoch + 1

    def _published(self, item_id: int, initial: int, per_epoch: int, rng) -> datetime:
        born = self._born(item_id, initial, per_epoch)
        if born == 0:
            step = CONTENT_SPAN / max(initial, 1)
            at = SITE_START + step * (item_id - 1) + step * 0.8 * rng.random()
        else:
            slot = (item_id - initial - 1) % per_epoch
            at = self.epoch_time(born - 1) + EPOCH_LENGTH * (slot + rng.random() * 0.5) / (
                per_epoch + 1)
        return at

    # -- diaries --
    def _diary_head(self, diary_id: int) -> _Head:
        def make():
            rng = random.Random(f"{self.seed}:diary:{diary_id}")
            published = self._published(diary_id, self.diaries, self.new_diaries_per_epoch, rng)
            users = self.user_names
            author = users[int(len(users) * rng.random() ** 2)]  # a few prolific diarists
            tags = tuple(dict.fromkeys(TAGS[int(len(TAGS) * rng.random() ** 1.5)]
                                       for _ in range(rng.randint(1, 4))))
            groups = tuple(rng.sample(GROUPS, rng.randint(1, 3))) if rng.random() < 0.3 else ()
            count = _lognormal_count(rng, DIARY_COMMENTS_MEDIAN, DIARY_COMMENTS_SIGMA,
                                     self.max_comments)
            title = _title(rng, 3, 9)
            return _Head(diary_id, title, author, published.replace(second=0, microsecond=0),
                         tags, groups, count)
        return self._heads.get(("d", diary_id), make)

    def diary(self, diary_id: int) -> Diary:
        def make():
            head = self._diary_head(diary_id)
            rng = random.Random(f"{self.seed}:diary-body:{diary_id}")
            intro = tuple(Block("p", escape(t), t) for t in
                          (_paragraph(rng, 2, 4) for _ in range(rng.randint(1, 2))))
            extended = list(_body_blocks(rng, rng.randint(0, 5), self._link_target(rng)))
            if diary_id % DEAD_LINK_EVERY == 0:
                extended.append(_dead_link_block(dead_diary_path(diary_id), "my earlier diary"))
            return Diary(diary_id, head.title, head.author, head.published, head.labels,
                         head.groups, intro, tuple(extended), rng.random() < 0.5)
        return self._bodies.get(("d", diary_id), make)

    def _link_target(self, rng) -> tuple[str, str]:
        """A link a body may carry: mostly to another host, sometimes to the blog."""
        if rng.random() < 0.8 or not self.posts:
            host = EXTERNAL_HOSTS[int(rng.random() * len(EXTERNAL_HOSTS))]
            return f"https://{host}/{rng.randint(2000, 9999)}/{slugify(_title(rng, 2, 4))}", \
                f"From {host}"
        post_id = 1 + int(rng.random() * self.posts)
        return self.post_path(post_id), self._post_head(post_id).title

    def diary_comment_count(self, diary_id: int, epoch: int | None = None) -> int:
        return self._count(self._diary_head(diary_id), epoch, self.diaries,
                           self.new_diaries_per_epoch, self.diary_count, "diary")

    def _count(self, head: _Head, epoch, initial, per_epoch, total, kind) -> int:
        epoch = self._epoch(epoch)
        born = self._born(head.id, initial, per_epoch)
        count = head.base_comments
        for e in range(born + 1, epoch + 1):
            count = min(self.max_comments, count + self._growth(head.id, e, total(e), kind))
        return count

    def _growth(self, item_id: int, epoch: int, total: int, kind: str) -> int:
        rng = random.Random(f"{self.seed}:{kind}-growth:{item_id}:{epoch}")
        active = item_id > total - max(10, int(total * ACTIVE_SHARE))
        if rng.random() >= (ACTIVE_GROWTH_CHANCE if active else STALE_GROWTH_CHANCE):
            return 0
        return rng.randint(1, 12)

    def _added_epochs(self, head: _Head, count: int, initial, per_epoch, total, kind) -> list:
        """For each comment index below `count`, the epoch that added it."""
        born = self._born(head.id, initial, per_epoch)
        added = [born] * min(count, head.base_comments)
        e, so_far = born, len(added)
        while so_far < count:
            e += 1
            grown = min(self.max_comments, so_far + self._growth(head.id, e, total(e), kind))
            added.extend([e] * (grown - so_far))
            so_far = grown
        return added

    def thread(self, diary_id: int, epoch: int | None = None) -> list[SampleComment]:
        """The diary's comments at `epoch`, in the order they were posted (ids 1, 2, 3, ...)."""
        count = self.diary_comment_count(diary_id, epoch)
        return self._threads.get(("d", diary_id, count), lambda: self._make_thread(diary_id, count))

    def _make_thread(self, diary_id: int, count: int) -> list[SampleComment]:
        head = self._diary_head(diary_id)
        diary = self.diary(diary_id)
        added = self._added_epochs(head, count, self.diaries, self.new_diaries_per_epoch,
                                   self.diary_count, "diary")
        rng = random.Random(f"{self.seed}:thread:{diary_id}")
        users = self.user_names
        # mean seconds between comments: a thread runs three days (a new diary's, its first day)
        born = self._born(diary_id, self.diaries, self.new_diaries_per_epoch)
        gap = min(600.0, (3 if born == 0 else 0.4) * 86400 / max(head.base_comments, 1))
        at = head.published.timestamp()  # seconds: datetimes only for the result
        out: list[SampleComment] = []
        depths: list[int] = []
        parents: list[int | None] = []
        n_users = len(users)
        for i in range(count):
            if added[i] > 0:  # a comment of a later epoch comes after that epoch began
                at = max(at, self.epoch_time(added[i] - 1).timestamp())
            at = float(int(at + 1 + rng.expovariate(1 / gap)))
            tip_jar = i == 0 and diary.tip_jar
            parent = _pick_parent(rng, i, depths, parents, self.max_depth)
            if tip_jar:
                parent = None
            author = diary.author if tip_jar else users[int(len(users) * rng.random() ** 1.7)]
            # everyone who tipped is listed: a list as long as the tip count
            plus = min(len(users), _tips(rng) if not tip_jar else rng.randint(10, 40))
            minus = 0 if rng.random() < 0.92 else rng.randint(1, 3)
            picked: dict[str, None] = {}
            while len(picked) < plus:
                picked[users[int(n_users * rng.random())]] = None
            recommenders = tuple(picked)
            title = "Tip Jar" if tip_jar else _title(rng, 1, 7)
            blocks = (Block("p", "Thanks for reading.", "Thanks for reading."),) if tip_jar \
                else tuple(_comment_blocks(rng))
            depth = 0 if parent is None else depths[parent - 1] + 1
            depths.append(depth)
            parents.append(parent)
            out.append(SampleComment(
                cid=i + 1, parent=parent, depth=depth, author=author,
                posted=datetime.fromtimestamp(at, UTC), blocks=blocks,
                title=title, tips_plus=plus, tips_minus=minus, recommenders=recommenders,
                signature=_signature(self.seed, author),
            ))
        return out

    def thread_pages(self, diary_id: int, epoch: int | None = None) -> list[list[SampleComment]]:
        """The thread in thread order, cut every `thread_page_size` comments ("show more"
        pages): a page may begin inside a subtree, with replies to comments of the page before."""
        ordered = _pages_of_subtrees(self.thread(diary_id, epoch), 1 << 62, len)[0]
        size = max(1, self.thread_page_size)
        return [ordered[i:i + size] for i in range(0, len(ordered), size)] or [[]]

    def diary_page_paths(self, diary_id: int, epoch: int | None = None) -> list[str]:
        """The diary's own URL then `?page=N` for each further page of its thread."""
        path = self.diary_path(diary_id)
        pages = len(self.thread_pages(diary_id, epoch))
        return [path] + [f"{path}?page={n}" for n in range(2, pages + 1)]

    def diary_by_path(self, path: str) -> Diary | None:
        found = re.fullmatch(r"/story/(\d{4})/(\d{1,2})/(\d{1,2})/(\d+)/-([^/]*)", path)
        if not found:
            return None
        diary_id = int(found.group(4))
        if not 1 <= diary_id <= self.diary_count():
            return None
        return self.diary(diary_id) if self.diary_path(diary_id) == path else None

    # -- people, tags, groups --
    def diaries_by(self, kind: str, name: str, epoch: int | None = None) -> list[int]:
        """Diary ids (newest first) by author (`kind="user"`), tag ("tag") or group ("group")."""
        return self._index(epoch)[kind].get(name, [])

    def _index(self, epoch):
        total = self.diary_count(epoch)

        def make():
            index: dict[str, dict[str, list[int]]] = {"user": {}, "tag": {}, "group": {}}
            for diary_id in range(total, 0, -1):
                head = self._diary_head(diary_id)
                index["user"].setdefault(head.author, []).append(diary_id)
                for tag in head.labels:
                    index["tag"].setdefault(tag, []).append(diary_id)
                for group in head.groups:
                    index["group"].setdefault(group, []).append(diary_id)
            return index
        return self._indexes.get(("d", total), make)

    def user_path(self, name: str) -> str:
        return f"/user/{quote(name)}"

    def tag_path(self, name: str) -> str:
        return f"/tag/{quote(name)}"

    def group_path(self, name: str) -> str:
        return f"/groups/{quote(name)}"

    # -- blog posts --
    def _post_head(self, post_id: int) -> _Head:
        def make():
            rng = random.Random(f"{self.seed}:post:{post_id}")
            published = self._published(post_id, self.posts, self.new_posts_per_epoch, rng)
            author = BLOG_AUTHORS[int(rng.random() * len(BLOG_AUTHORS))]
            categories = tuple(sorted(rng.sample(CATEGORIES, rng.randint(1, 2)),
                                      key=CATEGORIES.index))
            tags = tuple(sorted(rng.sample(WP_TAGS, rng.randint(0, 4)), key=WP_TAGS.index))
            count = _lognormal_count(rng, POST_COMMENTS_MEDIAN, POST_COMMENTS_SIGMA,
                                     self.max_comments)
            title = _title(rng, 3, 7).title()
            return _Head(post_id, title, author, published.replace(microsecond=0), categories,
                         tags, count)
        return self._heads.get(("p", post_id), make)

    def post(self, post_id: int) -> BlogPost:
        def make():
            head = self._post_head(post_id)
            rng = random.Random(f"{self.seed}:post-body:{post_id}")
            blocks = [Block("p", escape(t), t) for t in (_paragraph(rng, 2, 5),)]
            blocks.extend(_body_blocks(rng, rng.randint(2, 6), self._blog_link(rng)))
            if post_id % DEAD_LINK_EVERY == 0:
                blocks.append(_dead_link_block(dead_post_path(post_id), "an older post"))
            return BlogPost(post_id, head.title, head.author, head.published, head.labels,
                            head.groups, tuple(blocks))
        return self._bodies.get(("p", post_id), make)

    def _blog_link(self, rng) -> tuple[str, str]:
        """Blog posts link out, and now and then to a community diary."""
        if rng.random() < 0.7 or not self.diaries:
            host = EXTERNAL_HOSTS[int(rng.random() * len(EXTERNAL_HOSTS))]
            return f"https://{host}/garden/{slugify(_title(rng, 2, 3))}", f"a piece on {host}"
        diary_id = 1 + int(rng.random() * self.diaries)
        return self.diary_path(diary_id), "a community diary"

    def diary_path(self, diary_id: int) -> str:
        head = self._diary_head(diary_id)
        return diary_path(diary_id, head.title, head.published)

    def post_path(self, post_id: int) -> str:
        head = self._post_head(post_id)
        return post_path(post_id, head.title, head.published)

    def head(self, kind: str, item_id: int) -> _Head:
        """The cheap part of a diary ("diary") or post ("post"): title, author, date, labels."""
        return self._diary_head(item_id) if kind == "diary" else self._post_head(item_id)

    def post_by_path(self, path: str) -> BlogPost | None:
        found = re.fullmatch(r"/blog/(\d{4})/(\d{2})/([a-z0-9-]+-(\d+))/", path)
        if not found:
            return None
        post_id = int(found.group(4))
        if not 1 <= post_id <= self.post_count():
            return None
        return self.post(post_id) if self.post_path(post_id) == path else None

    def post_comment_count(self, post_id: int, epoch: int | None = None) -> int:
        return self._count(self._post_head(post_id), epoch, self.posts, self.new_posts_per_epoch,
                           self.post_count, "post")

    def post_comments(self, post_id: int, epoch: int | None = None) -> list[SampleComment]:
        """The post's comments and pingbacks at `epoch`, in the order they were posted."""
        count = self.post_comment_count(post_id, epoch)
        return self._threads.get(("p", post_id, count),
                                 lambda: self._make_post_comments(post_id, count))

    def _make_post_comments(self, post_id: int, count: int) -> list[SampleComment]:
        head = self._post_head(post_id)
        added = self._added_epochs(head, count, self.posts, self.new_posts_per_epoch,
                                   self.post_count, "post")
        rng = random.Random(f"{self.seed}:comments:{post_id}")
        max_depth = min(WP_MAX_DEPTH, self.max_depth)
        at = head.published
        out: list[SampleComment] = []
        depths: list[int] = []
        parents: list[int | None] = []
        for i in range(count):
            if added[i] > 0:
                at = max(at, self.epoch_time(added[i] - 1))
            mean_gap = 7200 if added[i] == 0 else 1800  # a later epoch's fit in its day
            at = (at + timedelta(seconds=60 + rng.expovariate(1 / mean_gap))).replace(
                microsecond=0)
            cid = post_id * self._wp_ids + i + 1
            if rng.random() < 0.06:  # a pingback: always top level, a link for its words
                blog = PING_BLOGS[int(rng.random() * len(PING_BLOGS))]
                title = f"{_title(rng, 2, 5).title()} \u2013 {blog}"
                url = f"https://{slugify(blog)}.example.net/{slugify(title)}/"
                depths.append(0)
                parents.append(None)
                out.append(SampleComment(cid=cid, parent=None, depth=0, author=title,
                                         posted=at, blocks=(Block("p", escape(title), title),),
                                         author_url=url, kind="pingback"))
                continue
            parent_index = _pick_parent(rng, i, depths, parents, max_depth)
            if parent_index is not None and out[parent_index - 1].kind == "pingback":
                parent_index = None
            depth = 0 if parent_index is None else depths[parent_index - 1] + 1
            depths.append(depth)
            parents.append(parent_index)
            name = self.commenters[int(len(self.commenters) * rng.random() ** 1.5)]
            url = (f"https://{slugify(name)}.example.net/" if rng.random() < 0.3 else None)
            out.append(SampleComment(
                cid=cid, parent=None if parent_index is None else out[parent_index - 1].cid,
                depth=depth, author=name, posted=at, blocks=tuple(_comment_blocks(rng)),
                author_url=url))
        return out

    def post_comment_pages(self, post_id: int, epoch: int | None = None) -> list[list]:
        """WordPress comment pages: `wp_comments_per_page` top-level comments (with replies)."""
        return _pages_of_subtrees(self.post_comments(post_id, epoch), self.wp_comments_per_page,
                                  lambda subtree: 1)

    def post_page_paths(self, post_id: int, epoch: int | None = None) -> list[str]:
        """The post's URL (first) and its other comment pages. Newest first (WordPress's
        default), the post's URL shows the last page and `comment-page-1/` the oldest;
        otherwise the post's URL shows the first and `comment-page-2/` on follow."""
        path = self.post_path(post_id)
        pages = len(self.post_comment_pages(post_id, epoch))
        others = range(1, pages) if self.wp_newest_first else range(2, pages + 1)
        return [path] + [f"{path}comment-page-{n}/" for n in others]

    def post_page_number(self, post_id: int, epoch: int | None = None) -> int:
        """The comment page the post's own URL shows (1-based)."""
        return len(self.post_comment_pages(post_id, epoch)) if self.wp_newest_first else 1

    def posts_by(self, kind: str, name: str, epoch: int | None = None) -> list[int]:
        """Post ids (newest first) by category ("category"), tag ("tag"), month ("month",
        name "YYYY/MM") or author ("author"), each named by its slug."""
        total = self.post_count(epoch)

        def make():
            index: dict[str, dict[str, list[int]]] = {"category": {}, "tag": {}, "month": {},
                                                      "author": {}}
            for post_id in range(total, 0, -1):
                head = self._post_head(post_id)
                for name_ in head.labels:
                    index["category"].setdefault(slugify(name_), []).append(post_id)
                for name_ in head.groups:
                    index["tag"].setdefault(slugify(name_), []).append(post_id)
                index["month"].setdefault(f"{head.published:%Y/%m}", []).append(post_id)
                index["author"].setdefault(slugify(head.author), []).append(post_id)
            return index
        return self._indexes.get(("p", total), make)[kind].get(name, [])

    def months(self, epoch: int | None = None) -> list[str]:
        """"YYYY/MM" of every month with posts, newest first."""
        seen = dict.fromkeys(f"{self._post_head(i).published:%Y/%m}"
                             for i in range(self.post_count(epoch), 0, -1))
        return list(seen)

    # -- totals --
    def total_comments(self, epoch: int | None = None) -> int:
        """Comments of every diary (not the blog) at `epoch`."""
        total = self.diary_count(epoch)
        return sum(self.diary_comment_count(i, epoch) for i in range(1, total + 1))

    def changed_epoch(self, kind: str, item_id: int, epoch: int | None = None) -> int:
        """The last epoch at or before `epoch` in which a diary ("diary") or post ("post")
        appeared or gained comments."""
        epoch = self._epoch(epoch)
        if kind == "diary":
            initial, per, count = self.diaries, self.new_diaries_per_epoch, self.diary_comment_count
        else:
            initial, per, count = self.posts, self.new_posts_per_epoch, self.post_comment_count
        born = self._born(item_id, initial, per)
        for e in range(epoch, born, -1):
            if count(item_id, e) != count(item_id, e - 1):
                return e
        return born


# --- helpers -------------------------------------------------------------------------------------
def _user_name(i: int) -> str:
    """A unique Daily Kos-style user name for index i: CamelCase, lower case, or two words."""
    a = _NAME_PARTS[i % len(_NAME_PARTS)]
    b = _NAME_PARTS[(i // len(_NAME_PARTS) + 3) % len(_NAME_PARTS)]
    w = _NAME_WORDS[i % len(_NAME_WORDS)]
    rest = i // (len(_NAME_PARTS) ** 2)
    style = i % 5
    if style == 0:
        name = f"{a}{b}"
    elif style == 1:
        name = f"{w}{b.lower()}"
    elif style == 2:
        name = f"{w} {b.lower()}"
    elif style == 3:
        name = f"{a.lower()}_{w}"
    else:
        name = f"{b}{a}{i % 97}"
    return f"{name}{rest}" if rest else name


@lru_cache(maxsize=100_000)
def _signature(seed, author: str) -> str | None:
    rng = random.Random(f"{seed}:sig:{author}")
    return SIGNATURES[int(rng.random() * len(SIGNATURES))] if rng.random() < 0.6 else None


def _tips(rng) -> int:
    if rng.random() < 0.35:
        return 0
    return min(40, int(rng.expovariate(0.25)))


def _pick_parent(rng, i: int, depths: list[int], parents: list, max_depth: int) -> int | None:
    """1-based index of the comment the i-th answers (None: top level), at most max_depth deep."""
    if i == 0 or rng.random() < TOP_LEVEL_SHARE:
        rng.random()
        return None
    parent = i if rng.random() < CHAIN_SHARE else i - int(rng.random() * min(i, RECENT_WINDOW))
    while parent is not None and depths[parent - 1] + 1 >= max_depth:
        parent = parents[parent - 1]
    return parent


def _comment_blocks(rng):
    n = 1 if rng.random() < 0.55 else rng.randint(2, 4)
    for k in range(n):
        roll = rng.random()
        if k > 0 and roll < 0.1:
            text = _paragraph(rng, 1, 2)
            yield Block("blockquote", f"<p>{text}</p>", text)
        elif roll < 0.2:
            words = _paragraph(rng, 1, 1).split(" ")
            cut = max(1, len(words) // 2)
            head, tail = " ".join(words[:cut]), " ".join(words[cut:])
            yield Block("p", f"<i>{head}</i> {tail}", f"{head} {tail}")
        else:
            text = _paragraph(rng, 1, 3)
            yield Block("p", text, text)


def _body_blocks(rng, n: int, link: tuple[str, str]):
    """Body blocks: paragraphs, a quote, a list, a heading; one paragraph carries `link`."""
    linked = rng.randint(0, max(0, n - 1)) if n else -1
    for k in range(n):
        roll = rng.random()
        if k == linked:
            href, label = link
            text = _paragraph(rng, 1, 2)
            yield Block("p", f'{escape(text)} <a href="{escape(href)}">{escape(label)}</a>',
                        f"{text} {label}")
        elif roll < 0.15:
            text = _paragraph(rng, 2, 3)
            yield Block("blockquote", f"<p>{escape(text)}</p>", text)
        elif roll < 0.25:
            items = [_paragraph(rng, 1, 1) for _ in range(rng.randint(2, 4))]
            yield Block("ul", "".join(f"<li>{escape(t)}</li>" for t in items), "\n".join(items))
        elif roll < 0.32:
            text = _title(rng, 2, 5).title()
            yield Block("h2", escape(text), text)
        else:
            text = _paragraph(rng, 2, 5)
            yield Block("p", escape(text), text)


def _pages_of_subtrees(comments: list[SampleComment], size: int, weight) -> list[list]:
    """Cut a thread (in posting order) into pages of whole top-level subtrees, each page shown
    in thread order; a page takes subtrees while their weight fits in `size` (at least one)."""
    if not comments:
        return [[]]
    children: dict[int | None, list[SampleComment]] = {}
    for c in comments:
        children.setdefault(c.parent, []).append(c)
    pages: list[list] = [[]]
    used = 0
    for top in children.get(None, []):
        subtree = list(_walk(top, children))
        w = weight(subtree)
        if pages[-1] and used + w > size:
            pages.append([])
            used = 0
        pages[-1].extend(subtree)
        used += w
    return pages


def _walk(comment: SampleComment, children) -> list[SampleComment]:
    """The comment and its replies, depth first, replies oldest first (no recursion limit)."""
    out, stack = [], [comment]
    while stack:
        c = stack.pop()
        out.append(c)
        stack.extend(reversed(children.get(c.cid, [])))
    return out
