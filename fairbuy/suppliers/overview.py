"""Supplier overview (the *Lieferanten* sheet) and the list of expired or soon-expiring evidence."""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

import numpy as np
import pandas as pd

from fairbuy.suppliers.join import (
    JOIN_COLUMN,
    SupplierMatch,
    SupplierMatcher,
    _clean,
    evidence_state,
    row_keys,
)
from fairbuy.suppliers.names import compact_key, normalise_supplier_id, normalise_supplier_name
from fairbuy.suppliers.register import Register, RegisterEntry

#: Default look-ahead for "soon expiring" evidence, in days.
EXPIRY_WINDOW_DAYS: Final[int] = 90

#: Status values of the report (see fairbuy.models.Status), for the per-status item counts.
_STATUSES: Final[tuple[str, ...]] = ("compliant", "non_compliant", "needs_review", "not_applicable", "unreadable")

_INT_COLUMNS: Final[frozenset[str]] = frozenset(
    {"spellings", "items", "evidence_count", "valid_entries", "expiring_entries", "expired_entries"}
)

OVERVIEW_COLUMNS: Final[tuple[str, ...]] = (
    "supplier",
    "supplier_id",
    "spellings",
    "items",
    "spend",
    "register_supplier",
    "join_method",
    "join_score",
    "ambiguous",
    "evidence",
    "evidence_count",
    "valid_entries",
    "expiring_entries",
    "expired_entries",
    "validity",
    "valid_to",
)


def entry_state(
    valid_from: dt.date | None, valid_to: dt.date | None, on: dt.date, within_days: int = EXPIRY_WINDOW_DAYS
) -> str:
    """``valid``, ``expiring`` (valid, ends within ``within_days``), ``expired`` or ``not_yet_valid``."""
    state = evidence_state({"valid_from": valid_from, "valid_to": valid_to}, on)
    if state == "valid" and valid_to is not None and (valid_to - on).days <= within_days:
        return "expiring"
    return state


def expiring_evidence(
    register: Register, audit_date: dt.date, within_days: int = EXPIRY_WINDOW_DAYS
) -> list[dict[str, Any]]:
    """Register entries that have expired by ``audit_date`` or expire within ``within_days`` of it.

    Each dict: ``supplier_name``, ``kind``, ``label_id``, ``text``, ``certificate_number``,
    ``valid_from``, ``valid_to``, ``state`` ("expired" | "expiring"), ``days_left`` (negative when
    expired), ``reference``, ``register_row``. Sorted by ``valid_to``, then register row.
    """
    out: list[dict[str, Any]] = []
    for entry in register.entries:
        if entry.valid_to is None:
            continue
        state = entry_state(entry.valid_from, entry.valid_to, audit_date, within_days)
        if state not in ("expired", "expiring"):
            continue
        out.append(
            {
                "supplier_name": register.suppliers[entry.supplier].name,
                "kind": entry.kind,
                "label_id": entry.label_id,
                "text": entry.text,
                "certificate_number": entry.certificate_number,
                "valid_from": entry.valid_from,
                "valid_to": entry.valid_to,
                "state": state,
                "days_left": (entry.valid_to - audit_date).days,
                "reference": entry.reference,
                "register_row": entry.row,
            }
        )
    out.sort(key=lambda d: (d["valid_to"], d["register_row"]))
    return out


def _describe(kind: str, label_id: str | None, text: str, valid_from: dt.date | None,
              valid_to: dt.date | None) -> str:
    """``"fair-wear-foundation (membership, 2024-01-01–2025-12-31)"``; open ends are left blank."""
    what = label_id or text
    span = ""
    if valid_from is not None or valid_to is not None:
        start = valid_from.isoformat() if valid_from is not None else ""
        end = valid_to.isoformat() if valid_to is not None else ""
        span = f", {start}–{end}"
    return f"{what} ({kind}{span})"


def _group_key(name: str | None, sid: str | None) -> str:
    if name:
        norm = normalise_supplier_name(name)
        if norm:
            return "n:" + compact_key(norm)
    if sid:
        return "i:" + normalise_supplier_id(sid)
    return ""


