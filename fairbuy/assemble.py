"""Turn an evaluated item table and the audit's metadata into an :class:`AuditReport`.

This is the one place where per-item pydantic objects are built.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from pydantic import TypeAdapter

from fairbuy import __version__
from fairbuy.columns import text_values
from fairbuy.io.reasons import german
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
        de, en = f"Zeile nicht lesbar: {german(reason)}", f"Row could not be read: {reason}"
    elif reason:
        de, en = f"{de} ({german(reason)})", f"{en} ({reason})"
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
        message=f"Hinweis zum Einlesen: {german(reason)}",
        message_en=f"Reading note: {reason}",
    ).model_dump(mode="json")


@dataclass(frozen=True)
class Coded:
    """A column as its distinct values and one code per row: row ``i`` holds
    ``values[codes[i]]``; code ``-1`` stands for None. Values are cleaned once per distinct value,
    and writers encode them once per distinct value too."""

    codes: np.ndarray  # int64, one per row
    values: list[Any]

    def materialise(self, index: pd.Index) -> pd.Series:
        """The column as one Python value per row (shared values are the same objects)."""
        table = np.fromiter(itertools.chain(self.values, [None]), dtype=object, count=len(self.values) + 1)
        codes = np.where(self.codes >= 0, self.codes, len(self.values))
        return pd.Series(table[codes], index=index, dtype=object)


def _missing(n: int) -> Coded:
    return Coded(np.full(n, -1, dtype=np.int64), [])


def _filled(coded: Coded, value: Any) -> Coded:
    """None → ``value``."""
    values = [value if v is None else v for v in coded.values]
    missing = coded.codes < 0
    if not missing.any():
        return Coded(coded.codes, values)
    return Coded(np.where(missing, len(values), coded.codes), [*values, value])


def _drop(coded: Coded, keep: np.ndarray | None) -> Coded:
    """Rows outside ``keep`` → None."""
    if keep is None or keep.all():
        return coded
    return Coded(np.where(keep, coded.codes, -1), coded.values)


def _text_coded(table: pd.DataFrame, name: str, keep: np.ndarray | None = None) -> Coded:
    """Text values; NaN/NA → None, non-strings → ``str``; rows outside ``keep`` → None.

    Cleans each distinct value once (``pandas.factorize``), not each row.
    """
    if name not in table.columns:
        return _missing(len(table))
    s = table[name].astype(object)
    try:
        codes, uniques = pd.factorize(s, use_na_sentinel=True)
    except TypeError:  # unhashable cells: fall back to per-row cleaning
        return _drop(Coded(np.arange(len(s), dtype=np.int64), [_text(v) for v in s.tolist()]), keep)
    values = [u if isinstance(u, str) else _text(u) for u in uniques]
    return _drop(Coded(np.asarray(codes, dtype=np.int64), values), keep)


def _float_array(table: pd.DataFrame, name: str) -> np.ndarray:
    """float64 values; missing and non-finite values (JSON has no NaN/inf) are NaN."""
    if name not in table.columns:
        return np.full(len(table), np.nan)
    arr = pd.to_numeric(table[name], errors="coerce").astype("float64").to_numpy(copy=True)
    arr[~np.isfinite(arr)] = np.nan
    return arr


def _int_coded(table: pd.DataFrame, name: str, default: int | None = None, *,
               convert: Callable[[float], int] = int) -> Coded:
    """Whole numbers (``convert`` of the float value); missing → ``default``."""
    codes, uniques = pd.factorize(_float_array(table, name), use_na_sentinel=True)
    codes = np.asarray(codes, dtype=np.int64)
    values: list[Any] = [convert(v) for v in uniques.tolist()]
    if default is not None and bool((codes < 0).any()):
        codes[codes < 0] = len(values)
        values.append(default)
    return Coded(codes, values)


def _date_coded(table: pd.DataFrame, name: str) -> Coded:
    if name not in table.columns:
        return _missing(len(table))
    s = table[name].astype(object)
    try:
        codes, uniques = pd.factorize(s, use_na_sentinel=True)
    except TypeError:
        return Coded(np.arange(len(s), dtype=np.int64), [_date(v) for v in s.tolist()])
    return Coded(np.asarray(codes, dtype=np.int64), [_date(u) for u in uniques])


_EMPTY: list[Any] = []


def object_codes(items: Sequence[Any]) -> tuple[np.ndarray, np.ndarray]:
    """(codes, first row of each code) grouping the rows by the identity of their cell object.

    Recognition and evaluation share one list object between all rows with the same result, so
    work done once per distinct object serves every row holding it.
    """
    n = len(items)
    ids = np.fromiter(map(id, items), dtype=np.int64, count=n)
    codes, uniques = pd.factorize(ids)
    codes = np.asarray(codes, dtype=np.int64)
    first = np.empty(len(uniques), dtype=np.int64)
    first[codes[::-1]] = np.arange(n - 1, -1, -1, dtype=np.int64)
    return codes, first


def _list_coded(table: pd.DataFrame, name: str, keep: np.ndarray | None = None) -> Coded:
    """Lists (anything else → an empty list; rows outside ``keep`` too), one value per distinct
    list object."""
    n = len(table)
    if name not in table.columns or n == 0:
        return Coded(np.zeros(n, dtype=np.int64), [_EMPTY])
    items = table[name].astype(object).tolist()
    codes, first = object_codes(items)
    values = [v if type(v) is list else _EMPTY for v in (items[i] for i in first.tolist())]
    if keep is not None and not keep.all():
        codes = np.where(keep, codes, len(values))
        values.append(_EMPTY)
    return Coded(codes, values)


#: Fields whose column holds float64 (NaN = missing) rather than Python objects.
FLOAT_FIELDS: frozenset[str] = frozenset({"quantity", "unit_price", "amount"})


#: Item fields in the order of :class:`ItemResult` (the JSON order of the report).
ITEM_FIELDS: tuple[str, ...] = tuple(ItemResult.model_fields)


def item_codes(table: pd.DataFrame) -> dict[str, Coded | np.ndarray]:
    """The report's item fields as cleaned columns (one entry per :data:`ITEM_FIELDS` name;
    ``source`` is split into ``source.file``, ``source.sheet``, ``source.row``, ``source.column``):
    :class:`Coded` columns, and float64 arrays (NaN = missing) for :data:`FLOAT_FIELDS`.

    :func:`item_columns` (so :func:`build_report`), the bulk JSON writer (:mod:`fairbuy.fastjson`)
    and the bulk xlsx writer all use these, so they agree by construction.
    """
    t = finalise_statuses(table)
    n = len(t)
    kinds = text_values(t["row_kind"]) if "row_kind" in t.columns else np.full(n, "item", dtype=object)
    is_item = kinds == "item"
    cols: dict[str, Coded | np.ndarray] = {
        "source.file": _filled(_text_coded(t, "source_file"), ""),
        "source.sheet": _text_coded(t, "source_sheet"),
        "source.row": _int_coded(t, "source_row", default=1),
        "source.column": _missing(n),
        "description": _text_coded(t, "description"),
        "product_group": _text_coded(t, "product_group", is_item),
        "product_group_reason": _text_coded(t, "group_reason", is_item),
        "labels": _list_coded(t, "labels", is_item),
        "evidence": _list_coded(t, "evidence", is_item),
        "status": _filled(_text_coded(t, "status"), Status.NOT_APPLICABLE.value),
        "score": _drop(_int_coded(t, "score", convert=round), is_item),
        "findings": _list_coded(t, "findings"),
        "quantity": _float_array(t, "quantity"),
        "unit": _text_coded(t, "unit"),
        "unit_price": _float_array(t, "unit_price"),
        "amount": _float_array(t, "amount"),
        "supplier": _text_coded(t, "supplier"),
        "cpv": _text_coded(t, "cpv"),
        "label_text": _text_coded(t, "label_text"),
        "origin": _text_coded(t, "origin"),
        "purchase_date": _date_coded(t, "purchase_date"),
        "document_number": _text_coded(t, "document_number"),
        "parent_row": _int_coded(t, "parent_row"),
    }
    return cols


def item_columns(table: pd.DataFrame) -> dict[str, pd.Series]:
    """:func:`item_codes` as one pandas Series per field (Python objects; float64 for
    :data:`FLOAT_FIELDS`)."""
    index = table.index
    return {
        name: pd.Series(col, index=index, dtype="float64") if isinstance(col, np.ndarray) else col.materialise(index)
        for name, col in item_codes(table).items()
    }


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
