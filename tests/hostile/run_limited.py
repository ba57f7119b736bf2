"""Run the ``fairbuy`` CLI under an address-space cap: ``python -m tests.hostile.run_limited MB ARGS...``.

Used by the hostile tests for the cases that could blow up memory (bombs, huge sheets): a reader
that tries to inflate a bomb dies here instead of taking the machine with it.
"""

from __future__ import annotations

import resource
import sys


def main() -> None:
    limit = int(sys.argv[1]) << 20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from fairbuy.cli import main as cli

    cli(sys.argv[2:], prog_name="fairbuy")


if __name__ == "__main__":
    main()
