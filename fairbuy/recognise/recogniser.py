"""The public face of recognition: :class:`Recogniser` over the columnar item table."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from fairbuy.recognise.engine import Engine
from fairbuy.recognise.explain import Explanation, build_explanation
from fairbuy.recognise.lexicon import Lexicon, load_lexicon
from fairbuy.recognise.normalise import strip_references, to_text
from fairbuy.recognise.parallel import analyse_many, strip_many
from fairbuy.table import RECOGNITION_COLUMNS

_EMPTY: dict[str, Any] = {
    "cpv_normalised": None,
    "product_group": None,
    "group_method": None,
    "group_reason": None,
    "labels": [],
    "evidence": [],
}
_RESULT_KEYS = ("cpv_normalised", "product_group", "group_method", "group_reason", "labels", "evidence")
_CACHE_MAX = 50_000


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
        key = (strip_references(to_text(description)), to_text(cpv).strip(), to_text(label_text))
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
        res = self.engine.analyse(
            strip_references(to_text(description)), to_text(cpv).strip() or None, to_text(label_text)
        )
        return build_explanation(self.engine, res)

    # ------------------------------------------------------------------ the table
    def recognise_table(self, table: pd.DataFrame) -> pd.DataFrame:
        """The table with :data:`RECOGNITION_COLUMNS` added (only ``row_kind == "item"`` rows are read).

        Works on unique (description, CPV, label text) triples and maps the results back: rows
        with the same triple share one result, including the *same* ``labels`` and ``evidence``
        list objects (read-only; this lets the rule evaluator and the JSON writer work once per
        distinct result). Many unique triples are analysed on several cores
        (:mod:`fairbuy.recognise.parallel`).
        """
        n = len(table)
        out = table.copy()
        empty: list[Any] = []
        if n == 0:
            for c in RECOGNITION_COLUMNS:
                out[c] = pd.Series([], index=table.index, dtype=object)
            return out
        if "row_kind" in table.columns:
            is_item = (table["row_kind"] == "item").to_numpy(dtype=bool)
        else:
            is_item = np.ones(n, dtype=bool)
        # one code per distinct raw (description, cpv, label_text) combination of the item rows
        codes: list[np.ndarray] = []
        texts: list[list[str]] = []
        for col in ("description", "cpv", "label_text"):
            if col in table.columns:
                col_codes, uniques = pd.factorize(table[col], use_na_sentinel=False)
                txt = [to_text(v) for v in uniques]
                if col == "cpv":
                    txt = [t.strip() for t in txt]
                elif col == "description":
                    # lines that differ only in article numbers share one analysis
                    stripped_codes, stripped = pd.factorize(pd.Series(strip_many(txt), dtype=object))
                    col_codes = np.asarray(stripped_codes, dtype=np.int64)[np.asarray(col_codes, dtype=np.int64)]
                    txt = [str(t) for t in stripped]
            else:
                col_codes, txt = np.zeros(n, dtype=np.int64), [""]
            codes.append(np.asarray(col_codes, dtype=np.int64))
            texts.append(txt)
        pair = pd.factorize(codes[0] * len(texts[1]) + codes[1])[0].astype(np.int64)
        key = np.where(is_item, pair * len(texts[2]) + codes[2], -1)
        row_code, combos = pd.factorize(key)
        row_code = np.asarray(row_code, dtype=np.int64)
        first = np.empty(len(combos), dtype=np.int64)  # first row of each combination
        first[row_code[::-1]] = np.arange(n - 1, -1, -1, dtype=np.int64)
        d_idx, c_idx, l_idx = (c[first].tolist() for c in codes)
        d_txt, c_txt, l_txt = texts
        results: list[Any] = [None] * len(combos)
        todo: dict[tuple[str, str, str], list[int]] = {}
        for u, (a, b, c, k) in enumerate(zip(d_idx, c_idx, l_idx, np.asarray(combos).tolist(), strict=True)):
            if k < 0:
                continue  # not an item row
            tkey = (d_txt[a], c_txt[b], l_txt[c])
            hit = self._cache.get(tkey)
            if hit is not None:
                results[u] = (hit["cpv_normalised"], hit["product_group"], hit["group_method"],
                              hit["group_reason"], hit["labels"], hit["evidence"])
            else:
                todo.setdefault(tkey, []).append(u)
        if todo:
            keys = list(todo)
            fresh = analyse_many(self.engine, keys)
            # equal label / evidence lists become one shared object (repr keeps 1 and 1.0 apart)
            interned: dict[str, list[Any]] = {"[]": empty}
            for tkey, res in zip(keys, fresh, strict=True):
                labels, evidence = res[4], res[5]
                res = (*res[:4], interned.setdefault(repr(labels), labels),
                       interned.setdefault(repr(evidence), evidence))
                for u in todo[tkey]:
                    results[u] = res
                if len(self._cache) < _CACHE_MAX:
                    self._cache[tkey] = dict(zip(_RESULT_KEYS, res, strict=True))
        blank = (None, None, None, None, empty, empty)
        for u, r in enumerate(results):
            if r is None:
                results[u] = blank
        for pos, c in enumerate(RECOGNITION_COLUMNS):
            per_unique = np.empty(len(results), dtype=object)
            per_unique[:] = [r[pos] for r in results]
            out[c] = pd.Series(per_unique[row_code], index=table.index, dtype=object)
        return out


def _copy(res: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in res.items() if k in _EMPTY}
    out["labels"] = [dict(x) for x in res["labels"]]
    out["evidence"] = [dict(x) for x in res["evidence"]]
    return out
