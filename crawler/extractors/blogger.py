"""PLACEHOLDER: being written (detects nothing yet)."""

from crawler.extractors import generic

NAME = "blogger"


def detect(page) -> bool:
    return False


extract = generic.extract
