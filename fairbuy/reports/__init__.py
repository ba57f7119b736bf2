"""Report writers: every format from the one :class:`~fairbuy.models.AuditReport`.

>>> from fairbuy.reports import write_report, render_report
>>> write_report(report, "pruefbericht.xlsx")                  # doctest: +SKIP
>>> data = render_report(report, "csv", csv_dialect="excel")   # doctest: +SKIP

Formats: ``json`` (the fixed contract, exactly ``report.model_dump_json()``), ``xlsx``, ``html``
(one self-contained file; above ``html_max_items`` items, default 10,000, it lists only that many
items and merges the findings that need attention: see :mod:`fairbuy.reports.html_report`), ``csv``
(the items table). Outputs are deterministic: the same report
gives the same bytes. Files are written atomically (temporary file in the same folder, then
rename).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from fairbuy.errors import UsageError
from fairbuy.models import AuditReport
from fairbuy.reports.atomic import atomic_write_bytes
from fairbuy.reports.i18n import check_lang
from fairbuy.reports.json_report import render_schema, report_schema
from fairbuy.reports.terminal import terminal_summary

FORMATS: tuple[str, ...] = ("json", "xlsx", "html", "csv")
_SUFFIXES = {".json": "json", ".xlsx": "xlsx", ".html": "html", ".htm": "html", ".csv": "csv"}

__all__ = [
    "FORMATS",
    "format_from_path",
    "render_report",
    "render_schema",
    "report_schema",
    "terminal_summary",
    "write_report",
]


def format_from_path(path: str | os.PathLike[str]) -> str:
    """The report format named by ``path``'s extension (``.htm`` counts as html)."""
    suffix = Path(path).suffix.lower()
    try:
        return _SUFFIXES[suffix]
    except KeyError:
        raise UsageError(
            f"{os.fspath(path)}: cannot tell the report format from the extension {suffix or '(none)'!r}; "
            f"use one of {', '.join(sorted(_SUFFIXES))} or give the format"
        ) from None


def render_report(
    report: AuditReport,
    fmt: str,
    *,
    lang: str = "de",
    csv_dialect: str = "excel-de",
    label_db: Any = None,
    xlsx_engine: str = "auto",
    html_max_items: int | None = None,
) -> bytes:
    """The report in format ``fmt`` as bytes (for stdout or for :func:`write_report`).

    ``html_max_items``: html only, the most items listed one by one (None: the default
    :data:`~fairbuy.reports.html_report.HTML_MAX_ITEMS`; 0: all)."""
    check_lang(lang)
    if fmt == "json":
        from fairbuy.reports.json_report import render_json

        return render_json(report)
    if fmt == "csv":
        from fairbuy.reports.csv_report import render_csv

        return render_csv(report, lang=lang, csv_dialect=csv_dialect, label_db=label_db)
    if fmt == "xlsx":
        from fairbuy.reports.xlsx_report import build_xlsx

        return build_xlsx(report, lang=lang, label_db=label_db, engine=xlsx_engine)
    if fmt == "html":
        from fairbuy.reports.html_report import HTML_MAX_ITEMS, render_html

        return render_html(report, lang=lang, label_db=label_db,
                           max_items=HTML_MAX_ITEMS if html_max_items is None else html_max_items)
    raise UsageError(f"unknown report format {fmt!r} (use one of: {', '.join(FORMATS)})")


def write_report(
    report: AuditReport,
    path: str | os.PathLike[str],
    fmt: str | None = None,
    *,
    lang: str = "de",
    csv_dialect: str = "excel-de",
    label_db: Any = None,
    xlsx_engine: str = "auto",
    html_max_items: int | None = None,
) -> None:
    """Write the report to ``path`` atomically; ``fmt`` defaults to the extension's format."""
    fmt = fmt or format_from_path(path)
    data = render_report(report, fmt, lang=lang, csv_dialect=csv_dialect, label_db=label_db,
                         xlsx_engine=xlsx_engine, html_max_items=html_max_items)
    try:
        atomic_write_bytes(path, data)
    except OSError as exc:
        raise UsageError(f"{os.fspath(path)}: cannot write the report: {exc.strerror or exc}") from exc
