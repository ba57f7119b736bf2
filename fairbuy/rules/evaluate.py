"""Evaluation of rule sets over the item table.

The table is reduced to the unique *situations* of its items — (product group, labels, evidence
kinds, register evidence state, origin, date bucket, value-threshold flags, CPV code where a
rule needs it) — every situation is judged once, and the verdicts are mapped back to the rows
with NumPy indexing. Real purchase lists repeat themselves, so a million rows become a few
thousand situations. No pydantic objects are built per row; findings are plain dicts (rows in
the same situation share the same findings list: treat it as read-only).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeGuard

import numpy as np
import pandas as pd

from fairbuy.errors import FairbuyError
from fairbuy.io.countries import KNOWN_CODES
from fairbuy.models import Finding, Indicator, Severity, Status
from fairbuy.rules import texts
from fairbuy.rules.schema import (
    STEP_ORDER,
    CountryList,
    CountrySet,
    EvidenceStep,
    IndicatorDef,
    ListRule,
    Rule,
    RuleSet,
    Selector,
    periods_text,
    version_on,
)

#: Detections below this confidence are not used to pass a rule (they give needs_review).
MIN_CONFIDENCE = 0.8
#: Register joins by fuzzy name matching below this score are not used to pass a rule.
MIN_JOIN_SCORE = 90.0  # join_score is on rapidfuzz's 0..100 scale (fairbuy.suppliers)
#: Evidence kinds recorded for the report that are no evidence for any rule.
NOT_EVIDENCE_KINDS = frozenset({"negated_label", "origin"})

_SEVERITY_WEIGHT = {"error": 3.0, "warning": 2.0, "info": 1.0}
_RANK = {"non_compliant": 0, "needs_review": 1, "compliant": 2}
_STEP_SCORE = {
    "origin_outside_risk_area": 100.0,
    "recognised_certificate": 100.0,
    "label_or_equivalent": 100.0,
    "membership_or_third_party_declaration": 80.0,
    "other_suitable_evidence": 60.0,
    "self_declaration": 40.0,
}
def _is_country(origin: str | None) -> TypeGuard[str]:
    """Whether ``origin`` is a country code the lists can decide on (ISO alpha-2 or XK): not
    "EU", "ZZ" or other text the origin column kept as written."""
    return origin is not None and origin in KNOWN_CODES
_DE, _EN = 0, 1


class EvaluationResult(NamedTuple):
    """The evaluated table (with ``status``, ``score``, ``findings``), list-level findings and
    indicators."""

    table: pd.DataFrame
    list_findings: list[Finding]
    indicators: list[Indicator]


# ---------------------------------------------------------------------------------------------
# label database access (defensive: the label DB is another module's contract)
# ---------------------------------------------------------------------------------------------

class _DB:
    def __init__(self, db: Any) -> None:
        self.db = db
        self._canon: dict[str, str | None] = {}
        self._anc: dict[str, tuple[str, ...]] = {}
        self._cred: dict[tuple[str, tuple[str, ...]], list[str]] = {}
        labels = getattr(db, "labels", {}) or {}
        self.labels: dict[str, Any] = dict(labels)

    def canonical(self, lid: Any) -> str | None:
        if not isinstance(lid, str) or not lid:
            return None
        if lid in self._canon:
            return self._canon[lid]
        out: str | None = None
        fn = getattr(self.db, "canonical_label_id", None)
        if fn is not None:
            try:
                got = fn(lid)
                out = got if isinstance(got, str) and got else None
            except (KeyError, ValueError, LookupError, FairbuyError):
                out = None
        if out is None and lid in self.labels:
            out = lid
        self._canon[lid] = out
        return out

    def label(self, lid: str) -> Any | None:
        return self.labels.get(lid)

    def name(self, lid: str) -> str:
        lab = self.labels.get(lid)
        name = getattr(lab, "name", None) if lab is not None else None
        return str(name) if name else lid

    def covers(self, lid: str, topic: str) -> bool | None:
        lab = self.labels.get(lid)
        if lab is None:
            return None
        fn = getattr(lab, "covers", None)
        if fn is None:
            return None
        try:
            got = fn(topic)
        except (KeyError, ValueError, FairbuyError):
            return None
        return got if isinstance(got, bool) else None

    def _verification(self, lid: str) -> Any | None:
        lab = self.labels.get(lid)
        return getattr(lab, "verification", None) if lab is not None else None

    def third_party(self, lid: str) -> bool | None:
        ver = self._verification(lid)
        got = getattr(ver, "third_party", None) if ver is not None else None
        return got if isinstance(got, bool) else None

    def level(self, lid: str) -> str | None:
        ver = self._verification(lid)
        got = getattr(ver, "level", None) if ver is not None else None
        got = getattr(got, "value", got)
        return str(got) if got else None

    def focus(self, lid: str, missing: Sequence[str] = ()) -> str | None:
        """Why a label does not cover ``missing`` topics, as the label database says it."""
        lab = self.labels.get(lid)
        if lab is None:
            return None
        notes: list[str] = []
        ilo_topics = {"forced_labour", "child_labour", "freedom_of_association", "non_discrimination",
                      "occupational_safety_health"}
        parts = []
        if any(t in ilo_topics for t in missing):
            parts.append(getattr(lab, "ilo", None))
        if any(t in ("fair_price", "living_wage") for t in missing):
            parts.append(getattr(lab, "fair_trade", None))
        if "environment" in missing:
            parts.append(getattr(lab, "environmental", None))
        for part in parts:
            for attr in ("note", "summary"):
                got = getattr(part, attr, None) if part is not None else None
                if isinstance(got, str) and got and got not in notes:
                    notes.append(got)
                    break
        got = getattr(lab, "focus", None)
        if isinstance(got, str) and got and not notes:
            notes.append(got)
        return " ".join(notes) or None

    def groups(self, lid: str) -> set[str] | None:
        lab = self.labels.get(lid)
        got = getattr(lab, "product_groups", None) if lab is not None else None
        if not got:
            return None
        return {str(getattr(g, "id", g)) for g in got}

    def valid_on(self, lid: str, day: dt.date) -> bool:
        lab = self.labels.get(lid)
        fn = getattr(lab, "valid_on", None) if lab is not None else None
        if fn is None:
            return True
        try:
            return bool(fn(day))
        except (TypeError, ValueError):
            return True

    def validity_bounds(self) -> list[dt.date] | None:
        """All validity start/end+1 dates of labels, or None if labels do not expose them."""
        out: list[dt.date] = []
        for lab in self.labels.values():
            end_attr = "valid_until" if hasattr(lab, "valid_until") else "valid_to"
            if not (hasattr(lab, "valid_from") and hasattr(lab, end_attr)):
                return None
            vf, vt = lab.valid_from, getattr(lab, end_attr)
            if isinstance(vf, dt.date):
                out.append(vf)
            if isinstance(vt, dt.date):
                out.append(vt + dt.timedelta(days=1))
        return out

    def family(self, group: str | None) -> tuple[str, ...]:
        """The group and its ancestors."""
        if not group:
            return ()
        if group in self._anc:
            return self._anc[group]
        anc: list[str] = []
        fn = getattr(self.db, "group_ancestors", None)
        if fn is not None:
            try:
                anc = [str(getattr(a, "id", a)) for a in (fn(group) or [])]
            except (KeyError, ValueError, LookupError, FairbuyError):
                anc = []
        else:
            groups = getattr(self.db, "groups", {}) or {}
            seen = {group}
            cur = groups.get(group)
            while cur is not None and getattr(cur, "parent", None) and cur.parent not in seen:
                anc.append(str(cur.parent))
                seen.add(cur.parent)
                cur = groups.get(cur.parent)
        fam = (group, *[a for a in anc if a != group])
        self._anc[group] = fam
        return fam

    def credible(self, group: str, requires: tuple[str, ...]) -> list[str]:
        key = (group, requires)
        if key in self._cred:
            return self._cred[key]
        out: list[str] = []
        fn = getattr(self.db, "credible_labels_for", None)
        if fn is not None:
            try:
                got = fn(group, requires=list(requires))
            except (KeyError, ValueError, LookupError, TypeError, FairbuyError):
                got = []
            for lab in got or []:
                lid = getattr(lab, "id", lab)
                if isinstance(lid, str) and lid not in out:
                    out.append(lid)
        self._cred[key] = out
        return out


# ---------------------------------------------------------------------------------------------
# situations
# ---------------------------------------------------------------------------------------------

class _Ctx(NamedTuple):
    group: str | None
    origin: str | None
    day: dt.date
    labels: tuple[tuple[str, bool, bool], ...]  # (id, known to DB, confident)
    evidence: tuple[tuple[str, str | None, bool, str], ...]  # (kind, label id, confident, text)
    register: tuple[tuple[str, str | None, str, str], ...]  # (kind, label id, state, text)
    flags: tuple[int, ...]  # per threshold: 0 below, 1 reached, 2 unknown
    cpv: str | None
    dated: bool = True  # False: no purchase date, ``day`` is the audit date


@dataclass
class _Cand:
    outcome: str
    de: str
    en: str
    step: str | None = None
    used: list[str] = field(default_factory=list)
    evidence: bool = True  # based on a piece of evidence (vs. missing data)
    note: tuple[str, str] | None = None


@dataclass
class _Verdict:
    status: str
    score: float
    findings: list[dict[str, Any]]
    rule_status: dict[str, str]  # "ruleset/rule" -> status (absent = out of scope)


def _short(text: Any, n: int = 80) -> str:
    s = " ".join(str(text).split()) if text is not None else ""
    return s if len(s) <= n else s[: n - 1] + "…"


class _Engine:
    def __init__(self, rulesets: Sequence[RuleSet], db: Any, audit_date: dt.date) -> None:
        self.rulesets = list(rulesets)
        self.db = _DB(db)
        self.audit_date = audit_date
        self.thresholds: list[tuple[str, str]] = []  # (ruleset id, rule id) with min_value
        self.need_cpv = False
        for rs in self.rulesets:
            for rule in rs.rules:
                if rule.applies_to.min_value is not None:
                    self.thresholds.append((rs.id, rule.id))
                if rule.applies_to.cpv_prefixes:
                    self.need_cpv = True
        self._sets: dict[tuple[str, int], tuple[frozenset[str], tuple[tuple[CountryList, ...] | None, ...]]] = {}
        self._shown: dict[tuple[str, int, tuple[int, ...], tuple[bool, ...]], str] = {}
        self._members: dict[int, tuple[frozenset[str] | None, frozenset[str]]] = {}
        self._named: dict[tuple[str, str, int], frozenset[str]] = {}
        self._suggest: dict[tuple[str, str, str], list[str]] = {}

    # -- country sets ------------------------------------------------------------------------
    def country_set(self, rs: RuleSet, cset: CountrySet) -> tuple[frozenset[str], tuple[tuple[CountryList, ...] | None, ...]]:
        """(countries named directly, the named lists resolved to their versions by period (None: unknown))."""
        key = (rs.id, id(cset))
        got = self._sets.get(key)
        if got is None:
            lists = rs.country_list_versions
            got = self._sets[key] = (frozenset(cset.countries), tuple(lists.get(name) for name in cset.lists))
        return got

    def shown(self, rs: RuleSet, cset: CountrySet, day: dt.date) -> str:
        """The country set as the reasons show it: its countries and lists (a list by its members when
        it has at most 8, else by its title), each list in its version valid on ``day``; a list given
        for several periods none of which covers ``day`` by its title."""
        _, resolved = self.country_set(rs, cset)
        picked = [None if vs is None else (version_on(vs, day) or vs[-1]) for vs in resolved]
        uncovered = tuple(vs is not None and len(vs) > 1 and version_on(vs, day) is None for vs in resolved)
        key = (rs.id, id(cset), tuple(id(cl) for cl in picked), uncovered)
        got = self._shown.get(key)
        if got is None:
            names: list[str] = list(cset.countries)
            for name, cl, by_title in zip(cset.lists, picked, uncovered, strict=True):
                if cl is None:
                    names.append(name)
                elif by_title or cl.countries is None or len(cl.countries) > 8:
                    names.append(cl.title_de)
                else:
                    names.append(", ".join(cl.countries))
            got = self._shown[key] = ", ".join(names)
        return got

    def _list_state(self, cl: CountryList, origin: str) -> str:
        got = self._members.get(id(cl))
        if got is None:
            got = self._members[id(cl)] = (
                frozenset(cl.countries) if cl.countries is not None else None, frozenset(cl.not_members))
        members, not_members = got
        if members is not None:
            return "in" if origin in members else "out"
        return "out" if origin in not_members else "unknown"

    def origin_state(self, rs: RuleSet, cset: CountrySet, origin: str | None,
                     day: dt.date) -> tuple[str, tuple[tuple[CountryList, ...], ...]]:
        """'in', 'out' or 'unknown' (origin missing, or not decidable from the lists), and the
        lists with no version valid on ``day`` that left it undecided (each with its versions):
        such a list is not used, so an origin that only it could place stays 'unknown'. A list
        given for several periods decides by its version valid on ``day``."""
        if not _is_country(origin):
            return "unknown", ()
        countries, lists = self.country_set(rs, cset)
        if origin in countries:
            return "in", ()
        states: list[str] = []
        stale: list[tuple[CountryList, ...]] = []
        for versions in lists:
            cl = None if versions is None else version_on(versions, day)
            if versions is None:
                states.append("unknown")
            elif cl is None:
                stale.append(versions)
            else:
                states.append(self._list_state(cl, origin))
        if "in" in states:
            return "in", ()
        if stale:
            return "unknown", tuple(stale)
        return ("out" if all(st == "out" for st in states) else "unknown"), ()

    def stale_lists(self, rs: RuleSet, cset: CountrySet, day: dt.date) -> tuple[tuple[CountryList, ...], ...]:
        """The lists of ``cset`` with no version valid on ``day`` (each with its versions)."""
        return tuple(vs for vs in self.country_set(rs, cset)[1] if vs is not None and version_on(vs, day) is None)

    def canon_set(self, ids: Iterable[str]) -> frozenset[str]:
        out = set()
        for i in ids:
            out.add(self.db.canonical(i) or i)
        return frozenset(out)

    # -- labels ------------------------------------------------------------------------------
    def judge_label(self, lid: str, known: bool, confident: bool, step: EvidenceStep, ctx: _Ctx) -> _Cand | None:
        db = self.db
        name = db.name(lid)
        named = lid in self.canon_set(step.labels)
        is_membership_step = step.step == "membership_or_third_party_declaration"
        level = db.level(lid) if known else None
        if is_membership_step and not named:
            if step.labels:
                return None
            if level not in ("membership", "company"):
                return None
        elif not named and not step.equivalents:
            return None
        if not confident:
            return _Cand("needs_review", f"„{name}“ nur unsicher erkannt – bitte prüfen",
                         f"“{name}” recognised with low confidence – please check", step.step, [lid])
        if not known:
            return _Cand("needs_review",
                         f"Gütezeichen „{name}“ ist nicht in der Label-Datenbank: Gleichwertigkeit prüfen "
                         "(§ 34 Abs. 4 VgV)",
                         f"label “{name}” is not in the label database: check equivalence (§ 34 (4) VgV)",
                         step.step, [lid])
        if not db.valid_on(lid, ctx.day):
            return _Cand("non_compliant", f"„{name}“ war am Kaufdatum nicht gültig",
                         f"“{name}” was not valid on the purchase date", step.step, [lid])
        if named:
            return _Cand(step.outcome, f"„{name}“ ist als Nachweis anerkannt ({texts.STEP_TEXT[step.step][_DE]})",
                         f"“{name}” is accepted evidence ({texts.STEP_TEXT[step.step][_EN]})", step.step, [lid],
                         note=(step.note.de, step.note.en) if step.note else None)
        missing: list[str] = []
        unknown: list[str] = []
        for topic in step.requires:
            c = db.covers(lid, topic)
            if c is False:
                missing.append(topic)
            elif c is None:
                unknown.append(topic)
        tp_false = tp_unknown = False
        if step.third_party:
            tp = db.third_party(lid)
            tp_false, tp_unknown = tp is False, tp is None
        lv_bad = lv_unknown = False
        if step.levels:
            lv_unknown = level is None
            lv_bad = level is not None and level not in step.levels
        if missing or tp_false or lv_bad:
            de_parts: list[str] = []
            en_parts: list[str] = []
            if missing:
                de_parts.append(f"garantiert nicht: {texts.topics(missing, _DE)}")
                en_parts.append(f"does not guarantee: {texts.topics(missing, _EN)}")
            if tp_false:
                de_parts.append("wird nicht unabhängig von Dritten geprüft")
                en_parts.append("is not verified by an independent third party")
            if lv_bad and level is not None:
                de_parts.append(f"prüft auf Ebene {texts.LEVEL_TEXT.get(level, (level, level))[_DE]} "
                                f"(gefordert: {texts.levels(step.levels, _DE)})")
                en_parts.append(f"verifies at {texts.LEVEL_TEXT.get(level, (level, level))[_EN]} level "
                                f"(required: {texts.levels(step.levels, _EN)})")
            focus = db.focus(lid, missing)
            de = f"„{name}“ {'; '.join(de_parts)}"
            en = f"“{name}” {'; '.join(en_parts)}"
            if focus:
                de += f" (laut Label-Datenbank: {focus})"
                en += f" (label database: {focus})"
            return _Cand("non_compliant", de, en, step.step, [lid])
        if unknown or tp_unknown or lv_unknown:
            de_parts, en_parts = [], []
            if unknown:
                de_parts.append(texts.topics(unknown, _DE))
                en_parts.append(texts.topics(unknown, _EN))
            if tp_unknown:
                de_parts.append("unabhängige Prüfung durch Dritte")
                en_parts.append("independent third-party verification")
            if lv_unknown:
                de_parts.append("Prüfebene")
                en_parts.append("verification level")
            return _Cand("needs_review",
                         f"Für „{name}“ ist unbekannt: {', '.join(de_parts)} – Gleichwertigkeit prüfen",
                         f"for “{name}” it is unknown: {', '.join(en_parts)} – check equivalence",
                         step.step, [lid])
        outcome = step.equivalent_outcome or step.outcome
        de = f"„{name}“ garantiert {texts.topics(step.requires, _DE)}"
        en = f"“{name}” guarantees {texts.topics(step.requires, _EN)}"
        if step.third_party:
            de += " und wird unabhängig geprüft"
            en += " and is independently verified"
        groups = db.groups(lid)
        if groups is not None and ctx.group and not (set(db.family(ctx.group)) & groups):
            de += f", ist laut Label-Datenbank aber nicht für die Produktgruppe {ctx.group} vorgesehen – bitte prüfen"
            en += f", but the label database does not list it for product group {ctx.group} – please check"
            if outcome == "compliant":
                outcome = "needs_review"
        return _Cand(outcome, de, en, step.step, [lid],
                     note=(step.note.de, step.note.en) if step.note else None)

    def judge_labels(self, lid: str, known: bool, confident: bool, rule: Rule, ctx: _Ctx) -> list[_Cand]:
        out: list[_Cand] = []
        for step in rule.satisfied_by:
            if step.step in ("recognised_certificate", "label_or_equivalent",
                             "membership_or_third_party_declaration"):
                c = self.judge_label(lid, known, confident, step, ctx)
                if c is not None:
                    out.append(c)
        if not out:
            name = self.db.name(lid)
            if not confident:
                out.append(_Cand("needs_review", f"„{name}“ nur unsicher erkannt – bitte prüfen",
                                 f"“{name}” recognised with low confidence – please check", None, [lid]))
            elif not known:
                out.append(_Cand("needs_review", f"unbekanntes Gütezeichen „{name}“: Gleichwertigkeit prüfen",
                                 f"unknown label “{name}”: check equivalence", None, [lid]))
            else:
                out.append(_Cand("non_compliant", f"„{name}“ ist nach dieser Regel kein anerkannter Nachweis",
                                 f"“{name}” is not accepted evidence under this rule", None, [lid]))
        return out

    # -- steps without labels ----------------------------------------------------------------
    @staticmethod
    def _step(rule: Rule, kind: str) -> EvidenceStep | None:
        for s in rule.satisfied_by:
            if s.step == kind:
                return s
        return None

    def judge_plain(self, kind: str, text: str, rule: Rule) -> _Cand:
        """Evidence without a known label: self-declaration, membership, other, certificate."""
        t = _short(text, 60)
        if kind == "generic_claim":
            return _Cand("needs_review",
                         f"allgemeine Angabe „{t}“ ist kein Nachweis – Gütezeichen oder Zertifikat anfordern",
                         f"generic claim “{t}” is no evidence – ask for a label or certificate",
                         None, [t], evidence=False)
        if kind == "unknown_label":
            return _Cand("needs_review",
                         f"unbekanntes Gütezeichen „{t}“: Gleichwertigkeit prüfen (§ 34 Abs. 4 VgV)",
                         f"unknown label “{t}”: check equivalence (§ 34 (4) VgV)", None, [t])
        step_kind = {
            "self_declaration": "self_declaration",
            "membership": "membership_or_third_party_declaration",
            "other": "other_suitable_evidence",
        }.get(kind)
        if kind == "certificate":
            return _Cand("needs_review", f"Zertifikat „{t}“ ohne bekanntes Gütezeichen – bitte prüfen",
                         f"certificate “{t}” without a known label – please check", None, [t])
        step = self._step(rule, step_kind) if step_kind else None
        label_de, label_en = texts.STEP_TEXT.get(step_kind or "", (kind, kind))
        if step is not None:
            c = _Cand(step.outcome, f"{label_de} „{t}“ liegt vor", f"{label_en} “{t}” given", step.step, [t],
                      note=(step.note.de, step.note.en) if step.note else None)
            return c
        if kind == "other":
            return _Cand("needs_review", f"sonstiger Nachweis „{t}“: Eignung prüfen (§ 34 Abs. 5 VgV)",
                         f"other evidence “{t}”: check suitability (§ 34 (5) VgV)", None, [t])
        return _Cand("non_compliant", f"{label_de} „{t}“ genügt nach dieser Regel nicht",
                     f"{label_en} “{t}” is not sufficient under this rule", None, [t])

    # -- one rule ----------------------------------------------------------------------------
    def in_group_scope(self, rule: Rule, ctx: _Ctx) -> bool:
        scope = rule.applies_to
        fam = self.db.family(ctx.group)
        if fam and set(fam) & set(scope.exclude_product_groups):
            return False
        if fam and set(fam) & set(scope.product_groups):
            return True
        if scope.cpv_prefixes and ctx.cpv:
            digits = ctx.cpv.replace("-", "")
            return any(digits.startswith(p) for p in scope.cpv_prefixes)
        return False

    def judge_rule(self, rs: RuleSet, rule: Rule, ctx: _Ctx, rs_valid: bool,
                   threshold_index: dict[tuple[str, str], int]) -> dict[str, Any] | None:
        if not self.in_group_scope(rule, ctx):
            return None
        scope = rule.applies_to
        valid_from = max((d for d in (rs.valid_from, rule.valid_from) if d), default=None)
        valid_to = min((d for d in (rs.valid_to, rule.valid_to) if d), default=None)
        if not rs_valid or (valid_from and ctx.day < valid_from) or (valid_to and ctx.day > valid_to):
            when_de = f"gilt ab {valid_from.isoformat()}" if valid_from and ctx.day < valid_from else (
                f"galt bis {valid_to.isoformat()}" if valid_to else "nicht in Kraft")
            when_en = f"applies from {valid_from.isoformat()}" if valid_from and ctx.day < valid_from else (
                f"applied until {valid_to.isoformat()}" if valid_to else "not in force")
            return self.finding(rs, rule, "not_applicable", ctx,
                                (f"am Kaufdatum nicht in Kraft ({when_de})",
                                 f"not in force on the purchase date ({when_en})"), [], "info")
        uncertain: list[tuple[str, str]] = []
        origin_text = ctx.origin or "unbekannt"
        for cset, inside in ((scope.origin_in, True), (scope.origin_not_in, False)):
            if cset is None:
                continue
            state, stale = self.origin_state(rs, cset, ctx.origin, ctx.day)
            shown = self.shown(rs, cset, ctx.day)
            if stale:  # a list not valid on the item's date decides nothing, whatever unknown_origin says
                why_de, why_en = _stale_reason(stale, ctx.dated)
                uncertain.append((f"ob die Herkunft {origin_text} zu „{shown}“ gehört, ist nicht entscheidbar: "
                                  f"{why_de}",
                                  f"whether origin {origin_text} belongs to “{shown}” cannot be decided: {why_en}"))
            elif state == "unknown":
                if scope.unknown_origin == "not_applicable":
                    return None
                if scope.unknown_origin == "needs_review":
                    if ctx.origin is None:
                        de, en = ((f"Herkunft unbekannt; die Regel gilt nur für Waren aus: {shown}",
                                   f"origin unknown; the rule applies only to goods from: {shown}")
                                  if inside else
                                  (f"Herkunft unbekannt; die Regel gilt nicht für Waren aus: {shown}",
                                   f"origin unknown; the rule does not apply to goods from: {shown}"))
                        uncertain.append((de, en))
                        stale = self.stale_lists(rs, cset, ctx.day)
                        if stale:  # the origin alone would not decide it either
                            uncertain.append(_stale_reason(stale, ctx.dated))
                    else:
                        uncertain.append((f"ob die Herkunft {origin_text} zu „{shown}“ gehört, ist nicht "
                                          "entscheidbar (Liste prüfen)",
                                          f"whether origin {origin_text} belongs to “{shown}” cannot be "
                                          "decided (check the list)"))
            elif (state == "in") != inside:
                return self.finding(rs, rule, "not_applicable", ctx,
                                    (f"Herkunft {origin_text}: Regel gilt nicht (Länder: {shown})",
                                     f"origin {origin_text}: rule does not apply (countries: {shown})"),
                                    [], "info")
        if scope.min_value is not None:
            flag = ctx.flags[threshold_index[(rs.id, rule.id)]]
            mv = scope.min_value
            basis_de = "Auftragswert" if mv.basis == "order" else "Positionswert"
            basis_en = "order value" if mv.basis == "order" else "line value"
            amount = f"{mv.amount:,.0f}".replace(",", ".")
            if flag == 0:
                return self.finding(rs, rule, "not_applicable", ctx,
                                    (f"{basis_de} unter {amount} EUR", f"{basis_en} below EUR {amount}"),
                                    [], "info")
            if flag == 2:
                if mv.unknown == "not_applicable":
                    return None
                if mv.unknown == "needs_review":
                    uncertain.append((f"{basis_de} unbekannt; die Regel gilt ab {amount} EUR",
                                      f"{basis_en} unknown; the rule applies from EUR {amount}"))

        cands = self.candidates(rs, rule, ctx)
        best = max(cands, key=lambda c: (_RANK[c.outcome],
                                         -STEP_ORDER.index(c.step) if c.step in STEP_ORDER else -99),
                   default=None)
        if best is not None and best.outcome == "compliant":
            reason = (best.de, best.en)
            if best.note:
                reason = (f"{best.de}. {best.note[0]}", f"{best.en}. {best.note[1]}")
            score = _STEP_SCORE.get(best.step or "", 100.0)
            return self.finding(rs, rule, "compliant", ctx, reason, best.used, rule.severity, score=score)
        review = [c for c in cands if c.outcome == "needs_review"]
        rejected = [c for c in cands if c.outcome == "non_compliant"]
        used = [u for c in cands for u in c.used]
        parts = [(c.de, c.en) for c in review + rejected]
        if review:
            status = "needs_review"
            score = 50.0 if any(c.evidence for c in review) else 25.0
            for c in review:
                if c.note:
                    parts.append(c.note)
        else:
            status = rule.otherwise
            if not cands:
                parts.append(("kein Nachweis gefunden", "no evidence found"))
            score = {"compliant": 100.0, "needs_review": 25.0}.get(status, 10.0 if rejected else 0.0)
        if uncertain and status == "non_compliant":
            status, score = "needs_review", 25.0
        parts = uncertain + parts
        reason = ("; ".join(p[0] for p in parts), "; ".join(p[1] for p in parts))
        suggestion = self.suggestion(rule, ctx) if rule.suggest and status != "compliant" else []
        return self.finding(rs, rule, status, ctx, reason, used, rule.severity, score=score,
                            suggestion=suggestion)

    def candidates(self, rs: RuleSet, rule: Rule, ctx: _Ctx) -> list[_Cand]:
        cands: list[_Cand] = []
        for step in rule.satisfied_by:
            if step.step != "origin_outside_risk_area" or step.risk is None:
                continue
            state, stale = self.origin_state(rs, step.risk, ctx.origin, ctx.day)
            shown = self.shown(rs, step.risk, ctx.day)
            if stale:
                why_de, why_en = _stale_reason(stale, ctx.dated)
                cands.append(_Cand("needs_review", f"ob die Herkunft {ctx.origin} ein Risikoland ist ({shown}), ist "
                                   f"nicht entscheidbar: {why_de}",
                                   f"whether origin {ctx.origin} is a risk country ({shown}) cannot be decided: "
                                   f"{why_en}", step.step, [], evidence=False))
            elif state == "out":
                cands.append(_Cand(step.outcome, f"Herkunft {ctx.origin} liegt außerhalb der Risikoländer ({shown})",
                                   f"origin {ctx.origin} is outside the risk countries ({shown})", step.step,
                                   [f"origin:{ctx.origin}"],
                                   note=(step.note.de, step.note.en) if step.note else None))
            elif state == "in":
                cands.append(_Cand("non_compliant", f"Herkunft {ctx.origin} ist ein Risikoland ({shown}): "
                                   "Nachweis erforderlich",
                                   f"origin {ctx.origin} is a risk country ({shown}): evidence required",
                                   step.step, [f"origin:{ctx.origin}"], evidence=False))
            elif _is_country(ctx.origin):  # a list without members decides nothing
                cands.append(_Cand("needs_review", f"ob die Herkunft {ctx.origin} ein Risikoland ist ({shown}), ist "
                                   "nicht entscheidbar (Liste prüfen)",
                                   f"whether origin {ctx.origin} is a risk country ({shown}) cannot be decided "
                                   "(check the list)", step.step, [], evidence=False))
            else:
                shown_origin = f" („{ctx.origin}“ ist kein ISO-Ländercode)" if ctx.origin else ""
                shown_origin_en = f" (“{ctx.origin}” is not an ISO country code)" if ctx.origin else ""
                de = f"Herkunft unbekannt{shown_origin}: Risikoländer sind {shown}"
                en = f"origin unknown{shown_origin_en}: the risk countries are {shown}"
                stale = self.stale_lists(rs, step.risk, ctx.day)
                if stale:
                    why_de, why_en = _stale_reason(stale, ctx.dated)
                    de, en = f"{de}; {why_de}", f"{en}; {why_en}"
                cands.append(_Cand("needs_review", de, en, step.step, [], evidence=False))
        seen_labels: set[str] = set()
        for lid, known, confident in ctx.labels:
            seen_labels.add(lid)
            cands.extend(self.judge_labels(lid, known, confident, rule, ctx))
        for kind, ev_lid, confident, text in ctx.evidence:
            if kind == "origin":
                continue
            if ev_lid is not None and kind in ("certificate", "label", "membership", "unknown_label"):
                if ev_lid in seen_labels:
                    continue
                seen_labels.add(ev_lid)
                known = ev_lid in self.db.labels
                cands.extend(self.judge_labels(ev_lid, known, confident, rule, ctx))
                continue
            if kind == "label":
                continue
            c = self.judge_plain(kind, text, rule)
            if not confident and c.outcome == "compliant":
                c = _Cand("needs_review", f"{c.de} (unsicher erkannt)", f"{c.en} (low-confidence detection)",
                          c.step, c.used)
            cands.append(c)
        for kind, reg_lid, state, text in ctx.register:
            t = _short(text, 60) or (reg_lid or kind)
            if state == "ambiguous":
                cands.append(_Cand("needs_review", f"Nachweis aus dem Lieferantenregister „{t}“: Zuordnung "
                                   "mehrdeutig – bitte prüfen",
                                   f"supplier register evidence “{t}”: ambiguous match – please check",
                                   None, [t]))
                continue
            if state == "weak_join":
                cands.append(_Cand("needs_review", f"Nachweis aus dem Lieferantenregister „{t}“: Lieferant nur "
                                   "unscharf zugeordnet – bitte prüfen",
                                   f"supplier register evidence “{t}”: supplier matched only approximately – "
                                   "please check", None, [t]))
                continue
            if state in ("expired", "not_yet"):
                cands.append(_Cand("non_compliant", f"Nachweis „{t}“ war am Kaufdatum nicht gültig",
                                   f"evidence “{t}” was not valid on the purchase date", None, [t]))
                continue
            if state == "scope":
                cands.append(_Cand("non_compliant", f"Nachweis „{t}“ gilt nicht für diese Produktgruppe",
                                   f"evidence “{t}” does not cover this product group", None, [t]))
                continue
            if reg_lid is not None and kind in ("label", "certificate", "membership"):
                known = reg_lid in self.db.labels
                for c in self.judge_labels(reg_lid, known, True, rule, ctx):
                    c.de, c.en = f"{c.de} (Lieferantenregister)", f"{c.en} (supplier register)"
                    cands.append(c)
                continue
            cands.append(self.judge_plain({"label": "certificate"}.get(kind, kind), text or kind, rule))
        return cands

    def suggestion(self, rule: Rule, ctx: _Ctx) -> list[str]:
        key = (str(id(rule)), ctx.group or "", ctx.day.isoformat())
        if key in self._suggest:
            return self._suggest[key]
        out: list[str] = []
        for step in rule.satisfied_by:
            if step.step not in ("recognised_certificate", "label_or_equivalent"):
                continue
            if step.outcome == "compliant":
                for lid in step.labels:
                    c = self.db.canonical(lid) or lid
                    if c not in out:
                        out.append(c)
            if step.equivalents and (step.equivalent_outcome or step.outcome) == "compliant" and ctx.group:
                for lid in self.db.credible(ctx.group, tuple(step.requires)):
                    if lid not in out and self._passes(lid, step) and self.db.valid_on(lid, ctx.day):
                        out.append(lid)
        out = out[:12]
        self._suggest[key] = out
        return out

    def _passes(self, lid: str, step: EvidenceStep) -> bool:
        if any(self.db.covers(lid, t) is not True for t in step.requires):
            return False
        if step.third_party and self.db.third_party(lid) is not True:
            return False
        return not (step.levels and self.db.level(lid) not in step.levels)

    def finding(self, rs: RuleSet, rule: Rule, status: str, ctx: _Ctx, reason: tuple[str, str],
                used: list[str], severity: str, *, score: float | None = None,
                suggestion: list[str] | None = None) -> dict[str, Any]:
        de_status, en_status = texts.STATUS_TEXT[status]
        tmpl = getattr(rule.messages, status, None) if rule.messages is not None else None
        if tmpl is not None:
            values_de = {"rule": rule.title.de, "reason": reason[0], "group": ctx.group or "",
                         "origin": ctx.origin or "", "labels": ", ".join(u for u in used),
                         "requirement": rule.requirement.de}
            values_en = {**values_de, "rule": rule.title.en, "reason": reason[1],
                         "requirement": rule.requirement.en}
            msg_de = tmpl.de.format_map(values_de)
            msg_en = tmpl.en.format_map(values_en)
        else:
            msg_de = f"{rule.title.de}: {de_status}. {_sentence(reason[0])}"
            msg_en = f"{rule.title.en}: {en_status}. {_sentence(reason[1])}"
            if status in ("non_compliant", "needs_review"):
                msg_de += f" Gefordert: {rule.requirement.de}"
                msg_en += f" Required: {rule.requirement.en}"
        seen: list[str] = []
        for u in used:
            if u not in seen:
                seen.append(u)
        out = {
            "rule_id": rule.id,
            "ruleset_id": rs.id,
            "status": status,
            "severity": severity,
            "message": msg_de,
            "message_en": msg_en,
            "evidence_used": seen,
            "suggestion": list(suggestion or []),
            "reference": rule.reference or (rs.sources[0] if rs.sources else None),
        }
        if score is not None:
            out["_score"] = score
        return out

    # -- one situation -----------------------------------------------------------------------
    def judge(self, ctx: _Ctx, threshold_index: dict[tuple[str, str], int]) -> _Verdict:
        findings: list[dict[str, Any]] = []
        rule_status: dict[str, str] = {}
        for rs in self.rulesets:
            rs_valid = rs.valid_on(ctx.day)
            for rule in rs.rules:
                f = self.judge_rule(rs, rule, ctx, rs_valid, threshold_index)
                if f is not None:
                    findings.append(f)
                    rule_status[f"{rs.id}/{rule.id}"] = f["status"]
        num = den = 0.0
        for f in findings:
            sc = f.pop("_score", None)
            if f["status"] in ("compliant", "needs_review", "non_compliant") and sc is not None:
                w = _SEVERITY_WEIGHT.get(f["severity"], 2.0)
                num += w * sc
                den += w
        status = _most_severe(f["status"] for f in findings)
        score = round(num / den, 1) if den else math.nan
        return _Verdict(status, score, findings, rule_status)


def _stale_reason(stale: Sequence[Sequence[CountryList]], dated: bool) -> tuple[str, str]:
    """Why lists with no version valid on an item's date were not used, naming the periods they
    were given for (German, English)."""
    when_de = "am Kaufdatum" if dated else "am Prüfdatum (die Position hat kein Kaufdatum)"
    when_en = "on the purchase date" if dated else "on the audit date (the item has no purchase date)"
    de = "; ".join(f"Länderliste „{vs[-1].title_de}“ ({vs[-1].id}) {periods_text(vs, _DE)}" for vs in stale)
    en = "; ".join(f"country list “{vs[-1].title_en}” ({vs[-1].id}) {periods_text(vs, _EN)}" for vs in stale)
    return (f"{de}, nicht {when_de} – die Liste für diesen Zeitraum angeben",
            f"{en}, not {when_en} – give the list for this period")


def _sentence(s: str) -> str:
    s = s.strip()
    if not s:
        return ""
    s = s[:1].upper() + s[1:]
    return s if s.endswith((".", "!", "?")) else s + "."


_SEVERITY_ORDER = {"not_applicable": 0, "compliant": 1, "needs_review": 2, "non_compliant": 3, "unreadable": 4}


def _most_severe(statuses: Iterable[str]) -> str:
    best = "not_applicable"
    for s in statuses:
        if _SEVERITY_ORDER[s] > _SEVERITY_ORDER[best]:
            best = s
    return best


# ---------------------------------------------------------------------------------------------
# building situations from the table
# ---------------------------------------------------------------------------------------------

def _column(table: pd.DataFrame, name: str) -> pd.Series:
    if name in table.columns:
        return table[name]
    return pd.Series([None] * len(table), index=table.index, dtype=object)


def _to_days(values: pd.Series, fallback: dt.date) -> tuple[np.ndarray, np.ndarray]:
    """Dates as int64 days since 1970-01-01 (missing → fallback), and which rows had a date."""
    ts = pd.to_datetime(values, errors="coerce")
    days = ts.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    fb = np.datetime64(fallback, "D")
    missing = np.isnat(days)
    days = np.where(missing, fb, days)
    return days.astype("int64"), ~missing


_EPOCH = dt.date(1970, 1, 1)


def _day(n: int) -> dt.date:
    return _EPOCH + dt.timedelta(days=int(n))


def _order_codes(table: pd.DataFrame) -> np.ndarray:
    """An integer per row naming its document (same file and document number); -1 without one."""
    doc_codes, doc_uniques = pd.factorize(_column(table, "document_number"), use_na_sentinel=True)
    blank = np.array([not str(u).strip() for u in doc_uniques], dtype=bool)
    if blank.any():
        doc_codes = np.where((doc_codes >= 0) & blank[np.maximum(doc_codes, 0)], -1, doc_codes)
    file_codes = pd.factorize(_column(table, "source_file"), use_na_sentinel=True)[0].astype(np.int64) + 1
    has = doc_codes >= 0
    combined = file_codes * (int(doc_codes.max(initial=0)) + 1) + np.maximum(doc_codes, 0)
    out = np.full(len(table), -1, dtype=np.int64)
    if has.any():
        out[has] = pd.factorize(combined[has])[0]
    return out


def _threshold_codes(table: pd.DataFrame, rule: Rule, orders: np.ndarray) -> np.ndarray:
    mv = rule.applies_to.min_value
    assert mv is not None
    amount = pd.to_numeric(_column(table, "amount"), errors="coerce").to_numpy(dtype="float64")
    value = amount.copy()
    has_doc = orders >= 0
    if mv.basis == "order" and bool(has_doc.any()):
        codes = np.maximum(orders, 0)
        isnan = np.isnan(amount)
        total = np.bincount(codes, weights=np.where(isnan | ~has_doc, 0.0, amount))[codes]
        nans = np.bincount(codes, weights=(isnan & has_doc).astype("float64"))[codes] > 0
        order_value = np.where(nans & (total < mv.amount), np.nan, total)
        value = np.where(has_doc, order_value, amount)
    out = np.full(len(table), 2, dtype=np.int8)
    known = ~np.isnan(value)
    out[known & (value >= mv.amount)] = 1
    out[known & (value < mv.amount)] = 0
    return out


def _norm_codes(values: pd.Series, norm: Any) -> tuple[np.ndarray, list[Any]]:
    """Codes of normalised values: factorise the raw column (fast, in C), normalise the few
    uniques, and merge uniques that normalise alike. Missing → -1."""
    raw_codes, uniques = pd.factorize(values, use_na_sentinel=True)
    normed = [norm(u) for u in uniques]
    index: dict[Any, int] = {}
    remap = np.full(len(normed) + 1, -1, dtype=np.int64)
    vals: list[Any] = []
    for k, v in enumerate(normed):
        if v is None:
            continue
        if v not in index:
            index[v] = len(vals)
            vals.append(v)
        remap[k] = index[v]
    codes = remap[np.where(raw_codes >= 0, raw_codes, len(normed))]
    return codes, vals


_SEQ = (list, tuple, np.ndarray)


def _sigs(frame: pd.DataFrame, name: str, fn: Any, *, with_index: bool = False) -> list[Any]:
    """Signatures of a list column's cells; empty or missing cells → ()."""
    out: list[Any] = [()] * len(frame)
    if name not in frame.columns:
        return out
    cells = frame[name].to_numpy(dtype=object)
    if with_index:
        for i, c in enumerate(cells):
            if isinstance(c, _SEQ) and len(c):
                out[i] = fn(c, i)
        return out
    # recognition shares one list object between the rows of a distinct text: one call per object
    n = len(cells)
    ids = np.fromiter(map(id, cells), dtype=np.int64, count=n)
    codes, uniq = pd.factorize(ids)
    first = np.empty(len(uniq), dtype=np.int64)
    first[codes[::-1]] = np.arange(n - 1, -1, -1, dtype=np.int64)
    per_object = np.empty(len(uniq), dtype=object)
    for k, i in enumerate(first.tolist()):
        c = cells[i]
        per_object[k] = fn(c) if isinstance(c, _SEQ) and len(c) else ()
    result: list[Any] = per_object[codes].tolist()
    return result


