"""Benchmark ``fairbuy check`` against the raw read/write of the same rows, in one run.

    python benchmarks/bench.py                                   # 10k, 100k, 1M; csv + xlsx
    python benchmarks/bench.py --sizes 10000,100000 --formats csv --skip-naive

For every generated purchase list (cached under ``benchmarks/data/``) each step runs in a fresh
subprocess; the table shows its whole-process wall time (median of ``--repeat`` runs, including
interpreter start and imports) and its peak RSS (``os.wait4`` rusage of that child):

* CSV: raw read with pandas (pyarrow and C engines) and polars (if installed); raw read + JSON
  write of the same rows (pandas/pyarrow + orjson of records; polars + NDJSON);
  ``fairbuy check FILE -o out.json``.
* xlsx: raw read with pandas+calamine, python-calamine and polars (if installed); calamine read
  + xlsx write of the same rows (XlsxWriter constant_memory; rustpy-xlsxwriter if installed);
  ``fairbuy check FILE -o out.xlsx``.
* the naive baseline (``benchmarks/naive.py``) on a ``--naive-sample`` row sample, extrapolated.
* a lower bound for any tool that writes the same report: the fastest read of the input (polars)
  plus the fastest write of the finished report (orjson for the JSON report, rustpy-xlsxwriter
  for the cells of every sheet of the xlsx report), the finished report loaded beforehand and
  its loading left out of the time. Its ratio to the baseline is what a tool with no analysis
  time at all would reach.

Then the ratios of issue 8: check_json / (read + raw JSON write) <= 2, check_xlsx / (calamine
read + fastest xlsx write) <= 1.3, naive / check >= 100, peak <= 3 GB, and time per row across
sizes (linearity).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PY = sys.executable

PEAK_LIMIT_MB = 3 * 1024


# --------------------------------------------------------------------------------------------
# Steps, run inside a fresh subprocess: ``python bench.py --step NAME FILE OUT``
# --------------------------------------------------------------------------------------------


def _read_csv_pandas(path: str, engine: Literal["c", "pyarrow"]) -> Any:
    import pandas as pd

    return pd.read_csv(path, sep=";", decimal=",", engine=engine, keep_default_na=False, dtype={"CPV": "str"})


def _calamine_rows(path: str) -> list[list[Any]]:
    from python_calamine import CalamineWorkbook

    rows: list[list[Any]] = CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python()
    return rows


def _orjson_records(df: Any, out: str) -> None:
    import orjson

    with open(out, "wb") as f:
        f.write(orjson.dumps(df.to_dict("records"), option=orjson.OPT_SERIALIZE_NUMPY))


def _xlsxwriter_rows(rows: list[list[Any]], out: str) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(out, {"constant_memory": True})
    ws = wb.add_worksheet("Bestellungen")
    for r, row in enumerate(rows):
        ws.write_row(r, 0, row)
    wb.close()


def _rustpy_rows(rows: list[list[Any]], out: str) -> None:
    import rustpy_xlsxwriter

    header = [str(h) for h in rows[0]]
    records = ({h: v for h, v in zip(header, row, strict=False)} for row in rows[1:])
    rustpy_xlsxwriter.FastExcel(out).sheet("Bestellungen", records).save()


def _report_records(report: str) -> list[tuple[str, list[dict[str, Any]]]]:
    """Every sheet of an xlsx report as records (header row = keys), as a writer would get them."""
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(report)
    sheets: list[tuple[str, list[dict[str, Any]]]] = []
    for name in wb.sheet_names:
        rows = wb.get_sheet_by_name(name).to_python()
        if not rows:
            continue
        keys: list[str] = []
        for i, h in enumerate(rows[0]):
            k = str(h) if h not in (None, "") else f"column {i + 1}"
            keys.append(k if k not in keys else f"{k} ({i + 1})")
        sheets.append((name, [dict(zip(keys, r, strict=False)) for r in rows[1:]]))
    return sheets


def run_floor(name: str, path: str, out: str, report: str) -> None:
    """The lower bound of any tool that writes fairbuy's report: the fastest read of the input
    plus the fastest write of the finished report (loaded beforehand, untimed: its load time is
    printed as ``{"untimed_wall": s, "untimed_cpu": s}`` and subtracted by the caller)."""
    t0, c0 = time.perf_counter(), time.process_time()
    if name == "floor_json":
        import orjson

        finished: Any = orjson.loads(Path(report).read_bytes())
    else:
        finished = _report_records(report)
    untimed = {"untimed_wall": time.perf_counter() - t0, "untimed_cpu": time.process_time() - c0}
    import polars as pl

    if name == "floor_json":
        import orjson

        pl.read_csv(path, separator=";", decimal_comma=True, infer_schema_length=10_000)
        with open(out, "wb") as f:
            f.write(orjson.dumps(finished))
    else:
        import rustpy_xlsxwriter

        pl.read_excel(path)
        book = rustpy_xlsxwriter.FastExcel(out)
        for sheet, records in finished:
            book = book.sheet(sheet, records)
        book.save()
    print(json.dumps(untimed))


def run_step(name: str, path: str, out: str) -> None:
    """Execute one benchmark step (in the current process)."""
    if name == "read_pandas_pyarrow":
        _read_csv_pandas(path, "pyarrow")
    elif name == "read_pandas_c":
        _read_csv_pandas(path, "c")
    elif name == "read_polars_csv":
        import polars as pl

        pl.read_csv(path, separator=";", decimal_comma=True, infer_schema_length=10_000)
    elif name == "read_json_pandas_orjson":
        _orjson_records(_read_csv_pandas(path, "pyarrow"), out)
    elif name == "read_json_polars_ndjson":
        import polars as pl

        pl.read_csv(path, separator=";", decimal_comma=True, infer_schema_length=10_000).write_ndjson(out)
    elif name == "read_pandas_calamine":
        import pandas as pd

        pd.read_excel(path, engine="calamine")
    elif name == "read_calamine":
        _calamine_rows(path)
    elif name == "read_polars_xlsx":
        import polars as pl

        pl.read_excel(path)
    elif name == "read_xlsx_xlsxwriter":
        _xlsxwriter_rows(_calamine_rows(path), out)
    elif name == "read_xlsx_rustpy":
        _rustpy_rows(_calamine_rows(path), out)
    elif name == "read_xlsx_polars_rustpy":
        import polars as pl
        import rustpy_xlsxwriter

        rustpy_xlsxwriter.FastExcel(out).sheet("Bestellungen", pl.read_excel(path)).save()
    else:
        raise SystemExit(f"unknown step {name}")


# --------------------------------------------------------------------------------------------
# Orchestration
# --------------------------------------------------------------------------------------------


@dataclass
class Result:
    step: str
    times: list[float] = field(default_factory=list)
    peaks_mb: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    error: str | None = None

    @property
    def time(self) -> float | None:
        return statistics.median(self.times) if self.times else None

    @property
    def peak_mb(self) -> float | None:
        return max(self.peaks_mb) if self.peaks_mb else None

    @property
    def cpu(self) -> float | None:
        return statistics.median(self.cpus) if self.cpus else None


def measure(
    cmd: list[str], timeout: float, env: dict[str, str] | None = None, cwd: Path = ROOT
) -> tuple[float, float, float, int, str]:
    """Run ``cmd`` in a fresh process: (wall s, CPU s user+sys, peak RSS MB, exit code, stderr tail)."""
    with tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, cwd=cwd)
        deadline = t0 + timeout
        while True:
            pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, rusage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.01)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        tail = err.read().decode("utf-8", "replace").strip().splitlines()[-3:]
        out.seek(0)
        last = (out.read().decode("utf-8", "replace").strip().splitlines() or [""])[-1]
    # ru_maxrss is in KiB on Linux
    cpu = rusage.ru_utime + rusage.ru_stime
    if last.startswith('{"untimed_wall"'):  # a floor step: leave out its untimed preparation
        untimed = json.loads(last)
        wall -= untimed["untimed_wall"]
        cpu -= untimed["untimed_cpu"]
    return wall, cpu, rusage.ru_maxrss / 1024, proc.returncode, " | ".join(tail)


def module_available(mod: str) -> bool:
    code = f"import importlib.util,sys; sys.exit(0 if importlib.util.find_spec({mod!r}) else 1)"
    return subprocess.run([PY, "-c", code], check=False).returncode == 0


#: ``--installed``: fairbuy runs from a neutral folder, so the installed package (e.g. a compiled
#: wheel) is used rather than a checkout
NEUTRAL_DIR = Path(tempfile.gettempdir())


def fairbuy_env(root: Path | None) -> dict[str, str]:
    """Environment of the fairbuy steps: ``root`` first on ``PYTHONPATH`` (None: as installed)."""
    env = dict(os.environ)
    if root is not None:
        env["PYTHONPATH"] = str(root) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def fairbuy_check_available(root: Path | None) -> bool:
    r = subprocess.run(
        [PY, "-m", "fairbuy", "check", "--help"],
        env=fairbuy_env(root),
        cwd=root or NEUTRAL_DIR,  # "python -m" puts the working folder first on sys.path
        capture_output=True,
        check=False,
    )
    return r.returncode == 0


def fairbuy_build(root: Path | None) -> str:
    """Where the benchmarked fairbuy comes from, and whether its recognition engine is compiled."""
    code = ("import fairbuy, fairbuy.recognise.engine as e; "
            "print(fairbuy.__file__.rsplit('/', 2)[0], 'compiled (mypyc)' if e.__file__.endswith(('.so', '.pyd')) "
            "else 'pure Python')")
    r = subprocess.run([PY, "-c", code], env=fairbuy_env(root), cwd=root or NEUTRAL_DIR,
                       capture_output=True, text=True, check=False)
    return r.stdout.strip() or "unknown"


def data_file(data_dir: Path, rows: int, fmt: str, seed: int) -> Path:
    """The cached test file; its name carries a hash of generate.py, so edits regenerate it."""
    version = hashlib.sha256((HERE / "generate.py").read_bytes()).hexdigest()[:8]
    path = data_dir / f"purchases-{rows}-s{seed}-{version}.{fmt}"
    if not path.exists():
        t0 = time.perf_counter()
        subprocess.run(
            [
                PY,
                str(HERE / "generate.py"),
                "--rows",
                str(rows),
                "--format",
                fmt,
                "--seed",
                str(seed),
                "-o",
                str(path),
            ],
            check=True,
        )
        print(f"  generated {path.name} in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return path


def human_rows(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1000 and n % 1000 == 0:
        return f"{n // 1000}k"
    return str(n)


def fmt_time(t: float | None) -> str:
    return "n/a" if t is None else (f"{t:.2f}" if t < 10 else f"{t:.1f}")


def fmt_ratio(x: float | None, limit: float, lower_is_better: bool = True) -> str:
    if x is None:
        return "n/a"
    ok = x <= limit if lower_is_better else x >= limit
    return f"{x:.2f} {'ok' if ok else 'MISS'}" if x < 100 else f"{x:.0f} {'ok' if ok else 'MISS'}"


CSV_STEPS = (
    ("read_pandas_pyarrow", "raw read: pandas engine=pyarrow", None),
    ("read_pandas_c", "raw read: pandas engine=c", None),
    ("read_polars_csv", "raw read: polars", "polars"),
    ("read_json_pandas_orjson", "read + JSON write: pandas/pyarrow + orjson records", "orjson"),
    ("read_json_polars_ndjson", "read + JSON write: polars + NDJSON", "polars"),
)
XLSX_STEPS = (
    ("read_pandas_calamine", "raw read: pandas engine=calamine", None),
    ("read_calamine", "raw read: python-calamine", "python_calamine"),
    ("read_polars_xlsx", "raw read: polars (fastexcel/calamine)", "fastexcel"),
    ("read_xlsx_xlsxwriter", "calamine read + xlsx write: XlsxWriter constant_memory", None),
    ("read_xlsx_rustpy", "calamine read + xlsx write: rustpy-xlsxwriter", "rustpy_xlsxwriter"),
    ("read_xlsx_polars_rustpy", "polars/calamine read + xlsx write: rustpy-xlsxwriter", "rustpy_xlsxwriter"),
)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--floor"]:
        run_floor(argv[1], argv[2], argv[3], argv[4])
        return 0
    if argv[:1] == ["--step"]:
        run_step(argv[1], argv[2], argv[3])
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--formats", default="csv,xlsx")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--repeat", type=int, default=None, help="runs per step (median); default 3, 1 at >= 1M rows"
    )
    ap.add_argument("--skip-naive", action="store_true")
    ap.add_argument("--skip-check", action="store_true", help="only the raw baselines")
    ap.add_argument("--naive-sample", type=int, default=10_000)
    ap.add_argument("--label-db", type=Path, default=ROOT / "label_db", help="aliases for the naive baseline")
    ap.add_argument("--timeout", type=float, default=1800.0, help="seconds per step run")
    ap.add_argument("--data-dir", type=Path, default=HERE / "data")
    ap.add_argument("--out-dir", type=Path, default=HERE / "out")
    ap.add_argument("--json", type=Path, default=None, help="also write all figures to this JSON file")
    ap.add_argument(
        "--check-max-rows",
        type=int,
        default=None,
        help="skip fairbuy check on files with more rows (keeps a shared machine usable)",
    )
    ap.add_argument(
        "--fairbuy-root",
        type=Path,
        default=ROOT,
        help="checkout whose fairbuy package is benchmarked (default: this one)",
    )
    ap.add_argument(
        "--installed",
        action="store_true",
        help="benchmark the fairbuy installed in this Python (e.g. a compiled wheel), not a checkout",
    )
    ap.add_argument(
        "--from-json", type=Path, default=None, help="only print the tables of a saved --json run"
    )
    args = ap.parse_args(argv)

    if args.from_json:
        return print_saved(args.from_json)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    formats = [f for f in args.formats.split(",") if f]
    args.data_dir.mkdir(parents=True, exist_ok=True)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    avail = {
        m: module_available(m)
        for m in ("polars", "orjson", "python_calamine", "fastexcel", "rustpy_xlsxwriter")
    }
    fairbuy_root: Path | None = None if args.installed else args.fairbuy_root.resolve()
    check_ok = not args.skip_check and fairbuy_check_available(fairbuy_root)
    env = fairbuy_env(fairbuy_root)

    import platform

    print(
        f"# fairbuy benchmark  ({time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} CPUs, Python {platform.python_version()})"
    )
    opt = ", ".join(f"{k}={'yes' if v else 'no'}" for k, v in avail.items())
    print(f"# optional: {opt}")
    print(f"# load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    if check_ok:
        print(f"# fairbuy: {fairbuy_build(fairbuy_root)}")
    if not check_ok:
        print(
            "# fairbuy check: n/a (fairbuy check not available)" + (" [skipped]" if args.skip_check else "")
        )

    results: dict[tuple[str, int], dict[str, Result]] = {}
    for fmt in formats:
        for n in sizes:
            path = data_file(args.data_dir, n, fmt, args.seed)
            repeat = args.repeat or (3 if n < 1_000_000 else 1)
            steps: list[tuple[str, list[str], dict[str, str] | None]] = []
            for step, _desc, mod in CSV_STEPS if fmt == "csv" else XLSX_STEPS:
                if mod and not avail.get(mod, True):
                    continue
                ext = ".ndjson" if "ndjson" in step else (".json" if "json" in step else ".xlsx")
                out = str(args.out_dir / f"{step}-{n}{ext}")
                steps.append((step, [PY, str(HERE / "bench.py"), "--step", step, str(path), out], None))
            if check_ok and (args.check_max_rows is None or n <= args.check_max_rows):
                out_ext = "json" if fmt == "csv" else "xlsx"
                out = str(args.out_dir / f"check-{fmt}-{n}.{out_ext}")
                steps.append(
                    (f"check_{out_ext}", [PY, "-m", "fairbuy", "check", str(Path(path).resolve()), "-o",
                                          str(Path(out).resolve()), "-q"], env)
                )
                floor_mods = ("polars", "orjson") if fmt == "csv" else ("fastexcel", "python_calamine",
                                                                        "rustpy_xlsxwriter")
                if all(avail.get(m) for m in floor_mods):
                    floor = f"floor_{out_ext}"
                    steps.append((floor, [PY, str(HERE / "bench.py"), "--floor", floor, str(path),
                                          str(args.out_dir / f"{floor}-{n}.{out_ext}"), out], None))
            res: dict[str, Result] = {}
            for step, cmd, step_env in steps:
                r = Result(step)
                if step.startswith("floor") and _t(res, step.replace("floor", "check")) is None:
                    continue  # no report to write
                for _ in range(repeat):
                    # fairbuy steps run in the benchmarked checkout: "python -m" puts the working
                    # folder before PYTHONPATH on sys.path
                    cwd = (fairbuy_root or NEUTRAL_DIR) if step_env is not None else ROOT
                    wall, cpu, peak, code, tail = measure(cmd, args.timeout, step_env, cwd)
                    if code not in (0, 1) or (code == 1 and not step.startswith("check")):
                        r.error = f"exit {code}: {tail}"
                        break
                    r.times.append(wall)
                    r.peaks_mb.append(peak)
                    r.cpus.append(cpu)
                res[step] = r
                results[(fmt, n)] = res
                save_json(args.json, results, None)
                t = fmt_time(r.time) if r.error is None else "ERROR " + (r.error or "")[:120]
                print(
                    f"  {fmt} {human_rows(n):>5} {step:<26} {t:>8} s  cpu {fmt_time(r.cpu):>6} s"
                    f"  {r.peak_mb or 0:7.0f} MB",
                    file=sys.stderr,
                )

    naive: dict[str, Any] | None = None
    if not args.skip_naive:
        src = data_file(args.data_dir, max(sizes[0], args.naive_sample), "csv", args.seed)
        cmd = [
            PY,
            str(HERE / "naive.py"),
            str(src),
            "--limit",
            str(args.naive_sample),
            "--label-db",
            str(args.label_db),
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False)
        if proc.returncode == 0:
            naive = json.loads(proc.stdout.strip().splitlines()[-1])
        else:
            print(f"naive baseline failed: {proc.stderr.strip()[-300:]}", file=sys.stderr)

    print_report(results, sizes, formats, naive, check_ok)
    save_json(args.json, results, naive)
    return 0


def print_saved(path: Path) -> int:
    """Print the tables of a run saved with ``--json``."""
    data = json.loads(path.read_text(encoding="utf-8"))
    results: dict[tuple[str, int], dict[str, Result]] = {}
    for r in data["results"]:
        results.setdefault((r["format"], r["rows"]), {})[r["step"]] = Result(
            r["step"],
            times=list(r["times_s"]),
            peaks_mb=[r["peak_mb"]] if r["peak_mb"] is not None else [],
            cpus=[r["cpu_s"]] if r.get("cpu_s") is not None else [],
            error=r["error"],
        )
    sizes = sorted({n for _, n in results})
    formats = [f for f in ("csv", "xlsx") if any(k[0] == f for k in results)]
    check = any(s.startswith("check") for res in results.values() for s in res)
    print_report(results, sizes, formats, data.get("naive"), check)
    return 0


def save_json(
    path: Path | None, results: dict[tuple[str, int], dict[str, Result]], naive: dict[str, Any] | None
) -> None:
    """Write all figures so far (called after every step, so a stopped run keeps its data)."""
    if path is None:
        return
    payload = {
        "naive": naive,
        "load_average": os.getloadavg(),
        "results": [
            {
                "format": f,
                "rows": n,
                "step": s,
                "time_s": r.time,
                "times_s": r.times,
                "cpu_s": r.cpu,
                "peak_mb": r.peak_mb,
                "error": r.error,
            }
            for (f, n), res in results.items()
            for s, r in res.items()
        ],
    }
    path.write_text(json.dumps(payload, indent=2), encoding="utf-8")


def _t(res: dict[str, Result], step: str) -> float | None:
    r = res.get(step)
    return r.time if r is not None and r.error is None else None


def _cpu_ratio(res: dict[str, Result], check: str, base: str | None) -> str:
    c, b = res.get(check), res.get(base or "")
    if c is None or b is None or not c.cpu or not b.cpu:
        return ""
    return f"; CPU {c.cpu / b.cpu:.2f}"


def _best(res: dict[str, Result], steps: tuple[str, ...]) -> tuple[float | None, str | None]:
    found = [(t, s) for s in steps if (t := _t(res, s)) is not None]
    if not found:
        return None, None
    t, s = min(found)
    return t, s


def print_report(
    results: dict[tuple[str, int], dict[str, Result]],
    sizes: list[int],
    formats: list[str],
    naive: dict[str, Any] | None,
    check_ok: bool,
) -> None:
    names = {s: d for s, d, _ in (*CSV_STEPS, *XLSX_STEPS)}
    names["check_json"] = "fairbuy check FILE -o out.json"
    names["check_xlsx"] = "fairbuy check FILE -o out.xlsx"
    names["floor_json"] = "lower bound: polars read + orjson write of the finished JSON report"
    names["floor_xlsx"] = "lower bound: polars read + rustpy-xlsxwriter write of the finished report's sheets"
    print()
    for fmt in formats:
        cols = [n for n in sizes if (fmt, n) in results]
        print(f"## {fmt.upper()}: wall time / CPU time (user+sys) / peak RSS — whole process, median")
        print()
        print("| step | " + " | ".join(human_rows(n) for n in cols) + " |")
        print("|---|" + "---|" * len(cols))
        steps: list[str] = []
        for n in cols:
            for s in results[(fmt, n)]:
                if s not in steps:
                    steps.append(s)
        for s in steps:
            cells = []
            for n in cols:
                r = results[(fmt, n)].get(s)
                if r is None:
                    cells.append("–")
                elif r.error:
                    cells.append("error")
                else:
                    cells.append(f"{fmt_time(r.time)} s / {fmt_time(r.cpu)} s / {r.peak_mb:.0f} MB")
            print(f"| {names.get(s, s)} | " + " | ".join(cells) + " |")
        if not check_ok:
            print("| fairbuy check | " + " | ".join("n/a (fairbuy check not available)" for _ in cols) + " |")
        print()

    print("## Targets (issue 8)")
    print()
    print(
        "| target | "
        + " | ".join(f"{f} {human_rows(n)}" for f in formats for n in sizes if (f, n) in results)
        + " |"
    )
    keys = [(f, n) for f in formats for n in sizes if (f, n) in results]
    print("|---|" + "---|" * len(keys))

    def row(label: str, fn: Any) -> None:
        print(f"| {label} | " + " | ".join(fn(f, n, results[(f, n)]) for f, n in keys) + " |")

    def r_json(f: str, n: int, res: dict[str, Result]) -> str:
        if f != "csv":
            return "–"
        base, which = _best(res, ("read_json_pandas_orjson", "read_json_polars_ndjson"))
        c = _t(res, "check_json")
        if c is None or base is None:
            return "n/a"
        return (
            f"{fmt_ratio(c / base, 2.0)} ({fmt_time(c)}/{fmt_time(base)} {which and which.split('_', 2)[2]})"
            + _cpu_ratio(res, "check_json", which)
        )

    def r_xlsx(f: str, n: int, res: dict[str, Result]) -> str:
        if f != "xlsx":
            return "–"
        base, which = _best(res, ("read_xlsx_xlsxwriter", "read_xlsx_rustpy", "read_xlsx_polars_rustpy"))
        c = _t(res, "check_xlsx")
        if c is None or base is None:
            return "n/a"
        return (
            f"{fmt_ratio(c / base, 1.3)} ({fmt_time(c)}/{fmt_time(base)} {which and which.split('_', 2)[2]})"
            + _cpu_ratio(res, "check_xlsx", which)
        )

    def r_floor(f: str, n: int, res: dict[str, Result]) -> str:
        """The ratio that even a tool with no analysis time would reach, writing this report."""
        steps = ("read_json_pandas_orjson", "read_json_polars_ndjson") if f == "csv" else (
            "read_xlsx_xlsxwriter", "read_xlsx_rustpy", "read_xlsx_polars_rustpy")
        base, _ = _best(res, steps)
        fl = _t(res, "floor_json" if f == "csv" else "floor_xlsx")
        if base is None or fl is None:
            return "n/a"
        t_naive = n / naive["rows_per_s"] if naive and naive.get("rows_per_s") else None
        return f"{fl / base:.2f} ({fmt_time(fl)}/{fmt_time(base)})" + (
            f"; naive/bound {t_naive / fl:.0f}" if t_naive else "")

    def r_naive(f: str, n: int, res: dict[str, Result]) -> str:
        c = _t(res, "check_json") if f == "csv" else _t(res, "check_xlsx")
        if naive is None or not naive.get("rows_per_s"):
            return "n/a"
        t_naive = n / naive["rows_per_s"]
        if c is None:
            return f"naive ≈ {t_naive:.0f} s"
        return f"{fmt_ratio(t_naive / c, 100, lower_is_better=False)} ({t_naive:.0f}/{fmt_time(c)})"

    def r_peak(f: str, n: int, res: dict[str, Result]) -> str:
        r = res.get("check_json" if f == "csv" else "check_xlsx")
        if r is None or r.peak_mb is None:
            return "n/a"
        return f"{r.peak_mb:.0f} MB {'ok' if r.peak_mb <= PEAK_LIMIT_MB else 'MISS'}"

    def r_per_row(f: str, n: int, res: dict[str, Result]) -> str:
        c = _t(res, "check_json" if f == "csv" else "check_xlsx")
        return "n/a" if c is None else f"{c / n * 1e6:.1f} µs/row"

    def r_exponent(f: str, n: int, res: dict[str, Result]) -> str:
        step = "check_json" if f == "csv" else "check_xlsx"
        prev = [m for m in sizes if m < n and (f, m) in results]
        c = _t(res, step)
        if not prev or c is None:
            return "–"
        p = _t(results[(f, prev[-1])], step)
        if p is None:
            return "–"
        k = math.log(c / p) / math.log(n / prev[-1])
        return f"{k:.2f} vs {human_rows(prev[-1])} {'ok' if k <= 1.15 else 'MISS'}"

    row("check_json / (read + raw JSON write) ≤ 2", r_json)
    row("check_xlsx / (calamine read + fastest xlsx write) ≤ 1.3", r_xlsx)
    row("naive (extrapolated) / check ≥ 100", r_naive)
    row("lower bound of these ratios for this report (read + write only, no analysis)", r_floor)
    row("peak RSS of check ≤ 3 GB", r_peak)
    row("check time per row", r_per_row)
    row("growth exponent log(t2/t1)/log(n2/n1) ≤ ~1 (linear)", r_exponent)
    print()
    if naive:
        print(
            f"Naive baseline: {naive['rows']} rows at {naive['rows_per_s']:,.0f} rows/s "
            f"({naive['aliases']} aliases, {naive['keywords']} keywords from {naive['vocabulary']}); "
            + ", ".join(
                f"{human_rows(n)} ≈ {n / naive['rows_per_s']:,.0f} s" for n in sorted({*sizes, 1_000_000})
            )
        )
    else:
        print("Naive baseline: not run")
    errors = [
        (f, n, s, r.error) for (f, n), res in results.items() for s, r in res.items() if r.error is not None
    ]
    if errors:
        print()
        print("Errors:")
        for f, n, s, e in errors:
            print(f"- {f} {human_rows(n)} {s}: {e}")


if __name__ == "__main__":
    raise SystemExit(main())
