"""Supplier overview, expiry listing and the ``fairbuy suppliers`` command."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from suppliers_helpers import KNOWN_LABELS, day, item_table

import fairbuy.cli.suppliers as cli_suppliers
from fairbuy.suppliers import (
    Register,
    entry_state,
    expiring_evidence,
    join_register,
    load_register,
    register_extra,
    supplier_overview,
)

EXAMPLE_REGISTER = Path(__file__).resolve().parent.parent / "examples" / "register" / "lieferanten-nachweise.yaml"


@pytest.fixture(scope="module")
def register() -> Register:
    return load_register(EXAMPLE_REGISTER, known_label_ids=KNOWN_LABELS)


def _ledger() -> pd.DataFrame:
    return item_table(
        [
            {"supplier": "Textil Import GmbH", "amount": 1170.0, "product_group": "clothing_workwear",
             "purchase_date": day("2025-01-20")},
            {"supplier": "Textil Import GmbH", "amount": 756.0, "product_group": "textiles",
             "purchase_date": day("2025-01-21")},
            {"supplier": "Arbeitsschutz Lippe GmbH", "amount": 1950.0, "product_group": "clothing_workwear",
             "purchase_date": day("2025-01-20")},
            {"supplier": "Arbeitsschutz Lippe", "amount": 2097.0, "product_group": "footwear",
             "purchase_date": day("2025-01-21")},
            {"supplier": "Steinmetz Brenner", "amount": 1780.0, "product_group": "gravestones"},
            {"supplier": "Backstube am Markt", "amount": 116.0, "product_group": None},
            {"supplier": None, "amount": 10.0},
            {"supplier": "Summe", "amount": 9000.0, "row_kind": "total"},
        ]
    )


def test_entry_state() -> None:
    on = day("2025-03-01")
    assert entry_state(None, None, on) == "valid"
    assert entry_state(None, day("2025-03-01"), on) == "expiring"
    assert entry_state(None, day("2025-05-30"), on) == "expiring"  # 90 days
    assert entry_state(None, day("2025-05-31"), on) == "valid"
    assert entry_state(None, day("2025-02-28"), on) == "expired"
    assert entry_state(day("2025-03-02"), None, on) == "not_yet_valid"


def test_expiring_evidence_lists_expired_and_soon_expiring(register: Register) -> None:
    listed = expiring_evidence(register, day("2025-05-01"), within_days=90)
    summary = [(e["supplier_name"], e["label_id"], e["state"], e["days_left"]) for e in listed]
    assert summary == [
        ("Arbeitsschutz Lippe GmbH", "fair-wear-foundation", "expired", -121),
        ("Naturstein-Import Ruhr GmbH", "xertifix-plus", "expiring", 60),
    ]
    assert listed[0]["register_row"] == 29 and listed[0]["valid_to"] == dt.date(2024, 12, 31)
    assert expiring_evidence(register, day("2024-01-15"), within_days=0) == []


def test_overview_with_register(register: Register) -> None:
    ov = supplier_overview(_ledger(), register, audit_date=day("2025-03-01"))
    assert list(ov["supplier"])[:2] == ["Arbeitsschutz Lippe GmbH", "Textil Import GmbH"]  # by spend
    lippe = ov.iloc[0]
    assert lippe["items"] == 2 and lippe["spend"] == 4047.0 and lippe["spellings"] == 2
    assert lippe["evidence_count"] == 2 and lippe["expired_entries"] == 1 and lippe["valid_entries"] == 1
    assert lippe["validity"] == "valid"
    assert "fair-wear-foundation (membership, 2023-03-01–2024-12-31)" in lippe["evidence"]
    textil = ov[ov["supplier"] == "Textil Import GmbH"].iloc[0]
    assert textil["register_supplier"] == "Textil-Import GmbH & Co. KG" and textil["join_method"] == "name"
    brenner = ov[ov["supplier"] == "Steinmetz Brenner"].iloc[0]
    assert brenner["join_method"] == "alias" and brenner["evidence_count"] == 2
    backstube = ov[ov["supplier"] == "Backstube am Markt"].iloc[0]
    assert backstube["validity"] == "none" and backstube["evidence"] is None and backstube["join_method"] is None
    nobody = ov[ov["supplier"].isna()].iloc[0]
    assert nobody["items"] == 1 and nobody["spend"] == 10.0
    # the total row is not an item
    assert ov["items"].sum() == 7
    assert "status_compliant" not in ov.columns


def test_overview_from_joined_column_with_statuses(register: Register) -> None:
    table = join_register(_ledger(), register)
    table["status"] = ["compliant", "needs_review", "non_compliant", "needs_review", "compliant",
                       "not_applicable", "not_applicable", "unreadable"]
    ov = supplier_overview(table, audit_date=day("2025-03-01"))
    lippe = ov[ov["supplier"] == "Arbeitsschutz Lippe GmbH"].iloc[0]
    # joined entries are scope-filtered: footwear got nothing, clothing got both
    assert lippe["evidence_count"] == 2
    assert lippe["status_non_compliant"] == 1 and lippe["status_needs_review"] == 1 and lippe["open_items"] == 2
    textil = ov[ov["supplier"] == "Textil Import GmbH"].iloc[0]
    assert textil["evidence_count"] == 1 and textil["validity"] == "valid"
    assert textil["open_items"] == 1


def test_overview_of_empty_table() -> None:
    ov = supplier_overview(item_table([]))
    assert ov.empty and "supplier" in ov.columns


# ----------------------------------------------------------------------------- CLI


@pytest.fixture()
def fake_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    def read(inputs: list[str], sheets: object, column_map: object) -> pd.DataFrame:
        return _ledger()

    monkeypatch.setattr(cli_suppliers, "read_items", read)


def test_cli_table(fake_reader: None) -> None:
    result = CliRunner().invoke(
        cli_suppliers.suppliers_cmd,
        ["list.xlsx", "--evidence", str(EXAMPLE_REGISTER), "--audit-date", "2025-05-01"],
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.splitlines()[0].startswith("Lieferant")
    assert "Arbeitsschutz Lippe GmbH" in out and "4.047,00" in out
    assert "Abgelaufene oder bald ablaufende Nachweise (Stichtag 2025-05-01, 90 Tage)" in out
    assert "2024-12-31  abgelaufen" in out


def test_cli_json(fake_reader: None) -> None:
    result = CliRunner().invoke(
        cli_suppliers.suppliers_cmd,
        ["list.xlsx", "-e", str(EXAMPLE_REGISTER), "-f", "json", "--audit-date", "2025-03-01"],
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["audit_date"] == "2025-03-01"
    names = [s["supplier"] for s in doc["suppliers"]]
    assert "Textil Import GmbH" in names and None in names
    assert [e["label_id"] for e in doc["expiring"]] == ["fair-wear-foundation"]
    assert doc["expiring"][0]["valid_to"] == "2024-12-31"


def test_cli_without_register_and_csv_output(fake_reader: None, tmp_path: Path) -> None:
    out = tmp_path / "lieferanten.csv"
    result = CliRunner().invoke(cli_suppliers.suppliers_cmd, ["list.xlsx", "-f", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("supplier;supplier_id;")


def test_cli_bad_register_is_one_line_exit_2(fake_reader: None, tmp_path: Path) -> None:
    bad = tmp_path / "reg.csv"
    bad.write_text("Lieferant;Siegel;Gültig bis\nA GmbH;wfto;31.02.2025\nB AG;Blauer Hase;\n", encoding="utf-8")
    result = CliRunner().invoke(cli_suppliers.suppliers_cmd, ["list.xlsx", "--evidence", str(bad)])
    assert result.exit_code == 2
    assert result.stderr.startswith("fairbuy: error: ") and f"{bad}:2 field 'valid_to'" in result.stderr
    assert "Traceback" not in result.output


def test_cli_missing_input_file(tmp_path: Path) -> None:
    pytest.importorskip("fairbuy.io")
    result = CliRunner().invoke(cli_suppliers.suppliers_cmd, [str(tmp_path / "nope.xlsx")])
    assert result.exit_code == 2 and "file not found" in result.stderr


def test_cli_on_example_list() -> None:
    pytest.importorskip("fairbuy.io")
    example = Path(__file__).resolve().parent.parent / "examples" / "einkaufsliste-2025.csv"
    result = CliRunner().invoke(
        cli_suppliers.suppliers_cmd,
        [str(example), "-e", str(EXAMPLE_REGISTER), "-f", "json", "--audit-date", "2025-03-01"],
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    by_name = {s["supplier"]: s for s in doc["suppliers"]}
    assert by_name["Textil Import GmbH"]["join_method"] == "name"
    assert by_name["Steinmetz Brenner"]["join_method"] == "alias"
    assert by_name["Naturstein Import Ruhr GmbH"]["evidence_count"] == 2


def test_register_extra_is_json_ready(register: Register) -> None:
    extra = register_extra(register, day("2025-05-01"))
    assert json.loads(json.dumps(extra)) == extra
    assert extra["suppliers"] == 6 and extra["entries"] == 10
    assert [e["valid_to"] for e in extra["expiring"]] == ["2024-12-31", "2025-06-30"]
