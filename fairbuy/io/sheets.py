"""Spreadsheets (xlsx, xlsm, xls, ods) through python-calamine, with exact Excel row numbers.

Calamine reports a sheet's used range starting at its first non-empty cell; the offset
(``sheet.start``) is added back so that ``source_row`` is the row number Excel shows. Merged
ranges (xlsx) are filled with their top-left value so that a supplier merged over several rows
reaches every row. Hidden sheets are skipped unless named.
"""

from __future__ import annotations

import contextlib
import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from fairbuy.errors import InputError
from fairbuy.io.base import (
    MAX_COLUMNS,
    MAX_SHEET_CELLS,
    MAX_UNPACKED_BYTES,
    MAX_ZIP_RATIO,
    ZIP_BOMB_MEMBER_BYTES,
    short,
)
from fairbuy.io.roles import HEADER_SEARCH_ROWS, HeaderMatch, find_header

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def check_zip(data_or_path: bytes | Path, name: str) -> list[str]:
    """Validate a zip container before any parser touches it; returns member names.

    Refuses corrupt archives, absurd unpacked sizes (zip bombs) and encrypted members.
    """
    src: Any = io.BytesIO(data_or_path) if isinstance(data_or_path, bytes) else data_or_path
    try:
        with zipfile.ZipFile(src) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as e:
        raise InputError(name, f"corrupt file (not a readable zip/Office archive): {short(e)}") from None
    total = 0
    for info in infos:
        total += info.file_size
        if info.flag_bits & 0x1:
            raise InputError(name, "encrypted (password-protected) archive; save it without a password")
        if info.file_size > ZIP_BOMB_MEMBER_BYTES and info.file_size > MAX_ZIP_RATIO * max(
            info.compress_size, 1
        ):
            raise InputError(
                name,
                f"refused: member {info.filename!r} unpacks to {info.file_size:,} bytes "
                f"({info.file_size // max(info.compress_size, 1)}x compression; zip bomb?)",
            )
    if total > MAX_UNPACKED_BYTES:
        raise InputError(name, f"refused: archive unpacks to {total:,} bytes (limit {MAX_UNPACKED_BYTES:,})")
    return [i.filename for i in infos]


def is_encrypted_ole(head: bytes, data: bytes | None = None) -> bool:
    """An OLE2 file holding an encrypted OOXML package (password-protected xlsx)."""
    probe = data if data is not None else head
    return probe.startswith(OLE_MAGIC) and (
        "EncryptedPackage".encode("utf-16-le") in probe or "EncryptionInfo".encode("utf-16-le") in probe
    )


def _fill_merged(rows: list[list[Any]], merged: Any, r0: int, c0: int) -> None:
    if not merged:
        return
    for (ar, ac), (br, bc) in merged:
        if (br - ar + 1) * (bc - ac + 1) > 100_000:
            continue
        tr, tc = ar - r0, ac - c0
        if not (0 <= tr < len(rows)) or tc < 0 or tc >= len(rows[tr]):
            continue
        value = rows[tr][tc]
        for r in range(ar - r0, br - r0 + 1):
            if not 0 <= r < len(rows):
                continue
            row = rows[r]
            for c in range(max(ac - c0, 0), min(bc - c0 + 1, len(row))):
                if row[c] == "" or row[c] is None:
                    row[c] = value


def grid_from_rows(
    rows: list[list[Any]], r0: int, column_map: dict[str, str] | None
) -> tuple[pd.DataFrame, np.ndarray[Any, Any], HeaderMatch | None]:
    """Find the header in ``rows`` (the first of which is 0-based row ``r0``) and return the data
    cells below it, their 1-based row numbers, and the header."""
    header = find_header(rows[:HEADER_SEARCH_ROWS], column_map)
    first = header.index + 1 if header is not None else 0
    body = rows[first:]
    width = min(max(map(len, body), default=0), MAX_COLUMNS)
    body = [r if len(r) == width else r[:width] if len(r) > width else [*r, *([""] * (width - len(r)))]
            for r in body]
    cells = pd.DataFrame(body, dtype=object) if body else pd.DataFrame()
    numbers = np.arange(len(body), dtype=np.int64) + r0 + first + 1
    return cells, numbers, header


_SHEET_RE = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?\bname=\"([^\"]*)\"[^>]*?\br:id=\"([^\"]+)\"")
_SHEET_RE2 = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?\br:id=\"([^\"]+)\"[^>]*?\bname=\"([^\"]*)\"")
_REL_RE = re.compile(rb"<Relationship\b[^>]*?\bId=\"([^\"]+)\"[^>]*?\bTarget=\"([^\"]+)\"")
_REL_RE2 = re.compile(rb"<Relationship\b[^>]*?\bTarget=\"([^\"]+)\"[^>]*?\bId=\"([^\"]+)\"")
_CELL_REF = re.compile(rb"<(?:\w+:)?c\b[^>]*?\br=\"([A-Z]{1,3})([0-9]{1,7})\"")
_LETTERS = re.compile(rb"[A-Z]+")
_ROW_REF = re.compile(rb"<(?:\w+:)?row\b[^>]*?\br=\"([0-9]{1,7})\"")


