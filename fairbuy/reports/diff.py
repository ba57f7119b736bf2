"""What changed between two audits (``fairbuy diff OLD.json NEW.json``), for year-over-year monitoring.

Items of the two reports are paired in three passes, each in input order:

1. same location (file *basename*, sheet, row) **and** same description (case and spacing ignored);
2. same description, wherever it is (lists are re-sorted, rows inserted, next year's file);
3. same location where neither side has a description (unreadable rows).

Items left over are *added* (only in NEW) or *removed* (only in OLD). A row whose description was
edited therefore shows as removed + added, never as a false pair.

Per product group the compliant share of spend (``summary.by_product_group``) is compared then vs now.
"""

from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from fairbuy.errors import InputError
from fairbuy.models import AuditReport, ItemResult, Status
from fairbuy.reports.i18n import check_lang, format_share, status_text
from fairbuy.reports.tables import STATUS_ORDER

_SPACE = re.compile(r"\s+")


def load_report(path: str | os.PathLike[str]) -> AuditReport:
    """Read a JSON report written by ``fairbuy check --format json``; bad files → :class:`InputError`."""
    name = os.fspath(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(name, "file not found") from None
    except OSError as exc:
        raise InputError(name, f"cannot read: {exc.strerror or exc}") from None
    try:
        return AuditReport.model_validate_json(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err.get("loc", ()))
        kind = "not valid JSON" if err.get("type") == "json_invalid" else "not a fairbuy JSON report"
        raise InputError(name, f"{kind} ({where or 'document'}: {err.get('msg')})") from None


def _norm(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip().casefold()


def _loc(item: ItemResult) -> tuple[str, str | None, int]:
    return (os.path.basename(item.source.file), item.source.sheet, item.source.row)


@dataclass(frozen=True)
class ItemChange:
    description: str | None
    old_source: dict[str, Any] | None
    new_source: dict[str, Any] | None
    old_status: str | None
    new_status: str | None
    old_amount: float | None = None
    new_amount: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "description": self.description,
            "old": None if self.old_source is None else {**self.old_source, "status": self.old_status,
                                                         "amount": self.old_amount},
            "new": None if self.new_source is None else {**self.new_source, "status": self.new_status,
                                                         "amount": self.new_amount},
        }


@dataclass(frozen=True)
class GroupChange:
    id: str
    old_count: int
    new_count: int
    old_spend: float
    new_spend: float
    old_share: float | None
    new_share: float | None

    @property
    def delta(self) -> float | None:
        if self.old_share is None or self.new_share is None:
            return None
        return round(self.new_share - self.old_share, 4)


@dataclass
class ReportDiff:
    old: AuditReport
    new: AuditReport
    matched: int = 0
    newly_compliant: list[ItemChange] = field(default_factory=list)
    newly_non_compliant: list[ItemChange] = field(default_factory=list)
    other_changes: list[ItemChange] = field(default_factory=list)
    added: list[ItemChange] = field(default_factory=list)
    removed: list[ItemChange] = field(default_factory=list)
    groups: list[GroupChange] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        def meta(r: AuditReport) -> dict[str, Any]:
            return {
                "generated_at": r.generated_at.isoformat(),
                "fairbuy_version": r.fairbuy_version,
                "label_db_version": r.label_db_version,
                "rulesets": [rs.model_dump(mode="json") for rs in r.rulesets],
                "inputs": [{"path": i.path, "sha256": i.sha256, "rows": i.rows} for i in r.inputs],
                "items": r.summary.items,
                "spend": r.summary.spend,
                "by_status": {s: (r.summary.by_status[s].count if s in r.summary.by_status else 0)
                              for s in STATUS_ORDER},
            }

        return {
            "old": meta(self.old),
            "new": meta(self.new),
            "matched": self.matched,
            "newly_compliant": [c.as_dict() for c in self.newly_compliant],
            "newly_non_compliant": [c.as_dict() for c in self.newly_non_compliant],
            "other_changes": [c.as_dict() for c in self.other_changes],
            "added": [c.as_dict() for c in self.added],
            "removed": [c.as_dict() for c in self.removed],
            "groups": [
                {"id": g.id, "old": {"count": g.old_count, "spend": g.old_spend, "compliant_spend_share": g.old_share},
                 "new": {"count": g.new_count, "spend": g.new_spend, "compliant_spend_share": g.new_share},
                 "delta": g.delta}
                for g in self.groups
            ],
        }


def _src(item: ItemResult) -> dict[str, Any]:
    return {"file": item.source.file, "sheet": item.source.sheet, "row": item.source.row}


def _pair(old: list[ItemResult], new: list[ItemResult]) -> tuple[list[tuple[int, int]], set[int], set[int]]:
    """Index pairs (old, new) in old order, and the unpaired indexes of each side."""
    free_old = set(range(len(old)))
    free_new = set(range(len(new)))
    pairs: list[tuple[int, int]] = []

    def run(key_old: Any, key_new: Any) -> None:
        index: dict[Any, list[int]] = defaultdict(list)
        for j in sorted(free_new):
            k = key_new(new[j])
            if k is not None:
                index[k].append(j)
        for i in sorted(free_old):
            k = key_old(old[i])
            if k is None:
                continue
            candidates = index.get(k)
            while candidates and candidates[0] not in free_new:
                candidates.pop(0)
            if candidates:
                j = candidates.pop(0)
                pairs.append((i, j))
                free_old.discard(i)
                free_new.discard(j)

    run(lambda it: (_loc(it), _norm(it.description)), lambda it: (_loc(it), _norm(it.description)))
    run(lambda it: _norm(it.description) or None, lambda it: _norm(it.description) or None)
    def loc_if_blank(it: ItemResult) -> Any:
        return None if _norm(it.description) else _loc(it)

    run(loc_if_blank, loc_if_blank)
    pairs.sort()
    return pairs, free_old, free_new


def diff_reports(old: AuditReport, new: AuditReport) -> ReportDiff:
    result = ReportDiff(old=old, new=new)
    pairs, free_old, free_new = _pair(old.items, new.items)
    result.matched = len(pairs)
    for i, j in pairs:
        a, b = old.items[i], new.items[j]
        if a.status == b.status:
            continue
        change = ItemChange(b.description if b.description is not None else a.description, _src(a), _src(b),
                            a.status.value, b.status.value, a.amount, b.amount)
        if b.status == Status.COMPLIANT:
            result.newly_compliant.append(change)
        elif b.status == Status.NON_COMPLIANT:
            result.newly_non_compliant.append(change)
        else:
            result.other_changes.append(change)
    for i in sorted(free_old):
        a = old.items[i]
        result.removed.append(ItemChange(a.description, _src(a), None, a.status.value, None, a.amount, None))
    for j in sorted(free_new):
        b = new.items[j]
        result.added.append(ItemChange(b.description, None, _src(b), None, b.status.value, None, b.amount))
    og, ng = old.summary.by_product_group, new.summary.by_product_group
    for gid in sorted(set(og) | set(ng)):
        o, n = og.get(gid), ng.get(gid)
        result.groups.append(GroupChange(
            gid, o.count if o else 0, n.count if n else 0, o.spend if o else 0.0, n.spend if n else 0.0,
            o.compliant_spend_share if o else None, n.compliant_spend_share if n else None,
        ))
    return result


def render_diff_json(d: ReportDiff) -> str:
    return json.dumps(d.as_dict(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


_TEXT = {
    "de": {
        "head": "Vergleich: {old} → {new}",
        "matched": "{n} Positionen in beiden Berichten, {added} neu, {removed} entfallen",
        "counts": "Status (vorher → nachher)",
        "newly_compliant": "Neu konform",
        "newly_non_compliant": "Neu nicht konform",
        "other_changes": "Sonstige Statuswechsel",
        "added": "Nur im neuen Bericht",
        "removed": "Nur im alten Bericht",
        "groups": "Anteil konformer Ausgaben je Warengruppe (vorher → nachher)",
        "more": "… und {n} weitere",
        "none": "keine",
        "blank": "(ohne Beschreibung)",
    },
    "en": {
        "head": "Comparison: {old} → {new}",
        "matched": "{n} items in both reports, {added} added, {removed} removed",
        "counts": "Status (before → after)",
        "newly_compliant": "Newly compliant",
        "newly_non_compliant": "Newly non-compliant",
        "other_changes": "Other status changes",
        "added": "Only in the new report",
        "removed": "Only in the old report",
        "groups": "Compliant share of spend per product group (before → after)",
        "more": "… and {n} more",
        "none": "none",
        "blank": "(no description)",
    },
}


def _where(src: dict[str, Any] | None) -> str:
    if src is None:
        return ""
    parts = [os.path.basename(src["file"])]
    if src.get("sheet"):
        parts.append(str(src["sheet"]))
    parts.append(str(src["row"]))
    return "/".join(parts)


def render_diff_text(d: ReportDiff, lang: str = "de", *, limit: int = 20) -> str:
    check_lang(lang)
    tx = _TEXT[lang]
    out = [
        tx["head"].format(old=d.old.generated_at.isoformat(), new=d.new.generated_at.isoformat()),
        tx["matched"].format(n=d.matched, added=len(d.added), removed=len(d.removed)),
        "",
        tx["counts"] + ":",
    ]
    ob, nb = d.old.summary.by_status, d.new.summary.by_status
    for s in STATUS_ORDER:
        o = ob[s].count if s in ob else 0
        n = nb[s].count if s in nb else 0
        if o or n:
            out.append(f"  {status_text(lang, s):<16} {o:>6} → {n:<6} ({n - o:+d})")
    for key in ("newly_compliant", "newly_non_compliant", "other_changes", "added", "removed"):
        changes: list[ItemChange] = getattr(d, key)
        out.append("")
        out.append(f"{tx[key]} ({len(changes)}):" if changes else f"{tx[key]}: {tx['none']}")
        for c in changes[:limit]:
            where = _where(c.new_source or c.old_source)
            move = ""
            if c.old_status and c.new_status:
                move = f"  [{status_text(lang, c.old_status)} → {status_text(lang, c.new_status)}]"
            elif c.new_status or c.old_status:
                move = f"  [{status_text(lang, (c.new_status or c.old_status or ''))}]"
            desc = " ".join((c.description or "").split()) or tx["blank"]
            out.append(f"  {where}: {desc}{move}")
        if len(changes) > limit:
            out.append("  " + tx["more"].format(n=len(changes) - limit))
    if d.groups:
        out.append("")
        out.append(tx["groups"] + ":")
        width = max(len(g.id) for g in d.groups)
        for g in d.groups:
            delta = ""
            if g.delta is not None:
                points = f"{g.delta * 100:+.1f}"
                delta = f"  ({points.replace('.', ',')} Pp.)" if lang == "de" else f"  ({points} pp)"
            out.append(f"  {g.id:<{width}}  {format_share(g.old_share, lang):>8} → "
                       f"{format_share(g.new_share, lang):<8}{delta}")
    return "\n".join(line.rstrip() for line in out)
