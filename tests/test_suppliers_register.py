"""Reading supplier evidence registers: YAML, CSV, xlsx; German/English headers; typed errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st
from suppliers_helpers import KNOWN_LABELS, write_yaml

from fairbuy.errors import DataError, InputError
from fairbuy.suppliers import load_register, normalise_supplier_name, parse_date
from fairbuy.suppliers.register import header_field, parse_kind

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "register"


def _load(path: Path, **kw: object) -> object:
    return load_register(path, known_label_ids=KNOWN_LABELS, **kw)  # type: ignore[arg-type]


def _summary(path: Path) -> list[tuple[object, ...]]:
    reg = load_register(path, known_label_ids=KNOWN_LABELS)
    return [
        (reg.suppliers[e.supplier].name, reg.suppliers[e.supplier].ids, e.kind, e.label_id,
         e.certificate_number, e.scope_groups, e.valid_from, e.valid_to, e.reference)
        for e in reg.entries
    ]


def test_example_yaml_and_csv_hold_the_same_register() -> None:
    yaml_entries = _summary(EXAMPLES / "lieferanten-nachweise.yaml")
    csv_entries = _summary(EXAMPLES / "lieferanten-nachweise.csv")
    assert len(yaml_entries) == 10
    assert yaml_entries == csv_entries


def test_example_register_suppliers_and_aliases() -> None:
    reg = load_register(EXAMPLES / "lieferanten-nachweise.csv", known_label_ids=KNOWN_LABELS)
    names = [s.name for s in reg.suppliers]
    assert names[0] == "Textil-Import GmbH & Co. KG"
    assert reg.suppliers[0].vat_ids == ("DE811000001",) and reg.suppliers[0].creditor_numbers == ("70412",)
    # rows of one supplier are one supplier
    assert len(reg.suppliers) == 6
    brenner = next(s for s in reg.suppliers if s.name == "Steinmetzbetrieb Brenner")
    assert brenner.aliases == ("Steinmetz Brenner",)
    assert brenner.rows == (10, 11)
    kinds = {e.kind for e in reg.entries}
    assert kinds == {"membership", "certificate", "label", "self_declaration", "other"}


def test_csv_rows_are_physical_lines(tmp_path: Path) -> None:
    path = tmp_path / "reg.csv"
    path.write_text(
        'Supplier,Kind,Label,Valid to,Note\n'
        'Alpha GmbH,membership,wfto,2025-12-31,"two\nlines"\n'
        'Beta AG,certificate,sa8000,31.12.2026,\n',
        encoding="utf-8",
    )
    reg = load_register(path, known_label_ids=KNOWN_LABELS)
    assert [e.row for e in reg.entries] == [2, 4]
    assert reg.entries[1].valid_to == dt.date(2026, 12, 31)
    assert reg.entries[0].note == "two lines"


def test_cp1252_csv_and_header_below_title(tmp_path: Path) -> None:
    path = tmp_path / "reg.csv"
    text = (
        "Nachweisregister Beschaffung 2025;;;\n"
        ";;;\n"
        "Lieferant;Nachweisart;Siegel;Gültig bis\n"
        "Grabmale Süd GmbH;Zertifikat;xertifix;30.06.2025\n"
    )
    path.write_bytes(text.encode("cp1252"))
    reg = load_register(path, known_label_ids=KNOWN_LABELS)
    assert reg.suppliers[0].name == "Grabmale Süd GmbH"
    assert reg.entries[0].row == 4 and reg.entries[0].valid_to == dt.date(2025, 6, 30)


def test_xlsx_register_with_dates_and_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "reg.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Nachweise")
    date_fmt = wb.add_format({"num_format": "dd.mm.yyyy"})
    ws.write_row(0, 0, ["Register 2025"])
    ws.write_row(2, 0, ["Lieferant", "Kreditorennummer", "Nachweisart", "Siegel", "Zertifikats-Nr.",
                        "Geltungsbereich", "Gültig ab", "Gültig bis"])
    ws.write_row(3, 0, ["Textil Import GmbH", 70412, "Mitgliedschaft", "fair-wear-foundation", None,
                        "clothing_workwear; textiles"])
    ws.write_datetime(3, 6, dt.datetime(2024, 1, 1), date_fmt)
    ws.write_datetime(3, 7, dt.datetime(2025, 12, 31), date_fmt)
    ws.write_row(4, 0, ["Naturstein GmbH", None, "Zertifikat", "XertifiX-Plus", "XP-1", "alle", "2024-07-01",
                        "30.06.2025"])
    wb.close()
    reg = load_register(path, known_label_ids=KNOWN_LABELS)
    assert reg.sheet == "Nachweise"
    first, second = reg.entries
    assert first.row == 4 and second.row == 5
    assert reg.suppliers[0].creditor_numbers == ("70412",)
    assert first.valid_from == dt.date(2024, 1, 1) and first.valid_to == dt.date(2025, 12, 31)
    assert first.scope_groups == ("clothing_workwear", "textiles")
    assert second.label_id == "xertifix-plus" and second.scope_groups is None
    assert second.valid_from == dt.date(2024, 7, 1)


def test_english_yaml_with_flat_list_and_german_keys(tmp_path: Path) -> None:
    path = write_yaml(
        tmp_path,
        """
