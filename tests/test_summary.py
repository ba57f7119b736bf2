"""The NumPy summary (:func:`fairbuy.summary.summarise`) against the pandas groupby version it
replaced (kept below as :func:`reference_summarise`, unchanged): equal summaries, digit for digit,
on random tables with shared and unshared lists, repeated rules, blanks, totals, sub-lines,
missing values and amounts whose float sums depend on the order of addition."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest

from fairbuy.models import GroupSummary, StatusSummary, Summary
from fairbuy.summary import _label_ids, _rule_statuses, summarise

# ------------------------------------------------------------------------------------------
# the previous implementation (pandas groupby/explode), as the reference
# ------------------------------------------------------------------------------------------


def _spend(values: pd.Series) -> float:
    total = float(pd.to_numeric(values, errors="coerce").fillna(0.0).sum())
    return round(total, 2) if math.isfinite(total) else 0.0


def _status_table(frame: pd.DataFrame) -> dict[str, StatusSummary]:
    out: dict[str, StatusSummary] = {}
    if frame.empty:
        return out
    grouped = frame.groupby("status", sort=True)["_amount"]
    for status, amounts in grouped:
        out[str(status)] = StatusSummary(count=int(amounts.size), spend=_spend(amounts))
    return out


def _share(part: float, whole: float) -> float | None:
    return round(part / whole, 4) if whole > 0 else None


def reference_summarise(table: pd.DataFrame) -> Summary:
    amounts = pd.to_numeric(table["amount"], errors="coerce").fillna(0.0) if "amount" in table else None
    if amounts is not None and "row_kind" in table:
        # totals, blank and unreadable rows count as rows, never as spend (a totals row would double it)
        amounts = amounts.where(table["row_kind"].astype(str) == "item", 0.0)
    if amounts is not None and "parent_row" in table:
        # an XRechnung parent line's amount already includes its sub-lines: count each euro once
        amounts = amounts.where(pd.to_numeric(table["parent_row"], errors="coerce").isna(), 0.0)
    frame = pd.DataFrame(
        {
            "status": table["status"].astype(str) if "status" in table else pd.Series(dtype=str),
            "_amount": amounts if amounts is not None else 0.0,
            "group": table.get("product_group", None),
        }
    )
    summary = Summary(items=len(frame), spend=_spend(frame["_amount"]), by_status=_status_table(frame))

    grouped = frame[frame["group"].notna()].groupby("group", sort=True)
    for group, part in grouped:
        spend = _spend(part["_amount"])
        compliant = _spend(part.loc[part["status"] == "compliant", "_amount"])
        summary.by_product_group[str(group)] = GroupSummary(
            count=len(part),
            spend=spend,
            by_status=_status_table(part),
            compliant_spend_share=_share(compliant, spend),
        )

    if "labels" in table:
        label_ids = _per_object(table["labels"], _label_ids)
        exploded = pd.DataFrame({"label": label_ids, "_amount": frame["_amount"]}).explode("label")
        exploded = exploded[exploded["label"].notna()]
        for label, part in exploded.groupby("label", sort=True):
            summary.by_label[str(label)] = StatusSummary(count=len(part), spend=_spend(part["_amount"]))

    if "findings" in table:
        rule_keys = _per_object(table["findings"], _rule_statuses)
        exploded = pd.DataFrame({"rs": rule_keys, "_amount": frame["_amount"]}).explode("rs")
        exploded = exploded[exploded["rs"].notna()]
        if not exploded.empty:
            exploded["rule"] = exploded["rs"].map(lambda t: t[0])
            exploded["status"] = exploded["rs"].map(lambda t: t[1])
            for rule, part in exploded.groupby("rule", sort=True):
                per_status = _status_table(part)
                summary.by_rule[str(rule)] = per_status
                applied = {k: v for k, v in per_status.items() if k not in ("not_applicable", "unreadable")}
                applied_spend = sum(v.spend for v in applied.values())
                compliant_spend = applied.get("compliant", StatusSummary()).spend
                summary.compliant_spend_share_by_rule[str(rule)] = _share(compliant_spend, applied_spend)
    return summary
def _per_object(values: pd.Series, fn: Callable[[Any], list[Any]]) -> pd.Series:
    """``values.map(fn)``, computed once per distinct cell object (rows share result lists)."""
    from fairbuy.fastjson import object_codes

    items = values.tolist()
    if not items:
        return values.map(fn)
    codes, first = object_codes(items)
    table = np.empty(len(first), dtype=object)
    table[:] = [fn(items[i]) for i in first.tolist()]
    return pd.Series(table[codes], index=values.index, dtype=object)


# (_label_ids and _rule_statuses, the per-item readers, are shared with fairbuy.summary: the
# reference differs only in how it groups and sums)


# ------------------------------------------------------------------------------------------
# random tables
# ------------------------------------------------------------------------------------------

STATUSES = ["compliant", "non_compliant", "needs_review", "not_applicable", "unreadable"]
GROUPS = ["coffee", "textiles", "natural_stone", "toys", None]
LABEL_IDS = ["fairtrade", "fair-stone", "gots", "xertifix", "fsc"]
RULES = [("magna-charta-ruhr-2010", "child-labour"), ("magna-charta-ruhr-2010", "stone"), ("other", "wages"),
         (None, "lonely")]


class _Label:
    """A label as an object (the report path hands validated models to the summary)."""

    def __init__(self, lid: str) -> None:
        self.id = lid


def _amount(rng: random.Random) -> float:
    pick = rng.random()
    if pick < 0.1:
        return math.nan
    if pick < 0.2:
        return rng.choice([0.1, 0.2, 0.3, 1e16, -1e16, 1e-3, 2.675])  # order of addition matters
    if pick < 0.25:
        return -0.0
    return round(rng.uniform(-50, 5000), rng.choice([0, 2, 3, 7]))


def _finding(rng: random.Random) -> dict[str, Any]:
    ruleset, rule = rng.choice(RULES)
    return {"rule_id": rng.choice([rule, rule, "read"]), "ruleset_id": ruleset, "status": rng.choice(STATUSES)}


def random_table(seed: int, n: int) -> pd.DataFrame:
    rng = random.Random(seed)
    shared_labels = [[{"id": rng.choice(LABEL_IDS)} for _ in range(rng.randint(0, 3))] for _ in range(6)]
    shared_labels.append([_Label("gots"), {"id": "gots"}, {"id": ""}, {"name": "no id"}])
    shared_findings = [[_finding(rng) for _ in range(rng.randint(0, 4))] for _ in range(8)]
    rows: dict[str, list[Any]] = {k: [] for k in ("row_kind", "amount", "parent_row", "status", "product_group",
                                                   "labels", "findings")}
    for _ in range(n):
        rows["row_kind"].append(rng.choice(["item"] * 8 + ["blank", "total", "unreadable"]))
        rows["amount"].append(_amount(rng))
        rows["parent_row"].append(rng.choice([None] * 6 + [3, math.nan]))
        rows["status"].append(rng.choice(STATUSES))
        rows["product_group"].append(rng.choice(GROUPS))
        rows["labels"].append(rng.choice(shared_labels) if rng.random() < 0.8
                              else [{"id": rng.choice(LABEL_IDS)} for _ in range(rng.randint(0, 2))])
        rows["findings"].append(rng.choice(shared_findings) if rng.random() < 0.8 else [_finding(rng)])
    return pd.DataFrame(rows)


def _same(table: pd.DataFrame) -> None:
    got, want = summarise(table), reference_summarise(table)
    assert got.model_dump_json() == want.model_dump_json()
    assert got == want


@pytest.mark.parametrize("seed", range(40))
def test_summary_equals_the_groupby_version(seed: int) -> None:
    _same(random_table(seed, random.Random(seed).choice([1, 7, 60, 400, 3000])))


def test_summary_equals_the_groupby_version_with_columns_missing() -> None:
    table = random_table(99, 500)
    for drop in (["parent_row"], ["row_kind"], ["amount"], ["labels"], ["findings"], ["product_group"],
                 ["row_kind", "parent_row", "labels"]):
        _same(table.drop(columns=drop))
    _same(table.iloc[:0])
    _same(table.set_axis(np.arange(len(table)) * 3 + 5))  # not a RangeIndex


def test_summary_sums_in_row_order() -> None:
    # 1e16 + 1 - 1e16 is 0 or 2 depending on the order of addition: the row order is kept
    table = pd.DataFrame({
        "row_kind": ["item"] * 4,
        "amount": [1e16, 1.0, 1.0, -1e16],
        "status": ["compliant", "needs_review", "compliant", "compliant"],
        "product_group": ["coffee"] * 4,
        "labels": [[{"id": "fairtrade"}]] * 4,
        "findings": [[{"rule_id": "r", "ruleset_id": "s", "status": "compliant"}]] * 4,
    })
    got = summarise(table)
    _same(table)
    assert got.by_status["compliant"].spend == float(np.array([1e16, 1.0, -1e16]).sum())
    assert got.by_status["compliant"].count == 3
    assert got.by_product_group["coffee"].by_status["needs_review"].count == 1
    assert got.by_rule["s/r"]["compliant"].count == 4
