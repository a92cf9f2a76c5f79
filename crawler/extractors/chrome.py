"""Daily Kos's UI chrome, in one place: lines its pages carry that are never a diary's or a
comment's words (`shared/reference/diary-with-comments.txt`).

One vocabulary, three readers: the Daily Kos extractor drops a line or block by how it opens,
the clean pipeline (`pipelines.chrome`) drops a whole line, and the sample site and the tests
check that the lines as written never reach a body. It lives in crawler/ because the extractor
needs it and crawler never imports pipelines.
"""

from __future__ import annotations

from typing import NamedTuple


class ChromeLine(NamedTuple):
    """One chrome line: as Daily Kos writes it, and as regular expressions (case-insensitive)."""

    text: str  # the line as written (its opening where it runs on)
    opening: str  # how the line opens: enough for the extractor to drop it
    rest: str = ""  # the rest of the whole line, for the clean pipeline

    @property
    def pattern(self) -> str:
        """The whole line."""
        return self.opening + self.rest


# dropped by their opening in the extractor and as whole lines in the clean pipeline
DAILYKOS_CHROME: tuple[ChromeLine, ...] = (
    ChromeLine("Skip to main content", r"skip to (?:main )?content"),
    ChromeLine("Your Email has been sent.", r"your email has been sent", r"\.?"),
    ChromeLine("You must add at least one tag to this diary before publishing it.",
               r"you must add at least one tag to this diary", r" before publishing it\."),
    ChromeLine("Tagging tips - Search For Tags - Browse For Tags",
               r"tagging tips - ", r"search for tags - browse for tags"),
    ChromeLine("More Tagging tips:", r"more tagging tips", r":?"),
    ChromeLine("You can add a private note to this diary when hotlisting it:",
               r"you can add a private note to this diary", r" when hotlisting it:"),
    ChromeLine("Are you sure you want to remove this diary from your hotlist?",
               r"are you sure you want to", r" [^\n]{0,120}\?"),
    ChromeLine("Rescue this diary, and add a note:", r"rescue this diary", r", and add a note:"),
    ChromeLine("Choose where to republish this diary.",
               r"choose where to republish this diary", r"\.[^\n]*"),
    ChromeLine("You must be a member of a group to use this feature.",
               r"you must be a member of a group", r" to use this feature\."),
    ChromeLine("Add a quick update to your diary without changing the diary itself:",
               r"add a quick update to your diary", r" without changing the diary itself:"),
    ChromeLine("(The diary will be removed.)", r"\(the diary will be removed", r"[^\n]*\)"),
    ChromeLine("Comment Preferences", r"comment preferences"),
    ChromeLine("Subscribe or Donate to support Daily Kos.",
               r"subscribe or donate to support daily kos", r"\."),
    ChromeLine("Click here for the mobile view of the site",
               r"click here for the mobile view of the site"),
)
# the tag dialog's help: dropped as whole lines only (by the clean pipeline), the extractor does
# not look for them
DAILYKOS_TAG_HELP: tuple[ChromeLine, ...] = (
    ChromeLine("Add keywords that describe this diary. Separate multiple keywords with commas.",
               r"add keywords that describe this diary\. separate multiple keywords with commas\."),
    ChromeLine("A tag is a way to search for this diary.",
               r"a tag is a way to search for this diary\.", r"[^\n]*"),
    ChromeLine("Use a person's full name, without any title.",
               r"use a person's full name, without any title\.", r"[^\n]*"),
    ChromeLine("If your diary covers an election or elected official",
               r"if your diary covers an election or elected official", r"[^\n]*"),
    ChromeLine("Tags do not compound", r"tags do not compound", r"[^\n]*"),
    ChromeLine("Consider if one or more of these tags fits your diary",
               r"consider if one or more of these tags fits your diary", r"[^\n]*"),
)
