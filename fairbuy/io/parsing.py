"""Cell value parsing: numbers, dates, codes and countries, German and English.

Numbers are parsed column-wise with pandas string operations (no per-row Python loop); dates,
countries and codes are parsed once per *unique* value and mapped back (real lists repeat
themselves). The scalar functions (:func:`parse_number`, :func:`parse_date`) define the rules; the
vectorised ones (:func:`parse_numbers`, :func:`parse_dates`) must agree with them (property tests).

Number rules (``style`` is ``"de"`` or ``"en"``, decided per column, see :func:`number_style`):

* spaces, no-break spaces, apostrophes, currency symbols/codes are removed; ``(12,50)``,
  ``-12,50`` and the SAP form ``12,50-`` are negative;
* with both ``.`` and ``,`` the last one is the decimal separator (``1.234,56``, ``1,234.56``);
* a separator occurring more than once is a thousands separator (``1.234.567``);
* a single separator followed by exactly three digits (``1.234``/``1,234``) is a thousands
  separator when the column's style says so (``de``: ``.`` groups thousands), else decimal;
  after a lone zero (``0.125``, ``0,045``) it is always decimal (and tells the column's style);
  where the style decides, the row can overrule it (:mod:`fairbuy.io.tabular`: quantity × unit
  price = amount under only the other reading);
* anything else (text, ``inf``, ``nan``) is not a number (NaN).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from typing import Any, Literal

import numpy as np
import pandas as pd

from fairbuy.io.countries import country_code

Style = Literal["de", "en"]

_STRIP_RE = r"[\s\u00a0\u202f'’´`€$£]|(?i:eur(?:o)?|usd|chf|gbp)"
_NUMBER_SHAPE = re.compile(r"^[0-9.,]*[0-9][0-9.,]*(?:[eE][+-]?[0-9]{1,3})?$")
_DE_EVIDENCE = r",\d{1,2}$|,\d{4,}$|\.\d{3},|^\d{1,3}(?:\.\d{3}){2,}$|^[-(]?0,\d{3}\)?-?$"
_EN_EVIDENCE = r"\.\d{1,2}$|\.\d{4,}$|,\d{3}\.|^\d{1,3}(?:,\d{3}){2,}$|^[-(]?0\.\d{3}\)?-?$"
#: Largest magnitude accepted as a number (beyond it the cell is treated as unreadable text).
MAX_ABS_NUMBER = 1e15

_CURRENCY_PATTERNS: tuple[tuple[str, str], ...] = (
    ("EUR", r"€|(?i:eur)"),
    ("USD", r"\$|(?i:usd)"),
    ("GBP", r"£|(?i:gbp)"),
    ("CHF", r"(?i:chf)"),
)


def _clean_scalar(text: str) -> tuple[str, bool]:
    s = text.strip().replace("\u2212", "-").replace("\u2013", "-")
    neg = False
    if s.startswith("(") and s.endswith(")"):
        neg, s = True, s[1:-1]
    s = re.sub(_STRIP_RE, "", s)
    if s.endswith("-") and not s.startswith("-"):
        neg, s = not neg, s[:-1]
    if s.startswith("-"):
        neg, s = not neg, s[1:]
    elif s.startswith("+"):
        s = s[1:]
    return s, neg


def parse_number(value: object, style: Style = "de") -> float:
    """One cell to a float (NaN when it is not a number). See the module doc for the rules."""
    if value is None or isinstance(value, bool):
        return math.nan
    if isinstance(value, int | float | np.integer | np.floating):
        f = float(value)
        return f if math.isfinite(f) and abs(f) <= MAX_ABS_NUMBER else math.nan
    if not isinstance(value, str):
        return math.nan
    s, neg = _clean_scalar(value)
    if not _NUMBER_SHAPE.match(s):
        return math.nan
    mant, _, exp = s.partition("e") if "e" in s else s.partition("E")
    dots, commas = mant.count("."), mant.count(",")
    if dots and commas:
        if mant.rfind(".") > mant.rfind(","):
            if not _GROUPED_COMMA.match(mant):
                return math.nan
            mant = mant.replace(",", "")
        else:
            if not _GROUPED_DOT.match(mant):
                return math.nan
            mant = mant.replace(".", "").replace(",", ".")
    elif commas:
        if commas > 1 or (style == "en" and re.search(r",\d{3}$", mant) and not mant.startswith("0,")):
            if not _GROUPED_COMMA.match(mant):
                return math.nan
            mant = mant.replace(",", "")
        else:
            mant = mant.replace(",", ".")
    elif dots and (dots > 1 or (style == "de" and re.search(r"\.\d{3}$", mant) and not mant.startswith("0."))):
        if not _GROUPED_DOT.match(mant):
            return math.nan
        mant = mant.replace(".", "")
    if mant.count(".") > 1:
        return math.nan
    try:
        f = float(mant + ("e" + exp if exp else ""))
    except ValueError:
        return math.nan
    if not math.isfinite(f) or abs(f) > MAX_ABS_NUMBER:
        return math.nan
    return -f if neg else f


_PA_STRIP_RE = r"[\s\x{00a0}\x{202f}'’´`€$£]|(?i:euro|eur|usd|chf|gbp)"
_EXP = r"(?:[eE][+-]?[0-9]{1,3})?$"
#: A thousands separator groups exactly three digits ("1.234.567,5"; not "1.2.3" or "12,34,56").
_GROUPED_DOT = re.compile(r"^[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]*)?$")
_GROUPED_COMMA = re.compile(r"^[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?$")
_FINAL_SHAPE = r"^(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?$"


#: ``pandas.api.types.infer_dtype`` kinds that contain no ``str`` value.
_NO_TEXT_KINDS = frozenset({"integer", "floating", "mixed-integer-float", "boolean", "datetime", "datetime64",
                            "date", "timedelta", "timedelta64", "time", "decimal"})


class Factorized:
    """A column of cells as distinct values: per-row ``codes`` (-1 = NA) into ``uniques``.

    ``pa`` holds the distinct values as a pyarrow string array (non-text cells null) and ``is_str``
    marks the text ones, so that string work runs in pyarrow's C++ kernels, once per distinct value.
    Arrow-backed string columns (CSV) are encoded by pyarrow directly, without Python objects.
    """

    __slots__ = ("_uniques", "codes", "is_str", "pa")

    def __init__(self, codes: np.ndarray[Any, Any], uniques: np.ndarray[Any, Any] | None, pa_arr: Any,
                 is_str: np.ndarray[Any, np.dtype[np.bool_]]) -> None:
        self.codes = codes
        self._uniques = uniques
        self.pa = pa_arr
        self.is_str = is_str

    @classmethod
    def of(cls, values: pd.Series | np.ndarray[Any, Any]) -> Factorized:
        import pyarrow as pa
        import pyarrow.compute as pc

        series = pd.Series(values, dtype=object) if isinstance(values, np.ndarray) else values
        dtype = series.dtype
        arrow_str = (isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow") or (
            isinstance(dtype, pd.ArrowDtype)
            and (pa.types.is_string(dtype.pyarrow_dtype) or pa.types.is_large_string(dtype.pyarrow_dtype))
        )
        if arrow_str:
            arr = pa.array(series.array)
            if isinstance(arr, pa.ChunkedArray):
                arr = arr.combine_chunks()
            if _mostly_distinct(arr):
                # nearly every value differs (positions, free text): hashing them buys nothing;
                # each row is its own "distinct value" (results per row are the same)
                codes = np.arange(len(arr), dtype=np.int64)
                if arr.null_count:
                    codes[np.asarray(arr.is_null().to_numpy(zero_copy_only=False), dtype=bool)] = -1
                dictionary = arr.cast(pa.string())
                return cls(codes, None, dictionary, np.ones(len(dictionary), dtype=bool))
            enc = pc.dictionary_encode(arr)
            codes = np.asarray(pc.fill_null(enc.indices, -1).to_numpy(zero_copy_only=False), dtype=np.int64)
            dictionary = enc.dictionary.cast(pa.string())
            return cls(codes, None, dictionary, np.ones(len(dictionary), dtype=bool))
        codes_, uniques_ = pd.factorize(series, use_na_sentinel=True)
        uniques = np.asarray(uniques_, dtype=object)
        kind = pd.api.types.infer_dtype(uniques, skipna=False) if len(uniques) else ""
        if kind == "string":
            is_str = np.ones(len(uniques), dtype=bool)
            pa_arr = pa.array(uniques, type=pa.string())
        elif kind in _NO_TEXT_KINDS:  # (e.g. a column of row numbers: no text value to look at)
            is_str = np.zeros(len(uniques), dtype=bool)
            pa_arr = pa.nulls(len(uniques), type=pa.string())
        else:
            is_str = np.fromiter((type(u) is str for u in uniques), dtype=bool, count=len(uniques))
            pa_arr = pa.array([u if s else None for u, s in zip(uniques, is_str, strict=True)], type=pa.string())
        return cls(np.asarray(codes_), uniques, pa_arr, is_str)

    @property
    def uniques(self) -> np.ndarray[Any, Any]:
        if self._uniques is None:
            self._uniques = np.asarray(self.pa.to_numpy(zero_copy_only=False), dtype=object)
        return self._uniques

    def __len__(self) -> int:
        return len(self.is_str)

    def counts(self) -> np.ndarray[Any, Any]:
        return np.bincount(self.codes[self.codes >= 0], minlength=len(self))

    def per_row(self, results: np.ndarray[Any, Any], na: object) -> np.ndarray[Any, Any]:
        """Map per-unique ``results`` back to rows (NA rows get ``na``)."""
        return take(results, self.codes, na)


#: Columns at least this long are sampled before hashing (:func:`_mostly_distinct`).
DISTINCT_SAMPLE_MIN_ROWS = 50_000
_DISTINCT_SAMPLE = 10_000


def _mostly_distinct(arr: Any) -> bool:
    """Whether a long pyarrow column is worth no dictionary: 90 % of a sample of it distinct."""
    import pyarrow.compute as pc

    if len(arr) < DISTINCT_SAMPLE_MIN_ROWS:
        return False
    step = len(arr) // _DISTINCT_SAMPLE
    sample = arr.take(np.arange(0, step * _DISTINCT_SAMPLE, step))
    return int(pc.count_distinct(sample).as_py()) >= 0.9 * _DISTINCT_SAMPLE


def factorize(values: pd.Series | np.ndarray[Any, Any]) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """``(codes, uniques)`` with NA as code -1; uniques as an object array."""
    f = Factorized.of(values)
    return f.codes, f.uniques


def take(results: np.ndarray[Any, Any], codes: np.ndarray[Any, Any], na: object) -> np.ndarray[Any, Any]:
    """Map per-unique ``results`` back to rows (code -1 → ``na``)."""
    ext = np.empty(len(results) + 1, dtype=results.dtype if results.dtype != bool or na in (True, False)
                   else object)
    ext[:-1] = results
    ext[-1] = na
    out: np.ndarray[Any, Any] = ext[codes]
    return out


def _bool(x: Any) -> np.ndarray[Any, np.dtype[np.bool_]]:
    import pyarrow.compute as pc

    return np.asarray(pc.fill_null(x, False).to_numpy(zero_copy_only=False), dtype=bool)


def number_style_unique(f: Factorized, default: Style = "de") -> Style:
    """Decide whether a column writes ``1.234,56`` (de) or ``1,234.56`` (en) from unambiguous values."""
    import pyarrow.compute as pc

    if not f.is_str.any():
        return default
    s = pc.replace_substring_regex(f.pa, _PA_STRIP_RE, "")
    w = f.counts()
    de = int(w[_bool(pc.match_substring_regex(s, _DE_EVIDENCE))].sum())
    en = int(w[_bool(pc.match_substring_regex(s, _EN_EVIDENCE))].sum())
    if de == en:
        return default
    return "de" if de > en else "en"


def number_style(values: pd.Series, default: Style = "de") -> Style:
    """:func:`number_style_unique` over a column."""
    return number_style_unique(Factorized.of(values), default)


def parse_number_uniques(f: Factorized, style: Style) -> tuple[
    np.ndarray[Any, np.dtype[np.float64]], np.ndarray[Any, np.dtype[np.bool_]]
]:
    """Vectorised :func:`parse_number` (pyarrow compute) over distinct cell values.

    Returns ``(numbers, bad)``: NaN where not a number; ``bad`` marks non-empty non-numbers.
    """
    nums, bad, _ = number_readings_uniques(f, style)
    return nums, bad


def number_readings_uniques(f: Factorized, style: Style) -> tuple[
    np.ndarray[Any, np.dtype[np.float64]], np.ndarray[Any, np.dtype[np.bool_]], np.ndarray[Any, np.dtype[np.float64]]
]:
    """:func:`parse_number_uniques` plus ``other``: for the text values whose reading depends on
    the style -- one separator before exactly three digits, one to three digits before it,
    nothing else (``5.000``, ``1,234``, ``-2.500``) -- the number under the other reading (×1000
    when the separator was read as a decimal point, ÷1000 when read as a thousands separator);
    NaN for every other value."""
    import pyarrow as pa
    import pyarrow.compute as pc

    n = len(f)
    out = np.full(n, np.nan)
    bad = np.zeros(n, dtype=bool)
    alt = np.full(n, np.nan)
    if n == 0:
        return out, bad, alt
    is_str = f.is_str
    if not is_str.all():
        for i in np.flatnonzero(~is_str):
            u = f.uniques[i]
            v = parse_number(u)
            out[i] = v
            bad[i] = u is not None and not (isinstance(u, float) and math.isnan(u)) and math.isnan(v)
    if not is_str.any():
        return out, bad, alt
    s = pc.utf8_trim_whitespace(f.pa)
    # the typographic minus (U+2212) and en dash that word processors and some exports write
    s = pc.replace_substring_regex(s, "[\u2212\u2013]", "-")
    nonempty = _bool(pc.greater(pc.utf8_length(s), 0))
    paren = _bool(pc.match_substring_regex(s, r"^\(.*\)$"))
    s = pc.replace_substring_regex(s, r"^\((.*)\)$", r"\1")
    s = pc.replace_substring_regex(s, _PA_STRIP_RE, "")
    trail = _bool(pc.ends_with(s, "-")) & ~_bool(pc.starts_with(s, "-"))
    s = pc.if_else(pa.array(trail), pc.replace_substring_regex(s, r"-$", ""), s)
    lead = _bool(pc.starts_with(s, "-"))
    s = pc.replace_substring_regex(s, r"^[-+]", "")
    neg = paren ^ trail ^ lead
    shape_ok = _bool(pc.match_substring_regex(s, _NUMBER_SHAPE.pattern))
    dots = np.asarray(pc.fill_null(pc.count_substring(s, "."), 0).to_numpy(zero_copy_only=False))
    commas = np.asarray(pc.fill_null(pc.count_substring(s, ","), 0).to_numpy(zero_copy_only=False))
    dot_last = _bool(pc.match_substring_regex(s, r"\.[0-9]*" + _EXP))
    three_comma = _bool(pc.match_substring_regex(s, r",[0-9]{3}" + _EXP))
    three_dot = _bool(pc.match_substring_regex(s, r"\.[0-9]{3}" + _EXP))
    # "0.125" / "0,045": a zero before the only separator is never a thousands group
    zero_first = _bool(pc.match_substring_regex(s, r"^0[.,][0-9]{3}" + _EXP))
    three_comma &= ~zero_first
    three_dot &= ~zero_first
    both = (dots > 0) & (commas > 0)
    drop_comma = (both & dot_last) | (~both & (commas > 0) & ((commas > 1) | ((style == "en") & three_comma)))
    comma_dec = (both & ~dot_last) | (~both & (commas == 1) & ~drop_comma)
    drop_dot = (both & ~dot_last) | (~both & (dots > 0) & ((dots > 1) | ((style == "de") & three_dot)))
    grouped_dot = _bool(pc.match_substring_regex(s, _GROUPED_DOT.pattern[:-1] + _EXP))
    grouped_comma = _bool(pc.match_substring_regex(s, _GROUPED_COMMA.pattern[:-1] + _EXP))
    misgrouped = (drop_dot & ~grouped_dot) | (drop_comma & ~grouped_comma)
    # one separator before exactly three digits, one to three digits before it
    amb = ((dots == 1) & (commas == 0) & three_dot & grouped_dot) | (
        (commas == 1) & (dots == 0) & three_comma & grouped_comma)
    if drop_dot.any():
        s = pc.if_else(pa.array(drop_dot), pc.replace_substring(s, ".", ""), s)
    if drop_comma.any():
        s = pc.if_else(pa.array(drop_comma), pc.replace_substring(s, ",", ""), s)
    if comma_dec.any():
        s = pc.if_else(pa.array(comma_dec), pc.replace_substring(s, ",", "."), s)
    final_ok = shape_ok & ~misgrouped & _bool(pc.match_substring_regex(s, _FINAL_SHAPE))
    s = pc.if_else(pa.array(final_ok), s, pa.scalar(None, pa.string()))
    nums = np.array(pc.cast(s, pa.float64()).to_numpy(zero_copy_only=False), dtype=float)
    with np.errstate(invalid="ignore"):
        nums[~np.isfinite(nums) | (np.abs(nums) > MAX_ABS_NUMBER)] = np.nan
    nums = np.where(neg, -nums, nums)
    out[is_str] = nums[is_str]
    bad[is_str] = (nonempty & np.isnan(nums))[is_str]
    amb &= ~np.isnan(nums)
    if amb.any():
        thousands = drop_dot | drop_comma
        with np.errstate(invalid="ignore"):
            other = np.where(thousands, nums / 1000.0, np.round(nums * 1000.0))
        other[~amb] = np.nan
        alt[is_str] = other[is_str]
    return out, bad, alt


def parse_numbers_factorized(f: Factorized, style: Style | None = None, default: Style = "de") -> tuple[
    np.ndarray[Any, np.dtype[np.float64]], np.ndarray[Any, np.dtype[np.bool_]]
]:
    """Numbers per row of a factorized column (see :func:`parse_number_uniques`)."""
    if style is None:
        style = number_style_unique(f, default)
    nums, bad = parse_number_uniques(f, style)
    return f.per_row(nums, np.nan).astype(float), f.per_row(bad, False).astype(bool)


def parse_numbers(values: pd.Series, style: Style | None = None, default: Style = "de") -> tuple[
    np.ndarray[Any, np.dtype[np.float64]], np.ndarray[Any, np.dtype[np.bool_]]
]:
    """Vectorised :func:`parse_number` over a column: ``(numbers, bad)``; each distinct value is
    parsed once, in pyarrow compute kernels."""
    return parse_numbers_factorized(Factorized.of(values), style, default)


def detect_currency_unique(f: Factorized) -> np.ndarray[Any, Any]:
    """Currency code named inside distinct amount cells ("12,50 €" → "EUR"), else None."""
    import pyarrow.compute as pc

    out = np.full(len(f), None, dtype=object)
    if len(f) == 0 or not f.is_str.any():
        return out
    quick = _bool(pc.match_substring_regex(f.pa, r"[€$£]|(?i:eur|usd|gbp|chf)"))
    if not quick.any():
        return out
    for code, pat in reversed(_CURRENCY_PATTERNS):
        out[_bool(pc.match_substring_regex(f.pa, pat))] = code
    return out


def detect_currency(values: pd.Series) -> pd.Series:
    """Currency code named inside amount cells ("12,50 €" → "EUR"), else None."""
    f = Factorized.of(values)
    return pd.Series(f.per_row(detect_currency_unique(f), None), index=values.index, dtype=object)


_EXCEL_EPOCH = dt.date(1899, 12, 30)
_DATE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$"), "ymd"),
    (re.compile(r"^(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})(?:\s.*)?$"), "dmy"),
    (re.compile(r"^(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{2})$"), "dmy2"),
    (re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s.*)?$"), "dmy"),
    (re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"), "ymd"),
    (re.compile(r"^(\d{4})(\d{2})(\d{2})$"), "ymd"),
)


#: Month names and their usual abbreviations, German (also Austrian) and English, folded.
_MONTHS: dict[str, int] = {}
for _number, _names in enumerate((
    "januar jänner jaenner january jan jän jaen", "februar feber february feb", "märz maerz march mär mrz mar",
    "april apr", "mai may", "juni june jun", "juli july jul", "august aug", "september sept sep",
    "oktober october okt oct", "november nov", "dezember december dez dec",
), start=1):
    for _name in _names.split():
        _MONTHS[_name] = _number
_DAY_MONTH_YEAR = re.compile(r"^(?:[^\W\d_]+,\s*)?(\d{1,2})(?:\.|st|nd|rd|th)?\s*([^\W\d_]{3,9})\.?,?\s*(\d{4})$")
_MONTH_DAY_YEAR = re.compile(r"^(?:[^\W\d_]+,\s*)?([^\W\d_]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")


def _month_name_date(s: str) -> dt.date | None:
    """``7. April 2025``, ``07. Apr. 2025``, ``7 April 2025``, ``April 7, 2025`` (also with a
    weekday before it: ``Montag, 7. April 2025``)."""
    m = _DAY_MONTH_YEAR.match(s)
    if m is not None:
        d, name, y = m.group(1), m.group(2), m.group(3)
    else:
        m = _MONTH_DAY_YEAR.match(s)
        if m is None:
            return None
        name, d, y = m.group(1), m.group(2), m.group(3)
    month = _MONTHS.get(name.casefold())
    if month is None:
        return None
    try:
        return dt.date(int(y), month, int(d))
    except ValueError:
        return None


def parse_date(value: object, month_first: bool = False) -> dt.date | None:
    """One cell to a date: ``date``/``datetime`` cells, Excel serial numbers, ``dd.mm.yyyy``,
    ``dd.mm.yy``, ISO ``yyyy-mm-dd[Thh:mm]``, ``dd/mm/yyyy`` (``mm/dd`` when the day is > 12 in the
    second place), ``yyyymmdd`` and dates with a German or English month name (``7. April 2025``,
    ``7. Apr. 2025``, ``April 7, 2025``). Anything else gives None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.date()
    if isinstance(value, int | float | np.integer | np.floating):
        f = float(value)
        if not math.isfinite(f) or not 1 <= f < 2958466:
            return None
        try:
            return _EXCEL_EPOCH + dt.timedelta(days=int(f))
        except OverflowError:
            return None
    if not isinstance(value, str):
        return None
    s = value.strip()
    if not s or len(s) > 40:
        return None
    for pat, kind in _DATE_PATTERNS:
        m = pat.match(s)
        if not m:
            continue
        a, b, c = (int(x) for x in m.groups())
        if kind == "ymd":
            y, mo, d = a, b, c
        else:
            d, mo, y = a, b, c
            if kind == "dmy2":
                y += 2000 if y < 70 else 1900
            if "/" in s and (mo > 12 >= d or (month_first and d <= 12)):
                d, mo = mo, d
        try:
            return dt.date(y, mo, d)
        except ValueError:
            return None
    if any(ch.isalpha() for ch in s):
        return _month_name_date(s)
    return None


