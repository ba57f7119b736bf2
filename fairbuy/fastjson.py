"""Bulk JSON writing of a report straight from the item table.

Produces exactly the bytes of ``AuditReport.model_dump_json()`` (the JSON contract) without
building one pydantic object per item: the columns are cleaned once per distinct value
(:func:`fairbuy.assemble.item_codes`: codes per row plus distinct values) and each distinct value
is encoded once, as UTF-8 — nested lists once per distinct list object (recognition and
evaluation share list objects between rows with the same text/verdict); neighbouring columns with
few combinations are joined once per combination, then rows are joined block by block, in bytes
throughout (no re-encoding of the whole report).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import orjson
import pandas as pd
from pydantic import TypeAdapter

from fairbuy.assemble import ITEM_FIELDS, Coded, item_codes, object_codes
from fairbuy.models import AuditReport, DetectedLabel, Evidence, Finding, Status

_LIST_ADAPTERS: dict[str, TypeAdapter[Any]] = {
    "labels": TypeAdapter(list[DetectedLabel]),
    "evidence": TypeAdapter(list[Evidence]),
    "findings": TypeAdapter(list[Finding]),
}
_STATUSES = {s.value for s in Status}
_ITEMS_MARK = b',"items":[],"list_findings":'


#: A column piece: ``(codes, texts)`` — row ``i`` reads ``texts[codes[i]]`` — or a constant text.
Encoded = tuple[np.ndarray, list[bytes]]
Piece = bytes | Encoded

__all__ = ["items_json_fragments", "object_codes", "report_json", "report_json_chunks"]


def _dumps(value: Any) -> bytes:
    """``orjson.dumps(value)`` as an exactly sized bytes object. (orjson's own result keeps spare
    buffer space; holding a million of them made encoding a 1M-row report ~8 s slower — through
    ``str`` it is a plain small object again.)"""
    return orjson.dumps(value).decode("utf-8").encode("utf-8")


#: Characters orjson escapes in a string (or refuses: lone surrogates); tested against orjson.
_JSON_ESCAPED = re.compile(r'[\x00-\x1f"\\\ud800-\udfff]')


def _texts_json(values: list[Any]) -> list[bytes]:
    """``_dumps`` of each value; a list of strings with nothing to escape in bulk (the common
    case: the JSON of such a string is the string in quotes)."""
    if all(type(v) is str for v in values) and not _JSON_ESCAPED.search("".join(values)):
        return [('"' + v + '"').encode("utf-8") for v in values]
    return [_dumps(v) for v in values]


def _encoded(col: Coded, dumps: Callable[[Any], bytes] | None = None) -> Encoded:
    """The JSON of each distinct value (code -1, None: ``null``); ``dumps`` defaults to orjson's."""
    table = [dumps(v) for v in col.values] if dumps is not None else _texts_json(col.values)
    table.append(b"null")
    return np.where(col.codes >= 0, col.codes, len(table) - 1), table


def _floats(arr: np.ndarray) -> Encoded:
    # factorize on the bit pattern, so that -0.0 and 0.0 stay distinct as they are in pydantic's output
    missing = np.isnan(arr)
    codes, uniques = pd.factorize(arr.view(np.int64))
    table = [_dumps(b) for b in uniques.view(np.float64).tolist()]
    table.append(b"null")
    codes = np.asarray(codes, dtype=np.int64)
    codes[missing] = len(table) - 1
    return codes, table


def _list_dumps(adapter: TypeAdapter[Any]) -> Callable[[Any], bytes]:
    def dumps(v: Any) -> bytes:
        return adapter.dump_json(adapter.validate_python(v)) if v else b"[]"

    return dumps


@dataclass
class _Run:
    """Neighbouring pieces merged into one: ``codes`` per row names a combination, and
    ``parts[k][c]`` is the code of combination ``c`` in piece ``k`` (whose texts are
    ``texts[k]``). The combined texts are built once, at the end (:meth:`encoded`), instead of
    re-concatenating ever longer texts piece by piece."""

    codes: np.ndarray
    parts: list[np.ndarray]
    texts: list[list[bytes]]

    @classmethod
    def of(cls, piece: Encoded) -> _Run:
        codes, texts = piece
        return cls(codes, [np.arange(len(texts), dtype=np.int64)], [texts])

    @property
    def combinations(self) -> int:
        return len(self.parts[0])

    def add_constant(self, text: bytes) -> None:
        self.parts.append(np.zeros(self.combinations, dtype=np.int64))
        self.texts.append([text])

    def add(self, piece: Encoded, limit: int) -> bool:
        """Merge ``piece`` in, unless that gives more than ``limit`` combinations."""
        codes, texts = piece
        pairs, combined = pd.factorize(self.codes * len(texts) + codes)
        if len(combined) > limit:
            return False
        prev, mine = np.divmod(np.asarray(combined, dtype=np.int64), len(texts))
        self.codes = np.asarray(pairs, dtype=np.int64)
        self.parts = [p[prev] for p in self.parts] + [mine]
        self.texts.append(texts)
        return True

    def encoded(self) -> Encoded:
        if len(self.parts) == 1:
            return self.codes, [self.texts[0][i] for i in self.parts[0].tolist()]
        columns = [[texts[i] for i in part.tolist()] for part, texts in zip(self.parts, self.texts, strict=True)]
        return self.codes, [b"".join(t) for t in zip(*columns, strict=True)]


