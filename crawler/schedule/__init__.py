"""Recurring crawls: rules kept in the archive's `schedules` table, and the runner that starts
them (locally, or on a Scrapyd). `runner.py` holds both; the statements are `db/schedules.py`'s."""