def map_unique(values: pd.Series | Factorized, fn: Callable[[Any], Any]) -> pd.Series:
    """Apply ``fn`` once per distinct value and map the results back (NA → ``fn(None)``)."""
    f = values if isinstance(values, Factorized) else Factorized.of(values)
    mapped = np.empty(len(f) + 1, dtype=object)
    mapped[:] = [fn(u) for u in f.uniques] + [fn(None)]
    index = values.index if isinstance(values, pd.Series) else None
    return pd.Series(mapped[f.codes], index=index, dtype=object)


_SLASH_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/\d{4}\b")


def slash_dates_month_first(uniques: Any) -> bool:
    """Whether a column's ``a/b/yyyy`` dates are US style (month first): some value has a second
    part above 12 and none a first part above 12. Decided once per column, so that ``04/09/2025``
    next to ``01/13/2025`` is 9 April, not 4 September."""
    first_big = second_big = False
    for u in uniques:
        if isinstance(u, str) and "/" in u:
            m = _SLASH_DATE.match(u)
            if m:
                first_big |= int(m.group(1)) > 12
                second_big |= int(m.group(2)) > 12
    return second_big and not first_big


def parse_dates(values: pd.Series | Factorized) -> pd.Series:
    """Vectorised :func:`parse_date` (object series of ``datetime.date`` or None); slash dates
    are read month first when the column shows it (:func:`slash_dates_month_first`)."""
    f = values if isinstance(values, Factorized) else Factorized.of(values)
    us = bool(f.is_str.any()) and slash_dates_month_first(f.uniques[f.is_str])
    out = map_unique(f, (lambda v: parse_date(v, month_first=True)) if us else parse_date)
    if isinstance(values, pd.Series):
        out.index = values.index
    return out


