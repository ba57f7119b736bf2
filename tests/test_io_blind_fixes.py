"""Reader fixes found with the blind reader set (benchmarks/blind-readers): header names real
exports use, CPV codes mangled by Excel, quantities with their unit, US dates, repeated headers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from fairbuy.io import read_input
from fairbuy.io.parsing import parse_dates, parse_number, parse_numbers, to_cpv
from fairbuy.io.roles import assign_roles, match_role


def _items(path: Path) -> pd.DataFrame:
    return read_input(path).table


@pytest.mark.parametrize(("header", "role"), [
    ("Preis/Einheit", "unit_price"), ("Preis/Stück", "unit_price"), ("Purchase PPU", "unit_price"),
    ("Bez.", "description"), ("Buchungstext", "description"), ("Title", "description"), ("Was", "description"),
    ("Name 1", "supplier"), ("Wo bestellt", "supplier"), ("Nettobestellwert", "amount"),
    ("GP netto", "amount"), ("Item Subtotal", "amount"), ("Datum Bestellung", "purchase_date"),
])
def test_header_names_of_real_exports(header: str, role: str) -> None:
    assert match_role(header)[0] == role


@pytest.mark.parametrize("header", ["noch was", "Job title", "USt-Betrag", "Item Tax", "Product Category", "Warengruppe", "Preiseinheit"])
def test_tax_class_and_price_unit_columns_have_no_role(header: str) -> None:
    assert match_role(header)[0] is None


def test_generic_and_later_columns_lose_to_specific_ones() -> None:
    # SAP ME2N: "Material" is the material number, "Kurztext" the description
    roles = assign_roles(["Einkaufsbeleg", "Material", "Kurztext", "Bestellmenge", "Nettopreis",
                          "Nettobestellwert", "Name des Lieferanten"])
    assert roles["description"] == 2
    # net line amount, not the VAT amount next to it; the order date, not the invoice date
    roles = assign_roles(["Bezeichnung", "Menge", "EP netto", "USt-Betrag", "GP netto", "GP brutto",
                          "Rechnungsdatum", "Bestelldatum"])
    assert roles["amount"] == 4
    assert roles["purchase_date"] == 7
    # "Preis/Einheit" next to "Einheit": the unit stays the unit, the price is the price
    roles = assign_roles(["Artikel", "Anzahl", "Einheit", "Preis/Einheit", "Gesamt"])
    assert (roles["unit"], roles["unit_price"], roles["quantity"]) == (2, 3, 1)


def test_cpv_codes_cleaned() -> None:
    got = to_cpv(pd.Series([3121200.0, "CPV 03121210-0", "44113130 - 5", "39830000\u20119", "n.v.",
                            "15861000", None, "Kaffee"], dtype=object)).tolist()
    assert got == ["03121200", "03121210-0", "44113130-5", "39830000-9", None, "15861000", None, "Kaffee"]


def test_typographic_minus_is_a_minus() -> None:
    assert parse_number("\u221212,50") == -12.5
    nums, bad = parse_numbers(pd.Series(["\u221212,50", "12,50-", "(3,00)"], dtype=object))
    assert nums.tolist() == [-12.5, -12.5, -3.0] and not bad.any()


def test_us_dates_decided_per_column() -> None:
    got = parse_dates(pd.Series(["01/13/2025", "04/09/2025", "06/11/2025"], dtype=object)).tolist()
    assert got == [dt.date(2025, 1, 13), dt.date(2025, 4, 9), dt.date(2025, 6, 11)]
    # without a month-first clue slash dates stay day first (German)
    got = parse_dates(pd.Series(["13/01/2025", "04/09/2025"], dtype=object)).tolist()
    assert got == [dt.date(2025, 1, 13), dt.date(2025, 9, 4)]


def test_quantity_with_unit_in_the_cell(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Artikelbezeichnung", "Menge", "Einzelpreis", "Gesamtbetrag"])
    ws.append(["Holzpuzzle", "10 Stück", "12,90 €", "129,00 €"])
    ws.append(["Stoffpuppe", "8 Stk.", "24,50 €", "196,00 €"])
    ws.append(["Knete", "2,5 kg", "4,00 €", "10,00 €"])
    ws.append(["Spielteppich", "viele", "40,00 €", "40,00 €"])
    p = tmp_path / "q.xlsx"
    wb.save(p)
    t = _items(p)
    assert t["quantity"].tolist()[:3] == [10.0, 8.0, 2.5]
    assert t["unit"].tolist()[:3] == ["Stück", "Stk.", "kg"]
    assert pd.isna(t["quantity"].iloc[3])
    assert "viele" in str(t["read_error"].iloc[3])
    assert t["row_kind"].tolist() == ["item"] * 4


def test_repeated_header_row_is_no_item_and_keeps_its_line(tmp_path: Path) -> None:
    p = tmp_path / "druck.csv"
    p.write_text(
        "Artikelbezeichnung;Menge;EP;Lieferant\n"
        "Kies 8/16;4;38,00;Baustoffe Krämer\n"
        "Artikelbezeichnung;Menge;EP;Lieferant\n"
        "Randstein;10;12,00;Stein AG\n",
        encoding="utf-8",
    )
    t = _items(p)
    assert t["source_row"].tolist() == [2, 3, 4]
    assert t["row_kind"].tolist() == ["item", "error", "item"]
    assert "repeated column header" in t["read_error"].iloc[1]
    assert t["quantity"].iloc[2] == 10.0
