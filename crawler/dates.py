"""Reading times as people write them: to UTC ISO 8601, the raw string kept.

Spiders (a post's date decides what a crawl skips), extractors and the normalize pipeline all read
times, so the reader lives here, below all three; `pipelines/normalize.py` applies it to items.

Times are read by our own reader (`read_words`), not a general-purpose date library: a crawl
normalizes about a million comment times, and dateparser takes 3-50 ms a string where this takes
tens of microseconds. It knows the month names of the languages blogs are written in, the orders
people write dates in (day first, month first, year first, numeric with dots, slashes or dashes),
12 and 24 hour clocks, zone abbreviations and offsets, and relative times ("3 hours ago",
"yesterday", "vor 2 Tagen"), read against the page's fetch time when known. The two commonest
shapes (ISO 8601, "Mon Mar 31, 2008 at 09:53 AM PDT") have a faster path still; dateutil reads
the English leftovers. A timestamp that names no zone is read in the site's zone
(`ARCHIVE_SITE_TIMEZONES`, else `ARCHIVE_DEFAULT_TIMEZONE`); a date without a time stays a date;
the raw string is always kept.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil import parser as dateutil_parser
from dateutil.tz import tzoffset as tz_offset

logger = logging.getLogger(__name__)

# abbreviation -> hours east of UTC; ambiguous ones (IST, CST-China, ...) are left out on purpose
ZONE_OFFSETS: dict[str, float] = {
    "UTC": 0, "UT": 0, "GMT": 0, "Z": 0, "WET": 0,
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
    "AKST": -9, "AKDT": -8, "HST": -10, "HAST": -10, "HADT": -9, "AST": -4, "ADT": -3,
    "NST": -3.5, "NDT": -2.5, "BRT": -3, "ART": -3,
    "BST": 1, "WEST": 1, "CET": 1, "CEST": 2, "MEZ": 1, "MESZ": 2, "EET": 2, "EEST": 3, "MSK": 3,
    "CAT": 2, "SAST": 2, "EAT": 3, "PKT": 5, "ICT": 7, "WIB": 7, "SGT": 8, "HKT": 8,
    "JST": 9, "KST": 9, "AWST": 8, "ACST": 9.5, "ACDT": 10.5, "AEST": 10, "AEDT": 11,
    "NZST": 12, "NZDT": 13,
}
# US zone names without the daylight part ("4:38 PM ET"): the zone's rule decides the offset
US_GENERIC_ZONES = {
    "ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver",
    "PT": "America/Los_Angeles",
}
TZINFOS: dict[str, int | tzinfo] = {
    **{name: int(hours * 3600) for name, hours in ZONE_OFFSETS.items()},
    **{name: ZoneInfo(key) for name, key in US_GENERIC_ZONES.items()},
}

# Month names as dates write them, per language: twelve entries of space-separated forms (full
# name, the forms the language inflects it to in a date, the usual abbreviations). Slavic and
# Baltic languages write the genitive ("15 lutego", "3. ožujka"), Finnish the partitive.
MONTH_NAMES: dict[str, tuple[str, ...]] = {
    "en": ("january jan", "february feb", "march mar", "april apr", "may", "june jun",
           "july jul", "august aug", "september sep sept", "october oct", "november nov",
           "december dec"),
    "de": ("januar jänner jän", "februar feber", "märz maerz mär mrz", "april", "mai", "juni",
           "juli", "august", "september", "oktober okt", "november", "dezember dez"),
    "fr": ("janvier janv", "février fevrier févr fevr fév", "mars", "avril avr", "mai", "juin",
           "juillet juil", "août aout", "septembre", "octobre", "novembre",
           "décembre decembre déc"),
    "es": ("enero ene", "febrero", "marzo", "abril abr", "mayo", "junio", "julio", "agosto ago",
           "septiembre setiembre set", "octubre", "noviembre", "diciembre dic"),
    "it": ("gennaio gen", "febbraio", "marzo", "aprile", "maggio mag", "giugno giu", "luglio lug",
           "agosto", "settembre", "ottobre ott", "novembre", "dicembre"),
    "pt": ("janeiro", "fevereiro fev", "março marco", "abril", "maio", "junho", "julho", "agosto",
           "setembro", "outubro out", "novembro", "dezembro"),
    "ca": ("gener", "febrer", "març", "abril", "maig", "juny", "juliol", "agost", "setembre",
           "octubre", "novembre", "desembre"),
    "nl": ("januari", "februari", "maart mrt", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"),
    "sv": ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
           "oktober", "november", "december"),
    "da": ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
           "oktober", "november", "december"),
    "fi": ("tammikuu tammikuuta", "helmikuu helmikuuta", "maaliskuu maaliskuuta",
           "huhtikuu huhtikuuta", "toukokuu toukokuuta", "kesäkuu kesäkuuta",
           "heinäkuu heinäkuuta", "elokuu elokuuta", "syyskuu syyskuuta", "lokakuu lokakuuta",
           "marraskuu marraskuuta", "joulukuu joulukuuta"),
    "pl": ("styczeń stycznia", "luty lutego", "marzec marca", "kwiecień kwietnia", "maj maja",
           "czerwiec czerwca", "lipiec lipca", "sierpień sierpnia", "wrzesień września",
           "październik października", "", "grudzień grudnia"),  # listopad: DOTTED_DAY_MONTHS
    "cs": ("leden ledna", "únor února", "březen března", "duben dubna", "květen května",
           "červen června", "červenec července", "srpen srpna", "září", "říjen října",
           "listopadu", "prosinec prosince"),
    "sk": ("január januára", "február februára", "marec marca", "apríl apríla", "máj mája",
           "jún júna", "júl júla", "august augusta", "september septembra", "október októbra",
           "november novembra", "december decembra"),
    "hr": ("siječanj siječnja", "veljača veljače", "ožujak ožujka", "travanj travnja",
           "svibanj svibnja", "lipanj lipnja", "srpanj srpnja", "kolovoz kolovoza", "rujan rujna",
           "", "studeni studenoga studenog", "prosinac prosinca"),  # listopad: DOTTED_DAY_MONTHS
    "sr": ("januar januara", "februar februara", "mart marta", "april aprila", "maj maja",
           "jun juna", "jul jula", "avgust avgusta", "septembar septembra", "oktobar oktobra",
           "novembar novembra", "decembar decembra"),
    "sl": ("januar januarja", "februar februarja", "marec marca", "april aprila", "maj maja",
           "junij junija", "julij julija", "avgust avgusta", "september septembra",
           "oktober oktobra", "november novembra", "december decembra"),
    "ro": ("ianuarie", "februarie", "martie", "aprilie", "mai", "iunie", "iulie", "august",
           "septembrie", "octombrie", "noiembrie", "decembrie"),
    "hu": ("január", "február febr", "március márc", "április ápr", "május máj", "június jún",
           "július júl", "augusztus", "szeptember szept", "október", "november", "december"),
    "tr": ("ocak", "şubat", "mart", "nisan", "mayıs", "haziran", "temmuz", "ağustos", "eylül",
           "ekim", "kasım", "aralık"),
    "id": ("januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus",
           "september", "oktober", "november nopember", "desember"),
    "ms": ("januari", "februari", "mac", "april", "mei", "jun", "julai", "ogos", "september",
           "oktober", "november", "disember"),
    "ru": ("январь января янв", "февраль февраля фев", "март марта мар", "апрель апреля апр",
           "май мая", "июнь июня июн", "июль июля июл", "август августа авг",
           "сентябрь сентября сен сент", "октябрь октября окт", "ноябрь ноября ноя нояб",
           "декабрь декабря дек"),
    "uk": ("січень січня", "лютий лютого", "березень березня", "квітень квітня",
           "травень травня", "червень червня", "липень липня", "серпень серпня",
           "вересень вересня", "жовтень жовтня", "листопад листопада", "грудень грудня"),
    "el": ("ιανουαρίου", "φεβρουαρίου", "μαρτίου", "απριλίου", "μαΐου μαίου", "ιουνίου",
           "ιουλίου", "αυγούστου", "σεπτεμβρίου", "οκτωβρίου", "νοεμβρίου", "δεκεμβρίου"),
}
# One word, two months: Croatian writes the day as an ordinal with a dot ("5. listopada": 5
# October), Polish and Czech use the word for November and write the day without one.
DOTTED_DAY_MONTHS = {"listopad": (10, 11), "listopada": (10, 11)}
MONTHS: dict[str, int] = {
    form: number
    for names in MONTH_NAMES.values()
    for number, forms in enumerate(names, start=1)
    for form in forms.split()
} | {word: months[1] for word, months in DOTTED_DAY_MONTHS.items()}
# weekday names and abbreviations, per language: a date may start with one, nothing more
WEEKDAY_NAMES: dict[str, str] = {
    "en": "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur "
          "thurs fri sat sun",
    "de": "montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag mo di mi do fr "
          "sa so",
    "fr": "lundi mardi mercredi jeudi vendredi samedi dimanche lun mar mer jeu ven sam dim",
    "es": "lunes martes miércoles jueves viernes sábado domingo lun mar mié jue vie sáb dom",
    "it": "lunedì martedì mercoledì giovedì venerdì sabato domenica",
    "pt": "segunda terça quarta quinta sexta sábado domingo feira",
    "nl": "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag",
    "sv da": "måndag tisdag onsdag torsdag fredag lördag söndag mandag tirsdag fredag lørdag "
             "søndag",
    "hr sr": "ponedjeljak utorak srijeda četvrtak petak subota nedjelja ponedeljak sreda nedelja",
    "pl": "poniedziałek wtorek środa czwartek piątek sobota niedziela",
    "ru": "понедельник вторник среда четверг пятница суббота воскресенье",
}
WEEKDAYS = frozenset(word for names in WEEKDAY_NAMES.values() for word in names.split())
# abbreviations, which a full name next to the same day number outranks ("mar., 3 de marzo":
# "mar" is Tuesday there)
MONTH_ABBREVIATIONS = frozenset(word for word in MONTHS if len(word) <= 4)
# words between a day, its month and its year ("3 de marzo de 2012", "the 3rd of March")
DATE_JOINERS = frozenset("de del of the d di da do".split())
# a clock time written with a dot ("um 17.39 Uhr", "kl. 14.05") needs one of these before or after
DOT_TIME_BEFORE = ("um", "kl", "klo", "at", "à", "u", "v", "alle", "ore", "às", "om", "o", "ob",
                   "a las", "pukul", "saat")
DOT_TIME_AFTER = ("uhr", "h", "am", "pm", "a.m.", "p.m.")
# afternoon markers written before the time (Korean, Chinese, Japanese)
PM_BEFORE = ("오후", "下午", "午後")
AM_BEFORE = ("오전", "上午", "午前")
# "today", "yesterday" and "the day before" in the languages of MONTH_NAMES: days back
RELATIVE_DAYS: dict[str, int] = {
    **dict.fromkeys(("today", "heute", "aujourd'hui", "hoy", "oggi", "hoje", "vandaag", "idag",
                     "i dag", "danas", "dzisiaj", "dziś", "dnes", "tänään", "bugün", "hari ini",
                     "сегодня", "сьогодні", "σήμερα"), 0),
    **dict.fromkeys(("yesterday", "gestern", "hier", "ayer", "ieri", "ontem", "gisteren", "igår",
                     "i går", "jučer", "juče", "včera", "wczoraj", "eilen", "dün", "kemarin",
                     "вчера", "вчора", "χθες"), 1),
    **dict.fromkeys(("vorgestern", "avant-hier", "anteayer", "anteontem", "eergisteren",
                     "prekjučer", "przedwczoraj", "позавчера"), 2),
}
# units of "3 hours ago" and its translations, as seconds (a month of 30 days, a year of 365:
# a relative time is vague beyond a day anyway)
RELATIVE_UNITS: dict[str, int] = {
    **dict.fromkeys("second seconds sec secs s sekunde sekunden seconde secondes segundo "
                    "segundos secondo secondi seconden sekund sekunder sekundi sekundy".split(), 1),
    **dict.fromkeys("minute minutes min mins m minuten minuto minutos minuti minuut minuta "
                    "minut minuter minutter minuty минут минуты минуту".split(), 60),
    **dict.fromkeys("hour hours hr hrs h stunde stunden std heure heures hora horas ora ore "
                    "uur uren sat sata sati godzin godzina godziny timme timmar time timer "
                    "час часа часов".split(), 3600),
    **dict.fromkeys("day days d tag tage tagen jour jours día días dia dias giorno giorni dag "
                    "dagen dagar dage dan dana dni dzień день дня дней".split(), 86400),
    **dict.fromkeys("week weeks w woche wochen semaine semaines semana semanas settimana "
                    "settimane weken tjedan tjedna tjedana tydzień tygodnie tygodni vecka "
                    "veckor uge uger uke uker неделю недели недель".split(), 7 * 86400),
    **dict.fromkeys("month months monat monate monaten mois mes meses mese mesi maand maanden "
                    "mjesec mjeseca mjeseci miesiąc miesiące miesięcy månad månader måned "
                    "måneder месяц месяца месяцев".split(), 30 * 86400),
    **dict.fromkeys("year years jahr jahre jahren an ans année années año años anno anni jaar "
                    "jaren godina godine godinu rok lata lat år år годы год года лет".split(),
                    365 * 86400),
}
# "a", "an", "one" and their translations: the count of "an hour ago", "vor einer Stunde"
RELATIVE_ONE = frozenset(
    "a an one ein eine einem einer un une una uno um uma een jedan jedna jednu jeden jedną "
    "en ett et".split()
)
# the words that make "3 hours" a time in the past: before the count ("vor", "il y a", "hace",
# "há", "prije") or after the unit ("ago", "fa", "geleden", "temu", "sedan", "siden",
# "atrás", "назад", "önce")
RELATIVE_BEFORE = ("vor", "il y a", "hace", "há", "ha", "prije", "před")
RELATIVE_AFTER = ("ago", "fa", "geleden", "temu", "sedan", "siden", "atrás", "назад", "тому",
                  "önce", "yang lalu", "lalu")
# "just now": the fetch time itself
RELATIVE_NOW = ("just now", "moments ago", "gerade eben", "à l'instant", "ahora mismo", "adesso",
                "zojuist", "upravo", "przed chwilą", "только что")
# two-digit years as POSIX strptime reads them: 69-99 are 1969-1999, 00-68 are 2000-2068
TWO_DIGIT_YEAR_PIVOT = 69
# no blog post or comment predates the Web; an earlier year is a placeholder ("0001-01-01")
MIN_YEAR = 1990


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of literal words, longest first (so "sept" is tried before "sep")."""
    return "|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True))


