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
* anything else (text, ``inf``, ``nan``) is not a number (NaN).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Hashable
from typing import Any, Literal

import numpy as np
import pandas as pd

from fairbuy.io.countries import country_code

Style = Literal["de", "en"]

_STRIP_RE = r"[\s\u00a0\u202f'’´`€$£]|(?i:eur(?:o)?|usd|chf|gbp)"
_NUMBER_SHAPE = re.compile(r"^[0-9.,]*[0-9][0-9.,]*(?:[eE][+-]?[0-9]{1,3})?$")
_DE_EVIDENCE = r",\d{1,2}$|,\d{4,}$|\.\d{3},|^\d{1,3}(?:\.\d{3}){2,}$"
_EN_EVIDENCE = r"\.\d{1,2}$|\.\d{4,}$|,\d{3}\.|^\d{1,3}(?:,\d{3}){2,}$"
#: Largest magnitude accepted as a number (beyond it the cell is treated as unreadable text).
MAX_ABS_NUMBER = 1e15

_CURRENCY_PATTERNS: tuple[tuple[str, str], ...] = (
    ("EUR", r"€|(?i:\beur(?:o)?\b)"),
    ("USD", r"\$|(?i:\busd\b)"),
    ("GBP", r"£|(?i:\bgbp\b)"),
    ("CHF", r"(?i:\bchf\b)"),
)


def _clean_scalar(text: str) -> tuple[str, bool]:
    s = text.strip()
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
            mant = mant.replace(",", "")
        else:
            mant = mant.replace(".", "").replace(",", ".")
    elif commas:
        if commas > 1 or (style == "en" and re.search(r",\d{3}$", mant)):
            mant = mant.replace(",", "")
        else:
            mant = mant.replace(",", ".")
    elif dots:
        if dots > 1 or (style == "de" and re.search(r"\.\d{3}$", mant)):
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


def _as_text(values: pd.Series) -> pd.Series:
    """Strings of the non-numeric cells (others NA), as a pandas string series."""
    return values.where(values.map(type).eq(str) if values.dtype == object else values.notna()).astype(
        "string"
    )


def number_style(values: pd.Series, default: Style = "de") -> Style:
    """Decide whether a column writes ``1.234,56`` (de) or ``1,234.56`` (en) from unambiguous values."""
    s = _as_text(values).dropna()
    if s.empty:
        return default
    s = s.str.replace(_STRIP_RE, "", regex=True)
    de = int(s.str.contains(_DE_EVIDENCE, regex=True).sum())
    en = int(s.str.contains(_EN_EVIDENCE, regex=True).sum())
    if de == en:
        return default
    return "de" if de > en else "en"


def parse_numbers(values: pd.Series, style: Style | None = None, default: Style = "de") -> tuple[
    np.ndarray[Any, np.dtype[np.float64]], np.ndarray[Any, np.dtype[np.bool_]]
]:
    """Vectorised :func:`parse_number` over a column of cells.

    Returns ``(numbers, bad)``: float array (NaN where empty or unreadable) and a mask of cells that
    held something that is not a number.
    """
    n = len(values)
    out = np.full(n, np.nan)
    if n == 0:
        return out, np.zeros(0, dtype=bool)
    if style is None:
        style = number_style(values, default)
    vals = values.reset_index(drop=True)
    if vals.dtype == object:
        kinds = vals.map(type)
        is_num = kinds.isin((int, float, np.float64, np.int64))
        if is_num.any():
            out[is_num.to_numpy()] = vals[is_num].astype(float).to_numpy()
        is_str = kinds.eq(str).to_numpy()
        other = ~is_num.to_numpy() & ~is_str & vals.notna().to_numpy()
    else:
        is_str = vals.notna().to_numpy()
        other = np.zeros(n, dtype=bool)
    bad = other.copy()
    if is_str.any():
        idx = np.flatnonzero(is_str)
        s = vals.iloc[idx].astype("string").str.strip()
        nonempty = s.ne("").fillna(False).to_numpy(dtype=bool)
        paren = s.str.match(r"^\(.*\)$").fillna(False)
        s = s.str.replace(r"^\((.*)\)$", r"\1", regex=True).str.replace(_STRIP_RE, "", regex=True)
        trail = s.str.endswith("-").fillna(False) & ~s.str.startswith("-").fillna(False)
        s = s.str.replace(r"-$", "", regex=True)
        lead = s.str.startswith("-").fillna(False)
        s = s.str.replace(r"^[-+]", "", regex=True)
        neg = (paren ^ trail ^ lead).to_numpy(dtype=bool)
        shape_ok = s.str.match(_NUMBER_SHAPE.pattern).fillna(False).to_numpy(dtype=bool)
        mant = s.str.replace(r"[eE][+-]?[0-9]{1,3}$", "", regex=True)
        exp = s.str.extract(r"([eE][+-]?[0-9]{1,3})$", expand=False).fillna("")
        dots = mant.str.count(r"\.").fillna(0).to_numpy()
        commas = mant.str.count(",").fillna(0).to_numpy()
        rdot = mant.str.rfind(".").fillna(-1).to_numpy()
        rcomma = mant.str.rfind(",").fillna(-1).to_numpy()
        three_after_comma = mant.str.contains(r",\d{3}$", regex=True).fillna(False).to_numpy(dtype=bool)
        three_after_dot = mant.str.contains(r"\.\d{3}$", regex=True).fillna(False).to_numpy(dtype=bool)
        both = (dots > 0) & (commas > 0)
        # which characters to delete / turn into the decimal point
        drop_comma = (both & (rdot > rcomma)) | (
            ~both & (commas > 0) & ((commas > 1) | ((style == "en") & three_after_comma))
        )
        comma_dec = (both & (rcomma > rdot)) | (~both & (commas == 1) & ~drop_comma)
        drop_dot = (both & (rcomma > rdot)) | (
            ~both & (dots > 0) & ((dots > 1) | ((style == "de") & three_after_dot))
        )
        m = mant.to_numpy(dtype=object, na_value="")
        ms = pd.Series(m, dtype="string")
        res = ms.copy()
        if drop_dot.any():
            res[drop_dot] = ms[drop_dot].str.replace(".", "", regex=False)
        if drop_comma.any():
            res[drop_comma] = res[drop_comma].str.replace(",", "", regex=False)
        if comma_dec.any():
            res[comma_dec] = res[comma_dec].str.replace(",", ".", regex=False)
        full = res + pd.Series(exp.to_numpy(dtype=object, na_value=""), dtype="string")
        nums = pd.to_numeric(full.where(pd.Series(shape_ok)), errors="coerce").to_numpy(
            dtype=float, na_value=np.nan
        )
        with np.errstate(invalid="ignore"):
            nums[~np.isfinite(nums) | (np.abs(nums) > MAX_ABS_NUMBER)] = np.nan
        nums = np.where(neg, -nums, nums)
        out[idx] = nums
        bad[idx] = nonempty & np.isnan(nums)
    return out, bad


