"""The bulk xlsx writer (big inputs): written from the columnar audit, it must give the same cells
as the openpyxl engine working from the AuditReport, keep every text a literal string, keep the
styles, and be reproducible."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_reports_sample import HOSTILE_DESCRIPTIONS, FakeLabelDB, sample_report
from test_reports_xlsx import _norm, _one_item_report, _values

import fairbuy.reports.xlsx_bulk as bulk
from fairbuy.api import Audit, audit
from fairbuy.cli import main
from fairbuy.models import AuditReport
from fairbuy.reports import render_report
from fairbuy.reports import xlsx_report as xr

#: Texts beyond the shared hostile ones: rich-text-looking markup (XlsxWriter's constant-memory mode
#: would write it unescaped), the escape syntax itself, whitespace and control characters.
MORE_HOSTILE = ["<r>&</r>", "<r><t>=1+1</t></r>", "  Leerzeichen  ", "Zeile\nzwei\r",
                "Steuer\x07zeichen", "=cmd|' /C calc'!A0", "Ümlaut & „Anführung“ 🌍"]
GEN = "2026-01-15T12:00:00+00:00"


def report_table(report: AuditReport) -> pd.DataFrame:
    """The item table the pipeline would hold for ``report`` (lists as dicts, one row per item)."""
    rows = []
    for it in report.items:
        d = it.model_dump(mode="python")
        rows.append({
            "source_file": it.source.file, "source_sheet": it.source.sheet, "source_row": it.source.row,
            "description": it.description, "product_group": it.product_group,
            "group_reason": it.product_group_reason, "labels": d["labels"], "evidence": d["evidence"],
            "findings": d["findings"], "status": it.status.value, "score": it.score, "quantity": it.quantity,
            "unit": it.unit, "unit_price": it.unit_price, "amount": it.amount, "supplier": it.supplier,
            "cpv": it.cpv, "label_text": it.label_text, "origin": it.origin, "purchase_date": it.purchase_date,
            "document_number": it.document_number, "parent_row": it.parent_row, "row_kind": "item",
        })
    return pd.DataFrame(rows)


def as_audit(report: AuditReport) -> Audit:
    return Audit(table=report_table(report), meta=report.model_copy(update={"items": []}))


@pytest.fixture(scope="module")
def report() -> AuditReport:
    rep = sample_report()
    for item, text in zip(rep.items[-len(MORE_HOSTILE):], MORE_HOSTILE, strict=True):
        item.supplier = text  # hostile texts in a second text column, too
    return rep


@pytest.mark.parametrize("lang", ["de", "en"])
def test_bulk_gives_the_cells_of_the_openpyxl_engine(report: AuditReport, lang: str) -> None:
    want = _values(render_report(report, "xlsx", label_db=FakeLabelDB(), lang=lang, xlsx_engine="openpyxl"))
    got = _values(bulk.build_audit_xlsx(as_audit(report), label_db=FakeLabelDB(), lang=lang))
    assert list(got) == list(want)
    for sheet in want:
        assert got[sheet] == want[sheet], sheet
    assert [_norm(r[8]) for r in got[list(got)[1]][-len(MORE_HOSTILE):]] == [xr.clean_text(x) for x in MORE_HOSTILE]


def test_bulk_from_the_real_pipeline_with_hostile_texts_blank_and_total_rows() -> None:
    texts = [*HOSTILE_DESCRIPTIONS, *MORE_HOSTILE]
    frame = pd.DataFrame({
        "Bezeichnung": ["Röstkaffee gemahlen 500 g Fairtrade", "Granitpflaster 8/11 grau", None,
                        "Arbeitshandschuhe Leder, fair gehandelt", *texts, "Summe"],
        "Menge": [10, 200, None, 5, *range(len(texts)), None],
        "Einzelpreis": [6.49, 1.25, None, 3.5, *[1.0] * len(texts), None],
        "Gesamtpreis": [64.9, 250.0, None, 17.5, *[float(i) for i in range(len(texts))], 999.0],
        "Lieferant": ["Kaffee & Co", "=Stein AG", None, "@Handel", *texts, None],
        "Siegel": ["Fairtrade", "XertifiX", None, "", *texts, None],
    })
    result = audit(frame, rules=["magna-charta-ruhr-2010", "nrw-bestg-4a"], generated_at=GEN)
    from fairbuy.labeldb import load_label_db

    db = load_label_db()
    want = _values(render_report(result.report(), "xlsx", label_db=db, xlsx_engine="openpyxl"))
    got = _values(bulk.build_audit_xlsx(result, label_db=db))
    assert got == want
    items = got["Positionen"][1:]
    assert any(r[16] == "nicht lesbar" for r in items)  # the blank/total rows are kept


def test_every_text_is_a_literal_string_cell(report: AuditReport) -> None:
    data = bulk.build_audit_xlsx(as_audit(report), label_db=FakeLabelDB())
    z = zipfile.ZipFile(io.BytesIO(data))
    for name in z.namelist():
        if name.startswith("xl/worksheets/sheet"):
            xml = z.read(name).decode()
            assert "<f>" not in xml and "<f " not in xml, name
            assert "<is><r>" not in xml, name  # no text became rich-text markup
    items = z.read("xl/worksheets/sheet2.xml").decode()
    assert 't="s"' in items and 't="inlineStr"' in items  # both kinds of string cells are exercised
    cell = re.search(r'<c r="D12"[^>]*>.*?</c>', items)
    assert cell is not None and 't="inlineStr"' in cell.group(0) and "<t>=1+1</t>" in cell.group(0)
    ws = openpyxl.load_workbook(io.BytesIO(data))["Positionen"]
    for c in [*ws["D"], *ws["I"]]:
        assert c.data_type in ("s", "n"), (c.coordinate, c.data_type)


def test_repeated_hostile_texts_as_shared_strings() -> None:
    rep = sample_report(n_extra=30)
    for item in rep.items:
        item.supplier, item.unit, item.origin = "<r>&</r>", "=1+1", "  \r"
    data = bulk.build_audit_xlsx(as_audit(rep), label_db=FakeLabelDB())
    assert _values(data) == _values(render_report(rep, "xlsx", label_db=FakeLabelDB(), xlsx_engine="xlsxwriter"))
    items = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet2.xml").decode()
    assert re.search(r'<c r="I2" t="s">', items)  # the supplier is a shared string
    ws = openpyxl.load_workbook(io.BytesIO(data))["Positionen"]
    assert {c.value for c in ws["I"][1:]} == {"<r>&</r>"} and {c.value for c in ws["F"][1:]} == {"=1+1"}
    # a literal "_x000D_" is stored escaped as "_x005F_x000D_" (openpyxl decodes that only in shared
    # strings, Excel everywhere): here it is shared
    for item in rep.items:
        item.origin = "a_x000D_b"
    ws = openpyxl.load_workbook(io.BytesIO(bulk.build_audit_xlsx(as_audit(rep))))["Positionen"]
    assert {c.value for c in ws["N"][1:]} == {"a_x000D_b"}


def test_styles_numbers_dates_filter_and_panes(report: AuditReport) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(bulk.build_audit_xlsx(as_audit(report), label_db=FakeLabelDB())))
    ref = openpyxl.load_workbook(io.BytesIO(render_report(report, "xlsx", label_db=FakeLabelDB(),
                                                          xlsx_engine="openpyxl")))
    for sheet in ("Positionen", "Befunde"):
        ws, want = wb[sheet], ref[sheet]
        assert ws.freeze_panes == want.freeze_panes == "A2"
        assert ws.auto_filter.ref == want.auto_filter.ref
        assert ws.column_dimensions["D"].width == pytest.approx(want.column_dimensions["D"].width, abs=1)
        for row, want_row in zip(ws.iter_rows(), want.iter_rows(), strict=True):
            for c, w in zip(row, want_row, strict=False):
                if w.value is None:
                    continue
                assert c.number_format == w.number_format, c.coordinate
                assert c.fill.fgColor.rgb[-6:] == w.fill.fgColor.rgb[-6:], c.coordinate
                assert c.font.b == w.font.b, c.coordinate
                assert c.data_type == w.data_type, c.coordinate
    first = wb["Positionen"][2]
    assert first[16].value == "konform" and first[16].fill.fgColor.rgb.endswith("C6EFCE")
    assert first[6].value == 6.49 and first[6].number_format == "#,##0.00"
    assert len(wb["Übersicht"]._charts) == 2


def test_bulk_workbook_is_reproducible(report: AuditReport) -> None:
    a = bulk.build_audit_xlsx(as_audit(report), label_db=FakeLabelDB())
    b = bulk.build_audit_xlsx(as_audit(report), label_db=FakeLabelDB())
    assert a == b
    infos = zipfile.ZipFile(io.BytesIO(a)).infolist()
    assert {i.date_time for i in infos} == {(2026, 1, 15, 12, 0, 0)}


def test_rows_are_streamed_in_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Many rows, several blocks: every row once, in order, same cells as one block."""
    rep = sample_report(n_extra=45)
    one = bulk.build_audit_xlsx(as_audit(rep))
    monkeypatch.setattr(bulk, "BLOCK_ROWS", 7)
    assert _values(bulk.build_audit_xlsx(as_audit(rep))) == _values(one)
    ws = openpyxl.load_workbook(io.BytesIO(one))["Positionen"]
    assert [c.value for c in ws["C"][1:]] == [i.source.row for i in rep.items]