#: C0 control characters (and DEL) other than tab, line feed and carriage return: removed from text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PA_CONTROL = r"[\x{00}-\x{08}\x{0b}\x{0c}\x{0e}-\x{1f}\x{7f}]"
#: The same characters as bytes: in UTF-8 they occur only as themselves (never inside another
#: character's encoding), so a byte search over the values tells whether any value holds one.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])


def value_bytes_contain(arr: Any, chars: bytes) -> bool:
    """Whether any value of a pyarrow (large) string array, or chunked array, contains one of the
    single bytes ``chars`` (ASCII characters): a byte search over the bytes its values occupy in
    the data buffers, no per-value work."""
    import pyarrow as pa

    chunks = arr.chunks if isinstance(arr, pa.ChunkedArray) else [arr]
    width = np.int64 if pa.types.is_large_string(arr.type) else np.int32
    for chunk in chunks:
        _, offsets_buf, data_buf = chunk.buffers()
        if len(chunk) == 0 or data_buf is None:
            continue
        offsets = np.frombuffer(offsets_buf, dtype=width, count=chunk.offset + len(chunk) + 1)
        lo, hi = int(offsets[chunk.offset]), int(offsets[-1])
        values = data_buf.slice(lo, hi - lo).to_pybytes()
        if len(chars) <= 4:  # a memchr per byte is fastest for a few
            if any(chars[k : k + 1] in values for k in range(len(chars))):
                return True
        elif len(values.translate(None, chars)) != len(values):
            return True
    return False


