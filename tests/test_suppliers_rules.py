"""Register evidence through the rules evaluator (runs once fairbuy.rules and fairbuy.labeldb exist).

A T-shirt bought from a Fair Wear Foundation member is judged with the membership while it is
valid, not after it ended; an ambiguous supplier join gives needs_review.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from suppliers_helpers import item_table, write_yaml

from fairbuy.suppliers import join_register, load_register

rules = pytest.importorskip("fairbuy.rules")
labeldb = pytest.importorskip("fairbuy.labeldb")

#: A rule set that accepts a membership in a multi-stakeholder initiative covering child labour,
#: like § 2 Abs. 1 Satz 2 Nr. 2 NKernVO does (kept here so that the test does not depend on the
#: origin and value conditions of a shipped rule set).
RULESET = """
fairbuy_rules: 1
id: test-membership-counts
version: "1"
title_de: "Test: Mitgliedschaft zählt"
title_en: "Test: membership counts"
jurisdiction: "test"
legal_nature: "test rule set"
valid_from: 2010-01-01
sources: ["https://example.org/test"]
rules:
  - id: child-labour
    title: {de: "ohne Kinderarbeit", en: "no child labour"}
    requirement: {de: "Nachweis ohne Kinderarbeit", en: "proof of no child labour"}
    severity: error
    reference: "https://example.org/test"
    applies_to:
      product_groups: [clothing_workwear, textiles]
    satisfied_by:
      - step: label_or_equivalent
        equivalents: true
        requires: [child_labour]
        third_party: true
        levels: [product, ingredient, site, supply_chain]
      - step: membership_or_third_party_declaration
        requires: [child_labour]
"""

REGISTER = """
suppliers:
  - name: Textil-Import GmbH & Co. KG
    evidence:
      - kind: membership
        label: fair-wear-foundation
        text: Mitglied der Fair Wear Foundation
        scope: [clothing_workwear, textiles]
        valid_from: 2024-01-01
        valid_to: 2024-12-31
  - name: Stoffe Handel GmbH
    vat_id: DE811000011
    evidence:
      - {kind: membership, label: fair-wear-foundation, valid_to: 2026-12-31}
  - name: Stoffe Handel AG
    vat_id: DE811000022
    evidence:
      - {kind: membership, label: fair-wear-foundation, valid_to: 2026-12-31}
"""


def _evaluate(tmp_path: Path, rows: list[dict[str, Any]]) -> pd.DataFrame:
    db = labeldb.load_label_db()
    ruleset_path = write_yaml(tmp_path, RULESET, "test-rules.yaml")
    rulesets = rules.load_rulesets([str(ruleset_path)])
    register = load_register(write_yaml(tmp_path, REGISTER), label_db=db)
    base = {"product_group": "clothing_workwear", "labels": [], "evidence": [], "origin": "BD",
            "description": "T-Shirt Baumwolle", "amount": 500.0}
    table = item_table([{**base, **row} for row in rows])
    table["labels"] = [[] for _ in range(len(table))]
    table["evidence"] = [[] for _ in range(len(table))]
    table = join_register(table, register)
    result = rules.evaluate_table(table, rulesets, db, audit_date=dt.date(2025, 6, 1))
    out: pd.DataFrame = result.table
    return out


def test_fair_wear_membership_counts_only_while_valid(tmp_path: Path) -> None:
    out = _evaluate(
        tmp_path,
        [
            {"supplier": "Textil Import GmbH", "purchase_date": dt.date(2024, 6, 1)},
            {"supplier": "Textil Import GmbH", "purchase_date": dt.date(2025, 2, 1)},
            {"supplier": "Anderer Textilhandel GmbH", "purchase_date": dt.date(2024, 6, 1)},
        ],
    )
    during, after, other = out["status"].tolist()
    assert during == "compliant"
    assert after != "compliant"
    assert other == "non_compliant"
    # the valid membership is named as the evidence used
    used = [u for f in out["findings"].iloc[0] for u in f.get("evidence_used", [])]
    assert any("fair" in str(u).lower() for u in used)


def test_ambiguous_join_gives_needs_review(tmp_path: Path) -> None:
    out = _evaluate(tmp_path, [{"supplier": "Stoffe-Handel", "purchase_date": dt.date(2025, 2, 1)}])
    entries = out["register_evidence"].iloc[0]
    assert len(entries) == 2 and all(e["ambiguous"] for e in entries)
    assert out["status"].iloc[0] == "needs_review"