def _codes_of(values: list[str | None]) -> np.ndarray:
    """Integer codes of a list of optional strings (None → -1)."""
    arr = np.empty(len(values), dtype=object)
    arr[:] = values
    return pd.factorize(arr, use_na_sentinel=True)[0]


def _as_list(v: Any) -> list[Any]:
    if isinstance(v, list | tuple):
        return list(v)
    if isinstance(v, np.ndarray):
        return list(v)
    return []


def _conf_ok(v: Any) -> bool:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return True
    return not math.isnan(f) and f >= MIN_CONFIDENCE


def _to_date(v: Any) -> dt.date | None:
    if v is None:
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, str):
        try:
            return dt.date.fromisoformat(v[:10])
        except ValueError:
            return None
    try:
        if pd.isna(v):
            return None
        return pd.Timestamp(v).date()
    except (TypeError, ValueError):
        return None


def evaluate_table(table: pd.DataFrame, rulesets: Sequence[RuleSet], db: Any,
                   audit_date: dt.date) -> EvaluationResult:
    """Judge every item row against ``rulesets`` (see module doc). Adds ``status``, ``score`` and
    ``findings``; non-item rows become ``unreadable`` with their reason (``rule_id`` ``read``)."""
    from fairbuy.assemble import read_finding
    from fairbuy.columns import text_values

    engine = _Engine(rulesets, db, audit_date)
    n = len(table)
    out = table.copy(deep=False)  # columns are added or replaced, never written into
    kinds = text_values(_column(table, "row_kind"), fill="item")
    is_item = kinds == "item"

    # dates and buckets (an item without a purchase date is judged on the audit date, for the
    # validity of rule sets, rules, labels and country lists alike)
    all_days, has_date = _to_days(_column(table, "purchase_date"), audit_date)
    bounds: set[dt.date] = set()
    list_bounds = False
    for rs in rulesets:
        for d in (rs.valid_from, rs.valid_to and rs.valid_to + dt.timedelta(days=1)):
            if d:
                bounds.add(d)
        for rule in rs.rules:
            for d in (rule.valid_from, rule.valid_to and rule.valid_to + dt.timedelta(days=1)):
                if d:
                    bounds.add(d)
        for cl in (v for vs in rs.country_list_versions.values() for v in vs):  # every period of every list
            for d in (cl.valid_from, cl.valid_to and cl.valid_to + dt.timedelta(days=1)):
                if d:
                    bounds.add(d)
                    list_bounds = True
    label_bounds = engine.db.validity_bounds()
    if label_bounds is None:
        day_key = all_days  # labels do not expose their validity: exact dates
    else:
        bounds |= set(label_bounds)
        edges = np.array(sorted((b - _EPOCH).days for b in bounds), dtype="int64")
        idx = np.searchsorted(edges, all_days, side="right")
        reps = np.concatenate([[edges[0] - 1 if len(edges) else 0], edges]) if len(edges) else np.array([0])
        day_key = reps[idx] if len(edges) else np.zeros(n, dtype="int64")

    orders = _order_codes(table)

    # thresholds
    threshold_index: dict[tuple[str, str], int] = {}
    flag_cols: list[np.ndarray] = []
    for rs in rulesets:
        for rule in rs.rules:
            if rule.applies_to.min_value is not None:
                threshold_index[(rs.id, rule.id)] = len(flag_cols)
                flag_cols.append(_threshold_codes(table, rule, orders))
    flags_matrix = np.stack(flag_cols, axis=1) if flag_cols else np.zeros((n, 0), dtype=np.int8)

    item_idx = np.flatnonzero(is_item)
    item_table = table.iloc[item_idx]
    groups = _column(table, "product_group").to_numpy(dtype=object)
    cpv_col = _column(table, "cpv_normalised").to_numpy(dtype=object) if engine.need_cpv else None

    canon = engine.db.canonical
    known_labels = engine.db.labels
    family = engine.db.family

    # scalar parts of the situation, vectorised: group, origin, date bucket, threshold flags, CPV
    group_codes, group_vals = _norm_codes(_column(item_table, "product_group"),
                                          lambda v: v if isinstance(v, str) and v else None)
    origin_codes, origin_vals = _norm_codes(_column(item_table, "origin"),
                                            lambda v: v.strip().upper() if isinstance(v, str) and v.strip() else None)
    parts = [group_codes, origin_codes, pd.factorize(day_key[item_idx])[0]]
    if list_bounds:  # messages on a list's validity say whether the date is the audit date
        parts.append(has_date[item_idx].astype(np.int64))
    if flag_cols:
        radix = np.zeros(len(item_idx), dtype=np.int64)
        for k in range(flags_matrix.shape[1]):
            radix = radix * 3 + flags_matrix[item_idx, k]
        parts.append(pd.factorize(radix)[0])
    if cpv_col is not None:
        cpv_codes, _ = _norm_codes(_column(item_table, "cpv_normalised"),
                                   lambda v: v if isinstance(v, str) and v else None)
        parts.append(cpv_codes)
    combined = np.zeros(len(item_idx), dtype=np.int64)
    for p_codes in parts:
        p_codes = p_codes.astype(np.int64) + 1  # -1 (missing) → 0
        combined = pd.factorize(combined * (int(p_codes.max(initial=0)) + 1) + p_codes)[0].astype(np.int64)
    scalar_code = combined

    def lab_sig(cell: Any) -> tuple[tuple[str, bool, bool], ...]:
        acc: dict[str, tuple[str, bool, bool]] = {}
        for lab in cell:
            if not isinstance(lab, dict):
                continue
            raw_id = lab.get("id")
            if not isinstance(raw_id, str) or not raw_id:
                continue
            cid = canon(raw_id) or raw_id
            entry = (cid, cid in known_labels, _conf_ok(lab.get("confidence", 1.0)))
            prev = acc.get(cid)
            if prev is None or (entry[2] and not prev[2]):
                acc[cid] = entry
        return tuple(sorted(acc.values()))

    def ev_sig(cell: Any) -> tuple[tuple[str, str | None, bool, str], ...]:
        ev_set = set()
        for e in cell:
            if not isinstance(e, dict):
                continue
            kind = str(e.get("kind") or "other")
            if kind in NOT_EVIDENCE_KINDS:  # a negated label ("nicht Fairtrade") proves nothing
                continue
            lid = e.get("label_id")
            cid = (canon(lid) or lid) if isinstance(lid, str) and lid else None
            ev_set.add((kind, cid, _conf_ok(e.get("confidence", 1.0)), _short(e.get("text"), 60)))
        return tuple(sorted(ev_set, key=lambda t: (t[0], t[1] or "", t[2], t[3])))

    def reg_sig(cell: Any, i: int) -> tuple[tuple[str, str | None, str, str], ...]:
        g = groups[i]
        group = g if isinstance(g, str) and g else None
        day = _day(all_days[i])
        fam = set(family(group)) if group else set()
        reg_set = set()
        for r in cell:
            if not isinstance(r, dict):
                continue
            kind = str(r.get("kind") or "other")
            lid = r.get("label_id")
            cid = (canon(lid) or lid) if isinstance(lid, str) and lid else None
            vf, vt = _to_date(r.get("valid_from")), _to_date(r.get("valid_to"))
            scope_groups = r.get("scope_groups")
            if r.get("ambiguous"):
                state = "ambiguous"
            elif r.get("join_method") == "fuzzy" and not (_score(r.get("join_score")) >= MIN_JOIN_SCORE):
                state = "weak_join"
            elif vf is not None and day < vf:
                state = "not_yet"
            elif vt is not None and day > vt:
                state = "expired"
            elif scope_groups and not (fam & {str(x) for x in scope_groups}):
                state = "scope"
            else:
                state = "ok"
            reg_set.add((kind, cid, state, _short(r.get("text"), 60)))
        return tuple(sorted(reg_set, key=lambda t: (t[0], t[1] or "", t[2], t[3])))

    lab_cache: dict[tuple[Any, ...], tuple[tuple[str, bool, bool], ...]] = {}

    def lab_sig_cached(cell: Any) -> tuple[tuple[str, bool, bool], ...]:
        try:
            raw = tuple((d.get("id"), d.get("confidence")) for d in cell)
        except AttributeError:
            return lab_sig(cell)
        try:
            got = lab_cache.get(raw)
        except TypeError:  # unhashable values
            return lab_sig(cell)
        if got is None:
            got = lab_cache[raw] = lab_sig(cell)
        return got

    ev_cache: dict[tuple[Any, ...], tuple[tuple[str, str | None, bool, str], ...]] = {}

    def ev_sig_cached(cell: Any) -> tuple[tuple[str, str | None, bool, str], ...]:
        try:
            raw = tuple((d.get("kind"), d.get("label_id"), d.get("confidence"), d.get("text")) for d in cell)
        except AttributeError:
            return ev_sig(cell)
        try:
            got = ev_cache.get(raw)
        except TypeError:  # unhashable values
            return ev_sig(cell)
        if got is None:
            got = ev_cache[raw] = ev_sig(cell)
        return got

    labs_l = _sigs(item_table, "labels", lab_sig_cached)
    ev_l = _sigs(item_table, "evidence", ev_sig_cached)
    reg_l = _sigs(item_table, "register_evidence", lambda c, i: reg_sig(c, int(item_idx[i])), with_index=True)
    combined = scalar_code.astype(np.int64)
    for sig in (labs_l, ev_l, reg_l):
        sig_codes = pd.factorize(pd.Series(sig, dtype=object))[0].astype(np.int64) if len(sig) else \
            np.zeros(0, dtype=np.int64)
        combined = pd.factorize(combined * (int(sig_codes.max(initial=0)) + 1) + sig_codes)[0].astype(np.int64)
    item_codes = combined
    codes = np.full(n, -1, dtype=np.int64)
    codes[item_idx] = item_codes
    ctxs: list[_Ctx] = []
    if len(item_codes):
        _, first = np.unique(item_codes, return_index=True)
        for j in first:
            i = int(item_idx[j])
            flags = tuple(int(x) for x in flags_matrix[i]) if flag_cols else ()
            cpv = None
            if cpv_col is not None:
                c = cpv_col[i]
                cpv = c if isinstance(c, str) and c else None
            ctxs.append(_Ctx(group_vals[group_codes[j]] if group_codes[j] >= 0 else None,
                             origin_vals[origin_codes[j]] if origin_codes[j] >= 0 else None, _day(day_key[i]), labs_l[j], ev_l[j], reg_l[j],
                             flags, cpv, bool(has_date[i]) if list_bounds else True))

    verdicts = [engine.judge(ctx, threshold_index) for ctx in ctxs]

    status = np.full(n, Status.UNREADABLE.value, dtype=object)
    score = np.full(n, math.nan, dtype="float64")
    findings = np.empty(n, dtype=object)
    if verdicts:
        v_status = np.array([v.status for v in verdicts], dtype=object)
        v_score = np.array([v.score for v in verdicts], dtype="float64")
        v_find = np.empty(len(verdicts), dtype=object)
        for k, v in enumerate(verdicts):
            v_find[k] = v.findings
        status[item_idx] = v_status[codes[item_idx]]
        score[item_idx] = v_score[codes[item_idx]]
        findings[item_idx] = v_find[codes[item_idx]]
    read_errors = _column(table, "read_error").to_numpy(dtype=object)
    read_cache: dict[tuple[str, str | None], dict[str, Any]] = {}
    for r in np.flatnonzero(~is_item):
        err = read_errors[r]
        rkey = (str(kinds[r]), err if isinstance(err, str) and err else None)
        rf = read_cache.get(rkey)
        if rf is None:
            rf = read_cache[rkey] = read_finding(*rkey)
        findings[r] = [rf]
    out["status"] = status
    out["score"] = score
    out["findings"] = findings

    sel = _Selectors(engine, rulesets, ctxs, verdicts, codes, is_item)
    amount = pd.to_numeric(_column(table, "amount"), errors="coerce").fillna(0.0).to_numpy(dtype="float64")
    doc_keys = _doc_keys(orders)
    list_findings: list[Finding] = []
    indicators: list[Indicator] = []
    for rs in rulesets:
        for lr in rs.list_rules:
            list_findings.append(_list_finding(rs, lr, sel, amount, audit_date))
        for ind in rs.indicators:
            indicators.append(_indicator(rs, ind, sel, amount, doc_keys))
    return EvaluationResult(out, list_findings, indicators)


