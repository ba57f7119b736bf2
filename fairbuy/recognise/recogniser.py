"""The public face of recognition: :class:`Recogniser` over the columnar item table."""

from __future__ import annotations

from typing import Any

import pandas as pd

from fairbuy.recognise.engine import Engine
from fairbuy.recognise.explain import Explanation, build_explanation
from fairbuy.recognise.lexicon import Lexicon, load_lexicon
from fairbuy.recognise.normalise import to_text
from fairbuy.table import RECOGNITION_COLUMNS

_EMPTY: dict[str, Any] = {
    "cpv_normalised": None,
    "product_group": None,
    "group_method": None,
    "group_reason": None,
    "labels": [],
    "evidence": [],
}


class Recogniser:
    """Recognises product group and labels of line items.

    >>> from fairbuy.labeldb import load_label_db
    >>> rec = Recogniser(load_label_db())
    >>> rec.recognise_one("Kaffee gemahlen 500g, Fairtrade")["product_group"]
    'coffee'
    """

    def __init__(self, db: Any, lexicon: Lexicon | None = None) -> None:
        self.db = db
        self.lexicon = lexicon if lexicon is not None else load_lexicon()
        self.engine = Engine(db, self.lexicon)
        self._cache: dict[tuple[str, str, str], dict[str, Any]] = {}

    # ------------------------------------------------------------------ one line
    def _one(self, description: object, cpv: object, label_text: object) -> dict[str, Any]:
        key = (to_text(description), to_text(cpv).strip(), to_text(label_text))
        hit = self._cache.get(key)
        if hit is None:
            res = self.engine.analyse(key[0], key[1] or None, key[2])
            res.pop("_trace", None)
            if len(self._cache) > 200_000:
                self._cache.clear()
            self._cache[key] = res
            hit = res
        return hit

    def recognise_one(self, description: object, cpv: object = None, label_text: object = None) -> dict[str, Any]:
        """Recognition result of one line: the keys of :data:`fairbuy.table.RECOGNITION_COLUMNS`."""
        res = self._one(description, cpv, label_text)
        return _copy(res)

    def explain(self, description: object, cpv: object = None, label_text: object = None) -> Explanation:
        """Why the line gets its group and labels (for people tuning the data)."""
        res = self.engine.analyse(to_text(description), to_text(cpv).strip() or None, to_text(label_text))
        return build_explanation(self.engine, res)

    # ------------------------------------------------------------------ the table
    def recognise_table(self, table: pd.DataFrame) -> pd.DataFrame:
        """The table with :data:`RECOGNITION_COLUMNS` added (only ``row_kind == "item"`` rows are read).

        Works on unique (description, CPV, label text) triples and maps the results back.
        """
        n = len(table)
        out = table.copy()
        cols: dict[str, list[Any]] = {c: [None] * n for c in RECOGNITION_COLUMNS}
        cols["labels"] = [[] for _ in range(n)]
        cols["evidence"] = [[] for _ in range(n)]
        if n:
            kinds = table["row_kind"].tolist() if "row_kind" in table.columns else ["item"] * n
            descs = table["description"].tolist() if "description" in table.columns else [None] * n
            cpvs = table["cpv"].tolist() if "cpv" in table.columns else [None] * n
            lts = table["label_text"].tolist() if "label_text" in table.columns else [None] * n
            for r, (k, d, c, lt) in enumerate(zip(kinds, descs, cpvs, lts, strict=True)):
                if not (isinstance(k, str) and k == "item"):
                    continue
                res = self._one(d, c, lt)
                cols["cpv_normalised"][r] = res["cpv_normalised"]
                cols["product_group"][r] = res["product_group"]
                cols["group_method"][r] = res["group_method"]
                cols["group_reason"][r] = res["group_reason"]
                cols["labels"][r] = [dict(x) for x in res["labels"]]
                cols["evidence"][r] = [dict(x) for x in res["evidence"]]
        for c in RECOGNITION_COLUMNS:
            out[c] = pd.Series(cols[c], index=table.index, dtype=object)
        return out


def _copy(res: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in res.items() if k in _EMPTY}
    out["labels"] = [dict(x) for x in res["labels"]]
    out["evidence"] = [dict(x) for x in res["evidence"]]
    return out
