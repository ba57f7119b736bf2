"""Turn an evaluated item table and the audit's metadata into an :class:`AuditReport`.

This is the one place where per-item pydantic objects are built.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from pydantic import TypeAdapter

from fairbuy import __version__
from fairbuy.columns import text_values
from fairbuy.models import (
    AuditReport,
    Finding,
    Indicator,
    InputInfo,
    ItemResult,
    RuleSetRef,
    Severity,
    Status,
)
from fairbuy.summary import summarise

_ITEMS = TypeAdapter(list[ItemResult])

_NON_ITEM_REASON = {
    "blank": ("Leere Zeile: keine Position.", "Blank row: no line item."),
    "total": ("Summen- oder Zwischensummenzeile: keine Position.", "Totals or subtotal row: no line item."),
}


def _clean(value: Any) -> Any:
    """NaN/NaT/pandas NA → None; NumPy scalars → Python scalars."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NaT:
        return None
    try:
        if pd.isna(value) is True:
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(value, "item") and not isinstance(value, list | dict | str):
        try:
            return value.item()
        except (ValueError, AttributeError):
            return value
    return value


def _text(value: Any) -> str | None:
    value = _clean(value)
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def _float(value: Any) -> float | None:
    value = _clean(value)
    if value is None:
        return None
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def _int(value: Any) -> int | None:
    f = _float(value)
    return int(f) if f is not None else None


def _date(value: Any) -> dt.date | None:
    value = _clean(value)
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, pd.Timestamp):
        return value.date()
    return None


def read_finding(row_kind: str, reason: str | None) -> dict[str, Any]:
    """The finding that explains why a row is not an item (blank, total or unreadable row)."""
    de, en = _NON_ITEM_REASON.get(row_kind, ("Zeile nicht lesbar", "Row could not be read"))
    if row_kind not in _NON_ITEM_REASON and reason:
        de, en = f"Zeile nicht lesbar: {reason}", f"Row could not be read: {reason}"
    elif reason:
        de, en = f"{de} ({reason})", f"{en} ({reason})"
    return Finding(
        rule_id="read",
        ruleset_id="fairbuy",
        status=Status.UNREADABLE,
        severity=Severity.INFO if row_kind in _NON_ITEM_REASON else Severity.WARNING,
        message=de,
        message_en=en,
    ).model_dump(mode="json")


def read_note(reason: str) -> dict[str, Any]:
    """An informational finding on an item that was read, but with a cell that could not be."""
    return Finding(
        rule_id="read",
        ruleset_id="fairbuy",
        status=Status.NOT_APPLICABLE,
        severity=Severity.INFO,
        message=f"Hinweis zum Einlesen: {reason}",
        message_en=f"Reading note: {reason}",
    ).model_dump(mode="json")


def _object_series(table: pd.DataFrame, name: str) -> pd.Series:
    if name in table.columns:
        return table[name].astype(object)
    return pd.Series([None] * len(table), index=table.index, dtype=object)


def _text_column(table: pd.DataFrame, name: str, keep: np.ndarray | None = None) -> pd.Series:
    """Text values; NaN/NA → None, non-strings → ``str``; rows outside ``keep`` → None.

    Cleans each distinct value once (``pandas.factorize``), not each row.
    """
    s = _object_series(table, name)
    cleaned: list[str | None] | np.ndarray
    try:
        codes, uniques = pd.factorize(s, use_na_sentinel=True)
    except TypeError:  # unhashable cells: fall back to per-row cleaning
        cleaned = [_text(v) for v in s.tolist()]
    else:
        table_ = [u if isinstance(u, str) else _text(u) for u in uniques]
        table_.append(None)
        cleaned = np.asarray(table_, dtype=object)[codes]
    out = pd.Series(cleaned, index=table.index, dtype=object)
    if keep is not None:
        out = out.where(keep, None)
    return out


