"""fairbuy.io.guards on the hostile corpus: the checks readers run before any parsing."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest

from fairbuy.errors import InputError
from fairbuy.io import guards
from tests.hostile import corpus, ooxml


def _make(name: str, tmp_path: Path) -> Path:
    case = corpus.CASES_BY_NAME[name]
    path = tmp_path / case.filename
    case.make(path)
    return path


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("bad_zip", "not a valid zip archive"),
        ("truncated_xlsx", "not a valid zip archive"),
        ("corrupt_member", "is corrupt"),
        ("missing_workbook", "xl/workbook.xml is missing"),
        ("zip_bomb", "zip bomb"),
        ("lying_zip_bomb", "corrupt"),
        ("ods_bomb", "zip bomb"),
        ("encrypted_xlsx", "encrypted"),
        ("ole2_named_xlsx", "old binary Office"),
        ("pdf_named_xlsx", "not a zip archive"),
        ("shared_strings_bomb", "declares 4,000,000,000 strings"),
    ],
)
def test_guard_refuses_quickly(name: str, message: str, tmp_path: Path) -> None:
    path = _make(name, tmp_path)
    start = time.monotonic()
    with pytest.raises(InputError, match=message) as info:
        guards.guard_office_file(path, display_path="shown/" + path.name)
    assert time.monotonic() - start < 2.0
    assert info.value.path == "shown/" + path.name
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    "name",
    ["million_formatted_rows", "styled_empty_cells", "huge_dimension", "xlsx_formulas", "xlsx_10mb_cell",
     "shared_strings", "merge_count_lie"],
)
def test_guard_lets_real_workbooks_through(name: str, tmp_path: Path) -> None:
    guards.guard_office_file(_make(name, tmp_path))


def test_guard_accepts_workbooks_of_real_writers(tmp_path: Path, example_xlsx: Path) -> None:
    import openpyxl
    import xlsxwriter

    guards.guard_office_file(example_xlsx)
    a = tmp_path / "openpyxl.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Bezeichnung", "Menge"])
    wb.save(a)
    guards.guard_office_file(a)
    b = tmp_path / "xlsxwriter.xlsm"
    book = xlsxwriter.Workbook(str(b))
    book.add_worksheet().write_row(0, 0, ["Bezeichnung", "Menge"])
    book.close()
    guards.guard_office_file(b, fmt="xlsm")


def test_ods_needs_content_xml(tmp_path: Path) -> None:
    path = tmp_path / "x.ods"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    with pytest.raises(InputError, match=r"content\.xml"):
        guards.guard_office_file(path)


def test_xls_is_cfb(tmp_path: Path) -> None:
    xls = tmp_path / "alt.xls"
    corpus._cfb_named_xlsx(xls)
    guards.guard_office_file(xls)  # an unencrypted OLE2 file is what an .xls is
    enc = tmp_path / "enc.xls"
    enc.write_bytes(ooxml.encrypted_office_cfb())
    with pytest.raises(InputError, match="encrypted"):
        guards.guard_office_file(enc)
    renamed = tmp_path / "neu.xls"
    ooxml.write_xlsx(renamed, corpus.GOOD_ROWS)
    with pytest.raises(InputError, match="xlsx renamed"):
        guards.guard_office_file(renamed)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "leer.xlsx"
    path.write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        guards.guard_office_file(path)


def test_zip_limits_are_parameters(tmp_path: Path) -> None:
    path = tmp_path / "ok.xlsx"
    ooxml.write_xlsx(path, corpus.GOOD_ROWS)
    with pytest.raises(InputError, match="would unpack"):
        guards.check_zip_archive(path, max_unpacked=100)
    with pytest.raises(InputError, match="members"):
        guards.check_zip_archive(path, max_members=2)
    with guards.check_zip_archive(path) as zf:
        assert "xl/workbook.xml" in zf.namelist()


def test_zip_member_shorter_than_declared(tmp_path: Path) -> None:
    member = ooxml.deflate_member("xl/worksheets/sheet1.xml", b"<worksheet/>")
    member.size = 5000
    path = tmp_path / "kurz.xlsx"
    ooxml.write_raw_zip(path, [member])
    with pytest.raises(InputError, match=r"corrupt"):
        guards.check_zip_archive(path)


def test_encrypted_zip_member(tmp_path: Path) -> None:
    path = tmp_path / "zipcrypto.xlsx"
    ooxml.write_xlsx(path, corpus.GOOD_ROWS)
    data = bytearray(path.read_bytes())
    # set the "encrypted" flag bit in every local and central header
    for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        i = data.find(sig)
        while i != -1:
            data[i + off] |= 1
            i = data.find(sig, i + 4)
    path.write_bytes(bytes(data))
    with pytest.raises(InputError):
        guards.check_zip_archive(path)


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b"", "empty"),
        (b"PK\x03\x04rest", "zip"),
        (ooxml.CT.encode(), "xml"),
        (b"\xef\xbb\xbf<?xml version='1.0'?><a/>", "xml"),
        ("<?xml version='1.0'?><a/>".encode("utf-16"), "xml"),
        (b"Bezeichnung;Menge\nKaffee;2\n", "text"),
        ("Bezeichnung;Menge\nKäse;2\n".encode("cp1252"), "text"),
        (bytes(range(256)) * 4, "binary"),
        (b"%PDF-1.7\n", "pdf"),
        (bytes.fromhex("D0CF11E0A1B11AE1") + bytes(100), "cfb"),
    ],
)
def test_sniff_kind(content: bytes, kind: str, tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(content)
    assert guards.sniff_kind(path) == kind


def test_cfb_stream_names_are_where_a_cfb_reader_finds_them() -> None:
    """The generated encrypted container is a well-formed CFB: directory at sector 1, streams as named."""
    data = ooxml.encrypted_office_cfb()
    assert len(data) == 512 * 19
    directory = data[512 * 2 : 512 * 3]
    names = [directory[i : i + 64].decode("utf-16-le").split("\0")[0] for i in range(0, 512, 128)]
    assert names[:3] == ["Root Entry", "EncryptionInfo", "EncryptedPackage"]


# ----------------------------------------------------------------------------------------- XML


def test_parse_xml_reads_plain_invoices() -> None:
    root = guards.parse_xml(corpus.ubl([corpus.ubl_line(1, "Röstkaffee")]).encode(), path="r.xml")
    assert root.tag.endswith("Invoice")


def test_parse_xml_syntax_error_names_line(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"line \d+") as info:
        guards.parse_xml(corpus.UBL_TRUNCATED.encode(), path="kaputt.xml")
    assert info.value.path == "kaputt.xml"
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("data", [b"", b"   ", b"\x00\x00", b"<a>", b"<a></b>", "<ä/>".encode("latin-1")])
def test_parse_xml_garbage(data: bytes) -> None:
    with pytest.raises(InputError):
        guards.parse_xml(data, path="x.xml")


def test_safe_parser_resolves_nothing_even_when_dtds_are_allowed() -> None:
    root = guards.parse_xml(corpus.XXE_FILE.encode(), path="x.xml", allow_dtd=True)
    from lxml import etree

    text = etree.tostring(root).decode()
    assert "root:x:0:0" not in text


def test_billion_laughs_with_dtd_allowed_stays_small() -> None:
    start = time.monotonic()
    try:
        root = guards.parse_xml(corpus.BILLION_LAUGHS.encode(), path="x.xml", allow_dtd=True)
    except InputError:
        return
    from lxml import etree

    assert len(etree.tostring(root)) < 1_000_000
    assert time.monotonic() - start < 2.0


# ---------------------------------------------------------------------------------------- text


def test_strip_control_chars() -> None:
    assert guards.strip_control_chars("R\x00öst\x07kaffee\tfair\r\n\x1f\x7f\ufffe") == "Röstkaffee\tfair\r\n"
    assert guards.has_control_chars("a\x00") and not guards.has_control_chars("a\tb\n")


def test_sanitize_series() -> None:
    import pandas as pd

    s = pd.Series(["a\x00b", None, 3.5, "ok"], dtype=object)
    out = guards.sanitize_series(s)
    assert out.tolist()[0] == "ab" and out.tolist()[1] is None and out.tolist()[2:] == [3.5, "ok"]


def _sheet_xml(rows: int, last_col: str = "K", extra: str = "") -> bytes:
    body = "".join(
        f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="{last_col}{r}" t="inlineStr"><is><t>x</t></is></c></row>'
        for r in range(1, rows + 1)
    )
    return f"<worksheet><sheetData>{body}{extra}</sheetData></worksheet>".encode()


def test_many_rows_of_few_columns_pass_the_extent_guard(monkeypatch: pytest.MonkeyPatch) -> None:
    """1M rows x 11 columns must pass a 20M-cell limit (the bound of 26 single-letter columns would
    refuse them); scaled down here: 10 rows with a limit of 200 cells (20 columns fit)."""
    from fairbuy.io import sheets

    monkeypatch.setattr(sheets, "MAX_SHEET_CELLS", 200)
    rows, cols = sheets.sheet_extent(_sheet_xml(10, "K"))
    assert rows == 10 and rows * cols <= 200
    # a styled blank cell far right holds no value: still fine
    rows, cols = sheets.sheet_extent(_sheet_xml(10, "K", '<row r="10"><c r="Z10" s="1"/></row>'))
    assert rows * cols <= 200
    # a value right of the columns that fit: refused, with its column
    assert sheets.sheet_extent(_sheet_xml(10, "Y")) == (10, 25)
    assert sheets.sheet_extent(_sheet_xml(10, "K", '<row r="10"><c r="AB10"><v>1</v></c></row>')) == (10, 28)
