"""The README documents every command, and its command reference is the commands' --help
(sqlite-utils' habit: docs that fail the tests when they drift from --help)."""

import difflib
import re
import shlex
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from cogapp import Cog

from crawler.cli import cli
from tests.conftest import ROOT, every_command

README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = dict(every_command())
# documents whose `blogarchive ...` command lines must be ones the commands take
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SHELL_OPERATORS = {"&", "&&", "|", ";", ">", ">>", "2>&1"}


@pytest.mark.parametrize("words", sorted(COMMANDS), ids=" ".join)
def test_command_has_help_and_is_documented(words):
    result = CliRunner().invoke(cli, [*words, "--help"])
    assert result.exit_code == 0
    command = COMMANDS[words]
    assert command.help and len(command.help.strip()) > 20
    assert f"\n### blogarchive {' '.join(words)}\n" in README


def test_readme_command_reference_is_the_current_help():
    regenerated = Cog().process_string(README, fname="README.md")
    assert "\n### blogarchive crawl\n" in regenerated  # the cog block is there and ran
    if regenerated != README:
        diff = difflib.unified_diff(README.splitlines(keepends=True),
                                    regenerated.splitlines(keepends=True),
                                    "README.md", "README.md from --help now")
        pytest.fail("the README's command reference is not the commands' --help; "
                    "`make readme` rewrites it:\n" + "".join(diff))


def command_lines(text: str) -> list[tuple[str, bool]]:
    """Every `blogarchive ...` command line in a document, and whether it is a whole one: in
    code blocks (after `bin/`, to the end of the shell command, whole) and in code spans (prose
    may name an option without its value: `crawl --redis`)."""
    text = text.replace("\\\n", " ")
    whole = [(line.split("bin/blogarchive ", 1)[1], True) for line in text.splitlines()
             if "bin/blogarchive " in line]
    return whole + [(span, False) for span in re.findall(r"`blogarchive ([^`]+)`", text)]


def parse(line: str) -> None:
    """Parse a command line as `blogarchive` would, without running it or checking its values
    (the archives and URLs of examples need not exist): unknown commands and options fail."""
    words = []
    for word in shlex.split(line, comments=True):
        if word in SHELL_OPERATORS:
            break
        words.append(word)
    command, name = cli, "blogarchive"
    while isinstance(command, click.Group) and words:  # a group alone names the group
        name, *words = words
        assert name in command.commands, f"no command {name!r}"
        command = command.commands[name]
    leftover = command.make_parser(click.Context(command, info_name=name)).parse_args(words)[1]
    assert not leftover, f"unexpected arguments {leftover}"


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.name)
def test_documented_command_lines_are_ones_the_commands_take(document):
    lines = command_lines(document.read_text(encoding="utf-8"))
    assert lines
    for line, whole in lines:
        try:
            parse(line)
        except click.BadOptionUsage as exc:
            if whole or "requires an argument" not in exc.message:
                pytest.fail(f"{document.name}: blogarchive {line}\n  {exc}")
        except (click.ClickException, AssertionError) as exc:
            pytest.fail(f"{document.name}: blogarchive {line}\n  {exc}")


@pytest.mark.parametrize("line", ["crawl a.db https://a.example/ --depht 2",
                                  "craw a.db https://a.example/",
                                  "schedule run a.db --once --forver"])
def test_a_command_line_with_a_wrong_option_or_command_is_refused(line):
    with pytest.raises((click.ClickException, AssertionError)):
        parse(line)


def test_readme_gives_the_two_commands():
    assert "make demo" in README and "make test" in README


def test_ci_runs_the_readme_test_command():
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text()
    assert "make test" in ci


def test_readme_reads_in_a_newcomers_order():
    """What it is, the two commands, a tour of the demo (with a thread to open), how to use it,
    then the reference: a newcomer reads top down and stops when they have enough."""
    headings = [line[3:].strip() for line in README.splitlines() if line.startswith("## ")]
    wanted = ["Two commands", "A five-minute tour", "Usage", "Command reference"]
    assert [h for h in headings if h in wanted] == wanted
    assert headings[0] == "Two commands", "the two commands come right after what it is"
    intro = README[:README.index("## Two commands")]
    assert len(intro.split()) > 40, "the README says what blogarchive is before anything else"
    tour = README[README.index("## A five-minute tour"):README.index("## Usage")]
    assert "/-/thread/" in tour
    assert re.search(r"Python 3\.\d+ or newer", README)
