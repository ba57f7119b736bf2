"""Broken and hostile inputs: one-line InputErrors naming the file, or rows marked unreadable."""

from __future__ import annotations

import io
import re
import struct
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from fairbuy.errors import InputError
from fairbuy.io import read_input
from fairbuy.io.sheets import OLE_MAGIC


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def _one_line(e: pytest.ExceptionInfo[InputError], path: Path) -> str:
    msg = e.value.one_line()
    assert "\n" not in msg and str(path) in msg
    return msg


def test_missing_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        read_input(tmp_path / "nope.csv")
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="empty") as e:
        read_input(empty)
    _one_line(e, empty)
    with pytest.raises(InputError, match="folder"):
        read_input(tmp_path)
    blank = tmp_path / "blank.csv"
    blank.write_text("\n \n\n", encoding="utf-8")
    with pytest.raises(InputError, match="empty"):
        read_input(blank)


def test_display_path_used(tmp_path: Path) -> None:
    p = tmp_path / "x.csv"
    p.write_bytes(b"")
    with pytest.raises(InputError) as e:
        read_input(p, display_path="eingabe/x.csv")
    assert e.value.one_line().startswith("eingabe/x.csv:")


def test_corrupt_and_truncated_xlsx(tmp_path: Path) -> None:
    good = _xlsx(tmp_path / "good.xlsx", [["Bezeichnung", "Menge"], ["Tee", 1]]).read_bytes()
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(good[: len(good) // 2])
    with pytest.raises(InputError, match="corrupt") as e:
        read_input(truncated)
    _one_line(e, truncated)
    garbage = tmp_path / "garbage.xlsx"
    garbage.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)
    with pytest.raises(InputError):
        read_input(garbage)
    # a valid zip without the workbook parts
    missing = tmp_path / "missing.xlsx"
    buf = io.BytesIO()
    with zipfile.ZipFile(good and io.BytesIO(good)) as zin, zipfile.ZipFile(buf, "w") as zout:
        for item in zin.infolist():
            if item.filename != "xl/workbook.xml":
                zout.writestr(item, zin.read(item.filename))
    missing.write_bytes(buf.getvalue())
    with pytest.raises(InputError) as e:
        read_input(missing)
    _one_line(e, missing)


def test_zip_bomb_refused(tmp_path: Path) -> None:
    good = _xlsx(tmp_path / "good.xlsx", [["Bezeichnung", "Menge"], ["Tee", 1]]).read_bytes()
    # claim a sheet that unpacks to ~4 GB in the central directory (what a bomb looks like)
    data = bytearray(good)
    pos = data.find(b"PK\x01\x02")
    while pos >= 0:
        name_len = struct.unpack_from("<H", data, pos + 28)[0]
        name = bytes(data[pos + 46 : pos + 46 + name_len])
        if name == b"xl/worksheets/sheet1.xml":
            struct.pack_into("<I", data, pos + 24, 0xFFFFFF00)
        pos = data.find(b"PK\x01\x02", pos + 4)
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(bytes(data))
    t0 = time.monotonic()
    with pytest.raises(InputError, match="refused") as e:
        read_input(bomb)
    assert time.monotonic() - t0 < 5
    _one_line(e, bomb)


def test_real_high_ratio_member_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb2.xlsx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (120 << 20))
    bomb.write_bytes(buf.getvalue())
    assert bomb.stat().st_size < 1 << 20
    with pytest.raises(InputError, match="zip bomb"):
        read_input(bomb)


def test_encrypted_xlsx_detected(tmp_path: Path) -> None:
    # an encrypted OOXML file is an OLE2 container with EncryptionInfo/EncryptedPackage streams
    fake = bytearray(OLE_MAGIC + b"\0" * 504)
    fake += "EncryptionInfo".encode("utf-16-le") + b"\0" * 40 + "EncryptedPackage".encode("utf-16-le")
    fake += b"\0" * 1024
    p = tmp_path / "geheim.xlsx"
    p.write_bytes(bytes(fake))
    with pytest.raises(InputError, match="encrypted") as e:
        read_input(p)
    _one_line(e, p)


def test_bad_ole_is_input_error(tmp_path: Path) -> None:
    p = tmp_path / "alt.xls"
    p.write_bytes(OLE_MAGIC + b"\x00" * 2000)
    with pytest.raises(InputError):
        read_input(p)


def test_unsupported_formats(tmp_path: Path) -> None:
    docx = tmp_path / "brief.docx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    docx.write_bytes(buf.getvalue())
    with pytest.raises(InputError, match="unsupported"):
        read_input(docx)
    binary = tmp_path / "bild.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 200)
    with pytest.raises(InputError, match=r"unsupported|binary"):
        read_input(binary)