def _col_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def _value_cells(data: bytes | bytearray, letters: int) -> re.Pattern[bytes]:
    # a cell with content (not self-closing) whose column has exactly ``letters`` letters
    return re.compile(rb"<(?:\w+:)?c\b[^>]*?\br=\"([A-Z]{%d})[0-9]{1,7}\"[^>]*(?<!/)>" % letters)


def sheet_extent(data: bytes | bytearray) -> tuple[int, int]:
    """Upper bounds of (last row, last column) holding a value in one xlsx worksheet XML.

    Rows: the last cell with a value (rows are stored in order). Columns: exact only when a cheap
    bound by the length of column letters is not enough. A sheet with too many rows for even 26
    columns (1M rows) costs one scan for cell references right of the columns that fit.
    """
    pos = -1
    for marker in (b"<v>", b"<v ", b"<is>", b":v>"):  # each search only after the last hit so far
        pos = max(pos, data.rfind(marker, pos + 1))
    if pos < 0:
        return 0, 0
    max_row = 0
    cpos = max(data.rfind(b"<c ", 0, pos), data.rfind(b":c ", 0, pos))
    m = _CELL_REF.search(data, max(cpos - 8, 0), pos) if cpos >= 0 else None
    if m is not None:
        max_row = int(m.group(2))
    else:
        rows = list(_ROW_REF.finditer(data, max(pos - 100_000, 0), pos))
        max_row = int(rows[-1].group(1)) if rows else 1_048_576
    if max_row * 26 > MAX_SHEET_CELLS:
        fit = max(MAX_SHEET_CELLS // max_row, 1)  # < 26 columns fit
        beyond = re.compile(rb' r="(?:[A-Z]{2,3}|[%c-Z])[0-9]' % (65 + fit))
        for mm in beyond.finditer(data):
            if _is_value_cell(data, mm.start()):
                ref = _LETTERS.match(data, mm.start() + 4)
                return max_row, _col_index(ref.group()) if ref else 16_384
        return max_row, fit
    for letters, bound in ((3, 16_384), (2, 702)):
        if re.search(rb" r=\"[A-Z]{%d}[0-9]" % letters, data):
            if max_row * bound <= MAX_SHEET_CELLS:
                return max_row, bound
            cols = [_col_index(mm.group(1)) for mm in _value_cells(data, letters).finditer(data)]
            if cols:
                return max_row, max(cols)
    return max_row, 26


def _is_value_cell(data: bytes | bytearray, at: int) -> bool:
    """Whether the attribute at ``at`` belongs to a ``<c>`` element with content (not ``<c .../>``)."""
    start = data.rfind(b"<", 0, at)
    end = data.find(b">", at)
    return (start >= 0 and end > 0 and re.match(rb"<(?:\w+:)?c\b", data[start:start + 16]) is not None
            and data[end - 1:end] != b"/")


def xlsx_sheet_parts(data: bytes) -> list[tuple[bytes, str]]:
    """The worksheets an xlsx/xlsm workbook names, in its order: ``(sheet name, part path)``,
    each relationship once, only parts that exist. Empty without ``xl/workbook.xml`` or its
    relationships (xlsb)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = set(zf.namelist())
        try:
            wbxml = zf.read("xl/workbook.xml")
            rels = zf.read("xl/_rels/workbook.xml.rels")
        except KeyError:
            return []
    targets = {m.group(1): m.group(2) for m in _REL_RE.finditer(rels)}
    targets.update({m.group(2): m.group(1) for m in _REL_RE2.finditer(rels)})
    sheets = [(m.group(1), m.group(2)) for m in _SHEET_RE.finditer(wbxml)]
    sheets += [(m.group(2), m.group(1)) for m in _SHEET_RE2.finditer(wbxml)]
    out: list[tuple[bytes, str]] = []
    seen: set[bytes] = set()
    for sname, rid in sheets:
        if rid in seen:
            continue
        seen.add(rid)
        target = targets.get(rid, b"").decode("utf-8", "replace")
        path = target.lstrip("/") if target.startswith("/") else "xl/" + target
        if path in names:
            out.append((sname, path))
    return out


def check_xlsx_extents(data: bytes, name: str, measured: Mapping[str, tuple[int, int]] | None = None) -> None:
    """Refuse an xlsx/xlsm whose sheets span more than MAX_SHEET_CELLS cells, before calamine
    allocates the whole grid (it aborts the process when that allocation fails).

    ``measured``: :func:`sheet_extent` of parts already inflated by the caller (the zip guard's
    stream), by part path; the other sheets are inflated here."""
    parts = xlsx_sheet_parts(data)
    if not parts:
        return
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for sname, path in parts:
            known = measured.get(path) if measured is not None else None
            rows, cols = known if known is not None else sheet_extent(zf.read(path))
            if rows * cols > MAX_SHEET_CELLS:
                raise InputError(
                    name,
                    f"refused: sheet spans {rows:,} rows x {cols:,} columns (limit {MAX_SHEET_CELLS:,} cells)",
                    sheet=sname.decode("utf-8", "replace"),
                )


def _xls_error(data: bytes) -> str | None:
    """What calamine's .xls reader says about an OLE2 file it could not open from bytes.

    From bytes calamine tries every format in turn and only says "Cannot detect file format"; a
    file named ``.xls`` goes to the .xls reader alone, whose error tells what is wrong (password
    protection, a broken compound file, a missing Workbook stream). Used on the error path only:
    the bytes are written to a temporary ``.xls`` file and opened once more."""
    import tempfile

    from python_calamine import CalamineWorkbook

    with tempfile.TemporaryDirectory(prefix="fairbuy-xls-") as tmp:
        probe = Path(tmp) / "workbook.xls"
        probe.write_bytes(data)
        try:
            CalamineWorkbook.from_path(str(probe)).close()
        except Exception as e:
            if type(e).__name__ == "PasswordError":
                return "password protected"
            return short(e)
    return None


def read_workbook(
    path: Path | bytes,
    name: str,
    *,
    sheets: Sequence[str] | None,
    column_map: dict[str, str] | None,
) -> tuple[list[tuple[str, pd.DataFrame, np.ndarray[Any, Any], HeaderMatch | None, bool]], list[str]]:
    """Grids of the sheets read: (sheet name, data cells, Excel rows, header, sheet had content),
    and the names of the sheets skipped (hidden, chart sheets)."""
    from python_calamine import CalamineWorkbook

    try:
        # from bytes, calamine recognises the format by content, whatever the file is called
        wb = (CalamineWorkbook.from_filelike(io.BytesIO(path)) if isinstance(path, bytes)
              else CalamineWorkbook.from_path(str(path)))
    except Exception as e:  # calamine raises its own error types
        msg = short(e)
        if isinstance(path, bytes) and path.startswith(OLE_MAGIC):
            msg = _xls_error(path) or msg
        if "password" in msg.lower() or "encrypt" in msg.lower():
            raise InputError(name, "encrypted (password-protected) workbook; save it without a password") from None
        if isinstance(path, bytes) and path.startswith(OLE_MAGIC):
            raise InputError(name, f"cannot read workbook: corrupt or not an Excel 97-2003 (.xls) file: {msg}") from None
        raise InputError(name, f"cannot read workbook: {msg}") from None
    try:
        meta = {m.name: m for m in wb.sheets_metadata}
        all_names: list[str] = list(wb.sheet_names)
        skipped: list[str] = []
        if sheets:
            missing = [s for s in sheets if s not in all_names]
            if missing:
                raise InputError(
                    name, f"no sheet named {missing[0]!r} (sheets: {', '.join(all_names)})", sheet=missing[0]
                )
            chosen = list(sheets)
        else:
            chosen = []
            for s in all_names:
                m = meta.get(s)
                typ = str(getattr(m, "typ", "")).lower()
                vis = str(getattr(m, "visible", "visible")).lower()
                if m is not None and ("chart" in typ or "hidden" in vis):
                    skipped.append(s)
                    continue
                chosen.append(s)
        out: list[tuple[str, pd.DataFrame, np.ndarray[Any, Any], HeaderMatch | None, bool]] = []
        for sname in chosen:
            try:
                sheet = wb.get_sheet_by_name(sname)
            except Exception as e:
                raise InputError(name, f"cannot read sheet: {short(e)}", sheet=sname) from None
            start = sheet.start
            if start is None:
                out.append((sname, pd.DataFrame(), np.zeros(0, dtype=np.int64), None, False))
                continue
            if sheet.height * max(sheet.width, 1) > MAX_SHEET_CELLS:
                raise InputError(
                    name,
                    f"refused: sheet spans {sheet.height:,} rows x {sheet.width:,} columns "
                    f"(limit {MAX_SHEET_CELLS:,} cells)",
                    sheet=sname,
                )
            try:
                rows: list[list[Any]] = sheet.to_python(skip_empty_area=True)
            except Exception as e:
                raise InputError(name, f"cannot read sheet: {short(e)}", sheet=sname) from None
            r0, c0 = start
            with contextlib.suppress(Exception):  # merged ranges are a convenience only
                _fill_merged(rows, sheet.merged_cell_ranges, r0, c0)
            out.append((sname, *grid_from_rows(rows, r0, column_map), True))
        return out, skipped
    finally:
        with contextlib.suppress(Exception):
            wb.close()
