"""Labels of the database outside the evaluation's 55 canonical ids (Care & Fair, Fair Rubber,
TFT Responsible Stone): their sourced facts, their recognition (positives and the homonyms that
must not match) and how the rules judge them. The recogniser reports them as evidence of kind
"label" with their id, never in an item's ``labels`` (lexicon ``unreported_labels``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from rules_support import StubDB, evidence, item, table

from fairbuy.labeldb import LabelDB, load_label_db
from fairbuy.recognise import Recogniser
from fairbuy.recognise.lexicon import load_lexicon
from fairbuy.rules import evaluate_table, load_rulesets
from fairbuy.rules.evaluate import MIN_CONFIDENCE

NEW = ("care-and-fair", "fair-rubber", "tft-responsible-stone")
AUDIT = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def db() -> LabelDB:
    return load_label_db()


@pytest.fixture(scope="module")
def rec(db: LabelDB) -> Recogniser:
    return Recogniser(db)


def found(rec: Recogniser, text: str, label_text: str | None = None) -> tuple[set[str], set[str]]:
    """(ids in ``labels``, ids of label evidence) of one line."""
    r = rec.recognise_one(text, None, label_text)
    return ({lab["id"] for lab in r["labels"]},
            {e["label_id"] for e in r["evidence"] if e["kind"] == "label"})


# ----------------------------------------------------------------------------------------- the data
def test_unreported_labels_are_exactly_the_labels_beyond_the_canonical_list(db: LabelDB) -> None:
    lex = load_lexicon()
    assert set(lex.unreported_labels) == set(NEW)
    assert set(NEW) <= set(db.labels)


@pytest.mark.parametrize("lid", NEW)
def test_every_stated_block_has_its_own_sources(db: LabelDB, lid: str) -> None:
    lab = db.labels[lid]
    assert len(lab.sources) >= 3
    for block in (lab.ilo, lab.fair_trade, lab.verification):
        assert block.sources, (lid, type(block).__name__)
        assert set(block.sources) <= set(lab.sources), (lid, set(block.sources) - set(lab.sources))


def test_care_and_fair_facts(db: LabelDB) -> None:
    lab = db.labels["care-and-fair"]
    assert lab.product_groups == ["carpets"]
    assert lab.covers("child_labour") is True and lab.covers("forced_labour") is True
    # not named in the Forderungskatalog: unknown, not "no"
    for topic in ("freedom_of_association", "non_discrimination", "occupational_safety_health", "fair_price",
                  "living_wage", "environment"):
        assert lab.covers(topic) is None, topic
    # label-online: only membership, no product guarantee; a member: importers' buying trips are the control
    assert lab.verification.third_party is False
    assert lab.verification.level == "membership"
    assert lab.verification.self_declaration is True
    assert "http://label-online.de/label/care-fair/" in lab.verification.sources
    assert [r.value.split(" (")[0] for r in lab.ratings] == ["Keine Wertung"]


def test_fair_rubber_facts(db: LabelDB) -> None:
    lab = db.labels["fair-rubber"]
    assert "natural_rubber" in lab.product_groups and "carpets" not in lab.product_groups
    assert lab.fair_trade.premium is True and lab.covers("fair_price") is True
    assert lab.fair_trade.minimum_price is None and lab.covers("living_wage") is None
    assert lab.covers("environment") is True and lab.type == "both"
    # the owner says independent audit firms (paid by the owner), bewusstkaufen.at says no external control
    assert lab.verification.third_party is None
    assert "0.50 EUR per kg" in (lab.fair_trade.note or "")


def test_tft_responsible_stone_facts(db: LabelDB) -> None:
    lab = db.labels["tft-responsible-stone"]
    assert lab.product_groups == ["natural_stone"]
    assert "tft-responsible-stone" in {g.id for g in db.labels_for_group("gravestones")}  # parent group
    assert lab.covers("child_labour") is True and lab.covers("occupational_safety_health") is True
    assert lab.covers("non_discrimination") is None  # only "respects diversity" in the sources
    assert lab.verification.level == "membership" and lab.verification.third_party is None
    assert lab.confidence == "low"
    assert any("NRW" in n and "not confirmed" in n for n in lab.procurement_notes)


def test_short_tokens_of_the_new_labels_are_ambiguous_only(db: LabelDB) -> None:
    aliases = db.alias_index()
    ambiguous = db.ambiguous_index()
    for token in ("TFT", "RSP", "The Forest Trust", "Earthworm Foundation"):
        assert token.casefold() not in aliases, token
        assert ambiguous[token.casefold()] == ["tft-responsible-stone"], token
    for word in ("care", "fair", "rubber", "responsible stone"):
        assert word not in aliases, word


def test_care_and_fair_is_its_own_label_and_only_ambiguous_for_goodweave(db: LabelDB) -> None:
    assert db.alias_index()["care & fair"] == "care-and-fair"
    assert db.ambiguous_index()["care & fair"] == ["goodweave"]
    assert "care & fair" not in {a.casefold() for a in db.labels["goodweave"].aliases}
    best, score = db.search("Care & Fair")[0]
    assert best.id == "care-and-fair" and score == 100.0


# ----------------------------------------------------------------------------------------- recognition
@pytest.mark.parametrize(
    ("text", "label_text", "lid"),
    [
        ("Teppich handgeknüpft 200x300", "Care & Fair", "care-and-fair"),
        ("Orientteppich 170x240, CARE & FAIR Mitglied", None, "care-and-fair"),
        ("Teppich Care&Fair", None, "care-and-fair"),
        ("Teppich Nepal, Care and Fair", None, "care-and-fair"),
        ("Läufer 80x300, Care&Fair", None, "care-and-fair"),
        ("Lieferung lt. Angebot 4711", "Care & Fair", "care-and-fair"),  # label column: no context needed
        ("Handelsware, Care & Fair Mitglied", None, "care-and-fair"),  # qualifier next to it
        ("Care & Fair e.V.", None, "care-and-fair"),
        ("Latex-Haushaltshandschuhe Gr. 8, Fair Rubber", None, "fair-rubber"),
        ("Naturlatexmatratze 90x200", "Fair-Rubber-Logo", "fair-rubber"),
        ("Gummiringe 100 g", "FAIR RUBBER", "fair-rubber"),
        ("Granit-Pflastersteine 10x10, TFT Responsible Stone", None, "tft-responsible-stone"),
        ("Grabstein Granit poliert", "Responsible Stone Programme", "tft-responsible-stone"),
    ],
)
def test_named_label_is_label_evidence_not_a_reported_label(rec: Recogniser, text: str, label_text: str | None,
                                                             lid: str) -> None:
    labels, ev = found(rec, text, label_text)
    assert labels == set()
    assert ev == {lid}


@pytest.mark.parametrize(
    ("text", "label_text"),
    [
        ("TFT-Monitor 24 Zoll", None),
        ("TFT Monitor 27 Zoll Full HD", None),
        ("Ersatzdisplay TFT 10,1\" für Tablet", None),
        ("Granitpflaster 8/11", "TFT"),  # the bare token: not the programme
        ("Granitpflaster 8/11, Earthworm Foundation", None),
        ("Handcreme Care 75 ml, fair gehandelt", None),
        ("Pflegeset Care, Fair-Trade-Baumwolle", None),
        ("Skin Care and Fair Complexion Creme 50 ml", None),  # common words, no carpet, no qualifier
        ("Body Care & Fair Trade Seife 100 g", None),
        ("Teppich Carre and Fair", None),  # no typo matching of the common words
        ("Gummiband fair number 12", None),
        ("Lineal Holz 30 cm, fair ruler", None),
        ("Handschuhe fairer Rubber", None),
        ("Gummiringe 100 g, fair gehandelt", None),
        ("Radiergummi Naturkautschuk, fairer Handel", None),
        ("Teppich ohne Care & Fair", None),
        ("Handschuhe Latex", "Fair Rubber: nein"),
    ],
)
def test_homonyms_and_negations_give_no_new_label(rec: Recogniser, text: str, label_text: str | None) -> None:
    labels, ev = found(rec, text, label_text)
    assert labels == set() and ev.isdisjoint(NEW)


def test_tft_monitor_stays_a_monitor(rec: Recogniser) -> None:
    r = rec.recognise_one("TFT-Monitor 24 Zoll")
    assert r["product_group"] == "ict_hardware"
    assert r["labels"] == [] and r["evidence"] == []


def test_negated_new_label_is_negated_evidence(rec: Recogniser) -> None:
    ev = rec.recognise_one("Teppich ohne Care & Fair")["evidence"]
    assert [(e["kind"], e["label_id"]) for e in ev] == [("negated_label", "care-and-fair")]


def test_care_and_fair_next_to_goodweave(rec: Recogniser) -> None:
    assert found(rec, "Teppich GoodWeave") == ({"goodweave"}, set())
    assert found(rec, "Teppich", "Care & Fair") == (set(), {"care-and-fair"})
    assert found(rec, "Teppich GoodWeave, Care & Fair") == ({"goodweave"}, {"care-and-fair"})
    # "Rugmark" stays GoodWeave's legacy name
    assert found(rec, "Teppich Rugmark") == ({"goodweave"}, set())


def test_label_evidence_carries_the_matched_text_once(rec: Recogniser) -> None:
    r = rec.recognise_one("Teppich, Care & Fair", None, "CARE & FAIR")
    ev = [e for e in r["evidence"] if e["kind"] == "label"]
    assert len(ev) == 1
    assert ev[0]["label_id"] == "care-and-fair" and ev[0]["text"] in ("Care & Fair", "CARE & FAIR")
    assert ev[0]["confidence"] >= MIN_CONFIDENCE  # sure enough for the rules to use it


def test_the_known_other_labels_list_no_longer_names_them() -> None:
    lex = load_lexicon()
    assert not {"care & fair", "care and fair", "fair rubber"} & set(lex.known_other_labels)


# ----------------------------------------------------------------------------------------- rules
def _check(db: LabelDB, rec: Recogniser, rulesets: list[str], *lines: tuple[str, str | None, str | None]) -> Any:
    rows = []
    for text, label_text, origin in lines:
        r = rec.recognise_one(text, None, label_text)
        rows.append(item(text, r["product_group"], labels=r["labels"], evidence_=r["evidence"], origin=origin))
    return evaluate_table(table(*rows), load_rulesets(rulesets), db, audit_date=AUDIT)


def test_nrw_gravestone_rule_judges_tft_by_its_properties(db: LabelDB, rec: Recogniser) -> None:
    res = _check(db, rec, ["nrw-bestg-4a"], ("Grabstein Granit poliert", "TFT Responsible Stone", "IN"))
    (f,) = res.table.iloc[0]["findings"]
    # child labour covered, independent verification unknown, NRW recognition not confirmed: review
    assert f["status"] == "needs_review"
    assert "TFT Responsible Stone" in f["message"] and "unabhängige Prüfung" in f["message"]
    assert "tft-responsible-stone" in f["evidence_used"]


def test_magna_charta_judges_membership_labels_by_level_and_verification(db: LabelDB, rec: Recogniser) -> None:
    res = _check(db, rec, ["magna-charta-ruhr-2010"],
                 ("Granit-Pflastersteine 10x10", "TFT Responsible Stone", "CN"),
                 ("Gummiringe Büro 100 g", "Fair Rubber", None))
    stone, rubber = (res.table.iloc[i]["findings"][0] for i in range(2))
    assert stone["status"] == "non_compliant"  # membership level, the rule wants product/site/supply chain
    assert "Mitgliedschaft" in stone["message"]
    assert rubber["status"] == "needs_review"  # third-party verification unknown (sources conflict)
    assert "Fair Rubber" in rubber["message"]


def test_indicators_count_label_evidence_like_labels() -> None:
    rows = [item("Kaffee", "coffee", evidence_=[evidence("label", "Fairtrade", "fairtrade")], amount=300.0),
            item("Kaffee", "coffee", evidence_=[evidence("label", "Fairtrade", "fairtrade", confidence=0.5)]),
            item("Kaffee", "coffee", evidence_=[evidence("generic_claim", "fair gehandelt")])]
    res = evaluate_table(table(*rows), load_rulesets(["charta-faire-metropole-ruhr-2030"]), StubDB(),
                         audit_date=AUDIT)
    ind = {i.id: i for i in res.indicators}
    assert ind["goal-1-purchases-with-ilo-proof"].value == 1
    assert ind["goal-1-purchases-with-ilo-proof"].detail["spend"] == 300.0