@pytest.mark.parametrize(("rows", "first"), [(0, 1), (1, 1), (45, 1), (120, 5)])
def test_sheet_rows_size_is_exact(rows: int, first: int) -> None:
    cols = [np.asarray([b'"><v>1</v></c>', b'"/>'] * rows, dtype=object)[:rows],
            np.asarray(["\u201eä\u201c".encode()] * rows, dtype=object)]
    joined = b"".join(bulk.sheet_rows_xml(cols, first, block=7))
    assert bulk.sheet_rows_size(cols, first) == len(joined)
    assert joined.count(b"<row ") == rows
    # the same cells as distinct cells and codes, with an unused one and extra rows
    coded = [bulk.CellColumn(np.arange(rows, dtype=np.int64) % 2,
                             np.asarray([b'"><v>1</v></c>', b'"/>', b'"><v>9</v></c>'], dtype=object)),
             bulk.CellColumn(np.zeros(max(rows - 1, 0), dtype=np.int64),
                             np.asarray(["\u201eä\u201c".encode()], dtype=object)).extended(
                                 np.asarray(["\u201eä\u201c".encode()] * min(rows, 1), dtype=object))]
    assert b"".join(bulk.sheet_rows_xml(coded, first, block=7)) == joined
    assert bulk.sheet_rows_size(coded, first) == len(joined)
    if rows:
        assert joined.startswith(f'<row r="{first + 1}"><c r="A{first + 1}"><v>1</v></c><c r="B{first + 1}'.encode())
        assert joined.endswith(f'<c r="B{first + rows}\u201eä\u201c</row>'.encode())


