"""Supplier names and ids: normalisation and a conservative near-match test.

``normalise_supplier_name("Textil-Import GmbH & Co. KG") == "textil import"``: case, umlauts and
ß folded, punctuation and hyphens turned into spaces, legal forms (GmbH, mbH, AG, e.K., KG,
& Co. KG, e.V., eG, OHG, GbR, UG (haftungsbeschränkt), Ltd., S.A., B.V., ...) stripped from the
end of the name.

:func:`tokens_compatible` is the guard of the fuzzy pass: two names may only be joined when
their words pair up one to one and every pair is equal or a small typo of each other. A
different distinctive word (*Export* against *Import*) blocks the join whatever the overall
similarity score says.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import OSA

from fairbuy.recognise.normalise import LETTER_FOLDS

_FOLD = str.maketrans(LETTER_FOLDS)

_NON_WORD = re.compile(r"[^0-9a-z]+")

#: Legal forms (as folded token sequences), stripped from the end of a name. Longer forms first is
#: not required: stripping repeats until nothing more matches ("gmbh co kg" -> "gmbh" -> "").
_LEGAL_FORMS_RAW: tuple[str, ...] = (
    # German
    "gesellschaft mit beschraenkter haftung",
    "mit beschraenkter haftung",
    "gmbh",
    "ggmbh",
    "mbh",
    "ag",
    "aktiengesellschaft",
    "kgaa",
    "kg",
    "kommanditgesellschaft",
    "co kg",
    "und co kg",
    "co",
    "e k",
    "ek",
    "e kfm",
    "e kfr",
    "ekfm",
    "e v",
    "ev",
    "eg",
    "e g",
    "ohg",
    "gbr",
    "partg",
    "partg mbb",
    "mbb",
    "ug",
    "ug haftungsbeschraenkt",
    "haftungsbeschraenkt",
    "se",
    # English / international
    "ltd",
    "limited",
    "plc",
    "llc",
    "llp",
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "s a",
    "sa",
    "s a s",
    "sas",
    "sarl",
    "s a r l",
    "b v",
    "bv",
    "n v",
    "nv",
    "s r l",
    "srl",
    "s p a",
    "spa",
    "s l",
    "sl",
    "a s",
    "oy",
    "ab",
    "sp z o o",
    "s r o",
    "sro",
    "kft",
    "d o o",
    "doo",
    "pvt",
    "pty",
    "lda",
)

_LEGAL_FORMS: tuple[tuple[str, ...], ...] = tuple(
    sorted({tuple(form.split()) for form in _LEGAL_FORMS_RAW}, key=len, reverse=True)
)

#: Joining words dropped between a name and its legal form ("Meier & Co. KG", "Meier u. Co KG").
_CONNECTORS = frozenset({"und", "and", "u"})
#: "and" words dropped anywhere in a name.
_AND = frozenset({"und", "and"})
#: Words dropped at the start of a name ("Firma Meier", "Fa. Meier").
_LEADING = frozenset({"firma", "fa"})


def fold_text(text: str) -> str:
    """Lower case, umlauts/ß folded (ä → ae, ß → ss), other accents removed, punctuation → space."""
    text = unicodedata.normalize("NFC", text).lower().translate(_FOLD)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", text).split())


_LEGAL_FORM_SET = frozenset(_LEGAL_FORMS)


def _strip_legal_forms(tokens: list[str]) -> list[str]:
    changed = True
    while changed and tokens:
        changed = False
        for form in _LEGAL_FORMS:
            n = len(form)
            if len(tokens) > n and tuple(tokens[-n:]) == form:
                del tokens[-n:]
                changed = True
                break
        while len(tokens) > 1 and tokens[-1] in _CONNECTORS:
            tokens.pop()
            changed = True
    return tokens


@lru_cache(maxsize=65536)
def normalise_supplier_name(name: str) -> str:
    """The comparison form of a supplier name ("" when nothing is left).

    >>> normalise_supplier_name("Textil-Import GmbH & Co. KG")
    'textil import'
    >>> normalise_supplier_name("Müller & Söhne e.K.")
    'mueller soehne'
    """
    tokens = fold_text(name).split()
    # "&" is already gone with the punctuation; "und"/"and" go too, so "Müller & Söhne" and
    # "Müller und Söhne" compare equal. A leading "Firma"/"Fa." is dropped.
    kept = [t for t in tokens if t not in _AND]
    core = _name_core(kept or tokens)
    if kept and len(kept) < len(tokens) and tuple(core) in _LEGAL_FORM_SET:
        # nothing but the conjunction besides the legal form ("AND GmbH"): it is the name
        core = _name_core(tokens)
    return " ".join(core)


def _name_core(tokens: list[str]) -> list[str]:
    """``tokens`` without a leading "Firma"/"Fa." and trailing legal forms (the leading word
    stays when only a legal form would be left: "Firma GmbH" is "firma")."""
    rest = tokens
    while len(rest) > 1 and rest[0] in _LEADING:
        rest = rest[1:]
    core = _strip_legal_forms(list(rest))
    if rest is not tokens and tuple(core) in _LEGAL_FORM_SET:
        core = _strip_legal_forms(list(tokens))
    return core


def compact_key(normalised: str) -> str:
    """``normalised`` without spaces: "Textil Import" and "TextilImport" share one key."""
    return normalised.replace(" ", "")


_ID_JUNK = re.compile(r"[\s.\-/_]+")
_VAT = re.compile(r"^[A-Z]{2}[0-9A-Z+*]{2,13}$")


def normalise_supplier_id(value: str) -> str:
    """Upper case without spaces, dots, hyphens and slashes ("DE 123.456.789" → "DE123456789")."""
    return _ID_JUNK.sub("", value.strip().upper())


def looks_like_vat_id(normalised_id: str) -> bool:
    """Whether an id (already normalised) has the shape of an EU VAT id: country code + digits."""
    return bool(_VAT.match(normalised_id)) and any(ch.isdigit() for ch in normalised_id[2:])


def _token_pair_ok(a: str, b: str) -> bool:
    if a == b:
        return True
    if a.isdigit() or b.isdigit() or any(ch.isdigit() for ch in a + b):
        return False  # numbers (branch, site, plot) must match exactly
    shortest = min(len(a), len(b))
    if shortest < 5:
        return False
    allowed = 1 if shortest < 9 else 2
    return int(OSA.distance(a, b)) <= allowed


def tokens_compatible(a: str, b: str) -> bool:
    """Whether two normalised names pair up word by word, every pair equal or a small typo.

    Words of fewer than 5 letters and words with digits must be equal; longer words may differ
    by one edit (transpositions count as one), words of 9 letters or more by two. The word count
    must be the same. "textil import" / "textil improt" → True; "textil export" / "textil import"
    → False; "textil import" / "textil import nord" → False.
    """
    ta, tb = a.split(), b.split()
    if len(ta) != len(tb) or not ta:
        return False
    # Pair equal words first, then the rest greedily in order of best edit distance.
    rest_a = list(ta)
    rest_b = list(tb)
    for tok in ta:
        if tok in rest_b and tok in rest_a:
            rest_a.remove(tok)
            rest_b.remove(tok)
    while rest_a:
        tok = rest_a.pop(0)
        best = min(rest_b, key=lambda other: OSA.distance(tok, other))
        if not _token_pair_ok(tok, best):
            return False
        rest_b.remove(best)
    return True
