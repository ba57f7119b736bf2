"""Readers: purchase lists and e-invoices to the item table of :data:`fairbuy.table.READ_COLUMNS`.

>>> from fairbuy.io import read_input
>>> res = read_input("einkauf.xlsx")            # doctest: +SKIP
>>> res.table, res.info                          # doctest: +SKIP

Formats (decided by content; the extension only breaks ties) and ``InputInfo.format``:
``csv``/``tsv`` (also ``.txt``; UTF-8 with/without BOM, UTF-16 with BOM, cp1252 fallback; ``;`` ``,``
tab ``|`` sniffed), ``xlsx``, ``xlsm``, ``xls``, ``ods`` (python-calamine), ``html`` (ERP "Excel"
exports that are HTML tables), ``xml-spreadsheet`` (Excel 2003 XML), ``ubl``/``cii`` (XRechnung /
EN 16931), ``pdf-ubl``/``pdf-cii`` (ZUGFeRD / Factur-X: the embedded XML), ``dataframe``.

Rows. One table row per data row below the header, in input order: ``row_kind`` ``item``,
``blank`` (empty row between data), ``total`` (Summe/Zwischensumme/Gesamtbetrag/zzgl. MwSt...;
"Total"/"Gesamt"/"MwSt 19 %" only when the row has no quantity) or ``error`` (``read_error``
says why: no description/article number/CPV, a cell over 32,767 characters, a sheet without a
recognisable header). Title rows above the header and blank rows after the last data row are not
data rows. ``source_row`` is the row Excel shows, the physical CSV line (header = line 1 when it is
first), the ``<tr>`` position for HTML, and the 1-based line position in document order for
e-invoices (sub-lines follow their parent; ``parent_row`` is the parent's ``source_row``).

Columns are found from header text in German and English (:mod:`fairbuy.io.roles`); an explicit
``column_map`` ``{role: header}`` wins (:func:`load_column_map` reads one from a file). Numbers:
German and English forms, currency signs, ``12,50-``/``(12,50)`` negative, decided per column
(:mod:`fairbuy.io.parsing`); unreadable numbers are NaN (the row stays an item). ``amount`` is the
line total when given, else quantity x unit price. Codes (article numbers, EAN, CPV) stay text,
Excel's ``15861000.0`` becomes ``15861000``. ``origin`` is ISO alpha-2 where the name is
unambiguous (``Indien`` → ``IN``), else as written. ``currency`` comes from a currency column or the
amount cells ("€", "EUR"), else None.

E-invoices (:mod:`fairbuy.io.einvoice`): see there for the EN 16931 business terms used; credit
notes have negative quantity and amount. Note for sums: an XRechnung parent line's amount already
includes its sub-lines.

``raw``: a dict of the original cells by header for tabular inputs up to
:data:`fairbuy.io.tabular.RAW_DICT_MAX_ROWS` rows (None above; :attr:`ReadResult.raw_cells` has
the same cells as a DataFrame for any size); for e-invoices the line's own values (line id,
classifications, GTIN, ...).

Whole-file failures raise :class:`fairbuy.errors.InputError` (one line via ``one_line()``): missing,
empty, header only, corrupt, encrypted/password-protected, unsupported, no header, archives that
unpack to more than 1 GiB or compress suspiciously well (zip bombs), sheets over 40 M cells, XML
with DOCTYPE/ENTITY (XXE, billion laughs, external DTDs; lxml runs with entities and network off),
PDFs without an embedded invoice. No other exception escapes :func:`read_input`.
"""

from __future__ import annotations

from fairbuy.io.base import ReadResult
from fairbuy.io.reader import read_dataframe, read_input, read_inputs
from fairbuy.io.roles import ROLES, load_column_map

__all__ = ["ROLES", "ReadResult", "load_column_map", "read_dataframe", "read_input", "read_inputs"]