lieferanten:
  - lieferant: Dienstkleidung Schmitz & Co. KG
    ust-idnr: DE811000003
    aliase: Schmitz Dienstkleidung; Schmitz DK
    nachweise:
      - nachweisart: Zertifikat
        siegel: sa8000
        gültig bis: 2026-03-31
        standorte: [Izmir, Bursa]
""",
    )
    reg = load_register(path, known_label_ids=KNOWN_LABELS)
    sup = reg.suppliers[0]
    assert sup.vat_ids == ("DE811000003",)
    assert sup.aliases == ("Schmitz Dienstkleidung", "Schmitz DK")
    entry = reg.entries[0]
    assert entry.kind == "certificate" and entry.sites == "Izmir, Bursa" and entry.row == 7


def test_supplier_without_evidence_keeps_aliases(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, "suppliers:\n  - name: Alpha GmbH\n    aliases: [Alpha]\n")
    reg = load_register(path, known_label_ids=KNOWN_LABELS)
    assert len(reg.suppliers) == 1 and reg.entries == []


def test_kind_defaults_to_label_when_only_a_label_is_given(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, "suppliers:\n  - name: A\n    evidence: [{label: wfto}]\n")
    assert load_register(path, known_label_ids=KNOWN_LABELS).entries[0].kind == "label"


@pytest.mark.parametrize(
    ("entry", "field", "needle"),
    [
        ("{kind: membership, label: fair-wear-foundatoin}", "label", "unknown label"),
        ("{kind: Spende, label: wfto}", "kind", "unknown evidence kind"),
        ("{kind: certificate, valid_to: 31.13.2025}", "valid_to", "not a date"),
        ("{kind: certificate, valid_from: 2025-02-01, valid_to: 2025-01-01}", "valid_to", "before"),
        ("{kind: certificate, scope: [all, coffee]}", "scope", "all"),
        ("{text: irgendwas}", "kind", "without a kind"),
        ("{kind: certificate, colour: red}", "colour", "unknown key"),
        ("{kind: certificate, vat_id: DE1}", "vat_id", "belongs to the supplier"),
    ],
)
def test_yaml_errors_name_file_line_and_field(tmp_path: Path, entry: str, field: str, needle: str) -> None:
    path = write_yaml(tmp_path, f"suppliers:\n  - name: Alpha GmbH\n    evidence:\n      - {entry}\n")
    with pytest.raises(DataError) as info:
        load_register(path, known_label_ids=KNOWN_LABELS)
    err = info.value
    assert err.path == str(path) and err.line == 4 and err.field == field
    assert needle in str(err)
    assert str(path) in str(err) and ":4" in str(err)


def test_csv_error_names_row_and_field(tmp_path: Path) -> None:
    path = tmp_path / "reg.csv"
    path.write_text("Lieferant;Nachweisart;Siegel\nA GmbH;Siegel;wfto\nB GmbH;Siegel;Blauer Hase\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_register(path, known_label_ids=KNOWN_LABELS)
    assert info.value.line == 3 and info.value.field == "label"


def test_unknown_scope_group_with_known_groups(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, "suppliers:\n  - name: A\n    evidence: [{label: wfto, scope: [kaffee]}]\n")
    with pytest.raises(DataError) as info:
        load_register(path, known_label_ids=KNOWN_LABELS, known_groups={"coffee"})
    assert info.value.field == "scope"


@pytest.mark.parametrize(
    ("name", "content", "needle"),
    [
        ("missing.csv", None, "file not found"),
        ("empty.csv", b"", "empty"),
        ("noheader.csv", b"a;b;c\n1;2;3\n", "no header"),
        ("binary.csv", b"\x00\x01\x02abc", "not a text file"),
        ("broken.xlsx", b"not a zip at all", "cannot open"),
        ("reg.pdf", b"%PDF-1.4", "unsupported"),
        ("empty.yaml", b"", "empty"),
        ("noentries.csv", b"Lieferant;Siegel\n", "no entries"),
    ],
)
def test_unreadable_registers_raise_input_error(tmp_path: Path, name: str, content: bytes | None,
                                                needle: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError) as info:
        load_register(path, known_label_ids=KNOWN_LABELS)
    assert info.value.path == str(path) and needle in str(info.value)


def test_invalid_yaml_raises_data_error_with_line(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, "suppliers:\n  - name: A\n    evidence: [\n")
    with pytest.raises(DataError) as info:
        load_register(path, known_label_ids=KNOWN_LABELS)
    assert info.value.line is not None


def test_row_without_supplier(tmp_path: Path) -> None:
    path = tmp_path / "reg.csv"
    path.write_text("Lieferant;Siegel\nA GmbH;wfto\n;sa8000\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_register(path, known_label_ids=KNOWN_LABELS)
    assert info.value.line == 3 and info.value.field == "supplier"


def test_without_any_label_list_slugs_are_accepted(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, "suppliers:\n  - name: A\n    evidence: [{label: Fair Wear Foundation}]\n")
    reg = load_register(path, use_label_db=False)
    assert reg.entries[0].label_id == "fair-wear-foundation"


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Lieferant", "supplier"),
        ("Supplier name", "supplier"),
        ("USt-IdNr.", "vat_id"),
        ("VAT ID", "vat_id"),
        ("Kreditorennummer", "creditor_number"),
        ("Creditor number", "creditor_number"),
        ("Nachweisart", "kind"),
        ("Evidence kind", "kind"),
        ("Siegel", "label"),
        ("Zertifikats-Nr.", "certificate_number"),
        ("Certificate number", "certificate_number"),
        ("Geltungsbereich", "scope"),
        ("Gültig ab", "valid_from"),
        ("Valid from", "valid_from"),
        ("Gültig bis (Datum)", "valid_to"),
        ("Valid until", "valid_to"),
        ("Dokument", "reference"),
        ("Bemerkung", "note"),
        ("Menge", None),
    ],
)
def test_header_names(header: str, field: str | None) -> None:
    assert header_field(header) == field


@pytest.mark.parametrize(
    ("word", "kind"),
    [("Siegel", "label"), ("Mitgliedschaft", "membership"), ("Zertifikat", "certificate"),
     ("Eigenerklärung", "self_declaration"), ("Eigenerklaerung", "self_declaration"),
     ("self-declaration", "self_declaration"), ("Sonstiges", "other"), ("", None)],
)
def test_kind_words(word: str, kind: str | None) -> None:
    assert parse_kind(word) == kind


# ----------------------------------------------------------------------------- properties


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2199, 12, 31)))
def test_parse_date_roundtrips_iso_and_german(day: dt.date) -> None:
    assert parse_date(day.isoformat()) == day
    assert parse_date(day.strftime("%d.%m.%Y")) == day
    assert parse_date(f"{day.day}.{day.month}.{day.year}") == day
    assert parse_date(dt.datetime(day.year, day.month, day.day, 13, 5)) == day


@given(st.text(max_size=30))
def test_parse_date_never_raises_anything_but_value_error(text: str) -> None:
    try:
        result = parse_date(text)
    except ValueError:
        return
    assert result is None or isinstance(result, dt.date)


_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüß", min_size=3, max_size=10)
_FORM = st.sampled_from(["GmbH", "GmbH & Co. KG", "AG", "e.K.", "e.V.", "eG", "OHG", "GbR", "KG", "mbH",
                         "UG (haftungsbeschränkt)", "Ltd.", "S.A.", "B.V.", ""])


@settings(max_examples=200)
@given(st.lists(_WORD, min_size=1, max_size=4), _FORM, st.sampled_from([" ", "-"]))
def test_normalised_name_ignores_legal_form_case_and_hyphens(words: list[str], form: str, sep: str) -> None:
    plain = normalise_supplier_name(" ".join(words))
    if plain != " ".join(words) and not form:
        return  # the words themselves end in something that looks like a legal form
    variant = normalise_supplier_name(f"{sep.join(w.upper() for w in words)} {form}")
    assert variant.replace(" ", "") == plain.replace(" ", "")
    assert normalise_supplier_name(plain) == plain  # idempotent


# ----------------------------------------------------------------------------- label database


def test_label_ids_checked_against_the_label_database(tmp_path: Path) -> None:
    pytest.importorskip("fairbuy.labeldb")
    path = write_yaml(
        tmp_path,
        """
