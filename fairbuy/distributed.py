"""Scoring beyond one process: the item-level work as a pure function over a pandas DataFrame.

:func:`score_partition` takes rows as the readers deliver them (:data:`fairbuy.table.READ_COLUMNS`)
and returns the same rows with the recognition and evaluation columns added. It depends on nothing
but its arguments and the (read-only) label DB and rule files, so it can run anywhere: in this
process, in a ``multiprocessing`` pool, or on a Dask cluster with
``dask.dataframe.map_partitions`` (:func:`score_with_dask`, extra ``fairbuy[dask]``).

List-level rules (e.g. Fairtrade-Towns criterion 1), indicators and the summary need the whole
list; compute them afterwards on the collected table (:func:`fairbuy.api.check` does).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from fairbuy.api import DEFAULT_RULESETS

if TYPE_CHECKING:
    from fairbuy.labeldb import LabelDB
    from fairbuy.recognise import Recogniser
    from fairbuy.rules import RuleSet


@lru_cache(maxsize=4)
def _engine(label_db_path: str | None, rules: tuple[str, ...]) -> tuple[LabelDB, Recogniser, list[RuleSet]]:
    from fairbuy.labeldb import load_label_db
    from fairbuy.recognise import Recogniser
    from fairbuy.rules import load_rulesets

    db = load_label_db(Path(label_db_path) if label_db_path else None)
    return db, Recogniser(db), load_rulesets(list(rules))


def score_partition(
    frame: pd.DataFrame,
    *,
    audit_date: dt.date,
    rules: Sequence[str] = DEFAULT_RULESETS,
    label_db_path: str | None = None,
) -> pd.DataFrame:
    """Recognise and evaluate one batch of rows; a pure function of its arguments.

    The label DB, recogniser and rule sets are built once per worker process and cached.
    """
    from fairbuy.rules import evaluate_table

    db, recogniser, rulesets = _engine(label_db_path, tuple(str(r) for r in rules))
    table = recogniser.recognise_table(frame.reset_index(drop=True))
    result = evaluate_table(table, rulesets, db, audit_date=audit_date).table
    result.index = frame.index
    return result


def score_with_dask(
    table: pd.DataFrame,
    *,
    audit_date: dt.date,
    rules: Sequence[str] = DEFAULT_RULESETS,
    label_db_path: str | None = None,
    npartitions: int = 4,
    client: Any | None = None,
) -> pd.DataFrame:
    """Score ``table`` with ``dask.dataframe.map_partitions`` and return the collected result.

    With ``client`` (a ``dask.distributed.Client``) the partitions run on its cluster; without,
    on Dask's default scheduler. Row order and index are kept, so the result equals
    ``score_partition(table, ...)`` computed in one piece.
    """
    import dask
    import dask.dataframe as dd

    rules_t = tuple(str(r) for r in rules)
    meta = score_partition(table.iloc[:0], audit_date=audit_date, rules=rules_t, label_db_path=label_db_path)
    with dask.config.set({"dataframe.convert-string": False}):
        ddf = dd.from_pandas(table, npartitions=max(1, npartitions), sort=False)  # type: ignore[no-untyped-call]
        scored = ddf.map_partitions(
            score_partition,
            audit_date=audit_date,
            rules=rules_t,
            label_db_path=label_db_path,
            meta=meta,
        )
        if client is not None:
            result: pd.DataFrame = client.compute(scored).result()
        else:
            result = scored.compute()
    return result.loc[table.index]
