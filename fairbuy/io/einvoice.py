"""E-invoices: XRechnung / EN 16931 in UBL (Invoice, CreditNote) and CII (CrossIndustryInvoice).

Every ``InvoiceLine``/``CreditNoteLine``/``IncludedSupplyChainTradeLineItem`` and every XRechnung
``SubInvoiceLine`` becomes one row. ``source_row`` is the 1-based position of the line in document
order (a sub-line follows its parent; ``parent_row`` is the parent's ``source_row``; CII sub-lines
are linked through ``ParentLineID``). Per line (EN 16931 business terms):

* description: item name (BT-153) and item description (BT-154), joined by `` – ``;
* quantity (BT-129) and unit code (BT-130, UN/ECE Rec. 20, e.g. ``H87``) as written;
* amount: line net amount (BT-131); unit_price: item net price (BT-146) divided by the price base
  quantity (BT-149) when one is given;
* cpv: item classification (BT-158) with ``listID="STI"``; other classifications go to ``raw``;
* origin: item country of origin (BT-159); article_number: seller's item id (BT-155);
* supplier: seller name (BT-27), supplier_id: seller VAT id (BT-31), else tax registration (BT-32);
* document_number: invoice number (BT-1); purchase_date: issue date (BT-2); currency (BT-5).

Credit notes (UBL ``CreditNote``, or type code 381/396/532/261/262/296/308/420/458) state positive
amounts that reduce spend; fairbuy negates their ``quantity`` and ``amount`` (``unit_price`` stays
positive), so that sums over items are net spend. Negative amounts in invoices are kept as they are.

Parsing is safe: documents with a DOCTYPE (entities, external DTDs) are refused before parsing;
lxml runs with entity resolution, DTD loading and network access off.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import numpy as np

from fairbuy.errors import InputError
from fairbuy.io.base import MAX_XML_BYTES, ReadResult, short
from fairbuy.io.countries import country_code
from fairbuy.io.parsing import parse_date
from fairbuy.io.tabular import frame_from_columns
from fairbuy.models import InputInfo
from fairbuy.table import READ_COLUMNS

CREDIT_NOTE_CODES = frozenset({"381", "396", "532", "261", "262", "296", "308", "420", "458"})
_DOCTYPE_RE = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>")

El = Any  # lxml element


def _ln(el: El) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _kids(el: El | None, name: str) -> list[El]:
    if el is None:
        return []
    return [c for c in el if _ln(c) == name]


def _first(el: El | None, *path: str) -> El | None:
    cur = el
    for name in path:
        if cur is None:
            return None
        nxt = None
        for c in cur:
            if _ln(c) == name:
                nxt = c
                break
        cur = nxt
    return cur


def _text(el: El | None, *path: str) -> str | None:
    node = _first(el, *path) if path else el
    if node is None or node.text is None:
        return None
    t = " ".join(node.text.split())
    return t or None


def _classifications(elements: list[El], code_tag: str) -> tuple[str | None, list[str]]:
    """(the first CPV code — scheme ``STI`` in XRechnung —, every code as "scheme:code") of an
    item's classification elements (UBL ``CommodityClassification``, CII
    ``DesignatedProductClassification``)."""
    cpv: str | None = None
    classes: list[str] = []
    for el in elements:
        code_el = _first(el, code_tag)
        code = _text(code_el)
        if code is None or code_el is None:
            continue
        list_id = (code_el.get("listID") or "").strip()
        if list_id.upper() == "STI" and cpv is None:
            cpv = code
        classes.append(f"{list_id}:{code}" if list_id else code)
    return cpv, classes


def _num(text: str | None) -> float:
    if text is None:
        return float("nan")
    try:
        f = float(text.strip())
    except ValueError:
        return float("nan")
    return f if np.isfinite(f) and abs(f) <= 1e15 else float("nan")


def parse_xml(data: bytes, name: str) -> El:
    """Parse XML bytes safely (no DOCTYPE, no entities, no network); raise InputError otherwise."""
    from lxml import etree

    if len(data) > MAX_XML_BYTES:
        raise InputError(name, f"refused: XML is {len(data):,} bytes (limit {MAX_XML_BYTES:,})")
    payload: bytes | str = data
    probe = data
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise InputError(name, f"not well-formed XML: {short(e)}") from None
        probe = text.encode("utf-8")
        payload = _DECL_RE.sub("", text, count=1)
    if _DOCTYPE_RE.search(probe):
        raise InputError(
            name, "refused: XML with a DOCTYPE/ENTITY declaration (e-invoices must not use DTDs or entities)"
        )
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        if isinstance(payload, str):
            root = etree.fromstring(payload, parser=parser)
        else:
            root = etree.fromstring(payload, parser=parser)
    except etree.XMLSyntaxError as e:
        line = f" (line {e.lineno})" if getattr(e, "lineno", None) else ""
        raise InputError(name, f"not well-formed XML{line}: {short(e.msg if hasattr(e, 'msg') else e)}") from None
    if root is None:
        raise InputError(name, "empty XML document")
    return root


def detect_syntax(root: El) -> tuple[str, El]:
    """("ubl" | "cii", invoice element) or ("", root) when the XML is not an e-invoice."""
    name = _ln(root)
    if name == "StandardBusinessDocument":
        for el in root:
            if _ln(el) in ("Invoice", "CreditNote"):
                return "ubl", el
    if name in ("Invoice", "CreditNote") and "ubl" in str(root.tag).lower():
        return "ubl", root
    if name == "CrossIndustryInvoice":
        return "cii", root
    return "", root


def read_einvoice(
    data: bytes, name: str, digest: str, *, fmt_prefix: str = "", root: El | None = None
) -> ReadResult:
    """Read one XRechnung/EN 16931 document (UBL or CII) from bytes (or its parsed ``root``)."""
    if root is None:
        root = parse_xml(data, name)
    syntax, inv = detect_syntax(root)
    if syntax == "ubl":
        rows = list(_ubl_rows(inv))
    elif syntax == "cii":
        rows = list(_cii_rows(inv))
    else:
        root_name = _ln(root)
        if root_name == "CrossIndustryDocument":
            raise InputError(name, "unsupported format: ZUGFeRD 1.0 (CrossIndustryDocument); use ZUGFeRD 2 / XRechnung")
        raise InputError(
            name,
            f"unsupported XML: root element {root_name!r} is not an e-invoice "
            "(expected UBL Invoice/CreditNote or CII CrossIndustryInvoice) nor an Excel 2003 XML workbook",
        )
    if not rows:
        raise InputError(name, "e-invoice has no invoice lines")
    table = _rows_to_table(rows, name)
    fmt = (fmt_prefix + "-" if fmt_prefix else "") + syntax
    info = InputInfo(path=name, sha256=digest, rows=len(table), format=fmt, encoding=None, delimiter=None)
    return ReadResult(table=table, info=info, roles={})


def _rows_to_table(rows: list[dict[str, Any]], name: str) -> Any:
    n = len(rows)
    out: dict[str, Any] = {}
    for col in READ_COLUMNS:
        if col == "source_file":
            out[col] = np.full(n, name, dtype=object)
        elif col in ("quantity", "unit_price", "amount"):
            out[col] = np.array([r.get(col, np.nan) for r in rows], dtype=float)
        elif col == "source_row":
            out[col] = np.array([r["source_row"] for r in rows], dtype=np.int64)
        else:
            arr = np.empty(n, dtype=object)
            arr[:] = [r.get(col) for r in rows]
            out[col] = arr
    return frame_from_columns(out)


# --------------------------------------------------------------------------------------- UBL


def _ubl_header(inv: El) -> dict[str, Any]:
    credit = _ln(inv) == "CreditNote"
    type_code = _text(inv, "InvoiceTypeCode") or _text(inv, "CreditNoteTypeCode")
    if type_code in CREDIT_NOTE_CODES:
        credit = True
    party = _first(inv, "AccountingSupplierParty", "Party")
    supplier = _text(party, "PartyLegalEntity", "RegistrationName") or _text(party, "PartyName", "Name")
    vat = None
    other_tax = None
    for pts in _kids(party, "PartyTaxScheme"):
        cid = _text(pts, "CompanyID")
        if cid is None:
            continue
        if (_text(pts, "TaxScheme", "ID") or "").upper() == "VAT":
            vat = vat or cid
        else:
            other_tax = other_tax or cid
    return {
        "document_number": _text(inv, "ID"),
        "purchase_date": parse_date(_text(inv, "IssueDate")),
        "currency": _text(inv, "DocumentCurrencyCode"),
        "supplier": supplier,
        "supplier_id": vat or other_tax,
        "credit": credit,
        "type_code": type_code,
    }


def _ubl_rows(inv: El) -> Iterator[dict[str, Any]]:
    head = _ubl_header(inv)
    counter = [0]
    for line in inv:
        if _ln(line) in ("InvoiceLine", "CreditNoteLine"):
            yield from _ubl_line(line, head, counter, None)


def _ubl_line(line: El, head: dict[str, Any], counter: list[int], parent: int | None) -> Iterator[dict[str, Any]]:
    counter[0] += 1
    row_no = counter[0]
    item = _first(line, "Item")
    qty_el = _first(line, "InvoicedQuantity")
    if qty_el is None:
        qty_el = _first(line, "CreditedQuantity")
    quantity = _num(_text(qty_el)) if qty_el is not None else float("nan")
    unit = qty_el.get("unitCode") if qty_el is not None else None
    amount_el = _first(line, "LineExtensionAmount")
    amount = _num(_text(amount_el))
    price = _num(_text(line, "Price", "PriceAmount"))
    base = _num(_text(line, "Price", "BaseQuantity"))
    unit_price = price / base if np.isfinite(base) and base not in (0.0,) else price
    cpv, classes = _classifications(_kids(item, "CommodityClassification"), "ItemClassificationCode")
    origin = _text(item, "OriginCountry", "IdentificationCode")
    raw: dict[str, Any] = {
        "line_id": _text(line, "ID"),
        "item_name": _text(item, "Name"),
        "item_description": _text(item, "Description"),
        "quantity": _text(qty_el),
        "unit_code": unit,
        "line_net_amount": _text(amount_el),
        "price": _text(line, "Price", "PriceAmount"),
        "price_base_quantity": _text(line, "Price", "BaseQuantity"),
        "standard_item_id": _text(item, "StandardItemIdentification", "ID"),
        "buyers_item_id": _text(item, "BuyersItemIdentification", "ID"),
        "classifications": classes or None,
        "note": _text(line, "Note"),
        "invoice_type_code": head["type_code"],
    }
    row = _make_row(
        row_no,
        parent,
        head,
        name=raw["item_name"],
        desc=raw["item_description"],
        quantity=quantity,
        unit=unit,
        amount=amount,
        unit_price=unit_price,
        currency=(amount_el.get("currencyID") if amount_el is not None else None) or head["currency"],
        cpv=cpv,
        origin=origin,
        article=_text(item, "SellersItemIdentification", "ID"),
        raw=raw,
    )
    yield row
    for sub in line:
        if _ln(sub) == "SubInvoiceLine":
            yield from _ubl_line(sub, head, counter, row_no)


def _make_row(
    row_no: int,
    parent: int | None,
    head: dict[str, Any],
    *,
    name: str | None,
    desc: str | None,
    quantity: float,
    unit: str | None,
    amount: float,
    unit_price: float,
    currency: str | None,
    cpv: str | None,
    origin: str | None,
    article: str | None,
    raw: dict[str, Any],
) -> dict[str, Any]:
    if name and desc and desc != name:
        description: str | None = f"{name} – {desc}"
    else:
        description = name or desc
    if head["credit"]:
        quantity, amount = -quantity, -amount
    if not np.isfinite(amount) and np.isfinite(quantity) and np.isfinite(unit_price):
        amount = quantity * unit_price
    kind, error = "item", None
    if description is None and article is None and cpv is None:
        kind, error = "error", "invoice line without item name (BT-153)"
    return {
        "source_row": row_no,
        "source_sheet": None,
        "row_kind": kind,
        "read_error": error,
        "description": description,
        "quantity": quantity,
        "unit": unit,
        "unit_price": unit_price,
        "amount": amount,
        "currency": currency,
        "supplier": head["supplier"],
        "supplier_id": head["supplier_id"],
        "cpv": cpv,
        "label_text": None,
        "origin": (country_code(origin) or origin) if origin else None,
        "purchase_date": head["purchase_date"],
        "article_number": article,
        "document_number": head["document_number"],
        "parent_row": parent,
        "raw": {k: v for k, v in raw.items() if v is not None},
    }


# --------------------------------------------------------------------------------------- CII


def _cii_header(inv: El) -> dict[str, Any]:
    doc = _first(inv, "ExchangedDocument")
    type_code = _text(doc, "TypeCode")
    tx = _first(inv, "SupplyChainTradeTransaction")
    seller = _first(tx, "ApplicableHeaderTradeAgreement", "SellerTradeParty")
    vat = None
    other_tax = None
    for reg in _kids(seller, "SpecifiedTaxRegistration"):
        id_el = _first(reg, "ID")
        rid = _text(id_el)
        if rid is None or id_el is None:
            continue
        if (id_el.get("schemeID") or "").upper() == "VA":
            vat = vat or rid
        else:
            other_tax = other_tax or rid
    return {
        "document_number": _text(doc, "ID"),
        "purchase_date": parse_date(_text(doc, "IssueDateTime", "DateTimeString")),
        "currency": _text(tx, "ApplicableHeaderTradeSettlement", "InvoiceCurrencyCode"),
        "supplier": _text(seller, "Name"),
        "supplier_id": vat or other_tax,
        "credit": type_code in CREDIT_NOTE_CODES,
        "type_code": type_code,
    }


def _cii_rows(inv: El) -> Iterator[dict[str, Any]]:
    head = _cii_header(inv)
    tx = _first(inv, "SupplyChainTradeTransaction")
    by_line_id: dict[str, int] = {}
    pending: list[tuple[dict[str, Any], str]] = []
    rows: list[dict[str, Any]] = []
    for n, li in enumerate(_kids(tx, "IncludedSupplyChainTradeLineItem"), start=1):
        doc = _first(li, "AssociatedDocumentLineDocument")
        line_id = _text(doc, "LineID")
        parent_id = _text(doc, "ParentLineID")
        product = _first(li, "SpecifiedTradeProduct")
        agreement = _first(li, "SpecifiedLineTradeAgreement")
        qty_el = _first(li, "SpecifiedLineTradeDelivery", "BilledQuantity")
        quantity = _num(_text(qty_el))
        unit = qty_el.get("unitCode") if qty_el is not None else None
        amount_el = _first(
            li, "SpecifiedLineTradeSettlement", "SpecifiedTradeSettlementLineMonetarySummation", "LineTotalAmount"
        )
        amount = _num(_text(amount_el))
        net = _first(agreement, "NetPriceProductTradePrice")
        price = _num(_text(net, "ChargeAmount"))
        base_txt = _text(net, "BasisQuantity") or _text(agreement, "GrossPriceProductTradePrice", "BasisQuantity")
        base = _num(base_txt)
        unit_price = price / base if np.isfinite(base) and base != 0.0 else price
        cpv, classes = _classifications(_kids(product, "DesignatedProductClassification"), "ClassCode")
        raw: dict[str, Any] = {
            "line_id": line_id,
            "parent_line_id": parent_id,
            "item_name": _text(product, "Name"),
            "item_description": _text(product, "Description"),
            "quantity": _text(qty_el),
            "unit_code": unit,
            "line_net_amount": _text(amount_el),
            "price": _text(net, "ChargeAmount"),
            "price_base_quantity": base_txt,
            "standard_item_id": _text(product, "GlobalID"),
            "buyers_item_id": _text(product, "BuyerAssignedID"),
            "classifications": classes or None,
            "note": _text(doc, "IncludedNote", "Content"),
            "invoice_type_code": head["type_code"],
        }
        row = _make_row(
            n,
            None,
            head,
            name=raw["item_name"],
            desc=raw["item_description"],
            quantity=quantity,
            unit=unit,
            amount=amount,
            unit_price=unit_price,
            currency=(amount_el.get("currencyID") if amount_el is not None else None) or head["currency"],
            cpv=cpv,
            origin=_text(product, "OriginTradeCountry", "ID"),
            article=_text(product, "SellerAssignedID"),
            raw=raw,
        )
        if line_id is not None and line_id not in by_line_id:
            by_line_id[line_id] = n
        if parent_id is not None:
            pending.append((row, parent_id))
        rows.append(row)
    for row, parent_id in pending:
        row["parent_row"] = by_line_id.get(parent_id)
    yield from rows
