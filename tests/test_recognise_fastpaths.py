"""The shortcuts taken for speed give exactly what the full procedure gives.

Each fast path of the recognition engine has a reference implementation kept beside it; these
tests run both on every description we have (the blind set, the generated benchmark vocabulary,
edge cases) and on random text, and require equal answers.
"""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fairbuy.labeldb import load_label_db
from fairbuy.recognise import Recogniser
from fairbuy.recognise.engine import Engine, _prepare
from fairbuy.recognise.normalise import _fold_once, fold, strip_references

ROOT = Path(__file__).resolve().parents[1]

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


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_generate_fast", ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["bench_generate_fast"] = mod
    spec.loader.exec_module(mod)
    return mod


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
    raw = _generator().generate(3000, seed=11)
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


def _fold_reference(text: str) -> str:
    t = _fold_once(text)
    for _ in range(3):
        again = _fold_once(t)
        if again == t:
            break
        t = again
    return t


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=60))
def test_ascii_fold_shortcut_equals_full_fold(text: str) -> None:
    assert fold(text) == _fold_reference(text)


def test_memoised_analysis_equals_fresh_engine(descriptions: list[str]) -> None:
    """The per-description memo of an engine that has seen other lines changes nothing."""
    db = load_label_db()
    warm = Recogniser(db).engine
    sample = descriptions[:400]
    labels = ["", "Fairtrade", "GOTS", "ohne Siegel", "-"]
    cpvs = [None, "15860000-4", "18100000"]
    for k, text in enumerate(sample):  # fill the memos with other combinations first
        warm.analyse(text, cpvs[(k + 1) % 3], labels[(k + 2) % 5])
    cold = Engine(db, warm.lex)  # sees each description first with the combination compared
    for k, text in enumerate(sample):
        args = (text, cpvs[k % 3], labels[k % 5])
        a, b = warm.analyse(*args), cold.analyse(*args)
        for key in ("cpv_normalised", "product_group", "group_method", "group_reason", "labels", "evidence"):
            assert a[key] == b[key], (args, key)
