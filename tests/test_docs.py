"""Every command has help text and is documented in the README (sqlite-utils' habit)."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler.cli import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_command_has_help_and_is_documented(name):
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert cli.commands[name].help and len(cli.commands[name].help.strip()) > 20
    assert f"blogarchive {name}" in README


def test_readme_gives_the_two_commands():
    assert "make demo" in README and "make test" in README


def test_ci_runs_the_readme_test_command():
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text()
    assert "make test" in ci
