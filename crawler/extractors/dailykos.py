"""PLACEHOLDER: being written (detects nothing yet)."""

from crawler.extractors import generic

NAME = "dailykos"


def detect(page) -> bool:
    return False


extract = generic.extract
