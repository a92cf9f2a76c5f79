"""Our templates that are Datasette's own with changes (db/templates/_table.html and
_facet_results.html): the installed Datasette must still ship the template each was taken from,
or ours silently drops whatever Datasette changed. A failure here means: diff Datasette's new
template against the one recorded, carry the change into ours, and record the new hash."""

from __future__ import annotations

import hashlib
from pathlib import Path

import datasette
import pytest

ROOT = Path(__file__).resolve().parents[2]
# the sha256 of Datasette's template each of ours was taken from (0.64.8 to 0.65.5 ship these)
TAKEN_FROM = {
    "_table.html": "f75a8872713f28fdce49b9a44a397f26ba1b5db5e82a74dda1f20ec14faaaa57",
    "_facet_results.html": "622d3c764aa14f17f07714af7bbdee5719adfbce9cce5358fd3df3e2df137f30",
}


@pytest.mark.parametrize("name", sorted(TAKEN_FROM))
def test_our_copy_of_a_datasette_template_follows_the_installed_one(name):
    assert (ROOT / "db" / "templates" / name).is_file()
    theirs = Path(datasette.__file__).parent / "templates" / name
    assert hashlib.sha256(theirs.read_bytes()).hexdigest() == TAKEN_FROM[name], (
        f"Datasette {datasette.__version__}'s {name} is not the one db/templates/{name} was "
        "taken from: carry its changes into ours, then record its hash here")


def test_every_other_template_of_ours_builds_on_datasettes_rather_than_copying_it():
    """Ours that replace one of Datasette's extend or include it ("default:"), but the two."""
    copies = {path.name for path in (ROOT / "db" / "templates").glob("*.html")
              if (Path(datasette.__file__).parent / "templates" / path.name).exists()
              and f'"default:{path.name}"' not in path.read_text()}
    assert copies == set(TAKEN_FROM)
