"""Explanations of recognition results (``fairbuy explain``): built only on request."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from fairbuy.recognise.normalise import compounds


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GroupHitInfo(_M):
    word: str
    group: str | None
    kind: str = Field(description="strong (product noun), weak (material), excl (names no group), neutral")
    source: str
    complement: str | None = Field(default=None, description="prep (after für/mit/...) or paren")


class LabelInfo(_M):
    id: str | None
    matched_text: str
    field: str
    method: str
    confidence: float
    accepted: bool
    why: str
    fuzzy_score: float | None = None
    certificate_number: str | None = None


class Explanation(_M):
    """Why a line gets its product group and labels."""

    description: str
    normalised: str
    tokens: list[str]
    compounds: list[str]
    label_text: str | None = None
    label_text_normalised: str | None = None
    cpv: str | None = None
    cpv_normalised: str | None = None
    cpv_group: str | None = None
    cpv_weak: bool = False
    text_group: str | None = None
    text_veto: str | None = None
    product_group: str | None = None
    group_method: str | None = None
    group_reason: str | None = None
    group_hits: list[GroupHitInfo] = Field(default_factory=list)
    labels: list[dict[str, Any]] = Field(default_factory=list)
    candidates: list[LabelInfo] = Field(default_factory=list)
    evidence: list[dict[str, Any]] = Field(default_factory=list)

    def as_text(self) -> str:
        """A readable multi-line report."""
        lines = [f"description:   {self.description}", f"normalised:    {self.normalised}"]
        if self.compounds:
            lines.append(f"words:         {' | '.join(self.compounds)}")
        if self.label_text:
            lines.append(f"label column:  {self.label_text}  →  {self.label_text_normalised}")
        if self.cpv:
            lines.append(f"CPV:           {self.cpv} → {self.cpv_normalised or 'invalid'}"
                         + (f" → {self.cpv_group}{' (weak)' if self.cpv_weak else ''}" if self.cpv_group else ""))
        lines.append(f"product group: {self.product_group or '-'}"
                     + (f" [{self.group_method}]" if self.group_method else ""))
        if self.group_reason:
            lines.append(f"  why:         {self.group_reason}")
        for h in self.group_hits:
            where = f", {h.complement}" if h.complement else ""
            lines.append(f"  word '{h.word}': {h.group or 'no group'} ({h.kind}, {h.source}{where})")
        lines.append("labels:        " + (", ".join(lab["id"] for lab in self.labels) or "-"))
        for c in self.candidates:
            mark = "✓" if c.accepted else "✗"
            lines.append(f"  {mark} {c.id or '?'} ← '{c.matched_text}' [{c.field}, {c.method}"
                         f"{f', confidence {c.confidence:.2f}' if c.accepted else ''}]: {c.why}")
        if self.evidence:
            lines.append("evidence:")
            for e in self.evidence:
                lines.append(f"  {e['kind']}: {e['text']} [{e.get('field')}]")
        return "\n".join(lines)


def build_explanation(engine: Any, res: dict[str, Any]) -> Explanation:
    tr = res["_trace"]
    ftd, ftl, g = tr["desc"], tr["label_text"], tr["group"]
    return Explanation(
        description=ftd.raw,
        normalised=ftd.folded,
        tokens=[t.text for t in ftd.tokens],
        compounds=[w for w, _, _ in compounds(ftd.tokens)],
        label_text=ftl.raw or None,
        label_text_normalised=ftl.folded or None,
        cpv=tr.get("cpv_raw"),
        cpv_normalised=res["cpv_normalised"],
        cpv_group=g.cpv_group,
        cpv_weak=g.cpv_weak,
        text_group=g.text_group,
        text_veto=g.text_veto,
        product_group=res["product_group"],
        group_method=res["group_method"],
        group_reason=res["group_reason"],
        group_hits=[GroupHitInfo(word=h.word, group=h.group, kind=h.kind, source=h.source, complement=h.complement)
                    for h in g.hits],
        labels=res["labels"],
        candidates=[LabelInfo(id=c.label, matched_text=c.matched, field=c.field, method=c.method,
                              confidence=c.confidence, accepted=c.accepted, why=c.why, fuzzy_score=c.score,
                              certificate_number=c.certificate_number) for c in tr["candidates"]],
        evidence=res["evidence"],
    )
