"""Joining register entries to line items: by id, name, alias, near match; scope; ambiguity."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from suppliers_helpers import KNOWN_LABELS, day, item_table, write_yaml

from fairbuy.models import Evidence
from fairbuy.suppliers import (
    Register,
    SupplierMatcher,
    as_evidence,
    join_register,
    load_register,
    normalise_supplier_name,
    tokens_compatible,
    valid_register_evidence,
)

REGISTER = """
suppliers:
  - name: Textil Import GmbH
    creditor_number: "70412"
    evidence:
      - kind: membership
        label: fair-wear-foundation
        scope: [clothing_workwear, textiles]
        valid_from: 2024-01-01
        valid_to: 2024-12-31
        reference: Akte 1
  - name: Naturstein Handel Ruhr GmbH
    vat_id: DE811000002
    aliases: [NHR Steinhandel]
    evidence:
      - kind: certificate
        label: xertifix-plus
        certificate_number: XP-17
        scope: [natural_stone, gravestones]
        valid_to: 2025-06-30
      - kind: self_declaration
        text: Eigenerklärung Kinderarbeit
"""


@pytest.fixture()
def register(tmp_path: Path) -> Register:
    return load_register(write_yaml(tmp_path, REGISTER), known_label_ids=KNOWN_LABELS)


def _joined(register: Register, rows: list[dict[str, object]]) -> pd.DataFrame:
    return join_register(item_table(rows), register)


# ----------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Textil Import GmbH", "textil import"),
        ("Textil-Import GmbH & Co. KG", "textil import"),
        ("TEXTIL IMPORT gmbh", "textil import"),
        ("Müller & Söhne e.K.", "mueller soehne"),
        ("Mueller & Soehne e. K.", "mueller soehne"),
        ("Straßenbau Groß AG", "strassenbau gross"),
        ("Stein UG (haftungsbeschränkt)", "stein"),
        ("Weltladen am Rathaus e.V.", "weltladen am rathaus"),
        ("Frische Ruhr eG", "frische ruhr"),
        ("Brenner OHG", "brenner"),
        ("Meier GbR", "meier"),
        ("Acme Trading Ltd.", "acme trading"),
        ("Granitos S.A.", "granitos"),
        ("Stenen B.V.", "stenen"),
        ("Dienstkleidung Schmitz & Co. KG", "dienstkleidung schmitz"),
        ("Bau GmbH & Co. KG", "bau"),
        ("AG", "ag"),  # nothing but a legal form: kept
        ("Müller und Söhne GmbH", "mueller soehne"),
        ("Fa. Meier u. Co. KG", "meier"),
        ("Firma Textil Import", "textil import"),
        ("Und", "und"),
    ],
)
def test_normalise_supplier_name(name: str, expected: str) -> None:
    assert normalise_supplier_name(name) == expected


def test_tokens_compatible_blocks_distinct_words() -> None:
    assert tokens_compatible("textil import", "textil improt")  # typo (transposition)
    assert tokens_compatible("naturstein handel ruhr", "naturstien handel ruhr")
    assert not tokens_compatible("textil export", "textil import")
    assert not tokens_compatible("textil import", "textil import nord")
    assert not tokens_compatible("bau 12", "bau 13")
    assert not tokens_compatible("stein ost", "stein west")


# ----------------------------------------------------------------------------- joins


def test_textil_import_variants_join_and_export_does_not(register: Register) -> None:
    out = _joined(
        register,
        [
            {"supplier": "Textil Import GmbH", "product_group": "clothing_workwear"},
            {"supplier": "Textil-Import GmbH & Co. KG", "product_group": "clothing_workwear"},
            {"supplier": "Textil Export GmbH", "product_group": "clothing_workwear"},
        ],
    )
    ev = out["register_evidence"].tolist()
    assert [e["label_id"] for e in ev[0]] == ["fair-wear-foundation"]
    assert ev[0][0]["join_method"] == "name" and ev[0][0]["join_score"] == 100.0
    assert [e["label_id"] for e in ev[1]] == ["fair-wear-foundation"]
    assert ev[1][0]["join_method"] == "name"
    assert ev[2] == []


def test_export_never_joins_import_even_with_low_threshold(register: Register) -> None:
    matcher = SupplierMatcher(register, threshold=50.0)
    assert not matcher.match("Textil Export GmbH").matched
    assert matcher.match("Textil Improt GmbH").method == "fuzzy"


def test_fuzzy_join_reports_method_and_score(register: Register) -> None:
    out = _joined(register, [{"supplier": "Naturstien Handel Ruhr", "product_group": "natural_stone"}])
    ev = out["register_evidence"].iloc[0]
    assert {e["join_method"] for e in ev} == {"fuzzy"}
    assert all(90.0 <= e["join_score"] < 100.0 for e in ev)
    assert all(e["ambiguous"] is False for e in ev)


def test_join_by_id_beats_name(register: Register) -> None:
    # A creditor number joins even when the name in the ledger is unrecognisable.
    out = _joined(register, [{"supplier": "TIG", "supplier_id": "70412", "product_group": "textiles"}])
    ev = out["register_evidence"].iloc[0]
    assert len(ev) == 1 and ev[0]["join_method"] == "id" and ev[0]["supplier_name"] == "Textil Import GmbH"
    # VAT ids are compared normalised (spaces, dots).
    out = _joined(register, [{"supplier": None, "supplier_id": "de 811.000.002", "product_group": "natural_stone"}])
    assert {e["join_method"] for e in out["register_evidence"].iloc[0]} == {"id"}


def test_conflicting_vat_id_blocks_name_join(register: Register) -> None:
    out = _joined(
        register,
        [{"supplier": "Naturstein Handel Ruhr GmbH", "supplier_id": "DE999999999", "product_group": "natural_stone"}],
    )
    assert out["register_evidence"].iloc[0] == []


def test_alias_join(register: Register) -> None:
    out = _joined(register, [{"supplier": "NHR Steinhandel", "product_group": "gravestones"}])
    ev = out["register_evidence"].iloc[0]
    assert {e["join_method"] for e in ev} == {"alias"}
    assert {e["kind"] for e in ev} == {"certificate", "self_declaration"}


def test_scope_filters_by_product_group(register: Register) -> None:
    out = _joined(
        register,
        [
            {"supplier": "Naturstein Handel Ruhr GmbH", "product_group": "natural_stone"},
            {"supplier": "Naturstein Handel Ruhr GmbH", "product_group": "coffee"},
            {"supplier": "Naturstein Handel Ruhr GmbH", "product_group": None},
            {"supplier": "Textil Import GmbH", "product_group": "coffee"},
        ],
    )
    kinds = [sorted(e["kind"] for e in ev) for ev in out["register_evidence"]]
    assert kinds[0] == ["certificate", "self_declaration"]
    assert kinds[1] == ["self_declaration"]  # scope "all" only
    assert kinds[2] == ["self_declaration"]
    assert kinds[3] == []


def test_entry_dict_shape(register: Register) -> None:
    out = _joined(register, [{"supplier": "Naturstein Handel Ruhr GmbH", "product_group": "natural_stone"}])
    cert = next(e for e in out["register_evidence"].iloc[0] if e["kind"] == "certificate")
    assert cert == {
        "kind": "certificate",
        "label_id": "xertifix-plus",
        "text": "xertifix-plus",
        "certificate_number": "XP-17",
        "scope_groups": ["natural_stone", "gravestones"],
        "valid_from": None,
        "valid_to": dt.date(2025, 6, 30),
        "join_method": "name",
        "join_score": 100.0,
        "ambiguous": False,
        "supplier_name": "Naturstein Handel Ruhr GmbH",
        "reference": None,
        "register_row": cert["register_row"],
    }
    assert isinstance(cert["register_row"], int) and cert["register_row"] > 1


def test_non_items_and_missing_suppliers_get_empty_lists(register: Register) -> None:
    out = _joined(
        register,
        [
            {"supplier": "Textil Import GmbH", "row_kind": "total", "product_group": "textiles"},
            {"supplier": None, "product_group": "textiles"},
            {"supplier": float("nan"), "supplier_id": float("nan"), "product_group": "textiles"},
            {"supplier": "", "product_group": "textiles"},
        ],
    )
    assert out["register_evidence"].tolist() == [[], [], [], []]
    assert len(out) == 4


def test_join_keeps_table_and_index(register: Register) -> None:
    table = item_table([{"supplier": "Textil Import GmbH", "product_group": "textiles", "description": "x"}])
    table.index = pd.Index([41])
    out = join_register(table, register)
    assert list(out.index) == [41]
    assert "register_evidence" not in table.columns  # input not modified
    assert out["description"].iloc[0] == "x"


def test_empty_table(register: Register) -> None:
    out = join_register(item_table([]), register)
    assert "register_evidence" in out.columns and len(out) == 0


# ----------------------------------------------------------------------------- ambiguity


AMBIGUOUS = """
suppliers:
  - name: Stein Handel GmbH
    vat_id: DE811000011
    evidence:
      - {kind: certificate, label: xertifix, scope: [gravestones]}
  - name: Stein Handel AG
    vat_id: DE811000022
    evidence:
      - {kind: certificate, label: fair-stone, scope: [gravestones]}
  - name: Grabmal Kunst West
    evidence:
      - {kind: certificate, label: igep}
  - name: Grabmal Kunst Ost
    evidence:
      - {kind: certificate, label: xertifix}
