"""The archive's pages in a real browser (headless Chromium through Playwright) against a real
`blogarchive serve`: the thread view's nesting, folding (with the count of what a fold hides)
and a quiet console; rows above the fold on the posts and comments pages; a search's matches
highlighted."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlite_utils import Database

from db.reader import read_thread

CHROMIUM = Path("/usr/bin/chromium")
# the window the pages are read in: a laptop's, where the first screen is what a reader sees
VIEWPORT = {"width": 1100, "height": 900}
# rows of a table page that must be wholly in that first screen: the rows come before the
# page's furniture (before this work the posts page's first row was 1,900 px down)
ROWS_ABOVE_THE_FOLD = 3
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run",
]

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed: pip install -e '.[test]'"
)
if not CHROMIUM.exists() and not shutil.which("chromium"):
    pytest.skip("Debian's chromium is not installed (/usr/bin/chromium): apt-get install "
                "chromium", allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM if CHROMIUM.exists() else shutil.which("chromium")),
            args=CHROMIUM_ARGS, headless=True,
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


# depth of each comment element: how many comment elements enclose it, as the reader sees it
NESTING_JS = """() => Array.from(document.querySelectorAll('details.comment')).map(el => {
    let depth = 0;
    for (let p = el.parentElement; p; p = p.parentElement)
        if (p.matches('details.comment')) depth++;
    return [el.dataset.commentId, depth];
})"""


def test_thread_view_nests_folds_and_searches(page, served_archive, publish_archive,
                                              reference_post_id, tmp_path):
    url, _ = served_archive
    page.goto(f"{url}-/thread/{reference_post_id}")
    thread = read_thread(Database(publish_archive), reference_post_id)
    assert page.evaluate(NESTING_JS) == [[c.id, c.depth] for c in thread.comments]

    # fold the first comment with replies: its replies are hidden, its neighbours are not
    parent = next(c for c in thread.comments
                  if any(r.parent_id == c.id for r in thread.comments))
    reply = next(r for r in thread.comments if r.parent_id == parent.id)
    following = next(c for c in thread.comments if c.depth == 0 and c.position > parent.position)
    reply_element = page.locator(f'[data-comment-id="{reply.id}"]')
    assert reply_element.is_visible()
    page.locator(f'[data-comment-id="{parent.id}"] > summary').click(position={"x": 5, "y": 5})
    assert not reply_element.is_visible()
    assert page.locator(f'[data-comment-id="{following.id}"]').is_visible()
    assert page.locator(f'[data-comment-id="{parent.id}"] > summary').is_visible()
    page.screenshot(path=str(tmp_path / "thread-folded.png"), full_page=True)
    page.locator(f'[data-comment-id="{parent.id}"] > summary').click(position={"x": 5, "y": 5})
    assert reply_element.is_visible()
    page.screenshot(path=str(tmp_path / "thread.png"), full_page=False)

    # the hostile comment runs nothing
    page.goto(f"{url}-/thread/post-b")
    assert "pwned" not in page.title()
    assert page.locator('[data-comment-id="post-b-2"] img').count() == 1

    # a search through the stored query's form
    page.goto(f"{url}archive/search")
    page.fill('input[name="q"]', "neap")
    page.locator('input[type="submit"]').first.click()
    page.wait_for_load_state()
    cells = page.locator("td.col-comment_id").all_inner_texts()
    assert sorted(c.strip() for c in cells) == ["post-a-1.1", "post-a-1.1.1"]
    assert page.locator("td.col-snippet mark").first.inner_text().lower() == "neap"
    page.screenshot(path=str(tmp_path / "search.png"), full_page=False)
    assert (tmp_path / "thread.png").stat().st_size > 10_000


# how many rows of the page's table are wholly inside the first screen
ROWS_IN_VIEW_JS = """(fold) => Array.from(document.querySelectorAll(
    'table.rows-and-columns tbody tr')).filter(tr => {
        const box = tr.getBoundingClientRect();
        return box.top >= 0 && box.bottom <= fold;
    }).length"""


# how far the page's table of rows reaches right of the window: it fits, no sideways scrolling
TABLE_OVERFLOW_JS = """() => document.querySelector('table.rows-and-columns')
    .getBoundingClientRect().right - document.documentElement.clientWidth"""


@pytest.mark.parametrize("path", ["archive/posts", "archive/comments"])
def test_rows_show_above_the_fold(page, served_archive, path):
    url, _ = served_archive
    page.goto(f"{url}{path}")
    assert page.evaluate(ROWS_IN_VIEW_JS, VIEWPORT["height"]) >= ROWS_ABOVE_THE_FOLD


@pytest.mark.parametrize("path", ["demo/posts", "demo/comments", "demo/comments?_search=vote"])
def test_the_demo_archive_shows_rows_above_the_fold_at_full_width(page, served_demo, path):
    """The demo's archive is what a newcomer opens first: its facets are full (five values
    each, the "…" of more), its excerpts long; the rows still come first and fit the width."""
    url, _ = served_demo
    page.goto(f"{url}{path}")
    assert page.locator(".facet-info").count() >= 3 or "_search" in path
    assert page.evaluate(ROWS_IN_VIEW_JS, VIEWPORT["height"]) >= ROWS_ABOVE_THE_FOLD
    assert page.evaluate(TABLE_OVERFLOW_JS) <= 0


def test_a_search_shows_its_matches_highlighted_first(page, served_archive):
    url, _ = served_archive
    page.goto(f"{url}archive/comments")
    page.fill("#_search", "neap")
    page.locator('form.filters input[type="submit"]').click()
    page.wait_for_load_state()
    first_cells = page.locator("table.rows-and-columns tbody tr td:first-child")
    assert first_cells.count() == 2
    marks = page.locator("table.rows-and-columns tbody tr td:first-child mark")
    assert [m.lower() for m in marks.all_inner_texts()] == ["neap", "neap"]
    assert marks.first.is_visible()
    background = marks.first.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    # each match leads to its comment, in its thread
    page.locator("td.col-post_id a").first.click()
    page.wait_for_load_state()
    assert "/-/thread/post-a#c-post-a-1.1" in page.url
    top = page.locator(f'[id="c-{page.url.split("#c-")[1]}"]').evaluate(
        "el => el.getBoundingClientRect().top")
    assert 0 <= top < VIEWPORT["height"]  # scrolled to it


def test_thread_page_logs_no_console_error_and_shows_the_fold_count(page, served_archive,
                                                                   publish_archive,
                                                                   reference_post_id):
    url, _ = served_archive
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{url}-/thread/{reference_post_id}")
    page.wait_for_load_state("load")
    assert problems == []
    thread = read_thread(Database(publish_archive), reference_post_id)
    parent = next(c for c in thread.comments
                  if any(r.parent_id == c.id for r in thread.comments))
    below = [c for c in thread.comments if c.path.startswith(parent.path + ".")]
    summary = page.locator(f'[data-comment-id="{parent.id}"] > summary')
    summary.click(position={"x": 5, "y": 5})
    shown = summary.evaluate("el => getComputedStyle(el, '::after').content")
    assert shown == f'" [{len(below) + 1} comments hidden]"'
    # the click folded that comment alone: its neighbours stay open
    assert page.locator("details.comment:not([open])").count() == 1
