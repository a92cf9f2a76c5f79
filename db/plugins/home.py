"""The home page lists each archive's tables by what they mean, every one of them, with its title,
row count and description, and the archive's stored queries.

Datasette's home page lists a database's five largest tables by name and hides the rest behind
"…" (on the demo archive: recommendations, comments, authors, post_tags, tags, and no posts).
The groups and their order come from the database's `blogarchive` plugin configuration in
metadata.yaml (`sections`: a title and its tables); a table in no group is listed last, under
`OTHER_SECTION`, so none is hidden. A database without `sections` is listed as Datasette lists it.
"""

from __future__ import annotations

from datasette import hookimpl

from db.publish import PLUGIN_NAME

OTHER_SECTION = "Other tables"
# how long a table's count may take on a live (mutable) archive before it shows as unknown, in
# ms: Datasette's own home page allows 10 (an immutable archive's counts are read once)
COUNT_LIMIT_MS = 10


def group_tables(sections: list[dict], visible: list[str]) -> list[tuple[str, list[str]]]:
    """(title, tables) of each section in order, only the tables the archive has and shows;
    the visible tables no section names, last."""
    grouped, named = [], set()
    for section in sections:
        tables = [t for t in section.get("tables", []) if t in visible and t not in named]
        named.update(tables)
        if tables:
            grouped.append((section["title"], tables))
    rest = [t for t in visible if t not in named]
    if rest:
        grouped.append((OTHER_SECTION, rest))
    return grouped


async def archive_home(datasette, database: str, actor) -> dict | None:
    """What the home page shows of one archive: its sections of tables and its stored queries,
    or None for a database whose configuration names no sections."""
    config = datasette.plugin_config(PLUGIN_NAME, database=database) or {}
    if not config.get("sections"):
        return None
    db = datasette.get_database(database)
    names = await db.table_names() + await db.view_names()
    hidden = set(await db.hidden_table_names())
    visible = [n for n in names if n not in hidden
               and not datasette.table_metadata(database, n).get("hidden")]
    counts = await db.table_counts(COUNT_LIMIT_MS)
    sections = []
    for title, tables in group_tables(config["sections"], visible):
        sections.append({"title": title, "tables": [
            {"name": name, "url": datasette.urls.table(database, name), "count": counts.get(name),
             "title": datasette.table_metadata(database, name).get("title") or name,
             "description": datasette.table_metadata(database, name).get("description")}
            for name in tables
        ]})
    queries = await datasette.get_canned_queries(database, actor)
    return {
        "sections": sections,
        "queries": [{"title": query.get("title") or name,
                     "url": datasette.urls.query(database, name),
                     "description": query.get("description")}
                    for name, query in queries.items()],
    }


@hookimpl
def extra_template_vars(view_name, request, datasette):
    if view_name != "index":
        return {}

    async def home_of(database: str) -> dict | None:
        return await archive_home(datasette, database, request.actor if request else None)

    return {"archive_home": home_of}
