"""Build examples/einkaufsliste-2025.xlsx from the CSV twin (run from the repository root).

The workbook looks like a hand-kept list: a title row and a note row above the header, German
headers, numbers as numbers with formats, dates as dates, a totals row at the end.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

SRC = Path("examples/einkaufsliste-2025.csv")
DST = Path("examples/einkaufsliste-2025.xlsx")
FIXED = dt.datetime(2025, 4, 1, 8, 0, 0)


def _num(text: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    return float(text.replace(".", "").replace(",", "."))


def main() -> None:
    rows = list(csv.reader(SRC.open(encoding="utf-8"), delimiter=";"))
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Bestellungen 2025"
    ws["A1"] = "Stadt Musterhausen – Zentraler Einkauf: Bestellungen Q1/2025"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = "Stand: 31.03.2025, Beträge in EUR netto"
    header = rows[0]
    ws.append(header)
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for r in rows[1:]:
        out: list[object] = []
        for i, value in enumerate(r):
            if i == 0:
                out.append(int(value) if value else None)
            elif i == 1:
                out.append(dt.datetime.strptime(value, "%d.%m.%Y") if value else None)
            elif i in (4, 6, 7):
                out.append(_num(value))
            else:
                out.append(value if value else None)
        ws.append(out)
    for row in ws.iter_rows(min_row=4):
        row[1].number_format = "DD.MM.YYYY"
        for c in (row[6], row[7]):
            c.number_format = "#,##0.00"
    widths = [5, 12, 10, 48, 8, 8, 11, 14, 32, 13, 26, 8]
    for i, w in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = w
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    wb.save(DST)


if __name__ == "__main__":
    main()
