"""The Excel report: fixed sheets, native charts, status colours, numbers as numbers.

Sheets (German names by default, English with ``lang="en"``): Übersicht/Overview (what was
checked, headline figures, two native charts), Positionen/Items (every input row once),
Befunde/Findings (item × finding), Regeln/Rules, Gütezeichen/Labels and Unbekannte
Nachweise/Unknown evidence.

Safety: every text cell is written as a *string* cell (``t="inlineStr"``), never
as a formula, whatever it starts with (``=HYPERLINK(...)``, ``=1+1``, ``@SUM(A1)`` stay
literal text). Control characters that XML cannot carry are replaced by U+FFFD, and texts longer
than Excel's cell limit (32,767 characters) are cut with an ellipsis.

Engines: openpyxl builds the workbook for normal sizes; above :data:`FAST_PATH_ITEMS` items the
xlsxwriter engine in ``constant_memory`` mode is used (same sheets, cells and charts: tested).
``fairbuy check … -o X.xlsx`` goes further above ``xlsx_bulk.BULK_MIN_ROWS`` (1,000) rows: it writes from
the columnar audit without building the :class:`AuditReport` at all
(:mod:`fairbuy.reports.xlsx_bulk`: 100k generated rows in ~1.9 s instead of ~22 s with the
xlsxwriter engine plus ~5 s for the per-item report objects; 1M rows in ~18 s).
Measured on this machine (2 shared cores), whole workbook incl. the Findings sheet, peak RSS of
the process including the report objects::

    items    openpyxl            xlsxwriter (constant_memory)
    10,018   11.1 s / 248 MB      5.5 s / 166 MB
    60,018   61.2 s / 863 MB     39.8 s / 402 MB

(``render_report(sample_report(n_extra=N), "xlsx", xlsx_engine=E)`` with the fixture of
``tests/test_reports_sample.py``, one process per run under ``/usr/bin/time -f %M``.) Plain-cell
micro-benchmark, 60,000 rows × 17 columns: openpyxl 13.2 s / 376 MB, openpyxl ``write_only``
17.3 s / 65 MB, xlsxwriter ``constant_memory`` 7.1 s / 45 MB — so the fast path is xlsxwriter,
not openpyxl's write-only mode.

Reproducibility: document properties are set from ``report.generated_at`` and the zip container
is re-packed with fixed member timestamps, so the same report gives the same bytes.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import queue
import re
import threading
import zipfile
from collections.abc import Iterator, Mapping
from typing import IO, Any, BinaryIO, Protocol

from fairbuy.models import AuditReport
from fairbuy.reports.i18n import t
from fairbuy.reports.tables import (
    FINDING_COLUMNS,
    ITEM_COLUMNS,
    LABEL_COLUMNS,
    RULE_COLUMNS,
    STATUS_ORDER,
    SUPPLIER_COLUMNS,
    UNKNOWN_COLUMNS,
    Column,
    Names,
    country_list_rows,
    group_lines,
    headline,
    iter_finding_rows,
    iter_item_rows,
    label_rows,
    rule_rows,
    ruleset_rows,
    status_lines,
    supplier_rows,
    unknown_rows,
)

#: Above this many items the xlsxwriter engine (constant memory) is used.
FAST_PATH_ITEMS = 50_000
ENGINES = ("auto", "openpyxl", "xlsxwriter")

#: Fill colours of the statuses (Excel's "good/neutral/bad" palette).
STATUS_FILL: dict[str, str] = {
    "compliant": "C6EFCE",
    "needs_review": "FFEB9C",
    "non_compliant": "FFC7CE",
    "not_applicable": "EDEDED",
    "unreadable": "D9D9D9",
}
STATUS_FONT: dict[str, str] = {
    "compliant": "006100",
    "needs_review": "9C5700",
    "non_compliant": "9C0006",
    "not_applicable": "404040",
    "unreadable": "404040",
}
#: Chart bar colours per status (stronger than the fills).
STATUS_CHART: dict[str, str] = {
    "compliant": "2E8B57",
    "needs_review": "E0A800",
    "non_compliant": "C0392B",
    "not_applicable": "9E9E9E",
    "unreadable": "616161",
}
HEADER_FILL = "1F4E78"
MAX_CELL = 32_767
_CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)([^<]*)(</dcterms:(?:created|modified)>)")
_DIMENSION = re.compile(rb'<dimension ref="[^"]*"/>')
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

NUMBER_FORMATS: dict[str, str] = {
    "int": "0",
    "number": "General",
    "money": "#,##0.00",
    "share": "0.0%",
}
DATE_FORMAT = {"de": "DD.MM.YYYY", "en": "YYYY-MM-DD"}


def clean_text(text: str) -> str:
    """A string an xlsx cell can hold: no XML-illegal characters, at most 32,767 characters."""
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub("\ufffd", text)
    if len(text) > MAX_CELL:
        text = text[: MAX_CELL - 1] + "…"
    return text


# ---------------------------------------------------------------------------------------------
# Engine-neutral drawing surface
# ---------------------------------------------------------------------------------------------


class Surface(Protocol):
    """What the sheet builders need from an engine. Rows and columns are 0-based."""

    def sheet(self, name: str) -> None: ...
    def write(self, row: int, col: int, value: Any, style: str = "") -> None: ...
    def widths(self, widths: list[float]) -> None: ...
    def freeze(self, row: int, col: int) -> None: ...
    def autofilter(self, last_row: int, last_col: int) -> None: ...
    def bar_chart(self, title: str, cat_col: int, val_col: int, first_row: int, last_row: int,
                  anchor_row: int, anchor_col: int, *, percent: bool, colours: list[str] | None,
                  horizontal: bool) -> None: ...
    def finish(self, generated_at: dt.datetime, title: str, lang: str) -> bytes: ...


def _excel_name(col: int) -> str:
    name = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        name = chr(65 + rem) + name
    return name


class OpenpyxlSurface:
    def __init__(self, lang: str) -> None:
        from openpyxl import Workbook

        self.lang = lang
        self.wb = Workbook()
        self.wb.remove(self.wb.active)
        self.ws: Any = None
        self._styles: dict[str, dict[str, Any]] = {}
        self._arrays: dict[str, Any] = {}
        self._build_styles()

    def _build_styles(self) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill

        wrap_top = Alignment(vertical="top")
        header = {"font": Font(bold=True, color="FFFFFF"), "fill": PatternFill("solid", fgColor=HEADER_FILL),
                  "alignment": Alignment(vertical="center", wrap_text=True)}
        self._styles = {
            "title": {"font": Font(bold=True, size=14)},
            "h2": {"font": Font(bold=True, size=12, color=HEADER_FILL)},
            "label": {"font": Font(bold=True)},
            "header": header,
            "text": {},
            "wrap": {"alignment": wrap_top},
            "date": {"number_format": DATE_FORMAT[self.lang]},
            **{k: {"number_format": v} for k, v in NUMBER_FORMATS.items()},
        }
        for status, colour in STATUS_FILL.items():
            self._styles[f"status:{status}"] = {
                "fill": PatternFill("solid", fgColor=colour),
                "font": Font(color=STATUS_FONT[status]),
            }

    def sheet(self, name: str) -> None:
        self.ws = self.wb.create_sheet(name)

    def write(self, row: int, col: int, value: Any, style: str = "") -> None:
        if value is None or value == "":
            if not style.startswith("status:") and style != "header":
                return
            value = None
        cell = self.ws.cell(row=row + 1, column=col + 1)
        if isinstance(value, str):
            cell.value = clean_text(value)
            cell.data_type = "s"  # never a formula or an error code, whatever the text starts with
        else:
            cell.value = value
        if style:
            cached = self._arrays.get(style)
            if cached is not None:  # copying the style array is ~10x cheaper than setting attributes
                cell._style = copy.copy(cached)
            else:
                for attr, val in self._styles[style].items():
                    setattr(cell, attr, val)
                self._arrays[style] = copy.copy(cell._style)

    def widths(self, widths: list[float]) -> None:
        for i, w in enumerate(widths):
            self.ws.column_dimensions[_excel_name(i)].width = w

    def freeze(self, row: int, col: int) -> None:
        self.ws.freeze_panes = f"{_excel_name(col)}{row + 1}"

    def autofilter(self, last_row: int, last_col: int) -> None:
        self.ws.auto_filter.ref = f"A1:{_excel_name(last_col)}{last_row + 1}"

    def bar_chart(self, title: str, cat_col: int, val_col: int, first_row: int, last_row: int,
                  anchor_row: int, anchor_col: int, *, percent: bool, colours: list[str] | None,
                  horizontal: bool) -> None:
        from openpyxl.chart import BarChart, Reference
        from openpyxl.chart.marker import DataPoint

        chart = BarChart()
        chart.type = "bar" if horizontal else "col"
        chart.title = title
        chart.legend = None
        chart.height = 7.5
        chart.width = 16
        data = Reference(self.ws, min_col=val_col + 1, min_row=first_row + 1, max_row=last_row + 1)
        cats = Reference(self.ws, min_col=cat_col + 1, min_row=first_row + 1, max_row=last_row + 1)
        chart.add_data(data, titles_from_data=False)
        chart.set_categories(cats)
        series = chart.series[0]
        series.graphicalProperties.solidFill = "1F77B4"
        if colours:
            for idx, colour in enumerate(colours):
                point = DataPoint(idx=idx)
                point.graphicalProperties.solidFill = colour
                series.dPt.append(point)
        if percent:
            chart.y_axis.scaling.min = 0
            chart.y_axis.scaling.max = 1
            chart.y_axis.numFmt = "0%"
        else:
            chart.y_axis.numFmt = "#,##0"
        chart.y_axis.delete = False
        chart.x_axis.delete = False
        self.ws.add_chart(chart, f"{_excel_name(anchor_col)}{anchor_row + 1}")

    def finish(self, generated_at: dt.datetime, title: str, lang: str) -> bytes:
        stamp = _naive_utc(generated_at)
        props = self.wb.properties
        props.creator = "fairbuy"
        props.lastModifiedBy = "fairbuy"
        props.title = title
        props.language = lang
        props.created = stamp
        props.modified = stamp
        buf = io.BytesIO()
        self.wb.save(buf)
        return buf.getvalue()


class XlsxwriterSurface:
    def __init__(self, lang: str, *, constant_memory: bool = True) -> None:
        import xlsxwriter

        self.lang = lang
        self.buf = io.BytesIO()
        self.sheets = 0  # sheets added so far: the n-th is the zip member xl/worksheets/sheet{n}.xml
        self.wb = xlsxwriter.Workbook(self.buf, {
            "constant_memory": constant_memory,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        })
        self.ws: Any = None
        base = {"font_name": "Calibri", "font_size": 11}
        self._formats: dict[str, Any] = {
            "": None,
            "text": None,
            "title": self.wb.add_format({**base, "bold": True, "font_size": 14}),
            "h2": self.wb.add_format({**base, "bold": True, "font_size": 12, "font_color": "#" + HEADER_FILL}),
            "label": self.wb.add_format({**base, "bold": True}),
            "header": self.wb.add_format({**base, "bold": True, "font_color": "#FFFFFF", "bg_color": "#" + HEADER_FILL,
                                          "text_wrap": True, "valign": "vcenter"}),
            "wrap": self.wb.add_format({**base, "valign": "top"}),
            "date": self.wb.add_format({**base, "num_format": DATE_FORMAT[lang]}),
            **{k: self.wb.add_format({**base, "num_format": v}) for k, v in NUMBER_FORMATS.items()},
        }
        for status, colour in STATUS_FILL.items():
            self._formats[f"status:{status}"] = self.wb.add_format(
                {**base, "bg_color": "#" + colour, "font_color": "#" + STATUS_FONT[status]})

    def sheet(self, name: str) -> None:
        self.ws = self.wb.add_worksheet(name)
        self.sheets += 1

    def write(self, row: int, col: int, value: Any, style: str = "") -> None:
        fmt = self._formats[style]
        if value is None or value == "":
            if fmt is not None:
                self.ws.write_blank(row, col, None, fmt)
        elif isinstance(value, str):
            self.ws.write_string(row, col, self._literal(clean_text(value)), fmt)
        elif isinstance(value, bool):
            self.ws.write_boolean(row, col, value, fmt)
        elif isinstance(value, int | float):
            self.ws.write_number(row, col, value, fmt)
        elif isinstance(value, dt.date):
            self.ws.write_datetime(row, col, value, fmt)
        else:
            self.ws.write_string(row, col, self._literal(clean_text(str(value))), fmt)

    def _literal(self, text: str) -> str:
        """XlsxWriter writes a string that starts with ``<r>`` and ends with ``</r>`` as rich-text
        XML, unescaped (``<r>&</r>`` would break the workbook); such a text is handed over as one
        escaped rich-text run instead, which shows exactly the text."""
        if not (text.startswith("<r>") and text.endswith("</r>")):
            return text
        preserve = ' xml:space="preserve"' if text != text.strip() else ""
        escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        if len(escaped) > MAX_CELL // 2 - 40:  # XlsxWriter would cut the markup: cut the text instead
            return text[: MAX_CELL // 10] + "…"
        return f"<r><t{preserve}>{escaped}</t></r>"

    def widths(self, widths: list[float]) -> None:
        for i, w in enumerate(widths):
            self.ws.set_column(i, i, w)

    def freeze(self, row: int, col: int) -> None:
        self.ws.freeze_panes(row, col)

    def autofilter(self, last_row: int, last_col: int) -> None:
        self.ws.autofilter(0, 0, last_row, last_col)

    def bar_chart(self, title: str, cat_col: int, val_col: int, first_row: int, last_row: int,
                  anchor_row: int, anchor_col: int, *, percent: bool, colours: list[str] | None,
                  horizontal: bool) -> None:
        chart = self.wb.add_chart({"type": "bar" if horizontal else "column"})
        name = self.ws.get_name()
        series: dict[str, Any] = {
            "categories": [name, first_row, cat_col, last_row, cat_col],
            "values": [name, first_row, val_col, last_row, val_col],
            "fill": {"color": "#1F77B4"},
        }
        if colours:
            series["points"] = [{"fill": {"color": "#" + c}} for c in colours]
        chart.add_series(series)
        chart.set_title({"name": title})
        chart.set_legend({"none": True})
        axis: dict[str, Any] = {"num_format": "0%" if percent else "#,##0"}
        if percent:
            axis.update({"min": 0, "max": 1})
        (chart.set_x_axis if horizontal else chart.set_y_axis)(axis)
        chart.set_size({"width": 600, "height": 280})
        self.ws.insert_chart(anchor_row, anchor_col, chart)

    def finish(self, generated_at: dt.datetime, title: str, lang: str) -> bytes:
        self.wb.set_properties({"title": title, "author": "fairbuy", "created": _naive_utc(generated_at)})
        self.wb.close()
        return self.buf.getvalue()


def _naive_utc(stamp: dt.datetime) -> dt.datetime:
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(dt.UTC).replace(tzinfo=None)
    return stamp.replace(microsecond=0)


def normalise_zip(data: bytes, stamp: dt.datetime) -> bytes:
    """Re-pack a zip with every member stamped ``stamp`` (not before 1980), same order and content."""
    out = io.BytesIO()
    repack_zip(data, stamp, out)
    return out.getvalue()


class Splice(Protocol):
    """Rows to insert into a worksheet member at ``</sheetData>``, and the sheet's new dimension."""

    dimension: str

    @property
    def zip64(self) -> bool:
        """Whether the member may exceed 2 GiB uncompressed (needs zip64 headers)."""

    def chunks(self) -> Iterator[bytes]: ...


