"""Bulk JSON writing of a report straight from the item table.

Produces exactly the bytes of ``AuditReport.model_dump_json()`` (the JSON contract) without
building one pydantic object per item: scalar columns are encoded once per distinct value
(``pandas.factorize``), nested lists once per distinct list object (recognition and evaluation
share list objects between rows with the same text/verdict), then rows are joined.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import orjson
import pandas as pd
from pydantic import TypeAdapter

from fairbuy.assemble import FLOAT_FIELDS, ITEM_FIELDS, item_columns
from fairbuy.models import AuditReport, DetectedLabel, Evidence, Finding, Status

_LIST_ADAPTERS: dict[str, TypeAdapter[Any]] = {
    "labels": TypeAdapter(list[DetectedLabel]),
    "evidence": TypeAdapter(list[Evidence]),
    "findings": TypeAdapter(list[Finding]),
}
_STATUSES = {s.value for s in Status}
_ITEMS_MARK = b',"items":[],"list_findings":'


def _encode_by_value(values: pd.Series, dumps: Callable[[Any], bytes] = orjson.dumps) -> np.ndarray:
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    table = [dumps(u).decode("utf-8") for u in uniques]
    table.append("null")
    return np.asarray(table, dtype=object)[codes]


def _encode_floats(values: pd.Series) -> np.ndarray:
    # factorize on the bit pattern, so that -0.0 and 0.0 stay distinct as they are in pydantic's output
    arr = values.to_numpy(dtype="float64")
    missing = np.isnan(arr)
    bits = arr.view(np.int64)
    codes, uniques = pd.factorize(bits)
    table = [orjson.dumps(float(b)).decode() for b in uniques.view(np.float64)]
    out = np.asarray(table, dtype=object)[codes] if len(table) else np.empty(len(arr), dtype=object)
    out[missing] = "null"
    return out


def object_codes(items: list[Any]) -> tuple[np.ndarray, np.ndarray]:
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


def _encode_lists(values: pd.Series, adapter: TypeAdapter[Any]) -> np.ndarray:
    items = values.tolist()
    if not items:
        return np.empty(0, dtype=object)
    codes, first = object_codes(items)
    table = np.empty(len(first), dtype=object)
    table[:] = [
        adapter.dump_json(adapter.validate_python(v)).decode("utf-8") if v else "[]"
        for v in (items[i] for i in first.tolist())
    ]
    out: np.ndarray = table[codes]
    return out


def _row_pieces(table: pd.DataFrame) -> list[str | np.ndarray]:
    """The pieces of every row's JSON object in order: constant texts and encoded columns."""
    cols = item_columns(table)
    bad = set(cols["status"].unique()) - _STATUSES
    if bad:
        raise ValueError(f"unknown status values in the item table: {sorted(map(str, bad))}")
    encoded: dict[str, np.ndarray] = {}
    for name, series in cols.items():
        if name in _LIST_ADAPTERS:
            encoded[name] = _encode_lists(series, _LIST_ADAPTERS[name])
        elif name in FLOAT_FIELDS:
            encoded[name] = _encode_floats(series)
        elif name == "purchase_date":
            encoded[name] = _encode_by_value(series, lambda d: orjson.dumps(d))
        else:
            encoded[name] = _encode_by_value(series)
    pieces: list[str | np.ndarray] = []
    first = True
    for field in ITEM_FIELDS:
        if field == "source":
            pieces.append('{"source":{"file":')
            pieces.append(encoded["source.file"])
            pieces.append(',"sheet":')
            pieces.append(encoded["source.sheet"])
            pieces.append(',"row":')
            pieces.append(encoded["source.row"])
            pieces.append(',"column":')
            pieces.append(encoded["source.column"])
            pieces.append("}")
            first = False
            continue
        pieces.append(("{" if first else ",") + f'"{field}":')
        pieces.append(encoded[field])
        first = False
    pieces.append("}")
    # merge neighbouring constant texts
    merged: list[str | np.ndarray] = []
    for p in pieces:
        if isinstance(p, str) and merged and isinstance(merged[-1], str):
            merged[-1] += p
        else:
            merged.append(p)
    return merged


def _joined(pieces: list[str | np.ndarray], start: int, stop: int, sep_first: bool) -> str:
    """Rows ``start:stop`` as one text, objects separated by commas (one C-level join)."""
    k = len(pieces)
    m = stop - start
    flat: list[str] = [""] * (m * k)
    for idx, p in enumerate(pieces):
        if isinstance(p, str):
            flat[idx::k] = [p] * m
        else:
            flat[idx::k] = p[start:stop].tolist()
    first_piece = pieces[0]
    if isinstance(first_piece, str):  # a comma before every object but the very first
        flat[0::k] = ["," + first_piece] * m
        if not sep_first and m:
            flat[0] = first_piece
    return "".join(flat)


def items_json_fragments(table: pd.DataFrame) -> list[str]:
    """One JSON object text per row, each equal to ``ItemResult(...).model_dump_json()``."""
    pieces = _row_pieces(table)
    n = len(table)
    columns = [p if isinstance(p, np.ndarray) else [p] * n for p in pieces]
    return ["".join(parts) for parts in zip(*columns, strict=True)]


#: Rows joined per block in :func:`report_json` (bounds the temporary per-piece list).
_BLOCK = 50_000


def report_json_chunks(meta: AuditReport, table: pd.DataFrame) -> Iterator[bytes]:
    """The bytes of :func:`report_json` in pieces (blocks of rows), to write without holding the
    whole report in memory twice."""
    if meta.items:
        raise ValueError("meta must not hold items")
    head = meta.model_dump_json().encode("utf-8")
    at = head.find(_ITEMS_MARK)
    if at < 0:  # pragma: no cover - guarded by the model's field order
        raise ValueError("unexpected report layout")
    yield head[:at] + b',"items":['
    if len(table):
        pieces = _row_pieces(table)
        for start in range(0, len(table), _BLOCK):
            yield _joined(pieces, start, min(start + _BLOCK, len(table)), start > 0).encode("utf-8")
    yield b'],"list_findings":' + head[at + len(_ITEMS_MARK) :]


def report_json(meta: AuditReport, table: pd.DataFrame) -> bytes:
    """The full report JSON: ``meta`` (a report whose ``items`` is empty) with the table's items.

    Equal byte for byte to ``meta.model_copy(update={"items": build_report(...).items}).model_dump_json()``.
    """
    return b"".join(report_json_chunks(meta, table))
