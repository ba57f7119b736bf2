"""Reader fixes found with the blind reader set, second round: ambiguous ``1.000`` decided by the
row, non-item rows (``davon``, sign-off, budget lines, group headings), German long dates, header
cells merged over two header rows."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from fairbuy.io import read_input
from fairbuy.io.parsing import Factorized, number_readings_uniques, parse_number, parse_numbers


def _csv(tmp_path: Path, text: str, name: str = "l.csv") -> pd.DataFrame:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return read_input(p).table


def test_ambiguous_numbers_have_their_other_reading() -> None:
    f = Factorized.of(pd.Series(["5.000", "1,000", "-2.500", "1.5", "1.234,5", "12.345.678", "0,045", "4"],
                                dtype=object))
    nums, bad, other = number_readings_uniques(f, "de")
    assert nums.tolist()[:3] == [5000.0, 1.0, -2500.0]
    assert other.tolist()[:3] == [5.0, 1000.0, -2.5]
    # one reading only: two decimals, both separators, several groups, a zero before the separator
    assert np.isnan(other[3:]).all()
    assert not bad.any()


def test_zero_before_the_only_separator_is_a_decimal() -> None:
    assert parse_number("0,045", "en") == 0.045
    assert parse_number("0.125", "de") == 0.125
    nums, _ = parse_numbers(pd.Series(["0.125", "-0,045"], dtype=object), "de")
    assert nums.tolist() == [0.125, -0.045]
    # and it tells the column's style: "1.000" next to "0,045" is German
    nums, _ = parse_numbers(pd.Series(["1.000", "0,045"], dtype=object), default="en")
    assert nums.tolist() == [1000.0, 0.045]


def test_ambiguous_quantity_decided_by_quantity_times_price(tmp_path: Path) -> None:
    # the column reads English ("1.5" is the only evidence), but the rows say otherwise
    t = _csv(tmp_path, "Artikel;Menge;EP;Gesamt\n"
                       "Papier;5.000;0,0125;62,50\n"     # 5000 × 0,0125 = 62,50
                       "Kaffee;1.5;18,00;27,00\n"
                       "Sand;1,000;38,00;38,00\n"        # 1,0 × 38 = 38 (en would read 1000)
                       "Salz;2.500;0,12;\n"              # no amount: the column's reading stays
                       "Stifte;3.000;2,00;6,00\n"        # the column's reading (3) fits: kept
                       "Wartung;1;1.234;1.234\n")        # two ambiguous cells: the column decides
    assert t["quantity"].tolist() == [5000.0, 1.5, 1.0, 2.5, 3.0, 1.0]
    assert t["unit_price"].tolist()[5] == 1234.0
    assert t["amount"].tolist()[5] == 1234.0


def test_ambiguous_price_or_amount_decided_by_the_row(tmp_path: Path) -> None:
    # a German column (",50"), one "1.250" price that is 1,25 by the row; an amount "2.000" = 2000
    t = _csv(tmp_path, "Artikel;Menge;EP;Gesamt\n"
                       "Tee;4;1.250;5,00\n"
                       "Bank;2;1.000,00;2.000\n"
                       "Stuhl;2;12,50;25,00\n")
    assert t["unit_price"].tolist() == [1.25, 1000.0, 12.5]
    assert t["amount"].tolist() == [5.0, 2000.0, 25.0]