def _row_pieces(table: pd.DataFrame) -> list[bytes | np.ndarray]:
    """The pieces of every row's JSON object in order (UTF-8): constant texts and encoded columns.

    Each column is cleaned and encoded once per distinct value (:func:`fairbuy.assemble.item_codes`).
    Neighbouring pieces whose combinations are few (the recognition and evaluation columns,
    shared by all rows with the same text and verdict) are merged, so that the final join
    handles a few long pieces per row instead of one per field.
    """
    cols = item_codes(table)
    status = cols["status"]
    assert isinstance(status, Coded)
    bad = {status.values[c] for c in np.unique(status.codes).tolist()} - _STATUSES
    if bad:
        raise ValueError(f"unknown status values in the item table: {sorted(map(str, bad))}")
    n = len(table)
    encoded: dict[str, Encoded] = {}
    for name, col in cols.items():
        if isinstance(col, np.ndarray):
            encoded[name] = _floats(col)
        elif name in _LIST_ADAPTERS:
            encoded[name] = _encoded(col, _list_dumps(_LIST_ADAPTERS[name]))
        else:
            encoded[name] = _encoded(col)
    pieces: list[Piece] = []
    first = True
    for field in ITEM_FIELDS:
        if field == "source":
            pieces.append(b'{"source":{"file":')
            pieces.append(encoded["source.file"])
            pieces.append(b',"sheet":')
            pieces.append(encoded["source.sheet"])
            pieces.append(b',"row":')
            pieces.append(encoded["source.row"])
            pieces.append(b',"column":')
            pieces.append(encoded["source.column"])
            pieces.append(b"}")
            first = False
            continue
        pieces.append((b"{" if first else b",") + f'"{field}":'.encode())
        pieces.append(encoded[field])
        first = False
    pieces.append(b"}")
    # merge neighbours while their distinct combinations stay few (a quarter of the rows); a
    # constant text always joins its neighbour (no new combinations). The first piece stays a
    # constant text: the writer puts the comma between objects before it.
    limit = max(1, n // 4)
    first_piece = pieces[0]
    assert isinstance(first_piece, bytes)
    runs: list[_Run] = []
    for p in pieces[1:]:
        if isinstance(p, bytes) and runs:
            runs[-1].add_constant(p)
        elif isinstance(p, bytes):
            runs.append(_Run.of((np.zeros(n, dtype=np.int64), [p])))
        elif runs and runs[-1].combinations <= limit and len(p[1]) <= limit and runs[-1].add(p, limit):
            pass
        else:
            runs.append(_Run.of(p))
    return [first_piece, *(_take(run.encoded()) for run in runs)]


def _take(p: Encoded) -> np.ndarray:
    """One text per row."""
    codes, texts = p
    table = np.empty(len(texts), dtype=object)
    table[:] = texts
    out: np.ndarray = table[codes]
    return out


def _joined(pieces: list[bytes | np.ndarray], start: int, stop: int, sep_first: bool) -> bytes:
    """Rows ``start:stop`` as one text, objects separated by commas (one C-level join)."""
    k = len(pieces)
    m = stop - start
    flat: list[bytes] = [b""] * (m * k)
    for idx, p in enumerate(pieces):
        if isinstance(p, bytes):
            flat[idx::k] = [p] * m
        else:
            flat[idx::k] = p[start:stop].tolist()
    first_piece = pieces[0]
    if isinstance(first_piece, bytes):  # a comma before every object but the very first
        flat[0::k] = [b"," + first_piece] * m
        if not sep_first and m:
            flat[0] = first_piece
    return b"".join(flat)


def items_json_fragments(table: pd.DataFrame) -> list[str]:
    """One JSON object text per row, each equal to ``ItemResult(...).model_dump_json()``."""
    pieces = _row_pieces(table)
    n = len(table)
    columns = [p if isinstance(p, np.ndarray) else [p] * n for p in pieces]
    return [b"".join(parts).decode("utf-8") for parts in zip(*columns, strict=True)]


#: Rows joined per block in :func:`report_json` (bounds the temporary per-piece list).
_BLOCK = 50_000


#: From this many rows on, the second half of the rows is encoded by a forked process.
PARALLEL_MIN_ROWS = 200_000


def _rows_json(table: pd.DataFrame, sep_first: bool) -> Iterator[bytes]:
    """The rows' JSON objects, comma-separated (a comma before the first one if ``sep_first``)."""
    if len(table):
        pieces = _row_pieces(table)
        for start in range(0, len(table), _BLOCK):
            yield _joined(pieces, start, min(start + _BLOCK, len(table)), sep_first or start > 0)


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
