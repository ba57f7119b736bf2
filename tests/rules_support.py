"""Test support for the rule tests: a small stub label database with the LabelDB interface and
a builder of item tables (the contract of fairbuy.table)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from fairbuy.table import READ_COLUMNS, RECOGNITION_COLUMNS

CORE = ("forced_labour", "child_labour", "freedom_of_association", "non_discrimination")


@dataclass
class Verification:
    third_party: bool | None
    level: str | None


@dataclass
class Label:
    id: str
    name: str
    topics: dict[str, bool | None]
    verification: Verification
    product_groups: list[str]
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    focus: str | None = None
    sources: list[str] = field(default_factory=list)

    def covers(self, topic: str) -> bool | None:
        return self.topics.get(topic)

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or day >= self.valid_from) and (self.valid_to is None or day <= self.valid_to)


@dataclass
class Group:
    id: str
    parent: str | None = None


def _all(value: bool | None, **extra: bool | None) -> dict[str, bool | None]:
    out: dict[str, bool | None] = {t: value for t in (*CORE, "occupational_safety_health")}
    out.update(extra)
    return out


class StubDB:
    """The subset of fairbuy.labeldb.LabelDB that the evaluator uses."""

    version = "stub-1"

    def __init__(self) -> None:
        labels = [
            Label("fairtrade", "Fairtrade", _all(True, fair_price=True), Verification(True, "product"),
                  ["coffee", "tea", "cocoa_chocolate", "sugar", "flowers_plants", "tropical_fruit"]),
            Label("oeko-tex-standard-100", "STANDARD 100 by OEKO-TEX", _all(False, fair_price=False),
                  Verification(True, "product"), ["textiles", "clothing_workwear"],
                  focus="consumer health (harmful-substance testing of the finished product)"),
            Label("gots", "GOTS", _all(True), Verification(True, "product"), ["textiles", "clothing_workwear"]),
            Label("fair-wear-foundation", "Fair Wear Foundation", _all(True), Verification(True, "membership"),
                  ["clothing_workwear", "textiles"]),
            Label("amfori-bsci", "amfori BSCI", _all(True), Verification(False, "company"), []),
            Label("xertifix", "XertifiX", _all(True), Verification(None, "supply_chain"),
                  ["natural_stone", "gravestones"]),
            Label("xertifix-plus", "XertifiX PLUS", _all(True), Verification(True, "supply_chain"),
                  ["natural_stone", "gravestones"]),
            Label("fair-stone", "Fair Stone", _all(True), Verification(True, "supply_chain"),
                  ["natural_stone", "gravestones"]),
            Label("utz", "UTZ Certified", _all(True), Verification(True, "product"), ["coffee"],
                  valid_to=dt.date(2020, 12, 31)),
            Label("rainforest-alliance", "Rainforest Alliance", _all(True, child_labour=None),
                  Verification(True, "product"), ["coffee"]),
        ]
        self.labels: dict[str, Label] = {lab.id: lab for lab in labels}
        self.aliases = {"max-havelaar": "fairtrade", "win-win-fair-stone": "fair-stone"}
        self.groups = {g.id: g for g in [
            Group("natural_stone"), Group("gravestones", "natural_stone"), Group("coffee"), Group("tea"),
            Group("textiles"), Group("clothing_workwear"), Group("sports_goods"),
            Group("sports_balls", "sports_goods"), Group("sugar"), Group("flowers_plants"),
        ]}

    def canonical_label_id(self, lid: str) -> str | None:
        if lid in self.labels:
            return lid
        return self.aliases.get(lid)

    def group_ancestors(self, gid: str) -> list[str]:
        out = []
        g = self.groups.get(gid)
        while g is not None and g.parent:
            out.append(g.parent)
            g = self.groups.get(g.parent)
        return out

    def credible_labels_for(self, group: str, requires: list[str] | None = None) -> list[Label]:
        fam = {group, *self.group_ancestors(group)}
        out = []
        for lab in self.labels.values():
            if not fam & set(lab.product_groups):
                continue
            if requires and any(lab.covers(t) is not True for t in requires):
                continue
            if lab.verification.third_party is not True:
                continue
            out.append(lab)
        return out


def label(lid: str, confidence: float = 1.0) -> dict[str, Any]:
    return {"id": lid, "name": lid, "matched_text": lid, "field": "description", "method": "alias",
            "confidence": confidence, "certificate_number": None}


def evidence(kind: str, text: str, label_id: str | None = None, confidence: float = 1.0) -> dict[str, Any]:
    return {"kind": kind, "text": text, "label_id": label_id, "field": "label_text", "confidence": confidence}


def item(description: str, group: str | None, *, labels: list[dict[str, Any]] | None = None,
         evidence_: list[dict[str, Any]] | None = None, origin: str | None = None,
         date: dt.date | None = dt.date(2025, 3, 1), amount: float = 100.0, document: str | None = None,
         row_kind: str = "item", read_error: str | None = None, cpv: str | None = None,
         register: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(READ_COLUMNS)
    row.update({c: None for c in RECOGNITION_COLUMNS})
    row.update({
        "source_file": "list.xlsx", "source_sheet": "S", "source_row": 2, "row_kind": row_kind,
        "read_error": read_error, "description": description, "quantity": 1.0, "unit_price": amount,
        "amount": amount, "origin": origin, "purchase_date": date, "document_number": document,
        "product_group": group, "cpv_normalised": cpv, "labels": labels or [], "evidence": evidence_ or [],
        "raw": {},
    })
    if register is not None:
        row["register_evidence"] = register
    return row


def table(*rows: dict[str, Any]) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows))
    frame["source_row"] = range(2, 2 + len(frame))
    return frame
