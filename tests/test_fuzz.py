"""Fuzz targets (hypothesis) for the text normalisation and the CSV, number and date parsers.

Arbitrary input must never raise anything but :class:`fairbuy.errors.InputError` (where the
function is documented to), and well-formed input must round-trip. ``tools/fuzz_atheris.py`` runs
the same targets under atheris for longer sessions.
"""

from __future__ import annotations

import datetime as dt
import importlib
import math
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from fairbuy.errors import InputError
from fairbuy.io import guards

FUZZ = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MAX_ABS = 1e15

#: Text that looks like what lands in purchase-list cells, plus the nasty characters.
CELL_CHARS = st.characters(
    codec="utf-8",
    categories=("L", "N", "P", "S", "Zs", "Cc", "Cf", "Mn"),
    include_characters="\x00\t\r\n;,.|\"'€-+()eE ",
)
cell_text = st.text(CELL_CHARS, max_size=40)
numberish = st.text(alphabet="0123456789.,-+()eE €'  $", max_size=20)


def _module(name: str, attr: str) -> ModuleType:
    try:
        mod = importlib.import_module(name)
    except ImportError:
        pytest.skip(f"{name} not merged yet")
    if not hasattr(mod, attr):
        pytest.skip(f"{name}.{attr} not there yet")
    return mod


# ------------------------------------------------------------------------------- numbers


def _format(value: float, german: bool, grouping: bool, form: str, euro: str) -> str:
    body = f"{abs(value):,.2f}" if grouping else f"{abs(value):.2f}"
    if german:
        body = body.replace(",", "\0").replace(".", ",").replace("\0", ".")
    body = {"prefix": f"€ {body}", "suffix": f"{body} €", "code": f"{body} EUR", "none": body}[euro]
    if value < 0:
        body = {"minus": f"-{body}", "parens": f"({body})", "sap": f"{body}-"}[form]
    return body


@FUZZ
@given(st.one_of(cell_text, numberish, st.none(), st.floats(), st.integers(-10**20, 10**20)), st.sampled_from(["de", "en"]))
def test_parse_number_never_raises(value: Any, style: str) -> None:
    parsing = _module("fairbuy.io.parsing", "parse_number")
    f = parsing.parse_number(value, style)
    assert isinstance(f, float)
    assert math.isnan(f) or abs(f) <= MAX_ABS


@FUZZ
@given(
    st.integers(-10**12, 10**12).map(lambda c: c / 100),
    st.booleans(),
    st.booleans(),
    st.sampled_from(["minus", "parens", "sap"]),
    st.sampled_from(["prefix", "suffix", "code", "none"]),
)
def test_parse_number_round_trips(value: float, german: bool, grouping: bool, form: str, euro: str) -> None:
    parsing = _module("fairbuy.io.parsing", "parse_number")
    text = _format(value, german, grouping, form, euro)
    got = parsing.parse_number(text, "de" if german else "en")
    assert got == pytest.approx(value, abs=1e-9), text


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(numberish, cell_text, st.none(), st.floats(allow_nan=True)), max_size=30),
       st.sampled_from(["de", "en"]))
def test_vectorised_numbers_agree_with_scalar(values: list[Any], style: str) -> None:
    parsing = _module("fairbuy.io.parsing", "parse_numbers")
    import pandas as pd

    series = pd.Series(values, dtype=object)
    numbers, bad = parsing.parse_numbers(series, style=style)
    assert len(numbers) == len(values) == len(bad)
    for v, got in zip(values, numbers, strict=True):
        want = parsing.parse_number(v, style)
        assert (math.isnan(want) and math.isnan(got)) or want == pytest.approx(got), (v, want, got)


# --------------------------------------------------------------------------------- dates


@FUZZ
@given(st.one_of(cell_text, numberish, st.floats(), st.integers(-10**12, 10**12), st.none()))
def test_parse_date_never_raises(value: Any) -> None:
    parsing = _module("fairbuy.io.parsing", "parse_date")
    got = parsing.parse_date(value)
    assert got is None or isinstance(got, dt.date)


@FUZZ
@given(st.dates(dt.date(1900, 3, 1), dt.date(9999, 12, 31)), st.sampled_from(["%d.%m.%Y", "%Y-%m-%d", "%d.%m.%Y 00:00"]))
def test_parse_date_round_trips(day: dt.date, fmt: str) -> None:
    parsing = _module("fairbuy.io.parsing", "parse_date")
    text = day.strftime(fmt)
    if fmt.startswith("%d") and day.year < 1000:
        text = f"{day.day:02d}.{day.month:02d}.{day.year:04d}"
    assert parsing.parse_date(text) == day, text


# ----------------------------------------------------------------------------------- CSV


@FUZZ
@given(st.binary(max_size=400))
def test_decode_any_bytes(data: bytes) -> None:
    csvread = _module("fairbuy.io.csvread", "decode")
    try:
        text, enc = csvread.decode(data, "x.csv")
    except InputError as exc:
        assert exc.path == "x.csv"
        return
    assert isinstance(text, str) and isinstance(enc, str)
    assert "\x00" not in text


@FUZZ
@given(st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=200), st.booleans())
def test_decode_utf8_round_trip(text: str, bom: bool) -> None:
    csvread = _module("fairbuy.io.csvread", "decode")
    assume(not text.startswith("\ufeff"))
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    assume(data.count(b"\x00") == 0)
    got, _ = csvread.decode(data, "x.csv")
    assert got == text


