"""The faster ways of reading give the same answers as the plain ones they replace."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from fairbuy.errors import InputError
from fairbuy.io import roles

_WORDS = sorted({w for _, alias, _ in roles._ALIAS_TOKENS for w in alias.split()} | {"x", "netto", "eur", "1"})


def _first_alias_by_scan(tokens: tuple[str, ...]) -> tuple[str, str] | None:
    """The word pass as it was: every alias (but the whole-header-only ones), longest first, tried in turn."""
    for sub, alias, role in roles._ALIAS_TOKENS:
        if len(alias) >= 2 and alias not in roles._EXACT_ONLY and roles._contains(tokens, sub):
            return alias, role
    return None


def test_alias_lookup_matches_scan_on_every_alias() -> None:
    for sub, _alias, _role in roles._ALIAS_TOKENS:
        for tokens in (sub, ("x", *sub), (*sub, "netto", "eur"), sub + sub):
            assert roles._first_alias_within(tokens) == _first_alias_by_scan(tokens), tokens


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=0, max_size=8))
def test_alias_lookup_matches_scan(words: list[str]) -> None:
    tokens = tuple(words)
    assert roles._first_alias_within(tokens) == _first_alias_by_scan(tokens)


def test_alias_lookup_finds_longest_alias() -> None:
    assert roles._first_alias_within(("gesamtpreis", "netto", "eur")) == _first_alias_by_scan(
        ("gesamtpreis", "netto", "eur")
    )
    assert roles._first_alias_within(("basaltpflaster", "art", "nr", "2019889")) == ("art nr", "article_number")
    assert roles._first_alias_within(("kaffee",)) is None


def _line_break_by_regex(column: object) -> bool:
    import pyarrow.compute as pc

    return bool(pc.any(pc.match_substring_regex(column, r"[\r\n]")).as_py())


_CELLS = st.lists(st.one_of(st.none(), st.text(alphabet="ab;\r\n\"ä ", max_size=6)), max_size=12)


@settings(max_examples=300, deadline=None)
@given(st.lists(_CELLS, min_size=1, max_size=3), st.integers(0, 5), st.integers(0, 5), st.booleans())
def test_line_break_search_matches_regex(chunks: list[list[str | None]], lo: int, cut: int, large: bool) -> None:
    import pyarrow as pa

    from fairbuy.io.csvread import _has_line_break

    typ = pa.large_string() if large else pa.string()
    column = pa.chunked_array([pa.array(c, type=typ) for c in chunks], type=typ)
    # slices share their parent's buffers: only the bytes of the values inside count
    for col in (column, column.slice(lo), column.slice(lo, cut)):
        assert _has_line_break(col) == _line_break_by_regex(col), col


def test_line_break_search_ignores_bytes_outside_a_slice() -> None:
    import pyarrow as pa

    from fairbuy.io.csvread import _has_line_break

    arr = pa.array(["a\nb", "cd", "ef", "g\rh"])
    assert _has_line_break(pa.chunked_array([arr]))
    assert not _has_line_break(pa.chunked_array([arr.slice(1, 2)]))


def _body_lines_as_before(raw: bytes, start: int) -> tuple[list[int], list[bool]]:
    """The line layout of the CSV fast path as it was computed before (three byte searches)."""
    import numpy as np

    has_empty = (
        raw.find(b"\n\n", start - 1) >= 0
        or raw.find(b"\n\r\n", start - 1) >= 0
        or raw.startswith((b"\n", b"\r\n"), start)
    )
    if has_empty:
        buf = np.frombuffer(raw, dtype=np.uint8)[start:]
        bnl = np.flatnonzero(buf == 10)
        line_starts = np.concatenate(([0], bnl + 1))
        line_ends = np.concatenate((bnl, [len(buf)]))
        if line_starts[-1] >= len(buf):
            line_starts, line_ends = line_starts[:-1], line_ends[:-1]
        lengths = line_ends - line_starts
        ends_cr = np.zeros(len(lengths), dtype=bool)
        nz = lengths > 0
        ends_cr[nz] = buf[line_ends[nz] - 1] == 13
        empty = (lengths == 0) | ((lengths == 1) & ends_cr)
        return np.flatnonzero(~empty).tolist(), empty.tolist()
    n_lines = raw.count(b"\n", start) + (0 if raw.endswith(b"\n") else 1)
    return list(range(n_lines)), [False] * n_lines


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet="a;\r\n", min_size=1, max_size=40), st.integers(0, 6))
def test_body_lines_match_the_old_layout(text: str, skip: int) -> None:
    """(Texts whose carriage returns all precede a line feed: a lone one ends a line, which the
    old layout did not know; see test_io_csv_line_endings.)"""
    from fairbuy.io.csvread import _body_lines

    assume(text.count("\r") == text.count("\r\n"))
    raw = text.encode()
    starts = [0] + [i + 1 for i, b in enumerate(raw) if b == 10]
    start = starts[min(skip, len(starts) - 1)]
    if start >= len(raw):
        return
    nonempty, empty = _body_lines(raw, start)
    assert (nonempty.tolist(), empty.tolist()) == _body_lines_as_before(raw, start)


def test_body_lines_examples() -> None:
    from fairbuy.io.csvread import _body_lines

    nonempty, empty = _body_lines(b"h\na\n\nb\r\n\r\nc\n", 2)
    assert nonempty.tolist() == [0, 2, 4] and empty.tolist() == [False, True, False, True, False]
    nonempty, empty = _body_lines(b"h\na\nb\n\r", 2)  # a lone CR ends a line: the last one is empty
    assert nonempty.tolist() == [0, 1] and empty.tolist() == [False, False, True]


# ------------------------------------------------------------------ xlsx: sheets inflated once


def _xlsx(tmp_path: Path, far_cell: str = "") -> Path:
    from tests.hostile import ooxml

    rows = [["Bezeichnung", "Menge"], ["Tee", "1"], ["Kaffee", "2"]]
    path = tmp_path / "liste.xlsx"
    extra = f'<row r="9"><c r="{far_cell}9"><v>1</v></c></row>' if far_cell else ""
    ooxml.write_xlsx(path, rows, extra_rows=extra)
    return path


def test_zip_guard_hands_inspected_members_their_content(tmp_path: Path) -> None:
    import zipfile

    from fairbuy.io import guards

    path = _xlsx(tmp_path)
    seen: dict[str, bytes] = {}
    guards.check_zip_archive(
        path, inspect={"xl/worksheets/sheet1.xml": lambda c: seen.setdefault("sheet", bytes(c))}
    ).close()
    with zipfile.ZipFile(path) as zf:
        assert seen == {"sheet": zf.read("xl/worksheets/sheet1.xml")}


def test_zip_guard_hands_over_nothing_of_a_corrupt_member(tmp_path: Path) -> None:
    from fairbuy.io import guards
    from tests.hostile import ooxml

    member = ooxml.deflate_member("xl/worksheets/sheet1.xml", b"<worksheet/>")
    member.size = 5000
    path = tmp_path / "kurz.xlsx"
    ooxml.write_raw_zip(path, [member])
    called: list[int] = []
    with pytest.raises(InputError, match="corrupt"):
        guards.check_zip_archive(path, inspect={"xl/worksheets/sheet1.xml": lambda c: called.append(len(c))})
    assert called == []


def test_xlsx_extent_measured_from_the_guard_stream(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """read_input inflates each worksheet once: the extent check uses what the zip guard streamed."""
    import zipfile

    from fairbuy.io import read_input, sheets

    path = _xlsx(tmp_path)
    reads: list[str] = []
    real_read = zipfile.ZipFile.read

    def counting_read(self: zipfile.ZipFile, name: str | zipfile.ZipInfo, pwd: bytes | None = None) -> bytes:
        reads.append(name if isinstance(name, str) else name.filename)
        return real_read(self, name, pwd)

    monkeypatch.setattr(zipfile.ZipFile, "read", counting_read)
    table = read_input(path).table
    assert table.description.tolist() == ["Tee", "Kaffee"]
    assert "xl/worksheets/sheet1.xml" not in reads
    # measured extents are believed: a (made-up) huge one is refused with the sheet named
    with pytest.raises(InputError, match=r"refused: sheet spans 1,000,000 rows x 26 columns") as e:
        sheets.check_xlsx_extents(path.read_bytes(), "liste.xlsx", {"xl/worksheets/sheet1.xml": (1_000_000, 26)})
    assert e.value.sheet == "Tabelle1"


def test_xlsx_far_cell_still_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fairbuy.io import read_input, sheets

    monkeypatch.setattr(sheets, "MAX_SHEET_CELLS", 200)
    assert len(read_input(_xlsx(tmp_path)).table) == 2
    with pytest.raises(InputError, match=r"refused: sheet spans 9 rows x 16,384 columns"):
        read_input(_xlsx(tmp_path, far_cell="XFD"))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(alphabet="ab \t\x00\x07\x0b\x1f\x7fä€\r\n", max_size=6)), max_size=12),
       st.integers(0, 4))
def test_control_byte_search_matches_regex(values: list[str | None], lo: int) -> None:
    import pyarrow as pa
    import pyarrow.compute as pc

    from fairbuy.io.parsing import _CONTROL_BYTES, _PA_CONTROL, value_bytes_contain

    arr = pa.array(values, type=pa.string())
    for a in (arr, arr.slice(lo), pa.chunked_array([arr, arr.slice(lo)])):
        expected = bool(pc.any(pc.match_substring_regex(a, _PA_CONTROL)).as_py())
        assert value_bytes_contain(a, _CONTROL_BYTES) == expected


def test_text_without_control_characters_unchanged() -> None:
    import pandas as pd

    from fairbuy.io.parsing import to_text

    s = pd.Series([" Kaffee ", "Tee\x00 ", "", None, "a\tb"], dtype="str")
    assert to_text(s).tolist() == ["Kaffee", "Tee", None, None, "a\tb"]
    s = pd.Series([" Kaffee ", "Tee", "", None, "a\tb"], dtype="str")
    assert to_text(s).tolist() == ["Kaffee", "Tee", None, None, "a\tb"]


def test_mostly_distinct_column_same_results_without_dictionary(monkeypatch: pytest.MonkeyPatch) -> None:
    import numpy as np
    import pandas as pd

    from fairbuy.io import parsing, tabular

    n = parsing.DISTINCT_SAMPLE_MIN_ROWS + 123
    values: list[str | None] = [f"{i},5{'0' if i % 3 else ' €'}" for i in range(n)]
    values[7] = values[9] = None
    values[11] = values[13] = "  Summe  "
    values[15] = ""
    series = pd.Series(values, dtype=pd.StringDtype("pyarrow"))

    def results(f: parsing.Factorized) -> list[object]:
        nums, bad = parsing.parse_numbers_factorized(f)
        return [parsing.to_text(f).tolist(), parsing.to_code(f).tolist(), [repr(x) for x in nums], bad.tolist(),
                tabular._blank_mask([f], n).tolist(), tabular._total_mask([f], np.full(n, None, object),
                                                                          np.full(n, np.nan)).tolist(),
                parsing.parse_dates(f).tolist()]

    fast = parsing.Factorized.of(series)
    assert fast.codes[:7].tolist() == list(range(7)) and fast.codes[7] == -1 and len(fast) == n
    monkeypatch.setattr(parsing, "_mostly_distinct", lambda arr: False)
    hashed = parsing.Factorized.of(series)
    assert len(hashed) < n
    assert results(fast) == results(hashed)


_CELLS = st.one_of(
    st.none(), st.just(float("nan")), st.integers(-10**6, 10**6), st.floats(allow_nan=True), st.booleans(),
    st.text(alphabet=" \t\u00a0\u2003\x1cab1", max_size=4), st.dates(),
    st.datetimes(), st.decimals(allow_nan=False, allow_infinity=False), st.just(Decimal("NaN")),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_CELLS, min_size=1, max_size=30))
def test_blank_cells_found_per_distinct_value_as_one_by_one(values: list[object]) -> None:
    """Blank detection of a column (text only whitespace, None, NaN) equals the per-value check,
    for mixed columns of numbers, dates, decimals and texts."""
    from fairbuy.io.parsing import Factorized
    from fairbuy.io.tabular import _blank_uniques, _is_blank_unique

    arr = np.empty(len(values), dtype=object)
    arr[:] = values
    c = Factorized.of(arr)
    assert c.is_str.tolist() == [type(u) is str for u in c.uniques]
    assert c.pa.to_pylist() == [u if type(u) is str else None for u in c.uniques]
    assert _blank_uniques(c).tolist() == [_is_blank_unique(u) for u in c.uniques]


def test_numeric_column_has_no_text_values() -> None:
    from fairbuy.io.parsing import Factorized

    c = Factorized.of(np.array([1, 2, 2, 3.5, None], dtype=object))
    assert not c.is_str.any() and c.pa.null_count == len(c) == 3
