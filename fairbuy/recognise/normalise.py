"""Text normalisation and tokenisation for recognition.

Two forms of a text are used:

* the **folded** text: lower case, umlauts folded (ä→ae, ö→oe, ü→ue, ß→ss), other accents
  removed, ®/™/© dropped, dashes unified, control characters removed, whitespace collapsed.
  Punctuation is kept (it matters for negation scopes and certificate numbers).
* the **match** text: the folded text with every character other than ``a-z 0-9 + & %``
  replaced by a space, so that "FSC®-zertifiziert", "GOTS-zert." and "oeko tex 100" all read as
  plain words.  Aliases are normalised the same way, so matching is a plain word-boundary search.

Tokens remember whether they were joined to the next token by a hyphen or slash without space
("Granit-Großpflaster", "T-Shirt"), so German compounds can be rebuilt.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

#: Texts longer than this are cut before recognition (a purchase-list cell is far shorter).
MAX_TEXT_LENGTH = 2000

_DROP = dict.fromkeys(map(ord, "®™©℠"), None)
#: Letters that Unicode decomposition does not reduce to a plain base letter, as German spelling
#: writes them without diacritics (also used by :mod:`fairbuy.suppliers.names`).
LETTER_FOLDS: dict[str, str] = {
    "ä": "ae",
    "ö": "oe",
    "ü": "ue",
    "ß": "ss",
    "ẞ": "ss",
    "æ": "ae",
    "œ": "oe",
    "ø": "o",
    "ł": "l",
    "đ": "d",
    "þ": "th",
}
_FOLD = str.maketrans(
    {
        **LETTER_FOLDS,
        "–": "-",
        "—": "-",
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "−": "-",
        "„": '"',
        "“": '"',
        "”": '"',
        "‚": "'",
        "‘": "'",
        "’": "'",
        "´": "'",
        "`": "'",
        "\u00a0": " ",
    }
)
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202f\ufeff]+")
_SPACE_RE = re.compile(r"\s+")
_NON_MATCH_RE = re.compile(r"[^a-z0-9+&%]+")
_TOKEN_RE = re.compile(r"[a-z0-9]+|[+&%]")


def to_text(value: object) -> str:
    """A cell value as text: ``None``/NaN/pandas NA → ``""``; anything else via ``str``."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, float) and math.isnan(value):
        return ""
    try:
        if value != value:  # pandas.NA raises, NaT is unequal to itself
            return ""
    except (TypeError, ValueError):
        return ""
    return str(value)


_FOLD_CHARS_RE = re.compile("[" + re.escape("".join(chr(c) for c in _FOLD)) + "]")
_DROP_CHARS = tuple(chr(c) for c in _DROP)


def _fold_chars(m: re.Match[str]) -> str:
    return _FOLD[ord(m.group(0))]  # type: ignore[no-any-return]


