"""PLACEHOLDER: being written (detects nothing yet)."""

from crawler.extractors import generic

NAME = "movabletype"


def detect(page) -> bool:
    return False


extract = generic.extract
