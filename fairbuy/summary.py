"""Summaries of an evaluated item table: counts and spend by status, product group, label, rule.

Works on integer codes of the columns (NumPy); no per-item objects.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import pandas as pd

from fairbuy.columns import text_values
from fairbuy.models import GroupSummary, StatusSummary, Summary


def _group_sums(keys: np.ndarray, amounts: np.ndarray, groups: int) -> tuple[list[int], list[float]]:
    """Count and spend (sum rounded to cents; 0.0 if not finite) of the entries of each key
    ``0..groups-1`` (key -1: left out).

    Each group's amounts are summed as one contiguous array in entry order, exactly as a
    ``DataFrame.groupby(...)`` iteration hands them over (a stable sort by key, then slices), so
    the floating-point sums are the same, digit for digit (tests/test_summary.py).
    """
    keep = keys >= 0
    if not keep.all():
        keys, amounts = keys[keep], amounts[keep]
    # (a stable sort of small integers is a radix sort in NumPy: much faster than of int64)
    order = np.argsort(keys.astype(np.int16) if groups <= np.iinfo(np.int16).max else keys, kind="stable")
    ordered = amounts[order]
    counts = np.bincount(keys, minlength=groups).tolist() if len(keys) else [0] * groups
    spends: list[float] = []
    at = 0
    for c in counts:
        total = float(ordered[at : at + c].sum())
        spends.append(round(total, 2) if math.isfinite(total) else 0.0)
        at += c
    return counts, spends


def _status_dict(codes: np.ndarray, names: list[str], amounts: np.ndarray) -> dict[str, StatusSummary]:
    """Per status (in sorted order, as ``groupby(sort=True)``), the count and spend of the rows."""
    counts, spends = _group_sums(codes, amounts, len(names))
    return {name: StatusSummary(count=c, spend=sp) for name, c, sp in zip(names, counts, spends, strict=True) if c}


def _sorted_codes(values: pd.Series | np.ndarray) -> tuple[np.ndarray, list[Any]]:
    """Codes of the values' sorted distinct values (missing: -1)."""
    codes, uniques = pd.factorize(values, sort=True, use_na_sentinel=True)
    return np.asarray(codes, dtype=np.int64), list(uniques)


def _share(part: float, whole: float) -> float | None:
    return round(part / whole, 4) if whole > 0 else None


