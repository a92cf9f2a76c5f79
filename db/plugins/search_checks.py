"""Searches that cannot run are refused with a message that says why, before any SQL runs.

A search of no words (`"`, `*`, `--`) escapes to an empty FTS5 query and a raw-mode search
(`_searchmode=raw`) may not be FTS5 syntax: either made SQLite raise a syntax error, which
Datasette printed to the server's log as an ERROR line and showed the reader as
"fts5: syntax error near ...". This plugin checks every table search first (Datasette's own, as
on posts, and fast_search's, as on comments) and answers 400 with a sentence a reader can act
on; nothing is logged. Stored queries search through `fts_words(:q)`, an SQL function that gives
a query of no words an empty phrase (valid, matching nothing) instead of an empty string.
"""

from __future__ import annotations

import re
import sqlite3

from datasette import hookimpl
from datasette.filters import FilterArguments
from datasette.utils import escape_fts, escape_sqlite
from datasette.utils.asgi import BadRequest

from db.publish import PLUGIN_NAME, is_search_argument

# what FTS5's unicode61 tokenizer makes a token of: letters and digits (not "_", unlike \w)
WORD = re.compile(r"[^\W_]")
# an FTS5 phrase of no tokens: valid syntax that matches no row (an empty MATCH is an error)
NO_WORDS = '""'


def has_words(text: str) -> bool:
    """Whether a search holds anything the full-text index could match."""
    return bool(WORD.search(text))


def fts_words(text: str | None) -> str:
    """A reader's search as an FTS5 query of its words, each quoted (Datasette's escape_fts),
    or `NO_WORDS` for a search with none."""
    return (escape_fts(text) if text and has_words(text) else "") or NO_WORDS


def no_words_message(text: str) -> str:
    return (f"Nothing to search for in “{text}”: a search needs at least one word "
            "(letters or digits).")


def bad_syntax_message(text: str, error: Exception) -> str:
    return (f"“{text}” is not a full-text query SQLite can read ({error}). With "
            "_searchmode=raw a search is written in FTS5's query syntax; leave _searchmode=raw "
            "out to search for the words as typed.")


def search_texts(request) -> dict[str, str]:
    """The request's non-blank `_search` and `_search_COLUMN` arguments."""
    return {key: request.args[key] for key in request.args
            if is_search_argument(key) and request.args[key].strip()}


async def fts_table_of(datasette, database: str, table: str) -> str | None:
    """The full-text table a table page searches: fast_search's, Datasette's, or none."""
    config = datasette.plugin_config(PLUGIN_NAME, database=database, table=table) or {}
    metadata = datasette.table_metadata(database, table)
    return (config.get("fts_table") or metadata.get("fts_table")
            or await datasette.get_database(database).fts_table(table))


@hookimpl
def prepare_connection(conn):
    conn.create_function("fts_words", 1, fts_words, deterministic=True)


@hookimpl(tryfirst=True)  # before Datasette's own search filter, which would run the query
def filters_from_request(request, database, table, datasette):
    texts = search_texts(request)
    if not texts:
        return None
    metadata = datasette.table_metadata(database, table)
    mode = request.args.get("_searchmode") or metadata.get("searchmode")

    async def inner():
        if mode != "raw":
            for text in texts.values():
                if not has_words(text):
                    raise BadRequest(no_words_message(text))
            return FilterArguments([])
        fts_table = await fts_table_of(datasette, database, table)
        if not fts_table:
            return FilterArguments([])
        db, fts = datasette.get_database(database), escape_sqlite(fts_table)
        for text in texts.values():
            try:
                await db.execute(f"select 1 from {fts} where {fts} match :text limit 1",
                                 {"text": text}, log_sql_errors=False)
            except sqlite3.DatabaseError as error:
                raise BadRequest(bad_syntax_message(text, error)) from error
        return FilterArguments([])

    return inner