def _float_column(table: pd.DataFrame, name: str) -> pd.Series:
    """float64 values; missing and non-finite values (JSON has no NaN/inf) are NaN."""
    if name not in table.columns:
        return pd.Series(np.full(len(table), np.nan), index=table.index, dtype="float64")
    arr = pd.to_numeric(table[name], errors="coerce").astype("float64").to_numpy(copy=True)
    arr[~np.isfinite(arr)] = np.nan
    return pd.Series(arr, index=table.index, dtype="float64")


def _int_column(table: pd.DataFrame, name: str, default: int | None = None) -> pd.Series:
    values = [default if v != v else int(v) for v in _float_column(table, name).tolist()]
    return pd.Series(values, index=table.index, dtype=object)


def _date_column(table: pd.DataFrame, name: str) -> pd.Series:
    s = _object_series(table, name)
    try:
        codes, uniques = pd.factorize(s, use_na_sentinel=True)
    except TypeError:
        return s.map(_date).astype(object)
    cleaned = [_date(u) for u in uniques]
    cleaned.append(None)
    return pd.Series(np.asarray(cleaned, dtype=object)[codes], index=table.index, dtype=object)


_EMPTY: list[Any] = []


def _list_column(table: pd.DataFrame, name: str, keep: np.ndarray | None = None) -> pd.Series:
    values = _object_series(table, name).tolist()
    if keep is None:
        cleaned = [v if type(v) is list else _EMPTY for v in values]
    else:
        cleaned = [v if k and type(v) is list else _EMPTY for v, k in zip(values, keep.tolist(), strict=True)]
    return pd.Series(cleaned, index=table.index, dtype=object)


#: Fields whose column holds float64 (NaN = missing) rather than Python objects.
FLOAT_FIELDS: frozenset[str] = frozenset({"quantity", "unit_price", "amount"})


#: Item fields in the order of :class:`ItemResult` (the JSON order of the report).
ITEM_FIELDS: tuple[str, ...] = tuple(ItemResult.model_fields)


def item_columns(table: pd.DataFrame) -> dict[str, pd.Series]:
    """The report's item fields as cleaned columns (one entry per :data:`ITEM_FIELDS` name;
    ``source`` is split into ``source.file``, ``source.sheet``, ``source.row``, ``source.column``).

    Both :func:`build_report` and the bulk JSON writer (:mod:`fairbuy.fastjson`) use these, so the
    two agree by construction.
    """
    t = finalise_statuses(table)
    kinds = text_values(t["row_kind"]) if "row_kind" in t.columns else np.full(len(t), "item")
    is_item = kinds == "item"
    score = pd.Series(
        [None if v != v else round(v) for v in _float_column(t, "score").tolist()],
        index=t.index,
        dtype=object,
    )
    statuses = _text_column(t, "status").where(lambda s: s.notna(), Status.NOT_APPLICABLE.value)
    cols: dict[str, pd.Series] = {
        "source.file": _text_column(t, "source_file").where(lambda s: s.notna(), ""),
        "source.sheet": _text_column(t, "source_sheet"),
        "source.row": _int_column(t, "source_row", default=1),
        "source.column": pd.Series([None] * len(t), index=t.index, dtype=object),
        "description": _text_column(t, "description"),
        "product_group": _text_column(t, "product_group", is_item),
        "product_group_reason": _text_column(t, "group_reason", is_item),
        "labels": _list_column(t, "labels", is_item),
        "evidence": _list_column(t, "evidence", is_item),
        "status": statuses,
        "score": score.where(is_item, None),
        "findings": _list_column(t, "findings"),
        "quantity": _float_column(t, "quantity"),
        "unit": _text_column(t, "unit"),
        "unit_price": _float_column(t, "unit_price"),
        "amount": _float_column(t, "amount"),
        "supplier": _text_column(t, "supplier"),
        "cpv": _text_column(t, "cpv"),
        "label_text": _text_column(t, "label_text"),
        "origin": _text_column(t, "origin"),
        "purchase_date": _date_column(t, "purchase_date"),
        "document_number": _text_column(t, "document_number"),
        "parent_row": _int_column(t, "parent_row"),
    }
    return cols


