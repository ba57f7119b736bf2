"""The Excel report: sheets, charts, literal text (no formulas), numbers as numbers, both engines,
LibreOffice round trip, golden cell dump."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_reports import check_golden
from test_reports_sample import HOSTILE_DESCRIPTIONS, FakeLabelDB, sample_report

from fairbuy.models import AuditReport
from fairbuy.reports import render_report, write_report
from fairbuy.reports import xlsx_report as xr

SHEETS_DE = ["Übersicht", "Positionen", "Befunde", "Regeln", "Gütezeichen", "Unbekannte Nachweise"]
SHEETS_EN = ["Overview", "Items", "Findings", "Rules", "Labels", "Unknown evidence"]
ENGINES = ["openpyxl", "xlsxwriter"]


@pytest.fixture(scope="module")
def report() -> AuditReport:
    return sample_report()


@pytest.fixture(scope="module", params=ENGINES)
def xlsx(request: pytest.FixtureRequest, report: AuditReport) -> bytes:
    return render_report(report, "xlsx", label_db=FakeLabelDB(), xlsx_engine=request.param)


def _values(data: bytes) -> dict[str, list[list[Any]]]:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    out = {}
    for ws in wb.worksheets:
        rows = [[_norm(v) for v in row] for row in ws.iter_rows(values_only=True)]
        out[ws.title] = rows
    return out


def _norm(value: Any) -> Any:
    # xlsxwriter escapes a carriage return as _x000D_ (Excel decodes it); openpyxl writes it raw.
    if isinstance(value, str):
        return value.replace("_x000D_", "\r")
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return value


def test_sheets_in_german_and_english(report: AuditReport) -> None:
    de = openpyxl.load_workbook(io.BytesIO(render_report(report, "xlsx")))
    en = openpyxl.load_workbook(io.BytesIO(render_report(report, "xlsx", lang="en")))
    assert de.sheetnames == SHEETS_DE
    assert en.sheetnames == SHEETS_EN
    assert en["Items"]["A1"].value == "File" and de["Positionen"]["A1"].value == "Datei"


def test_overview_has_two_native_charts(xlsx: bytes) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(xlsx))
    assert len(wb["Übersicht"]._charts) >= 2
    names = zipfile.ZipFile(io.BytesIO(xlsx)).namelist()
    charts = sorted(n for n in names if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
    assert len(charts) >= 2
    xml = b"".join(zipfile.ZipFile(io.BytesIO(xlsx)).read(n) for n in charts)
    assert b"barChart" in xml
    assert b"Ausgaben nach Status" in xml and b"Anteil konformer Ausgaben je Warengruppe" in xml


def test_overview_shows_inputs_versions_and_figures(xlsx: bytes, report: AuditReport) -> None:
    cells = [c for row in _values(xlsx)["Übersicht"] for c in row if c is not None]
    assert report.inputs[0].sha256 in cells
    assert report.inputs[0].path in cells
    assert "magna-charta-ruhr-2010" in cells and "nrw-bestg-4a" in cells and "2024-01" in cells
    assert report.label_db_version in cells
    assert "2026-01-15T12:00:00+00:00" in cells
    assert report.summary.spend in cells
    assert "Anteil fair gehandelter Kaffee" in cells  # indicator
    assert "Anteil fairer Kaffee 36,6 % (Ziel: 100 %)." in cells  # list finding


def test_items_sheet_has_every_row_once_with_numbers_as_numbers(xlsx: bytes, report: AuditReport) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(xlsx))
    ws = wb["Positionen"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(report.items)
    assert [r[2] for r in rows] == [i.source.row for i in report.items]
    assert [_norm(r[3]) for r in rows] == [i.description for i in report.items]
    first = ws[2]
    assert first[6].value == 6.49 and first[6].data_type == "n" and first[6].number_format == "#,##0.00"
    assert first[7].value == 129.8 and first[7].data_type == "n"
    assert first[4].value == 20
    assert first[16].value == "konform"
    assert first[16].fill.fgColor.rgb.endswith("C6EFCE")
    assert first[11].value == "Fairtrade („Fairtrade“)"
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:T{len(report.items) + 1}"
    assert ws.column_dimensions["D"].width >= 40
    statuses = {r[16] for r in rows}
    assert statuses == {"konform", "nicht konform", "prüfen", "nicht anwendbar", "nicht lesbar"}


def test_hostile_texts_are_literal_strings_never_formulas(xlsx: bytes) -> None:
    z = zipfile.ZipFile(io.BytesIO(xlsx))
    sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
    for name in sheets:
        xml = z.read(name).decode()
        assert "<f>" not in xml and "<f " not in xml, f"formula in {name}"
    items_xml = z.read("xl/worksheets/sheet2.xml").decode()
    cell = re.search(r'<c r="D12"[^>]*>.*?</c>', items_xml)
    assert cell is not None
    assert 't="inlineStr"' in cell.group(0) and "<t>=1+1</t>" in cell.group(0)
    wb = openpyxl.load_workbook(io.BytesIO(xlsx))
    texts = [_norm(c.value) for c in wb["Positionen"]["D"]]
    for desc in HOSTILE_DESCRIPTIONS:
        assert desc in texts
    for c in wb["Positionen"]["D"]:
        assert c.data_type in ("s", "n"), (c.coordinate, c.data_type)
    unknown = [_norm(c.value) for c in wb["Unbekannte Nachweise"]["B"]]
    assert "=1+1" in unknown and "@SUM(A1)" in unknown and "fair stone geprüft" in unknown


def test_findings_rules_labels_unknown_sheets(xlsx: bytes, report: AuditReport) -> None:
    v = _values(xlsx)
    findings = v["Befunde"][1:]
    assert len(findings) == sum(len(i.findings) for i in report.items) + len(report.list_findings)
    assert findings[-1][0] == "gesamte Liste"
    rules = {(r[0], r[1]): r for r in v["Regeln"][1:]}
    stone = rules[("magna-charta-ruhr-2010", "stone-child-labour")]
    assert stone[2] == 2  # applied to the paving and the gravestone
    assert stone[3] == 1 and stone[4] == 1  # one compliant, one needs review
    assert stone[-1] == "https://www.faire-metropole-ruhr.de/archiv/charta-ruhr-2010.html"
    assert ("nrw-bestg-4a", "stone-certificate") in rules
    labels = {r[0]: r for r in v["Gütezeichen"][1:]}
    assert labels["fairtrade"][2] == 2 and labels["fairtrade"][4] == "Fairtade, Fairtrade"
    assert labels["xertifix-plus"][1] == "XertifiX PLUS"
    assert labels["fairtrade"][6] == "C138, C182" and labels["fairtrade"][7] == "third_party"
    assert labels["fairtrade"][8] == "https://www.fairtrade.net/standard"
    kinds = {r[0] for r in v["Unbekannte Nachweise"][1:]}
    assert kinds == {"unbekanntes Gütezeichen", "allgemeine Aussage"}


def test_both_engines_write_the_same_cells(report: AuditReport) -> None:
    a = _values(render_report(report, "xlsx", label_db=FakeLabelDB(), xlsx_engine="openpyxl"))
    b = _values(render_report(report, "xlsx", label_db=FakeLabelDB(), xlsx_engine="xlsxwriter"))
    assert a == b


def test_large_reports_take_the_fast_engine(monkeypatch: pytest.MonkeyPatch, report: AuditReport) -> None:
    used: list[str] = []
    real = xr.XlsxwriterSurface.__init__

    def spy(self: Any, lang: str) -> None:
        used.append("xlsxwriter")
        real(self, lang)

    monkeypatch.setattr(xr.XlsxwriterSurface, "__init__", spy)
    monkeypatch.setattr(xr, "FAST_PATH_ITEMS", len(report.items) - 1)
    render_report(report, "xlsx")
    assert used == ["xlsxwriter"]
    monkeypatch.setattr(xr, "FAST_PATH_ITEMS", len(report.items))
    render_report(report, "xlsx")
    assert used == ["xlsxwriter"]


def test_control_characters_and_overlong_text_are_made_storable() -> None:
    assert xr.clean_text("a\x00b\x1fc\td\re\n") == "a\ufffdb\ufffdc\td\re\n"
    assert len(xr.clean_text("x" * 40_000)) == 32_767
    rep = sample_report()
    rep.items[0].description = "Kaffee\x07 " + "x" * 40_000
    wb = openpyxl.load_workbook(io.BytesIO(render_report(rep, "xlsx")))
    assert wb["Positionen"]["D2"].value.startswith("Kaffee\ufffd x")


def test_golden_cell_dump(report: AuditReport) -> None:
    v = _values(render_report(report, "xlsx", label_db=FakeLabelDB()))
    data = json.dumps(v, ensure_ascii=False, indent=1, default=str) + "\n"
    check_golden("sample.xlsx.cells.json", data.encode())


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(_soffice() is None, reason="LibreOffice (soffice) not installed: Debian package libreoffice-calc")
def test_libreoffice_opens_and_converts_the_workbook(tmp_path: Path, report: AuditReport) -> None:
    src = tmp_path / "bericht.xlsx"
    write_report(report, src, label_db=FakeLabelDB())
    profile = tmp_path / "lo-profile"
    cmd = [_soffice() or "soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
           "--convert-to", "pdf", "--outdir", str(tmp_path), str(src)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "HOME": str(tmp_path)})
    pdf = tmp_path / "bericht.pdf"
    assert proc.returncode == 0, proc.stderr
    assert pdf.exists(), proc.stdout + proc.stderr
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 5_000


def _one_item_report(text: str) -> AuditReport:
    from fairbuy.models import ItemResult, Location, Status, Summary

    item = ItemResult(source=Location(file="x.csv", row=2), description=text, product_group=None,
                      status=Status.NOT_APPLICABLE, supplier=text)
    return AuditReport(fairbuy_version="0", label_db_version="0", rulesets=[], inputs=[],
                       generated_at=sample_report().generated_at, items=[item], summary=Summary(items=1))


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(min_size=1, max_size=30), engine=st.sampled_from(ENGINES))
def test_any_text_round_trips_as_a_string_cell(text: str, engine: str) -> None:
    data = render_report(_one_item_report(text), "xlsx", xlsx_engine=engine)
    ws = openpyxl.load_workbook(io.BytesIO(data))["Positionen"]
    cell = ws["D2"]
    expected = xr.clean_text(text)
    if expected == "":
        assert cell.value is None
        return
    assert cell.data_type == "s"
    assert _norm(cell.value) == expected