# --- the fast path and dateutil (English) ---------------------------------------------------
_HAS_TIME = re.compile(r"\d{1,2}:\d{2}|T\d{2}|\b\d{1,2}\s*(am|pm|a\.m\.|p\.m\.)", re.I)
_HAS_YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2}\b")
_FILLER = re.compile(
    r"\b(posted|published|updated|on|at|um|am(?=\s+\d)|le|à|de|el|by)\b|[|@,]|\s+-\s+", re.I
)
_WORD = re.compile(r"[^\W\d_]+")
# words dateutil reads correctly; a timestamp with any other word is not given to it
_ENGLISH_DATE_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday "
    "saturday sunday mon tue tues wed thu thur thurs fri sat sun am pm a m p t z st nd rd th "
    "of the".split()
) | {name.lower() for name in TZINFOS}
# what a date written alone may hold besides calendar words: clock and zone words, "posted on"
_DATE_ONLY_WORDS = (
    DATE_JOINERS | {name.lower() for name in TZINFOS}
    | set("am pm a m p h uhr um at on le à u el posted published updated st nd rd th er".split())
)
_ISO = re.compile(
    r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$")
_COMMON = re.compile(
    r"^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\s+)?(?P<month>[a-z]+)\.?\s+"
    r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?P<year>\d{4})"
    r"(?:\s+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"(?:\s*(?P<ampm>[ap]\.?m\.?))?)?(?:\s+(?P<zone>[a-z]{1,5}))?$",
    re.I,
)
_ENGLISH_MONTHS = {
    form: number
    for number, forms in enumerate(MONTH_NAMES["en"], start=1)
    for form in forms.split()
}

