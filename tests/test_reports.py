"""Report writers: JSON contract, CSV, API, atomic writing, determinism, terminal summary, goldens."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_reports_sample import GENERATED_AT, HOSTILE_DESCRIPTIONS, FakeLabelDB, sample_report

from fairbuy.errors import UsageError
from fairbuy.models import AuditReport, ItemResult, Location, Status, Summary
from fairbuy.reports import FORMATS, format_from_path, render_report, terminal_summary, write_report
from fairbuy.reports.atomic import atomic_open
from fairbuy.reports.csv_report import FORMULA_PREFIXES, safe_text
from fairbuy.reports.i18n import STRINGS

GOLDEN = Path(__file__).resolve().parent / "golden" / "reports"
UPDATE = os.environ.get("FAIRBUY_UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def report() -> AuditReport:
    return sample_report()


# --- JSON ----------------------------------------------------------------------------------------


def test_json_is_exactly_model_dump_json(report: AuditReport, tmp_path: Path) -> None:
    assert render_report(report, "json") == report.model_dump_json().encode()
    out = tmp_path / "r.json"
    write_report(report, out)
    assert out.read_bytes() == report.model_dump_json().encode()
    assert AuditReport.model_validate_json(out.read_bytes()) == report


def test_report_schema_command_prints_the_model_schema() -> None:
    from fairbuy.cli.report_cmds import report_schema_cmd

    result = CliRunner().invoke(report_schema_cmd, [])
    assert result.exit_code == 0, result.output
    schema = json.loads(result.output)
    expected = AuditReport.model_json_schema()
    assert schema["properties"] == expected["properties"]
    assert set(schema["required"]) >= {"fairbuy_version", "label_db_version", "rulesets", "inputs",
                                       "generated_at", "items", "summary"}
    status_enum = schema["$defs"]["Status"]["enum"]
    assert set(status_enum) == {s.value for s in Status}


def test_report_schema_validates_a_report_if_jsonschema_is_available(report: AuditReport) -> None:
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema not installed")
    from fairbuy.reports import report_schema

    jsonschema.validate(json.loads(report.model_dump_json()), report_schema())


# --- API -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "fmt"), [("a.json", "json"), ("a.XLSX", "xlsx"), ("a.html", "html"),
                                           ("a.htm", "html"), ("dir.x/a.csv", "csv")])
def test_format_from_extension(name: str, fmt: str) -> None:
    assert format_from_path(name) == fmt


def test_unknown_extension_format_and_language_are_usage_errors(report: AuditReport, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"\.txt"):
        write_report(report, tmp_path / "a.txt")
    with pytest.raises(UsageError, match="pdf"):
        render_report(report, "pdf")
    with pytest.raises(UsageError, match="fr"):
        render_report(report, "csv", lang="fr")
    with pytest.raises(UsageError, match="semicolon"):
        render_report(report, "csv", csv_dialect="semicolon")
    with pytest.raises(UsageError, match="does not exist"):
        write_report(report, tmp_path / "missing" / "a.json")
    assert not any(tmp_path.iterdir())


def test_every_i18n_key_exists_in_both_languages() -> None:
    assert set(STRINGS["de"]) == set(STRINGS["en"])
    assert all(v.strip() for lang in STRINGS.values() for v in lang.values())


# --- atomic writing ------------------------------------------------------------------------------


def test_interrupted_write_keeps_the_old_file_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_bytes(b"old")
    with pytest.raises(KeyboardInterrupt), atomic_open(target) as fh:
        fh.write(b"half a rep")
        raise KeyboardInterrupt
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_write_replaces_and_keeps_normal_permissions(report: AuditReport, tmp_path: Path) -> None:
    target = tmp_path / "r.csv"
    target.write_bytes(b"old")
    write_report(report, target)
    assert target.read_bytes().startswith("\ufeffDatei;".encode())
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask
    assert [p.name for p in tmp_path.iterdir()] == ["r.csv"]


# --- determinism ---------------------------------------------------------------------------------


def test_same_report_gives_identical_bytes_in_every_format_and_language() -> None:
    combos = [(fmt, lang) for fmt in FORMATS for lang in ("de", "en")]
    first = {c: render_report(sample_report(), c[0], lang=c[1], label_db=FakeLabelDB()) for c in combos}
    time.sleep(1.1)  # a clock-derived timestamp (zip member, document property) would now differ
    again = AuditReport.model_validate_json(sample_report().model_dump_json())  # a fresh, equal object
    for c in combos:
        assert render_report(again, c[0], lang=c[1], label_db=FakeLabelDB()) == first[c], c


def test_xlsx_fast_engine_is_deterministic_too() -> None:
    a = render_report(sample_report(), "xlsx", xlsx_engine="xlsxwriter")
    b = render_report(sample_report(), "xlsx", xlsx_engine="xlsxwriter")
    assert a == b


# --- CSV -----------------------------------------------------------------------------------------


def _csv_rows(data: bytes, dialect: str) -> list[list[str]]:
    text = data.decode("utf-8-sig" if dialect != "rfc4180" else "utf-8")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";" if dialect == "excel-de" else ","))


def test_csv_excel_de_dialect(report: AuditReport) -> None:
    data = render_report(report, "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data and data.count(b"\n") == data.count(b"\r\n")
    rows = _csv_rows(data, "excel-de")
    assert rows[0][:4] == ["Datei", "Blatt", "Zeile", "Beschreibung"]
    assert len(rows) == len(report.items) + 1
    assert [int(r[2]) for r in rows[1:]] == [i.source.row for i in report.items]
    coffee = rows[1]
    assert coffee[3] == "Röstkaffee gemahlen 500 g, Fairtrade"
    assert coffee[6] == "6,49" and coffee[7] == "129,8" and coffee[4] == "20"
    assert coffee[14] == "2025-03-04"
    assert coffee[16] == "compliant"
    assert coffee[10] == "coffee"
    assert coffee[11] == "Fairtrade („Fairtrade“)"


@pytest.mark.parametrize(("dialect", "bom", "sep"), [("excel", True, ","), ("rfc4180", False, ",")])
def test_csv_other_dialects(report: AuditReport, dialect: str, bom: bool, sep: str) -> None:
    data = render_report(report, "csv", csv_dialect=dialect, lang="en")
    assert data.startswith(b"\xef\xbb\xbf") is bom
    rows = _csv_rows(data, dialect)
    assert rows[0][:4] == ["File", "Sheet", "Row", "Description"]
    assert rows[1][6] == "6.49"
    assert all(len(r) == len(rows[0]) for r in rows)


def test_csv_hostile_texts_are_literal_and_defused(report: AuditReport) -> None:
    rows = _csv_rows(render_report(report, "csv"), "excel-de")
    by_row = {int(r[2]): r for r in rows[1:]}
    for item in report.items:
        if item.description in HOSTILE_DESCRIPTIONS:
            cells = by_row[item.source.row]
            assert cells[3] == "'" + item.description if item.description.startswith(FORMULA_PREFIXES) \
                else cells[3] == item.description
            assert cells[8] == cells[3]  # supplier column holds the same text
            assert cells[7] == "-5"  # a negative *number* stays a number
    assert by_row[14][3] == "'=1+1"
    assert by_row[15][3] == "'@SUM(A1)"
    for r in rows:
        for cell in r:
            assert not cell.startswith(FORMULA_PREFIXES) or cell.lstrip("-").replace(",", "").isdigit()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(min_size=0, max_size=40), dialect=st.sampled_from(["excel-de", "excel", "rfc4180"]))
def test_csv_roundtrips_any_description(text: str, dialect: str) -> None:
    item = ItemResult(source=Location(file="x.csv", row=2), description=text, product_group=None,
                      status=Status.NOT_APPLICABLE)
    rep = AuditReport(fairbuy_version="0", label_db_version="0", rulesets=[], inputs=[], generated_at=GENERATED_AT,
                      items=[item], summary=Summary(items=1))
    rows = _csv_rows(render_report(rep, "csv", csv_dialect=dialect), dialect)
    assert len(rows) == 2
    assert rows[1][3] == safe_text(text)
    assert not rows[1][3].startswith(FORMULA_PREFIXES)


# --- terminal summary ----------------------------------------------------------------------------


def test_terminal_summary_counts_and_top_groups(report: AuditReport) -> None:
    text = terminal_summary(report)
    assert text.splitlines()[0] == "fairbuy: 18 Positionen geprüft, Ausgaben 4.193,50 €"
    assert "  nicht konform    10    159,80 €" in text
    assert "Größte nicht konforme Warengruppen: coffee (10 Pos., 159,80 €)" in text
    en = terminal_summary(report, "en")
    assert "18 items checked" in en and "non-compliant" in en
    empty = AuditReport(fairbuy_version="0", label_db_version="0", rulesets=[], inputs=[],
                        generated_at=GENERATED_AT, items=[], summary=Summary())
    assert terminal_summary(empty) == "fairbuy: 0 Positionen geprüft, Ausgaben 0,00 €"


# --- golden files --------------------------------------------------------------------------------


def check_golden(name: str, data: bytes) -> None:
    """Compare with tests/golden/reports/NAME; regenerate only with FAIRBUY_UPDATE_GOLDEN=1."""
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return
    assert path.exists(), f"golden file {path} missing: run with FAIRBUY_UPDATE_GOLDEN=1 to create it"
    assert data == path.read_bytes(), f"{name} differs from its golden file (FAIRBUY_UPDATE_GOLDEN=1 to accept)"


@pytest.mark.parametrize(("name", "fmt", "lang", "dialect"), [
    ("sample.json", "json", "de", "excel-de"),
    ("sample.de.csv", "csv", "de", "excel-de"),
    ("sample.en.rfc4180.csv", "csv", "en", "rfc4180"),
    ("sample.de.html", "html", "de", "excel-de"),
    ("sample.en.html", "html", "en", "excel-de"),
])
def test_golden_text_formats(report: AuditReport, name: str, fmt: str, lang: str, dialect: str) -> None:
    check_golden(name, render_report(report, fmt, lang=lang, csv_dialect=dialect, label_db=FakeLabelDB()))


def test_golden_terminal_summary(report: AuditReport) -> None:
    check_golden("sample.summary.txt", (terminal_summary(report) + "\n").encode())


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (soffice) not installed: Debian package libreoffice-calc")
def test_libreoffice_reads_the_german_csv_as_numbers_and_harmless_text(report: AuditReport,
                                                                     tmp_path: Path) -> None:
    import openpyxl

    src = tmp_path / "bericht.csv"
    write_report(report, src)
    # separator ';' (59), quote '"' (34), UTF-8 (76), from line 1, German locale (1031)
    cmd = ["soffice", f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless", "--norestore",
           "--infilter=CSV:59,34,76,1,,1031", "--convert-to", "xlsx", "--outdir", str(tmp_path / "out"), str(src)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env={**os.environ, "HOME": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr
    ws = openpyxl.load_workbook(tmp_path / "out" / "bericht.xlsx").active
    assert ws.max_row == len(report.items) + 1
    assert ws["G2"].value == 6.49 and ws["H2"].value == 129.8  # decimal comma understood
    texts = {}
    for row in ws.iter_rows(min_row=2):
        assert all(c.data_type != "f" for c in row)
        texts[row[2].value] = row[3].value
        if row[3].value and str(row[3].value).startswith("'"):
            assert row[7].value == -5 and row[7].data_type == "n"
    assert texts[14] == "'=1+1" and texts[15] == "'@SUM(A1)"
