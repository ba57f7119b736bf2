"""Run fairbuy under an address-space cap (used by the hostile tests for bombs and huge sheets).

``python -m tests.hostile.run_limited MB ARGS...`` runs the ``fairbuy`` CLI with ARGS;
``python -m tests.hostile.run_limited MB --read PATH`` runs only :func:`fairbuy.io.read_input` and
prints one JSON line: ``{"error": "..."}`` or ``{"rows": [...], "kinds": [...]}``.
A reader that tries to inflate a bomb dies here instead of taking the machine with it.
"""

from __future__ import annotations

import json
import resource
import sys


def _read(path: str) -> None:
    from fairbuy.errors import InputError
    from fairbuy.io import read_input

    try:
        table = read_input(path).table
    except InputError as exc:
        print(json.dumps({"error": str(exc)}))
        return
    descs = [d if isinstance(d, str) else "" for d in table["description"]]
    print(json.dumps({
        "rows": [int(r) for r in table["source_row"]],
        "kinds": [str(k) for k in table["row_kind"]],
        "desc_len": [len(d) for d in descs],
        "nul": any("\x00" in d for d in descs),
    }))


def main() -> None:
    limit = int(sys.argv[1]) << 20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    if sys.argv[2] == "--read":
        _read(sys.argv[3])
        return
    from fairbuy.cli import main as cli

    cli(sys.argv[2:], prog_name="fairbuy")


if __name__ == "__main__":
    main()
