"""The whole pipeline through the library API on the shipped example list."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

import fairbuy
from fairbuy.errors import InputError, UsageError
from fairbuy.models import AuditReport

GEN = dt.datetime(2026, 1, 15, 12, 0, tzinfo=dt.UTC)


def _csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.reader(fh, delimiter=";"))


@pytest.fixture(scope="module")
def xlsx_report(example_xlsx: Path) -> AuditReport:
    return fairbuy.check(example_xlsx, generated_at=GEN)


@pytest.fixture(scope="module")
def csv_report(example_csv: Path) -> AuditReport:
    return fairbuy.check(example_csv, generated_at=GEN)


def _by_desc(report: AuditReport, start: str) -> fairbuy.models.ItemResult:
    hits = [i for i in report.items if (i.description or "").startswith(start)]
    assert len(hits) == 1, start
    return hits[0]


def test_every_xlsx_row_is_one_item_with_excel_row_numbers(
    xlsx_report: AuditReport, example_csv: Path
) -> None:
    data_rows = _csv_rows(example_csv)[1:]  # the xlsx holds the same rows below two title rows
    assert len(xlsx_report.items) == len(data_rows)
    # header is Excel row 3, so the first data row is row 4
    assert [i.source.row for i in xlsx_report.items] == list(range(4, 4 + len(data_rows)))
    assert [i.description for i in xlsx_report.items[:-1]] == [r[3] for r in data_rows[:-1]]
    assert all(i.source.sheet == "Bestellungen 2025" for i in xlsx_report.items)
    assert xlsx_report.inputs[0].rows == len(data_rows)


def test_every_csv_row_is_one_item_with_line_numbers(csv_report: AuditReport, example_csv: Path) -> None:
    data_rows = _csv_rows(example_csv)[1:]
    assert [i.source.row for i in csv_report.items] == list(range(2, 2 + len(data_rows)))
    assert all(i.source.sheet is None for i in csv_report.items)


def test_xlsx_and_csv_twins_agree(xlsx_report: AuditReport, csv_report: AuditReport) -> None:
    def key(r: AuditReport) -> list[tuple[object, ...]]:
        return [
            (i.description, i.product_group, i.status, tuple(lab.id for lab in i.labels)) for i in r.items
        ]

    assert key(xlsx_report) == key(csv_report)


def test_totals_row_is_kept_as_unreadable(csv_report: AuditReport) -> None:
    last = csv_report.items[-1]
    assert last.status == "unreadable"
    assert last.findings and last.findings[0].rule_id == "read"


def test_verdicts_under_the_magna_charta(csv_report: AuditReport) -> None:
    fair_coffee = _by_desc(csv_report, "Röstkaffee gemahlen 500 g, Fairtrade")
    assert fair_coffee.product_group == "coffee"
    assert [lab.id for lab in fair_coffee.labels] == ["fairtrade"]
    assert fair_coffee.status == "compliant"

    plain_coffee = _by_desc(csv_report, "Kaffeebohnen Crema")
    assert plain_coffee.product_group == "coffee"
    assert plain_coffee.status == "non_compliant"
    assert any(f.suggestion for f in plain_coffee.findings)

    machine = _by_desc(csv_report, "Kaffeemaschine")
    assert machine.product_group is None
    assert machine.status == "not_applicable"

    negated = _by_desc(csv_report, "Kaffee gemahlen 500 g, nicht Fairtrade")
    assert negated.product_group == "coffee"
    assert negated.labels == []
    assert negated.status == "non_compliant"

    stone = _by_desc(csv_report, "Granitpflaster 8/11 grau, XertifiX PLUS")
    assert stone.product_group == "natural_stone"
    assert [lab.id for lab in stone.labels] == ["xertifix-plus"]
    assert stone.status == "compliant"

    concrete = _by_desc(csv_report, "Betonpflaster")
    assert concrete.product_group is None

    pen = _by_desc(csv_report, "Kugelschreiber")
    assert pen.status == "not_applicable"


def test_report_metadata(csv_report: AuditReport, example_csv: Path) -> None:
    import hashlib

    assert csv_report.fairbuy_version == fairbuy.__version__
    assert csv_report.label_db_version
    assert [r.id for r in csv_report.rulesets] == ["magna-charta-ruhr-2010"]
    assert csv_report.inputs[0].sha256 == hashlib.sha256(example_csv.read_bytes()).hexdigest()
    assert csv_report.generated_at == GEN
    s = csv_report.summary
    assert s.items == len(csv_report.items)
    assert sum(v.count for v in s.by_status.values()) == s.items


def test_same_input_same_report(example_csv: Path, csv_report: AuditReport) -> None:
    again = fairbuy.check(example_csv, generated_at=GEN)
    assert again.model_dump_json() == csv_report.model_dump_json()


def test_dataframe_input() -> None:
    df = pd.DataFrame(
        {
            "Bezeichnung": ["Röstkaffee 1 kg Fairtrade", "Kaffee 1 kg", "Kugelschreiber blau"],
            "Menge": [2, 3, 10],
            "Einzelpreis": [12.0, 9.5, 0.8],
        }
    )
    report = fairbuy.check(df, generated_at=GEN)
    assert [i.source.row for i in report.items] == [2, 3, 4]
    assert [i.status for i in report.items] == ["compliant", "non_compliant", "not_applicable"]
    json.loads(report.model_dump_json())


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        fairbuy.check(tmp_path / "nope.xlsx")
    assert "nope.xlsx" in str(err.value)


def test_unknown_ruleset_is_a_usage_error(example_csv: Path) -> None:
    with pytest.raises(UsageError):
        fairbuy.check(example_csv, rules=["no-such-rules"])


def test_unreadable_number_is_noted_on_the_item(tmp_path: Path) -> None:
    src = tmp_path / "l.csv"
    src.write_text("Bezeichnung;Menge;Einzelpreis\nKaffee 1 kg Fairtrade;abc;12,50\nKugelschreiber;2;1,20\n",
                   encoding="utf-8")
    report = fairbuy.check(src, generated_at=GEN)
    coffee, pen = report.items
    assert coffee.status == "compliant" and coffee.quantity is None
    notes = [f for f in coffee.findings if f.rule_id == "read"]
    assert len(notes) == 1 and "'abc'" in (notes[0].message_en or "")
    assert notes[0].severity == "info"
    assert not [f for f in pen.findings if f.rule_id == "read"]
    # the bulk JSON path shows the same note once
    from fairbuy.api import audit

    assert audit(src, generated_at=GEN).json_bytes() == report.model_dump_json().encode()
