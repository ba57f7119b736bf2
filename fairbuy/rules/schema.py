"""The rule language: pydantic models of a rule set file (``rules/*.yaml``).

A rule set is data, never code: every condition is one of the fields below, and the evaluator
(:mod:`fairbuy.rules.evaluate`) interprets them. ``fairbuy rules schema`` exports the JSON Schema
of :class:`RuleSet` so that editors can validate rule files while they are written.

See ``docs/rules.md`` for a guide with examples.
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints, model_validator

#: What a label can guarantee (the label database's ``covers(topic)`` vocabulary).
Topic = Literal[
    "forced_labour",
    "child_labour",
    "freedom_of_association",
    "non_discrimination",
    "occupational_safety_health",
    "fair_price",
    "living_wage",
    "environment",
]
TOPICS: tuple[str, ...] = Topic.__args__  # type: ignore[attr-defined]

#: At which level a label's verification takes place (the label database's vocabulary).
Level = Literal["product", "ingredient", "site", "company", "supply_chain", "membership", "meta"]

#: The steps of the evidence ladder, strongest first.
StepKind = Literal[
    "origin_outside_risk_area",
    "recognised_certificate",
    "label_or_equivalent",
    "membership_or_third_party_declaration",
    "other_suitable_evidence",
    "self_declaration",
]
STEP_ORDER: tuple[str, ...] = StepKind.__args__  # type: ignore[attr-defined]

#: What a rule concludes for an item it applies to.
Outcome = Literal["compliant", "needs_review", "non_compliant"]

#: A rule's status for an item (as used by selectors).
RuleStatus = Literal["compliant", "needs_review", "non_compliant", "not_applicable"]

#: How sure the project is of a fact (as in the research notes): verified, partly verified,
#: unverified, or a design decision of fairbuy (derived).
FactStatus = Literal["V", "P", "U", "derived"]

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=80)]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
CpvPrefix = Annotated[str, StringConstraints(pattern=r"^[0-9]{2,8}$")]
Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]

#: Placeholders a message template may use (filled by the evaluator; nothing else is evaluated).
PLACEHOLDERS: frozenset[str] = frozenset({"rule", "reason", "group", "origin", "labels", "requirement"})


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_M):
    """A text in German and English."""

    de: str = Field(min_length=1)
    en: str = Field(min_length=1)


class MessageTemplate(Text):
    """A message with optional placeholders ``{rule}``, ``{reason}``, ``{group}``, ``{origin}``,
    ``{labels}``, ``{requirement}`` (plain substitution, no expressions)."""

    @model_validator(mode="after")
    def _placeholders(self) -> MessageTemplate:
        for text in (self.de, self.en):
            try:
                fields = [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
            except ValueError as exc:
                raise ValueError(f"bad template {text!r}: {exc}") from exc
            for name in fields:
                if name not in PLACEHOLDERS:
                    raise ValueError(
                        f"unknown placeholder {{{name}}}; allowed: {', '.join(sorted(PLACEHOLDERS))}"
                    )
        return self


class Messages(_M):
    """Own message templates per outcome (default: fairbuy's standard sentences)."""

    compliant: MessageTemplate | None = None
    needs_review: MessageTemplate | None = None
    non_compliant: MessageTemplate | None = None
    not_applicable: MessageTemplate | None = None


class CountrySet(_M):
    """Countries, given as ISO 3166-1 alpha-2 codes and/or named lists (``rules/lists/<id>.yaml``
    or a list defined in the rule set's ``lists:``)."""

    countries: list[CountryCode] = Field(default_factory=list)
    lists: list[Slug] = Field(default_factory=list)

    @model_validator(mode="after")
    def _not_empty(self) -> CountrySet:
        if not self.countries and not self.lists:
            raise ValueError("give at least one of 'countries' or 'lists'")
        return self


class CountryList(_M):
    """A named list of countries with its validity and sources (e.g. NRW's CN/IN/PH/VN)."""

    id: Slug
    title_de: str
    title_en: str
    countries: list[CountryCode] | None = Field(
        description="Members of the list; null when the list itself is not shipped (see not_members)"
    )
    not_members: list[CountryCode] = Field(
        default_factory=list,
        description="Countries known NOT to be on the list (used when 'countries' is null)",
    )
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    status: FactStatus = "V"
    sources: list[Url] = Field(min_length=1)
    note: str | None = None

    # where the list was loaded from (set by the loader; see fairbuy.rules.loader.ruleset_ref)
    _source: str | None = PrivateAttr(default=None)
    _path: str | None = PrivateAttr(default=None)
    _sha256: str | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _dates(self) -> CountryList:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError("valid_to is before valid_from")
        return self

    def valid_on(self, day: dt.date) -> bool:
        """Whether the list applies to an item of this date."""
        return _in_range(day, self.valid_from, self.valid_to)

    def validity_text(self, lang: int) -> str:
        """The validity in words: 0 = German, 1 = English (e.g. 'gilt vom 2024-01-01 bis 2025-12-31')."""
        return periods_text([self], lang)

    def overlaps(self, other: CountryList) -> bool:
        """Whether the two validity periods share a day (a list without dates covers every day)."""
        return ((self.valid_to is None or other.valid_from is None or other.valid_from <= self.valid_to)
                and (other.valid_to is None or self.valid_from is None or self.valid_from <= other.valid_to))


def _period_words(cl: CountryList, lang: int) -> str:
    start = cl.valid_from.isoformat() if cl.valid_from else None
    end = cl.valid_to.isoformat() if cl.valid_to else None
    if start and end:
        return f"vom {start} bis {end}" if lang == 0 else f"from {start} to {end}"
    if start:
        return f"ab {start}" if lang == 0 else f"from {start}"
    return f"bis {end}" if lang == 0 else f"until {end}"


def periods_text(versions: Sequence[CountryList], lang: int) -> str:
    """The validity of one list given for one or several periods, in words: 0 = German, 1 = English
    ('gilt vom 2024-01-01 bis 2025-12-31 oder ab 2027-01-01'; 'valid from … to … or from …')."""
    dated = [cl for cl in versions if cl.valid_from or cl.valid_to]
    if not dated:
        return "ohne Gültigkeitsgrenzen" if lang == 0 else "without validity limits"
    return ("gilt " if lang == 0 else "valid ") + (" oder " if lang == 0 else " or ").join(
        _period_words(cl, lang) for cl in dated)


def by_period(versions: Iterable[CountryList]) -> tuple[CountryList, ...]:
    """The versions of one list in the order of their periods (the one without a start first)."""
    return tuple(sorted(versions, key=lambda cl: cl.valid_from or dt.date.min))


def version_on(versions: Sequence[CountryList], day: dt.date) -> CountryList | None:
    """The version of a list (given for periods that do not overlap) valid on ``day``, or None."""
    for cl in versions:
        if cl.valid_on(day):
            return cl
    return None


Handling = Literal["needs_review", "applies", "not_applicable"]


class ValueThreshold(_M):
    """A value threshold: the rule applies from this net amount on."""

    amount: float = Field(gt=0, description="Net amount in EUR")
    basis: Literal["line", "order"] = Field(
        "line",
        description="'line': the line amount; 'order': the sum of all lines of the same document "
        "(document_number), falling back to the line where no document number is known",
    )
    unknown: Handling = Field("needs_review", description="What to do when the amount is unknown")


class Scope(_M):
    """What a rule applies to. Product groups match the item's group and its sub-groups
    (a rule on ``natural_stone`` also applies to ``gravestones``); CPV prefixes match the item's
    normalised CPV code. An item is in scope when it matches a product group OR a CPV prefix."""

    product_groups: list[Slug] = Field(default_factory=list)
    exclude_product_groups: list[Slug] = Field(default_factory=list)
    cpv_prefixes: list[CpvPrefix] = Field(default_factory=list)
    origin_in: CountrySet | None = Field(None, description="Applies only to goods from these countries")
    origin_not_in: CountrySet | None = Field(None, description="Does not apply to goods from these countries")
    unknown_origin: Handling = Field(
        "needs_review", description="When origin_in/origin_not_in is set and the origin is unknown"
    )
    min_value: ValueThreshold | None = None

    @model_validator(mode="after")
    def _something(self) -> Scope:
        if not self.product_groups and not self.cpv_prefixes:
            raise ValueError("give 'product_groups' and/or 'cpv_prefixes'")
        return self


class EvidenceStep(_M):
    """One accepted step of the evidence ladder.

    - ``origin_outside_risk_area``: the origin is known and not in ``risk`` (countries/lists).
    - ``recognised_certificate`` / ``label_or_equivalent``: a label named in ``labels``, or (with
      ``equivalents: true``) any label from the label database that guarantees every topic in
      ``requires``, is verified by an independent third party (``third_party: true``) at one of
      ``levels``. Unknown properties give ``needs_review``, never a pass.
    - ``membership_or_third_party_declaration``: membership in an initiative (optionally only
      those in ``labels``) or a third-party declaration.
    - ``other_suitable_evidence``: other evidence (§ 34 Abs. 5 VgV), e.g. a technical dossier.
    - ``self_declaration``: the supplier's own declaration.
    """

    step: StepKind
    risk: CountrySet | None = Field(None, description="origin_outside_risk_area: the risk countries")
    labels: list[str] = Field(default_factory=list, description="Label ids accepted by name")
    equivalents: bool = Field(False, description="Also accept other labels judged by what they guarantee")
    requires: list[Topic] = Field(default_factory=list, description="Topics an equivalent label must cover")
    third_party: bool | None = Field(None, description="Equivalents must be verified by an independent third party")
    levels: list[Level] = Field(default_factory=list, description="Accepted verification levels ([] = any)")
    outcome: Outcome = Field("compliant", description="Outcome when this step is met")
    equivalent_outcome: Outcome | None = Field(
        None, description="Outcome for equivalent (not named) labels; default: outcome"
    )
    note: Text | None = Field(None, description="Explanation added to the message when this step decides")
    status: FactStatus = "V"

    @model_validator(mode="after")
    def _consistent(self) -> EvidenceStep:
        if self.step == "origin_outside_risk_area" and self.risk is None:
            raise ValueError("step origin_outside_risk_area needs 'risk'")
        if self.step != "origin_outside_risk_area" and self.risk is not None:
            raise ValueError("'risk' belongs to step origin_outside_risk_area only")
        if self.step in ("recognised_certificate", "label_or_equivalent"):
            if not self.labels and not self.equivalents:
                raise ValueError(f"step {self.step} needs 'labels' and/or 'equivalents: true'")
            if self.equivalents and not self.requires:
                raise ValueError("'equivalents: true' needs 'requires' (what an equivalent label must guarantee)")
        return self


class Rule(_M):
    """A rule on line items."""

    id: Slug
    title: Text
    requirement: Text = Field(description="What the rule demands, in one sentence (shown in messages)")
    severity: Literal["info", "warning", "error"] = "warning"
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    applies_to: Scope
    satisfied_by: list[EvidenceStep] = Field(default_factory=list)
    otherwise: Outcome = Field("non_compliant", description="Outcome when no accepted evidence is found")
    messages: Messages | None = None
    suggest: bool = Field(True, description="Suggest credible labels for the product group")
    reference: Url | None = None
    status: FactStatus = "V"
    note: str | None = None


class Selector(_M):
    """A condition on items, used by list-level rules and indicators. All given fields must hold;
    an empty selector selects every evaluated item."""

    product_groups: list[Slug] = Field(default_factory=list)
    exclude_product_groups: list[Slug] = Field(default_factory=list)
    in_any_rule_scope: bool = Field(False, description="Only items some rule of this rule set applies to")
    labels: list[str] = Field(default_factory=list, description="Item names one of these labels")
    label_requires: list[Topic] = Field(
        default_factory=list, description="Item names a label guaranteeing all these topics"
    )
    label_third_party: bool | None = Field(None, description="...verified by an independent third party")
    label_levels: list[Level] = Field(default_factory=list)
    rule: str | None = Field(None, description="A rule id ('rule' in this rule set or 'ruleset/rule')")
    rule_status: list[RuleStatus] = Field(default_factory=lambda: list[RuleStatus](["compliant"]))


class ListCondition(_M):
    select: Selector
    min_count: int = Field(1, ge=0)
    min_spend: float | None = Field(None, ge=0)
    description: Text


class ListRule(_M):
    """A condition over the whole list (e.g. Fairtrade-Towns criterion 1)."""

    id: Slug
    title: Text
    requirement: Text
    severity: Literal["info", "warning", "error"] = "warning"
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    scope: Selector | None = Field(None, description="Items the condition is about; none in the list → if_out_of_scope")
    if_out_of_scope: Literal["compliant", "needs_review", "non_compliant", "not_applicable"] = "needs_review"
    conditions: list[ListCondition] = Field(min_length=1)
    when_met: Outcome = "compliant"
    when_not_met: Outcome = "non_compliant"
    reference: Url | None = None
    status: FactStatus = "V"
    note: str | None = None


class IndicatorDef(_M):
    """A number computed over the list (counts, spend, shares)."""

    id: Slug
    title: Text
    definition: Text
    measure: Literal["count", "spend", "documents", "share_count", "share_spend"]
    select: Selector
    of: Selector | None = Field(None, description="Denominator of a share (default: all evaluated items)")
    unit: str | None = None
    target: str | None = None
    source: Url | None = None
    status: FactStatus = "V"
    note: str | None = None


class RuleSet(_M):
    """A rule set: one YAML file."""

    fairbuy_rules: Literal[1] = Field(1, description="Version of the rule language")
    id: Slug
    version: str = Field(min_length=1)
    title_de: str = Field(min_length=1)
    title_en: str = Field(min_length=1)
    jurisdiction: str
    legal_nature: str = Field(description="e.g. statute, regulation, council resolution, voluntary pledge")
    binding_on: str | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    status: FactStatus = "V"
    sources: list[Url] = Field(min_length=1)
    notes: list[str] = Field(default_factory=list)
    lists: list[CountryList] = Field(default_factory=list, description="Country lists defined in this file")
    rules: list[Rule] = Field(default_factory=list)
    list_rules: list[ListRule] = Field(default_factory=list)
    indicators: list[IndicatorDef] = Field(default_factory=list)

    _path: Path | None = PrivateAttr(default=None)
    _sha256: str | None = PrivateAttr(default=None)
    #: every list id the rules name → its versions, ordered by period (one unless a user gave the
    #: list for several periods that do not overlap, e.g. the OECD DAC list 2024–2025 and 2026–2027)
    _resolved_lists: dict[str, tuple[CountryList, ...]] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _unique_and_refs(self) -> RuleSet:
        for kind, ids in (
            ("rule", [r.id for r in self.rules]),
            ("list rule", [r.id for r in self.list_rules]),
            ("indicator", [i.id for i in self.indicators]),
            ("list", [c.id for c in self.lists]),
        ):
            seen: set[str] = set()
            for i in ids:
                if i in seen:
                    raise ValueError(f"duplicate {kind} id {i!r}")
                seen.add(i)
        if not (self.rules or self.list_rules or self.indicators):
            raise ValueError("a rule set needs at least one of 'rules', 'list_rules', 'indicators'")
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError("valid_to is before valid_from")
        return self

    # -- convenience -------------------------------------------------------------------------
    @property
    def validity(self) -> tuple[dt.date | None, dt.date | None]:
        return (self.valid_from, self.valid_to)

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def sha256(self) -> str | None:
        """SHA-256 of the bytes of the rule set file (None when not loaded from a file)."""
        return self._sha256

    @property
    def country_lists(self) -> dict[str, CountryList]:
        """All country lists this rule set refers to, resolved (own and shipped ones); a list given
        for several periods appears with its latest one (see :attr:`country_list_versions`)."""
        return {k: v[-1] for k, v in self._resolved_lists.items()}

    @property
    def country_list_versions(self) -> dict[str, tuple[CountryList, ...]]:
        """Every country list this rule set refers to with all its versions, ordered by period."""
        return dict(self._resolved_lists)

    def valid_on(self, day: dt.date) -> bool:
        return _in_range(day, self.valid_from, self.valid_to)

    def summary(self) -> dict[str, Any]:
        """What ``fairbuy rules list`` shows."""
        return {
            "id": self.id,
            "version": self.version,
            "title_de": self.title_de,
            "title_en": self.title_en,
            "valid_from": self.valid_from.isoformat() if self.valid_from else None,
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "jurisdiction": self.jurisdiction,
            "legal_nature": self.legal_nature,
            "status": self.status,
            "rules": len(self.rules),
            "list_rules": len(self.list_rules),
            "indicators": len(self.indicators),
            "sources": list(self.sources),
            "path": str(self._path) if self._path else None,
        }


def _in_range(day: dt.date, start: dt.date | None, end: dt.date | None) -> bool:
    return (start is None or day >= start) and (end is None or day <= end)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a rule set file (for editors)."""
    schema = RuleSet.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://fairbuy.invalid/schemas/ruleset-1.json"
    schema["title"] = "fairbuy rule set"
    return schema
