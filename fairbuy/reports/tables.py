"""The tables every human-readable report shows, derived once from an :class:`AuditReport`.

The xlsx, html and csv writers render these rows; they never re-derive figures themselves, so the
formats agree with each other. Values are plain Python (``str``, ``int``, ``float``, ``date``,
``None``); text that comes from the input stays exactly as read (the writers make it safe).

``label_db`` is optional and duck-typed: ``label_db.labels[id]`` with ``name``, ``sources``,
``ilo``, ``verification`` (and optionally ``guarantees``/``description``) attributes, and
``label_db.groups[id].name``. Anything missing is simply left blank.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel

from fairbuy.models import AuditReport, DetectedLabel, Finding, ItemResult, Status
from fairbuy.reports.i18n import status_text, t

#: Order in which statuses are listed in tables and charts.
STATUS_ORDER: tuple[str, ...] = (
    Status.COMPLIANT.value,
    Status.NEEDS_REVIEW.value,
    Status.NON_COMPLIANT.value,
    Status.NOT_APPLICABLE.value,
    Status.UNREADABLE.value,
)
#: Statuses under which a rule applies to an item (the base of compliant shares).
APPLIED_STATUSES: frozenset[str] = frozenset(
    {Status.COMPLIANT.value, Status.NEEDS_REVIEW.value, Status.NON_COMPLIANT.value}
)
#: Evidence kinds listed on the "unknown evidence" sheet.
UNKNOWN_KINDS: tuple[str, ...] = ("unknown_label", "generic_claim")

Kind = Literal["text", "int", "number", "money", "share", "date", "status"]


@dataclass(frozen=True)
class Column:
    key: str  # i18n key of the header
    kind: Kind = "text"
    width: float = 14.0  # xlsx column width (characters)
    from_input: bool = True  # text that comes from the input (made formula-safe by writers)


@dataclass
class Table:
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)

    def headers(self, lang: str) -> list[str]:
        return [t(lang, c.key) for c in self.columns]


ITEM_COLUMNS: list[Column] = [
    Column("col.file", width=18),
    Column("col.sheet", width=14),
    Column("col.row", "int", 7, from_input=False),
    Column("col.description", width=48),
    Column("col.quantity", "number", 9),
    Column("col.unit", width=8),
    Column("col.unit_price", "money", 12),
    Column("col.amount", "money", 13),
    Column("col.supplier", width=22),
    Column("col.cpv", width=12),
    Column("col.group", width=18, from_input=False),
    Column("col.labels", width=30),
    Column("col.label_text", width=22),
    Column("col.origin", width=8),
    Column("col.date", "date", 11),
    Column("col.document", width=14),
    Column("col.status", "status", 15, from_input=False),
    Column("col.score", "int", 7, from_input=False),
    Column("col.reason", width=60),
    Column("col.suggestion", width=40, from_input=False),
]
#: Index of the status column in :data:`ITEM_COLUMNS` rows (rows carry the status *code* there).
ITEM_STATUS_INDEX = 16


def finding_message(finding: Finding, lang: str) -> str:
    if lang == "en" and finding.message_en:
        return finding.message_en
    return finding.message


def plain(value: Any) -> str:
    """A short human text for a duck-typed label-database value (str, list, enum, model, dict)."""
    if value is None:
        return ""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json", exclude_none=True)
    if isinstance(value, Mapping):
        parts = [f"{k}: {plain(v)}" for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))]
        return "; ".join(p for p in parts if not p.endswith(": "))
    if isinstance(value, list | tuple | set | frozenset):
        items = [plain(v) for v in value]
        if isinstance(value, set | frozenset):
            items.sort()
        return ", ".join(i for i in items if i)
    return str(value)


def _urls(sources: Any) -> list[str]:
    if sources is None:
        return []
    if isinstance(sources, str):
        return [sources]
    out: list[str] = []
    for src in sources if isinstance(sources, list | tuple) else [sources]:
        url = src if isinstance(src, str) else getattr(src, "url", None)
        if url is None and isinstance(src, Mapping):
            url = src.get("url")
        if isinstance(url, str) and url not in out:
            out.append(url)
    return out


def _localised(obj: Any, attr: str, lang: str) -> str | None:
    for name in (f"{attr}_{lang}", attr):
        value = getattr(obj, name, None)
        if isinstance(value, Mapping):
            value = value.get(lang) or value.get("de") or next(iter(value.values()), None)
        if isinstance(value, str) and value:
            return value
    return None


class Names:
    """Display names of labels and product groups (from the report, refined by a label DB)."""

    def __init__(self, report: AuditReport, label_db: Any, lang: str,
                 detected: Iterable[DetectedLabel] | None = None) -> None:
        """``detected``: the items' labels in item order, when ``report`` carries no items (the
        columnar report writers pass each distinct label list once, in order of first use)."""
        self.lang = lang
        self.label_db = label_db
        self.labels: dict[str, str] = {}
        if detected is None:
            detected = (lab for item in report.items for lab in item.labels)
        for lab in detected:
            if lab.name and lab.id not in self.labels:
                self.labels[lab.id] = lab.name
        db_labels = getattr(label_db, "labels", None)
        if isinstance(db_labels, Mapping):
            for lid, lab in db_labels.items():
                name = _localised(lab, "name", lang)
                if name:
                    self.labels[str(lid)] = name
        self.groups: dict[str, str] = {}
        db_groups = getattr(label_db, "groups", None)
        if isinstance(db_groups, Mapping):
            for gid, grp in db_groups.items():
                name = _localised(grp, "name", lang)
                if name:
                    self.groups[str(gid)] = name

    def label(self, lid: str) -> str:
        return self.labels.get(lid, lid)

    def group(self, gid: str | None) -> str:
        if gid is None:
            return ""
        return self.groups.get(gid, gid)

    def db_label(self, lid: str) -> Any:
        db_labels = getattr(self.label_db, "labels", None)
        if isinstance(db_labels, Mapping):
            return db_labels.get(lid)
        return None


def item_reason(item: ItemResult, lang: str) -> str:
    """Why the item has its status: the first finding with the item's status (the most severe)."""
    return reason_text(item.status.value, item.findings, lang)


