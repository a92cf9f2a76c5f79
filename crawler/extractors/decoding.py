"""From a page's bytes to text a parser and an extractor can take whole, whatever was sent.

Scrapy decodes a response as browsers do (w3lib's `html_to_unicode`): the byte-order mark, then
the HTTP header's charset, then the page's `<meta>`, then a guess. That order is kept; what is
added here is what hostile or broken pages need on top of it:

- a declaration the bytes contradict (`charset=utf-16` on UTF-8 bytes: the markup decodes to
  CJK, no `<` left) is passed over for the next way down the order, and the note says which;
- UTF-16 or UTF-32 sent without a byte-order mark (which the order of trust never reaches: read
  a byte at a time, the markup is every other character a NUL) is told by where its NULs fall;
- bodies that are not text at all (an image served as `text/html`) are told by their content:
  a file signature, or a share of control characters no page has among characters that are
  not text either (a page with control bytes dropped into it is still a page);
- a declaration that reads the bytes as control characters they do not hold (`<meta
  charset=ebcdic-cp-us>` on ASCII: `L` reads as `<`, so the markup seems to be there) is passed
  over as one the bytes contradict;
- characters XML refuses (NUL and the other C0 controls, U+FFFE, U+FFFF), which lxml keeps in a
  tree from raw bytes or `&#1;` but then will not let an extractor write back, are dropped.

Pure functions of a Scrapy `TextResponse` and strings: `crawler.extractors.page` calls them for
every route (crawl, import, re-parse), so each decodes the same way.
"""

from __future__ import annotations

import re

from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom

# how much of a page is looked at to tell what it is (characters or bytes)
SAMPLE = 4096
# share of control characters (tab, line feeds and the like excepted) above which content is
# not a web page at all, when the other characters are not text either: below this share of
# them printable ASCII, white space or letters (random bytes and compressed data read as
# cp1252: at most 0.78; the corpus's pages: at least 0.93)
BINARY_CONTROL_SHARE = 0.05
BINARY_CONTROL = re.compile("[\x00-\x08\x0e-\x1f]")
TEXT_SHARE = 0.9
# a decoding with this share of NULs has read UTF-16 or UTF-32 as single bytes
DECODED_NUL_SHARE = 0.1
# the first bytes of the files most often served in a page's place, and what they are
BINARY_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x1f\x8b\x08", "gzip-compressed data"),
    (b"wOFF", "a WOFF font"),
    (b"wOF2", "a WOFF2 font"),
    (b"\x00\x00\x01\x00", "an icon"),
)
RIFF_KINDS = {b"WEBP": "a WebP image", b"WAVE": "a WAV sound", b"AVI ": "an AVI video"}
# bytes with this share of NULs may be UTF-16 or UTF-32 without a byte-order mark; they are when
# the NULs fall at the places of the high bytes of ASCII characters (markup is mostly ASCII):
# at least this share of the bytes at those places, at most the second at the others
WIDE_NUL_SHARE = 0.3
WIDE_PLACE_SHARES = (0.8, 0.1)
# which of four places in a row are NUL -> the encoding: one byte in two, or three in four
WIDE_ENCODINGS = {
    (False, True, False, True): "utf-16-le",
    (True, False, True, False): "utf-16-be",
    (False, True, True, True): "utf-32-le",
    (True, True, True, False): "utf-32-be",
}
# after these, a declaration found wanting is replaced by the first of Scrapy's own guesses
# (TextResponse._auto_detect_fun) that decodes the bytes without an error
GUESSES = ("utf-8", "cp1252")
# characters XML refuses, the ones lxml will not take back into a tree: C0 controls but tab,
# line feed and carriage return, and the non-characters U+FFFE and U+FFFF
UNWRITABLE_CHARACTERS = "".join(map(chr, (*range(9), 11, 12, *range(14, 32)))) + "\ufffe\uffff"
UNWRITABLE = re.compile(f"[{re.escape(UNWRITABLE_CHARACTERS)}]")
# the same characters written as numeric references (&#1; &#x0B; &#65535; a ";" may be missing)
UNWRITABLE_REFERENCE = re.compile(
    r"&#(?:0*(?:[0-8]|1[12]|1[4-9]|2[0-9]|3[01]|6553[45])(?![0-9])"
    r"|[xX]0*(?:[0-8bBcCeEfF]|1[0-9a-fA-F]|[fF]{3}[eEfF])(?![0-9a-fA-F]));?"
)
# form feed is white space to HTML: it becomes a space, the others nothing
FORM_FEED = "\x0c"


