"""Article numbers are removed before recognition; certificate numbers are kept."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fairbuy.labeldb import load_label_db
from fairbuy.recognise import Recogniser
from fairbuy.recognise.normalise import strip_references


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Basaltpflaster Art.-Nr. 2019889", "Basaltpflaster"),
        ("Arbeitshandschuhe 12 Paar #4427840", "Arbeitshandschuhe 12 Paar"),
        ("1755071 Briefumschläge C4", "Briefumschläge C4"),
        ("Kantholz Fichte 2,5 m Art.Nr.5043475", "Kantholz Fichte 2,5 m"),
        ("EAN 4006381333931 Kaffee", "Kaffee"),
        ("Grünflächenpflege Objekt Rathaus 8825382", "Grünflächenpflege Objekt Rathaus"),
        # evidence and sizes stay
        ("GOTS Lizenz-Nr. 123456", "GOTS Lizenz-Nr. 123456"),
        ("XertifiX PLUS Zertifikat 123456", "XertifiX PLUS Zertifikat 123456"),
        ("Papier FSC-C004451", "Papier FSC-C004451"),
        ("Blauer Engel RAL-UZ 14", "Blauer Engel RAL-UZ 14"),
        ("Fußball Gr. 5", "Fußball Gr. 5"),
        ("1234567", "1234567"),
    ],
)
def test_strip_references(text: str, expected: str) -> None:
    assert strip_references(text) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_strip_references_is_total_and_idempotent(text: str) -> None:
    once = strip_references(text)
    assert strip_references(once) == once
    assert len(once) <= len(text)


def test_lines_differing_in_article_number_get_the_same_result() -> None:
    rec = Recogniser(load_label_db())
    a = rec.recognise_one("Röstkaffee 1 kg Fairtrade Art.-Nr. 1234567")
    b = rec.recognise_one("Röstkaffee 1 kg Fairtrade Art.-Nr. 7654321")
    assert a["product_group"] == b["product_group"] == "coffee"
    assert [lab["id"] for lab in a["labels"]] == [lab["id"] for lab in b["labels"]] == ["fairtrade"]


@pytest.mark.parametrize(
    ("raw", "folded", "expected"),
    [
        ("Röstkaffee, FAIRTRADE-zertifiziert", "fairtrade zertifiziert", "FAIRTRADE-zertifiziert"),
        ("Fleecejacke Grüner  Knopf 2.0", "gruener knopf 2 0", "Grüner  Knopf 2.0"),
        ("Granitpflaster 8/11 grau, Xertifix+", "xertifix +", "Xertifix+"),
        ("Papier FSC®-zertifiziert", "fsc zertifiziert", "FSC®-zertifiziert"),
        ("T-Shirt GOTS-zert.", "gots zertifiziert", "gots zertifiziert"),  # expanded: not in the raw text
    ],
)
def test_original_span(raw: str, folded: str, expected: str) -> None:
    from fairbuy.recognise.normalise import original_span

    assert original_span(raw, folded) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80), st.text(max_size=20))
def test_original_span_is_total(raw: str, part: str) -> None:
    from fairbuy.recognise.normalise import original_span

    out = original_span(raw, part)
    assert out == part or out in raw
