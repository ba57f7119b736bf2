#!/usr/bin/env python3
# ruff: noqa
"""Build the blind reader test set for fairbuy: messy purchase lists plus expected.json.

Written without looking at fairbuy's readers. Every file is generated from the same
records that produce its expectations, so row numbers and values cannot drift apart.

    python build.py            # (re)build all files and expected.json, then self-check

Deterministic: fixed document properties and zip timestamps, no randomness.
Needs openpyxl, xlsxwriter, xlwt (for the .xls file) and python_calamine (self-check only).
The .ods file is written by hand (zip + XML) because odfpy is not installed.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import struct
import sys
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import xlsxwriter
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

OUT = Path(__file__).resolve().parent
FIXED_DT = dt.datetime(2026, 1, 5, 9, 0, 0)
ROLES = ["description", "quantity", "unit", "unit_price", "amount", "supplier", "cpv",
         "label_text", "origin", "purchase_date", "document_number"]

# --------------------------------------------------------------------------- helpers


def D(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


def de_num(x: float, dec: int = 2, thousands: bool = True) -> str:
    """German number: 1.234,56 (thousands dot optional); minus in front."""
    s = f"{abs(x):,.{dec}f}"
    if thousands:
        s = s.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    else:
        s = s.replace(",", "").replace(".", ",")
    return ("-" if x < 0 else "") + s


def de_qty(x: float) -> str:
    if float(x).is_integer():
        return str(int(x))
    return repr(float(x)).replace(".", ",")


def sap_num(x: float, dec: int = 2) -> str:
    """SAP list style: 1.234,56 and 90,00- for negatives."""
    return de_num(abs(x), dec) + ("-" if x < 0 else "")


def de_date(d: dt.date) -> str:
    return d.strftime("%d.%m.%Y")


def us_date(d: dt.date) -> str:
    return d.strftime("%m/%d/%Y")


def excel_serial(d: dt.date) -> int:
    return (d - dt.date(1899, 12, 30)).days


def r2(x: float) -> float:
    return round(x + 0.0, 2)


@dataclass
class F:
    """A formula; `cached` is the value Excel would show (only xlsxwriter can store it)."""
    formula: str
    cached: object = None


@dataclass
class T:
    """Force text, even if it looks like a formula or number."""
    text: str


EMPTY = object()  # raw override: leave this cell empty


@dataclass
class Col:
    key: str
    header: str
    role: str | None = None
    fmt: object = None          # expected value -> raw cell value
    numfmt: str | None = None   # number format (xlsx)
    width: float | None = None
    note: str | None = None     # column-level note for expected.json


class It:
    """One line item: expected values by role (+ raw overrides / extra cells by column key)."""

    def __init__(self, *, raw=None, extra=None, note=None, acceptable=None, ambiguous=False,
                 **vals):
        self.raw = raw or {}
        self.extra = extra or {}
        self.note = note
        self.acceptable = acceptable or {}
        self.ambiguous = ambiguous
        unknown = set(vals) - set(ROLES)
        assert not unknown, unknown
        if "amount" not in vals and vals.get("quantity") is not None \
                and vals.get("unit_price") is not None:
            vals["amount"] = r2(vals["quantity"] * vals["unit_price"])
        self.vals = vals


class Non:
    """A row that is not a line item (blank, total, comment, footer, ...)."""

    def __init__(self, kind, text="", cells=None, line=None, note=None, acceptable_as_item=False):
        self.kind = kind
        self.text = text
        self.cells = cells if cells is not None else {}
        self.line = line            # CSV only: write this literal line instead of cells
        self.note = note
        self.acceptable_as_item = acceptable_as_item


def blank(**kw):
    return Non("blank", "", **kw)


def jsonable(v):
    if isinstance(v, (dt.datetime,)):
        return v.date().isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return int(v)
    return v


def cell_raw(rec: It, col: Col):
    if col.key in rec.raw:
        v = rec.raw[col.key]
        return None if v is EMPTY else v
    if col.role and col.role in rec.vals:
        v = rec.vals[col.role]
        if v is None:
            return None
        return col.fmt(v) if col.fmt else v
    if col.key in rec.extra:
        return rec.extra[col.key]
    return None


def non_cells(rec: Non, cols: list[Col]):
    """Map a Non record to {col_index: value}."""
    if isinstance(rec.cells, list):
        return {i: v for i, v in enumerate(rec.cells) if v not in (None, "")}
    keys = [c.key for c in cols]
    out = {}
    for k, v in rec.cells.items():
        out[keys.index(k)] = v
    return out


def exp_row(rec, row, cols, extra=None):
    if isinstance(rec, It):
        d = {"row": row, "item": True}
        seen = set()
        for c in cols:
            if c.role and c.role not in seen:
                seen.add(c.role)
                d[c.role] = jsonable(rec.vals.get(c.role))
        for r in ROLES:           # roles not in a column of their own (e.g. unit inside "10 Stück")
            if r not in seen and r in rec.vals:
                d[r] = jsonable(rec.vals[r])
        if rec.ambiguous:
            d["ambiguous"] = True
        if rec.acceptable:
            d["acceptable"] = {k: [jsonable(x) for x in v] for k, v in rec.acceptable.items()}
        if rec.note:
            d["note"] = rec.note
    else:
        d = {"row": row, "item": False, "kind": rec.kind}
        if rec.text:
            d["text"] = rec.text
        if rec.acceptable_as_item:
            d["acceptable_as_item"] = True
        if rec.note:
            d["note"] = rec.note
    if extra:
        d.update(extra)
    return d


def columns_exp(cols: list[Col], first_col: int = 1):
    roles, others = {}, []
    for i, c in enumerate(cols):
        letter = get_column_letter(first_col + i)
        if c.role and c.role not in roles:
            e = {"col": letter, "index": first_col + i, "header": c.header}
            if c.note:
                e["note"] = c.note
            roles[c.role] = e
        elif c.header:
            e = {"col": letter, "index": first_col + i, "header": c.header}
            if c.note:
                e["note"] = c.note
            others.append(e)
    return roles, others


def sheet_exp(name, header_row, cols, placed, *, first_col=1, preamble=(), notes=None,
              header_rows=None, after_last=None):
    roles, others = columns_exp(cols, first_col)
    rows = [exp_row(rec, r, cols, extra) for r, rec, extra in placed]
    d = {"sheet": name, "contains": "line_items", "header_row": header_row}
    if header_rows:
        d["header_rows"] = header_rows
    d["columns"] = roles
    if others:
        d["other_columns"] = others
    if preamble:
        d["preamble"] = [{"row": r, "kind": k, "text": t} for r, k, t in preamble]
    d["rows"] = rows
    d["counts"] = {"items": sum(1 for x in rows if x["item"]),
                   "non_items": sum(1 for x in rows if not x["item"])}
    if after_last:
        d["after_last_row"] = after_last
    if notes:
        d["notes"] = notes
    return d


# --------------------------------------------------------------------------- zip determinism


def normalize_zip(path: Path):
    """Rewrite a zip container (xlsx/ods) with fixed timestamps and document dates."""
    src = zipfile.ZipFile(path)
    entries = [(i, src.read(i.filename)) for i in src.infolist()]
    src.close()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(<)",
                              rb"\g<1>2026-01-05T09:00:00Z\g<3>", data)
            ni = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 5, 9, 0, 0))
            ni.compress_type = info.compress_type
            ni.external_attr = 0o600 << 16
            z.writestr(ni, data)
    path.write_bytes(buf.getvalue())


def new_openpyxl():
    wb = openpyxl.Workbook()
    wb.properties.creator = "Stadtverwaltung"
    wb.properties.created = FIXED_DT
    wb.properties.modified = FIXED_DT
    return wb


def save_openpyxl(wb, name):
    p = OUT / name
    wb.save(p)
    normalize_zip(p)


def new_xlsxwriter(name):
    wb = xlsxwriter.Workbook(str(OUT / name))
    wb.set_properties({"author": "Stadtverwaltung", "created": FIXED_DT})
    return wb


def close_xlsxwriter(wb, name):
    wb.close()
    normalize_zip(OUT / name)


# --------------------------------------------------------------------------- sheet writers

THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")


def ox_put(ws, row, col, raw, numfmt=None):
    if raw is None:
        return None
    c = ws.cell(row=row, column=col)
    if isinstance(raw, F):
        c.value = raw.formula
    elif isinstance(raw, T):
        c.value = raw.text
        c.data_type = "s"
    else:
        c.value = raw
    if numfmt and not isinstance(raw, (str, T)):
        c.number_format = numfmt
    elif isinstance(raw, (dt.date, dt.datetime)) and not numfmt:
        c.number_format = "DD.MM.YYYY"
    return c


def ox_table(ws, cols, records, header_row, first_col=1, header=True, borders=False):
    """Write header + records with openpyxl. Returns [(row, rec, None)]."""
    if header:
        for i, c in enumerate(cols):
            cell = ws.cell(row=header_row, column=first_col + i, value=c.header)
            cell.font = BOLD
            cell.fill = HEAD_FILL
            if borders:
                cell.border = BOX
            if c.width:
                ws.column_dimensions[get_column_letter(first_col + i)].width = c.width
    placed = []
    r = header_row
    for rec in records:
        r += 1
        if isinstance(rec, It):
            for i, c in enumerate(cols):
                cell = ox_put(ws, r, first_col + i, cell_raw(rec, c), c.numfmt)
                if borders:
                    ws.cell(row=r, column=first_col + i).border = BOX
        else:
            for i, v in non_cells(rec, cols).items():
                cell = ox_put(ws, r, first_col + i, v, cols[i].numfmt)
                if cell is not None and rec.kind in ("total", "subtotal", "group_heading"):
                    cell.font = BOLD
        placed.append((r, rec, None))
    return placed


XW_FMT_CACHE: dict = {}


def xw_fmt(wb, **props):
    key = (id(wb), tuple(sorted(props.items())))
    if key not in XW_FMT_CACHE:
        XW_FMT_CACHE[key] = wb.add_format(props)
    return XW_FMT_CACHE[key]


def xw_put(wb, ws, r0, c0, raw, numfmt=None, bold=False):
    if raw is None:
        return
    props = {}
    if bold:
        props["bold"] = True
    if isinstance(raw, F):
        if numfmt:
            props["num_format"] = numfmt
        ws.write_formula(r0, c0, raw.formula, xw_fmt(wb, **props) if props else None, raw.cached)
    elif isinstance(raw, T):
        ws.write_string(r0, c0, raw.text, xw_fmt(wb, **props) if props else None)
    elif isinstance(raw, str):
        ws.write_string(r0, c0, raw, xw_fmt(wb, **props) if props else None)
    elif isinstance(raw, (dt.date, dt.datetime)):
        props["num_format"] = numfmt or "DD.MM.YYYY"
        v = raw if isinstance(raw, dt.datetime) else dt.datetime(raw.year, raw.month, raw.day)
        ws.write_datetime(r0, c0, v, xw_fmt(wb, **props))
    else:
        if numfmt:
            props["num_format"] = numfmt
        ws.write_number(r0, c0, raw, xw_fmt(wb, **props) if props else None)


def xw_table(wb, ws, cols, records, header_row, first_col=1, header_fmt=None):
    if header_fmt is None:
        header_fmt = xw_fmt(wb, bold=True, bg_color="#DDEBF7", border=1)
    for i, c in enumerate(cols):
        ws.write_string(header_row - 1, first_col - 1 + i, c.header, header_fmt)
        if c.width:
            ws.set_column(first_col - 1 + i, first_col - 1 + i, c.width)
    placed = []
    r = header_row
    for rec in records:
        r += 1
        if isinstance(rec, It):
            for i, c in enumerate(cols):
                xw_put(wb, ws, r - 1, first_col - 1 + i, cell_raw(rec, c), c.numfmt)
        else:
            for i, v in non_cells(rec, cols).items():
                xw_put(wb, ws, r - 1, first_col - 1 + i, v, cols[i].numfmt,
                       bold=rec.kind in ("total", "subtotal"))
        placed.append((r, rec, None))
    return placed


# --------------------------------------------------------------------------- CSV writer


def csv_text(rows, delim, lineterm="\r\n", quote_all=False):
    """rows: list of list[str] or literal str lines. Returns text and start line of each."""
    out, starts, line = [], [], 1
    for r in rows:
        if isinstance(r, str):
            s = r + lineterm
        else:
            b = io.StringIO()
            w = csv.writer(b, delimiter=delim, lineterminator=lineterm,
                           quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
            w.writerow(r)
            s = b.getvalue()
        starts.append(line)
        line += s.count("\n")
        out.append(s)
    return "".join(out), starts


def csv_record(rec, cols, pad=0):
    n = len(cols)
    if isinstance(rec, It):
        vals = []
        for c in cols:
            v = cell_raw(rec, c)
            vals.append("" if v is None else (v if isinstance(v, str) else str(v)))
        return vals + [""] * pad
    if rec.line is not None:
        return rec.line
    m = non_cells(rec, cols)
    return [str(m.get(i, "")) for i in range(n)] + [""] * pad


def build_csv(name, cols, records, *, delim=";", encoding="utf-8", bom=False,
              lineterm="\r\n", pre=(), quote_all=False, pad=0, header_pad=None):
    """pre: list of Non written above the header. Returns (placed, preamble, header_line)."""
    rows = []
    for p in pre:
        rows.append(csv_record(p, cols, pad=pad))
    hp = pad if header_pad is None else header_pad
    rows.append([c.header for c in cols] + [""] * hp)
    for rec in records:
        rows.append(csv_record(rec, cols, pad=pad))
    text, starts = csv_text(rows, delim, lineterm, quote_all)
    data = text.encode(encoding)
    if bom:
        data = "\ufeff".encode(encoding) + data   # utf-8 -> EF BB BF, utf-16-le -> FF FE
    (OUT / name).write_bytes(data)
    npre = len(pre)
    header_line = starts[npre]
    preamble = [(starts[i], p.kind, p.text) for i, p in enumerate(pre)]
    placed = []
    for j, rec in enumerate(records):
        idx = npre + 1 + j
        extra = None
        if starts[idx] != idx + 1:   # a multi-line record above shifted physical lines
            extra = {"excel_row": idx + 1}
        placed.append((starts[idx], rec, extra))
    return placed, preamble, header_line


# --------------------------------------------------------------------------- common formats
EUR = '#,##0.00 "€"'
NUM2 = "#,##0.00"
DATE = "DD.MM.YYYY"

FILES: list[dict] = []


def add(entry):
    FILES.append(entry)
    return entry


# =========================================================================== 01
def f01():
    name = "01_stadt_musterhausen_beschaffung_2025.xlsx"
    cols = [
        Col("pos", "Pos.", width=6),
        Col("desc", "Artikelbezeichnung", "description", width=48),
        Col("qty", "Menge", "quantity", width=8),
        Col("unit", "Einheit", "unit", width=9),
        Col("ep", "EP netto", "unit_price", numfmt=EUR, width=12),
        Col("gp", "GP netto", "amount", numfmt=EUR, width=13),
        Col("lief", "Lieferant", "supplier", width=34),
        Col("cpv", "CPV-Code", "cpv", width=12),
        Col("dat", "Bestelldatum", "purchase_date", numfmt=DATE, width=13),
    ]
    items = [
        ("Röstkaffee gemahlen, 500 g, Fairtrade", 120, "Pck.", 6.49, "Kaffeerösterei Weber GmbH", "15861100-2", "2025-01-13"),
        ("Schwarztee Assam, 100 Beutel", 40, "Pck.", 3.95, "Teehaus Nord GmbH", "15863000-5", "2025-01-13"),
        ("Kopierpapier A4 80 g/m², Recycling, Blauer Engel", 250, "Pck.", 4.19, "Bürobedarf Schmitz KG", "30197643-5", "2025-02-03"),
        ("Warnschutzjacke EN ISO 20471 Kl. 3, orange", 24, "Stk", 54.90, "Arbeitsschutz Müller GmbH & Co. KG", "18130000-9", "2025-02-17"),
        ("Granitpflaster 8/11 grau, gespalten", 36, "t", 189.00, "Natursteinhandel Rhein-Ruhr GmbH", "44113130-5", "2025-03-04"),
        ("Schnittblumen für Ehrungen (Rosen, 10er Bund)", 15, "Bund", 12.50, "Gärtnerei Blumen-Krause", "03121200-7", "2025-03-10"),
        ("Fußball Gr. 5, Fairtrade-zertifiziert", 30, "Stk", 24.90, "Sport-Scholz e.K.", "37451700-1", "2025-04-22"),
        ("Allzweckreiniger 10 l, EU Ecolabel", 12, "Kanister", 18.75, "Reinigungsbedarf Sauber & Co. KG", "39830000-9", "2025-05-06"),
        ('Notebook 14", 16 GB RAM, TCO Certified', 8, "Stk", 849.00, "IT-Systemhaus Westfalen GmbH", "30213100-6", "2025-06-02"),
        ("Bananen Bio, Kiste 18 kg", 6, "Kiste", 27.00, "Fruchthof Westend GmbH", "03222111-4", "2025-07-01"),
        ("Gebäudereinigung Rathaus, Juli 2025", 1, "Pausch.", 4850.00, "Gebäudeservice Glanz GmbH", "90911200-8", "2025-07-31"),
        ("Schokolade Zartbitter 100 g, fair gehandelt", 200, "Stk", 1.89, "Weltladen Musterhausen e.V.", "15842100-3", "2025-11-18"),
    ]
    recs = [It(description=a, quantity=q, unit=u, unit_price=p, supplier=s, cpv=c,
               purchase_date=D(d), extra={"pos": i + 1})
            for i, (a, q, u, p, s, c, d) in enumerate(items)]
    total = r2(sum(r.vals["amount"] for r in recs))
    recs += [blank(),
             Non("total", "Summe", cells={"desc": "Summe", "gp": F("=SUM(F6:F17)")},
                 note=f"formula =SUM(F6:F17) without cached value (openpyxl); a user sees {de_num(total)} €"),
             Non("comment", "Alle Beträge netto, zzgl. gesetzlicher USt.",
                 cells={"pos": "Alle Beträge netto, zzgl. gesetzlicher USt."})]
    wb = new_openpyxl()
    ws = wb.active
    ws.title = "Beschaffung 2025"
    ws["A1"] = "Stadt Musterhausen – Beschaffungsübersicht 2025"
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells("A1:I1")
    ws["A2"] = "Stand: 31.12.2025"
    ws["A3"] = "Amt 20 – Zentrale Vergabestelle"
    placed = ox_table(ws, cols, recs, header_row=5, borders=True)
    assert placed[0][0] == 6 and placed[12][0] == 18 and placed[13][0] == 19
    ws.freeze_panes = "A6"
    ws.auto_filter.ref = "A5:I17"
    save_openpyxl(wb, name)
    add({"file": name, "format": "xlsx", "expect": "read",
         "imitates": "Stadt, zentrale Vergabestelle: yearly overview kept in Excel",
         "tests": ["merged title row, 'Stand:' row and department row above the header; header in row 5",
                   "frozen panes and autofilter", "real numbers with € number format, real dates",
                   "blank row then 'Summe' (formula without cached value) and a footnote row"],
         "sheets": [sheet_exp("Beschaffung 2025", 5, cols, placed,
                              preamble=[(1, "title", "Stadt Musterhausen – Beschaffungsübersicht 2025 (merged A1:I1)"),
                                        (2, "title", "Stand: 31.12.2025"),
                                        (3, "title", "Amt 20 – Zentrale Vergabestelle"),
                                        (4, "blank", "")])]})


# =========================================================================== 02
def f02():
    name = "02_kreis_haushalt_export_cp1252.csv"
    cols = [
        Col("beleg", "Belegnr.", "document_number"),
        Col("dat", "Bestelldatum", "purchase_date", fmt=de_date),
        Col("desc", "Leistung/Artikel", "description"),
        Col("qty", "Menge", "quantity", fmt=de_qty),
        Col("me", "ME", "unit"),
        Col("ep", "Einzelpreis (€)", "unit_price", fmt=de_num),
        Col("gp", "Gesamtbetrag brutto", "amount", fmt=de_num, note="gross (brutto)"),
        Col("kred", "Kreditor", "supplier"),
        Col("herk", "Herkunftsland", "origin"),
        Col("siegel", "Siegel/Nachweis", "label_text"),
    ]
    items = [
        ("BE-2025-0012", "2025-01-13", "Röstkaffee ganze Bohne 1 kg, Naturland Fair", 20, "kg", 16.90, "Gastro-Großhandel Süd GmbH", "Äthiopien", "Naturland Fair"),
        ("BE-2025-0013", "2025-01-14", "Grüner Tee, 20 Beutel", 30, "Pck.", 2.49, "Gastro-Großhandel Süd GmbH", "China", "Bio"),
        ("BE-2025-0027", "2025-02-03", "Arbeitshandschuhe Nitril, Gr. 9 (12 Paar)", 15, "Pck.", 21.40, "Arbeitsschutz Müller GmbH & Co. KG", "Malaysia", None),
        ("BE-2025-0031", "2025-02-11", "Kinderspielzeug Holzeisenbahn-Set", 6, "Stk", 89.90, "Spielwaren Lindner OHG", "Deutschland", "spiel gut"),
        ("BE-2025-0044", "2025-03-04", "Müllbeutel 120 l, Recyclat", 50, "Rolle", 3.15, "Hygiene-Depot Nord", "Deutschland", "Blauer Engel"),
        ("BE-2025-0058", "2025-03-19", "Natursteinplatten Granit 60x40x3 cm", 85, "m²", 64.20, "Natursteinhandel Rhein-Ruhr GmbH", "Indien", "XertifiX"),
        ("BE-2025-0061", "2025-03-25", "Schulmöbel Stuhl höhenverstellbar", 40, "Stk", 129.00, "Schulausstatter Weiß & Söhne", "Polen", None),
        ("BE-2025-0077", "2025-04-07", "Fußbälle Größe 4, Fairtrade", 25, "Stk", 19.95, "Sport-Scholz e.K.", "Pakistan", "Fairtrade"),
        ("BE-2025-0090", "2025-04-28", "Blumenschmuck Kreistagssitzung", 1, "Pausch.", 240.00, "Blumenhaus Grünfink", "Niederlande", None),
        ("BE-2025-0102", "2025-05-12", "Laptop-Taschen, Polyester", 12, "Stk", 24.99, "Bürobedarf Schmitz KG", "China", None),
        ("BE-2025-0108", "2025-05-20", "Zucker weiß 1 kg", 40, "kg", 1.19, "Gastro-Großhandel Süd GmbH", "Deutschland", None),
    ]
    recs = [It(document_number=b, purchase_date=D(d), description=a, quantity=q, unit=u,
               unit_price=p, supplier=s, origin=o, label_text=l)
            for b, d, a, q, u, p, s, o, l in items]
    total = r2(sum(r.vals["amount"] for r in recs))
    recs += [Non("total", "Summe", cells={"beleg": "Summe", "gp": de_num(total)}),
             Non("blank", "", line=""),
             Non("footer", "Exportiert am 05.01.2026 10:42 von Schäfer, M.",
                 line="Exportiert am 05.01.2026 10:42 von Schäfer, M.")]
    placed, pre, hl = build_csv(name, cols, recs, delim=";", encoding="cp1252")
    add({"file": name, "format": "csv", "encoding": "cp1252", "delimiter": ";", "expect": "read",
         "imitates": "Kreis: export from the municipal finance system (Windows-1252)",
         "tests": ["cp1252 umlauts/ß/² (not UTF-8)", "decimal comma and thousands dot (5.457,00)",
                   "'Leistung/Artikel', 'ME', 'Einzelpreis (€)', 'Gesamtbetrag brutto', 'Kreditor', 'Herkunftsland', 'Siegel/Nachweis'",
                   "'Summe' line, an empty line and an 'Exportiert am … von …' footer line without separators"],
         "sheets": [sheet_exp(None, hl, cols, placed)]})


# =========================================================================== 03
def f03():
    name = "03_bauhof_bestellungen_komma.csv"
    en = lambda x: f"{x:.2f}"
    cols = [
        Col("nr", "Bestell-Nr", "document_number"),
        Col("dat", "Datum", "purchase_date", fmt=lambda d: d.isoformat()),
        Col("desc", "Artikel", "description"),
        Col("qty", "Anzahl", "quantity", fmt=de_qty),
        Col("unit", "Einheit", "unit"),
        Col("ep", "Preis/Einheit", "unit_price", fmt=en),
        Col("gp", "Gesamt", "amount", fmt=en),
        Col("lief", "Lieferant", "supplier"),
        Col("cpv", "CPV", "cpv"),
    ]
    items = [
        ("B-1001", "2025-01-13", "Granitpflaster 8/11, grau, gespalten", 24, "t", 179.00, "Natursteinhandel Rhein-Ruhr GmbH", "44113130-5", {}),
        ("B-1002", "2025-01-20", "Streusalz 25 kg Sack", 80, "Sack", 6.95, "Baustoffe Krämer GmbH", "34927100-2", {}),
        ("B-1003", "2025-02-10", "Warnweste EN ISO 20471, gelb", 40, "Stk", 4.20, "Arbeitsschutz Müller GmbH & Co. KG", "35113440-5", {}),
        ("B-1004", "2025-02-11", "Arbeitshose Bundhose grau Gr. 52", 12, "Stk", 39.90, "Arbeitsschutz Müller GmbH & Co. KG", "18234000-8", {}),
        ("B-1005", "2025-03-03", "Bordsteine Granit 15x25, Länge 100 cm", 120, "m", 48.50, "Natursteinhandel Rhein-Ruhr GmbH", "44912400-0", {"gp": "5,820.00"}),
        ("B-1006", "2025-03-17", "Rasensaat Sport- und Spielrasen 10 kg", 15, "Sack", 54.00, "Gärtnerei Blumen-Krause", None, {}),
        ("B-1007", "2025-04-02", "Sicherheitsschuhe S3 Gr. 43", 6, "Paar", 89.00, "Arbeitsschutz Müller GmbH & Co. KG", "18830000-6", {}),
        ("B-1008", "2025-04-14", "Kaffee Crema 1 kg Bohnen, Pausenraum", 10, "kg", 15.49, "Kaffeerösterei Weber GmbH", "15861000-1", {}),
        ("B-1009", "2025-05-05", "Basaltsplitt 2/5", 12, "t", 38.00, "Baustoffe Krämer GmbH", "14212300-3", {}),
        ("B-1010", "2025-05-26", "Pflanzkübel Beton, 80x80", 4, "Stk", 1150.00, "Stadtmöbel GmbH", None, {"ep": "1,150.00", "gp": "4,600.00"}),
    ]
    recs = [It(document_number=n, purchase_date=D(d), description=a, quantity=q, unit=u,
               unit_price=p, supplier=s, cpv=c, raw=raw,
               note=("comma thousands separator inside a quoted field" if raw else None))
            for n, d, a, q, u, p, s, c, raw in items]
    placed, pre, hl = build_csv(name, cols, recs, delim=",", lineterm="\n")
    add({"file": name, "format": "csv", "encoding": "utf-8", "delimiter": ",", "expect": "read",
         "imitates": "Bauhof: list saved from an English-locale spreadsheet (comma-separated, decimal point)",
         "tests": ["comma delimiter, decimal point, LF line endings", "ISO dates",
                   "quoted fields with embedded commas", "quoted English thousands '5,820.00'",
                   "'Anzahl', 'Preis/Einheit', 'Gesamt', 'CPV' headers", "empty CPV cells"],
         "sheets": [sheet_exp(None, hl, cols, placed)]})


# =========================================================================== 04
def f04():
    name = "04_friedhofsamt_grabmale_tab.csv"
    cols = [
        Col("desc", "Bez.", "description"),
        Col("qty", "Anz.", "quantity", fmt=de_qty),
        Col("me", "ME", "unit"),
        Col("ep", "EP", "unit_price", fmt=de_num),
        Col("gp", "GP", "amount", fmt=de_num),
        Col("an", "Auftragnehmer", "supplier"),
        Col("herk", "Herkunft", "origin"),
        Col("nachw", "Nachweis", "label_text"),
        Col("dat", "Rechnungsdatum", "purchase_date", fmt=de_date,
            note="only date in the file (invoice date) — use it as purchase_date"),
        Col("rg", "Rg.-Nr.", "document_number"),
    ]
    items = [
        ("Grabstein Granit schwarz, poliert, 100x50x15", 1, "Stk", 1450.00, "Steinmetz Becker GmbH", "Indien", "XertifiX PLUS", "2025-01-15", "R-2025-004"),
        ("Grabeinfassung Granit grau, 3-teilig", 2, "Satz", 385.00, "Steinmetz Becker GmbH", "China", "Eigenerklärung", "2025-01-15", "R-2025-004"),
        ("Urnengrabplatte Sandstein 50x50", 4, "Stk", 210.00, "Natursteinwerk Hoffmann KG", "Deutschland", None, "2025-02-10", "HO-7781"),
        ("Grabstein Gabbro, Stele", 1, "Stk", 980.00, "Steinmetz Becker GmbH", "Indien", "Fair Stone", "2025-03-03", "R-2025-019"),
        ("Trauerkranz mit Schleife", 3, "Stk", 95.00, "Blumenhaus Grünfink", "Niederlande", None, "2025-03-07", "BG-2025-112"),
        ("Grabpflege Ehrengräber Q1", 1, "Pausch.", 1200.00, "Gärtnerei Blumen-Krause", None, None, "2025-03-31", "GK-0331"),
        ("Bänke Friedhof Holz/Metall", 2, "Stk", 640.00, "Stadtmöbel GmbH", "Deutschland", "FSC", "2025-04-14", "SM-25-044"),
        ("Kies Wege 8/16", 10, "t", 42.50, "Baustoffe Krämer GmbH", "Deutschland", None, "2025-05-02", "BK-99120"),
        ("Grabstein Marmor weiß, Kindergrab", 1, "Stk", 760.00, "Steinmetz Becker GmbH", "Vietnam", "keiner", "2025-06-20", "R-2025-051"),
    ]
    recs = [It(description=a, quantity=q, unit=u, unit_price=p, supplier=s, origin=o,
               label_text=l, purchase_date=D(d), document_number=n)
            for a, q, u, p, s, o, l, d, n in items]
    total = r2(sum(r.vals["amount"] for r in recs))
    recs.append(Non("total", "Summe", cells={"desc": "Summe", "gp": de_num(total)}))
    placed, pre, hl = build_csv(name, cols, recs, delim="\t")
    add({"file": name, "format": "csv", "encoding": "utf-8", "delimiter": "tab", "expect": "read",
         "imitates": "Friedhofsamt: tab-separated export saved with a .csv name",
         "tests": ["tab delimiter in a .csv file", "abbreviated headers 'Bez.', 'Anz.', 'ME', 'EP', 'GP', 'Auftragnehmer', 'Herkunft', 'Nachweis', 'Rg.-Nr.'",
                   "gravestones with origin and evidence (§ 4a BestG NRW case)", "'Summe' line"],
         "sheets": [sheet_exp(None, hl, cols, placed)]})


# =========================================================================== 05
def f05():
    name = "05_eigenbetrieb_sap_utf8bom.csv"
    cols = [
        Col("beleg", "Belegnummer", "document_number"),
        Col("dat", "Belegdatum", "purchase_date", fmt=de_date),
        Col("desc", "Buchungstext", "description"),
        Col("qty", "Menge", "quantity", fmt=lambda x: de_num(x, 3),
            note="SAP shows quantities with three decimals: '20,000' = 20"),
        Col("bme", "BME", "unit"),
        Col("betrag", "Betrag in HW", "amount", fmt=sap_num, note="credits written SAP-style with trailing minus: '37,90-'"),
        Col("hw", "HWähr"),
        Col("kred", "Kreditor", note="vendor number; the name is in 'Name 1' (an officer takes the name, the number is acceptable)"),
        Col("name", "Name 1", "supplier"),
        Col("kst", "Kostenstelle"),
        Col("sk", "Sachkonto"),
        Col("psp", "PSP-Element"),
    ]
    rows = [
        ("5100004711", "2025-01-13", "Kaffee Fairtrade 1 kg Kantine Klärwerk", 20, "KG", 329.80, "100234", "Kaffeerösterei Weber GmbH", "4711", "5440000", ""),
        ("5100004712", "2025-01-15", "Arbeitsschutzhandschuhe Kat. II", 144, "PAA", 403.20, "100310", "Arbeitsschutz Müller GmbH & Co. KG", "4712", "5410000", ""),
        ("5100004790", "2025-02-03", "Reinigungsmittel Sanitär 10 l", 8, "ST", 151.60, "100422", "Reinigungsbedarf Sauber & Co. KG", "4711", "5430000", ""),
        ("5100004791", "2025-02-03", "Gutschrift Rücksendung Reinigungsmittel", 2, "ST", -37.90, "100422", "Reinigungsbedarf Sauber & Co. KG", "4711", "5430000", ""),
        ("5100004833", "2025-02-17", "Pflastersteine Granit 10/10/8 grau", 18.5, "TO", 3589.00, "100515", "Natursteinhandel Rhein-Ruhr GmbH", "4720", "5230000", "P-2025-0815.01"),
        ("5100004901", "2025-03-06", "Warnschutzkleidung Kanalbetrieb", 1, "PAU", 2845.50, "100310", "Arbeitsschutz Müller GmbH & Co. KG", "4712", "5410000", ""),
        ("5100004950", "2025-03-24", "Kaffee; Tee und Zucker Sitzungen Werksausschuss", 1, "PAU", 87.45, "100777", "Weltladen Musterhausen e.V.", "4700", "5440000", ""),
        ("5100005012", "2025-04-07", "Schutzhelme EN 397 weiß", 25, "ST", 312.50, "100310", "Arbeitsschutz Müller GmbH & Co. KG", "4712", "5410000", ""),
        ("5100005013", "2025-04-07", "Preisnachlass zu Beleg 5100005012", None, None, -9.38, "100310", "Arbeitsschutz Müller GmbH & Co. KG", "4712", "5410000", ""),
        ("5100005100", "2025-04-28", "Notebook Instandhaltung Pumpwerk", 2, "ST", 1698.00, "100890", "IT-Systemhaus Westfalen GmbH", "4730", "0830000", "I-2025-0042"),
    ]
    recs = []
    for b, d, a, q, u, amt, kred, nm, kst, sk, psp in rows:
        note = None
        if amt < 0:
            note = "credit: amount written as '" + sap_num(amt) + "' (SAP trailing minus)"
        if ";" in a:
            note = "description contains ';' inside a quoted field"
        recs.append(It(document_number=b, purchase_date=D(d), description=a, quantity=q, unit=u,
                       amount=amt, supplier=nm, note=note,
                       acceptable={"supplier": [kred]},
                       extra={"hw": "EUR", "kred": kred, "kst": kst, "sk": sk, "psp": psp}))
    total = r2(sum(r.vals["amount"] for r in recs))
    recs.append(Non("total", "* (SAP total line)", cells={"beleg": "*", "betrag": sap_num(total), "hw": "EUR"}))
    placed, pre, hl = build_csv(name, cols, recs, delim=";", bom=True, pad=3)
    add({"file": name, "format": "csv", "encoding": "utf-8-sig (BOM)", "delimiter": ";", "expect": "read",
         "imitates": "Eigenbetrieb Stadtentwässerung: SAP list export (invoice register) saved as CSV",
         "tests": ["UTF-8 with BOM (first header must be 'Belegnummer', not '\\ufeffBelegnummer')",
                   "three trailing empty columns on every line", "SAP trailing-minus credits '37,90-'",
                   "quantities with three decimals '18,500' = 18.5", "no unit-price column",
                   "supplier name in 'Name 1' next to vendor number 'Kreditor'",
                   "quoted description with embedded ';'", "row with empty quantity/unit (price reduction)",
                   "SAP total line starting with '*'"],
         "sheets": [sheet_exp(None, hl, cols, placed)]})


# =========================================================================== 06
def f06():
    name = "06_schulamt_mehrzeilige_felder.csv"
    cols = [
        Col("pos", "Pos"),
        Col("desc", "Bezeichnung", "description"),
        Col("qty", "Menge", "quantity", fmt=de_qty),
        Col("unit", "Einheit", "unit"),
        Col("ep", "Einzelpreis", "unit_price", fmt=de_num),
        Col("gp", "Gesamtpreis", "amount", fmt=de_num),
        Col("lief", "Lieferant", "supplier"),
        Col("bem", "Bemerkung", note="free text (using it as label/evidence text is tolerated)"),
    ]
    recs = [
        It(description='Fußball "Match" Gr. 5, Fairtrade', quantity=10, unit="Stk", unit_price=22.50,
           supplier="Sport-Scholz e.K.", extra={"pos": "1"}, note='doubled quotes inside a quoted field'),
        It(description="Kaffee; Tee und Zucker für Elternabend", quantity=1, unit="Pausch.", unit_price=38.70,
           supplier="Weltladen Musterhausen e.V.", extra={"pos": "2", "bem": "Kassenbon liegt bei"},
           note="';' inside a quoted field"),
        It(description="Bastelset Ostern\n(Eier, Pinsel, Farben)", quantity=4, unit="Set", unit_price=12.95,
           supplier="Spielwaren Lindner OHG", extra={"pos": "3"},
           note="description spans two physical lines (quoted line break); compare with whitespace collapsed"),
        It(description="Sportshirts Schul-AG\nBio-Baumwolle, GOTS\nGrößen gemischt", quantity=30, unit="Stk",
           unit_price=9.80, supplier="Textil-Fair eG", extra={"pos": "4", "bem": "Lieferung in 2 Teilen;\nRest folgt"},
           note="description spans three physical lines; the Bemerkung field has ';' and a line break"),
        It(description="Gutschrift Rücksendung Bastelset", quantity=1, unit="Set", unit_price=12.95, amount=-12.95,
           supplier="Spielwaren Lindner OHG", extra={"pos": "5"}, raw={"gp": "(12,95)"},
           note="accounting-style negative '(12,95)'; quantity and unit price as written (positive)"),
        It(description="Rabatt Sammelbestellung", quantity=1, unit="Pausch.", unit_price=-4.99,
           supplier="Sport-Scholz e.K.", extra={"pos": "6"}),
        It(description="Tafelkreide weiß, 100 Stk", quantity=5, unit="Pck.", unit_price=3.49,
           supplier="Bürobedarf Schmitz KG", extra={"pos": "7"}),
        It(description="Volleybälle Gr. 5", quantity=6, unit="Stk", unit_price=16.90,
           supplier="Sport-Scholz e.K.", extra={"pos": "8"}),
    ]
    placed, pre, hl = build_csv(name, cols, recs, delim=";")
    add({"file": name, "format": "csv", "encoding": "utf-8", "delimiter": ";", "expect": "read",
         "imitates": "Schulverwaltungsamt: list typed in Excel with Alt+Enter line breaks, saved as CSV UTF-8",
         "tests": ["quoted fields with embedded ';', doubled quotes and line breaks",
                   "negative amounts '(12,95)' and '-4,99'",
                   "row numbers after multi-line records: 'row' is the physical line where the record starts; 'excel_row' is the row Excel would show"],
         "sheets": [sheet_exp(None, hl, cols, placed)],
         "notes": ["Lines 4-5 hold the record Excel shows as row 4, lines 6-9 the record Excel shows as row 5 (its Bemerkung also contains a line break); from there on physical line and Excel row differ."]})


# =========================================================================== 07
def f07():
    name = "07_sap_me2n_bestellungen.xlsx"
    cols = [
        Col("eb", "Einkaufsbeleg", "document_number", width=13),
        Col("pos", "Position", width=8),
        Col("dat", "Belegdatum", "purchase_date", numfmt=DATE, width=11),
        Col("mat", "Material", width=20),
        Col("desc", "Kurztext", "description", width=40),
        Col("wg", "Warengruppe", note="material group, not a CPV code"),
        Col("qty", "Bestellmenge", "quantity", numfmt="#,##0.000"),
        Col("unit", "Bestellmengeneinheit", "unit"),
        Col("ep", "Nettopreis", "unit_price", numfmt=NUM2, note="price per 'Preiseinheit' (per 1 or per 1.000)"),
        Col("pe", "Preiseinheit"),
        Col("gp", "Nettobestellwert", "amount", numfmt=NUM2),
        Col("wae", "Währung"),
        Col("lnr", "Lieferant", note="vendor number; the name is in 'Name des Lieferanten'"),
        Col("lief", "Name des Lieferanten", "supplier", width=32),
        Col("werk", "Werk"),
        Col("kst", "Kostenstelle"),
        Col("sk", "Sachkonto"),
        Col("psp", "PSP-Element"),
        Col("ean", "EAN/UPC", width=15),
    ]
    rows = [
        ("4500012345", 10, "2025-01-09", "000000000010004711", "Kopierpapier A4 80g Recycling", "005", 50000, "BL", 8.90, 1000, "100200", "Bürobedarf Schmitz KG", "1100", "5410000", "", "4012345000017"),
        ("4500012345", 20, "2025-01-09", "000000000010004790", "Briefumschläge DL m. Fenster", "005", 5000, "ST", 21.50, 1000, "100200", "Bürobedarf Schmitz KG", "1100", "5410000", "", "4012345000024"),
        ("4500012346", 10, "2025-01-14", "000000000020000815", "Röstkaffee Bohne 1kg FT", "011", 24, "KG", 15.80, 1, "100234", "Kaffeerösterei Weber GmbH", "1100", "5440000", "", "4260123450019"),
        ("4500012350", 10, "2025-02-03", "000000000030001001", "Arbeitsjacke Softshell schwarz", "021", 15, "ST", 68.00, 1, "100610", "Berufsbekleidung Hansen GmbH", "4712", "5410000", "", ""),
        ("4500012350", 20, "2025-02-03", "000000000030001002", "Arbeitshose Bund grau", "021", 15, "ST", 42.00, 1, "100610", "Berufsbekleidung Hansen GmbH", "4712", "5410000", "", ""),
        ("4500012371", 10, "2025-02-21", "000000000040000310", "Granit-Bordstein 15x25x100", "031", 80, "M", 52.30, 1, "100515", "Natursteinhandel Rhein-Ruhr GmbH", "4720", "0960000", "P-2025-0815.02", ""),
        ("4500012390", 10, "2025-03-10", "000000000050000059", "Toner schwarz HP 59X", "005", 6, "ST", 189.00, 1, "100890", "IT-Systemhaus Westfalen GmbH", "1200", "5410000", "", "0191628123456"),
        ("4500012402", 10, "2025-03-27", "000000000060000120", "Handseife Nachfüllbeutel 1 l", "041", 48, "ST", 3.45, 1, "100720", "Hygiene-Depot Nord", "1100", "5430000", "", "4030000111222"),
        ("4500012402", 20, "2025-03-27", "000000000060000133", "Papierhandtücher Recycling, Karton", "041", 20, "KAR", 29.90, 1, "100720", "Hygiene-Depot Nord", "1100", "5430000", "", ""),
        ("4500012415", 10, "2025-04-11", "", "Spielgeräte Prüfung Spielplätze (Dienstleistung)", "090", 1, "LE", 2350.00, 1, "100955", "TÜV-Prüfdienst West GmbH", "4712", "5250000", "", ""),
    ]
    recs = []
    for eb, pos, d, mat, desc, wg, q, u, p, pe, lnr, lief, kst, sk, psp, ean in rows:
        amt = r2(q * p / pe)
        note, acc = None, {"supplier": [lnr]}
        if pe != 1:
            note = (f"Nettopreis {de_num(p)} is per Preiseinheit {de_num(pe, 0)} {u}; "
                    f"per single {u} it is {round(p / pe, 6):g} (also acceptable)")
            acc["unit_price"] = [round(p / pe, 6)]
        recs.append(It(document_number=eb, purchase_date=D(d), description=desc, quantity=q, unit=u,
                       unit_price=p, amount=amt, supplier=lief, note=note, acceptable=acc,
                       extra={"pos": pos, "mat": mat, "wg": wg, "pe": pe, "wae": "EUR", "lnr": lnr,
                              "werk": "1000", "kst": kst, "sk": sk, "psp": psp, "ean": ean}))
    wb = new_xlsxwriter(name)
    ws = wb.add_worksheet("Sheet1")
    placed = xw_table(wb, ws, cols, recs, header_row=1)
    ws.freeze_panes(1, 0)
    close_xlsxwriter(wb, name)
    add({"file": name, "format": "xlsx", "expect": "read",
         "imitates": "SAP ME2N purchase-order list exported to Excel (many columns, sheet 'Sheet1')",
         "tests": ["19 columns, most irrelevant (Material, Warengruppe, Werk, Kostenstelle, Sachkonto, PSP-Element, EAN/UPC)",
                   "material numbers and EANs as text with leading zeros", "quantity number format with 3 decimals",
                   "price per Preiseinheit 1.000", "supplier name next to vendor number",
                   "document number repeated for several positions"],
         "sheets": [sheet_exp("Sheet1", 1, cols, placed)],
         "notes": ["document_number is the Einkaufsbeleg; the Position column is separate ('4500012345/10' also acceptable)."]})


# =========================================================================== 08
def f08():
    name = "08_grundschule_handliste.xlsx"
    cols = [
        Col("dat", "Datum", "purchase_date", width=11),
        Col("desc", "Was", "description", width=42),
        Col("qty", "Anz.", "quantity", width=7),
        Col("ep", "Preis", "unit_price", width=10),
        Col("gp", "Summe", "amount", width=11),
        Col("lief", "Wo bestellt", "supplier", width=22),
        Col("bem", "Bemerkung", width=34, note="free text (using it as label/evidence text is tolerated)"),
    ]
    recs = [
        It(purchase_date=D("2025-01-13"), description="Buntstifte 24er Set", quantity=25, unit_price=4.99,
           supplier="Spielwaren Lindner", raw={"dat": "13.01.25", "ep": "4,99 €", "gp": "124,75 €"},
           note="date as text with two-digit year; prices as text with €"),
        It(purchase_date=D("2025-01-20"), description="Fußbälle Gr. 4 (Fairtrade)", quantity=6, unit_price=18.90,
           supplier="Sport-Scholz", raw={"qty": "6"}, extra={"bem": "für Sport-AG"},
           note="quantity as text '6'; price and sum as real numbers"),
        blank(),
        It(purchase_date=D("2025-02-03"), description="Tonpapier A4 bunt, 100 Bl.", quantity=10, unit="Pck",
           unit_price=3.20, supplier="Bürobedarf Schmitz", raw={"dat": "3.2.2025", "qty": "10 Pck", "ep": "3,20", "gp": "32,00"},
           note="quantity '10 Pck' with unit in the cell; date '3.2.2025' without leading zeros"),
        Non("comment", "Knete war ausverkauft – bei Fa. Lindner nachbestellen",
            cells={"bem": "Knete war ausverkauft – bei Fa. Lindner nachbestellen"}),
        It(purchase_date=D("2025-02-14"), description="Holzbauklötze 100 Teile, FSC", quantity=2, unit_price=34.95,
           supplier="Spielwaren Lindner"),
        It(purchase_date=D("2025-02-14"), description="Wasserfarbkasten 12 Farben", quantity=28, unit_price=5.49,
           supplier="Bürobedarf Schmitz", raw={"dat": "14.02.25", "ep": "5,49", "gp": "153,72"}),
        It(purchase_date=D("2025-03-03"), description="Kaffee Lehrerzimmer, 1 kg, fair", quantity=3, unit_price=14.99,
           supplier="Weltladen", raw={"dat": "03.03.2025", "ep": "14,99 €", "gp": "44,97 €"},
           extra={"bem": "aus Kaffeekasse erstattet"}),
        blank(),
        blank(),
        It(purchase_date=D("2025-03-21"), description="Springseile", quantity=15, unit_price=2.79, amount=None,
           supplier="Sport-Scholz", raw={"dat": "21.03.25", "ep": "2,79"}, extra={"bem": "Rechnung fehlt noch"},
           acceptable={"amount": [41.85]}, note="Summe cell left empty by the user; 15 × 2,79 = 41,85 acceptable"),
        Non("comment", "!! Puzzle 100 Teile – Lieferung unvollständig, reklamiert",
            cells={"desc": "!! Puzzle 100 Teile – Lieferung unvollständig, reklamiert"}, acceptable_as_item=True,
            note="a note typed into the 'Was' column, nothing else in the row; a German officer reads it as a remark, not a purchase"),
        It(purchase_date=D("2025-04-07"), description="Puzzle 100 Teile", quantity=4, unit_price=7.99,
           supplier="Spielwaren Lindner", raw={"dat": "07.04.2025", "ep": "7,99", "gp": "31,96"}),
        blank(),
    ]
    total = r2(sum(r.vals["amount"] for r in recs if isinstance(r, It) and r.vals.get("amount")))
    recs += [Non("total", "Summe", cells={"desc": "Summe", "gp": total}),
             Non("total", "noch verfügbar:", cells={"desc": "noch verfügbar:", "gp": r2(3000 - total)},
                 note="remaining budget, not a purchase")]
    wb = new_openpyxl()
    ws = wb.active
    ws.title = "Bestellungen"
    ws["A1"] = "Grundschule am Park – Bestellungen Schuljahr 2024/25"
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = "Budget Lernmittel: 3.000 €   Verantwortlich: Fr. Yılmaz"
    placed = ox_table(ws, cols, recs, header_row=4)
    assert [r for r, _, _ in placed][:3] == [5, 6, 7]
    save_openpyxl(wb, name)
    add({"file": name, "format": "xlsx", "expect": "read",
         "imitates": "Grundschule: list kept by hand by the school secretary",
         "tests": ["two title rows and a blank row above the header (row 4)",
                   "numbers stored as text ('4,99 €', '124,75 €', '10 Pck')", "dates as text '13.01.25', '3.2.2025' and as real dates",
                   "blank rows in the middle", "comment-only rows", "empty Summe cell", "'Summe' and 'noch verfügbar:' rows"],
         "sheets": [sheet_exp("Bestellungen", 4, cols, placed,
                              preamble=[(1, "title", "Grundschule am Park – Bestellungen Schuljahr 2024/25"),
                                        (2, "title", "Budget Lernmittel: 3.000 €   Verantwortlich: Fr. Yılmaz"),
                                        (3, "blank", "")])],
         "notes": ["No unit column; the unit appears only inside '10 Pck' (row 8) and is given there as 'unit'."]})


# =========================================================================== 09
def f09():
    name = "09_kantine_lebensmittel_2025.xlsx"
    cols = [
        Col("desc", "Artikel", "description", width=34),
        Col("qty", "Menge", "quantity"),
        Col("unit", "Einheit", "unit"),
        Col("ep", "Einzelpreis (€)", "unit_price", numfmt=NUM2, width=14),
        Col("gp", "Gesamt (€)", "amount", numfmt=NUM2, width=12),
        Col("lief", "Lieferant", "supplier", width=30),
        Col("siegel", "Siegel/Nachweis", "label_text", width=22),
        Col("herk", "Herkunftsland", "origin", width=16),
        Col("dat", "Bestelldatum", "purchase_date", numfmt=DATE, width=12),
    ]
    q1 = [
        ("Röstkaffee Bohne 1 kg", 30, "kg", 15.80, "Kaffeerösterei Weber GmbH", "Fairtrade, Bio", "Kolumbien", "2025-01-08"),
        ("Bananen", 120, "kg", 1.89, "Fruchthof Westend GmbH", "Fairtrade", "Ecuador", "2025-01-08"),
        ("Zartbitterschokolade 100 g", 80, "Tafel", 1.49, "Großhandel Gastro-Nord GmbH", "Rainforest Alliance", "Côte d'Ivoire", "2025-01-22"),
        ("Schwarztee Darjeeling lose 500 g", 6, "Pck.", 11.90, "Teehaus Nord GmbH", "Naturland Fair", "Indien", "2025-02-05"),
        ("Rohrzucker 1 kg", 25, "kg", 2.39, "Großhandel Gastro-Nord GmbH", "GEPA fair+", "Paraguay", "2025-02-05"),
        ("Orangensaft 1 l", 96, "Fl.", 1.29, "Getränke Krüger KG", "-", "Brasilien", "2025-02-19"),
        ("H-Milch 1,5 %", 120, "l", 0.99, "Großhandel Gastro-Nord GmbH", None, "Deutschland", "2025-03-05"),
        ("Reis Basmati 5 kg", 8, "Sack", 14.50, "Großhandel Gastro-Nord GmbH", "Bio", "Pakistan/Indien", "2025-03-19"),
    ]
    q2 = [
        ("Espresso Bohne 1 kg", 20, "kg", 18.40, "Kaffeerösterei Weber GmbH", "Naturland Fair", "Peru", "2025-04-02"),
        ("Bananen", 100, "kg", 1.95, "Fruchthof Westend GmbH", "Fairtrade", "Kolumbien", "2025-04-02"),
        ("Kakaopulver 1 kg", 5, "kg", 9.90, "Großhandel Gastro-Nord GmbH", "Fairtrade", "Ghana", "2025-04-16"),
        ("Grüner Tee Sencha 100 Btl.", 10, "Pck.", 4.20, "Teehaus Nord GmbH", "EU-Bio", "China", "2025-05-07"),
        ("Mango getrocknet 1 kg", 4, "kg", 21.00, "Weltladen Musterhausen e.V.", "WFTO", "Burkina Faso", "2025-05-21"),
        ("Kaffee entkoffeiniert 500 g", 10, "Pck.", 8.30, "Kaffeerösterei Weber GmbH", "k.A.", "k.A.", "2025-06-04"),
        ("Schokoladenkekse 200 g", 48, "Pck.", 1.79, "Großhandel Gastro-Nord GmbH", "Fairtrade (Kakao)", "Deutschland", "2025-06-18"),
    ]

    def recs_of(rows, label):
        out = []
        for a, q, u, p, s, l, o, d in rows:
            acc, note = {}, None
            if l in ("-", "k.A."):
                acc["label_text"] = [None]
            if o == "k.A.":
                acc["origin"] = [None]
                note = "'k.A.' = keine Angabe (unknown); as written or null"
            out.append(It(description=a, quantity=q, unit=u, unit_price=p, supplier=s, label_text=l,
                          origin=o, purchase_date=D(d), acceptable=acc, note=note))
        tot = r2(sum(r.vals["amount"] for r in out))
        out.append(Non("total", f"Summe {label}", cells={"desc": f"Summe {label}", "gp": tot}))
        return out

    wb = new_openpyxl()
    sheets = []
    for i, (label, rows) in enumerate((("Q1", q1), ("Q2", q2))):
        ws = wb.active if i == 0 else wb.create_sheet(label)
        ws.title = label
        recs = recs_of(rows, label)
        placed = ox_table(ws, cols, recs, header_row=1)
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:I{len(rows) + 1}"
        sheets.append(sheet_exp(label, 1, cols, placed))
    ws = wb.create_sheet("Hinweise")
    for r, t in [(1, "Hinweise zur Liste"), (2, "Alle Preise netto."),
                 (3, "Siegel laut Lieferschein bzw. Produktdatenblatt."),
                 (5, "Ansprechpartner Kantine: Hr. Özdemir, Tel. 0201 123-456")]:
        ws.cell(row=r, column=1, value=t)
    ws = wb.create_sheet("Lieferanten")
    for j, h in enumerate(["Lieferant", "Ort", "Nachweis", "gültig bis"]):
        ws.cell(row=1, column=j + 1, value=h).font = BOLD
    for r, row in enumerate([("Kaffeerösterei Weber GmbH", "Essen", "Fairtrade-Lizenz FLO-ID 12345", D("2026-06-30")),
                             ("Fruchthof Westend GmbH", "Duisburg", "Fairtrade", D("2025-12-31")),
                             ("Teehaus Nord GmbH", "Hamburg", "Naturland Fair Zertifikat", D("2026-03-31")),
                             ("Großhandel Gastro-Nord GmbH", "Bochum", "-", None)], start=2):
        for j, v in enumerate(row):
            ox_put(ws, r, j + 1, v)
    save_openpyxl(wb, name)
    sheets += [{"sheet": "Hinweise", "contains": "notes", "expect": "no line items (free-text notes A1:A5)"},
               {"sheet": "Lieferanten", "contains": "supplier_master",
                "expect": "no line items: a supplier list (Lieferant, Ort, Nachweis, gültig bis) with 4 rows; it has no quantity/price/amount and must not be counted as purchases (acceptable: sheet skipped, or its rows reported as not line items)"}]
    add({"file": name, "format": "xlsx", "expect": "read",
         "imitates": "Kantine (canteen) of the Kreishaus: food purchases, one sheet per quarter",
         "tests": ["line items on TWO sheets (Q1, Q2) — both must be read",
                   "a notes sheet and a supplier-master sheet that are not line items",
                   "'Siegel/Nachweis' and 'Herkunftsland' columns with '-', 'k.A.' and empty values",
                   "'Summe Q1' / 'Summe Q2' rows"],
         "sheets": sheets})


# =========================================================================== 10
def f10():
    name = "10_stadtwerke_cpv_von_excel_verstuemmelt.xlsx"
    cols = [
        Col("desc", "Bezeichnung", "description", width=36),
        Col("qty", "Menge", "quantity"),
        Col("me", "ME", "unit"),
        Col("ep", "EP", "unit_price", numfmt=NUM2),
        Col("gp", "Gesamt", "amount", numfmt=NUM2),
        Col("lief", "Lieferant", "supplier", width=32),
        Col("cpv", "CPV-Code", "cpv", width=24),
        Col("dat", "Datum", "purchase_date", numfmt=DATE),
    ]
    rows = [
        ("Kaffee Crema Bohne 1 kg", 12, "kg", 16.20, "Kaffeerösterei Weber GmbH", "15861000", 15861000, None, "2025-01-08",
         "CPV stored as a number (General format)"),
        ("Röstkaffee gemahlen 500 g", 20, "Pck.", 6.49, "Kaffeerösterei Weber GmbH", "15861000", "15861000.0", None, "2025-01-08",
         "text '15861000.0' (came through a float)"),
        ("Teebeutel Pfefferminz", 10, "Pck.", 2.10, "Teehaus Nord GmbH", "15864100", 15864100.0, "0.0", "2025-01-29",
         "number with format 0.0 — the user sees '15864100,0'"),
        ("Kaffee Fairtrade 1 kg", 8, "kg", 17.90, "Kaffeerösterei Weber GmbH", "15861000-1", "15861000-1", None, "2025-02-12", None),
        ("Schnittblumen Empfang", 1, "Pausch.", 185.00, "Blumenhaus Grünfink", "03121200", 3121200, None, "2025-02-20",
         "leading zero lost: Excel number 3121200 is CPV 03121200 (an officer pads to 8 digits)"),
        ("Trauergesteck Ehrenbürger", 1, "Stk", 145.00, "Blumenhaus Grünfink", "03121210-0", "CPV 03121210-0", None, "2025-03-06",
         "prefix 'CPV '"),
        ("Pflastersteine Granit grau", 14, "t", 192.00, "Natursteinhandel Rhein-Ruhr GmbH", "44113130-5", "44113130 - 5", None, "2025-03-18",
         "spaces around the hyphen"),
        ("Arbeitskleidung Netzmonteure", 1, "Pausch.", 3480.00, "Berufsbekleidung Hansen GmbH", "18100000-0", "18100000-0, 18130000-9", None, "2025-04-01",
         "two codes in one cell; the first is the main code (the list of both is also acceptable)"),
        ("Reinigungsmittel Konzentrat", 6, "Kanister", 24.50, "Reinigungsbedarf Sauber & Co. KG", "39830000-9", "39830000\u20119", None, "2025-04-15",
         "non-breaking hyphen U+2011 instead of '-'"),
        ("Kopierpapier A4", 100, "Pck.", 4.05, "Bürobedarf Schmitz KG", "30197643", 30197643.0, None, "2025-05-06",
         "float 30197643.0 in a General cell — the user sees 30197643"),
        ('Laptop 15,6"', 3, "Stk", 929.00, "IT-Systemhaus Westfalen GmbH", "30213100-6", "30213100-6 ", None, "2025-05-20",
         "trailing space"),
        ("Sicherheitsschuhe S3", 10, "Paar", 79.00, "Arbeitsschutz Müller GmbH & Co. KG", None, "n.v.", None, "2025-06-03",
         "'n.v.' = nicht vorhanden → no CPV"),
        ("Toilettenpapier Recycling 3-lagig", 12, "Pck.", 7.80, "Hygiene-Depot Nord", "33760000-5", "33760000-5", None, "2025-06-17", None),
        ("Wartung Trafostation", 1, "Pausch.", 1250.00, "Elektro Wagner GmbH", None, None, None, "2025-07-01", "empty CPV cell"),
    ]
    recs = []
    for a, q, u, p, s, cpv, raw, nf, d, note in rows:
        acc = {}
        if cpv == "18100000-0":
            acc["cpv"] = ["18100000-0, 18130000-9", "18100000-0;18130000-9"]
        recs.append(It(description=a, quantity=q, unit=u, unit_price=p, supplier=s, cpv=cpv,
                       purchase_date=D(d), raw={"cpv": raw if raw is not None else EMPTY},
                       note=note, acceptable=acc))
    wb = new_openpyxl()
    ws = wb.active
    ws.title = "Einkauf"
    placed = ox_table(ws, cols, recs, header_row=1)
    for (r, rec, _), row in zip(placed, rows):
        if row[7]:
            ws.cell(row=r, column=7).number_format = row[7]
    save_openpyxl(wb, name)
    add({"file": name, "format": "xlsx", "expect": "read",
         "imitates": "Stadtwerke (Eigenbetrieb): purchase list where CPV codes went through Excel",
         "tests": ["CPV as number, as float, as '15861000.0' text, with lost leading zero, with 'CPV ' prefix, with spaces, two codes, U+2011 hyphen, trailing space, 'n.v.', empty"],
         "sheets": [sheet_exp("Einkauf", 1, cols, placed)],
         "notes": ["Expected cpv is the code cleaned: 8 digits, plus '-check digit' only where the file shows one."]})


# =========================================================================== 11
def f11():
    name = "11_ordnungsamt_datumsformate.xlsx"
    cols = [
        Col("beleg", "Belegnr.", "document_number"),
        Col("desc", "Bezeichnung", "description", width=40),
        Col("qty", "Menge", "quantity"),
        Col("unit", "Einheit", "unit"),
        Col("ep", "Einzelpreis", "unit_price", numfmt=EUR),
        Col("gp", "Gesamt", "amount", numfmt=EUR),
        Col("lief", "Lieferant", "supplier", width=30),
        Col("bdat", "Bestelldatum", "purchase_date", width=16),
        Col("rdat", "Rechnungsdatum", numfmt=DATE, width=14,
            note="invoice date; purchase_date comes from 'Bestelldatum'"),
    ]
    serial_day = D("2025-03-26")
    rows = [
        ("Dienstjacke Ordnungsdienst", 6, "Stk", 129.00, "Berufsbekleidung Hansen GmbH", "2025-01-13", D("2025-01-13"), None, "real Excel date"),
        ("Diensthose", 6, "Stk", 69.00, "Berufsbekleidung Hansen GmbH", "2025-01-13", "13.01.2025", None, "text '13.01.2025'"),
        ("Einsatzstiefel S3", 6, "Paar", 119.00, "Arbeitsschutz Müller GmbH & Co. KG", "2025-01-20", "2025-01-20", None, "text '2025-01-20'"),
        ("Kaffee für Bürgerbüro 1 kg", 4, "kg", 14.90, "Weltladen Musterhausen e.V.", "2025-02-03", "3.2.25", None, "text '3.2.25' (two-digit year, no leading zeros)"),
        ("Thermopapierrollen Parkscheinautomat", 200, "Rolle", 1.35, "Bürobedarf Schmitz KG", "2025-02-17", "17.02.25", None, "text '17.02.25'"),
        ('Warnwesten mit Aufdruck "Ordnungsamt"', 20, "Stk", 7.90, "Arbeitsschutz Müller GmbH & Co. KG", "2025-03-05", dt.datetime(2025, 3, 5, 14, 30), "DD.MM.YYYY HH:MM", "date with time 14:30"),
        ("Funkgeräte-Akkus", 10, "Stk", 54.00, "Funktechnik Brandt", serial_day.isoformat(), excel_serial(serial_day), "General",
         f"Excel serial number {excel_serial(serial_day)} in a General-format cell (the user sees the number); in a date column an officer reads it as {de_date(serial_day)}"),
        ("Blumen Bürgerempfang", 1, "Pausch.", 95.00, "Blumenhaus Grünfink", "2025-04-07", "7. April 2025", None, "text '7. April 2025' (German month name)"),
        ("Kopierpapier A4", 40, "Pck.", 4.29, "Bürobedarf Schmitz KG", "2025-04-14", "14.04.2025 ", None, "text with trailing space"),
        ("Hundekotbeutel, kompostierbar", 18000, "Stk", 0.02, "Hygiene-Depot Nord", "2025-06-05", "05/06/2025", None,
         "text '05/06/2025': a German office reads 5 June 2025; US reading 6 May 2025"),
        ("Schutzhandschuhe", 50, "Paar", 3.60, "Arbeitsschutz Müller GmbH & Co. KG", None, None, None,
         "Bestelldatum empty; the Rechnungsdatum (2025-07-02) is an acceptable fallback"),
        ("Parkbänke Recyclingkunststoff", 4, "Stk", 489.00, "Stadtmöbel GmbH", "2025-07-14", D("2025-07-14"), "MMMM YYYY",
         "real date shown with format 'MMMM YYYY' (user sees 'Juli 2025'); the cell value is 14.07.2025"),
    ]
    recs = []
    for i, (a, q, u, p, s, iso, raw, nf, note) in enumerate(rows):
        acc, amb = {}, False
        if raw == "05/06/2025":
            acc["purchase_date"] = ["2025-05-06"]
            amb = True
        if iso is None:
            acc["purchase_date"] = ["2025-07-02"]
        if isinstance(raw, int):
            acc["purchase_date"] = [None]
            amb = True
        if nf == "MMMM YYYY":
            acc["purchase_date"] = ["2025-07-01"]
        inv = (D(iso) if iso else D("2025-06-18")) + dt.timedelta(days=14)
        recs.append(It(document_number=f"OA-25-{i + 1:03d}", description=a, quantity=q, unit=u, unit_price=p,
                       supplier=s, purchase_date=D(iso) if iso else None,
                       raw={"bdat": raw if raw is not None else EMPTY}, extra={"rdat": inv},
                       note=note, acceptable=acc, ambiguous=amb))
    wb = new_openpyxl()
    ws = wb.active
    ws.title = "Bestellungen"
    ws["A1"] = "Ordnungsamt Musterhausen – Sachbeschaffungen 2025"
    ws["A1"].font = Font(bold=True, size=13)
    placed = ox_table(ws, cols, recs, header_row=2)
    for (r, rec, _), row in zip(placed, rows):
        c = ws.cell(row=r, column=8)
        if row[7]:
            c.number_format = row[7]
        elif isinstance(row[6], (dt.date, dt.datetime)):
            c.number_format = DATE
    # the empty Bestelldatum row still has an invoice date 2025-07-02
    assert recs[10].extra["rdat"] == D("2025-07-02")
    save_openpyxl(wb, name)
    add({"file": name, "format": "xlsx", "expect": "read",
         "imitates": "Ordnungsamt: list kept by several people, each typing dates differently",
         "tests": ["Bestelldatum as real date, text dd.mm.yyyy, ISO text, d.m.yy, dd.mm.yy, datetime with time, Excel serial in a General cell, German month name, trailing space, ambiguous dd/mm/yyyy, empty, real date with month-only display format",
                   "two date columns: purchase_date must come from 'Bestelldatum', not 'Rechnungsdatum'"],
         "sheets": [sheet_exp("Bestellungen", 2, cols, placed,
                              preamble=[(1, "title", "Ordnungsamt Musterhausen – Sachbeschaffungen 2025")])]})


# =========================================================================== 12
def f12():
    name = "12_gruenflaechenamt_kostenstellen_zwischensummen.xlsx"
    cols = [
        Col("kst", "Kostenstelle", width=13),
        Col("desc", "Bezeichnung", "description", width=42),
        Col("qty", "Menge", "quantity"),
        Col("unit", "Einheit", "unit"),
        Col("ep", "EP netto", "unit_price", numfmt=EUR, width=12),
        Col("gp", "GP netto", "amount", numfmt=EUR, width=13),
        Col("lief", "Lieferant", "supplier", width=32),
        Col("cpv", "CPV", "cpv", width=12),
    ]
    g1 = [
        ("Grabeinfassung Granit, Ehrengrabfeld", 6, "Satz", 310.00, "Steinmetz Becker GmbH", "44912100-7"),
        ("Rasenmähen Friedhof Süd (Dienstleistung)", 1, "Pausch.", 2400.00, "Grünpflege Hartmann", "77314000-4"),
        ("Blumenzwiebeln Frühjahr", 2000, "Stk", 0.28, "Gärtnerei Blumen-Krause", "03451200-8"),
        ("Kies Wegedecke 0/16", 25, "t", 31.50, "Baustoffe Krämer GmbH", "14212120-7"),
        ("Sitzbank Friedhof, Tropenholz Bangkirai", 3, "Stk", 890.00, "Stadtmöbel GmbH", None),
    ]
    g2 = [
        ("Spielsand gewaschen 0/2", 40, "t", 29.00, "Baustoffe Krämer GmbH", "14211000-3"),
        ("Rindenmulch", 60, "m³", 24.50, "Gärtnerei Blumen-Krause", None),
        ("Pflastersteine Basalt 9/11", 12, "t", 210.00, "Natursteinhandel Rhein-Ruhr GmbH", "44113130-5"),
        ("Parkbank Recycling-Kunststoff", 5, "Stk", 520.00, "Stadtmöbel GmbH", None),
        ("Fußballtore Bolzplatz (Paar)", 1, "Paar", 1890.00, "Sport-Scholz e.K.", "37451000-4"),
    ]

    def items(rows, kst):
        return [It(description=a, quantity=q, unit=u, unit_price=p, supplier=s, cpv=c, extra={"kst": kst})
                for a, q, u, p, s, c in rows]
    i1, i2 = items(g1, 4711), items(g2, 4712)
    s1 = r2(sum(r.vals["amount"] for r in i1))
    s2 = r2(sum(r.vals["amount"] for r in i2))
    stone2 = i2[2].vals["amount"]
    recs = ([Non("group_heading", "Kostenstelle 4711 – Friedhöfe", cells={"kst": "Kostenstelle 4711 – Friedhöfe"})]
            + i1
            + [Non("subtotal", "Zwischensumme Kostenstelle 4711", cells={"desc": "Zwischensumme Kostenstelle 4711", "gp": s1}),
               blank(),
               Non("group_heading", "Kostenstelle 4712 – Parks und Spielplätze",
                   cells={"kst": "Kostenstelle 4712 – Parks und Spielplätze"})]
            + i2
            + [Non("subtotal", "Zwischensumme Kostenstelle 4712", cells={"desc": "Zwischensumme Kostenstelle 4712", "gp": s2}),
               Non("subtotal", "davon Naturstein", cells={"desc": "davon Naturstein", "gp": stone2},
                   note="'davon' row: part of the subtotal above, not a purchase"),
               blank(),
               Non("total", "Gesamtsumme", cells={"desc": "Gesamtsumme", "gp": r2(s1 + s2)}),
               Non("comment", "Geprüft: 15.01.2026, gez. Hartmann", cells={"desc": "Geprüft: 15.01.2026, gez. Hartmann"},
                   note="sign-off line in the description column")])
    wb = new_openpyxl()
    ws = wb.active
    ws.title = "Sachkosten"
    ws["A1"] = "Grünflächenamt – Sachkosten nach Kostenstelle 2025"
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = "Stand: 31.12.2025"
    placed = ox_table(ws, cols, recs, header_row=4)
    rows = {rec.text: r for r, rec, _ in placed if isinstance(rec, Non)}
    for t in ("Kostenstelle 4711 – Friedhöfe", "Kostenstelle 4712 – Parks und Spielplätze"):
        r = rows[t]
        ws.merge_cells(f"A{r}:H{r}")
        ws.cell(row=r, column=1).fill = PatternFill("solid", fgColor="E2EFDA")
    save_openpyxl(wb, name)
    add({"file": name, "format": "xlsx", "expect": "read",
         "imitates": "Grünflächenamt: costs grouped by cost centre with subtotals",
         "tests": ["merged group-heading rows 'Kostenstelle 4711 – …'", "'Zwischensumme Kostenstelle …' rows with an amount",
                   "'davon …' row", "'Gesamtsumme' row", "sign-off comment in the description column", "blank rows",
                   "Kostenstelle column filled with a number on item rows"],
         "sheets": [sheet_exp("Sachkosten", 4, cols, placed,
                              preamble=[(1, "title", "Grünflächenamt – Sachkosten nach Kostenstelle 2025"),
                                        (2, "title", "Stand: 31.12.2025"), (3, "blank", "")])]})


# =========================================================================== 13
def f13():
    name = "13_personalamt_formeln_ohne_cache.xlsx"
    cols = [
        Col("nr", "Nr."),
        Col("desc", "Artikel", "description", width=38),
        Col("qty", "Menge", "quantity"),
        Col("ep", "EP netto", "unit_price", numfmt=EUR, width=11),
        Col("gp", "GP netto", "amount", numfmt=EUR, width=12,
            note="formula =C*D without cached value; a user (Excel/LibreOffice) sees the product"),
        Col("gpb", "GP brutto", numfmt=EUR, width=12, note="formula =E*1,19 without cached value"),
        Col("lief", "Lieferant", "supplier", width=30),
        Col("link", "Link", width=30, note="text that looks like a formula: '=HYPERLINK(…)' stored as a string"),
    ]
    link = lambda url: T(f'=HYPERLINK("{url}";"Produktseite")')
    rows = [
        ("Kaffee Bio & Fairtrade 1 kg", 6, 17.50, "Kaffeerösterei Weber GmbH", link("https://shop.kaffee-weber.example/fairtrade-1kg")),
        ("Filtertüten Gr. 4, ungebleicht", 10, 1.95, "Bürobedarf Schmitz KG", None),
        ("Kaffeemaschine Filter 1,5 l", 1, 64.90, "Elektro Wagner GmbH", link("https://elektro-wagner.example/km-15")),
        ("Geschirrspültabs EU Ecolabel, 100 St.", 3, 12.40, "Hygiene-Depot Nord", None),
        ("Teppichfliesen Sozialraum", 12, 23.80, "Raumausstatter Klein", None),
        ("+ Versandkostenpauschale", 1, 6.90, "Bürobedarf Schmitz KG", None),
        ("- Rabatt 5 % Rahmenvertrag", 1, -4.50, "Bürobedarf Schmitz KG", None),
        ("Zuckerwürfel 1 kg", 4, 1.79, "Großhandel Gastro-Nord GmbH", None),
    ]
    recs = []
    for i, (a, q, p, s, lk) in enumerate(rows):
        r = 4 + i
        note = "amount is a formula without cached value: expected = what Excel shows (Menge × EP)"
        if a.startswith(("+", "-")):
            note += "; description starts with '" + a[0] + "' and is plain text"
        recs.append(It(description=a, quantity=q, unit_price=p, supplier=s,
                       raw={"gp": F(f"=C{r}*D{r}")},
                       extra={"nr": i + 1, "gpb": F(f"=E{r}*1.19"), "link": lk},
                       acceptable={"amount": [None]}, note=note))
    recs.append(Non("total", "Summe", cells={"desc": "Summe", "gp": F("=SUM(E4:E11)"), "gpb": F("=SUM(F4:F11)")}))
    wb = new_openpyxl()
    ws = wb.active
    ws.title = "Bestellung"
    ws["A1"] = "Personalamt – Bestellung Büro- und Sozialraumbedarf"
    ws["A1"].font = Font(bold=True, size=13)
    placed = ox_table(ws, cols, recs, header_row=3)
    assert placed[0][0] == 4 and placed[-1][0] == 12
    save_openpyxl(wb, name)
    add({"file": name, "format": "xlsx", "expect": "read",
         "imitates": "Personalamt: order sheet produced by a Python script (openpyxl) and never opened in Excel",
         "tests": ["GP netto / GP brutto / Summe are formulas WITHOUT cached values (openpyxl writes none)",
                   "plain-text cells that look like formulas: '=HYPERLINK(\"…\";\"Produktseite\")'",
                   "descriptions starting with '+' and '-'", "negative unit price on a discount line"],
         "sheets": [sheet_exp("Bestellung", 3, cols, placed,
                              preamble=[(1, "title", "Personalamt – Bestellung Büro- und Sozialraumbedarf"),
                                        (2, "blank", "")])],
         "notes": ["A user opening the file in Excel or LibreOffice sees the computed amounts; the file itself stores only formulas. "
                   "Expected amount = the computed value; null is acceptable if the reader does not evaluate formulas, "
                   "but never 0 and never the formula text. The reader must not execute or copy the '=HYPERLINK' text as a formula anywhere."]})


# =========================================================================== 14
def f14():
    name = "14_kreis_schulen_versteckte_spalten.xlsx"
    cols = [
        Col("nr", "Lfd. Nr.", width=7),
        Col("int", "Interne Nr.", width=12, note="hidden column"),
        Col("desc", "Artikelbezeichnung", "description", width=40),
        Col("alt", "Artikelbezeichnung (alt)", width=20,
            note="HIDDEN column with an older short text; the visible 'Artikelbezeichnung' is the description"),
        Col("qty", "Menge", "quantity"),
        Col("unit", "Einheit", "unit"),
        Col("ep", "Einzelpreis (€)", "unit_price", numfmt=EUR, width=14),
        Col("gp", "Gesamt (€)", "amount", numfmt=EUR, width=13, note="formula =E*G with cached value"),
        Col("lief", "Lieferant", "supplier", width=30),
        Col("zert", "Zertifikat", "label_text", width=24),
        Col("herk", "Herkunftsland", "origin", width=14),
        Col("dat", "Bestelldatum", "purchase_date", numfmt=DATE, width=13),
    ]
    rows = [
        ("Whiteboard-Marker, 4er Set", "Marker", 50, "Set", 5.90, "Bürobedarf Schmitz KG", "Blauer Engel", "Deutschland", "2025-01-10"),
        ("Schulhefte A4 liniert, Recycling", "Hefte", 2000, "Stk", 0.39, "Bürobedarf Schmitz KG", "Blauer Engel", "Deutschland", "2025-01-10"),
        ("Sportshirts Schulmannschaft", "Shirts", 40, "Stk", 14.50, "Textil-Fair eG", "Fairtrade Cotton, GOTS", "Indien", "2025-02-04"),
        ("Fußbälle Gr. 5", "Bälle", 20, "Stk", 21.90, "Sport-Scholz e.K.", "Fairtrade", "Pakistan", "2025-02-04"),
        ("Tablet 10 Zoll, 64 GB", "Tablets", 30, "Stk", 289.00, "IT-Systemhaus Westfalen GmbH", "TCO Certified", "China", "2025-03-12"),
        ("Schultische 1-sitzig, höhenverstellbar", "Tische", 24, "Stk", 145.00, "Schulausstatter Weiß & Söhne", "Blauer Engel, PEFC", "Deutschland", "2025-03-20"),
        ("Reinigungstücher Mikrofaser", "Tücher", 100, "Stk", 1.20, "Hygiene-Depot Nord", "EU Ecolabel", "China", "2025-04-08"),
        ("Schokolade Schulfest 100 g", "Schoko", 150, "Stk", 1.69, "Weltladen Musterhausen e.V.", "Fairtrade", "Ghana", "2025-06-17"),
        ("Kaffee Lehrerzimmer 1 kg", "Kaffee", 10, "kg", 16.40, "Weltladen Musterhausen e.V.", "Naturland Fair", "Honduras", "2025-06-17"),
        ("Natursteinbank Schulhof, Granit", "Bank", 2, "Stk", 1150.00, "Natursteinhandel Rhein-Ruhr GmbH", None, "China", "2025-07-02"),
    ]
    recs = []
    for i, (a, alt, q, u, p, s, z, o, d) in enumerate(rows):
        r = 4 + i
        amt = r2(q * p)
        recs.append(It(description=a, quantity=q, unit=u, unit_price=p, amount=amt, supplier=s, label_text=z,
                       origin=o, purchase_date=D(d), raw={"gp": F(f"=E{r}*G{r}", amt)},
                       extra={"nr": i + 1, "int": f"INT-40-{i + 1:03d}", "alt": alt},
                       note=("this row is HIDDEN in Excel; it is still a line item" if r == 8 else None)))
    total = r2(sum(r.vals["amount"] for r in recs))
    recs += [blank(), Non("total", "Summe", cells={"desc": "Summe", "gp": F("=SUM(H4:H13)", total)})]
    wb = new_xlsxwriter(name)
    ws = wb.add_worksheet("Beschaffung")
    title = xw_fmt(wb, bold=True, font_size=14, align="left")
    ws.merge_range("A1:L1", "Kreis Musterland – Fachbereich 40 Schulen – Beschaffungen 2025", title)
    ws.write_string(1, 0, "Stand: 31.12.2025")
    placed = xw_table(wb, ws, cols, recs, header_row=3)
    ws.set_column(1, 1, 12, None, {"hidden": True})
    ws.set_column(3, 3, 20, None, {"hidden": True})
    ws.set_row(7, None, None, {"hidden": True})     # Excel row 8
    ws.freeze_panes(3, 0)
    ws.autofilter("A3:L13")
    close_xlsxwriter(wb, name)
    assert placed[4][0] == 8
    add({"file": name, "format": "xlsx", "expect": "read",
         "imitates": "Kreis, Fachbereich Schulen: formatted list produced with Excel",
         "tests": ["merged title, 'Stand:' row, header in row 3", "hidden columns B and D (D duplicates the description header!)",
                   "hidden row 8 that is a real line item", "formulas WITH cached values", "frozen panes, autofilter",
                   "'Zertifikat' and 'Herkunftsland' columns"],
         "sheets": [sheet_exp("Beschaffung", 3, cols, placed,
                              preamble=[(1, "title", "Kreis Musterland – Fachbereich 40 Schulen – Beschaffungen 2025 (merged A1:L1)"),
                                        (2, "title", "Stand: 31.12.2025")])]})


# =========================================================================== 15
def f15():
    name = "15_onlineshop_business_export_en.csv"
    en = lambda x: f"{x:.2f}"
    cols = [
        Col("odate", "Order Date", "purchase_date", fmt=us_date, note="US format MM/DD/YYYY"),
        Col("oid", "Order ID", "document_number"),
        Col("po", "PO Number"),
        Col("grp", "Account Group"),
        Col("title", "Title", "description"),
        Col("brand", "Brand", note="manufacturer brand, not the supplier"),
        Col("asin", "ASIN"),
        Col("unspsc", "UNSPSC", note="UNSPSC commodity code — NOT a CPV code; cpv must stay empty"),
        Col("cat", "Product Category"),
        Col("seller", "Seller Name", "supplier"),
        Col("qty", "Item Quantity", "quantity", fmt=de_qty),
        Col("ppu", "Purchase PPU", "unit_price", fmt=en),
        Col("sub", "Item Subtotal", "amount", fmt=en, note="net"),
        Col("tax", "Item Tax", fmt=en),
        Col("tot", "Item Total", fmt=en, note="gross (acceptable as amount)"),
        Col("cur", "Currency"),
    ]
    rows = [
        ("2025-01-13", "302-4411223-5566778", "PO-IT-0113", "IT", "USB-C Docking Station 12-in-1", "Voltix", "B0C1234567", "43211600", "Computers", "Voltix Direct EU", 5, 89.99),
        ("2025-01-27", "302-9182736-1029384", "PO-ZV-0127", "Zentrale Dienste", "Copy paper A4 80 gsm, 5 reams", "Paperline", "B07PAPER01", "14111507", "Office Products", "Bürobedarf Schmitz KG", 20, 21.49),
        ("2025-02-14", "302-5566778-9900112", "PO-KA-0214", "Kantine", "Fairtrade Organic Coffee Beans 1 kg", "Andes Café", "B08COFFEE9", "50201706", "Grocery", "Andes Café GmbH", 6, 18.99),
        ("2025-03-03", "302-1212121-3434343", "PO-SP-0303", "Sportamt", "Kids Football Size 4, Fair Trade certified", "Bola Justa", "B09BALL004", "49161509", "Sports", "Sport-Scholz e.K.", 10, 17.49),
        ("2025-03-21", "302-7777888-9999000", "PO-KI-0321", "Kita", "Wooden Building Blocks 100 pcs", "Holzwerk", "B06BLOCKS1", "60141000", "Toys & Games", "Spielwaren Lindner OHG", 3, 32.90),
        ("2025-04-09", "302-2323232-4545454", "PO-BH-0409", "Bauhof", "Nitrile Gloves, box of 100, size L", "SafeHands", "B01GLOVE0L", "42132203", "Industrial", "MedSupply Europe B.V.", 25, 7.99),
        ("2025-05-02", "302-6767676-8989898", "PO-IT-0502", "IT", "Laser Toner Cartridge black, compatible HP 59A", "Tonerix", "B0TONER59A", "44103103", "Office Products", "Tonerix Store", 4, 39.90),
        ("2025-06-11", "302-1357913-2468024", "PO-ZV-0611", "Zentrale Dienste", "Office chair, ergonomic, mesh back", "Sitwell", "B0CHAIR007", "56112104", "Furniture", "Sitwell Furniture GmbH", 2, 249.00),
    ]
    recs = []
    for d, oid, po, grp, title, brand, asin, un, cat, seller, q, ppu in rows:
        sub = r2(q * ppu)
        tax = r2(sub * 0.19)
        recs.append(It(purchase_date=D(d), document_number=oid, description=title, supplier=seller,
                       quantity=q, unit_price=ppu, amount=sub, acceptable={"amount": [r2(sub + tax)]},
                       extra={"po": po, "grp": grp, "brand": brand, "asin": asin, "unspsc": un, "cat": cat,
                              "tax": en(tax), "tot": en(r2(sub + tax)), "cur": "EUR"}))
    placed, pre, hl = build_csv(name, cols, recs, delim=",", quote_all=True)
    add({"file": name, "format": "csv", "encoding": "utf-8", "delimiter": ",", "expect": "read",
         "imitates": "Business account of an online marketplace: order-history report (English headers, all fields quoted)",
         "tests": ["English headers", "US dates MM/DD/YYYY (days > 12 make the format decidable)", "all fields quoted",
                   "16 columns, UNSPSC must not be taken as CPV, Brand is not the supplier",
                   "net subtotal and gross total both present"],
         "sheets": [sheet_exp(None, hl, cols, placed)]})


# =========================================================================== 16
def f16():
    name = "16_webshop_bueroartikel_export.xlsx"
    cols = [
        Col("bnr", "Bestellnummer", "document_number", width=16),
        Col("dat", "Bestelldatum", "purchase_date", numfmt=DATE, width=12),
        Col("art", "Artikelnummer", width=12),
        Col("ean", "EAN", width=15, note="13-digit numbers in General format (Excel shows 4,00638E+12)"),
        Col("desc", "Artikelname", "description", width=38),
        Col("herst", "Hersteller", width=14, note="manufacturer, not the supplier (the supplier is the shop itself and not in the rows)"),
        Col("qty", "Menge", "quantity"),
        Col("epn", "Einzelpreis netto", numfmt=NUM2, note="net unit price (acceptable as unit_price)"),
        Col("mwst", "MwSt-Satz"),
        Col("ep", "Einzelpreis brutto", "unit_price", numfmt=NUM2),
        Col("gp", "Gesamtpreis brutto", "amount", numfmt=NUM2),
        Col("stat", "Status"),
    ]
    rows = [
        ("WS-2025-10001", "2025-01-16", "BU-12345", 4006381333931, "Textmarker gelb, 10er Pack", "Leuchtstark", 5, 8.00, 19, "geliefert"),
        ("WS-2025-10001", "2025-01-16", "PA-50001", 4012345678901, "Kopierpapier A4 Recycling 500 Bl.", "Paperline", 20, 5.00, 19, "geliefert"),
        ("WS-2025-10001", "2025-01-16", "VERSAND", None, "Versandkosten", None, 1, 5.00, 19, "geliefert"),
        ("WS-2025-10022", "2025-02-03", "KA-77001", 4260111222333, "Kaffee gemahlen Fairtrade 500 g", "Andes Café", 12, 7.00, 7, "geliefert"),
        ("WS-2025-10022", "2025-02-03", "GUTSCHEIN", None, "Gutschein Neukunde", None, 1, -10.00, 19, "geliefert"),
        ("WS-2025-10045", "2025-03-11", "MO-30010", 4011111000010, "Bürostuhl Drehstuhl, Stoff schwarz", "Sitwell", 2, 189.00, 19, "storniert"),
        ("WS-2025-10046", "2025-03-12", "MO-30010", 4011111000010, "Bürostuhl Drehstuhl, Stoff schwarz", "Sitwell", 2, 189.00, 19, "geliefert"),
        ("WS-2025-10078", "2025-04-29", "TO-00059", 4250000590590, "Tonerkartusche schwarz, kompatibel", "Tonerix", 3, 42.00, 19, "geliefert"),
        ("WS-2025-10090", "2025-05-20", "HY-20005", 4030000200050, "Handtuchpapier Zickzack, 5000 Bl.", "Hygienix", 10, 25.00, 19, "geliefert"),
        ("WS-2025-10103", "2025-06-05", "BL-00020", 8712345000202, "Fairtrade Rosen, Strauß 20 Stk", "Fairflowers", 2, 30.00, 7, "geliefert"),
    ]
    recs = []
    for bnr, d, art, ean, a, h, q, net, vat, st in rows:
        gross = r2(net * (1 + vat / 100))
        note = None
        if st == "storniert":
            note = "status 'storniert' (cancelled): still a row of the list; whether it counts as spend is not the reader's decision"
        recs.append(It(document_number=bnr, purchase_date=D(d), description=a, quantity=q, unit_price=gross,
                       amount=r2(q * gross), acceptable={"unit_price": [net]}, note=note,
                       extra={"art": art, "ean": ean, "herst": h, "epn": net, "mwst": f"{vat} %", "stat": st}))
    wb = new_openpyxl()
    ws = wb.active
    ws.title = "Bestellungen"
    placed = ox_table(ws, cols, recs, header_row=1)
    save_openpyxl(wb, name)
    add({"file": name, "format": "xlsx", "expect": "read",
         "imitates": "Office-supplies web shop: order export of the city's customer account",
         "tests": ["e-commerce columns: EAN as big numbers, Artikelnummer, Hersteller, MwSt-Satz, Status",
                   "net and gross unit prices side by side, gross total", "shipping-cost line and negative voucher line",
                   "cancelled line", "no supplier column"],
         "sheets": [sheet_exp("Bestellungen", 1, cols, placed)],
         "notes": ["unit_price is given as the gross price (consistent with the gross amount); the net price is acceptable."]})


# =========================================================================== 17
def f17():
    name = "17_sportamt_english_erp.xlsx"
    cols = [
        Col("po", "PO Number", "document_number", width=12),
        Col("dat", "PO Date", "purchase_date", numfmt="YYYY-MM-DD", width=11),
        Col("line", "Line"),
        Col("desc", "Description", "description", width=44),
        Col("qty", "Quantity", "quantity"),
        Col("uom", "UoM", "unit"),
        Col("ep", "Unit Price (EUR)", "unit_price", numfmt=NUM2),
        Col("gp", "Line Total (EUR)", "amount", numfmt=NUM2),
        Col("sup", "Supplier", "supplier", width=28),
        Col("cpv", "CPV Code", "cpv", width=12),
        Col("cert", "Certification", "label_text", width=22),
        Col("coo", "Country of Origin", "origin", width=16),
    ]
    rows = [
        ("PO-25-0101", "2025-02-10", 1, "Football size 5, FIFA Quality, Fairtrade", 40, "EA", 24.50, "Sport-Scholz e.K.", "37451700-1", "Fairtrade", "Pakistan"),
        ("PO-25-0101", "2025-02-10", 2, "Handball size 2", 20, "EA", 19.80, "Sport-Scholz e.K.", "37451900-3", None, "Pakistan"),
        ("PO-25-0102", "2025-02-18", 1, "Team jerseys youth, 100% cotton", 60, "EA", 12.90, "Textil-Fair eG", "18412200-2", "Fairtrade Cotton", "India"),
        ("PO-25-0103", "2025-03-05", 1, "Goal nets 7.32 x 2.44 m", 2, "PR", 189.00, "Sportplatzbau Nord GmbH", "37451000-4", None, "Germany"),
        ("PO-25-0104", "2025-03-19", 1, "Trophies and medals, club championship", 1, "LS", 640.00, "Pokale Richter", "18530000-3", None, "China"),
        ("PO-25-0105", "2025-04-07", 1, "Lawn fertiliser, sports turf, 25 kg", 16, "BAG", 46.00, "Gärtnerei Blumen-Krause", None, None, "Netherlands"),
        ("PO-25-0106", "2025-04-28", 1, "Volleyball indoor", 12, "EA", 29.90, "Sport-Scholz e.K.", "37452900-0", "Fair Trade USA", "Pakistan"),
        ("PO-25-0107", "2025-05-12", 1, "Training bibs, polyester", 50, "EA", 3.40, "Sport-Scholz e.K.", "18412000-0", "OEKO-TEX Standard 100", "Bangladesh"),
        ("PO-25-0108", "2025-06-02", 1, "Coffee for club house, organic, 1 kg", 5, "KG", 16.90, "Weltladen Musterhausen e.V.", "15861000-1", "Naturland Fair, organic", "Honduras"),
    ]
    recs = [It(document_number=po, purchase_date=D(d), description=a, quantity=q, unit=u, unit_price=p,
               supplier=s, cpv=c, label_text=l, origin=o, extra={"line": ln})
            for po, d, ln, a, q, u, p, s, c, l, o in rows]
    wb = new_openpyxl()
    ws = wb.active
    ws.title = "PO Lines"
    placed = ox_table(ws, cols, recs, header_row=1)
    ws.auto_filter.ref = f"A1:L{len(rows) + 1}"
    ws.freeze_panes = "A2"
    save_openpyxl(wb, name)
    add({"file": name, "format": "xlsx", "expect": "read",
         "imitates": "Sportamt: PO lines exported from an English-language procurement platform",
         "tests": ["English headers (PO Number, PO Date, Description, Quantity, UoM, Unit Price (EUR), Line Total (EUR), Supplier, CPV Code, Certification, Country of Origin)",
                   "English country names", "autofilter, frozen header"],
         "sheets": [sheet_exp("PO Lines", 1, cols, placed)]})


# =========================================================================== 18
def f18():
    name = "18_jugendamt_zahlen_als_text.xlsx"
    cols = [
        Col("desc", "Artikelbezeichnung", "description", width=40),
        Col("qty", "Menge", "quantity", width=14, note="number and unit in one text cell ('10 Stück'); unit given per row"),
        Col("ep", "Einzelpreis", "unit_price", width=13),
        Col("gp", "Gesamtbetrag", "amount", width=13),
        Col("lief", "Lieferant", "supplier", width=28),
        Col("zert", "Zertifikat", "label_text", width=18),
        Col("urs", "Ursprung", "origin", width=22),
        Col("dat", "Bestelldatum", "purchase_date", width=13),
    ]
    rows = [
        ("Holzpuzzle Bauernhof, 12 Teile", "10 Stück", 10, "Stück", "12,90 €", 12.90, "129,00 €", 129.00, "Spielwaren Lindner OHG", "spiel gut", "Deutschland (DE)", "13.01.2025"),
        ("Stoffpuppe, Bio-Baumwolle", "8 Stk.", 8, "Stk.", "24,50 €", 24.50, "196,00 €", 196.00, "Spielwaren Lindner OHG", "GOTS", "Indien (IN)", "13.01.2025"),
        ("Bälle-Set Kita (Softbälle)", "3 Sets", 3, "Sets", "34,90 €", 34.90, "104,70 €", 104.70, "Sport-Scholz e.K.", None, "China (CN)", "27.01.2025"),
        ("Fingerfarben 6×750 ml", "12", 12, None, "18,75", 18.75, "225,00", 225.00, "Bürobedarf Schmitz KG", None, "Italien", "10.02.2025"),
        ("Sand für Sandkasten", "2,5 t", 2.5, "t", "EUR 48,00", 48.00, "EUR 120,00", 120.00, "Baustoffe Krämer GmbH", None, "Deutschland", "24.02.2025"),
        ("Kinderbettwäsche Krippe", "20 Garnituren", 20, "Garnituren", "19,90 €", 19.90, "398,00 €", 398.00, "Textil-Fair eG", "Fairtrade Cotton", "Pakistan (PK)", "10.03.2025"),
        ("Bobbycar rot", "4 Stk", 4, "Stk", "49,99 €", 49.99, "199,96 €", 199.96, "Spielwaren Lindner OHG", None, "Deutschland", "31.03.2025"),
        ("Kletterturm Außenbereich inkl. Montage", "1", 1, None, "4.850,00 €", 4850.00, "4.850,00 €", 4850.00, "Spielplatzbau Nord GmbH", None, "Deutschland", "14.04.2025"),
        ("Bananen Bio, Frühstück Kita", "15 kg", 15, "kg", "2,10 €", 2.10, "31,50 €", 31.50, "Fruchthof Westend GmbH", "Fairtrade, Bio", "Dominikanische Republik", "14.04.2025"),
        ("Gutschrift Bobbycar (defekt)", "-1 Stk", -1, "Stk", "49,99 €", 49.99, "-49,99 €", -49.99, "Spielwaren Lindner OHG", None, None, "22.04.2025"),
    ]
    recs = []
    for a, qraw, q, u, epraw, ep, gpraw, gp, s, z, o, d in rows:
        vals = dict(description=a, quantity=q, unit_price=ep, amount=gp, supplier=s, label_text=z, origin=o,
                    purchase_date=dt.datetime.strptime(d, "%d.%m.%Y").date())
        vals["unit"] = u          # null where the cell holds only a number
        recs.append(It(raw={"qty": qraw, "ep": epraw, "gp": gpraw, "dat": d}, **vals,
                       acceptable=({"origin": [o.split(" (")[0]]} if o and "(" in o else None)))
    wb = new_openpyxl()
    ws = wb.active
    ws.title = "Kitas 2025"
    ws["A1"] = "Jugendamt – Spielzeug und Ausstattung Kitas 2025"
    ws["A1"].font = Font(bold=True, size=13)
    placed = ox_table(ws, cols, recs, header_row=2)
    save_openpyxl(wb, name)
    add({"file": name, "format": "xlsx", "expect": "read",
         "imitates": "Jugendamt: list pasted from e-mails, every value stored as text",
         "tests": ["ALL cells are text: '12,90 €', 'EUR 48,00', '4.850,00 €', '-49,99 €', '13.01.2025'",
                   "quantity with unit in one cell ('10 Stück', '2,5 t', '-1 Stk')",
                   "'Zertifikat' and 'Ursprung' headers; origin with ISO code in brackets"],
         "sheets": [sheet_exp("Kitas 2025", 2, cols, placed,
                              preamble=[(1, "title", "Jugendamt – Spielzeug und Ausstattung Kitas 2025")])]})


# =========================================================================== 19 (.xls)
def f19():
    import xlwt
    name = "19_bauamt_naturstein_altformat.xls"
    cols = [
        Col("nr", "Lfd."),
        Col("desc", "Material", "description"),
        Col("qty", "Menge", "quantity"),
        Col("me", "ME", "unit"),
        Col("ep", "EP netto", "unit_price"),
        Col("gp", "GP netto", "amount"),
        Col("lief", "Lieferant", "supplier"),
        Col("herk", "Herkunftsland", "origin"),
        Col("nachw", "Nachweis", "label_text"),
        Col("dat", "Bestelldatum", "purchase_date"),
        Col("cpv", "CPV", "cpv"),
    ]
    rows = [
        ("Granitpflaster 9/11 grau, gespalten", 48, "t", 185.00, "Natursteinhandel Rhein-Ruhr GmbH", "China", "XertifiX PLUS", "2025-02-12", "44113130-5"),
        ("Granit-Bordsteine 15x30", 150, "m", 54.00, "Natursteinhandel Rhein-Ruhr GmbH", "Indien", "Fair Stone", "2025-02-12", "44912400-0"),
        ("Basaltpflaster 10/12", 20, "t", 240.00, "Basalt-Union Eifel GmbH", "Deutschland", "-", "2025-03-03", "44113130-5"),
        ("Natursteinplatten Granit 60x40x4, geflammt", 220, "m²", 58.50, "Steinimport Nord GmbH", "Vietnam", "IGEP", "2025-03-20", "44113120-2"),
        ("Kalksteinplatten", 90, "m²", 72.00, "Steinimport Nord GmbH", "Portugal", "EU-Herkunft", "2025-04-08", "44911000-9"),
        ("Granit-Stufen Treppenanlage Rathaus", 14, "Stk", 385.00, "Steinmetz Becker GmbH", "Indien", "WiN=WiN Fair Stone", "2025-05-15", "44912100-7"),
        ("Pflasterklinker rot (Ziegel)", 30, "m²", 38.00, "Baustoffe Krämer GmbH", "Deutschland", None, "2025-05-15", "44111100-2"),
        ("Granit-Findlinge Kreisverkehr", 6, "t", 160.00, "Natursteinhandel Rhein-Ruhr GmbH", "Norwegen", "keine", "2025-06-02", "44912100-7"),
        ("Sandstein-Mauerabdeckung", 45, "m", 96.00, "Natursteinwerk Hoffmann KG", "Deutschland", None, "2025-06-30", "44912200-8"),
    ]
    recs = [It(description=a, quantity=q, unit=u, unit_price=p, supplier=s, origin=o, label_text=l,
               purchase_date=D(d), cpv=c, extra={"nr": i + 1},
               acceptable=({"label_text": [None]} if l == "-" else None))
            for i, (a, q, u, p, s, o, l, d, c) in enumerate(rows)]
    total = r2(sum(r.vals["amount"] for r in recs))
    recs += [blank(), Non("total", "Summe", cells={"desc": "Summe", "gp": total})]
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Tabelle1")
    bold = xlwt.easyxf("font: bold on")
    money = xlwt.easyxf(num_format_str="#,##0.00")
    date = xlwt.easyxf(num_format_str="DD.MM.YYYY")
    ws.write_merge(0, 0, 0, 10, "Stadt Musterhausen – Bauamt – Natursteinbeschaffung 2025",
                   xlwt.easyxf("font: bold on, height 280"))
    for j, c in enumerate(cols):
        ws.write(2, j, c.header, bold)
    placed, r = [], 3
    for rec in recs:
        r += 1
        cells = ({j: cell_raw(rec, c) for j, c in enumerate(cols)} if isinstance(rec, It)
                 else non_cells(rec, cols))
        for j, v in cells.items():
            if v is None:
                continue
            key = cols[j].key
            if isinstance(v, dt.date):
                ws.write(r - 1, j, dt.datetime(v.year, v.month, v.day), date)
            elif key in ("ep", "gp") and isinstance(v, (int, float)):
                ws.write(r - 1, j, v, bold if isinstance(rec, Non) else money)
            else:
                ws.write(r - 1, j, v, bold if isinstance(rec, Non) else xlwt.Style.default_style)
        placed.append((r, rec, None))
    wb.save(str(OUT / name))
    add({"file": name, "format": "xls", "expect": "read",
         "imitates": "Bauamt: legacy Excel 97-2003 workbook (.xls, BIFF8)",
         "tests": ["old .xls format", "merged title row, header in row 3", "natural stone with origin and evidence texts",
                   "blank row and 'Summe'"],
         "sheets": [sheet_exp("Tabelle1", 3, cols, placed,
                              preamble=[(1, "title", "Stadt Musterhausen – Bauamt – Natursteinbeschaffung 2025"),
                                        (2, "blank", "")])]})


# =========================================================================== 20 (.ods, hand-written)
def _xml(s: str) -> str:
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;"))


def ods_cell(v, kind=None):
    if v is None:
        return "<table:table-cell/>"
    if isinstance(v, dt.date):
        return (f'<table:table-cell office:value-type="date" office:date-value="{v.isoformat()}" '
                f'table:style-name="cedate"><text:p>{de_date(v)}</text:p></table:table-cell>')
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        if kind == "eur":
            return (f'<table:table-cell office:value-type="currency" office:currency="EUR" office:value="{v}" '
                    f'table:style-name="ceeur"><text:p>{de_num(v)} €</text:p></table:table-cell>')
        return (f'<table:table-cell office:value-type="float" office:value="{v}">'
                f'<text:p>{de_qty(v)}</text:p></table:table-cell>')
    return f'<table:table-cell office:value-type="string"><text:p>{_xml(str(v))}</text:p></table:table-cell>'


def write_ods(path: Path, sheets):
    """sheets: list of (name, rows) with rows = list of lists of (value, kind)."""
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
          'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"')
    styles = ('<office:automatic-styles>'
              '<number:date-style style:name="N37"><number:day number:style="long"/><number:text>.</number:text>'
              '<number:month number:style="long"/><number:text>.</number:text><number:year number:style="long"/></number:date-style>'
              '<number:currency-style style:name="N108"><number:number number:decimal-places="2" number:min-integer-digits="1" number:grouping="true"/>'
              '<number:text> </number:text><number:currency-symbol>€</number:currency-symbol></number:currency-style>'
              '<style:style style:name="cedate" style:family="table-cell" style:data-style-name="N37"/>'
              '<style:style style:name="ceeur" style:family="table-cell" style:data-style-name="N108"/>'
              '</office:automatic-styles>')
    body = []
    for sname, rows in sheets:
        ncols = max(len(r) for r in rows)
        body.append(f'<table:table table:name="{_xml(sname)}"><table:table-column table:number-columns-repeated="{ncols}"/>')
        for r in rows:
            if not any(v is not None for v, _ in r):
                body.append(f'<table:table-row><table:table-cell table:number-columns-repeated="{ncols}"/></table:table-row>')
                continue
            body.append("<table:table-row>" + "".join(ods_cell(v, k) for v, k in r) + "</table:table-row>")
        body.append("</table:table>")
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2">'
               f'{styles}<office:body><office:spreadsheet>{"".join(body)}</office:spreadsheet></office:body>'
               f'</office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>'
                '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" manifest:version="1.2" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '</manifest:manifest>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        zi = zipfile.ZipInfo("mimetype", date_time=(2026, 1, 5, 9, 0, 0))
        zi.compress_type = zipfile.ZIP_STORED
        z.writestr(zi, "application/vnd.oasis.opendocument.spreadsheet")
        for n, data in (("content.xml", content), ("META-INF/manifest.xml", manifest)):
            zi = zipfile.ZipInfo(n, date_time=(2026, 1, 5, 9, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data.encode("utf-8"))
    path.write_bytes(buf.getvalue())


def f20():
    name = "20_friedhof_grabmale.ods"
    cols = [
        Col("desc", "Artikel", "description"),
        Col("qty", "Anzahl", "quantity"),
        Col("unit", "Einheit", "unit"),
        Col("ep", "Preis/Stück", "unit_price"),
        Col("gp", "Gesamt", "amount"),
        Col("lief", "Steinmetz / Lieferant", "supplier"),
        Col("herk", "Herkunftsland des Steins", "origin"),
        Col("nachw", "Nachweis nach § 4a BestG NRW", "label_text"),
        Col("dat", "Auftragsdatum", "purchase_date"),
    ]
    rows = [
        ("Grabstein Granit Impala, poliert, 60x40x12", 2, "Stk", 890.00, "Steinmetz Becker GmbH", "Südafrika", "Zertifikat XertifiX Nr. XT-2025-1187", "2025-01-21"),
        ("Liegestein Kriegsgräberstätte, Granit grau", 12, "Stk", 420.00, "Steinmetzbetrieb Yılmaz", "Indien", "Fair Stone", "2025-02-04"),
        ("Grabplatte Basalt mit Inschrift", 1, "Stk", 1240.00, "Natursteinwerk Hoffmann KG", "Deutschland", "Nachweis nicht erforderlich (Herkunft EU)", "2025-02-25"),
        ("Grabeinfassung Kalkstein", 3, "Satz", 360.00, "Steinmetz Becker GmbH", "China", "Eigenerklärung Lieferant", "2025-03-18"),
        ("Stele Gabbro schwarz", 1, "Stk", 1590.00, "Steinmetzbetrieb Yılmaz", "Indien", None, "2025-04-09"),
        ("Urnenwandplatte Marmor", 8, "Stk", 145.00, "Steinmetz Becker GmbH", "Italien", None, "2025-05-13"),
        ("Inschrift nachträglich (Dienstleistung)", 5, "Stk", 95.00, "Steinmetzbetrieb Yılmaz", None, None, "2025-05-13"),
        None,
        ("Grabstein Granit, Kindergrab", 1, "Stk", 680.00, "Steinmetz Becker GmbH", "Vietnam", "XertifiX PLUS", "2025-06-24"),
    ]
    recs = []
    for row in rows:
        if row is None:
            recs.append(blank())
            continue
        a, q, u, p, s, o, l, d = row
        recs.append(It(description=a, quantity=q, unit=u, unit_price=p, supplier=s, origin=o, label_text=l,
                       purchase_date=D(d)))
    total = r2(sum(r.vals["amount"] for r in recs if isinstance(r, It)))
    recs.append(Non("total", "Summe", cells={"desc": "Summe", "gp": total}))
    kinds = {"ep": "eur", "gp": "eur"}
    sheet_rows = [[("Friedhofsamt – Grabmale und Grabausstattung (Ehrengräber, Kriegsgräber)", None)] + [(None, None)] * 8,
                  [(c.header, None) for c in cols]]
    placed, r = [], 2
    for rec in recs:
        r += 1
        if isinstance(rec, It):
            sheet_rows.append([(cell_raw(rec, c), kinds.get(c.key)) for c in cols])
        else:
            m = non_cells(rec, cols)
            sheet_rows.append([(m.get(j), kinds.get(c.key)) for j, c in enumerate(cols)])
        placed.append((r, rec, None))
    write_ods(OUT / name, [("Grabmale 2025", sheet_rows)])
    add({"file": name, "format": "ods", "expect": "read",
         "imitates": "Friedhofsamt: LibreOffice Calc list (OpenDocument spreadsheet)",
         "tests": [".ods format (written by hand: zip + content.xml, no styles.xml)", "currency-typed cells (office:value-type=currency)",
                   "date-typed cells", "title row above header", "gravestones with origin and § 4a BestG NRW evidence text",
                   "blank row in the middle, 'Summe'"],
         "sheets": [sheet_exp("Grabmale 2025", 2, cols, placed,
                              preamble=[(1, "title", "Friedhofsamt – Grabmale und Grabausstattung (Ehrengräber, Kriegsgräber)")])]})


# =========================================================================== 21
def f21():
    name = "21_ordnungsamt_zweizeiliger_kopf.xlsx"
    cols = [
        Col("desc", "Artikel", "description", width=42),
        Col("qty", "Menge", "quantity"),
        Col("me", "ME", "unit"),
        Col("ep", "Preis (€ netto) / je Einheit", "unit_price", numfmt=NUM2, width=12),
        Col("gp", "Preis (€ netto) / gesamt", "amount", numfmt=NUM2, width=12),
        Col("lief", "Lieferant", "supplier", width=32),
        Col("nachw", "Nachweis", "label_text", width=30),
        Col("bdat", "Datum / Bestellung", "purchase_date", numfmt=DATE, width=12),
        Col("rdat", "Datum / Rechnung", numfmt=DATE, width=12, note="invoice date; purchase_date comes from 'Datum / Bestellung'"),
    ]
    rows = [
        ("Dienstjacke Softshell, Aufdruck Ordnungsamt", 12, "Stk", 98.00, "Berufsbekleidung Hansen GmbH", "Fair Wear Foundation (Mitglied)", "2025-01-15", "2025-02-03"),
        ("Poloshirt Bio-Baumwolle", 24, "Stk", 18.50, "Textil-Fair eG", "GOTS, Fairtrade Cotton", "2025-01-15", "2025-02-03"),
        ("Einsatzstiefel S3", 12, "Paar", 129.00, "Arbeitsschutz Müller GmbH & Co. KG", None, "2025-02-10", "2025-02-26"),
        ("Warnschutzweste Kl. 2", 30, "Stk", 6.90, "Arbeitsschutz Müller GmbH & Co. KG", "OEKO-TEX Standard 100", "2025-02-10", "2025-02-26"),
        ("Diensthandschuhe Leder", 24, "Paar", 16.40, "Arbeitsschutz Müller GmbH & Co. KG", None, "2025-03-04", "2025-03-20"),
        ("Regenjacke", 12, "Stk", 74.00, "Berufsbekleidung Hansen GmbH", "Grüner Knopf", "2025-03-04", "2025-03-25"),
        ("Thermopapierrollen Verwarngeldgerät", 500, "Rolle", 0.89, "Bürobedarf Schmitz KG", None, "2025-04-01", "2025-04-15"),
    ]
    recs = [It(description=a, quantity=q, unit=u, unit_price=p, supplier=s, label_text=l, purchase_date=D(bd),
               extra={"rdat": D(rd)}) for a, q, u, p, s, l, bd, rd in rows]
    wb = new_openpyxl()
    ws = wb.active
    ws.title = "Dienstkleidung"
    ws["A1"] = "Ordnungsamt – Dienstkleidung und Ausrüstung 2025"
    ws["A1"].font = Font(bold=True, size=13)
    top = {1: "Artikel", 2: "Menge", 3: "ME", 4: "Preis (€ netto)", 6: "Lieferant", 7: "Nachweis", 8: "Datum"}
    sub = {4: "je Einheit", 5: "gesamt", 8: "Bestellung", 9: "Rechnung"}
    for c, t in top.items():
        ws.cell(row=3, column=c, value=t).font = BOLD
    for c, t in sub.items():
        ws.cell(row=4, column=c, value=t).font = BOLD
    for rng in ("A3:A4", "B3:B4", "C3:C4", "D3:E3", "F3:F4", "G3:G4", "H3:I3"):
        ws.merge_cells(rng)
    for row in ws["A3:I4"]:
        for c in row:
            c.alignment = Alignment(horizontal="center", vertical="center")
            c.fill = HEAD_FILL
    placed = ox_table(ws, cols, recs, header_row=4, header=False)
    for i, c in enumerate(cols):
        if c.width:
            ws.column_dimensions[get_column_letter(i + 1)].width = c.width
    ws.freeze_panes = "A5"
    save_openpyxl(wb, name)
    add({"file": name, "format": "xlsx", "expect": "read",
         "imitates": "Ordnungsamt: list with a two-row header (merged group headers above sub-headers)",
         "tests": ["two-row header in rows 3-4: 'Preis (€ netto)' over 'je Einheit' / 'gesamt', 'Datum' over 'Bestellung' / 'Rechnung'",
                   "vertically merged header cells A3:A4, B3:B4, …", "purchase_date from 'Datum / Bestellung', not 'Rechnung'"],
         "sheets": [sheet_exp("Dienstkleidung", 4, cols, placed, header_rows=[3, 4],
                              preamble=[(1, "title", "Ordnungsamt – Dienstkleidung und Ausrüstung 2025"), (2, "blank", "")])],
         "notes": ["Column headers in 'columns' are written as 'upper / lower' header text."]})


# =========================================================================== 22
def f22():
    name = "22_tiefbauamt_druckliste_wiederholte_kopfzeilen.csv"
    cols = [
        Col("dat", "Datum", "purchase_date", fmt=de_date),
        Col("beleg", "Belegnr.", "document_number"),
        Col("desc", "Artikelbezeichnung", "description"),
        Col("qty", "Menge", "quantity", fmt=de_qty),
        Col("me", "ME", "unit"),
        Col("ep", "EP", "unit_price", fmt=de_num),
        Col("betrag", "Betrag", "amount", fmt=de_num),
        Col("lief", "Lieferant", "supplier"),
    ]
    p1 = [
        ("2025-01-13", "TB-001", "Asphaltmischgut AC 11 DS", 35, "t", 98.00, "Asphaltwerk Ruhr GmbH"),
        ("2025-01-20", "TB-002", "Pflastersteine Granit 8/11", 22, "t", 186.00, "Natursteinhandel Rhein-Ruhr GmbH"),
        ("2025-02-03", "TB-003", "Bordsteine Beton 15/25", 200, "m", 12.40, "Betonwerk Lippe GmbH"),
        ("2025-02-10", "TB-004", "Verkehrszeichen 206 (Halt)", 6, "Stk", 84.00, "Verkehrstechnik Meier"),
        ("2025-02-17", "TB-005", "Leitpfosten", 80, "Stk", 9.60, "Verkehrstechnik Meier"),
        ("2025-03-03", "TB-006", "Markierungsfarbe weiß 25 kg", 12, "Eimer", 118.00, "Verkehrstechnik Meier"),
        ("2025-03-10", "TB-007", "Arbeitshandschuhe (Pack 12 Paar)", 10, "Pck", 28.80, "Arbeitsschutz Müller GmbH & Co. KG"),
        ("2025-03-24", "TB-008", "Granit-Rinnenplatten 3-zeilig", 60, "m", 41.00, "Natursteinhandel Rhein-Ruhr GmbH"),
    ]
    p2 = [
        ("2025-04-07", "TB-009", "Streusalz lose", 40, "t", 79.00, "Salzkontor Nord"),
        ("2025-04-14", "TB-010", "Schachtabdeckung D400", 5, "Stk", 310.00, "Guss & Kanal GmbH"),
        ("2025-04-28", "TB-011", "Kaffee Bauhof-Pause 1 kg, Fairtrade", 6, "kg", 15.90, "Kaffeerösterei Weber GmbH"),
        ("2025-05-12", "TB-012", "Betonpflaster grau 20/10/8", 180, "m²", 16.50, "Betonwerk Lippe GmbH"),
        ("2025-05-26", "TB-013", "Poller Edelstahl", 8, "Stk", 265.00, "Stadtmöbel GmbH"),
        ("2025-06-09", "TB-014", "Basaltsplitt 2/5", 15, "t", 44.00, "Baustoffe Krämer GmbH"),
    ]
    mk = lambda rows: [It(purchase_date=D(d), document_number=b, description=a, quantity=q, unit=u, unit_price=p,
                          supplier=s) for d, b, a, q, u, p, s in rows]
    i1, i2 = mk(p1), mk(p2)
    s1 = r2(sum(r.vals["amount"] for r in i1))
    s2 = r2(s1 + sum(r.vals["amount"] for r in i2))
    title = Non("page_header", "Stadt Musterhausen – Tiefbauamt", cells={"dat": "Stadt Musterhausen – Tiefbauamt"})
    recs = (i1 + [
        Non("subtotal", "Übertrag", cells={"desc": "Übertrag", "betrag": de_num(s1)},
            note="carry-over at the bottom of page 1"),
        Non("page_footer", "Seite 1 von 2", cells={"dat": "Seite 1 von 2"}),
        Non("blank", "", line=""),
        title,
        Non("page_header", "Bestellliste 2025 … Seite 2", cells={"dat": "Bestellliste 2025", "lief": "Seite 2"}),
        Non("repeated_header", "header repeated on page 2", cells=[c.header for c in cols]),
        Non("subtotal", "Übertrag", cells={"desc": "Übertrag", "betrag": de_num(s1)},
            note="carry-over at the top of page 2 (same amount again — counting it would double the spend)"),
    ] + i2 + [
        Non("total", "Gesamtsumme", cells={"ep": "Gesamtsumme", "betrag": de_num(s2)}),
        Non("page_footer", "Seite 2 von 2", cells={"dat": "Seite 2 von 2"}),
    ])
    pre = [title, Non("page_header", "Bestellliste 2025 … Seite 1", cells={"dat": "Bestellliste 2025", "lief": "Seite 1"})]
    placed, preamble, hl = build_csv(name, cols, recs, delim=";", pre=pre)
    add({"file": name, "format": "csv", "encoding": "utf-8", "delimiter": ";", "expect": "read",
         "imitates": "Tiefbauamt: 'print list' report exported as CSV, with page headers, carry-overs and page footers",
         "tests": ["header on line 3 after two page-header lines", "page break in the middle: 'Übertrag', 'Seite 1 von 2', empty line, page header again, header line REPEATED, 'Übertrag' again",
                   "'Gesamtsumme' with the label in the EP column", "'Seite 2 von 2'"],
         "sheets": [sheet_exp(None, hl, cols, placed, preamble=preamble)]})


# =========================================================================== 23
def f23():
    name = "23_hauptamt_pivot_blatt_zuerst.xlsx"
    cols = [
        Col("dat", "Datum", "purchase_date", numfmt=DATE, width=11),
        Col("lief", "Lieferant", "supplier", width=30),
        Col("desc", "Artikel", "description", width=42),
        Col("qty", "Menge", "quantity"),
        Col("unit", "Einheit", "unit"),
        Col("ep", "Einzelpreis", "unit_price", numfmt=EUR),
        Col("gp", "Gesamt", "amount", numfmt=EUR),
        Col("siegel", "Siegel", "label_text", width=16),
    ]
    rows = [
        ("2025-01-09", "Kaffeerösterei Weber GmbH", "Kaffee Bohne 1 kg, Fairtrade", 10, "kg", 16.20, "Fairtrade"),
        ("2025-01-09", "Teehaus Nord GmbH", "Tee-Sortiment 6x20 Btl.", 8, "Pck.", 9.40, "Bio"),
        ("2025-02-12", "Bürobedarf Schmitz KG", "Kopierpapier A4 Recycling", 150, "Pck.", 4.10, "Blauer Engel"),
        ("2025-02-12", "Bürobedarf Schmitz KG", "Ordner A4 8 cm, Recyclingkarton", 120, "Stk", 2.35, "Blauer Engel"),
        ("2025-03-06", "Blumenhaus Grünfink", "Blumengesteck Ratssaal", 4, "Stk", 65.00, None),
        ("2025-04-15", "IT-Systemhaus Westfalen GmbH", "Monitor 27 Zoll", 6, "Stk", 219.00, "TCO Certified"),
        ("2025-05-20", "Weltladen Musterhausen e.V.", "Gastgeschenke: Schokolade fair", 40, "Stk", 3.20, "Fairtrade"),
        ("2025-06-03", "Gebäudeservice Glanz GmbH", "Fensterreinigung Rathaus", 1, "Pausch.", 1380.00, None),
        ("2025-07-01", "Kaffeerösterei Weber GmbH", "Kaffee Bohne 1 kg, Fairtrade", 12, "kg", 16.20, "Fairtrade"),
        ("2025-09-16", "Textil-Fair eG", "Stofftaschen mit Stadtlogo, Bio-Baumwolle", 500, "Stk", 2.90, "GOTS"),
    ]
    recs = [It(purchase_date=D(d), supplier=s, description=a, quantity=q, unit=u, unit_price=p, label_text=l)
            for d, s, a, q, u, p, l in rows]
    wb = new_openpyxl()
    piv = wb.active
    piv.title = "Auswertung"
    piv["A1"] = "Jahr"
    piv["B1"] = "2025"
    piv["A3"] = "Zeilenbeschriftungen"
    piv["B3"] = "Summe von Gesamt"
    piv["A3"].font = piv["B3"].font = BOLD
    sums: dict[str, float] = {}
    for r in recs:
        sums[r.vals["supplier"]] = r2(sums.get(r.vals["supplier"], 0) + r.vals["amount"])
    rr = 4
    for s in sorted(sums):
        piv.cell(row=rr, column=1, value=s)
        piv.cell(row=rr, column=2, value=sums[s]).number_format = EUR
        rr += 1
    piv.cell(row=rr, column=1, value="Gesamtergebnis").font = BOLD
    piv.cell(row=rr, column=2, value=r2(sum(sums.values()))).number_format = EUR
    piv.column_dimensions["A"].width = 32
    piv.column_dimensions["B"].width = 18
    ws = wb.create_sheet("Daten")
    placed = ox_table(ws, cols, recs, header_row=1)
    wb.create_sheet("Tabelle3")
    wb.active = 0
    save_openpyxl(wb, name)
    add({"file": name, "format": "xlsx", "expect": "read",
         "imitates": "Hauptamt: workbook whose first (active) sheet is a pivot-style summary; the data sheet is second",
         "tests": ["data on the SECOND sheet 'Daten'", "first sheet 'Auswertung' is a summary by supplier (must not become line items)",
                   "empty third sheet 'Tabelle3'"],
         "sheets": [{"sheet": "Auswertung", "contains": "summary",
                     "expect": f"no line items: pivot-style sums per supplier (rows 4-{rr - 1}) and 'Gesamtergebnis' (row {rr}); counting them would double the spend (acceptable: sheet skipped, or rows reported as not line items)"},
                    sheet_exp("Daten", 1, cols, placed),
                    {"sheet": "Tabelle3", "contains": "empty", "expect": "no rows"}]})


# =========================================================================== 24
def f24():
    name = "24_vergabestelle_waehrungen_und_minus.csv"
    cols = [
        Col("dat", "Datum", "purchase_date", fmt=de_date),
        Col("desc", "Artikel", "description"),
        Col("qty", "Menge", "quantity", fmt=de_qty),
        Col("ep", "Einzelpreis", "unit_price"),
        Col("betrag", "Betrag", "amount"),
        Col("lief", "Lieferant", "supplier"),
        Col("herk", "Herkunft", "origin"),
    ]
    NB, NNB = "\u00a0", "\u202f"
    rows = [
        ("2025-01-07", "Kaffee Bohne 1 kg, Fairtrade", 10, 12.90, 129.00, "€ 12,90", "€ 129,00", "Kaffeerösterei Weber GmbH", "Kolumbien", "'€ ' in front"),
        ("2025-01-07", "Teebeutel Earl Grey (100 St.)", 100, 12.90, 1290.00, "12,90 €", "1.290,00 €", "Teehaus Nord GmbH", "Sri Lanka", "' €' behind, thousands dot"),
        ("2025-01-21", "Tonerkartusche schwarz", 10, 4.50, 45.00, "EUR 4,50", "EUR 45,00", "Bürobedarf Schmitz KG", "China", "'EUR ' in front"),
        ("2025-02-04", "Schreibblöcke A4 Recycling", 250, 4.50, 1125.00, "4,50 EUR", "1.125,00 EUR", "Bürobedarf Schmitz KG", "Deutschland", "' EUR' behind"),
        ("2025-02-18", "Besprechungstisch Eiche", 1, 1234.00, 1234.00, f"1{NB}234,00", f"1{NB}234,00", "Büromöbel Lange GmbH", "Polen", "no-break space U+00A0 as thousands separator"),
        ("2025-03-04", "Besprechungsstühle (Satz à 6)", 2, 1234.00, 2468.00, f"1{NNB}234,00", f"2{NNB}468,00", "Büromöbel Lange GmbH", "Polen", "narrow no-break space U+202F as thousands separator"),
        ("2025-03-18", "Gutschrift Leergut", -1, 12.50, -12.50, "12,50", "-12,50", "Getränke Krüger KG", None, "'-12,50' and negative quantity"),
        ("2025-03-18", "Gutschrift Pfand Kästen", 1, 12.50, -12.50, "12,50", "12,50-", "Getränke Krüger KG", None, "SAP-style trailing minus '12,50-'"),
        ("2025-04-01", "Rückvergütung Bonus 2024", 1, 12.50, -12.50, "12,50", "(12,50)", "Bürobedarf Schmitz KG", None, "accounting brackets '(12,50)'"),
        ("2025-04-01", "Preisminderung Mängelrüge", 1, 12.50, -12.50, "12,50", "\u221212,50", "Büromöbel Lange GmbH", None, "Unicode minus sign U+2212 '−12,50'"),
        ("2025-04-15", "Blumen Jubiläum", 1, 12.5, 12.5, "12,5", "12,5", "Blumenhaus Grünfink", "Kenia", "one decimal '12,5'"),
        ("2025-04-15", "Kugelschreiber, nachfüllbar", 100, 0.99, 99.00, "0,99", "99,00", "Bürobedarf Schmitz KG", "Deutschland", None),
        ("2025-05-06", "Reinigungsdienst Sonderreinigung", 1, 1234.5, 1234.5, "1.234,5", "1.234,5", "Gebäudeservice Glanz GmbH", None, "'1.234,5'"),
        ("2025-05-20", "Storno Sonderreinigung (Teilbetrag)", 1, 25.00, -25.00, "25,00 €", "-25,00 €", "Gebäudeservice Glanz GmbH", None, "'-25,00 €'"),
    ]
    recs = [It(purchase_date=D(d), description=a, quantity=q, unit_price=p, amount=amt, supplier=s, origin=o,
               raw={"ep": epr, "betrag": br}, note=n)
            for d, a, q, p, amt, epr, br, s, o, n in rows]
    placed, pre, hl = build_csv(name, cols, recs, delim=";")
    add({"file": name, "format": "csv", "encoding": "utf-8", "delimiter": ";", "expect": "read",
         "imitates": "Zentrale Vergabestelle: amounts copied from invoices in every possible spelling",
         "tests": ["'€ 12,90', '12,90 €', 'EUR 4,50', '4,50 EUR'", "thousands with U+00A0 and U+202F",
                   "negatives '-12,50', '12,50-', '(12,50)', '−12,50' (U+2212), '-25,00 €'", "'12,5', '1.234,5'"],
         "sheets": [sheet_exp(None, hl, cols, placed)],
         "notes": ["Credit rows keep quantity and unit price as written; only the amount carries the sign (except row 8, where the quantity is -1)."]})


# =========================================================================== 25
def f25():
    name = "25_rechnungsamt_mehrdeutige_zahlen.csv"
    cols = [
        Col("desc", "Artikel", "description"),
        Col("qty", "Menge", "quantity"),
        Col("me", "ME", "unit"),
        Col("ep", "EP", "unit_price"),
        Col("gp", "Gesamt", "amount"),
        Col("lief", "Lieferant", "supplier"),
    ]
    rows = [
        ("Kopierpapier, Einzelblatt-Abrechnung", 5000, "Blatt", 0.0125, 62.50, "5.000", "0,0125", "62,50", False,
         "'5.000' = 5000 (thousands dot); 5000 × 0,0125 = 62,50"),
        ("Briefumschläge C6", 1000, "Stk", 0.045, 45.00, "1.000", "0,045", "45,00", False, "'1.000' = 1000"),
        ("Kugelschreiber Werbedruck", 1234, "Stk", 0.35, 431.90, "1.234", "0,35", "431,90", True,
         "'1.234' could be 1,234 or 1234; in a German list it is 1234 (1234 × 0,35 = 431,90 confirms it)"),
        ("Kaffee Bohne", 1.5, "kg", 18.00, 27.00, "1.5", "18,00", "27,00", True,
         "'1.5' typed with a decimal point in a decimal-comma file: 1,5 kg (a thousands group needs 3 digits; 1,5 × 18 = 27 confirms)"),
        ("Streusalz", 2500, "kg", 0.12, 300.00, "2.500", "0,12", "300,00", False, "'2.500' = 2500"),
        ("Toner Farbe cyan", 4, "Stk", 12.50, 50.00, "4", "12.50", "50,00", True,
         "EP '12.50' typed with a decimal point: 12,50 € (two digits after the dot are decimals; 4 × 12,50 = 50,00)"),
        ("Pflastersand (Wiegeschein)", 1.0, "t", 38.00, 38.00, "1,000", "38,00", "38,00", True,
         "'1,000' in a decimal-comma file = 1,0 t (weighing slip with 3 decimals), not 1000"),
        ("Jahreswartung Kopierer", 1, "Pausch.", 1234.00, 1234.00, "1", "1.234", "1.234", True,
         "'1.234' as a price without decimals: 1.234 € (German reading)"),
    ]
    recs = []
    for a, q, u, p, amt, qr, pr, gr, amb, note in rows:
        recs.append(It(description=a, quantity=q, unit=u, unit_price=p, amount=amt, supplier="Bürobedarf Schmitz KG"
                       if "Kopier" in a or "Brief" in a or "Kugel" in a or "Toner" in a else
                       ("Weltladen Musterhausen e.V." if "Kaffee" in a else "Baustoffe Krämer GmbH"),
                       raw={"qty": qr, "ep": pr, "gp": gr}, note=note, ambiguous=amb))
    placed, pre, hl = build_csv(name, cols, recs, delim=";")
    add({"file": name, "format": "csv", "encoding": "utf-8", "delimiter": ";", "expect": "read",
         "imitates": "Rechnungsamt: hand-typed list with ambiguous number spellings",
         "tests": ["'5.000', '1.000', '2.500' as thousands", "'1.234' ambiguous", "'1.5' and '12.50' with decimal point in a decimal-comma file",
                   "'1,000' meaning 1,0", "'0,0125' unit price with four decimals", "'1.234' as an amount without decimals"],
         "sheets": [sheet_exp(None, hl, cols, placed)],
         "notes": ["Every ambiguous row is consistent (quantity × unit price = amount) under the reading given, so a reader can cross-check."]})


# =========================================================================== 26
def f26():
    name = "26_kaemmerei_netto_brutto_kreditor.xlsx"
    cols = [
        Col("pos", "Pos"),
        Col("desc", "Bezeichnung", "description", width=40),
        Col("qty", "Menge", "quantity"),
        Col("me", "ME", "unit"),
        Col("ep", "EP netto", "unit_price", numfmt=NUM2),
        Col("gp", "GP netto", "amount", numfmt=NUM2, note="net amount; the gross amount 'GP brutto' is acceptable"),
        Col("ust", "USt %"),
        Col("ustb", "USt-Betrag", numfmt=NUM2),
        Col("gpb", "GP brutto", numfmt=NUM2, note="gross amount (acceptable as amount)"),
        Col("kred", "Kreditor", "supplier", width=36, note="vendor number and name in one cell"),
        Col("dat", "Rechnungsdatum", "purchase_date", numfmt=DATE, note="only date column"),
        Col("beleg", "Belegnr.", "document_number"),
    ]
    rows = [
        ("Jahreslizenz Finanzsoftware", 1, "Lizenz", 12400.00, 19, "70155 KommunalSoft GmbH", "2025-01-31", "RE-25-0001"),
        ("Kaffee Sitzungsdienst Fairtrade 1 kg", 8, "kg", 15.00, 7, "70012 Weltladen Musterhausen e.V.", "2025-02-14", "RE-25-0044"),
        ("Kopierpapier A4", 80, "Pck", 4.00, 19, "70023 Bürobedarf Schmitz KG", "2025-02-20", "RE-25-0051"),
        ("Aktenvernichtung (Dienstleistung)", 1, "Pausch.", 340.00, 19, "70188 Datenschutz-Entsorgung West", "2025-03-12", "RE-25-0077"),
        ("Blumen Verabschiedung Kämmerer", 1, "Stk", 56.00, 7, "70201 Blumenhaus Grünfink", "2025-03-28", "RE-25-0093"),
        ("Gutschrift Kopierpapier (Falschlieferung)", -10, "Pck", 4.00, 19, "70023 Bürobedarf Schmitz KG", "2025-04-02", "GS-25-0003"),
        ("Tischkalender 2026", 60, "Stk", 3.00, 19, "70023 Bürobedarf Schmitz KG", "2025-10-15", "RE-25-0412"),
        ("Sonderreinigung Sitzungssaal", 1, "Pausch.", 210.00, 19, "70301 Gebäudeservice Glanz GmbH", "2025-11-04", "RE-25-0455"),
    ]
    recs = []
    sums = [0.0, 0.0, 0.0]
    for i, (a, q, u, p, vat, k, d, b) in enumerate(rows):
        net = r2(q * p)
        tax = r2(net * vat / 100)
        gross = r2(net + tax)
        sums = [r2(sums[0] + net), r2(sums[1] + tax), r2(sums[2] + gross)]
        recs.append(It(description=a, quantity=q, unit=u, unit_price=p, amount=net, supplier=k,
                       purchase_date=D(d), document_number=b,
                       acceptable={"amount": [gross], "supplier": [k.split(" ", 1)[1]]},
                       extra={"pos": i + 1, "ust": vat, "ustb": tax, "gpb": gross}))
    recs += [Non("total", "Summe", cells={"desc": "Summe", "gp": sums[0], "ustb": sums[1], "gpb": sums[2]})]
    wb = new_openpyxl()
    ws = wb.active
    ws.title = "Rechnungen 2025"
    placed = ox_table(ws, cols, recs, header_row=1)
    save_openpyxl(wb, name)
    add({"file": name, "format": "xlsx", "expect": "read",
         "imitates": "Kämmerei: invoice list with net, VAT and gross",
         "tests": ["net and gross amount columns side by side (EP netto, GP netto, USt %, USt-Betrag, GP brutto)",
                   "'Kreditor' holding '70155 KommunalSoft GmbH' (number + name)", "credit with negative quantity",
                   "'Rechnungsdatum' as the only date", "'Belegnr.'"],
         "sheets": [sheet_exp("Rechnungen 2025", 1, cols, placed)]})


# =========================================================================== 27
def f27():
    name = "27_bauhof_arbeitskleidung_verbundene_zellen.xlsx"
    cols = [
        Col("pos", "Pos"),
        Col("desc", "Artikel", "description", width=40),
        Col("gr", "Größe"),
        Col("qty", "Menge", "quantity"),
        Col("ep", "EP netto", "unit_price", numfmt=EUR, width=11),
        Col("gp", "GP netto", "amount", numfmt=EUR, width=12),
        Col("lief", "Lieferant", "supplier", width=30, note="vertically merged over each order group"),
        Col("siegel", "Siegel/Nachweis", "label_text", width=30),
        Col("dat", "Bestelldatum", "purchase_date", numfmt=DATE, width=12, note="vertically merged over each order group"),
    ]
    groups = [
        ("Berufsbekleidung Hansen GmbH", "2025-03-12", [
            ("Warnschutz-Bundhose orange, EN ISO 20471", "50", 10, 54.90, "Fair Wear Foundation (Mitglied)"),
            ("Warnschutz-Parka, Kl. 3", "XL", 10, 119.00, "Fair Wear Foundation (Mitglied)"),
            ("T-Shirt Warnschutz gelb", "L", 30, 12.90, "OEKO-TEX Standard 100"),
            ("Arbeitsjacke Bundjacke grau", "52", 10, 49.90, None)]),
        ("Textil-Fair eG", "2025-04-07", [
            ("Poloshirt Bio-Baumwolle, Stadtlogo", "M", 25, 19.80, "GOTS, Fairtrade Cotton"),
            ("Sweatshirt Bio-Baumwolle", "L", 20, 29.50, "Grüner Knopf"),
            ("Cap mit Logo", "-", 40, 6.20, "keins")]),
        ("Arbeitsschutz Müller GmbH & Co. KG", "2025-05-19", [
            ("Sicherheitsschuhe S3", "43", 10, 84.00, None)]),
    ]
    recs, merges, pos = [], [], 0
    r = 3
    for sup, d, items in groups:
        first = r + 1
        for k, (a, g, q, p, l) in enumerate(items):
            pos += 1
            r += 1
            raw = {} if k == 0 else {"lief": EMPTY, "dat": EMPTY}
            note = None if k == 0 else "supplier and date come from the merged cell above (what the user sees)"
            recs.append(It(description=a, quantity=q, unit_price=p, supplier=sup, label_text=l, purchase_date=D(d),
                           raw=raw, note=note, extra={"pos": pos, "gr": g}))
        if len(items) > 1:
            merges += [f"G{first}:G{r}", f"I{first}:I{r}"]
    total = r2(sum(x.vals["amount"] for x in recs))
    recs += [blank(), Non("total", "Summe", cells={"desc": "Summe", "gp": total})]
    wb = new_openpyxl()
    ws = wb.active
    ws.title = "Arbeitskleidung"
    ws["A1"] = "Bauhof Musterhausen – Arbeitskleidung 2025"
    ws["A1"].font = Font(bold=True, size=13)
    placed = ox_table(ws, cols, recs, header_row=3, borders=True)
    for m in merges:
        ws.merge_cells(m)
        ws[m.split(":")[0]].alignment = Alignment(vertical="center")
    ws.freeze_panes = "A4"
    save_openpyxl(wb, name)
    add({"file": name, "format": "xlsx", "expect": "read",
         "imitates": "Bauhof: workwear order list with the supplier and order date merged per order",
         "tests": ["vertically merged supplier and date cells (G4:G7, I4:I7, G8:G10, I8:I10): only the top cell holds the value",
                   "'Größe' column (sizes like '50', 'XL', '-') that is not a quantity",
                   "textile labels (Fair Wear, GOTS, OEKO-TEX, Grüner Knopf, 'keins')"],
         "sheets": [sheet_exp("Arbeitskleidung", 3, cols, placed,
                              preamble=[(1, "title", "Bauhof Musterhausen – Arbeitskleidung 2025"), (2, "blank", "")])]})


# =========================================================================== 28
def f28():
    name = "28_schulverwaltung_titelzeilen_fusszeile.csv"
    cols = [
        Col("nr", "Lfd. Nr."),
        Col("desc", "Artikel", "description"),
        Col("qty", "Anz.", "quantity", fmt=de_qty),
        Col("unit", "Einheit", "unit"),
        Col("ep", "Preis je Einheit", "unit_price", fmt=de_num),
        Col("gp", "Betrag", "amount", fmt=de_num),
        Col("firma", "Firma", "supplier"),
        Col("nachw", "Nachweis", "label_text"),
        Col("dat", "Datum", "purchase_date", fmt=de_date),
    ]
    rows = [
        ("Whiteboard 120x90", 6, "Stk", 189.00, "Schulausstatter Weiß & Söhne", None, "2025-01-14"),
        ("Tafelschwämme", 100, "Stk", 0.89, "Bürobedarf Schmitz KG", None, "2025-01-14"),
        ("Fußbälle Gr. 5", 30, "Stk", 22.90, "Sport-Scholz e.K.", "Fairtrade", "2025-01-28"),
        None,
        ("Schulmilch-Kakao 0,25 l", 500, "Stk", 0.45, "Molkerei Münsterland eG", None, "2025-02-03"),
        ("Kopierpapier A4 Recycling 80 g", 400, "Pck", 4.15, "Bürobedarf Schmitz KG", "Blauer Engel", "2025-02-17"),
        "comment",
        ("Laptopwagen für 16 Geräte", 2, "Stk", 1349.00, "IT-Systemhaus Westfalen GmbH", None, "2025-03-10"),
        ("Werkraum: Schutzbrillen", 25, "Stk", 6.40, "Arbeitsschutz Müller GmbH & Co. KG", None, "2025-03-24"),
        ("Sportshirts Bundesjugendspiele", 120, "Stk", 7.95, "Textil-Fair eG", "Fairtrade Cotton", "2025-05-05"),
    ]
    recs, n = [], 0
    for row in rows:
        if row is None:
            recs.append(blank(note="line of separators only ';;;;;;;;'"))
        elif row == "comment":
            recs.append(Non("comment", "Hinweis: Preise inkl. 19 % MwSt.", cells={"nr": "Hinweis: Preise inkl. 19 % MwSt."}))
        else:
            n += 1
            a, q, u, p, s, l, d = row
            recs.append(It(description=a, quantity=q, unit=u, unit_price=p, supplier=s, label_text=l,
                           purchase_date=D(d), extra={"nr": str(n)}))
    total = r2(sum(r.vals["amount"] for r in recs if isinstance(r, It)))
    recs += [Non("total", "Summe", cells={"nr": "Summe", "gp": de_num(total)}),
             Non("footer", "Exportiert am 02.07.2025 14:31 von Schulz, A.",
                 cells={"nr": "Exportiert am 02.07.2025 14:31 von Schulz, A."})]
    pre = [Non("title", "Schulverwaltungsamt Musterhausen", cells={"nr": "Schulverwaltungsamt Musterhausen"}),
           Non("title", "Bestellungen 1. Halbjahr 2025 (alle Schulen)", cells={"nr": "Bestellungen 1. Halbjahr 2025 (alle Schulen)"}),
           Non("blank", "")]
    placed, preamble, hl = build_csv(name, cols, recs, delim=";", encoding="cp1252", pre=pre)
    add({"file": name, "format": "csv", "encoding": "cp1252", "delimiter": ";", "expect": "read",
         "imitates": "Schulverwaltungsamt: report export with title lines, blank lines and a footer",
         "tests": ["two title lines and a separators-only line above the header (header on line 4)", "cp1252",
                   "separators-only blank line in the middle", "comment line", "'Summe' line", "'Exportiert am … von …' footer",
                   "'Anz.', 'Preis je Einheit', 'Betrag', 'Firma', 'Nachweis' headers"],
         "sheets": [sheet_exp(None, hl, cols, placed, preamble=preamble)]})


# =========================================================================== 29
def make_png(w=96, h=48):
    rows = []
    for y in range(h):
        row = bytearray([0])
        for x in range(w):
            inside = (x - 24) ** 2 + (y - 24) ** 2 < 18 ** 2
            row += bytes((200, 30, 30) if inside else ((30, 60, 140) if x > 50 and 18 < y < 30 else (255, 255, 255)))
        rows.append(bytes(row))

    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b""))


def f29():
    name = "29_feuerwehr_logo_kopfzeilen_mit_umbruch.xlsx"
    cols = [
        Col("pos", "Pos.", width=5),
        Col("desc", "Bezeichnung der\nLeistung", "description", width=40),
        Col("qty", "Menge\n(Stk.)", "quantity", width=8, note="unit only in the header: '(Stk.)'"),
        Col("ep", "Einzelpreis\nnetto [€]", "unit_price", numfmt=NUM2, width=12),
        Col("gp", "Gesamtbetrag \n(netto)", "amount", numfmt=NUM2, width=13),
        Col("lief", "Lieferant /\nKreditor", "supplier", width=30),
        Col("siegel", "Nachweis / Siegel", "label_text", width=20),
        Col("herk", "Herkunfts-\nland", "origin", width=12),
        Col("dat", "Bestell-\ndatum", "purchase_date", numfmt=DATE, width=11),
    ]
    rows = [
        ("Feuerwehr-Einsatzjacke HuPF Teil 1", 8, 489.00, "Feuerschutz Brandt GmbH", "Fair Wear Foundation", "Deutschland", "2025-02-06"),
        ("Feuerwehrhelm F1", 8, 329.00, "Feuerschutz Brandt GmbH", None, "Frankreich", "2025-02-06"),
        ("Einsatzhandschuhe EN 659", 20, 46.50, "Arbeitsschutz Müller GmbH & Co. KG", None, "Pakistan", "2025-03-13"),
        ("Kaffee für das Gerätehaus, 1 kg", 12, 15.20, "Weltladen Musterhausen e.V.", "Fairtrade", "Nicaragua", "2025-03-13"),
        ("Schlauchpflegemittel 5 l", 4, 38.00, "Feuerschutz Brandt GmbH", None, "Deutschland", "2025-04-22"),
        ("T-Shirts Jugendfeuerwehr", 35, 11.90, "Textil-Fair eG", "GOTS", "Bangladesch", "2025-05-08"),
        ("Fahrzeugreinigung Außenhaut (Dienstleistung)", 1, 260.00, "Autopflege Schnell", None, None, "2025-06-11"),
        ("Feuerwehrstiefel S3 HI3", 8, 159.00, "Feuerschutz Brandt GmbH", None, "Italien", "2025-06-11"),
    ]
    recs = []
    for i, (a, q, p, s, l, o, d) in enumerate(rows):
        r = 6 + i
        amt = r2(q * p)
        recs.append(It(description=a, quantity=q, unit_price=p, amount=amt, supplier=s, label_text=l, origin=o,
                       purchase_date=D(d), raw={"gp": F(f"=E{r}*F{r}", amt)}, extra={"pos": i + 1}))
    total = r2(sum(x.vals["amount"] for x in recs))
    recs += [blank(), Non("total", "Summe", cells={"desc": "Summe", "gp": F("=SUM(G6:G13)", total)})]
    wb = new_xlsxwriter(name)
    ws = wb.add_worksheet("Beschaffung")
    ws.set_column(0, 1, 4)
    ws.insert_image("A1", "logo.png", {"image_data": io.BytesIO(make_png()), "x_scale": 0.6, "y_scale": 0.6})
    ws.write_string(0, 2, "Freiwillige Feuerwehr Musterhausen – Beschaffung Gerätehaus", xw_fmt(wb, bold=True, font_size=13))
    ws.write_string(1, 2, "Kostenstelle 1300 – Brandschutz")
    hf = xw_fmt(wb, bold=True, text_wrap=True, valign="top", bg_color="#FCE4D6", border=1)
    placed = xw_table(wb, ws, cols, recs, header_row=5, first_col=3, header_fmt=hf)
    ws.set_row(4, 32)
    close_xlsxwriter(wb, name)
    assert placed[0][0] == 6 and placed[-1][0] == 15
    add({"file": name, "format": "xlsx", "expect": "read",
         "imitates": "Freiwillige Feuerwehr: list with the city logo in the corner, table starting in column C",
         "tests": ["embedded logo image over A1:B3", "columns A-B empty, data in C:K", "header in row 5 with line breaks inside the cells ('Menge\\n(Stk.)', 'Herkunfts-\\nland', 'Bestell-\\ndatum') and a trailing space",
                   "'Lieferant /\\nKreditor', 'Nachweis / Siegel'", "formulas with cached values"],
         "sheets": [sheet_exp("Beschaffung", 5, cols, placed, first_col=3,
                              preamble=[(1, "title", "Freiwillige Feuerwehr Musterhausen – Beschaffung Gerätehaus (C1; logo image at A1)"),
                                        (2, "title", "Kostenstelle 1300 – Brandschutz"), (3, "blank", ""), (4, "blank", "")])]})


# =========================================================================== 30
def f30():
    name = "30_standesamt_exceltabelle_ergebniszeile.xlsx"
    cols = [
        Col("dat", "Datum", "purchase_date", numfmt=DATE, width=11),
        Col("desc", "Artikel", "description", width=40),
        Col("qty", "Menge", "quantity"),
        Col("unit", "Einheit", "unit"),
        Col("ep", "Einzelpreis", "unit_price", numfmt=EUR, width=12),
        Col("gp", "Gesamt", "amount", numfmt=EUR, width=12),
        Col("lief", "Lieferant", "supplier", width=30),
        Col("bem", "Bemerkung", width=30, note="free text; sometimes names a label (using it as label/evidence text is tolerated)"),
    ]
    rows = [
        ("2025-01-10", "Blumenschmuck Trauzimmer (Wochenpauschale)", 4, "Woche", 45.00, "Blumenhaus Grünfink", None),
        ("2025-01-10", "Rosen rot, Einzelstiel", 60, "Stk", 2.40, "Blumenhaus Grünfink", "Fairtrade-Rosen aus Kenia"),
        ("2025-02-03", "Stammbuch der Familie, Leinen", 100, "Stk", 18.50, "Verlag für Standesamtswesen", None),
        ("2025-02-03", "Urkundenpapier A4 mit Wasserzeichen", 10, "Pck.", 32.00, "Verlag für Standesamtswesen", None),
        None,
        ("2025-03-14", "Sekt für Trauungen, 0,2 l", 120, "Fl.", 2.95, "Getränke Krüger KG", None),
        ("2025-04-02", "Kerzen Stearin weiß", 50, "Stk", 1.80, "Weltladen Musterhausen e.V.", "Palmöl RSPO"),
        ("2025-05-06", "Füllfederhalter für Unterschriften", 10, "Stk", 24.90, "Bürobedarf Schmitz KG", None),
        ("2025-06-17", "Tischläufer Trauzimmer, Leinen", 2, "Stk", 39.00, "Raumausstatter Klein", None),
        ("2025-07-01", "Schokoladentäfelchen Gastgeschenk, fair", 300, "Stk", 0.65, "Weltladen Musterhausen e.V.", "Fairtrade"),
    ]
    recs = []
    for row in rows:
        if row is None:
            recs.append(blank(note="blank row inside the Excel table"))
            continue
        d, a, q, u, p, s, b = row
        recs.append(It(purchase_date=D(d), description=a, quantity=q, unit=u, unit_price=p, supplier=s,
                       extra={"bem": b}))
    total = r2(sum(x.vals["amount"] for x in recs if isinstance(x, It)))
    recs.append(Non("total", "Ergebnis", cells={"dat": "Ergebnis", "gp": F("=SUBTOTAL(109,tblStandesamt[Gesamt])")},
                    note=f"table totals row; formula without cached value, a user sees {de_num(total)} €"))
    wb = new_openpyxl()
    ws = wb.active
    ws.title = "Standesamt"
    placed = ox_table(ws, cols, recs, header_row=1)
    last = placed[-1][0]
    assert last == 12
    tcols = []
    for i, c in enumerate(cols):
        tc = TableColumn(id=i + 1, name=c.header)
        if c.key == "dat":
            tc.totalsRowLabel = "Ergebnis"
        if c.key == "gp":
            tc.totalsRowFunction = "sum"
        tcols.append(tc)
    tab = Table(displayName="tblStandesamt", ref=f"A1:H{last}", totalsRowCount=1, tableColumns=tcols)
    tab.autoFilter = AutoFilter(ref=f"A1:H{last - 1}")
    tab.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    ws.add_table(tab)
    for r in range(last + 1, 41):           # borders on empty rows below: formatted but empty
        for cidx in range(1, 9):
            ws.cell(row=r, column=cidx).border = BOX
    save_openpyxl(wb, name)
    add({"file": name, "format": "xlsx", "expect": "read",
         "imitates": "Standesamt: data formatted as an Excel table (ListObject) with a totals row",
         "tests": ["Excel table object with totals row 'Ergebnis' (SUBTOTAL formula, no cached value)", "blank row inside the table",
                   "rows 13-40 empty but formatted with borders", "'Bemerkung' free-text column"],
         "sheets": [sheet_exp("Standesamt", 1, cols, placed,
                              after_last={"rows": "13-40", "content": "empty cells with borders only",
                                          "expect": "not line items; whether they are reported at all (as blank) or skipped is not scored"})]})


# =========================================================================== 31
def f31():
    name = "31_vhs_excel_unicode_text_utf16.txt"
    cols = [
        Col("kurs", "Kurs-Nr."),
        Col("desc", "Artikel", "description"),
        Col("qty", "Menge", "quantity", fmt=de_qty),
        Col("ep", "Einzelpreis", "unit_price", fmt=lambda x: de_num(x) + " €"),
        Col("gp", "Gesamt", "amount", fmt=lambda x: de_num(x) + " €"),
        Col("lief", "Lieferant", "supplier"),
        Col("dat", "Datum", "purchase_date", fmt=de_date),
    ]
    rows = [
        ("K-101", "Kaffee & Tee Kurspausen (Fairtrade)", 1, 86.40, "Weltladen Musterhausen e.V.", "2025-01-15"),
        ("K-114", "Töpferton 10 kg", 12, 14.90, "Künstlerbedarf Farbenfroh", "2025-02-03"),
        ("K-120", "Nähgarn-Set, Bio-Baumwolle", 20, 7.50, "Textil-Fair eG", "2025-02-03"),
        ("K-131", "Catering Abschlussabend", 1, 640.00, "Catering Sonnenschein GmbH", "2025-03-21"),
        ("K-140", "Laptop-Miete Sprachkurs", 8, 25.00, "IT-Systemhaus Westfalen GmbH", "2025-04-07"),
        ("K-152", 'Kochkurs: Gewürz-Set "Fair"', 6, 9.90, "Weltladen Musterhausen e.V.", "2025-05-12"),
    ]
    recs = [It(description=a, quantity=q, unit_price=p, supplier=s, purchase_date=D(d), extra={"kurs": k})
            for k, a, q, p, s, d in rows]
    placed, pre, hl = build_csv(name, cols, recs, delim="\t", encoding="utf-16-le", bom=True)
    add({"file": name, "format": "txt (Excel 'Unicode Text')", "encoding": "utf-16-le with BOM", "delimiter": "tab",
         "expect": "read_or_reject", "stretch": True,
         "imitates": "Volkshochschule: list saved from Excel as 'Unicode Text (*.txt)'",
         "tests": ["UTF-16 LE with BOM", "tab-separated", ".txt extension", "values as displayed ('86,40 €')",
                   "quoted field with doubled quotes"],
         "sheets": [sheet_exp(None, hl, cols, placed)],
         "notes": ["Stretch case: .txt is not among the documented input types (xlsx/xls/ods/csv). "
                   "Acceptable outcomes: read exactly as described, or rejected with exit status 2 and a one-line error naming the file "
                   "(e.g. unsupported file type). Not acceptable: mojibake/NUL-ridden descriptions or a traceback."]})


# =========================================================================== rejects
def rejects():
    # R1: a PNG screenshot saved under a .csv name
    (OUT / "R1_bestellliste_screenshot.csv").write_bytes(make_png(64, 32))
    add({"file": "R1_bestellliste_screenshot.csv", "format": "csv (actually PNG image)", "expect": "reject",
         "imitates": "someone saved a screenshot of the list as 'Bestellliste.csv'",
         "error": {"exit_status": 2, "stderr": "one line naming R1_bestellliste_screenshot.csv and saying it is not a readable CSV/text file (binary content, e.g. PNG image) — no traceback, no items"}})
    # R2: numbers only, no header-like row
    wb = new_openpyxl()
    ws = wb.active
    ws.title = "Tabelle1"
    base = D("2025-01-06")
    for i in range(12):
        ws.cell(row=i + 1, column=1, value=base + dt.timedelta(days=7 * i)).number_format = DATE
        ws.cell(row=i + 1, column=2, value=10 + i)
        ws.cell(row=i + 1, column=3, value=round(3.5 + i * 1.25, 2))
        ws.cell(row=i + 1, column=4, value=round((10 + i) * (3.5 + i * 1.25), 2))
    save_openpyxl(wb, "R2_nur_zahlen_ohne_kopfzeile.xlsx")
    add({"file": "R2_nur_zahlen_ohne_kopfzeile.xlsx", "format": "xlsx", "expect": "reject",
         "imitates": "a sheet of bare numbers (dates, counts, prices, totals) without any header row or description",
         "error": {"exit_status": 2, "stderr": "one line naming the file and sheet 'Tabelle1' and saying no header row / no description column was found"},
         "notes": ["There is no text at all, so no column can be identified; reporting 12 'unreadable' items instead of an error is not what a user needs here."]})
    # R3: workbook with one empty sheet
    wb = new_openpyxl()
    wb.active.title = "Tabelle1"
    save_openpyxl(wb, "R3_leere_arbeitsmappe.xlsx")
    add({"file": "R3_leere_arbeitsmappe.xlsx", "format": "xlsx", "expect": "reject",
         "imitates": "empty workbook sent by mistake",
         "error": {"exit_status": 2, "stderr": "one line naming the file saying it contains no data (empty sheet 'Tabelle1')"}})
    # R4: truncated xlsx (broken e-mail attachment)
    good = OUT / "01_stadt_musterhausen_beschaffung_2025.xlsx"
    data = good.read_bytes()
    (OUT / "R4_beschaedigt_abgeschnitten.xlsx").write_bytes(data[: len(data) * 3 // 5])
    add({"file": "R4_beschaedigt_abgeschnitten.xlsx", "format": "xlsx (truncated zip)", "expect": "reject",
         "imitates": "attachment cut off during download: the first 60 % of file 01",
         "error": {"exit_status": 2, "stderr": "one line naming the file saying it is damaged / not a valid xlsx (zip) file"}})
    # R5: zero-byte CSV
    (OUT / "R5_leere_datei.csv").write_bytes(b"")
    add({"file": "R5_leere_datei.csv", "format": "csv (0 bytes)", "expect": "reject",
         "imitates": "export that failed and left an empty file",
         "error": {"exit_status": 2, "stderr": "one line naming the file saying it is empty"}})


# =========================================================================== self-check
def _norm(v):
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return " ".join(str(v).split())


def _grid_spreadsheet(path, sheet):
    import python_calamine as pc
    wb = pc.CalamineWorkbook.from_path(str(path))
    return wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False)


def _grid_csv(path, entry):
    enc = entry["encoding"]
    enc = {"utf-8-sig (BOM)": "utf-8-sig", "utf-16-le with BOM": "utf-16"}.get(enc, enc)
    delim = {"tab": "\t"}.get(entry["delimiter"], entry["delimiter"])
    text = path.read_bytes().decode(enc)
    rd = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    grid, prev = {}, 0
    for rec in rd:
        grid[prev + 1] = rec
        prev = rd.line_num
    return grid


def self_check():
    problems = 0
    for e in FILES:
        if e["expect"] == "reject":
            continue
        path = OUT / e["file"]
        for sh in e["sheets"]:
            if "rows" not in sh:
                continue
            if e["format"].startswith(("csv", "txt")):
                g = _grid_csv(path, e)
                get_row = lambda r: g.get(r)
            else:
                grid = _grid_spreadsheet(path, sh["sheet"])
                get_row = lambda r: grid[r - 1] if r - 1 < len(grid) else []
            cols = sh["columns"]

            def cell(row, idx):
                vals = get_row(row) or []
                return vals[idx - 1] if idx - 1 < len(vals) else None
            if not sh.get("header_rows"):
                for role, c in cols.items():
                    got = _norm(cell(sh["header_row"], c["index"]))
                    if got != _norm(c["header"]):
                        print(f"  {e['file']}: header {role}: {got!r} != {c['header']!r}")
                        problems += 1
            di = cols["description"]["index"]
            ai = cols.get("amount", {}).get("index")
            for x in sh["rows"]:
                row = x["row"]
                vals = get_row(row)
                if x["item"]:
                    got = _norm(cell(row, di))
                    if got != _norm(x["description"]):
                        print(f"  {e['file']} row {row}: description {got!r} != {x['description']!r}")
                        problems += 1
                    if ai and isinstance(cell(row, ai), (int, float)) and x.get("amount") is not None:
                        if abs(cell(row, ai) - x["amount"]) > 0.005:
                            print(f"  {e['file']} row {row}: amount cell {cell(row, ai)} != {x['amount']}")
                            problems += 1
                elif x["kind"] == "blank":
                    if vals and any(_norm(v) for v in vals):
                        print(f"  {e['file']} row {row}: expected blank, got {vals}")
                        problems += 1
                else:
                    if not vals or not any(_norm(v) for v in vals):
                        # formulas without cached values read as empty; the row must still have a label
                        print(f"  {e['file']} row {row}: non-item row {x['kind']} is empty")
                        problems += 1
    return problems


def main():
    for f in (f01, f02, f03, f04, f05, f06, f07, f08, f09, f10, f11, f12, f13, f14, f15, f16, f17, f18,
              f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29, f30, f31, rejects):
        f()
    doc = {
        "about": ("Blind test set for fairbuy's tabular readers: realistic messy purchase lists of German municipalities. "
                  "Built by build.py without looking at fairbuy's readers. One entry per file."),
        "conventions": {
            "row": ("Spreadsheets: the row number Excel/LibreOffice shows. CSV/TXT: the physical line number in the file, "
                    "line 1 = first line of the file (which is the header line unless the file has title lines above it). "
                    "For a CSV record spanning several physical lines (quoted line breaks) 'row' is the line where the record starts; "
                    "such files also give 'excel_row' (the row Excel would show) for every row after the first multi-line record."),
            "rows": ("Every row from the line after the header through the last non-empty row is listed, items and non-items. "
                     "Rows above the header are listed under 'preamble' (informational: whether the reader reports them is not scored here)."),
            "item": "true = a line item (a purchase, a service, a credit, a discount or a shipping line); false = not a line item, with 'kind'",
            "kinds": {"blank": "empty row (or separators only)", "total": "Summe/Gesamt/Ergebnis row",
                      "subtotal": "Zwischensumme/Übertrag/'davon' row", "group_heading": "heading of a group of items",
                      "comment": "free-text remark", "footer": "export footer", "page_header": "repeated page title",
                      "page_footer": "'Seite x von y'", "repeated_header": "column header repeated on a later page"},
            "columns": ("role -> {col: letter, index: 1-based column, header: header text}. Only roles present in the file are listed; "
                        "'other_columns' lists the remaining columns, which are not expected to carry a role; where mapping one would be "
                        "a real mistake (UNSPSC as cpv, manufacturer as supplier, hidden old description, invoice date next to an order date) "
                        "its note says so; free-text 'Bemerkung' columns may be used as label/evidence text. "
                        "Roles: " + ", ".join(ROLES)),
            "values": ("Item rows give every role present in the file (null = empty in the file). Numbers are plain JSON numbers "
                       "(compare with tolerance 0.005); negative where the file shows a credit. Dates are ISO YYYY-MM-DD. "
                       "cpv is the code as written but cleaned (no 'CPV ' prefix, spaces, '.0' or odd hyphens; leading zero restored). "
                       "Texts are as written; compare after collapsing whitespace (line breaks inside cells become spaces) and trimming."),
            "acceptable": "an item's 'acceptable' maps a role to alternative values that are also correct; 'ambiguous': true marks rows a German procurement officer would still read as given but a careful reader might question",
            "acceptable_as_item": "on a non-item row: treating it as an item is tolerated",
            "expect": "'read' = must be read; 'reject' = must fail with exit status 2 and the one-line error described; 'read_or_reject' = either",
        },
        "files": FILES,
    }
    (OUT / "expected.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    n = self_check()
    items = sum(s["counts"]["items"] for e in FILES for s in e.get("sheets", []) if "counts" in s)
    rows = sum(s["counts"]["items"] + s["counts"]["non_items"] for e in FILES for s in e.get("sheets", []) if "counts" in s)
    print(f"{len(FILES)} files, {rows} expected rows ({items} line items); self-check problems: {n}")
    return 1 if n else 0


if __name__ == "__main__":
    sys.exit(main())
