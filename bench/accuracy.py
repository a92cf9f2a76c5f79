"""Score extraction on real pages against hand-checked gold, and trafilatura in the same run.

    python bench/accuracy.py --corpus ../shared/corpus [--json OUT] [--only TEXT]
                             [--half tune|check] [--no-baseline]

Runs on any folder laid out like `shared/corpus`: every `gold/**/*.json` (format in GOLD.md) names
its page; a gold page that is only text (the Daily Kos reference) is scored on the project's own
fixture of the same name in `tests/fixtures/`. Pages with a `ground-truth.json` (the Zyte article
benchmark) are scored by body token F1. What is scored is what is read back from an archive after
the page went through extraction, the item pipelines and the archive writer: what users get.

Gold pages fall into two fixed halves by a hash of their site's name (`page_half`): work from the
failures of the "tune" half and check a change on the "check" half, which a rule made for pages one
looked at does not move. The summary gives every measure for each half as well as overall.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from crawler.dates import parse_time  # noqa: E402
from crawler.extractors.page import ExtractionError, Page  # noqa: E402
from crawler.items import Thread  # noqa: E402
from crawler.processing import DropItem, OfflinePipelines, process_page  # noqa: E402
from db.reader import read_thread  # noqa: E402
from db.schema import open_archive  # noqa: E402
from db.writer import ArchiveWriter  # noqa: E402
from pipelines.normalize import thread_hints  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
HTML_SUFFIXES = (".html", ".htm")
GROUND_TRUTH = "ground-truth.json"
_WORDS = re.compile(r"\w+", re.UNICODE)
HALVES = ("tune", "check")

# ratios over all gold pages; higher is better except leakage
SUMMARY_KEYS = (
    "comment_count_exact",
    "sample_found",
    "sample_author",
    "sample_date",
    "sample_parent",
    "body_recall",
    "body_leakage",
    "title_exact",
    "post_author",
    "post_date",
    "zyte_f1",
)


def norm(text: str | None) -> str:
    """White space collapsed, Unicode NFC: how GOLD.md says snippets compare."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def token_f1(predicted: str | None, truth: str | None) -> float:
    """Token-level F1 over word tokens (multiset overlap), as the Zyte benchmark scores bodies."""
    got = Counter(_WORDS.findall((predicted or "").lower()))
    want = Counter(_WORDS.findall((truth or "").lower()))
    if not got or not want:
        return float(got == want)
    overlap = sum((got & want).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(got.values()), overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall)


@dataclass
class Tally:
    """Found/total counters that add up over pages."""

    counts: Counter = field(default_factory=Counter)

    def add(self, key: str, ok: bool) -> None:
        self.counts[key + "_total"] += 1
        self.counts[key + "_ok"] += bool(ok)

    def ratio(self, key: str) -> float | None:
        total = self.counts[key + "_total"]
        return self.counts[key + "_ok"] / total if total else None


def page_site(gold: dict, name: str) -> str:
    """The site a gold page is from: its URL's host without "www.", else the page's name."""
    host = (urlsplit(gold.get("url") or "").hostname or "").removeprefix("www.")
    return host or name


def page_half(site: str) -> str:
    """The fixed half a site's gold pages belong to: "tune" (look at failures) or "check" (don't).

    A hash of the site's name, so the split is stable, blind to what a page holds, keeps every
    page of one site on one side, and puts a new gold file's site in either half by chance."""
    return HALVES[hashlib.sha256(site.encode("utf-8")).digest()[0] % 2]


class Tallies:
    """Several tallies counted alike (the whole corpus and the page's half)."""

    def __init__(self, tallies: tuple[Tally, ...]):
        self.tallies = tallies

    def add(self, key: str, ok: bool) -> None:
        for tally in self.tallies:
            tally.add(key, ok)


def resolve_page(corpus: Path, gold: dict, fixtures: Path) -> tuple[Path | None, str]:
    """The HTML to score for a gold file, or None and the reason it is skipped."""
    page = (corpus / gold["page"]).resolve()
    if page.suffix.lower() in HTML_SUFFIXES and page.is_file():
        return page, ""
    candidates = sorted(fixtures.glob(f"**/{page.stem}.htm*")) if fixtures.is_dir() else []
    if candidates:
        return candidates[0], ""
    return None, f"no HTML for {gold['page']} (and no fixture named {page.stem}.html)"


