"""From a grid of cells (one sheet, one CSV) to the item table of :data:`fairbuy.table.READ_COLUMNS`.

A grid is a :class:`pandas.DataFrame` of cells with integer column labels plus, for every row, the
row number the user sees. The header row is found (title rows above it are not data), every row
below it becomes one table row: ``item``, ``blank``, ``total`` or ``error``. Trailing blank rows
(formatting that reaches further than the data) are not data rows and are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from fairbuy.io.parsing import (
    Factorized,
    Style,
    detect_currency_unique,
    number_readings_uniques,
    number_style_unique,
    parse_dates,
    parse_number,
    parse_number_uniques,
    to_code,
    to_cpv,
    to_origin,
    to_text,
)
from fairbuy.io.roles import ROLES, HeaderMatch
from fairbuy.table import READ_COLUMNS

#: Up to this many rows, ``raw`` holds a dict of the original cells per row; above it ``raw`` is None
#: (building a million dicts costs seconds) and :attr:`ReadResult.raw_cells` has the cells instead.
RAW_DICT_MAX_ROWS = 50_000
#: Longest text accepted in one cell (Excel's own limit); longer cells make the row unreadable.
MAX_CELL_CHARS = 32_767

#: Cells that make a row a totals row whatever else it holds (German/English totals labels).
_TOTAL_RE = (
    r"^[\s*_:.#]*(?:(?:zwischen|end|gesamt|netto|brutto|rechnungs|teil)?summe|gesamt(?:betrag|wert|summe)|"
    r"sub\s?total|grand\s?total|uebertrag|übertrag|"
    r"(?:zzgl|zuzgl|inkl|incl|plus)\.?\s.*(?:mwst|ust|umsatzsteuer|mehrwertsteuer|vat))(?:\b|$)"
)
#: Weaker labels ("Total", "Gesamt", "MwSt 19 %"): a totals row only without a quantity
#: ("Total Eclipse Kaffee" or a "Vat" with a quantity are items).
_VAT_RE = r"^[\s*_:.#]*(?:total|sum|gesamt|mwst|ust|vat|umsatzsteuer|mehrwertsteuer)(?:\b|$)"
#: A part of the subtotal above ("davon Naturstein", "- davon MwSt"): like a weak totals label.
_DAVON_RE = r"^[\s*_:.#\-–]*(?:davon|darunter|thereof|of\s+which)(?:\s|:|$)"
#: A sign-off or approval line ("Geprüft: 15.01.2026, gez. Hartmann", "sachlich richtig").
_SIGNOFF_RE = (
    r"^[\s*_:.#\-–]*(?:gepr(?:ü|ue)ft|gez\.|gezeichnet|unterschrift|unterzeichnet|abgezeichnet|"
    r"sachlich(?:\s+und\s+rechnerisch)?\s+richtig|rechnerisch\s+richtig|freigegeben|freigabe|genehmigt|"
    r"i\.\s?a\.|i\.\s?v\.|approved\s+by|checked\s+by|signed\s+by|signature)(?:\s|:|$)|(?:^|\s)gez\.\s"
)
#: A budget or balance line below the total ("noch verfügbar:", "Restbudget", "Budget 2025").
_BUDGET_RE = (
    r"^[\s*_:.#\-–]*(?:noch\s+verf(?:ü|ue)gbar|verf(?:ü|ue)gbar|rest(?:budget|mittel|betrag)|"
    r"(?:gesamt)?budget|haushalts(?:ansatz|mittel)|verbleibend|verbleibt|saldo|remaining|balance|available)"
    r"(?:\s|:|$)"
)
_TEXT_ONLY_REASON = "text only (no quantity, price or amount): a heading or remark, not an item"
#: A text-only row that names a section of the list: a heading word at its start, or a closing colon.
_HEADING_RE = re.compile(
    r"(?i)^\W*(?:kostenstelle|kst|kostentr(?:ä|ae)ger|abteilung|fachbereich|bereich|amt|sachkonto|konto|"
    r"projekt|los|titel|warengruppe|gruppe|haushaltsstelle|standort|objekt|cost\s+cent(?:er|re)|department)"
    r"\b|^.*[^\W\d_].*:\s*$"
)
_STRONG, _WEAK, _DAVON, _SIGNOFF, _BUDGET = 1, 2, 4, 8, 16
_LABELS: tuple[tuple[int, str], ...] = (
    (_STRONG, _TOTAL_RE), (_WEAK, _VAT_RE), (_DAVON, _DAVON_RE), (_SIGNOFF, _SIGNOFF_RE), (_BUDGET, _BUDGET_RE),
)
_LABEL_ANY = "|".join(f"(?:{pattern})" for _, pattern in _LABELS)
_LABEL_COMPILED = tuple((bit, re.compile(pattern, re.IGNORECASE)) for bit, pattern in _LABELS)
#: Labels are looked for in cells up to this long.
_LABEL_MAX_CHARS = 60
_TEXT_ROLES = ("description", "unit", "supplier", "label_text")
_CODE_ROLES = ("supplier_id", "cpv", "article_number", "document_number")
_NUMBER_ROLES = ("quantity", "unit_price", "amount")
_NUMBER_ROLE_NAMES = {"quantity": "quantity", "unit_price": "unit price", "amount": "amount"}


def empty_table() -> pd.DataFrame:
    """A table with the READ_COLUMNS and no rows (dtypes as the pipeline expects)."""
    return pd.DataFrame({c: pd.Series([], dtype=_dtype(c)) for c in READ_COLUMNS})


def _dtype(col: str) -> str:
    if col in _NUMBER_ROLES:
        return "float64"
    if col == "source_row":
        return "int64"
    return "object"


def _is_blank_unique(u: object) -> bool:
    if u is None:
        return True
    if isinstance(u, str):
        return not u.strip()
    return isinstance(u, float) and u != u


def _blank_uniques(c: Factorized) -> np.ndarray[Any, np.dtype[np.bool_]]:
    import pyarrow.compute as pc

    if c.is_str.all():
        return np.asarray(
            pc.equal(pc.utf8_length(pc.utf8_trim_whitespace(c.pa)), 0).to_numpy(zero_copy_only=False), dtype=bool
        )
    # mixed columns: text values stripped in Python (as before), the others need a look only when
    # pandas calls them missing (None, NaN and the like; numbers and dates are never blank)
    u = c.uniques
    out = np.zeros(len(c), dtype=bool)
    text_at = np.flatnonzero(c.is_str)
    if len(text_at):
        out[text_at] = [not u[i].strip() for i in text_at.tolist()]
    other_at = np.flatnonzero(~c.is_str)
    if len(other_at):
        for i in other_at[np.asarray(pd.isna(u[other_at]), dtype=bool)].tolist():
            out[i] = _is_blank_unique(u[i])
    return out


def _blank_mask(cols: list[Factorized], n: int) -> np.ndarray[Any, np.dtype[np.bool_]]:
    mask = np.ones(n, dtype=bool)
    for c in cols:
        mask &= c.per_row(_blank_uniques(c), True).astype(bool)
        if not mask.any():
            break
    return mask


def _long_mask(cols: list[Factorized], n: int) -> np.ndarray[Any, np.dtype[np.bool_]]:
    import pyarrow.compute as pc

    mask = np.zeros(n, dtype=bool)
    for c in cols:
        if not c.is_str.any():
            continue
        long_u = np.asarray(
            pc.fill_null(pc.greater(pc.utf8_length(c.pa), MAX_CELL_CHARS), False).to_numpy(zero_copy_only=False),
            dtype=bool,
        )
        if long_u.any():
            mask |= c.per_row(long_u, False).astype(bool)
    return mask


def _header_names(headers: Sequence[str], width: int) -> list[str]:
    names: list[str] = []
    seen: dict[str, int] = {}
    for i in range(width):
        h = headers[i].strip() if i < len(headers) and headers[i] else ""
        if not h:
            h = _column_letter(i)
        if h in seen:
            seen[h] += 1
            h = f"{h} ({seen[h]})"
        else:
            seen[h] = 1
        names.append(h)
    return names


def _column_letter(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def build_table(
    cells: pd.DataFrame,
    row_numbers: np.ndarray[Any, Any] | Sequence[int],
    header: HeaderMatch | None,
    *,
    source_file: str,
    sheet: str | None,
    number_default: Style = "de",
    no_header_reason: str | None = None,
    raw_sink: list[pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """Turn the data rows (below the header) of one grid into READ_COLUMNS rows.

    ``cells``: data rows only, integer column labels; ``row_numbers``: the row number of each.
    ``raw_sink``: when given, the original cells of the rows kept (columns named by header) are
    appended to it.
    With ``header`` None every non-blank row is an ``error`` row with ``no_header_reason``.
    """
    n = len(cells)
    rows = np.asarray(row_numbers, dtype=np.int64)
    if n == 0:
        return empty_table()
    cells = cells.reset_index(drop=True)
    cells.columns = pd.RangeIndex(cells.shape[1])
    cols = [Factorized.of(cells[i]) for i in range(cells.shape[1])]
    blank = _blank_mask(cols, n)
    # drop trailing blank rows: not data, only formatting
    nonblank = np.flatnonzero(~blank)
    if nonblank.size == 0:
        return empty_table()
    last = int(nonblank[-1]) + 1
    if last < n:
        cells, rows, blank, n = cells.iloc[:last], rows[:last], blank[:last], last
        cols = [Factorized.of(cells[i]) for i in range(cells.shape[1])]
    out: dict[str, Any] = {
        "source_file": _repeat(source_file, n),
        "source_sheet": _repeat(sheet, n),
        "source_row": rows,
    }
    roles = header.roles if header is not None else {}
    width = cells.shape[1]
    names = _header_names(header.headers if header is not None else [], width)

    def col(role: str) -> Factorized | None:
        i = roles.get(role)
        if i is None or i >= width:
            return None
        return cols[i]

    none_col = np.full(n, None, dtype=object)
    for role in _TEXT_ROLES:
        c = col(role)
        out[role] = to_text(c).to_numpy(dtype=object) if c is not None else none_col.copy()
    for role in _CODE_ROLES:
        c = col(role)
        conv = to_cpv if role == "cpv" else to_code
        out[role] = conv(c).to_numpy(dtype=object) if c is not None else none_col.copy()
    c = col("origin")
    out["origin"] = to_origin(c).to_numpy(dtype=object) if c is not None else none_col.copy()
    c = col("purchase_date")
    out["purchase_date"] = parse_dates(c).to_numpy(dtype=object) if c is not None else none_col.copy()
    unreadable_numbers: list[tuple[str, np.ndarray[Any, Any], np.ndarray[Any, Any]]] = []
    others: dict[str, np.ndarray[Any, Any]] = {}
    for role in _NUMBER_ROLES:
        c = col(role)
        if c is None:
            out[role] = np.full(n, np.nan)
            continue
        nums_u, bad_u, other_u = number_readings_uniques(c, number_style_unique(c, number_default))
        out[role] = c.per_row(nums_u, np.nan).astype(float)
        bad = c.per_row(bad_u, False).astype(bool)
        if not np.isnan(other_u).all():
            others[role] = c.per_row(other_u, np.nan).astype(float)
        if role == "quantity" and bad.any():
            out[role], bad, units = _quantity_with_unit(c, out[role], bad, number_default)
            if units is not None:
                unit_found = ~pd.isna(units)
                out["unit"] = np.where(pd.isna(out["unit"]) & unit_found, units, out["unit"])
        if bad.any():
            unreadable_numbers.append((role, bad, to_text(c).to_numpy(dtype=object)))
    if others:
        _resolve_ambiguous(out, others)
    amount = out["amount"]
    derived = np.isnan(amount) & ~np.isnan(out["quantity"]) & ~np.isnan(out["unit_price"])
    if derived.any():
        amount = amount.copy()
        amount[derived] = out["quantity"][derived] * out["unit_price"][derived]
        out["amount"] = amount
    c = col("currency")
    currency = to_text(c).to_numpy(dtype=object) if c is not None else none_col.copy()
    if c is not None:
        currency = np.array([v.upper() if isinstance(v, str) and len(v) <= 4 else v for v in currency],
                            dtype=object) if n < 50 else pd.Series(currency).map(
            lambda v: v.upper() if isinstance(v, str) and len(v) <= 4 else v).to_numpy(dtype=object)
    for role in ("amount", "unit_price"):
        src = col(role)
        if src is not None:
            found = src.per_row(detect_currency_unique(src), None)
            fill = pd.isna(currency) & ~pd.isna(found)
            currency = np.where(fill, found, currency)
    out["currency"] = currency
    out["parent_row"] = none_col.copy()

    # row kinds
    kind = np.full(n, "item", dtype=object)
    error = none_col.copy()
    numeric_cols = {roles[r] for r in (*_NUMBER_ROLES, "purchase_date") if r in roles}
    text_at = [i for i in range(len(cols)) if i not in numeric_cols]
    label_u = {i: _label_uniques(cols[i]) for i in text_at}
    row_flags = np.zeros(n, dtype=np.int64)
    for at, u in label_u.items():
        if u.any():
            row_flags |= cols[at].per_row(u, 0).astype(np.int64)
    desc_at = roles.get("description")
    desc_flags = (cols[desc_at].per_row(label_u[desc_at], 0).astype(np.int64)
                  if desc_at is not None and desc_at in label_u else np.zeros(n, dtype=np.int64))
    total = _total_mask([], out["description"], out["quantity"], row_flags=row_flags, desc_flags=desc_flags)
    total &= ~blank
    kind[total] = "total"
    kind[blank] = "blank"
    long_rows = _long_mask(cols, n) & ~blank
    if header is None:
        err = ~blank
        kind[err] = "error"
        error[err] = no_header_reason or "no header row recognised"
    else:
        ident = ~(pd.isna(out["description"]) & pd.isna(out["article_number"]) & pd.isna(out["cpv"]))
        noident = (kind == "item") & ~ident
        if noident.any():
            if not any(r in roles for r in ("description", "article_number", "cpv")):
                reason = ("no description, article number or CPV column recognised; "
                          "name it with a column mapping (e.g. description=<header>)")
            else:
                reason = "row has no description, article number or CPV code"
            kind[noident] = "error"
            error[noident] = reason
        for mask, reason in _other_non_items(cells, out, kind, total, row_flags, desc_flags, roles):
            kind[mask] = "error"
            error[mask] = reason
    if long_rows.any():
        kind[long_rows] = "error"
        error[long_rows] = f"a cell is longer than {MAX_CELL_CHARS} characters"
        for role in (*_TEXT_ROLES, *_CODE_ROLES, "origin", "currency"):
            arr = np.array(out[role], dtype=object)
            arr[long_rows] = None
            out[role] = arr
    # items whose number cells could not be read stay items; read_error says which cell, and the
    # report shows it as a note on the item (the value is treated as missing)
    for role, bad, texts in unreadable_numbers:
        for i in np.flatnonzero(bad & (kind == "item")):
            cell = str(texts[i])[:60]
            note = f"{_NUMBER_ROLE_NAMES[role]} {cell!r} is not a number (treated as missing)"
            error[i] = note if error[i] is None else f"{error[i]}; {note}"
    if header is not None:
        again = _repeated_header_mask(cols, header.headers) & (kind == "item")
        if again.any():
            kind[again] = "error"
            error[again] = "repeated column header row (not an item)"
    out["row_kind"] = kind
    out["read_error"] = error
    out["raw"] = _raw_dicts(cells, names) if n <= RAW_DICT_MAX_ROWS else np.full(n, None, dtype=object)
    if raw_sink is not None:
        named = cells.set_axis(names, axis=1)
        raw_sink.append(named.reset_index(drop=True))
    return frame_from_columns(out)


def _resolve_ambiguous(out: dict[str, Any], others: Mapping[str, np.ndarray[Any, Any]]) -> None:
    """Ambiguous numbers (``5.000``: 5 or 5000) checked against their row: where exactly one of
    quantity, unit price and amount is ambiguous, the other two are present, and only the other
    reading gives quantity × unit price ≈ amount, the other reading is taken (``out`` is changed in
    place). Every other row keeps the column's reading. Only the rows holding an ambiguous value
    are looked at."""
    n_amb = np.zeros(len(out["amount"]), dtype=np.int8)
    for other in others.values():
        n_amb += ~np.isnan(other)
    for role, other in others.items():
        rows = np.flatnonzero(~np.isnan(other) & (n_amb == 1))
        if rows.size == 0:
            continue
        vals = {r: np.asarray(out[r], dtype=float)[rows] for r in _NUMBER_ROLES}
        if any(np.isnan(v).all() for v in vals.values()):
            continue
        current_ok = _consistent(vals["quantity"], vals["unit_price"], vals["amount"])
        vals[role] = other[rows]
        other_ok = _consistent(vals["quantity"], vals["unit_price"], vals["amount"])
        take = other_ok & ~current_ok
        if take.any():
            column = np.array(out[role], dtype=float)
            column[rows[take]] = other[rows[take]]
            out[role] = column


def _consistent(
    quantity: np.ndarray[Any, Any], unit_price: np.ndarray[Any, Any], amount: np.ndarray[Any, Any]
) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """quantity × unit price = amount, allowing for the amount and the unit price each rounded to
    cents (False where a value is missing)."""
    with np.errstate(invalid="ignore", over="ignore"):
        tol = 0.005 + 0.005 * np.abs(quantity) + 1e-9 * np.abs(amount)
        result: np.ndarray[Any, np.dtype[np.bool_]] = np.abs(quantity * unit_price - amount) <= tol
    return result


def _other_non_items(
    cells: pd.DataFrame, out: Mapping[str, Any], kind: np.ndarray[Any, Any], total: np.ndarray[Any, Any],
    row_flags: np.ndarray[Any, Any], desc_flags: np.ndarray[Any, Any], roles: Mapping[str, int],
) -> list[tuple[np.ndarray[Any, np.dtype[np.bool_]], str]]:
    """Rows with a description that are still no line items, with their reasons:

    * a sign-off or approval line (``Geprüft: …, gez. Hartmann``, ``sachlich richtig``) without
      quantity, unit price or amount;
    * a budget or balance line below a total row (``noch verfügbar:``, ``Restbudget``) without
      quantity or unit price (it may have an amount: the money left, not spent);
    * a group heading or remark: the description is the row's only text (a heading merged across
      the row repeats it in every cell) and the row has no quantity, unit price or amount, in a
      table that has such columns. Any other filled cell (a quantity without a price, a supplier,
      a date, a unit, a code) keeps the row an item.

    Only rows still counted as items are looked at."""
    item = kind == "item"
    q, p, a = (np.asarray(out[r], dtype=float) for r in _NUMBER_ROLES)
    no_price = item & np.isnan(q) & np.isnan(p)
    found: list[tuple[np.ndarray[Any, np.dtype[np.bool_]], str]] = []
    if not no_price.any():
        return found
    no_numbers = no_price & np.isnan(a)
    desc = out["description"]
    desc_empty = pd.isna(desc)
    signoff = no_numbers & ((row_flags & _SIGNOFF) != 0) & (desc_empty | ((desc_flags & _SIGNOFF) != 0))
    if signoff.any():
        found.append((signoff, "sign-off or approval line (not an item)"))
    after_total = (np.cumsum(total) > 0) & ~total
    budget = (no_price & after_total & ((row_flags & _BUDGET) != 0)
              & (desc_empty | ((desc_flags & _BUDGET) != 0)) & ~signoff)
    if budget.any():
        found.append((budget, "budget or balance line below the total (not an item)"))
    has_numbers = bool(((~np.isnan(q)) | (~np.isnan(p)) | (~np.isnan(a))).any())
    cand = np.flatnonzero(no_numbers & ~desc_empty & ~signoff & ~budget)
    if cand.size and has_numbers and any(r in roles for r in _NUMBER_ROLES):
        d = np.asarray(desc, dtype=object)[cand]
        # only what reads as a heading: a heading word ("Kostenstelle 4711", "Abteilung …") or a
        # closing colon. Other text-only rows stay items: a product line whose numbers are
        # missing keeps its verdict (and repeated text alone is no sign: "0" under "0")
        only = np.fromiter((bool(_HEADING_RE.search(str(x))) for x in d), dtype=bool, count=cand.size)
        for j in range(cells.shape[1]):
            if not only.any():
                break
            texts = to_text(cells[j].iloc[cand].reset_index(drop=True)).to_numpy(dtype=object)
            only &= pd.isna(texts) | (texts == d)  # (a heading merged across the row repeats its text)
        if only.any():
            heading = np.zeros(len(kind), dtype=bool)
            heading[cand[only]] = True
            found.append((heading, _TEXT_ONLY_REASON))
    return found


#: A quantity written with its unit in the cell ("10 Stück", "8 Stk.", "2,5 kg").
_QTY_UNIT_RE = re.compile(r"^\s*([-+\u2212]?\d[\d.,]*)\s*([^\W\d_][^\W\d_²³]{0,14}[²³]?\.?)\s*$")


def _quantity_with_unit(
    c: Factorized, numbers: np.ndarray[Any, Any], bad: np.ndarray[Any, Any], default: Style
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], np.ndarray[Any, Any] | None]:
    """Quantity cells that are a number followed by a unit word: the number is the quantity, the
    word the unit (for rows whose unit cell is empty). Only the distinct cells that did not read as
    a number are looked at."""
    _, bad_u = parse_number_uniques(c, "de")
    idx = np.flatnonzero(bad_u & c.is_str)
    if idx.size == 0:
        return numbers, bad, None
    uniques = c.uniques
    qty_u = np.full(len(c), np.nan)
    unit_u = np.full(len(c), None, dtype=object)
    for i in idx.tolist():
        m = _QTY_UNIT_RE.match(str(uniques[i]))
        if m is None:
            continue
        v = parse_number(m.group(1), default)
        if not np.isnan(v):
            qty_u[i], unit_u[i] = v, m.group(2).strip()
    qty = c.per_row(qty_u, np.nan).astype(float)
    fixed = bad & ~np.isnan(qty)
    if not fixed.any():
        return numbers, bad, None
    numbers = np.where(fixed, qty, numbers)
    units = np.full(len(numbers), None, dtype=object)
    units[fixed] = c.per_row(unit_u, None)[fixed]
    return numbers, bad & ~fixed, units


def _repeated_header_mask(cols: list[Factorized], headers: Sequence[str]) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """Rows that repeat the column header (a printed list's header on every page): at least two
    cells, and every non-empty cell, equal to their column's header text."""
    import pyarrow as pa
    import pyarrow.compute as pc

    n = len(cols[0].codes) if cols else 0
    same = np.zeros(n, dtype=np.int64)
    filled = np.zeros(n, dtype=np.int64)
    for i, c in enumerate(cols):
        filled += ~c.per_row(_blank_uniques(c), True).astype(bool)
        h = headers[i].strip().casefold() if i < len(headers) and headers[i] else ""
        if not h or not c.is_str.any():
            continue
        eq = pc.equal(pc.utf8_lower(pc.utf8_trim_whitespace(c.pa)), pa.scalar(h))
        same += c.per_row(np.asarray(pc.fill_null(eq, False).to_numpy(zero_copy_only=False), dtype=bool),
                          False).astype(bool)
    result: np.ndarray[Any, np.dtype[np.bool_]] = (same >= 2) & (same == filled)
    return result


def _repeat(value: object, n: int) -> np.ndarray[Any, np.dtype[np.object_]]:
    """An object array of ``n`` times ``value`` (``np.full`` with a string is ~25x slower)."""
    out = np.empty(n, dtype=object)
    out[:] = [value] if value is not None else None
    return out


def frame_from_columns(out: Mapping[str, Any]) -> pd.DataFrame:
    """DataFrame of READ_COLUMNS with explicit dtypes; text columns must hold None (not NaN) for missing."""
    data: dict[str, pd.Series] = {}
    for c in READ_COLUMNS:
        v = out[c]
        dtype = _dtype(c)
        if dtype == "object":
            arr = v if isinstance(v, np.ndarray) and v.dtype == object else np.asarray(v, dtype=object)
            data[c] = pd.Series(arr, dtype=object, copy=False)
        else:
            data[c] = pd.Series(v, dtype=dtype)
    return pd.DataFrame(data)


def _raw_dicts(cells: pd.DataFrame, names: list[str]) -> np.ndarray[Any, np.dtype[np.object_]]:
    """Original cell values keyed by header (empty cells left out)."""
    cols = [cells[i].to_numpy(dtype=object) for i in range(cells.shape[1])]
    keys = names
    out = np.empty(len(cells), dtype=object)
    out[:] = [
        {k: v for k, v in zip(keys, vals, strict=False) if v is not None and v == v and v != ""}
        for vals in zip(*cols, strict=True)
    ]
    return out


def _label_uniques(c: Factorized) -> np.ndarray[Any, np.dtype[np.int64]]:
    """Per distinct cell, the label bits (``_STRONG`` … ``_BUDGET``) its text starts with: one
    combined regex over the distinct values, then only the values it hit are told apart."""
    import pyarrow.compute as pc

    flags = np.zeros(len(c), dtype=np.int64)
    if not c.is_str.any():
        return flags
    short = pc.less_equal(pc.utf8_length(c.pa), _LABEL_MAX_CHARS)
    match = pc.match_substring_regex(c.pa, _LABEL_ANY, ignore_case=True)
    hit = np.flatnonzero(np.asarray(pc.fill_null(pc.and_(short, match), False).to_numpy(zero_copy_only=False),
                                    dtype=bool))
    if hit.size == 0:
        return flags
    for i, text in zip(hit.tolist(), c.pa.take(hit).to_pylist(), strict=True):
        flags[i] = sum(bit for bit, rx in _LABEL_COMPILED if rx.search(text))
    return flags


def _label_flags(cols: Sequence[Factorized], n: int) -> np.ndarray[Any, np.dtype[np.int64]]:
    """Per row, the label bits of any of ``cols`` (OR)."""
    flags = np.zeros(n, dtype=np.int64)
    for c in cols:
        u = _label_uniques(c)
        if u.any():
            flags |= c.per_row(u, 0).astype(np.int64)
    return flags


def _total_mask(
    cols: list[Factorized], description: np.ndarray[Any, Any], quantity: np.ndarray[Any, Any],
    *, row_flags: np.ndarray[Any, Any] | None = None, desc_flags: np.ndarray[Any, Any] | None = None,
) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """Totals/subtotal/VAT rows: a cell starts with Summe/Gesamt/Total/zzgl. MwSt/davon ..., and the
    description is empty or itself such a word, and (unless the description says so) no quantity.
    ``row_flags``/``desc_flags``: the label bits of the row's text cells and of its description,
    when already known (:func:`_label_flags`)."""
    n = len(description)
    if row_flags is None:
        row_flags = _label_flags(cols, n)
    hit: np.ndarray[Any, np.dtype[np.bool_]] = (row_flags & (_STRONG | _WEAK | _DAVON)) != 0
    if not hit.any():
        return hit
    if desc_flags is None:
        desc_flags = _label_flags([Factorized.of(pd.Series(description, dtype=object))], n)
    desc_strong = (desc_flags & _STRONG) != 0
    desc_any = (desc_flags & (_STRONG | _WEAK | _DAVON)) != 0
    desc_empty = pd.isna(description)
    qty_empty = np.isnan(quantity)
    result: np.ndarray[Any, np.dtype[np.bool_]] = hit & (desc_strong | ((desc_empty | desc_any) & qty_empty))
    return result


def role_summary(header: HeaderMatch | None) -> dict[str, str]:
    """``{role: header text}`` for the roles found (for messages and the report)."""
    if header is None:
        return {}
    return {r: header.headers[i] for r, i in header.roles.items() if r in ROLES}


def apply_mapping_check(header: HeaderMatch | None, column_map: Mapping[str, str] | None) -> list[str]:
    """Roles of the user's mapping whose header was not found."""
    if not column_map:
        return []
    found = header.roles if header is not None else {}
    return [r for r in column_map if r not in found]
