"""Domain models of fairbuy (pydantic v2).

These models are the public, typed face of an audit: what the library returns from
:func:`fairbuy.check` and what every report writer renders. Hot paths work on pandas columns
(see :mod:`fairbuy.table`); these objects are built once, when the report is assembled.

The JSON form of :class:`AuditReport` is a fixed contract (``shared/DESIGN.md``): field names and
status values must not change.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Status(StrEnum):
    """Outcome of an item, or of one rule for an item (ordered from least to most severe below)."""

    NOT_APPLICABLE = "not_applicable"
    COMPLIANT = "compliant"
    NEEDS_REVIEW = "needs_review"
    NON_COMPLIANT = "non_compliant"
    UNREADABLE = "unreadable"


#: Severity order used to combine statuses: an item's status is the most severe of its findings.
STATUS_SEVERITY: dict[Status, int] = {
    Status.NOT_APPLICABLE: 0,
    Status.COMPLIANT: 1,
    Status.NEEDS_REVIEW: 2,
    Status.NON_COMPLIANT: 3,
    Status.UNREADABLE: 4,
}


def most_severe(statuses: list[Status] | tuple[Status, ...]) -> Status:
    """The most severe of ``statuses``; ``not_applicable`` when there are none."""
    if not statuses:
        return Status.NOT_APPLICABLE
    return max(statuses, key=STATUS_SEVERITY.__getitem__)


class Severity(StrEnum):
    """How serious a rule violation is (Semgrep/ruff style)."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class Location(_Model):
    """Where a line item comes from: file, sheet and the 1-based row as the user sees it.

    ``row`` is the Excel row number for spreadsheets, the physical line number for CSV (the header
    is line 1), and the 1-based position of the line in document order for e-invoices.
    """

    file: str
    sheet: str | None = None
    row: int = Field(ge=1)
    column: str | None = Field(default=None, description="Column letter or header of a cell, where relevant")


class LineItem(_Model):
    """One purchased position as read from the input, before recognition."""

    source: Location
    description: str | None = None
    quantity: float | None = None
    unit: str | None = None
    unit_price: float | None = None
    amount: float | None = Field(default=None, description="Net line amount (EUR unless currency says else)")
    currency: str | None = None
    supplier: str | None = None
    supplier_id: str | None = None
    cpv: str | None = None
    label_text: str | None = Field(default=None, description="Content of the label/evidence column")
    origin: str | None = Field(default=None, description="Country of origin, ISO 3166-1 alpha-2 if known")
    purchase_date: dt.date | None = None
    article_number: str | None = None
    document_number: str | None = Field(default=None, description="Invoice or order number")
    parent_row: int | None = Field(default=None, description="Row of the parent line (XRechnung sub-lines)")
    raw: dict[str, Any] = Field(default_factory=dict, description="Original cell values by header")


class DetectedLabel(_Model):
    """A label named on a line item."""

    id: str
    name: str | None = None
    matched_text: str
    field: Literal["description", "label_text", "register", "other"] = "description"
    method: Literal["alias", "fuzzy", "certificate", "register", "column"] = "alias"
    confidence: float = Field(ge=0.0, le=1.0, default=1.0)
    certificate_number: str | None = None


class Evidence(_Model):
    """A piece of evidence found for an item (a label, claim, declaration, certificate, origin...)."""

    kind: Literal[
        "label",
        "certificate",
        "membership",
        "self_declaration",
        "generic_claim",
        "unknown_label",
        "negated_label",
        "origin",
        "other",
    ]
    text: str
    label_id: str | None = None
    field: str | None = None
    confidence: float = Field(ge=0.0, le=1.0, default=1.0)
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    reference: str | None = Field(default=None, description="Document or register reference")


class ProductGroupRef(_Model):
    id: str
    name: str | None = None
    method: Literal["cpv", "text", "cpv+text", "column"] | None = None
    reason: str | None = None


class Finding(_Model):
    """The verdict of one rule on one item (or, with ``row`` None, on the whole list)."""

    rule_id: str
    ruleset_id: str
    status: Status
    severity: Severity = Severity.WARNING
    message: str
    message_en: str | None = None
    evidence_used: list[str] = Field(default_factory=list, description="Label ids or evidence texts used")
    suggestion: list[str] = Field(default_factory=list, description="Label ids that would satisfy the rule")
    reference: str | None = Field(default=None, description="URL of the rule's source")


