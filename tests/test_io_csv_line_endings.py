"""CSV line endings: ``\\n``, ``\\r\\n``, a lone ``\\r`` and ``\\r\\r\\n`` (CRLF converted twice), mixed
in one file. A line ends at a line feed, at a carriage return + line feed, or at a carriage return
on its own (as editors show the file). The line-by-line reader and the pyarrow fast path give the
same cells and the same physical line numbers for every row, including files long enough to take
the fast path without help."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fairbuy.io.csvread as csvread
from fairbuy.io import read_input

_ENDINGS = ["\n", "\r\n", "\r", "\r\r\n"]


def _grid(data: bytes, monkeypatch: pytest.MonkeyPatch, *, fast: bool) -> tuple[list[list[str]], list[int], bool]:
    """Cells and line numbers of ``data`` read with (``fast``) or without the fast path, and
    whether the fast path gave the answer."""
    used: list[bool] = []
    real = csvread._fast_body

    def spy(*args: Any) -> Any:
        res = real(*args)
        used.append(res is not None)
        return res

    with monkeypatch.context() as m:
        m.setattr(csvread, "FAST_PATH_MIN_LINES", 0 if fast else 10**9)
        m.setattr(csvread, "_fast_body", spy)
        cells, rows, _header, _meta = csvread.read_csv_grid(data, "x.csv", column_map=None)
    grid, lines = cells.to_numpy().tolist(), rows.tolist()
    # (blank rows after the last one with text are dropped later; the paths need not agree there)
    while grid and not any(grid[-1]):
        grid.pop()
        lines.pop()
    return grid, lines, any(used)


def _universal_lines(text: str) -> list[str]:
    """Physical lines as Python's universal newlines split them (\\n, \\r\\n, lone \\r)."""
    return io.StringIO(text, newline="").readlines()


@pytest.mark.parametrize(
    ("data", "cells", "lines"),
    [
        # CRLF written again as CRLF: each \r\r\n ends a line and an empty one
        (b"Bezeichnung;Menge\r\nTee;1\r\r\nKaffee;2\r\nMilch;3\r\n",
         [["Tee", "1"], ["", ""], ["Kaffee", "2"], ["Milch", "3"]], [2, 3, 4, 5]),
        (b"Bezeichnung;Menge\r\r\nTee;1\r\r\nKaffee;2\r\r\nMilch;3\r\r\n",
         [["", ""], ["Tee", "1"], ["", ""], ["Kaffee", "2"], ["", ""], ["Milch", "3"]], [2, 3, 4, 5, 6, 7]),
        (b"Bezeichnung;Menge\nTee;1\n\r\nKaffee;2\r\r\n\r\nMilch;3\n",
         [["Tee", "1"], ["", ""], ["Kaffee", "2"], ["", ""], ["", ""], ["Milch", "3"]], [2, 3, 4, 5, 6, 7]),
        # lone CR (classic Mac) in the data and above the header: no row may go missing
        (b"Bezeichnung;Menge\r\nTee;1\rKaffee;2\rMilch;3\r\n",
         [["Tee", "1"], ["Kaffee", "2"], ["Milch", "3"]], [2, 3, 4]),
        (b"Titel\rBezeichnung;Menge\nTee;1\nKaffee;2\nMilch;3\n",
         [["Tee", "1"], ["Kaffee", "2"], ["Milch", "3"]], [3, 4, 5]),
        (b"Titel\r\r\nBezeichnung;Menge\nTee;1\nKaffee;2\nMilch;3\n",
         [["Tee", "1"], ["Kaffee", "2"], ["Milch", "3"]], [4, 5, 6]),
        (b"Titel\rBezeichnung;Menge\rTee;1\rKaffee;2\rMilch;3",
         [["Tee", "1"], ["Kaffee", "2"], ["Milch", "3"]], [3, 4, 5]),
    ],
)
def test_fast_and_slow_path_agree_on_mixed_line_endings(
    monkeypatch: pytest.MonkeyPatch, data: bytes, cells: list[list[str]], lines: list[int]
) -> None:
    slow = _grid(data, monkeypatch, fast=False)
    fast = _grid(data, monkeypatch, fast=True)
    assert slow[:2] == (cells, lines)
    assert fast[:2] == (cells, lines)
    assert fast[2], "the fast path should read this regular file itself"
    for i, line in zip(range(len(cells)), lines, strict=True):
        if cells[i][0]:  # the reported line holds the row's text
            assert cells[i][0] in _universal_lines(data.decode())[line - 1]