def repack_zip(data: bytes, stamp: dt.datetime, out: BinaryIO, splices: Mapping[str, Splice] | None = None,
               *, splice_level: int = 6) -> None:
    """Write the zip ``data`` to ``out`` with every member stamped ``stamp`` (see
    :func:`normalise_zip`); members named in ``splices`` get the splice's rows streamed in before
    their ``</sheetData>`` (compressed at ``splice_level``) and its ``<dimension ref>``."""
    when = max(_naive_utc(stamp), dt.datetime(1980, 1, 1))
    date_time = (when.year, when.month, when.day, when.hour, when.minute, when.second - when.second % 2)
    w3c = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    splices = splices or {}
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" with the clock on save
                content = _CORE_DATES.sub(lambda m: m.group(1) + w3c + m.group(3), content)
            member = zipfile.ZipInfo(info.filename, date_time=date_time)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o600 << 16
            member.create_system = 0
            splice = splices.get(info.filename)
            if splice is None:
                dst.writestr(member, content, compresslevel=6)
                continue
            at = content.rfind(b"</sheetData>")
            if at < 0:
                raise ValueError(f"{info.filename}: no sheetData to splice rows into")
            head = _DIMENSION.sub(b'<dimension ref="' + splice.dimension.encode() + b'"/>', content[:at], count=1)
            for attr in ("_compresslevel", "compress_level"):  # private before Python 3.13
                if hasattr(member, attr):
                    setattr(member, attr, splice_level)
            with dst.open(member, "w", force_zip64=splice.zip64) as stream:
                stream.write(head)
                write_in_thread(stream, splice.chunks())
                stream.write(content[at:])


