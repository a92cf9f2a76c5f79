"""Recurring crawls: rules kept in the archive's `schedules` table, and the runner that starts
them (locally, or on a Scrapyd). `runner.py` holds both; the statements are `db/schedules.py`'s."""

# how often `schedule run --forever` looks for due schedules: a schedule's interval is minutes to
# days, so half a minute late is on time
POLL_SECONDS = 30
