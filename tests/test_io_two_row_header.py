"""Headers on two rows, as ERP exports write them: column names with a second row of units or
names below (``Artikel | Menge | Preis`` over ``Bezeichnung | (Stk) | (EUR netto)``), or a group
row above the column names (``Lieferant`` merged over ``Name | Land``). Both rows together name
the roles, the data starts below the second row, and row numbers stay those of the file."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import fairbuy.io.csvread as csvread
from fairbuy.io import read_input
from fairbuy.io.roles import find_header

# ------------------------------------------------------------------ find_header on rows


def test_second_row_of_units_below_the_names() -> None:
    rows = [["Artikel", "Menge", "Preis", "Lieferant"], ["Bezeichnung", "(Stk)", "(EUR netto)", ""],
            ["Kaffee", "10", "5,49", "Kaffee GmbH"]]
    h = find_header(rows)
    assert h is not None and h.index == 1 and h.rows == 2
    assert h.headers == ["Artikel Bezeichnung", "Menge (Stk)", "Preis (EUR netto)", "Lieferant"]
    assert h.roles == {"description": 0, "quantity": 1, "unit_price": 2, "supplier": 3}


def test_group_row_above_the_names() -> None:
    # as a CSV has it: the group's label only over its first column
    rows = [["Einkaufsliste Bauhof"], ["", "", "", "Lieferant", ""],
            ["Bezeichnung", "Menge", "Einzelpreis", "Name", "Land"], ["Kaffee", 10, 5.49, "Kaffee GmbH", "Brasilien"]]
    h = find_header(rows)
    assert h is not None and h.index == 2 and h.rows == 2
    assert h.headers[3:] == ["Lieferant Name", "Land"]
    assert h.roles == {"description": 0, "quantity": 1, "unit_price": 2, "supplier": 3, "origin": 4}


def test_group_row_merged_over_its_columns() -> None:
    # as a workbook has it once merged cells are filled: the label over every column of its group
    rows = [["Pos.", "Artikel", "Artikel", "Preise", "Preise", "Lieferant", "Lieferant"],
            ["Pos.", "Nr.", "Bezeichnung", "Einzel", "Gesamt", "Name", "Land"],
            [1, "4711", "Kaffee", 5.49, 54.9, "Kaffee GmbH", "Brasilien"]]
    h = find_header(rows)
    assert h is not None and h.index == 1 and h.rows == 2
    assert h.headers == ["Pos.", "Artikel Nr.", "Artikel Bezeichnung", "Preise Einzel", "Preise Gesamt",
                         "Lieferant Name", "Lieferant Land"]
    assert h.roles == {"article_number": 1, "description": 2, "unit_price": 3, "amount": 4, "supplier": 5,
                       "origin": 6}


@pytest.mark.parametrize(
    ("rows", "roles"),
    [
        # a second row's name does not take the role of the name the header row gives
        ([["Bezeichnung", "Menge", "Firma"], ["Text", "ME", "Name"], ["Tee", 1, "Teehaus"]],
         {"description": 0, "quantity": 1, "supplier": 2}),
        # a group's label is less specific than the names below it, whichever comes first
        ([["", "", "Lieferant", "Lieferant"], ["Bezeichnung", "Menge", "Land", "Name"], ["Tee", 1, "IN", "T"]],
         {"description": 0, "quantity": 1, "origin": 2, "supplier": 3}),
        # one unit note under the price
        ([["Pos.", "Bezeichnung", "Menge", "Preis"], ["", "", "", "(EUR)"], [1, "Tee", 1, 2.5]],
         {"description": 1, "quantity": 2, "unit_price": 3}),
        # "Lieferant" over "Nr." is the supplier's number
        ([["Bezeichnung", "Menge", "Lieferant"], ["", "(Stk)", "Nr."], ["Tee", 1, "70011"]],
         {"description": 0, "quantity": 1, "supplier_id": 2}),
    ],
)
def test_two_row_roles(rows: list[list[object]], roles: dict[str, int]) -> None:
    h = find_header(rows)
    assert h is not None and h.index == 1 and h.rows == 2 and h.roles == roles


@pytest.mark.parametrize(
    "rows",
    [
        # data rows right below the header: numbers, or text that names no column
        [["Bezeichnung", "Menge", "Preis"], ["Kaffee", "10", "5,49"]],
        [["Bezeichnung", "Lieferant", "Herkunftsland"], ["Kaffee", "Kaffee GmbH", "Brasilien"]],
        [["Bezeichnung", "Menge", "Preis"], ["Kaffee", "", "k.A."]],
        [["Bezeichnung", "Menge", "Preis"], ["Kaffee", "zehn", "auf Anfrage"]],
        [["Bezeichnung", "Menge", "Preis"], ["Material", "", ""]],  # one cell: a section, not a header row
        [["Bezeichnung", "Menge", "Preis"], ["(Muster)", "", ""]],  # one note, but in the first column
        [["Bezeichnung", "Menge", "Preis"], ["(1)", "(2)", "(3)"]],  # column numbers: digits
        # title lines above the header
        [["Liste 2024"], ["Lieferant: Muster GmbH"], ["Bezeichnung", "Menge", "Preis"], ["Tee", 1, 2]],
        [["Bestellungen"], ["Bezeichnung", "Menge", "Preis"], ["Tee", 1, 2]],
        [["Währung", "EUR"], ["Bezeichnung", "Menge", "Preis"], ["Tee", 1, 2]],  # names no more roles
    ],
)
def test_one_header_row_stays_one(rows: list[list[object]]) -> None:
    h = find_header(rows)
    assert h is not None and h.rows == 1
    assert h.headers[:3] == [str(v) for v in rows[h.index][:3]]
    assert rows[h.index][0] == "Bezeichnung"


def test_existing_title_and_header_detection_unchanged() -> None:
    rows = [["Liste 2024"], ["Lieferant: Muster GmbH"], ["Nr", "Bezeichnung", "Menge", "Preis"], ["1", "x", "2"]]
    h = find_header(rows)
    assert h is not None and h.index == 2 and h.rows == 1
    assert h.roles == {"description": 1, "quantity": 2, "unit_price": 3}


def test_column_map_finds_a_header_in_either_row() -> None:
    rows = [["Artikel", "Menge", "Preis", "Firma"], ["Bezeichnung", "(Stk)", "(EUR netto)", "Kurzname"],
            ["Kaffee", 10, 5.49, "Kaffee GmbH"]]
    h = find_header(rows, {"supplier": "Kurzname"})
    assert h is not None and h.index == 1 and h.roles["supplier"] == 3


# ------------------------------------------------------------------ CSV


_UNITS_CSV = (
    "Einkaufsliste Bauhof\r\n"
    "Artikel;Menge;Preis;Lieferant;Herkunft\r\n"
    "Bezeichnung;(Stk);(EUR netto);;\r\n"
    "Kaffee gemahlen;10;5,49;Kaffee GmbH;Brasilien\r\n"
    "\r\n"
    "Tee schwarz;2;3,20;Teehaus;Indien\r\n"
)
_GROUP_CSV = (
    ";;;Lieferant;\n"
    "Bezeichnung;Menge;Einzelpreis;Name;Land\n"
    "Kaffee gemahlen;10;5,49;Kaffee GmbH;Brasilien\n"
    "Tee schwarz;2;3,20;Teehaus;Indien\n"
)


@pytest.mark.parametrize("fast", [False, True])
@pytest.mark.parametrize(("text", "rows", "kinds"), [
    (_UNITS_CSV, [4, 5, 6], ["item", "blank", "item"]),
    (_GROUP_CSV, [3, 4], ["item", "item"]),
])
def test_csv_two_row_header(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast: bool, text: str,
                            rows: list[int], kinds: list[str]) -> None:
    monkeypatch.setattr(csvread, "FAST_PATH_MIN_LINES", 0 if fast else 10**9)
    path = tmp_path / "liste.csv"
    path.write_text(text, encoding="utf-8")
    res = read_input(path)
    t = res.table
    assert t.source_row.tolist() == rows and t.row_kind.tolist() == kinds
    items = t[t.row_kind == "item"]
    assert items.description.tolist() == ["Kaffee gemahlen", "Tee schwarz"]
    assert items.quantity.tolist() == [10.0, 2.0] and items.unit_price.tolist() == [5.49, 3.2]
    assert items.supplier.tolist() == ["Kaffee GmbH", "Teehaus"]
    assert items.origin.tolist() == ["BR", "IN"]
    # each item's line in the file holds its text
    lines = text.splitlines()
    for row, desc in zip(items.source_row, items.description, strict=True):
        assert lines[row - 1].startswith(desc + ";")


def test_csv_units_row_roles_and_raw_names(tmp_path: Path) -> None:
    path = tmp_path / "liste.csv"
    path.write_text(_UNITS_CSV, encoding="utf-8")
    res = read_input(path)
    assert res.roles[""] == {"description": "Artikel Bezeichnung", "quantity": "Menge (Stk)",
                             "unit_price": "Preis (EUR netto)", "supplier": "Lieferant", "origin": "Herkunft"}
    assert res.raw_cells is not None
    assert res.raw_cells.columns.tolist()[:3] == ["Artikel Bezeichnung", "Menge (Stk)", "Preis (EUR netto)"]


# ------------------------------------------------------------------ xlsx with merged cells


def test_xlsx_group_row_with_merged_cells(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Bestellungen"
    ws.append(["Beschaffungsliste Stadt Musterstadt 2024"])  # row 1
    ws.append(["Pos.", "Artikel", None, "Preise", None, "Lieferant", None])  # row 2: groups
    ws.append([None, "Nr.", "Bezeichnung", "Einzel", "Gesamt", "Name", "Land"])  # row 3
    ws.append([1, "4711", "Kaffee gemahlen", 5.49, 54.9, "Kaffee GmbH", "Brasilien"])  # row 4
    ws.append([2, "A-77", "Pflastersteine Granit", 42.5, 5100, "Stein AG", "China"])  # row 5
    ws.append([3, None, "Arbeitshandschuhe", 1.2, 1200, "Textil KG", "Bangladesch"])  # row 6
    ws.merge_cells("A2:A3")  # "Pos." over both header rows
    ws.merge_cells("B2:C2")
    ws.merge_cells("D2:E2")
    ws.merge_cells("F2:G2")
    ws.merge_cells("F5:F6")  # a supplier merged over two data rows still reaches both
    path = tmp_path / "liste.xlsx"
    wb.save(path)
    res = read_input(path)
    t = res.table
    assert t.source_sheet.tolist() == ["Bestellungen"] * 3 and t.source_row.tolist() == [4, 5, 6]
    assert t.row_kind.tolist() == ["item"] * 3
    assert t.description.tolist() == ["Kaffee gemahlen", "Pflastersteine Granit", "Arbeitshandschuhe"]
    assert t.article_number.tolist() == ["4711", "A-77", None]
    assert t.unit_price.tolist() == [5.49, 42.5, 1.2] and t.amount.tolist() == [54.9, 5100.0, 1200.0]
    assert t.supplier.tolist() == ["Kaffee GmbH", "Stein AG", "Stein AG"]
    assert t.origin.tolist() == ["BR", "CN", "BD"]
    assert res.roles["Bestellungen"]["supplier"] == "Lieferant Name"
    assert res.roles["Bestellungen"]["origin"] == "Lieferant Land"


def test_xlsx_units_row_below_names(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Artikel", "Menge", "Preis", None, "Lieferant"])  # row 1
    ws.append(["Bezeichnung", "(Stk)", "netto", "brutto", None])  # row 2
    ws.append(["Kaffee gemahlen", 10, 5.49, 6.53, "Kaffee GmbH"])  # row 3
    ws.append(["Tee schwarz", 2, 3.2, 3.81, "Teehaus"])  # row 4
    ws.merge_cells("C1:D1")
    ws.merge_cells("E1:E2")
    path = tmp_path / "einheiten.xlsx"
    wb.save(path)
    res = read_input(path)
    t = res.table
    assert t.source_row.tolist() == [3, 4] and t.row_kind.tolist() == ["item", "item"]
    assert t.description.tolist() == ["Kaffee gemahlen", "Tee schwarz"]
    assert t.quantity.tolist() == [10.0, 2.0] and t.unit_price.tolist() == [5.49, 3.2]
    assert t.supplier.tolist() == ["Kaffee GmbH", "Teehaus"]
    assert res.roles["Sheet"]["unit_price"] == "Preis netto"


# ------------------------------------------------------------------ property: generated lists

_NAMES = {
    "description": ["Bezeichnung", "Artikeltext", "Artikel", "Produkt"],
    "quantity": ["Menge", "Anzahl", "Stückzahl"],
    "unit_price": ["Einzelpreis", "Preis", "EP"],
    "supplier": ["Lieferant", "Kreditor", "Firma"],
}
#: What a second row says below each column (a unit note, or a more specific name).
_UNITS = {
    "description": ["", "Bezeichnung", "Text", "Kurztext"],
    "quantity": ["", "(Stk)", "Stk", "ME", "[kg]"],
    "unit_price": ["", "(EUR netto)", "[EUR]", "netto", "in €", "brutto", "€"],
    "supplier": ["", "Name", "Nr.", "(Kurzname)"],
}
_ORDER = ["description", "quantity", "unit_price", "supplier"]
#: What a group row above says over each column: nothing, or the group the column belongs to. (A
#: group row naming other columns than those below it — "Mengen" over "Lieferant" — is no layout
#: anyone writes, and has no right reading: which row's names should win is undecidable.)
_GROUPS = {"description": ["", "Artikel"], "quantity": ["", "Mengen"], "unit_price": ["", "Preise"],
           "supplier": ["", "Lieferant"]}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    titles=st.integers(0, 2),
    names=st.fixed_dictionaries({k: st.sampled_from(v) for k, v in _NAMES.items()}),
    units=st.one_of(st.none(), st.tuples(*(st.sampled_from(_UNITS[r]) for r in _ORDER)).filter(
        lambda u: sum(map(bool, u)) >= 2)),  # (a units row has two or more cells)
    groups=st.one_of(st.none(), st.tuples(*(st.sampled_from(_GROUPS[r]) for r in _ORDER)).map(list)),
    rows=st.lists(
        st.tuples(
            st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüß -", min_size=1, max_size=12).filter(
                lambda s: s.strip() and not s.strip().lower().startswith(("sum", "total", "gesamt", "ust"))),
            st.integers(0, 5000),
            st.sampled_from(["", "k.A.", "Teehaus", "Kaffee GmbH"]),
        ),
        min_size=1, max_size=8,
    ),
    fast=st.booleans(),
)
def test_generated_lists_keep_every_data_row(
    titles: int, names: dict[str, str], units: tuple[str, ...] | None, groups: list[str] | None,
    rows: list[tuple[str, int, str]], fast: bool,
) -> None:
    """Whatever the header rows (one, units below, or groups above): every data row below them is
    an item on its own line, none is taken for a header row, and the roles stay found. (A header
    on three rows is not looked for.)"""
    import tempfile

    assume(units is None or groups is None)

    lines = [f"Einkaufsliste {i + 1}" for i in range(titles)]
    if groups is not None:
        lines.append(";".join(groups))
    lines.append(";".join(names[r] for r in _ORDER))
    if units is not None:
        lines.append(";".join(units))
    first = len(lines) + 1
    for desc, qty, supplier in rows:
        lines.append(f"{desc};{qty};1,50;{supplier}")
    with tempfile.TemporaryDirectory() as d, pytest.MonkeyPatch.context() as mp:
        mp.setattr(csvread, "FAST_PATH_MIN_LINES", 0 if fast else 10**9)
        path = Path(d) / "liste.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        res = read_input(path)
    t = res.table
    assert t.source_row.tolist() == list(range(first, first + len(rows)))
    assert t.description.tolist() == [r[0].strip() for r in rows]
    assert t.quantity.tolist() == [float(r[1]) for r in rows]
    assert {"description", "quantity", "unit_price"} <= set(res.roles[""])


def test_two_stacked_rows_that_each_name_the_columns(tmp_path: Path) -> None:
    """A row above the header that names columns too but does not join it (its words sit over
    other columns) leaves the lower row the header: the lower row is no item (found by the
    property test above with another seed: 'Bezeichnung' came out as an item)."""
    path = tmp_path / "liste.csv"
    path.write_text("Preise;Mengen;Lieferant;Artikel\nBezeichnung;Menge;Einzelpreis;Lieferant\na;0;1,50;\n",
                    encoding="utf-8")
    t = read_input(path).table
    assert t.source_row.tolist() == [3]
    assert t.description.tolist() == ["a"] and t.unit_price.tolist() == [1.5]
