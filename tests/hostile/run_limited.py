"""Run fairbuy under an address-space cap (used by the hostile tests for bombs and huge sheets).

``python -m tests.hostile.run_limited MB ARGS...``
    run the ``fairbuy`` CLI with ARGS;
``python -m tests.hostile.run_limited MB --batch MANIFEST RESULTS``
    run every case of the JSON manifest (``[{"name", "path", "out", "mode"}]``, mode ``cli`` or
    ``read``) one after the other in this one process, appending one JSON line per finished case to
    RESULTS (so that a case which kills the process is the first one missing).

A reader that tries to inflate a bomb dies here instead of taking the machine with it.
"""

from __future__ import annotations

import json
import resource
import sys
import time
import traceback
from typing import Any

GEN = ["--generated-at", "2026-01-15T12:00:00+00:00"]


def _read(path: str) -> dict[str, Any]:
    from fairbuy.errors import InputError
    from fairbuy.io import read_input

    try:
        table = read_input(path).table
    except InputError as exc:
        return {"error": str(exc)}
    descs = [d if isinstance(d, str) else "" for d in table["description"]]
    return {
        "rows": [int(r) for r in table["source_row"]],
        "kinds": [str(k) for k in table["row_kind"]],
        "nul": any("\x00" in d for d in descs),
    }


def _cli(path: str, out: str) -> dict[str, Any]:
    from click.testing import CliRunner

    from fairbuy.cli import main

    result = CliRunner().invoke(main, ["check", path, "-o", out, "-q", *GEN])
    exc = result.exception
    escaped = None
    if exc is not None and not isinstance(exc, SystemExit):
        escaped = "".join(traceback.format_exception(exc))[-3000:]
    return {"code": result.exit_code, "stdout": result.stdout[-5000:], "stderr": result.stderr[-5000:],
            "escaped": escaped}


def _batch(manifest: str, results: str) -> None:
    with open(manifest, encoding="utf-8") as fh:
        cases = json.load(fh)
    if cases and any(c["mode"] == "cli" for c in cases):  # warm-up: imports, label DB, rule sets
        warm = results + ".warm.csv"
        with open(warm, "w", encoding="utf-8") as fh:
            fh.write("Bezeichnung;Menge\nKaffee;1\n")
        _cli(warm, warm + ".json")
    for case in cases:
        start = time.monotonic()
        res = _read(case["path"]) if case["mode"] == "read" else _cli(case["path"], case["out"])
        res["name"] = case["name"]
        res["seconds"] = time.monotonic() - start
        res["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        with open(results, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(res) + "\n")


def main() -> None:
    limit = int(sys.argv[1]) << 20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    if sys.argv[2] == "--batch":
        _batch(sys.argv[3], sys.argv[4])
        return
    from fairbuy.cli import main as cli

    cli(sys.argv[2:], prog_name="fairbuy")


if __name__ == "__main__":
    main()