suppliers:
  - name: A GmbH
    evidence:
      - {kind: membership, label: Fair Wear Foundation, scope: [clothing_workwear]}
      - {kind: certificate, label: win-win-fair-stone, scope: [natural_stone]}
      - {kind: certificate, label: SA8000}
""",
    )
    reg = load_register(path)
    assert [e.label_id for e in reg.entries] == ["fair-wear-foundation", "fair-stone", "sa8000"]
    assert reg.entries[2].text.startswith("SA8000")  # the label's name when no text is given


@pytest.mark.parametrize(
    ("evidence", "field"),
    [("{kind: membership, label: fair-wear-foundatoin}", "label"),
     ("{kind: membership, label: wfto, scope: [kaffee]}", "scope")],
)
def test_label_database_rejects_unknown_ids_and_groups(tmp_path: Path, evidence: str, field: str) -> None:
    pytest.importorskip("fairbuy.labeldb")
    path = write_yaml(tmp_path, f"suppliers:\n  - name: A GmbH\n    evidence:\n      - {evidence}\n")
    with pytest.raises(DataError) as info:
        load_register(path)
    assert info.value.line == 4 and info.value.field == field


def test_examples_validate_against_the_label_database() -> None:
    pytest.importorskip("fairbuy.labeldb")
    for name in ("lieferanten-nachweise.yaml", "lieferanten-nachweise.csv"):
        assert len(load_register(EXAMPLES / name).entries) == 10


_NAME_CHARS = st.characters(whitelist_categories=("Lu", "Ll", "Nd"), whitelist_characters=" -&.äöüßÄÖÜ")
_ENTRY = st.fixed_dictionaries(
    {
        "name": st.text(_NAME_CHARS, min_size=1, max_size=25).filter(lambda t: normalise_supplier_name(t) != ""),
        "kind": st.sampled_from(["Siegel", "Mitgliedschaft", "Zertifikat", "Eigenerklärung", "Sonstiges"]),
        "label": st.sampled_from(sorted(KNOWN_LABELS)),
        "valid_from": st.one_of(st.none(), st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31))),
        "days": st.integers(min_value=0, max_value=2000),
        "cert": st.one_of(st.none(), st.from_regex(r"[A-Z]{2}-[0-9]{3,6}", fullmatch=True)),
    }
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_ENTRY, min_size=1, max_size=8), st.sampled_from([";", ",", "\t"]))
def test_csv_register_roundtrip(tmp_path_factory: pytest.TempPathFactory, entries: list[dict[str, object]],
                                delimiter: str) -> None:
    import csv as _csv
    import io as _io

    buf = _io.StringIO()
    writer = _csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    writer.writerow(["Lieferant", "Nachweisart", "Siegel", "Zertifikatsnummer", "Gültig ab", "Gültig bis"])
    for e in entries:
        vf = e["valid_from"]
        vt = vf + dt.timedelta(days=e["days"]) if isinstance(vf, dt.date) and isinstance(e["days"], int) else None
        writer.writerow([e["name"], e["kind"], e["label"], e["cert"] or "",
                         vf.strftime("%d.%m.%Y") if isinstance(vf, dt.date) else "",
                         vt.isoformat() if vt else ""])
    path = tmp_path_factory.mktemp("rt") / "reg.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    reg = load_register(path, known_label_ids=KNOWN_LABELS)
    assert len(reg.entries) == len(entries)
    for row, (e, entry) in enumerate(zip(entries, reg.entries, strict=True), start=2):
        assert entry.row == row
        assert entry.label_id == e["label"]
        assert entry.valid_from == e["valid_from"]
        assert entry.certificate_number == e["cert"]
        sup = reg.suppliers[entry.supplier]
        # rows whose names normalise alike form one supplier, named after its first row
        assert normalise_supplier_name(sup.name).replace(" ", "") == normalise_supplier_name(
            str(e["name"])).replace(" ", "")


@pytest.mark.parametrize(
    ("text", "end", "expected"),
    [
        ("12/2025", True, "2025-12-31"),
        ("02.2024", True, "2024-02-29"),
        ("2025-02", False, "2025-02-01"),
        ("2025", True, "2025-12-31"),
        ("2025", False, "2025-01-01"),
        (2026, True, "2026-12-31"),
        (2026.0, False, "2026-01-01"),
    ],
)
def test_month_and_year_dates(text: object, end: bool, expected: str) -> None:
    assert parse_date(text, end=end, excel=True) == dt.date.fromisoformat(expected)


def test_excel_serial_dates() -> None:
    assert parse_date(45657.0, excel=True) == dt.date(2024, 12, 31)
    with pytest.raises(ValueError):
        parse_date(45657.0)


def test_month_dates_in_a_register(tmp_path: Path) -> None:
    path = tmp_path / "reg.csv"
    path.write_text("Lieferant;Siegel;Gültig ab;Gültig bis\nA GmbH;wfto;01/2024;12/2025\n", encoding="utf-8")
    entry = load_register(path, known_label_ids=KNOWN_LABELS).entries[0]
    assert (entry.valid_from, entry.valid_to) == (dt.date(2024, 1, 1), dt.date(2025, 12, 31))


def test_unknown_label_error_suggests_the_closest_id(tmp_path: Path) -> None:
    path = write_yaml(tmp_path, "suppliers:\n  - name: A\n    evidence: [{label: fair-wear-foundatoin}]\n")
    with pytest.raises(DataError, match="did you mean 'fair-wear-foundation'"):
        load_register(path, known_label_ids=KNOWN_LABELS)


def test_a_conjunction_that_is_the_whole_name_is_kept() -> None:
    """"AND GmbH", "UND GmbH" and "Firma GmbH" are names, not a legal form with a dropped word
    (they would all become "gmbh" and join each other's register entries)."""
    assert normalise_supplier_name("AND GmbH") == "and"
    assert normalise_supplier_name("UND GmbH & Co. KG") == "und"
    assert normalise_supplier_name("Müller und Söhne GmbH") == normalise_supplier_name("Müller & Söhne GmbH")
    assert normalise_supplier_name("and") == "and"
    assert normalise_supplier_name("FIRMA GmbH") == normalise_supplier_name("firma") == "firma"
    assert normalise_supplier_name("Fa. Müller GmbH") == "mueller"
