"""Country lists: their validity against the item's date, their provenance in the report, and the
origin names and codes they are matched with (Kosovo, the DAC-list territories)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from rules_support import StubDB, item, label, table

import fairbuy
from fairbuy.cli import main
from fairbuy.errors import DataError, UsageError
from fairbuy.paths import rules_dir
from fairbuy.reports import render_report
from fairbuy.rules import evaluate_table, load_rulesets, ruleset_ref

AUDIT = dt.date(2026, 11, 21)
NK = "ni-nkernvo-2015"
BESTG = "nrw-bestg-4a"
GEN = ["--generated-at", "2026-01-15T12:00:00+00:00"]


def _list_file(tmp_path: Path, name: str, list_id: str, countries: str, validity: str = "") -> Path:
    path = tmp_path / name
    path.write_text(f"id: {list_id}\ntitle_de: Liste {name}\ntitle_en: list {name}\ncountries: {countries}\n"
                    f"{validity}sources: ['https://example.org/{name}']\n", encoding="utf-8")
    return path


def _dac_2024(tmp_path: Path) -> Path:
    return _list_file(tmp_path, "dac-2024.yaml", "oecd-dac-list", "[BD, XK, MS, TK, WF, SH]",
                      "valid_from: 2024-01-01\nvalid_to: 2025-12-31\n")


def _shirt(origin: str | None, date: dt.date | None) -> dict[str, Any]:
    return item("Arbeitshemd", "clothing_workwear", origin=origin, date=date, amount=12000.0)


def _finding(res: Any, row: int, ruleset: str) -> dict[str, Any]:
    hits = [f for f in res.table.iloc[row]["findings"] if f["ruleset_id"] == ruleset]
    assert len(hits) == 1
    return hits[0]


class _NoDatesLabel:
    """A label without validity attributes: the evaluator then uses exact dates, not buckets."""

    name = "Nur ein Name"


#: The stub database (labels with validity: dates are bucketed by validity bounds), and one whose
#: labels expose no validity (exact dates): list validity must work on both paths.
DBS = [StubDB(), SimpleNamespace(labels={"x": _NoDatesLabel()}, version="x")]


# -- validity ----------------------------------------------------------------------------------

@pytest.mark.parametrize("db", DBS, ids=["buckets", "exact-dates"])
def test_list_is_used_only_within_its_validity(tmp_path: Path, db: Any) -> None:
    rulesets = load_rulesets([NK, str(_dac_2024(tmp_path))])
    days = [dt.date(2023, 12, 31), dt.date(2024, 1, 1), dt.date(2025, 6, 1), dt.date(2025, 12, 31),
            dt.date(2026, 1, 1), dt.date(2026, 2, 1)]
    rows = [_shirt("BD", d) for d in days] + [_shirt("CH", dt.date(2025, 6, 1)), _shirt("CH", dt.date(2026, 2, 1))]
    res = evaluate_table(table(*rows), rulesets, db, audit_date=AUDIT)
    assert list(res.table["status"]) == [
        "needs_review", "non_compliant", "non_compliant", "non_compliant", "needs_review", "needs_review",
        "not_applicable", "needs_review"]
    for row in (0, 4, 5, 7):
        f = _finding(res, row, NK)
        assert f["status"] == "needs_review"
        assert "Länderliste „Liste dac-2024.yaml“ (oecd-dac-list) gilt vom 2024-01-01 bis 2025-12-31, " \
               "nicht am Kaufdatum" in f["message"]
        assert "country list “list dac-2024.yaml” (oecd-dac-list) valid from 2024-01-01 to 2025-12-31, " \
               "not on the purchase date" in f["message_en"]
        assert "ist nicht entscheidbar" in f["message"] and "cannot be decided" in f["message_en"]


def test_item_without_date_is_judged_by_the_list_valid_on_the_audit_date(tmp_path: Path) -> None:
    rulesets = load_rulesets([NK, str(_dac_2024(tmp_path))])
    rows = [_shirt("BD", None), _shirt("BD", dt.date(2026, 2, 1)), _shirt("CH", None)]
    inside = evaluate_table(table(*rows), rulesets, StubDB(), audit_date=dt.date(2025, 6, 1))
    assert list(inside.table["status"]) == ["non_compliant", "needs_review", "not_applicable"]
    outside = evaluate_table(table(*rows), rulesets, StubDB(), audit_date=AUDIT)
    assert list(outside.table["status"]) == ["needs_review", "needs_review", "needs_review"]
    undated, dated = _finding(outside, 0, NK), _finding(outside, 1, NK)
    assert "nicht am Prüfdatum (die Position hat kein Kaufdatum)" in undated["message"]
    assert "not on the audit date (the item has no purchase date)" in undated["message_en"]
    # the two items fall on the same validity bucket but must not share the wording
    assert "nicht am Kaufdatum" in dated["message"] and "Prüfdatum" not in dated["message"]


def test_unknown_origin_and_a_stale_list_names_both(tmp_path: Path) -> None:
    rulesets = load_rulesets([NK, str(_dac_2024(tmp_path))])
    res = evaluate_table(table(_shirt(None, dt.date(2026, 2, 1))), rulesets, StubDB(), audit_date=AUDIT)
    f = _finding(res, 0, NK)
    assert f["status"] == "needs_review"
    assert "Herkunft unbekannt" in f["message"] and "gilt vom 2024-01-01 bis 2025-12-31" in f["message"]


def test_risk_list_outside_its_validity_decides_nothing_but_a_certificate_still_counts(tmp_path: Path) -> None:
    risk = _list_file(tmp_path, "risk-2025.yaml", "nrw-bestg-risk-countries", "[CN, IN]", "valid_to: 2025-12-31\n")
    rulesets = load_rulesets([BESTG, str(risk)])
    stone = "Grabstein Granit"
    rows = [item(stone, "gravestones", origin="PT", date=dt.date(2025, 5, 1)),
            item(stone, "gravestones", origin="CN", date=dt.date(2025, 5, 1)),
            item(stone, "gravestones", origin="PT", date=dt.date(2026, 5, 1)),
            item(stone, "gravestones", origin="CN", date=dt.date(2026, 5, 1)),
            item(stone, "gravestones", origin="CN", date=dt.date(2026, 5, 1), labels=[label("xertifix-plus")])]
    res = evaluate_table(table(*rows), rulesets, StubDB(), audit_date=AUDIT)
    assert list(res.table["status"]) == ["compliant", "non_compliant", "needs_review", "needs_review", "compliant"]
    f = _finding(res, 2, BESTG)
    assert "Ob die Herkunft PT ein Risikoland ist (CN, IN), ist nicht entscheidbar" in f["message"]
    assert "(nrw-bestg-risk-countries) gilt bis 2025-12-31, nicht am Kaufdatum" in f["message"]
    assert "(nrw-bestg-risk-countries) valid until 2025-12-31, not on the purchase date" in f["message_en"]


_OWN_RULES = """\
id: musterstadt
version: "1"
title_de: Musterstadt
title_en: Sample town
jurisdiction: Musterstadt
legal_nature: council resolution
sources: ["https://example.org/musterstadt"]
lists:
  - id: fokus
    title_de: Fokusländer
    title_en: focus countries
    countries: [BD, IN]
    valid_from: 2025-01-01
    sources: ["https://example.org/fokus"]