def supplier_overview(
    table: pd.DataFrame,
    register: Register | None = None,
    *,
    audit_date: dt.date | None = None,
    within_days: int = EXPIRY_WINDOW_DAYS,
) -> pd.DataFrame:
    """One row per supplier of the table (names equal after normalisation are one supplier).

    Columns (:data:`OVERVIEW_COLUMNS`): ``supplier`` (most frequent spelling; None for items
    without a supplier), ``supplier_id``, ``spellings``, ``items`` (item rows), ``spend`` (sum of
    ``amount``), the join (``register_supplier``, ``join_method``, ``join_score``, ``ambiguous``),
    the evidence held (``evidence`` as "label-or-text (kind, FROM–TO)" joined by "; ",
    ``evidence_count``), its state on ``audit_date`` (default today: counts of valid, expiring,
    expired entries; ``validity`` the best state held: valid > expiring > not_yet_valid > expired
    > none; ``valid_to`` the latest end date). With a ``status`` column also ``status_<status>``
    counts and ``open_items`` (needs_review + non_compliant). Sorted by spend, largest first.

    With ``register`` the suppliers are matched here and all their entries are listed; without,
    the entries in the table's ``register_evidence`` column (already scope-filtered) are used.
    """
    on = audit_date or dt.date.today()
    # Aggregate per unique (supplier, supplier id) of the item rows, vectorised; then merge the
    # spellings that normalise alike (a few thousand at most) in Python.
    keys, firsts = row_keys(table, ("supplier", "supplier_id"))
    is_item = keys >= 0
    k = keys[is_item]
    nk = len(firsts)
    items = np.bincount(k, minlength=nk)
    if "amount" in table.columns:
        amounts = pd.to_numeric(table["amount"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        amounts = np.nan_to_num(amounts[is_item], nan=0.0, posinf=0.0, neginf=0.0)
    else:
        amounts = np.zeros(len(k))
    spend = np.bincount(k, weights=amounts, minlength=nk)
    status_counts: np.ndarray | None = None
    status_names: list[str] = []
    if "status" in table.columns:
        scodes, suniq = pd.factorize(table["status"].astype(object).to_numpy()[is_item])
        status_names = [str(x) for x in suniq]
        ns = len(status_names) + 1
        status_counts = np.bincount(k * ns + (scodes + 1), minlength=nk * ns).reshape(nk, ns)

    def first_values(name: str) -> list[Any]:
        if name not in table.columns:
            return [None] * nk
        return list(table[name].to_numpy(dtype=object)[firsts].tolist())

    names = [_clean(v) for v in first_values("supplier")]
    ids = [_clean(v) for v in first_values("supplier_id")]
    entries_of_key: list[dict[Any, dict[str, Any]]] = [{} for _ in range(nk)]
    if JOIN_COLUMN in table.columns and register is None:
        seen: set[tuple[int, int]] = set()
        for kk, cell in zip(k.tolist(), table[JOIN_COLUMN].to_numpy(dtype=object)[is_item].tolist(), strict=True):
            if not isinstance(cell, list) or not cell:
                continue
            marker = (id(cell), kk)
            if marker in seen:
                continue
            seen.add(marker)
            for d in cell:
                entries_of_key[kk].setdefault(d.get("register_row"), d)

    groups: dict[str, dict[str, Any]] = {}
    for i in range(nk):
        name, sid = names[i], ids[i]
        key = _group_key(name, sid)
        g = groups.get(key)
        if g is None:
            g = {"names": {}, "ids": {}, "items": 0, "spend": 0.0, "status": {}, "entries": {}}
            groups[key] = g
        count = int(items[i])
        if name:
            g["names"][name] = g["names"].get(name, 0) + count
        if sid:
            g["ids"][sid] = g["ids"].get(sid, 0) + count
        g["items"] += count
        g["spend"] += float(spend[i])
        if status_counts is not None:
            for j, status in enumerate(status_names, start=1):
                if status_counts[i, j]:
                    g["status"][status] = g["status"].get(status, 0) + int(status_counts[i, j])
        for rrow, d in entries_of_key[i].items():
            g["entries"].setdefault(rrow, d)
    statuses = status_names if status_counts is not None else None

    matcher = SupplierMatcher(register) if register is not None else None
    rows: list[dict[str, Any]] = []
    for g in groups.values():
        name = max(g["names"], key=lambda k: g["names"][k]) if g["names"] else None
        sid = max(g["ids"], key=lambda k: g["ids"][k]) if g["ids"] else None
        entries: list[dict[str, Any]]
        match: SupplierMatch | None = None
        if matcher is not None and register is not None:
            match = matcher.match(name, sid)
            for other in g["names"]:
                if match.matched:
                    break
                match = matcher.match(other, sid)
            entries = [
                _entry_view(e, register)
                for s in match.suppliers
                for e in register.entries
                if e.supplier == s
            ]
        else:
            entries = list(g["entries"].values())
        row: dict[str, Any] = {
            "supplier": name,
            "supplier_id": sid,
            "spellings": len(g["names"]),
            "items": g["items"],
            "spend": round(g["spend"], 2),
        }
        if match is not None and register is not None:
            row["register_supplier"] = "; ".join(register.suppliers[s].name for s in match.suppliers) or None
            row["join_method"] = match.method
            row["join_score"] = match.score if match.matched else None
            row["ambiguous"] = match.ambiguous
        elif entries:
            row["register_supplier"] = "; ".join(dict.fromkeys(str(e.get("supplier_name")) for e in entries))
            row["join_method"] = entries[0].get("join_method")
            row["join_score"] = entries[0].get("join_score")
            row["ambiguous"] = any(bool(e.get("ambiguous")) for e in entries)
        else:
            row.update(register_supplier=None, join_method=None, join_score=None, ambiguous=False)
        states = [entry_state(e.get("valid_from"), e.get("valid_to"), on, within_days) for e in entries]
        row["evidence"] = "; ".join(
            _describe(e["kind"], e.get("label_id"), e.get("text") or "", e.get("valid_from"), e.get("valid_to")) for e in entries
        ) or None
        row["evidence_count"] = len(entries)
        row["valid_entries"] = states.count("valid")
        row["expiring_entries"] = states.count("expiring")
        row["expired_entries"] = states.count("expired")
        row["validity"] = next(
            (s for s in ("valid", "expiring", "not_yet_valid", "expired") if s in states), "none"
        )
        ends = [e["valid_to"] for e in entries if e.get("valid_to") is not None]
        row["valid_to"] = max(ends) if ends else None
        if statuses is not None:
            for status in _STATUSES:
                row[f"status_{status}"] = g["status"].get(status, 0)
            row["open_items"] = g["status"].get("needs_review", 0) + g["status"].get("non_compliant", 0)
        rows.append(row)
    columns = list(OVERVIEW_COLUMNS)
    if statuses is not None:
        columns += [f"status_{s}" for s in _STATUSES] + ["open_items"]
    result = pd.DataFrame(rows, columns=columns, dtype=object)
    for name in result.columns:
        if name in _INT_COLUMNS or name.startswith("status_") or name == "open_items":
            result[name] = result[name].astype("int64")
        elif name in ("spend", "join_score"):
            result[name] = pd.to_numeric(result[name], errors="coerce").astype("float64")
        elif name == "ambiguous":
            result[name] = result[name].astype(bool)
    if not result.empty:
        result = result.sort_values(["spend", "items"], ascending=False, kind="stable").reset_index(drop=True)
    return result


def _entry_view(entry: RegisterEntry, register: Register) -> dict[str, Any]:
    return {
        "kind": entry.kind,
        "label_id": entry.label_id,
        "text": entry.text,
        "valid_from": entry.valid_from,
        "valid_to": entry.valid_to,
        "supplier_name": register.suppliers[entry.supplier].name,
        "register_row": entry.row,
    }


def register_extra(
    register: Register, audit_date: dt.date, within_days: int = EXPIRY_WINDOW_DAYS
) -> dict[str, Any]:
    """A JSON-ready summary of the register for ``AuditReport.extra["supplier_register"]``.

    ``{"path", "suppliers", "entries", "within_days", "expiring": [...]}`` where ``expiring`` is
    :func:`expiring_evidence` with dates as ISO strings.
    """
    expiring = [
        {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in e.items()}
        for e in expiring_evidence(register, audit_date, within_days)
    ]
    return {
        "path": register.path,
        "suppliers": len(register.suppliers),
        "entries": len(register.entries),
        "within_days": within_days,
        "expiring": expiring,
    }
