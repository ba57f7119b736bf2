"""Hand-made OOXML/ODS/CFB/zip bytes for the hostile corpus (no binary blobs in the repository).

Spreadsheets are written part by part so that single parts can be left out, broken or blown up.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

CT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
</Types>"""

RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""

WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets>
</workbook>"""

WB_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>"""

STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
</styleSheet>"""

SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)

Cell = str | int | float | None


def _col(n: int) -> str:
    out = ""
    n += 1
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def cell_xml(ref: str, value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'


def rows_xml(rows: Sequence[Sequence[Cell]], start: int = 1) -> str:
    out = []
    for i, row in enumerate(rows, start=start):
        cells = "".join(cell_xml(f"{_col(j)}{i}", v) for j, v in enumerate(row))
        out.append(f'<row r="{i}">{cells}</row>')
    return "".join(out)


def sheet_xml(rows: Sequence[Sequence[Cell]], *, dimension: str | None = None, extra_rows: str = "") -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f"{SHEET_HEAD}{dim}<sheetData>{rows_xml(rows)}{extra_rows}</sheetData></worksheet>"


def xlsx_parts(sheet: str | bytes, *, sheet_name: str = "Tabelle1") -> dict[str, bytes]:
    return {
        "[Content_Types].xml": CT.encode(),
        "_rels/.rels": RELS.encode(),
        "xl/workbook.xml": WORKBOOK.format(name=escape(sheet_name, {'"': "&quot;"})).encode(),
        "xl/_rels/workbook.xml.rels": WB_RELS.encode(),
        "xl/styles.xml": STYLES.encode(),
        "xl/worksheets/sheet1.xml": sheet.encode() if isinstance(sheet, str) else sheet,
    }


def with_shared_strings(parts: dict[str, bytes], strings: Sequence[str], *, unique_count: int | None = None) -> None:
    """Add xl/sharedStrings.xml (with a declared uniqueCount, true or not) to xlsx parts."""
    count = len(strings) if unique_count is None else unique_count
    items = "".join(f"<si><t>{escape(t)}</t></si>" for t in strings)
    parts["xl/sharedStrings.xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
        f' count="{len(strings)}" uniqueCount="{count}">{items}</sst>'
    ).encode()
    parts["xl/_rels/workbook.xml.rels"] = WB_RELS.replace(
        "</Relationships>",
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    ).encode()
    parts["[Content_Types].xml"] = CT.replace(
        "</Types>",
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.sharedStrings+xml"/></Types>',
    ).encode()


def shared_string_sheet(rows: Sequence[Sequence[Cell]]) -> tuple[str, list[str]]:
    """Sheet XML whose text cells refer to the shared-string table (as Excel writes them)."""
    strings: list[str] = []
    out = []
    for i, row in enumerate(rows, start=1):
        cells = []
        for j, v in enumerate(row):
            ref = f"{_col(j)}{i}"
            if isinstance(v, str):
                strings.append(v)
                cells.append(f'<c r="{ref}" t="s"><v>{len(strings) - 1}</v></c>')
            else:
                cells.append(cell_xml(ref, v))
        out.append(f'<row r="{i}">{"".join(cells)}</row>')
    return f"{SHEET_HEAD}<sheetData>{''.join(out)}</sheetData></worksheet>", strings


def write_zip(path: Path, parts: dict[str, bytes], *, level: int = 6) -> None:
    import zipfile

    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


def write_xlsx(path: Path, rows: Sequence[Sequence[Cell]], *, sheet_name: str = "Tabelle1", **kw: str) -> None:
    write_zip(path, xlsx_parts(sheet_xml(rows, **kw), sheet_name=sheet_name))


# ------------------------------------------------------------------------------ raw zip (bombs)


def _gf2_times(mat: list[int], vec: int) -> int:
    s, i = 0, 0
    while vec:
        if vec & 1:
            s ^= mat[i]
        vec >>= 1
        i += 1
    return s


def _gf2_square(mat: list[int]) -> list[int]:
    return [_gf2_times(mat, mat[n]) for n in range(32)]


def crc32_combine(crc1: int, crc2: int, len2: int) -> int:
    """CRC-32 of A+B from crc(A), crc(B) and len(B) (zlib's crc32_combine, in Python)."""
    if len2 <= 0:
        return crc1
    odd = [0xEDB88320] + [1 << n for n in range(31)]
    even = _gf2_square(odd)
    odd = _gf2_square(even)
    while True:
        even = _gf2_square(odd)
        if len2 & 1:
            crc1 = _gf2_times(even, crc1)
        len2 >>= 1
        if not len2:
            break
        odd = _gf2_square(even)
        if len2 & 1:
            crc1 = _gf2_times(odd, crc1)
        len2 >>= 1
        if not len2:
            break
    return crc1 ^ crc2


def crc32_repeat(chunk: bytes, count: int) -> int:
    """CRC-32 of ``chunk * count`` without building it."""
    crc, length = 0, 0
    blk, blk_len, n = zlib.crc32(chunk), len(chunk), count
    while n:
        if n & 1:
            crc = crc32_combine(crc, blk, blk_len) if length else blk
            length += blk_len
        n >>= 1
        if n:
            blk = crc32_combine(blk, blk, blk_len)
            blk_len *= 2
    return crc


@dataclass
class RawMember:
    name: str
    data: bytes  # compressed (deflate, raw) or stored bytes
    crc: int
    size: int  # declared unpacked size
    method: int = 8


def deflate_member(name: str, data: bytes) -> RawMember:
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return RawMember(name, c.compress(data) + c.flush(), zlib.crc32(data), len(data))


def repeated_member(name: str, prefix: bytes, chunk: bytes, count: int, suffix: bytes) -> RawMember:
    """A deflate member that unpacks to prefix + chunk*count + suffix, built in O(len(chunk))."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = c.compress(prefix) + c.flush(zlib.Z_FULL_FLUSH)
    one = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    two = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    assert one == two, "deflate blocks after a full flush are not reproducible"
    tail = c.compress(suffix) + c.flush()
    crc_body, body_len = crc32_repeat(chunk, count), len(chunk) * count
    crc = crc32_combine(zlib.crc32(prefix), crc_body, body_len)
    crc = crc32_combine(crc, zlib.crc32(suffix), len(suffix))
    size = len(prefix) + len(chunk) * count + len(suffix)
    return RawMember(name, head + one * count + tail, crc, size)


def write_raw_zip(path: Path, members: Iterable[RawMember]) -> None:
    """Write a zip archive byte by byte, so that declared sizes can be anything."""
    local = bytearray()
    central = bytearray()
    count = 0
    for m in members:
        name = m.name.encode()
        offset = len(local)
        size32 = min(m.size, 0xFFFFFFFF)
        local += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, 0, m.method, 0, 0x21, m.crc, len(m.data), size32, len(name), 0
        )
        local += name + m.data
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50, 20, 20, 0, m.method, 0, 0x21, m.crc, len(m.data), size32, len(name), 0, 0, 0, 0, 0,
            offset,
        )
        central += name
        count += 1
    eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central), len(local), 0)
    path.write_bytes(bytes(local + central + eocd))


def xlsx_bomb(path: Path, *, unpacked: int = 3 << 30, declared: int | None = None) -> None:
    """An xlsx whose one cell holds ``unpacked`` bytes of 'A' (a few MB on disk).

    ``declared``: the unpacked size written in the headers (default: the true one); a small value
    makes a lying archive whose central directory hides the bomb.
    """
    chunk = b"A" * (1 << 20)
    parts = xlsx_parts("")
    members = [deflate_member(n, d) for n, d in parts.items() if not n.endswith("sheet1.xml")]
    prefix = (SHEET_HEAD + '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>').encode()
    suffix = b"</t></is></c></row></sheetData></worksheet>"
    bomb = repeated_member("xl/worksheets/sheet1.xml", prefix, chunk, max(1, unpacked // len(chunk)), suffix)
    if declared is not None:
        bomb.size = declared
    write_raw_zip(path, [*members, bomb])


ODS_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""

ODS_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
    '<office:body><office:spreadsheet><table:table table:name="Tabelle1">'
)
ODS_TAIL = "</table:table></office:spreadsheet></office:body></office:document-content>"


def ods_row(cells: Sequence[str]) -> str:
    return "<table:table-row>" + "".join(
        f'<table:table-cell office:value-type="string"><text:p>{escape(c)}</text:p></table:table-cell>' for c in cells
    ) + "</table:table-row>"


def write_ods(path: Path, body: str) -> None:
    """A minimal ods whose first table holds ``body`` (table rows as XML)."""
    content = (ODS_HEAD + body + ODS_TAIL).encode()
    mimetype = b"application/vnd.oasis.opendocument.spreadsheet"
    write_raw_zip(path, [
        RawMember("mimetype", mimetype, zlib.crc32(mimetype), len(mimetype), method=0),
        deflate_member("META-INF/manifest.xml", ODS_MANIFEST.encode()),
        deflate_member("content.xml", content),
    ])


def ods_bomb(path: Path, *, unpacked: int = 3 << 30) -> None:
    prefix = (ODS_HEAD + '<table:table-row><table:table-cell office:value-type="string"><text:p>').encode()
    suffix = ("</text:p></table:table-cell></table:table-row>" + ODS_TAIL).encode()
    chunk = b"A" * (1 << 20)
    members = [
        RawMember("mimetype", b"application/vnd.oasis.opendocument.spreadsheet",
                  zlib.crc32(b"application/vnd.oasis.opendocument.spreadsheet"), 46, method=0),
        deflate_member("META-INF/manifest.xml", ODS_MANIFEST.encode()),
        repeated_member("content.xml", prefix, chunk, unpacked // len(chunk), suffix),
    ]
    write_raw_zip(path, members)


# ------------------------------------------------------------------------------------ OLE2 / CFB


def encrypted_office_cfb() -> bytes:
    """A minimal, well-formed Compound File holding ``EncryptionInfo`` and ``EncryptedPackage``
    streams, the way Office stores a password-protected xlsx (the stream contents are dummies)."""
    sector = 512
    free, end, fatsect = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    # sectors: 0 FAT, 1 directory, 2-9 EncryptionInfo (4096 B), 10-17 EncryptedPackage (4096 B)
    header = bytearray(sector)
    header[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, 1, 1, 0, 4096, end, 0, end, 0)
    difat = [0] + [free] * 108
    struct.pack_into("<109I", header, 76, *difat)
    fat = [fatsect, end, *range(3, 10), end, *range(11, 18), end]
    fat += [free] * (128 - len(fat))
    fat_sector = struct.pack("<128I", *fat)

    def entry(name: str, kind: int, left: int, right: int, child: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        e = bytearray(128)
        e[0 : len(raw)] = raw
        struct.pack_into("<HBB", e, 64, len(raw), kind, 1)
        struct.pack_into("<III", e, 68, left, right, child)
        struct.pack_into("<IQ", e, 116, start, size)
        return bytes(e)

    nostream = 0xFFFFFFFF
    directory = (
        entry("Root Entry", 5, nostream, nostream, 1, end, 0)
        + entry("EncryptionInfo", 2, nostream, 2, nostream, 2, 4096)
        + entry("EncryptedPackage", 2, nostream, nostream, nostream, 10, 4096)
        + bytes(128)
    )
    info = struct.pack("<HHI", 4, 4, 0x40) + b"\x11" * (4096 - 8)  # "agile" encryption version 4.4
    package = struct.pack("<Q", 12345) + b"\xa5" * (4096 - 8)
    return bytes(header) + fat_sector + directory + info + package


# ---------------------------------------------------------------------------------------- PDF


def minimal_pdf(
    text: str = "Rechnung Nr. 4711", *, attachment: tuple[str, bytes, bool] | None = None
) -> bytes:
    """A valid one-page PDF that *says* it is an invoice; with ``attachment`` (name, stream bytes,
    flate-compressed?) it embeds a file the way ZUGFeRD/Factur-X does (EmbeddedFiles name tree)."""
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    names = b""
    if attachment is not None:
        names = b" /Names << /EmbeddedFiles << /Names [(" + attachment[0].encode() + b") 6 0 R] >> >>"
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R" + names + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if attachment is not None:
        fname, stream, flate = attachment
        objs.append(
            b"<< /Type /Filespec /F (" + fname.encode() + b") /UF (" + fname.encode()
            + b") /AFRelationship /Data /EF << /F 7 0 R >> >>"
        )
        filt = b" /Filter /FlateDecode" if flate else b""
        objs.append(
            b"<< /Type /EmbeddedFile /Subtype /text#2Fxml /Length " + str(len(stream)).encode() + filt
            + b" >>\nstream\n" + stream + b"\nendstream"
        )
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def adler32_combine(a1: int, a2: int, len2: int) -> int:
    """Adler-32 of A+B from adler(A), adler(B) and len(B) (zlib's adler32_combine)."""
    base = 65521
    rem = len2 % base
    sum1 = a1 & 0xFFFF
    sum2 = (rem * sum1) % base
    sum1 += (a2 & 0xFFFF) + base - 1
    sum2 += ((a1 >> 16) & 0xFFFF) + ((a2 >> 16) & 0xFFFF) + base - rem
    if sum1 >= base:
        sum1 -= base
    if sum1 >= base:
        sum1 -= base
    if sum2 >= base << 1:
        sum2 -= base << 1
    if sum2 >= base:
        sum2 -= base
    return sum1 | (sum2 << 16)


def zlib_repeated(prefix: bytes, chunk: bytes, count: int, suffix: bytes) -> bytes:
    """A zlib stream (RFC 1950, as PDF FlateDecode) of prefix + chunk*count + suffix."""
    member = repeated_member("x", prefix, chunk, count, suffix)
    adler, length = zlib.adler32(prefix), len(prefix)
    blk, blk_len, n = zlib.adler32(chunk), len(chunk), count
    body, body_len = 1, 0
    while n:  # adler of chunk*count by doubling
        if n & 1:
            body = adler32_combine(body, blk, blk_len) if body_len else blk
            body_len += blk_len
        n >>= 1
        if n:
            blk = adler32_combine(blk, blk, blk_len)
            blk_len *= 2
    adler = adler32_combine(adler, body, body_len) if body_len else adler
    length += body_len
    adler = adler32_combine(adler, zlib.adler32(suffix), len(suffix))
    del length
    return b"\x78\xda" + member.data + struct.pack(">I", adler)
