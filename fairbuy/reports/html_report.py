"""The HTML report: one self-contained file (inline CSS, inline SVG charts, a few lines of inline
JavaScript for the item filter), rendered with Jinja2 autoescaping.

No external requests: no CDN, fonts, images or scripts from elsewhere; a Content-Security-Policy
meta tag (``default-src 'none'``) makes the browser refuse any that might slip in. Links to rule
and label sources are plain ``<a>`` elements (followed only when clicked).

The item table can be pre-filtered through the address: ``report.html#status=non_compliant&q=kaffee``.

Large reports. A browser cannot open the 800 MB a million items would give, and an auditor reads
the HTML for the summary and the findings (the JSON and xlsx reports carry every item). So above
``max_items`` items (default :data:`HTML_MAX_ITEMS`; 0 = no limit) the report

* keeps everything computed from all items: headline, status and product-group tables, charts,
  indicators, list findings, the rules, labels and unknown-evidence tables;
* lists only the first ``max_items`` items (input order) in the item table, under a notice that
  says how many items are not listed (and how many of those need attention, by status) and that
  the xlsx/JSON report has them all;
* lists every finding that needs attention (non-compliant, needs review, unreadable) in the
  findings table, identical ones merged into one row: rows of the full table that differ only in
  file, sheet, row and item description become one row with the number of items, their spend and
  their row numbers as compact ranges (``2–4, 9``; per file/sheet when there are several).
  Compliant and not-applicable results are counted in the rules table only.

Up to ``max_items`` items the report is exactly as before (every item, every finding).
:func:`render_audit_html` renders the same bytes from the columnar :class:`~fairbuy.api.Audit`
without one pydantic object per item (the CLI's path).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import jinja2
import numpy as np
import pandas as pd

from fairbuy.errors import UsageError
from fairbuy.models import AuditReport, Status
from fairbuy.reports.i18n import check_lang, format_money, format_number, format_share, t
from fairbuy.reports.tables import (
    FINDING_COLUMNS,
    ITEM_COLUMNS,
    LABEL_COLUMNS,
    RULE_COLUMNS,
    STATUS_ORDER,
    UNKNOWN_COLUMNS,
    Names,
    country_list_rows,
    finding_tail,
    group_lines,
    headline,
    item_row,
    iter_finding_rows,
    label_rows,
    rule_rows,
    ruleset_rows,
    status_lines,
    unknown_rows,
)
from fairbuy.reports.xlsx_report import STATUS_CHART

if TYPE_CHECKING:
    from fairbuy.api import Audit

#: Above this many items the HTML report lists only this many items one by one and merges the
#: findings that need attention (see the module documentation); ``max_items=0`` lists everything.
HTML_MAX_ITEMS = 10_000
#: Statuses of the findings that need attention, most severe first (the merged findings' order).
ACTION_STATUSES: tuple[str, ...] = (
    Status.UNREADABLE.value,
    Status.NON_COMPLIANT.value,
    Status.NEEDS_REVIEW.value,
)
#: A merged finding's row list of more than this many ranges is folded (``<details>``).
FOLD_RANGES = 12


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    width: float  # px
    colour: str
    y: float


@dataclass(frozen=True)
class Chart:
    title: str
    bars: list[Bar]
    height: float
    label_width: float
    bar_area: float


def _chart(title: str, rows: list[tuple[str, float, str, str]], *, maximum: float | None = None) -> Chart:
    """Horizontal bar chart geometry: rows of (label, value, value text, colour)."""
    bar_area = 300.0
    label_width = 250.0
    top = max([maximum or 0.0] + [v for _, v, _, _ in rows]) or 1.0
    bars = []
    for i, (label, value, text, colour) in enumerate(rows):
        width = max(0.0, value) / top * bar_area
        bars.append(Bar(label if len(label) <= 34 else label[:33] + "…", text, round(width, 1), colour,
                        8 + i * 26))
    return Chart(title, bars, 16 + len(rows) * 26, label_width, bar_area)


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("fairbuy.reports", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


def _cell(value: Any, kind: str, lang: str) -> str:
    if value is None:
        return ""
    if kind == "money" and isinstance(value, int | float):
        return format_number(float(value), lang)
    if kind == "share":
        return format_share(value, lang)
    if kind == "number" and isinstance(value, float):
        if value == int(value):
            return format_number(value, lang, 0)
        return format_number(value, lang, 3).rstrip("0")
    if kind == "date":
        return str(value.isoformat()) if hasattr(value, "isoformat") else str(value)
    if kind == "status":
        return t(lang, f"status.{value}")
    return str(value)


def _rows(columns: list[Any], rows: Any, lang: str) -> list[list[str]]:
    return [[_cell(v, c.kind, lang) for v, c in zip(row, columns, strict=True)] for row in rows]


@dataclass(frozen=True)
class Places:
    """Where each item comes from, coded: ``names[codes[i]]`` is item ``i``'s file (and sheet),
    ``rows[i]`` its row number."""

    codes: np.ndarray  # int64 per item
    names: list[str]
    rows: np.ndarray  # int64 per item

    @classmethod
    def of(cls, files: Sequence[str], sheets: Sequence[str | None], rows: Sequence[int] | np.ndarray) -> Places:
        keys = [(f, s) for f, s in zip(files, sheets, strict=True)]
        return cls.coded(*_factorize_pairs(keys), np.asarray(rows, dtype=np.int64))

    @classmethod
    def coded(cls, codes: np.ndarray, pairs: list[tuple[str, str | None]], rows: np.ndarray) -> Places:
        """From one code per item into the distinct (file, sheet) ``pairs``."""
        files = {f for f, _ in pairs}
        bases = [os.path.basename(f) or f for f in files]
        clash = {b for b in bases if bases.count(b) > 1}  # same name in two folders: the whole path
        names = []
        for file, sheet in pairs:
            name = os.path.basename(file) or file
            name = file if name in clash else name
            names.append(f"{name}/{sheet}" if sheet else name)
        return cls(np.asarray(codes, dtype=np.int64), names, rows)

    def text(self, items: np.ndarray) -> tuple[str, int]:
        """The row numbers of ``items`` (ascending item indexes) as compact ranges, each file/sheet
        named when the report has more than one (``a.csv: 2–4, 9; b.csv: 3``); and the number of
        ranges."""
        if len(items) == 0:
            return "", 0
        codes = self.codes[items]
        rows = self.rows[items]
        cut = np.flatnonzero((codes[1:] != codes[:-1]) | (rows[1:] != rows[:-1] + 1)) + 1
        starts = np.concatenate([[0], cut]).astype(np.int64).tolist()
        ends = np.concatenate([cut - 1, [len(items) - 1]]).astype(np.int64).tolist()
        first, last, where = rows[starts].tolist(), rows[ends].tolist(), codes[starts].tolist()
        blocks: list[tuple[int, list[str]]] = []
        for a, b, place in zip(first, last, where, strict=True):
            if not blocks or blocks[-1][0] != place:
                blocks.append((place, []))
            blocks[-1][1].append(str(a) if a == b else f"{a}–{b}")
        if len(self.names) == 1:
            return ", ".join(blocks[0][1]), len(starts)
        return "; ".join(f"{self.names[p]}: {', '.join(runs)}" for p, runs in blocks), len(starts)


def _factorize_pairs(keys: Sequence[tuple[str, str | None]]) -> tuple[np.ndarray, list[tuple[str, str | None]]]:
    index: dict[tuple[str, str | None], int] = {}
    codes = np.fromiter((index.setdefault(k, len(index)) for k in keys), dtype=np.int64, count=len(keys))
    return codes, list(index)


@dataclass(frozen=True)
class FindingGroup:
    """Identical findings that need attention, merged (rows of the full findings table that differ
    only in file, sheet, row and item description)."""

    status: str
    cells: tuple[Any, ...]  # product group name, then finding_tail's cells (ruleset … reference)
    items: int  # number of items
    spend: float  # their amounts' sum
    first: int  # index of the first item
    rows: str  # their row numbers, compact (Places.text)
    ranges: int  # number of ranges in ``rows``


@dataclass(frozen=True)
class Large:
    """What a capped report says about what it leaves out."""

    total: int
    shown: int
    hidden_by_status: dict[str, int]  # items not listed, by status
    action_findings: int  # item findings that need attention (all listed, merged)
    other_findings: int  # compliant / not applicable item findings (counted in the rules table)
    groups: list[FindingGroup]


def finding_groups(
    entry_items: np.ndarray,
    entry_tails: np.ndarray,
    tails: Sequence[Sequence[Any]],
    group_codes: np.ndarray,
    group_names: Sequence[str],
    places: Places,
    amount: np.ndarray,
) -> list[FindingGroup]:
    """Merge the findings that need attention.

    ``entry_items[k]``: the item of finding ``k`` (ascending), ``entry_tails[k]``: its cells in
    ``tails`` (:func:`~fairbuy.reports.tables.finding_tail`); ``group_codes[i]``: item ``i``'s
    product group in ``group_names`` (-1: none); ``amount[i]``: its amount (0 when missing).
    Ordered by status (most severe first), then by number of items (most first), first row, cells.
    """
    if len(entry_items) == 0:
        return []
    width = len(group_names) + 1
    combined = entry_tails.astype(np.int64) * width + (group_codes[entry_items] + 1)
    gid, uniques = pd.factorize(combined)
    gid = np.asarray(gid, dtype=np.int64)
    order = np.argsort(gid, kind="stable")
    ends = np.cumsum(np.bincount(gid, minlength=len(uniques))).tolist()
    out: list[FindingGroup] = []
    start = 0
    for g, key in enumerate(np.asarray(uniques, dtype=np.int64).tolist()):
        items = entry_items[order[start:ends[g]]]
        start = ends[g]
        if len(items) > 1:  # an item with the same finding twice counts once
            items = items[np.concatenate([[True], items[1:] != items[:-1]])]
        tail = tuple(tails[key // width])
        group = group_names[key % width - 1] if key % width else ""
        text, ranges = places.text(items)
        out.append(FindingGroup(str(tail[2]), (group, *tail), len(items), round(float(amount[items].sum()), 2),
                                int(items[0]), text, ranges))
    rank = {s: i for i, s in enumerate(ACTION_STATUSES)}
    out.sort(key=lambda g: (rank.get(g.status, len(rank)), -g.items, g.first, tuple(str(c or "") for c in g.cells)))
    return out


def _in_status_order(counts: dict[str, int]) -> dict[str, int]:
    return {s: counts[s] for s in [*STATUS_ORDER, *sorted(set(counts) - set(STATUS_ORDER))] if s in counts}


def _check_max_items(max_items: int) -> int:
    if not isinstance(max_items, int) or isinstance(max_items, bool) or max_items < 0:
        raise UsageError(f"html max items must be a whole number >= 0 (0 = no limit), got {max_items!r}")
    return max_items


def _is_large(n_items: int, max_items: int) -> bool:
    return max_items > 0 and n_items > max_items


def render_html(report: AuditReport, *, lang: str = "de", label_db: Any = None,
                max_items: int = HTML_MAX_ITEMS) -> bytes:
    """The HTML report of ``report``: every item and finding up to ``max_items`` items (0 = no
    limit); above, the first ``max_items`` items and the merged findings that need attention."""
    check_lang(lang)
    _check_max_items(max_items)
    names = Names(report, label_db, lang)
    n = len(report.items)
    if not _is_large(n, max_items):
        return _render(report, names, lang,
                       items=[item_row(item, names) for item in report.items],
                       findings=list(iter_finding_rows(report, names)),
                       rules=rule_rows(report), labels=label_rows(report, names),
                       unknown=unknown_rows(report, lang), large=None)
    items = report.items
    places = Places.of([i.source.file for i in items], [i.source.sheet for i in items],
                       [i.source.row for i in items])
    amount = np.fromiter((i.amount or 0.0 for i in items), dtype=np.float64, count=n)
    group_index: dict[str, int] = {}
    group_codes = np.fromiter((-1 if i.product_group is None else group_index.setdefault(i.product_group, len(group_index))
                               for i in items), dtype=np.int64, count=n)
    tail_index: dict[tuple[Any, ...], int] = {}
    entry_items: list[int] = []
    entry_tails: list[int] = []
    other = 0
    for r, item in enumerate(items):
        for f in item.findings:
            if f.status.value in ACTION_STATUSES:
                tail = tuple(finding_tail(f, names))
                entry_items.append(r)
                entry_tails.append(tail_index.setdefault(tail, len(tail_index)))
            else:
                other += 1
    groups = finding_groups(np.asarray(entry_items, dtype=np.int64), np.asarray(entry_tails, dtype=np.int64),
                            list(tail_index), group_codes, [names.group(g) for g in group_index], places, amount)
    counted: dict[str, int] = {}
    for item in items[max_items:]:
        counted[item.status.value] = counted.get(item.status.value, 0) + 1
    large = Large(n, max_items, _in_status_order(counted), len(entry_items), other, groups)
    return _render(report, names, lang, items=[item_row(item, names) for item in items[:max_items]],
                   findings=[], rules=rule_rows(report), labels=label_rows(report, names),
                   unknown=unknown_rows(report, lang), large=large)


def render_audit_html(audit: Audit, *, lang: str = "de", label_db: Any = None,
                      max_items: int = HTML_MAX_ITEMS) -> bytes:
    """:func:`render_html` of ``audit.report()`` (the same bytes), rendered from the columns when
    the report is capped: pydantic objects only for the items listed and for each distinct
    label/evidence/finding list."""
    check_lang(lang)
    _check_max_items(max_items)
    table = audit.table
    n = len(table)
    if not _is_large(n, max_items):
        return render_html(audit.report(), lang=lang, label_db=label_db, max_items=max_items)

    from fairbuy.api import _ITEMS
    from fairbuy.assemble import Coded, item_codes, item_dicts
    from fairbuy.gcpause import gc_paused
    from fairbuy.reports.xlsx_bulk import (
        ListColumns,
        coded_column,
        label_rows_columnar,
        rule_rows_columnar,
        unknown_rows_columnar,
    )

    meta = audit.meta
    with gc_paused():
        cols = item_codes(table)

        def coded(name: str) -> Coded:
            return coded_column(cols, name)

        lists = ListColumns.of(cols, meta, label_db, lang)
        labels, findings, evidence, names, amount = (lists.labels, lists.findings, lists.evidence, lists.names,
                                                     lists.amount)

        file, sheet, row = coded("source.file"), coded("source.sheet"), coded("source.row")
        sheet_codes = np.where(sheet.codes >= 0, sheet.codes, len(sheet.values))
        pair_codes, pair_uniques = pd.factorize(file.codes * (len(sheet.values) + 1) + sheet_codes)
        sheet_values = [*sheet.values, None]
        pairs = [(str(file.values[u // (len(sheet.values) + 1)]), sheet_values[u % (len(sheet.values) + 1)])
                 for u in np.asarray(pair_uniques, dtype=np.int64).tolist()]
        row_values = np.asarray(row.values, dtype=np.int64)
        places = Places.coded(np.asarray(pair_codes, dtype=np.int64), pairs, row_values[row.codes])

        flat = findings.flat()
        tail_index: dict[tuple[Any, ...], int] = {}
        tail_of = np.full(len(flat), -1, dtype=np.int64)
        for k, f in enumerate(flat):
            if f.status.value in ACTION_STATUSES:
                tail_of[k] = tail_index.setdefault(tuple(finding_tail(f, names)), len(tail_index))
        entry_items, idx = findings.expand()
        entry_tails = tail_of[idx]
        keep = entry_tails >= 0
        group = coded("product_group")
        groups = finding_groups(entry_items[keep], entry_tails[keep], list(tail_index), group.codes,
                                [names.group(str(g)) for g in group.values], places, amount)

        status = coded("status")
        counts = np.bincount(status.codes[max_items:], minlength=len(status.values)).tolist()
        by_value: dict[str, int] = {}
        for value, c in zip(status.values, counts, strict=True):
            if c:
                by_value[str(value)] = by_value.get(str(value), 0) + int(c)
        large = Large(n, max_items, _in_status_order(by_value), int(keep.sum()), int((~keep).sum()), groups)

        shown = _ITEMS.validate_python(item_dicts(table.iloc[:max_items]))
        return _render(meta, names, lang, items=[item_row(item, names) for item in shown], findings=[],
                       rules=rule_rows_columnar(findings, amount, meta.list_findings),
                       labels=label_rows_columnar(labels, amount, names),
                       unknown=unknown_rows_columnar(evidence, amount, cols, lang), large=large)


def write_audit_html(audit: Audit, path: str | os.PathLike[str], *, lang: str = "de", label_db: Any = None,
                     max_items: int = HTML_MAX_ITEMS) -> None:
    """Write :func:`render_audit_html` to ``path`` atomically."""
    from fairbuy.reports.atomic import atomic_write_bytes

    data = render_audit_html(audit, lang=lang, label_db=label_db, max_items=max_items)
    try:
        atomic_write_bytes(path, data)
    except OSError as exc:
        raise UsageError(f"{os.fspath(path)}: cannot write the report: {exc.strerror or exc}") from exc


def _large_context(large: Large, report: AuditReport, lang: str) -> dict[str, Any]:
    def num(value: int) -> str:
        return format_number(value, lang, 0)

    hidden = large.total - large.shown
    action = sum(c for s, c in large.hidden_by_status.items() if s in ACTION_STATUSES)
    by_status = ", ".join(f"{t(lang, f'status.{s}')} {num(large.hidden_by_status[s])}" for s in ACTION_STATUSES
                          if large.hidden_by_status.get(s))
    words = {"findings": t(lang, "sheet.findings"), "rules": t(lang, "sheet.rules"),
             "items_sheet": t(lang, "sheet.items"), "list_findings": t(lang, "list_findings")}
    notes = [t(lang, "html.large.items").format(shown=num(large.shown))]
    if action:
        notes.append(t(lang, "html.large.hidden_action").format(hidden=num(hidden), action=num(action),
                                                                 by_status=by_status, **words))
    findings_note = t(lang, "html.large.findings").format(count=num(large.action_findings),
                                                           groups=num(len(large.groups)),
                                                           other=num(large.other_findings), **words)
    if report.list_findings:
        findings_note += " " + t(lang, "html.large.list").format(**words)
    return {
        "title": t(lang, "html.large.title").format(hidden=num(hidden), total=num(large.total)),
        "notes": [" ".join(notes), findings_note, t(lang, "html.large.full").format(**words)],
        "shown_note": t(lang, "html.large.shown").format(shown=num(large.shown), total=num(large.total)),
        "grouped_note": t(lang, "html.large.grouped").format(**words),
        "hidden": hidden,
        "total": large.total,
        "action_findings": large.action_findings,
        "group_headers": [t(lang, k) for k in ("col.status", "html.col.items", "col.spend", "col.group",
                                               "col.message", "html.col.rows", "col.suggestion",
                                               "col.evidence_used", "col.ruleset", "col.rule", "col.severity",
                                               "col.reference")],
        "groups": [{
            "status": g.status,
            "status_text": t(lang, f"status.{g.status}"),
            "count": num(g.items),
            "n_items": g.items,
            "spend": format_money(g.spend, lang),
            "group": g.cells[0],
            "message": g.cells[5] or "",
            "rows": g.rows,
            "fold": g.ranges > FOLD_RANGES,
            "rows_n": t(lang, "html.rows_n").format(n=num(g.items)),
            "suggestion": g.cells[7] or "",
            "evidence": g.cells[6] or "",
            "ruleset": g.cells[1] or "",
            "rule": g.cells[2] or "",
            "severity": g.cells[4] or "",
            "reference": g.cells[8] or "",
        } for g in large.groups],
    }


def _render(report: AuditReport, names: Names, lang: str, *, items: list[list[Any]],
            findings: list[list[Any]], rules: list[list[Any]], labels: list[list[Any]],
            unknown: list[list[Any]], large: Large | None) -> bytes:
    head = headline(report)
    statuses = status_lines(report, lang)
    groups = group_lines(report, names)
    status_chart = _chart(t(lang, "chart.spend_by_status"),
                          [(s.label, s.spend, format_money(s.spend, lang), "#" + STATUS_CHART[s.status])
                           for s in statuses])
    group_chart = _chart(t(lang, "chart.compliant_share_by_group"),
                         [(g.name, g.share or 0.0, format_share(g.share, lang), "#2E8B57") for g in groups
                          if g.share is not None],
                         maximum=1.0)
    # Items: description, group, labels, amount, status, score, reason, suggestion + location.
    keys = [c.key for c in ITEM_COLUMNS]
    item_cells = []
    for row in items:
        rec = dict(zip(keys, row, strict=True))
        item_cells.append({
            "file": rec["col.file"], "sheet": rec["col.sheet"] or "", "row": rec["col.row"],
            "description": rec["col.description"] or "", "amount": _cell(rec["col.amount"], "money", lang),
            "supplier": rec["col.supplier"] or "", "group": rec["col.group"] or "", "labels": rec["col.labels"],
            "status": rec["col.status"], "status_text": t(lang, f"status.{rec['col.status']}"),
            "score": "" if rec["col.score"] is None else str(rec["col.score"]),
            "reason": rec["col.reason"], "suggestion": rec["col.suggestion"],
        })
    context = {
        "lang": lang,
        "t": lambda key: t(lang, key),
        "report": report,
        "rulesets": ruleset_rows(report, lang),
        "country_lists": country_list_rows(report, lang),
        "generated_at": report.generated_at.isoformat(),
        "audit_date": report.audit_date.isoformat() if report.audit_date else "",
        "head": {
            "n_items": str(head.items),
            "spend": format_money(head.spend, lang),
            "applicable_spend": format_money(head.applicable_spend, lang),
            "compliant_share": format_share(head.compliant_share, lang),
        },
        "statuses": [{"code": s.status, "label": s.label, "count": s.count, "spend": format_money(s.spend, lang)}
                     for s in statuses],
        "status_order": STATUS_ORDER,
        "groups": [{"name": g.name, "count": g.count, "spend": format_money(g.spend, lang),
                    "share": format_share(g.share, lang), "non_compliant": g.non_compliant_count}
                   for g in groups],
        "charts": [status_chart, group_chart] if group_chart.bars else [status_chart],
        "items": item_cells,
        "finding_headers": [t(lang, c.key) for c in FINDING_COLUMNS],
        "findings": [{"status": raw[7], "cells": cells}
                     for raw, cells in zip(findings, _rows(FINDING_COLUMNS, findings, lang), strict=True)],
        "finding_status_index": 7,
        "rule_headers": [t(lang, c.key) for c in RULE_COLUMNS],
        "rules": _rows(RULE_COLUMNS, rules, lang),
        "label_headers": [t(lang, c.key) for c in LABEL_COLUMNS],
        "labels": _rows(LABEL_COLUMNS, labels, lang),
        "unknown_headers": [t(lang, c.key) for c in UNKNOWN_COLUMNS],
        "unknown": _rows(UNKNOWN_COLUMNS, unknown, lang),
        "indicators": [{"title": i.title, "ruleset": i.ruleset_id,
                        "value": format_share(i.value, lang) if i.unit == "share"
                        else _cell(i.value, "money", lang) + (f" {i.unit}" if i.unit else "")}
                       for i in report.indicators],
        "list_findings": [{"status": f.status.value, "status_text": t(lang, f"status.{f.status.value}"),
                           "message": f.message_en if lang == "en" and f.message_en else f.message,
                           "rule": f"{f.ruleset_id}/{f.rule_id}", "reference": f.reference or ""}
                          for f in report.list_findings],
        "large": _large_context(large, report, lang) if large is not None else None,
    }
    html = _environment().get_template("report.html.j2").render(context)
    return html.encode("utf-8")
