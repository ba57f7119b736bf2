"""The supplier evidence register in a full audit: per item the entry used, and the supplier sheet."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

import fairbuy
from fairbuy.reports import write_report

REGISTER = Path(__file__).resolve().parent.parent / "examples" / "register" / "lieferanten-nachweise.yaml"


@pytest.fixture(scope="module")
def report(example_csv: Path) -> fairbuy.AuditReport:
    return fairbuy.check(
        example_csv, evidence=REGISTER, audit_date=dt.date(2025, 6, 30), generated_at="2025-06-30T12:00:00Z"
    )


def test_items_show_the_register_entry_used(report: fairbuy.AuditReport) -> None:
    curb = next(i for i in report.items if (i.description or "").startswith("Granit-Bordstein"))
    reg = [e for e in curb.evidence if e.field == "register"]
    assert reg, curb.evidence
    assert any(e.label_id == "xertifix-plus" for e in reg)
    assert all("register row" in (e.reference or "") for e in reg)
    # items of suppliers without register entries carry no register evidence
    desk = next(i for i in report.items if (i.description or "").startswith("Schreibtisch"))
    assert not [e for e in desk.evidence if e.field == "register"]


def test_supplier_overview_in_report_and_xlsx(report: fairbuy.AuditReport, tmp_path: Path) -> None:
    suppliers = report.extra["suppliers"]
    names = [s["supplier"] for s in suppliers]
    assert "Naturstein Import Ruhr GmbH" in names
    stone = next(s for s in suppliers if s["supplier"] == "Naturstein Import Ruhr GmbH")
    assert stone["register_supplier"] == "Naturstein-Import Ruhr GmbH"
    assert "xertifix-plus" in stone["evidence"]
    assert sum(s["items"] for s in suppliers) == sum(1 for i in report.items if i.status != "unreadable")
    out = tmp_path / "a.xlsx"
    write_report(report, out)
    wb = openpyxl.load_workbook(out)
    assert "Lieferanten" in wb.sheetnames
    rows = list(wb["Lieferanten"].iter_rows(values_only=True))
    assert rows[0][0] == "Lieferant"
    assert any(r[0] == "Naturstein Import Ruhr GmbH" for r in rows[1:])


def test_without_register_no_supplier_sheet(example_csv: Path, tmp_path: Path) -> None:
    plain = fairbuy.check(example_csv, generated_at="2025-06-30T12:00:00Z")
    assert "suppliers" not in plain.extra
    out = tmp_path / "b.xlsx"
    write_report(plain, out)
    assert "Lieferanten" not in openpyxl.load_workbook(out).sheetnames
