"""Score fairbuy's tabular readers against the blind reader set (benchmarks/blind-readers/).

Usage: python benchmarks/readers_blind.py [--quiet] [--no-cli] [FILE-PREFIX...]

Runs :func:`fairbuy.check` (the library) on every file of the set and compares the items with
``expected.json``: files read / rejected as expected, rows found vs expected (missing and extra
rows: "nothing is lost" is the property that matters most), item vs non-item classification, and
per field the share of correct values on the expected items (honouring ``acceptable``). For the
files that must be rejected it also runs the CLI and checks exit status 2 and a one-line message
naming the file. Mismatches are listed per file; the headline figures are the last lines.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import fairbuy  # noqa: E402
from fairbuy.errors import InputError, UsageError  # noqa: E402
from fairbuy.io.countries import country_code  # noqa: E402

SET = ROOT / "benchmarks" / "blind-readers"
FIELDS = ("description", "quantity", "unit_price", "amount", "cpv", "purchase_date", "supplier", "origin")
NUMERIC = {"quantity", "unit_price", "amount"}
UNKNOWN_ORIGIN = {"k.a.", "k. a.", "unbekannt", "unknown", "n/a", "-", ""}


def _text(v: Any) -> str | None:
    if v is None:
        return None
    s = re.sub(r"\s+", " ", str(v)).strip()
    return s or None


def _origin(v: Any) -> str | None:
    s = _text(v)
    if s is None or s.lower() in UNKNOWN_ORIGIN:
        return None
    code = country_code(s)
    if code:
        return code
    m = re.search(r"\(([A-Z]{2})\)\s*$", s)
    if m:
        return m.group(1)
    return s.casefold()


def _same(role: str, want: Any, got: Any) -> bool:
    if role in NUMERIC:
        if want is None or got is None:
            return want is None and (got is None or (isinstance(got, float) and math.isnan(got)))
        return isinstance(got, int | float) and abs(float(want) - float(got)) <= 0.005
    if role == "purchase_date":
        return (want or None) == (got.isoformat() if got is not None else None)
    if role == "origin":
        return _origin(want) == _origin(got)
    return _text(want) == _text(got)


def _ok(role: str, exp: dict[str, Any], got: Any) -> bool:
    wants = [exp.get(role)]
    alt = exp.get("acceptable", {}).get(role)
    if alt is not None:
        wants += alt if isinstance(alt, list) else [alt]
    return any(_same(role, w, got) for w in wants)


@dataclass
class Score:
    files: int = 0
    files_ok: int = 0
    rows_expected: int = 0
    rows_found: int = 0
    rows_missing: int = 0
    rows_extra: int = 0
    rows_shifted: int = 0  # found only under the Excel row of a multi-line CSV record
    cls_total: int = 0
    cls_ok: int = 0
    items_expected: int = 0
    items_found_as_item: int = 0
    field_total: Counter[str] = field(default_factory=Counter)
    field_ok: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)


def _cli_reject(path: Path) -> tuple[bool, str]:
    proc = subprocess.run(
        [sys.executable, "-m", "fairbuy", "check", str(path), "--format", "json", "-o", "/dev/null"],
        capture_output=True, text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    ok = proc.returncode == 2 and len(lines) == 1 and path.name in lines[0] and "Traceback" not in proc.stderr
    return ok, f"exit {proc.returncode}: {' | '.join(lines)[:300]}"


def score_file(entry: dict[str, Any], sc: Score, *, cli: bool) -> str:
    path = SET / entry["file"]
    expect = entry["expect"]
    sc.files += 1
    name = entry["file"]
    try:
        report = fairbuy.check(str(path))
        err: str | None = None
    except (InputError, UsageError) as exc:
        report, err = None, str(exc)
    except Exception as exc:  # a crash is a finding, not a benchmark failure
        sc.problems.append(f"{name}: CRASH {type(exc).__name__}: {exc}")
        return f"{name}: CRASH"
    if report is None:
        if expect in ("reject", "read_or_reject"):
            one_line = "\n" not in (err or "").strip()
            good = one_line
            detail = f"rejected: {err}"
            if cli:
                good_cli, detail_cli = _cli_reject(path)
                good = good and good_cli
                detail += f" [cli {detail_cli}]"
            sc.files_ok += good
            if not good:
                sc.problems.append(f"{name}: bad rejection: {detail}")
            return f"{name}: {'ok' if good else 'BAD'} {detail[:160]}"
        sc.problems.append(f"{name}: rejected but must be read: {err}")
        # count every expected row as missing
        for sh in entry.get("sheets", []):
            n = len(sh.get("rows", []))
            sc.rows_expected += n
            sc.rows_missing += n
            sc.items_expected += sum(r["item"] for r in sh.get("rows", []))
        return f"{name}: REJECTED ({err})"
    if expect == "reject":
        sc.problems.append(f"{name}: read ({len(report.items)} items) but must be rejected")
        return f"{name}: READ but must be rejected"

    is_csv = all(sh.get("sheet") is None for sh in entry["sheets"])
    got: dict[tuple[str | None, int], Any] = {}
    for it in report.items:
        got[(None if is_csv else it.source.sheet, it.source.row)] = it
    used: set[tuple[str | None, int]] = set()
    preamble: set[tuple[str | None, int]] = set()
    f_missing = f_extra = f_cls = f_fields = 0
    f_field_total = 0
    for sh in entry["sheets"]:
        sheet = sh.get("sheet")
        for p in sh.get("preamble", []):
            preamble.add((sheet, p["row"]))
        for exp in sh.get("rows", []):
            sc.rows_expected += 1
            key = (sheet, exp["row"])
            it = got.get(key)
            if it is None and "excel_row" in exp and (sheet, exp["excel_row"]) in got:
                key = (sheet, exp["excel_row"])
                it = got[key]
                sc.rows_shifted += 1
                sc.problems.append(f"{name} row {exp['row']}: reported as row {exp['excel_row']} (Excel row)")
            if it is None:
                sc.rows_missing += 1
                f_missing += 1
                sc.problems.append(f"{name} {sheet or ''} row {exp['row']}: MISSING "
                                   f"({'item ' + str(exp.get('description')) if exp['item'] else exp.get('kind')})")
                sc.items_expected += exp["item"]
                continue
            used.add(key)
            sc.rows_found += 1
            as_item = str(it.status) != "unreadable"
            sc.cls_total += 1
            good_cls = as_item == exp["item"] or (as_item and exp.get("acceptable_as_item", False))
            sc.cls_ok += good_cls
            if not good_cls:
                f_cls += 1
                why = "; ".join(f.message for f in it.findings)[:120] if not as_item else str(it.status)
                sc.problems.append(
                    f"{name} {sheet or ''} row {exp['row']}: expected {'item' if exp['item'] else exp.get('kind')}, "
                    f"got {'item' if as_item else 'non-item'} desc={it.description!r:.60} [{why}]")
            if not exp["item"]:
                continue
            sc.items_expected += 1
            sc.items_found_as_item += as_item
            for role in FIELDS:
                if role not in exp:
                    continue
                value = getattr(it, role)
                sc.field_total[role] += 1
                f_field_total += 1
                if _ok(role, exp, value):
                    sc.field_ok[role] += 1
                    f_fields += 1
                else:
                    amb = " (ambiguous)" if exp.get("ambiguous") else ""
                    sc.problems.append(f"{name} {sheet or ''} row {exp['row']}: {role} expected "
                                       f"{exp.get(role)!r}, got {value!r}{amb}")
    for key, it in got.items():
        if key in used:
            continue
        if key in preamble and str(it.status) == "unreadable":
            continue
        sc.rows_extra += 1
        f_extra += 1
        sc.problems.append(f"{name} {key[0] or ''} row {key[1]}: EXTRA {it.status!s} desc={it.description!r:.60}")
    good_file = f_missing == 0 and f_extra == 0 and f_cls == 0 and f_fields == f_field_total
    sc.files_ok += good_file
    return (f"{name}: rows missing {f_missing}, extra {f_extra}, misclassified {f_cls}, "
            f"fields {f_fields}/{f_field_total}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("only", nargs="*", help="file name prefixes to run (default all)")
    ap.add_argument("--quiet", action="store_true", help="only the headline figures")
    ap.add_argument("--no-cli", action="store_true", help="don't run the CLI on the files to be rejected")
    args = ap.parse_args(argv)
    spec = json.loads((SET / "expected.json").read_text(encoding="utf-8"))
    sc = Score()
    t0 = time.perf_counter()
    lines = []
    for entry in spec["files"]:
        if args.only and not any(entry["file"].startswith(p) for p in args.only):
            continue
        lines.append(score_file(entry, sc, cli=not args.no_cli))
    elapsed = time.perf_counter() - t0
    if not args.quiet:
        print("Per file:")
        for ln in lines:
            print("  " + ln)
        print(f"\nMismatches ({len(sc.problems)}):")
        for p in sc.problems:
            print("  " + p)
        print()
    pct = lambda a, b: f"{a}/{b} ({100 * a / b:.1f}%)" if b else "0/0"  # noqa: E731
    print(f"files fully correct (read or rejected as expected): {pct(sc.files_ok, sc.files)}")
    print(f"rows found: {pct(sc.rows_found, sc.rows_expected)}; missing {sc.rows_missing}, "
          f"extra {sc.rows_extra}, under Excel row instead of line {sc.rows_shifted}")
    print(f"item/non-item classification: {pct(sc.cls_ok, sc.cls_total)}; "
          f"expected items read as items: {pct(sc.items_found_as_item, sc.items_expected)}")
    tot_ok = sum(sc.field_ok.values())
    tot = sum(sc.field_total.values())
    print("fields: " + ", ".join(f"{r} {pct(sc.field_ok[r], sc.field_total[r])}" for r in FIELDS))
    print(f"fields overall: {pct(tot_ok, tot)}   ({elapsed:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
