"""Dates and times as comment bylines and datelines write them, found in text and markup.

The structural comment finder grows its lists bottom-up from every time on the page
(`anchors.py`) and reads each block's byline around its time (`byline.py`, `block.py`); the
generic extractor reads a post's dateline with the same patterns. They only find a time: reading
it into a timestamp is `crawler.dates`, which the normalize pipeline applies. The languages are
the corpus's: English, German, French, Spanish, Italian, Dutch, Polish and Croatian.
"""

from __future__ import annotations

import re

from crawler.extractors.selectors import xpath

_MONTH = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
# the month names (and their common short forms) of the corpus's other languages: de, fr, es,
# it, nl, and the genitive forms dates take in pl and hr ("15 lutego 2010", "3. svibnja 2020")
_MONTH_FOREIGN = (
    r"(?i:januar|jänner|februar|märz|mai|juni|juli|oktober|dezember|janvier|février|fevrier"
    r"|mars|avril|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre|enero"
    r"|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre"
    r"|diciembre|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre"
    r"|januari|februari|maart|mei|augustus|stycznia|lutego|marca|kwietnia|maja|czerwca|lipca"
    r"|sierpnia|września|października|listopada|grudnia|siječnja|veljače|ožujka|travnja"
    r"|svibnja|lipnja|srpnja|kolovoza|rujna|studenoga?|prosinca|janv|févr|avr|juil|déc|mär"
    r"|okt|dez|gen|mag|giu|lug|ott|dic|ene|abr|ago|dic)\.?"
)
_MONTH_ANY = rf"(?:{_MONTH}|{_MONTH_FOREIGN})"
_WEEKDAY = r"(?:(?i:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_YEAR = r"(?:19|20)\d\d"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
# a time of day: "1:15 pm", "13:15:00 PDT", and the French "13h15"
_TIME = (
    r"(?:\d{1,2}:\d\d(?::\d\d)?|\d{1,2}h\d\d\b)\s*(?:(?i:[ap]\.?m\b\.?))?"
    r"(?:\s*\(?[A-Z]{2,4}\b\)?)?"
)
# between a date and its time: "at", "@", "-", "|", and "um", "à", "a las", "alle", "om", "o",
# "u" (de, fr, es, it, nl, pl, hr)
_TIME_SEP = r"(?:\s*(?:,|(?i:at|um|à|a las|alle|om|o|u)\b|@|-|–|\|)?\s*)"
_DATE_CORE = (
    rf"(?:{_MONTH}\s*{_DAY},?\s*{_YEAR}"
    rf"|{_DAY}\.?\s+(?:of\s+|de\s+)?{_MONTH_ANY},?\s*(?:de\s+)?{_YEAR}"
    rf"|{_YEAR}[/.-]\d\d?[/.-]\d\d?(?![\d])"
    rf"|\d\d?[/.-]\d\d?[/.-](?:{_YEAR}|\d\d)(?![\d.])"
    # a two-digit year after a named month ("17 Jan 08", "17-Jan-08", "Jan 17, '08")
    rf"|{_DAY}\.?[\s-]+{_MONTH_ANY}[\s-]+'?\d\d(?![\w:])"
    rf"|{_MONTH}\s*{_DAY},\s*'?\d\d(?![\w:])"
    rf"|{_MONTH}\s*{_DAY}(?={_TIME_SEP}\d{{1,2}}:\d\d)"
    rf"|{_DAY}\.?\s+(?:de\s+)?{_MONTH_ANY}(?={_TIME_SEP}\d{{1,2}}[:h]\d\d))"
)
# relative times in the languages of the corpus: "vor 8 Stunden", "il y a 3 heures", "hace 2
# horas", "prije 3 sata"; a word for yesterday or today counts with a time after it ("jučer
# 17:59", "gestern um 9:12"): alone, some of them are ordinary words ("hier" in German)
_TIME_UNIT = (
    r"(?:sek|min|stund|std|tag|woche|monat|jahr|seconde|heure|jour|semaine|mois|an|segundo|hora"
    r"|d[ií]a|semana|mes|año|sat|dan|tjed|mjesec|godin|minut|sekund|ora|ore|giorn|settiman|ann"
    r"|uur|dag|week|maand|jaar|dni|tydzie|godzin)\w*"
)
_RELATIVE_AGO = (
    rf"(?i:(?:vor|il y a|hace|prije)\s+(?:\d+|einer?|une?|una?)\s+{_TIME_UNIT}"
    rf"|\d+\s+{_TIME_UNIT}\s+(?:fa|geleden|temu))"
)
_DAY_WORD = (
    r"(?i:jučer|danas|gestern|heute|hier|aujourd'hui|ayer|hoy|wczoraj|dzisiaj|gisteren|vandaag"
    r"|ieri|oggi)"
)
_DAY_WORD_SEP = r"(?:,?\s*(?i:um|à|a las|u|o|om|alle|at)?\s*)"
DATE = re.compile(
    rf"(?<![\w/.:-])(?:{_TIME}{_TIME_SEP})?{_WEEKDAY}{_DATE_CORE}(?:{_TIME_SEP}{_TIME})?"
    rf"|\b(?i:(?:\d+|an?|one)\s+(?:sec(?:ond)?|min(?:ute)?|hour|hr|day|week|month|year)s?\s+ago)\b"
    rf"|\b(?i:yesterday|today)(?:{_TIME_SEP}{_TIME})?\b"
    rf"|\b{_RELATIVE_AGO}\b"
    rf"|\b{_DAY_WORD}{_DAY_WORD_SEP}\d{{1,2}}[:.]\d\d\b"
)
# cheap test before the date pattern: every date has a digit or one of these words
DATE_HINT = re.compile(r"\d|(?i:\bago\b|yesterday|today)")
# a time of day alone ("1:53 PM", "at 17:59"), for a line that holds nothing else: the comment
# systems that print only the time of day (the date is the post's) show it as their byline
TIME_ONLY = re.compile(
    r"^\W*(?:(?i:at|um|à|a las|u)\s+)?\d{1,2}:\d\d(?::\d\d)?\s*(?i:[ap]\.?m\.?)?\W*$"
)
# a time of day alone is at most this long with its label and zone ("at 17:59 CET")
TIME_ONLY_CHARS = 20
# a text that may hold a date or a time alone, with its label and padding around it
TIME_TEXT_MAX_CHARS = 4 * TIME_ONLY_CHARS
# a time shown relative to the page's fetch ("3 hours ago", "vor 8 Stunden", "yesterday 17:59")
# or as a time of day alone: a full date in a tooltip is better where there is one
RELATIVE_OR_TIME_ONLY = re.compile(
    rf"\bago\b|\byesterday\b|\btoday\b|{_RELATIVE_AGO}|{_DAY_WORD}|^\W*\d{{1,2}}:\d\d",
    re.I,
)
# an ISO 8601 date, its time and offset optional: a tooltip's full date
ISO_DATE = re.compile(
    r"^\d{4}-\d\d-\d\d(?:[ T]\d\d:\d\d(?::\d\d(?:\.\d+)?)?\s*(?:Z|[+-]\d\d:?\d\d)?)?$"
)
# a date a forum's profile box shows beside the poster ("Joined: Thu Jan 21, 2016"): when the
# poster registered, not when the post was written; and a date labelled as an edit's ("edited
# Oct 1 at 18:08", "Last edit:"): when it was changed
PROFILE_DATE_LABEL = re.compile(
    r"(?:joined|registered|member since|beigetreten|registriert|dabei seit|mitglied seit"
    r"|inscrit(?:ion)?|registrado|miembro desde|iscritto|lid sinds|pridružen|dołączył"
    r"|edited|last edit|modified|updated|bearbeitet|geändert|modifié|editado|modificato"
    r"|bewerkt|izmijenjeno|edytowano)\W*(?:\w+\W*)?$",
    re.I,
)
# machine-readable times: the attribute holding an ISO value or epoch
MACHINE_TIME_ATTRS = ("datetime", "data-publishtime", "data-timestamp", "data-utime", "data-time")
# an ISO 8601 time with its offset: a machine-readable time better than any shown as text
ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)$")
# elements named for a time ("span.post-time", "a.comment-listing__date"): a byline's time even
# where its words are no date ("utorak", "1:53 PM"); the `contains` tests spare the regex for
# most elements
_TIME_NAMED = (
    "*[@class and (contains(@class,'date') or contains(@class,'time') or contains(@class,'Date')"
    " or contains(@class,'Time') or contains(@class,'posted'))"
    " and re:test(@class, '(^|[\\s_-])(date|time|timestamp|datetime|posted|post-?time|post-?date)"
    "([\\s_-]|$)', 'i')]"
)
TIME_NAMED = xpath(".//" + _TIME_NAMED)
# the same names as TIME_NAMED, for a class string tested in Python
TIME_CLASS = re.compile(
    r"(^|[\s_-])(date|time|timestamp|datetime|posted|post-?time|post-?date)([\s_-]|$)", re.I
)
# an element named for a time holds a short text ("utorak", "1:53 PM"), not a sentence
TIME_NAMED_CHARS = 40