def write_in_thread(stream: IO[bytes], chunks: Iterator[bytes]) -> None:
    """``stream.write`` each chunk in a second thread while the next chunk is made: zlib and the
    file write release the GIL, so compressing overlaps building the XML."""
    pending: queue.Queue[bytes | None] = queue.Queue(maxsize=2)
    failed: list[BaseException] = []

    def work() -> None:
        try:
            while (chunk := pending.get()) is not None:
                stream.write(chunk)
        except BaseException as exc:  # handed to the caller below
            failed.append(exc)
            while pending.get() is not None:  # let the producer finish
                pass

    worker = threading.Thread(target=work, name="fairbuy-xlsx-writer", daemon=True)
    worker.start()
    try:
        for chunk in chunks:
            if failed:
                break
            pending.put(chunk)
    finally:
        pending.put(None)
        worker.join()
    if failed:
        raise failed[0]


# ---------------------------------------------------------------------------------------------
# Sheets
# ---------------------------------------------------------------------------------------------


def _cell_style(col: Column, value: Any) -> str:
    if col.kind == "status":
        return f"status:{value}" if value else ""
    if col.kind in NUMBER_FORMATS and isinstance(value, int | float):
        return col.kind
    if col.kind == "date" and isinstance(value, dt.date):
        return "date"
    return ""