def run_page(path: Path, url: str | None, pipelines: OfflinePipelines) -> tuple[Thread | None, str]:
    """Extract, process, archive (in a fresh in-memory archive) and read the thread back."""
    try:
        page = Page.from_bytes(path.read_bytes(), url)
        page.url = page.url or path.resolve().as_uri()
        thread = process_page(page, pipelines)
    except (ExtractionError, DropItem) as exc:
        return None, str(exc)
    db = open_archive(":memory:")
    try:
        ArchiveWriter(db).write_batch([thread])
        stored = read_thread(db, thread.post.id)
    finally:
        db.close()
    stored.extractor = thread.extractor
    return stored, ""


def score_gold_page(thread: Thread | None, gold: dict, tally: Tally, *more: Tally) -> dict:
    """Score one page against its gold; adds to `tally` (and `more`), returns the page's row."""
    tally = Tallies((tally, *more))
    post = thread.post if thread else None
    comments = [c for c in (thread.comments if thread else []) if c.kind == "comment"]
    body = norm(post.body_text if post else "")
    row: dict = {"extractor": thread.extractor if thread else None}

    gold_post = gold.get("post") or {}
    includes = gold_post.get("body_includes") or []
    excludes = gold_post.get("body_excludes") or []
    found = [norm(s) in body for s in includes]
    leaked = [norm(s) in body for s in excludes]
    for ok in found:
        tally.add("body_recall", ok)
    for bad in leaked:
        tally.add("body_leakage", bad)
    row["body_recall"] = sum(found) / len(found) if found else None
    row["body_leakage"] = sum(leaked) / len(leaked) if leaked else None
    if gold_post.get("title"):
        ok = bool(post) and norm(post.title) == norm(gold_post["title"])
        tally.add("title_exact", ok)
        row["title_exact"] = ok
    if "author" in gold_post:
        # a page that names no author is right only with none: an invented byline is wrong
        ok = bool(post) and norm(post.author) == norm(gold_post["author"])
        tally.add("post_author", ok)
        row["post_author"] = ok
    if "published" in gold_post:
        # read as the pipeline reads it: day or month first as the thread's times settle it
        dayfirst = thread_hints(thread)[0] if thread else None
        ok = bool(post) and _same_date(post.published_raw, gold_post["published"], dayfirst)
        tally.add("post_date", ok)
        row["post_date"] = ok

    gold_comments = gold.get("comments")
    if gold_comments is None:
        row["comments"] = f"{len(comments)}/-"
        return row
    by_id = {c.id: c for c in comments}
    dayfirst, published = thread_hints(thread) if thread else (None, None)
    earliest = published.local_date if published else None
    texts = [(c, norm(c.body_text)) for c in comments]
    top = sum(1 for c in comments if not c.parent_id)
    depth = max((c.depth or 0 for c in comments), default=0)
    tally.add("comment_count_exact", len(comments) == gold_comments["count"])
    row["comments"] = f"{len(comments)}/{gold_comments['count']}"
    row["top_level"] = f"{top}/{gold_comments.get('top_level')}"
    row["max_depth"] = f"{depth}/{gold_comments.get('max_depth')}"

    sample_marks = []
    for sample in gold_comments.get("samples") or []:
        snippet = norm(sample["text_includes"])
        match = next((c for c, text in texts if snippet in text), None)
        marks = {
            "found": match is not None,
            "author": bool(match) and norm(match.author) == norm(sample.get("author")),
            "date": bool(match)
            and _same_date(match.posted_raw, sample.get("posted"), dayfirst, earliest),
            "parent": bool(match) and _same_parent(match, by_id, sample),
        }
        for extra in ("title", "tips", "recommended_by", "signature"):
            if extra in sample:
                marks[extra] = bool(match) and _extra_matches(match, extra, sample[extra])
        for key, ok in marks.items():
            tally.add(f"sample_{key}", ok)
        sample_marks.append(marks)
    for key in ("found", "author", "date", "parent"):
        oks = [m[key] for m in sample_marks]
        row[f"sample_{key}"] = f"{sum(oks)}/{len(oks)}" if oks else "-"
    return row