def reason_text(status: str, findings: Sequence[Finding], lang: str) -> str:
    """:func:`item_reason` of an item with this status and these findings."""
    for wanted in (status, Status.NON_COMPLIANT.value, Status.NEEDS_REVIEW.value):
        for f in findings:
            if f.status.value == wanted:
                return finding_message(f, lang)
    return ""


def item_suggestion(item: ItemResult, names: Names) -> str:
    """What would make the item compliant: the labels suggested by its open findings."""
    return suggestion_text(item.findings, names)


def suggestion_text(findings: Sequence[Finding], names: Names) -> str:
    """:func:`item_suggestion` of an item with these findings."""
    ids: list[str] = []
    for f in findings:
        if f.status.value in (Status.NON_COMPLIANT.value, Status.NEEDS_REVIEW.value):
            for lid in f.suggestion:
                if lid not in ids:
                    ids.append(lid)
    if not ids:
        return ""
    return f"{t(names.lang, 'suggest.prefix')}: " + ", ".join(names.label(i) for i in ids)


def labels_text(item: ItemResult, names: Names) -> str:
    """``Fairtrade („Fairtrade“); XertifiX PLUS („XertifiX PLUS“)`` – label and the text it was found in."""
    return labels_list_text(item.labels, names)


def labels_list_text(labels: Sequence[DetectedLabel], names: Names) -> str:
    """:func:`labels_text` of an item with these labels."""
    parts = []
    for lab in labels:
        quote = "„{}“" if names.lang == "de" else "“{}”"
        parts.append(f"{names.label(lab.id)} ({quote.format(lab.matched_text)})")
    return "; ".join(parts)


def location_text(item: ItemResult) -> str:
    return place_text(item.source.file, item.source.sheet, item.source.row)


def place_text(file: str, sheet: str | None, row: int) -> str:
    """``liste.xlsx/Bestellungen/12``: file name, sheet (if any) and row of an item."""
    parts = [os.path.basename(file) or file]
    if sheet:
        parts.append(sheet)
    parts.append(str(row))
    return "/".join(parts)