def summarise(table: pd.DataFrame) -> Summary:
    """Build the report summary from a table with ``status``, ``amount``, ``product_group``,
    ``labels`` and ``findings`` columns. Spend counts item rows only (``row_kind`` "item") and, of
    e-invoice lines, only top-level lines (sub-lines are part of their parent's amount).

    Grouped with NumPy on integer codes (status, group, label and rule are few distinct values;
    label and finding lists are read once per list object); every sum adds the same amounts in
    the same order as a ``DataFrame.groupby`` over the rows would.
    """
    n = len(table)
    if "amount" in table:
        amounts = pd.to_numeric(table["amount"], errors="coerce").fillna(0.0)
        if "row_kind" in table:
            # totals, blank and unreadable rows count as rows, never as spend (a totals row would double it)
            amounts = amounts.where(text_values(table["row_kind"]) == "item", 0.0)
        if "parent_row" in table:
            # an XRechnung parent line's amount already includes its sub-lines: count each euro once
            amounts = amounts.where(pd.to_numeric(table["parent_row"], errors="coerce").isna(), 0.0)
        amount = amounts.to_numpy(dtype="float64")
    else:
        amount = np.zeros(n, dtype="float64")

    # status: the text of each distinct value (as ``astype(str)`` gives it), then sorted codes
    if "status" in table:
        raw_codes, raw_uniques = pd.factorize(table["status"], use_na_sentinel=False)
        as_text = pd.Series(raw_uniques, dtype=object).astype(str)
        text_codes, texts = _sorted_codes(as_text)
        remap = np.append(text_codes, -1)
        status = remap[np.where(raw_codes >= 0, raw_codes, len(text_codes))]
        status_names = [str(x) for x in texts]
    else:
        status, status_names = np.full(n, -1, dtype=np.int64), []
    width = max(len(status_names), 1)

    total = float(amount.sum())
    summary = Summary(items=n, spend=round(total, 2) if math.isfinite(total) else 0.0,
                      by_status=_status_dict(status, status_names, amount))

    if "product_group" in table:
        group, group_names = _sorted_codes(table["product_group"].to_numpy(dtype=object))
        counts, spends = _group_sums(group, amount, len(group_names))
        # (group, status) pairs: the rows of a group by status, in row order
        pair = np.where((group >= 0) & (status >= 0), group * width + status, -1)
        pair_counts, pair_spends = _group_sums(pair, amount, len(group_names) * width)
        compliant = status_names.index("compliant") if "compliant" in status_names else -1
        for g, name in enumerate(group_names):
            by_status = {
                status_names[s]: StatusSummary(count=pair_counts[g * width + s], spend=pair_spends[g * width + s])
                for s in range(len(status_names)) if pair_counts[g * width + s]
            }
            compliant_spend = pair_spends[g * width + compliant] if compliant >= 0 else 0.0
            summary.by_product_group[str(name)] = GroupSummary(
                count=counts[g],
                spend=spends[g],
                by_status=by_status,
                compliant_spend_share=_share(compliant_spend, spends[g]),
            )

    if "labels" in table:
        rows, idx, flat = _exploded(table["labels"], _label_ids)
        flat_codes, key_names = _sorted_codes(_objects(flat))
        counts, spends = _group_sums(flat_codes[idx], amount[rows], len(key_names))
        for name, c, sp in zip(key_names, counts, spends, strict=True):
            summary.by_label[str(name)] = StatusSummary(count=c, spend=sp)

    if "findings" in table:
        rows, idx, flat = _exploded(table["findings"], _rule_statuses)
        if len(rows):
            rule_codes, rule_names = _sorted_codes(_objects([k[0] for k in flat]))
            st_codes, st_names = _sorted_codes(_objects([k[1] for k in flat]))
            w = max(len(st_names), 1)
            pair_counts, pair_spends = _group_sums((rule_codes * w + st_codes)[idx], amount[rows],
                                                   len(rule_names) * w)
            for r, rule in enumerate(rule_names):
                per_status = {
                    str(st_names[s]): StatusSummary(count=pair_counts[r * w + s], spend=pair_spends[r * w + s])
                    for s in range(len(st_names)) if pair_counts[r * w + s]
                }
                summary.by_rule[str(rule)] = per_status
                applied = {k: v for k, v in per_status.items() if k not in ("not_applicable", "unreadable")}
                applied_spend = sum(v.spend for v in applied.values())
                compliant_spend = applied.get("compliant", StatusSummary()).spend
                summary.compliant_spend_share_by_rule[str(rule)] = _share(compliant_spend, applied_spend)
    return summary


def _objects(values: list[Any]) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _exploded(values: pd.Series, fn: Callable[[Any], list[Any]]) -> tuple[np.ndarray, np.ndarray, list[Any]]:
    """``fn`` of every cell, flattened, as ``(rows, idx, flat)``: entry ``j`` (in row order, then
    list order) belongs to row ``rows[j]`` and is ``flat[idx[j]]``. ``fn`` runs once per distinct
    cell object (rows share result lists), and ``flat`` holds the entries of those calls."""
    from fairbuy.assemble import object_codes

    items = values.tolist()
    if not items:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64), []
    codes, first = object_codes(items)
    per_object = [fn(items[i]) for i in first.tolist()]
    sizes = np.fromiter(map(len, per_object), dtype=np.int64, count=len(per_object))
    lens = sizes[codes]
    rows = np.repeat(np.arange(len(items), dtype=np.int64), lens)
    offsets = np.cumsum(sizes) - sizes  # where each object's entries start in ``flat``
    starts = np.cumsum(lens) - lens  # where each row's entries start in the result
    idx = np.repeat(offsets[codes] - starts, lens) + np.arange(int(lens.sum()), dtype=np.int64)
    return rows, idx, [x for obj in per_object for x in obj]


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
