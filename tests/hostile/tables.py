"""Hypothesis strategies for purchase lists as people keep them, and writers for csv and xlsx.

A generated :class:`TableSpec` knows which physical row each line lands on, so a test can check
that the report holds exactly one item per input row, in order, with the right source row.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st

#: Header synonyms per role (German and English), as found in ERP exports and hand-kept lists.
SYNONYMS: dict[str, list[str]] = {
    "description": ["Bezeichnung", "Artikeltext", "Artikelbezeichnung", "Beschreibung", "Description"],
    "quantity": ["Menge", "Anzahl", "Quantity", "Qty"],
    "unit_price": ["EP", "Einzelpreis", "Unit price"],
    "amount": ["Gesamtpreis netto", "Gesamtpreis", "Betrag netto", "Amount", "Total"],
    "supplier": ["Lieferant", "Supplier"],
    "label_text": ["Siegel/Nachweis", "Siegel", "Label"],
    "origin": ["Herkunft", "Herkunftsland", "Origin"],
    "purchase_date": ["Bestelldatum", "Datum", "Date"],
}
OPTIONAL_ROLES = [r for r in SYNONYMS if r != "description"]

PRODUCTS = [
    "Röstkaffee", "Kaffeebohnen", "Schwarztee", "Bananen", "Kakaopulver", "Schokolade", "Kugelschreiber",
    "T-Shirt", "Arbeitshose", "Natursteinplatte", "Grabstein", "Fußball", "Orangensaft", "Rohrzucker",
    "Schnittblumen", "Kopierpapier", "Pflastersteine", "Arbeitshandschuhe",
]
LABELS = [
    "Fairtrade", "GEPA", "Rainforest Alliance", "Naturland Fair", "XertifiX", "Fair Stone", "GOTS",
    "Fair Wear", "Blauer Engel", "EU-Bio", "Fairtrade-Siegel", "fair gehandelt",
]
NEGATIONS = ["ohne", "nicht", "kein", "keine", "nicht zertifiziert"]
FILLERS = ["1 kg", "500 g", "blau", "Gr. L", "gemahlen", "Bio", "100 Stück", "10er Pack", "A4", "grün"]
WORD_ALPHABET = "abcdefghijklmnopqrstuvwxyzäöüßÄÖÜABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-/.()&%"
TITLES = ["Beschaffungsliste Stadt Musterstadt", "Export aus SAP MM", "Bestellungen Amt 32", "Stand 31.12."]
SUPPLIERS = ["Kaffee GmbH", "Büro AG", "Stein KG", "Textil & Co.", "Obsthof Müller"]
ORIGINS = ["DE", "Indien", "China", "Vietnam", "BR", "Kolumbien"]


@dataclass
class Row:
    kind: str  # "item" | "blank"
    description: str = ""
    quantity: float | None = None
    unit_price: float | None = None
    amount: float | None = None
    supplier: str | None = None
    label_text: str | None = None
    origin: str | None = None
    purchase_date: dt.date | None = None


@dataclass
class TableSpec:
    titles: list[str]
    blank_after_titles: bool
    roles: list[str]
    headers: list[str]
    rows: list[Row]
    german: bool  # German number format and ';' (else English and ',')
    numbers_as_text: bool  # xlsx: numbers written as German/English text
    euro_sign: bool
    empty_blank_lines: bool  # CSV blank rows as empty lines (else delimiters only)

    @property
    def header_index(self) -> int:
        """0-based physical row of the header."""
        return len(self.titles) + (1 if self.titles and self.blank_after_titles else 0)

    def expected_rows(self) -> list[int]:
        """1-based physical rows of the items (no multi-line cells are generated)."""
        return [self.header_index + 2 + i for i in range(len(self.rows))]


def _words() -> st.SearchStrategy[str]:
    return st.text(alphabet=WORD_ALPHABET, min_size=1, max_size=12)


@st.composite
def descriptions(draw: st.DrawFn) -> str:
    parts = [draw(st.sampled_from(PRODUCTS))]
    for _ in range(draw(st.integers(0, 4))):
        parts.append(
            draw(
                st.one_of(
                    st.sampled_from(LABELS),
                    st.sampled_from(FILLERS),
                    st.sampled_from(NEGATIONS).flatmap(lambda n: st.sampled_from(LABELS).map(lambda lab: f"{n} {lab}")),
                    _words(),
                )
            )
        )
    return " ".join(parts)


def _money() -> st.SearchStrategy[float]:
    return st.integers(0, 50_000_000).map(lambda c: c / 100)


@st.composite
def item_rows(draw: st.DrawFn) -> Row:
    return Row(
        kind="item",
        description=draw(descriptions()),
        quantity=float(draw(st.integers(1, 5000))),
        unit_price=draw(_money()),
        amount=draw(_money()),
        supplier=draw(st.sampled_from(SUPPLIERS)),
        label_text=draw(st.one_of(st.none(), st.sampled_from(LABELS))),
        origin=draw(st.sampled_from(ORIGINS)),
        purchase_date=draw(st.dates(dt.date(2015, 1, 1), dt.date(2030, 12, 31))),
    )


@st.composite
def tables(draw: st.DrawFn, max_rows: int = 12) -> TableSpec:
    roles = ["description"] + [r for r in OPTIONAL_ROLES if draw(st.booleans())]
    order = draw(st.permutations(roles))
    headers = [draw(st.sampled_from(SYNONYMS[r])) for r in order]
    items = draw(st.lists(item_rows(), min_size=1, max_size=max_rows))
    rows: list[Row] = [items[0]]
    for item in items[1:]:  # blank rows only between items (never leading or trailing)
        if draw(st.integers(0, 5)) == 0:
            rows.append(Row(kind="blank"))
        rows.append(item)
    titles = draw(st.lists(st.sampled_from(TITLES), max_size=2))
    return TableSpec(
        titles=titles,
        blank_after_titles=draw(st.booleans()),
        roles=list(order),
        headers=headers,
        rows=rows,
        german=draw(st.booleans()),
        numbers_as_text=draw(st.booleans()),
        euro_sign=draw(st.booleans()),
        empty_blank_lines=draw(st.booleans()),
    )


def format_number(
    value: float, *, german: bool, decimals: int = 2, euro: bool = False, grouping: bool = True
) -> str:
    text = f"{value:,.{decimals}f}" if grouping else f"{value:.{decimals}f}"
    if german:
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text + (" €" if euro else "")


def _cell(spec: TableSpec, row: Row, role: str, *, as_text: bool) -> str | float | dt.date | None:
    value = getattr(row, role)
    if value is None:
        return None
    if role == "quantity":
        assert isinstance(value, float)
        return format_number(value, german=spec.german, decimals=0, grouping=False) if as_text else value
    if role in ("unit_price", "amount"):
        assert isinstance(value, float)
        return format_number(value, german=spec.german, euro=spec.euro_sign) if as_text else value
    if role == "purchase_date":
        assert isinstance(value, dt.date)
        if as_text:
            return value.strftime("%d.%m.%Y") if spec.german else value.isoformat()
        return value
    return str(value)


def write_csv(spec: TableSpec, path: Path) -> None:
    delim = ";" if spec.german else ","
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delim, lineterminator="\n")
    width = len(spec.roles)
    for title in spec.titles:
        w.writerow([title] + [""] * (width - 1))
    if spec.titles and spec.blank_after_titles:
        buf.write("\n")
    w.writerow(spec.headers)
    for row in spec.rows:
        if row.kind == "blank":
            if spec.empty_blank_lines:
                buf.write("\n")
            else:
                w.writerow([""] * width)
            continue
        w.writerow(["" if (v := _cell(spec, row, r, as_text=True)) is None else v for r in spec.roles])
    path.write_text(buf.getvalue(), encoding="utf-8")


def write_xlsx(spec: TableSpec, path: Path) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False})
    sheet = book.add_worksheet("Bestellungen")
    date_fmt = book.add_format({"num_format": "dd.mm.yyyy"})
    r = 0
    for title in spec.titles:
        sheet.write_string(r, 0, title)
        r += 1
    if spec.titles and spec.blank_after_titles:
        r += 1
    for c, h in enumerate(spec.headers):
        sheet.write_string(r, c, h)
    r += 1
    for row in spec.rows:
        if row.kind == "item":
            for c, role in enumerate(spec.roles):
                value = _cell(spec, row, role, as_text=spec.numbers_as_text)
                if value is None:
                    continue
                if isinstance(value, dt.date):
                    sheet.write_datetime(r, c, dt.datetime(value.year, value.month, value.day), date_fmt)
                elif isinstance(value, float):
                    sheet.write_number(r, c, value)
                else:
                    sheet.write_string(r, c, value)
        r += 1
    book.close()