def item_row(item: ItemResult, names: Names) -> list[Any]:
    return [
        item.source.file,
        item.source.sheet,
        item.source.row,
        item.description,
        item.quantity,
        item.unit,
        item.unit_price,
        item.amount,
        item.supplier,
        item.cpv,
        names.group(item.product_group),
        labels_text(item, names),
        item.label_text,
        item.origin,
        item.purchase_date,
        item.document_number,
        item.status.value,
        item.score,
        item_reason(item, names.lang),
        item_suggestion(item, names),
    ]


def iter_item_rows(report: AuditReport, names: Names) -> Iterator[list[Any]]:
    for item in report.items:
        yield item_row(item, names)


FINDING_COLUMNS: list[Column] = [
    Column("col.file", width=18),
    Column("col.sheet", width=14),
    Column("col.row", "int", 7, from_input=False),
    Column("col.description", width=40),
    Column("col.group", width=18, from_input=False),
    Column("col.ruleset", width=22, from_input=False),
    Column("col.rule", width=22, from_input=False),
    Column("col.status", "status", 15, from_input=False),
    Column("col.severity", width=9, from_input=False),
    Column("col.message", width=60),
    Column("col.evidence_used", width=24),
    Column("col.suggestion", width=28, from_input=False),
    Column("col.reference", width=30, from_input=False),
]


def finding_tail(f: Finding, names: Names) -> list[Any]:
    """The finding's own cells of a Findings row (after file, sheet, row, description, group)."""
    return _finding_tail(f, names)


def _finding_tail(f: Finding, names: Names) -> list[Any]:
    return [
        f.ruleset_id,
        f.rule_id,
        f.status.value,
        f.severity.value,
        finding_message(f, names.lang),
        ", ".join(f.evidence_used),
        ", ".join(names.label(s) for s in f.suggestion),
        f.reference,
    ]


def iter_finding_rows(report: AuditReport, names: Names) -> Iterator[list[Any]]:
    """One row per item × finding (input order), then the findings on the whole list."""
    for item in report.items:
        head = [item.source.file, item.source.sheet, item.source.row, item.description,
                names.group(item.product_group)]
        for f in item.findings:
            yield head + _finding_tail(f, names)
    for f in report.list_findings:
        yield [t(names.lang, "whole_list"), None, None, None, None, *_finding_tail(f, names)]


def finding_count(report: AuditReport) -> int:
    return sum(len(i.findings) for i in report.items) + len(report.list_findings)


RULE_COLUMNS: list[Column] = [
    Column("col.ruleset", width=24, from_input=False),
    Column("col.rule", width=26, from_input=False),
    Column("col.applied", "int", 12, from_input=False),
    *[Column(f"status.{s}", "int", 12, from_input=False) for s in STATUS_ORDER],
    Column("col.applied_spend", "money", 14, from_input=False),
    Column("col.compliant_share", "share", 12, from_input=False),
    Column("col.reference", width=50, from_input=False),
]


def rule_rows(report: AuditReport) -> list[list[Any]]:
    """Per rule: items it applied to, outcome counts, spend applied, compliant share, source."""
    stats: dict[tuple[str, str], dict[str, Any]] = {}
    for item in report.items:
        amount = item.amount or 0.0
        for f in item.findings:
            if f.rule_id == "read":
                continue
            key = (f.ruleset_id, f.rule_id)
            st = stats.setdefault(key, {"counts": Counter(), "spend": 0.0, "compliant": 0.0, "ref": None})
            st["counts"][f.status.value] += 1
            if f.status.value in APPLIED_STATUSES:
                st["spend"] += amount
                if f.status.value == Status.COMPLIANT.value:
                    st["compliant"] += amount
            if st["ref"] is None and f.reference:
                st["ref"] = f.reference
    for f in report.list_findings:
        key = (f.ruleset_id, f.rule_id)
        st = stats.setdefault(key, {"counts": Counter(), "spend": 0.0, "compliant": 0.0, "ref": None})
        if st["ref"] is None and f.reference:
            st["ref"] = f.reference
    rows: list[list[Any]] = []
    for (ruleset, rule), st in sorted(stats.items()):
        counts: Counter[str] = st["counts"]
        applied = sum(counts[s] for s in APPLIED_STATUSES)
        share = round(st["compliant"] / st["spend"], 4) if st["spend"] > 0 else None
        rows.append([ruleset, rule, applied, *[counts[s] for s in STATUS_ORDER], round(st["spend"], 2),
                     share, st["ref"]])
    return rows


