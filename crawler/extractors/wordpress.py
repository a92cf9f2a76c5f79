"""PLACEHOLDER: being written (detects nothing yet)."""

from crawler.extractors import generic

NAME = "wordpress"


def detect(page) -> bool:
    return False


extract = generic.extract
