"""The benchmark's lower bound writes the same report that fairbuy wrote, and its untimed
preparation is left out of the measured time (benchmarks/bench.py ``--floor``)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_main", ROOT / "benchmarks" / "bench.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["bench_main"] = mod
    spec.loader.exec_module(mod)
    return mod


def _purchase_csv(tmp_path: Path) -> Path:
    path = tmp_path / "list.csv"
    path.write_text(
        "Pos;Bezeichnung;Menge;Einzelpreis;CPV;Siegel\n"
        "1;Kaffee gemahlen 500g;10;4,50;;Fairtrade\n"
        "2;Grabstein Granit;1;1200,00;;\n"
        "3;Druckerpapier A4;20;3,10;;Blauer Engel\n",
        encoding="utf-8",
    )
    return path


def test_json_floor_writes_the_finished_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("polars")
    orjson = pytest.importorskip("orjson")
    from fairbuy import check

    src = _purchase_csv(tmp_path)
    report = tmp_path / "report.json"
    report.write_text(check([src]).model_dump_json(), encoding="utf-8")
    out = tmp_path / "floor.json"
    _bench().run_floor("floor_json", str(src), str(out), str(report))
    assert orjson.loads(out.read_bytes()) == orjson.loads(report.read_bytes())
    untimed = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert set(untimed) == {"untimed_wall", "untimed_cpu"} and untimed["untimed_wall"] >= 0


def test_xlsx_floor_writes_every_sheet_of_the_report(tmp_path: Path) -> None:
    pytest.importorskip("polars")
    pytest.importorskip("fastexcel")
    pytest.importorskip("rustpy_xlsxwriter")
    calamine = pytest.importorskip("python_calamine")
    from click.testing import CliRunner

    from fairbuy.cli import main

    src = tmp_path / "list.xlsx"
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for line in _purchase_csv(tmp_path).read_text(encoding="utf-8").splitlines():
        ws.append(line.split(";"))
    wb.save(src)
    report = tmp_path / "report.xlsx"
    result = CliRunner().invoke(main, ["check", str(src), "-o", str(report), "-q"])
    assert result.exit_code in (0, 1), result.output
    out = tmp_path / "floor.xlsx"
    bench = _bench()
    bench.run_floor("floor_xlsx", str(src), str(out), str(report))
    expected = bench._report_records(str(report))
    assert [name for name, _ in expected] == calamine.CalamineWorkbook.from_path(str(out)).sheet_names
    written = dict(bench._report_records(str(out)))
    # every record of every sheet (a sheet with a header only has no records); text cells equal
    # (the writer may show a number as a date where its column also holds dates)
    def texts(records: list[dict[str, object]]) -> list[dict[str, object]]:
        return [{k: v for k, v in r.items() if isinstance(v, str)} for r in records]

    for name, records in expected:
        assert len(written.get(name, [])) == len(records), name
        assert texts(written.get(name, [])) == texts(records), name
    assert sum(len(records) for _, records in expected) > 3


def test_measure_leaves_out_the_untimed_part(tmp_path: Path) -> None:
    code = "import json; print('noise'); print(json.dumps({'untimed_wall': 1000.0, 'untimed_cpu': 500.0}))"
    wall, cpu, _peak, rc, _tail = _bench().measure([sys.executable, "-c", code], 60)
    assert rc == 0
    assert wall < -900 and cpu < -400  # the reported preparation was subtracted
    wall, cpu, _peak, rc, _tail = _bench().measure([sys.executable, "-c", "print('{}')"], 60)
    assert rc == 0 and wall > 0 and cpu > 0