def _text_scalar(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        s = _CONTROL.sub("", value).strip()
        return s or None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float | np.floating):
        if not math.isfinite(float(value)):
            return None
        f = float(value)
        return str(int(f)) if f.is_integer() and abs(f) < 1e16 else repr(f)
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ") if value.time() != dt.time() else value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value).strip() or None


_CODE_FLOAT = re.compile(r"^(\d+)\.0+$")


def _code_scalar(value: object) -> str | None:
    s = _text_scalar(value)
    if s is None:
        return None
    m = _CODE_FLOAT.match(s)
    return m.group(1) if m else s


def text_uniques(f: Factorized, code: bool = False) -> np.ndarray[Any, Any]:
    """Distinct cells as stripped text (None when empty); whole-number floats without ``.0``.
    With ``code``: also ``"15861000.0"`` → ``"15861000"`` (codes written by Excel as numbers)."""
    import pyarrow.compute as pc

    out = np.empty(len(f), dtype=object)
    if len(f) == 0:
        return out
    if f.is_str.all():
        s = f.pa
        if value_bytes_contain(s, _CONTROL_BYTES):
            s = pc.replace_substring_regex(s, _PA_CONTROL, "")
        s = pc.utf8_trim_whitespace(s)
        if code:
            s = pc.replace_substring_regex(s, r"^([0-9]+)\.0+$", r"\1")
        out[:] = s.to_numpy(zero_copy_only=False)
        out[out == ""] = None
        return out
    out[:] = [(_code_scalar if code else _text_scalar)(u) for u in f.uniques]
    return out