def _score(v: Any) -> float:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return 0.0
    return f if not math.isnan(f) else 0.0


def _doc_keys(orders: np.ndarray) -> np.ndarray:
    """Document codes for counting documents: rows without a document count one each."""
    out = orders.copy()
    none = out < 0
    out[none] = int(out.max(initial=-1)) + 1 + np.arange(int(none.sum()))
    return out


# ---------------------------------------------------------------------------------------------
# selectors, list-level rules, indicators
# ---------------------------------------------------------------------------------------------

class _Selectors:
    def __init__(self, engine: _Engine, rulesets: Sequence[RuleSet], ctxs: list[_Ctx],
                 verdicts: list[_Verdict], codes: np.ndarray, is_item: np.ndarray) -> None:
        self.engine = engine
        self.ctxs = ctxs
        self.verdicts = verdicts
        self.codes = codes
        self.is_item = is_item
        self._cache: dict[tuple[str, int], np.ndarray] = {}

    def mask(self, rs: RuleSet, sel: Selector | None) -> np.ndarray:
        """Boolean per row: evaluated item rows matching ``sel`` (None = all items)."""
        if sel is None:
            return self.is_item.copy()
        key = (rs.id, id(sel))
        if key in self._cache:
            return self._cache[key]
        per_ctx = np.array([self._match(rs, sel, c, v) for c, v in zip(self.ctxs, self.verdicts, strict=True)],
                           dtype=bool)
        m = np.zeros(len(self.codes), dtype=bool)
        if len(per_ctx):
            idx = np.flatnonzero(self.is_item)
            m[idx] = per_ctx[self.codes[idx]]
        self._cache[key] = m
        return m

    def _match(self, rs: RuleSet, sel: Selector, ctx: _Ctx, verdict: _Verdict) -> bool:
        db = self.engine.db
        fam = set(db.family(ctx.group))
        if sel.product_groups and not (fam & set(sel.product_groups)):
            return False
        if sel.exclude_product_groups and fam & set(sel.exclude_product_groups):
            return False
        if sel.in_any_rule_scope and not any(
            k.startswith(f"{rs.id}/") and s != "not_applicable" for k, s in verdict.rule_status.items()
        ):
            return False
        if sel.rule is not None:
            ref = sel.rule if "/" in sel.rule else f"{rs.id}/{sel.rule}"
            if verdict.rule_status.get(ref, "not_applicable") not in sel.rule_status:
                return False
        if sel.labels or sel.label_requires or sel.label_third_party is not None or sel.label_levels:
            ids = [lid for lid, known, conf in ctx.labels if known and conf]
            # labels the recogniser reports as evidence (lexicon: unreported_labels)
            ids += [lid for kind, lid, conf, _ in ctx.evidence
                    if lid and conf and kind == "label" and lid in db.labels]
            ids += [lid for kind, lid, state, _ in ctx.register
                    if lid and state == "ok" and kind in ("label", "certificate") and lid in db.labels]
            ids = [lid for lid in ids if db.valid_on(lid, ctx.day)]
            wanted = self.engine.canon_set(sel.labels) if sel.labels else None
            ok = False
            for lid in ids:
                if wanted is not None and lid not in wanted:
                    continue
                if any(db.covers(lid, t) is not True for t in sel.label_requires):
                    continue
                if sel.label_third_party is not None and db.third_party(lid) is not sel.label_third_party:
                    continue
                if sel.label_levels and db.level(lid) not in sel.label_levels:
                    continue
                ok = True
                break
            if not ok:
                return False
        return True