def _same_date(raw: str | None, gold_date: str | None, dayfirst=None, earliest=None) -> bool:
    parsed = parse_time(raw, dayfirst=dayfirst, earliest=earliest)
    if gold_date is None:
        return parsed is None
    return parsed is not None and parsed.local_date.isoformat() == gold_date[:10]


def _same_parent(comment, by_id: dict, sample: dict) -> bool:
    want = sample.get("parent_text_includes")
    parent = by_id.get(comment.parent_id) if comment.parent_id else None
    if want is None:
        return parent is None
    return parent is not None and norm(want) in norm(parent.body_text)


def _extra_matches(comment, key: str, expected) -> bool:
    if key == "title":
        return norm(comment.title) == norm(expected)
    if key == "tips":
        return [comment.tips_plus, comment.tips_minus] == list(expected)
    if key == "recommended_by":
        return list(comment.recommenders) == list(expected)
    return norm(comment.signature) == norm(expected)


def trafilatura_scores(html: bytes, url: str | None, gold: dict | None) -> dict:
    """trafilatura with its defaults (comments included): body text and comment recall."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, include_comments=True)
    body = doc.text if doc else ""
    comments = norm(doc.comments if doc else "")
    out = {"body": body}
    samples = ((gold or {}).get("comments") or {}).get("samples") or []
    if samples:
        out["comment_hits"] = sum(norm(s["text_includes"]) in comments for s in samples)
        out["comment_total"] = len(samples)
    return out


def score_corpus(
    corpus: Path,
    fixtures: Path = FIXTURES,
    only: str | None = None,
    baseline: bool = True,
    log=print,
    half: str | None = None,
) -> dict:
    """Score every gold page and every ground-truth page of `corpus`; the summary dict.

    `half` ("tune" or "check") scores only that half of the gold pages (and no Zyte pages)."""
    corpus = Path(corpus)
    pipelines = OfflinePipelines()
    tally, rows, skipped = Tally(), [], []
    half_tallies = {name: Tally() for name in HALVES}
    base = {"comment_hits": 0, "comment_total": 0, "f1": []}
    seconds = {"ours": 0.0, "trafilatura": 0.0}
    pages = 0

    for gold_path in sorted((corpus / "gold").glob("**/*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        name = str(gold_path.relative_to(corpus / "gold").with_suffix(""))
        site = page_site(gold, name)
        if (only and only not in name) or (half and page_half(site) != half):
            continue
        path, reason = resolve_page(corpus, gold, fixtures)
        if path is None:
            skipped.append((name, reason))
            continue
        start = time.perf_counter()
        thread, error = run_page(path, gold.get("url"), pipelines)
        seconds["ours"] += time.perf_counter() - start
        pages += 1
        row = {"page": name, "site": site, "half": page_half(site),
               **score_gold_page(thread, gold, tally, half_tallies[page_half(site)])}
        if error:
            row["error"] = error
        if baseline:
            start = time.perf_counter()
            result = trafilatura_scores(path.read_bytes(), gold.get("url"), gold)
            seconds["trafilatura"] += time.perf_counter() - start
            base["comment_hits"] += result.get("comment_hits", 0)
            base["comment_total"] += result.get("comment_total", 0)
        rows.append(row)

    zyte_rows = []
    for truth_file in sorted(corpus.glob(f"*/{GROUND_TRUTH}")) if half is None else ():
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        for key, expected in sorted(truth.items()):
            path = next(iter(sorted(truth_file.parent.glob(f"**/{key}.htm*"))), None)
            if path is None or (only and only not in key):
                continue
            start = time.perf_counter()
            thread, error = run_page(path, expected.get("url"), pipelines)
            seconds["ours"] += time.perf_counter() - start
            pages += 1
            f1 = token_f1(thread.post.body_text if thread else "", expected.get("articleBody"))
            row = {"page": key[:16], "f1": round(f1, 3)}
            if baseline:
                start = time.perf_counter()
                result = trafilatura_scores(path.read_bytes(), expected.get("url"), None)
                seconds["trafilatura"] += time.perf_counter() - start
                base["f1"].append(token_f1(result["body"], expected.get("articleBody")))
                row["trafilatura_f1"] = round(base["f1"][-1], 3)
            zyte_rows.append(row)

    summary: dict = {key: tally.ratio(key) for key in SUMMARY_KEYS if key != "zyte_f1"}
    summary["halves"] = {
        name: {"pages": sum(1 for r in rows if r["half"] == name),
               **{key: t.ratio(key) for key in SUMMARY_KEYS if key != "zyte_f1"}}
        for name, t in half_tallies.items()
    }
    zyte = [r["f1"] for r in zyte_rows]
    summary["zyte_f1"] = sum(zyte) / len(zyte) if zyte else None
    summary["sample_extra"] = {
        key: tally.ratio(f"sample_{key}")
        for key in ("title", "tips", "recommended_by", "signature")
        if tally.ratio(f"sample_{key}") is not None
    }
    if baseline:
        summary["trafilatura"] = {
            "zyte_f1": sum(base["f1"]) / len(base["f1"]) if base["f1"] else None,
            "comment_recall": (
                base["comment_hits"] / base["comment_total"] if base["comment_total"] else None
            ),
        }
    summary["pages"] = pages
    summary["gold_pages"] = len(rows)
    summary["zyte_pages"] = len(zyte_rows)
    summary["pages_per_s"] = pages / seconds["ours"] if seconds["ours"] else None
    if baseline and seconds["trafilatura"]:
        summary["trafilatura_pages_per_s"] = pages / seconds["trafilatura"]
    summary["skipped"] = [{"page": n, "reason": r} for n, r in skipped]
    summary["per_page"] = rows
    summary["zyte_per_page"] = zyte_rows
    _print_report(summary, rows, zyte_rows, log)
    return summary


def _print_report(summary: dict, rows: list[dict], zyte_rows: list[dict], log) -> None:
    columns = ("page", "extractor", "comments", "top_level", "max_depth", "sample_found",
               "sample_author", "sample_date", "sample_parent", "body_recall", "body_leakage",
               "title_exact", "post_author", "post_date")
    widths = [max(len(c), *(len(_cell(r.get(c))) for r in rows)) if rows else len(c)
              for c in columns]
    log("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)))
    for row in rows:
        log("  ".join(_cell(row.get(c)).ljust(w) for c, w in zip(columns, widths, strict=True)))
        if row.get("error"):
            log(f"    error: {row['error']}")
    for name, reason in ((s["page"], s["reason"]) for s in summary["skipped"]):
        log(f"skipped {name}: {reason}")
    if zyte_rows:
        base = summary.get("trafilatura", {}).get("zyte_f1")
        log(f"Zyte article benchmark: {len(zyte_rows)} pages, body F1 {_cell(summary['zyte_f1'])}"
            + (f" (trafilatura {_cell(base)})" if base is not None else ""))
    log("")
    halves = summary.get("halves", {})
    log(f"{'':<28}{'all':<8}" + "".join(f"{n + ' (' + str(h['pages']) + ')':<12}"
                                      for n, h in halves.items()))
    for key in SUMMARY_KEYS:
        log(f"{key:<28}{_cell(summary.get(key)):<8}"
            + "".join(f"{_cell(h.get(key)):<12}" for h in halves.values()))
    for key, value in summary["sample_extra"].items():
        log(f"{'sample_' + key:<28}{_cell(value)}")
    if "trafilatura" in summary:
        for key, value in summary["trafilatura"].items():
            log(f"{'trafilatura ' + key:<28}{_cell(value)}")
    speed = summary.get("pages_per_s")
    log(f"{'pages/s':<28}{_cell(speed)}"
        + (f" (trafilatura {_cell(summary.get('trafilatura_pages_per_s'))})"
           if summary.get("trafilatura_pages_per_s") else ""))


def _cell(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--json", type=Path, help="write the summary here")
    parser.add_argument("--only", help="score only pages whose name contains this")
    parser.add_argument("--half", choices=HALVES,
                        help="score only this half of the gold pages (see page_half)")
    parser.add_argument("--fixtures", type=Path, default=FIXTURES)
    parser.add_argument("--no-baseline", action="store_true", help="skip trafilatura")
    args = parser.parse_args(argv)
    if not (args.corpus / "gold").is_dir():
        print(f"{args.corpus}: no gold/ folder here, nothing to score", file=sys.stderr)
        return 2
    summary = score_corpus(args.corpus, args.fixtures, args.only, not args.no_baseline,
                           half=args.half)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
        print(f"summary written to {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
