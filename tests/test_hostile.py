"""Hostile and broken input through ``fairbuy check``: nothing crashes, hangs, leaks or gets lost.

Each case of :mod:`tests.hostile.corpus` is generated into a temporary folder and run through the
CLI — in-process with click's CliRunner, or (``heavy`` cases: bombs, huge sheets, huge cells) in a
subprocess with a wall-clock timeout and an address-space cap. The readers are also run directly
(:func:`fairbuy.io.read_input`) for the light cases, to pin failures to the reading stage.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from fairbuy.errors import InputError
from tests.hostile import corpus
from tests.hostile.checks import (
    MAX_RSS_MB,
    MEMORY_MB,
    ROOT,
    Run,
    assert_one_line_error,
    assert_outcome,
    run_cli_inprocess,
)
from tests.hostile.corpus import CASES, CASES_BY_NAME, Case

STAGES = ("fairbuy.io", "fairbuy.labeldb", "fairbuy.recognise", "fairbuy.rules", "fairbuy.reports")


def _missing_stages() -> list[str]:
    missing = []
    for mod in STAGES:
        try:
            module = importlib.import_module(mod)
        except ImportError:
            missing.append(mod)
            continue
        if mod == "fairbuy.io" and not hasattr(module, "read_input"):
            missing.append(mod)  # only the guards module is there yet
    return missing


def _io_has_reader() -> bool:
    try:
        module = importlib.import_module("fairbuy.io")
    except ImportError:
        return False
    return hasattr(module, "read_input")


def need_pipeline() -> None:
    missing = _missing_stages()
    if missing:
        pytest.skip(f"stage(s) not merged yet: {', '.join(missing)}")


def need_readers() -> None:
    if not _io_has_reader():
        pytest.skip("fairbuy.io readers not merged yet")


def _make(case: Case, tmp_path: Path) -> Path:
    if case.needs is not None:
        try:
            importlib.import_module(case.needs)
        except ImportError:
            pytest.skip(f"{case.needs} not merged yet")
    path = tmp_path / case.filename
    case.make(path)
    return path


LIGHT = [c for c in CASES if not c.heavy]
HEAVY = [c for c in CASES if c.heavy]


@pytest.mark.parametrize("case", LIGHT, ids=[c.name for c in LIGHT])
def test_cli_light_case(case: Case, tmp_path: Path) -> None:
    need_pipeline()
    path = _make(case, tmp_path)
    run = run_cli_inprocess(path, tmp_path / "report.json")
    assert_outcome(case, path, run)


@pytest.mark.parametrize("case", LIGHT, ids=[c.name for c in LIGHT])
def test_reader_light_case(case: Case, tmp_path: Path) -> None:
    """The reader alone: InputError naming the file, or one table row per input row."""
    need_readers()
    from fairbuy.io import read_input
    from fairbuy.table import READ_COLUMNS

    path = _make(case, tmp_path)
    start = time.monotonic()
    try:
        res = read_input(path, display_path=str(path))
    except InputError as exc:
        assert case.expect in ("error", "error_or_rows"), f"{case.name}: refused but must be read: {exc}"
        assert exc.path == str(path)
        assert "\n" not in str(exc)
        for fragment in case.where:
            assert fragment in str(exc)
        return
    assert time.monotonic() - start < case.seconds
    assert case.expect != "error", f"{case.name}: read {len(res.table)} rows, expected an InputError"
    table = res.table
    assert list(table.columns[: len(READ_COLUMNS)]) == list(READ_COLUMNS) or set(READ_COLUMNS) <= set(
        table.columns
    )
    if case.rows is not None:
        assert [int(r) for r in table["source_row"]] == list(case.rows), case.name
    assert res.info.rows == len(table)
    assert set(table["row_kind"]) <= {"item", "blank", "total", "error"}
    descs = [d if isinstance(d, str) else "" for d in table["description"]]
    by_row = dict(zip((int(r) for r in table["source_row"]), descs, strict=True))
    for row, text in case.texts.items():
        assert by_row[row].strip() == text, (case.name, row, by_row[row][:80])
    for text in case.contains:
        assert any(text in d for d in descs), (case.name, "lost", text)
    assert not any("\x00" in d for d in descs), case.name
    for row in case.unreadable:
        kind = table.loc[table["source_row"] == row, "row_kind"].iloc[0]
        assert kind != "item", (case.name, row, kind)


# ------------------------------------------------------------------------ multiple inputs


def test_one_bad_file_among_good_ones_names_the_bad_one(tmp_path: Path) -> None:
    need_pipeline()
    from click.testing import CliRunner

    from fairbuy.cli import main

    good = tmp_path / "gut.csv"
    good.write_text(corpus.CSV_HEADER + "\nRöstkaffee 1 kg Fairtrade;2;12,50;25,00;Kaffee GmbH\n", encoding="utf-8")
    bad = tmp_path / "kaputt.xlsx"
    corpus._bad_zip(bad)
    result = CliRunner().invoke(main, ["check", str(good), str(bad), "-q"])
    assert result.exit_code == 2
    assert_one_line_error(result.stderr, "kaputt.xlsx")
    assert "gut.csv" not in result.stderr


def test_newline_in_file_name_keeps_the_error_on_one_line(tmp_path: Path) -> None:
    need_pipeline()
    from click.testing import CliRunner

    from fairbuy.cli import main

    bad = tmp_path / "zwei\nzeilen.xlsx"
    corpus._bad_zip(bad)
    result = CliRunner().invoke(main, ["check", str(bad), "-q"])
    assert result.exit_code == 2
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, result.stderr
    assert "zeilen.xlsx" in lines[0]


# ------------------------------------------------------------------------ XML and the network


class _Recorder(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Recorder.hits.append(self.path)
        body = b'<!ENTITY leak "LEAKED-BY-NETWORK">'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def http_server() -> Iterator[str]:
    _Recorder.hits = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    "make", [corpus.external_dtd, corpus.parameter_entity, corpus.external_entity_http],
    ids=["external_dtd", "parameter_entity", "external_entity_http"],
)
def test_xml_never_touches_the_network(make: object, http_server: str, tmp_path: Path) -> None:
    need_pipeline()
    pytest.importorskip("fairbuy.io.einvoice", reason="e-invoice reader not merged yet")
    assert callable(make)
    path = tmp_path / "netz.xml"
    path.write_text(make(f"{http_server}/evil.dtd"), encoding="utf-8")
    out = tmp_path / "r.json"
    run = run_cli_inprocess(path, out)
    time.sleep(0.05)
    assert _Recorder.hits == [], f"the XML parser fetched {_Recorder.hits}"
    assert "LEAKED-BY-NETWORK" not in run.stdout + run.stderr
    if run.code == 2:
        assert_one_line_error(run.stderr, "netz.xml")
    else:
        assert run.report is not None
        assert "LEAKED-BY-NETWORK" not in json.dumps(run.report)
        assert len(run.report["items"]) == 1


def test_xml_guard_refuses_every_dtd(http_server: str) -> None:
    """The guard itself (no pipeline needed): DTDs refused before lxml sees them."""
    from fairbuy.io.guards import parse_xml

    for text in (
        corpus.XXE_FILE,
        corpus.BILLION_LAUGHS,
        corpus.QUADRATIC_BLOWUP,
        corpus.external_dtd(http_server),
        corpus.parameter_entity(http_server),
        corpus.external_entity_http(http_server),
    ):
        with pytest.raises(InputError, match="document type declaration"):
            parse_xml(text.encode(), path="x.xml")
        with pytest.raises(InputError, match="document type declaration"):
            parse_xml(text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"), path="x.xml")
    assert _Recorder.hits == []


@pytest.fixture(scope="session")
def heavy_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Run every heavy case once, in ONE subprocess under the memory cap (through ``fairbuy check``
    when every stage is merged, else through the reader alone). One JSON line per finished case."""
    need_readers()
    folder = tmp_path_factory.mktemp("heavy")
    mode = "cli" if not _missing_stages() else "read"
    manifest: list[dict[str, str]] = []
    for case in HEAVY:
        if case.needs is not None and importlib.util.find_spec(case.needs) is None:
            continue
        sub = folder / case.name
        sub.mkdir()
        path = sub / case.filename
        case.make(path)
        manifest.append({"name": case.name, "path": str(path), "out": str(sub / "report.json"), "mode": mode})
    results = folder / "results.jsonl"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RUST_BACKTRACE": "0"}
    done: dict[str, dict[str, Any]] = {}
    died: dict[str, str] = {}
    start = time.monotonic()
    todo = list(manifest)
    while todo:  # a case that kills the process is recorded; the batch goes on after it
        (folder / "manifest.json").write_text(json.dumps(todo), encoding="utf-8")
        results.unlink(missing_ok=True)
        cmd = [sys.executable, "-m", "tests.hostile.run_limited", str(MEMORY_MB), "--batch",
               str(folder / "manifest.json"), str(results)]
        budget = sum(CASES_BY_NAME[m["name"]].seconds for m in todo) + 30
        try:
            proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, timeout=budget)
            tail = f"exit {proc.returncode}: " + proc.stderr.decode("utf-8", errors="replace")[-3000:]
        except subprocess.TimeoutExpired:
            tail = f"timed out after {budget:.0f} s"
        finished = []
        if results.exists():
            finished = [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines()]
        for rec in finished:
            done[rec["name"]] = rec
        if len(finished) == len(todo):
            break
        culprit = todo[len(finished)]["name"]
        died[culprit] = tail
        todo = todo[len(finished) + 1 :]
    return {"mode": mode, "done": done, "died": died, "seconds": time.monotonic() - start,
            "paths": {m["name"]: Path(m["path"]) for m in manifest}}


