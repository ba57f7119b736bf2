"""Schema of the label database (pydantic v2, ``extra="forbid"``).

One YAML file per label (``label_db/labels/<id>.yaml``) holds one :class:`Label`;
``label_db/groups.yaml`` holds the list of :class:`ProductGroup`; ``label_db/meta.yaml`` the
:class:`DBMeta` (version). ``null`` in the data means *unknown* (not found in the sources read),
never "no"; ``false`` means a source explicitly says the criterion is absent.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

#: A CPV 2008 code: 8 digits, hyphen, 1 check digit.
CPV_CODE_RE = re.compile(r"^\d{8}-\d$")
#: A CPV prefix: 2 to 8 leading digits of a code.
CPV_PREFIX_RE = re.compile(r"^\d{2,8}$")
_URL_RE = re.compile(r"^https?://\S+$")

LabelType = Literal["social", "environmental", "both"]
VerificationLevel = Literal["product", "ingredient", "site", "company", "supply_chain", "membership", "meta"]
Confidence = Literal["high", "medium", "low"]
RiskTag = Literal["child_labour", "forced_labour", "labour_rights", "deforestation_eudr", "environment"]

#: Topics a label can cover (see :meth:`Label.covers`).
ILO_TOPICS: tuple[str, ...] = (
    "forced_labour",
    "child_labour",
    "freedom_of_association",
    "non_discrimination",
    "occupational_safety_health",
)
TOPICS: tuple[str, ...] = (*ILO_TOPICS, "fair_price", "living_wage", "environment")

#: ILO fundamental conventions per topic (for display).
ILO_CONVENTIONS: dict[str, tuple[str, ...]] = {
    "forced_labour": ("C29", "C105"),
    "child_labour": ("C138", "C182"),
    "freedom_of_association": ("C87", "C98"),
    "non_discrimination": ("C100", "C111"),
    "occupational_safety_health": ("C155", "C187"),
}


def _check_urls(urls: list[str]) -> list[str]:
    for u in urls:
        if not _URL_RE.match(u):
            raise ValueError(f"not a URL: {u!r}")
    return urls


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Sourced(_Model):
    sources: list[str] = Field(default_factory=list)

    @field_validator("sources")
    @classmethod
    def _urls(cls, v: list[str]) -> list[str]:
        return _check_urls(v)

    def _stated(self) -> bool:  # pragma: no cover - overridden
        return False

    @model_validator(mode="after")
    def _stated_needs_source(self) -> _Sourced:
        if self._stated() and not self.sources:
            raise ValueError("states a property but gives no source URL in 'sources'")
        return self


class AmbiguousAlias(_Model):
    """A name that must not be matched alone as this label (generic word, short token, other meaning)."""

    alias: str = Field(min_length=1)
    why: str
    source: str | None = None


class IloCoverage(_Sourced):
    """Which ILO fundamental-convention topics the label's standard covers (``None`` = unknown)."""

    forced_labour: bool | None = None
    child_labour: bool | None = None
    freedom_of_association: bool | None = None
    non_discrimination: bool | None = None
    occupational_safety_health: bool | None = None
    #: "explicit" (source names the topic) or "core_norms_reference" (source only refers to the
    #: ILO core labour standards; OSH is then not inferred).
    basis: Literal["explicit", "core_norms_reference"] | None = None
    conventions: list[str] = Field(default_factory=list)
    note: str | None = None

    def _stated(self) -> bool:
        return any(getattr(self, t) is not None for t in ILO_TOPICS)


class FairTrade(_Sourced):
    minimum_price: bool | None = None
    premium: bool | None = None
    living_wage: bool | None = None
    note: str | None = None

    def _stated(self) -> bool:
        return any(v is not None for v in (self.minimum_price, self.premium, self.living_wage))


class EnvironmentalCriteria(_Sourced):
    has_criteria: bool | None = None
    summary: str | None = None

    def _stated(self) -> bool:
        return self.summary is not None


class Verification(_Sourced):
    third_party: bool | None = None
    on_site_audits: bool | None = None
    self_declaration: bool | None = None
    level: VerificationLevel | None = None
    details: str | None = None

    def _stated(self) -> bool:
        return any(
            v is not None for v in (self.third_party, self.on_site_audits, self.self_declaration, self.details)
        )


class Rating(_Model):
    """A rating by a third party (Siegelklarheit, CIR, label-online, ...), per product group and date."""

    by: str
    value: str
    product_group: str | None = None
    date: str | None = None
    score: str | None = None
    method: str | None = None
    source: str | None = None
    note: str | None = None