LABEL_COLUMNS: list[Column] = [
    Column("col.label", width=22, from_input=False),
    Column("col.label_name", width=26, from_input=False),
    Column("col.count", "int", 9, from_input=False),
    Column("col.spend", "money", 13, from_input=False),
    Column("col.matched_texts", width=36),
    Column("col.guarantees", width=40, from_input=False),
    Column("col.ilo", width=24, from_input=False),
    Column("col.verification", width=24, from_input=False),
    Column("col.links", width=50, from_input=False),
]


_ILO_TOPICS: dict[str, tuple[str, str]] = {
    "child_labour": ("Kinderarbeit", "child labour"),
    "forced_labour": ("Zwangsarbeit", "forced labour"),
    "freedom_of_association": ("Vereinigungsfreiheit", "freedom of association"),
    "non_discrimination": ("Nichtdiskriminierung", "non-discrimination"),
    "occupational_safety_health": ("Arbeitsschutz", "occupational safety and health"),
}
_LEVELS: dict[str, tuple[str, str]] = {
    "product": ("Produkt", "product"),
    "ingredient": ("Zutat", "ingredient"),
    "site": ("Standort", "site"),
    "company": ("Unternehmen", "company"),
    "supply_chain": ("Lieferkette", "supply chain"),
    "membership": ("Mitgliedschaft", "membership"),
    "meta": ("Meta-Siegel", "meta label"),
}
_UNKNOWN = {"de": "unbekannt", "en": "unknown"}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "de" else pair[1]


def ilo_text(ilo: Any, lang: str) -> str:
    """ILO topics a label covers (label DB ``ilo``); ``None`` fields are unknown, not "no"."""
    if ilo is None:
        return ""
    if isinstance(ilo, str | list | tuple):
        return plain(ilo)
    parts = []
    for topic, pair in _ILO_TOPICS.items():
        value = getattr(ilo, topic, None)
        if value is True:
            parts.append(_pick(pair, lang))
        elif value is False:
            parts.append(("nicht: " if lang == "de" else "not: ") + _pick(pair, lang))
    conventions = getattr(ilo, "conventions", None)
    text = ", ".join(parts) or _UNKNOWN[lang]
    if isinstance(conventions, list | tuple) and conventions:
        text += f" ({', '.join(str(c) for c in conventions)})"
    return text


def verification_text(ver: Any, lang: str) -> str:
    """How a label is verified (label DB ``verification``)."""
    if ver is None:
        return ""
    if isinstance(ver, str | list | tuple | Enum):
        return plain(ver)
    de = lang == "de"
    parts = []
    third = getattr(ver, "third_party", None)
    if third is True:
        parts.append("unabhängige Dritte" if de else "independent third party")
    elif third is False:
        parts.append("keine unabhängige Prüfung" if de else "no independent verification")
    if getattr(ver, "on_site_audits", None) is True:
        parts.append("Vor-Ort-Audits" if de else "on-site audits")
    if getattr(ver, "self_declaration", None) is True:
        parts.append("Selbsterklärung" if de else "self-declaration")
    level = getattr(ver, "level", None)
    if isinstance(level, str) and level:
        parts.append(("Ebene: " if de else "level: ") + _pick(_LEVELS.get(level, (level, level)), lang))
    details = getattr(ver, "details", None)
    if isinstance(details, str) and details:
        parts.append(details)
    return "; ".join(parts) or _UNKNOWN[lang]


def guarantees_text(label: Any, lang: str) -> str:
    """What a label promises beyond the ILO topics: fair-trade elements and environmental criteria."""
    explicit = _localised(label, "guarantees", lang) or _localised(label, "description", lang)
    if explicit:
        return explicit
    de = lang == "de"
    parts = []
    fair = getattr(label, "fair_trade", None)
    if fair is not None and not isinstance(fair, str | bool):
        for attr, pair in (("minimum_price", ("Mindestpreis", "minimum price")),
                           ("premium", ("Prämie", "premium")),
                           ("living_wage", ("existenzsichernder Lohn", "living wage"))):
            if getattr(fair, attr, None) is True:
                parts.append(_pick(pair, lang))
    env = getattr(label, "environmental", None)
    summary = getattr(env, "summary", None) if env is not None else None
    if isinstance(summary, str) and summary:
        parts.append(("Umwelt: " if de else "environment: ") + summary)
    return "; ".join(parts)


