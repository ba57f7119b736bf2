"""Shared assertions for the hostile corpus: what a run of ``fairbuy check`` must look like."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.hostile.corpus import Case

ROOT = Path(__file__).resolve().parents[2]
GEN = ["--generated-at", "2026-01-15T12:00:00+00:00"]
#: Address-space cap for the heavy cases: a safety net (the imports alone reserve ~1.5 GB of
#: virtual memory); the real bound is MAX_RSS_MB, checked after every case.
MEMORY_MB = 4096
#: Peak resident memory a heavy case may reach (bombs declare 2-3 GiB).
MAX_RSS_MB = 1024
#: No line of a purchase list is worth this much: larger numbers are read errors, not spend.
ABSURD = 1e15


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    seconds: float
    report: dict[str, Any] | None


def _strict_json(text: str) -> dict[str, Any]:
    def no_constant(name: str) -> Any:
        raise AssertionError(f"report JSON holds {name}, which is not JSON")

    data = json.loads(text, parse_constant=no_constant)
    assert isinstance(data, dict)
    return data


def run_cli_inprocess(path: Path, out: Path) -> Run:
    from click.testing import CliRunner

    from fairbuy.cli import main

    start = time.monotonic()
    result = CliRunner().invoke(main, ["check", str(path), "-o", str(out), "-q", *GEN])
    seconds = time.monotonic() - start
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        tb = "".join(traceback.format_exception(result.exception))
        raise AssertionError(f"fairbuy check raised {result.exception!r}:\n{tb}")
    report = _strict_json(out.read_text(encoding="utf-8")) if out.exists() and result.exit_code in (0, 1) else None
    return Run(result.exit_code, result.stdout, result.stderr, seconds, report)


def run_cli_subprocess(path: Path, out: Path, timeout: float, memory_mb: int = MEMORY_MB) -> Run:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "0", "RUST_BACKTRACE": "0"}
    cmd = [sys.executable, "-m", "tests.hostile.run_limited", str(memory_mb), "check", str(path),
           "-o", str(out), "-q", *GEN]
    start = time.monotonic()
    try:
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, timeout=timeout + 5)
    except subprocess.TimeoutExpired as exc:
        raise AssertionError(f"fairbuy check {path.name} did not finish in {timeout + 5:.0f} s") from exc
    seconds = time.monotonic() - start
    stdout = proc.stdout.decode("utf-8", errors="replace")
    stderr = proc.stderr.decode("utf-8", errors="replace")
    assert proc.returncode >= 0, f"killed by signal {-proc.returncode}; stderr: {stderr[-2000:]}"
    report = _strict_json(out.read_text(encoding="utf-8")) if out.exists() and proc.returncode in (0, 1) else None
    return Run(proc.returncode, stdout, stderr, seconds, report)


def assert_outcome(case: Case, path: Path, run: Run) -> None:
    """The run matches the case's expectation (see :mod:`tests.hostile.corpus`)."""
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    assert run.seconds < case.seconds, f"{case.name} took {run.seconds:.1f} s (limit {case.seconds} s)"
    for bad in case.forbidden:
        assert bad not in run.stdout and bad not in run.stderr
        assert run.report is None or bad not in json.dumps(run.report)
    if run.code == 2:
        assert case.expect in ("error", "error_or_rows"), f"{case.name}: refused but must be read: {run.stderr}"
        assert_one_line_error(run.stderr, path.name, case.where)
        assert run.stdout == ""
        return
    assert case.expect != "error", f"{case.name}: exit {run.code}, expected exit 2; stderr: {run.stderr[-500:]}"
    assert run.code in (0, 1), f"{case.name}: exit {run.code}; stderr: {run.stderr[-1000:]}"
    assert run.report is not None
    assert_report_consistent(run.report)
    items = run.report["items"]
    assert all(i["source"]["file"] == str(path) for i in items)
    if case.rows is not None:
        assert [i["source"]["row"] for i in items] == list(case.rows), (case.name, _digest(items))
    for row in case.unreadable:
        item = next(i for i in items if i["source"]["row"] == row)
        assert item["status"] == "unreadable", (case.name, row, item["status"])
        assert item["findings"] and item["findings"][0]["message"], (case.name, row)
    for row, text in case.texts.items():
        item = next(i for i in items if i["source"]["row"] == row)
        assert (item["description"] or "").strip() == text, (case.name, row, (item["description"] or "")[:80])
    for item in items:
        desc = item["description"] or ""
        assert "\x00" not in desc, (case.name, item["source"])
    for text in case.contains:
        assert any(text in (i["description"] or "") for i in items), (case.name, "lost", text)


