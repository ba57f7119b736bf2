"""The shortcuts taken for speed give exactly what the full procedure gives.

Each fast path of the recognition engine has a reference implementation kept beside it; these
tests run both on every description we have (the blind set, the generated benchmark vocabulary,
edge cases) and on random text, and require equal answers.
"""

from __future__ import annotations

import csv
import importlib
import re
import unicodedata
from pathlib import Path

import pytest
from bench_support import benchmark_module
from hypothesis import given, settings
from hypothesis import strategies as st

from fairbuy.labeldb import load_label_db
from fairbuy.recognise import Recogniser
from fairbuy.recognise.engine import Engine, _prepare
from fairbuy.recognise.normalise import fold, strip_references

ROOT = Path(__file__).resolve().parents[1]
normalise_mod = importlib.import_module("fairbuy.recognise.normalise")

EDGE_CASES = [
    "",
    "Kaffee",
    "Fairtradekaffee gemahlen",
    "Fairtade-Kaffee",  # typo as first part of a compound
    "Kaffee Fairtrde 1kg",
    "Naturland Fiar Tee",
    "XertifiX PLUSS Grabstein",
    "Grabstein Xertifix+",
    "Granit ohne Fairtrade",
    "T-Shirt GOTS-zert. Gr. L",
    "Bio-Kaffee DE-ÖKO-039",
    "FSC-C012345 Papier",
    "Kopierpapier Blauer Engel RAL-UZ 14",
    "Arbeitsjacke Fairtr. Cotton",
    "Kaffee (fair gehandelt)",
    "Toner kompatibel, eigene Nachhaltigkeitserklärung",
    "Pflastersteine Granit aus Indien",
    "a b c d e f g",
    "x" * 3000,
    "ÄÖÜ äöü ß ẞ é è ™ ® – — „“",
]


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Recogniser(load_label_db()).engine


@pytest.fixture(scope="module")
def descriptions() -> list[str]:
    texts = list(EDGE_CASES)
    with (ROOT / "benchmarks" / "blind-set.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            texts.append(row["Bezeichnung"])
            texts.append(row["Siegel"])
    raw = benchmark_module("generate").generate(3000, seed=11)
    texts.extend(str(v) for v in raw["Bezeichnung"].tolist())
    texts.extend(str(v) for v in raw["Siegel"].dropna().tolist())
    return [strip_references(t) for t in dict.fromkeys(texts)]


def test_nothing_to_detect_equals_reference(engine: Engine, descriptions: list[str]) -> None:
    fast_yes = 0
    for text in descriptions:
        ft = _prepare(text, engine.abbr)
        fast = engine._nothing_to_detect(ft)
        assert fast == engine._nothing_to_detect_reference(ft), text
        fast_yes += fast
    # the corpus has both kinds of description, so both branches were compared
    assert 0 < fast_yes < len(descriptions)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["fair", "trade", "fairtrade", "kaffee", "gots", "bio", "ohne", "xertifix",
                                 "plus", "fsc", "naturland", "fiar", "-", ",", "(", ")", "+", "100", "oeko",
                                 "tex", "standard", "siegel", "zertifiziert", "granit", "t", "shirt"]),
                max_size=8),
       st.sampled_from([" ", "-", "/", ", "]))
def test_nothing_to_detect_equals_reference_on_word_salad(words: list[str], sep: str) -> None:
    engine = _ENGINE.get("e") or _ENGINE.setdefault("e", Recogniser(load_label_db()).engine)
    ft = _prepare(sep.join(words), engine.abbr)
    assert engine._nothing_to_detect(ft) == engine._nothing_to_detect_reference(ft)


_ENGINE: dict[str, Engine] = {}


def _fold_once_reference(t: str) -> str:
    """The folding step as first written: every table applied to every text."""
    t = t.translate(normalise_mod._DROP)
    t = unicodedata.normalize("NFKC", t)
    t = t.casefold().translate(normalise_mod._FOLD)
    t = unicodedata.normalize("NFKD", t)
    t = "".join(ch for ch in t if not unicodedata.combining(ch))
    t = unicodedata.normalize("NFC", t)
    t = t.translate(normalise_mod._DROP)
    t = normalise_mod._CONTROL_RE.sub(" ", t)
    return re.sub(r"\s+", " ", t).strip()