def _table(s: Surface, columns: list[Column], rows: Any, lang: str, *, start_row: int = 0,
           filter_and_freeze: bool = True) -> int:
    """Header + rows; returns the index of the last row written."""
    for c, col in enumerate(columns):
        s.write(start_row, c, t(lang, col.key), "header")
    r = start_row
    for row in rows:
        r += 1
        for c, col in enumerate(columns):
            value = row[c]
            if col.kind == "status" and value is not None:
                s.write(r, c, t(lang, f"status.{value}"), f"status:{value}")
            else:
                s.write(r, c, value, _cell_style(col, value))
    if filter_and_freeze:
        s.widths([col.width for col in columns])
        s.freeze(start_row + 1, 0)
        s.autofilter(max(r, start_row + 1), len(columns) - 1)
    return r


def _overview(s: Surface, report: AuditReport, names: Names, lang: str) -> None:
    s.sheet(t(lang, "sheet.overview"))
    s.widths([40, 18, 14, 16, 16, 24, 70])
    s.write(0, 0, t(lang, "title"), "title")
    r = 2
    meta = [
        ("meta.generated_at", report.generated_at.isoformat()),
        ("meta.audit_date", report.audit_date),
        ("meta.fairbuy_version", report.fairbuy_version),
        ("meta.label_db_version", report.label_db_version),
    ]
    for key, value in meta:
        s.write(r, 0, t(lang, key), "label")
        s.write(r, 1, value, "date" if isinstance(value, dt.date) else "")
        r += 1

    r += 1
    s.write(r, 0, t(lang, "inputs"), "h2")
    r += 1
    for c, key in enumerate(["input.path", "input.rows", "input.format", "input.sheets", "input.sha256"]):
        s.write(r, c if c < 4 else 6, t(lang, key), "header")
    for inp in report.inputs:
        r += 1
        s.write(r, 0, inp.path)
        s.write(r, 1, inp.rows, "int")
        s.write(r, 2, inp.format)
        s.write(r, 3, ", ".join(inp.sheets))
        s.write(r, 6, inp.sha256)

    r += 2
    s.write(r, 0, t(lang, "rulesets"), "h2")
    r += 1
    for c, key in ((0, "ruleset.id"), (1, "ruleset.version"), (2, "ruleset.source"), (6, "input.sha256")):
        s.write(r, c, t(lang, key), "header")
    for rs_id, version, source, sha in ruleset_rows(report, lang):
        r += 1
        s.write(r, 0, rs_id)
        s.write(r, 1, version)
        s.write(r, 2, source)
        s.write(r, 6, sha)
    lists = country_list_rows(report, lang)
    if lists:
        r += 2
        s.write(r, 0, t(lang, "country_lists"), "h2")
        r += 1
        for c, key in ((0, "ruleset.id"), (1, "list.id"), (2, "ruleset.source"), (5, "col.validity"),
                       (6, "input.sha256")):
            s.write(r, c, t(lang, key), "header")
        for rs_id, list_id, source, validity, sha in lists:
            r += 1
            s.write(r, 0, rs_id)
            s.write(r, 1, list_id)
            s.write(r, 2, source)
            s.write(r, 5, validity)
            s.write(r, 6, sha)

    r += 2
    head = headline(report)
    s.write(r, 0, t(lang, "headline"), "h2")
    figures: list[tuple[str, float | None, str]] = [
        ("headline.items", head.items, "int"),
        ("headline.spend", head.spend, "money"),
        ("headline.applicable_spend", head.applicable_spend, "money"),
        ("headline.compliant_share", head.compliant_share, "share"),
    ]
    for key, figure, style in figures:
        r += 1
        s.write(r, 0, t(lang, key), "label")
        s.write(r, 1, figure, style)

    r += 2
    s.write(r, 0, t(lang, "by_status"), "h2")
    r += 1
    for c, key in enumerate(["col.status", "col.count", "col.spend", "col.share_items"]):
        s.write(r, c, t(lang, key), "header")
    status_first = r + 1
    lines = status_lines(report, lang)
    for line in lines:
        r += 1
        s.write(r, 0, line.label, f"status:{line.status}")
        s.write(r, 1, line.count, "int")
        s.write(r, 2, line.spend, "money")
        s.write(r, 3, line.count / head.items if head.items else None, "share")
    status_last = r

    r += 2
    s.write(r, 0, t(lang, "by_group"), "h2")
    r += 1
    for c, key in enumerate(["col.group", "col.count", "col.spend", "col.compliant_spend", "col.compliant_share",
                             f"status.{STATUS_ORDER[2]}"]):
        s.write(r, c, t(lang, key), "header")
    groups = group_lines(report, names)
    group_first = r + 1
    charted = 0  # groups a rule applies to come first: the chart shows only those
    for g in groups:
        charted += g.share is not None
        r += 1
        s.write(r, 0, g.name)
        s.write(r, 1, g.count, "int")
        s.write(r, 2, g.spend, "money")
        s.write(r, 3, g.compliant_spend, "money")
        s.write(r, 4, g.share, "share")
        s.write(r, 5, g.non_compliant_count, "int")
    group_last = group_first + charted - 1

    if report.indicators:
        r += 2
        s.write(r, 0, t(lang, "indicators"), "h2")
        r += 1
        for c, key in enumerate(["indicator.title", "indicator.value", "indicator.unit", "col.ruleset"]):
            s.write(r, c, t(lang, key), "header")
        for ind in report.indicators:
            r += 1
            s.write(r, 0, ind.title)
            s.write(r, 1, ind.value, "share" if ind.unit == "share" else "number")
            s.write(r, 2, ind.unit)
            s.write(r, 3, ind.ruleset_id)

    if report.list_findings:
        r += 2
        s.write(r, 0, t(lang, "list_findings"), "h2")
        r += 1
        for c, key in enumerate(["col.message", "col.status", "col.ruleset", "col.rule", "col.severity",
                                 "col.suggestion", "col.reference"]):
            s.write(r, c, t(lang, key), "header")
        for f in report.list_findings:
            r += 1
            s.write(r, 0, f.message_en if lang == "en" and f.message_en else f.message)
            s.write(r, 1, t(lang, f"status.{f.status.value}"), f"status:{f.status.value}")
            s.write(r, 2, f.ruleset_id)
            s.write(r, 3, f.rule_id)
            s.write(r, 4, f.severity.value)
            s.write(r, 5, ", ".join(names.label(x) for x in f.suggestion))
            s.write(r, 6, f.reference)

    s.bar_chart(t(lang, "chart.spend_by_status"), 0, 2, status_first, status_last, 2, 8,
                percent=False, colours=[STATUS_CHART[line.status] for line in lines], horizontal=False)
    if charted:
        s.bar_chart(t(lang, "chart.compliant_share_by_group"), 0, 4, group_first, group_last, 18, 8,
                    percent=True, colours=None, horizontal=True)