class ItemResult(_Model):
    """One input row in the report (the JSON contract's ``items[]``)."""

    source: Location
    description: str | None
    product_group: str | None
    product_group_reason: str | None = None
    labels: list[DetectedLabel] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    status: Status
    score: int | None = Field(default=None, ge=0, le=100)
    findings: list[Finding] = Field(default_factory=list)
    quantity: float | None = None
    unit: str | None = None
    unit_price: float | None = None
    amount: float | None = None
    supplier: str | None = None
    cpv: str | None = None
    label_text: str | None = None
    origin: str | None = None
    purchase_date: dt.date | None = None
    document_number: str | None = None
    parent_row: int | None = None


#: Where a rule set or country list file came from: shipped with fairbuy, a file the user gave,
#: or (lists only) defined inside the rule set file (``lists:``).
Provenance = Literal["shipped", "file", "rule_set"]


class CountryListRef(_Model):
    """A country list a rule set used, with what an auditor needs to reproduce the audit."""

    id: str
    source: Provenance = Field(
        description="'shipped' (rules/lists/), 'file' (given by the user, e.g. --rules my-dac-list.yaml) "
        "or 'rule_set' (defined in the rule set file)"
    )
    path: str | None = Field(
        default=None,
        description="The file: as the user gave it ('file'), relative to fairbuy's data folder ('shipped'), "
        "or the rule set file ('rule_set')",
    )
    sha256: str | None = Field(default=None, description="SHA-256 of the bytes of that file")
    replaces: Literal["shipped", "rule_set"] | None = Field(
        default=None, description="The list of the same id this one replaced (a user file replacing a shipped list)"
    )
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


class RuleSetRef(_Model):
    id: str
    version: str
    source: Literal["shipped", "file"] | None = None
    path: str | None = Field(default=None, description="The rule set file (see CountryListRef.path)")
    sha256: str | None = Field(default=None, description="SHA-256 of the bytes of the rule set file")
    lists: list[CountryListRef] = Field(default_factory=list, description="Country lists the rules used")


class InputInfo(_Model):
    path: str
    sha256: str
    rows: int = Field(ge=0, description="Number of items read from this input (one per data row)")
    format: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    sheets: list[str] = Field(default_factory=list)


class StatusSummary(_Model):
    count: int = 0
    spend: float = 0.0


class GroupSummary(_Model):
    count: int = 0
    spend: float = 0.0
    by_status: dict[str, StatusSummary] = Field(default_factory=dict)
    compliant_spend_share: float | None = None


class Summary(_Model):
    items: int = 0
    spend: float = 0.0
    by_status: dict[str, StatusSummary] = Field(default_factory=dict)
    by_product_group: dict[str, GroupSummary] = Field(default_factory=dict)
    by_label: dict[str, StatusSummary] = Field(default_factory=dict)
    by_rule: dict[str, dict[str, StatusSummary]] = Field(default_factory=dict)
    compliant_spend_share_by_rule: dict[str, float | None] = Field(default_factory=dict)


class Indicator(_Model):
    id: str
    ruleset_id: str
    title: str
    value: float | None
    unit: str | None = None
    detail: dict[str, Any] = Field(default_factory=dict)


class AuditReport(_Model):
    """An audit: metadata, one :class:`ItemResult` per input row in input order, and the summary."""

    fairbuy_version: str
    label_db_version: str
    rulesets: list[RuleSetRef]
    inputs: list[InputInfo]
    generated_at: dt.datetime
    audit_date: dt.date | None = None
    items: list[ItemResult]
    list_findings: list[Finding] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    summary: Summary
    extra: dict[str, Any] = Field(default_factory=dict)

    def exit_code(self) -> int:
        """CLI exit status per contract: 1 when anything is non-compliant, else 0.

        Looks at the items, the list-level findings and the summary (a report built column-wise
        carries its counts in the summary only)."""
        counted = self.summary.by_status.get(Status.NON_COMPLIANT.value)
        non = (
            (counted is not None and counted.count > 0)
            or any(i.status == Status.NON_COMPLIANT for i in self.items)
            or any(f.status == Status.NON_COMPLIANT for f in self.list_findings)
        )
        return 1 if non else 0
