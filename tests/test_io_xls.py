"""Legacy Excel 97-2003 workbooks (.xls, BIFF8 in an OLE2 compound file), written at test time
with xlwt: read like the same list saved as .xlsx; broken, encrypted and renamed files give one
clear line and exit code 2."""

from __future__ import annotations

import datetime as dt
import struct
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import xlwt
from click.testing import CliRunner

from fairbuy.cli import main
from fairbuy.errors import InputError
from fairbuy.io import read_input
from tests.hostile import ooxml

TITLE = "Beschaffungsliste Bauhof 2024"
HEADER = ["Bezeichnung", "Menge", "Einzelpreis", "Lieferant", "Herkunftsland", "Bestelldatum", "Art.-Nr."]
ROWS: list[list[object]] = [
    [TITLE],
    [],
    HEADER,  # row 3
    ["Kaffee gemahlen 500 g", 10, 5.49, "Kaffee GmbH", "Indien", dt.date(2024, 3, 1), "007"],
    ["Espresso Bohnen 1 kg", 4, "12,90", None, "Äthiopien", "02.03.2024", 4006381333931],
    [],  # row 6: blank
    ["Arbeitshandschuhe", "1.000", 1.2, "Textil KG", "BD", dt.datetime(2024, 3, 5, 12, 0), 12],
    ["Pflastersteine Granit", 120, 42.5, "Stein AG", "China", None, "A-77"],
    ["Summe", None, None, None, None, None, None],
]
#: The supplier cell of row 4 is merged over rows 4-5 (0-based rows 3..4, column 3).
MERGED = (3, 4, 3, 3)
SECOND = [["Artikeltext", "Anzahl", "Kreditor"], ["Tee schwarz", 2, "Teehaus OHG"]]