def build_xlsx(report: AuditReport, *, lang: str = "de", label_db: Any = None, engine: str = "auto") -> bytes:
    """The xlsx workbook as bytes (deterministic for the same report)."""
    if engine not in ENGINES:
        raise ValueError(f"unknown xlsx engine {engine!r}")
    if engine == "auto":
        engine = "xlsxwriter" if len(report.items) > FAST_PATH_ITEMS else "openpyxl"
    surface: Surface = XlsxwriterSurface(lang) if engine == "xlsxwriter" else OpenpyxlSurface(lang)
    names = Names(report, label_db, lang)

    _overview(surface, report, names, lang)

    surface.sheet(t(lang, "sheet.items"))
    _table(surface, ITEM_COLUMNS, iter_item_rows(report, names), lang)

    surface.sheet(t(lang, "sheet.findings"))
    _table(surface, FINDING_COLUMNS, iter_finding_rows(report, names), lang)

    surface.sheet(t(lang, "sheet.rules"))
    _table(surface, RULE_COLUMNS, rule_rows(report), lang)

    surface.sheet(t(lang, "sheet.labels"))
    _table(surface, LABEL_COLUMNS, label_rows(report, names), lang)

    surface.sheet(t(lang, "sheet.unknown"))
    _table(surface, UNKNOWN_COLUMNS, unknown_rows(report, lang), lang)

    suppliers = supplier_rows(report)
    if suppliers:  # only when an evidence register was used
        surface.sheet(t(lang, "sheet.suppliers"))
        _table(surface, SUPPLIER_COLUMNS, suppliers, lang)

    data = surface.finish(report.generated_at, t(lang, "title"), lang)
    return normalise_zip(data, report.generated_at)
