import pytest

from pipelines.chrome import compile_chrome
from pipelines.clean import CleanPipeline, clean_text, sanitize_html

CHROME = compile_chrome()
REFERENCE_CHROME = [
    "Skip to main content",
    "Your Email has been sent.",
    "You must add at least one tag to this diary before publishing it.",
    "Tagging tips - Search For Tags - Browse For Tags",
    "More Tagging tips:",
    "Are you sure you want to remove this diary from your hotlist?",
    "Comment Preferences",
    "Subscribe or Donate to support Daily Kos.",
    "Click here for the mobile view of the site",
    "[ Parent ]",
    "Reply",
    "Share this:",
    "Click to share on Twitter (Opens in new window)",
    "12 Comments",
]


# label lines news and blog themes leave in a post body
ARTICLE_CHROME = ["Share this on WhatsApp", "Tags", "Filed under:", "Comments", "Advert"]


@pytest.mark.parametrize("line", REFERENCE_CHROME + ARTICLE_CHROME)
def test_chrome_lines_are_stripped(line):
    assert clean_text(f"First paragraph.\n{line}\nLast paragraph.", CHROME) == (
        "First paragraph.\nLast paragraph."
    )


@pytest.mark.parametrize(
    "line",
    [
        "Reply to the argument above: it does not hold.",
        "I will share this with my friends.",
        "Are you sure?",
        "The end of the American Empire",
        "Tags are how readers find older posts.",
        "Comments on the draft are welcome until Friday.",
        "Adverts on buses paid for the campaign.",
    ],
)
def test_sentences_that_mention_chrome_words_stay(line):
    assert clean_text(line, CHROME) == line


def test_paragraphs_kept_spaces_collapsed_nfc():
    raw = "  One\t two  \n\n\n\nCafe\u0301 three \n"
    assert clean_text(raw, CHROME) == "One two\n\nCaf\u00e9 three"


def test_sanitize_html_removes_script_and_handlers():
    html = sanitize_html(
        '<p onclick="x()">Hi<script>alert(1)</script><a href="javascript:alert(2)">a</a>'
        '<img src="/i.png" onerror="alert(3)"></p>'
    )
    assert "script" not in html and "alert" not in html and "onerror" not in html
    assert "onclick" not in html and html.startswith("<p>Hi")


def test_pipeline_cleans_thread(build, thread):
    item = build(CleanPipeline).process_item(thread)
    assert item.post.title == "Iran brokers a ceasefire"
    assert item.post.body_text == "Just passing on the news.\n\nMore text here."
    assert "<script>" not in item.post.body_html and "onclick" not in item.post.body_html
    assert item.comments[0].body_text == "Heard this on CNN."
    assert item.comments[1].recommenders == ["cotterperson", "rapala"]


def test_extra_chrome_patterns_from_settings(build, thread):
    pipeline = build(CleanPipeline, ARCHIVE_CHROME_PATTERNS=[r"more text here\."])
    item = pipeline.process_item(thread)
    assert item.post.body_text == "Just passing on the news."


def test_a_runaway_body_is_cut_with_a_warning_and_the_raw_page_keeps_it():
    """A post body past ARCHIVE_MAX_BODY_CHARS is cut at a paragraph break near the limit (its
    HTML closed again by the sanitizer); each cut is a problem of the thread; short bodies and
    the raw page are left as they are."""
    from crawler.items import Comment, Post, RawPage, Thread

    paragraph = "Words of a post that never ends. " * 30
    text = "\n\n".join([paragraph] * 300)  # ~300,000 characters
    html = "".join(f"<p>{paragraph}</p>" for _ in range(300))
    raw = RawPage(url="https://blog.example/p/", body=html.encode(), fetched_at="2020-01-01")
    thread = Thread(
        post=Post(url="https://blog.example/p/", id="p", title="Long", body_text=text,
                  body_html=html),
        comments=[Comment(id="p-1", post_id="p", path="1", depth=0, position=1,
                          body_text="A short reply.", body_html="<p>A short reply.</p>")],
        page=raw)
    CleanPipeline(max_body_chars=100_000).process_item(thread)
    post = thread.post
    assert 90_000 <= len(post.body_text) <= 100_000 and post.body_text.endswith("ends.")
    assert len(post.body_html) <= 100_000 + len("</p>") and post.body_html.endswith("</p>")
    assert [p.split(" cut at")[0] for p in thread.problems] == ["post body_text",
                                                                "post body_html"]
    assert f"of {len(text):,} characters" in thread.problems[0]
    assert thread.comments[0].body_text == "A short reply."
    assert thread.page.body == html.encode()
