"""Small helpers for column-wise work shared by evaluation, summary and the report writers."""

from __future__ import annotations

import numpy as np
import pandas as pd


def text_values(values: pd.Series, fill: str | None = None) -> np.ndarray:
    """``values.fillna(fill).astype(str).to_numpy(dtype=object)`` (no fill when ``fill`` is None),
    converted once per distinct value: for columns like ``row_kind`` with a handful of values."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    distinct = pd.Series(uniques, dtype=object)
    if fill is not None:
        distinct = distinct.fillna(fill)
    texts: np.ndarray = distinct.astype(str).to_numpy(dtype=object)
    return texts[codes] if len(texts) else np.empty(len(values), dtype=object)
