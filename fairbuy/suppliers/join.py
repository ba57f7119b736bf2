"""Joining register entries to line items by supplier id, name, alias or near match.

The join works on the unique (supplier, supplier id) pairs of the table — a ledger of a million
rows has a few thousand suppliers — and maps the result back to the rows.

Order of attempts for one supplier of the table:

1. **id** — the table's supplier id (VAT id or creditor number, normalised) equals an id of a
   register supplier (score 100);
2. **name** / **alias** — the normalised name (legal forms stripped, case, umlauts, punctuation
   folded, spaces ignored) equals a register supplier's name, or one of its aliases (score 100);
3. **fuzzy** — rapidfuzz ``token_sort_ratio`` at or above ``threshold`` (default 90) *and* every
   word pairs up with a word of the register name that is equal or a one-letter typo (see
   :func:`fairbuy.suppliers.names.tokens_compatible`): "Textil Export" never joins "Textil Import".

A name join is dropped when both sides carry VAT ids and they differ (two legal entities). When
a supplier matches two or more register suppliers equally well (same step, scores within
``ambiguity_margin``), the entries of all of them are returned with ``ambiguous=True``: the rules
evaluator treats them as ``needs_review``, never as proof.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from fairbuy.suppliers.names import (
    compact_key,
    looks_like_vat_id,
    normalise_supplier_id,
    normalise_supplier_name,
    tokens_compatible,
)
from fairbuy.suppliers.register import Register, RegisterEntry

#: Default minimum rapidfuzz token_sort_ratio of a near match (0..100).
FUZZY_THRESHOLD: Final[float] = 90.0
#: Two candidates whose scores differ by no more than this are equally good (→ ambiguous).
AMBIGUITY_MARGIN: Final[float] = 2.0

JOIN_COLUMN: Final[str] = "register_evidence"


@dataclass(frozen=True, slots=True)
class SupplierMatch:
    """How one supplier of the table was joined to the register."""

    suppliers: tuple[int, ...]  # register supplier indices; empty when no join
    method: str | None  # "id" | "name" | "alias" | "fuzzy"
    score: float
    ambiguous: bool

    @property
    def matched(self) -> bool:
        return bool(self.suppliers)


NO_MATCH: Final[SupplierMatch] = SupplierMatch((), None, 0.0, False)


def _clean(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if value.is_integer():
            value = int(value)
    text = " ".join(str(value).split())
    return text or None


class SupplierMatcher:
    """Indexes a register once and matches supplier names/ids of a table against it."""

    def __init__(
        self,
        register: Register,
        *,
        threshold: float = FUZZY_THRESHOLD,
        ambiguity_margin: float = AMBIGUITY_MARGIN,
    ) -> None:
        self.register = register
        self.threshold = threshold
        self.margin = ambiguity_margin
        self.by_id: dict[str, set[int]] = {}
        self.by_name: dict[str, set[int]] = {}
        self.by_alias: dict[str, set[int]] = {}
        self.choices: list[str] = []
        self.choice_supplier: list[int] = []
        for sup in register.suppliers:
            for sid in sup.ids:
                self.by_id.setdefault(sid, set()).add(sup.index)
            if sup.normalised:
                self.by_name.setdefault(compact_key(sup.normalised), set()).add(sup.index)
                self.choices.append(sup.normalised)
                self.choice_supplier.append(sup.index)
            for alias in sup.aliases:
                norm = normalise_supplier_name(alias)
                if norm:
                    self.by_alias.setdefault(compact_key(norm), set()).add(sup.index)
                    self.choices.append(norm)
                    self.choice_supplier.append(sup.index)
        self._name_cache: dict[str, SupplierMatch] = {}

    def _vat_conflict(self, sup_index: int, table_id: str | None) -> bool:
        if table_id is None or not looks_like_vat_id(table_id):
            return False
        vats = self.register.suppliers[sup_index].vat_ids
        return bool(vats) and table_id not in vats

    def match(self, name: str | None, supplier_id: str | None = None) -> SupplierMatch:
        """The register supplier(s) for one supplier of the table."""
        sid = normalise_supplier_id(supplier_id) if supplier_id else None
        if sid:
            hits = self.by_id.get(sid)
            if hits:
                return SupplierMatch(tuple(sorted(hits)), "id", 100.0, len(hits) > 1)
        if not name:
            return NO_MATCH
        found = self._match_name(name)
        if not found.matched or not sid:
            return found
        kept = tuple(i for i in found.suppliers if not self._vat_conflict(i, sid))
        if not kept:
            return NO_MATCH
        return SupplierMatch(kept, found.method, found.score, len(kept) > 1)

    def _match_name(self, name: str) -> SupplierMatch:
        cached = self._name_cache.get(name)
        if cached is not None:
            return cached
        norm = normalise_supplier_name(name)
        result = self._match_normalised(norm) if norm else NO_MATCH
        self._name_cache[name] = result
        return result

    def _match_normalised(self, norm: str) -> SupplierMatch:
        key = compact_key(norm)
        by_name = self.by_name.get(key, set())
        by_alias = self.by_alias.get(key, set())
        exact = by_name | by_alias
        if exact:
            method = "name" if by_name else "alias"
            return SupplierMatch(tuple(sorted(exact)), method, 100.0, len(exact) > 1)
        if not self.choices:
            return NO_MATCH
        best: dict[int, float] = {}
        for _choice, score, pos in process.extract(
            norm,
            self.choices,
            scorer=fuzz.token_sort_ratio,
            score_cutoff=self.threshold,
            limit=20,
        ):
            if not tokens_compatible(norm, self.choices[pos]):
                continue
            sup = self.choice_supplier[pos]
            if score > best.get(sup, -1.0):
                best[sup] = float(score)
        if not best:
            return NO_MATCH
        top = max(best.values())
        close = tuple(sorted(s for s, sc in best.items() if top - sc <= self.margin))
        return SupplierMatch(close, "fuzzy", round(top, 1), len(close) > 1)


def entry_dict(entry: RegisterEntry, register: Register, match: SupplierMatch) -> dict[str, Any]:
    """The ``register_evidence`` dict of one entry joined by ``match`` (see :func:`join_register`)."""
    return {
        "kind": entry.kind,
        "label_id": entry.label_id,
        "text": entry.text,
        "certificate_number": entry.certificate_number,
        "scope_groups": list(entry.scope_groups) if entry.scope_groups is not None else None,
        "valid_from": entry.valid_from,
        "valid_to": entry.valid_to,
        "join_method": match.method,
        "join_score": float(match.score),
        "ambiguous": bool(match.ambiguous),
        "supplier_name": register.suppliers[entry.supplier].name,
        "reference": entry.reference,
        "register_row": entry.row,
    }


def _covers(entry: RegisterEntry, group: str | None) -> bool:
    if entry.scope_groups is None:
        return True
    return group is not None and group in entry.scope_groups


def row_keys(table: pd.DataFrame, columns: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Factorise the item rows of ``table`` by the values of ``columns`` (missing columns = None).

    Returns ``(keys, firsts)``: per row the index of its unique combination (-1 for rows whose
    ``row_kind`` is not "item"), and per combination the position of its first row. Vectorised:
    a million rows with a few thousand combinations take well under a second.
    """
    n = len(table)
    combined = np.zeros(n, dtype=np.int64)
    for name in columns:
        if name not in table.columns:
            continue
        codes, uniques = pd.factorize(table[name], use_na_sentinel=True)
        combined = combined * (len(uniques) + 1) + (codes.astype(np.int64) + 1)
        combined = pd.factorize(combined)[0].astype(np.int64)  # keep the numbers small
    if "row_kind" in table.columns:
        is_item = (table["row_kind"] == "item").to_numpy(dtype=bool, na_value=False)
    else:
        is_item = np.ones(n, dtype=bool)
    keys = np.full(n, -1, dtype=np.int64)
    if is_item.any():
        codes, _uniq = pd.factorize(combined[is_item])
        keys[is_item] = codes
        positions = np.flatnonzero(is_item)
        _u, first_idx = np.unique(codes, return_index=True)
        firsts = positions[first_idx]
    else:
        firsts = np.zeros(0, dtype=np.int64)
    return keys, firsts


