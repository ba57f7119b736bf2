"""The Done-when cases against the shipped label database (not the stub)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from rules_support import evidence, item, label, table

from fairbuy.rules import evaluate_table, load_rulesets

labeldb = pytest.importorskip("fairbuy.labeldb")

AUDIT = dt.date(2026, 11, 21)


@pytest.fixture(scope="module")
def db() -> Any:
    return labeldb.load_label_db()


def run(db: Any, rulesets: list[str], *rows: dict[str, Any]) -> Any:
    return evaluate_table(table(*rows), load_rulesets(rulesets), db, audit_date=AUDIT)


def only(row: Any, ruleset: str) -> dict[str, Any]:
    (f,) = [f for f in row["findings"] if f["ruleset_id"] == ruleset]
    return f


def test_magna_charta_with_real_labels(db: Any) -> None:
    res = run(db, ["magna-charta-ruhr-2010"],
              item("Röstkaffee Fairtrade", "coffee", labels=[label("fairtrade")]),
              item("Kaffee", "coffee"),
              item("T-Shirt", "clothing_workwear", labels=[label("oeko-tex-standard-100")]),
              item("Kaffee fair gehandelt", "coffee", evidence_=[evidence("generic_claim", "fair gehandelt")]),
              item("Kugelschreiber", None))
    st = list(res.table["status"])
    assert st == ["compliant", "non_compliant", "non_compliant", "needs_review", "not_applicable"]
    coffee = only(res.table.iloc[1], "magna-charta-ruhr-2010")
    assert "fairtrade" in coffee["suggestion"]
    for lid in coffee["suggestion"]:
        lab = db.labels[lid]
        assert lab.covers("child_labour") is True and lab.verification.third_party is True
    shirt = only(res.table.iloc[2], "magna-charta-ruhr-2010")
    assert "OEKO-TEX" in shirt["message"] and "Kinderarbeit" in shirt["message"]
    assert "oeko-tex-standard-100" not in shirt["suggestion"]


def test_gravestones_with_real_labels(db: Any) -> None:
    res = run(db, ["nrw-bestg-4a"],
              item("Grabstein Granit", "gravestones", origin="IN", labels=[label("xertifix-plus")]),
              item("Grabstein Granit", "gravestones", origin="IN"),
              item("Grabstein Granit", "gravestones", origin=None),
              item("Grabstein Granit", "gravestones", origin="PT"),
              item("Grabstein Granit", "gravestones", origin="CN", labels=[label("fair-stone")]))
    assert list(res.table["status"]) == ["compliant", "non_compliant", "needs_review", "compliant", "needs_review"]
    assert only(res.table.iloc[1], "nrw-bestg-4a")["suggestion"][:2] == ["xertifix", "xertifix-plus"]


def test_fairtrade_towns_and_charta_with_real_labels(db: Any) -> None:
    res = run(db, ["fairtrade-towns", "charta-faire-metropole-ruhr-2030"],
              item("Kaffee Fairtrade", "coffee", labels=[label("fairtrade")]),
              item("Zucker Fairtrade", "sugar", labels=[label("fairtrade")]))
    assert [f.status for f in res.list_findings] == ["compliant"]
    ind = {i.id: i.value for i in res.indicators}
    assert ind["goal-1-purchases-with-ilo-proof"] == 2
    assert ind["goal-2-purchases-fair-trade"] == 2


def test_every_shipped_rule_group_is_known_to_the_label_db(db: Any) -> None:
    from fairbuy.rules import list_rulesets

    for rs in list_rulesets():
        for rule in rs.rules:
            for g in rule.applies_to.product_groups + rule.applies_to.exclude_product_groups:
                assert g in db.groups, (rs.id, rule.id, g)
            for step in rule.satisfied_by:
                for lid in step.labels:
                    assert db.canonical_label_id(lid) in db.labels, (rs.id, rule.id, lid)
        for ind in rs.indicators:
            for g in ind.select.product_groups:
                assert g in db.groups, (rs.id, ind.id, g)