rules:
  - id: kleidung
    title: {de: Kleidung, en: Clothing}
    requirement: {de: Sozialsiegel, en: a social label}
    applies_to:
      product_groups: [clothing_workwear]
      origin_in: {lists: [fokus]}
      unknown_origin: not_applicable
    satisfied_by:
      - step: label_or_equivalent
        labels: [gots]
"""


def test_stale_list_gives_needs_review_whatever_unknown_origin_says(tmp_path: Path) -> None:
    own = tmp_path / "musterstadt.yaml"
    own.write_text(_OWN_RULES, encoding="utf-8")
    rows = [item("Hemd", "clothing_workwear", origin="BD", date=dt.date(2025, 3, 1)),
            item("Hemd", "clothing_workwear", origin="BD", date=dt.date(2024, 3, 1)),
            item("Hemd", "clothing_workwear", origin=None, date=dt.date(2024, 3, 1))]
    res = evaluate_table(table(*rows), load_rulesets([str(own)]), StubDB(), audit_date=AUDIT)
    # unknown_origin: not_applicable is about a missing origin; a known origin and a list that is
    # not valid yet cannot be decided
    assert list(res.table["status"]) == ["non_compliant", "needs_review", "not_applicable"]
    assert "(fokus) gilt ab 2025-01-01, nicht am Kaufdatum" in _finding(res, 1, "musterstadt")["message"]


def test_list_dates_must_be_in_order(tmp_path: Path) -> None:
    bad = _list_file(tmp_path, "bad.yaml", "oecd-dac-list", "[BD]", "valid_from: 2026-01-01\nvalid_to: 2025-12-31\n")
    with pytest.raises(DataError, match="valid_to is before valid_from"):
        load_rulesets([NK, str(bad)])


# -- provenance --------------------------------------------------------------------------------

def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _csv(tmp_path: Path, *origins: str) -> Path:
    src = tmp_path / "einkauf.csv"
    src.write_text("Bezeichnung;Menge;Gesamtpreis netto;Herkunftsland;Datum\n"
                   + "".join(f"Arbeitshemd Baumwolle;500;12000;{o};2025-03-01\n" for o in origins),
                   encoding="utf-8")
    return src


def _check(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["check", *args])
    return result.exit_code, result.stdout, result.stderr


def test_report_records_the_shipped_list_and_rule_set_with_their_hashes(tmp_path: Path) -> None:
    code, out, err = _check([str(_csv(tmp_path, "Bangladesch")), "--rules", NK, "--format", "json", "-q", *GEN])
    assert code == 0, err
    (rs,) = json.loads(out)["rulesets"]
    assert rs["id"] == NK and rs["source"] == "shipped" and rs["path"] == f"rules/{NK}.yaml"
    assert rs["sha256"] == _sha(rules_dir() / f"{NK}.yaml")
    assert rs["lists"] == [{"id": "oecd-dac-list", "source": "shipped", "path": "rules/lists/oecd-dac-list.yaml",
                            "sha256": _sha(rules_dir() / "lists" / "oecd-dac-list.yaml"), "replaces": None,
                            "valid_from": None, "valid_to": None}]


def test_report_records_that_a_user_list_replaced_the_shipped_one(tmp_path: Path) -> None:
    dac = _dac_2024(tmp_path)
    code, out, err = _check([str(_csv(tmp_path, "Bangladesch")), "--rules", NK, "--rules", str(dac),
                             "--format", "json", "-q", *GEN])
    assert code == 1, err
    (rs,) = json.loads(out)["rulesets"]
    assert {"id": rs["id"], "version": rs["version"]} == {"id": NK, "version": load_rulesets([NK])[0].version}
    assert rs["lists"] == [{"id": "oecd-dac-list", "source": "file", "path": str(dac), "sha256": _sha(dac),
                            "replaces": "shipped", "valid_from": "2024-01-01", "valid_to": "2025-12-31"}]


def test_html_and_xlsx_show_the_lists_used(tmp_path: Path) -> None:
    dac = _dac_2024(tmp_path)
    report = fairbuy.check(_csv(tmp_path, "Bangladesch"), rules=[NK, str(dac)], audit_date=AUDIT,
                           generated_at="2026-01-15T12:00:00+00:00")
    for lang, replaced in (("de", "ersetzt die mitgelieferte Liste"), ("en", "replaces the shipped list")):
        html = render_report(report, "html", lang=lang).decode()
        section = html[html.index('<section id="inputs">'):]
        assert str(dac) in section and _sha(dac) in section and replaced in section
        assert "2024-01-01 – 2025-12-31" in section and _sha(rules_dir() / f"{NK}.yaml") in section
    book = openpyxl.load_workbook(io.BytesIO(render_report(report, "xlsx", lang="de")))
    cells = [c for row in book.worksheets[0].iter_rows(values_only=True) for c in row if c is not None]
    assert "Verwendete Länderlisten" in cells and _sha(dac) in cells and "2024-01-01 – 2025-12-31" in cells
    assert f"Datei: {dac} (ersetzt die mitgelieferte Liste)" in cells


def test_inline_list_is_recorded_with_its_rule_set_file_and_a_user_file_replaces_it(tmp_path: Path) -> None:
    own = tmp_path / "musterstadt.yaml"
    own.write_text(_OWN_RULES, encoding="utf-8")
    (rs,) = load_rulesets([str(own)])
    ref = ruleset_ref(rs)
    assert (ref.source, ref.path, ref.sha256) == ("file", str(own), _sha(own))
    assert [(c.id, c.source, c.path, c.sha256, c.replaces) for c in ref.lists] == [
        ("fokus", "rule_set", str(own), _sha(own), None)]
    user = _list_file(tmp_path, "fokus-neu.yaml", "fokus", "[BD]")
    (rs,) = load_rulesets([str(own), str(user)])
    assert rs.country_lists["fokus"].countries == ["BD"]  # the file the user gave wins
    assert [(c.source, c.path, c.replaces) for c in ruleset_ref(rs).lists] == [("file", str(user), "rule_set")]


def test_same_list_twice_or_an_unused_list_is_a_usage_error(tmp_path: Path) -> None:
    a = _list_file(tmp_path, "a.yaml", "oecd-dac-list", "[BD]")
    b = _list_file(tmp_path, "b.yaml", "oecd-dac-list", "[BD, IN]")
    with pytest.raises(UsageError, match="country list 'oecd-dac-list' given twice"):
        load_rulesets([NK, str(a), str(b)])
    typo = _list_file(tmp_path, "typo.yaml", "oecd-dac-liste", "[BD]")
    with pytest.raises(UsageError, match=r"'oecd-dac-liste'.*not used by any rule set"):
        load_rulesets([NK, str(typo)])
    code, out, err = _check([str(_csv(tmp_path, "Bangladesch")), "--rules", NK, "--rules", str(typo), *GEN])
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and "not used" in err


# -- origins -----------------------------------------------------------------------------------

def test_dac_territories_and_kosovo_are_recognised_as_origins(tmp_path: Path) -> None:
    origins = ["Kosovo", "XK", "Montserrat", "Tokelau", "Wallis und Futuna", "Wallis and Futuna",
               "St. Helena", "Sankt Helena", "Saint Helena", "Schweiz"]
    src = _csv(tmp_path, *origins)
    code, out, err = _check([str(src), "--rules", NK, "--rules", str(_dac_2024(tmp_path)), "--format", "json",
                             "-q", *GEN])
    assert code == 1, err
    items = json.loads(out)["items"]
    assert [i["origin"] for i in items] == ["XK", "XK", "MS", "TK", "WF", "WF", "SH", "SH", "SH", "CH"]
    assert [i["status"] for i in items] == ["non_compliant"] * 9 + ["not_applicable"]


def test_origin_column_reads_the_names_into_codes() -> None:
    from fairbuy.io.parsing import to_origin

    got = to_origin(pd.Series(["Republik Kosovo", "Kosovo*", "XKX", "MSR", "Tokelau-Inseln", "Wallis & Futuna",
                               "St. Helena, Ascension und Tristan da Cunha", "xk"], dtype=object)).tolist()
    assert got == ["XK", "XK", "XK", "MS", "TK", "WF", "SH", "xk"]


# -- one list for several periods --------------------------------------------------------------
# The OECD DAC list is revised every three years: Nauru (NR) is on the list for 2024 and 2025 and
# leaves it on 2026-01-01, so purchases from 2025 and 2026 checked in one run need both versions.

def _dac_2024_nr(tmp_path: Path) -> Path:
    return _list_file(tmp_path, "dac-2024.yaml", "oecd-dac-list", "[BD, NR, XK, MS, TK, WF, SH]",
                      "valid_from: 2024-01-01\nvalid_to: 2025-12-31\n")


def _dac_2026(tmp_path: Path, validity: str = "valid_from: 2026-01-01\n") -> Path:
    return _list_file(tmp_path, "dac-2026.yaml", "oecd-dac-list", "[BD, XK]", validity)


@pytest.mark.parametrize("db", DBS, ids=["buckets", "exact-dates"])
@pytest.mark.parametrize("order", ["2024-first", "2026-first"])
def test_each_period_of_a_list_decides_its_own_items(tmp_path: Path, db: Any, order: str) -> None:
    files = [str(_dac_2024_nr(tmp_path)), str(_dac_2026(tmp_path))]
    rulesets = load_rulesets([NK, *(files if order == "2024-first" else files[::-1])])
    rows = [_shirt("NR", dt.date(2025, 6, 1)), _shirt("NR", dt.date(2025, 12, 31)), _shirt("NR", dt.date(2026, 1, 1)),
            _shirt("NR", dt.date(2026, 7, 1)), _shirt("BD", dt.date(2025, 6, 1)), _shirt("BD", dt.date(2026, 7, 1)),
            _shirt("CH", dt.date(2026, 7, 1)), _shirt("NR", dt.date(2023, 12, 31))]
    res = evaluate_table(table(*rows), rulesets, db, audit_date=AUDIT)
    assert list(res.table["status"]) == [
        "non_compliant", "non_compliant", "not_applicable", "not_applicable", "non_compliant", "non_compliant",
        "not_applicable", "needs_review"]
    nr_2025, nr_2026 = _finding(res, 0, NK), _finding(res, 3, NK)
    assert nr_2025["status"] == "non_compliant" and "kein nachweis gefunden" in nr_2025["message"].lower()
    # the reason shows the members of the version that decided it
    assert nr_2026["status"] == "not_applicable" and "Herkunft NR: Regel gilt nicht (Länder: BD, XK)" \
        in nr_2026["message"]
    before = _finding(res, 7, NK)
    assert "(oecd-dac-list) gilt vom 2024-01-01 bis 2025-12-31 oder ab 2026-01-01, nicht am Kaufdatum" \
        in before["message"]
    assert "(oecd-dac-list) valid from 2024-01-01 to 2025-12-31 or from 2026-01-01, not on the purchase date" \
        in before["message_en"]


@pytest.mark.parametrize("db", DBS, ids=["buckets", "exact-dates"])
def test_a_date_between_two_periods_needs_review_naming_the_periods(tmp_path: Path, db: Any) -> None:
    later = _dac_2026(tmp_path, "valid_from: 2027-01-01\nvalid_to: 2029-12-31\n")
    rulesets = load_rulesets([NK, str(_dac_2024_nr(tmp_path)), str(later)])
    rows = [_shirt("BD", dt.date(2025, 12, 31)), _shirt("BD", dt.date(2026, 1, 1)), _shirt("CH", dt.date(2026, 12, 31)),
            _shirt("BD", dt.date(2027, 1, 1)), _shirt("BD", dt.date(2030, 1, 1)), _shirt(None, dt.date(2026, 6, 1))]
    res = evaluate_table(table(*rows), rulesets, db, audit_date=AUDIT)
    assert list(res.table["status"]) == ["non_compliant", "needs_review", "needs_review", "non_compliant",
                                         "needs_review", "needs_review"]
    for row in (1, 2):
        f = _finding(res, row, NK)
        # no version's members are shown for a date none covers: the list by its title
        assert f["status"] == "needs_review" and "zu „Liste dac-2026.yaml“ gehört, ist nicht entscheidbar" \
            in f["message"]
        assert "Länderliste „Liste dac-2026.yaml“ (oecd-dac-list) gilt vom 2024-01-01 bis 2025-12-31 oder vom " \
               "2027-01-01 bis 2029-12-31, nicht am Kaufdatum – die Liste für diesen Zeitraum angeben" in f["message"]
        assert "(oecd-dac-list) valid from 2024-01-01 to 2025-12-31 or from 2027-01-01 to 2029-12-31, not on the " \
               "purchase date – give the list for this period" in f["message_en"]
    assert "valid from 2024-01-01 to 2025-12-31 or from 2027-01-01 to 2029-12-31" in _finding(res, 4, NK)["message_en"]
    unknown = _finding(res, 5, NK)  # no origin, and no version for the date: both are said
    assert "Herkunft unbekannt" in unknown["message"] and "oder vom 2027-01-01 bis 2029-12-31" in unknown["message"]


def test_items_without_a_date_use_the_version_valid_on_the_audit_date(tmp_path: Path) -> None:
    rulesets = load_rulesets([NK, str(_dac_2024_nr(tmp_path)), str(_dac_2026(tmp_path))])
    rows = [_shirt("NR", None), _shirt("NR", dt.date(2025, 6, 1)), _shirt("NR", dt.date(2026, 6, 1))]

    def statuses(audit: dt.date) -> list[str]:
        return list(evaluate_table(table(*rows), rulesets, StubDB(), audit_date=audit).table["status"])

    assert statuses(dt.date(2025, 6, 1)) == ["non_compliant", "non_compliant", "not_applicable"]
    assert statuses(dt.date(2026, 11, 21)) == ["not_applicable", "non_compliant", "not_applicable"]
    early = evaluate_table(table(*rows), rulesets, StubDB(), audit_date=dt.date(2023, 6, 1))
    assert list(early.table["status"]) == ["needs_review", "non_compliant", "not_applicable"]
    f = _finding(early, 0, NK)
    assert "gilt vom 2024-01-01 bis 2025-12-31 oder ab 2026-01-01, nicht am Prüfdatum (die Position hat kein " \
           "Kaufdatum)" in f["message"]


def _periods(tmp_path: Path, *validities: str) -> list[str]:
    return [str(_list_file(tmp_path, f"v{i}.yaml", "oecd-dac-list", "[BD]", v)) for i, v in enumerate(validities)]


@pytest.mark.parametrize("validities", [
    ("valid_from: 2024-01-01\nvalid_to: 2026-01-01\n", "valid_from: 2026-01-01\n"),  # one day in common
    ("valid_from: 2024-01-01\nvalid_to: 2025-12-31\n", "valid_from: 2025-06-01\nvalid_to: 2025-07-01\n"),
    ("valid_to: 2025-12-31\n", "valid_to: 2024-12-31\n"),  # both open towards the past
    ("valid_from: 2024-01-01\nvalid_to: 2025-12-31\n", ""),  # a list without dates covers every day
    ("valid_from: 2024-01-01\nvalid_to: 2025-12-31\n", "valid_from: 2026-01-01\n", "valid_from: 2027-01-01\n"),
])
def test_overlapping_periods_of_one_list_are_a_usage_error(tmp_path: Path, validities: tuple[str, ...]) -> None:
    files = _periods(tmp_path, *validities)
    with pytest.raises(UsageError, match=r"country list 'oecd-dac-list' given twice \(.*\): their periods overlap"):
        load_rulesets([NK, *files])
    args = [str(_csv(tmp_path, "Bangladesch")), "--rules", NK]
    for f in files:
        args += ["--rules", f]
    code, out, err = _check([*args, *GEN])
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert f"{files[-2]}, {files[-1]}" in err and "overlap" in err


def test_two_files_of_one_list_without_dates_name_both_files(tmp_path: Path) -> None:
    files = _periods(tmp_path, "", "")
    code, out, err = _check([str(_csv(tmp_path, "Bangladesch")), "--rules", NK, "--rules", files[0],
                             "--rules", files[1], *GEN])
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert f"country list 'oecd-dac-list' given twice ({files[0]}, {files[1]}): neither has valid_from/valid_to" \
        in err


def test_adjacent_and_separate_periods_are_accepted(tmp_path: Path) -> None:
    files = _periods(tmp_path, "valid_from: 2027-01-01\n", "valid_to: 2023-12-31\n",
                     "valid_from: 2024-01-01\nvalid_to: 2025-12-31\n")
    (rs,) = load_rulesets([NK, *files])
    versions = rs.country_list_versions["oecd-dac-list"]
    assert [cl._path for cl in versions] == [files[1], files[2], files[0]]  # ordered by period
    assert rs.country_lists["oecd-dac-list"] is versions[-1]


def _dated_csv(tmp_path: Path, *rows: tuple[str, str]) -> Path:
    src = tmp_path / "einkauf.csv"
    src.write_text("Bezeichnung;Menge;Gesamtpreis netto;Herkunftsland;Datum\n"
                   + "".join(f"Arbeitshemd Baumwolle;500;12000;{o};{d}\n" for o, d in rows), encoding="utf-8")
    return src


def test_report_records_every_version_with_its_file_hash_and_period(tmp_path: Path) -> None:
    old, new = _dac_2024_nr(tmp_path), _dac_2026(tmp_path)
    src = _dated_csv(tmp_path, ("NR", "2025-06-01"), ("NR", "2026-06-01"))
    code, out, err = _check([str(src), "--rules", NK, "--rules", str(new), "--rules", str(old),
                             "--format", "json", "-q", *GEN])
    assert code == 1, err
    report = json.loads(out)
    assert [i["status"] for i in report["items"]] == ["non_compliant", "not_applicable"]
    (rs,) = report["rulesets"]
    assert rs["lists"] == [
        {"id": "oecd-dac-list", "source": "file", "path": str(old), "sha256": _sha(old), "replaces": "shipped",
         "valid_from": "2024-01-01", "valid_to": "2025-12-31"},
        {"id": "oecd-dac-list", "source": "file", "path": str(new), "sha256": _sha(new), "replaces": "shipped",
         "valid_from": "2026-01-01", "valid_to": None}]


def test_html_and_xlsx_show_every_version_of_a_list(tmp_path: Path) -> None:
    old, new = _dac_2024_nr(tmp_path), _dac_2026(tmp_path)
    report = fairbuy.check(_dated_csv(tmp_path, ("NR", "2025-06-01"), ("NR", "2026-06-01")),
                           rules=[NK, str(old), str(new)], audit_date=AUDIT, generated_at="2026-01-15T12:00:00+00:00")
    assert [i.status for i in report.items] == ["non_compliant", "not_applicable"]
    assert [(c.path, c.sha256) for c in report.rulesets[0].lists] == [(str(old), _sha(old)), (str(new), _sha(new))]
    for lang, since in (("de", "ab"), ("en", "from")):
        html = render_report(report, "html", lang=lang).decode()
        section = html[html.index('<section id="inputs">'):]
        for f in (old, new):
            assert str(f) in section and _sha(f) in section
        assert "2024-01-01 – 2025-12-31" in section and f"{since} 2026-01-01" in section
    book = openpyxl.load_workbook(io.BytesIO(render_report(report, "xlsx", lang="de")))
    rows = [[c for c in row if c is not None] for row in book.worksheets[0].iter_rows(values_only=True)]
    listed = [r for r in rows if "oecd-dac-list" in r]
    assert [(r[2], r[3], r[4]) for r in listed] == [
        (f"Datei: {old} (ersetzt die mitgelieferte Liste)", "2024-01-01 – 2025-12-31", _sha(old)),
        (f"Datei: {new} (ersetzt die mitgelieferte Liste)", "ab 2026-01-01", _sha(new))]