def _in_force(start: dt.date | None, end: dt.date | None, day: dt.date) -> bool:
    return (start is None or day >= start) and (end is None or day <= end)


def _list_finding(rs: RuleSet, lr: ListRule, sel: _Selectors, amount: np.ndarray,
                  audit_date: dt.date) -> Finding:
    severity = Severity(lr.severity)
    ref = lr.reference or (rs.sources[0] if rs.sources else None)
    if not (rs.valid_on(audit_date) and _in_force(lr.valid_from, lr.valid_to, audit_date)):
        return Finding(rule_id=lr.id, ruleset_id=rs.id, status=Status.NOT_APPLICABLE, severity=Severity.INFO,
                       message=f"{lr.title.de}: am Prüfdatum nicht in Kraft.",
                       message_en=f"{lr.title.en}: not in force on the audit date.", reference=ref)
    if lr.scope is not None and not sel.mask(rs, lr.scope).any():
        status = lr.if_out_of_scope
        return Finding(rule_id=lr.id, ruleset_id=rs.id, status=Status(status), severity=severity,
                       message=f"{lr.title.de}: {texts.STATUS_TEXT[status][0]}. Die Liste enthält keine "
                       f"passenden Positionen. Gefordert: {lr.requirement.de}",
                       message_en=f"{lr.title.en}: {texts.STATUS_TEXT[status][1]}. The list has no matching "
                       f"items. Required: {lr.requirement.en}", reference=ref)
    met = True
    parts_de: list[str] = []
    parts_en: list[str] = []
    for cond in lr.conditions:
        m = sel.mask(rs, cond.select)
        count = int(m.sum())
        spend = float(amount[m].sum())
        ok = count >= cond.min_count and (cond.min_spend is None or spend >= cond.min_spend)
        met = met and ok
        mark = "✓" if ok else "✗"
        parts_de.append(f"{mark} {cond.description.de} ({count} Positionen, {spend:,.2f} EUR)")
        parts_en.append(f"{mark} {cond.description.en} ({count} items, EUR {spend:,.2f})")
    status = lr.when_met if met else lr.when_not_met
    msg_de = f"{lr.title.de}: {texts.STATUS_TEXT[status][0]}. " + "; ".join(parts_de) + "."
    msg_en = f"{lr.title.en}: {texts.STATUS_TEXT[status][1]}. " + "; ".join(parts_en) + "."
    if status != "compliant":
        msg_de += f" Gefordert: {lr.requirement.de}"
        msg_en += f" Required: {lr.requirement.en}"
    return Finding(rule_id=lr.id, ruleset_id=rs.id, status=Status(status), severity=severity,
                   message=msg_de, message_en=msg_en, reference=ref)