def join_register(
    table: pd.DataFrame,
    register: Register,
    *,
    threshold: float = FUZZY_THRESHOLD,
    ambiguity_margin: float = AMBIGUITY_MARGIN,
) -> pd.DataFrame:
    """Return ``table`` with the column ``register_evidence``: per row a list of dicts.

    Each dict: ``kind``, ``label_id``, ``text``, ``certificate_number``, ``scope_groups`` (None =
    all groups), ``valid_from``, ``valid_to``, ``join_method`` ("id"/"name"/"alias"/"fuzzy"),
    ``join_score`` (0..100), ``ambiguous``, ``supplier_name`` (the register's), ``reference``,
    ``register_row``. Only entries whose scope covers the row's ``product_group`` are listed;
    validity is *not* filtered here (see :func:`valid_register_evidence`). Rows that are not
    items get an empty list. Rows of the same supplier and product group share one list (and the
    dicts in it): treat them as read-only, copy before changing.
    """
    matcher = SupplierMatcher(register, threshold=threshold, ambiguity_margin=ambiguity_margin)
    by_supplier: dict[int, list[RegisterEntry]] = {}
    for entry in register.entries:
        by_supplier.setdefault(entry.supplier, []).append(entry)

    n = len(table)
    out = table.copy(deep=False)
    if n == 0:
        out[JOIN_COLUMN] = pd.Series([], dtype=object, index=table.index)
        return out

    keys, firsts = row_keys(table, ("supplier", "supplier_id", "product_group"))

    def first_values(name: str) -> list[Any]:
        if name not in table.columns:
            return [None] * len(firsts)
        return list(table[name].to_numpy(dtype=object)[firsts].tolist())

    match_cache: dict[tuple[str | None, str | None], SupplierMatch] = {}
    dict_cache: dict[tuple[tuple[int, ...], str | None, float, bool, int], dict[str, Any]] = {}
    per_key: list[list[dict[str, Any]]] = []
    for name_v, id_v, group_v in zip(
        first_values("supplier"), first_values("supplier_id"), first_values("product_group"), strict=True
    ):
        name, sid, group = _clean(name_v), _clean(id_v), _clean(group_v)
        mkey = (name, sid)
        match = match_cache.get(mkey)
        if match is None:
            match = matcher.match(name, sid)
            match_cache[mkey] = match
        found: list[dict[str, Any]] = []
        for sup in match.suppliers:
            for entry in by_supplier.get(sup, []):
                if not _covers(entry, group):
                    continue
                dkey = (match.suppliers, match.method, match.score, match.ambiguous, id(entry))
                d = dict_cache.get(dkey)
                if d is None:
                    d = entry_dict(entry, register, match)
                    dict_cache[dkey] = d
                found.append(d)
        per_key.append(found)
    # One list per (supplier, id, product group) combination, shared by its rows; index -1 (rows
    # that are not items) picks the last slot, an empty list of its own.
    lookup = np.empty(len(per_key) + 1, dtype=object)
    for k, found_list in enumerate(per_key):
        lookup[k] = found_list
    lookup[len(per_key)] = []
    result = lookup[keys]
    out[JOIN_COLUMN] = pd.Series(result, index=table.index, dtype=object)
    return out



