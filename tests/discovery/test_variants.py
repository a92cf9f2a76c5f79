"""Display variants (crawler/discovery/variants.py): learned from one canonical link, then every
URL of the site that differs only so is folded into its plain page; pagination never is."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from crawler.discovery import DisplayVariants, variant_rule

DIARY = "https://k.example/story/2019/6/5/1234/-A-Title"


@pytest.mark.parametrize("variant,plain,taught,other,folded", [
    (f"{DIARY}?mode=flat", DIARY, "?mode",
     "https://k.example/story/2019/7/1/99/-Other?mode=minimal&x=1",
     "https://k.example/story/2019/7/1/99/-Other?x=1"),
    (f"{DIARY}/printer", DIARY, "/printer",
     "https://k.example/story/2019/7/1/99/-Other/printer",
     "https://k.example/story/2019/7/1/99/-Other"),
    ("https://k.example/storyonly/2019/6/5/1234/-A-Title", DIARY, "/storyonly",
     "https://k.example/storyonly/2019/7/1/99/-Other",
     "https://k.example/story/2019/7/1/99/-Other"),
    ("https://b.example/2019/06/slug/?replytocom=12", "https://b.example/2019/06/slug/",
     "?replytocom", "https://b.example/2018/01/other/?replytocom=3",
     "https://b.example/2018/01/other/"),
    ("https://www.b.example/2019/06/slug/amp/", "https://b.example/2019/06/slug/", "/amp",
     "https://b.example/2018/01/other/amp/", "https://b.example/2018/01/other/"),
])
def test_one_variant_teaches_how_to_fold_the_others(variant, plain, taught, other, folded):
    variants = DisplayVariants()
    assert variants.fold(other) == other  # nothing learned yet
    assert variants.learn(variant, plain) == taught
    assert urlsplit(variants.fold(variant)).path == urlsplit(plain).path
    assert variants.fold(other) == folded
    assert variants.fold("https://elsewhere.example/story/2019/7/1/99/-Other?mode=flat").endswith(
        "mode=flat")  # learned for its site only


@pytest.mark.parametrize("variant,plain", [
    (f"{DIARY}?page=2", DIARY),  # a later page naming the first as canonical: still a page
    ("https://b.example/2019/06/slug/comment-page-2/", "https://b.example/2019/06/slug/"),
    ("https://b.example/2019/06/slug/", "https://b.example/2019/06/other/"),  # another page
    ("https://b.example/p/123", "https://b.example/p/124"),  # ids tell pages apart
    ("https://b.example/a/b/c", "https://b.example/a"),
    (DIARY, DIARY),
    ("https://b.example/x", "https://c.example/x"),
])
def test_what_is_not_a_display_variant(variant, plain):
    assert variant_rule(variant, plain) is None
    assert DisplayVariants().learn(variant, plain) is None


def test_a_view_segment_folds_only_paths_of_its_depth():
    variants = DisplayVariants()
    variants.learn(f"{DIARY}/printer", DIARY)
    assert variants.fold("https://k.example/tag/printer") == "https://k.example/tag/printer"
