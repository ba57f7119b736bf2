"""Do two fairbuy checkouts (or settings) give the same report? A guard for performance work.

    python benchmarks/equality.py FILE --baseline-root /path/to/old/checkout
    python benchmarks/equality.py FILE --baseline-env FAIRBUY_WORKERS=1     # serial vs parallel

Runs ``fairbuy check FILE -o …json`` twice in fresh subprocesses with a fixed ``--generated-at``:
the *baseline* (another checkout on ``PYTHONPATH`` and/or extra environment variables) and the
*candidate* (this checkout, or ``--candidate-root``). Compares the items field by field
(product_group, labels, evidence, findings, status and every other field) and the rest of the
report, prints the counts and the first differences, and exits 1 when anything differs.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FIELDS = ("product_group", "labels", "evidence", "findings", "status")
GENERATED_AT = "2026-01-01T00:00:00+00:00"


def run_check(root: Path, path: Path, out: Path, env_extra: dict[str, str]) -> float:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(root)
    env.update(env_extra)
    cmd = [sys.executable, "-m", "fairbuy", "check", str(path), "-o", str(out), "-q", "--generated-at", GENERATED_AT]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=root, capture_output=True, text=True, check=False)
    took = time.perf_counter() - t0
    if proc.returncode not in (0, 1) or not out.exists():  # 1 = violations found
        raise SystemExit(f"fairbuy check failed in {root} (exit {proc.returncode}):\n{proc.stderr[-2000:]}")
    return took


def _env_pairs(pairs: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for p in pairs:
        k, sep, v = p.partition("=")
        if not sep:
            raise SystemExit(f"--*-env wants NAME=VALUE, got {p!r}")
        out[k] = v
    return out


def compare(a: dict[str, Any], b: dict[str, Any], show: int) -> int:
    """Number of differences (items and report parts); prints the first ``show``."""
    diffs = 0
    ia, ib = a.pop("items"), b.pop("items")
    if len(ia) != len(ib):
        print(f"item count differs: {len(ia)} vs {len(ib)}")
        diffs += 1
    per_field = dict.fromkeys(FIELDS, 0)
    other = 0
    for n, (x, y) in enumerate(zip(ia, ib, strict=False)):
        if x == y:
            continue
        for f in FIELDS:
            if x.get(f) != y.get(f):
                per_field[f] += 1
        if {k: v for k, v in x.items() if k not in FIELDS} != {k: v for k, v in y.items() if k not in FIELDS}:
            other += 1
        diffs += 1
        if diffs <= show:
            keys = [k for k in sorted(set(x) | set(y)) if x.get(k) != y.get(k)]
            print(f"item {n} (row {x.get('source', {}).get('row')}): {', '.join(keys)}")
            for k in keys[:3]:
                print(f"  baseline : {json.dumps(x.get(k), ensure_ascii=False)[:300]}")
                print(f"  candidate: {json.dumps(y.get(k), ensure_ascii=False)[:300]}")
    for k in sorted(set(a) | set(b)):
        if a.get(k) != b.get(k):
            print(f"report part differs: {k}")
            diffs += 1
    print("differing items by field: " + ", ".join(f"{f} {c}" for f, c in per_field.items()) + f", other {other}")
    return diffs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file", type=Path)
    ap.add_argument("--baseline-root", type=Path, default=ROOT, help="checkout for the baseline run")
    ap.add_argument("--candidate-root", type=Path, default=ROOT, help="checkout for the candidate run")
    ap.add_argument("--baseline-env", action="append", default=[], metavar="NAME=VALUE")
    ap.add_argument("--candidate-env", action="append", default=[], metavar="NAME=VALUE")
    ap.add_argument("--show", type=int, default=5, help="differences to print")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        out_a, out_b = Path(tmp) / "baseline.json", Path(tmp) / "candidate.json"
        ta = run_check(args.baseline_root.resolve(), args.file.resolve(), out_a, _env_pairs(args.baseline_env))
        tb = run_check(args.candidate_root.resolve(), args.file.resolve(), out_b, _env_pairs(args.candidate_env))
        raw_a, raw_b = out_a.read_bytes(), out_b.read_bytes()
        print(f"baseline {ta:.1f} s, candidate {tb:.1f} s (wall)")
        if raw_a == raw_b:
            n = raw_a.count(b'"source":{')
            print(f"identical: {n} items, {len(raw_a):,} bytes byte for byte")
            return 0
        diffs = compare(json.loads(raw_a), json.loads(raw_b), args.show)
    print(f"DIFFERENT: {diffs} differences" if diffs else "equal as JSON values (bytes differ in layout only)")
    return 1 if diffs else 0


if __name__ == "__main__":
    raise SystemExit(main())
