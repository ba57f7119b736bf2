"""Tabular readers: workbooks and CSV as people really have them."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fairbuy.io.csvread as csvread
from fairbuy.errors import InputError, UsageError
from fairbuy.io import read_dataframe, read_input, read_inputs
from fairbuy.io.roles import find_header, match_role
from fairbuy.table import READ_COLUMNS

HEADERS = ["Pos.", "Artikelnummer", "Artikeltext", "Menge", "ME", "EP", "Gesamtpreis netto", "Kreditor",
           "CPV", "Siegel/Nachweis", "Herkunftsland", "Bestelldatum"]


def _workbook(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Bestellungen"
    ws["A1"] = "Beschaffungsliste Stadt Musterstadt 2024"
    ws["A2"] = "Amt 32 – Stand 01.03.2024"
    ws.append(HEADERS)  # row 3
    ws.append([1, 4006381333931, "Kaffee gemahlen 500 g", 10, "Pck", "5,49", None, "Kaffee GmbH",
               15861000.0, "Fairtrade", "Indien", dt.date(2024, 3, 1)])  # row 4
    ws.append([2, "A-77", "Pflastersteine Granit", 120, "m²", 42.5, 5100, "Stein AG", "44111000-3", None,
               "China", "02.03.2024"])  # row 5
    ws.append([])  # row 6 blank
    ws.append([3, None, "Arbeitshandschuhe", "1.000", "Paar", "1,20 €", "1.200,00 €", "Textil KG", None,
               "ohne Siegel", "BD", 45352])  # row 7
    ws.append([None, None, "Summe", None, None, None, 6354.9])  # row 8
    ws2 = wb.create_sheet("Nachtrag")
    ws2["B3"] = "Bezeichnung"  # header not in A1: calamine's offset must be added back
    ws2["C3"] = "Menge"
    ws2["D3"] = "Einzelpreis"
    ws2["B4"] = "Tee Darjeeling"
    ws2["C4"] = 3
    ws2["D4"] = 2.5
    ws2["B6"] = "Zucker"
    ws2["C6"] = 1
    wb.save(path)
    return path


def test_workbook_title_rows_totals_second_sheet(tmp_path: Path) -> None:
    res = read_input(_workbook(tmp_path / "liste.xlsx"))
    t = res.table
    assert list(t.columns) == list(READ_COLUMNS)
    assert res.info.rows == len(t) == 8
    assert res.info.format == "xlsx" and res.info.sheets == ["Bestellungen", "Nachtrag"]
    assert list(zip(t.source_sheet, t.source_row, t.row_kind, strict=True)) == [
        ("Bestellungen", 4, "item"), ("Bestellungen", 5, "item"), ("Bestellungen", 6, "blank"),
        ("Bestellungen", 7, "item"), ("Bestellungen", 8, "total"),
        ("Nachtrag", 4, "item"), ("Nachtrag", 5, "blank"), ("Nachtrag", 6, "item"),
    ]
    first = t.iloc[0]
    assert first.description == "Kaffee gemahlen 500 g"
    assert first.quantity == 10 and first.unit == "Pck" and first.unit_price == 5.49
    assert first.amount == pytest.approx(54.9)  # quantity x unit price when no total is given
    assert first.article_number == "4006381333931" and first.cpv == "15861000"
    assert first.supplier == "Kaffee GmbH" and first.label_text == "Fairtrade" and first.origin == "IN"
    assert first.purchase_date == dt.date(2024, 3, 1)
    assert first.raw["Artikeltext"] == "Kaffee gemahlen 500 g"
    third = t.iloc[3]
    assert third.quantity == 1000 and third.unit_price == 1.2 and third.amount == 1200.0
    assert third.currency == "EUR" and third.origin == "BD" and third.purchase_date == dt.date(2024, 3, 1)
    assert t.iloc[1].purchase_date == dt.date(2024, 3, 2) and t.iloc[1].origin == "CN"
    assert t.iloc[4].amount == pytest.approx(6354.9)
    assert t.iloc[5].description == "Tee Darjeeling" and t.iloc[5].amount == 7.5
    assert t.iloc[2].description is None and np.isnan(t.iloc[2].quantity)
    assert res.roles["Bestellungen"]["description"] == "Artikeltext"
    assert res.roles["Bestellungen"]["supplier"] == "Kreditor"


def test_named_sheet_and_unknown_sheet(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "liste.xlsx")
    res = read_input(path, sheets=["Nachtrag"])
    assert res.info.sheets == ["Nachtrag"] and res.table.source_sheet.unique().tolist() == ["Nachtrag"]
    with pytest.raises(InputError) as e:
        read_input(path, sheets=["Fehlt"])
    assert e.value.sheet == "Fehlt" and "Nachtrag" in e.value.one_line()


def test_cp1252_semicolon_csv_decimal_commas(tmp_path: Path) -> None:
    text = (
        "Einkaufsliste Bauhof 2024\r\n"
        "\r\n"
        "Bezeichnung;Menge;Einzelpreis;Gesamtpreis netto;Lieferant;Herkunftsland;CPV\r\n"
        "Käse aus Österreich;2;3,50;7,00;Müller & Söhne;Österreich;15500000.0\r\n"
        "\r\n"
        "\"Äpfel; lose\";1.000;0,5;500,00 €;Öko-Hof;Deutschland;\r\n"
        "Gesamt;;;507,00;;;\r\n"
    )
    path = tmp_path / "liste.csv"
    path.write_bytes(text.encode("cp1252"))
    res = read_input(path)
    t = res.table
    assert res.info.encoding == "cp1252" and res.info.delimiter == ";" and res.info.format == "csv"
    assert t.source_row.tolist() == [4, 5, 6, 7]
    assert t.row_kind.tolist() == ["item", "blank", "item", "total"]
    assert t.description.tolist()[0] == "Käse aus Österreich" and t.description[2] == "Äpfel; lose"
    assert t.quantity.tolist()[0] == 2 and t.quantity[2] == 1000
    assert t.unit_price[0] == 3.5 and t.amount[2] == 500 and t.currency[2] == "EUR"
    assert t.origin.tolist()[0] == "AT" and t.cpv[0] == "15500000"
    assert t.source_sheet.isna().all()


def test_utf8_bom_comma_csv(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes("\ufeffDescription,Quantity,Unit price,Supplier\nCoffee,\"1,200\",2.50,Acme\n".encode())
    res = read_input(path)
    assert res.info.encoding == "utf-8-sig" and res.info.delimiter == ","
    row = res.table.iloc[0]
    assert (row.description, row.quantity, row.unit_price, row.amount, row.source_row) == (
        "Coffee", 1200.0, 2.5, 3000.0, 2)


def test_tsv_and_pipe(tmp_path: Path) -> None:
    tsv = tmp_path / "a.tsv"
    tsv.write_text("Bezeichnung\tMenge\nTee\t2\n", encoding="utf-8")
    res = read_input(tsv)
    assert res.info.delimiter == "\t" and res.info.format == "tsv" and res.table.quantity[0] == 2
    pipe = tmp_path / "b.txt"
    pipe.write_text("Bezeichnung|Menge|EP\nTee|2|1,5\n", encoding="utf-8")
    res = read_input(pipe)
    assert res.info.delimiter == "|" and res.table.amount[0] == 3.0


def test_quoted_newline_keeps_physical_lines(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_text('Bezeichnung;Menge\n"Kaffee\nBio";1\nTee;2\n', encoding="utf-8")
    t = read_input(path).table
    assert t.source_row.tolist() == [2, 4]
    assert t.description[0] == "Kaffee\nBio"


def test_a_quote_that_never_closes_loses_no_row(tmp_path: Path) -> None:
    """An opening quote without its closing one would swallow the following lines into one
    field; each line stays its own row and the line with the quote gets a reading note."""
    path = tmp_path / "q.csv"
    path.write_text('Bezeichnung;Menge;EP\nKaffee;1;2,50\n"Tee mit Zitrone;2;3,00\nZucker;3;1,00\n\n'
                    'Milch;4;0,99\n"Honig; Glas";1;4,00\n', encoding="utf-8")
    t = read_input(path).table
    assert t.source_row.tolist() == [2, 3, 4, 5, 6, 7]
    assert t.description.tolist()[:3] == ["Kaffee", '"Tee mit Zitrone', "Zucker"]
    assert t.description[4] == "Milch" and t.description[5] == "Honig; Glas"
    assert t.quantity.tolist()[:3] == [1, 2, 3] and t.row_kind[3] == "blank"
    notes = t.read_error.tolist()
    assert notes[1] is not None and "does not close" in notes[1]
    assert [n for k, n in enumerate(notes) if k != 1 and not pd.isna(n)] == []


def test_a_real_multi_line_value_with_the_delimiter_stays_one_value(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text('Bezeichnung;Menge;Lieferant\nKaffee;1;"Röster GmbH;\nHauptstr. 1;\n45127 Essen"\nTee;2;X\n',
                    encoding="utf-8")
    t = read_input(path).table
    assert t.source_row.tolist() == [2, 5]
    assert t.supplier[0] == "Röster GmbH;\nHauptstr. 1;\n45127 Essen"
    assert t.read_error.isna().all()


def test_a_quoted_value_with_delimiters_on_each_line_stays_one_value(tmp_path: Path) -> None:
    """Both lines of this value happen to have the header's number of fields when the quote is
    ignored, but the quote closes properly: one value, not two rows (found by hypothesis)."""
    path = tmp_path / "b.csv"
    path.write_text('Bezeichnung;Menge;Preis\n"0;;\nzeile";1;\nTee;2;1\n', encoding="utf-8")
    t = read_input(path).table
    assert t.source_row.tolist() == [2, 4]
    assert t.description.tolist() == ["0;;\nzeile", "Tee"]
    assert t.read_error.isna().all()


def test_column_map_wins(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text("Text;Kurzinfo;Anzahl\nlang;Kaffee;3\n", encoding="utf-8")
    res = read_input(path, column_map={"description": "Kurzinfo"})
    assert res.table.description[0] == "Kaffee" and res.table.quantity[0] == 3
    with pytest.raises(InputError, match="Fehlt"):
        read_input(path, column_map={"description": "Fehlt"})
    with pytest.raises(UsageError):
        read_input(path, column_map={"colour": "Text"})


def test_rows_without_description_are_errors(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text("Bezeichnung;Menge\nTee;1\n;5\n", encoding="utf-8")
    t = read_input(path).table
    assert t.row_kind.tolist() == ["item", "error"]
    assert "no description" in t.read_error[1]


def test_header_matching() -> None:
    assert match_role("Gesamtpreis netto (EUR)")[0] == "amount"
    assert match_role("EP (€)")[0] == "unit_price"
    assert match_role("Menge (Stk.)")[0] == "quantity"
    assert match_role("Lieferant Nr.")[0] == "supplier_id"
    assert match_role("Siegel/Nachweis")[0] == "label_text"
    assert match_role("Herkunfts-Land")[0] == "origin"
    assert match_role("Artikelbezeichung")[0] == "description"  # typo: fuzzy
    assert match_role("Pos.")[0] is None
    rows = [["Liste 2024"], ["Lieferant: Muster GmbH"], ["Nr", "Bezeichnung", "Menge", "Preis"], ["1", "x", "2"]]
    h = find_header(rows)
    assert h is not None and h.index == 2 and h.roles == {"description": 1, "quantity": 2, "unit_price": 3}


def test_read_dataframe() -> None:
    df = pd.DataFrame({"Bezeichnung": ["Kaffee", None, "Summe"], "Menge": [2, None, None],
                       "EP": [1.5, None, None], "Gesamt": [3.0, None, 3.0]})
    res = read_dataframe(df, name="df")
    assert res.table.source_row.tolist() == [2, 3, 4]
    assert res.table.row_kind.tolist() == ["item", "blank", "total"]
    assert res.info.path == "df" and res.info.rows == 3
    assert read_dataframe(df.iloc[:0]).table.empty


def test_read_inputs_keeps_each_input(tmp_path: Path) -> None:
    a = tmp_path / "a.csv"
    a.write_text("Bezeichnung;Menge\nTee;1\n", encoding="utf-8")
    b = _workbook(tmp_path / "b.xlsx")
    res = read_inputs([a, b])
    assert [r.info.rows for r in res] == [1, 8]
    assert res[0].info.sha256 != res[1].info.sha256


def test_merged_cells_filled(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Lieferant", "Bezeichnung", "Menge"])
    ws.append(["Kaffee GmbH", "Espresso", 1])
    ws.append([None, "Crema", 2])
    ws.merge_cells("A2:A3")
    path = tmp_path / "m.xlsx"
    wb.save(path)
    t = read_input(path).table
    assert t.supplier.tolist() == ["Kaffee GmbH", "Kaffee GmbH"]


def test_trailing_blank_rows_dropped(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("Bezeichnung;Menge\nTee;1\n;\n\n;;\n", encoding="utf-8")
    t = read_input(path).table
    assert t.source_row.tolist() == [2]


# ------------------------------------------------------------------ property: CSV round trip

_cell = st.text(alphabet=st.sampled_from(list("abcxyzÄöüß 0123456789,.;-\"")), max_size=8)
_row = st.one_of(
    st.just(None),  # blank line
    st.tuples(_cell.filter(lambda s: s.strip(" ;,\"") != "" and not s.strip().lower().startswith(
        ("sum", "total", "gesamt", "ust", "mwst"))), _cell, _cell),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(_row, min_size=1, max_size=25),
    st.integers(min_value=0, max_value=3),
    st.sampled_from([";", ",", "\t"]),
    st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
    st.booleans(),
    st.booleans(),
)
def test_csv_round_trip_rows_and_lines(
    rows: list[tuple[str, str, str] | None], titles: int, delim: str, enc: str, fast: bool, newline_in: bool
) -> None:
    rows = [r for r in rows]
    while rows and rows[-1] is None:
        rows.pop()
    if not rows:
        return
    if newline_in and rows[0] is not None:
        rows[0] = (rows[0][0] + "\nzeile", rows[0][1], rows[0][2])
    buf = io.StringIO(newline="")
    w = csv.writer(buf, delimiter=delim, lineterminator="\r\n")
    line = 1
    for i in range(titles):
        w.writerow([f"Titel {i}"])
        line += 1
    w.writerow(["Bezeichnung", "Menge", "Lieferant"])
    header_line = line
    expected: list[int] = []
    line = header_line + 1
    for r in rows:
        start = line
        if r is None:
            buf.write("\r\n")
            line += 1
        else:
            before = buf.tell()
            w.writerow(r)
            line += buf.getvalue()[before:].count("\n")
        expected.append(start)
    data = buf.getvalue().encode(enc)
    old = csvread.FAST_PATH_MIN_LINES
    csvread.FAST_PATH_MIN_LINES = 0 if fast else old
    try:
        import tempfile

        with tempfile.TemporaryDirectory() as d:
            p = Path(d) / "x.csv"
            p.write_bytes(data)
            res = read_input(p)
    finally:
        csvread.FAST_PATH_MIN_LINES = old
    t = res.table
    assert len(t) == len(rows) == res.info.rows
    assert t.source_row.tolist() == expected
    kinds = ["blank" if r is None else "item" for r in rows]
    assert t.row_kind.tolist() == kinds
    for r, d in zip(rows, t.description, strict=True):
        if r is not None:
            assert d == r[0].strip()


def test_raw_cells_and_hidden_sheets(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Liste"
    ws.append(["Titel"])
    ws.append(["Bezeichnung", "Menge", ""])
    ws.append(["Tee", 1, "Notiz"])
    hidden = wb.create_sheet("Listen")
    hidden.append(["Einheit"])
    hidden.append(["Stk"])
    hidden.sheet_state = "hidden"
    path = tmp_path / "h.xlsx"
    wb.save(path)
    res = read_input(path)
    assert res.info.sheets == ["Liste"] and res.skipped_sheets == ["Listen"]
    assert res.raw_cells is not None and res.raw_cells.columns.tolist() == ["Bezeichnung", "Menge", "C"]
    assert res.raw_cells.iloc[0].tolist() == ["Tee", 1.0, "Notiz"]
    assert res.table.raw[0] == {"Bezeichnung": "Tee", "Menge": 1.0, "C": "Notiz"}
    with pytest.raises(InputError, match="no header"):
        read_input(path, sheets=["Listen"])  # named explicitly: read, but it has no header


# ------------------------------------------------------------ property: generated workbooks

_HEADER_VARIANTS = {
    "description": ["Bezeichnung", "Artikeltext", "Artikelbezeichnung", "Description", "Produkt"],
    "quantity": ["Menge", "Anzahl", "Qty", "Menge (Stk.)"],
    "unit_price": ["EP", "Einzelpreis", "Unit price", "Preis je Einheit"],
    "supplier": ["Lieferant", "Kreditor", "Supplier"],
}


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    titles=st.integers(min_value=0, max_value=3),
    start_col=st.integers(min_value=1, max_value=3),
    headers=st.fixed_dictionaries({k: st.sampled_from(v) for k, v in _HEADER_VARIANTS.items()}),
    rows=st.lists(
        st.one_of(
            st.none(),
            st.tuples(
                st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüß -", min_size=1, max_size=15).filter(
                    lambda s: s.strip() and not s.strip().lower().startswith(("sum", "total", "gesamt", "ust"))),
                st.integers(min_value=-5, max_value=5000),
                st.decimals(min_value=0, max_value=10**6, places=2),
            ),
        ),
        min_size=1, max_size=15,
    ),
    total=st.booleans(),
)
def test_generated_workbooks_keep_every_row(
    titles: int, start_col: int, headers: dict[str, str], rows: list[tuple[str, int, object] | None], total: bool
) -> None:
    import tempfile

    wb = openpyxl.Workbook()
    ws = wb.active
    for i in range(titles):
        ws.cell(row=1 + i * 2, column=1, value=f"Beschaffung {i}")  # titles with gaps
    header_row = titles * 2 + 1
    order = ["description", "quantity", "unit_price", "supplier"]
    for j, role in enumerate(order):
        ws.cell(row=header_row, column=start_col + j, value=headers[role])
    expected = []
    r = header_row
    for row in rows:
        r += 1
        if row is None:
            expected.append((r, "blank", None, None))
            continue
        desc, qty, price = row
        german = f"{float(price):,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")  # type: ignore[arg-type]
        ws.cell(row=r, column=start_col, value=desc)
        ws.cell(row=r, column=start_col + 1, value=qty)
        ws.cell(row=r, column=start_col + 2, value=german)
        expected.append((r, "item", float(qty), float(price)))  # type: ignore[arg-type]
    if total:
        r += 1
        ws.cell(row=r, column=start_col, value="Summe")
        expected.append((r, "total", None, None))
    while expected and expected[-1][1] == "blank":
        expected.pop()
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "w.xlsx"
        wb.save(path)
        if not expected:
            with pytest.raises(InputError):
                read_input(path)
            return
        t = read_input(path).table
    assert t.source_row.tolist() == [e[0] for e in expected]
    assert t.row_kind.tolist() == [e[1] for e in expected]
    for (_, kind, qty, price), q, p in zip(expected, t.quantity, t.unit_price, strict=True):
        if kind == "item":
            assert q == qty and p == pytest.approx(price)


def test_load_column_map(tmp_path: Path) -> None:
    from fairbuy.errors import DataError
    from fairbuy.io import load_column_map

    y = tmp_path / "map.yaml"
    y.write_text("description: Artikeltext\nsupplier: Kreditor\n", encoding="utf-8")
    assert load_column_map(y) == {"description": "Artikeltext", "supplier": "Kreditor"}
    t = tmp_path / "map.txt"
    t.write_text("# Zuordnung\ndescription = Kurzinfo\n", encoding="utf-8")
    assert load_column_map(t) == {"description": "Kurzinfo"}
    bad = tmp_path / "bad.txt"
    bad.write_text("description=Text\nfarbe=Rot\n", encoding="utf-8")
    with pytest.raises(DataError) as e:
        load_column_map(bad)
    assert e.value.line == 2 and e.value.field == "farbe"


@pytest.mark.parametrize(
    ("desc", "qty", "other", "kind"),
    [
        ("Summe", "", "", "total"),
        ("Zwischensumme Kaffee", "12", "", "total"),
        ("zzgl. 19 % MwSt", "", "", "total"),
        ("MwSt 19 %", "", "", "total"),
        ("Vat", "2", "", "item"),  # a tank, with a quantity
        ("Total Eclipse Kaffee", "3", "", "item"),
        ("", "", "Gesamt:", "total"),
        ("Kaffee", "", "Gesamt:", "item"),  # description says it is an item
        ("+SUM(A1)", "2", "", "item"),
    ],
)
def test_total_rows(tmp_path: Path, desc: str, qty: str, other: str, kind: str) -> None:
    p = tmp_path / "t.csv"
    p.write_text(f"Bezeichnung;Menge;Bemerkung;Gesamtpreis\nTee;1;;2\n{desc};{qty};{other};100\n", encoding="utf-8")
    t = read_input(p).table
    assert t.row_kind[1] == kind


def test_utf16_unicode_text_export(tmp_path: Path) -> None:
    p = tmp_path / "unicode.txt"  # Excel's "Unicode text": UTF-16 with BOM, tab separated
    p.write_bytes("Bezeichnung\tMenge\tHerkunft\r\nKäse\t2\tÖsterreich\r\n".encode("utf-16"))
    res = read_input(p)
    assert res.info.encoding == "utf-16" and res.info.delimiter == "\t"
    assert res.table.description[0] == "Käse" and res.table.origin[0] == "AT"


@pytest.mark.parametrize("fast", [False, True])
def test_csv_wider_than_the_typed_columns_keeps_its_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         fast: bool) -> None:
    """More columns than the fast reader types as text (past MAX_COLUMNS, numbers would be
    inferred: "007" → 7, or a crash on a quoted file): the same cells as the line-by-line reader,
    one item per line."""
    from fairbuy.io.base import MAX_COLUMNS

    monkeypatch.setattr(csvread, "FAST_PATH_MIN_LINES", 0 if fast else 10**9)
    width = MAX_COLUMNS + 20
    lines = ["Bezeichnung;Menge;" + ";".join(f"c{i}" for i in range(width - 2))]
    lines += [f'"Kaffee {i}";007;' + ";".join("0" + str(j) for j in range(width - 2)) for i in range(30)]
    p = tmp_path / "wide.csv"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    t = read_input(p).table
    assert len(t) == 30
    assert t["description"].tolist() == [f"Kaffee {i}" for i in range(30)]
    assert t.source_row.tolist() == list(range(2, 32))
    assert t["quantity"].tolist() == [7.0] * 30
