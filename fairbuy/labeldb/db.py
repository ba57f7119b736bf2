"""The loaded label database and its queries."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from rapidfuzz import fuzz, process, utils

from fairbuy.errors import UsageError
from fairbuy.labeldb.schema import TOPICS, DBMeta, Label, ProductGroup


class LabelDB:
    """Labels and product groups, validated. Build with :func:`fairbuy.labeldb.load_label_db`."""

    def __init__(self, *, meta: DBMeta, labels: dict[str, Label], groups: dict[str, ProductGroup],
                 root: Path | None = None) -> None:
        self.meta = meta
        self.version: str = meta.version
        self.labels: dict[str, Label] = labels
        self.groups: dict[str, ProductGroup] = groups
        self.root = root
        self.merged_ids: dict[str, str] = dict(meta.merged_ids)
        self._children: dict[str, list[str]] = {gid: [] for gid in groups}
        for gid, g in groups.items():
            if g.parent is not None:
                self._children[g.parent].append(gid)
        # search corpus: (text, label id, weight), names and aliases (ambiguous ones weighted down)
        self._search_texts: list[str] = []
        self._search_ids: list[str] = []
        self._search_weights: list[float] = []

        def add(text: str, lid: str, weight: float) -> None:
            self._search_texts.append(text)
            self._search_ids.append(lid)
            self._search_weights.append(weight)

        for lid, lab in labels.items():
            for text in dict.fromkeys([lab.name, *([lab.name_en] if lab.name_en else []), *lab.aliases, lid]):
                add(text, lid, 1.0)
            for amb in lab.ambiguous_aliases:
                add(amb.alias, lid, 0.9)
        for merged, target in self.merged_ids.items():
            add(merged, target, 1.0)

    def __repr__(self) -> str:
        return f"LabelDB(version={self.version!r}, labels={len(self.labels)}, groups={len(self.groups)})"

    # ------------------------------------------------------------------ lookup
    def canonical_label_id(self, label_id: str) -> str:
        """The canonical id for a label id or a merged former id (``max-havelaar`` -> ``fairtrade``)."""
        if label_id in self.labels:
            return label_id
        if label_id in self.merged_ids:
            return self.merged_ids[label_id]
        raise UsageError(f"unknown label id {label_id!r}")

    def label(self, label_id: str) -> Label:
        """The label with this id (merged former ids resolve to their label)."""
        return self.labels[self.canonical_label_id(label_id)]

    def group(self, group_id: str) -> ProductGroup:
        try:
            return self.groups[group_id]
        except KeyError:
            raise UsageError(f"unknown product group id {group_id!r}") from None

    # ------------------------------------------------------------------ groups
    def group_ancestors(self, group_id: str) -> list[str]:
        """Parent, grandparent, ... of a group (nearest first)."""
        out: list[str] = []
        p = self.group(group_id).parent
        while p is not None:
            out.append(p)
            p = self.groups[p].parent
        return out

    def group_children(self, group_id: str) -> list[str]:
        """Direct children of a group."""
        self.group(group_id)
        return list(self._children[group_id])

    def group_descendants(self, group_id: str) -> list[str]:
        """All groups below ``group_id`` (depth first)."""
        out: list[str] = []
        for child in self.group_children(group_id):
            out.append(child)
            out.extend(self.group_descendants(child))
        return out

    # ------------------------------------------------------------------ labels per group
    def labels_for_group(self, group_id: str, *, include_parents: bool = True,
                         valid_on: dt.date | None = None) -> list[Label]:
        """Labels that apply to ``group_id`` (and, by default, to one of its parent groups);
        with ``valid_on`` only labels valid on that day."""
        wanted = {group_id}
        if include_parents:
            wanted.update(self.group_ancestors(group_id))
        else:
            self.group(group_id)
        return [lab for lab in self.labels.values() if wanted.intersection(lab.product_groups)
                and (valid_on is None or lab.valid_on(valid_on))]

    def credible_labels_for(self, group_id: str, requires: Iterable[str], *,
                            valid_on: dt.date | None = None) -> list[Label]:
        """Labels for the group whose standard covers every topic in ``requires`` and that are
        verified by an independent third party (``verification.third_party is True``).

        Topics: see :data:`fairbuy.labeldb.schema.TOPICS`. Unknown coverage (``None``) does not count.
        This is a database query, not a legal assessment under § 34 VgV.
        """
        topics = list(requires)
        for t in topics:
            if t not in TOPICS:
                raise UsageError(f"unknown topic {t!r}; known: {', '.join(TOPICS)}")
        return [
            lab for lab in self.labels_for_group(group_id, valid_on=valid_on)
            if lab.verification.third_party is True and all(lab.covers(t) is True for t in topics)
        ]

    def groups_for_cpv(self, code: str) -> dict[str, Literal["strong", "weak", "excluded"]]:
        """Product groups a CPV code points to: ``strong`` (prefix or exact code: enough on its own),
        ``weak`` (the code also covers other goods: needs the description) or ``excluded``
        (explicitly not the group, e.g. coffee substitutes). ``code`` as ``nnnnnnnn-n`` or 8 digits."""
        m = re.fullmatch(r"\s*(\d{8})(?:-(\d))?\s*", code)
        if m is None:
            raise UsageError(f"not a CPV code: {code!r}")
        digits = m.group(1)
        out: dict[str, Literal["strong", "weak", "excluded"]] = {}
        for gid, g in self.groups.items():
            exact = [c for c in (*g.cpv_codes, *g.cpv_weak_codes, *g.cpv_excluded_codes) if c[:8] == digits]
            if any(c[:8] == digits for c in g.cpv_excluded_codes):
                out[gid] = "excluded"
            elif any(c[:8] == digits for c in g.cpv_codes):
                out[gid] = "strong"
            elif any(digits.startswith(p) for p in g.cpv_exclude_prefixes):
                if exact:
                    out[gid] = "weak"
                continue
            elif any(digits.startswith(p) for p in g.cpv_prefixes):
                out[gid] = "strong"
            elif exact:
                out[gid] = "weak"
        return out

    # ------------------------------------------------------------------ search
    def search(self, text: str, limit: int = 10) -> list[tuple[Label, float]]:
        """Fuzzy search over label ids, names and aliases; best score per label, best first (0-100).

        Exact (case-insensitive) names and aliases score 100, texts containing the query as a word
        score 90-99; other texts are ranked by rapidfuzz's WRatio (cut off below 60; scaled below 89,
        with a bonus per shared word). Ambiguous
        aliases count with 90 % weight. Queries of up to 4 characters only match whole words or
        word starts (no fuzzy matches on short tokens).
        """
        query = " ".join(text.split())
        if not query or limit <= 0:
            return []
        q = query.casefold()
        q_norm = utils.default_process(query)
        short = len(q_norm) <= 4
        best: dict[str, float] = {}

        def offer(lid: str, score: float) -> None:
            if score > best.get(lid, -1.0):
                best[lid] = score

        for choice, lid, weight in zip(self._search_texts, self._search_ids, self._search_weights, strict=True):
            c = choice.casefold()
            if c == q:
                offer(lid, 100.0 * weight)
                continue
            words = utils.default_process(choice).split()
            if q_norm and (f" {q_norm} " in f" {' '.join(words)} "):
                offer(lid, (90.0 + 9.0 * len(q_norm) / max(len(c), 1)) * weight)
            elif short and any(w.startswith(q_norm) for w in words):
                offer(lid, (80.0 + 9.0 * len(q_norm) / max(len(c), 1)) * weight)
        if not short:
            q_words = set(q_norm.split())
            for choice, score, idx in process.extract(query, self._search_texts, scorer=fuzz.WRatio,
                                                      processor=utils.default_process, limit=None,
                                                      score_cutoff=60):
                shared = len(q_words & set(utils.default_process(choice).split()))
                fuzzy = min(0.8 * float(score) + 4.0 * shared, 89.0)
                offer(self._search_ids[idx], fuzzy * self._search_weights[idx])
        ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        return [(self.labels[lid], min(score, 100.0)) for lid, score in ranked]

    # ------------------------------------------------------------------ indexes for recognition
    def alias_index(self) -> dict[str, str]:
        """Case-folded name or alias -> label id (unambiguous names only)."""
        out: dict[str, str] = {}
        for lid, lab in self.labels.items():
            for text in [lab.name, *lab.aliases]:
                out.setdefault(text.casefold(), lid)
        return out

    def ambiguous_index(self) -> dict[str, list[str]]:
        """Case-folded ambiguous alias -> label ids that list it (must not match alone)."""
        out: dict[str, list[str]] = {}
        for lid, lab in self.labels.items():
            for amb in lab.ambiguous_aliases:
                out.setdefault(amb.alias.casefold(), []).append(lid)
        return out