class CertificatePattern(_Model):
    """A regular expression for the scheme's certificate / licence numbers."""

    regex: str
    example: str | None = None
    source: str | None = None
    note: str | None = None

    @field_validator("regex")
    @classmethod
    def _compiles(cls, v: str) -> str:
        try:
            re.compile(v)
        except re.error as exc:
            raise ValueError(f"invalid regular expression: {exc}") from exc
        return v

    @model_validator(mode="after")
    def _example_matches(self) -> CertificatePattern:
        if self.example is not None and not re.search(self.regex, self.example):
            raise ValueError(f"example {self.example!r} does not match regex {self.regex!r}")
        return self


class Label(_Model):
    """One sustainability label (Gütezeichen)."""

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    name: str
    name_en: str | None = None
    aliases: list[str] = Field(default_factory=list)
    ambiguous_aliases: list[AmbiguousAlias] = Field(default_factory=list)
    parent: str | None = None
    type: LabelType
    owner: str | None = None
    awarding_body: str | None = None
    certification_body: str | None = None
    country: str | None = None
    product_groups: list[str] = Field(default_factory=list)
    product_groups_note: str | None = None
    ilo: IloCoverage = Field(default_factory=IloCoverage)
    fair_trade: FairTrade = Field(default_factory=FairTrade)
    environmental: EnvironmentalCriteria = Field(default_factory=EnvironmentalCriteria)
    verification: Verification = Field(default_factory=Verification)
    ratings: list[Rating] = Field(default_factory=list)
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    successor: str | None = None
    validity_note: str | None = None
    certificate_patterns: list[CertificatePattern] = Field(default_factory=list)
    confidence: Confidence | None = None
    procurement_notes: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    sources: list[str] = Field(min_length=1)

    @field_validator("sources")
    @classmethod
    def _urls(cls, v: list[str]) -> list[str]:
        return _check_urls(v)

    @model_validator(mode="after")
    def _consistent(self) -> Label:
        if self.valid_from and self.valid_until and self.valid_from > self.valid_until:
            raise ValueError("valid_from is after valid_until")
        seen: set[str] = set()
        for a in self.aliases:
            k = a.casefold()
            if k in seen:
                raise ValueError(f"alias {a!r} listed twice")
            seen.add(k)
        for amb in self.ambiguous_aliases:
            if amb.alias.casefold() in seen:
                raise ValueError(f"{amb.alias!r} is both an alias and an ambiguous alias")
        return self

    def covers(self, topic: str) -> bool | None:
        """Whether the label's standard covers ``topic`` (``None`` = unknown).

        Topics: the ILO topics (:data:`ILO_TOPICS`), ``fair_price`` (minimum price or premium),
        ``living_wage`` and ``environment``.
        """
        if topic in ILO_TOPICS:
            v: bool | None = getattr(self.ilo, topic)
            return v
        if topic == "fair_price":
            vals = (self.fair_trade.minimum_price, self.fair_trade.premium)
            if any(x is True for x in vals):
                return True
            if all(x is False for x in vals):
                return False
            return None
        if topic == "living_wage":
            return self.fair_trade.living_wage
        if topic == "environment":
            return self.environmental.has_criteria
        raise ValueError(f"unknown topic {topic!r}; known: {', '.join(TOPICS)}")

    def valid_on(self, day: dt.date) -> bool:
        """Whether the label (scheme) was valid on ``day``; unknown bounds count as open."""
        if self.valid_from is not None and day < self.valid_from:
            return False
        return not (self.valid_until is not None and day > self.valid_until)

    @property
    def all_names(self) -> list[str]:
        """Name and aliases (not the ambiguous ones)."""
        return [self.name, *self.aliases]


class CpvRef(_Model):
    """A CPV code with its official titles (from CPV 2008, Regulation (EC) No 213/2008)."""

    code: str
    title_de: str | None = None
    title_en: str | None = None
    caution: str | None = None

    @field_validator("code")
    @classmethod
    def _code(cls, v: str) -> str:
        if not CPV_CODE_RE.match(v):
            raise ValueError(f"malformed CPV code {v!r} (expected 8 digits, '-', check digit)")
        return v


