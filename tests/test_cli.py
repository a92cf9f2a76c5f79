"""The `blogarchive` group (crawler/cli.py): what every command shares."""

import click
import pytest
from click.testing import CliRunner

from crawler.cli import cli


def every_command(group: click.Group = cli, path: tuple[str, ...] = ()):
    """(words after `blogarchive`, command) for every command and sub-command."""
    for name, command in sorted(group.commands.items()):
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from every_command(command, (*path, name))


COMMANDS = dict(every_command())


@pytest.mark.parametrize("words", sorted(COMMANDS), ids=" ".join)
def test_dash_h_is_help_everywhere(words):
    short = CliRunner().invoke(cli, [*words, "-h"])
    long = CliRunner().invoke(cli, [*words, "--help"])
    assert short.exit_code == 0, short.output
    assert short.output.startswith(f"Usage: cli {' '.join(words)} ")
    assert short.output == long.output


@pytest.mark.parametrize("words", sorted(COMMANDS), ids=" ".join)
def test_no_option_takes_dash_h_from_help(words):
    command = COMMANDS[words]
    taken = [p.name for p in command.params if "-h" in getattr(p, "opts", ())]
    assert taken == []