# --- our reader ------------------------------------------------------------------------------
# a clock time: "17:39", "9:08PM", "4:36 a.m.", "14h05", "3 pm", "15 Uhr"
_CLOCK = re.compile(
    r"(?<![\d.:/-])(?P<hour>[01]?\d|2[0-3])"
    r"(?:\s?[:h]\s?(?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d)(?:[.,]\d{1,6})?)?(?![\d:])"
    r"|(?=\s?(?:[ap]\.?m\b|uhr\b|h\b)))"
    r"(?:\s?(?P<ampm>[ap])\.?m\b\.?)?"
)
# a clock time written with a dot, known as one by the word before or after it
_DOT_CLOCK = re.compile(
    rf"(?:\b(?:{_alternation(DOT_TIME_BEFORE)})\.?\s)(?P<hour>[01]?\d|2[0-3])\.(?P<minute>[0-5]\d)"
    rf"(?![\d.])|(?<![\d.])(?P<hour2>[01]?\d|2[0-3])\.(?P<minute2>[0-5]\d)"
    rf"\s?(?={_alternation(DOT_TIME_AFTER)})"
)
_AMPM_AFTER_DOT = re.compile(r"\s?(?P<ampm>[ap])\.?m\b\.?")
# a zone right after the clock: "Z", "UTC+2", "GMT -05:00", "+0200"
_CLOCK_ZONE = re.compile(
    r"\s?(?:(?P<z>z)\b|(?:utc|gmt)\s?(?P<gmt>[+-]\d{1,2}(?::?\d{2})?)\b"
    r"|(?P<offset>[+-]\d{2}:?\d{2})\b)"
)
_ZONE_WORD = re.compile(
    r"\b(" + _alternation(name for name in TZINFOS if len(name) > 1) + r")\b"
)
# day, month and year in numbers: "12.03.2009", "01/08/08", "2012-11-09", "12. 03. 2009."
_NUMERIC_DATE = re.compile(
    r"(?<![\d.:/-])(\d{1,4})\s?([./-])\s?(\d{1,2})\s?\2\s?(\d{4}|\d{2})(?![\d:])"
)
_CJK_DATE = re.compile(r"(\d{4})\s?[年년]\s?(\d{1,2})\s?[月월]\s?(\d{1,2})")
# numbers (with an ordinal ending or a dot), apostrophe years ("'08"), words
_TOKEN = re.compile(
    r"'(?P<yy>\d{2})(?!\d)"
    r"|(?P<num>\d{1,4})(?P<mark>ème|eme|st|nd|rd|th|er|re|e|º|°|ª|\.)?(?![^\W\d_])"
    r"|(?P<word>[^\W\d_]+)"
)
_RELATIVE_SPAN = re.compile(
    rf"(?:\b(?P<before>{_alternation(RELATIVE_BEFORE)})\s+)?"
    rf"(?P<count>\d+|\b(?:{_alternation(RELATIVE_ONE)}))\s*"
    rf"(?P<unit>{_alternation(RELATIVE_UNITS)})\b\.?"
    rf"(?:\s+(?P<after>{_alternation(RELATIVE_AFTER)})\b)?"
)
_RELATIVE_DAY = re.compile(rf"(?<![^\W\d_])(?:{_alternation(RELATIVE_DAYS)})(?![^\W\d_])")
_RELATIVE_NOW = re.compile(rf"(?<![^\W\d_])(?:{_alternation(RELATIVE_NOW)})(?![^\W\d_])")
SLASHED_DATE = re.compile(r"\b(\d{1,2})([/-])(\d{1,2})\2\d{2,4}\b")


