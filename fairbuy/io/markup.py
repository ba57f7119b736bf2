"""Tables in markup: HTML tables (ERP "Excel" exports that are really HTML) and Excel 2003 XML
(SpreadsheetML) workbooks.

HTML: every top-level ``<table>`` is one grid (``source_sheet`` "table N" when there are several);
``source_row`` is the 1-based ``<tr>`` position in the table, which is the row Excel shows when it
opens such a file. ``colspan`` is expanded. Parsing uses lxml's HTML parser with network access
off; scripts are never run.

SpreadsheetML: ``Worksheet``/``Table``/``Row``/``Cell`` with ``ss:Index`` gaps honoured, so
``source_row`` is the Excel row. Parsed with the same safe XML parser as e-invoices (no DOCTYPE).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from fairbuy.errors import InputError
from fairbuy.io.base import short
from fairbuy.io.roles import HeaderMatch
from fairbuy.io.sheets import grid_from_rows

Grid = tuple[str, pd.DataFrame, np.ndarray[Any, Any], HeaderMatch | None, bool]
_SS_NS = "urn:schemas-microsoft-com:office:spreadsheet"
_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|table|head|body|meta)\b",
                         re.IGNORECASE | re.DOTALL)
MAX_SPAN = 1000


def is_html(data: bytes) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    return bool(_HTML_START.match(head))


def is_spreadsheetml(root: Any) -> bool:
    tag = root.tag if isinstance(root.tag, str) else ""
    return tag == f"{{{_SS_NS}}}Workbook"


def read_html(data: bytes, name: str, column_map: dict[str, str] | None) -> list[Grid]:
    from lxml import etree
    from lxml import html as lhtml

    parser = lhtml.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, huge_tree=False)
    try:
        doc = lhtml.document_fromstring(data, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as e:
        raise InputError(name, f"unreadable HTML: {short(e)}") from None
    tables = [t for t in doc.iter("table") if not any(a.tag == "table" for a in t.iterancestors())]
    if not tables:
        raise InputError(name, "unsupported format: an HTML page without a table")
    grids: list[Grid] = []
    for k, table in enumerate(tables, start=1):
        rows: list[list[Any]] = []
        for tr in table.iter("tr"):
            if next((a for a in tr.iterancestors() if a.tag == "table"), None) is not table:
                continue  # row of a nested table
            row: list[Any] = []
            for cell in tr:
                if cell.tag not in ("td", "th"):
                    continue
                text = " ".join(cell.text_content().split())
                row.append(text)
                try:
                    span = min(int(cell.get("colspan", "1")), MAX_SPAN)
                except ValueError:
                    span = 1
                row.extend([""] * (span - 1))
            rows.append(row)
        sheet = f"table {k}" if len(tables) > 1 else "table"
        if not any(any(str(c).strip() for c in r) for r in rows):
            grids.append((sheet, pd.DataFrame(), np.zeros(0, dtype=np.int64), None, False))
            continue
        grids.append((sheet, *grid_from_rows(rows, 0, column_map), True))
    return grids


def _ss(local: str) -> str:
    return f"{{{_SS_NS}}}{local}"


def _ss_value(cell: Any) -> Any:
    data = cell.find(_ss("Data"))
    if data is None:
        return ""
    text = "".join(data.itertext())
    typ = data.get(_ss("Type"), "String")
    if typ == "Number":
        try:
            return float(text)
        except ValueError:
            return text
    if typ == "Boolean":
        return text.strip() in ("1", "true")
    return text


def read_spreadsheetml(
    root: Any, name: str, sheets: Sequence[str] | None, column_map: dict[str, str] | None
) -> tuple[list[Grid], list[str]]:
    worksheets = [(ws.get(_ss("Name")) or f"Sheet{i}", ws) for i, ws in enumerate(root.iter(_ss("Worksheet")), 1)]
    names = [n for n, _ in worksheets]
    if sheets:
        missing = [s for s in sheets if s not in names]
        if missing:
            raise InputError(name, f"no sheet named {missing[0]!r} (sheets: {', '.join(names)})", sheet=missing[0])
    grids: list[Grid] = []
    for sname, ws in worksheets:
        if sheets and sname not in sheets:
            continue
        table = ws.find(_ss("Table"))
        rows: list[list[Any]] = []
        if table is not None:
            r = 0
            for row_el in table.iter(_ss("Row")):
                idx = row_el.get(_ss("Index"))
                target = int(idx) if idx and idx.isdigit() else r + 1
                if target > 1_048_576 or target <= r:
                    raise InputError(name, f"bad row index {idx!r}", sheet=sname, row=r + 1)
                rows.extend([] for _ in range(target - r - 1))
                r = target
                row: list[Any] = []
                c = 0
                for cell in row_el.iter(_ss("Cell")):
                    cidx = cell.get(_ss("Index"))
                    ctarget = int(cidx) if cidx and cidx.isdigit() else c + 1
                    if ctarget > 16_384 or ctarget <= c:
                        raise InputError(name, f"bad cell index {cidx!r}", sheet=sname, row=r)
                    row.extend([""] * (ctarget - c - 1))
                    row.append(_ss_value(cell))
                    c = ctarget
                rows.append(row)
        if not any(any(str(v).strip() for v in rw) for rw in rows):
            grids.append((sname, pd.DataFrame(), np.zeros(0, dtype=np.int64), None, False))
            continue
        grids.append((sname, *grid_from_rows(rows, 0, column_map), True))
    return grids, []