def _cell_xml(data: bytes) -> str:
    xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet2.xml").decode()
    m = re.search(r'<c r="D2"[^>]*?(?:/>|>.*?</c>)', xml)
    return m.group(0) if m else ""


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(min_size=1, max_size=30))
def test_cell_xml_is_xlsxwriters_own(text: str) -> None:
    """For any text, the bulk cell is byte for byte what XlsxWriter writes (markup excepted: kept literal)."""
    rep = _one_item_report(text)
    got = _cell_xml(bulk.build_audit_xlsx(as_audit(rep)))
    ws = openpyxl.load_workbook(io.BytesIO(bulk.build_audit_xlsx(as_audit(rep))))["Positionen"]
    expected = xr.clean_text(text)
    if expected == "":
        assert ws["D2"].value is None
        return
    assert ws["D2"].data_type == "s" and _norm(ws["D2"].value) == expected
    if not (expected.startswith("<r>") and expected.endswith("</r>")):
        assert got == _cell_xml(render_report(rep, "xlsx", xlsx_engine="xlsxwriter"))


def test_escape_syntax_in_text_is_escaped_as_excel_does() -> None:
    """Excel reads ``_xHHHH_`` in a cell as an escaped character: a literal one is written as
    ``_x005F_xHHHH_`` (as XlsxWriter does; openpyxl writes it unescaped, so Excel would show "A")."""
    assert bulk.inline_string("_x0041_ bleibt", None) == \
        '" t="inlineStr"><is><t>_x005F_x0041_ bleibt</t></is></c>'
    assert bulk.inline_string(" a\r", 3) == '" s="3" t="inlineStr"><is><t xml:space="preserve"> a_x000D_</t></is></c>'


def test_xlsxwriter_engine_keeps_markup_literal() -> None:
    for text in ("<r>&</r>", "<r><t>=1+1</t></r>"):
        data = render_report(_one_item_report(text), "xlsx", xlsx_engine="xlsxwriter")
        assert openpyxl.load_workbook(io.BytesIO(data))["Positionen"]["D2"].value == text