def test_sheet_without_header(tmp_path: Path) -> None:
    p = _xlsx(tmp_path / "noheader.xlsx", [["Kaffee", 3, 4.5], ["Tee", 1, 2.0]])
    with pytest.raises(InputError, match="no header") as e:
        read_input(p)
    assert e.value.sheet == "Sheet"
    # a second sheet without header next to a good one: its rows are unreadable, nothing lost
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Bezeichnung", "Menge"])
    ws.append(["Tee", 1])
    ws2 = wb.create_sheet("Notizen")
    ws2.append(["irgendwas", 1])
    ws2.append(["noch was", 2])
    path = tmp_path / "mixed.xlsx"
    wb.save(path)
    t = read_input(path).table
    assert t.row_kind.tolist() == ["item", "error", "error"]
    assert t.source_row.tolist() == [2, 1, 2]
    assert "no header" in t.read_error[1]


def test_million_empty_formatted_rows(tmp_path: Path) -> None:
    base = _xlsx(tmp_path / "base.xlsx", [["Bezeichnung", "Menge"], ["Tee", 1]])
    with zipfile.ZipFile(base) as zin:
        sheet = zin.read("xl/worksheets/sheet1.xml").decode()
        rows = "".join(f'<row r="{i}" s="1" customFormat="1"/>' for i in range(3, 1_048_577))
        sheet = sheet.replace("</sheetData>", rows + "</sheetData>")
        sheet = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:Z1048576"/>', sheet)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for item in zin.infolist():
                name = item.filename
                z.writestr(item, sheet if name == "xl/worksheets/sheet1.xml" else zin.read(name))
    p = tmp_path / "formatted.xlsx"
    p.write_bytes(buf.getvalue())
    t0 = time.monotonic()
    res = read_input(p)
    assert time.monotonic() - t0 < 10
    assert res.info.rows == 1 and res.table.source_row.tolist() == [2]


def test_csv_nul_bytes_and_invalid_utf8(tmp_path: Path) -> None:
    p = tmp_path / "nul.csv"
    p.write_bytes(b"Bezeichnung;Menge\nTee\x00;1\nKaffee \xff\xfe;2\n")
    res = read_input(p)
    assert res.info.encoding == "cp1252"
    assert res.table.description.tolist() == ["Tee", "Kaffee ÿþ"]
    binary = tmp_path / "bin.csv"
    binary.write_bytes(b"\x00\x01\x02" * 1000)
    with pytest.raises(InputError, match="binary"):
        read_input(binary)


def test_huge_cell_and_long_line(tmp_path: Path) -> None:
    p = tmp_path / "huge.csv"
    big = "x" * (10 << 20)
    p.write_text(f"Bezeichnung;Menge\nTee;1\n{big};2\nKaffee;{'9' * 1000}\n", encoding="utf-8")
    t = read_input(p).table
    assert t.row_kind.tolist() == ["item", "error", "item"]
    assert "longer than" in t.read_error[1] and t.description[1] is None
    assert t.quantity.isna()[2]  # an absurd number is not a number


def test_formula_text_kept_as_text(tmp_path: Path) -> None:
    p = tmp_path / "f.csv"
    p.write_text("Bezeichnung;Menge\n=cmd|' /C calc'!A0;1\n+SUM(A1);2\n@x;3\n", encoding="utf-8")
    t = read_input(p).table
    assert t.description.tolist() == ["=cmd|' /C calc'!A0", "+SUM(A1)", "@x"]
    assert t.row_kind.eq("item").all()


def test_absurd_numbers_and_dates(tmp_path: Path) -> None:
    p = tmp_path / "n.csv"
    p.write_text("Bezeichnung;Menge;EP;Bestelldatum\nA;1e308;NaN;31.12.9999\nB;-3;1,5;kein Datum\n",
                 encoding="utf-8")
    t = read_input(p).table
    assert t.quantity.isna()[0] and t.unit_price.isna()[0]
    assert str(t.purchase_date[0]) == "9999-12-31"
    assert t.quantity[1] == -3 and t.amount[1] == -4.5 and t.purchase_date[1] is None


def test_mixed_delimiters(tmp_path: Path) -> None:
    p = tmp_path / "mixed.csv"
    p.write_text("Bezeichnung;Menge;EP\nTee;1;2,5\nKaffee,2,3.5\nZucker;3;1\n", encoding="utf-8")
    t = read_input(p).table
    assert len(t) == 3 and t.source_row.tolist() == [2, 3, 4]
    # the record written with another delimiter is one text cell: an item without numbers (a
    # text-only row is a heading only when it looks like one), kept as written
    assert t.row_kind.tolist() == ["item", "item", "item"]
    assert t.description[1] == "Kaffee,2,3.5" and t.quantity.isna()[1]


