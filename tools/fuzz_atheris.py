"""Coverage-guided fuzzing (atheris) of fairbuy's input parsers; the hypothesis tests in
``tests/test_fuzz.py`` run the same targets briefly in every test run.

Usage (atheris: ``pip install -e ".[fuzz]"``)::

    python tools/fuzz_atheris.py TARGET [atheris/libFuzzer options, e.g. -max_total_time=60]

TARGET is one of: number, date, csv, normalise, xml, workbook. Any exception other than
:class:`fairbuy.errors.InputError` (where a function may raise it) is a finding; libFuzzer stops
and writes the input to ``crash-*``.
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import atheris
import pandas  # noqa: F401  (imported before instrumentation: only fairbuy is instrumented)

with atheris.instrument_imports(include=["fairbuy"]):
    import fairbuy.io.guards as guards
    from fairbuy.errors import InputError

MAX_ABS = 1e15


def _number(data: bytes) -> None:
    from fairbuy.io.parsing import parse_number

    fdp = atheris.FuzzedDataProvider(data)
    style = "de" if fdp.ConsumeBool() else "en"
    f = parse_number(fdp.ConsumeUnicodeNoSurrogates(64), style)
    assert f != f or abs(f) <= MAX_ABS, f


def _date(data: bytes) -> None:
    from fairbuy.io.parsing import parse_date

    parse_date(atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(64))


def _csv(data: bytes) -> None:
    from fairbuy.io.csvread import read_csv_grid

    try:
        cells, rows, _header, _meta = read_csv_grid(data, "fuzz.csv", column_map=None)
    except InputError:
        return
    assert len(cells) == len(rows)


def _normalise(data: bytes) -> None:
    from fairbuy.recognise.normalise import fold, normalise

    text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(4096)
    folded = fold(text)
    assert fold(folded) == folded
    normalise(text)


def _xml(data: bytes) -> None:
    with contextlib.suppress(InputError):
        guards.parse_xml(data, path="fuzz.xml")


_TMP = Path(tempfile.mkdtemp(prefix="fairbuy-fuzz-"))


def _workbook(data: bytes) -> None:
    from fairbuy.io import read_input

    path = _TMP / "fuzz.xlsx"
    path.write_bytes(data)
    with contextlib.suppress(InputError):
        read_input(path)


TARGETS: dict[str, Callable[[bytes], None]] = {
    "number": _number,
    "date": _date,
    "csv": _csv,
    "normalise": _normalise,
    "xml": _xml,
    "workbook": _workbook,
}


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        sys.exit(f"usage: {sys.argv[0]} {{{'|'.join(TARGETS)}}} [libFuzzer options]")
    target = TARGETS[sys.argv[1]]
    atheris.Setup([sys.argv[0], *sys.argv[2:]], target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
