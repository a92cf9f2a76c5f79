"""The packages depend one way: crawler -> db, pipelines -> crawler and db; db on neither.

Read from the source (every `import`, also those inside functions), so a lazy import that closes
a cycle is caught as well as a top-level one.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("crawler", "pipelines", "db")
# what each package may import of the others: a layer sees only those below it
ALLOWED = {"db": set(), "crawler": {"db"}, "pipelines": {"crawler", "db"}}


def imported_packages(path: Path) -> set[tuple[str, int]]:
    """(our top-level package, line) of every import in a module."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found.update((name.split(".")[0], node.lineno) for name in names
                     if name.split(".")[0] in PACKAGES)
    return found


def test_packages_import_only_the_layers_below_them():
    wrong = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            for other, line in imported_packages(path):
                if other != package and other not in ALLOWED[package]:
                    wrong.append(f"{path.relative_to(ROOT)}:{line} imports {other}")
    assert not wrong, "imports against the layering:\n" + "\n".join(wrong)


def test_the_allowed_layers_have_no_cycle():
    # the rule itself must be a one-way order, or the test above would allow a cycle
    seen: list[str] = []
    while len(seen) < len(ALLOWED):
        ready = [p for p in ALLOWED if p not in seen and ALLOWED[p] <= set(seen)]
        assert ready, f"cycle among {set(ALLOWED) - set(seen)}"
        seen.extend(ready)


def test_sql_lives_in_db():
    """No statement is run outside db/: the crawl and the pipelines call db's functions."""
    found = [f"{path.relative_to(ROOT)}:{number}"
             for package in ("crawler", "pipelines")
             for path in sorted((ROOT / package).rglob("*.py"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if "execute(" in line]
    assert not found, "SQL run outside db/:\n" + "\n".join(found)