def item_dicts(table: pd.DataFrame) -> list[dict[str, Any]]:
    """Plain dicts shaped like :class:`ItemResult`, one per row."""
    cols = item_columns(table)
    keys = [k for k in cols if not k.startswith("source.")]
    src = zip(
        cols["source.file"].tolist(),
        cols["source.sheet"].tolist(),
        cols["source.row"].tolist(),
        cols["source.column"].tolist(),
        strict=True,
    )
    lists = [
        [None if v != v else v for v in cols[k].tolist()] if k in FLOAT_FIELDS else cols[k].tolist() for k in keys
    ]
    values = zip(*lists, strict=True)
    out: list[dict[str, Any]] = []
    for (file, sheet, row, column), vals in zip(src, values, strict=True):
        d: dict[str, Any] = {"source": {"file": file, "sheet": sheet, "row": row, "column": column}}
        d.update(zip(keys, vals, strict=True))
        out.append(d)
    return out


def finalise_statuses(table: pd.DataFrame) -> pd.DataFrame:
    """Make sure every non-item row carries status ``unreadable`` and its read finding.

    Returns a new frame that shares the unchanged columns with ``table`` (a shallow copy: changed
    columns are replaced, never written into, so ``table`` itself stays as it was).
    """
    table = table.copy(deep=False)
    n = len(table)
    if "status" not in table:
        table["status"] = Status.NOT_APPLICABLE.value
    if "findings" not in table:
        table["findings"] = pd.Series([[] for _ in range(n)], index=table.index, dtype=object)
    kinds = text_values(table["row_kind"]) if "row_kind" in table else np.full(n, "item", dtype=object)
    is_item = kinds == "item"
    findings: np.ndarray | None = None  # the new findings column, once a row changes
    if "read_error" in table:
        # items with a cell that could not be read (e.g. "abc" as quantity): a note, not a verdict
        noted_rows = np.flatnonzero(is_item & table["read_error"].notna().to_numpy(dtype=bool))
        if len(noted_rows):
            old = table["findings"].to_numpy(dtype=object)
            errors = table["read_error"].to_numpy(dtype=object)
            for r in noted_rows.tolist():
                fs = old[r]
                # idempotent: rows that already carry their note are left alone
                if isinstance(fs, list) and any(isinstance(f, dict) and f.get("rule_id") == "read" for f in fs):
                    continue
                if findings is None:
                    findings = old.copy()
                findings[r] = [*(fs if isinstance(fs, list) else []), read_note(str(errors[r]))]
    other_rows = np.flatnonzero(~is_item)
    if len(other_rows):
        status = table["status"].to_numpy(dtype=object, copy=True)
        status[other_rows] = Status.UNREADABLE.value
        table["status"] = pd.Series(status, index=table.index, dtype=table["status"].dtype)
        if findings is None:
            findings = table["findings"].to_numpy(dtype=object, copy=True)
        errors = table["read_error"].to_numpy(dtype=object) if "read_error" in table else np.full(n, None)
        for r in other_rows.tolist():
            findings[r] = [read_finding(kinds[r], _text(errors[r]))]
    if findings is not None:
        table["findings"] = pd.Series(findings, index=table.index, dtype=object)
    return table


def build_report(
    table: pd.DataFrame,
    inputs: Sequence[InputInfo],
    rulesets: Sequence[RuleSetRef],
    *,
    label_db_version: str,
    generated_at: dt.datetime,
    audit_date: dt.date | None = None,
    list_findings: Sequence[Finding] = (),
    indicators: Sequence[Indicator] = (),
    extra: dict[str, Any] | None = None,
) -> AuditReport:
    """Assemble the report: one item per table row, in table order."""
    table = finalise_statuses(table)
    items = _ITEMS.validate_python(item_dicts(table))
    return AuditReport(
        fairbuy_version=__version__,
        label_db_version=label_db_version,
        rulesets=list(rulesets),
        inputs=list(inputs),
        generated_at=generated_at,
        audit_date=audit_date,
        items=items,
        list_findings=list(list_findings),
        indicators=list(indicators),
        summary=summarise(table),
        extra=extra or {},
    )