def test_ods_minimal(tmp_path: Path) -> None:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        "<office:body><office:spreadsheet><table:table table:name=\"Liste\">"
        "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>Titel</text:p></table:table-cell></table:table-row>"
        "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>Bezeichnung</text:p></table:table-cell>"
        "<table:table-cell office:value-type=\"string\"><text:p>Menge</text:p></table:table-cell></table:table-row>"
        "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>Tee</text:p></table:table-cell>"
        "<table:table-cell office:value-type=\"float\" office:value=\"4\"><text:p>4</text:p></table:table-cell></table:table-row>"
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", manifest)
    p = tmp_path / "liste.ods"
    p.write_bytes(buf.getvalue())
    res = read_input(p)
    assert res.info.format == "ods" and res.info.sheets == ["Liste"]
    assert res.table.source_row.tolist() == [3] and res.table.quantity[0] == 4
    enc = tmp_path / "enc.ods"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "encrypted-bytes")
        z.writestr("META-INF/manifest.xml", manifest.replace("</manifest:manifest>",
                   "<manifest:encryption-data/></manifest:manifest>"))
    enc.write_bytes(buf.getvalue())
    with pytest.raises(InputError, match="encrypted"):
        read_input(enc)


def test_html_table_export(tmp_path: Path) -> None:
    html = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Export</title></head><body>"
        "<table><tr><td colspan='3'>Bestellungen 2024</td></tr>"
        "<tr><th>Bezeichnung</th><th>Menge</th><th>Einzelpreis</th></tr>"
        "<tr><td>Kaffee <b>Bio</b></td><td>2</td><td>4,50 €</td></tr>"
        "<tr><td></td><td></td><td></td></tr>"
        "<tr><td>Tee<table><tr><td>verschachtelt</td></tr></table></td><td>1</td><td>2</td></tr>"
        "</table><script>alert(1)</script></body></html>"
    )
    p = tmp_path / "export.xls"  # ERP exports often call HTML ".xls"
    p.write_text(html, encoding="utf-8")
    res = read_input(p)
    t = res.table
    assert res.info.format == "html"
    assert t.source_row.tolist() == [3, 4, 5] and t.row_kind.tolist() == ["item", "blank", "item"]
    assert t.description[0] == "Kaffee Bio" and t.amount[0] == 9.0 and t.currency[0] == "EUR"
    nohtml = tmp_path / "page.html"
    nohtml.write_text("<html><body><p>kein Inhalt</p></body></html>", encoding="utf-8")
    with pytest.raises(InputError, match="without a table"):
        read_input(nohtml)


def test_spreadsheetml_2003(tmp_path: Path) -> None:
    xml = (
        '<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?>'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'
        '<Worksheet ss:Name="Einkauf"><Table>'
        '<Row><Cell><Data ss:Type="String">Liste</Data></Cell></Row>'
        '<Row ss:Index="3"><Cell><Data ss:Type="String">Bezeichnung</Data></Cell>'
        '<Cell><Data ss:Type="String">Menge</Data></Cell><Cell><Data ss:Type="String">CPV</Data></Cell></Row>'
        '<Row><Cell><Data ss:Type="String">Kaffee</Data></Cell><Cell><Data ss:Type="Number">3</Data></Cell>'
        '<Cell><Data ss:Type="Number">15861000</Data></Cell></Row>'
        '<Row ss:Index="6"><Cell ss:Index="2"><Data ss:Type="Number">1</Data></Cell>'
        '<Cell><Data ss:Type="String">15861000</Data></Cell></Row>'
        "</Table></Worksheet></Workbook>"
    )
    p = tmp_path / "export.xml"
    p.write_text(xml, encoding="utf-8")
    res = read_input(p)
    t = res.table
    assert res.info.format == "xml-spreadsheet" and res.info.sheets == ["Einkauf"]
    assert t.source_row.tolist() == [4, 5, 6] and t.row_kind.tolist() == ["item", "blank", "item"]
    assert t.cpv.tolist() == ["15861000", None, "15861000"] and t.quantity[0] == 3


def test_far_away_cell_refused_before_allocation(tmp_path: Path) -> None:
    # calamine would allocate 1M x 16k cells (and abort the process); the extent check refuses first
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Bezeichnung", "Menge"])
    ws.append(["Tee", 1])
    ws["XFD1048576"] = "x"
    p = tmp_path / "far.xlsx"
    wb.save(p)
    with pytest.raises(InputError, match="refused: sheet spans") as e:
        read_input(p)
    assert e.value.sheet == "Sheet"
    ws["XFD1048576"] = None
    ws["Z30"] = "y"  # far but small: fine
    wb.save(p)
    assert read_input(p).table.source_row.tolist()[:1] == [2]


def test_misnamed_workbook_read_by_content(tmp_path: Path) -> None:
    src = _xlsx(tmp_path / "a.xlsx", [["Bezeichnung", "Menge"], ["Tee", 1]]).read_bytes()
    for name in ("liste.ods", "liste.csv", "liste"):
        p = tmp_path / name
        p.write_bytes(src)
        res = read_input(p)
        assert res.info.format == "xlsx" and res.table.description.tolist() == ["Tee"]
