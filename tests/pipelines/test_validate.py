import logging

import pytest
from scrapy.exceptions import DropItem

from crawler.items import Comment
from pipelines.validate import ValidatePipeline


def test_valid_thread_passes_unchanged(build, thread):
    item = build(ValidatePipeline).process_item(thread)
    assert [c.path for c in item.comments] == ["1", "1.1", "1.1.1", "2"]
    assert item.problems == []


def test_post_without_title_or_body_is_dropped_with_reason(build, thread):
    thread.post.title, thread.post.body_text = None, "  "
    with pytest.raises(DropItem, match="neither a title nor a body"):
        build(ValidatePipeline).process_item(thread)


def test_post_without_url_is_dropped(build, thread):
    thread.post.url = ""
    with pytest.raises(DropItem, match="no URL"):
        build(ValidatePipeline).process_item(thread)


def test_bodiless_leaf_comment_dropped_and_logged(build, thread, caplog):
    thread.comments[3].body_text = ""
    with caplog.at_level(logging.WARNING):
        item = build(ValidatePipeline).process_item(thread)
    assert [c.path for c in item.comments] == ["1", "1.1", "1.1.1"]
    assert "has no body" in caplog.text and thread.post.url in caplog.text
    assert len(item.problems) == 1


def test_bodiless_comment_with_replies_is_kept(build, thread):
    thread.comments[1].body_text = None
    item = build(ValidatePipeline).process_item(thread)
    assert [c.path for c in item.comments] == ["1", "1.1", "1.1.1", "2"]
    assert item.comments[1].body_text == ""
    assert "kept empty" in item.problems[0]


def test_orphans_and_duplicates_are_dropped(build, thread):
    thread.comments.append(Comment(path="7.1", body_text="orphan"))
    thread.comments.append(Comment(path="3", source_id="101", body_text="shown twice"))
    item = build(ValidatePipeline).process_item(thread)
    assert [c.path for c in item.comments] == ["1", "1.1", "1.1.1", "2"]
    assert any("not in the thread" in p for p in item.problems)
    assert any("twice" in p for p in item.problems)
