"""Recognition of a table gives the same results serially, on forked workers and per row."""

from __future__ import annotations

import pandas as pd
import pytest
from bench_support import benchmark_module

from fairbuy.labeldb import load_label_db
from fairbuy.recognise import Recogniser
from fairbuy.recognise.normalise import to_text
from fairbuy.recognise.parallel import analyse_many, worker_count
from fairbuy.table import RECOGNITION_COLUMNS


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    from fairbuy.io import read_dataframe

    raw = benchmark_module("generate").generate(1500, seed=7)
    table = read_dataframe(raw, name="<sample>").table
    # a few non-item rows and missing values in the key columns
    table.loc[3, "row_kind"] = "total"
    table.loc[5, "description"] = None
    table.loc[6, "cpv"] = None
    return table


def _rows(out: pd.DataFrame) -> list[tuple[object, ...]]:
    return [tuple(r) for r in out[list(RECOGNITION_COLUMNS)].itertuples(index=False)]


def test_parallel_equals_serial_equals_per_row(sample: pd.DataFrame, monkeypatch: pytest.MonkeyPatch) -> None:
    db = load_label_db()
    monkeypatch.setenv("FAIRBUY_WORKERS", "1")
    serial = Recogniser(db).recognise_table(sample)
    monkeypatch.setenv("FAIRBUY_WORKERS", "2")
    assert worker_count(len(sample)) == 2
    parallel = Recogniser(db).recognise_table(sample)
    assert _rows(parallel) == _rows(serial)
    # the per-row reference: the engine on each row's own text
    engine = Recogniser(db).engine
    for r, row in enumerate(sample.itertuples(index=False)):
        got = serial.iloc[r]
        if row.row_kind != "item":
            assert got["product_group"] is None and got["labels"] == [] and got["evidence"] == []
            continue
        want = engine.analyse(to_text(row.description), to_text(row.cpv).strip() or None, to_text(row.label_text))
        assert [got[c] for c in RECOGNITION_COLUMNS] == [want[c] for c in RECOGNITION_COLUMNS], r


def test_analyse_many_keeps_order() -> None:
    engine = Recogniser(load_label_db()).engine
    triples = [("Kaffee gemahlen Fairtrade", "", ""), ("Granitpflaster", "", "XertifiX PLUS"),
               ("Fußball", "", ""), ("Beratung", "79411000", "")] * 3
    assert analyse_many(engine, triples, workers=2) == analyse_many(engine, triples, workers=1)


def test_worker_count_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FAIRBUY_WORKERS", raising=False)
    assert worker_count(100) == 1
    monkeypatch.setenv("FAIRBUY_WORKERS", "1")
    assert worker_count(10**6) == 1


def test_strip_many_on_workers_equals_serial() -> None:
    from fairbuy.recognise.normalise import strip_references
    from fairbuy.recognise.parallel import STRIP_CHUNK, strip_many

    base = ["Kaffee Art.-Nr. 1234567", "#4427840 Tee", "Papier 2019889", "GOTS Lizenz-Nr. 123456", "Schrauben"]
    texts = [f"{base[i % 5]} {i}" if i % 3 else base[i % 5] for i in range(2 * STRIP_CHUNK + 7)]
    serial = [strip_references(t) for t in texts]
    assert strip_many(texts, workers=2) == serial
    assert strip_many(texts, workers=1) == serial
    assert serial[0] == "Kaffee" and serial[3] == "GOTS Lizenz-Nr. 123456"
