"""Readers: purchase lists (csv, tsv, xlsx, xlsm, xls, ods) and e-invoices (XRechnung UBL/CII,
ZUGFeRD/Factur-X PDF) to the item table of :data:`fairbuy.table.READ_COLUMNS`.

>>> from fairbuy.io import read_input
>>> res = read_input("einkauf.xlsx")            # doctest: +SKIP
>>> res.table, res.info                          # doctest: +SKIP
"""

from __future__ import annotations

from fairbuy.io.base import ReadResult
from fairbuy.io.reader import read_dataframe, read_input, read_inputs

__all__ = ["ReadResult", "read_dataframe", "read_input", "read_inputs"]