def _digest(items: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(i["source"]["row"], i["status"], (i["description"] or "")[:30]) for i in items]


def assert_one_line_error(stderr: str, name: str, where: tuple[str, ...] = ()) -> None:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one line on stderr, got {len(lines)}: {stderr[-2000:]}"
    line = lines[0]
    assert name in line, line
    assert "internal error" not in line, f"an unexpected exception, not a typed InputError: {line}"
    assert "out of memory" not in line, f"the file was not refused before it ate the memory: {line}"
    for fragment in where:
        assert fragment in line, (fragment, line)


def assert_report_consistent(report: dict[str, Any]) -> None:
    """The summary adds up to the items: counts and spend per status, and per input."""
    items = report["items"]
    summary = report["summary"]
    assert summary["items"] == len(items)
    by_status = summary["by_status"]
    assert sum(s["count"] for s in by_status.values()) == len(items)
    for status, entry in by_status.items():
        assert entry["count"] == sum(1 for i in items if i["status"] == status), status
    # spend counts item rows only: blank, totals and unreadable rows (status unreadable, with a
    # "read" finding) are no spend; items with a reading note (another status) are
    spend = [
        i["amount"]
        for i in items
        if isinstance(i["amount"], int | float)
        and not (i["status"] == "unreadable" and any(f["rule_id"] == "read" for f in i["findings"]))
    ]
    total = sum(spend)
    tol = 0.01 * (len(items) + 1)
    assert abs(summary["spend"] - round(total, 2)) <= max(tol, abs(total) * 1e-9), (summary["spend"], total)
    assert abs(sum(s["spend"] for s in by_status.values()) - summary["spend"]) <= max(tol, abs(total) * 1e-9)
    groups = summary.get("by_product_group", {})
    assert sum(g["count"] for g in groups.values()) == sum(1 for i in items if i["product_group"])
    for gid, g in groups.items():
        members = [i for i in items if i["product_group"] == gid]
        assert g["count"] == len(members), gid
        assert sum(s["count"] for s in g["by_status"].values()) == g["count"], gid
        g_spend = sum(
            i["amount"] for i in members
            if isinstance(i["amount"], int | float)
            and not (i["status"] == "unreadable" and any(f["rule_id"] == "read" for f in i["findings"]))
        )
        assert abs(g["spend"] - g_spend) <= max(0.01 * (len(members) + 1), abs(g_spend) * 1e-9), gid
    for rule, per_status in summary.get("by_rule", {}).items():
        findings = sum(
            1 for i in items for f in i["findings"]
            if f["rule_id"] != "read" and f"{f['ruleset_id']}/{f['rule_id']}" == rule
        )
        assert sum(s["count"] for s in per_status.values()) == findings, rule
    if len(report["inputs"]) == 1:
        assert report["inputs"][0]["rows"] == len(items)
    for i in items:
        for key in ("amount", "quantity", "unit_price"):
            value = i[key]
            assert value is None or abs(value) < ABSURD, (i["source"], key, value)
        assert i["status"] in ("compliant", "non_compliant", "needs_review", "not_applicable", "unreadable")
        if i["status"] == "unreadable":
            assert i["findings"], i["source"]
