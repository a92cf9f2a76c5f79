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


class KindGroup(click.Group):
    """Commands whose unexpected failures read as one line, not a Python traceback.

    Bad input a command foresees is a `click.UsageError` (exit code 2); anything else that
    escapes a command is reported as `Error: <what>: <message>` with exit code 1, and
    `blogarchive --debug COMMAND ...` (or BLOGARCHIVE_DEBUG=1) lets the traceback through.
    """

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort,
                KeyboardInterrupt, SystemExit):
            raise
        except Exception as exc:  # noqa: BLE001 - what no command foresaw: one line, not a trace
            if ctx.params.get("debug"):
                raise
            raise click.ClickException(
                f"{type(exc).__name__}: {exc} (blogarchive --debug ... shows where)") from exc


@click.group(cls=KindGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="blogarchive", prog_name="blogarchive")
@click.option("--debug", is_flag=True, envvar="BLOGARCHIVE_DEBUG",
              help="show the Python traceback of an unexpected failure")
def cli(debug: bool) -> None:
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