def _write_xls(path: Path, *, hidden: bool = True) -> Path:
    wb = xlwt.Workbook(encoding="utf-8")
    dates = xlwt.easyxf(num_format_str="DD.MM.YYYY")
    for sheet_name, rows, merged in (("Bestellungen", ROWS, MERGED), ("Nachbestellung", SECOND, None)):
        ws = wb.add_sheet(sheet_name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None or (merged and (r, c) == (merged[1], merged[2])):
                    continue
                if merged and (r, c) == (merged[0], merged[2]):
                    ws.write_merge(*merged, value)
                elif isinstance(value, dt.date):
                    ws.write(r, c, value, dates)
                else:
                    ws.write(r, c, value)
    if hidden:
        ws = wb.add_sheet("Listen")
        ws.write(0, 0, "Einheit")
        ws.write(1, 0, "Stk")
        ws.visibility = 1
    wb.save(str(path))
    return path


def _write_xlsx(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Bestellungen"
    for row in ROWS:
        ws.append(row)
    r0, r1, c0, c1 = MERGED
    ws.merge_cells(start_row=r0 + 1, end_row=r1 + 1, start_column=c0 + 1, end_column=c1 + 1)
    ws2 = wb.create_sheet("Nachbestellung")
    for row in SECOND:
        ws2.append(row)
    hidden = wb.create_sheet("Listen")
    hidden.append(["Einheit"])
    hidden.append(["Stk"])
    hidden.sheet_state = "hidden"
    wb.save(path)
    return path


def _comparable(table: pd.DataFrame) -> pd.DataFrame:
    return table.drop(columns=["source_file"]).reset_index(drop=True)


def test_xls_gives_the_same_items_as_xlsx(tmp_path: Path) -> None:
    xls = read_input(_write_xls(tmp_path / "liste.xls"))
    xlsx = read_input(_write_xlsx(tmp_path / "liste.xlsx"))
    assert xls.info.format == "xls" and xlsx.info.format == "xlsx"
    assert xls.info.sheets == xlsx.info.sheets == ["Bestellungen", "Nachbestellung"]
    assert xls.skipped_sheets == xlsx.skipped_sheets == ["Listen"]
    assert xls.info.rows == xlsx.info.rows == 7
    t = xls.table
    # every item traceable to sheet + Excel row
    assert list(zip(t.source_sheet, t.source_row, t.row_kind, strict=True)) == [
        ("Bestellungen", 4, "item"), ("Bestellungen", 5, "item"), ("Bestellungen", 6, "blank"),
        ("Bestellungen", 7, "item"), ("Bestellungen", 8, "item"), ("Bestellungen", 9, "total"),
        ("Nachbestellung", 2, "item"),
    ]
    assert t.description.tolist()[:2] == ["Kaffee gemahlen 500 g", "Espresso Bohnen 1 kg"]
    assert t.supplier.tolist()[:2] == ["Kaffee GmbH", "Kaffee GmbH"]  # merged over two rows
    assert t.quantity.tolist()[3] == 1000.0 and t.unit_price.tolist()[1] == 12.9
    assert t.purchase_date.tolist()[:2] == [dt.date(2024, 3, 1), dt.date(2024, 3, 2)]
    assert t.article_number.tolist()[:2] == ["007", "4006381333931"]
    assert t.origin.tolist()[:2] == ["IN", "ET"]
    pd.testing.assert_frame_equal(_comparable(t), _comparable(xlsx.table))
    # raw cells: the same values (.xls keeps whole numbers as integers, .xlsx as floats)
    assert t.raw.tolist() == xlsx.table.raw.tolist()


def test_xls_sheet_chosen_by_name(tmp_path: Path) -> None:
    path = _write_xls(tmp_path / "liste.xls")
    res = read_input(path, sheets=["Nachbestellung"])
    assert res.table.source_sheet.tolist() == ["Nachbestellung"] and res.table.source_row.tolist() == [2]
    with pytest.raises(InputError, match="no sheet named 'Fehlt'"):
        read_input(path, sheets=["Fehlt"])


def _workbook_records(data: bytes) -> list[tuple[int, int, int]]:
    """(record type, length, offset) of the workbook globals of an xlwt file, up to EOF."""
    pos = data.find(b"\x09\x08\x10\x00\x00\x06\x05\x00")  # BOF, BIFF8, workbook globals
    assert pos > 0
    out = []
    while True:
        typ, length = struct.unpack_from("<HH", data, pos)
        out.append((typ, length, pos))
        if typ == 0x000A:  # EOF
            return out
        pos += 4 + length


def _password_protected_xls(tmp_path: Path) -> Path:
    """An .xls as Excel writes one with a password to open: a FILEPASS record (RC4) in the
    workbook globals. It takes the place of the WRITEACCESS record (same length, so the compound
    file stays intact); the rest is not really encrypted, which a reader cannot tell before
    refusing the password."""
    data = bytearray(_write_xls(tmp_path / "plain.xls").read_bytes())
    _typ, length, pos = next(r for r in _workbook_records(bytes(data)) if r[0] == 0x005C)
    payload = struct.pack("<HHH", 1, 1, 1) + b"\x11" * 48  # RC4, version 1.1, salt + verifier + hash
    data[pos : pos + 4 + length] = struct.pack("<HH", 0x002F, length) + payload.ljust(length, b"\0")
    path = tmp_path / "passwort.xls"
    path.write_bytes(bytes(data))
    return path


def _cli_error(path: Path) -> str:
    result = CliRunner().invoke(main, ["check", str(path), "--generated-at", "2026-01-15T12:00:00+00:00"])
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and result.stdout == ""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert str(path) in lines[0]
    return lines[0]


def _corrupt_variants(tmp_path: Path) -> dict[str, bytes]:
    good = _write_xls(tmp_path / "gut.xls").read_bytes()
    records = _workbook_records(good)
    garbled = bytearray(good)
    first = records[1][2]  # a record length past the end of the stream
    garbled[first + 2 : first + 4] = b"\xff\xff"
    return {
        "halb.xls": good[: len(good) // 2],  # truncated download
        "kopf.xls": good[:512],  # compound file header only
        "nullen.xls": good[:8] + bytes(2000),  # OLE2 signature, then nothing
        "kaputt.xls": bytes(garbled),
    }


@pytest.mark.parametrize("name", ["halb.xls", "kopf.xls", "nullen.xls", "kaputt.xls"])
def test_corrupt_xls_one_line_exit_2(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(_corrupt_variants(tmp_path)[name])
    line = _cli_error(path)
    assert "cannot read workbook: corrupt or not an Excel 97-2003 (.xls) file" in line
    # calamine's own reason follows (not its "Cannot detect file format" for any unknown bytes)
    reason = line.split("(.xls) file: ", 1)[1]
    assert reason.strip() and "Cannot detect file format" not in reason


@pytest.mark.parametrize("name", ["passwort.xls", "passwort.xlsx"])
def test_password_protected_xls_one_line_exit_2(tmp_path: Path, name: str) -> None:
    path = _password_protected_xls(tmp_path)
    path = path.rename(tmp_path / name)
    line = _cli_error(path)
    assert "encrypted (password-protected) workbook; save it without a password" in line


def test_encrypted_xlsx_named_xls_one_line_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "geheim.xls"
    path.write_bytes(ooxml.encrypted_office_cfb())
    assert "encrypted (password-protected)" in _cli_error(path)


def test_ole_file_that_is_no_workbook(tmp_path: Path) -> None:
    """An OLE2 file without a Workbook stream (a Word 97 document, say) under an .xls name."""
    data = bytearray(ooxml.encrypted_office_cfb())
    for old, new in (("EncryptionInfo", "WordDocument"), ("EncryptedPackage", "1Table")):
        raw = old.encode("utf-16-le")
        at = data.find(raw)
        name = new.encode("utf-16-le")
        data[at : at + len(raw)] = name.ljust(len(raw), b"\0")
        struct.pack_into("<H", data, at + 64, len(name) + 2)
    path = tmp_path / "brief.xls"
    path.write_bytes(bytes(data))
    assert "Workbook stream" in _cli_error(path)


def test_renamed_workbooks_read_by_content(tmp_path: Path) -> None:
    """The content decides the format: an .xls saved under .xlsx (and the other way round) is read
    as what it is, with the same items; the report names the real format."""
    xls_as_xlsx = _write_xls(tmp_path / "alt.xls").rename(tmp_path / "alt.xlsx")
    xlsx_as_xls = _write_xlsx(tmp_path / "neu.xlsx").rename(tmp_path / "neu.xls")
    a, b = read_input(xls_as_xlsx), read_input(xlsx_as_xls)
    assert (a.info.format, b.info.format) == ("xls", "xlsx")
    pd.testing.assert_frame_equal(_comparable(a.table), _comparable(b.table))
    result = CliRunner().invoke(main, ["check", str(xls_as_xlsx), "-q", "-o", str(tmp_path / "r.json")])
    assert result.exit_code in (0, 1), result.stderr