@dataclass(frozen=True)
class ParsedTime:
    """A timestamp as shown (`local`, with the page's own offset) and its UTC ISO form."""

    local: datetime | date
    iso: str  # UTC "2008-03-31T16:53:46Z", or "2008-03-31" for a date without time

    @property
    def local_date(self) -> date:
        return self.local.date() if isinstance(self.local, datetime) else self.local


def zone(name: str | None) -> tzinfo:
    if not name or name.upper() == "UTC":
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        logger.warning("unknown time zone %r, using UTC", name)
        return UTC


def parse_time(
    raw: str | None,
    default_zone: tzinfo = UTC,
    now: datetime | None = None,
    dayfirst: bool | None = None,
    earliest: date | None = None,
) -> ParsedTime | None:
    """Parse a page's timestamp; None when it cannot be read (the raw string is kept anyway).

    `dayfirst` settles "10/06/2020" (see `thread_dayfirst`); `earliest` (the post's date) gives
    a year to timestamps shown without one ("Jun 20th at 2:41 am"): the first that is not
    before the post; `now` (the fetch time) is what "3 hours ago" and "yesterday" count back
    from, in `default_zone`.
    """
    if not raw or not raw.strip():
        return None
    raw = " ".join(raw.split())
    found = (
        _read_common(raw)
        or read_words(raw, dayfirst, earliest)
        or _read_relative(raw, now, default_zone)
        or _read_english(raw, dayfirst, earliest)
    )
    if found is None:
        return None
    value, has_time = found
    if not has_time:
        day = value.date()
        return ParsedTime(day, day.isoformat())
    if value.tzinfo is None:
        value = value.replace(tzinfo=default_zone)
    utc = value.astimezone(UTC)
    iso = utc.strftime("%Y-%m-%dT%H:%M:%S") + (f".{utc.microsecond:06d}" if utc.microsecond else "")
    return ParsedTime(value, iso + "Z")