def label_rows(report: AuditReport, names: Names) -> list[list[Any]]:
    """Labels found: how often, on how much spend, in which spellings, and (with a label DB) what
    they guarantee and where that is documented."""
    count: Counter[str] = Counter()
    spend: dict[str, float] = {}
    texts: dict[str, Counter[str]] = {}
    for item in report.items:
        seen: set[str] = set()
        for lab in item.labels:
            texts.setdefault(lab.id, Counter())[lab.matched_text] += 1
            if lab.id in seen:
                continue
            seen.add(lab.id)
            count[lab.id] += 1
            spend[lab.id] = spend.get(lab.id, 0.0) + (item.amount or 0.0)
    rows: list[list[Any]] = []
    for lid in sorted(count, key=lambda i: (-count[i], i)):
        db = names.db_label(lid)
        spellings = ", ".join(s for s, _ in sorted(texts[lid].items(), key=lambda kv: (-kv[1], kv[0]))[:8])
        rows.append([
            lid,
            names.label(lid),
            count[lid],
            round(spend[lid], 2),
            spellings,
            guarantees_text(db, names.lang) if db is not None else "",
            ilo_text(getattr(db, "ilo", None), names.lang) if db is not None else "",
            verification_text(getattr(db, "verification", None), names.lang) if db is not None else "",
            " ".join(_urls(getattr(db, "sources", None))) if db is not None else "",
        ])
    return rows


UNKNOWN_COLUMNS: list[Column] = [
    Column("col.kind", width=22, from_input=False),
    Column("col.text", width=40),
    Column("col.count", "int", 9, from_input=False),
    Column("col.spend", "money", 13, from_input=False),
    Column("col.fields", width=14),
    Column("col.examples", width=50),
]


def unknown_rows(report: AuditReport, lang: str) -> list[list[Any]]:
    """Label-like strings not recognised (evidence kinds unknown_label and generic_claim)."""
    stats: dict[tuple[str, str], dict[str, Any]] = {}
    for item in report.items:
        for ev in item.evidence:
            if ev.kind not in UNKNOWN_KINDS:
                continue
            st = stats.setdefault((ev.kind, ev.text), {"n": 0, "spend": 0.0, "fields": set(), "ex": []})
            st["n"] += 1
            st["spend"] += item.amount or 0.0
            if ev.field:
                st["fields"].add(ev.field)
            if len(st["ex"]) < 3:
                st["ex"].append(location_text(item))
    rows: list[list[Any]] = []
    for (kind, text), st in sorted(stats.items(), key=lambda kv: (-kv[1]["n"], kv[0])):
        rows.append([t(lang, f"kind.{kind}"), text, st["n"], round(st["spend"], 2),
                     ", ".join(sorted(st["fields"])), ", ".join(st["ex"])])
    return rows


@dataclass(frozen=True)
class StatusLine:
    status: str
    label: str
    count: int
    spend: float


@dataclass(frozen=True)
class GroupLine:
    id: str | None
    name: str
    count: int
    spend: float
    compliant_spend: float
    non_compliant_count: int
    non_compliant_spend: float
    share: float | None  # compliant share of the spend a rule applies to


@dataclass(frozen=True)
class Headline:
    items: int
    spend: float
    applicable_spend: float
    compliant_spend: float
    compliant_share: float | None


def status_lines(report: AuditReport, lang: str) -> list[StatusLine]:
    by = report.summary.by_status
    return [
        StatusLine(s, status_text(lang, s), by[s].count if s in by else 0, by[s].spend if s in by else 0.0)
        for s in STATUS_ORDER
    ]


def headline(report: AuditReport) -> Headline:
    by = report.summary.by_status
    applicable = round(sum(by[s].spend for s in APPLIED_STATUSES if s in by), 2)
    compliant = by[Status.COMPLIANT.value].spend if Status.COMPLIANT.value in by else 0.0
    share = round(compliant / applicable, 4) if applicable > 0 else None
    return Headline(report.summary.items, report.summary.spend, applicable, compliant, share)


