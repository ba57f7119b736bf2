"""E-invoices: XRechnung UBL/CII fixtures, the KoSIT test suite (when present), ZUGFeRD PDFs, safe XML."""

from __future__ import annotations

import datetime as dt
import io
import math
from pathlib import Path

import pytest
from lxml import etree

from fairbuy.errors import InputError
from fairbuy.io import read_input

FIXTURES = Path(__file__).parent / "fixtures" / "einvoice"
KOSIT = Path(__file__).resolve().parent.parent.parent / "shared" / "testdata" / "xrechnung"
if not KOSIT.is_dir():
    KOSIT = Path("/work/shared/testdata/xrechnung")


def test_ubl_invoice_with_sub_lines() -> None:
    res = read_input(FIXTURES / "ubl-invoice-sublines.xml")
    t = res.table
    assert res.info.format == "ubl" and res.info.rows == 6
    assert t.source_row.tolist() == [1, 2, 3, 4, 5, 6]
    assert t.parent_row.tolist() == [None, None, 2, 3, 2, None]
    assert t.row_kind.eq("item").all() and t.source_sheet.isna().all()
    first = t.iloc[0]
    assert first.description == "Röstkaffee Bio 1 kg – ganze Bohne, Fairtrade-zertifiziert"
    assert (first.quantity, first.unit, first.amount, first.unit_price) == (20.0, "KGM", 379.0, 18.95)
    assert first.cpv == "15861000-1" and first.origin == "PE" and first.article_number == "RK-100"
    assert first.supplier == "Ruhrkaffee Handels GmbH" and first.supplier_id == "DE999999999"
    assert first.document_number == "FB-2025-0042" and first.purchase_date == dt.date(2025, 3, 14)
    assert first.currency == "EUR"
    assert first.raw["line_id"] == "1" and first.raw["classifications"] == ["STI:15861000-1", "IB:0721-880X"]
    assert t.iloc[5].unit_price == pytest.approx(0.105)  # price 10.50 per base quantity 100
    assert t.iloc[2].cpv == "15842100" and t.iloc[2].origin == "GH"


def test_ubl_credit_note_is_negative() -> None:
    t = read_input(FIXTURES / "ubl-creditnote.xml").table
    row = t.iloc[0]
    assert row.quantity == -2.0 and row.amount == pytest.approx(-37.9) and row.unit_price == 18.95
    assert row.document_number == "GS-2025-007"


def test_cii_invoice_parent_line_id() -> None:
    res = read_input(FIXTURES / "cii-invoice.xml")
    t = res.table
    assert res.info.format == "cii"
    assert t.parent_row.tolist() == [None, None, 2]
    ubl = read_input(FIXTURES / "ubl-invoice-sublines.xml").table
    cols = ["description", "quantity", "unit", "unit_price", "amount", "currency", "supplier", "supplier_id",
            "cpv", "origin", "purchase_date", "article_number", "document_number"]
    assert t.iloc[0][cols].tolist() == ubl.iloc[0][cols].tolist()
    assert t.iloc[1][cols].tolist() == ubl.iloc[5][cols].tolist()


