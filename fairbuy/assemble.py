"""Turn an evaluated item table and the audit's metadata into an :class:`AuditReport`.

This is the one place where per-item pydantic objects are built.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Hashable, Sequence
from typing import Any

import pandas as pd
from pydantic import TypeAdapter

from fairbuy import __version__
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


def _row_dict(row: dict[Hashable, Any]) -> dict[str, Any]:
    kind = str(row.get("row_kind") or "item")
    status = row.get("status")
    findings = row.get("findings")
    if not isinstance(findings, list):
        findings = []
    if kind != "item":
        status = Status.UNREADABLE.value
        if not any(isinstance(f, dict) and f.get("rule_id") == "read" for f in findings):
            findings = [read_finding(kind, _text(row.get("read_error"))), *findings]
    score = _float(row.get("score"))
    labels = row.get("labels") if isinstance(row.get("labels"), list) else []
    evidence = row.get("evidence") if isinstance(row.get("evidence"), list) else []
    return {
        "source": {
            "file": _text(row.get("source_file")) or "",
            "sheet": _text(row.get("source_sheet")),
            "row": _int(row.get("source_row")) or 1,
        },
        "description": _text(row.get("description")),
        "product_group": _text(row.get("product_group")) if kind == "item" else None,
        "product_group_reason": _text(row.get("group_reason")) if kind == "item" else None,
        "labels": labels if kind == "item" else [],
        "evidence": evidence if kind == "item" else [],
        "status": status or Status.NOT_APPLICABLE.value,
        "score": round(score) if score is not None and kind == "item" else None,
        "findings": findings,
        "quantity": _float(row.get("quantity")),
        "unit": _text(row.get("unit")),
        "unit_price": _float(row.get("unit_price")),
        "amount": _float(row.get("amount")),
        "supplier": _text(row.get("supplier")),
        "cpv": _text(row.get("cpv")),
        "label_text": _text(row.get("label_text")),
        "origin": _text(row.get("origin")),
        "purchase_date": _date(row.get("purchase_date")),
        "document_number": _text(row.get("document_number")),
        "parent_row": _int(row.get("parent_row")),
    }


def finalise_statuses(table: pd.DataFrame) -> pd.DataFrame:
    """Make sure every non-item row carries status ``unreadable`` and its read finding."""
    table = table.copy()
    if "status" not in table:
        table["status"] = Status.NOT_APPLICABLE.value
    if "findings" not in table:
        table["findings"] = [[] for _ in range(len(table))]
    kinds = table["row_kind"].astype(str) if "row_kind" in table else pd.Series("item", index=table.index)
    mask = kinds != "item"
    if mask.any():
        table.loc[mask, "status"] = Status.UNREADABLE.value
        errors = table["read_error"] if "read_error" in table else pd.Series(None, index=table.index)
        table.loc[mask, "findings"] = pd.Series(
            [[read_finding(k, _text(e))] for k, e in zip(kinds[mask], errors[mask], strict=True)],
            index=table.index[mask],
            dtype=object,
        )
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
    records = table.to_dict(orient="records")
    items = _ITEMS.validate_python([_row_dict(r) for r in records])
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
