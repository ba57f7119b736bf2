"""Shared pieces of the readers: the result type, limits, hashing."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import pandas as pd

from fairbuy.models import InputInfo

#: Largest input file read at all.
MAX_FILE_BYTES: Final[int] = 1 << 30  # 1 GiB
#: Largest total unpacked size of a zip-based workbook (xlsx/xlsm/ods); beyond it: a zip bomb.
MAX_UNPACKED_BYTES: Final[int] = 1 << 30  # 1 GiB
#: A zip member larger than this that also compresses better than MAX_ZIP_RATIO is refused.
ZIP_BOMB_MEMBER_BYTES: Final[int] = 100 << 20
MAX_ZIP_RATIO: Final[int] = 200
#: Largest number of cells of one sheet (rows x columns of its used range).
MAX_SHEET_CELLS: Final[int] = 20_000_000
#: Columns kept per row; fields beyond it (far right of any header) are dropped.
MAX_COLUMNS: Final[int] = 1024
#: Largest XML document (e-invoice) read.
MAX_XML_BYTES: Final[int] = 100 << 20


@dataclass
class ReadResult:
    """What a reader returns: the item table (:data:`fairbuy.table.READ_COLUMNS`) and input info."""

    table: pd.DataFrame
    info: InputInfo
    #: Column roles found per sheet (``{sheet or "": {role: header}}``), for messages and reports.
    roles: dict[str, dict[str, str]] = field(default_factory=dict)
    #: Original cells of tabular inputs, one row per table row (same order), columns named by the
    #: header text. ``table["raw"]`` holds the same as one dict per row, but only up to
    #: :data:`fairbuy.io.tabular.RAW_DICT_MAX_ROWS` rows (above it ``raw`` is None: a million dicts
    #: cost seconds). None for e-invoices (their ``raw`` dicts are always filled).
    raw_cells: pd.DataFrame | None = None
    #: Sheets not read: hidden sheets and chart sheets (unless named explicitly).
    skipped_sheets: list[str] = field(default_factory=list)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def short(message: object, limit: int = 200) -> str:
    """An exception message on one short line."""
    text = " ".join(str(message).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