def thread_dayfirst(raws: Iterable[str | None]) -> bool | None:
    """Whether a page writes numeric dates day first: any "25/12/2019" says yes, "12/25" no."""
    for raw in raws:
        for first, _, second in SLASHED_DATE.findall(raw or ""):
            if int(first) > 12 >= int(second):
                return True
            if int(second) > 12 >= int(first):
                return False
    return None


def _read_common(raw: str) -> tuple[datetime, bool] | None:
    """The fast path: ISO 8601 and the commonest English shape (`parse_common`)."""
    if raw[:1].isdigit() and _ISO.match(raw):
        value = parse_common(raw)
    else:
        value = parse_common(" ".join(_FILLER.sub(" ", raw).split()))
    if value is None or value.year < MIN_YEAR:
        return None
    return value, bool(_HAS_TIME.search(raw))


def read_words(
    raw: str, dayfirst: bool | None = None, earliest: date | None = None
) -> tuple[datetime, bool] | None:
    """A date (and clock time, zone) written the ways people write them, in any language of
    MONTH_NAMES, with anything else around it ("By Jane | 3. ožujka 2012. u 14:05 | Reply"):
    the moment (naive when no zone is named) and whether a time of day was given."""
    text = raw.lower()
    clock = _find_clock(text)
    if clock is not None:
        text = text[:clock.start] + " " + text[clock.end:]
    when = _find_date(text, dayfirst, earliest)
    if when is None:
        return None
    if clock is None:
        return datetime.combine(when, time()), False
    zone_found = clock.zone or _zone_word(raw)
    return datetime.combine(when, time(clock.hour, clock.minute, clock.second), zone_found), True


