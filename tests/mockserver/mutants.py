"""Mutants of the real corpus pages, made at test time (never copied here), the same for a seed.

Each mutant is a real page of the shared corpus put through one to three operations, each what
a broken disk, a broken server or a hostile one does to a page: cut short anywhere (inside a
tag, inside a UTF-8 character, down to nothing), bytes flipped, NULs and other control bytes
dropped in, the text re-encoded as UTF-16 (with a byte-order mark, or without one and so
undeclared), a chunk of it repeated (a comment twice, half a tag twice), thousands of nested
`<div>`s around its body or left open at any point, and a `<meta>` declaring a charset the
bytes are not in. `tests/commands/test_fuzz.py` imports a few dozen of them, `bench/fuzz.py` a
thousand; both check that every file ends archived or as an errors row, and that importing
them again changes nothing.

    mutants(corpus, count, seed) -> [Mutant(name, body, page, operations), ...]
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from w3lib.encoding import html_to_unicode

# what a real page of the corpus is (its ground-truth copies and annotated twins are not)
PAGE_SUFFIXES = (".html", ".htm")
NOT_PAGES = ("expected", "/annotated/", "/gold/")
# operations a mutant goes through: at least one, at most this many
MAX_OPERATIONS = 3
# mutants of one page in a row: at most this many
MAX_RUN = 3
# nesting: how many levels of `<div>` (libxml2 stops at 2,048, Python's recursion near 1,000)
NESTING = (1_000, 6_000)
# flips and control bytes: how many in a page
FLIPS = (1, 64)
CONTROLS = (1, 200)
# a repeated chunk: at most this share of the page
CHUNK_SHARE = 0.2
# control bytes dropped into a page (NUL first: the one a C parser stops at)
CONTROL_BYTES = b"\x00\x01\x02\x07\x08\x0b\x0c\x0e\x1b\x1f\x7f"
# charsets a `<meta>` may claim for bytes that are none of them
LYING_CHARSETS = ("utf-16", "utf-32", "shift_jis", "iso-2022-jp", "utf-7", "x-no-such-charset",
                  "ebcdic-cp-us")
_BODY_START = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)
_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)
_HEAD_START = re.compile(rb"<head\b[^>]*>", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta\b[^>]*charset[^>]*>", re.IGNORECASE)


@dataclass
class Mutant:
    """A mutant's file name, its bytes, the corpus page it was made from and what was done."""

    name: str
    body: bytes
    page: str
    operations: tuple[str, ...]


def corpus_pages(corpus: Path, max_size: int | None = None) -> list[Path]:
    """The real pages of the corpus (not its ground-truth files), in a stable order; only those
    of at most `max_size` bytes when given."""
    found = []
    for path in sorted(corpus.rglob("*")):
        relative = "/" + path.relative_to(corpus).as_posix()
        if (path.suffix.lower() in PAGE_SUFFIXES and path.is_file()
                and not any(part in relative for part in NOT_PAGES)
                and (max_size is None or path.stat().st_size <= max_size)):
            found.append(path)
    return found


# --- the operations: bytes -> bytes, their choices drawn from `rng` ------------------------------

def truncate(body: bytes, rng: random.Random) -> bytes:
    """Cut short anywhere: inside a tag, a character, a comment; now and then to nothing."""
    return body[:rng.randint(0, len(body))] if rng.random() > 0.05 else b""


def flip_bytes(body: bytes, rng: random.Random) -> bytes:
    """A few bytes with random bits flipped (a broken disk, a broken proxy)."""
    if not body:
        return body
    data = bytearray(body)
    for _ in range(rng.randint(*FLIPS)):
        data[rng.randrange(len(data))] ^= rng.randint(1, 255)
    return bytes(data)


def control_bytes(body: bytes, rng: random.Random) -> bytes:
    """NULs and other control bytes dropped in anywhere, alone or in runs."""
    data = bytearray(body)
    for _ in range(rng.randint(*CONTROLS)):
        run = bytes(rng.choice(CONTROL_BYTES) for _ in range(rng.choice((1, 1, 1, 4, 32))))
        at = rng.randint(0, len(data))
        data[at:at] = run
    return bytes(data)


