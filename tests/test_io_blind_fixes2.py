"""Reader fixes found with the blind reader set, second round: ambiguous ``1.000`` decided by the
row, non-item rows (``davon``, sign-off, budget lines, group headings), German long dates, header
cells merged over two header rows."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from fairbuy.io import read_input
from fairbuy.io.parsing import Factorized, number_readings_uniques, parse_number, parse_numbers


def _csv(tmp_path: Path, text: str, name: str = "l.csv") -> pd.DataFrame:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return read_input(p).table


def test_ambiguous_numbers_have_their_other_reading() -> None:
    f = Factorized.of(pd.Series(["5.000", "1,000", "-2.500", "1.5", "1.234,5", "12.345.678", "0,045", "4"],
                                dtype=object))
    nums, bad, other = number_readings_uniques(f, "de")
    assert nums.tolist()[:3] == [5000.0, 1.0, -2500.0]
    assert other.tolist()[:3] == [5.0, 1000.0, -2.5]
    # one reading only: two decimals, both separators, several groups, a zero before the separator
    assert np.isnan(other[3:]).all()
    assert not bad.any()


def test_zero_before_the_only_separator_is_a_decimal() -> None:
    assert parse_number("0,045", "en") == 0.045
    assert parse_number("0.125", "de") == 0.125
    nums, _ = parse_numbers(pd.Series(["0.125", "-0,045"], dtype=object), "de")
    assert nums.tolist() == [0.125, -0.045]
    # and it tells the column's style: "1.000" next to "0,045" is German
    nums, _ = parse_numbers(pd.Series(["1.000", "0,045"], dtype=object), default="en")
    assert nums.tolist() == [1000.0, 0.045]


def test_ambiguous_quantity_decided_by_quantity_times_price(tmp_path: Path) -> None:
    # the column reads English ("1.5" is the only evidence), but the rows say otherwise
    t = _csv(tmp_path, "Artikel;Menge;EP;Gesamt\n"
                       "Papier;5.000;0,0125;62,50\n"     # 5000 × 0,0125 = 62,50
                       "Kaffee;1.5;18,00;27,00\n"
                       "Sand;1,000;38,00;38,00\n"        # 1,0 × 38 = 38 (en would read 1000)
                       "Salz;2.500;0,12;\n"              # no amount: the column's reading stays
                       "Stifte;3.000;2,00;6,00\n"        # the column's reading (3) fits: kept
                       "Wartung;1;1.234;1.234\n")        # two ambiguous cells: the column decides
    assert t["quantity"].tolist() == [5000.0, 1.5, 1.0, 2.5, 3.0, 1.0]
    assert t["unit_price"].tolist()[5] == 1234.0
    assert t["amount"].tolist()[5] == 1234.0


def test_ambiguous_price_or_amount_decided_by_the_row(tmp_path: Path) -> None:
    # a German column (",50"), one "1.250" price that is 1,25 by the row; an amount "2.000" = 2000
    t = _csv(tmp_path, "Artikel;Menge;EP;Gesamt\n"
                       "Tee;4;1.250;5,00\n"
                       "Bank;2;1.000,00;2.000\n"
                       "Stuhl;2;12,50;25,00\n")
    assert t["unit_price"].tolist() == [1.25, 1000.0, 12.5]
    assert t["amount"].tolist() == [5.0, 2000.0, 25.0]


def _xlsx(tmp_path: Path, rows: list[list[object]], merged: tuple[str, ...] = ()) -> pd.DataFrame:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    for m in merged:
        ws.merge_cells(m)
    p = tmp_path / "l.xlsx"
    wb.save(p)
    return read_input(p).table


def _kinds(t: pd.DataFrame) -> dict[str, str]:
    return {str(d): k for d, k in zip(t["description"], t["row_kind"], strict=True)}


def test_davon_and_sign_off_rows_are_no_items(tmp_path: Path) -> None:
    t = _xlsx(tmp_path, [
        ["Kostenstelle", "Bezeichnung", "Menge", "EP netto", "GP netto", "Lieferant"],
        [4712, "Pflastersteine Basalt", 12, 210, 2520, "Naturstein GmbH"],
        [4712, "Unterschriftenmappe A4", 2, 9.5, 19, "Büro Schmitz"],     # a product, not a signature
        [4712, "Davon-Brücke Modellbau", 1, 30, 30, "Bastelbedarf"],      # not 'davon …'
        [None, "Zwischensumme Kostenstelle 4712", None, None, 2569, None],
        [None, "davon Naturstein", None, None, 2520, None],
        [None, "Geprüft: 15.01.2026, gez. Hartmann", None, None, None, None],
        [None, "sachlich und rechnerisch richtig", None, None, None, None],
    ])
    kinds = _kinds(t)
    assert kinds["Pflastersteine Basalt"] == kinds["Unterschriftenmappe A4"] == "item"
    assert kinds["Davon-Brücke Modellbau"] == "item"
    assert kinds["davon Naturstein"] == "total"  # a part of the subtotal: its spend is counted already
    assert kinds["Geprüft: 15.01.2026, gez. Hartmann"] == "error"
    assert kinds["sachlich und rechnerisch richtig"] == "error"
    errors = dict(zip(t["description"], t["read_error"], strict=True))
    assert errors["Geprüft: 15.01.2026, gez. Hartmann"] == "sign-off or approval line (not an item)"
    assert t.loc[t["row_kind"] == "item", "amount"].sum() == 2569


def test_group_headings_are_no_items_but_items_without_price_are(tmp_path: Path) -> None:
    t = _xlsx(tmp_path, [
        ["Kostenstelle", "Bezeichnung", "Menge", "Einheit", "EP netto", "GP netto", "Lieferant"],
        ["Kostenstelle 4711 – Friedhöfe"],                         # merged over the row (A2:G2)
        [4711, "Grabeinfassung Granit", 6, "Satz", 310, 1860, "Steinmetz Becker"],
        [None, "Kostenstelle 4712 – Parks"],                      # typed into the description only
        [4711, "Blumenzwiebeln", 2000, "Stk", None, None, None],   # quantity, no price: an item
        [None, "Rindenmulch", None, None, None, None, "Gärtnerei Krause"],  # a supplier: an item
        [None, "Kies", None, "t"],                                 # a unit: an item
        [None, "Friedhof Nord:"],                                  # a closing colon: a heading
        [None, "Grabstein Granit"],                                # only text, no heading: an item
        [None, "0"],                                               # (its verdict is kept)
    ], merged=("A2:G2",))
    assert t["row_kind"].tolist() == ["error", "item", "error", "item", "item", "item", "error", "item", "item"]
    assert all(t["read_error"][i].startswith("text only") for i in (0, 2, 6))
    assert t["source_row"].tolist() == [2, 3, 4, 5, 6, 7, 8, 9, 10]


def test_text_only_rows_stay_items_in_a_list_without_numbers(tmp_path: Path) -> None:
    # no quantity/price/amount column at all: a description is all an item can have
    t = _csv(tmp_path, "Bezeichnung;Lieferant\nKaffee;Weltladen\nTee;\n")
    assert t["row_kind"].tolist() == ["item", "item"]


def test_budget_lines_below_the_total_are_no_items(tmp_path: Path) -> None:
    t = _xlsx(tmp_path, [
        ["Datum", "Was", "Anz.", "Preis", "Summe", "Wo bestellt"],
        ["13.01.25", "Buntstifte", 25, 4.99, 124.75, "Spielwaren Lindner"],
        [None, "Restbudget Tonpapier", 1, 20, 20, "Bürobedarf"],   # above the total, with a quantity: an item
        [None, "Summe", None, None, 144.75, None],
        [None, "noch verfügbar:", None, None, 2855.25, None],
        [None, "Budget 2025", None, None, 3000, None],
        [None, "Budgetplaner", 2, 5, 10, "Bürobedarf"],            # a late item with numbers stays one
    ])
    assert t["row_kind"].tolist() == ["item", "item", "total", "error", "error", "item"]
    assert t["read_error"][3] == "budget or balance line below the total (not an item)"
    assert t.loc[t["row_kind"] == "item", "amount"].sum() == 154.75


def test_budget_word_above_any_total_is_left_alone(tmp_path: Path) -> None:
    t = _csv(tmp_path, "Bezeichnung;Menge;Betrag\nKaffee;1;5,00\nRestbudget;;100,00\n")
    assert t["row_kind"].tolist() == ["item", "item"]


def test_dates_with_month_names() -> None:
    import datetime as dt

    from fairbuy.io.parsing import parse_date, parse_dates

    april7 = dt.date(2025, 4, 7)
    for text in ("7. April 2025", "7. Apr. 2025", "07. April 2025", "7 April 2025", "April 7, 2025",
                 "Apr 7, 2025", "Montag, 7. April 2025", "7th April 2025", " 7. APRIL 2025 "):
        assert parse_date(text) == april7, text
    assert parse_date("3. März 2025") == parse_date("3. Maerz 2025") == dt.date(2025, 3, 3)
    assert parse_date("1. Jänner 2026") == dt.date(2026, 1, 1)
    assert parse_date("Sept. 30, 2025") == dt.date(2025, 9, 30)
    # not a date: no day, an impossible day, a word that is no month
    for text in ("April 2025", "31. Februar 2025", "7. Aprilscherz 2025", "7 Stück 2025"):
        assert parse_date(text) is None, text
    assert parse_dates(pd.Series(["7. April 2025", "01.02.2025", None], dtype=object)).tolist() == [
        april7, dt.date(2025, 2, 1), None]


def test_header_cells_merged_over_two_rows_make_one_header(tmp_path: Path) -> None:
    import datetime as dt

    rows: list[list[object]] = [
        ["Ordnungsamt – Dienstkleidung 2025"],
        [],
        ["Artikel", "Menge", "ME", "Preis (€ netto)", None, "Lieferant", "Datum", None],
        [None, None, None, "je Einheit", "gesamt", None, "Bestellung", "Rechnung"],
        ["Regenjacke", 12, "Stk", 74, 888, "Hansen GmbH", dt.datetime(2025, 3, 4), dt.datetime(2025, 3, 25)],
        ["Poloshirt", 24, "Stk", 18.5, 444, "Textil-Fair eG", dt.datetime(2025, 1, 15), dt.datetime(2025, 2, 3)],
    ]
    t = _xlsx(tmp_path, rows, merged=("A3:A4", "B3:B4", "C3:C4", "D3:E3", "F3:F4", "G3:H3"))
    assert t["source_row"].tolist() == [5, 6]  # row 4 is the header's second row, not an item
    assert t["row_kind"].tolist() == ["item", "item"]
    assert t["unit_price"].tolist() == [74, 18.5] and t["amount"].tolist() == [888, 444]
    # the date under "Datum / Bestellung", not "Rechnung"; "Bestellung" is no order number here
    assert t["purchase_date"].tolist() == [dt.date(2025, 3, 4), dt.date(2025, 1, 15)]
    assert t["document_number"].isna().all()


def test_text_row_below_the_header_is_no_header_row(tmp_path: Path) -> None:
    # one cell equal to the header above is no merged header: the row stays data
    t = _xlsx(tmp_path, [
        ["Artikel", "Lieferant", "Bemerkung", "Menge"],
        ["Artikel", "Weltladen", "Rechnung fehlt", None],
        ["Kaffee", "Weltladen", "fair", 2],
    ])
    assert t["source_row"].tolist() == [2, 3]
    assert t["row_kind"].tolist() == ["item", "item"]