def _fold_once(t: str) -> str:
    # (str.translate is slow on non-ASCII text: the tables are applied only where they change something)
    if any(c in t for c in _DROP_CHARS):
        t = t.translate(_DROP)
    t = unicodedata.normalize("NFKC", t)
    t = _FOLD_CHARS_RE.sub(_fold_chars, t.casefold())
    if not t.isascii():  # (plain ASCII has no accents: the three steps below change nothing)
        # strip remaining accents (é → e), keep the base letter
        t = unicodedata.normalize("NFKD", t)
        t = "".join(ch for ch in t if not unicodedata.combining(ch))
        t = unicodedata.normalize("NFC", t)
        t = t.translate(_DROP)
    t = _CONTROL_RE.sub(" ", t)
    return " ".join(t.split())  # whitespace runs → one space, ends stripped


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Folded form of ``text`` (see module doc).  Never raises; idempotent."""
    if len(text) > MAX_TEXT_LENGTH:
        text = text[:MAX_TEXT_LENGTH]
    if text.isascii():  # one pass is the fixed point: no Unicode normalisation can change ASCII
        return _SPACE_RE.sub(" ", _CONTROL_RE.sub(" ", text.lower().translate(_FOLD))).strip()
    t = _fold_once(text)
    if t.isascii():  # folded to plain ASCII (umlauts and accents gone): already the fixed point
        return t
    for _ in range(3):
        again = _fold_once(t)
        if again == t:
            break
        t = again
    return t


def match_form(folded: str) -> str:
    """Folded text reduced to words: ``a-z 0-9`` runs and the signs ``+ & %`` separated by spaces."""
    return " ".join(_TOKEN_RE.findall(folded))


def normalise(text: object) -> str:
    """The match form of any cell value (what aliases and keywords are compared against)."""
    return match_form(fold(to_text(text)))


@dataclass(slots=True)
class Token:
    """A word of the folded text (not changed after :func:`tokenise` made it)."""

    text: str
    start: int  # offset in the folded text
    end: int
    joined: bool  # joined to the next token by "-" or "/" without space


_JOINS = frozenset(("-", "/", "'"))


def tokenise(folded: str) -> list[Token]:
    """Tokens of a folded text, with the hyphen/slash joins that make compounds."""
    spans = [(m.group(0), m.start(), m.end()) for m in _TOKEN_RE.finditer(folded)]
    last = len(spans) - 1
    return [
        Token(text, start, end, k < last and folded[end : spans[k + 1][1]] in _JOINS)
        for k, (text, start, end) in enumerate(spans)
    ]


def compounds(tokens: list[Token]) -> list[tuple[str, int, int]]:
    """Hyphen-joined token runs as single words: ("granitgrosspflaster", first index, last index).

    Single tokens are returned as runs of length one.  Digit-only parts ("FFP2-Maske" keeps
    "ffp2maske"; "24-teilig" stays "24teilig") are kept.
    """
    runs: list[tuple[str, int, int]] = []
    i = 0
    n = len(tokens)
    while i < n:
        j = i
        while j < n - 1 and tokens[j].joined and tokens[j].text.isalnum() and tokens[j + 1].text.isalnum():
            j += 1
        runs.append(("".join(t.text for t in tokens[i : j + 1]), i, j))
        i = j + 1
    return runs


_ABBR_CACHE: dict[tuple[tuple[str, str], ...], re.Pattern[str]] = {}


def expand_abbreviations(folded: str, abbreviations: tuple[tuple[str, str], ...]) -> str:
    """Replace ERP abbreviations (whole words including their dot) by their expansion."""
    if not abbreviations:
        return folded
    pat = _ABBR_CACHE.get(abbreviations)
    if pat is None:
        alts = sorted((re.escape(a) for a, _ in abbreviations), key=len, reverse=True)
        pat = re.compile(r"(?<![a-z0-9])(" + "|".join(alts) + r")(?![a-z0-9])")
        _ABBR_CACHE[abbreviations] = pat
    table = dict(abbreviations)

    def repl(m: re.Match[str]) -> str:
        nxt = folded[m.end() : m.end() + 1]
        sep = "" if nxt in ("-", "/", " ", "") else " "
        return table.get(m.group(1), m.group(1)) + sep

    return pat.sub(repl, folded).strip()


#: Article, order and EAN numbers as ERP exports append them ("Art.-Nr. 2019889", "#4427840",
#: "Best.-Nr.: 55012", "EAN 4006381333931") and a leading bare article number ("1755071 Briefumschläge").
#: They never name a product group or a label; removing them before recognition lets lines that
#: differ only in the article number share one analysis (ledgers are full of them).
_REFERENCE_RE = re.compile(
    r"(?i)(?:(?<![\w-])(?:art(?:ikel)?\s*\.?\s*-?\s*(?:nr|nummer|no)\.?|artikelnummer|artikelnr\.?|"
    r"best(?:ell)?\s*\.?\s*-?\s*(?:nr|nummer)\.?|bestellnummer|sku|ean|gtin)\s*[:.]?\s*|#\s*)\d{5,14}(?!\w)"
)
_LEADING_NUMBER_RE = re.compile(r"^\s*\d{6,14}\s+(?=\D)")
_SPACES_RE = re.compile(r"\s{2,}")
#: Every reference pattern needs a run of at least five digits: without one the text is unchanged.
_DIGITS5_RE = re.compile(r"\d{5}")
#: A bare article number at the end ("Grünflächenpflege Objekt Rathaus 8825382"), unless the word
#: before it announces a certificate or licence number (kept: it is evidence).
_TRAILING_NUMBER_RE = re.compile(r"(?i)(?P<prev>[\w.\-]*)\s+\d{6,14}\s*$")
_NUMBER_ANNOUNCING = re.compile(r"(?i)(nr|no|nummer|number|lizenz|licen[cs]e|zertifikat|certificate|id|code|reg)\.?$")


_TRAILING_DIGITS_RE = re.compile(r"\s+\d{6,14}\s*$")


def _trailing_number(text: str) -> tuple[str, int] | None:
    """``(prev, start)`` of ``_TRAILING_NUMBER_RE.search(text)`` (the word before a trailing
    number and where the match starts), found without that pattern's scan of every start
    position: the whitespace-and-digits tail first (fails fast), then the word before it."""
    if not text.rstrip()[-6:].isdigit():
        return None
    m = _TRAILING_DIGITS_RE.search(text)
    if m is None:
        return None
    end = i = m.start()
    while i > 0 and (text[i - 1].isalnum() or text[i - 1] in "_.-"):  # [\w.\-]
        i -= 1
    return text[i:end], i


def strip_references(text: str) -> str:
    """``text`` without article/order/EAN numbers (see :data:`_REFERENCE_RE`); unchanged when it has none."""
    if not text or _DIGITS5_RE.search(text) is None:
        return text
    out = _LEADING_NUMBER_RE.sub("", _REFERENCE_RE.sub(" ", text))
    tail = _trailing_number(out)
    if tail is not None and tail[0] and not _NUMBER_ANNOUNCING.search(tail[0]):
        out = out[: tail[1] + len(tail[0])]
    if out == text:
        return text
    return _SPACES_RE.sub(" ", out).strip(" ,;")


def original_span(raw: str, folded_part: str) -> str:
    """The part of ``raw`` that ``folded_part`` (a folded or match-form substring) came from:
    "FAIRTRADE-zertifiziert" for "fairtrade zertifiziert", "Grüner Knopf 2.0" for
    "gruener knopf 2 0". Letters and digits are compared after folding; punctuation and spaces
    may differ. ``folded_part`` itself when it cannot be located (e.g. an expanded abbreviation)."""
    if not raw or not folded_part:
        return folded_part
    target = "".join(ch for ch in folded_part if ch.isalnum())
    if not target:
        return folded_part
    chars: list[str] = []
    where: list[int] = []
    text = raw[:MAX_TEXT_LENGTH]
    for i, ch in enumerate(text):
        if ch.isspace():
            continue
        for p in fold(ch):
            if p.isalnum():
                chars.append(p)
                where.append(i)
    at = "".join(chars).find(target)
    if at < 0:
        return folded_part
    start, end = where[at], where[at + len(target) - 1] + 1
    if not folded_part.rstrip()[-1:].isalnum():  # "xertifix +": keep the "+" of "Xertifix+"
        while end < len(text) and not text[end].isalnum() and not text[end].isspace():
            end += 1
    return text[start:end]
