"""The `blogarchive` group (crawler/cli.py): what every command shares."""

import pytest
from click.testing import CliRunner

from crawler.cli import cli
from tests.conftest import every_command

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
