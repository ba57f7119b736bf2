"""The benchmark data generator: deterministic, German columns, repeat share, real CPV codes."""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
CPV_REFERENCE = Path("/work/shared/reference/cpv/cpv-2008.csv")


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["bench_generate"] = mod
    spec.loader.exec_module(mod)
    return mod


gen = _load()


def test_deterministic_with_seed() -> None:
    a = gen.generate(1000, seed=7)
    b = gen.generate(1000, seed=7)
    c = gen.generate(1000, seed=8)
    pd.testing.assert_frame_equal(a, b)
    assert not a["Bezeichnung"].equals(c["Bezeichnung"])


def test_columns_and_values() -> None:
    df = gen.generate(1000, seed=1)
    assert list(df.columns) == [
        "Pos",
        "Bezeichnung",
        "Menge",
        "Einheit",
        "Einzelpreis",
        "Gesamtpreis",
        "Lieferant",
        "CPV",
        "Siegel",
        "Herkunftsland",
        "Bestelldatum",
    ]
    assert len(df) == 1000
    assert df["Pos"].tolist() == list(range(1, 1001))
    assert df["Bezeichnung"].str.len().min() > 2
    assert (df["Menge"] > 0).all() and (df["Einzelpreis"] > 0).all()
    assert ((df["Gesamtpreis"] - df["Menge"] * df["Einzelpreis"]).abs() < 0.01).all()
    # CPV on about a third of the rows, labels in the Siegel column and in the text
    cpv_share = (df["CPV"] != "").mean()
    assert 0.25 < cpv_share < 0.42
    assert (df["Siegel"] != "").mean() > 0.1
    assert df["Siegel"].str.startswith("ohne").any()
    assert df["Bezeichnung"].str.contains("Fairtrade|FAIRTRADE|GOTS|XertifiX|fair gehandelt").any()
    # ERP-style: some descriptions entirely in upper case, some with article numbers
    assert (df["Bezeichnung"] == df["Bezeichnung"].str.upper()).mean() > 0.05
    assert df["Bezeichnung"].str.contains("Art.-Nr.", case=False, regex=False).any()


def test_repeat_share() -> None:
    df = gen.generate(1000, seed=3)
    repeats = 1 - df["Bezeichnung"].nunique() / len(df)
    assert repeats == pytest.approx(0.30, abs=0.01)


def test_cpv_codes_are_real() -> None:
    codes = gen.all_cpv_codes()
    assert len(codes) >= 40
    if not CPV_REFERENCE.exists():
        pytest.skip("CPV 2008 reference list not available")
    with CPV_REFERENCE.open(encoding="utf-8") as f:
        known = {row["code"] for row in csv.DictReader(f)}
    assert codes <= known, sorted(codes - known)
    df = gen.generate(1000, seed=2)
    used = set(df.loc[df["CPV"] != "", "CPV"])
    known8 = {k[:8] for k in known}
    assert all((c in known) if len(c) == 10 else (c in known8) for c in used)


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_csv_roundtrip(tmp_path: Path, encoding: str) -> None:
    out = tmp_path / "list.csv"
    assert (
        gen.main(["--rows", "1000", "--format", "csv", "--seed", "4", "--encoding", encoding, "-o", str(out)])
        == 0
    )
    raw = out.read_bytes()
    text = raw.decode(encoding)
    assert text.splitlines()[0] == ";".join(gen.COLUMNS)
    back = pd.read_csv(
        out, sep=";", decimal=",", encoding=encoding, keep_default_na=False, dtype={"CPV": str}
    )
    ref = gen.generate(1000, seed=4)
    assert len(back) == 1000
    assert back["Bezeichnung"].tolist() == ref["Bezeichnung"].tolist()
    assert back["Gesamtpreis"].round(2).tolist() == ref["Gesamtpreis"].tolist()
    assert back["Bestelldatum"].iloc[0].count(".") == 2


def test_xlsx_written(tmp_path: Path) -> None:
    python_calamine = pytest.importorskip("python_calamine")
    out = tmp_path / "list.xlsx"
    assert (
        gen.main(
            [
                "--rows",
                "300",
                "--format",
                "xlsx",
                "--seed",
                "5",
                "--xlsx-engine",
                "xlsxwriter",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    rows = python_calamine.CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert tuple(rows[0]) == gen.COLUMNS
    assert len(rows) == 301
    ref = gen.generate(300, seed=5)
    assert [r[1] for r in rows[1:]] == ref["Bezeichnung"].tolist()


def test_naive_baseline_runs_on_a_sample(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("bench_naive", ROOT / "benchmarks" / "naive.py")
    assert spec is not None and spec.loader is not None
    naive = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(naive)
    df = gen.generate(200, seed=6)
    aliases, keywords, _ = naive.load_vocabulary(None)
    out = naive.naive_check(df.assign(Siegel=df["Siegel"].fillna("")), aliases, keywords)
    assert [r["row"] for r in out] == list(range(1, 201))
    by_row = {r["row"]: r for r in out}
    fair = df.index[df["Siegel"].isin(["Fairtrade", "GOTS", "XertifiX PLUS"])]
    assert all(by_row[int(df.at[i, "Pos"])]["label"] is not None for i in fair)
