"""Summaries of an evaluated item table: counts and spend by status, product group, label, rule.

Works on the columns (vectorised with pandas); no per-item objects.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import pandas as pd

from fairbuy.models import GroupSummary, StatusSummary, Summary


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


def summarise(table: pd.DataFrame) -> Summary:
    """Build the report summary from a table with ``status``, ``amount``, ``product_group``,
    ``labels`` and ``findings`` columns. Spend counts item rows only (``row_kind`` "item") and, of
    e-invoice lines, only top-level lines (sub-lines are part of their parent's amount)."""
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


def _label_ids(labels: Any) -> list[str]:
    if not isinstance(labels, Iterable) or isinstance(labels, str | bytes):
        return []
    seen: list[str] = []
    for lab in labels:
        lid = lab.get("id") if isinstance(lab, dict) else getattr(lab, "id", None)
        if lid and lid not in seen:
            seen.append(str(lid))
    return seen


def _rule_statuses(findings: Any) -> list[tuple[str, str]]:
    if not isinstance(findings, Iterable) or isinstance(findings, str | bytes):
        return []
    out: list[tuple[str, str]] = []
    for f in findings:
        if isinstance(f, dict):
            rule, ruleset, status = f.get("rule_id"), f.get("ruleset_id"), f.get("status")
        else:
            rule, ruleset, status = getattr(f, "rule_id", None), getattr(f, "ruleset_id", None), getattr(
                f, "status", None
            )
        if rule and rule != "read":
            out.append((f"{ruleset}/{rule}" if ruleset else str(rule), str(getattr(status, "value", status))))
    return out
