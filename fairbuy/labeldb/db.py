"""The loaded label database and its queries."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

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
        # search corpus: (text, label id), names and aliases, built once
        self._search_texts: list[str] = []
        self._search_ids: list[str] = []
        for lid, lab in labels.items():
            for text in dict.fromkeys([lab.name, *( [lab.name_en] if lab.name_en else []), *lab.aliases, lid]):
                self._search_texts.append(text)
                self._search_ids.append(lid)
        for merged, target in self.merged_ids.items():
            self._search_texts.append(merged)
            self._search_ids.append(target)

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
    def labels_for_group(self, group_id: str, *, include_parents: bool = True) -> list[Label]:
        """Labels that apply to ``group_id`` (and, by default, to one of its parent groups)."""
        wanted = {group_id}
        if include_parents:
            wanted.update(self.group_ancestors(group_id))
        else:
            self.group(group_id)
        return [lab for lab in self.labels.values() if wanted.intersection(lab.product_groups)]

    def credible_labels_for(self, group_id: str, requires: Iterable[str]) -> list[Label]:
        """Labels for the group whose standard covers every topic in ``requires`` and that are
        verified by an independent third party (``verification.third_party is True``).

        Topics: see :data:`fairbuy.labeldb.schema.TOPICS`. Unknown coverage (``None``) does not count.
        """
        topics = list(requires)
        for t in topics:
            if t not in TOPICS:
                raise UsageError(f"unknown topic {t!r}; known: {', '.join(TOPICS)}")
        return [
            lab for lab in self.labels_for_group(group_id)
            if lab.verification.third_party is True and all(lab.covers(t) is True for t in topics)
        ]

    # ------------------------------------------------------------------ search
    def search(self, text: str, limit: int = 10) -> list[tuple[Label, float]]:
        """Fuzzy search over label ids, names and aliases; best score per label, best first (0-100)."""
        query = text.strip()
        if not query:
            return []
        hits = process.extract(query, self._search_texts, scorer=fuzz.WRatio, processor=utils.default_process,
                               limit=None, score_cutoff=50)
        best: dict[str, float] = {}
        q = query.casefold()
        for choice, score, idx in hits:
            lid = self._search_ids[idx]
            s = float(score)
            if choice.casefold() == q:
                s = 100.0 + 1.0  # exact name/alias beats partial matches
            elif q in choice.casefold():
                s = max(s, 90.0 + 10.0 * len(q) / max(len(choice), 1) * 0.99)
            if s > best.get(lid, -1.0):
                best[lid] = s
        ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))[: max(limit, 0)]
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
