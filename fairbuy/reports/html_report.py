"""The HTML report: one self-contained file (inline CSS, inline SVG charts, a few lines of inline
JavaScript for the item filter), rendered with Jinja2 autoescaping.

No external requests: no CDN, fonts, images or scripts from elsewhere; a Content-Security-Policy
meta tag (``default-src 'none'``) makes the browser refuse any that might slip in. Links to rule
and label sources are plain ``<a>`` elements (followed only when clicked).

The item table can be pre-filtered through the address: ``report.html#status=non_compliant&q=kaffee``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import jinja2

from fairbuy.models import AuditReport
from fairbuy.reports.i18n import format_money, format_number, format_share, t
from fairbuy.reports.tables import (
    FINDING_COLUMNS,
    ITEM_COLUMNS,
    LABEL_COLUMNS,
    RULE_COLUMNS,
    STATUS_ORDER,
    UNKNOWN_COLUMNS,
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
    unknown_rows,
)
from fairbuy.reports.xlsx_report import STATUS_CHART


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


def render_html(report: AuditReport, *, lang: str = "de", label_db: Any = None) -> bytes:
    names = Names(report, label_db, lang)
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
    items = []
    for row in iter_item_rows(report, names):
        rec = dict(zip(keys, row, strict=True))
        items.append({
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
        "items": items,
        "finding_headers": [t(lang, c.key) for c in FINDING_COLUMNS],
        "findings": [{"status": raw[7], "cells": cells} for raw, cells in zip(
            iter_finding_rows(report, names), _rows(FINDING_COLUMNS, iter_finding_rows(report, names), lang),
            strict=True)],
        "finding_status_index": 7,
        "rule_headers": [t(lang, c.key) for c in RULE_COLUMNS],
        "rules": _rows(RULE_COLUMNS, rule_rows(report), lang),
        "label_headers": [t(lang, c.key) for c in LABEL_COLUMNS],
        "labels": _rows(LABEL_COLUMNS, label_rows(report, names), lang),
        "unknown_headers": [t(lang, c.key) for c in UNKNOWN_COLUMNS],
        "unknown": _rows(UNKNOWN_COLUMNS, unknown_rows(report, lang), lang),
        "indicators": [{"title": i.title, "ruleset": i.ruleset_id,
                        "value": format_share(i.value, lang) if i.unit == "share"
                        else _cell(i.value, "money", lang) + (f" {i.unit}" if i.unit else "")}
                       for i in report.indicators],
        "list_findings": [{"status": f.status.value, "status_text": t(lang, f"status.{f.status.value}"),
                           "message": f.message_en if lang == "en" and f.message_en else f.message,
                           "rule": f"{f.ruleset_id}/{f.rule_id}", "reference": f.reference or ""}
                          for f in report.list_findings],
    }
    html = _environment().get_template("report.html.j2").render(context)
    return html.encode("utf-8")