def detect_currency(values: pd.Series) -> pd.Series:
    """Currency code named inside amount cells ("12,50 €" → "EUR"), else NA."""
    s = _as_text(values)
    out = pd.Series(pd.NA, index=values.index, dtype="object")
    for code, pat in reversed(_CURRENCY_PATTERNS):
        hit = s.str.contains(pat, regex=True).fillna(False).to_numpy(dtype=bool)
        out[hit] = code
    return out


_EXCEL_EPOCH = dt.date(1899, 12, 30)
_DATE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$"), "ymd"),
    (re.compile(r"^(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})(?:\s.*)?$"), "dmy"),
    (re.compile(r"^(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{2})$"), "dmy2"),
    (re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s.*)?$"), "dmy"),
    (re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"), "ymd"),
    (re.compile(r"^(\d{4})(\d{2})(\d{2})$"), "ymd"),
)


def parse_date(value: object) -> dt.date | None:
    """One cell to a date: ``date``/``datetime`` cells, Excel serial numbers, ``dd.mm.yyyy``,
    ``dd.mm.yy``, ISO ``yyyy-mm-dd[Thh:mm]``, ``dd/mm/yyyy`` (``mm/dd`` when the day is > 12 in the
    second place) and ``yyyymmdd``. Anything else gives None."""
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
            if "/" in s and mo > 12 >= d:
                d, mo = mo, d
        try:
            return dt.date(y, mo, d)
        except ValueError:
            return None
    return None


def map_unique(values: pd.Series, fn: Callable[[Any], Any]) -> pd.Series:
    """Apply ``fn`` once per distinct value (hashable ones) and map the results back."""
    if values.empty:
        return pd.Series([], index=values.index, dtype=object)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    mapped = np.array([fn(u) for u in uniques] + [fn(None)], dtype=object)
    return pd.Series(mapped[codes], index=values.index, dtype=object)


def parse_dates(values: pd.Series) -> pd.Series:
    """Vectorised :func:`parse_date` (object series of ``datetime.date`` or None)."""
    return map_unique(values, parse_date)


def _text_scalar(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        s = value.strip()
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


def to_text(values: pd.Series) -> pd.Series:
    """Cells as stripped text (None when empty); whole-number floats without ``.0``."""
    if values.dtype != object:
        s = values.astype("string").str.strip()
        empty = (s.isna() | s.eq("")).to_numpy(dtype=bool)
        out = s.astype(object)
        out[empty] = None
        return out
    return map_unique(values, _text_scalar)


def to_code(values: pd.Series) -> pd.Series:
    """Codes kept as text (article numbers, EAN, CPV): ``15861000.0`` → ``15861000``."""
    return map_unique(values, _code_scalar)


def _origin_scalar(value: object) -> str | None:
    s = _text_scalar(value)
    if s is None:
        return None
    return country_code(s) or s


def to_origin(values: pd.Series) -> pd.Series:
    """Origin countries: ISO alpha-2 where the name/code is unambiguous, else the text as written."""
    return map_unique(values, _origin_scalar)


def is_hashable(value: object) -> bool:
    return isinstance(value, Hashable)