"""


def test_equal_matches_to_two_suppliers_are_ambiguous(tmp_path: Path) -> None:
    register = load_register(write_yaml(tmp_path, AMBIGUOUS), known_label_ids=KNOWN_LABELS)
    # Same normalised name, two companies with different VAT ids: the register keeps them apart.
    assert len(register.suppliers) == 4
    out = _joined(register, [{"supplier": "Stein-Handel GmbH", "product_group": "gravestones"}])
    ev = out["register_evidence"].iloc[0]
    assert {e["label_id"] for e in ev} == {"xertifix", "fair-stone"}
    assert all(e["ambiguous"] for e in ev)
    assert {e["supplier_name"] for e in ev} == {"Stein Handel GmbH", "Stein Handel AG"}
    # With the VAT id of one of them the join is by id and unambiguous.
    out = _joined(register, [{"supplier": "Stein-Handel", "supplier_id": "DE811000022",
                              "product_group": "gravestones"}])
    ev = out["register_evidence"].iloc[0]
    assert [(e["label_id"], e["ambiguous"], e["join_method"]) for e in ev] == [("fair-stone", False, "id")]


def test_unknown_word_between_two_candidates_does_not_join(tmp_path: Path) -> None:
    register = load_register(write_yaml(tmp_path, AMBIGUOUS), known_label_ids=KNOWN_LABELS)
    out = _joined(register, [{"supplier": "Grabmal Kunst Nord", "product_group": "gravestones"}])
    assert out["register_evidence"].iloc[0] == []


def test_fuzzy_tie_is_ambiguous(tmp_path: Path) -> None:
    text = """