@FUZZ
@given(st.text(st.characters(codec="cp1252", exclude_characters="\x00"), min_size=1, max_size=200))
def test_decode_cp1252_round_trip(text: str) -> None:
    csvread = _module("fairbuy.io.csvread", "decode")
    data = text.encode("cp1252")
    try:
        data.decode("utf-8")
        assume(False)  # also valid UTF-8: then UTF-8 is the right reading
    except UnicodeDecodeError:
        pass
    assume(not data.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")))

    def utf8_line(line: bytes) -> bool:
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return not line.isascii()

    # a line that is valid, non-ASCII UTF-8 may rightly be read as UTF-8 (mixed files)
    assume(not any(utf8_line(line) for line in data.splitlines()))
    got, enc = csvread.decode(data, "x.csv")
    assert enc == "cp1252" and got == text


def test_decode_mixed_utf8_and_cp1252_lines() -> None:
    """Exports pasted together: UTF-8 lines stay UTF-8, the cp1252 line is read as cp1252."""
    csvread = _module("fairbuy.io.csvread", "decode")
    data = "Bezeichnung;Menge\nRöstkaffee;2\n".encode() + "Bürostuhl;1\n".encode("cp1252")
    got, _ = csvread.decode(data, "x.csv")
    assert got == "Bezeichnung;Menge\nRöstkaffee;2\nBürostuhl;1\n"


@FUZZ
@given(st.text(CELL_CHARS, max_size=300))
def test_sniff_delimiter_any_text(text: str) -> None:
    csvread = _module("fairbuy.io.csvread", "sniff_delimiter")
    assert csvread.sniff_delimiter(text) in csvread.DELIMITERS


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(cell_text, min_size=0, max_size=6), max_size=12), st.sampled_from([";", ",", "\t", "|"]),
       st.sampled_from(["\n", "\r\n"]))
def test_read_csv_grid_any_table(rows: list[list[str]], delimiter: str, newline: str) -> None:
    csvread = _module("fairbuy.io.csvread", "read_csv_grid")
    text = newline.join(delimiter.join(r) for r in rows)
    try:
        cells, line_numbers, _header, meta = csvread.read_csv_grid(text.encode("utf-8"), "x.csv", column_map=None)
    except InputError as exc:
        assert exc.path == "x.csv"
        assert "\n" not in str(exc)
        return
    assert len(cells) == len(line_numbers)
    nums = [int(n) for n in line_numbers]
    assert nums == sorted(nums) and len(set(nums)) == len(nums)
    assert all(1 <= n <= len(text.splitlines()) + 1 for n in nums)
    assert meta["delimiter"] in csvread.DELIMITERS


# -------------------------------------------------------------------------- normalisation


@FUZZ
@given(st.one_of(st.text(max_size=200), cell_text))
def test_fold_is_total_idempotent_and_clean(text: str) -> None:
    norm = _module("fairbuy.recognise.normalise", "fold")
    folded = norm.fold(text)
    assert norm.fold(folded) == folded
    assert not guards.has_control_chars(folded)
    assert folded == folded.strip() and "  " not in folded
    assert folded == folded.lower() or not folded.isascii()


@FUZZ
@given(st.one_of(st.text(max_size=200), cell_text, st.none(), st.floats(), st.integers()))
def test_normalise_gives_plain_words(value: Any) -> None:
    norm = _module("fairbuy.recognise.normalise", "normalise")
    out = norm.normalise(value)
    assert isinstance(out, str)
    assert all(ch in "abcdefghijklmnopqrstuvwxyz0123456789+&% " for ch in out), out
    assert norm.normalise(out) == out


@settings(max_examples=30, deadline=None)
@given(st.integers(10_000, 2_000_000))
def test_fold_of_a_huge_cell_is_bounded(size: int) -> None:
    norm = _module("fairbuy.recognise.normalise", "fold")
    text = "Röstkaffee Fairtrade " * (size // 20)
    assert len(norm.fold(text)) <= max(len(text), 1)


# ------------------------------------------------------------------------------- guards


@FUZZ
@given(st.binary(max_size=300))
def test_parse_xml_any_bytes(data: bytes) -> None:
    try:
        guards.parse_xml(data, path="x.xml")
    except InputError as exc:
        assert exc.path == "x.xml" and "\n" not in str(exc)


@FUZZ
@given(st.text(max_size=200))
def test_strip_control_chars_total(text: str) -> None:
    out = guards.strip_control_chars(text)
    assert not guards.has_control_chars(out)
    assert guards.strip_control_chars(out) == out
    assert len(out) <= len(text)


@pytest.mark.parametrize(
    ("text", "style", "want"),
    [
        ("1.2.3", "de", math.nan),
        ("4,5,6", "de", math.nan),
        ("12.34.56", "en", math.nan),
        ("1234.567,89", "de", math.nan),
        ("1.234.567,89", "de", 1234567.89),
        ("1,234,567.89", "en", 1234567.89),
        ("1.234", "de", 1234.0),
        ("1.234", "en", 1.234),
        ("(1.234,50)", "de", -1234.5),
        ("1.000.000", "en", 1000000.0),
    ],
)
def test_thousands_separators_group_three_digits(text: str, style: str, want: float) -> None:
    parsing = _module("fairbuy.io.parsing", "parse_numbers")
    import pandas as pd

    got = parsing.parse_number(text, style)
    vec = float(parsing.parse_numbers(pd.Series([text], dtype=object), style=style)[0][0])
    for value in (got, vec):
        assert (math.isnan(want) and math.isnan(value)) or value == pytest.approx(want), (text, value)