def utf16(body: bytes, rng: random.Random) -> bytes:
    """The page's text as UTF-16: with a byte-order mark, or without one (little- or big-endian,
    declared nowhere) as some servers send it."""
    _, text = html_to_unicode(None, body)
    form = rng.choice(("utf-16", "utf-16-le", "utf-16-be"))
    return text.encode(form, errors="surrogatepass")


def duplicate_chunk(body: bytes, rng: random.Random) -> bytes:
    """A chunk of the page repeated: right after itself (a comment twice, a tag cut in half
    twice) or somewhere else."""
    if not body:
        return body
    size = rng.randint(1, max(1, int(len(body) * CHUNK_SHARE)))
    start = rng.randint(0, len(body) - 1)
    chunk = body[start:start + size]
    at = start + len(chunk) if rng.random() < 0.5 else rng.randint(0, len(body))
    return body[:at] + chunk * rng.choice((1, 1, 2, 5)) + body[at:]


def deep_nesting(body: bytes, rng: random.Random) -> bytes:
    """Thousands of nested `<div>`s: around everything in the body, or opened at any point and
    never closed."""
    depth = rng.randint(*NESTING)
    start, end = _BODY_START.search(body), _BODY_END.search(body)
    if start and end and start.end() <= end.start() and rng.random() < 0.6:
        return (body[:start.end()] + b"<div>" * depth + body[start.end():end.start()]
                + b"</div>" * depth + body[end.start():])
    at = rng.randint(0, len(body))
    return body[:at] + b"<div>" * depth + body[at:]


def lying_charset(body: bytes, rng: random.Random) -> bytes:
    """A `<meta>` declaring a charset the bytes are not in, in place of the page's own or added
    to its head."""
    charset = rng.choice(LYING_CHARSETS).encode()
    meta = (b'<meta charset="' + charset + b'">' if rng.random() < 0.5 else
            b'<meta http-equiv="Content-Type" content="text/html; charset=' + charset + b'">')
    declared = _META_CHARSET.search(body)
    if declared:
        return body[:declared.start()] + meta + body[declared.end():]
    head = _HEAD_START.search(body)
    at = head.end() if head else 0
    return body[:at] + meta + body[at:]


OPERATIONS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "truncate": truncate,
    "flip": flip_bytes,
    "controls": control_bytes,
    "utf16": utf16,
    "duplicate": duplicate_chunk,
    "nesting": deep_nesting,
    "charset": lying_charset,
}


def mutate(body: bytes, rng: random.Random) -> tuple[bytes, tuple[str, ...]]:
    """`body` through one to `MAX_OPERATIONS` operations, drawn from `rng`; and their names."""
    names = tuple(rng.sample(sorted(OPERATIONS), rng.randint(1, MAX_OPERATIONS)))
    for name in names:
        body = OPERATIONS[name](body, rng)
    return body, names


def mutants(corpus: Path, count: int, seed: int = 0,
            max_size: int | None = None) -> Iterator[Mutant]:
    """`count` mutants of the corpus's pages (those of at most `max_size` bytes), the pages
    taken in turn from a shuffled order, each for a run of one to `MAX_RUN` mutants in a row (so
    copies of one page meet in one batch of an import, as repeated captures of a page do): the
    same `seed`, the same mutants."""
    rng = random.Random(seed)
    pages = corpus_pages(corpus, max_size)
    if not pages:
        raise FileNotFoundError(f"no pages in {corpus}")
    rng.shuffle(pages)
    turn, left = -1, 0
    for index in range(count):
        if not left:
            turn, left = turn + 1, rng.randint(1, MAX_RUN)
        left -= 1
        page = pages[turn % len(pages)]
        body, names = mutate(page.read_bytes(), rng)
        name = f"{index:04d}-{'-'.join(names)}-{page.stem[:40]}.html"
        yield Mutant(name, body, page.relative_to(corpus).as_posix(), names)