suppliers:
  - name: Steinmetz Brenner
    evidence: [{kind: certificate, label: xertifix}]
  - name: Steinmetz Brennar
    evidence: [{kind: certificate, label: igep}]
"""
    register = load_register(write_yaml(tmp_path, text), known_label_ids=KNOWN_LABELS)
    matcher = SupplierMatcher(register)
    assert not matcher.match("Steinmetz Bren3er").matched  # a digit inside a word never fuzzy-matches
    match = matcher.match("Steinmetz Brennr")  # one letter missing from either name
    assert match.matched and match.ambiguous and match.method == "fuzzy" and match.suppliers == (0, 1)
    out = _joined(register, [{"supplier": "Steinmetz Brennr", "product_group": "gravestones"}])
    ev = out["register_evidence"].iloc[0]
    assert len(ev) == 2 and all(e["ambiguous"] for e in ev)
    # A clearly closer candidate wins without ambiguity.
    match = matcher.match("Steinmetz Brenner GmbH")
    assert match.suppliers == (0,) and not match.ambiguous and match.method == "name"


# ----------------------------------------------------------------------------- validity


def test_expired_membership_is_passed_through_with_dates(register: Register) -> None:
    out = _joined(
        register,
        [
            {"supplier": "Textil Import GmbH", "product_group": "clothing_workwear",
             "purchase_date": day("2024-06-01"), "description": "T-Shirt"},
            {"supplier": "Textil Import GmbH", "product_group": "clothing_workwear",
             "purchase_date": day("2025-02-01"), "description": "T-Shirt"},
        ],
    )
    during, after = out["register_evidence"].tolist()
    # The join does not judge validity: both rows carry the membership with its dates ...
    assert during[0]["valid_to"] == after[0]["valid_to"] == dt.date(2024, 12, 31)
    # ... and the helper the evaluator calls keeps it only while it was valid.
    assert [e["label_id"] for e in valid_register_evidence(during, day("2024-06-01"))] == ["fair-wear-foundation"]
    assert valid_register_evidence(after, day("2025-02-01")) == []


def test_valid_register_evidence_limits_inclusive() -> None:
    entry = {"valid_from": day("2024-01-01"), "valid_to": day("2024-12-31"), "ambiguous": False}
    open_entry = {"valid_from": None, "valid_to": None, "ambiguous": True}
    assert valid_register_evidence([entry], day("2024-01-01")) == [entry]
    assert valid_register_evidence([entry], day("2024-12-31")) == [entry]
    assert valid_register_evidence([entry], day("2023-12-31")) == []
    assert valid_register_evidence([entry], day("2025-01-01")) == []
    assert valid_register_evidence([entry, open_entry], None) == [open_entry]
    assert valid_register_evidence([open_entry], day("2020-01-01"), include_ambiguous=False) == []
    assert valid_register_evidence(None, day("2020-01-01")) == []


def test_many_rows_few_suppliers_is_fast(register: Register) -> None:
    import time

    base = [
        {"supplier": "Textil-Import GmbH & Co. KG", "product_group": "textiles"},
        {"supplier": "Naturstein Handel Ruhr", "product_group": "natural_stone"},
        {"supplier": "Bäckerei Sonstwo", "product_group": None},
    ]
    table = item_table(base * 20000)
    start = time.perf_counter()
    out = join_register(table, register)
    elapsed = time.perf_counter() - start
    assert len(out) == 60000
    assert [len(x) for x in out["register_evidence"].iloc[:3]] == [1, 2, 0]
    assert elapsed < 5.0


def test_as_evidence_builds_evidence_models(register: Register) -> None:
    out = _joined(register, [{"supplier": "Textil-Import GmbH", "product_group": "textiles"}])
    [ev] = [Evidence(**d) for d in as_evidence(out["register_evidence"].iloc[0])]
    assert ev.kind == "membership" and ev.label_id == "fair-wear-foundation" and ev.field == "register"
    assert ev.valid_to == dt.date(2024, 12, 31) and ev.confidence == 1.0
    assert ev.reference is not None and ev.reference.startswith("Akte 1; register row ")
    assert as_evidence(None) == []
