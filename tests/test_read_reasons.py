"""The readers' reasons reach the report in German (``message``) and English (``message_en``)."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from fairbuy import check
from fairbuy.io.reader import NO_HEADER
from fairbuy.io.reasons import german
from fairbuy.models import ItemResult


def _read_messages(item: ItemResult) -> list[tuple[str, str]]:
    return [(f.message, f.message_en or "") for f in item.findings if f.rule_id == "read"]


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "liste.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_cells_that_are_no_number_and_rows_without_description(tmp_path: Path) -> None:
    src = _csv(tmp_path, "Bezeichnung;Menge;Einzelpreis\n"
                         "Kaffee 1 kg;abc;12,50\n"
                         ";3;4,00\n"
                         "Bezeichnung;Menge;Einzelpreis\n"
                         "Tee;2;3,00\n")
    items = check([src]).items
    assert _read_messages(items[0]) == [(
        "Hinweis zum Einlesen: Menge 'abc' ist keine Zahl (als fehlend behandelt)",
        "Reading note: quantity 'abc' is not a number (treated as missing)")]
    de, en = _read_messages(items[1])[0]
    assert de == "Zeile nicht lesbar: Zeile ohne Bezeichnung, Artikelnummer oder CPV-Code"
    assert en == "Row could not be read: row has no description, article number or CPV code"
    de, en = _read_messages(items[2])[0]
    assert de == "Zeile nicht lesbar: wiederholte Kopfzeile (keine Position)"
    assert en == "Row could not be read: repeated column header row (not an item)"
    assert items[3].status != "unreadable"


def test_a_sheet_without_header(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Bestellungen"
    ws.append(["Bezeichnung", "Menge", "Einzelpreis"])
    ws.append(["Kaffee", 2, 5.0])
    notes = wb.create_sheet("Hinweise")
    notes.append(["Bitte bis Freitag zurückmelden"])
    src = tmp_path / "liste.xlsx"
    wb.save(src)
    items = check([src]).items
    sheet_row = next(i for i in items if i.source.sheet == "Hinweise")
    de, en = _read_messages(sheet_row)[0]
    assert de.startswith("Zeile nicht lesbar: keine Kopfzeile erkannt (erwartet werden Spaltennamen")
    assert "recognised" not in de
    assert en == f"Row could not be read: {NO_HEADER}"


def test_a_too_long_cell(tmp_path: Path) -> None:
    src = _csv(tmp_path, "Bezeichnung;Menge\nKaffee;2\n" + "x" * 40_000 + ";1\n")
    de, en = _read_messages(check([src]).items[1])[0]
    assert de == "Zeile nicht lesbar: eine Zelle ist länger als 32767 Zeichen"
    assert en == "Row could not be read: a cell is longer than 32767 characters"


def test_headings_sign_offs_and_budget_lines(tmp_path: Path) -> None:
    src = _csv(tmp_path, "Bezeichnung;Menge;Einzelpreis;Betrag\n"
                         "Kostenstelle 4711 Friedhöfe;;;\n"
                         "Kaffee 1 kg;2;12,50;25,00\n"
                         "Summe;;;25,00\n"
                         "noch verfügbar:;;;475,00\n"
                         "Geprüft: 15.01.2026, gez. Hartmann;;;\n")
    items = check([src]).items
    got = [_read_messages(i)[0][0] if _read_messages(i) else None for i in items]
    assert got[0] == ("Zeile nicht lesbar: nur Text (keine Menge, kein Preis, kein Betrag): "
                      "Überschrift oder Bemerkung, keine Position")
    assert got[1] is None
    assert got[3] == "Zeile nicht lesbar: Budget- oder Restbetragszeile unter der Summe (keine Position)"
    assert got[4] == "Zeile nicht lesbar: Prüf- oder Freigabevermerk (keine Position)"


def test_joined_and_unknown_reasons() -> None:
    joined = "quantity 'x' is not a number (treated as missing); amount \"1'0\" is not a number (treated as missing)"
    assert german(joined) == ("Menge 'x' ist keine Zahl (als fehlend behandelt); "
                              "Betrag \"1'0\" ist keine Zahl (als fehlend behandelt)")
    assert german("something new") == "something new"
    assert "recognised" not in german(NO_HEADER)