def test_large_file_with_mixed_line_endings_same_lines_on_both_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above the fast path's threshold (no help needed): every item reported on the line that
    holds it, as on the line-by-line path."""
    n = csvread.FAST_PATH_MIN_LINES * 4 // 3 + 500  # (more line feeds than the threshold too)
    parts = ["Einkaufsliste 2024\r", "Bezeichnung;Menge;Lieferant\r\r\n"]
    for i in range(n):
        parts.append(f"Artikel {i};{i % 7 + 1};Firma {i % 13}" + _ENDINGS[(i * 7) % 4])
    text = "".join(parts)
    data = text.encode()
    used: list[bool] = []
    real = csvread._fast_body

    def spy(*args: Any) -> Any:
        res = real(*args)
        used.append(res is not None)
        return res

    monkeypatch.setattr(csvread, "_fast_body", spy)
    path = tmp_path / "gross.csv"
    path.write_bytes(data)
    fast_table = read_input(path).table
    assert used == [True]
    monkeypatch.setattr(csvread, "FAST_PATH_MIN_LINES", 10**9)
    slow_table = read_input(path).table
    assert fast_table.source_row.tolist() == slow_table.source_row.tolist()
    assert fast_table.description.tolist() == slow_table.description.tolist()
    assert fast_table.row_kind.tolist() == slow_table.row_kind.tolist()
    lines = _universal_lines(text)
    items = fast_table[fast_table.row_kind == "item"]
    assert len(items) == n
    for row, desc in zip(items.source_row.tolist()[::97], items.description.tolist()[::97], strict=True):
        assert lines[row - 1].startswith(desc + ";")


_CELL = st.text(alphabet="abcäß 0123456789,", min_size=1, max_size=6).filter(lambda s: s.strip() != "")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.one_of(st.none(), st.tuples(_CELL, _CELL)), st.sampled_from(_ENDINGS)),
             min_size=1, max_size=30),
    st.lists(st.sampled_from(_ENDINGS), max_size=3),
    st.sampled_from(_ENDINGS),
    st.booleans(),
)
def test_line_ending_mixes_same_lines_on_both_paths(
    rows: list[tuple[tuple[str, str] | None, str]], titles: list[str], header_end: str, final: bool
) -> None:
    """Any mix of line endings, blank lines and title lines: both paths report each row on the
    physical line (as universal newlines count them) that holds it."""
    parts = [f"Titel {i}{end}" for i, end in enumerate(titles)]
    parts.append("Bezeichnung;Menge" + header_end)
    starts: dict[int, str] = {}  # offset of each item's text → its description
    for i, (row, end) in enumerate(rows):
        if i == len(rows) - 1 and not final:
            end = ""
        if row is not None:
            starts[sum(map(len, parts))] = f"Artikel {row[0]}".strip()
            parts.append(f"Artikel {row[0]};{row[1]}")
        parts.append(end)
    text = "".join(parts)
    # (a "\r" before a blank "\n" line makes one "\r\n": line numbers come from the whole text)
    expected = {len(_universal_lines(text[:at])) + 1: desc for at, desc in starts.items()}
    data = text.encode()
    with pytest.MonkeyPatch.context() as mp:
        slow_cells, slow_rows, _ = _grid(data, mp, fast=False)
        fast_cells, fast_rows, _ = _grid(data, mp, fast=True)
    assert (fast_cells, fast_rows) == (slow_cells, slow_rows)
    got = {r: c[0].strip() for r, c in zip(slow_rows, slow_cells, strict=True) if c[0].strip()}
    assert got == expected


# ------------------------------------------------------------------ the fast path's line layout


def _body_lines_universal(raw: bytes, start: int) -> tuple[list[int], list[bool]]:
    """Lines of ``raw[start:]`` as universal newlines split them; a line is empty when it holds
    nothing but its line ending."""
    lines = _universal_lines(raw[start:].decode("latin-1"))
    empty = [ln.rstrip("\r\n") == "" for ln in lines]
    return [i for i, e in enumerate(empty) if not e], empty


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet="a;\r\n", min_size=1, max_size=40), st.integers(1, 6))
def test_body_lines_split_like_universal_newlines(text: str, skip: int) -> None:
    from fairbuy.io.csvread import _body_lines, _line_offset

    raw = text.encode()
    start = _line_offset(raw, skip)
    if start is None or start >= len(raw):
        return
    # the offset of line ``skip + 1`` as universal newlines count
    assert start == sum(map(len, _universal_lines(text)[:skip]))
    nonempty, empty = _body_lines(raw, start)
    want_nonempty, want_empty = _body_lines_universal(raw, start)
    assert nonempty.tolist() == want_nonempty
    if len(want_nonempty):
        # (past the last non-empty line the mask is not looked at)
        last = want_nonempty[-1]
        assert empty[:last].tolist() == want_empty[:last]


def test_line_offset_examples() -> None:
    from fairbuy.io.csvread import _line_offset

    assert _line_offset(b"a\rb\r\nc\r\r\nd", 0) == 0
    assert _line_offset(b"a\rb\r\nc\r\r\nd", 1) == 2
    assert _line_offset(b"a\rb\r\nc\r\r\nd", 2) == 5
    assert _line_offset(b"a\rb\r\nc\r\r\nd", 3) == 7
    assert _line_offset(b"a\rb\r\nc\r\r\nd", 4) == 9
    assert _line_offset(b"a\rb\r\nc\r\r\nd", 5) is None
    assert _line_offset(b"a\r", 1) == 2


def test_body_lines_with_lone_carriage_returns() -> None:
    from fairbuy.io.csvread import _body_lines

    nonempty, empty = _body_lines(b"h\na\r\r\nb\rc\r\n\rd", 2)
    assert nonempty.tolist() == [0, 2, 3, 5]
    assert empty.tolist()[:5] == [False, True, False, False, True]
    assert isinstance(nonempty, np.ndarray)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=60).map(lambda b: b.replace(b"\x00", b"\n")), st.integers(1, 9))
def test_chunked_byte_search_matches_whole(data: bytes, chunk: int) -> None:
    from fairbuy.io.csvread import _byte_positions, _count_byte

    buf = np.frombuffer(data, dtype=np.uint8)
    for value in (10, 13):
        assert _byte_positions(buf, value, chunk).tolist() == np.flatnonzero(buf == value).tolist()
        assert _count_byte(buf, value, chunk) == data.count(bytes([value]))