@pytest.mark.parametrize("case", HEAVY, ids=[c.name for c in HEAVY])
def test_heavy_case_bounded(case: Case, heavy_runs: dict[str, Any]) -> None:
    """Bombs, huge sheets, huge cells: bounded time and memory, the right outcome."""
    if case.name not in heavy_runs["paths"]:
        pytest.skip(f"{case.needs} not merged yet")
    rec = heavy_runs["done"].get(case.name)
    assert rec is not None, f"{case.name}: killed the process or hung: {heavy_runs['died'].get(case.name)}"
    path = heavy_runs["paths"][case.name]
    assert rec["maxrss_mb"] < MAX_RSS_MB, f"{case.name}: peak memory {rec['maxrss_mb']:.0f} MB"
    if heavy_runs["mode"] == "cli":
        assert rec["escaped"] is None, rec["escaped"]
        out = path.parent / "report.json"
        report = None
        if out.exists() and rec["code"] in (0, 1):
            report = json.loads(out.read_text(encoding="utf-8"))
        run = Run(rec["code"], rec["stdout"], rec["stderr"], rec["seconds"], report)
        assert_outcome(case, path, run)
        return
    assert rec["seconds"] < case.seconds, f"{case.name}: {rec['seconds']:.1f} s"
    if "error" in rec:
        assert case.expect in ("error", "error_or_rows"), f"{case.name}: refused: {rec['error']}"
        assert str(path) in rec["error"]
        assert "cannot read file" not in rec["error"], f"not a typed refusal: {rec['error']}"
        return
    assert case.expect != "error", f"{case.name}: read {len(rec['rows'])} rows, expected a refusal"
    if case.rows is not None:
        assert rec["rows"] == list(case.rows), case.name
    assert not rec["nul"]


