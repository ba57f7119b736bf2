"""Small builders shared by the supplier-register tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd

from fairbuy.table import READ_COLUMNS

#: Label ids the tests validate against when the label database is not used.
KNOWN_LABELS = frozenset(
    {
        "fairtrade",
        "fair-wear-foundation",
        "wfto",
        "gepa-fair-plus",
        "amfori-bsci",
        "sa8000",
        "xertifix",
        "xertifix-plus",
        "fair-stone",
        "igep",
        "gots",
    }
)


def item_table(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """An item table with all READ_COLUMNS (plus product_group) from partial row dicts."""
    full: list[dict[str, Any]] = []
    for n, row in enumerate(rows, start=2):
        base: dict[str, Any] = dict.fromkeys(READ_COLUMNS)
        base.update(
            source_file="list.csv",
            source_row=n,
            row_kind="item",
            amount=float("nan"),
            quantity=float("nan"),
            unit_price=float("nan"),
            raw={},
            product_group=None,
        )
        base.update(row)
        full.append(base)
    return pd.DataFrame(full, columns=[*READ_COLUMNS, "product_group"])


def write_yaml(tmp: Path, text: str, name: str = "register.yaml") -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)
