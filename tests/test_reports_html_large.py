"""The HTML report of large lists: the item table capped, a notice with the right counts, every
finding that needs attention kept (merged, with counts and row numbers), the cap overridable."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from bench_support import benchmark_module
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from test_reports_html import _chromium, needs_chromium
from test_reports_sample import FakeLabelDB, sample_report

from fairbuy.api import Audit, audit
from fairbuy.cli import main
from fairbuy.errors import UsageError
from fairbuy.labeldb import load_label_db
from fairbuy.models import AuditReport
from fairbuy.reports import render_report, write_report
from fairbuy.reports.html_report import (
    ACTION_STATUSES,
    HTML_MAX_ITEMS,
    FindingGroup,
    Places,
    finding_groups,
    render_audit_html,
    render_html,
)
from fairbuy.reports.tables import Names, finding_count, finding_tail, iter_finding_rows

GEN = "2026-01-15T12:00:00+00:00"
RULES = ["magna-charta-ruhr-2010", "nrw-bestg-4a"]
ROWS = 1_500  # generated purchase lines
CAP = 200


# --- helpers ------------------------------------------------------------------------------------


def expand(text: str) -> list[int]:
    """The row numbers of a compact range list (``"2–4, 9"`` → ``[2, 3, 4, 9]``)."""
    out: list[int] = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        a, _, b = part.partition("–")
        out.extend(range(int(a), int(b or a) + 1))
    return out


def expand_places(text: str) -> list[tuple[str, int]]:
    """``"a.csv: 2–3; b.csv: 5"`` → ``[("a.csv", 2), ("a.csv", 3), ("b.csv", 5)]``."""
    out: list[tuple[str, int]] = []
    for block in text.split("; "):
        name, _, runs = block.rpartition(": ")
        out.extend((name, r) for r in expand(runs))
    return out


class _Tables(HTMLParser):
    """The rows of the item and merged-findings tables, and the notices."""

    def __init__(self) -> None:
        super().__init__()
        self.table: str | None = None
        self.items: list[dict[str, Any]] = []
        self.groups: list[dict[str, Any]] = []
        self.findings = 0
        self.notices: dict[str, dict[str, str | None]] = {}
        self._row: dict[str, Any] | None = None
        self._cell: list[str] | None = None
        self._in_summary = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            self.table = a.get("id")
        elif "notice" in (a.get("class") or "").split() and a.get("id"):
            self.notices[str(a["id"])] = a
        elif tag == "tr" and self.table in ("items", "finding-groups") and "data-status" in a:
            self._row = {"status": a["data-status"], "attrs": a, "cells": []}
        elif tag == "tr" and self.table == "findings":
            self.findings += 1
        elif tag == "td" and self._row is not None:
            self._cell = []
        elif tag == "summary":
            self._in_summary = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "summary":
            self._in_summary = False
        elif tag == "td" and self._row is not None and self._cell is not None:
            self._row["cells"].append("".join(self._cell))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            (self.items if self.table == "items" else self.groups).append(self._row)
            self._row = None
        elif tag == "table":
            self.table = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None and not self._in_summary:
            self._cell.append(data)


def tables(html: bytes) -> _Tables:
    parser = _Tables()
    parser.feed(html.decode("utf-8"))
    parser.findings -= 1 if parser.findings else 0  # the header row
    return parser


def number(text: str) -> int:
    return int(text.replace(".", "").replace(",", ""))


# --- the generated large list ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    gen = benchmark_module("generate")
    path = tmp_path_factory.mktemp("large") / "einkauf.csv"
    gen.write_csv(gen.generate(ROWS, seed=11), path)
    with path.open("a", encoding="utf-8") as fh:  # a totals row and a blank-ish row: unreadable items
        fh.write(";Summe;;;;99999,00;;;;;\n;;;;;;;;;;\n;;;;;17,00;;;;;\n")
    return path


@pytest.fixture(scope="module")
def result(source: Path) -> Audit:
    return audit(source, rules=RULES, generated_at=GEN)


@pytest.fixture(scope="module")
def report(result: Audit) -> AuditReport:
    return result.report()


@pytest.fixture(scope="module")
def db() -> Any:
    return load_label_db()


@pytest.fixture(scope="module")
def capped(result: Audit, db: Any) -> bytes:
    return render_audit_html(result, label_db=db, max_items=CAP)


def test_the_generated_list_has_every_kind_of_finding(report: AuditReport) -> None:
    statuses = Counter(f.status.value for i in report.items for f in i.findings)
    assert all(statuses[s] > 0 for s in ("compliant", "non_compliant", "needs_review", "unreadable"))
    assert len(report.items) > CAP * 5


def test_item_table_respects_the_cap(capped: bytes, report: AuditReport) -> None:
    parsed = tables(capped)
    assert len(parsed.items) == CAP
    want = [str(i.source.row) for i in report.items[:CAP]]  # the first CAP items, in input order
    assert [r["cells"][0] for r in parsed.items] == want
    assert parsed.findings == 0  # no per-finding table: merged instead
    assert len(capped) < 0.5 * len(render_html(report, max_items=0))


def report_table_of(report: AuditReport) -> Any:
    from test_reports_xlsx_bulk import report_table

    return report_table(report)


def test_notice_counts(capped: bytes, report: AuditReport) -> None:
    n = len(report.items)
    hidden = Counter(i.status.value for i in report.items[CAP:])
    action = sum(hidden[s] for s in ACTION_STATUSES)
    text = re.sub(r"<[^>]+>", "", capped.decode())
    fmt = f"{n - CAP:,}".replace(",", ".")
    total = f"{n:,}".replace(",", ".")
    assert f"Großer Bericht: {fmt} von {total} Positionen sind hier nicht einzeln aufgeführt" in text
    assert f"die ersten {CAP} Positionen in Listenreihenfolge" in text
    assert f"Von den {fmt} übrigen brauchen {f'{action:,}'.replace(',', '.')} eine Klärung" in text
    for s, label in (("non_compliant", "nicht konform"), ("needs_review", "prüfen"), ("unreadable", "nicht lesbar")):
        assert f"{label} {f'{hidden[s]:,}'.replace(',', '.')}" in text, s
    assert "xlsx-Bericht" in text and "JSON-Bericht" in text and "--html-max-items 0" in text
    notice = tables(capped).notices["items-notice"]
    assert notice["data-hidden"] == str(n - CAP) and notice["data-total"] == str(n)
    # the notice comes before the summary: the first thing a reader sees
    html = capped.decode()
    assert html.index('id="large-notice"') < html.index('id="summary"')


def _wanted_findings(report: AuditReport, names: Names) -> Counter[tuple[Any, ...]]:
    """(row, product group, finding cells) of every item finding that needs attention."""
    want: Counter[tuple[Any, ...]] = Counter()
    for item in report.items:
        for f in item.findings:
            if f.status.value in ACTION_STATUSES:
                cells = finding_tail(f, names)
                want[(item.source.row, names.group(item.product_group), f.status.value, cells[4], cells[0],
                      cells[1])] += 1
    return want


def test_every_finding_that_needs_attention_is_listed_with_its_rows(capped: bytes, report: AuditReport,
                                                                    db: Any) -> None:
    names = Names(report, db, "de")
    want = _wanted_findings(report, names)
    amount = {i.source.row: i.amount or 0.0 for i in report.items}
    got: Counter[tuple[Any, ...]] = Counter()
    groups = tables(capped).groups
    assert groups
    # columns: status, items, spend, group, message, rows, suggestion, evidence, ruleset, rule, severity, source
    for g in groups:
        c = g["cells"]
        rows = expand(c[5])
        assert len(rows) == len(set(rows)) == number(c[1]) == int(g["attrs"]["data-items"])
        assert g["status"] in ACTION_STATUSES
        spend = sum(amount[r] for r in rows)
        assert c[2] == f"{spend:,.2f} €".replace(",", "x").replace(".", ",").replace("x", ".")
        for r in rows:
            got[(r, c[3], g["status"], c[4], c[8], c[9])] += 1
    assert got == want
    assert sum(want.values()) == int(str(tables(capped).notices["findings-notice"]["data-findings"]))
    # merged: fewer rows than findings, most severe first, then the largest
    assert len(groups) < sum(want.values()) / 5
    order = [ACTION_STATUSES.index(g["status"]) for g in groups]
    assert order == sorted(order)
    assert number(groups[0]["cells"][1]) >= number(groups[1]["cells"][1]) or order[0] != order[1]


def test_compliant_findings_are_only_counted(capped: bytes, report: AuditReport) -> None:
    parsed = tables(capped)
    assert {g["status"] for g in parsed.groups} <= set(ACTION_STATUSES)
    other = sum(1 for i in report.items for f in i.findings if f.status.value not in ACTION_STATUSES)
    assert f"Konforme und nicht anwendbare Ergebnisse ({other:,})".replace(",", ".") in capped.decode()


def test_rules_labels_and_unknown_tables_cover_all_items(capped: bytes, report: AuditReport, db: Any) -> None:
    full = render_html(report, label_db=db, max_items=0).decode()
    part = capped.decode()
    for section in ("rules-section", "labels-section", "unknown-section", "summary", "inputs"):
        start = f'<section id="{section}">'
        assert part[part.index(start):part.index("</section>", part.index(start))] == \
            full[full.index(start):full.index("</section>", full.index(start))], section


def test_columnar_and_report_paths_give_the_same_bytes(capped: bytes, report: AuditReport, db: Any) -> None:
    assert render_html(report, label_db=db, max_items=CAP) == capped
    assert render_report(report, "html", label_db=db, html_max_items=CAP) == capped
    en = render_html(report, label_db=db, max_items=CAP, lang="en")
    assert en == render_audit_html(Audit(report_table_of(report), report.model_copy(update={"items": []})),
                                   label_db=db, max_items=CAP, lang="en")
    assert b"Large report: " in en and b"need attention" in en


def test_override_lists_every_item_and_finding(result: Audit, report: AuditReport, db: Any) -> None:
    html = render_audit_html(result, label_db=db, max_items=0)
    parsed = tables(html)
    assert len(parsed.items) == len(report.items)
    assert parsed.findings == finding_count(report) == len(list(iter_finding_rows(report, Names(report, db, "de"))))
    assert parsed.groups == [] and b"large-notice" not in html
    assert html == render_html(report, label_db=db, max_items=0)
    # a cap above the number of items: the same, complete report
    assert render_audit_html(result, label_db=db, max_items=len(report.items)) == html
    assert render_audit_html(result, label_db=db, max_items=len(report.items) - 1) != html


def test_default_cap() -> None:
    big = sample_report(n_extra=HTML_MAX_ITEMS)  # 18 + 10,000 items
    html = render_report(big, "html", label_db=FakeLabelDB())
    parsed = tables(html)
    assert len(parsed.items) == HTML_MAX_ITEMS
    assert parsed.notices["items-notice"]["data-hidden"] == str(len(big.items) - HTML_MAX_ITEMS)
    assert len(tables(render_report(big, "html", html_max_items=0)).items) == len(big.items)


def test_small_reports_are_unchanged() -> None:
    rep = sample_report()
    full = render_html(rep, label_db=FakeLabelDB())
    assert render_html(rep, label_db=FakeLabelDB(), max_items=0) == full
    assert render_html(rep, label_db=FakeLabelDB(), max_items=len(rep.items)) == full
    assert b"notice" not in full and b"finding-groups" not in full
    capped = render_html(rep, label_db=FakeLabelDB(), max_items=3)
    assert len(tables(capped).items) == 3


@pytest.mark.parametrize("bad", [-1, 1.5, True])
def test_bad_cap(bad: Any) -> None:
    with pytest.raises(UsageError):
        render_html(sample_report(), max_items=bad)


# --- row lists ------------------------------------------------------------------------------------


def compact(rows: list[int]) -> str:
    places = Places.of(["a.csv"] * len(rows), [None] * len(rows), rows)
    return places.text(np.arange(len(rows), dtype=np.int64))[0]


def test_compact_rows() -> None:
    assert compact([2, 3, 4, 7, 9, 10]) == "2–4, 7, 9–10"
    assert compact([]) == ""
    assert compact([5]) == "5"
    assert compact([5, 5, 6]) == "5, 5–6"  # order kept, nothing dropped


@given(st.lists(st.integers(min_value=1, max_value=60), max_size=40))
def test_compact_rows_round_trip(rows: list[int]) -> None:
    assert expand(compact(rows)) == rows


@given(st.lists(st.tuples(st.integers(0, 2), st.integers(1, 30)), min_size=1, max_size=40), st.data())
def test_places_text_round_trip(rows: list[tuple[int, int]], data: st.DataObject) -> None:
    files = ["x/liste.csv", "y/liste.csv", "b.xlsx"]
    sheets: list[str | None] = [None, None, "Blatt 1"]
    places = Places.of([files[f] for f, _ in rows], [sheets[f] for f, _ in rows], [r for _, r in rows])
    chosen = sorted(set(data.draw(st.lists(st.integers(0, len(rows) - 1), min_size=1))))
    text, ranges = places.text(np.asarray(chosen, dtype=np.int64))
    if len(places.names) == 1:
        assert expand(text) == [rows[i][1] for i in chosen]
    else:
        clash = {0, 1} <= {f for f, _ in rows}  # the same name in two folders: the whole path
        names = {0: "x/liste.csv" if clash else "liste.csv", 1: "y/liste.csv" if clash else "liste.csv",
                 2: "b.xlsx/Blatt 1"}
        assert expand_places(text) == [(names[rows[i][0]], rows[i][1]) for i in chosen]
    assert ranges == text.count(",") + text.count(";") + 1


def test_finding_groups_merge_count_and_order() -> None:
    review = ("rs", "r1", "needs_review", "warning", "prüfen", "", "", None)
    missing = ("rs", "r1", "non_compliant", "error", "fehlt", "", "Fairtrade", "https://x")
    # item 0 has the same finding twice; item 1 has no product group
    entry_items = np.array([0, 0, 1, 2, 3, 3, 4])
    entry_tails = np.array([0, 0, 0, 0, 1, 0, 1])
    places = Places.of(["a.csv"] * 5, [None] * 5, [2, 3, 4, 5, 6])
    groups = finding_groups(entry_items, entry_tails, [review, missing], np.array([0, -1, 0, 0, 0]), ["Kaffee"],
                            places, np.array([1.0, 2.0, 4.0, 8.0, 16.0]))
    assert groups == [
        FindingGroup("non_compliant", ("Kaffee", *missing), 2, 24.0, 3, "5–6", 1),
        FindingGroup("needs_review", ("Kaffee", *review), 3, 13.0, 0, "2, 4–5", 2),
        FindingGroup("needs_review", ("", *review), 1, 2.0, 1, "3", 1),
    ]
    assert finding_groups(np.array([], dtype=np.int64), np.array([], dtype=np.int64), [], np.array([0]), [],
                          places, np.array([1.0])) == []


def test_rows_of_several_files_are_named(db: Any) -> None:
    import pandas as pd

    a = pd.DataFrame({"Bezeichnung": ["Röstkaffee 1 kg", "Kaffeebohnen", "Tee"], "Gesamtpreis": [10.0, 20.0, 5.0]})
    b = pd.DataFrame({"Bezeichnung": ["Kaffee gemahlen", "Bleistift"], "Gesamtpreis": [7.0, 1.0]})
    res = audit([a, b], generated_at=GEN)
    html = render_audit_html(res, label_db=db, max_items=1)
    groups = tables(html).groups
    coffee = [g for g in groups if g["cells"][3] == "Kaffee"]
    assert len(coffee) == 1
    assert coffee[0]["cells"][5] == "<dataframe>: 2–3; <dataframe 2>: 2"
    assert html == render_html(res.report(), label_db=db, max_items=1)


# --- CLI ------------------------------------------------------------------------------------------


@pytest.fixture
def small_csv(tmp_path: Path) -> Path:
    src = tmp_path / "liste.csv"
    src.write_text("Bezeichnung;Menge;Gesamtpreis\nRöstkaffee 1 kg;2;30,00\nKaffeebohnen 1 kg;1;12,00\n"
                   "Granitpflaster grau;100;500,00\nBleistifte;10;5,00\nKaffee gemahlen;3;9,00\n", encoding="utf-8")
    return src


def test_cli_html_max_items(small_csv: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "b.html"
    base = ["check", str(small_csv), "-q", "--generated-at", GEN]
    r = runner.invoke(main, [*base, "-o", str(out)])
    assert r.exit_code == 1, r.output
    full = out.read_bytes()
    assert len(tables(full).items) == 5 and b"large-notice" not in full
    want = audit(small_csv, generated_at=GEN).report()
    expected = tmp_path / "api.html"
    write_report(want, expected, label_db=load_label_db())
    assert full == expected.read_bytes()  # the CLI's html is the library's

    r = runner.invoke(main, [*base, "-o", str(out), "--html-max-items", "2"])
    assert r.exit_code == 1, r.output
    capped = tables(out.read_bytes())
    assert len(capped.items) == 2 and capped.notices["items-notice"]["data-hidden"] == "3"
    action = {i.source.row for i in want.items for f in i.findings if f.status.value in ACTION_STATUSES}
    assert {2, 3, 6} <= action  # the coffee rows
    assert sorted(r for g in capped.groups for r in expand(g["cells"][5])) == sorted(action)

    r = runner.invoke(main, [*base, "--format", "html", "--html-max-items", "0"])
    assert r.exit_code == 1
    assert r.stdout_bytes == full

    r = runner.invoke(main, [*base, "-o", str(out), "--html-max-items", "-1"])
    assert r.exit_code == 2
    assert "--html-max-items" in r.output


def test_cli_help_names_the_default() -> None:
    r = CliRunner().invoke(main, ["check", "--help"])
    assert "--html-max-items" in r.output
    assert f"default {HTML_MAX_ITEMS}" in " ".join(r.output.split())


# --- in a browser ---------------------------------------------------------------------------------


@needs_chromium
def test_chromium_shows_the_capped_report(tmp_path: Path, capped: bytes) -> None:
    page = tmp_path / "gross.html"
    page.write_bytes(capped)
    dom = _chromium(["--dump-dom", page.as_uri()], tmp_path / "p1").stdout
    assert f'<span id="shown-n">{CAP}</span>' in dom  # the filter script ran over the listed items
    assert 'id="large-notice"' in dom and "<details>" in dom
    filtered = _chromium(["--dump-dom", page.as_uri() + "#status=non_compliant"], tmp_path / "p2").stdout
    shown = re.search(r'<span id="shown-n">(\d+)</span>', filtered)
    assert shown is not None and 0 < int(shown.group(1)) < CAP
