"""The short summary printed on stderr after ``fairbuy check``: counts by status and the largest
non-compliant product groups."""

from __future__ import annotations

from typing import Any

from fairbuy.models import AuditReport
from fairbuy.reports.i18n import check_lang, format_money, format_share, t
from fairbuy.reports.tables import Names, group_lines, headline, status_lines

TOP_GROUPS = 3


def terminal_summary(report: AuditReport, lang: str = "de", *, label_db: Any = None) -> str:
    """A few plain-text lines (no colours, no trailing newline); ``label_db`` (optional) gives
    product groups their names."""
    check_lang(lang)
    head = headline(report)
    lines = [f"fairbuy: {t(lang, 'term.checked').format(items=head.items, spend=format_money(head.spend, lang))}"]
    rows = [(line.label, line.count, format_money(line.spend, lang)) for line in status_lines(report, lang)
            if line.count]
    if rows:
        w_label = max(len(r[0]) for r in rows)
        w_count = max(len(str(r[1])) for r in rows)
        w_spend = max(len(r[2]) for r in rows)
        for label, count, spend in rows:
            lines.append(f"  {label:<{w_label}}  {count:>{w_count}}  {spend:>{w_spend}}")
    if head.compliant_share is not None:
        lines.append(f"  {t(lang, 'headline.compliant_share')}: {format_share(head.compliant_share, lang)}")
    names = Names(report, label_db, lang)
    worst = sorted((g for g in group_lines(report, names) if g.non_compliant_count),
                   key=lambda g: (-g.non_compliant_spend, -g.non_compliant_count, g.id or ""))[:TOP_GROUPS]
    if worst:
        parts = [f"{g.name} ({g.non_compliant_count} {t(lang, 'term.positions')}, "
                 f"{format_money(g.non_compliant_spend, lang)})" for g in worst]
        lines.append(f"  {t(lang, 'term.top_groups')}: " + "; ".join(parts))
    # country lists the user gave (they replace shipped ones and decide items): worth a line
    given: dict[str, list[str]] = {}
    for rs in report.rulesets:
        for cl in rs.lists:
            if cl.source == "file" and cl.path and cl.path not in given.setdefault(cl.id, []):
                given[cl.id].append(cl.path)
    if given:
        lines.append(f"  {t(lang, 'term.user_lists')}: "
                     + "; ".join(f"{lid} ({', '.join(paths)})" for lid, paths in sorted(given.items())))
    return "\n".join(lines)
