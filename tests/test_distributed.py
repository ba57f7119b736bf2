"""The Dask path (map_partitions on a LocalCluster) gives the same items as the in-process path."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from fairbuy.distributed import score_partition, score_with_dask

COMPARE = ["source_row", "row_kind", "product_group", "labels", "status", "score", "findings"]


def _frame(example_csv: Path) -> pd.DataFrame:
    from fairbuy.io import read_input

    table = read_input(example_csv).table
    # make the batch bigger than one partition and not aligned with the partition size
    return pd.concat([table] * 3, ignore_index=True)


def _comparable(df: pd.DataFrame) -> list[tuple[object, ...]]:
    out = []
    for row in df[COMPARE].itertuples(index=False):
        out.append(tuple(None if (isinstance(v, float) and v != v) else v for v in row))
    return out


def test_partitions_are_independent(example_csv: Path) -> None:
    table = _frame(example_csv)
    day = dt.date(2025, 6, 30)
    whole = score_partition(table, audit_date=day)
    parts = pd.concat([score_partition(table.iloc[i : i + 50], audit_date=day) for i in range(0, len(table), 50)])
    assert _comparable(parts) == _comparable(whole)


def test_dask_local_cluster_matches_in_process(example_csv: Path) -> None:
    distributed = pytest.importorskip("dask.distributed", reason="needs the fairbuy[dask] extra")
    table = _frame(example_csv)
    day = dt.date(2025, 6, 30)
    expected = score_partition(table, audit_date=day, rules=["magna-charta-ruhr-2010", "nrw-bestg-4a"])
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster,
        distributed.Client(cluster) as client,
    ):
        got = score_with_dask(
            table,
            audit_date=day,
            rules=["magna-charta-ruhr-2010", "nrw-bestg-4a"],
            npartitions=4,
            client=client,
        )
    assert list(got.index) == list(table.index)
    assert _comparable(got) == _comparable(expected)
    assert (got["status"] == "compliant").any() and (got["status"] == "non_compliant").any()