def _indicator(rs: RuleSet, ind: IndicatorDef, sel: _Selectors, amount: np.ndarray,
               doc_keys: np.ndarray) -> Indicator:
    m = sel.mask(rs, ind.select)
    count = int(m.sum())
    spend = round(float(amount[m].sum()), 2)
    documents = len(np.unique(doc_keys[m])) if count else 0
    detail: dict[str, Any] = {
        "title_en": ind.title.en,
        "definition_de": ind.definition.de,
        "definition_en": ind.definition.en,
        "count": count,
        "spend": spend,
        "documents": documents,
        "status": ind.status,
    }
    value: float | None
    if ind.measure in ("share_count", "share_spend"):
        base = sel.mask(rs, ind.of)
        both = m & base
        if ind.measure == "share_count":
            num, den = float(both.sum()), float(base.sum())
        else:
            num, den = float(amount[both].sum()), float(amount[base].sum())
        value = round(100.0 * num / den, 2) if den > 0 else None
        detail.update({"numerator": round(num, 2), "denominator": round(den, 2),
                       "base_count": int(base.sum()), "base_spend": round(float(amount[base].sum()), 2)})
    elif ind.measure == "count":
        value = float(count)
    elif ind.measure == "spend":
        value = spend
    else:
        value = float(documents)
    for k in ("target", "source", "note"):
        v = getattr(ind, k)
        if v is not None:
            detail[k] = v
    return Indicator(id=ind.id, ruleset_id=rs.id, title=ind.title.de, value=value, unit=ind.unit, detail=detail)