def _fold_reference(text: str) -> str:
    text = text[: normalise_mod.MAX_TEXT_LENGTH]
    t = _fold_once_reference(text)
    for _ in range(3):
        again = _fold_once_reference(t)
        if again == t:
            break
        t = again
    return t


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=60))
def test_ascii_fold_shortcut_equals_full_fold(text: str) -> None:
    assert fold(text) == _fold_reference(text)


_GERMAN = "äöüßẞÄÖÜéèêçñøœæłđ–—‐‑‒−„“”‚‘’´`®™©℠\u00a0\u200b\x00\x1f\t\n ﬁ²½Ω"


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=st.one_of(st.sampled_from(_GERMAN), st.characters()), max_size=60))
def test_fold_equals_reference_on_any_text(text: str) -> None:
    assert fold(text) == _fold_reference(text)


def test_memoised_analysis_equals_fresh_engine(descriptions: list[str]) -> None:
    """The per-description memo of an engine that has seen other lines changes nothing."""
    db = load_label_db()
    warm = Recogniser(db).engine
    sample = descriptions[:400]
    # short names judged by the rest of the line (context aliases) next to plain ones
    labels = ["", "Fairtrade", "GOTS", "ohne Siegel", "-", "FSC", "TCO", "FFP", "Demeter", "step"]
    sample = [*sample, "Kopierpapier FSC", "Monitor 24 Zoll TCO", "FFP2 Maske", "Rosen FFP", "Teppich STEP",
              "Schreibtisch Buche", "Tee Demeter", "Holzspielzeug", "Atemschutzmaske"]
    cpvs = [None, "15860000-4", "18100000"]
    for k, text in enumerate(sample * 2):  # fill the memos with other combinations first
        warm.analyse(text, cpvs[(k + 1) % 3], labels[(k + 2) % len(labels)])
    cold = Engine(db, warm.lex)  # sees each description first with the combination compared
    for k, text in enumerate(sample):
        args = (text, cpvs[k % 3], labels[k % len(labels)])
        a, b = warm.analyse(*args), cold.analyse(*args)
        for key in ("cpv_normalised", "product_group", "group_method", "group_reason", "labels", "evidence"):
            assert a[key] == b[key], (args, key)


def test_descriptions_sharing_a_folded_text_get_their_own_analysis(descriptions: list[str]) -> None:
    """Descriptions that differ only in case or accents share the folded-text part of the
    analysis (group, "anything to detect"); the patterns on the original text (certificate
    numbers) and the reported spans still come from each text. Compared with an engine that
    analyses every raw text on its own (the path taken when the patterns cannot be combined)."""
    db = load_label_db()
    warm = Recogniser(db).engine
    cold = Engine(db, warm.lex)
    cold._combined_ok = False  # no folded-text memo: each raw description analysed alone
    base = [*descriptions[:300], "Papier FSC-C012345 A4", "Bio-Kaffee DE-ÖKO-039", "Kaffee Fairtrade",
            "Grabstein XertifiX PLUS", "Kaffee ohne Fairtrade-Siegel", "Bluse GOTS CU 123456",
            "Reinigungsmittel DE/020/00123"]  # (a number only the pattern on the original text finds)
    variants = [v for t in base for v in dict.fromkeys((t, t.upper(), t.lower(), t.title(),
                                                        t.replace("ö", "oe").replace("Ö", "OE")))]
    labels = ["", "Fairtrade", "FSC", "fsc-c012345"]
    for k, text in enumerate(variants):
        args = (text, None, labels[k % len(labels)])
        a, b = warm.analyse(*args), cold.analyse(*args)
        for key in ("cpv_normalised", "product_group", "group_method", "group_reason", "labels", "evidence"):
            assert a[key] == b[key], (args, key)
    assert len(warm._folded_memo) < len(warm._desc_memo)  # the sharing did happen
    assert not cold._folded_memo


