"""Bulk JSON writing of a report straight from the item table.

Produces exactly the bytes of ``AuditReport.model_dump_json()`` (the JSON contract) without
building one pydantic object per item: scalar columns are encoded once per distinct value
(``pandas.factorize``), nested lists once per distinct list object (recognition and evaluation
share list objects between rows with the same text/verdict), then rows are joined.
"""

from __future__ import annotations

from collections.abc import Callable
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


def _encode_lists(values: pd.Series, adapter: TypeAdapter[Any]) -> np.ndarray:
    cache: dict[int, str] = {}
    out = np.empty(len(values), dtype=object)
    items = values.tolist()
    for i, v in enumerate(items):
        key = id(v)
        enc = cache.get(key)
        if enc is None:
            enc = adapter.dump_json(adapter.validate_python(v)).decode("utf-8") if v else "[]"
            cache[key] = enc
        out[i] = enc
    return out


def items_json_fragments(table: pd.DataFrame) -> list[str]:
    """One JSON object text per row, each equal to ``ItemResult(...).model_dump_json()``."""
    cols = item_columns(table)
    bad = set(cols["status"].unique()) - _STATUSES
    if bad:
        raise ValueError(f"unknown status values in the item table: {sorted(map(str, bad))}")
    encoded: dict[str, np.ndarray] = {}
    for name, series in cols.items():
        field = name.split(".", 1)[-1] if name.startswith("source.") else name
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
    n = len(table)
    columns = [p if isinstance(p, np.ndarray) else [p] * n for p in pieces]
    return ["".join(parts) for parts in zip(*columns, strict=True)]


def report_json(meta: AuditReport, table: pd.DataFrame) -> bytes:
    """The full report JSON: ``meta`` (a report whose ``items`` is empty) with the table's items.

    Equal byte for byte to ``meta.model_copy(update={"items": build_report(...).items}).model_dump_json()``.
    """
    if meta.items:
        raise ValueError("meta must not hold items")
    head = meta.model_dump_json().encode("utf-8")
    at = head.find(_ITEMS_MARK)
    if at < 0:  # pragma: no cover - guarded by the model's field order
        raise ValueError("unexpected report layout")
    body = ",".join(items_json_fragments(table)).encode("utf-8")
    return head[:at] + b',"items":[' + body + b'],"list_findings":' + head[at + len(_ITEMS_MARK) :]
