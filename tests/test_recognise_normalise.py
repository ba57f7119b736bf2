"""Normalisation, tokenisation and CPV repair: examples and property tests."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fairbuy.recognise import fold, normalise, repair_cpv
from fairbuy.recognise.normalise import MAX_TEXT_LENGTH, compounds, expand_abbreviations, tokenise


def test_fold_examples() -> None:
    assert fold("Großpflaster GRÜN") == "grosspflaster gruen"
    assert fold("FAIRTRADE® Kaffee™") == "fairtrade kaffee"
    assert fold("Café  crème\tà la") == "cafe creme a la"
    assert fold("Granit–Pflaster") == "granit-pflaster"


def test_match_form_examples() -> None:
    assert normalise("FSC®-zertifiziert") == "fsc zertifiziert"
    assert normalise("XertifiX+") == "xertifix +"
    assert normalise("Öko-Tex Standard 100") == "oeko tex standard 100"
    assert normalise(None) == ""
    assert normalise(float("nan")) == ""
    assert normalise(15861000) == "15861000"


def test_compounds_join_hyphenated_words() -> None:
    toks = tokenise(fold("Granit-Großpflaster 15/17, T-Shirt"))
    words = [w for w, _, _ in compounds(toks)]
    assert "granitgrosspflaster" in words and "tshirt" in words


def test_abbreviations() -> None:
    abbr = (("kaff.", "kaffee"), ("zert.", "zertifiziert"))
    assert expand_abbreviations(fold("Kaff. gem. 500g, GOTS-zert."), abbr) == "kaffee gem. 500g, gots-zertifiziert"
    # only whole words: "Kaff." inside another word stays
    assert "kaffee" not in expand_abbreviations("xkaff. y", abbr)


def test_cpv_repair() -> None:
    known = {"15861000": "15861000-1"}
    assert repair_cpv("15861000", known) == "15861000-1"
    assert repair_cpv("15861000-1") == "15861000-1"
    assert repair_cpv("15861000.0", known) == "15861000-1"
    assert repair_cpv(15861000.0, known) == "15861000-1"
    assert repair_cpv("15861000-1 Kaffee") == "15861000-1"
    assert repair_cpv("15861000") == "15861000"  # check digit not derivable
    assert repair_cpv("3121200-7") == "03121200-7"  # leading zero lost in a spreadsheet
    assert repair_cpv("Kaffee") is None
    assert repair_cpv(None) is None
    assert repair_cpv(float("nan")) is None
    assert repair_cpv("1234") is None


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_fold_is_idempotent_and_total(text: str) -> None:
    once = fold(text)
    assert fold(once) == once
    assert "\x00" not in once
    n = normalise(text)
    assert normalise(n) == n
    assert n == n.strip()
    assert all(c.isascii() for c in n)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(), st.integers(), st.floats(), st.none()))
def test_cpv_repair_never_raises(value: object) -> None:
    out = repair_cpv(value)
    assert out is None or (out[:8].isdigit() and len(out) in (8, 10))


def test_huge_and_nul_strings_are_fast() -> None:
    big = ("Kaffee Fairtrade \x00 GOTS-zert. " * 100_000) + "ä" * 1_000_000
    t0 = time.perf_counter()
    out = fold(big)
    assert len(out) <= MAX_TEXT_LENGTH
    assert "\x00" not in out
    assert time.perf_counter() - t0 < 1.0


def test_lexicon_is_validated_on_load(tmp_path: Path) -> None:
    from fairbuy.errors import DataError
    from fairbuy.recognise import load_lexicon

    lex = load_lexicon()
    assert lex.groups and lex.context_aliases and lex.negation.prefix
    bad = tmp_path / "recognition.yaml"
    bad.write_text("version: 1\nnegation: {prefix: [ohne], postfix: [nein]}\nfuzzy: {max_distance: []}\n"
                   "unknown_key: 1\n", encoding="utf-8")
    with pytest.raises(DataError) as exc:
        load_lexicon(bad)
    assert str(bad) in str(exc.value) and "unknown_key" in str(exc.value)
    broken = tmp_path / "broken.yaml"
    broken.write_text("version: [1\n", encoding="utf-8")
    with pytest.raises(DataError):
        load_lexicon(broken)
    regex = tmp_path / "regex.yaml"
    regex.write_text("version: 1\nnegation: {prefix: [ohne], postfix: [nein]}\nfuzzy: {max_distance: []}\n"
                     "certificate_patterns: [{label: fsc, regex: 'fsc(['}]\n", encoding="utf-8")
    with pytest.raises(DataError):
        load_lexicon(regex)