def test_line_dependent_results_are_reused_only_for_equal_context_answers(descriptions: list[str]) -> None:
    """A field whose short names were judged by the rest of the line ("FSC", "FFP", "TCO") is
    reused on another line only when every context question gets the same answer there: the
    same results as an engine that judges every such line anew."""
    db = load_label_db()
    warm = Recogniser(db).engine
    anew = Engine(db, warm.lex)
    anew.ctx_variants = 0
    lines = [*descriptions[:150], "Kopierpapier A4", "Bürostuhl", "Monitor 24 Zoll", "Atemschutzmaske",
             "Rosen Schnittblumen", "Teppich Wolle", "Schreibtisch Buche", "Tee schwarz", "Kaffee"]
    labels = ["FSC", "FFP", "TCO", "STEP", "FSC zertifiziert", "Demeter", "FFP2", ""]
    reused = 0
    for k, desc in enumerate(lines * 2):
        for lab in (labels[k % len(labels)], labels[(k + 3) % len(labels)], f"{desc[:12]} FSC"):
            before = sum(len(v) for v in warm._ctx_detect_memo.values())
            a, b = warm.analyse(desc, None, lab), anew.analyse(desc, None, lab)
            for key in ("product_group", "labels", "evidence"):
                assert a[key] == b[key], (desc, lab, key)
            reused += sum(len(v) for v in warm._ctx_detect_memo.values()) == before
    assert reused > 0 and not anew._ctx_detect_memo.get(("label_text", "FSC"))
    assert warm._ctx_detect_memo.get(("label_text", "FSC"))


def test_group_phrase_prefilter_changes_nothing(engine: Engine, descriptions: list[str]) -> None:
    """group_hits skips the phrase expressions when no word can begin a phrase; with every word
    of the corpus declared a possible start, the expressions always run: same hits."""
    full = Engine(engine.db, engine.lex)
    everything: set[str] = set()
    fts = [_prepare(t, engine.abbr) for t in descriptions]
    for ft in fts:
        everything.update(t.text for t in ft.tokens)
    full._group_phrase_starts = everything
    full._service_phrase_starts = everything
    skipped = 0
    for ft in fts:
        words = {t.text for t in ft.tokens}
        skipped += words.isdisjoint(engine._group_phrase_starts)
        assert engine.text_group(ft) == full.text_group(ft), ft.raw
    assert skipped > 0


def test_context_names_are_judged_per_line_despite_memo() -> None:
    """A short name whose acceptance depends on the rest of the line ("FFP" is denied next to
    "Maske"; "FSC" in a description needs a fitting group) is judged anew on every line."""
    engine = Recogniser(load_label_db()).engine
    flowers = engine.analyse("Rosen Schnittblumen", None, "FFP")
    masks = engine.analyse("Atemschutzmaske", None, "FFP")
    flowers_again = engine.analyse("Rosen Schnittblumen", None, "FFP")
    assert [x["id"] for x in flowers["labels"]] == ["fair-flowers-fair-plants"]
    assert masks["labels"] == []
    assert flowers_again["labels"] == flowers["labels"]
    paper = engine.analyse("Kopierpapier A4 FSC", None, "")
    other = engine.analyse("Bürostuhl FSC", None, "")  # no group the name fits, no qualifier
    assert [x["id"] for x in paper["labels"]] == ["fsc"]
    fresh = Recogniser(load_label_db()).engine.analyse("Bürostuhl FSC", None, "")
    assert other["labels"] == fresh["labels"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(["Nr.", "Lizenz", "abc", "x-y", "é_ß", "٣٤٥٦٧٨", "\u00a0", "1234567", "12345678901234567", "42", " ", "  ",
                                 "\\t", ".", "-", "Kaffee", "ANO", "\\n", "#", "Art.-Nr."]), max_size=40))
def test_trailing_number_search_equals_full_search(parts: list[str]) -> None:
    from fairbuy.recognise.normalise import _TRAILING_NUMBER_RE, _trailing_number

    text = "".join(p.replace("\\\\t", "\\t").replace("\\\\n", "\\n") for p in parts)
    fast, full = _trailing_number(text), _TRAILING_NUMBER_RE.search(text)
    assert fast == ((full.group("prev"), full.start()) if full is not None else None)


def test_cue_scope_prefilter_changes_nothing(engine: Engine, descriptions: list[str]) -> None:
    """Equivalence and pending cues are searched only when a word can begin one; without the
    prefilter (no start words known) the scopes are the same."""
    full = Engine(engine.db, engine.lex)
    full._cue_starts = {}
    texts = [*descriptions, "Kaffee vergleichbar mit Fairtrade", "Papier gleichwertig FSC", "T-Shirt GOTS beantragt",
             "Zertifizierung beantragt: Fairtrade", "Kaffee entsprechend Fairtrade-Standard"]
    hits = 0
    for text in texts:
        ft = _prepare(text, engine.abbr)
        brk = engine._clause_breaks(ft)
        for rx in (engine.equiv_re, engine.pending_re):
            got = engine._cue_scopes(ft, rx, brk, rx is engine.pending_re)
            assert got == full._cue_scopes(ft, rx, brk, rx is engine.pending_re), text
            hits += any(got)
    assert hits > 0
