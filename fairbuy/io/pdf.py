"""ZUGFeRD / Factur-X PDFs: the invoice XML embedded in the PDF is read (pypdf).

Only the embedded XML is used; a PDF without one (a scanned or plain PDF invoice) is refused with
a clear message, as is an encrypted PDF that needs a password.
"""

from __future__ import annotations

import io
import logging
from typing import Any

from fairbuy.errors import InputError
from fairbuy.io.base import MAX_XML_BYTES, ReadResult, short

# pypdf logs warnings about broken PDFs ("EOF marker not found"); without a handler Python prints
# them on stderr, next to fairbuy's one-line error. Our errors say what went wrong.
logging.getLogger("pypdf").addHandler(logging.NullHandler())

#: Attachment names used by ZUGFeRD 2 / Factur-X / XRechnung-in-PDF, in order of preference.
KNOWN_NAMES = ("factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml", "zugferd_invoice.xml")


def _attachments(data: bytes, name: str) -> dict[str, list[bytes]]:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:  # pragma: no cover - dependency declared in pyproject
        raise InputError(name, "reading PDF invoices needs the 'pypdf' package") from None
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            ok: object
            try:
                ok = reader.decrypt("")
            except Exception:
                ok = False
            if not ok:
                raise InputError(name, "encrypted (password-protected) PDF")
        atts: Any = reader.attachments
        return {str(k): list(v) for k, v in atts.items()}
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as e:
        raise InputError(name, f"corrupt PDF: {short(e)}") from None
    except Exception as e:
        raise InputError(name, f"cannot read PDF: {type(e).__name__}: {short(e)}") from None


def read_pdf(data: bytes, name: str, digest: str) -> ReadResult:
    """Read the ZUGFeRD/Factur-X/XRechnung XML embedded in a PDF invoice."""
    from fairbuy.io.einvoice import detect_syntax, parse_xml, read_einvoice

    atts = _attachments(data, name)
    candidates: list[tuple[int, str, bytes]] = []
    for att_name, contents in atts.items():
        lower = att_name.lower()
        if not lower.endswith(".xml"):
            continue
        rank = KNOWN_NAMES.index(lower) if lower in KNOWN_NAMES else len(KNOWN_NAMES)
        for content in contents:
            if len(content) <= MAX_XML_BYTES:
                candidates.append((rank, att_name, content))
    for _, att_name, content in sorted(candidates, key=lambda c: c[0]):
        try:
            syntax, _ = detect_syntax(parse_xml(content, f"{name} [{att_name}]"))
        except InputError:
            continue
        if syntax:
            return read_einvoice(content, name, digest, fmt_prefix="pdf")
    if candidates:
        raise InputError(name, "PDF has XML attachments but none is a readable e-invoice (UBL/CII)")
    raise InputError(
        name,
        "PDF without embedded e-invoice XML (not ZUGFeRD/Factur-X); plain PDF invoices cannot be read",
    )
