"""For scrapyd-deploy, which builds an egg with `setup.py bdist_egg`: everything else
(metadata, packages, package data, the `scrapy` settings entry point Scrapyd reads) is in
pyproject.toml. Without this file scrapyd-deploy would write its own, packaging every folder."""

from setuptools import setup

setup()