@pytest.mark.parametrize("kind", ["dev_zero", "fifo", "output_in_missing_folder"])
def test_special_paths_give_one_line(kind: str, tmp_path: Path) -> None:
    """Devices, FIFOs (would block a naive reader forever) and unwritable outputs."""
    need_pipeline()
    from click.testing import CliRunner

    from fairbuy.cli import main

    good = tmp_path / "gut.csv"
    good.write_text("Bezeichnung;Menge\nKugelschreiber blau;1\n", encoding="utf-8")
    args = ["check", str(good), "-q", "-o", str(tmp_path / "r.json")]
    name = "gut.csv"
    if kind == "dev_zero":
        args[1], name = "/dev/zero", "/dev/zero"
    elif kind == "fifo":
        fifo = tmp_path / "rohr.csv"
        os.mkfifo(fifo)
        args[1], name = str(fifo), "rohr.csv"
    else:
        args[-1] = str(tmp_path / "fehlt" / "r.json")
        name = "r.json"
    start = time.monotonic()
    result = CliRunner().invoke(main, args)
    assert time.monotonic() - start < 10
    assert result.exit_code == 2, (result.exit_code, result.stderr)
    assert_one_line_error(result.stderr, name)


def test_real_process_stderr_is_one_line(tmp_path: Path) -> None:
    """Outside pytest's log capture: library warnings (pypdf, ...) must not add stderr lines."""
    need_pipeline()
    names = ["pdf_truncated", "pdf_not_invoice", "bad_zip", "xlsx_xxe"]
    manifest = []
    for name in names:
        case = corpus.CASES_BY_NAME[name]
        if case.needs is not None and importlib.util.find_spec(case.needs) is None:
            continue
        sub = tmp_path / name
        sub.mkdir()
        path = sub / case.filename
        case.make(path)
        manifest.append({"name": name, "path": str(path), "out": str(sub / "r.json"), "mode": "cli"})
    (tmp_path / "m.json").write_text(json.dumps(manifest), encoding="utf-8")
    results = tmp_path / "r.jsonl"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run(
        [sys.executable, "-m", "tests.hostile.run_limited", str(MEMORY_MB), "--batch", str(tmp_path / "m.json"),
         str(results)], cwd=ROOT, env=env, capture_output=True, timeout=120, check=False,
    )
    records = [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines()]
    assert [r["name"] for r in records] == [m["name"] for m in manifest]
    for rec, item in zip(records, manifest, strict=True):
        if rec["code"] == 2:
            assert_one_line_error(rec["stderr"], Path(item["path"]).name)
        else:
            assert rec["stderr"].strip() == "", (rec["name"], rec["stderr"])


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("tief.json", b"[" * 100_000 + b"]" * 100_000),
        ("kaputt.json", b'{"fairbuy_version": "\xff"'),
        ("fremd.json", b'{"hello": "world"}'),
        ("nul.json", b"\x00" * 64),
    ],
)
def test_diff_of_hostile_json_reports(name: str, content: bytes, tmp_path: Path) -> None:
    """``fairbuy diff`` on a deeply nested, broken or foreign JSON file: one line, exit 2."""
    need_pipeline()
    from click.testing import CliRunner

    from fairbuy.cli import main

    path = tmp_path / name
    path.write_bytes(content)
    start = time.monotonic()
    result = CliRunner().invoke(main, ["diff", str(path), str(path)])
    assert time.monotonic() - start < 10
    assert result.exit_code == 2, (result.exit_code, result.stderr)
    assert_one_line_error(result.stderr, name)