def evidence_state(entry: dict[str, Any] | RegisterEntry, on: dt.date) -> str:
    """``"valid"``, ``"expired"`` or ``"not_yet_valid"`` on the date ``on`` (limits inclusive)."""
    if isinstance(entry, RegisterEntry):
        vf, vt = entry.valid_from, entry.valid_to
    else:
        vf, vt = entry.get("valid_from"), entry.get("valid_to")
    if vf is not None and on < vf:
        return "not_yet_valid"
    if vt is not None and on > vt:
        return "expired"
    return "valid"


def valid_register_evidence(
    entries: list[dict[str, Any]] | None,
    purchase_date: dt.date | None,
    *,
    include_ambiguous: bool = True,
) -> list[dict[str, Any]]:
    """The entries of a ``register_evidence`` cell that are valid on ``purchase_date``.

    Valid means ``valid_from <= purchase_date <= valid_to`` where those dates are given. Without
    a purchase date only entries without any validity limit are returned (the caller should
    pass the audit date for undated items). Ambiguous joins are kept unless
    ``include_ambiguous`` is False: they are candidates for review, not proof.
    """
    if not entries:
        return []
    out: list[dict[str, Any]] = []
    for entry in entries:
        if not include_ambiguous and entry.get("ambiguous"):
            continue
        if purchase_date is None:
            if entry.get("valid_from") is None and entry.get("valid_to") is None:
                out.append(entry)
            continue
        if evidence_state(entry, purchase_date) == "valid":
            out.append(entry)
    return out


def as_evidence(entries: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """``register_evidence`` dicts in the shape of :class:`fairbuy.models.Evidence` (for the report).

    ``field`` is ``"register"``; ``confidence`` is the join score / 100 (0 for an ambiguous join);
    ``reference`` names the document and the register row; ``text`` adds the register's supplier
    and how it was joined.
    """
    out: list[dict[str, Any]] = []
    for e in entries or []:
        method = e.get("join_method")
        score = float(e.get("join_score") or 0.0)
        how = f"{method} {score:.0f}" + (", ambiguous" if e.get("ambiguous") else "")
        row = e.get("register_row")
        ref = e.get("reference")
        out.append(
            {
                "kind": e.get("kind") or "other",
                "text": f"{e.get('text')} – {e.get('supplier_name')} ({how})",
                "label_id": e.get("label_id"),
                "field": "register",
                "confidence": 0.0 if e.get("ambiguous") else max(0.0, min(1.0, score / 100.0)),
                "valid_from": e.get("valid_from"),
                "valid_to": e.get("valid_to"),
                "reference": f"{ref}; register row {row}" if ref else f"register row {row}",
            }
        )
    return out
