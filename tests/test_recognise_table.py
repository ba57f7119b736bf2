"""Recogniser over the item table, and the explain command."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from fairbuy.cli.explain import explain
from fairbuy.labeldb import load_label_db
from fairbuy.recognise import Recogniser
from fairbuy.table import READ_COLUMNS, RECOGNITION_COLUMNS


@pytest.fixture(scope="module")
def rec() -> Recogniser:
    return Recogniser(load_label_db())


def _table(rows: list[dict[str, object]]) -> pd.DataFrame:
    full = [{c: r.get(c) for c in READ_COLUMNS} for r in rows]
    return pd.DataFrame(full, columns=list(READ_COLUMNS))


def test_table_columns_and_non_items(rec: Recogniser) -> None:
    t = _table([
        {"row_kind": "item", "description": "Kaffee gemahlen 500g", "label_text": "Fairtrade",
         "supplier": "GEPA - The Fair Trade Company", "cpv": "15861000"},
        {"row_kind": "total", "description": "Summe Fairtrade Kaffee"},
        {"row_kind": "item", "description": "Kaffee gemahlen 500g", "label_text": "Fairtrade",
         "cpv": "15861000"},
        {"row_kind": "item", "description": None, "label_text": None, "cpv": float("nan")},
    ])
    out = rec.recognise_table(t)
    assert list(out.columns) == [*READ_COLUMNS, *RECOGNITION_COLUMNS]
    assert len(out) == 4
    assert out.loc[0, "product_group"] == "coffee"
    assert [lab["id"] for lab in out.loc[0, "labels"]] == ["fairtrade"]
    assert out.loc[1, "product_group"] is None and out.loc[1, "labels"] == []
    assert out.loc[2, "labels"] == out.loc[0, "labels"]
    # rows with the same triple share one (read-only) result list: evaluation and JSON work once per list
    assert out.loc[2, "labels"] is out.loc[0, "labels"]
    assert out.loc[3, "product_group"] is None and out.loc[3, "labels"] == []


def test_supplier_never_yields_labels(rec: Recogniser) -> None:
    t = _table([{"row_kind": "item", "description": "Kaffee 1kg", "supplier": "Fairtrade Kaffee GmbH"}])
    assert rec.recognise_table(t).loc[0, "labels"] == []


def test_missing_values_everywhere(rec: Recogniser) -> None:
    t = _table([{"row_kind": pd.NA, "description": "Kaffee"},
                {"row_kind": "item", "description": pd.NA, "label_text": pd.NA, "cpv": pd.NA}])
    out = rec.recognise_table(t)
    assert out.loc[0, "product_group"] is None
    assert out.loc[1, "labels"] == [] and out.loc[1, "cpv_normalised"] is None


def test_empty_table(rec: Recogniser) -> None:
    out = rec.recognise_table(_table([]))
    assert len(out) == 0 and set(RECOGNITION_COLUMNS) <= set(out.columns)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300), st.one_of(st.none(), st.text(max_size=30)), st.one_of(st.none(), st.text(max_size=80)))
def test_recognise_one_never_raises(rec: Recogniser, desc: str, cpv: str | None, label: str | None) -> None:
    r = rec.recognise_one(desc, cpv, label)
    assert set(r) == set(RECOGNITION_COLUMNS)
    for lab in r["labels"]:
        assert lab["id"] in rec.db.labels
        assert 0.0 <= lab["confidence"] <= 1.0 and not math.isnan(lab["confidence"])


def test_explain_cli_text_and_json() -> None:
    runner = CliRunner()
    res = runner.invoke(explain, ["Kaffee, nicht Fairtrade", "--cpv", "15861000-1"])
    assert res.exit_code == 0, res.output
    assert "coffee" in res.output and "negated" in res.output
    res = runner.invoke(explain, ["T-Shirt Gr. L", "--label-column", "GOTS", "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["product_group"] == "clothing_workwear"
    assert [lab["id"] for lab in data["labels"]] == ["gots"]
