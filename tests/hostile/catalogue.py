"""Print the hostile corpus as a Markdown table with what ``fairbuy check`` gives for each case.

    PYTHONPATH=. python -m tests.hostile.catalogue > tests/hostile/CORPUS.md

Every case is generated into a temporary folder and run like the tests run it (heavy cases in a
subprocess with a memory cap); the table shows the exit status, the seconds taken and either the
error line or the items' source rows and statuses.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path

from tests.hostile.checks import run_cli_inprocess, run_cli_subprocess
from tests.hostile.corpus import CASES


def _gives(code: int, stderr: str, report: dict[str, object] | None, path: Path) -> str:
    if code == 2:
        line = next((ln for ln in stderr.splitlines() if ln.strip()), "")
        return "error: `" + line.replace(str(path.parent) + "/", "").replace("|", "\\|") + "`"
    if report is None:
        return f"exit {code}, no report"
    items = report["items"]
    assert isinstance(items, list)
    rows = [i["source"]["row"] for i in items]
    statuses = Counter(i["status"] for i in items)
    shown = ", ".join(map(str, rows[:8])) + (", …" if len(rows) > 8 else "")
    return f"{len(items)} items (rows {shown}); " + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items()))


def main() -> None:
    print("| case | file | expected | what it is | exit | s | what fairbuy gives |")
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for case in CASES:
            folder = Path(tmp) / case.name
            folder.mkdir()
            path = folder / case.filename
            case.make(path)
            out = folder / "report.json"
            try:
                if case.heavy:
                    run = run_cli_subprocess(path, out, timeout=case.seconds * 3)
                else:
                    run = run_cli_inprocess(path, out)
            except AssertionError as exc:  # timeout, killed, or an exception escaped
                print(f"| {case.name} | `{case.filename}` | {case.expect} | {case.note} | – | – | "
                      f"FAILED: {' '.join(str(exc).split())[:200]} |")
                continue
            gives = _gives(run.code, run.stderr, run.report, path)
            print(
                f"| {case.name} | `{case.filename}` | {case.expect} | {case.note} | {run.code} | "
                f"{run.seconds:.1f} | {gives} |"
            )


if __name__ == "__main__":
    main()
