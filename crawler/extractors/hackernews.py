"""PLACEHOLDER: being written (detects nothing yet)."""

from crawler.extractors import generic

NAME = "hackernews"


def detect(page) -> bool:
    return False


extract = generic.extract
