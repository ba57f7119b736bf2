"""Entry points: :func:`read_input` (any supported file), :func:`read_inputs`, :func:`read_dataframe`.

The format is decided by the file's content (magic bytes), the extension only breaks ties:
zip → xlsx/xlsm or ods; OLE2 → xls (or a password-protected xlsx, refused); ``%PDF`` → ZUGFeRD /
Factur-X; ``<`` → XML e-invoice (UBL/CII); other text → CSV/TSV.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from fairbuy.errors import FairbuyError, InputError
from fairbuy.io.base import MAX_FILE_BYTES, ReadResult, sha256_bytes, short
from fairbuy.io.roles import HeaderMatch, assign_roles, fold_header, validate_column_map
from fairbuy.io.sheets import (
    OLE_MAGIC,
    check_xlsx_extents,
    check_zip,
    is_encrypted_ole,
    read_workbook,
    sheet_extent,
    xlsx_sheet_parts,
)
from fairbuy.io.tabular import build_table, empty_table, role_summary
from fairbuy.models import InputInfo
from fairbuy.table import READ_COLUMNS

NO_HEADER = (
    "no header row recognised (expected column names such as Bezeichnung/Artikeltext, Menge, "
    "Einzelpreis, Lieferant; or give a column mapping)"
)


NO_DATA = "no data rows below the header (the list is empty)"


def _sniff(head: bytes, suffix: str) -> str:
    """Format from the first bytes: xlsx | ods | zip | ole | pdf | xml | text."""
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(OLE_MAGIC):
        return "ole"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"%PDF") or head[:1024].find(b"%PDF-") >= 0:
        return "pdf"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"<"):
        return "xml"
    if head.startswith((b"\xff\xfe<\x00", b"\xfe\xff\x00<")):
        return "xml"
    return "text"


def read_input(
    path: str | os.PathLike[str],
    *,
    sheets: list[str] | None = None,
    column_map: dict[str, str] | None = None,
    display_path: str | None = None,
) -> ReadResult:
    """Read one purchase list or e-invoice. Raises :class:`InputError` when the file cannot be read."""
    cmap = validate_column_map(column_map)
    p = Path(path)
    name = display_path if display_path is not None else os.fspath(path)
    try:
        return _read(p, name, sheets, cmap)
    except FairbuyError:
        raise
    except MemoryError:
        raise InputError(name, "refused: file needs more memory than available") from None
    except RecursionError:
        raise InputError(name, "refused: structure nested too deeply") from None
    except Exception as e:  # never let a raw exception reach the user
        raise InputError(name, f"cannot read file: {type(e).__name__}: {short(e)}") from None


def read_inputs(
    paths: Sequence[str | os.PathLike[str]],
    *,
    sheets: list[str] | None = None,
    column_map: dict[str, str] | None = None,
) -> list[ReadResult]:
    """Read several inputs (each keeps its own hash and row count)."""
    return [read_input(p, sheets=sheets, column_map=column_map) for p in paths]


def _read(p: Path, name: str, sheets: list[str] | None, cmap: dict[str, str]) -> ReadResult:
    try:
        st = p.stat()
    except FileNotFoundError:
        raise InputError(name, "file not found") from None
    except OSError as e:
        raise InputError(name, f"cannot open file: {short(e.strerror or e)}") from None
    if p.is_dir():
        raise InputError(name, "is a folder, not a file")
    if st.st_size == 0:
        raise InputError(name, "file is empty")
    if st.st_size > MAX_FILE_BYTES:
        raise InputError(name, f"refused: file is {st.st_size:,} bytes (limit {MAX_FILE_BYTES:,})")
    try:
        data = p.read_bytes()
    except OSError as e:
        raise InputError(name, f"cannot read file: {short(e.strerror or e)}") from None
    digest = sha256_bytes(data)
    suffix = p.suffix.lower()
    kind = _sniff(data[:4096], suffix)
    if kind == "zip":
        members = check_zip(data, name)
        from fairbuy.io.guards import check_zip_archive

        # inflate every member in chunks: a lying central directory cannot pass. The worksheets
        # of an xlsx are measured (check_xlsx_extents) from that same stream, not inflated again.
        extents: dict[str, tuple[int, int]] = {}
        check_zip_archive(p, display_path=name, inspect=_extent_sinks(data, members, extents)).close()
        if "mimetype" in members and b"opendocument.spreadsheet" in data[:200]:
            return _read_sheets(p, name, digest, "ods", sheets, cmap, data)
        if any(m.startswith("xl/") for m in members):
            fmt = "xlsm" if suffix == ".xlsm" or "xl/vbaProject.bin" in members else "xlsx"
            if "xl/workbook.bin" in members:
                fmt = "xlsb"
            check_xlsx_extents(data, name, extents)
            return _read_sheets(p, name, digest, fmt, sheets, cmap, data)
        if "mimetype" in members and b"opendocument" in data[:200]:
            raise InputError(name, "unsupported format: an OpenDocument file that is not a spreadsheet")
        if any(m.startswith("word/") for m in members):
            raise InputError(name, "unsupported format: a Word document, not a purchase list")
        raise InputError(name, "unsupported format: a zip archive that is not a workbook")
    if kind == "ole":
        if is_encrypted_ole(data[:4096], data):
            raise InputError(name, "encrypted (password-protected) workbook; save it without a password")
        return _read_sheets(p, name, digest, "xls", sheets, cmap, data)
    if kind == "pdf":
        from fairbuy.io.pdf import read_pdf

        return read_pdf(data, name, digest)
    if kind == "xml":
        from fairbuy.io.einvoice import parse_xml, read_einvoice
        from fairbuy.io.markup import is_html, is_spreadsheetml, read_html, read_spreadsheetml

        if is_html(data):
            grids = read_html(data, name, cmap)
            return grids_to_result(name, digest, "html", grids, [], cmap)
        root = parse_xml(data, name)
        if is_spreadsheetml(root):
            grids, skipped = read_spreadsheetml(root, name, sheets, cmap)
            return grids_to_result(name, digest, "xml-spreadsheet", grids, skipped, cmap)
        return read_einvoice(data, name, digest, root=root)
    return _read_csv(data, name, digest, suffix, cmap)


def _extent_sinks(
    data: bytes, members: list[str], extents: dict[str, tuple[int, int]]
) -> dict[str, Callable[[bytearray], object]]:
    """For an xlsx/xlsm: per worksheet part, a callable storing its :func:`sheet_extent` in
    ``extents`` (fed by the zip guard's stream). Only a hint: nothing when the workbook part list
    cannot be read here (the guard and :func:`check_xlsx_extents` then report what is wrong)."""
    if "mimetype" in members and b"opendocument.spreadsheet" in data[:200]:
        return {}
    if not any(m.startswith("xl/") for m in members):
        return {}
    try:
        parts = xlsx_sheet_parts(data)
    except Exception:  # corrupt parts: the stream check names them
        return {}

    def sink(path: str) -> Callable[[bytearray], object]:
        return lambda content: extents.__setitem__(path, sheet_extent(content))

    return {path: sink(path) for _, path in parts}


def _missing_mapping(name: str, cmap: dict[str, str], headers: list[HeaderMatch | None]) -> None:
    if not cmap:
        return
    found: set[str] = set()
    for h in headers:
        if h is not None:
            found.update(h.roles)
    for role, header in cmap.items():
        if role not in found:
            raise InputError(name, f"column {header!r} (mapped to {role}) not found in the header row")


def _read_csv(data: bytes, name: str, digest: str, suffix: str, cmap: dict[str, str]) -> ReadResult:
    from fairbuy.io.csvread import read_csv_grid

    prefer = "\t" if suffix in (".tsv", ".tab") else None
    cells, rows, header, meta = read_csv_grid(data, name, column_map=cmap, prefer_delimiter=prefer)
    _missing_mapping(name, cmap, [header])
    if header is None:
        raise InputError(name, NO_HEADER)
    delimiter = meta["delimiter"]
    sink: list[pd.DataFrame] = []
    table = build_table(
        cells, rows, header, source_file=name, sheet=None, number_default="en" if delimiter == "," else "de",
        raw_sink=sink,
    )
    if table.empty:
        raise InputError(name, NO_DATA)
    notes: dict[int, str] = meta.get("notes") or {}
    if notes:  # reading notes of the CSV parser (a quote that never closed), on their rows
        column = table["read_error"]
        errors = column.to_numpy(dtype=object).copy()
        for i, row in enumerate(table["source_row"].tolist()):
            note = notes.get(int(row))
            if note is not None:
                errors[i] = note if pd.isna(errors[i]) else f"{errors[i]}; {note}"
        table["read_error"] = pd.Series(errors, index=table.index).astype(column.dtype)
    fmt = "tsv" if delimiter == "\t" else "csv"
    info = InputInfo(
        path=name, sha256=digest, rows=len(table), format=fmt, encoding=meta["encoding"], delimiter=delimiter
    )
    return ReadResult(table=table, info=info, roles={"": role_summary(header)}, raw_cells=_raw(sink))


def _raw(sink: list[pd.DataFrame]) -> pd.DataFrame | None:
    if not sink:
        return None
    return sink[0] if len(sink) == 1 else pd.concat(sink, ignore_index=True, sort=False)


def _read_sheets(
    p: Path,
    name: str,
    digest: str,
    fmt: str,
    sheets: list[str] | None,
    cmap: dict[str, str],
    data: bytes,
) -> ReadResult:
    if fmt == "ods":
        import io
        import zipfile

        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            try:
                manifest = zf.read("META-INF/manifest.xml")
            except KeyError:
                manifest = b""
        if b"encryption-data" in manifest:
            raise InputError(name, "encrypted (password-protected) workbook; save it without a password")
    grids, skipped = read_workbook(data, name, sheets=sheets, column_map=cmap)
    return grids_to_result(name, digest, fmt, grids, skipped, cmap)


def grids_to_result(
    name: str,
    digest: str,
    fmt: str,
    grids: list[tuple[str, pd.DataFrame, np.ndarray[Any, Any], HeaderMatch | None, bool]],
    skipped: list[str],
    cmap: dict[str, str],
) -> ReadResult:
    """Tables of several grids (sheets) of one input, concatenated in order."""
    if not any(has for *_, has in grids):
        raise InputError(name, "workbook has no data (all sheets empty)")
    _missing_mapping(name, cmap, [g[3] for g in grids])
    if all(h is None for _, _, _, h, has in grids if has):
        first = next(s for s, *_, has in grids if has)
        raise InputError(name, NO_HEADER, sheet=first)
    tables = []
    roles: dict[str, dict[str, str]] = {}
    sink: list[pd.DataFrame] = []
    for sname, cells, rows, header, has in grids:
        if not has:
            continue
        tables.append(
            build_table(cells, rows, header, source_file=name, sheet=sname, no_header_reason=NO_HEADER,
                        raw_sink=sink)
        )
        roles[sname] = role_summary(header)
    table = pd.concat(tables, ignore_index=True) if len(tables) > 1 else tables[0]
    if table.empty:
        raise InputError(name, NO_DATA)
    info = InputInfo(path=name, sha256=digest, rows=len(table), format=fmt, sheets=[g[0] for g in grids])
    return ReadResult(table=table, info=info, roles=roles, raw_cells=_raw(sink), skipped_sheets=skipped)


def read_dataframe(
    df: pd.DataFrame, *, name: str = "<dataframe>", column_map: dict[str, str] | None = None
) -> ReadResult:
    """Read an in-memory table: its column names are the header; ``source_row`` = position + 2
    (as in the CSV ``df.to_csv(index=False)`` would give: header on line 1)."""
    cmap = validate_column_map(column_map)
    if not isinstance(df, pd.DataFrame):
        raise InputError(name, f"not a pandas DataFrame but {type(df).__name__}")
    headers = [str(c) for c in df.columns]
    roles = assign_roles(headers, cmap)
    header = HeaderMatch(index=-1, headers=headers, roles=roles)
    missing = [r for r in cmap if r not in roles]
    if missing:
        raise InputError(name, f"column {cmap[missing[0]]!r} (mapped to {missing[0]}) not found")
    cells = pd.DataFrame({i: df.iloc[:, i].astype(object).to_numpy() for i in range(df.shape[1])})
    cells = cells.where(cells.notna(), None) if len(cells) else cells
    rows = np.arange(len(df), dtype=np.int64) + 2
    try:
        table = build_table(cells, rows, header, source_file=name, sheet=None) if len(df) else empty_table()
    except FairbuyError:
        raise
    except Exception as e:
        raise InputError(name, f"cannot read table: {type(e).__name__}: {short(e)}") from None
    digest = hashlib.sha256(
        pd.util.hash_pandas_object(df.astype(str), index=False).to_numpy().tobytes()
        + "\x1f".join(headers).encode()
    ).hexdigest()
    info = InputInfo(path=name, sha256=digest, rows=len(table), format="dataframe")
    return ReadResult(table=table, info=info, roles={"": role_summary(header)})


__all__ = ["READ_COLUMNS", "ReadResult", "fold_header", "read_dataframe", "read_input", "read_inputs"]

