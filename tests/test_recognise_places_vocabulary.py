"""Recognition: general causes found by the second blind set (benchmarks/blind-set-2.csv), each with
positive and negative cases written for the tests (not the blind lines themselves, except where a
blind line is quoted as the motivating example).

- a service compound that names a place or unit (Straßen|reinigung, Grün|pflege) after a product
  noun says whom the item is for; before any product noun it is a service unless a product CPV
  code outweighs it; bare service words still veto;
- a group's negative keyword vetoes that group only, not another group's material word;
- a collective noun (Dienstkleidung) after a specific product noun never beats it;
- a grade number joined to a name (OSB/3) leaves the name to decide; wood-based panels are wood;
- English phrases match in the plural; paper vocabulary (toilet rolls, tissues);
- coffee product names, soy products, honey's CPV code inside the sugar prefix, urn fields,
  PC workstations, race bibs.
"""

from __future__ import annotations

import pytest

from fairbuy.labeldb import load_label_db
from fairbuy.recognise import Recogniser


@pytest.fixture(scope="module")
def rec() -> Recogniser:
    return Recogniser(load_label_db())


def group(rec: Recogniser, text: str, cpv: str | None = None) -> str | None:
    g = rec.recognise_one(text, cpv, None)["product_group"]
    assert g is None or isinstance(g, str)
    return g


# ------------------------------------------------------------------ places and units vs services
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a product noun first: the place/unit compound says whom the item is for
        ("Regenjacke atmungsaktiv Straßenreinigung", "clothing_workwear"),
        ("Warnweste orange, Grünpflege", "clothing_workwear"),
        ("Warnwesten Stadtreinigung 2025", "clothing_workwear"),
        ("Schnittschutzhose Friedhofspflege", "clothing_workwear"),
        ("Sicherheitsschuhe S3 Abfallentsorgung", "footwear"),
        ("Arbeitsjacke für Gebäudereinigung", "clothing_workwear"),
        # services stay services
        ("Gebäudereinigung Rathaus", None),
        ("Straßenreinigung Innenstadt April", None),
        ("Gebäudereinigung Rathaus, Reinigungsmittel", None),
        ("Unterhaltsreinigung Kita Sonnenschein, Reinigungsmittel mit EU Ecolabel", None),
        # a service word that names no place is a service wherever it stands
        ("Regenjacken Reinigung", None),
        ("Teppichboden Grundreinigung", None),
        ("Kopierer Vollwartung", None),
        ("Laptop Leasing 36 Monate", None),
        ("Winterjacke Reparatur", None),
        ("Grabpflege Granit", None),
    ],
)
def test_place_service_words(rec: Recogniser, text: str, expected: str | None) -> None:
    assert group(rec, text) == expected


def test_product_cpv_outweighs_a_place_service_word(rec: Recogniser) -> None:
    clothing_cpv = "18221000-4"  # Wasserdichte Kleidung / Waterproof clothing
    assert group(rec, "Straßenreinigung Regenjacken") is None
    assert group(rec, "Straßenreinigung Regenjacken", clothing_cpv) == "clothing_workwear"
    r = rec.recognise_one("Straßenreinigung Material", clothing_cpv, None)
    assert r["product_group"] == "clothing_workwear"
    assert "place or unit" in r["group_reason"]
    # a service code is no product code; a bare service word is never outweighed
    assert group(rec, "Gebäudereinigung Rathaus", "90911200-8") is None
    assert group(rec, "Reinigung Regenjacken", clothing_cpv) is None
    assert group(rec, "Straßenreinigung, Kehrmaschine", clothing_cpv) is None


def test_place_reading_is_explained(rec: Recogniser) -> None:
    r = rec.recognise_one("Regenjacke Straßenreinigung", None, None)
    assert "'strassenreinigung' after the product names a place or unit" in r["group_reason"]
    assert rec.recognise_one("Gebäudereinigung Rathaus", None, None)["group_reason"] == (
        "no group: service (gebaeudereinigung)")


# ------------------------------------------------------------------ negative keywords, collective nouns
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "Spielplatz" is a negative keyword of toys: it does not veto the wood of the item
        ("Sitzgruppe Robinie, Spielplatz Lindenstraße", "wood"),
        ("Kleiderbügel Holz", "wood"),
        # ... but a negative keyword still vetoes its own group, and compound rules veto all
        ("Schiefertafel 30x40", None),
        ("Holzschutzlasur Eiche", None),
        ("Granitoptik Vinyl", None),
    ],
)
def test_negative_keyword_vetoes_its_group_only(rec: Recogniser, text: str, expected: str | None) -> None:
    assert group(rec, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ledergürtel schwarz 40 mm Dienstkleidung Ordnungsamt", "leather_goods"),
        ("Latexhandschuhe Schutzkleidung", "natural_rubber"),
        # the collective noun first is the first product noun
        ("Dienstkleidung Ledergürtel", "clothing_workwear"),
        # a specific product noun still beats (footwear beats clothing)
        ("Arbeitshose Sicherheitsschuhe", "footwear"),
    ],
)
def test_collective_noun_never_beats_a_specific_one(rec: Recogniser, text: str, expected: str) -> None:
    assert group(rec, text) == expected


