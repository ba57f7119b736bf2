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


#: A column piece: ``(codes, texts)`` — row ``i`` reads ``texts[codes[i]]`` — or a constant text.
Coded = tuple[np.ndarray, list[str]]
Piece = str | Coded


def _by_value(values: pd.Series, dumps: Callable[[Any], bytes] = orjson.dumps) -> Coded:
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    table = [dumps(u).decode("utf-8") for u in uniques]
    table.append("null")  # code -1 (missing) reads the last entry
    codes = np.asarray(codes, dtype=np.int64)
    codes[codes < 0] = len(table) - 1
    return codes, table


def _floats(values: pd.Series) -> Coded:
    # factorize on the bit pattern, so that -0.0 and 0.0 stay distinct as they are in pydantic's output
    arr = values.to_numpy(dtype="float64")
    missing = np.isnan(arr)
    bits = arr.view(np.int64)
    codes, uniques = pd.factorize(bits)
    table = [orjson.dumps(float(b)).decode() for b in uniques.view(np.float64)]
    table.append("null")
    codes = np.asarray(codes, dtype=np.int64)
    codes[missing] = len(table) - 1
    return codes, table


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


def _lists(values: pd.Series, adapter: TypeAdapter[Any]) -> Coded:
    items = values.tolist()
    if not items:
        return np.empty(0, dtype=np.int64), []
    codes, first = object_codes(items)
    table = [
        adapter.dump_json(adapter.validate_python(v)).decode("utf-8") if v else "[]"
        for v in (items[i] for i in first.tolist())
    ]
    return codes, table


def _merge(a: Piece, b: Piece, n: int, limit: int | None = None) -> Piece | None:
    """Two neighbouring pieces as one (texts concatenated once per distinct pair of codes);
    None when that gives more than ``limit`` distinct texts."""
    if isinstance(a, str):
        return a + b if isinstance(b, str) else (b[0], [a + t for t in b[1]])
    if isinstance(b, str):
        return a[0], [t + b for t in a[1]]
    (ca, ta), (cb, tb) = a, b
    codes, pairs = pd.factorize(ca * len(tb) + cb)
    if limit is not None and len(pairs) > limit:
        return None
    ia, ib = np.divmod(np.asarray(pairs, dtype=np.int64), len(tb))
    return np.asarray(codes, dtype=np.int64), [ta[i] + tb[j] for i, j in zip(ia.tolist(), ib.tolist(), strict=True)]


def _cardinality(p: Piece) -> int:
    return 1 if isinstance(p, str) else len(p[1])


def _row_pieces(table: pd.DataFrame) -> list[str | np.ndarray]:
    """The pieces of every row's JSON object in order: constant texts and encoded columns.

    Neighbouring pieces whose combinations are few (the recognition and evaluation columns,
    shared by all rows with the same text and verdict) are merged, so that the final join
    handles a few long pieces per row instead of one per field.
    """
    cols = item_columns(table)
    bad = set(cols["status"].unique()) - _STATUSES
    if bad:
        raise ValueError(f"unknown status values in the item table: {sorted(map(str, bad))}")
    n = len(table)
    encoded: dict[str, Coded] = {}
    for name, series in cols.items():
        if name in _LIST_ADAPTERS:
            encoded[name] = _lists(series, _LIST_ADAPTERS[name])
        elif name in FLOAT_FIELDS:
            encoded[name] = _floats(series)
        elif name == "purchase_date":
            encoded[name] = _by_value(series, lambda d: orjson.dumps(d))
        else:
            encoded[name] = _by_value(series)
    pieces: list[Piece] = []
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
    # merge neighbours while their distinct combinations stay few (a quarter of the rows)
    # (the first piece stays a constant text: the writer puts the comma between objects before it)
    limit = max(1, n // 4)
    merged: list[Piece] = [pieces[0]]
    for p in pieces[1:]:
        last = merged[-1]
        if len(merged) > 1 and (isinstance(p, str) or isinstance(last, str)):
            joined = _merge(last, p, n)  # a constant joins its neighbour: no new combinations
            assert joined is not None
            merged[-1] = joined
            continue
        if len(merged) > 1 and _cardinality(last) <= limit and _cardinality(p) <= limit:
            candidate = _merge(last, p, n, limit)
            if candidate is not None:
                merged[-1] = candidate
                continue
        merged.append(p)
    return [p if isinstance(p, str) else np.asarray(p[1], dtype=object)[p[0]] for p in merged]


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


#: From this many rows on, the second half of the rows is encoded by a forked process.
PARALLEL_MIN_ROWS = 200_000


def _rows_json(table: pd.DataFrame, sep_first: bool) -> Iterator[bytes]:
    """The rows' JSON objects, comma-separated (a comma before the first one if ``sep_first``)."""
    if len(table):
        pieces = _row_pieces(table)
        for start in range(0, len(table), _BLOCK):
            yield _joined(pieces, start, min(start + _BLOCK, len(table)), sep_first or start > 0).encode("utf-8")


def _rows_json_forked(table: pd.DataFrame) -> Iterator[bytes]:
    """:func:`_rows_json` of ``table`` with its second half encoded at the same time by a forked
    process into a temporary file (each row's text depends on that row alone, so the bytes are
    the same). Falls back to one process where ``fork`` is not available."""
    import contextlib
    import multiprocessing
    import os
    import tempfile
    import warnings

    from fairbuy.recognise.parallel import worker_count

    n = len(table)
    if worker_count(n) < 2:
        yield from _rows_json(table, False)
        return
    half = n // 2
    fd, tmp = tempfile.mkstemp(prefix="fairbuy-json-", suffix=".part")
    os.close(fd)
    try:
        ctx = multiprocessing.get_context("fork")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # "multi-threaded, use of fork()"
            child = ctx.Process(target=_write_rows, args=(table.iloc[half:], tmp), daemon=True)
            child.start()
        try:
            yield from _rows_json(table.iloc[:half], False)
        finally:
            child.join()
        if child.exitcode != 0:
            raise RuntimeError(f"JSON worker process failed (exit code {child.exitcode})")
        with open(tmp, "rb") as fh:
            while block := fh.read(16 << 20):
                yield block
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _write_rows(table: pd.DataFrame, path: str) -> None:  # pragma: no cover - runs in the child
    with open(path, "wb") as fh:
        for block in _rows_json(table, True):
            fh.write(block)


def report_json_chunks(meta: AuditReport, table: pd.DataFrame) -> Iterator[bytes]:
    """The bytes of :func:`report_json` in pieces (blocks of rows), to write without holding the
    whole report in memory twice. Large tables are encoded by two processes (see
    :func:`_rows_json_forked`; ``FAIRBUY_WORKERS=1`` keeps it to one)."""
    if meta.items:
        raise ValueError("meta must not hold items")
    head = meta.model_dump_json().encode("utf-8")
    at = head.find(_ITEMS_MARK)
    if at < 0:  # pragma: no cover - guarded by the model's field order
        raise ValueError("unexpected report layout")
    yield head[:at] + b',"items":['
    if len(table) >= PARALLEL_MIN_ROWS:
        yield from _rows_json_forked(table)
    else:
        yield from _rows_json(table, False)
    yield b'],"list_findings":' + head[at + len(_ITEMS_MARK) :]


def report_json(meta: AuditReport, table: pd.DataFrame) -> bytes:
    """The full report JSON: ``meta`` (a report whose ``items`` is empty) with the table's items.

    Equal byte for byte to ``meta.model_copy(update={"items": build_report(...).items}).model_dump_json()``.
    """
    return b"".join(report_json_chunks(meta, table))