def _pdf_with(attachments: dict[str, bytes], password: str | None = None) -> bytes:
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(width=200, height=200)
    for name, data in attachments.items():
        w.add_attachment(name, data)
    if password is not None:
        w.encrypt(password)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def test_zugferd_pdf(tmp_path: Path) -> None:
    pdf = tmp_path / "rechnung.pdf"
    pdf.write_bytes(_pdf_with({"factur-x.xml": (FIXTURES / "cii-invoice.xml").read_bytes()}))
    res = read_input(pdf)
    assert res.info.format == "pdf-cii" and res.info.rows == 3
    assert res.table.source_file.eq(str(pdf)).all()
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(_pdf_with({}))
    with pytest.raises(InputError, match="without embedded e-invoice"):
        read_input(plain)
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(_pdf_with({"factur-x.xml": b"<x/>"}, password="geheim"))
    with pytest.raises(InputError, match="encrypted"):
        read_input(locked)
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"%PDF-1.7\n this is not really a pdf")
    with pytest.raises(InputError):
        read_input(fake)


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE Invoice [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>&xxe;</ID></Invoice>"""
LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><lolz>&lol3;</lolz>"""
EXT_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE Invoice SYSTEM "http://example.invalid/evil.dtd"><Invoice/>"""


@pytest.mark.parametrize("payload", [XXE, LAUGHS, EXT_DTD])
def test_hostile_xml_refused(tmp_path: Path, payload: bytes) -> None:
    p = tmp_path / "evil.xml"
    p.write_bytes(payload)
    with pytest.raises(InputError, match="DOCTYPE"):
        read_input(p)


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"<?xml version='1.0'?><Order xmlns='urn:x'/>", "not an e-invoice"),
        (b"<Invoice xmlns='urn:oasis:names:specification:ubl:schema:xsd:Invoice-2'><cbc:ID>1", "well-formed"),
        (b"<Invoice xmlns='urn:oasis:names:specification:ubl:schema:xsd:Invoice-2'/>", "no invoice lines"),
    ],
)
def test_bad_xml(tmp_path: Path, payload: bytes, message: str) -> None:
    p = tmp_path / "bad.xml"
    p.write_bytes(payload)
    with pytest.raises(InputError, match=message):
        read_input(p)


def test_line_without_name_is_unreadable_row(tmp_path: Path) -> None:
    src = (FIXTURES / "ubl-creditnote.xml").read_bytes().replace(
        b"<cbc:Name>R\xc3\xb6stkaffee Bio 1 kg</cbc:Name>", b""
    ).replace(b"listID=\"STI\">15861000-1", b"listID=\"XX\">1")
    p = tmp_path / "noname.xml"
    p.write_bytes(src)
    t = read_input(p).table
    assert t.row_kind.tolist() == ["error"] and "BT-153" in t.read_error[0]


# ---------------------------------------------------------------------------- KoSIT test suite

kosit = pytest.mark.skipif(not KOSIT.is_dir(), reason="KoSIT XRechnung test suite not present")


def _line_total(path: Path) -> float | None:
    """BT-106 (sum of invoice line net amounts) as stated in the document."""
    root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    for el in root.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        parent = el.getparent()
        ptag = parent.tag if parent is not None and isinstance(parent.tag, str) else ""
        if tag.endswith("}LineExtensionAmount") and ptag.endswith("}LegalMonetaryTotal"):
            return float(el.text or "nan")
        if tag.endswith("}LineTotalAmount") and ptag.endswith("}SpecifiedTradeSettlementHeaderMonetarySummation"):
            return float(el.text or "nan")
    return None


@kosit
def test_kosit_suite_reads_completely() -> None:
    files = sorted(KOSIT.rglob("*.xml"))
    assert len(files) == 86
    total = sub = 0
    tables = {}
    for f in files:
        res = read_input(f)
        t = res.table
        assert t.row_kind.eq("item").all(), f
        assert t.description.notna().all() and t.amount.notna().all(), f
        # quantity is mandatory on invoice lines; XRechnung group sub-lines may omit it
        assert t.quantity[t.parent_row.isna()].notna().all(), f
        assert t.source_row.tolist() == list(range(1, len(t) + 1)), f
        total += len(t)
        sub += int(t.parent_row.notna().sum())
        tables[f] = t
        top = t[t.parent_row.isna()]
        stated = _line_total(f)
        if stated is not None:  # line amounts add up to the document's BT-106
            assert math.isclose(top.amount.sum(), stated, abs_tol=0.011), f
    assert (total, sub) == (376, 80)
    twins = 0
    cols = ["quantity", "unit", "unit_price", "amount", "currency", "cpv", "origin", "purchase_date",
            "article_number", "document_number", "parent_row", "supplier"]
    for f, t in tables.items():
        other = f.with_name(f.name.replace("_ubl.xml", "_uncefact.xml"))
        if not f.name.endswith("_ubl.xml") or other not in tables:
            continue
        twins += 1
        u = tables[other]
        assert len(t) == len(u), f
        assert [r.get("item_name") for r in t.raw] == [r.get("item_name") for r in u.raw], f
        for c in cols:
            assert t[c].tolist() == u[c].tolist(), (f, c)
    assert twins == 40