def is_date_only(text: str) -> bool:
    """Whether `text` says nothing but a date, maybe with its time ("November 23, 2004", "OCT
    24", "Samstag, 5. Oktober 2013"): a blog's date header, say, which is no headline."""
    lower = text.lower()
    words = _WORD.findall(lower)
    if not any(char.isdigit() for char in lower) or any(
        word not in MONTHS and word not in WEEKDAYS and word not in _DATE_ONLY_WORDS
        for word in words
    ):
        return False
    return any(word in MONTHS for word in words) or bool(_NUMERIC_DATE.search(lower))


@dataclass(frozen=True)
class Clock:
    """A time of day found in a timestamp, where it was, and the offset written right after it."""

    hour: int
    minute: int
    second: int
    start: int
    end: int
    zone: tzinfo | None = None


def _find_clock(text: str) -> Clock | None:
    """The first clock time of (lower-cased) `text`, in 24 hours, with a zone written right
    after it ("Z", "+02:00", "GMT+1")."""
    match = _CLOCK.search(text)
    if match is not None:
        hour, minute = int(match["hour"]), int(match["minute"] or 0)
        second, ampm, end = int(match["second"] or 0), match["ampm"], match.end()
    else:
        match = _DOT_CLOCK.search(text)
        if match is None:
            return None
        hour = int(match["hour"] or match["hour2"])
        minute = int(match["minute"] or match["minute2"])
        after = _AMPM_AFTER_DOT.match(text, match.end())
        second, ampm = 0, after["ampm"] if after else None
        end = after.end() if after else match.end()
    before = text[max(0, match.start() - 3):match.start()]
    if ampm is None and any(marker in before for marker in PM_BEFORE):
        ampm = "p"
    elif ampm is None and any(marker in before for marker in AM_BEFORE):
        ampm = "a"
    if ampm and 1 <= hour <= 12:
        hour = hour % 12 + (12 if ampm == "p" else 0)
    found = _CLOCK_ZONE.match(text, end)
    if found is None:
        return Clock(hour, minute, second, match.start(), end)
    return Clock(hour, minute, second, match.start(), found.end(), _offset_zone(found))


