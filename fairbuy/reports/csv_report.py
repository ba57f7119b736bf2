"""The CSV report: the items table (one line per input row, in input order).

Dialects (``csv_dialect``):

``excel-de`` (default)
    What German Excel opens by double-click: ``;`` as separator, decimal comma (``12,5``), UTF-8
    with BOM (so umlauts survive), CRLF line ends.
``excel``
    ``,`` as separator, decimal point, UTF-8 with BOM, CRLF.
``rfc4180``
    ``,`` as separator, decimal point, UTF-8 without BOM, CRLF (RFC 4180).

Numbers are written as plain numbers without thousands separators; dates as ISO 8601
(``2025-03-04``); the status as its contract code (``non_compliant``), so filters and scripts
work in every language; headers follow ``lang``.

Formula injection (CSV injection, OWASP): a spreadsheet treats a cell beginning with ``=``, ``+``,
``-``, ``@``, tab or carriage return as a formula. Every *text* cell that begins with one of those
characters gets a leading apostrophe ``'`` (``=1+1`` → ``'=1+1``), in every dialect; numeric
cells (e.g. a negative amount ``-5``) are written as numbers and are not changed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from typing import Any

from fairbuy.errors import UsageError
from fairbuy.models import AuditReport
from fairbuy.reports.i18n import t
from fairbuy.reports.tables import ITEM_COLUMNS, Names, iter_item_rows

DIALECTS = ("excel-de", "excel", "rfc4180")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text: str) -> str:
    """``text`` made harmless for spreadsheets (a leading ``'`` before formula characters)."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _number(value: float, decimal_comma: bool) -> str:
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, int) or (math.isfinite(value) and value == int(value) and abs(value) < 1e15):
        text = str(int(value))
    elif not math.isfinite(value):
        return ""
    else:
        text = repr(float(value))
        if "e" in text or "E" in text:
            text = f"{value:.12f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if decimal_comma else text


def _cell(value: Any, decimal_comma: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float):
        return _number(value, decimal_comma)
    if isinstance(value, dt.date):
        return value.isoformat()
    return safe_text(str(value))


def render_csv(report: AuditReport, *, lang: str = "de", csv_dialect: str = "excel-de",
               label_db: Any = None) -> bytes:
    if csv_dialect not in DIALECTS:
        raise UsageError(f"unknown CSV dialect {csv_dialect!r} (use one of: {', '.join(DIALECTS)})")
    decimal_comma = csv_dialect == "excel-de"
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=";" if decimal_comma else ",", quotechar='"',
                        quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    names = Names(report, label_db, lang)
    writer.writerow([t(lang, c.key) for c in ITEM_COLUMNS])
    for row in iter_item_rows(report, names):
        writer.writerow([_cell(v, decimal_comma) for v in row])
    encoding = "utf-8" if csv_dialect == "rfc4180" else "utf-8-sig"
    return buf.getvalue().encode(encoding)
