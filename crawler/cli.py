"""The `blogarchive` command: one click group, one module per command in `crawler/commands/`."""

from __future__ import annotations

import click

from crawler.commands.crawl import crawl
from crawler.commands.export import export
from crawler.commands.extract import extract
from crawler.commands.history import crawls, errors
from crawler.commands.importing import import_
from crawler.commands.reparse import reparse
from crawler.commands.sample_site import sample_site
from crawler.commands.schedule import schedule
from crawler.commands.serve import serve
from crawler.commands.store import store


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="blogarchive", prog_name="blogarchive")
def cli() -> None:
    """Archive blog posts and diary pages with their threaded reader comments."""


cli.add_command(crawl)
cli.add_command(extract)
cli.add_command(import_)
cli.add_command(reparse)
cli.add_command(serve)
cli.add_command(export)
cli.add_command(sample_site)
cli.add_command(schedule)
cli.add_command(crawls)
cli.add_command(errors)
cli.add_command(store)


if __name__ == "__main__":
    cli()