def _offset_zone(found: re.Match) -> tzinfo:
    if found["z"]:
        return UTC
    offset = found["gmt"] or found["offset"]
    digits = offset[1:].replace(":", "")
    hours, minutes = (digits, "0") if len(digits) <= 2 else (digits[:-2], digits[-2:])
    seconds = int(hours) * 3600 + int(minutes) * 60
    return tz_offset(None, -seconds if offset[0] == "-" else seconds)


def _zone_word(raw: str) -> tzinfo | None:
    """A zone abbreviation anywhere in the timestamp, in upper case (so "et" and "at" stay
    words)."""
    match = _ZONE_WORD.search(raw)
    if match is None:
        return None
    found = TZINFOS[match.group(1)]
    return tz_offset(match.group(1), found) if isinstance(found, int) else found


def _find_date(text: str, dayfirst: bool | None, earliest: date | None) -> date | None:
    """The first calendar date of `text`: numeric, CJK, or with a month name."""
    match = _NUMERIC_DATE.search(text)
    if match is not None:
        return _numeric_date(*match.groups(), dayfirst)
    match = _CJK_DATE.search(text)
    if match is not None:
        return _valid_date(*(int(part) for part in match.groups()))
    return _named_month_date(text, earliest)


def _numeric_date(first: str, sep: str, second: str, last: str, dayfirst: bool | None):
    """"12.03.2009", "01/08/08", "2012-11-09": dotted dates are day first (as Europe writes
    them), slashed and dashed ones as `dayfirst` says (month first when nothing does); an order
    that gives no valid date yields to the other ("5.18.2005")."""
    if len(first) == 4:
        return _valid_date(int(first), int(second), int(last))
    if len(first) == 3:
        return None
    year = _year(last)
    a, b = int(first), int(second)
    day_first = (sep == ".") if dayfirst is None else dayfirst
    if a > 12 >= b:
        day_first = True
    elif b > 12 >= a:
        day_first = False
    return _valid_date(year, b, a) if day_first else _valid_date(year, a, b)


def _named_month_date(text: str, earliest: date | None) -> date | None:
    """A date with a month name, in any order of day, month and year ("3 de marzo de 2012",
    "Mar 31, 2008", "2012. március 3."); a year from elsewhere in the text, or from `earliest`
    for a date shown without one."""
    tokens = [
        (m["word"], None, False) if m["word"] else
        (None, m["yy"] or m["num"], bool(m["mark"]) and m["mark"] == ".")
        for m in _TOKEN.finditer(text)
        if not (m["word"] and m["word"] in DATE_JOINERS)
    ]
    months = [i for i, (word, _, _) in enumerate(tokens) if word in MONTHS]
    if not months:
        return None
    months.sort(key=lambda i: tokens[i][0] in MONTH_ABBREVIATIONS)
    for i in months:
        prev = tokens[i - 1] if i > 0 else (None, None, False)
        nxt = tokens[i + 1] if i + 1 < len(tokens) else (None, None, False)
        nxt2 = tokens[i + 2] if i + 2 < len(tokens) else (None, None, False)
        word = tokens[i][0]
        month = MONTHS[word]
        if word in DOTTED_DAY_MONTHS:
            month = DOTTED_DAY_MONTHS[word][0 if prev[2] else 1]
        if _is_day(prev[1]) and _is_year(nxt[1]):
            found = _valid_date(_year(nxt[1]), month, int(prev[1]))
        elif _is_day(nxt[1]) and _is_year(nxt2[1]):
            found = _valid_date(_year(nxt2[1]), month, int(nxt[1]))
        elif _is_year(prev[1], four=True) and _is_day(nxt[1]):
            found = _valid_date(int(prev[1]), month, int(nxt[1]))
        elif _is_day(prev[1]) or _is_day(nxt[1]):
            day = int(prev[1] if _is_day(prev[1]) else nxt[1])
            years = [int(n) for _, n, _ in tokens if _is_year(n, four=True)]
            found = _yearless(month, day, years[0] if years else None, earliest)
        else:
            continue
        if found is not None:
            return found
    return None


def _is_day(number: str | None) -> bool:
    return number is not None and len(number) <= 2 and 1 <= int(number) <= 31


