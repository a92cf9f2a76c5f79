"""What an install gets: the dependencies a command needs to start are declared by name."""

from importlib.metadata import requires


def test_lxml_html_clean_is_declared_not_left_to_an_extra():
    """Older pips skip the `lxml[html_clean]` extra trafilatura's helpers ask for; declared
    by name, it is installed whatever pip the user has."""
    names = {req.split(">")[0].split("=")[0].split("[")[0].split(";")[0].strip().lower()
             for req in requires("blogarchive") or []}
    assert "lxml_html_clean" in names or "lxml-html-clean" in names