def group_lines(report: AuditReport, names: Names) -> list[GroupLine]:
    """Product groups with their compliant share: first the groups a rule applies to, then the
    others, each block by spend (largest first)."""
    lines = []
    for gid, g in report.summary.by_product_group.items():
        bs = g.by_status
        applicable = sum(bs[s].spend for s in APPLIED_STATUSES if s in bs)
        compliant = bs["compliant"].spend if "compliant" in bs else 0.0
        nc = bs.get("non_compliant")
        share = g.compliant_spend_share
        if applicable <= 0:
            share = None  # no rule applies to this group: a share would mislead
        elif share is None and g.spend > 0:
            share = round(compliant / g.spend, 4)
        lines.append(GroupLine(gid, names.group(gid), g.count, g.spend, compliant,
                               nc.count if nc else 0, nc.spend if nc else 0.0, share))
    lines.sort(key=lambda g: (g.share is None, -g.spend, g.id or ""))
    return lines


def iso(value: dt.datetime | dt.date | None) -> str:
    if value is None:
        return ""
    return value.isoformat()


SUPPLIER_COLUMNS: list[Column] = [
    Column("col.supplier", width=32),
    Column("col.count", "int", 9, from_input=False),
    Column("col.spend", "money", 13, from_input=False),
    Column("col.register_supplier", width=30),
    Column("col.join", width=16, from_input=False),
    Column("col.evidence_held", width=60),
    Column("col.validity", width=12, from_input=False),
    Column("col.valid_to", width=12, from_input=False),
    Column("col.open_items", "int", 12, from_input=False),
]


def supplier_rows(report: AuditReport) -> list[list[Any]]:
    """Suppliers with spend, evidence held and open items (present when an evidence register was
    used: ``report.extra["suppliers"]``)."""
    rows: list[list[Any]] = []
    for s in report.extra.get("suppliers") or []:
        if not isinstance(s, dict):
            continue
        join = s.get("join_method")
        score = s.get("join_score")
        how = None
        if join:
            how = f"{join} {score:.0f}" if isinstance(score, int | float) else str(join)
            if s.get("ambiguous"):
                how += " (?)"
        rows.append([
            s.get("supplier"),
            s.get("items"),
            s.get("spend"),
            s.get("register_supplier"),
            how,
            s.get("evidence"),
            s.get("validity"),
            s.get("valid_to"),
            s.get("open_items"),
        ])
    return rows


def _source_text(source: str | None, path: str | None, replaces: str | None, lang: str) -> str:
    """Where a rule set or country list file came from, in words (e.g. 'Datei: dac-2024.yaml,
    ersetzt die mitgelieferte Liste')."""
    if source is None:
        return path or ""
    text = t(lang, f"source.{source}")
    if path:
        text += f": {path}"
    if replaces:
        text += f" ({t(lang, f'source.replaces.{replaces}')})"
    return text


def _validity_text(start: dt.date | None, end: dt.date | None, lang: str) -> str:
    if start and end:
        return f"{start.isoformat()} – {end.isoformat()}"
    if start:
        return f"{t(lang, 'validity.from')} {start.isoformat()}"
    if end:
        return f"{t(lang, 'validity.to')} {end.isoformat()}"
    return t(lang, "validity.open")


def ruleset_rows(report: AuditReport, lang: str) -> list[list[Any]]:
    """Rule sets: id, version, where the file came from, its SHA-256."""
    return [[rs.id, rs.version, _source_text(rs.source, rs.path, None, lang), rs.sha256 or ""]
            for rs in report.rulesets]


def country_list_rows(report: AuditReport, lang: str) -> list[list[Any]]:
    """The country lists each rule set used: rule set, list id, where the list came from (and
    whether it replaced a shipped one), its validity, its SHA-256."""
    return [[rs.id, cl.id, _source_text(cl.source, cl.path, cl.replaces, lang),
             _validity_text(cl.valid_from, cl.valid_to, lang), cl.sha256 or ""]
            for rs in report.rulesets for cl in rs.lists]