def binary_kind(body: bytes, text: str) -> str | None:
    """What `body` is if it is not text (read by its signature, or its decoding `text`), else
    None."""
    for signature, kind in BINARY_SIGNATURES:
        if body.startswith(signature):
            return kind
    if body.startswith(b"RIFF") and body[8:12] in RIFF_KINDS:
        return RIFF_KINDS[body[8:12]]
    sample = text[:SAMPLE]
    if (sample and len(BINARY_CONTROL.findall(sample)) > BINARY_CONTROL_SHARE * len(sample)
            and not _mostly_text(BINARY_CONTROL.sub("", sample))):
        return "control characters, no text"
    return None


def _mostly_text(sample: str) -> bool:
    """Whether `TEXT_SHARE` of `sample` is printable ASCII, white space or letters."""
    text = sum(1 for c in sample if " " <= c <= "~" or c.isspace() or c.isalpha())
    return bool(sample) and text >= TEXT_SHARE * len(sample)


def trusted(response, notes: list[str]):
    """`response`, or the same response read in the next encoding down the order of trust
    (`<meta>`, then a guess) where the one it was read in does not fit its bytes; what was
    passed over is added to `notes`. A byte-order mark is always believed."""
    body = response.body
    if read_bom(body)[0] is not None or _fits(body, response.text):
        return response
    used = response.encoding
    source = _source(response)
    for where, candidate in (("its <meta>", html_body_declared_encoding(body)),
                             ("a guess", _guess(body))):
        if candidate is None or candidate == used:
            continue
        again = response.replace(encoding=candidate)
        if _fits(body, again.text):
            notes.append(f"{source} says {used}, which its bytes are not: "
                         f"read as {again.encoding} ({where})")
            return again
    return response


def writable(text: str) -> tuple[str, int]:
    """`text` without the characters XML refuses, raw or as numeric references, and how many
    were dropped; the very `text` object where there are none."""
    dropped = 0
    # each character looked for by `in`: 0.2 ms a page, where the pattern's search took 1 ms
    if any(character in text for character in UNWRITABLE_CHARACTERS):
        text, dropped = UNWRITABLE.subn(_replacement, text)
    if "&#" in text and UNWRITABLE_REFERENCE.search(text) is not None:
        text, references = UNWRITABLE_REFERENCE.subn(_replacement, text)
        dropped += references
    return text, dropped


def _replacement(match: re.Match) -> str:
    found = match.group(0)
    if found == FORM_FEED or (found.startswith("&#") and _code_point(found) == ord(FORM_FEED)):
        return " "
    return ""


def _code_point(reference: str) -> int:
    digits = reference[2:].rstrip(";")
    return int(digits[1:], 16) if digits[:1] in "xX" else int(digits)


def _fits(body: bytes, text: str) -> bool:
    """Whether a decoding reads the bytes as markup: where the bytes hold a `<`, the text does,
    it is not every other character a NUL (UTF-16 read a byte at a time), and it does not make
    control characters of bytes that are none (ASCII read as EBCDIC)."""
    sample = text[:SAMPLE]
    if "\x00" in sample and sample.count("\x00") > DECODED_NUL_SHARE * len(sample):
        return False
    controls = len(BINARY_CONTROL.findall(sample))
    if controls > BINARY_CONTROL_SHARE * len(sample):
        # the bytes the sample was read from, at least (its characters as UTF-8)
        read = body[:len(sample.encode("utf-8", "surrogatepass"))]
        if controls > len(BINARY_CONTROL.findall(read.decode("latin-1"))):
            return False
    return "<" in sample or b"<" not in body[:SAMPLE]


def _source(response) -> str:
    """Who named the encoding `response` was read in."""
    content_type = response.headers.get(b"Content-Type") or b""
    if http_content_type_encoding(content_type.decode("latin-1")) == response.encoding:
        return "the HTTP header"
    if html_body_declared_encoding(response.body) == response.encoding:
        return "its <meta>"
    return "the guess"


def _guess(body: bytes) -> str | None:
    """UTF-16 or UTF-32 where the NULs say so (`_wide`), else the first of `GUESSES` that
    decodes `body` without an error."""
    wide = _wide(body)
    if wide is not None:
        return wide
    for guess in GUESSES:
        try:
            body.decode(guess)
        except UnicodeDecodeError:
            continue
        return guess
    return None


def _wide(body: bytes) -> str | None:
    """The UTF-16 or UTF-32 form of bytes with no byte-order mark, told by the places of their
    NULs (`WIDE_ENCODINGS`); None for bytes that are not so."""
    sample = body[:SAMPLE]
    if len(sample) < 16 or sample.count(0) < WIDE_NUL_SHARE * len(sample):
        return None
    shares = [sample[i::4].count(0) / len(sample[i::4]) for i in range(4)]
    most, least = WIDE_PLACE_SHARES
    if any(least < share < most for share in shares):
        return None
    return WIDE_ENCODINGS.get(tuple(share >= most for share in shares))
