"""``fairbuy diff OLD.json NEW.json``: pairing of items, status changes, group shares, CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_reports import check_golden
from test_reports_sample import FILE, SHEET, _summary, sample_report

from fairbuy.cli.report_cmds import diff_cmd
from fairbuy.errors import InputError
from fairbuy.models import AuditReport, Location, Status
from fairbuy.reports import write_report
from fairbuy.reports.diff import diff_reports, load_report, render_diff_json, render_diff_text


def _next_year() -> AuditReport:
    """Next year's audit: rows moved, the plain coffee now Fairtrade, the paving lost its label,
    the coffee machine no longer bought, a new item, a different file name."""
    rep = sample_report()
    items = rep.items
    by_desc = {i.description: i for i in items}
    by_desc["Kaffeebohnen Crema 1 kg"].status = Status.COMPLIANT
    by_desc["Granitpflaster 8/11 grau"].status = Status.NON_COMPLIANT
    by_desc["Tee Darjeeling Fairtade 250 g"].status = Status.NOT_APPLICABLE
    items.remove(by_desc["Kaffeemaschine Edelstahl"])
    new = by_desc["Kaffeebohnen Crema 1 kg"].model_copy(deep=True)
    new.description = "Trinkschokolade 1 kg"
    new.product_group = "cocoa_chocolate"
    items.insert(0, new)
    for n, item in enumerate(items):  # new file, rows shifted by one
        item.source = Location(file="2026/einkaufsliste-2026.xlsx", sheet=SHEET, row=n + 5)
    rep.summary = _summary(items)
    return rep


@pytest.fixture(scope="module")
def old() -> AuditReport:
    return sample_report()


@pytest.fixture(scope="module")
def new() -> AuditReport:
    return _next_year()


def test_pairs_by_description_across_files_and_rows(old: AuditReport, new: AuditReport) -> None:
    d = diff_reports(old, new)
    assert [c.description for c in d.newly_compliant] == ["Kaffeebohnen Crema 1 kg"]
    assert [c.description for c in d.newly_non_compliant] == ["Granitpflaster 8/11 grau"]
    assert [(c.description, c.old_status, c.new_status) for c in d.other_changes] == [
        ("Tee Darjeeling Fairtade 250 g", "needs_review", "not_applicable")]
    assert [c.description for c in d.added] == ["Trinkschokolade 1 kg", None]
    # the machine is gone; the unreadable row without description cannot be paired across files
    assert [c.description for c in d.removed] == ["Kaffeemaschine Edelstahl", None]
    assert d.newly_compliant[0].old_source == {"file": FILE, "sheet": SHEET, "row": 5}
    assert d.newly_compliant[0].new_source == {"file": "2026/einkaufsliste-2026.xlsx", "sheet": SHEET, "row": 7}
    assert d.matched == len(old.items) - 2
    groups = {g.id: g for g in d.groups}
    assert groups["coffee"].old_share == pytest.approx(0.4482, abs=1e-4)
    assert groups["coffee"].new_share is not None and groups["coffee"].new_share > 0.9
    assert groups["natural_stone"].old_share == 1.0 and groups["natural_stone"].new_share == 0.0
    assert groups["cocoa_chocolate"].old_count == 0 and groups["ict_hardware"].new_count == 0


def test_same_location_pairs_first_and_blank_rows_pair_by_location(old: AuditReport) -> None:
    again = sample_report()
    again.items[0].status = Status.NEEDS_REVIEW
    d = diff_reports(old, again)
    assert d.matched == len(old.items) and not d.added and not d.removed
    assert [c.description for c in d.other_changes] == ["Röstkaffee gemahlen 500 g, Fairtrade"]


def test_duplicate_descriptions_pair_in_order() -> None:
    a = sample_report(n_extra=0)
    b = sample_report(n_extra=0)
    for rep in (a, b):  # the eight hostile rows all share the same finding; make two identical
        rep.items[9].description = rep.items[10].description = "Kaffee"
    b.items[10].status = Status.COMPLIANT
    b.items = b.items[::-1]  # reversed order in the new list
    for n, item in enumerate(b.items):
        item.source = Location(file="other.xlsx", sheet=None, row=n + 2)
    d = diff_reports(a, b)
    assert len(d.newly_compliant) + len(d.other_changes) + len(d.newly_non_compliant) <= 1


def test_text_and_json_output(old: AuditReport, new: AuditReport) -> None:
    d = diff_reports(old, new)
    text = render_diff_text(d)
    assert "Neu konform (1):" in text
    assert "einkaufsliste-2026.xlsx/Bestellungen 2025/7: Kaffeebohnen Crema 1 kg  [nicht konform → konform]" in text
    assert "natural_stone" in text and "100,0 % → 0,0 %" in text and "(-100,0 Pp.)" in text
    en = render_diff_text(d, "en")
    assert "Newly non-compliant (1):" in en and "(-100.0 pp)" in en
    data = json.loads(render_diff_json(d))
    assert data["newly_compliant"][0]["old"]["status"] == "non_compliant"
    assert data["newly_compliant"][0]["new"]["row"] == 7
    assert data["old"]["by_status"]["non_compliant"] == 10
    check_golden("sample.diff.txt", (text + "\n").encode())


def test_cli_diff(tmp_path: Path, old: AuditReport, new: AuditReport) -> None:
    a, b = tmp_path / "2025.json", tmp_path / "2026.json"
    write_report(old, a)
    write_report(new, b)
    result = CliRunner().invoke(diff_cmd, [str(a), str(b), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["matched"] == len(old.items) - 2
    result = CliRunner().invoke(diff_cmd, [str(a), str(b), "--lang", "en", "--limit", "0"])
    assert result.exit_code == 0
    assert "Newly compliant (1):\n  … and 1 more" in result.output


def test_bad_inputs_are_one_line_errors(tmp_path: Path, old: AuditReport) -> None:
    good = tmp_path / "ok.json"
    write_report(old, good)
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    other = tmp_path / "other.json"
    other.write_text('{"hello": 1}')
    with pytest.raises(InputError, match="not valid JSON"):
        load_report(broken)
    with pytest.raises(InputError, match="not a fairbuy JSON report"):
        load_report(other)
    with pytest.raises(InputError, match="file not found"):
        load_report(tmp_path / "nope.json")
    result = CliRunner().invoke(diff_cmd, [str(good), str(broken)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "broken.json" in lines[0] and "Traceback" not in result.output
