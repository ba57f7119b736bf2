"""The recognition lexicon (``label_db/recognition.yaml``): schema and loader.

The lexicon is data: group keywords, compounds, service words, negation cues, generic claims,
context rules for short tokens and so on.  It is validated on load (pydantic, unknown keys
rejected, regular expressions compiled) and any problem is a :class:`fairbuy.errors.DataError`
naming the file.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from fairbuy.errors import DataError
from fairbuy.paths import label_db_dir

LEXICON_FILE = "recognition.yaml"


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Abbreviation(_M):
    abbr: str = Field(min_length=2)
    expansion: str = Field(min_length=1)


class GroupWords(_M):
    de: list[str] = Field(default_factory=list)
    en: list[str] = Field(default_factory=list)
    weak_de: list[str] = Field(default_factory=list)
    weak_en: list[str] = Field(default_factory=list)


class CompoundRule(_M):
    """Words that are another group (``group``) or no group (``group: null``) than their parts say."""

    words: list[str] = Field(min_length=1)
    group: str | None
    #: with ``group: null``: the words name no group but do not veto a material word either
    #: ("Handschuhe Latex" is still natural rubber)
    neutral: bool = False


class ServiceWords(_M):
    de: list[str] = Field(default_factory=list)
    en: list[str] = Field(default_factory=list)
    #: modifiers that make a service compound the name of a place or of the unit that works
    #: there (Straßen|reinigung, Gebäude|reinigung, Grün|pflege): after a product noun such a
    #: word says whom the item is for, and a product CPV code outweighs it
    place_modifiers: list[str] = Field(default_factory=list)


class GenericClaims(_M):
    fair: list[str] = Field(default_factory=list)
    organic: list[str] = Field(default_factory=list)


class Negation(_M):
    prefix: list[str]
    postfix: list[str]
    breakers: list[str] = Field(default_factory=list)
    #: words a prefix cue may skip before the negated name ("ohne das Fairtrade-Siegel")
    gap_words: list[str] = Field(default_factory=list)
    #: phrases right after a label that negate it ("Fairtrade nicht vorhanden")
    postfix_phrases: list[str] = Field(default_factory=list)
    max_scope_tokens: int = Field(default=5, ge=1, le=20)


class ContextAlias(_M):
    """A short or ambiguous alias matched only with context (see recognition.yaml)."""

    alias: str = Field(min_length=2)
    label: str
    groups: list[str] = Field(default_factory=list)
    qualifiers: list[str] = Field(default_factory=list)
    context: list[str] = Field(default_factory=list)
    deny: list[str] = Field(default_factory=list)
    #: never matched without a qualifier, even in the label column
    never_bare: bool = False
    #: False: the alias counts everywhere except where a deny word is (no context needed)
    require: bool = True
    #: case-sensitive regular expressions on the original text that veto the match ("MSc")
    deny_raw: list[str] = Field(default_factory=list)


class FuzzyDistance(_M):
    min_length: int = Field(ge=1)
    distance: int = Field(ge=0, le=3)


class Fuzzy(_M):
    min_alias_length: int = Field(default=7, ge=4)
    max_distance: list[FuzzyDistance]
    min_common_prefix: int = Field(default=2, ge=1)
    exclude_aliases: list[str] = Field(default_factory=list)
    exclude_tokens: list[str] = Field(default_factory=list)


class CertificateRule(_M):
    label: str
    regex: str

    @field_validator("regex")
    @classmethod
    def _compiles(cls, v: str) -> str:
        try:
            pat = re.compile(v)
        except re.error as exc:
            raise ValueError(f"invalid regular expression: {exc}") from exc
        if "number" not in pat.groupindex:
            raise ValueError("certificate regex needs a named group 'number'")
        return v


class Lexicon(_M):
    version: int
    abbreviations: list[Abbreviation] = Field(default_factory=list)
    groups: dict[str, GroupWords] = Field(default_factory=dict)
    compounds: list[CompoundRule] = Field(default_factory=list)
    transparent_heads: list[str] = Field(default_factory=list)
    #: a keyword followed by one of these words is a modifier ("Kaffee Maschine", "desk lamp")
    modifier_heads: list[str] = Field(default_factory=list)
    #: 3-letter keywords allowed as the head of a compound (Grün|tee)
    short_heads: list[str] = Field(default_factory=list)
    #: keywords that only match as a whole word, never as a compound head (Mate: To|mate)
    exact_only: list[str] = Field(default_factory=list)
    #: groups of the database used internally (label context) but not reported as product_group
    unreported_groups: list[str] = Field(default_factory=list)
    #: labels of the database recognised by their aliases but reported as evidence (kind "label",
    #: with their label_id) instead of in the line's ``labels``
    unreported_labels: list[str] = Field(default_factory=list)
    #: words that start a complement ("für Kaffeepads"): nouns after them do not name the item
    complement_words: list[str] = Field(default_factory=list)
    material_exclusions: dict[str, list[str]] = Field(default_factory=dict)
    non_product_heads: list[str] = Field(default_factory=list)
    beats: dict[str, list[str]] = Field(default_factory=dict)
    #: collective nouns of a group (Bekleidung, Dienstkleidung, Möbel): after a specific product
    #: noun they say what the item belongs to and never beat it ("Ledergürtel … Dienstkleidung")
    category_nouns: list[str] = Field(default_factory=list)
    service_words: ServiceWords = Field(default_factory=ServiceWords)
    not_label_phrases: list[str] = Field(default_factory=list)
    generic_claims: GenericClaims = Field(default_factory=GenericClaims)
    self_declarations: list[str] = Field(default_factory=list)
    negation: Negation
    equivalence_cues: list[str] = Field(default_factory=list)
    pending_cues: list[str] = Field(default_factory=list)
    no_label_cells: list[str] = Field(default_factory=list)
    known_other_labels: list[str] = Field(default_factory=list)
    unknown_label_patterns: list[str] = Field(default_factory=list)
    unknown_label_ignore: list[str] = Field(default_factory=list)
    extra_aliases: dict[str, list[str]] = Field(default_factory=dict)
    blocked_aliases: list[str] = Field(default_factory=list)
    #: single-word aliases of 8+ letters also match as the first part of a compound
    #: (Fairtrade|kaffee), except these
    no_compound_aliases: list[str] = Field(default_factory=list)
    context_aliases: list[ContextAlias] = Field(default_factory=list)
    qualifier_words: list[str] = Field(default_factory=list)
    fuzzy: Fuzzy
    certificate_patterns: list[CertificateRule] = Field(default_factory=list)

    @field_validator("unknown_label_patterns")
    @classmethod
    def _patterns(cls, v: list[str]) -> list[str]:
        for p in v:
            try:
                pat = re.compile(p)
            except re.error as exc:
                raise ValueError(f"invalid regular expression {p!r}: {exc}") from exc
            if "name" not in pat.groupindex:
                raise ValueError(f"pattern {p!r} needs a named group 'name'")
        return v


def _line_of(raw: str, loc: tuple[Any, ...]) -> int | None:
    """Best-effort line number of the first key of ``loc`` in the YAML text."""
    for part in loc:
        if isinstance(part, str):
            m = re.search(rf"^\s*{re.escape(part)}\s*:", raw, re.MULTILINE)
            if m:
                return raw.count("\n", 0, m.start()) + 1
    return None


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """Load and validate the lexicon (default: ``label_db/recognition.yaml``)."""
    p = Path(path) if path is not None else label_db_dir() / LEXICON_FILE
    if path is None:
        return _load_default(str(p))
    return _load(p)


@lru_cache(maxsize=4)
def _load_default(p: str) -> Lexicon:
    return _load(Path(p))


def _load(p: Path) -> Lexicon:
    try:
        raw = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataError(str(p), f"cannot read the recognition lexicon: {exc}") from exc
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        line = None
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:
            line = int(mark.line) + 1
        raise DataError(str(p), f"not valid YAML: {exc}", line=line) from exc
    if not isinstance(data, dict):
        raise DataError(str(p), "the recognition lexicon must be a mapping")
    try:
        return Lexicon.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err.get("loc", ()))
        field = ".".join(str(x) for x in loc) or None
        raise DataError(str(p), err.get("msg", "invalid"), field=field, line=_line_of(raw, loc)) from exc
