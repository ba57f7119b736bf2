"""The columnar item table: the contract between the pipeline stages.

Readers produce a :class:`pandas.DataFrame` with the columns of :data:`READ_COLUMNS` (one row per
input row, in input order, nothing dropped). Recognition adds :data:`RECOGNITION_COLUMNS`;
evaluation adds :data:`EVALUATION_COLUMNS`. Only when the report is assembled are pydantic
objects built (see :mod:`fairbuy.assemble`).

Cells hold plain Python/NumPy values: ``str``/``None`` for text, ``float``/NaN for numbers,
``datetime.date``/``None`` for dates, lists of plain ``dict`` for nested values. Nested lists are
read-only: rows with the same recognition result share the same list objects.
"""

from __future__ import annotations

from typing import Final

#: Columns every reader must deliver (missing values are None/NaN).
READ_COLUMNS: Final[tuple[str, ...]] = (
    "source_file",  # str: path as given by the user
    "source_sheet",  # str | None: sheet name (None for CSV / XML)
    "source_row",  # int: 1-based row as the user sees it (Excel row, CSV line, XML line position)
    "row_kind",  # str: "item" | "blank" | "total" | "header" | "error" (see ROW_KINDS)
    "read_error",  # str | None: why the row could not be read (row_kind "error")
    "description",  # str | None
    "quantity",  # float | NaN
    "unit",  # str | None
    "unit_price",  # float | NaN
    "amount",  # float | NaN: net line amount; quantity*unit_price when only those are given
    "currency",  # str | None
    "supplier",  # str | None
    "supplier_id",  # str | None: VAT id, creditor number
    "cpv",  # str | None: CPV code as written (repaired later)
    "label_text",  # str | None: label / evidence column
    "origin",  # str | None: origin country as written (normalised to ISO alpha-2 where possible)
    "purchase_date",  # datetime.date | None
    "article_number",  # str | None
    "document_number",  # str | None: invoice / order number
    "parent_row",  # int | None: parent line's source_row (XRechnung SubInvoiceLine)
    "raw",  # dict[str, object]: original cell values keyed by header text
)

#: Kinds of rows. Only "item" rows are recognised and evaluated; the others appear in the report
#: with status "unreadable" and their reason, so that every input row is there exactly once.
ROW_KINDS: Final[tuple[str, ...]] = ("item", "blank", "total", "error")

#: Columns added by :func:`fairbuy.recognise.recognise_table`.
RECOGNITION_COLUMNS: Final[tuple[str, ...]] = (
    "cpv_normalised",  # str | None: "15861000-1" form, None when absent/invalid
    "product_group",  # str | None: canonical product group id
    "group_method",  # str | None: "cpv" | "text" | "cpv+text"
    "group_reason",  # str | None: human readable why
    "labels",  # list[dict]: {id, name, matched_text, field, method, confidence, certificate_number}
    "evidence",  # list[dict]: Evidence-shaped dicts (generic claims, self-declarations, unknown labels, ...)
)

#: Columns added by :func:`fairbuy.rules.evaluate_table`.
EVALUATION_COLUMNS: Final[tuple[str, ...]] = (
    "status",  # str: Status value
    "score",  # float | NaN: 0..100
    "findings",  # list[dict]: Finding-shaped dicts
)