def write_mutants(folder: Path, corpus: Path, count: int, seed: int = 0,
                  max_size: int | None = None) -> list[Mutant]:
    """The mutants written to `folder`, each as the file its name says."""
    folder.mkdir(parents=True, exist_ok=True)
    made = list(mutants(corpus, count, seed, max_size))
    for mutant in made:
        (folder / mutant.name).write_bytes(mutant.body)
    return made


# --- what the checks share: every file's trace, and what an archive holds ----------------------

# the tables that hold what was archived (errors and crawls describe the runs)
CONTENT_TABLES = ("sites", "authors", "posts", "comments", "recommendations", "tags",
                  "post_tags", "pages")
# the full-text indexes: each checked against what it indexes (FTS5's integrity-check)
SEARCH_INDEXES = ("posts_fts", "comments_fts")
# what an error row says when something nobody foresaw failed (a traceback, caught)
UNEXPECTED = "failed unexpectedly"


def untraced(db_path: Path, folder: Path, made: list[Mutant]) -> list[str]:
    """The mutants that left no trace in the archive: neither their page (archived, or kept with
    its error) nor an errors row naming their file. A file's page is the page the import reads
    from it: its bytes, or for a page saved from a web archive's replay the site's page made
    back from them (`crawler.importing.replay`)."""
    from sqlite_utils import Database

    from crawler.importing.sources import raw_pages_from_paths
    from crawler.items import RawPage
    from db.writer import content_hash

    db = Database(db_path)
    hashes = {row[0] for row in db.execute("SELECT content_hash FROM pages")}
    named = " ".join(url or "" for row in db.execute("SELECT url, detail FROM errors")
                     for url in row)
    db.close()
    lost = []
    for mutant in made:
        path = folder / mutant.name
        read = [raw.body for raw in raw_pages_from_paths([path]) if isinstance(raw, RawPage)]
        if (not any(content_hash(body) in hashes for body in [mutant.body, *read])
                and str(path) not in named and path.as_uri() not in named):
            lost.append(mutant.name)
    return lost


def content_digest(db_path: Path) -> dict[str, tuple[int, str]]:
    """Each content table's row count and a hash of its rows in id order, the run that wrote a
    row left out; each search index's count of rows and whether it indexes exactly what it
    should: equal digests, equal archives."""
    import hashlib

    from sqlite_utils import Database

    db = Database(db_path)
    digest = {}
    for table in CONTENT_TABLES:
        columns = [c for c in db[table].columns_dict if c != "crawl_id"]
        order = "id" if "id" in columns else "rowid"
        rows = db.execute(f"SELECT {', '.join(columns)} FROM [{table}] ORDER BY {order}")
        hashed, count = hashlib.sha256(), 0
        for row in rows:
            hashed.update(repr(row).encode("utf-8", "surrogatepass"))
            count += 1
        digest[table] = (count, hashed.hexdigest())
    for index in SEARCH_INDEXES:
        digest[index] = search_index_state(db, index)
    db.close()
    return digest


def search_index_state(db, index: str) -> tuple[int, str]:
    """How many rows a full-text index holds, and "ok" when it holds exactly the rows and words
    of what it indexes (FTS5's integrity-check against its content), else the error."""
    import sqlite3

    count = db.execute(f"SELECT count(*) FROM [{index}_docsize]").fetchone()[0]
    try:
        db.execute(f"INSERT INTO [{index}] ([{index}], rank) VALUES ('integrity-check', 1)")
    except sqlite3.DatabaseError as exc:
        return count, str(exc)
    return count, "ok"


def unexpected_errors(db_path: Path) -> list[tuple[str, str]]:
    """Errors rows whose reason is a caught exception nobody foresaw, or a page the archive
    refused to store (pipelines/store.py): (url, reason)."""
    from sqlite_utils import Database

    db = Database(db_path)
    found = db.execute("SELECT url, reason FROM errors WHERE reason LIKE ? OR stage = 'store'",
                       [f"%{UNEXPECTED}%"]).fetchall()
    db.close()
    return found