def to_text(values: pd.Series | Factorized) -> pd.Series:
    """Cells as stripped text (None when empty); whole-number floats without ``.0``."""
    f = values if isinstance(values, Factorized) else Factorized.of(values)
    return pd.Series(f.per_row(text_uniques(f), None), dtype=object)


_CPV_PREFIX = re.compile(r"^(?:cpv)(?:[\s-]*(?:code|nr\.?|nummer))?\s*[:.]?\s*", re.IGNORECASE)
_CPV_DASHES = re.compile(r"\s*[-\u2010\u2011\u2012\u2013\u2014\u2212]\s*")
_CPV_SHAPE = re.compile(r"^(\d{7,8})(?:-(\d))?$")


def _cpv_scalar(value: object) -> str | None:
    """A CPV code as written but cleaned: no ``CPV`` prefix, one plain hyphen before the check
    digit, the leading zero Excel drops from a number restored (``3121200`` → ``03121200``); a
    short cell without any digit (``n.v.``, ``-``, ``k.A.``) is no code."""
    s = _code_scalar(value)
    if s is None:
        return None
    if len(s) <= 5 and not any(ch.isdigit() for ch in s):
        return None  # a placeholder, not a code
    t = _CPV_DASHES.sub("-", _CPV_PREFIX.sub("", s).strip())
    m = _CPV_SHAPE.match(t)
    if m is None:
        return s
    digits = m.group(1).zfill(8)
    return f"{digits}-{m.group(2)}" if m.group(2) else digits


def to_cpv(values: pd.Series | Factorized) -> pd.Series:
    """CPV codes (see :func:`_cpv_scalar`), once per distinct value."""
    return map_unique(values, _cpv_scalar)


def to_code(values: pd.Series | Factorized) -> pd.Series:
    """Codes kept as text (article numbers, EAN, CPV): ``15861000.0`` → ``15861000``."""
    f = values if isinstance(values, Factorized) else Factorized.of(values)
    return pd.Series(f.per_row(text_uniques(f, code=True), None), dtype=object)


def _origin_scalar(value: object) -> str | None:
    s = _text_scalar(value)
    if s is None:
        return None
    return country_code(s) or s


def to_origin(values: pd.Series | Factorized) -> pd.Series:
    """Origin countries: ISO alpha-2 where the name/code is unambiguous, else the text as written."""
    return map_unique(values, _origin_scalar)