def test_cli_writes_big_xlsx_reports_in_bulk(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    src = tmp_path / "liste.csv"
    src.write_text("Bezeichnung;Menge;Gesamtpreis\nRöstkaffee 1 kg Fairtrade;2;30,00\n=1+1;1;2,00\n"
                   "Granitpflaster grau;100;500,00\n", encoding="utf-8")
    used: list[int] = []
    real = bulk.write_audit_xlsx_to

    def spy(meta: AuditReport, table: pd.DataFrame, out: Any, **kw: Any) -> None:
        used.append(len(table))
        real(meta, table, out, **kw)

    monkeypatch.setattr(bulk, "write_audit_xlsx_to", spy)
    runner = CliRunner()
    small = tmp_path / "klein.xlsx"
    assert runner.invoke(main, ["check", str(src), "-o", str(small), "-q", "--generated-at", GEN]).exit_code in (0, 1)
    assert used == []  # openpyxl below the threshold
    monkeypatch.setattr(bulk, "BULK_MIN_ROWS", 2)
    big = tmp_path / "gross.xlsx"
    result = runner.invoke(main, ["check", str(src), "-o", str(big), "-q", "--generated-at", GEN])
    assert result.exit_code in (0, 1), result.output
    assert used == [3]
    assert _values(big.read_bytes()) == _values(small.read_bytes())


def _loose(values: dict[str, list[list[Any]]]) -> dict[str, list[list[Any]]]:
    """What survives a LibreOffice re-save: 15 significant digits, CR as LF."""
    def one(v: Any) -> Any:
        if isinstance(v, float):
            return float(f"{v:.12g}")
        if isinstance(v, str):
            return v.replace("\r", "\n")
        return v
    return {k: [[one(v) for v in row] for row in rows] for k, rows in values.items()}


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_reads_every_cell_of_the_bulk_workbook(tmp_path: Path, report: AuditReport) -> None:
    """LibreOffice opens the bulk workbook (inline and shared strings, blank cells, styles) and,
    re-saved, it holds the same cells."""
    src = tmp_path / "bulk.xlsx"
    src.write_bytes(bulk.build_audit_xlsx(as_audit(report), label_db=FakeLabelDB()))
    out = tmp_path / "out"
    cmd = ["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--norestore",
           "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(src)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180,
                          env={**os.environ, "HOME": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr
    assert _loose(_values((out / "bulk.xlsx").read_bytes())) == _loose(_values(src.read_bytes()))


def _coders() -> tuple[bulk.CellCoder, bulk.CellCoder]:
    return (bulk.CellCoder(xr.XlsxwriterSurface("de", constant_memory=False), "de"),
            bulk.CellCoder(xr.XlsxwriterSurface("de", constant_memory=False), "de"))


@pytest.mark.parametrize("rows", [1, 5, 40, 400])
@pytest.mark.parametrize("kind", ["text", "int", "date", "status"])
def test_coded_columns_give_the_cells_of_the_materialised_column(rows: int, kind: str) -> None:
    """CellCoder.coded (distinct values as item_codes gives them: duplicates, unused values, None,
    dropped rows) writes exactly what CellCoder.column writes for the same rows, and hands the
    shared-string table the same texts in the same order."""
    import datetime as dt
    import random

    from fairbuy.assemble import Coded

    rng = random.Random(rows * 7 + len(kind))
    pool: dict[str, list[Any]] = {
        "text": ["a", "b", "a", "Ümlaut & <x>", " lead", "trail ", "_x0041_", "", "=1+1", "z" * 20, None],
        "int": [1, 2, 2, 3, -5, 2**53 + 1, 10**17, 0, None],
        "date": [dt.date(2025, 1, 1), dt.date(2025, 1, 1), dt.date(1900, 3, 1), None],
        "status": ["compliant", "non_compliant", "needs_review", "compliant", None],
    }
    values = pool[kind]
    codes = np.array([rng.randrange(-1, len(values)) for _ in range(rows)], dtype=np.int64)
    column = {"text": bulk.ITEM_COLUMNS[3], "int": bulk.ITEM_COLUMNS[2], "date": bulk.ITEM_COLUMNS[14],
              "status": bulk.ITEM_COLUMNS[16]}[kind]
    coded = Coded(codes, list(values))
    a, b = _coders()
    want = a.column(column, coded.materialise(pd.RangeIndex(rows)))
    got = b.coded(column, coded)
    assert got.cells().tolist() == want.cells().tolist()
    assert a.surface.wb.str_table.string_table == b.surface.wb.str_table.string_table


@given(st.lists(st.one_of(st.text(max_size=12), st.floats(allow_nan=True, allow_infinity=True),
                          st.integers(min_value=-(2**60), max_value=2**60), st.booleans(), st.none()), max_size=30))
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_plain_many_is_plain_of_each(values: list[Any]) -> None:
    coder, _ = _coders()
    for column in (bulk.ITEM_COLUMNS[3], bulk.ITEM_COLUMNS[2], bulk.ITEM_COLUMNS[4], bulk.ITEM_COLUMNS[6]):
        assert coder._plain_many(column, values) == [coder._plain(column, v) for v in values]
        texts = [v for v in values if isinstance(v, str)]
        assert coder._plain_many(column, texts) == [coder._plain(column, v) for v in texts]
        numbers = [v for v in values if isinstance(v, int | float)]
        assert coder._plain_many(column, numbers) == [coder._plain(column, v) for v in numbers]


@pytest.mark.parametrize("texts", [["a", " lead"], ["trail ", "b"], ["\u00a0nbsp"], ["x\n"], ["a_", "x1"],
                                   ["ok", "<b>"], ["o" * 40_000], ["plain", "Ümlaut", "🌍"], ["a\x00b", "c"],
                                   ["x", "\x00"], ["a", "b\u2003"], ["\x1c"]])
def test_plain_many_of_texts_checks_each_text(texts: list[str]) -> None:
    coder, _ = _coders()
    column = bulk.ITEM_COLUMNS[3]
    assert coder._plain_many(column, texts) == [coder._plain(column, v) for v in texts]