def _is_year(number: str | None, four: bool = False) -> bool:
    """A year: four digits, or two ("'08", "3 Mar 12") where `four` allows it."""
    return number is not None and (len(number) == 4 or (not four and len(number) == 2))


def _year(digits: str) -> int:
    value = int(digits)
    if len(digits) == 2:
        value += 1900 if value >= TWO_DIGIT_YEAR_PIVOT else 2000
    return value


def _yearless(month: int, day: int, year: int | None, earliest: date | None) -> date | None:
    """A day and month with the year written apart, or none: the first such date not before
    the post (`earliest`)."""
    if year is not None:
        return _valid_date(year, month, day)
    if earliest is None:
        return None
    found = _valid_date(earliest.year, month, day)
    if found is not None and found < earliest:
        found = _valid_date(earliest.year + 1, month, day)
    return found


def _valid_date(year: int, month: int, day: int) -> date | None:
    if year < MIN_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _read_relative(raw: str, now: datetime | None, tz: tzinfo) -> tuple[datetime, bool] | None:
    """"3 hours ago", "vor 2 Tagen", "yesterday at 3:05 pm", counted back from `now` in the
    site's zone: a moment for units under a day, else a date (with the clock shown, if any)."""
    if now is None:
        return None
    text = raw.lower()
    local_now = now.astimezone(tz)
    for match in _RELATIVE_SPAN.finditer(text):
        if match["before"] or match["after"]:
            count = int(match["count"]) if match["count"].isdigit() else 1
            seconds = count * RELATIVE_UNITS[match["unit"]]
            return local_now - timedelta(seconds=seconds), seconds < RELATIVE_UNITS["day"]
    if _RELATIVE_NOW.search(text):
        return local_now, True
    match = _RELATIVE_DAY.search(text)
    if match is None:
        return None
    day = local_now.date() - timedelta(days=RELATIVE_DAYS[match.group(0)])
    clock = _find_clock(text)
    if clock is None:
        return datetime.combine(day, time(), tzinfo=tz), False
    moment = time(clock.hour, clock.minute, clock.second)
    return datetime.combine(day, moment, tzinfo=clock.zone or _zone_word(raw) or tz), True


def _read_english(raw: str, dayfirst: bool | None, earliest: date | None):
    """What our reader leaves of an English timestamp, through dateutil's fuzzy parser."""
    if not _HAS_YEAR.search(raw):
        return None
    text = _FILLER.sub(" ", raw)
    if any(word.lower() not in _ENGLISH_DATE_WORDS for word in _WORD.findall(text)):
        return None
    value = parse_dateutil(text, bool(dayfirst), datetime(1, 1, 1))
    if value is None or value.year < MIN_YEAR:
        return None
    return value, bool(_HAS_TIME.search(raw))


def parse_dateutil(text: str, dayfirst: bool, default: datetime) -> datetime | None:
    try:
        return dateutil_parser.parse(
            text, tzinfos=TZINFOS, fuzzy=True, dayfirst=dayfirst, default=default
        )
    except (ValueError, OverflowError):
        return None


def parse_common(text: str) -> datetime | None:
    """The two shapes most comment times take, read directly (dateutil takes ~150 us a string,
    most of a crawl's normalizing): ISO 8601, and "[weekday] Month D[th] YYYY [H:MM[:SS] [AM]]
    [zone]" once `_FILLER` took out "at" and commas. None for anything else, or anything odd
    (an hour past 12 with AM/PM, a zone not in TZINFOS): the general reader then reads it."""
    if _ISO.match(text):
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            return None
    match = _COMMON.match(text.strip())
    if match is None:
        return None
    month = _ENGLISH_MONTHS.get(match["month"].lower())
    zone_name = (match["zone"] or "").upper()
    if month is None or (zone_name and zone_name not in TZINFOS):
        return None
    hour, minute, second = (int(match[k] or 0) for k in ("hour", "minute", "second"))
    if match["ampm"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match["ampm"].lower().startswith("p") else 0)
    zone = TZINFOS.get(zone_name) if zone_name else None
    if isinstance(zone, int):
        zone = tz_offset(zone_name, zone)
    try:
        return datetime(int(match["year"]), month, int(match["day"]), hour, minute, second,
                        tzinfo=zone)
    except ValueError:
        return None