class ProductGroup(_Model):
    """A product group: names, keywords, CPV codes, risk tags."""

    id: str = Field(pattern=r"^[a-z0-9]+(_[a-z0-9]+)*$")
    name_de: str
    name_en: str
    parent: str | None = None
    keywords_de: list[str] = Field(default_factory=list)
    keywords_en: list[str] = Field(default_factory=list)
    #: Lower-case German words that mark the group when they are the *head* (last part) of a
    #: compound: "kaffee" -> "Röstkaffee", "Bohnenkaffee". As a *modifier* (first part) they do not:
    #: "Kaffeemaschine" is no coffee.
    compound_heads_de: list[str] = Field(default_factory=list)
    #: Words that contain a keyword or head but are not the group ("Kaffeemaschine", "Kunststoff",
    #: "Malzkaffee"); a recogniser should check these before the keywords.
    negative_keywords_de: list[str] = Field(default_factory=list)
    cpv_prefixes: list[str] = Field(default_factory=list)
    cpv_codes: list[str] = Field(default_factory=list)
    cpv_exclude_prefixes: list[str] = Field(default_factory=list)
    cpv_weak_codes: list[str] = Field(default_factory=list)
    cpv_excluded_codes: list[str] = Field(default_factory=list)
    #: Codes stated with their official titles (documentation; each is covered by the lists above).
    cpv_reference: list[CpvRef] = Field(default_factory=list)
    cpv_note: str | None = None
    risk_tags: list[RiskTag] = Field(default_factory=list)
    listed_in: list[str] = Field(default_factory=list)
    sources: list[str] = Field(min_length=1)
    notes: str | None = None

    @field_validator("sources")
    @classmethod
    def _urls(cls, v: list[str]) -> list[str]:
        return _check_urls(v)

    @field_validator("cpv_prefixes", "cpv_exclude_prefixes")
    @classmethod
    def _prefixes(cls, v: list[str]) -> list[str]:
        for p in v:
            if not CPV_PREFIX_RE.match(p):
                raise ValueError(f"malformed CPV prefix {p!r} (2-8 digits)")
        return v

    @field_validator("cpv_codes", "cpv_weak_codes", "cpv_excluded_codes")
    @classmethod
    def _codes(cls, v: list[str]) -> list[str]:
        for c in v:
            if not CPV_CODE_RE.match(c):
                raise ValueError(f"malformed CPV code {c!r} (expected 8 digits, '-', check digit)")
        return v

    @model_validator(mode="after")
    def _codes_inside(self) -> ProductGroup:
        for c in self.cpv_codes:
            if any(c.startswith(p) for p in self.cpv_exclude_prefixes):
                raise ValueError(f"CPV code {c} lies inside an excluded prefix of the group")
        for c in self.cpv_excluded_codes:
            if c in self.cpv_codes or c in self.cpv_weak_codes:
                raise ValueError(f"CPV code {c} is both listed and excluded")
        for p in self.cpv_exclude_prefixes:
            if not any(p.startswith(q) and p != q for q in self.cpv_prefixes):
                raise ValueError(f"exclude prefix {p!r} is not inside any of the group's cpv_prefixes")
        for ref in self.cpv_reference:
            if not self.covers_code(ref.code):
                raise ValueError(
                    f"CPV code {ref.code} is neither inside the group's cpv_prefixes nor in cpv_codes, "
                    "cpv_weak_codes or cpv_excluded_codes"
                )
        return self

    def covers_code(self, code: str) -> bool:
        """Whether ``code`` is accounted for by the group's CPV lists (strong, weak or excluded)."""
        if code in self.cpv_codes or code in self.cpv_weak_codes or code in self.cpv_excluded_codes:
            return True
        return any(code.startswith(p) for p in self.cpv_prefixes)

    def cpv_matches(self, code: str) -> bool:
        """Whether a CPV code (``nnnnnnnn-n`` or digits) falls into this group (strong evidence)."""
        digits = code[:8]
        full = code if len(code) == 10 else None
        if full is not None and full in self.cpv_excluded_codes:
            return False
        if any(full == c for c in self.cpv_codes):
            return True
        if any(digits.startswith(p) for p in self.cpv_exclude_prefixes):
            return False
        return any(digits.startswith(p) for p in self.cpv_prefixes)


class DBMeta(_Model):
    version: str = Field(min_length=1)
    #: Former label ids that are names of another label now (``max-havelaar`` -> ``fairtrade``).
    merged_ids: dict[str, str] = Field(default_factory=dict)
    title: str | None = None
    description: str | None = None
    updated: dt.date | None = None
    sources_note: str | None = None
    cpv_source: str | None = None