# ------------------------------------------------------------------ wood-based panels, grade numbers
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("OSB/3 Platten 18 mm 2500x1250", "wood"),
        ("OSB-4 Platte 22 mm", "wood"),
        ("Sperrholzplatte Birke 12 mm", "wood"),
        ("MDF-Platte 16 mm roh", "wood"),
        ("Siebdruckplatte 21 mm", "wood"),
        ("Hartfaserplatte 3 mm", "wood"),
        ("Tischlerplatte 19 mm", "wood"),
        ("Chipboard 19 mm", "wood"),
        ("Particle boards 18 mm", "wood"),
        ("Kletterturm Robinie mit Rutsche", "wood"),
        # not wood
        ("Spanplattenschrauben 4x40", None),
        ("Gipsfaserplatte 12,5 mm", None),
        ("Gipskartonplatte 12,5 mm", None),
        ("FFP2-Maske", None),
    ],
)
def test_wood_based_panels(rec: Recogniser, text: str, expected: str | None) -> None:
    assert group(rec, text) == expected


# ------------------------------------------------------------------ English plurals, paper words
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Toilet rolls 3-ply recycled", "paper"),
        ("Toilet tissue 2-ply, 48 rolls", "paper"),
        ("Facial tissues, 100 per box", "paper"),
        ("Exercise books A4 lined", "paper"),
        ("Mobile phones, dual SIM", "ict_hardware"),
        ("Safety vests yellow", "clothing_workwear"),
        ("Papiertaschentücher 4-lagig", "paper"),
        ("Kosmetiktücher Box 100 Stk", "paper"),
        ("Toilettenrollen 3-lagig", "paper"),
        # plurals of "no group" phrases are no group either
        ("coffee grinders electric", None),
        ("Tea lights 100 pcs", None),
        # cloth stays textiles
        ("Stofftaschentücher 12 Stk", "textiles"),
        ("Geschirrtücher Baumwolle", "textiles"),
    ],
)
def test_plurals_and_paper_words(rec: Recogniser, text: str, expected: str | None) -> None:
    assert group(rec, text) == expected


# ------------------------------------------------------------------ coffee names, soy, honey, ...
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("JACOBS KRÖNUNG KLASSISCH 500G GEMAHLEN", "coffee"),
        ("Dallmayr Prodomo 500 g Bohne", "coffee"),
        ("Tchibo Feine Milde gemahlen", "coffee"),
        # the brand alone is no coffee
        ("Marc Jacobs Handtasche", "leather_goods"),
        ("Sojageschnetzeltes grob 5 kg", "eudr_other_commodities"),
        ("Sojaschrot 25 kg", "eudr_other_commodities"),
        ("Sojasauce 1 l", None),
        ("Sojamilch 1 l", None),
        ("Namenstafel Granit anonymes Urnenfeld 60x40", "gravestones"),
        ("Granitplatte 60x40", "natural_stone"),
        ("Urnenfeld Pflege", None),
        ('PC-Arbeitsplatz Verwaltung (Tower + 24")', "ict_hardware"),
        ("Startnummern Stadtlauf für 800 Läufer", None),
        ("Läufer Flur 80x300 Sisal", "carpets"),
    ],
)
def test_vocabulary(rec: Recogniser, text: str, expected: str | None) -> None:
    assert group(rec, text) == expected


def test_honey_code_is_excluded_from_sugar(rec: Recogniser) -> None:
    db = load_label_db()
    assert db.groups_for_cpv("15831600-8").get("sugar") == "excluded"  # Honig / Honey
    assert db.groups_for_cpv("15831000-2").get("sugar") == "strong"  # Zucker / Sugar
    assert group(rec, "Blütenhonig 500 g Glas", "15831600-8") is None
    assert group(rec, "Position 7", "15831600-8") is None
    assert group(rec, "Position 7", "15831600") is None  # check digit filled in from the database
    assert group(rec, "Position 7", "15831600-3") is None  # a wrong check digit is still honey
    assert group(rec, "Position 7", "15831000-2") == "sugar"
    assert group(rec, "Position 7", "15831500-7") == "sugar"  # Zuckersirup stays sugar
